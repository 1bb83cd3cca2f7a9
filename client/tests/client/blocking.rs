//! The blocking client: the same calls without a runtime of the caller's.

use std::time::Duration;

use serde_json::json;
use yandex_cloud_client::{blocking, Client, Credentials, Env};
use yandex_cloud_models::mdb::spqr::v1::{
    BackupClusterRequest, GetClusterRequest, ListClustersRequest,
};

use crate::common::cluster;
use crate::fake::{Fake, Reply, Request};

fn assert_shareable<T: Clone + Send + Sync + 'static>() {}

#[test]
fn clients_are_clone_send_sync() {
    assert_shareable::<Client>();
    assert_shareable::<blocking::Client>();
}

fn fake() -> Fake {
    Fake::start(|r: &Request| match (r.method.as_str(), r.path()) {
        ("POST", "/iam/v1/tokens") => Reply::json(
            200,
            json!({"iamToken": "iam-b", "expiresAt": "2999-01-01T00:00:00Z"}),
        ),
        ("GET", "/managed-spqr/v1/clusters") => match r.param("pageToken").as_deref() {
            None => Reply::json(
                200,
                json!({"clusters": [{"id": "a"}], "nextPageToken": "p2"}),
            ),
            _ => Reply::json(200, json!({"clusters": [{"id": "b"}]})),
        },
        ("POST", "/managed-spqr/v1/clusters/c1:backup") => {
            Reply::json(200, json!({"id": "op1", "done": false}))
        }
        ("GET", "/operations/op1") => Reply::json(
            200,
            json!({"id": "op1", "done": true, "response": {"id": "c1"}}),
        ),
        _ => cluster("c1"),
    })
}

fn client(fake: &Fake) -> blocking::Client {
    Client::builder()
        .env(Env::empty())
        .endpoint(fake.url())
        .credentials(Credentials::OAuthToken("y0".into()))
        .poll_interval(Duration::from_millis(10))
        .build_blocking()
        .unwrap()
}

#[test]
fn the_blocking_client_sends_waits_and_lists() {
    let fake = fake();
    let client = client(&fake);
    let got = client
        .send(&GetClusterRequest::new().set_cluster_id("c1"))
        .unwrap();
    assert_eq!(got.id.as_deref(), Some("c1"));
    let cluster = client
        .send_and_wait(&BackupClusterRequest::new().set_cluster_id("c1"))
        .unwrap();
    assert_eq!(cluster.id.as_deref(), Some("c1"));
    let list = ListClustersRequest::new().set_folder_id("f1");
    let ids: Vec<String> = client
        .items(list.clone())
        .map(|c| c.unwrap().id.unwrap())
        .collect();
    assert_eq!(ids, ["a", "b"]);
    assert_eq!(client.pages(list).count(), 2);
    assert_eq!(fake.count("/iam/v1/tokens"), 1, "one token for all of it");
}

#[test]
fn clones_on_several_threads_share_one_token() {
    let fake = fake();
    let client = client(&fake);
    let threads: Vec<_> = (0..8)
        .map(|_| {
            let client = client.clone();
            std::thread::spawn(move || {
                for _ in 0..5 {
                    client
                        .send(&GetClusterRequest::new().set_cluster_id("c1"))
                        .unwrap();
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    assert_eq!(fake.count("/iam/v1/tokens"), 1);
    assert_eq!(fake.count("/managed-spqr/v1/clusters/c1"), 40);
}

#[test]
fn a_blocking_client_can_be_dropped_inside_a_runtime() {
    let fake = fake();
    let client = client(&fake);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    runtime.block_on(async move { drop(client) });
}
