//! What the older generation of pages prints differently from the `apiPlayground` one.
//!
//! Two generations of the reference are published side by side, and the pages at hand for
//! one service are not all of one: the `apiPlayground` generation (a front matter with the
//! call's JSON schemas) prints a map field as `**object** (map<**string**, **string**>)`;
//! the older one (`#|` tables, a front matter with `sourcePath` only) prints it as
//! `**string**`, with `"labels": "string"` in its sample. On the wire it is a map
//! (`"labels": {"k": "v"}`), and a `String` field would fail on every real response. Two
//! rules keep it a map:
//!
//! - on an older page, a `**string**` field whose description states constraints for each
//!   key or each value ("The string length in characters for each key must be 1-63.",
//!   "Each value must match the regular expression …") is a `map<string, string>`: only a
//!   map has keys and values (read here, with a warning);
//! - in the merge, a field an older page prints as `string` and another page as a map is the
//!   map ([`map_printed_as_string`], with a warning naming both places).
//!
//! An older page whose map field states no such constraint ("Export labels as `key:value`
//! pairs.") and that no other page documents needs an entry in `overrides.yaml`.

use crate::diagnostics::Diagnostic;
use crate::page_schema::PageSchema;
use codegen::schema::{Field, Label, Scalar, Type};

/// On a page of the older generation, reads a `**string**` field that states constraints
/// for each key or value as the `map<string, string>` it is.
pub fn read_older(page: &mut PageSchema, diags: &mut Vec<Diagnostic>) {
    if page.playground {
        return;
    }
    for m in &mut page.messages {
        for f in &mut m.fields {
            let per_entry = f.constraints.key.is_some() || f.constraints.value.is_some();
            if per_entry && is_plain_string(f) {
                f.label = Label::Map;
                diags.push(Diagnostic::warning(
                    &f.origin.file,
                    f.origin.line,
                    1,
                    format!(
                        "field `{}` of {} is printed `**string**`, as the older generation of pages \
                         prints maps, and states constraints for each key or value: read as \
                         map<string, string>",
                        f.json_name, m.full_name
                    ),
                ));
            }
        }
    }
}

/// Whether two definitions of one field are a map and the `string` an older page prints
/// for it: `Some(true)` when `old` is the map, `Some(false)` when `new` is, `None` when they
/// are not that pair. `older` tells whether a definition comes from an older page.
pub fn map_printed_as_string(
    old: &Field,
    new: &Field,
    older: impl Fn(&Field) -> bool,
) -> Option<bool> {
    let printed = |f: &Field| older(f) && is_plain_string(f);
    if old.label == Label::Map && printed(new) {
        Some(true)
    } else if new.label == Label::Map && printed(old) {
        Some(false)
    } else {
        None
    }
}

fn is_plain_string(f: &Field) -> bool {
    f.label == Label::Singular && f.oneof.is_none() && f.ty == Type::Scalar(Scalar::String)
}

#[cfg(test)]
mod tests {
    use crate::pipeline::run_on;
    use codegen::schema::{Label, Schema};

    /// A page whose response message `Quota` has a `limits` field printed `**string**` with
    /// the description `docs`, of the older generation or with an `apiPlayground`.
    fn quota(docs: &str, playground: bool) -> (Schema, Vec<String>) {
        let front = if playground {
            "---\napiPlayground:\n  - url: https://q.{{ api-host }}/q\n    method: get\n---\n"
        } else {
            "---\neditable: false\nsourcePath: en/_api-ref/q.md\n---\n"
        };
        let text = format!(
            "{front}\n# Q API, REST: Quota.Get\n\n## HTTP request\n\n```\nGET https://q.{{{{ api-host }}}}/q\n```\n\n## Response {{#yandex.cloud.q.v1.Quota}}\n\n#|\n||Field | Description ||\n|| limits | **string**\n\n{docs} ||\n|#\n"
        );
        let out = run_on(
            &[("q/Quota/get.md".to_string(), text.into_bytes())],
            ("overrides.yaml", None),
        );
        let diags = out.diagnostics.iter().map(|d| d.to_string()).collect();
        (out.schema, diags)
    }

    fn label(schema: &Schema) -> Label {
        schema.messages["yandex.cloud.q.v1.Quota"].fields[0].label
    }

    #[test]
    fn an_older_page_alone_reads_a_string_with_constraints_per_key_as_a_map() {
        for docs in [
            "Limits.\nThe string length in characters for each key must be 1-63.",
            "Limits.\nEach value must match the regular expression ` [0-9]+ `.",
        ] {
            let (schema, diags) = quota(docs, false);
            assert_eq!(label(&schema), Label::Map, "{docs}");
            assert_eq!(
                diags,
                ["q/Quota/get.md:18:1: warning: field `limits` of yandex.cloud.q.v1.Quota is printed `**string**`, as the older generation of pages prints maps, and states constraints for each key or value: read as map<string, string>"]
            );
        }
    }

    #[test]
    fn without_that_signal_or_on_a_newer_page_a_string_stays_a_string() {
        // Nothing on the page says it is a map: an override must (see the module docs).
        let (schema, diags) = quota("Limits as `key:value` pairs.", false);
        assert_eq!((label(&schema), diags), (Label::Singular, vec![]));
        // The `apiPlayground` generation prints maps as maps; its strings are strings.
        let (schema, diags) = quota(
            "Limits.\nThe string length in characters for each key must be 1-63.",
            true,
        );
        assert_eq!((label(&schema), diags), (Label::Singular, vec![]));
    }
}
