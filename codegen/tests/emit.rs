//! Generates a crate from a small hand-built schema, checks key properties of the text, then
//! builds it with cargo and round-trips JSON samples through it.

use codegen::schema::{
    Constraints, Enum, EnumValue, Field, Label, Message, Oneof, Origin, Scalar, Schema, Type,
};
use codegen::{generate, GenerateOptions};
mod support;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use support::{assert_ok, cargo, workspace_root};

const PKG: &str = "yandex.cloud.test.v1";

fn field(json: &str, ty: Type) -> Field {
    Field {
        json_name: json.into(),
        ty,
        label: Label::Singular,
        required: false,
        deprecated: false,
        docs: String::new(),
        oneof: None,
        constraints: Constraints::default(),
        origin: Origin::default(),
    }
}

fn repeated(json: &str, ty: Type) -> Field {
    Field {
        label: Label::Repeated,
        ..field(json, ty)
    }
}

fn map(json: &str, ty: Type) -> Field {
    Field {
        label: Label::Map,
        ..field(json, ty)
    }
}

fn member(json: &str, ty: Type, oneof: usize) -> Field {
    Field {
        oneof: Some(oneof),
        ..field(json, ty)
    }
}

fn documented(mut f: Field, docs: &str) -> Field {
    f.docs = docs.into();
    f
}

fn scalar(s: Scalar) -> Type {
    Type::Scalar(s)
}

fn msg(name: &str) -> Type {
    Type::Message(format!("{PKG}.{name}"))
}

fn add(schema: &mut Schema, name: &str, docs: &str, fields: Vec<Field>, oneofs: Vec<Oneof>) {
    let full_name = if name.contains('.') && !name.starts_with(|c: char| c.is_uppercase()) {
        name.to_string()
    } else {
        format!("{PKG}.{name}")
    };
    schema.messages.insert(
        full_name.clone(),
        Message {
            full_name,
            docs: docs.into(),
            fields,
            oneofs,
            origins: vec![],
        },
    );
}

fn add_enum(schema: &mut Schema, full_name: &str, values: &[&str]) {
    schema.enums.insert(
        full_name.to_string(),
        Enum {
            full_name: full_name.to_string(),
            docs: format!("The `{full_name}` enum. Values are listed <below>."),
            values: values
                .iter()
                .map(|v| EnumValue {
                    name: v.to_string(),
                    docs: format!("Value `{v}`."),
                })
                .collect(),
            origins: vec![],
        },
    );
}

fn sample_schema() -> Schema {
    let mut s = Schema::default();
    let everything = vec![
        documented(
            field("string", scalar(Scalar::String)),
            "A string. See [TimeOfDay](#google.type.TimeOfDay), [Cluster](#yandex.cloud.test.v1.Cluster), \
             the [docs](/docs/managed-spqr/concepts) and https://example.com/x.\n\n\
             Raw <b>html</b> and a stray ` backtick and [brackets].\n\n    indented code\n\n\
             - `A`: first, continued\nlazily.\n- `B`: second.",
        ),
        field("bool", scalar(Scalar::Bool)),
        field("int32", scalar(Scalar::Int32)),
        field("int64", scalar(Scalar::Int64)),
        field("uint32", scalar(Scalar::Uint32)),
        field("uint64", scalar(Scalar::Uint64)),
        field("float", scalar(Scalar::Float)),
        field("double", scalar(Scalar::Double)),
        field("bytes", scalar(Scalar::Bytes)),
        field("createdAt", scalar(Scalar::Timestamp)),
        field("timeout", scalar(Scalar::Duration)),
        field("updateMask", scalar(Scalar::FieldMask)),
        field("metadata", Type::Any),
        field("config", Type::Json),
        Field {
            constraints: Constraints { default: Some("100".into()), ..Constraints::default() },
            ..documented(field("type", scalar(Scalar::Int64)), "A keyword field.")
        },
        field("self", scalar(Scalar::String)),
        field("unknownFields", scalar(Scalar::String)),
        repeated("tags", scalar(Scalar::String)),
        repeated("ids", scalar(Scalar::Int64)),
        map("labels", scalar(Scalar::String)),
        map("limits", scalar(Scalar::Int64)),
        field("health", Type::Enum(format!("{PKG}.Cluster.Health"))),
        repeated("healths", Type::Enum(format!("{PKG}.Cluster.Health"))),
        field("time", Type::Message("google.type.TimeOfDay".into())),
        map("hostsByName", msg("Cluster.Host")),
        field("endpoint", Type::Message(format!("{PKG}.privatelink.Endpoint"))),
    ];
    add(
        &mut s,
        "Everything",
        "Every kind of field.",
        everything,
        vec![],
    );
    add(
        &mut s,
        "Cluster",
        "A cluster. For more information, see the [documentation](/docs/managed-spqr/concepts).",
        vec![
            field("name", scalar(Scalar::String)),
            field("health", Type::Enum(format!("{PKG}.Cluster.Health"))),
            repeated("hosts", msg("Cluster.Host")),
            member("anytime", msg("Anytime"), 0),
            documented(member("weekly", msg("Weekly"), 0), "Weekly window."),
            member("windowName", scalar(Scalar::String), 0),
        ],
        vec![Oneof {
            name: "policy".into(),
            members: vec!["anytime".into(), "weekly".into(), "windowName".into()],
        }],
    );
    add(
        &mut s,
        "Cluster.Host",
        "A host.",
        vec![
            field("name", scalar(Scalar::String)),
            field("role", Type::Enum(format!("{PKG}.Cluster.Host.Role"))),
        ],
        vec![],
    );
    add(&mut s, "Anytime", "", vec![], vec![]);
    add(
        &mut s,
        "Weekly",
        "",
        vec![field("day", scalar(Scalar::String))],
        vec![],
    );
    add(
        &mut s,
        "Node",
        "A tree.",
        vec![
            field("label", scalar(Scalar::String)),
            field("parent", msg("Node")),
            repeated("children", msg("Node")),
            map("named", msg("Node")),
        ],
        vec![],
    );
    // A ↔ B through a oneof member; C hangs off the cycle and is not boxed.
    add(
        &mut s,
        "A",
        "",
        vec![
            member("b", msg("B"), 0),
            member("text", scalar(Scalar::String), 0),
            field("c", msg("C")),
        ],
        // Empty name: the emitter derives one.
        vec![Oneof {
            name: String::new(),
            members: vec!["b".into(), "text".into()],
        }],
    );
    add(&mut s, "B", "", vec![field("a", msg("A"))], vec![]);
    add(
        &mut s,
        "C",
        "",
        vec![field("x", scalar(Scalar::Int32))],
        vec![],
    );
    add(
        &mut s,
        "google.type.TimeOfDay",
        "A time of day.",
        vec![
            field("hours", scalar(Scalar::Int32)),
            field("minutes", scalar(Scalar::Int32)),
        ],
        vec![],
    );
    add(
        &mut s,
        "yandex.cloud.test.v1.privatelink.Endpoint",
        "",
        vec![field("address", scalar(Scalar::String))],
        vec![],
    );
    add_enum(
        &mut s,
        &format!("{PKG}.Cluster.Health"),
        &["HEALTH_UNKNOWN", "ALIVE", "DEAD"],
    );
    add_enum(
        &mut s,
        &format!("{PKG}.Cluster.Host.Role"),
        &["ROLE_UNSPECIFIED", "MASTER", "1C", "UNKNOWN_VALUE"],
    );
    s
}

#[test]
fn generated_text_has_key_properties() {
    let files = generate(&sample_schema(), &GenerateOptions::default()).unwrap();
    let names: Vec<&str> = files.keys().map(String::as_str).collect();
    assert_eq!(
        names,
        [
            "Cargo.toml",
            "README.md",
            "src/google.rs",
            "src/google/type.rs",
            "src/lib.rs",
            "src/test.rs",
            "src/test/v1.rs",
            "src/test/v1/privatelink.rs",
            "tests/support/mod.rs",
            "tests/support/plain.rs",
            "tests/support/roundtrip.rs",
        ]
    );
    for (path, text) in &files {
        let header = if path.ends_with(".toml") {
            "# @generated"
        } else if path.ends_with(".md") {
            "<!-- @generated"
        } else {
            "// @generated"
        };
        assert!(text.starts_with(header), "{path}");
        assert!(text.ends_with('\n') && !text.contains('\r'), "{path}");
    }
    let lib = &files["src/lib.rs"];
    assert!(lib.contains("#![forbid(unsafe_code)]"));
    assert!(lib.contains("pub use yandex_cloud_runtime::{time, wire};"));
    assert!(lib.contains("#[rustfmt::skip]\npub mod google;"), "{lib}");
    assert!(!files
        .keys()
        .any(|f| f.contains("wire") || f.contains("http")));
    assert!(files["src/google.rs"].contains("pub mod r#type;"));
    assert!(files["src/test/v1.rs"].contains("pub mod privatelink;"));
    assert!(files["src/test/v1.rs"].starts_with(
        "// @generated by `cargo xtask regen` from the pages in specs/. Do not edit by hand.\n\
         //! Proto package `yandex.cloud.test.v1`.\n"
    ));
    let v1 = &files["src/test/v1.rs"];
    // Boxes close cycles, and only there.
    assert!(
        v1.contains("pub parent: std::option::Option<std::boxed::Box<crate::test::v1::Node>>"),
        "{v1}"
    );
    assert!(v1.contains("pub children: std::vec::Vec<crate::test::v1::Node>"));
    assert!(v1.contains("pub a: std::option::Option<std::boxed::Box<crate::test::v1::A>>"));
    assert!(v1.contains("B(std::boxed::Box<crate::test::v1::B>)"));
    assert!(v1.contains("pub c: std::option::Option<crate::test::v1::C>"));
    // Raw and suffixed identifiers, renamed collisions.
    assert!(v1.contains("pub r#type: std::option::Option<i64>"));
    assert!(v1.contains("pub self_: std::option::Option<std::string::String>"));
    assert!(v1.contains("pub unknown_fields_: std::option::Option<std::string::String>"));
    assert!(v1.contains("pub fn set_type("));
    // Nested types and enums live in the message's module; oneofs too.
    assert!(v1.contains("pub mod cluster {"));
    assert!(v1.contains("pub mod host {"));
    assert!(v1.contains("pub health: std::option::Option<crate::test::v1::cluster::Health>"));
    assert!(v1.contains("pub policy: std::option::Option<crate::test::v1::cluster::Policy>"));
    assert!(v1.contains("pub b_or_text: std::option::Option<crate::test::v1::a::BOrText>"));
    assert!(v1.contains("pub role: std::option::Option<crate::test::v1::cluster::host::Role>"));
    // Enum variants: prefix stripped, digits and reserved names handled.
    for v in [
        "Unknown,",
        "Alive,",
        "Unspecified,",
        "Master,",
        "V1c,",
        "UnknownValue_,",
    ] {
        assert!(v1.contains(v), "{v}");
    }
    // Docs: intra-doc links, absolute links, escaping, no doctests, default.
    for d in [
        "[TimeOfDay](crate::google::type::TimeOfDay)",
        "[Cluster](crate::test::v1::Cluster)",
        "(https://yandex.cloud/en/docs/managed-spqr/concepts)",
        "<https://example.com/x>",
        "&lt;b&gt;html&lt;/b&gt;",
        "stray \\` backtick and \\[brackets\\]",
        "```text",
        "///   lazily.",
        "/// Default: `100`.",
    ] {
        assert!(v1.contains(d), "{d}");
    }
    assert!(!v1.contains("<b>"));
    // Codecs: each field's type selects its own (`wire::Value`), so no call names one.
    assert!(v1.contains("crate::rt::put(m, \"type\", &self.r#type)?;"));
    assert!(!v1.contains("crate::rt::put::<") && !v1.contains("crate::rt::field::<"));
    let squashed: String = v1.split_whitespace().collect();
    assert!(squashed.contains("pubr#type:std::option::Option<i64>"));
    assert!(squashed.contains("crate::rt::put_map(m,\"hostsByName\",&self.hosts_by_name)?;"));
    assert!(
        squashed.contains("pubparent:std::option::Option<std::boxed::Box<crate::test::v1::Node>>")
    );
    assert!(squashed.contains("\"parent\"=>self.parent=crate::rt::field(map)?"));
    assert!(squashed.contains("implcrate::rt::ValueforNode{typeCodec=crate::rt::Serde<Self>;}"));
    assert!(squashed.contains("implcrate::rt::ValueforHealth{typeCodec=crate::rt::Enum<Self>;}"));
    // Deterministic.
    assert_eq!(
        files,
        generate(&sample_schema(), &GenerateOptions::default()).unwrap()
    );
}

/// The licence texts given to the generator ship with the crate: written beside the
/// sources, and in the manifest's `include` list so that they are published.
#[test]
fn licences_are_written_and_published() {
    let options = GenerateOptions {
        licenses: vec![
            ("LICENSE-APACHE".to_string(), "Apache text\n".to_string()),
            ("LICENSE-MIT".to_string(), "MIT text\n".to_string()),
        ],
        ..GenerateOptions::default()
    };
    let files = generate(&sample_schema(), &options).unwrap();
    assert_eq!(files["LICENSE-APACHE"], "Apache text\n");
    assert_eq!(files["LICENSE-MIT"], "MIT text\n");
    let include = files["Cargo.toml"]
        .lines()
        .find(|l| l.starts_with("include = "))
        .unwrap();
    assert_eq!(
        include,
        r#"include = ["/src/**/*.rs", "/README.md", "/CHANGELOG.md", "/LICENSE-APACHE", "/LICENSE-MIT"]"#
    );
    // Without licences, none is written and the list names none.
    let files = generate(&sample_schema(), &GenerateOptions::default()).unwrap();
    assert!(!files.keys().any(|k| k.starts_with("LICENSE")));
    assert!(!files["Cargo.toml"].contains("LICENSE"));
}

#[test]
fn collisions_are_readable_errors() {
    let mut s = sample_schema();
    add(&mut s, "SPQRConfig", "", vec![], vec![]);
    add(&mut s, "SpqrConfig", "", vec![], vec![]);
    let err = generate(&s, &GenerateOptions::default()).unwrap_err();
    assert!(
        err.to_string()
            .contains("`yandex.cloud.test.v1.SPQRConfig`"),
        "{err}"
    );

    let mut s = sample_schema();
    add(
        &mut s,
        "Dup",
        "",
        vec![
            field("fooBar", scalar(Scalar::String)),
            field("foo_bar", scalar(Scalar::String)),
        ],
        vec![],
    );
    let err = generate(&s, &GenerateOptions::default()).unwrap_err();
    assert!(
        err.to_string().contains("`fooBar`") && err.to_string().contains("`foo_bar`"),
        "{err}"
    );

    // Every collision of a run is reported, one per line.
    let mut s = sample_schema();
    add(&mut s, "SPQRConfig", "", vec![], vec![]);
    add(&mut s, "SpqrConfig", "", vec![], vec![]);
    add(&mut s, "HTTPProxy", "", vec![], vec![]);
    add(&mut s, "HttpProxy", "", vec![], vec![]);
    let err = generate(&s, &GenerateOptions::default()).unwrap_err();
    assert_eq!(err.count(), 2, "{err}");
    assert!(
        err.message().lines().any(|l| l.contains("SPQRConfig")),
        "{err}"
    );
    assert!(
        err.message().lines().any(|l| l.contains("HTTPProxy")),
        "{err}"
    );
}

/// A Rust program, added to the generated crate, that decodes and re-encodes samples.
const CHECK_BIN: &str = r##"
use yandex_cloud_models as m;

// The test dispatch the generator writes beside the crate, not into it.
#[path = "../../tests/support/roundtrip.rs"]
#[allow(dead_code)] // a test uses part of the generated dispatch
mod dispatch;

fn roundtrip(name: &str, json: &str) -> serde_json::Value {
    dispatch::roundtrip(name, json).expect("known message").unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn main() {
    let samples = [
        ("yandex.cloud.test.v1.Everything", r#"{"string":"s","bool":false,"int32":-1,"int64":"-9007199254740993",
            "uint32":0,"uint64":"18446744073709551615","float":1.5,"double":-2.25,"bytes":"AAEC",
            "createdAt":"2024-01-02T03:04:05.123Z","timeout":"1.500s","updateMask":"a.b,c",
            "metadata":{"@type":"type.googleapis.com/x.Y","k":1},"config":{"any":[1,null],"o":{}},
            "type":"0","self":"me","unknownFields":"u","tags":["a","b"],"ids":["1","2"],
            "labels":{"k":"v"},"limits":{"x":"5"},"health":"ALIVE","healths":["DEAD","NEW_ONE"],
            "time":{"hours":0},"hostsByName":{"h":{"name":"h","role":"1C"}},
            "endpoint":{"address":"a"},"futureField":{"x":[1]}}"#),
        ("yandex.cloud.test.v1.Cluster", r#"{"name":"c","health":"HEALTH_UNKNOWN","hosts":[{"role":"MASTER"},{}],"weekly":{"day":"MON"}}"#),
        ("yandex.cloud.test.v1.Cluster", r#"{"anytime":{}}"#),
        ("yandex.cloud.test.v1.Node", r#"{"label":"root","parent":{"label":"p","parent":{}},"children":[{"label":"c"}],"named":{"n":{}}}"#),
        ("yandex.cloud.test.v1.A", r#"{"b":{"a":{"text":"t"}},"c":{"x":1}}"#),
        ("google.type.TimeOfDay", r#"{"hours":23,"minutes":59}"#),
    ];
    for (name, json) in samples {
        let want: serde_json::Value = serde_json::from_str(json).unwrap();
        let got = roundtrip(name, json);
        assert_eq!(got, want, "{name}");
    }
    assert!(dispatch::roundtrip("no.such.Message", "{}").is_none());
    let err = dispatch::roundtrip("yandex.cloud.test.v1.Cluster", r#"{"anytime":{},"weekly":{}}"#).unwrap().unwrap_err();
    assert!(err.to_string().contains("at most one"), "{err}");

    // The builder API and typed access.
    use m::test::v1::{cluster, Cluster, Node};
    let c = Cluster::new().set_name("x").set_weekly(m::test::v1::Weekly::new().set_day("TUE")).set_health(cluster::Health::Dead);
    assert_eq!(m::wire::to_value(&c).unwrap(), serde_json::json!({"name":"x","health":"DEAD","weekly":{"day":"TUE"}}));
    let n = Node::new().set_parent(Node::new().set_label("p")).set_children(vec![Node::new()]);
    assert_eq!(n.parent.as_ref().unwrap().label.as_deref(), Some("p"));
    let h: cluster::Health = "ALIVE".parse().unwrap();
    assert_eq!((h.to_string(), h), ("ALIVE".to_string(), cluster::Health::Alive));
    let u: cluster::Health = "LATER".parse().unwrap();
    assert_eq!(u.as_str(), "LATER");
    println!("roundtrip ok");
}
"##;

fn write_crate(files: &BTreeMap<String, String>, dir: &Path, with_check_bin: bool) {
    let _ = std::fs::remove_dir_all(dir);
    for (path, text) in files {
        let p = dir.join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    // Not part of any workspace it may land in; versions pinned like the workspace's.
    let manifest = dir.join("Cargo.toml");
    let text = std::fs::read_to_string(&manifest).unwrap();
    std::fs::write(&manifest, format!("{text}\n[workspace]\n")).unwrap();
    let _ = std::fs::copy(workspace_root().join("Cargo.lock"), dir.join("Cargo.lock"));
    if with_check_bin {
        std::fs::create_dir_all(dir.join("src/bin")).unwrap();
        std::fs::write(dir.join("src/bin/check.rs"), CHECK_BIN).unwrap();
    }
}

fn temp_crate(tag: &str) -> PathBuf {
    std::env::temp_dir().join(format!("codegen-emit-{tag}-{}", std::process::id()))
}

#[test]
fn generated_crate_builds_and_round_trips() {
    let files = generate(&sample_schema(), &GenerateOptions::default()).unwrap();
    let dir = temp_crate("build");
    write_crate(&files, &dir, true);
    let out = cargo(
        &dir,
        &["run", "--quiet", "--all-features", "--bin", "check"],
    );
    assert_ok(&out, "cargo run --bin check");
    assert!(String::from_utf8_lossy(&out.stdout).contains("roundtrip ok"));
    let _ = std::fs::remove_dir_all(&dir);
}

/// Clippy with `-D warnings`, rustdoc with `-D warnings`, the crate docs' example, and
/// `cargo fmt --check` (which must skip the generated modules).
#[test]
fn generated_crate_is_lint_clean() {
    let files = generate(&sample_schema(), &GenerateOptions::default()).unwrap();
    let dir = temp_crate("lint");
    write_crate(&files, &dir, false);
    assert_ok(
        &cargo(
            &dir,
            &[
                "clippy",
                "--all-targets",
                "--all-features",
                "--quiet",
                "--",
                "-D",
                "warnings",
            ],
        ),
        "clippy",
    );
    let out = Command::new(env!("CARGO"))
        .args(["doc", "--no-deps", "--quiet"])
        .current_dir(&dir)
        .env(
            "CARGO_TARGET_DIR",
            workspace_root().join("target/emit-check"),
        )
        .env("RUSTDOCFLAGS", "-D warnings")
        .output()
        .unwrap();
    assert_ok(&out, "cargo doc");
    assert_ok(
        &cargo(&dir, &["test", "--doc", "--quiet"]),
        "cargo test --doc",
    );
    assert_ok(&cargo(&dir, &["fmt", "--check"]), "cargo fmt --check");
    let _ = std::fs::remove_dir_all(&dir);
}
