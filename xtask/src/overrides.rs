//! Checked-in corrections (`specs/overrides.yaml`) for where the pages and the wire
//! disagree. The wire wins. Every entry carries a one-line reason, and an entry that
//! matches nothing is an error, so a stale correction cannot linger.
//!
//! ```yaml
//! - field: yandex.cloud.mdb.spqr.v1.Host.CPUMetric.used   # message full name + JSON name
//!   type: double            # string bool int32 int64 uint32 uint64 float double bytes
//!                           # timestamp duration field_mask any json
//!                           # message:<full name> enum:<full name>
//!   label: repeated         # optional: singular | repeated | map
//!   add: true               # optional: the pages omit the field; add it
//!   reason: the wire carries a double; the pages say string
//! ```

use crate::diagnostics::Diagnostic;
use crate::page_schema::{is_full_name, PageSchema, FULL_NAME_RULE};
use codegen::schema::{Field, Label, Origin, Scalar, Type};
use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Override {
    pub field: String,
    #[serde(rename = "type")]
    pub ty: String,
    #[serde(default)]
    pub label: Option<String>,
    #[serde(default)]
    pub add: bool,
    pub reason: String,
}

#[derive(Clone, Debug, Default)]
pub struct Overrides {
    pub file: String,
    pub entries: Vec<(Override, u32)>,
}

/// Reads the overrides file; a missing file is an empty list.
pub fn load(file: &str, text: Option<&str>, diags: &mut Vec<Diagnostic>) -> Overrides {
    let mut out = Overrides {
        file: file.to_string(),
        entries: Vec::new(),
    };
    let Some(text) = text else { return out };
    let entries: Vec<Override> = match serde_yaml::from_str::<Option<Vec<Override>>>(text) {
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
    // Lines of the entries, for messages: each entry starts with `- field:`.
    let lines: Vec<u32> = text
        .lines()
        .enumerate()
        .filter(|(_, l)| l.trim_start().starts_with("- "))
        .map(|(i, _)| i as u32 + 1)
        .collect();
    for (i, e) in entries.into_iter().enumerate() {
        let line = lines.get(i).copied().unwrap_or(1);
        if e.reason.trim().is_empty() {
            diags.push(Diagnostic::error(
                file,
                line,
                1,
                "an override needs a reason",
            ));
        }
        if parse_type(&e.ty).is_none() {
            diags.push(Diagnostic::error(
                file,
                line,
                1,
                format!("unknown override type `{}`", e.ty),
            ));
            continue;
        }
        // A type named here becomes a module path like one named on a page, so it obeys
        // the same rule (see `page_schema::is_full_name`).
        if let Some(name) =
            e.ty.strip_prefix("message:")
                .or_else(|| e.ty.strip_prefix("enum:"))
                .filter(|n| !is_full_name(n))
        {
            diags.push(Diagnostic::error(
                file,
                line,
                1,
                format!("`{name}` is not a proto full name: {FULL_NAME_RULE}"),
            ));
            continue;
        }
        if e.label.as_deref().is_some_and(|l| parse_label(l).is_none()) {
            diags.push(Diagnostic::error(
                file,
                line,
                1,
                "label must be singular, repeated or map",
            ));
            continue;
        }
        if e.field.rsplit_once('.').is_none() {
            diags.push(Diagnostic::error(
                file,
                line,
                1,
                "field must be `<message full name>.<jsonName>`",
            ));
            continue;
        }
        out.entries.push((e, line));
    }
    out
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
}
