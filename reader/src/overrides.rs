//! Checked-in corrections (`specs/overrides.yaml`) for where the pages and the wire
//! disagree. The wire wins. Every entry carries a one-line reason, and an entry that
//! matches nothing (or that the pages already agree with) is an error, so a stale correction
//! cannot linger. Two kinds of entry:
//!
//! ```yaml
//! - field: yandex.cloud.mdb.spqr.v1.Host.CPUMetric.used   # message full name + JSON name
//!   type: double            # string bool int32 int64 uint32 uint64 float double bytes
//!                           # timestamp duration field_mask any json
//!                           # message:<full name> enum:<full name>
//!   label: repeated         # optional: singular | repeated | map
//!   add: true               # optional: the pages omit the field; add it
//!   reason: the wire carries a double; the pages say string
//! - method: yandex.cloud.compute.v1.Instance.Create         # package.Resource.Method
//!   response: yandex.cloud.compute.v1.Instance              # what the operation packs in
//!   metadata: yandex.cloud.compute.v1.CreateInstanceMetadata  # `response` / `metadata`
//!   reason: the page shows a plain object; the operation packs an Instance
//! ```
//!
//! Field entries apply to every page's copy of the message before the merge; method
//! entries to the merged method (a method's package is only known after the merge).

use crate::diagnostics::Diagnostic;
use crate::page_schema::{is_full_name, PageSchema, FULL_NAME_RULE};
use codegen::schema::{Field, Label, Origin, Response, Scalar, Schema, Type};
use serde::Deserialize;
use std::collections::BTreeMap;

/// One entry as written; [`load`] sorts it into a [`FieldOverride`] or a [`PacksOverride`].
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    #[serde(default)]
    field: Option<String>,
    #[serde(rename = "type", default)]
    ty: Option<String>,
    #[serde(default)]
    label: Option<String>,
    #[serde(default)]
    add: bool,
    #[serde(default)]
    method: Option<String>,
    #[serde(default)]
    metadata: Option<String>,
    #[serde(default)]
    response: Option<String>,
    reason: String,
}

/// A field's type (and label) on the wire.
#[derive(Clone, Debug)]
pub struct FieldOverride {
    pub field: String,
    pub ty: String,
    pub label: Option<String>,
    pub add: bool,
    pub reason: String,
}

/// The messages a method's long-running operation packs in its `metadata` and `response`,
/// where the page shows them as a plain object (or names another type).
#[derive(Clone, Debug)]
pub struct PacksOverride {
    /// `package.Resource.Method`.
    pub method: String,
    /// `(operation field, message full name)`: `metadata`, `response` or both.
    pub packs: Vec<(&'static str, String)>,
    pub reason: String,
}

#[derive(Clone, Debug, Default)]
pub struct Overrides {
    pub file: String,
    /// Field entries, with their line.
    pub entries: Vec<(FieldOverride, u32)>,
    /// Method entries, with their line.
    pub packs: Vec<(PacksOverride, u32)>,
}

/// Reads the overrides file; a missing file is an empty list.
pub fn load(file: &str, text: Option<&str>, diags: &mut Vec<Diagnostic>) -> Overrides {
    let mut out = Overrides {
        file: file.to_string(),
        ..Overrides::default()
    };
    let Some(text) = text else { return out };
    let entries: Vec<Entry> = match serde_yaml::from_str::<Option<Vec<Entry>>>(text) {
        Ok(e) => e.unwrap_or_default(),
        Err(e) => {
            let (line, col) = e
                .location()
                .map(|l| (l.line() as u32, l.column() as u32))
                .unwrap_or((1, 1));
            diags.push(Diagnostic::error(
                file,
                line,
                col,
                format!("overrides: {e}"),
            ));
            return out;
        }
    };
    // Lines of the entries, for messages: each entry starts with `- `.
    let lines: Vec<u32> = text
        .lines()
        .enumerate()
        .filter(|(_, l)| l.trim_start().starts_with("- "))
        .map(|(i, _)| i as u32 + 1)
        .collect();
    for (i, e) in entries.into_iter().enumerate() {
        let line = lines.get(i).copied().unwrap_or(1);
        let error = |message: String| Diagnostic::error(file, line, 1, message);
        if e.reason.trim().is_empty() {
            diags.push(error("an override needs a reason".into()));
        }
        match (e.field, e.method) {
            (Some(field), None) => match field_entry(field, e.ty, e.label, e.add, e.reason) {
                Ok(entry) if entry_has_no_packs(&e.metadata, &e.response) => {
                    out.entries.push((entry, line))
                }
                Ok(_) => diags.push(error(
                    "`metadata` and `response` belong to a `method` entry".into(),
                )),
                Err(message) => diags.push(error(message)),
            },
            (None, Some(method)) => {
                if e.ty.is_some() || e.label.is_some() || e.add {
                    diags.push(error(
                        "`type`, `label` and `add` belong to a `field` entry".into(),
                    ));
                    continue;
                }
                match packs_entry(method, e.metadata, e.response, e.reason) {
                    Ok(entry) => out.packs.push((entry, line)),
                    Err(message) => diags.push(error(message)),
                }
            }
            _ => diags.push(error(
                "an override names either a `field` or a `method`".into(),
            )),
        }
    }
    out
}

fn entry_has_no_packs(metadata: &Option<String>, response: &Option<String>) -> bool {
    metadata.is_none() && response.is_none()
}

fn field_entry(
    field: String,
    ty: Option<String>,
    label: Option<String>,
    add: bool,
    reason: String,
) -> Result<FieldOverride, String> {
    let ty = ty.ok_or("a `field` entry needs a `type`")?;
    if parse_type(&ty).is_none() {
        return Err(format!("unknown override type `{ty}`"));
    }
    // A type named here becomes a module path like one named on a page, so it obeys
    // the same rule (see `page_schema::is_full_name`).
    if let Some(name) = ty
        .strip_prefix("message:")
        .or_else(|| ty.strip_prefix("enum:"))
        .filter(|n| !is_full_name(n))
    {
        return Err(format!(
            "`{name}` is not a proto full name: {FULL_NAME_RULE}"
        ));
    }
    if label.as_deref().is_some_and(|l| parse_label(l).is_none()) {
        return Err("label must be singular, repeated or map".into());
    }
    if field.rsplit_once('.').is_none() {
        return Err("field must be `<message full name>.<jsonName>`".into());
    }
    Ok(FieldOverride {
        field,
        ty,
        label,
        add,
        reason,
    })
}

fn packs_entry(
    method: String,
    metadata: Option<String>,
    response: Option<String>,
    reason: String,
) -> Result<PacksOverride, String> {
    let packs: Vec<(&'static str, String)> = [("metadata", metadata), ("response", response)]
        .into_iter()
        .filter_map(|(k, v)| v.map(|v| (k, v)))
        .collect();
    if packs.is_empty() {
        return Err(
            "a `method` entry names what its operation packs: `metadata`, `response` or both"
                .into(),
        );
    }
    if let Some((_, name)) = packs.iter().find(|(_, n)| !is_full_name(n)) {
        return Err(format!(
            "`{name}` is not a proto full name: {FULL_NAME_RULE}"
        ));
    }
    let parts: Vec<&str> = method.rsplitn(3, '.').collect();
    if parts.len() != 3 || parts[..2].iter().any(|p| p.is_empty()) {
        return Err("method must be `<package>.<Resource>.<Method>`".into());
    }
    Ok(PacksOverride {
        method,
        packs,
        reason,
    })
}

fn parse_type(s: &str) -> Option<Type> {
    if let Some(m) = s.strip_prefix("message:") {
        return Some(Type::Message(m.to_string()));
    }
    if let Some(m) = s.strip_prefix("enum:") {
        return Some(Type::Enum(m.to_string()));
    }
    Some(match s {
        "any" => Type::Any,
        "json" => Type::Json,
        other => Type::Scalar(match other {
            "string" => Scalar::String,
            "bool" => Scalar::Bool,
            "int32" => Scalar::Int32,
            "int64" => Scalar::Int64,
            "uint32" => Scalar::Uint32,
            "uint64" => Scalar::Uint64,
            "float" => Scalar::Float,
            "double" => Scalar::Double,
            "bytes" => Scalar::Bytes,
            "timestamp" => Scalar::Timestamp,
            "duration" => Scalar::Duration,
            "field_mask" => Scalar::FieldMask,
            _ => return None,
        }),
    })
}

fn parse_label(s: &str) -> Option<Label> {
    Some(match s {
        "singular" => Label::Singular,
        "repeated" => Label::Repeated,
        "map" => Label::Map,
        _ => return None,
    })
}

/// Applies every override to every page's copy of its message. Returns nothing; reports
/// entries that matched no field (or, with `add`, no message).
pub fn apply(ov: &Overrides, pages: &mut [PageSchema], diags: &mut Vec<Diagnostic>) {
    // Every page's copies of a message, by full name, found once: scanning every page for
    // every entry grew with entries × pages (BENCHMARKS.md, "Quadratic steps found").
    let mut copies: BTreeMap<String, Vec<(usize, usize)>> = BTreeMap::new();
    for (p, page) in pages.iter().enumerate() {
        for (i, m) in page.messages.iter().enumerate() {
            copies.entry(m.full_name.clone()).or_default().push((p, i));
        }
    }
    for (e, line) in &ov.entries {
        let (msg, json) = e.field.rsplit_once('.').expect("checked on load");
        let ty = parse_type(&e.ty).expect("checked on load");
        let label = e.label.as_deref().and_then(parse_label);
        let mut hits = 0;
        for &(p, i) in copies.get(msg).into_iter().flatten() {
            let m = &mut pages[p].messages[i];
            match m.fields.iter_mut().find(|f| f.json_name == json) {
                Some(f) => {
                    f.ty = ty.clone();
                    if let Some(l) = label {
                        f.label = l;
                    }
                    hits += 1;
                }
                None if e.add => {
                    m.fields.push(Field {
                        json_name: json.to_string(),
                        ty: ty.clone(),
                        label: label.unwrap_or(Label::Singular),
                        required: false,
                        deprecated: false,
                        docs: String::new(),
                        oneof: None,
                        constraints: Default::default(),
                        origin: Origin {
                            file: ov.file.clone(),
                            line: *line,
                        },
                    });
                    hits += 1;
                }
                None => {}
            }
        }
        if hits == 0 {
            diags.push(Diagnostic::error(
                &ov.file,
                *line,
                1,
                format!(
                    "override for `{}` matches no field of any page (stale?)",
                    e.field
                ),
            ));
        }
    }
}

/// Applies the method entries to the merged schema: the operation a method returns packs
/// the named messages. An entry is an error when no method has its name, when the method
/// returns no operation-like message (no `google.protobuf.Any` field of that name), when the
/// pages already say the same (stale), or when the named message is defined nowhere.
pub fn apply_packs(ov: &Overrides, schema: &mut Schema, diags: &mut Vec<Diagnostic>) {
    for (e, line) in &ov.packs {
        let error = |message: String| Diagnostic::error(&ov.file, *line, 1, message);
        let Some(method) = schema
            .methods
            .iter_mut()
            .find(|m| format!("{}.{}.{}", m.package, m.resource, m.name) == e.method)
        else {
            diags.push(error(format!(
                "override for method `{}` matches no method of any page (stale?)",
                e.method
            )));
            continue;
        };
        let Response::Message { name, packed } = &mut method.response else {
            diags.push(error(format!(
                "method `{}` returns nothing its operation could pack",
                e.method
            )));
            continue;
        };
        for (part, target) in &e.packs {
            let holds_any = schema.messages.get(name.as_str()).is_some_and(|m| {
                m.fields
                    .iter()
                    .any(|f| f.json_name == *part && f.ty == Type::Any)
            });
            if !holds_any {
                diags.push(error(format!(
                    "`{name}`, the response of `{}`, has no `{part}` to pack a message in",
                    e.method
                )));
            } else if !schema.messages.contains_key(target) {
                diags.push(error(format!(
                    "`{target}` ({part} of `{}`) is defined on no page",
                    e.method
                )));
            } else if packed.get(*part) == Some(target) {
                diags.push(error(format!(
                    "the pages already say `{}` packs `{target}` in its {part} (stale?)",
                    e.method
                )));
            } else {
                packed.insert(part.to_string(), target.clone());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load_errors(text: &str) -> Vec<String> {
        let mut diags = Vec::new();
        let ov = load("specs/overrides.yaml", Some(text), &mut diags);
        assert!(diags.is_empty() || ov.entries.len() < text.matches("- field").count());
        diags.iter().map(|d| d.to_string()).collect()
    }

    #[test]
    fn type_names_in_overrides_are_proto_names() {
        assert_eq!(
            load_errors("- field: a.B.c\n  type: message:../../evil.X\n  reason: r\n"),
            ["specs/overrides.yaml:1:1: error: `../../evil.X` is not a proto full name: dot-separated ASCII identifiers: a package (not `yandex.cloud` alone), then an upper-case type name"]
        );
        assert!(load_errors("- field: a.B.c\n  type: message:a.b.C\n  reason: r\n").is_empty());
    }

    #[test]
    fn broken_overrides_name_their_line() {
        let errors = load_errors("- field: a.B.c\n  type: [oops\n");
        assert_eq!(
            errors,
            ["specs/overrides.yaml:2:9: error: overrides: .[0].type: invalid type: sequence, expected a string at line 2 column 9"]
        );
        assert_eq!(
            load_errors("- field: a.B.c\n  type: string\n  reason: r\n- field: a.B.d\n  type: strin\n  reason: r\n"),
            ["specs/overrides.yaml:4:1: error: unknown override type `strin`"]
        );
    }

    fn pages() -> Vec<PageSchema> {
        let page = "# S API, REST: Thing.Get\n\n## HTTP request\n\n```\nGET https://{{ api-host }}/v1/things/{id}\n```\n\n## Response {#a.v1.Thing}\n\n#|\n||Field | Description ||\n|| id | **string** ||\n|| used | **string** ||\n|#\n";
        let parsed = crate::page::read("s/Thing/get.md", page).expect("reads");
        let mut diags = Vec::new();
        let ps = crate::page_schema::build(&parsed, &mut diags);
        assert!(diags.is_empty(), "{diags:?}");
        vec![ps]
    }

    fn apply_text(text: &str) -> (Vec<PageSchema>, Vec<String>) {
        let mut diags = Vec::new();
        let ov = load("specs/overrides.yaml", Some(text), &mut diags);
        let mut ps = pages();
        apply(&ov, &mut ps, &mut diags);
        (ps, diags.iter().map(|d| d.to_string()).collect())
    }

    #[test]
    fn an_override_corrects_a_field_and_can_add_one() {
        let (ps, errors) = apply_text(
            "- field: a.v1.Thing.used\n  type: double\n  label: repeated\n  reason: the wire says so\n- field: a.v1.Thing.extra\n  type: int64\n  add: true\n  reason: the pages omit it\n",
        );
        assert!(errors.is_empty(), "{errors:?}");
        let fields = &ps[0].messages[0].fields;
        let used = fields.iter().find(|f| f.json_name == "used").unwrap();
        assert_eq!(
            (used.ty.clone(), used.label),
            (Type::Scalar(Scalar::Double), Label::Repeated)
        );
        let extra = fields.iter().find(|f| f.json_name == "extra").unwrap();
        assert_eq!(extra.ty, Type::Scalar(Scalar::Int64));
        assert_eq!(extra.origin.to_string(), "specs/overrides.yaml:5");
    }

    #[test]
    fn a_stale_override_is_an_error_naming_its_entry() {
        let (_, errors) = apply_text(
            "- field: a.v1.Thing.id\n  type: string\n  reason: fine\n- field: a.v1.Thing.gone\n  type: double\n  reason: was fixed on the pages\n",
        );
        assert_eq!(
            errors,
            ["specs/overrides.yaml:4:1: error: override for `a.v1.Thing.gone` matches no field of any page (stale?)"]
        );
    }

    #[test]
    fn an_override_needs_a_reason() {
        let (_, errors) = apply_text("- field: a.v1.Thing.id\n  type: string\n  reason: ' '\n");
        assert_eq!(
            errors,
            ["specs/overrides.yaml:1:1: error: an override needs a reason"]
        );
    }

    /// A method returning an operation whose page shows its metadata and response as plain
    /// objects, and the message the operation really packs.
    fn packs_run(overrides: &str) -> (Schema, Vec<String>) {
        let page = "---\napiPlayground:\n  - url: https://{{ api-host }}/v1/things\n    method: post\n---\n\n# S API, REST: Thing.Create\n\n## HTTP request\n\n```\nPOST https://{{ api-host }}/v1/things\n```\n\n## Response {#yandex.cloud.operation.Operation}\n\n#|\n||Field | Description ||\n|| id | **string** ||\n|| metadata | **object** ||\n|| response | **object** ||\n|#\n\n## Thing {#a.v1.Thing}\n\n#|\n||Field | Description ||\n|| id | **string** ||\n|#\n";
        let out = crate::pipeline::run_on(
            &[("s/Thing/create.md".to_string(), page.as_bytes().to_vec())],
            ("specs/overrides.yaml", Some(overrides)),
        );
        let diags = out.diagnostics.iter().map(|d| d.to_string()).collect();
        (out.schema, diags)
    }

    fn packed(schema: &Schema) -> BTreeMap<String, String> {
        match &schema.methods[0].response {
            Response::Message { packed, .. } => packed.clone(),
            Response::Empty => BTreeMap::new(),
        }
    }

    #[test]
    fn a_method_override_types_what_its_operation_packs() {
        let (schema, diags) = packs_run(
            "- method: a.v1.Thing.Create\n  response: a.v1.Thing\n  reason: the operation packs a Thing\n",
        );
        assert_eq!(diags, Vec::<String>::new());
        assert_eq!(
            packed(&schema),
            BTreeMap::from([("response".to_string(), "a.v1.Thing".to_string())])
        );
        let (schema, _) = packs_run("");
        assert_eq!(packed(&schema), BTreeMap::new());
    }

    #[test]
    fn method_overrides_that_match_nothing_or_name_nothing_are_errors() {
        let (schema, diags) = packs_run(
            "- method: a.v1.Thing.Get\n  response: a.v1.Thing\n  reason: r\n- method: a.v1.Thing.Create\n  metadata: a.v1.CreateThingMetadata\n  reason: r\n- method: a.v1.Thing.Create\n  result: a.v1.Thing\n  reason: r\n",
        );
        assert_eq!(
            diags,
            [
                "specs/overrides.yaml:8:3: error: overrides: .[2]: unknown field `result`, expected one of `field`, `type`, `label`, `add`, `method`, `metadata`, `response`, `reason` at line 8 column 3",
            ]
        );
        assert_eq!(packed(&schema), BTreeMap::new());
        let (_, diags) = packs_run(
            "- method: a.v1.Thing.Get\n  response: a.v1.Thing\n  reason: r\n- method: a.v1.Thing.Create\n  metadata: a.v1.CreateThingMetadata\n  reason: r\n- method: Create\n  response: a.v1.Thing\n  reason: r\n- field: a.v1.Thing.id\n  type: string\n  response: a.v1.Thing\n  reason: r\n",
        );
        assert_eq!(
            diags,
            [
                "specs/overrides.yaml:1:1: error: override for method `a.v1.Thing.Get` matches no method of any page (stale?)",
                "specs/overrides.yaml:4:1: error: `a.v1.CreateThingMetadata` (metadata of `a.v1.Thing.Create`) is defined on no page",
                "specs/overrides.yaml:7:1: error: method must be `<package>.<Resource>.<Method>`",
                "specs/overrides.yaml:10:1: error: `metadata` and `response` belong to a `method` entry",
            ]
        );
    }

    #[test]
    fn a_method_override_the_pages_agree_with_is_stale() {
        let twice = "- method: a.v1.Thing.Create\n  response: a.v1.Thing\n  reason: r\n";
        let (_, diags) = packs_run(&format!("{twice}{twice}"));
        assert_eq!(
            diags,
            ["specs/overrides.yaml:4:1: error: the pages already say `a.v1.Thing.Create` packs `a.v1.Thing` in its response (stale?)"]
        );
    }
}
