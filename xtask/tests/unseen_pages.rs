//! A folder of pages as a new user would bring it: services this project does not hold
//! (`tests/data/unseen/`: Compute Cloud and IAM pages written for this test in the published
//! format), no `overrides.yaml`. Several pages return operations, each packing its own
//! types; the pages state a `{,n}` pattern (which `regex` rejects, and which means
//! `{0,n}`) and patterns no `regex` can compile (look-around). The folder must generate a
//! crate that builds without warnings, with each uncompilable pattern reported at its page
//! and line, left out of `validate()` and said so in the docs.

#[path = "support/generated.rs"]
mod generated;

use codegen::schema::{Constraints, Response, Schema, Type};
use generated::{build_each_feature_alone, build_with_example, cargo, manifest_dir, regen, run};
use page_reader::{patterns, pipeline};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::Command;

fn specs() -> PathBuf {
    manifest_dir().join("tests/data/unseen")
}

/// The first line of `page` (a path below `tests/data/`) holding `text`, 1-based: the
/// request's table comes before the response's on a page.
fn line_of(page: &str, text: &str) -> u32 {
    let body = std::fs::read_to_string(manifest_dir().join("tests/data").join(page)).unwrap();
    body.lines()
        .position(|l| l.contains(text))
        .map(|i| i as u32 + 1)
        .unwrap_or_else(|| panic!("{page}: no `{text}`"))
}

const COMPUTE_CREATE: &str = "unseen/compute/v1/api-ref/Instance/create.md";
const IAM_CREATE: &str = "unseen/iam/v1/api-ref/ServiceAccount/create.md";

const LOOK_AROUND: &str = "look-around, including look-ahead and look-behind, is not supported";

/// The warnings the folder must give, in the order a run sorts them.
fn expected_warnings() -> Vec<String> {
    vec![
        format!(
            "{COMPUTE_CREATE}:{}:1: warning: the pattern `(?!-)[a-z0-9-]{{1,63}}` of `hostname` cannot be compiled by the generated crate's `regex` ({LOOK_AROUND}); validate() leaves it unchecked",
            line_of(COMPUTE_CREATE, "|| hostname |")
        ),
        format!(
            "{IAM_CREATE}:{}:1: warning: the pattern `[a-z][-_0-9a-z]*(?<!-)` of `labels` for its keys cannot be compiled by the generated crate's `regex` ({LOOK_AROUND}); validate() leaves it unchecked",
            line_of(IAM_CREATE, "|| labels |")
        ),
    ]
}

/// Every pattern of the schema's fields and method parameters, with where it applies.
fn all_patterns(schema: &Schema) -> Vec<(String, String)> {
    fn walk(c: &Constraints, at: &str, out: &mut Vec<(String, String)>) {
        out.extend(c.pattern.iter().map(|p| (at.to_string(), p.clone())));
        for (inner, part) in [(&c.key, "key"), (&c.value, "value")] {
            if let Some(inner) = inner {
                walk(inner, &format!("{at}.{part}"), out);
            }
        }
    }
    let mut out = Vec::new();
    for m in schema.messages.values() {
        for f in &m.fields {
            walk(
                &f.constraints,
                &format!("{}.{}", m.full_name, f.json_name),
                &mut out,
            );
        }
    }
    for m in &schema.methods {
        for f in m.path_params.iter().chain(&m.query_params) {
            walk(
                &f.constraints,
                &format!("{}.{}", m.name, f.json_name),
                &mut out,
            );
        }
    }
    out
}

#[test]
fn unseen_pages_read_without_overrides_and_report_the_patterns_they_drop() {
    assert!(
        !specs().join(pipeline::OVERRIDES).exists(),
        "the folder must carry no overrides file"
    );
    let out = pipeline::run(&specs()).unwrap();
    let diags: Vec<String> = out.diagnostics.iter().map(|d| d.to_string()).collect();
    assert_eq!(diags, expected_warnings());
    assert!(out.sample_warnings.is_empty(), "{:#?}", out.sample_warnings);
    let s = &out.schema;
    let services: std::collections::BTreeSet<&str> =
        s.methods.iter().map(|m| m.package.as_str()).collect();
    assert_eq!(
        services.into_iter().collect::<Vec<_>>(),
        ["yandex.cloud.compute.v1", "yandex.cloud.iam.v1"]
    );

    // `{,n}` reads as `{0,n}`, from the front matter and from prose alike, and every pattern
    // left in the schema compiles as the generated crate compiles it.
    let patterns: BTreeMap<String, String> = all_patterns(s).into_iter().collect();
    assert_eq!(
        patterns["yandex.cloud.compute.v1.CreateInstanceRequest.name"],
        "[a-z][a-z0-9-_]{0,19}"
    );
    assert_eq!(
        patterns["yandex.cloud.iam.v1.CreateServiceAccountRequest.name"],
        "[a-z][-a-z0-9]{0,62}"
    );
    assert_eq!(
        patterns["yandex.cloud.iam.v1.CreateServiceAccountRequest.labels.value"],
        "[-_0-9a-z]{0,63}"
    );
    for (at, p) in &patterns {
        assert_eq!(patterns::unusable(p), None, "{at}: `{p}`");
    }

    // The uncompilable ones are gone from the constraints and named in the docs.
    let field = |msg: &str, name: &str| {
        s.messages[msg]
            .fields
            .iter()
            .find(|f| f.json_name == name)
            .unwrap()
            .clone()
    };
    let hostname = field("yandex.cloud.compute.v1.CreateInstanceRequest", "hostname");
    assert_eq!(hostname.constraints, Constraints::default());
    assert!(
        hostname.docs.ends_with(&format!("The page's pattern `(?!-)[a-z0-9-]{{1,63}}` is not checked by `validate()`: the `regex` crate cannot compile it ({LOOK_AROUND}).")),
        "{}",
        hostname.docs
    );
    let labels = field("yandex.cloud.iam.v1.CreateServiceAccountRequest", "labels");
    assert_eq!(labels.constraints.key, None);
    assert_eq!(labels.constraints.max_properties, Some(64));
    assert!(
        labels.docs.ends_with(&format!("The page's pattern `[a-z][-_0-9a-z]*(?<!-)` for its keys is not checked by `validate()`: the `regex` crate cannot compile it ({LOOK_AROUND}).")),
        "{}",
        labels.docs
    );

    // One operation message for all pages, its results `Any`; each method keeps its types.
    let op = &s.messages["yandex.cloud.operation.Operation"];
    for name in ["metadata", "response"] {
        let f = op.fields.iter().find(|f| f.json_name == name).unwrap();
        assert_eq!(f.ty, Type::Any, "{name}");
    }
    let packed: BTreeMap<String, BTreeMap<String, String>> = s
        .methods
        .iter()
        .filter_map(|m| match &m.response {
            Response::Message { name, packed } if name == &op.full_name => Some((
                format!("{}.{}.{}", m.package, m.resource, m.name),
                packed.clone(),
            )),
            _ => None,
        })
        .collect();
    let types = |pairs: &[(&str, &str)]| -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    };
    assert_eq!(
        packed,
        BTreeMap::from([
            (
                "yandex.cloud.compute.v1.Instance.Create".to_string(),
                types(&[
                    ("metadata", "yandex.cloud.compute.v1.CreateInstanceMetadata"),
                    ("response", "yandex.cloud.compute.v1.Instance"),
                ])
            ),
            (
                "yandex.cloud.compute.v1.Instance.Stop".to_string(),
                // The page shows a plain `**object**` (google.protobuf.Empty).
                types(&[("metadata", "yandex.cloud.compute.v1.StopInstanceMetadata")])
            ),
            (
                "yandex.cloud.iam.v1.ServiceAccount.Create".to_string(),
                types(&[
                    (
                        "metadata",
                        "yandex.cloud.iam.v1.CreateServiceAccountMetadata"
                    ),
                    ("response", "yandex.cloud.iam.v1.ServiceAccount"),
                ])
            ),
        ])
    );
}

/// Run in the generated crate: what `validate()` checks of the normalised patterns, what it
/// leaves out, and each method unpacking its own types from one operation message.
const PROGRAM: &str = r##"
use yandex_cloud_models::compute::v1::{CreateInstanceRequest, StopInstanceRequest};
use yandex_cloud_models::iam::v1::CreateServiceAccountRequest;
use yandex_cloud_models::operation::Operation;
use yandex_cloud_models::ApiRequest;

fn main() {
    let name = |n: usize| format!("a{}", "b".repeat(n - 1));
    // `[a-z][a-z0-9-_]{,19}` on the page: 20 characters at most. The hostname's
    // look-ahead is not checked.
    let create = || CreateInstanceRequest::new().set_folder_id("f");
    let ok = create().set_name(name(20)).set_hostname("-h");
    assert_eq!(ok.validate(), Ok(()));
    let long = create().set_name(name(21));
    let v = long.validate().unwrap_err();
    assert_eq!(v.at("name").count(), 1, "{v}");
    assert_eq!(v.0.len(), 1, "{v}");
    // `[a-z][-a-z0-9]{,62}` from the prose: 63 characters at most.
    let account = |n| CreateServiceAccountRequest::new().set_folder_id("f").set_name(name(n));
    assert_eq!(account(63).validate(), Ok(()));
    let v = account(64).validate().unwrap_err();
    assert_eq!(v.at("name").count(), 1, "{v}");

    let op: Operation = yandex_cloud_models::wire::from_str(
        r#"{"id":"op1","done":false,"metadata":{"@type":"type.googleapis.com/yandex.cloud.compute.v1.CreateInstanceMetadata","instanceId":"i1"}}"#,
    )
    .unwrap();
    let meta = CreateInstanceRequest::unpack_metadata(&op).unwrap().unwrap();
    assert_eq!(meta.instance_id.as_deref(), Some("i1"));
    assert!(StopInstanceRequest::unpack_metadata(&op).is_err(), "Stop packs another type");
    assert!(CreateServiceAccountRequest::unpack_metadata(&op).is_err());
    println!("ok");
}
"##;

#[test]
fn unseen_pages_generate_a_crate_that_builds_without_warnings() {
    let crate_dir = std::env::temp_dir().join(format!("ycm-unseen-pages-{}", std::process::id()));
    let report = regen(&specs(), &crate_dir);
    assert!(
        report.contains("2 documentation warning(s)"),
        "regen reports the warnings: {report}"
    );
    // `cargo xtask schema` shows them with page, line and the line itself.
    let mut schema = Command::new(env!("CARGO_BIN_EXE_xtask"));
    schema.args(["schema", "--specs"]).arg(specs());
    let out = schema.output().unwrap();
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    for w in expected_warnings() {
        let shown = w.replacen(": warning: ", ": ", 1);
        assert!(stderr.contains(&shown), "missing `{shown}` in:\n{stderr}");
    }
    assert!(stderr.contains("|| hostname | **string**"), "{stderr}");

    // The other services' test builds the same dependencies there.
    let target = build_with_example(&crate_dir, "unseen", PROGRAM);
    let features = generated::features(&crate_dir);
    for service in ["compute", "iam"] {
        assert!(features.iter().any(|f| f == service), "{features:?}");
    }
    build_each_feature_alone(&crate_dir, &target, &[]);
    let ran = run(
        cargo(
            &crate_dir,
            &target,
            &[
                "run",
                "--quiet",
                "--features",
                "full",
                "--example",
                "unseen",
            ],
        ),
        "the example checking validate() and the packed types",
    );
    assert_eq!(ran.trim(), "ok");
    let docs = std::fs::read_to_string(crate_dir.join("src/compute/v1.rs")).unwrap();
    assert!(
        docs.contains(
            "/// The page's pattern `(?!-)[a-z0-9-]{1,63}` is not checked by `validate()`"
        ),
        "the struct's field docs say what is not checked"
    );
    std::fs::remove_dir_all(&crate_dir).unwrap();
}
