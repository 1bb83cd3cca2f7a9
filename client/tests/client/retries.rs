//! Which answers are retried, how often and after how long.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use serde_json::json;
use yandex_cloud_client::{CallOptions, Error, Idempotency, RetryPolicy};
use yandex_cloud_models::mdb::spqr::v1::{BackupClusterRequest, GetClusterRequest};

use crate::common::{builder, client, cluster, FakeClock};
use crate::fake::{Fake, Reply, Request};

fn get() -> GetClusterRequest {
    GetClusterRequest::new().set_cluster_id("c1")
}

/// A fake answering with `script` in turn, then `last` for ever.
fn scripted(script: Vec<Reply>, last: Reply) -> Fake {
    let n = Arc::new(AtomicUsize::new(0));
    Fake::start(move |_: &Request| {
        let i = n.fetch_add(1, Ordering::SeqCst);
        script.get(i).cloned().unwrap_or_else(|| last.clone())
    })
}

fn status(code: u16) -> Reply {
    Reply::json(
        code,
        json!({"code": 14, "message": format!("status {code}")}),
    )
}

#[tokio::test]
async fn a_503_is_retried_with_a_new_request_id_and_the_same_trace_id() {
    let fake = scripted(vec![status(503), status(503)], cluster("c1"));
    let (client, clock) = client(&fake);
    assert_eq!(client.send(&get()).await.unwrap().id.as_deref(), Some("c1"));
    let sent = fake.requests();
    assert_eq!(sent.len(), 3);
    let ids: std::collections::HashSet<_> = sent
        .iter()
        .map(|r| r.header("x-request-id").unwrap())
        .collect();
    assert_eq!(ids.len(), 3, "a new x-request-id per attempt");
    let traces: std::collections::HashSet<_> = sent
        .iter()
        .map(|r| r.header("x-client-trace-id").unwrap())
        .collect();
    assert_eq!(traces.len(), 1, "one x-client-trace-id per call");
    assert_eq!(clock.sleeps().len(), 2);
}

/// A throttled client waits as long as the server asks (seconds or an HTTP date), and no
/// longer than its policy's largest backoff.
#[tokio::test]
async fn a_retry_after_on_429_and_503_is_honoured_up_to_the_largest_backoff() {
    let in_an_hour =
        httpdate::fmt_http_date(std::time::SystemTime::now() + Duration::from_secs(3600));
    let fake = scripted(
        vec![
            status(429).with_header("retry-after", "3"),
            status(503).with_header("retry-after", &in_an_hour),
            status(503),
        ],
        cluster("c1"),
    );
    let (client, clock) = client(&fake);
    let policy = RetryPolicy::default().with_max_attempts(4);
    client
        .send_with(&get(), &CallOptions::new().retry(policy))
        .await
        .unwrap();
    assert_eq!(fake.requests().len(), 4);
    let sleeps = clock.sleeps();
    assert_eq!(
        sleeps[..2],
        [Duration::from_secs(3), Duration::from_secs(20)]
    );
    // Without a `Retry-After`, the jittered backoff of the third retry: below 400 ms.
    assert!(sleeps[2] < Duration::from_millis(400), "{sleeps:?}");
}

#[tokio::test]
async fn a_429_is_retried() {
    let fake = scripted(vec![status(429)], cluster("c1"));
    let (client, _) = client(&fake);
    client.send(&get()).await.unwrap();
    assert_eq!(fake.requests().len(), 2);
}

#[tokio::test]
async fn a_reset_connection_is_retried() {
    let fake = scripted(vec![Reply::Reset, Reply::Reset], cluster("c1"));
    let (client, _) = client(&fake);
    client.send(&get()).await.unwrap();
    assert_eq!(fake.requests().len(), 3);
}

#[tokio::test]
async fn other_client_errors_and_504_are_not_retried() {
    for code in [400, 403, 404, 409, 504] {
        let fake = scripted(vec![], status(code));
        let (client, clock) = client(&fake);
        let e = client.send(&get()).await.unwrap_err();
        assert_eq!(e.status(), Some(code));
        assert_eq!(fake.requests().len(), 1, "{code} sent once");
        assert!(clock.sleeps().is_empty());
    }
}

#[tokio::test]
async fn a_post_without_a_key_is_sent_once() {
    let fake = scripted(vec![], status(503));
    let (client, _) = client(&fake);
    let options = CallOptions::new().idempotency(Idempotency::Off);
    let e = client
        .send_with(&BackupClusterRequest::new().set_cluster_id("c1"), &options)
        .await
        .unwrap_err();
    assert_eq!(e.status(), Some(503));
    let sent = fake.requests();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].header("idempotency-key"), None);
}

#[tokio::test]
async fn a_post_with_a_key_is_retried_with_the_same_key() {
    let done = Reply::json(200, json!({"id": "op1", "done": false}));
    let fake = scripted(vec![status(503), Reply::Reset], done);
    let (client, _) = client(&fake);
    client
        .send(&BackupClusterRequest::new().set_cluster_id("c1"))
        .await
        .unwrap();
    let sent = fake.requests();
    assert_eq!(sent.len(), 3);
    let key = sent[0].header("idempotency-key").unwrap();
    assert!(sent
        .iter()
        .all(|r| r.header("idempotency-key") == Some(key)));
    // A key the caller chose is sent as it is.
    let options = CallOptions::new().idempotency(Idempotency::Key("my-key".into()));
    client
        .send_with(&BackupClusterRequest::new().set_cluster_id("c1"), &options)
        .await
        .unwrap();
    assert_eq!(fake.requests()[3].header("idempotency-key"), Some("my-key"));
    // One that cannot be a header value is not sent, so the call is not retried.
    let fake = scripted(vec![], status(503));
    let (client, _) = crate::common::client(&fake);
    let options = CallOptions::new().idempotency(Idempotency::Key("bad\nkey".into()));
    let e = client
        .send_with(&BackupClusterRequest::new().set_cluster_id("c1"), &options)
        .await
        .unwrap_err();
    assert_eq!(e.status(), Some(503));
    assert_eq!(fake.requests().len(), 1);
    assert_eq!(fake.requests()[0].header("idempotency-key"), None);
}

#[tokio::test]
async fn attempts_are_bounded() {
    let fake = scripted(vec![], status(503));
    let (client, clock) = client(&fake);
    let e = client.send(&get()).await.unwrap_err();
    assert_eq!(e.status(), Some(503));
    assert_eq!(fake.requests().len(), 4, "the default: 4 attempts");
    assert_eq!(clock.sleeps().len(), 3);

    let fake = scripted(vec![], Reply::Reset);
    let client = builder(&fake, &FakeClock::new())
        .retry(RetryPolicy::default().with_max_attempts(2))
        .build()
        .unwrap();
    let e = client.send(&get()).await.unwrap_err();
    assert!(matches!(e, Error::Transport(_)), "{e:?}");
    assert_eq!(fake.requests().len(), 2);
}

#[tokio::test]
async fn backoff_delays_stay_below_their_doubling_caps() {
    let fake = scripted(vec![], status(503));
    let clock = FakeClock::new();
    let policy = RetryPolicy::default()
        .with_max_attempts(7)
        .with_backoff(Duration::from_millis(10), Duration::from_millis(40));
    let client = builder(&fake, &clock)
        .retry(policy.clone())
        .build()
        .unwrap();
    client.send(&get()).await.unwrap_err();
    let sleeps = clock.sleeps();
    let caps = [10, 20, 40, 40, 40, 40].map(Duration::from_millis);
    assert_eq!(sleeps.len(), caps.len());
    for (i, (sleep, cap)) in sleeps.iter().zip(caps).enumerate() {
        assert!(*sleep <= cap, "retry {}: {sleep:?} > {cap:?}", i + 1);
        assert_eq!(policy.backoff_cap(i as u32 + 1), cap);
    }
    // Full jitter: over many calls the delays are spread, not all at the cap.
    for _ in 0..5 {
        client.send(&get()).await.unwrap_err();
    }
    let sleeps = clock.sleeps();
    assert!(sleeps.iter().any(|s| *s < Duration::from_millis(20)));
    assert!(sleeps.iter().any(|s| *s > Duration::from_millis(20)));
}
