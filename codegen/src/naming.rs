//! Every identifier the emitters produce, one function per kind of name.
//!
//! The rules follow prost where prost has one (module paths, enum prefix stripping), and are
//! total: each function returns a valid Rust identifier for any input the pages can produce,
//! or an error the caller reports. Collisions *between* names are detected by the emitters,
//! which know what shares a namespace.
//!
//! The file passes 600 lines only with its unit tests, kept beside the code; the code is
//! about 430 lines.

use heck::{ToShoutySnakeCase, ToSnakeCase, ToUpperCamelCase};

/// The prefix every Yandex Cloud package shares; it does not become a module.
pub const ROOT_PACKAGE: &str = "yandex.cloud";

/// The operation service's package. What the API says of it and no page can: it serves every
/// service's operations (every service's reference repeats its `Operation.Get` and
/// `Operation.Cancel`, which name no request message, and its `Operation` is what every
/// mutating call returns), so its methods are its own and it is compiled with any service.
pub const OPERATION_PACKAGE: &str = "yandex.cloud.operation";

/// Keywords of any edition (strict, reserved and `gen`): usable only as raw identifiers.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "do", "dyn",
    "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let",
    "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref", "return",
    "static", "struct", "trait", "true", "try", "type", "typeof", "unsafe", "unsized", "use",
    "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers: they get a `_` suffix instead.
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];

/// Names the generated code uses unqualified as path roots (extern crates) or as primitive
/// types. A module of that name would shadow them, so modules that would take one get a `_`
/// suffix instead.
const RESERVED_MODULES: &[&str] = &[
    "alloc",
    "base64",
    "core",
    "serde",
    "serde_json",
    "serde_path_to_error",
    "std",
    "time",
    "bool",
    "char",
    "str",
    "f32",
    "f64",
    "i8",
    "i16",
    "i32",
    "i64",
    "i128",
    "isize",
    "u8",
    "u16",
    "u32",
    "u64",
    "u128",
    "usize",
];

/// Turns a would-be identifier into a valid one: keywords become raw identifiers
/// (`type` → `r#type`); `self`, `Self`, `super` and `crate`, which cannot be raw, get a `_`
/// suffix (`self_`); a leading digit gets a `_` prefix (`1c` → `_1c`).
pub fn escape_ident(name: &str) -> String {
    if NOT_RAW.contains(&name) {
        format!("{name}_")
    } else if KEYWORDS.contains(&name) {
        format!("r#{name}")
    } else if name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("_{name}")
    } else {
        name.to_string()
    }
}

/// Whether `name` (possibly `r#…`) is an identifier the generated code can use: ASCII
/// letters, digits and `_`, not starting with a digit, not `_`; a keyword only as a raw
/// identifier, and `self`, `Self`, `super`, `crate` not even then.
///
/// ASCII only: Rust accepts more (`Größe`), but `is_alphabetic` is not the rule Rust uses
/// (`ª` and `²` differ), the lints on such names would fail the crate's `-D warnings`
/// builds, and no page names anything outside ASCII.
pub fn is_valid_ident(name: &str) -> bool {
    let (raw, bare) = match name.strip_prefix("r#") {
        Some(bare) => (true, bare),
        None => (false, name),
    };
    let mut chars = bare.chars();
    match chars.next() {
        Some(c) if c.is_ascii_alphabetic() || c == '_' => {}
        _ => return false,
    }
    if NOT_RAW.contains(&bare) || (KEYWORDS.contains(&bare) && !raw) {
        return false;
    }
    chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// The identifier without its `r#` marker: what a file is named after.
pub fn unraw(ident: &str) -> &str {
    ident.strip_prefix("r#").unwrap_or(ident)
}

/// The package of a full name: the dotted segments before the first upper-case one
/// (`yandex.cloud.mdb.spqr.v1.SpqrSpec.Router` → `yandex.cloud.mdb.spqr.v1`).
pub fn package_of(full_name: &str) -> String {
    full_name
        .split('.')
        .take_while(|s| !s.starts_with(|c: char| c.is_ascii_uppercase()))
        .collect::<Vec<_>>()
        .join(".")
}

/// A proto full name split at the package boundary: the package is the longest prefix of
/// segments that do not start upper-case; the rest are the parent messages and the name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProtoName<'a> {
    pub package: &'a str,
    /// Enclosing messages' short names, outermost first.
    pub parents: Vec<&'a str>,
    pub name: &'a str,
}

impl<'a> ProtoName<'a> {
    pub fn parse(full: &'a str) -> Result<Self, String> {
        let segments: Vec<&str> = full.split('.').collect();
        if segments.iter().any(|s| s.is_empty()) {
            return Err(format!("`{full}` is not a proto full name"));
        }
        let split = segments
            .iter()
            .position(|s| s.starts_with(|c: char| c.is_uppercase()))
            .ok_or_else(|| format!("`{full}` has no upper-case segment naming a type"))?;
        let package = if split == 0 {
            ""
        } else {
            &full[..segments[..split].iter().map(|s| s.len() + 1).sum::<usize>() - 1]
        };
        Ok(ProtoName {
            package,
            parents: segments[split..segments.len() - 1].to_vec(),
            name: segments[segments.len() - 1],
        })
    }

    /// Full name of the scope the type is declared in (package or parent message).
    pub fn scope(&self) -> String {
        let mut s = self.package.to_string();
        for p in &self.parents {
            if !s.is_empty() {
                s.push('.');
            }
            s.push_str(p);
        }
        s
    }
}

/// Module identifiers of a proto package: the `yandex.cloud.` prefix dropped, each segment a
/// module (`yandex.cloud.mdb.spqr.v1` → `mdb`, `spqr`, `v1`; `google.type` → `google`,
/// `r#type`).
pub fn package_modules(package: &str) -> Vec<String> {
    let rest = if package == ROOT_PACKAGE {
        ""
    } else {
        package
            .strip_prefix(ROOT_PACKAGE)
            .and_then(|r| r.strip_prefix('.'))
            .unwrap_or(package)
    };
    rest.split('.')
        .filter(|s| !s.is_empty())
        .map(module_name)
        .collect()
}

/// A module for a package segment or a message's nested items: snake_case (`SpqrSpec` →
/// `spqr_spec`), keywords raw (`r#type`), and names that would shadow a crate or primitive the
/// generated code uses (`std`, `serde`, `time`, `str`, …) get a `_` suffix.
pub fn module_name(segment: &str) -> String {
    let snake = segment.to_snake_case();
    if RESERVED_MODULES.contains(&snake.as_str()) {
        format!("{snake}_")
    } else {
        escape_ident(&snake)
    }
}

/// A struct, enum or oneof-enum name: UpperCamelCase of the proto short name (`SPQRConfig` →
/// `SpqrConfig`, `MDBPostgreSQL` → `MdbPostgreSql`); `Self` becomes `Self_`.
pub fn type_name(short: &str) -> String {
    let camel = short.to_upper_camel_case();
    if camel.starts_with(|c: char| c.is_ascii_digit()) {
        format!("V{camel}")
    } else {
        escape_ident(&camel)
    }
}

/// The short name of a request type the generator adds for a method (one whose page names
/// no request message, or whose request message other methods share), as the API's protos
/// name theirs: the method's first word, the resource, the method's other words, `Request`
/// (`Backup.Get` → `GetBackupRequest`, `Folder.ListOperations` →
/// `ListFolderOperationsRequest`, `Folder.SetAccessBindings` →
/// `SetFolderAccessBindingsRequest`).
pub fn request_type_name(resource: &str, method: &str) -> String {
    let method = type_name(method);
    let resource = type_name(resource);
    let split = method
        .char_indices()
        .skip(1)
        .find(|(_, c)| c.is_ascii_uppercase())
        .map_or(method.len(), |(i, _)| i);
    format!("{}{resource}{}Request", &method[..split], &method[split..])
}

/// A struct field: snake_case of the JSON name (`folderId` → `folder_id`), keywords raw
/// (`type` → `r#type`), `self`/`super`/`crate` suffixed (`self_`).
pub fn field_name(json_name: &str) -> String {
    escape_ident(&json_name.to_snake_case())
}

/// The proto field name a JSON name comes from, which proto3 JSON parsers must accept as
/// well: the mapping writes `cluster_id` as `clusterId` (drop each `_`, capitalize what
/// follows), so each capital becomes `_` + lower case (`v4CidrBlocks` → `v4_cidr_blocks`).
/// `None` when that is the JSON name itself, or when the JSON name cannot be such an image
/// (it already has a `_` or starts with a capital: a custom `json_name` says nothing of the
/// proto name). A proto name with `_` before a digit (`config_6_2`, printed `config62`)
/// cannot be recovered from the JSON name; the pages show only JSON names.
pub fn proto_field_name(json_name: &str) -> Option<String> {
    if json_name.contains('_') || json_name.starts_with(|c: char| c.is_ascii_uppercase()) {
        return None;
    }
    let mut out = String::with_capacity(json_name.len() + 4);
    for c in json_name.chars() {
        if c.is_ascii_uppercase() {
            out.push('_');
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    (out != json_name).then_some(out)
}

/// The builder method of a field or oneof member: `set_` + snake_case (`set_type`, never raw).
pub fn setter_name(json_name: &str) -> String {
    format!("set_{}", json_name.to_snake_case())
}

/// The struct field holding a oneof: as [`field_name`] of the oneof's name.
pub fn oneof_field_name(oneof: &str) -> String {
    field_name(oneof)
}

/// The enum of a oneof's members: as [`type_name`] of the oneof's name. The emitter appends
/// `Oneof` when that collides with another item of the message's module.
pub fn oneof_enum_name(oneof: &str) -> String {
    type_name(oneof)
}

/// A oneof variant: UpperCamelCase of the member's JSON name.
pub fn oneof_variant_name(json_name: &str) -> String {
    type_name(json_name)
}

/// A name for a oneof, which the pages never give (snake_case): the leading words all member
/// names share (`diskSizeGb`, `diskSizeAuto` → `disk_size`), else the trailing words they
/// share (`weeklyWindow`, `dailyWindow` → `window`), else the members joined with `_or_`
/// (`anytime_or_weekly_maintenance_window`; from four members on, the first and `_or_other`).
pub fn oneof_name<S: AsRef<str>>(members: &[S]) -> String {
    let words: Vec<Vec<String>> = members
        .iter()
        .map(|m| {
            m.as_ref()
                .to_snake_case()
                .split('_')
                .filter(|w| !w.is_empty())
                .map(str::to_string)
                .collect()
        })
        .collect();
    let Some(first) = words.first() else {
        return "choice".to_string();
    };
    if words.len() == 1 {
        return first.join("_");
    }
    let common = |rev: bool| -> Vec<String> {
        let mut n = 0;
        loop {
            let at = |w: &Vec<String>| -> Option<String> {
                if n >= w.len() {
                    None
                } else if rev {
                    Some(w[w.len() - 1 - n].clone())
                } else {
                    Some(w[n].clone())
                }
            };
            let Some(x) = at(first) else { break };
            // A common part must leave every member at least one word of its own.
            if words
                .iter()
                .any(|w| at(w).as_ref() != Some(&x) || w.len() <= n + 1)
            {
                break;
            }
            n += 1;
        }
        let mut part: Vec<String> = if rev {
            first[first.len() - n..].to_vec()
        } else {
            first[..n].to_vec()
        };
        part.retain(|w| !w.is_empty());
        part
    };
    let prefix = common(false);
    if !prefix.is_empty() {
        return prefix.join("_");
    }
    let suffix = common(true);
    if !suffix.is_empty() {
        return suffix.join("_");
    }
    let snakes: Vec<String> = words.iter().map(|w| w.join("_")).collect();
    if snakes.len() <= 3 {
        snakes.join("_or_")
    } else {
        format!("{}_or_other", snakes[0])
    }
}

/// The variant that keeps values this crate does not know.
pub const UNKNOWN_VARIANT: &str = "UnknownValue";

/// Variant names of a proto enum, in value order. Like prost, the enum's SCREAMING_SNAKE name
/// and `_` are stripped from the front of a value (`HEALTH_UNKNOWN` in `Health` → `Unknown`)
/// when what remains does not start with a digit and no other value ends up with the same
/// name; then UpperCamelCase. A name still starting with a digit gets a `V` prefix (`1C` →
/// `V1c`), `Self` and the reserved [`UNKNOWN_VARIANT`] get a `_` suffix. The wire name never
/// changes. Errors when two values still map to one name.
pub fn enum_variant_names(enum_name: &str, values: &[&str]) -> Result<Vec<String>, String> {
    let prefix = format!("{}_", enum_name.to_shouty_snake_case());
    let stripped: Vec<Option<String>> = values
        .iter()
        .map(|v| {
            v.strip_prefix(&prefix)
                .filter(|rest| !rest.is_empty() && !rest.starts_with(|c: char| c.is_ascii_digit()))
                .map(|rest| rest.to_upper_camel_case())
                .filter(|c| !c.is_empty())
        })
        .collect();
    let full: Vec<String> = values.iter().map(|v| v.to_upper_camel_case()).collect();
    let mut names = Vec::with_capacity(values.len());
    for (i, value) in values.iter().enumerate() {
        let clash = |cand: &str| {
            (0..values.len())
                .any(|j| j != i && (stripped[j].as_deref() == Some(cand) || full[j] == cand))
        };
        let camel = match &stripped[i] {
            Some(s) if !clash(s) => s.clone(),
            _ => full[i].clone(),
        };
        if camel.is_empty() {
            return Err(format!(
                "enum `{enum_name}`: value `{value}` gives no identifier"
            ));
        }
        let name = if camel.starts_with(|c: char| c.is_ascii_digit()) {
            format!("V{camel}")
        } else if camel == "Self" || camel == UNKNOWN_VARIANT {
            format!("{camel}_")
        } else {
            camel
        };
        names.push(name);
    }
    for (i, n) in names.iter().enumerate() {
        if let Some(j) = names[..i].iter().position(|m| m == n) {
            return Err(format!(
                "enum `{enum_name}`: values `{}` and `{}` both become variant `{n}`",
                values[j], values[i]
            ));
        }
    }
    Ok(names)
}

/// Words of an UpperCamelCase name, split before an upper-case letter that follows a
/// lower-case letter or digit (clippy's notion, approximately).
fn camel_words(name: &str) -> Vec<&str> {
    let mut words = Vec::new();
    let mut start = 0;
    let mut prev: Option<char> = None;
    for (i, c) in name.char_indices() {
        if c.is_uppercase() && prev.is_some_and(|p| p.is_lowercase() || p.is_ascii_digit()) {
            words.push(&name[start..i]);
            start = i;
        }
        prev = Some(c);
    }
    words.push(&name[start..]);
    words
}

/// Whether `clippy::enum_variant_names` may fire on an enum with these variants: a variant
/// starts or ends with the enum's name, or (three or more variants) all share their first or
/// last word. Errs on the side of allowing.
pub fn variant_names_lint_risk(enum_name: &str, variants: &[String]) -> bool {
    if variants.len() < 3 {
        return false;
    }
    let enum_words = camel_words(enum_name);
    let words: Vec<Vec<&str>> = variants.iter().map(|v| camel_words(v)).collect();
    let repeats_enum = words.iter().any(|w| {
        w.len() > enum_words.len()
            && (w[..enum_words.len()] == enum_words[..]
                || w[w.len() - enum_words.len()..] == enum_words[..])
    });
    let all_multi = words.iter().all(|w| w.len() > 1);
    let same_first = words.iter().all(|w| w.first() == words[0].first());
    let same_last = words.iter().all(|w| w.last() == words[0].last());
    repeats_enum || (all_multi && (same_first || same_last))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn added_request_types_are_verb_resource_rest() {
        assert_eq!(request_type_name("Backup", "Get"), "GetBackupRequest");
        assert_eq!(
            request_type_name("Cluster", "Backup"),
            "BackupClusterRequest"
        );
        assert_eq!(
            request_type_name("Folder", "ListOperations"),
            "ListFolderOperationsRequest"
        );
        assert_eq!(
            request_type_name("Folder", "SetAccessBindings"),
            "SetFolderAccessBindingsRequest"
        );
        assert_eq!(
            request_type_name("ServiceAccount", "updateAccessBindings"),
            "UpdateServiceAccountAccessBindingsRequest"
        );
    }

    #[test]
    fn proto_field_names_invert_the_json_mapping() {
        assert_eq!(proto_field_name("clusterId").as_deref(), Some("cluster_id"));
        assert_eq!(
            proto_field_name("v4CidrBlocks").as_deref(),
            Some("v4_cidr_blocks")
        );
        assert_eq!(
            proto_field_name("internalIpv4AddressSpec").as_deref(),
            Some("internal_ipv4_address_spec")
        );
        // One word, or a name no lower_snake proto name prints as: no second name.
        assert_eq!(proto_field_name("name"), None);
        assert_eq!(proto_field_name("config_6_2"), None);
        assert_eq!(proto_field_name("Name"), None);
    }

    #[test]
    fn keywords_become_raw_or_suffixed() {
        assert_eq!(field_name("type"), "r#type");
        assert_eq!(field_name("async"), "r#async");
        assert_eq!(field_name("gen"), "r#gen");
        assert_eq!(field_name("self"), "self_");
        assert_eq!(field_name("super"), "super_");
        assert_eq!(field_name("crate"), "crate_");
        assert_eq!(type_name("Self"), "Self_");
        assert_eq!(type_name("self"), "Self_");
        assert_eq!(field_name("folderId"), "folder_id");
        assert_eq!(field_name("union"), "union");
        assert_eq!(field_name("1cConfig"), "_1c_config");
        assert_eq!(unraw("r#type"), "type");
        assert_eq!(unraw("v1"), "v1");
    }

    #[test]
    fn identifier_validity() {
        assert!(is_valid_ident("r#type") && is_valid_ident("_1c") && is_valid_ident("a_b"));
        assert!(!is_valid_ident("") && !is_valid_ident("_") && !is_valid_ident("a-b"));
        assert!(!is_valid_ident(&field_name("$$")));
        // Keywords only raw; `self` and friends not even raw.
        assert!(!is_valid_ident("type") && !is_valid_ident("r#self") && !is_valid_ident("r#crate"));
        // Not ASCII: refused, rather than trusting `is_alphabetic` to be Rust's rule.
        assert!(!is_valid_ident("a²") && !is_valid_ident("ªb") && !is_valid_ident("Größe"));
    }

    /// What `is_valid_ident` accepts, syn parses as an identifier (so the emitters'
    /// `Ident::new` never panics and never makes a keyword), for every kind of name.
    #[test]
    fn names_that_pass_the_check_parse_as_rust_identifiers() {
        let mut inputs: Vec<String> = KEYWORDS
            .iter()
            .chain(NOT_RAW)
            .map(|k| k.to_string())
            .collect();
        inputs.extend(KEYWORDS.iter().map(|k| k.to_uppercase()));
        inputs.extend(RESERVED_MODULES.iter().map(|k| k.to_string()));
        for odd in [
            "1C",
            "2_PHASE",
            "_",
            "__",
            "a-b",
            "a.b",
            "a/b",
            "..",
            "",
            "$",
            "x²",
            "ªx",
            "Größe",
            "self_",
            "r#type",
            "UNKNOWN_VALUE",
            "unknownFields",
            "9",
            "_9",
            "A1b2",
            "selfType",
        ] {
            inputs.push(odd.to_string());
        }
        for input in &inputs {
            for name in [
                escape_ident(input),
                field_name(input),
                type_name(input),
                module_name(input),
                setter_name(input),
                oneof_variant_name(input),
            ] {
                if is_valid_ident(&name) {
                    assert!(
                        syn::parse_str::<syn::Ident>(&name).is_ok(),
                        "`{name}` (from `{input}`) passes the check but is no identifier"
                    );
                }
            }
        }
        // Every keyword gives a usable field, type and module name.
        for k in KEYWORDS.iter().chain(NOT_RAW.iter().filter(|k| **k != "_")) {
            for name in [field_name(k), type_name(k), module_name(k)] {
                assert!(is_valid_ident(&name), "`{k}` → `{name}`");
                assert!(
                    syn::parse_str::<syn::Ident>(&name).is_ok(),
                    "`{k}` → `{name}`"
                );
            }
        }
    }

    #[test]
    fn digit_leading_and_reserved_enum_values_get_names_and_keep_wire_names() {
        let names = enum_variant_names(
            "Mode",
            &[
                "MODE_UNSPECIFIED",
                "1C",
                "2_PHASE",
                "SELF",
                "TYPE",
                "UNKNOWN_VALUE",
                "MODE_3D",
            ],
        )
        .unwrap();
        assert_eq!(
            names,
            [
                "Unspecified",
                "V1c",
                "V2Phase",
                "Self_",
                "Type",
                "UnknownValue_",
                "Mode3d"
            ]
        );
        for n in &names {
            assert!(syn::parse_str::<syn::Ident>(n).is_ok(), "{n}");
        }
    }

    #[test]
    fn setters_are_never_raw() {
        assert_eq!(setter_name("type"), "set_type");
        assert_eq!(setter_name("self"), "set_self");
        assert_eq!(setter_name("folderId"), "set_folder_id");
    }

    #[test]
    fn type_names_are_upper_camel() {
        assert_eq!(type_name("SPQRConfig"), "SpqrConfig");
        assert_eq!(type_name("MDBPostgreSQL"), "MdbPostgreSql");
        assert_eq!(type_name("Cluster"), "Cluster");
        assert_eq!(type_name("PostgresqlConfig12"), "PostgresqlConfig12");
        assert_eq!(
            oneof_variant_name("weeklyMaintenanceWindow"),
            "WeeklyMaintenanceWindow"
        );
        assert_eq!(oneof_enum_name("policy"), "Policy");
        assert_eq!(oneof_field_name("type"), "r#type");
    }

    #[test]
    fn proto_names_split_at_the_package() {
        let n = ProtoName::parse("yandex.cloud.mdb.spqr.v1.SpqrSpec.Router").unwrap();
        assert_eq!(n.package, "yandex.cloud.mdb.spqr.v1");
        assert_eq!(n.parents, vec!["SpqrSpec"]);
        assert_eq!(n.name, "Router");
        assert_eq!(n.scope(), "yandex.cloud.mdb.spqr.v1.SpqrSpec");
        let n = ProtoName::parse("google.rpc.Status").unwrap();
        assert_eq!((n.package, n.name), ("google.rpc", "Status"));
        assert_eq!(n.scope(), "google.rpc");
        let n = ProtoName::parse("Bare").unwrap();
        assert_eq!((n.package, n.name), ("", "Bare"));
        assert!(ProtoName::parse("yandex.cloud.mdb").is_err());
        assert!(ProtoName::parse("yandex..X").is_err());
    }

    #[test]
    fn packages_become_modules() {
        assert_eq!(
            package_modules("yandex.cloud.mdb.spqr.v1"),
            ["mdb", "spqr", "v1"]
        );
        assert_eq!(package_modules("yandex.cloud.operation"), ["operation"]);
        assert_eq!(package_modules("google.type"), ["google", "r#type"]);
        assert_eq!(package_modules("google.rpc"), ["google", "rpc"]);
        assert!(package_modules("yandex.cloud").is_empty());
        assert_eq!(package_modules("yandex.cloudy"), ["yandex", "cloudy"]);
    }

    #[test]
    fn modules_avoid_shadowing() {
        assert_eq!(module_name("SpqrSpec"), "spqr_spec");
        assert_eq!(module_name("SPQRConfig"), "spqr_config");
        assert_eq!(module_name("Type"), "r#type");
        assert_eq!(module_name("Std"), "std_");
        assert_eq!(module_name("Time"), "time_");
        assert_eq!(module_name("Str"), "str_");
        assert_eq!(module_name("Serde"), "serde_");
        assert_eq!(module_name("Self"), "self_");
    }

    #[test]
    fn enum_prefixes_are_stripped_like_prost() {
        let v = |e: &str, vals: &[&str]| enum_variant_names(e, vals).unwrap();
        assert_eq!(
            v("Health", &["HEALTH_UNKNOWN", "ALIVE", "DEAD"]),
            ["Unknown", "Alive", "Dead"]
        );
        assert_eq!(
            v("Environment", &["ENVIRONMENT_UNSPECIFIED", "PRODUCTION"]),
            ["Unspecified", "Production"]
        );
        assert_eq!(
            v("TargetSessionAttrs", &["READ_WRITE", "SMART_READ_WRITE"]),
            ["ReadWrite", "SmartReadWrite"]
        );
        // Stripping would leave a digit first: keep the prefix.
        assert_eq!(
            v("Version", &["VERSION_12", "VERSION_13"]),
            ["Version12", "Version13"]
        );
        // Stripping would collide: keep the prefix on both.
        assert_eq!(
            v("Health", &["HEALTH_ALIVE", "ALIVE"]),
            ["HealthAlive", "Alive"]
        );
        // Stripping would leave nothing.
        assert_eq!(v("Mode", &["MODE_", "MODE_ON"]), ["Mode", "On"]);
        // Digits first anyway, and reserved names.
        assert_eq!(v("Edition", &["1C", "2_PC"]), ["V1c", "V2Pc"]);
        assert_eq!(
            v("Kind", &["UNKNOWN_VALUE", "SELF"]),
            ["UnknownValue_", "Self_"]
        );
        assert_eq!(v("SPQRMode", &["SPQR_MODE_FAST"]), ["Fast"]);
    }

    #[test]
    fn enum_collisions_are_errors() {
        let err = enum_variant_names("Kind", &["A_B", "AB", "A__B"]).unwrap_err();
        assert!(err.contains("`A_B`") && err.contains("`A__B`"), "{err}");
    }

    #[test]
    fn oneof_names_are_derived_from_members() {
        assert_eq!(oneof_name(&["diskSizeGb", "diskSizeAuto"]), "disk_size");
        assert_eq!(oneof_name(&["weeklyWindow", "dailyWindow"]), "window");
        assert_eq!(
            oneof_name(&["anytime", "weeklyMaintenanceWindow"]),
            "anytime_or_weekly_maintenance_window"
        );
        assert_eq!(oneof_name(&["a", "b", "c", "d"]), "a_or_other");
        assert_eq!(oneof_name(&["onlyOne"]), "only_one");
        // A shared word must leave each member something of its own.
        assert_eq!(
            oneof_name(&["config", "configSpec"]),
            "config_or_config_spec"
        );
        assert_eq!(oneof_name::<&str>(&[]), "choice");
    }

    #[test]
    fn variant_lint_risk() {
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert!(variant_names_lint_risk(
            "Config",
            &s(&[
                "PostgresqlConfig12",
                "PostgresqlConfig13",
                "PostgresqlConfig14"
            ])
        ));
        assert!(variant_names_lint_risk(
            "Health",
            &s(&["HealthAlive", "Alive", "Dead"])
        ));
        assert!(!variant_names_lint_risk(
            "Health",
            &s(&["Unknown", "Alive", "UnknownValue"])
        ));
        assert!(!variant_names_lint_risk(
            "Policy",
            &s(&["PolicyA", "PolicyB"])
        ));
    }
}
