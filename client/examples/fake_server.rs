//! A loopback fake of the SPQR API and IAM for running the examples (`.ci/run` does):
//! prints its origin (`http://127.0.0.1:PORT`) on the first line of stdout, serves for
//! `--lifetime SECS` (default 60) and exits. Point the examples at it with
//! `YC_REST_ENDPOINT`.
//!
//! Script: IAM exchanges any JWT or OAuth token for `iam-fake`, and every API call must
//! carry it. Folder `F` lists `F-1`, `F-2`, an empty page, then `F-3`. Backing up cluster
//! `X` gives an operation that is done on its second poll with cluster `X`; a cluster whose
//! id starts with `fail` gives a failed operation.

#[path = "../tests/support/fake.rs"]
mod fake;

use std::collections::HashMap;
use std::io::Write as _;
use std::sync::Mutex;
use std::time::Duration;

use fake::{Fake, Reply, Request};
use serde_json::json;

const TOKEN: &str = "iam-fake";

fn main() {
    let mut args = std::env::args().skip(1);
    let mut lifetime = 60;
    while let Some(arg) = args.next() {
        match (arg.as_str(), args.next().and_then(|v| v.parse().ok())) {
            ("--lifetime", Some(secs)) => lifetime = secs,
            _ => {
                eprintln!("usage: fake_server [--lifetime SECS]");
                std::process::exit(2);
            }
        }
    }
    let polls: Mutex<HashMap<String, u32>> = Mutex::new(HashMap::new());
    let fake = Fake::start_with(move |r| answer(r, &polls), false);
    println!("{}", fake.url());
    let _ = std::io::stdout().flush();
    std::thread::sleep(Duration::from_secs(lifetime));
}

fn answer(r: &Request, polls: &Mutex<HashMap<String, u32>>) -> Reply {
    let path = r.path().to_owned();
    if r.method == "POST" && path == "/iam/v1/tokens" {
        let body = r.json();
        if body.get("jwt").is_none() && body.get("yandexPassportOauthToken").is_none() {
            return Reply::json(400, json!({"code": 3, "message": "no credentials"}));
        }
        return Reply::json(
            200,
            json!({"iamToken": TOKEN, "expiresAt": "2999-01-01T00:00:00Z"}),
        );
    }
    if r.header("authorization") != Some(&format!("Bearer {TOKEN}")) {
        return Reply::json(401, json!({"code": 16, "message": "bad token"}));
    }
    if r.method == "GET" && path == "/managed-spqr/v1/clusters" {
        let folder = r.param("folderId").unwrap_or_default();
        let (ids, next) = match r.param("pageToken").as_deref() {
            None => (
                vec![format!("{folder}-1"), format!("{folder}-2")],
                Some("p2"),
            ),
            Some("p2") => (vec![], Some("p3")),
            Some("p3") => (vec![format!("{folder}-3")], None),
            Some(_) => return Reply::json(400, json!({"code": 3, "message": "bad page token"})),
        };
        let clusters: Vec<_> = ids
            .iter()
            .map(|id| json!({"id": id, "folderId": folder}))
            .collect();
        let mut body = json!({ "clusters": clusters });
        if let Some(next) = next {
            body["nextPageToken"] = json!(next);
        }
        return Reply::json(200, body);
    }
    if let Some(cluster) = path
        .strip_prefix("/managed-spqr/v1/clusters/")
        .and_then(|p| p.strip_suffix(":backup"))
    {
        if r.method == "POST" {
            return Reply::json(200, json!({"id": format!("op-{cluster}"), "done": false}))
                .with_header("x-operation-poll-interval", "0.1");
        }
    }
    if let Some(op) = path.strip_prefix("/operations/op-") {
        let n = {
            let mut polls = polls.lock().unwrap();
            let n = polls.entry(op.to_owned()).or_insert(0);
            *n += 1;
            *n
        };
        if n < 2 {
            return Reply::json(200, json!({"id": format!("op-{op}"), "done": false}))
                .with_header("x-operation-poll-interval", "0.1");
        }
        if op.starts_with("fail") {
            return Reply::json(
                200,
                json!({"id": format!("op-{op}"), "done": true,
                       "error": {"code": 9, "message": format!("backup of {op} failed: the cluster is stopped")}}),
            );
        }
        return Reply::json(
            200,
            json!({"id": format!("op-{op}"), "done": true, "response": {
                "@type": "type.googleapis.com/yandex.cloud.mdb.spqr.v1.Cluster", "id": op}}),
        );
    }
    Reply::json(404, json!({"code": 5, "message": format!("no {path}")}))
}
