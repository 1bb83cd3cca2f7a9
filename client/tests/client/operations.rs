//! Waiting for operations: polls, tolerated 404s, the poll-interval header, the timeout,
//! failure, and cancel.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use serde_json::{json, Value};
use yandex_cloud_client::Error;
use yandex_cloud_models::mdb::spqr::v1::BackupClusterRequest;

use crate::common::{builder, client, not_found, FakeClock};
use crate::fake::{Fake, Reply, Request};

const BACKUP: &str = "/managed-spqr/v1/clusters/c1:backup";
const POLL: &str = "/operations/op1";

fn backup() -> BackupClusterRequest {
    BackupClusterRequest::new().set_cluster_id("c1")
}

fn running() -> Value {
    json!({"id": "op1", "done": false, "metadata": {
        "@type": "type.googleapis.com/yandex.cloud.mdb.spqr.v1.BackupClusterMetadata",
        "clusterId": "c1"}})
}

fn finished() -> Value {
    json!({"id": "op1", "done": true, "response": {
        "@type": "type.googleapis.com/yandex.cloud.mdb.spqr.v1.Cluster", "id": "c1", "name": "n"}})
}

/// The backup call answers `first`; polls answer `polls` in turn, then `finished()`.
fn fake(first: Value, polls: Vec<Reply>) -> Fake {
    let n = Arc::new(AtomicUsize::new(0));
    Fake::start(move |r: &Request| match r.path() {
        BACKUP => Reply::json(200, first.clone()),
        POLL => {
            let i = n.fetch_add(1, Ordering::SeqCst);
            polls
                .get(i)
                .cloned()
                .unwrap_or_else(|| Reply::json(200, finished()))
        }
        _ => not_found(),
    })
}

#[tokio::test]
async fn an_operation_done_at_once_is_not_polled() {
    let fake = fake(finished(), vec![]);
    let (client, _) = client(&fake);
    let cluster = client.send_and_wait(&backup()).await.unwrap();
    assert_eq!(cluster.id.as_deref(), Some("c1"));
    assert_eq!(fake.count(POLL), 0);
}

#[tokio::test]
async fn an_operation_is_polled_every_second_until_done() {
    let polls = vec![Reply::json(200, running()), Reply::json(200, running())];
    let fake = fake(running(), polls);
    let (client, clock) = client(&fake);
    let cluster = client.send_and_wait(&backup()).await.unwrap();
    assert_eq!(cluster.name.as_deref(), Some("n"));
    assert_eq!(fake.count(POLL), 3);
    assert_eq!(clock.sleeps(), [Duration::from_secs(1); 3]);
    let poll = fake
        .requests()
        .into_iter()
        .find(|r| r.path() == POLL)
        .unwrap();
    assert_eq!(poll.method, "GET");
    assert_eq!(poll.header("authorization"), Some("Bearer t1.test-token"));
}

#[tokio::test]
async fn the_server_sets_the_poll_interval() {
    let polls = vec![Reply::json(200, running()).with_header("x-operation-poll-interval", "0.25")];
    let fake = Fake::start({
        let polls = polls.clone();
        let n = AtomicUsize::new(0);
        move |r: &Request| match r.path() {
            BACKUP => Reply::json(200, running()).with_header("x-operation-poll-interval", "3"),
            _ if n.fetch_add(1, Ordering::SeqCst) < polls.len() => polls[0].clone(),
            _ => Reply::json(200, finished()),
        }
    });
    let (client, clock) = client(&fake);
    client.send_and_wait(&backup()).await.unwrap();
    assert_eq!(
        clock.sleeps(),
        [Duration::from_secs(3), Duration::from_millis(250)]
    );
}

#[tokio::test]
async fn a_failed_operation_is_its_own_error() {
    let failed = json!({"id": "op1", "done": true, "error": {
        "code": 9, "message": "backup is already running",
        "details": [{"@type": "type.googleapis.com/google.rpc.DebugInfo", "detail": "d"}]}});
    let fake = fake(running(), vec![Reply::json(200, failed)]);
    let (client, _) = client(&fake);
    let e = client.send_and_wait(&backup()).await.unwrap_err();
    let Error::OperationFailed(op) = &e else {
        panic!("{e:?}")
    };
    assert_eq!(op.id, "op1");
    assert_eq!(op.code, Some(9));
    assert_eq!(op.message.as_deref(), Some("backup is already running"));
    assert_eq!(op.details[0]["detail"], "d");
    assert_eq!(
        e.to_string(),
        "operation op1 failed (code 9): backup is already running"
    );
}

#[tokio::test]
async fn three_404s_are_polled_through_and_a_fourth_is_a_polling_error() {
    let fake3 = fake(running(), vec![not_found(), not_found(), not_found()]);
    let (client, _) = client(&fake3);
    client.send_and_wait(&backup()).await.unwrap();
    assert_eq!(fake3.count(POLL), 4);

    let fake4 = fake(running(), vec![not_found(); 4]);
    let (client, _) = crate::common::client(&fake4);
    let e = client.send_and_wait(&backup()).await.unwrap_err();
    let Error::Polling {
        operation_id,
        source,
    } = &e
    else {
        panic!("{e:?}")
    };
    assert_eq!(operation_id, "op1");
    assert_eq!(source.status(), Some(404));
    assert_eq!(fake4.count(POLL), 4);
}

#[tokio::test]
async fn polls_go_through_the_retry_policy() {
    let unavailable = Reply::json(503, json!({"code": 14, "message": "unavailable"}));
    let fake = fake(running(), vec![unavailable.clone(), Reply::Reset]);
    let (client, _) = client(&fake);
    client.send_and_wait(&backup()).await.unwrap();
    assert_eq!(fake.count(POLL), 3);
}

#[tokio::test]
async fn waiting_times_out() {
    let fake = fake(running(), vec![Reply::json(200, running()); 1000]);
    let clock = FakeClock::new();
    let client = builder(&fake, &clock)
        .operation_timeout(Duration::from_secs(10))
        .build()
        .unwrap();
    let e = client.send_and_wait(&backup()).await.unwrap_err();
    let Error::OperationTimeout {
        operation_id,
        waited,
    } = &e
    else {
        panic!("{e:?}")
    };
    assert_eq!(operation_id, "op1");
    assert_eq!(*waited, Duration::from_secs(10));
    assert_eq!(fake.count(POLL), 10);
}

#[tokio::test]
async fn an_operation_is_cancelled_and_read() {
    let fake = Fake::start(|r: &Request| match r.path() {
        "/operations/op1:cancel" => Reply::json(
            200,
            json!({"id": "op1", "done": true, "error": {"code": 1, "message": "cancelled"}}),
        ),
        POLL => Reply::json(200, running()),
        _ => not_found(),
    });
    let (client, _) = client(&fake);
    let op = client.cancel_operation("op1").await.unwrap();
    assert_eq!(op.done, Some(true));
    let sent = &fake.requests()[0];
    assert_eq!(
        (sent.method.as_str(), sent.target.as_str()),
        ("GET", "/operations/op1:cancel")
    );
    let op = client.get_operation("op1").await.unwrap();
    assert_eq!(op.done, Some(false));
    let e = client
        .wait_operation(client.cancel_operation("op1").await.unwrap())
        .await;
    assert!(matches!(e, Err(Error::OperationFailed(_))));
}

#[tokio::test]
async fn wait_reads_an_operation_started_earlier() {
    let fake = fake(running(), vec![]);
    let (client, _) = client(&fake);
    let started = client.send(&backup()).await.unwrap();
    let cluster = client.wait::<BackupClusterRequest>(started).await.unwrap();
    assert_eq!(cluster.id.as_deref(), Some("c1"));
}

#[tokio::test]
async fn an_operation_without_an_id_cannot_be_waited_for() {
    let fake = fake(json!({"done": false}), vec![]);
    let (client, _) = client(&fake);
    let e = client.send_and_wait(&backup()).await.unwrap_err();
    assert!(matches!(e, Error::NoOperationId), "{e:?}");
    assert_eq!(fake.requests().len(), 1);
}
