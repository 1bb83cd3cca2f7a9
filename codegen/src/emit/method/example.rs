//! The example the generator writes (`examples/methods.rs`), chosen by what methods have.
//!
//! The one file written as text rather than tokens: it is read by people, and prettyplease
//! drops `//` comments and blank lines. CI builds and runs it, and `cargo fmt --check` and
//! clippy cover it like hand-written code, so the text cannot drift into invalid Rust
//! unnoticed.

use super::*;

/// A string value that needs escaping in a path or query.
pub(super) const AWKWARD_ID: &str = "my id/1?#ü";

/// Whether every required input is a single string: the example can pass a literal.
pub(super) fn string_inputs_only(p: &Planned) -> bool {
    p.inputs
        .iter()
        .filter(|i| i.required)
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
    opts: &GenerateOptions,
) -> Result<Option<(String, BTreeSet<String>)>, EmitError> {
    let plan = Plan::build(index)?;
    let usable = |p: &&Planned| string_inputs_only(p);
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
    // `use` lines for the resource modules, aliased when two share a name.
    let mut uses: BTreeMap<Vec<String>, String> = BTreeMap::new();
    for p in &shown {
        features.extend(p.features());
        if !uses.contains_key(&p.module) {
            let base = naming::unraw(p.module.last().expect("named")).to_string();
            let mut name = base.clone();
            let mut n = 2;
            while uses.values().any(|v| *v == name) {
                name = format!("{base}_{n}");
                n += 1;
            }
            uses.insert(p.module.clone(), name);
        }
    }
    let mut text = String::new();
    text.push_str(HEADER);
    text.push_str(
        "\n//! Builds requests for documented methods, prints the HTTP call each describes, and\n\
         //! decodes an operation into the typed metadata and response its method names.\n\
         //!\n",
    );
    text.push_str(&format!(
        "//! Run with `cargo run -p {} --example {EXAMPLE}`.\n\n",
        opts.crate_name
    ));
    text.push_str(&format!("use {krate}::http::{{Hosts, Method}};\n"));
    for (module, alias) in &uses {
        let segs: Vec<&str> = module.iter().map(|s| s.as_str()).collect();
        let last = naming::unraw(segs.last().expect("named"));
        if last == alias {
            text.push_str(&format!("use {krate}::{};\n", segs.join("::")));
        } else {
            text.push_str(&format!("use {krate}::{} as {alias};\n", segs.join("::")));
        }
    }
    text.push_str(
        "\nfn main() -> Result<(), Box<dyn std::error::Error>> {\n    \
         // Hosts are the public endpoints unless overridden: `Hosts::new().set(\"api-host\", …)`.\n    \
         let hosts = Hosts::new();\n",
    );
    for (n, p) in shown.iter().enumerate() {
        let m = p.method;
        let var = format!("request_{}", n + 1);
        let ty = format!("{}::{}", uses[&p.module], p.type_name);
        let args: Vec<String> = p
            .inputs
            .iter()
            .filter(|i| i.required)
            .map(|i| {
                if i.place == Place::Path {
                    format!("{AWKWARD_ID:?}")
                } else {
                    format!("{:?}", format!("example-{}", i.field.json_name))
                }
            })
            .collect();
        text.push_str(&format!(
            "\n    // `{}.{}`: ids with `/`, `?`, `#`, spaces or non-ASCII keep the URL's shape.\n",
            m.resource, m.name
        ));
        let call = format!("    let {var} = {ty}::new({})", args.join(", "));
        let optional_query = p.inputs.iter().find(|i| {
            i.place == Place::Query
                && !i.required
                && i.field.label == Label::Singular
                && i.field.ty == Type::Scalar(Scalar::String)
        });
        match optional_query {
            Some(q) => text.push_str(&format!("{call}.{}({:?});\n", q.setter, "a token & more")),
            None => text.push_str(&format!("{call};\n")),
        }
        text.push_str(&format!(
            "    let call = {var}.to_http()?;\n    \
             println!(\"{{}} {{}}\", call.verb, call.url(&hosts));\n    \
             if let Some(body) = call.body_string() {{\n        \
             println!(\"body: {{body}}\");\n    \
             }}\n    \
             match {var}.validate() {{\n        \
             Ok(()) => println!(\"valid\"),\n        \
             Err(violations) => println!(\"not valid: {{violations}}\"),\n    \
             }}\n"
        ));
    }
    if let Some(op) = operation {
        let ty = format!("{}::{}", uses[&op.module], op.type_name);
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
             let operation = {ty}::decode_response(json)?;\n{checks}",
            op.method.resource,
            op.method.name,
            indented.join("\n")
        ));
    }
    text.push_str("    Ok(())\n}\n");
    Ok(Some((text, features)))
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
