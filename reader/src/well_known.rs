//! What the API itself defines for its well-known messages, where no page can say it.
//!
//! The well-known messages are `google.protobuf.*`, `google.rpc.Status`, `google.type.*` and
//! `yandex.cloud.operation.Operation`. Most of what they hold reaches the schema from the
//! pages without help: the `google.protobuf` scalars and wrappers through the type
//! annotations' formats (`date-time`, `duration`, `field-mask`, `int64`), `Struct` and
//! `Value` as `**object**`, and `google.rpc.Status` and `google.type.*` documented with
//! their fields on every page that uses them. What no page can show is a field that is a
//! `google.protobuf.Any`: a page shows the type its own method packs there instead, so two
//! pages of one folder always disagree. Those fields are listed here, so that any folder of
//! pages reads without an overrides file.

use crate::diagnostics::Diagnostic;
use crate::page_schema::PageSchema;
use codegen::schema::{Label, Type};

/// Fields of well-known messages that are a singular `google.protobuf.Any` on the wire:
/// `(message full name, JSON name)`.
pub const ANY_FIELDS: &[(&str, &str)] = &[
    ("yandex.cloud.operation.Operation", "metadata"),
    ("yandex.cloud.operation.Operation", "response"),
];

/// Gives every page's copy of a field in [`ANY_FIELDS`] its wire type. The page's own type
/// is not lost: `page_schema` has already recorded it as the type the method packs there
/// (`MethodDraft::response_field_types`). A page that gives such a field a shape no packed
/// message could have (a scalar, a list) contradicts the API: an error.
pub fn apply(pages: &mut [PageSchema], diags: &mut Vec<Diagnostic>) {
    for page in pages {
        for m in &mut page.messages {
            for (_, json) in ANY_FIELDS.iter().filter(|(msg, _)| *msg == m.full_name) {
                let Some(f) = m.fields.iter_mut().find(|f| f.json_name == *json) else {
                    continue;
                };
                match (f.label, &f.ty) {
                    (Label::Singular, Type::Message(_) | Type::Json | Type::Any) => {
                        f.ty = Type::Any;
                    }
                    _ => diags.push(Diagnostic::error(
                        &f.origin.file,
                        f.origin.line,
                        1,
                        format!(
                            "field `{json}` of {} is {} here, but the API defines it as a google.protobuf.Any",
                            m.full_name,
                            f.shape()
                        ),
                    )),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::run_on;
    use codegen::schema::Response;

    /// A page of `Thing.<method>` returning an operation whose `metadata` and `response`
    /// cells say the given types.
    fn page(method: &str, metadata: &str, response: &str) -> Vec<u8> {
        format!(
            "# S API, REST: Thing.{method}\n\n## HTTP request\n\n```\nPOST https://{{{{ api-host }}}}/s/v1/things:{method}\n```\n\n## Response {{#yandex.cloud.operation.Operation}}\n\n#|\n||Field | Description ||\n|| id | **string** ||\n|| metadata | {metadata} ||\n|| response | {response} ||\n|#\n\n## M {{#yandex.cloud.s.v1.{method}Metadata}}\n\n#|\n||Field | Description ||\n|| thingId | **string** ||\n|#\n\n## Thing {{#yandex.cloud.s.v1.Thing}}\n\n#|\n||Field | Description ||\n|| id | **string** ||\n|#\n"
        )
        .into_bytes()
    }

    #[test]
    fn operation_results_are_any_and_each_method_keeps_its_types() {
        let inputs = [
            (
                "s/Thing/a.md".to_string(),
                page(
                    "A",
                    "**[M](#yandex.cloud.s.v1.AMetadata)**",
                    "**[Thing](#yandex.cloud.s.v1.Thing)**",
                ),
            ),
            (
                "s/Thing/b.md".to_string(),
                page("B", "**[M](#yandex.cloud.s.v1.BMetadata)**", "**object**"),
            ),
        ];
        let out = run_on(&inputs, ("overrides.yaml", None));
        assert!(!out.has_errors(), "{:#?}", out.diagnostics);
        let op = &out.schema.messages["yandex.cloud.operation.Operation"];
        for f in op.fields.iter().filter(|f| f.json_name != "id") {
            assert_eq!(f.ty, Type::Any, "{}", f.json_name);
        }
        let packed: Vec<_> = out
            .schema
            .methods
            .iter()
            .map(|m| match &m.response {
                Response::Message { packed, .. } => packed.clone().into_iter().collect::<Vec<_>>(),
                Response::Empty => Vec::new(),
            })
            .collect();
        assert_eq!(
            packed,
            [
                vec![
                    (
                        "metadata".to_string(),
                        "yandex.cloud.s.v1.AMetadata".to_string()
                    ),
                    (
                        "response".to_string(),
                        "yandex.cloud.s.v1.Thing".to_string()
                    ),
                ],
                vec![(
                    "metadata".to_string(),
                    "yandex.cloud.s.v1.BMetadata".to_string()
                )],
            ]
        );
    }

    #[test]
    fn a_page_contradicting_the_api_is_an_error() {
        let inputs = [(
            "s/Thing/a.md".to_string(),
            page("A", "**string**", "**[Thing](#yandex.cloud.s.v1.Thing)**"),
        )];
        let out = run_on(&inputs, ("overrides.yaml", None));
        let errors: Vec<String> = out.diagnostics.iter().map(|d| d.to_string()).collect();
        assert_eq!(
            errors,
            ["s/Thing/a.md:14:1: error: field `metadata` of yandex.cloud.operation.Operation is string here, but the API defines it as a google.protobuf.Any"]
        );
    }
}
