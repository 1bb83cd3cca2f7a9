//! What the client tells `tracing`: a span per call and per attempt with the documented
//! fields, events for token refreshes and operation polls, and never a secret.

use std::collections::BTreeMap;
use std::fmt::Debug;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use serde_json::json;
use tracing::field::{Field, Visit};
use tracing::{span, Event, Subscriber};
use tracing_subscriber::layer::{Context, SubscriberExt as _};
use tracing_subscriber::registry::LookupSpan;
use tracing_subscriber::{Layer, Registry};
use yandex_cloud_client::{Client, Credentials, Env};
use yandex_cloud_models::mdb::spqr::v1::{BackupClusterRequest, GetClusterRequest};
use yandex_cloud_models::vpc::v1::CreateNetworkRequest;

use crate::common::{cluster, FakeClock};
use crate::fake::{Fake, Reply, Request};

/// A span (when it closed) or an event, with every field it recorded, as text.
#[derive(Clone, Debug)]
struct Record {
    span: bool,
    /// A span's name, an event's message.
    name: String,
    fields: BTreeMap<String, String>,
    /// The name of the span it is in.
    parent: Option<String>,
}

#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<Record>>>);

struct Fields<'a>(&'a mut BTreeMap<String, String>);

impl Visit for Fields<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn Debug) {
        self.0.insert(field.name().into(), format!("{value:?}"));
    }

    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.insert(field.name().into(), value.into());
    }
}

impl<S: Subscriber + for<'a> LookupSpan<'a>> Layer<S> for Capture {
    fn on_new_span(&self, attrs: &span::Attributes<'_>, id: &span::Id, ctx: Context<'_, S>) {
        let mut fields = BTreeMap::new();
        attrs.record(&mut Fields(&mut fields));
        ctx.span(id).unwrap().extensions_mut().insert(fields);
    }

    fn on_record(&self, id: &span::Id, values: &span::Record<'_>, ctx: Context<'_, S>) {
        let span = ctx.span(id).unwrap();
        let mut extensions = span.extensions_mut();
        let fields = extensions.get_mut::<BTreeMap<String, String>>().unwrap();
        values.record(&mut Fields(fields));
    }

    fn on_event(&self, event: &Event<'_>, ctx: Context<'_, S>) {
        let mut fields = BTreeMap::new();
        event.record(&mut Fields(&mut fields));
        let name = fields.remove("message").unwrap_or_default();
        let parent = ctx.event_span(event).map(|s| s.name().to_string());
        self.0.lock().unwrap().push(Record {
            span: false,
            name,
            fields,
            parent,
        });
    }

    fn on_close(&self, id: span::Id, ctx: Context<'_, S>) {
        let span = ctx.span(&id).unwrap();
        let fields = span
            .extensions()
            .get::<BTreeMap<String, String>>()
            .cloned()
            .unwrap_or_default();
        self.0.lock().unwrap().push(Record {
            span: true,
            name: span.name().to_string(),
            fields,
            parent: span.parent().map(|p| p.name().to_string()),
        });
    }
}

const OAUTH: &str = "y0_SECRET_oauth";
const IAM: &str = "t1.SECRET_iam";
const BODY_SECRET: &str = "net-SECRET-name";

/// IAM exchanges the OAuth token; the cluster answers 503 once, then itself; a backup
/// starts an operation done at the first poll; a network is created at once.
fn fake() -> Fake {
    let cluster_calls = Arc::new(AtomicUsize::new(0));
    Fake::start(move |r: &Request| match r.path() {
        "/iam/v1/tokens" => Reply::json(
            200,
            json!({"iamToken": IAM, "expiresAt": "2999-01-01T00:00:00Z"}),
        ),
        "/managed-spqr/v1/clusters/c1" => match cluster_calls.fetch_add(1, Ordering::SeqCst) {
            0 => Reply::json(503, json!({"code": 14, "message": "busy"}))
                .with_header("retry-after", "0"),
            _ => cluster("c1"),
        },
        "/managed-spqr/v1/clusters/c1:backup" => {
            Reply::json(200, json!({"id": "op1", "done": false}))
        }
        "/operations/op1" => Reply::json(
            200,
            json!({"id": "op1", "done": true, "response": {
                "@type": "type.googleapis.com/yandex.cloud.mdb.spqr.v1.Cluster", "id": "c1"}}),
        ),
        "/vpc/v1/networks" => Reply::json(
            200,
            json!({"id": "op2", "done": true, "response": {
            "@type": "type.googleapis.com/yandex.cloud.vpc.v1.Network", "id": "n1"}}),
        ),
        _ => Reply::json(404, json!({"code": 5, "message": "no such path"})),
    })
}

#[tokio::test(flavor = "current_thread")]
async fn calls_attempts_token_refreshes_and_polls_are_traced_without_secrets() {
    let capture = Capture::default();
    let _guard = tracing::subscriber::set_default(Registry::default().with(capture.clone()));
    let fake = fake();
    let client = Client::builder()
        .env(Env::empty())
        .endpoint(fake.url())
        .credentials(Credentials::OAuthToken(OAUTH.into()))
        .clock(FakeClock::new())
        .build()
        .unwrap();
    client
        .send(&GetClusterRequest::new().set_cluster_id("c1"))
        .await
        .unwrap();
    client
        .send_and_wait(&BackupClusterRequest::new().set_cluster_id("c1"))
        .await
        .unwrap();
    client
        .send_and_wait(
            &CreateNetworkRequest::new()
                .set_folder_id("f1")
                .set_name(BODY_SECRET),
        )
        .await
        .unwrap();
    let records = capture.0.lock().unwrap().clone();
    let spans = |name: &str, method: &str| -> Vec<Record> {
        records
            .iter()
            .filter(|r| r.span && r.name == name)
            .filter(|r| {
                method.is_empty() || r.fields.get("method").map(String::as_str) == Some(method)
            })
            .cloned()
            .collect()
    };

    // The call: what it is, its trace id (the header the server saw), how it ended.
    let calls = spans("yandex_cloud.call", "Cluster.Get");
    assert_eq!(calls.len(), 1, "{records:#?}");
    let call = &calls[0].fields;
    let sent: Vec<Request> = fake
        .requests()
        .into_iter()
        .filter(|r| r.path() == "/managed-spqr/v1/clusters/c1")
        .collect();
    let expected = [
        ("service", "yandex.cloud.mdb.spqr.v1"),
        ("verb", "GET"),
        ("path", "/managed-spqr/v1/clusters/{clusterId}"),
        ("trace_id", sent[0].header("x-client-trace-id").unwrap()),
        ("attempts", "2"),
        ("status", "200"),
    ];
    for (field, value) in expected {
        assert_eq!(
            call.get(field).map(String::as_str),
            Some(value),
            "{field}: {call:?}"
        );
    }

    // Its attempts: numbered, each with the request id it sent, the first retried.
    let attempts: Vec<Record> = spans("yandex_cloud.attempt", "")
        .into_iter()
        .filter(|r| {
            r.fields.get("request_id").map(String::as_str) == sent[0].header("x-request-id")
                || r.fields.get("request_id").map(String::as_str) == sent[1].header("x-request-id")
        })
        .collect();
    assert_eq!(attempts.len(), 2, "{records:#?}");
    let first = &attempts[0].fields;
    assert_eq!(attempts[0].parent.as_deref(), Some("yandex_cloud.call"));
    assert_eq!(first.get("attempt").map(String::as_str), Some("1"));
    assert_eq!(first.get("status").map(String::as_str), Some("503"));
    assert_eq!(
        first.get("retry").map(String::as_str),
        Some("unavailable (503)")
    );
    assert_eq!(first.get("wait_ms").map(String::as_str), Some("0"));
    assert!(first.contains_key("elapsed_ms"), "{first:?}");
    let second = &attempts[1].fields;
    assert_eq!(second.get("attempt").map(String::as_str), Some("2"));
    assert_eq!(second.get("status").map(String::as_str), Some("200"));
    assert!(!second.contains_key("retry"), "{second:?}");

    // The token exchange is a call of its own, and the refresh an event.
    assert_eq!(spans("yandex_cloud.call", "IamToken.Create").len(), 1);
    let refreshed: Vec<&Record> = records
        .iter()
        .filter(|r| !r.span && r.name == "token refreshed")
        .collect();
    assert_eq!(refreshed.len(), 1, "{records:#?}");
    assert_eq!(
        refreshed[0].fields.get("source").map(String::as_str),
        Some("OAuth token")
    );

    // The operation's poll: a call of the operation service, and an event.
    assert_eq!(spans("yandex_cloud.call", "Operation.Get").len(), 1);
    let polled: Vec<&Record> = records
        .iter()
        .filter(|r| !r.span && r.name == "operation polled")
        .collect();
    assert_eq!(polled.len(), 1, "{records:#?}");
    assert_eq!(
        polled[0].fields.get("operation_id").map(String::as_str),
        Some("op1")
    );
    assert_eq!(
        polled[0].fields.get("done").map(String::as_str),
        Some("true")
    );

    // No token, authorization header or body anywhere.
    let all = format!("{records:?}");
    for secret in [OAUTH, IAM, "SECRET", "Bearer", "authorization", "iamToken"] {
        assert!(!all.contains(secret), "`{secret}` in the traces: {all}");
    }
    assert!(fake
        .requests()
        .iter()
        .any(|r| r.json()["name"] == BODY_SECRET));
}
