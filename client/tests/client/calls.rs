//! A call as the server sees it, where it goes, and how its answers are read.

use serde::ser::SerializeMap;
use serde_json::json;
use yandex_cloud_client::{Client, Env, Error};
use yandex_cloud_models::mdb::spqr::v1::{
    CreateClusterRequest, GetClusterRequest, ListClustersRequest,
};
use yandex_cloud_runtime::request::PathWriter;
use yandex_cloud_runtime::validate::Validator;
use yandex_cloud_runtime::{ApiRequest, CallBody, HostPart, Hosts, MethodInfo, RequestError, Verb};

use crate::common::{client, cluster, is_uuid_v4, FakeClock};
use crate::fake::{Fake, Reply};

#[tokio::test]
async fn a_get_sends_its_verb_encoded_path_and_headers_and_decodes_the_answer() {
    let fake = Fake::start(|_| cluster("c1").with_header("x-request-id", "srv"));
    let (client, _) = client(&fake);
    let got = client
        .send(&GetClusterRequest::new().set_cluster_id("a b/é?#"))
        .await
        .unwrap();
    assert_eq!(got.id.as_deref(), Some("c1"));
    assert_eq!(got.name.as_deref(), Some("name-c1"));
    let sent = &fake.requests()[0];
    assert_eq!(sent.method, "GET");
    assert_eq!(
        sent.target,
        "/managed-spqr/v1/clusters/a%20b%2F%C3%A9%3F%23"
    );
    assert_eq!(sent.header("authorization"), Some("Bearer t1.test-token"));
    assert_eq!(sent.header("accept"), Some("application/json"));
    assert!(is_uuid_v4(sent.header("x-request-id").unwrap()));
    assert!(is_uuid_v4(sent.header("x-client-trace-id").unwrap()));
    assert_eq!(sent.header("idempotency-key"), None, "GETs carry no key");
    assert_eq!(
        sent.header("content-type"),
        None,
        "no body, no content type"
    );
    assert!(sent.body.is_empty());
}

#[tokio::test]
async fn page_size_is_sent_only_when_set() {
    let fake = Fake::start(|_| Reply::json(200, json!({})));
    let (client, _) = client(&fake);
    let request = ListClustersRequest::new().set_folder_id("f 1");
    client.send(&request).await.unwrap();
    client.send(&request.set_page_size(5)).await.unwrap();
    let sent = fake.requests();
    assert_eq!(sent[0].target, "/managed-spqr/v1/clusters?folderId=f%201");
    assert_eq!(
        sent[1].query_pairs(),
        [
            ("folderId".into(), "f 1".into()),
            ("pageSize".into(), "5".into())
        ]
    );
}

/// A request type with the query shapes SPQR's methods lack: a repeated field and a
/// message field (dotted keys), written as generated code writes them.
#[derive(Default)]
struct Probe {
    id: Option<String>,
    tags: Vec<String>,
    name_filter: Option<String>,
}

impl ApiRequest for Probe {
    const METHOD: &'static MethodInfo = &MethodInfo::new(
        "test.v1",
        "Probe.Get",
        Verb::Get,
        &[HostPart::Placeholder {
            name: "api-host-test",
            default: Some("test.invalid"),
        }],
        "/test/v1/probes/{id}",
        CallBody::Empty,
    );
    type Response = serde_json::Value;

    fn write_path(&self, path: &mut PathWriter) -> Result<(), RequestError> {
        path.literal("/test/v1/probes/");
        path.param("id", &self.id)
    }

    fn write_query<M: SerializeMap>(&self, m: &mut M) -> Result<(), M::Error> {
        for tag in &self.tags {
            m.serialize_entry("tags", tag)?;
        }
        if let Some(name) = &self.name_filter {
            m.serialize_entry("filter.name", name)?;
        }
        Ok(())
    }

    fn write_body<M: SerializeMap>(&self, _: &mut M) -> Result<(), M::Error> {
        Ok(())
    }

    fn check(&self, _: &mut Validator) {}
}

#[tokio::test]
async fn repeated_and_dotted_query_keys_reach_the_server() {
    let fake = Fake::start(|_| Reply::json(200, json!({"ok": true})));
    let (client, _) = client(&fake);
    let probe = Probe {
        id: Some("p1".into()),
        tags: vec!["a&b".into(), "c=d".into()],
        name_filter: Some("x y".into()),
    };
    assert_eq!(client.send(&probe).await.unwrap(), json!({"ok": true}));
    let sent = &fake.requests()[0];
    assert_eq!(
        sent.target,
        "/test/v1/probes/p1?tags=a%26b&tags=c%3Dd&filter.name=x%20y"
    );
    assert_eq!(
        sent.query_pairs(),
        [
            ("tags".into(), "a&b".into()),
            ("tags".into(), "c=d".into()),
            ("filter.name".into(), "x y".into())
        ]
    );
}

/// A method on a host placeholder the generator's table does not know (generated without a
/// default host).
struct Unlisted;

impl ApiRequest for Unlisted {
    const METHOD: &'static MethodInfo = &MethodInfo::new(
        "test.v1",
        "Unlisted.Get",
        Verb::Get,
        &[HostPart::Placeholder {
            name: "api-host-unlisted",
            default: None,
        }],
        "/test/v1/unlisted",
        CallBody::Empty,
    );
    type Response = serde_json::Value;

    fn write_path(&self, path: &mut PathWriter) -> Result<(), RequestError> {
        path.literal("/test/v1/unlisted");
        Ok(())
    }

    fn write_query<M: SerializeMap>(&self, _: &mut M) -> Result<(), M::Error> {
        Ok(())
    }

    fn write_body<M: SerializeMap>(&self, _: &mut M) -> Result<(), M::Error> {
        Ok(())
    }

    fn check(&self, _: &mut Validator) {}
}

#[tokio::test]
async fn a_host_without_a_known_endpoint_must_be_set_before_its_calls_go_anywhere() {
    let fake = Fake::start(|_| Reply::json(200, json!({"ok": true})));
    let clock = crate::common::FakeClock::new();
    let no_endpoint = || {
        Client::builder()
            .env(Env::empty())
            .credentials(yandex_cloud_client::Credentials::IamToken(
                "t1.test-token".into(),
            ))
            .clock(clock.clone())
    };
    let err = no_endpoint()
        .build()
        .unwrap()
        .send(&Unlisted)
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::Request(RequestError::UnknownHost {
                placeholder: "api-host-unlisted"
            })
        ),
        "{err:?}"
    );
    assert!(
        err.to_string().contains(
            "`{{ api-host-unlisted }}`: set one with `Hosts::new().set(\"api-host-unlisted\""
        ),
        "{err}"
    );
    assert!(fake.requests().is_empty());
    // Set, it goes there (an origin with a scheme is used whole).
    let client = no_endpoint()
        .hosts(Hosts::new().set("api-host-unlisted", fake.url()))
        .build()
        .unwrap();
    assert_eq!(client.send(&Unlisted).await.unwrap(), json!({"ok": true}));
    assert_eq!(fake.requests()[0].target, "/test/v1/unlisted");
}

#[tokio::test]
async fn a_post_sends_its_json_body_content_type_and_an_idempotency_key() {
    let fake = Fake::start(|_| Reply::json(200, json!({"id": "op1", "done": false})));
    let (client, _) = client(&fake);
    let request = CreateClusterRequest::new()
        .set_folder_id("f1")
        .set_name("n1")
        .set_description("d");
    let operation = client.send(&request).await.unwrap();
    assert_eq!(operation.id.as_deref(), Some("op1"));
    let sent = &fake.requests()[0];
    assert_eq!(
        (sent.method.as_str(), sent.target.as_str()),
        ("POST", "/managed-spqr/v1/clusters")
    );
    assert_eq!(sent.header("content-type"), Some("application/json"));
    assert_eq!(
        sent.json(),
        json!({"folderId": "f1", "name": "n1", "description": "d"})
    );
    assert!(is_uuid_v4(sent.header("idempotency-key").unwrap()));
}

#[tokio::test]
async fn hosts_route_each_method_and_the_endpoint_setting_overrides_them() {
    let fake = Fake::start(|_| cluster("c1"));
    let clock = FakeClock::new();
    // No endpoint: the method's host placeholder, resolved by `Hosts`.
    let by_host = Client::builder()
        .env(Env::empty())
        .credentials(yandex_cloud_client::Credentials::IamToken("t1.x".into()))
        .hosts(Hosts::new().set("api-host-mdb", fake.url()))
        .clock(clock.clone())
        .build()
        .unwrap();
    by_host
        .send(&GetClusterRequest::new().set_cluster_id("c1"))
        .await
        .unwrap();
    // YC_REST_ENDPOINT from the environment the client reads.
    let by_env = Client::builder()
        .env(Env::from_pairs([
            ("YC_REST_ENDPOINT", fake.url()),
            ("YC_IAM_TOKEN", "t1.env".to_string()),
        ]))
        .clock(clock)
        .build()
        .unwrap();
    by_env
        .send(&GetClusterRequest::new().set_cluster_id("c2"))
        .await
        .unwrap();
    let sent = fake.requests();
    assert_eq!(sent[0].target, "/managed-spqr/v1/clusters/c1");
    assert_eq!(sent[1].target, "/managed-spqr/v1/clusters/c2");
    assert_eq!(sent[1].header("authorization"), Some("Bearer t1.env"));
}

#[tokio::test]
async fn api_errors_keep_status_code_message_details_and_ids() {
    let fake = Fake::start(|r| match r.path() {
        "/managed-spqr/v1/clusters/header" => Reply::json(
            404,
            json!({"code": 5, "message": "Cluster not found", "details": [
                {"@type": "type.googleapis.com/google.rpc.RequestInfo", "requestId": "in-body"},
                {"@type": "type.googleapis.com/google.rpc.ResourceInfo", "resourceName": "x"}
            ]}),
        )
        .with_header("x-request-id", "in-header")
        .with_header("x-server-trace-id", "trace-1"),
        "/managed-spqr/v1/clusters/body" => Reply::json(
            409,
            json!({"code": 9, "message": "busy", "details": [
                {"@type": "type.googleapis.com/google.rpc.RequestInfo", "requestId": "in-body"}
            ]}),
        ),
        "/managed-spqr/v1/clusters/html" => Reply::text(502, "<html>bad gateway</html>"),
        _ => Reply::text(500, ""),
    });
    let (client, _) = client(&fake);
    let get = |id: &str| GetClusterRequest::new().set_cluster_id(id);

    let e = client.send(&get("header")).await.unwrap_err();
    let api = e.api().expect("an API error");
    assert_eq!((api.status, api.code), (404, Some(5)));
    assert_eq!(api.message.as_deref(), Some("Cluster not found"));
    assert_eq!(api.details.len(), 2);
    assert_eq!(api.details[1]["resourceName"], "x", "details kept as JSON");
    assert_eq!(api.request_id.as_deref(), Some("in-header"));
    assert_eq!(api.trace_id.as_deref(), Some("trace-1"));
    assert!(is_uuid_v4(api.client_request_id.as_deref().unwrap()));
    assert!(e.to_string().contains("Cluster not found"), "{e}");

    let e = client.send(&get("body")).await.unwrap_err();
    assert_eq!(e.api().unwrap().request_id.as_deref(), Some("in-body"));

    let e = client.send(&get("html")).await.unwrap_err();
    let api = e.api().unwrap();
    assert_eq!(
        (api.status, api.code, api.message.as_deref()),
        (502, None, None)
    );
    assert_eq!(api.body, "<html>bad gateway</html>");

    let e = client.send(&get("empty")).await.unwrap_err();
    let api = e.api().unwrap();
    assert_eq!((api.status, api.body.as_str()), (500, ""));
}

#[tokio::test]
async fn an_answer_that_does_not_decode_keeps_its_body() {
    let fake = Fake::start(|_| Reply::json(200, json!({"id": {"not": "a string"}})));
    let (client, _) = client(&fake);
    let e = client
        .send(&GetClusterRequest::new().set_cluster_id("c1"))
        .await
        .unwrap_err();
    let Error::Decode(d) = &e else {
        panic!("{e:?}")
    };
    assert_eq!(d.status, 200);
    assert_eq!(d.body, br#"{"id":{"not":"a string"}}"#);
    assert!(e.to_string().contains("id"), "{e}");
}

#[tokio::test]
async fn a_request_that_cannot_be_described_is_not_sent() {
    let fake = Fake::start(|_| cluster("c1"));
    let (client, _) = client(&fake);
    let e = client.send(&GetClusterRequest::new()).await.unwrap_err();
    assert!(matches!(e, Error::Request(_)), "{e:?}");
    assert!(fake.requests().is_empty());
}
