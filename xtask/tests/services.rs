//! Two services' pages as the reference publishes them (`tests/data/services/`, written for
//! this test, no `overrides.yaml`): both repeat the operation service's `Operation.Get`, both
//! send the shared `yandex.cloud.access.SetAccessBindingsRequest`, `beta` names a host the
//! generator's table does not know, and `beta`'s pages are of two generations. The folder
//! must read with warnings only, and generate a crate that builds without warnings with
//! every feature and each alone, in which each call keeps its own request type and URL.

#[path = "support/generated.rs"]
mod generated;

use generated::{build_each_feature_alone, build_with_example, cargo, manifest_dir, regen, run};
use page_reader::pipeline;
use std::path::PathBuf;

fn specs() -> PathBuf {
    manifest_dir().join("tests/data/services")
}

#[test]
fn the_folder_reads_with_warnings_only() {
    assert!(!specs().join(pipeline::OVERRIDES).exists());
    let out = pipeline::run(&specs()).unwrap();
    let errors: Vec<String> = out
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.to_string())
        .collect();
    assert_eq!(errors, Vec::<String>::new());
    let warnings: Vec<String> = out.diagnostics.iter().map(|d| d.message.clone()).collect();
    let unknown_host = "host placeholder `{{ api-host-beta }}` is not among the public endpoints \
                        the generator knows (`PUBLIC_ENDPOINTS`, runtime/src/request/hosts.rs): the method is generated, and a \
                        call to it needs `Hosts::new().set(\"api-host-beta\", …)`";
    let kept =
        "field `labels` of yandex.cloud.beta.v1.Widget is printed `**string**` here, as the \
                older generation of pages prints maps, and is map<string, string> at \
                services/beta/Widget/create.md:146: the map is kept";
    let read = "field `limits` of yandex.cloud.beta.v1.Quota is printed `**string**`, as the older \
                generation of pages prints maps, and states constraints for each key or value: read \
                as map<string, string>";
    assert_eq!(
        warnings,
        [
            unknown_host,
            unknown_host,
            kept,
            unknown_host,
            kept,
            read,
            unknown_host
        ]
    );

    // `Operation.Get`, on both services' pages, is one method of the operation service.
    let methods: Vec<String> = out
        .schema
        .methods
        .iter()
        .map(|m| format!("{}.{}.{}", m.package, m.resource, m.name))
        .collect();
    assert_eq!(
        methods,
        [
            "yandex.cloud.alpha.v1.Thing.Get",
            "yandex.cloud.alpha.v1.Thing.SetAccessBindings",
            "yandex.cloud.beta.v1.Widget.Create",
            "yandex.cloud.beta.v1.Widget.Get",
            "yandex.cloud.beta.v1.Widget.List",
            "yandex.cloud.beta.v1.Widget.SetAccessBindings",
            "yandex.cloud.operation.Operation.Get",
        ]
    );
}

/// Run in the generated crate: the shared message carried by each service's own request
/// type to its own URL, the unknown host asked of the caller, and the maps as maps.
const PROGRAM: &str = r##"
use yandex_cloud_models::access::{AccessBinding, SetAccessBindingsRequest, Subject};
use yandex_cloud_models::alpha::v1::SetThingAccessBindingsRequest;
use yandex_cloud_models::beta::v1::{GetWidgetRequest, ListWidgetsResponse, SetWidgetAccessBindingsRequest};
use yandex_cloud_models::operation::GetOperationRequest;
use yandex_cloud_models::{wire, ApiRequest, Hosts, RequestError};

fn main() {
    let message = SetAccessBindingsRequest::new()
        .set_resource_id("r1")
        .set_access_bindings([AccessBinding::new()
            .set_role_id("viewer")
            .set_subject(Subject::new().set_id("u1").set_type("userAccount"))]);
    let alpha = SetThingAccessBindingsRequest(message.clone());
    let beta: SetWidgetAccessBindingsRequest = message.clone().into();
    let hosts = Hosts::new().set("api-host-beta", "beta.example");
    let (a, b) = (alpha.to_http().unwrap(), beta.to_http().unwrap());
    assert_eq!(
        a.url(&hosts).unwrap(),
        "https://alpha.api.cloud.yandex.net/alpha/v1/things/r1:setAccessBindings"
    );
    assert_eq!(b.url(&hosts).unwrap(), "https://beta.example/beta/v1/widgets/r1:setAccessBindings");
    assert_eq!(a.body, b.body);
    assert_eq!(
        a.body_str().unwrap(),
        r#"{"accessBindings":[{"roleId":"viewer","subject":{"id":"u1","type":"userAccount"}}]}"#
    );
    assert_eq!(SetAccessBindingsRequest::from(beta), message);
    // The required fields of the message are checked through either request type.
    let empty = SetThingAccessBindingsRequest(SetAccessBindingsRequest::new());
    assert!(empty.validate().unwrap_err().at("resourceId").count() == 1);

    // `{{ api-host-beta }}` has no public endpoint the generator knows: the caller sets it.
    let get = GetWidgetRequest::new().set_widget_id("w1").to_http().unwrap();
    match get.url(&Hosts::new()) {
        Err(RequestError::UnknownHost { placeholder }) => assert_eq!(placeholder, "api-host-beta"),
        other => panic!("{other:?}"),
    }
    assert_eq!(get.url(&hosts).unwrap(), "https://beta.example/beta/v1/widgets/w1");

    // The operation service's own request type, generated once.
    let op = GetOperationRequest::new().set_operation_id("op1").to_http().unwrap();
    assert_eq!(op.url(&Hosts::new()).unwrap(), "https://operation.api.cloud.yandex.net/operations/op1");

    // Maps the older pages print as strings are maps on the wire.
    let page: ListWidgetsResponse = wire::from_str(
        r#"{"widgets":[{"id":"w1","labels":{"env":"prod"}}],"quota":{"limits":{"small":"3"}}}"#,
    )
    .unwrap();
    assert_eq!(page.widgets[0].labels.get("env").map(String::as_str), Some("prod"));
    assert_eq!(page.quota.unwrap().limits.get("small").map(String::as_str), Some("3"));
    println!("ok");
}
"##;

#[test]
fn the_folder_generates_a_crate_that_builds_and_keeps_each_call_apart() {
    let crate_dir = std::env::temp_dir().join(format!("ycm-services-{}", std::process::id()));
    regen(&specs(), &crate_dir);
    let target = build_with_example(&crate_dir, "services", PROGRAM);
    let features = generated::features(&crate_dir);
    assert_eq!(features, ["alpha", "beta", "http"]);
    build_each_feature_alone(&crate_dir, &target, &[]);
    let ran = run(
        cargo(
            &crate_dir,
            &target,
            &["run", "--quiet", "--all-features", "--example", "services"],
        ),
        "the example sending the shared message through each service's request type",
    );
    assert_eq!(ran.trim(), "ok");
    // The docs build without warnings with one service alone: the shared message's list of
    // the request types carrying it links only what is compiled.
    let mut doc = cargo(
        &crate_dir,
        &target,
        &[
            "doc",
            "--no-deps",
            "--no-default-features",
            "--features",
            "alpha",
        ],
    );
    doc.env("RUSTDOCFLAGS", "-D warnings");
    run(doc, "cargo doc (alpha alone)");
    std::fs::remove_dir_all(&crate_dir).unwrap();
}
