//! The front-matter schema reader: `apiPlayground` (URL template, HTTP method, JSON
//! schemas of the path, query and body) laid over what the page's tables say.
//!
//! The tables are richer (docs, enum values, nested messages by full name); the front
//! matter has the constraints (`pattern`, `minLength`, `maxProperties`, `default`, …) and
//! `required` lists. Both are used: constraints and `required` are added to the table's
//! fields, and where the two disagree (a property the table lacks, a different kind of
//! value, another URL) a warning says so.

use crate::diagnostics::Diagnostic;
use crate::page::FrontMatter;
use crate::page_schema::{read_url, split_url, PageSchema};
use codegen::schema::{Constraints, Field, Label, Type};
use serde_yaml::{Mapping, Value};
use std::collections::BTreeSet;

pub fn apply(fm: &FrontMatter, ps: &mut PageSchema, diags: &mut Vec<Diagnostic>) {
    let file = ps.file.clone();
    let root: Value = match serde_yaml::from_str(&fm.yaml) {
        Ok(v) => v,
        Err(e) => {
            let (line, col) = e
                .location()
                .map(|l| (fm.line + l.line() as u32 - 1, l.column() as u32))
                .unwrap_or((fm.line, 1));
            diags.push(Diagnostic::error(
                &file,
                line,
                col,
                format!(
                    "front matter is not valid YAML: {}",
                    page_lines(first_line(&e.to_string()), fm.line - 1)
                ),
            ));
            return;
        }
    };
    let Some(pg) = root
        .get("apiPlayground")
        .and_then(Value::as_sequence)
        .and_then(|s| s.first())
    else {
        return;
    };
    ps.playground = true;
    let warn = |diags: &mut Vec<Diagnostic>, msg: String| {
        diags.push(Diagnostic::warning(&file, fm.line, 1, msg));
    };
    let Some(draft) = ps.method.as_mut() else {
        return;
    };
    // URL and verb: the front matter and the HTTP request block must agree.
    if let (Some(url), Some(verb)) = (
        pg.get("url").and_then(Value::as_str),
        pg.get("method").and_then(Value::as_str),
    ) {
        let read = split_url(url).and_then(|(host, path)| {
            let verb = codegen::schema::Verb::parse(verb)?;
            let (host, path) = read_url(&host, &path).ok()?;
            Some((verb, host, path))
        });
        match read {
            Some((verb, host, path)) => {
                let m = &mut draft.method;
                if m.path.is_empty() {
                    m.http_method = verb;
                    m.host = host;
                    m.path = path;
                } else if (m.http_method, m.host.as_str(), m.path.as_str())
                    != (verb, host.as_str(), path.as_str())
                {
                    warn(
                        diags,
                        format!(
                            "front matter says `{verb} {url}`, the HTTP request block `{} {}`; the block is used",
                            m.http_method, m.path
                        ),
                    );
                }
            }
            // The HTTP request block is what the method is read from; the front matter
            // only repeats it, and a page whose block is missing is an error of its own.
            None => warn(
                diags,
                format!(
                    "cannot read the front matter's URL `{url}`; the HTTP request block is used"
                ),
            ),
        }
    }
    let defs = pg
        .get("definitions")
        .and_then(Value::as_mapping)
        .cloned()
        .unwrap_or_default();
    let request = draft.method.request_message.clone();
    let mut seen = BTreeSet::new();
    for part in ["path", "query", "body"] {
        let Some(obj) = pg.get(part).filter(|v| !v.is_null()) else {
            continue;
        };
        match &request {
            Some(req) => apply_message(ps, req, obj, &defs, &mut seen, fm, diags),
            None => {
                let draft = ps.method.as_mut().expect("checked above");
                let fields = if part == "path" {
                    &mut draft.method.path_params
                } else {
                    &mut draft.method.query_params
                };
                apply_fields(&file, fields, obj, fm, diags);
            }
        }
    }
    // The method's own parameter lists are copies of the request's fields.
    if let Some(req) = &request {
        let req_fields = ps
            .messages
            .iter()
            .find(|m| &m.full_name == req)
            .map(|m| m.fields.clone())
            .unwrap_or_default();
        let draft = ps.method.as_mut().expect("checked above");
        for list in [
            &mut draft.method.path_params,
            &mut draft.method.query_params,
        ] {
            for f in list.iter_mut() {
                if let Some(r) = req_fields.iter().find(|r| r.json_name == f.json_name) {
                    *f = r.clone();
                }
            }
        }
    }
}

fn first_line(s: &str) -> &str {
    s.lines().next().unwrap_or(s)
}

/// The YAML parser counts lines from the front matter's first line; the page's reader
/// counts from the page's. Shifts every `line N` in `message` by `offset`, so that
/// "while parsing a flow sequence at line 3" names the page's line like the diagnostic's
/// own position does.
fn page_lines(message: &str, offset: u32) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(i) = rest.find("line ") {
        out.push_str(&rest[..i + 5]);
        rest = &rest[i + 5..];
        let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        if let Ok(n) = rest[..digits].parse::<u32>() {
            out.push_str(&n.saturating_add(offset).to_string());
            rest = &rest[digits..];
        }
    }
    out.push_str(rest);
    out
}

/// Applies a schema object to every copy of message `full` on the page, then follows
/// `$ref`s into `definitions` for nested messages (named by the property's type link).
fn apply_message(
    ps: &mut PageSchema,
    full: &str,
    obj: &Value,
    defs: &Mapping,
    seen: &mut BTreeSet<(String, String)>,
    fm: &FrontMatter,
    diags: &mut Vec<Diagnostic>,
) {
    let file = ps.file.clone();
    let mut nested = Vec::new();
    let mut found = false;
    for m in ps.messages.iter_mut().filter(|m| m.full_name == full) {
        found = true;
        let mut local = Vec::new();
        apply_fields(&file, &mut m.fields, obj, fm, &mut local);
        // The same message may appear twice on a page: report once.
        if diags.iter().all(|d| !local.contains(d)) {
            diags.extend(local);
        }
        for f in &m.fields {
            if let Type::Message(target) = &f.ty {
                nested.push((f.json_name.clone(), target.clone()));
            }
        }
    }
    if !found {
        return;
    }
    let props = obj.get("properties").and_then(Value::as_mapping);
    for (json_name, target) in nested {
        let Some(prop) = props.and_then(|p| p.get(json_name.as_str())) else {
            continue;
        };
        let reference = prop
            .get("$ref")
            .or_else(|| prop.get("items").and_then(|i| i.get("$ref")))
            .or_else(|| prop.get("additionalProperties").and_then(|i| i.get("$ref")))
            .and_then(Value::as_str);
        let Some(def_name) = reference.and_then(|r| r.strip_prefix("#/definitions/")) else {
            continue;
        };
        let Some(def) = defs.get(def_name) else {
            // The tables define the message; the front matter would only have added its
            // constraints.
            diags.push(Diagnostic::warning(
                &file,
                fm.line,
                1,
                format!(
                    "front matter refers to `#/definitions/{def_name}`, which it does not define; the constraints of {target} (`{json_name}`) are not read"
                ),
            ));
            continue;
        };
        if seen.insert((target.clone(), def_name.to_string())) {
            apply_message(ps, &target, def, defs, seen, fm, diags);
        }
    }
}

fn apply_fields(
    file: &str,
    fields: &mut [Field],
    obj: &Value,
    fm: &FrontMatter,
    diags: &mut Vec<Diagnostic>,
) {
    let required: BTreeSet<&str> = obj
        .get("required")
        .and_then(Value::as_sequence)
        .map(|s| s.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let Some(props) = obj.get("properties").and_then(Value::as_mapping) else {
        return;
    };
    for (name, prop) in props {
        let Some(name) = name.as_str() else { continue };
        let Some(field) = fields.iter_mut().find(|f| f.json_name == name) else {
            diags.push(Diagnostic::warning(
                file,
                fm.line,
                1,
                format!("front matter documents a field `{name}` that the page's table lacks"),
            ));
            continue;
        };
        if required.contains(name) {
            field.required = true;
        }
        if prop.get("deprecated").and_then(Value::as_bool) == Some(true) {
            field.deprecated = true;
        }
        if let Some(kind) = prop.get("type").and_then(Value::as_str) {
            if !kind_agrees(kind, field) {
                diags.push(Diagnostic::warning(
                    file,
                    field.origin.line,
                    1,
                    format!(
                        "front matter gives `{name}` the JSON type `{kind}`, the table `{}`",
                        field.shape()
                    ),
                ));
            }
        }
        let mut c = constraints(prop);
        if field.label == Label::Repeated {
            c.value = prop
                .get("items")
                .map(constraints)
                .filter(|c| !c.is_empty())
                .map(Box::new);
        }
        if field.label == Label::Map {
            c.value = prop
                .get("additionalProperties")
                .map(constraints)
                .filter(|c| !c.is_empty())
                .map(Box::new);
            c.key = prop
                .get("propertyNames")
                .map(constraints)
                .filter(|c| !c.is_empty())
                .map(Box::new);
        }
        // The front matter's machine-readable constraints win over what the prose says
        // (prose patterns go through table-cell escaping; `Network/create.md`).
        let prose = std::mem::take(&mut field.constraints);
        merge_constraints(&mut c, prose);
        field.constraints = c;
    }
}

fn constraints(prop: &Value) -> Constraints {
    let num = |k: &str| prop.get(k).and_then(Value::as_u64);
    let int = |k: &str| prop.get(k).and_then(Value::as_i64);
    let text = |v: &Value| match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    };
    Constraints {
        pattern: prop
            .get("pattern")
            .and_then(Value::as_str)
            .map(str::to_string),
        min_length: num("minLength"),
        max_length: num("maxLength"),
        min_items: num("minItems"),
        max_items: num("maxItems"),
        max_properties: num("maxProperties"),
        unique_items: prop.get("uniqueItems").and_then(Value::as_bool) == Some(true),
        minimum: int("minimum"),
        maximum: int("maximum"),
        allowed: prop
            .get("enum")
            .and_then(Value::as_sequence)
            .map(|s| s.iter().filter_map(text).collect())
            .unwrap_or_default(),
        default: prop.get("default").and_then(text),
        key: None,
        value: None,
    }
}

/// Adds what `new` says to `old`, keeping what `old` already had.
pub fn merge_constraints(old: &mut Constraints, new: Constraints) {
    macro_rules! keep {
        ($($f:ident),*) => { $( if old.$f.is_none() { old.$f = new.$f; } )* };
    }
    keep!(
        pattern,
        min_length,
        max_length,
        min_items,
        max_items,
        max_properties,
        minimum,
        maximum,
        default,
        key,
        value
    );
    old.unique_items |= new.unique_items;
    if old.allowed.is_empty() {
        old.allowed = new.allowed;
    }
}

/// Whether a JSON schema `type` fits the table's field.
fn kind_agrees(kind: &str, f: &Field) -> bool {
    match f.label {
        Label::Repeated => kind == "array",
        Label::Map => kind == "object",
        Label::Singular => kind == f.ty.json_kind(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_positions_in_messages_are_page_lines() {
        assert_eq!(
            page_lines(
                "did not find expected ',' at line 4 column 1, while parsing a flow sequence at line 3 column 10",
                1
            ),
            "did not find expected ',' at line 5 column 1, while parsing a flow sequence at line 4 column 10"
        );
        assert_eq!(
            page_lines("no numbers: line x, online", 7),
            "no numbers: line x, online"
        );
        assert_eq!(page_lines("ends at line 4", 1), "ends at line 5");
    }

    #[test]
    fn front_matter_that_only_repeats_the_tables_is_a_warning_when_unreadable() {
        let page = "---\napiPlayground:\n  - url: ftp://nowhere\n    method: get\n    path:\n      type: object\n      properties:\n        part:\n          $ref: '#/definitions/Gone'\n---\n\n# S API, REST: Thing.Get\n\n## HTTP request\n\n```\nGET https://{{ api-host }}/s/v1/things/{part}\n```\n\n## Query parameters {#a.v1.GetThingRequest}\n\n#|\n||Field | Description ||\n|| part | **[Part](#a.v1.Part)** ||\n|#\n\n## Part {#a.v1.Part}\n\n#|\n||Field | Description ||\n|| id | **string** ||\n|#\n";
        let out = crate::pipeline::run_on(
            &[("s/Thing/get.md".to_string(), page.as_bytes().to_vec())],
            ("overrides.yaml", None),
        );
        let diags: Vec<String> = out.diagnostics.iter().map(|d| d.to_string()).collect();
        assert_eq!(
            diags,
            [
                "s/Thing/get.md:2:1: warning: cannot read the front matter's URL `ftp://nowhere`; the HTTP request block is used",
                "s/Thing/get.md:2:1: warning: front matter refers to `#/definitions/Gone`, which it does not define; the constraints of a.v1.Part (`part`) are not read",
            ]
        );
        assert_eq!(out.schema.methods[0].path.as_str(), "/s/v1/things/{part}");
    }

    #[test]
    fn broken_yaml_names_the_page_line_and_column() {
        let fm = FrontMatter {
            yaml: "editable: false\napiPlayground:\n  - url: [unclosed".to_string(),
            line: 2,
        };
        let mut ps = PageSchema {
            file: "p.md".to_string(),
            ..PageSchema::default()
        };
        let mut diags = Vec::new();
        apply(&fm, &mut ps, &mut diags);
        assert_eq!(diags.len(), 1, "{diags:?}");
        let d = &diags[0];
        assert_eq!((d.line, d.col), (5, 1), "{d}");
        assert!(
            d.message
                .ends_with("while parsing a flow sequence at line 4 column 10"),
            "{d}"
        );
    }
}
