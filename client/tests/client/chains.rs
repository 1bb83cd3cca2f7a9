//! Each cause once: every error a call can end in, walked as reporters walk it (`anyhow`'s
//! `{:#}`, `tracing`'s error fields), never shows a cause's text twice: an error shows its
//! cause in its message or returns it from `source()`, not both.

use std::error::Error as _;

use serde_json::json;
use yandex_cloud_client::{Client, Credentials, Env, Error};
use yandex_cloud_models::mdb::spqr::v1::{
    BackupClusterRequest, GetClusterRequest, RescheduleMaintenanceRequest,
};
use yandex_cloud_runtime::time::{Date, Month};

use crate::common::{client, closed_port, FakeClock};
use crate::fake::{Fake, Reply, Request};

/// The texts of `e` and of each source under it, and a failure when a text holds one
/// under it.
fn once(what: &str, e: &Error) -> Vec<String> {
    let mut texts = vec![e.to_string()];
    let mut next = e.source();
    while let Some(cause) = next {
        texts.push(cause.to_string());
        next = cause.source();
    }
    for (i, outer) in texts.iter().enumerate() {
        for inner in &texts[i + 1..] {
            assert!(
                !outer.contains(inner.as_str()),
                "{what}: `{inner}` is shown again by `{outer}`: {texts:#?}"
            );
        }
    }
    texts
}

fn get() -> GetClusterRequest {
    GetClusterRequest::new().set_cluster_id("c1")
}

#[tokio::test]
async fn every_error_of_a_call_shows_each_cause_once() {
    // The API says no; the answer does not decode; the request cannot be described.
    let fake = Fake::start(|r: &Request| match r.path() {
        "/managed-spqr/v1/clusters/bad" => Reply::json(200, json!({"id": 5})),
        "/managed-spqr/v1/clusters/c1:backup" => Reply::json(
            200,
            json!({"id": "op1", "done": true, "response": {
                "@type": "type.googleapis.com/yandex.cloud.mdb.spqr.v1.Shard", "name": "s"}}),
        ),
        "/operations/op2" => Reply::json(500, json!({"code": 13, "message": "poll broke"})),
        "/managed-spqr/v1/clusters/c2:backup" => {
            Reply::json(200, json!({"id": "op2", "done": false}))
        }
        _ => Reply::json(403, json!({"code": 7, "message": "denied"})),
    });
    let (client, _) = client(&fake);
    let mut seen = Vec::new();
    let api = client.send(&get()).await.unwrap_err();
    assert!(matches!(api, Error::Api(_)));
    seen.push(once("api", &api));
    let decode = client
        .send(&GetClusterRequest::new().set_cluster_id("bad"))
        .await
        .unwrap_err();
    assert!(matches!(decode, Error::Decode(_)));
    seen.push(once("decode", &decode));
    let unset = client.send(&GetClusterRequest::new()).await.unwrap_err();
    assert!(matches!(unset, Error::Request(_)));
    seen.push(once("request", &unset));
    let year_zero = RescheduleMaintenanceRequest::new()
        .set_cluster_id("c1")
        .set_delayed_until(
            Date::from_calendar_date(0, Month::January, 1)
                .unwrap()
                .midnight()
                .assume_utc(),
        );
    let unencodable = client.send(&year_zero).await.unwrap_err();
    assert!(matches!(unencodable, Error::Request(_)), "{unencodable:?}");
    seen.push(once("encode", &unencodable));
    // The operation's response is of another type than the page says; a poll fails.
    let unpack = client
        .send_and_wait(&BackupClusterRequest::new().set_cluster_id("c1"))
        .await
        .unwrap_err();
    assert!(matches!(unpack, Error::Unpack(_)), "{unpack:?}");
    seen.push(once("unpack", &unpack));
    let polling = client
        .send_and_wait(&BackupClusterRequest::new().set_cluster_id("c2"))
        .await
        .unwrap_err();
    assert!(matches!(polling, Error::Polling { .. }), "{polling:?}");
    seen.push(once("polling", &polling));
    // Nothing listens; no token can be had.
    let nowhere = Client::builder()
        .env(Env::empty())
        .endpoint(format!("http://{}", closed_port()))
        .credentials(Credentials::IamToken("t1.test-token".into()))
        .clock(FakeClock::new())
        .build()
        .unwrap();
    let transport = nowhere.send(&get()).await.unwrap_err();
    assert!(matches!(transport, Error::Transport(_)));
    seen.push(once("transport", &transport));
    let refusing =
        Fake::start(|_| Reply::json(401, json!({"code": 16, "message": "bad OAuth token"})));
    let oauth = Client::builder()
        .env(Env::empty())
        .endpoint(refusing.url())
        .credentials(Credentials::OAuthToken("y0_token".into()))
        .clock(FakeClock::new())
        .build()
        .unwrap();
    let auth = oauth.send(&get()).await.unwrap_err();
    assert!(matches!(auth, Error::Auth(_)), "{auth:?}");
    seen.push(once("auth", &auth));
    // The texts still say what happened, each once somewhere in the chain.
    let all: Vec<String> = seen.into_iter().flatten().collect();
    for expected in [
        "denied",
        "does not decode",
        "clusterId",
        "timestamp out of range",
        "Shard",
        "poll broke",
        "Connection refused",
        "bad OAuth token",
    ] {
        assert!(
            all.iter().any(|t| t.contains(expected)),
            "{expected}: {all:#?}"
        );
    }
}
