//! The method emitter on hand-built schemas: what the pages can get wrong is a generator
//! error with a clear message, and a crate with the shapes the SPQR pages lack (query
//! parameters of every kind without a request message, list-length constraints, an
//! undocumented response body, free-form and well-known packed fields, a method whose
//! types live in another package) builds lint-clean and behaves, checked by a program
//! run against it.

use codegen::schema::{
    Constraints, Enum, EnumValue, Field, HostTemplate, Label, Message, Method, Origin,
    PathTemplate, Response, Scalar, Schema, Type, Verb,
};
use codegen::{generate, GenerateOptions};
mod support;

use std::collections::BTreeMap;
use std::process::Command;
use support::{assert_ok, cargo, workspace_root};

const PKG: &str = "yandex.cloud.shop.v1";

fn field(json: &str, ty: Type) -> Field {
    Field {
        json_name: json.into(),
        ty,
        label: Label::Singular,
        required: false,
        deprecated: false,
        docs: format!("The `{json}`."),
        oneof: None,
        constraints: Constraints::default(),
        origin: Origin::default(),
    }
}

fn string(json: &str) -> Field {
    field(json, Type::Scalar(Scalar::String))
}

fn required(f: Field) -> Field {
    Field {
        required: true,
        ..f
    }
}

fn labelled(f: Field, label: Label) -> Field {
    Field { label, ..f }
}

fn constrained(f: Field, c: Constraints) -> Field {
    Field {
        constraints: c,
        ..f
    }
}

fn add(s: &mut Schema, name: &str, fields: Vec<Field>) {
    s.messages.insert(
        name.into(),
        Message {
            full_name: name.into(),
            docs: String::new(),
            fields,
            oneofs: vec![],
            origins: vec![],
        },
    );
}

fn method(resource: &str, name: &str, verb: &str, path: &str) -> Method {
    Method {
        package: PKG.into(),
        resource: resource.into(),
        name: name.into(),
        docs: format!("Does {name} to a {resource}."),
        http_method: Verb::parse(verb).unwrap(),
        host: codegen::schema::HostTemplate::parse("api-host").unwrap(),
        path: PathTemplate::parse(path).unwrap(),
        path_params: vec![],
        query_params: vec![],
        request_message: None,
        request_type: None,
        body_fields: vec![],
        response: Response::Empty,
        origin: Origin {
            file: format!("shop/{resource}/{name}.md"),
            line: 7,
        },
    }
}

fn operation(packed: &[(&str, &str)]) -> Response {
    Response::Message {
        name: "yandex.cloud.operation.Operation".into(),
        packed: packed
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
    }
}

/// A shop: items (with typed query parameters, list constraints, an undocumented response)
/// and orders (with a request message, operations, and a type from another package).
fn shop() -> Schema {
    let mut s = Schema::default();
    s.enums.insert(
        format!("{PKG}.Item.Kind"),
        Enum {
            full_name: format!("{PKG}.Item.Kind"),
            docs: String::new(),
            values: ["KIND_UNSPECIFIED", "BOOK", "TOOL"]
                .iter()
                .map(|v| EnumValue {
                    name: v.to_string(),
                    docs: String::new(),
                })
                .collect(),
            origins: vec![],
        },
    );
    add(
        &mut s,
        &format!("{PKG}.Item"),
        vec![
            string("id"),
            field("kind", Type::Enum(format!("{PKG}.Item.Kind"))),
        ],
    );
    add(
        &mut s,
        &format!("{PKG}.Line"),
        vec![
            required(string("sku")),
            constrained(
                field("count", Type::Scalar(Scalar::Int64)),
                Constraints {
                    minimum: Some(1),
                    maximum: Some(99),
                    ..Constraints::default()
                },
            ),
        ],
    );
    add(
        &mut s,
        &format!("{PKG}.CreateOrderRequest"),
        vec![
            required(string("shopId")),
            constrained(
                labelled(
                    field("lines", Type::Message(format!("{PKG}.Line"))),
                    Label::Repeated,
                ),
                Constraints {
                    min_items: Some(1),
                    max_items: Some(2),
                    ..Constraints::default()
                },
            ),
            field("note", Type::Json),
            string("dryRun"),
        ],
    );
    add(
        &mut s,
        &format!("{PKG}.CreateOrderMetadata"),
        vec![string("orderId")],
    );
    add(
        &mut s,
        "yandex.cloud.billing.v1.Invoice",
        vec![string("total")],
    );
    let mut op = vec![
        string("id"),
        field("metadata", Type::Any),
        field("response", Type::Any),
    ];
    op[2].oneof = None;
    add(&mut s, "yandex.cloud.operation.Operation", op);

    let mut get = method("Item", "Get", "GET", "/shop/v1/items/{itemId}:peek");
    get.path_params = vec![required(string("itemId"))];
    get.query_params = vec![
        field("pageSize", Type::Scalar(Scalar::Int64)),
        field("kind", Type::Enum(format!("{PKG}.Item.Kind"))),
        labelled(string("tags"), Label::Repeated),
        field("fresh", Type::Scalar(Scalar::Bool)),
        required(field("since", Type::Scalar(Scalar::Timestamp))),
    ];
    get.query_params[2].constraints = Constraints {
        max_items: Some(2),
        value: Some(Box::new(Constraints {
            max_length: Some(3),
            ..Constraints::default()
        })),
        ..Constraints::default()
    };

    let mut create = method("Order", "Create", "POST", "/shop/v1/shops/{shopId}/orders");
    create.path_params = vec![required(string("shopId"))];
    create.query_params = vec![string("dryRun")];
    create.request_message = Some(format!("{PKG}.CreateOrderRequest"));
    create.body_fields = vec!["lines".into(), "note".into()];
    create.response = operation(&[
        ("metadata", &format!("{PKG}.CreateOrderMetadata")),
        ("response", "google.protobuf.Empty"),
    ]);

    let mut bill = method("Order", "Bill", "POST", "/shop/v1/orders/{orderId}:bill");
    bill.host = HostTemplate::parse("billing.{{ api-host }}").unwrap();
    bill.path_params = vec![required(string("orderId"))];
    bill.response = operation(&[("response", "yandex.cloud.billing.v1.Invoice")]);
    s.methods = vec![get, create, bill];
    s
}

fn err(s: &Schema) -> String {
    generate(s, &GenerateOptions::default())
        .expect_err("the schema is refused")
        .to_string()
}

#[test]
fn what_the_pages_get_wrong_is_a_generator_error() {
    let mut s = shop();
    s.methods[0].path = PathTemplate::parse("/shop/v1/items/{id}").unwrap();
    assert!(
        err(&s).contains("`{id}`, which is not a path parameter"),
        "{}",
        err(&s)
    );

    let mut s = shop();
    s.methods[0].path = PathTemplate::parse("/shop/v1/items").unwrap();
    assert!(
        err(&s).contains("`itemId` is not in the path"),
        "{}",
        err(&s)
    );

    let mut s = shop();
    s.methods[1].response = operation(&[("id", "google.protobuf.Empty")]);
    assert!(
        err(&s).contains("no `google.protobuf.Any` field `id`"),
        "{}",
        err(&s)
    );

    let mut s = shop();
    s.methods[1].request_message = Some(format!("{PKG}.Missing"));
    assert!(err(&s).contains("request message `yandex.cloud.shop.v1.Missing`"));

    let mut s = shop();
    s.methods[1].query_params = vec![string("coupon")];
    assert!(err(&s).contains("`coupon` is not a field of the request message"));

    let mut s = shop();
    s.methods[0].response = Response::Message {
        name: "yandex.cloud.shop.v1.Nowhere".into(),
        packed: BTreeMap::new(),
    };
    assert!(err(&s).contains("response `yandex.cloud.shop.v1.Nowhere`"));

    let mut s = shop();
    s.methods[0].query_params[0].constraints.pattern = Some("(?<=a)b".into());
    let e = err(&s);
    assert!(
        e.contains("`yandex.cloud.shop.v1.GetItemRequest.pageSize`: pattern"),
        "{e}"
    );

    let mut s = shop();
    add(&mut s, &format!("{PKG}.Requests.Inner"), vec![string("x")]);
    assert!(
        err(&s).contains("already has a module `requests`"),
        "{}",
        err(&s)
    );

    // The name the rule gives a method without a request message is taken.
    let mut s = shop();
    add(&mut s, &format!("{PKG}.GetItemRequest"), vec![string("x")]);
    assert!(
        err(&s).contains("`yandex.cloud.shop.v1.GetItemRequest`, the name the rule gives it"),
        "{}",
        err(&s)
    );

    let mut s = shop();
    let twin = s.methods[0].clone();
    s.methods.push(twin);
    assert!(err(&s).contains("documented twice"), "{}", err(&s));

    // Every problem of a run is reported, each with its page and line, not only the first.
    let mut s = shop();
    s.methods[0].path = PathTemplate::parse("/shop/v1/items/{id}").unwrap();
    s.methods[2].path = PathTemplate::parse("/shop/v1/orders:bill").unwrap();
    let e = generate(&s, &GenerateOptions::default()).unwrap_err();
    assert_eq!(e.count(), 2, "{e}");
    let lines: Vec<&str> = e.message().lines().collect();
    assert!(lines[0].starts_with("shop/Item/Get.md:7:1: ") && lines[0].contains("`{id}`"));
    assert!(lines[1].starts_with("shop/Order/Bill.md:7:1: ") && lines[1].contains("`orderId`"));
}

/// A host placeholder the table does not know is no reason to leave a method out: it is
/// generated without a default host (the runtime then asks the caller for one), and its docs
/// show the placeholder.
#[test]
fn a_method_on_an_unknown_host_is_generated_without_a_default() {
    let mut s = shop();
    s.methods[0].host = HostTemplate::parse("{{ api-host-moon }}").unwrap();
    let files = generate(&s, &GenerateOptions::default()).unwrap();
    let requests = &files["src/shop/v1/requests.rs"];
    assert!(
        requests.contains("name: \"api-host-moon\",\n                default: None,"),
        "{requests}"
    );
    assert!(files["src/shop/v1.rs"]
        .contains("`GET https://{{ api-host-moon }}/shop/v1/items/{itemId}:peek`"));
}

#[test]
fn the_crate_lists_and_links_every_method() {
    let files = generate(&shop(), &GenerateOptions::default()).unwrap();
    let requests = &files["src/shop/v1/requests.rs"];
    for item in [
        "impl crate::rt::ApiRequest for crate::shop::v1::GetItemRequest",
        "impl crate::rt::ApiRequest for crate::shop::v1::CreateOrderRequest",
        "impl crate::rt::ApiRequest for crate::shop::v1::BillOrderRequest",
        "type Metadata = crate::shop::v1::CreateOrderMetadata;",
        "type Output = serde_json::Map<std::string::String, serde_json::Value>;",
        "type Output = crate::billing::v1::Invoice;",
        "default: Some(\"api.cloud.yandex.net\")",
        "crate::rt::HostPart::Literal(\"billing.\")",
    ] {
        assert!(requests.contains(item), "missing `{item}`");
    }
    let v1 = &files["src/shop/v1.rs"];
    assert!(v1.contains("mod requests;") && !v1.contains("pub mod requests;"));
    // Unknown fields are kept behind methods, not in a public field every message's docs
    // would show.
    assert!(!v1.contains("pub unknown_fields:") && v1.contains("pub(crate) unknown_fields:"));
    assert!(v1.contains("pub fn unknown_fields(&self) -> &crate::rt::UnknownFields"));
    // One request type per method, its docs giving verb and URL template as the page does.
    assert!(v1.contains("pub struct GetItemRequest"));
    assert!(v1.contains("`GET https://api.cloud.yandex.net/shop/v1/items/{itemId}:peek`"));
    assert!(
        v1.contains("`POST https://billing.api.cloud.yandex.net/shop/v1/orders/{orderId}:bill`")
    );
    let lib = &files["src/lib.rs"];
    for link in [
        "[`Get`](crate::shop::v1::GetItemRequest)",
        "[`Create`](crate::shop::v1::CreateOrderRequest), [`Bill`](crate::shop::v1::BillOrderRequest)",
    ] {
        assert!(lib.contains(link), "lib.rs lacks {link}");
    }
    assert!(files.contains_key("examples/methods.rs"));
    assert!(files.contains_key("tests/support/requests.rs"));
    assert!(!files
        .keys()
        .any(|f| f.ends_with("http.rs") || f.ends_with("wire.rs")));
}

/// Run against the generated crate: every assertion about behavior lives here.
const CHECK_BIN: &str = r##"
use serde_json::json;
use yandex_cloud_models::runtime::Rule;
use yandex_cloud_models::shop::v1::{item::Kind, BillOrderRequest, CreateOrderMetadata, CreateOrderRequest, GetItemRequest, Line};
use yandex_cloud_models::{ApiRequest, Hosts, OperationRequest, Violations};

fn rules(v: Result<(), Violations>) -> Vec<(String, Rule)> {
    v.err().map(|v| v.0.into_iter().map(|v| (v.path, v.rule)).collect()).unwrap_or_default()
}

fn body(call: &yandex_cloud_models::HttpCall) -> Option<serde_json::Value> {
    call.body_str().map(|b| serde_json::from_str(b).unwrap())
}

fn main() {
    // 2024-01-02T03:04:05Z.
    let since = yandex_cloud_models::time::OffsetDateTime::from_unix_timestamp(1_704_164_645).unwrap();
    // Without a request message: a message by the naming rule, typed query parameters, in
    // page order, none of them sent unless set.
    let get = GetItemRequest::new().set_item_id("a b/ü").set_since(since);
    let call = get.to_http().unwrap();
    assert_eq!(call.verb.as_str(), "GET");
    assert_eq!(call.path_and_query(), "/shop/v1/items/a%20b%2F%C3%BC:peek?since=2024-01-02T03%3A04%3A05Z");
    assert_eq!(call.url(&Hosts::new()).unwrap(), format!("https://api.cloud.yandex.net{}", call.path_and_query()));
    let call = get.clone().set_page_size(5).set_kind(Kind::Tool).set_tags(vec!["x&y".to_string(), "z".to_string()]).set_fresh(false).to_http().unwrap();
    assert_eq!(call.query_string(), "pageSize=5&kind=TOOL&tags=x%26y&tags=z&fresh=false&since=2024-01-02T03%3A04%3A05Z");
    assert_eq!(call.body, None);
    assert_eq!(rules(get.validate()), vec![]);
    let long = get.set_tags(vec!["abcd".to_string(), "b".to_string(), "c".to_string()]);
    assert_eq!(rules(long.validate()), vec![("tags".into(), Rule::MaxItems), ("tags[0]".into(), Rule::MaxLength)]);
    let _: <GetItemRequest as ApiRequest>::Response = GetItemRequest::decode_response(b"{}").unwrap();
    // Required query parameters and path parameters are checked; the path one is needed.
    assert_eq!(rules(GetItemRequest::new().validate()), vec![("itemId".into(), Rule::Required), ("since".into(), Rule::Required)]);
    assert_eq!(GetItemRequest::new().to_http().unwrap_err().to_string(), "path parameter `itemId` is not set");

    // With a request message: path parameter out of the body, query parameter out too.
    let create = CreateOrderRequest::new().set_shop_id("s1").set_dry_run("yes").set_note(serde_json::Map::from_iter([("gift".to_string(), json!(true))]));
    let call = create.to_http().unwrap();
    assert_eq!(call.path_and_query(), "/shop/v1/shops/s1/orders?dryRun=yes");
    assert_eq!(body(&call), Some(json!({"note": {"gift": true}})));
    // An absent list has no elements: too few.
    assert_eq!(rules(create.validate()), vec![("lines".into(), Rule::MinItems)]);
    let lines = vec![Line::new(), Line::new().set_sku("a").set_count(100), Line::new().set_sku("b").set_count(0)];
    let bad = CreateOrderRequest::new().set_shop_id("s1").set_lines(lines);
    assert_eq!(rules(bad.validate()), vec![
        ("lines".into(), Rule::MaxItems),
        ("lines[0].sku".into(), Rule::Required),
        ("lines[1].count".into(), Rule::Maximum),
        ("lines[2].count".into(), Rule::Minimum),
    ]);
    let fine = CreateOrderRequest::new().set_shop_id("s1").set_lines(vec![Line::new().set_sku("a").set_count(99)]);
    assert_eq!(rules(fine.validate()), vec![]);
    let one = CreateOrderRequest::new().set_shop_id("").set_lines(vec![Line::new().set_sku("a")]);
    assert_eq!(rules(one.validate()), vec![("shopId".into(), Rule::Required)]);
    assert!(one.to_http().is_err());

    // Packed types: named, well-known, free-form; the host keeps its literal part.
    let op = CreateOrderRequest::decode_response(br#"{"metadata": {"@type": "type.googleapis.com/yandex.cloud.shop.v1.CreateOrderMetadata", "orderId": "o1"}, "response": {"@type": "type.googleapis.com/google.protobuf.Empty"}}"#).unwrap();
    let meta: CreateOrderMetadata = CreateOrderRequest::unpack_metadata(&op).unwrap().unwrap();
    assert_eq!(meta.order_id.as_deref(), Some("o1"));
    assert_eq!(<CreateOrderRequest as OperationRequest>::metadata(&op).unwrap(), Some(meta));
    assert!(CreateOrderRequest::unpack_response(&op).unwrap().unwrap().is_empty());
    let free = BillOrderRequest::unpack_metadata(&op).unwrap().unwrap();
    assert_eq!(free["orderId"], "o1");
    assert!(BillOrderRequest::unpack_response(&op).is_err());
    let bill = BillOrderRequest::new().set_order_id("o 1").to_http().unwrap();
    assert_eq!(bill.url(&Hosts::new().set("api-host", "api.example")).unwrap(), "https://billing.api.example/shop/v1/orders/o%201:bill");
    println!("methods ok");
}
"##;

#[test]
fn a_generated_shop_builds_lint_clean_and_describes_its_calls() {
    let files = generate(&shop(), &GenerateOptions::default()).unwrap();
    let dir = std::env::temp_dir().join(format!("codegen-methods-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    for (path, text) in &files {
        let p = dir.join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    let manifest = dir.join("Cargo.toml");
    let toml = std::fs::read_to_string(&manifest).unwrap();
    std::fs::write(&manifest, format!("{toml}\n[workspace]\n")).unwrap();
    let _ = std::fs::copy(workspace_root().join("Cargo.lock"), dir.join("Cargo.lock"));
    std::fs::create_dir_all(dir.join("src/bin")).unwrap();
    std::fs::write(dir.join("src/bin/check.rs"), CHECK_BIN).unwrap();

    let out = cargo(
        &dir,
        &["run", "--quiet", "--features", "full", "--bin", "check"],
    );
    assert_ok(&out, "cargo run --bin check");
    assert!(String::from_utf8_lossy(&out.stdout).contains("methods ok"));
    let out = cargo(
        &dir,
        &[
            "run",
            "--quiet",
            "--example",
            "methods",
            "--features",
            "full,http",
        ],
    );
    assert_ok(&out, "cargo run --example methods");
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
    // The example and lib.rs's items are rustfmt-clean as emitted.
    let rustfmt = Command::new("rustfmt")
        .args(["--check", "--edition", "2021", "examples/methods.rs"])
        .current_dir(&dir)
        .output()
        .expect("rustfmt runs");
    assert_ok(&rustfmt, "rustfmt --check");
    let _ = std::fs::remove_dir_all(&dir);
}
