//! A loopback fake of the API and IAM for running the examples (`.ci/run` does): prints its
//! origin (`http://127.0.0.1:PORT`) on the first line of stdout, serves for `--lifetime SECS`
//! (default 60) and exits. Point the examples at it with `YC_REST_ENDPOINT`.
//!
//! Script: IAM exchanges any JWT or OAuth token for `iam-fake`, and every API call must
//! carry it. Listings (SPQR clusters and Compute instances of folder `F`, Resource Manager
//! folders of cloud `C`) give `F-1`, `F-2`, an empty page, then `F-3`. Calls that start an
//! operation (backing up cluster `X`, creating a network or an instance, setting a folder's
//! access bindings) give one that is done on its second poll with the response the call
//! implies; a cluster whose id starts with `fail` gives a failed operation. A new instance
//! gets internal address 10.0.0.5 and, when asked for one, public address 203.0.113.5.

#[path = "../tests/support/fake.rs"]
mod fake;

use std::collections::HashMap;
use std::io::Write as _;
use std::sync::Mutex;
use std::time::Duration;

use fake::{Fake, Reply, Request};
use serde_json::{json, Value};

const TOKEN: &str = "iam-fake";

/// Operations started, by id: how often each was polled, and how it ends (`response` or
/// `error`, as an operation prints them).
type Operations = Mutex<HashMap<String, (u32, Value)>>;

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
    let operations: Operations = Mutex::new(HashMap::new());
    let fake = Fake::start_with(move |r| answer(r, &operations), false);
    println!("{}", fake.url());
    let _ = std::io::stdout().flush();
    std::thread::sleep(Duration::from_secs(lifetime));
}

fn answer(r: &Request, operations: &Operations) -> Reply {
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
    match (r.method.as_str(), path.as_str()) {
        ("GET", "/managed-spqr/v1/clusters") => {
            return listing(r, "folderId", "clusters", json!({}));
        }
        ("GET", "/resource-manager/v1/folders") => {
            return listing(r, "cloudId", "folders", json!({}))
        }
        ("GET", "/compute/v1/instances") => {
            let running = json!({"status": "RUNNING", "zoneId": "ru-central1-a"});
            return listing(r, "folderId", "instances", running);
        }
        ("POST", "/compute/v1/instances") => {
            let instance = instance(&r.json());
            let id = instance["id"].as_str().unwrap_or_default().to_owned();
            return start(operations, &id, json!({ "response": instance }));
        }
        ("POST", "/vpc/v1/networks") => {
            let body = r.json();
            let name = body["name"].as_str().unwrap_or_default();
            let network = json!({
                "@type": "type.googleapis.com/yandex.cloud.vpc.v1.Network",
                "id": format!("net-{name}"),
                "folderId": body["folderId"],
                "name": name,
            });
            return start(
                operations,
                &format!("net-{name}"),
                json!({ "response": network }),
            );
        }
        _ => {}
    }
    if let Some(cluster) = path
        .strip_prefix("/managed-spqr/v1/clusters/")
        .and_then(|p| p.strip_suffix(":backup"))
    {
        if r.method == "POST" {
            let end = if cluster.starts_with("fail") {
                json!({"error": {"code": 9, "message": format!("backup of {cluster} failed: the cluster is stopped")}})
            } else {
                json!({"response": {
                    "@type": "type.googleapis.com/yandex.cloud.mdb.spqr.v1.Cluster", "id": cluster}})
            };
            return start(operations, cluster, end);
        }
    }
    if let Some(folder) = path
        .strip_prefix("/resource-manager/v1/folders/")
        .and_then(|p| p.strip_suffix(":setAccessBindings"))
    {
        if r.method == "POST" {
            // Every binding set is reported back as added.
            let deltas: Vec<Value> = r.json()["accessBindings"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|b| json!({"action": "ADD", "accessBinding": b}))
                .collect();
            let result = json!({
                "@type": "type.googleapis.com/yandex.cloud.access.AccessBindingsOperationResult",
                "effectiveDeltas": deltas,
            });
            return start(
                operations,
                &format!("bindings-{folder}"),
                json!({ "response": result }),
            );
        }
    }
    if let Some(id) = path.strip_prefix("/operations/op-") {
        let mut operations = operations.lock().unwrap();
        let Some((polls, end)) = operations.get_mut(id) else {
            return Reply::json(
                404,
                json!({"code": 5, "message": format!("no operation op-{id}")}),
            );
        };
        *polls += 1;
        let mut operation = json!({"id": format!("op-{id}"), "done": *polls >= 2});
        if *polls >= 2 {
            for (k, v) in end.as_object().into_iter().flatten() {
                operation[k] = v.clone();
            }
        }
        return Reply::json(200, operation).with_header("x-operation-poll-interval", "0.1");
    }
    Reply::json(404, json!({"code": 5, "message": format!("no {path}")}))
}

/// A listing of items `{PARENT}-1` … `{PARENT}-3` under `key`, in three pages, the second
/// empty; each item has the fields of `each` too.
fn listing(r: &Request, parent: &str, key: &str, each: Value) -> Reply {
    let parent_id = r.param(parent).unwrap_or_default();
    let (ids, next) = match r.param("pageToken").as_deref() {
        None => (
            vec![format!("{parent_id}-1"), format!("{parent_id}-2")],
            Some("p2"),
        ),
        Some("p2") => (vec![], Some("p3")),
        Some("p3") => (vec![format!("{parent_id}-3")], None),
        Some(_) => return Reply::json(400, json!({"code": 3, "message": "bad page token"})),
    };
    let items: Vec<Value> = ids
        .iter()
        .map(|id| {
            let mut item = json!({"id": id, parent: parent_id});
            for (k, v) in each.as_object().into_iter().flatten() {
                item[k] = v.clone();
            }
            item
        })
        .collect();
    let mut body = json!({ key: items });
    if let Some(next) = next {
        body["nextPageToken"] = json!(next);
    }
    Reply::json(200, body)
}

/// The instance a create request implies: its interfaces in its subnets, addressed.
fn instance(body: &Value) -> Value {
    let interfaces: Vec<Value> = body["networkInterfaceSpecs"]
        .as_array()
        .into_iter()
        .flatten()
        .enumerate()
        .map(|(i, spec)| {
            let mut address = json!({"address": format!("10.0.{i}.5")});
            if spec["primaryV4AddressSpec"].get("oneToOneNatSpec").is_some() {
                address["oneToOneNat"] =
                    json!({"address": format!("203.0.113.{}", 5 + i), "ipVersion": "IPV4"});
            }
            json!({"index": i.to_string(), "subnetId": spec["subnetId"], "primaryV4Address": address})
        })
        .collect();
    json!({
        "@type": "type.googleapis.com/yandex.cloud.compute.v1.Instance",
        "id": format!("vm-{}", body["folderId"].as_str().unwrap_or_default()),
        "folderId": body["folderId"],
        "zoneId": body["zoneId"],
        "status": "RUNNING",
        "networkInterfaces": interfaces,
    })
}

/// Starts operation `op-{id}`, not done yet; polled, it ends as `end` says.
fn start(operations: &Operations, id: &str, end: Value) -> Reply {
    operations.lock().unwrap().insert(id.to_owned(), (0, end));
    Reply::json(200, json!({"id": format!("op-{id}"), "done": false}))
        .with_header("x-operation-poll-interval", "0.1")
}
