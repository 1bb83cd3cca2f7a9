//! Page features the SPQR and sample pages lack but other services' pages carry, each handled
//! by a rule (pages under `tests/data/generalization/`, written in the published format):
//! a message name ending in digits (`RedisConfig6_2`) beside a repeat suffix
//! (`#…RedisConfig6_22`), a heading without an anchor (named through the page's type links),
//! a backtick-styled type name in the front matter, HTML entities in cells, `* ` bullets, a
//! delete operation whose result holds only `error`, a host template `test.{{ api-host }}`,
//! and prose links to a repeat-suffixed anchor.

use codegen::schema::{Label, Response, Scalar, Type};
use page_reader::pipeline;
use std::path::Path;

fn specs() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/generalization")
}

#[test]
fn unusual_pages_parse_by_rule() {
    let out = pipeline::run(&specs()).unwrap();
    let errors: Vec<String> = out
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let s = &out.schema;
    let names: Vec<&str> = s.messages.keys().map(String::as_str).collect();
    assert_eq!(
        names,
        vec![
            "google.rpc.Status",
            "yandex.cloud.operation.Operation",
            "yandex.cloud.test.v1.CreateThingRequest",
            "yandex.cloud.test.v1.DeleteThingMetadata",
            "yandex.cloud.test.v1.Group",
            "yandex.cloud.test.v1.RedisConfig6_2",
        ]
    );
    // The heading `## Group` has no anchor; its table still became the message.
    let group = &s.messages["yandex.cloud.test.v1.Group"];
    assert_eq!(group.fields[0].json_name, "members");
    assert_eq!(group.fields[0].label, Label::Repeated);
    assert_eq!(
        group.fields[0].constraints.max_items,
        Some(5),
        "front matter reached it via `**`Group`**`"
    );

    let req = &s.messages["yandex.cloud.test.v1.CreateThingRequest"];
    let field = |n: &str| req.fields.iter().find(|f| f.json_name == n).unwrap();
    assert!(field("name").required);
    assert!(
        field("name").docs.contains("&lt;name&gt;"),
        "entities stay text in the schema"
    );
    assert!(
        field("tags").docs.contains("* `b` — second kind."),
        "bullets stay prose"
    );
    assert_eq!(field("tags").ty, Type::Scalar(Scalar::String));
    assert!(
        field("tags").constraints.unique_items,
        "front matter `uniqueItems: true`"
    );
    assert_eq!(
        field("config").ty,
        Type::Message("yandex.cloud.test.v1.RedisConfig6_2".into())
    );

    let delete = s.methods.iter().find(|m| m.name == "Delete").unwrap();
    assert_eq!(delete.package, "yandex.cloud.test.v1");
    assert_eq!(delete.http_method.as_str(), "DELETE");
    assert_eq!(delete.host.as_str(), "test.{{ api-host }}");
    assert_eq!(delete.path.as_str(), "/test/v1/things/{thingId}");
    let Response::Message { name, packed } = &delete.response else {
        panic!("{:?}", delete.response)
    };
    assert_eq!(name, "yandex.cloud.operation.Operation");
    assert_eq!(
        packed
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect::<Vec<_>>(),
        vec![("metadata", "yandex.cloud.test.v1.DeleteThingMetadata")]
    );
    let create = s.methods.iter().find(|m| m.name == "Create").unwrap();
    let Response::Message { packed, .. } = &create.response else {
        panic!()
    };
    assert_eq!(
        packed.get("response").map(String::as_str),
        Some("yandex.cloud.test.v1.RedisConfig6_2")
    );
    assert!(
        !packed.contains_key("metadata"),
        "the page shows metadata as plain **object**"
    );
}

#[test]
fn unusual_pages_generate_readable_names_and_safe_docs() {
    let out = pipeline::run(&specs()).unwrap();
    let files = codegen::generate(&out.schema, &codegen::GenerateOptions::default()).unwrap();
    let v1 = &files["src/test/v1.rs"];
    assert!(
        v1.contains("pub struct RedisConfig62 {"),
        "digits of the real name are kept"
    );
    assert!(v1.contains("pub struct Group {"));
    // An entity outside code renders as text, never as a tag.
    assert!(v1.contains("or &lt;name&gt;."), "{v1}");
    assert!(files["Cargo.toml"].contains("test = []"));
}

/// Prose links to a repeat-suffixed anchor (`…RedisConfig6_22`) point at the message, by the
/// page's own heading or by the link's text, and digits of the name itself stay.
#[test]
fn prose_links_to_a_suffixed_anchor_are_folded() {
    let s = pipeline::run(&specs()).unwrap().schema;
    let config = s.messages["yandex.cloud.test.v1.CreateThingRequest"]
        .fields
        .iter()
        .find(|f| f.json_name == "config")
        .unwrap();
    assert_eq!(
        config.docs,
        "Settings; the response shows them again as [the applied settings](#yandex.cloud.test.v1.RedisConfig6_2), \
         see also [RedisConfig6_2](../Other/get.md#yandex.cloud.test.v1.RedisConfig6_2)."
    );
}
