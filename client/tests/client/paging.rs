//! Listings read as pages and as items.

use futures_util::TryStreamExt as _;
use serde_json::json;
use yandex_cloud_client::Error;
use yandex_cloud_models::mdb::spqr::v1::ListClustersRequest;

use crate::common::client;
use crate::fake::{Fake, Reply, Request};

/// Pages by the request's token: `None` for the first.
fn lister(
    pages: &'static [(
        Option<&'static str>,
        &'static [&'static str],
        Option<&'static str>,
    )],
) -> Fake {
    Fake::start(move |r: &Request| {
        let token = r.param("pageToken");
        match pages.iter().find(|(t, _, _)| t.map(str::to_owned) == token) {
            Some((_, ids, next)) => {
                let clusters: Vec<_> = ids.iter().map(|id| json!({"id": id})).collect();
                let mut body = json!({"clusters": clusters});
                if let Some(next) = next {
                    body["nextPageToken"] = json!(next);
                }
                Reply::json(200, body)
            }
            None => Reply::json(400, json!({"code": 3, "message": "bad token"})),
        }
    })
}

fn list() -> ListClustersRequest {
    ListClustersRequest::new().set_folder_id("f1")
}

fn ids(clusters: Vec<yandex_cloud_models::mdb::spqr::v1::Cluster>) -> Vec<String> {
    clusters.into_iter().map(|c| c.id.unwrap()).collect()
}

#[tokio::test]
async fn items_are_read_across_pages() {
    let fake = lister(&[
        (None, &["a", "b"], Some("p2")),
        (Some("p2"), &["c"], Some("p3")),
        (Some("p3"), &["d", "e"], None),
    ]);
    let (client, _) = client(&fake);
    let items: Vec<_> = client.items(list()).try_collect().await.unwrap();
    assert_eq!(ids(items), ["a", "b", "c", "d", "e"]);
    let tokens: Vec<_> = fake
        .requests()
        .iter()
        .map(|r| r.param("pageToken"))
        .collect();
    assert_eq!(tokens, [None, Some("p2".into()), Some("p3".into())]);
    assert!(fake
        .requests()
        .iter()
        .all(|r| r.param("folderId").as_deref() == Some("f1")));
    assert!(fake
        .requests()
        .iter()
        .all(|r| r.param("pageSize").is_none()));

    let pages: Vec<_> = client
        .pages(list().set_page_size(2))
        .try_collect()
        .await
        .unwrap();
    assert_eq!(pages.len(), 3);
    assert!(fake.requests()[3..]
        .iter()
        .all(|r| r.param("pageSize").as_deref() == Some("2")));
}

#[tokio::test]
async fn an_empty_page_with_a_token_does_not_end_the_listing() {
    let fake = lister(&[
        (None, &[], Some("p2")),
        (Some("p2"), &[], Some("p3")),
        (Some("p3"), &["z"], Some("")),
    ]);
    let (client, _) = client(&fake);
    let items: Vec<_> = client.items(list()).try_collect().await.unwrap();
    assert_eq!(ids(items), ["z"]);
    assert_eq!(fake.requests().len(), 3, "an empty next token ends it");
}

#[tokio::test]
async fn a_repeated_token_ends_the_listing_with_an_error() {
    let fake = lister(&[
        (None, &["a"], Some("p2")),
        (Some("p2"), &["b"], Some("p3")),
        (Some("p3"), &["c"], Some("p2")),
    ]);
    let (client, _) = client(&fake);
    let mut items = Box::pin(client.items(list()));
    let mut seen = Vec::new();
    let e = loop {
        match items.try_next().await {
            Ok(Some(c)) => seen.push(c.id.unwrap()),
            Ok(None) => panic!("the listing ended without an error"),
            Err(e) => break e,
        }
    };
    assert_eq!(seen, ["a", "b", "c"], "every page read is yielded first");
    assert!(
        matches!(&e, Error::RepeatedPageToken { token } if token == "p2"),
        "{e:?}"
    );
    assert_eq!(
        items.try_next().await.unwrap().map(|c| c.id),
        None,
        "then it ends"
    );
    assert_eq!(fake.requests().len(), 3);
}

#[tokio::test]
async fn an_error_ends_the_listing() {
    let fake = lister(&[(None, &["a"], Some("unknown"))]);
    let (client, _) = client(&fake);
    let e = client
        .items(list())
        .try_collect::<Vec<_>>()
        .await
        .unwrap_err();
    assert_eq!(e.status(), Some(400));
}
