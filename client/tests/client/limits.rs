//! Per-attempt and per-call timeouts and the response-size limit. These use real time
//! (short), since the client cannot make a server slow on a fake clock.

use std::time::{Duration, Instant};

use serde_json::json;
use yandex_cloud_client::{Error, RetryPolicy, TransportKind};
use yandex_cloud_models::mdb::spqr::v1::GetClusterRequest;

use crate::common::{builder, cluster, FakeClock};
use crate::fake::{Fake, Reply};

fn get() -> GetClusterRequest {
    GetClusterRequest::new().set_cluster_id("c1")
}

fn transport_kind(e: &Error) -> TransportKind {
    match e {
        Error::Transport(t) => t.kind,
        other => panic!("not a transport error: {other:?}"),
    }
}

/// Sends one GET to a server answering with `reply`, with no retries and `timeout` for the
/// attempt, and checks the attempt ends in a timeout well before the server would answer.
async fn attempt_times_out(reply: fn() -> Reply, timeout: Duration) {
    let fake = Fake::start(move |_| reply());
    let client = builder(&fake, &FakeClock::new())
        .retry(RetryPolicy::none())
        .attempt_timeout(timeout)
        .build()
        .unwrap();
    let started = Instant::now();
    let e = client.send(&get()).await.unwrap_err();
    assert_eq!(transport_kind(&e), TransportKind::Timeout);
    assert!(started.elapsed() < Duration::from_secs(3));
}

#[tokio::test]
async fn slow_headers_end_the_attempt() {
    attempt_times_out(
        || Reply::Delay(Duration::from_secs(5), Box::new(cluster("c1"))),
        Duration::from_millis(200),
    )
    .await;
}

#[tokio::test]
async fn a_slow_body_ends_the_attempt() {
    attempt_times_out(
        || Reply::SlowBody {
            declared: 100,
            prefix: br#"{"id": "c1", "#.to_vec(),
            stall: Duration::from_secs(5),
        },
        Duration::from_millis(300),
    )
    .await;
}

#[tokio::test]
async fn a_timed_out_get_is_retried_within_the_call_timeout() {
    let fake = Fake::start(|_| Reply::Delay(Duration::from_secs(5), Box::new(cluster("c1"))));
    let client = builder(&fake, &FakeClock::new())
        .retry(RetryPolicy::default().with_max_attempts(100))
        .attempt_timeout(Duration::from_millis(100))
        .call_timeout(Duration::from_millis(500))
        .build()
        .unwrap();
    let started = Instant::now();
    let e = client.send(&get()).await.unwrap_err();
    // Backoff sleeps on the fake clock, so attempts follow each other until the call's
    // (real) timeout ends them.
    assert!(matches!(e, Error::CallTimeout(_)), "{e:?}");
    assert!(started.elapsed() < Duration::from_secs(3));
    assert!(fake.requests().len() >= 2, "the attempt timeout is retried");
}

#[tokio::test]
async fn an_oversized_body_is_refused() {
    let big = "x".repeat(5000);
    let fake = Fake::start(move |_| Reply::json(200, json!({"id": "c1", "description": big})));
    let client = builder(&fake, &FakeClock::new())
        .max_response_bytes(1000)
        .build()
        .unwrap();
    let e = client.send(&get()).await.unwrap_err();
    assert_eq!(transport_kind(&e), TransportKind::TooLarge);
    assert_eq!(
        fake.requests().len(),
        1,
        "not retried: it would be as large again"
    );
    let roomy = builder(&fake, &FakeClock::new())
        .max_response_bytes(10_000)
        .build()
        .unwrap();
    assert!(roomy.send(&get()).await.is_ok());
}

#[tokio::test]
async fn a_body_in_chunks_is_read_whole_and_limited_without_a_length() {
    let chunks: Vec<Vec<u8>> = [r#"{"id": "c1", "#, r#""name": "#, r#""in chunks"}"#]
        .map(|c| c.as_bytes().to_vec())
        .to_vec();
    let fake = Fake::start(move |_| Reply::Chunked {
        status: 200,
        chunks: chunks.clone(),
    });
    let client = builder(&fake, &FakeClock::new()).build().unwrap();
    let got = client.send(&get()).await.unwrap();
    assert_eq!(got.name.as_deref(), Some("in chunks"));

    let big = vec![b' '; 600];
    let fake = Fake::start(move |_| Reply::Chunked {
        status: 200,
        chunks: vec![big.clone(), big.clone(), b"{}".to_vec()],
    });
    let client = builder(&fake, &FakeClock::new())
        .max_response_bytes(1000)
        .build()
        .unwrap();
    let e = client.send(&get()).await.unwrap_err();
    assert_eq!(transport_kind(&e), TransportKind::TooLarge);
}
