//! The cross-check of each page's JSON sample against the schema. A sample is a skeleton
//! whose values name kinds (`"string"`, `"boolean"`, `["object"]`); `// …` comment lines
//! are not JSON and are stripped. Every key path of the sample must be a field of the
//! message with a matching kind, and every field of the message must appear in the sample.
//! Disagreements are documentation bugs: they are warnings.

use crate::diagnostics::Diagnostic;
use crate::page_schema::Sample;
use codegen::schema::{Label, Response, Schema, Type};
use serde_json::Value;
use std::collections::BTreeMap;

pub fn check(schema: &Schema, samples: &[(String, Sample)]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (file, s) in samples {
        let text: String = s
            .json
            .lines()
            .filter(|l| !l.trim_start().starts_with("//"))
            .collect::<Vec<_>>()
            .join("\n");
        let value: Value = match serde_json::from_str(&text) {
            Ok(v) => v,
            Err(e) => {
                out.push(Diagnostic::warning(
                    file,
                    s.line,
                    1,
                    format!(
                        "the JSON sample of {} is not JSON once comments are stripped: {e}",
                        s.message
                    ),
                ));
                continue;
            }
        };
        // The page's own types for fields that are `Any` on the wire (an operation's
        // `metadata` and `response`).
        let packed = schema
            .methods
            .iter()
            .filter(|m| &m.origin.file == file)
            .find_map(|m| match &m.response {
                Response::Message { name, packed } if name == &s.message => Some(packed.clone()),
                _ => None,
            })
            .unwrap_or_default();
        let mut found = Vec::new();
        let top = Top {
            packed: &packed,
            omitted: &s.omitted,
        };
        compare(schema, &s.message, &value, "", &top, &mut found, 0);
        for f in found {
            out.push(Diagnostic::warning(file, s.line, 1, f));
        }
    }
    out.sort_by(|a, b| (&a.file, a.line, &a.message).cmp(&(&b.file, b.line, &b.message)));
    out.dedup();
    out
}

fn compare(
    schema: &Schema,
    message: &str,
    v: &Value,
    path: &str,
    top: &Top<'_>,
    out: &mut Vec<String>,
    depth: usize,
) {
    // Recursive messages are shown a few levels deep at most.
    if depth > 32 {
        return;
    }
    let Some(m) = schema.messages.get(message) else {
        return;
    };
    let Value::Object(obj) = v else {
        if v != &Value::String("object".into()) {
            out.push(format!(
                "sample shows `{path}` as {v}, but it is the message {message}"
            ));
        }
        return;
    };
    for (key, val) in obj {
        let here = if path.is_empty() {
            key.clone()
        } else {
            format!("{path}.{key}")
        };
        let Some(f) = m.fields.iter().find(|f| &f.json_name == key) else {
            out.push(format!(
                "sample has `{here}`, which {message} does not document"
            ));
            continue;
        };
        let elem = match (f.label, val) {
            (Label::Repeated, Value::Array(items)) => match items.first() {
                Some(e) => e,
                None => continue,
            },
            (Label::Repeated, other) => {
                out.push(format!(
                    "sample shows `{here}` as {other}, but it is a list"
                ));
                continue;
            }
            (Label::Map, Value::String(s)) if s == "object" => continue,
            (Label::Map, Value::Object(_)) => continue,
            (Label::Map, other) => {
                out.push(format!("sample shows `{here}` as {other}, but it is a map"));
                continue;
            }
            (Label::Singular, Value::Array(_)) => {
                out.push(format!(
                    "sample shows `{here}` as a list, but it is a single value"
                ));
                continue;
            }
            (Label::Singular, v) => v,
        };
        let ty = match top.packed.get(key) {
            Some(inner) => Type::Message(inner.clone()),
            None => f.ty.clone(),
        };
        let none = Top {
            packed: &BTreeMap::new(),
            omitted: &[],
        };
        match &ty {
            Type::Message(inner) => compare(schema, inner, elem, &here, &none, out, depth + 1),
            ty => {
                let want = ty.json_kind();
                if elem.as_str() != Some(want) && !(want == "object" && elem.is_object()) {
                    out.push(format!(
                        "sample shows `{here}` as {elem}, the table as \"{want}\""
                    ));
                }
            }
        }
    }
    for f in &m.fields {
        if !obj.contains_key(&f.json_name) && !top.omitted.contains(&f.json_name) {
            let here = if path.is_empty() {
                f.json_name.clone()
            } else {
                format!("{path}.{}", f.json_name)
            };
            out.push(format!(
                "{message} has `{here}`, which the sample does not show"
            ));
        }
    }
}

/// What holds only at a sample's top level.
struct Top<'a> {
    /// The page's own types for fields that are `Any` on the wire.
    packed: &'a BTreeMap<String, String>,
    /// Fields the sample leaves out by design.
    omitted: &'a [String],
}

#[cfg(test)]
mod tests {
    use crate::pipeline::run_on;

    const PAGE: &str = "# S API, REST: Thing.Get\n\n## HTTP request\n\n```\nGET https://{{ api-host-x }}/v1/things/{id}\n```\n\n## Response {#a.v1.Thing}\n\n```json\n{\n  \"id\": \"string\",\n  // a comment line\n  \"size\": \"integer\",\n  \"extra\": \"string\",\n  \"inner\": {\n    \"on\": \"string\"\n  }\n}\n```\n\n#|\n||Field | Description ||\n|| id | **string** ||\n|| size | **string** (int64) ||\n|| inner | **[Inner](#a.v1.Inner)** ||\n|| tags[] | **string** ||\n|#\n\n## Inner {#a.v1.Inner}\n\n#|\n||Field | Description ||\n|| on | **boolean** ||\n|#\n";

    #[test]
    fn reports_each_kind_of_disagreement() {
        let out = run_on(
            &[("s/Thing/get.md".into(), PAGE.as_bytes().to_vec())],
            ("o.yaml", None),
        );
        assert!(!out.has_errors(), "{:?}", out.diagnostics);
        let msgs: Vec<&str> = out
            .sample_warnings
            .iter()
            .map(|d| d.message.as_str())
            .collect();
        assert_eq!(
            msgs,
            vec![
                "a.v1.Thing has `tags`, which the sample does not show",
                "sample has `extra`, which a.v1.Thing does not document",
                "sample shows `inner.on` as \"string\", the table as \"boolean\"",
                "sample shows `size` as \"integer\", the table as \"string\"",
            ]
        );
        assert!(out
            .sample_warnings
            .iter()
            .all(|d| d.line == 11 && d.file == "s/Thing/get.md"));
    }
}
