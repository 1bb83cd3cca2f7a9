//! The example the generator writes (`examples/methods.rs`), chosen by what methods have.
//!
//! The one file written as text rather than tokens: it is read by people, and prettyplease
//! drops `//` comments and blank lines. CI builds and runs it, and `cargo fmt --check` and
//! clippy cover it like hand-written code, so the text cannot drift into invalid Rust
//! unnoticed.

use super::*;

/// A string value that needs escaping in a path or query.
pub(super) const AWKWARD_ID: &str = "my id/1?#ü";

/// A request's required inputs: path parameters and fields the page requires, outside
/// oneofs (lowering folded the method's own "required" into the fields).
fn required<'p>(p: &'p Planned) -> impl Iterator<Item = &'p Input<'p>> {
    p.inputs
        .iter()
        .filter(|i| i.field.required && i.field.oneof.is_none())
}

/// Whether every required input is a single string: the example can pass a literal.
pub(super) fn string_inputs_only(p: &Planned) -> bool {
    required(p)
        .all(|i| i.field.label == Label::Singular && i.field.ty == Type::Scalar(Scalar::String))
}

/// A singular string field of `message` that the example can read back, by JSON name and
/// Rust name.
pub(super) fn readable_string_field(index: &Index, message: &str) -> Option<(String, String)> {
    let msg = index.schema.messages.get(message)?;
    msg.fields
        .iter()
        .find(|f| {
            f.oneof.is_none()
                && f.label == Label::Singular
                && f.ty == Type::Scalar(Scalar::String)
                && f.json_name.chars().all(|c| c.is_ascii_alphanumeric())
                && naming::field_name(&f.json_name) != "unknown_fields"
        })
        .map(|f| (f.json_name.clone(), naming::field_name(&f.json_name)))
}

/// `examples/methods.rs` and the features it needs, or `None` without methods. The methods
/// it shows are chosen by what they have, not by name: the first whose response packs typed
/// messages, and the first with path and query parameters, among those whose required
/// inputs are strings.
pub(crate) fn example(
    index: &Index,
    plan: &Plan,
    opts: &GenerateOptions,
) -> Result<Option<(String, BTreeSet<String>)>, EmitError> {
    // A carried request is built as its message and wrapped; the example shows the plain
    // shape, which most methods have.
    let usable = |p: &&Planned| string_inputs_only(p) && !p.carried();
    let operation = plan
        .methods
        .iter()
        .filter(usable)
        .find(|p| p.packed.iter().any(|k| k.expected.is_some()));
    let listing = plan.methods.iter().filter(usable).find(|p| {
        p.inputs.iter().any(|i| i.place == Place::Path)
            && p.inputs.iter().any(|i| i.place == Place::Query)
    });
    let mut shown: Vec<&Planned> = Vec::new();
    shown.extend(operation);
    if let Some(l) = listing {
        if operation.map(|o| o.key != l.key).unwrap_or(true) {
            shown.push(l);
        }
    }
    if shown.is_empty() {
        let Some(first) = plan.methods.iter().find(usable) else {
            return Ok(None);
        };
        shown.push(first);
    }
    let krate = opts.crate_name.replace('-', "_");
    let mut features = BTreeSet::new();
    features.insert(HTTP_FEATURE.to_string());
    // `use` lines for the request types, aliased when two share a name.
    let mut uses: BTreeMap<String, String> = BTreeMap::new();
    for p in &shown {
        features.extend(p.features());
        let full = p.request_type().to_string();
        if !uses.contains_key(&full) {
            let base = p.type_name(index).to_string();
            let mut name = base.clone();
            let mut n = 2;
            while uses.values().any(|v| *v == name) {
                name = format!("{base}{n}");
                n += 1;
            }
            uses.insert(full, name);
        }
    }
    let mut text = String::new();
    text.push_str(super::super::output::HEADER);
    text.push_str(
        "\n//! Builds requests for documented methods, validates them, turns them into\n\
         //! `http::Request`s, and decodes an operation into the typed metadata and response its\n\
         //! method names.\n\
         //!\n",
    );
    text.push_str(&format!(
        "//! Run with `cargo run -p {} --example {EXAMPLE} --features {}`.\n\n",
        opts.crate_name,
        features.iter().cloned().collect::<Vec<_>>().join(",")
    ));
    let mut lines: Vec<String> = uses
        .iter()
        .map(|(full, alias)| {
            let path = index.type_path(full).unwrap_or_default().replacen(
                "crate::",
                &format!("{krate}::"),
                1,
            );
            let last = path.rsplit("::").next().unwrap_or_default();
            if last == alias {
                format!("use {path};\n")
            } else {
                format!("use {path} as {alias};\n")
            }
        })
        .collect();
    lines.push(format!("use {krate}::{{ApiRequest, Hosts}};\n"));
    lines.sort_by_cached_key(|l| use_order(l));
    text.push_str(&lines.concat());
    text.push_str(
        "\nfn main() -> Result<(), Box<dyn std::error::Error>> {\n    \
         // Hosts are the public endpoints unless overridden: `Hosts::new().set(\"api-host\", …)`.\n    \
         let hosts = Hosts::new();\n",
    );
    for (n, p) in shown.iter().enumerate() {
        let m = p.method;
        let var = format!("request_{}", n + 1);
        let ty = &uses[p.request_type()];
        let mut setters = Vec::new();
        for i in required(p) {
            let value = if i.place == Place::Path {
                AWKWARD_ID.to_string()
            } else {
                format!("example-{}", i.field.json_name)
            };
            setters.push(format!(
                ".{}({value:?})",
                naming::setter_name(&i.field.json_name)
            ));
        }
        let optional_query = p.inputs.iter().find(|i| {
            i.place == Place::Query
                && !i.field.required
                && i.field.oneof.is_none()
                && i.field.label == Label::Singular
                && i.field.ty == Type::Scalar(Scalar::String)
        });
        if let Some(q) = optional_query {
            setters.push(format!(
                ".{}({:?})",
                naming::setter_name(&q.field.json_name),
                "a token & more"
            ));
        }
        // As rustfmt lays a chain out: on one line when it fits in 100 columns.
        let head = format!("    let {var} = {ty}::new()");
        let one_line = format!("{head}{};", setters.concat());
        let call = if one_line.chars().count() <= 100 {
            one_line
        } else {
            format!("{head}\n        {};", setters.join("\n        "))
        };
        text.push_str(&format!(
            "\n    // `{}.{}`: ids with `/`, `?`, `#`, spaces or non-ASCII keep the URL's shape.\n\
             {call}\n",
            m.resource, m.name
        ));
        text.push_str(&format!(
            "    if let Err(violations) = {var}.validate() {{\n        \
             println!(\"not valid: {{violations}}\");\n    \
             }}\n    \
             let request = {var}.to_http_request(&hosts)?;\n    \
             println!(\"{{}} {{}}\", request.method(), request.uri());\n    \
             if !request.body().is_empty() {{\n        \
             println!(\"body: {{}}\", String::from_utf8_lossy(request.body()));\n    \
             }}\n"
        ));
    }
    if let Some(op) = operation {
        let ty = &uses[op.request_type()];
        let mut json = serde_json::Map::new();
        let mut checks = String::new();
        for k in &op.packed {
            let Some(expected) = &k.expected else {
                continue;
            };
            let mut packed = serde_json::Map::new();
            packed.insert(
                "@type".into(),
                format!("type.googleapis.com/{expected}").into(),
            );
            let var = k.json.to_snake_case();
            checks.push_str(&format!(
                "    let {var} = {ty}::{}(&operation)?.ok_or(\"no {}\")?;\n",
                k.unpack, k.json
            ));
            match readable_string_field(index, expected) {
                Some((json_name, rust)) => {
                    packed.insert(json_name.clone(), "example".into());
                    checks.push_str(&format!(
                        "    println!(\"{}.{json_name} = {{:?}}\", {var}.{rust});\n    \
                         assert_eq!({var}.{rust}.as_deref(), Some(\"example\"));\n",
                        k.json
                    ));
                }
                None => checks.push_str(&format!("    println!(\"{}: {{{var}:?}}\");\n", k.json)),
            }
            json.insert(k.json.clone(), packed.into());
        }
        let pretty = serde_json::to_string_pretty(&serde_json::Value::Object(json))
            .map_err(|e| EmitError::new(format!("internal error: example JSON: {e}")))?;
        let indented: Vec<String> = pretty
            .lines()
            .enumerate()
            .map(|(i, l)| {
                if i == 0 {
                    l.to_string()
                } else {
                    format!("    {l}")
                }
            })
            .collect();
        text.push_str(&format!(
            "\n    // What `{}.{}` returns: an operation whose packed fields have the types its\n    \
             // page names.\n    \
             let json = r##\"{}\"##;\n    \
             let operation = {ty}::decode_response(json.as_bytes())?;\n{checks}",
            op.method.resource,
            op.method.name,
            indented.join("\n")
        ));
    }
    text.push_str("    Ok(())\n}\n");
    Ok(Some((text, features)))
}

/// The order rustfmt keeps `use` lines in (the example is checked by `cargo fmt`): by path
/// segment, snake_case before CamelCase before UPPER_SNAKE_CASE, names before `{…}` lists.
fn use_order(line: &str) -> Vec<(u8, u8, String)> {
    let path = line
        .trim_start_matches("use ")
        .trim_end_matches(";\n")
        .split(" as ")
        .next()
        .unwrap_or_default();
    path.split("::")
        .map(|seg| {
            let class = if seg.starts_with(char::is_lowercase) {
                0
            } else if seg.chars().any(char::is_lowercase) {
                1
            } else {
                2
            };
            (u8::from(seg.starts_with('{')), class, seg.to_string())
        })
        .collect()
}

/// The `[[example]]` section that keeps the example to the features it needs.
pub(crate) fn example_manifest(features: &BTreeSet<String>) -> String {
    if features.is_empty() {
        return String::new();
    }
    let list: Vec<String> = features.iter().map(|f| format!("{f:?}")).collect();
    format!(
        "\n[[example]]\nname = \"{EXAMPLE}\"\nrequired-features = [{}]\n",
        list.join(", ")
    )
}
