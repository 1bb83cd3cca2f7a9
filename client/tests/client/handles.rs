//! Typed operation handles: started, polled, read, resumed from a stored id, cancelled,
//! for the async and the blocking client.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use serde_json::{json, Value};
use yandex_cloud_client::{blocking, Client, Credentials, Env, Error};
use yandex_cloud_models::mdb::spqr::v1::BackupClusterRequest;

use crate::common::{client, not_found};
use crate::fake::{Fake, Reply, Request};

const BACKUP: &str = "/managed-spqr/v1/clusters/c1:backup";
const POLL: &str = "/operations/op1";
const CANCEL: &str = "/operations/op1:cancel";

fn backup() -> BackupClusterRequest {
    BackupClusterRequest::new().set_cluster_id("c1")
}

fn running(shard: &str) -> Value {
    json!({"id": "op1", "done": false, "metadata": {
        "@type": "type.googleapis.com/yandex.cloud.mdb.spqr.v1.BackupClusterMetadata",
        "clusterId": shard}})
}

fn finished() -> Value {
    json!({"id": "op1", "done": true, "response": {
        "@type": "type.googleapis.com/yandex.cloud.mdb.spqr.v1.Cluster", "id": "c1", "name": "n"}})
}

/// The backup starts `running("c1")`; polls answer `running("c1-{n}")` twice, then
/// `finished()`; a cancel answers a cancelled operation.
fn fake() -> Fake {
    let n = Arc::new(AtomicUsize::new(0));
    Fake::start(move |r: &Request| match r.path() {
        BACKUP => Reply::json(200, running("c1")),
        POLL => match n.fetch_add(1, Ordering::SeqCst) {
            i @ 0..=1 => Reply::json(200, running(&format!("c1-{}", i + 1))),
            _ => Reply::json(200, finished()),
        },
        CANCEL => Reply::json(
            200,
            json!({"id": "op1", "done": true, "error": {"code": 1, "message": "cancelled"}}),
        ),
        _ => not_found(),
    })
}

#[tokio::test]
async fn a_started_operation_is_read_polled_and_finished_with_its_types() {
    let fake = fake();
    let (client, _) = client(&fake);
    let mut handle = client.start(&backup()).await.unwrap();
    assert_eq!(handle.id(), "op1");
    assert!(!handle.is_done());
    assert!(handle.result().is_none());
    // The metadata is the method's own type, not JSON.
    let metadata = handle.metadata().unwrap().unwrap();
    assert_eq!(metadata.cluster_id(), "c1");
    assert_eq!(fake.count(POLL), 0, "starting does not poll");

    assert!(!handle.poll().await.unwrap());
    assert_eq!(handle.metadata().unwrap().unwrap().cluster_id(), "c1-1");
    assert!(!handle.poll().await.unwrap());
    assert!(handle.poll().await.unwrap());
    assert_eq!(fake.count(POLL), 3);
    // Done: polling again sends nothing, and the result is the typed response.
    assert!(handle.poll().await.unwrap());
    assert_eq!(fake.count(POLL), 3);
    let cluster = handle.result().unwrap().unwrap();
    assert_eq!(cluster.name.as_deref(), Some("n"));
    let cluster = handle.wait().await.unwrap();
    assert_eq!(cluster.id.as_deref(), Some("c1"));
    assert_eq!(fake.count(POLL), 3);
}

#[tokio::test]
async fn a_stored_id_resumes_into_a_handle_that_waits() {
    let fake = fake();
    let (client, _) = client(&fake);
    let id = client.start(&backup()).await.unwrap().id().to_owned();
    // Later, perhaps in another process: the id and the method's request type are enough.
    let handle = client.resume::<BackupClusterRequest>(&id).await.unwrap();
    assert_eq!(fake.count(POLL), 1, "resuming reads the operation once");
    assert_eq!(handle.metadata().unwrap().unwrap().cluster_id(), "c1-1");
    let cluster = handle.wait().await.unwrap();
    assert_eq!(cluster.name.as_deref(), Some("n"));
    assert_eq!(fake.count(POLL), 3);
}

#[tokio::test]
async fn a_cancelled_operation_ends_in_its_error() {
    let fake = fake();
    let (client, _) = client(&fake);
    let mut handle = client.start(&backup()).await.unwrap();
    handle.cancel().await.unwrap();
    assert_eq!(fake.count(CANCEL), 1);
    assert!(handle.is_done());
    let failed = |e: Error| match e {
        Error::OperationFailed(failed) => (failed.id, failed.code, failed.message),
        other => panic!("{other:?}"),
    };
    let expected = ("op1".to_string(), Some(1), Some("cancelled".to_string()));
    assert_eq!(failed(handle.result().unwrap().unwrap_err()), expected);
    assert_eq!(failed(handle.wait().await.unwrap_err()), expected);
    assert_eq!(fake.count(POLL), 0);
}

#[tokio::test]
async fn an_unknown_id_is_the_servers_error() {
    let fake = fake();
    let (client, _) = client(&fake);
    let err = client
        .resume::<BackupClusterRequest>("op2")
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(404), "{err:?}");
}

#[test]
fn the_blocking_client_has_the_same_handle() {
    let fake = fake();
    let client = Client::builder()
        .env(Env::empty())
        .endpoint(fake.url())
        .credentials(Credentials::IamToken("t1.test-token".into()))
        .poll_interval(std::time::Duration::from_millis(1))
        .build_blocking()
        .unwrap();
    let client: blocking::Client = client;
    let mut handle = client.start(&backup()).unwrap();
    assert_eq!(handle.metadata().unwrap().unwrap().cluster_id(), "c1");
    assert!(!handle.poll().unwrap());
    let id = handle.id().to_owned();
    let resumed = client.resume::<BackupClusterRequest>(&id).unwrap();
    assert_eq!(resumed.metadata().unwrap().unwrap().cluster_id(), "c1-2");
    assert_eq!(resumed.wait().unwrap().name.as_deref(), Some("n"));
    handle.cancel().unwrap();
    assert!(matches!(handle.wait(), Err(Error::OperationFailed(_))));
}
