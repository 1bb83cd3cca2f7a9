//! Typed API methods on the checked-in crate.
//!
//! Every method in specs/ is built from its JSON form (by the request dispatch the generator
//! writes beside the crate, which decodes the request message and describes its call), with ids that need escaping, and the call it describes is
//! compared with what an independent reading of the schema expects: verb, path (own
//! percent-encoder), query (page order, own flattening) and body (the inputs minus path and
//! query parameters). Then a few methods are pinned to literal URLs, operations are decoded
//! into their typed metadata and response, and `validate()` is shown each kind of
//! constraint the SPQR pages state, with its field path.

use codegen::schema::{Field, HostPart, Label, Method, Scalar, Schema, Type};
use serde_json::{json, Map, Value};
use std::collections::BTreeSet;
use std::path::Path;
use yandex_cloud_models::mdb::spqr::v1 as spqr;
use yandex_cloud_models::runtime::Rule;
use yandex_cloud_models::{ApiRequest, Hosts, MapField};

// The request dispatch the generator writes beside the crate (not into it).
use models_tests::hooks::requests;

fn schema() -> Schema {
    let specs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs");
    let outcome = page_reader::pipeline::run(&specs).unwrap();
    assert!(!outcome.has_errors());
    outcome.schema
}

/// RFC 3986: everything but unreserved characters as `%XX` of its UTF-8 bytes.
fn pct(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// A path parameter value with `/`, `?`, `#`, `%`, a space and non-ASCII text.
fn awkward(name: &str) -> String {
    format!("{name}/1?a=b#c d%é")
}

/// A value of `ty` that decodes and encodes back to itself.
fn sample(schema: &Schema, f: &Field) -> Value {
    let one = match &f.ty {
        Type::Scalar(s) => match s {
            Scalar::String => Value::String(format!("{} & ü+", f.json_name)),
            Scalar::Bool => json!(true),
            Scalar::Int32 | Scalar::Uint32 => json!(7),
            Scalar::Int64 | Scalar::Uint64 => json!("42"),
            Scalar::Float | Scalar::Double => json!(1.5),
            Scalar::Bytes => json!("AAEC"),
            Scalar::Timestamp => json!("2024-01-02T03:04:05Z"),
            Scalar::Duration => json!("1s"),
            Scalar::FieldMask => json!("name,configSpec.spqrSpec"),
        },
        Type::Enum(e) => {
            let values = &schema.enums[e].values;
            Value::String(values[values.len().min(2) - 1].name.clone())
        }
        Type::Message(_) | Type::Json => json!({}),
        Type::Any => json!({"@type": "type.googleapis.com/google.protobuf.Empty"}),
    };
    match f.label {
        Label::Singular => one,
        Label::Repeated => json!([one]),
        Label::Map => json!({ "key one": one }),
    }
}

/// The inputs of a method as the page gives them: the request message's fields, or the
/// path and query parameters.
fn inputs<'s>(schema: &'s Schema, m: &'s Method) -> Vec<&'s Field> {
    match &m.request_message {
        Some(r) => schema.messages[r].fields.iter().collect(),
        None => m.path_params.iter().chain(&m.query_params).collect(),
    }
}

fn is_path(m: &Method, json: &str) -> bool {
    m.path_params.iter().any(|p| p.json_name == json)
}

fn is_query(m: &Method, json: &str) -> bool {
    m.query_params.iter().any(|p| p.json_name == json)
}

/// Query pairs of a JSON value: repeated keys for arrays, dotted keys for objects.
fn flatten(key: &str, v: &Value, out: &mut Vec<(String, String)>) {
    match v {
        Value::Null => {}
        Value::String(s) => out.push((key.into(), s.clone())),
        Value::Array(a) => a.iter().for_each(|x| flatten(key, x, out)),
        Value::Object(o) => o
            .iter()
            .for_each(|(k, x)| flatten(&format!("{key}.{k}"), x, out)),
        other => out.push((key.into(), other.to_string())),
    }
}

/// The distinct `VERB URL` lines of the pages' HTTP request blocks, read as text: what the
/// crate must have a method for (services repeat the operation service's pages).
fn documented_calls() -> usize {
    // Pages are the `.md` files below the service folders (not `specs/README.md`).
    fn walk(dir: &Path, top: bool, calls: &mut BTreeSet<String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, false, calls);
            } else if !top && path.extension().is_some_and(|e| e == "md") {
                let text = std::fs::read_to_string(&path).unwrap();
                let block = text.split("## HTTP request").nth(1).unwrap_or_default();
                let line = block
                    .lines()
                    .map(str::trim)
                    .find(|l| l.contains(" https://"));
                calls.insert(
                    line.unwrap_or_else(|| panic!("{}", path.display()))
                        .to_string(),
                );
            }
        }
    }
    let mut calls = BTreeSet::new();
    walk(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs"),
        true,
        &mut calls,
    );
    calls.len()
}

#[test]
fn every_method_describes_exactly_the_documented_call() {
    let schema = schema();
    assert_eq!(
        schema.methods.len(),
        documented_calls(),
        "one method per distinct call the pages document"
    );
    for m in &schema.methods {
        let name = format!("{}.{}.{}", m.package, m.resource, m.name);
        // Every input is given, the path parameters awkward; of a oneof only the first member.
        let mut args = Map::new();
        let mut oneofs = BTreeSet::new();
        for f in inputs(&schema, m) {
            if let Some(o) = f.oneof {
                if !oneofs.insert(o) {
                    continue;
                }
            }
            let v = if is_path(m, &f.json_name) {
                Value::String(awkward(&f.json_name))
            } else {
                sample(&schema, f)
            };
            args.insert(f.json_name.clone(), v);
        }
        let (call, _) = requests::request(&name, &Value::Object(args.clone()))
            .unwrap_or_else(|| panic!("{name}: the crate has no request type"))
            .unwrap_or_else(|e| panic!("{name}: {e}"));

        assert_eq!(call.verb.as_str(), m.http_method.as_str(), "{name}");
        let mut want_path = m.path.to_string();
        for p in &m.path_params {
            want_path = want_path.replace(
                &format!("{{{}}}", p.json_name),
                &pct(&awkward(&p.json_name)),
            );
        }
        assert_eq!(call.path, want_path, "{name}");
        assert!(
            !call.path.contains(['?', '#', ' ']),
            "{name}: {}",
            call.path
        );

        let mut want_query = Vec::new();
        for q in &m.query_params {
            if let Some(v) = args.get(&q.json_name) {
                flatten(&q.json_name, v, &mut want_query);
            }
        }
        let has_body = !m.body_fields.is_empty();
        let rest: Map<String, Value> = args
            .iter()
            .filter(|(k, _)| !is_path(m, k) && !is_query(m, k))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        if !has_body {
            for (k, v) in &rest {
                flatten(k, v, &mut want_query);
            }
        }
        assert_eq!(call.query, want_query, "{name}");
        let want_qs: Vec<String> = want_query
            .iter()
            .map(|(k, v)| format!("{}={}", pct(k), pct(v)))
            .collect();
        assert_eq!(call.query_string(), want_qs.join("&"), "{name}");
        let want_body = has_body.then(|| Value::Object(rest.clone()));
        let body: Option<Value> = call.body_str().map(|b| serde_json::from_str(b).unwrap());
        assert_eq!(body, want_body, "{name}");
        if let Some(body) = &body {
            for p in &m.path_params {
                assert!(
                    body.get(&p.json_name).is_none(),
                    "{name}: path parameter in body"
                );
            }
        }

        // The host is the page's, its placeholders resolved by default and overridable.
        let url = call.url(&Hosts::new()).unwrap();
        assert!(url.starts_with("https://") && url.ends_with(&call.path_and_query()));
        let mut hosts = Hosts::new();
        let mut host = String::new();
        for part in m.host.parts() {
            match part {
                HostPart::Literal(text) => host.push_str(text),
                HostPart::Placeholder(p) => {
                    hosts = hosts.set(p.as_str(), "api.test:8443");
                    host.push_str("api.test:8443");
                }
            }
        }
        assert_eq!(
            call.url(&hosts).unwrap(),
            format!("https://{host}{}", call.path_and_query()),
            "{name}"
        );
    }
}

#[test]
fn a_missing_required_argument_or_unknown_method_is_reported() {
    assert!(requests::request("no.such.Thing.Do", &json!({})).is_none());
    let err = requests::request("yandex.cloud.mdb.spqr.v1.Cluster.Backup", &json!({}))
        .unwrap()
        .unwrap_err();
    assert!(err.to_string().contains("clusterId"), "{err}");
}

#[test]
fn cluster_backup_posts_to_the_escaped_id_without_a_body() {
    let call = spqr::BackupClusterRequest::new()
        .set_cluster_id("c9q/8?x#y z ü")
        .to_http()
        .unwrap();
    assert_eq!(call.verb.as_str(), "POST");
    assert_eq!(
        call.url(&Hosts::new()).unwrap(),
        "https://mdb.api.cloud.yandex.net/managed-spqr/v1/clusters/c9q%2F8%3Fx%23y%20z%20%C3%BC:backup"
    );
    assert_eq!(call.query_string(), "");
    assert_eq!(call.body, None);
    // `..` would be resolved away by URL parsers, whatever its encoding.
    let err = spqr::BackupClusterRequest::new()
        .set_cluster_id("..")
        .to_http()
        .unwrap_err();
    assert!(err.to_string().contains("clusterId"), "{err}");
    let err = spqr::BackupClusterRequest::new().to_http().unwrap_err();
    assert_eq!(err.to_string(), "path parameter `clusterId` is not set");
    assert!(err.to_string().contains("clusterId"), "{err}");
}

#[test]
fn list_hosts_sends_optional_query_parameters_in_page_order() {
    let r = spqr::ListClusterHostsRequest::new().set_cluster_id("c1");
    assert_eq!(
        r.to_http().unwrap().path_and_query(),
        "/managed-spqr/v1/clusters/c1/hosts"
    );
    let call = r
        .set_page_token("t&k=v")
        .set_page_size(50)
        .to_http()
        .unwrap();
    assert_eq!(call.verb.as_str(), "GET");
    assert_eq!(
        call.path_and_query(),
        "/managed-spqr/v1/clusters/c1/hosts?pageSize=50&pageToken=t%26k%3Dv"
    );
    assert_eq!(call.body, None);
}

#[test]
fn list_sends_its_query_parameters_in_page_order() {
    let call = spqr::ListClustersRequest::new()
        .set_filter("name = \"x\"")
        .set_folder_id("folder 1")
        .to_http()
        .unwrap();
    assert_eq!(
        call.path_and_query(),
        "/managed-spqr/v1/clusters?folderId=folder%201&filter=name%20%3D%20%22x%22"
    );
    let call = spqr::ListClustersRequest::new()
        .set_folder_id("folder 1")
        .set_filter("name = \"x\"")
        .to_http()
        .unwrap();
    assert_eq!(
        call.path_and_query(),
        "/managed-spqr/v1/clusters?folderId=folder%201&filter=name%20%3D%20%22x%22"
    );
}

#[test]
fn two_path_parameters_are_encoded_each() {
    let call = spqr::GetDatabaseRequest::new()
        .set_cluster_id("c/1")
        .set_database_name("db?")
        .to_http()
        .unwrap();
    assert_eq!(call.path, "/managed-spqr/v1/clusters/c%2F1/databases/db%3F");
}

#[test]
fn update_sends_a_patch_whose_body_omits_the_path_parameter() {
    let call = spqr::UpdateClusterRequest::new()
        .set_cluster_id("c1")
        .set_update_mask(yandex_cloud_models::FieldMask::new(["description"]))
        .set_description("new")
        .to_http()
        .unwrap();
    assert_eq!(call.verb.as_str(), "PATCH");
    assert_eq!(call.path, "/managed-spqr/v1/clusters/c1");
    let sent: Value = serde_json::from_str(call.body_str().unwrap()).unwrap();
    assert_eq!(
        sent,
        json!({"updateMask": "description", "description": "new"})
    );
}

#[test]
fn an_operation_decodes_into_the_types_its_page_names() {
    let json = r#"{
        "id": "op1",
        "done": true,
        "metadata": {"@type": "type.googleapis.com/yandex.cloud.mdb.spqr.v1.BackupClusterMetadata", "clusterId": "c1"},
        "response": {"@type": "type.googleapis.com/yandex.cloud.mdb.spqr.v1.Cluster", "name": "main", "health": "ALIVE"}
    }"#;
    let op = spqr::BackupClusterRequest::decode_response(json.as_bytes()).unwrap();
    let meta: spqr::BackupClusterMetadata = spqr::BackupClusterRequest::unpack_metadata(&op)
        .unwrap()
        .unwrap();
    assert_eq!(meta.cluster_id.as_deref(), Some("c1"));
    let cluster: spqr::Cluster = spqr::BackupClusterRequest::unpack_response(&op)
        .unwrap()
        .unwrap();
    assert_eq!(cluster.name.as_deref(), Some("main"));
    assert_eq!(cluster.health, Some(spqr::Health::Alive));

    // Another method's metadata in this operation is an error naming both types.
    let err = spqr::CreateClusterRequest::unpack_metadata(&op).unwrap_err();
    assert_eq!(
        err.to_string(),
        "metadata: holds `yandex.cloud.mdb.spqr.v1.BackupClusterMetadata`, the page says \
         `yandex.cloud.mdb.spqr.v1.CreateClusterMetadata`"
    );
    let pending = spqr::BackupClusterRequest::decode_response(br#"{"id": "op2"}"#).unwrap();
    assert!(spqr::BackupClusterRequest::unpack_response(&pending)
        .unwrap()
        .is_none());

    // A page that shows the metadata as a plain object: free-form JSON.
    let free: Option<Map<String, Value>> =
        spqr::AddSubclusterRequest::unpack_metadata(&op).unwrap();
    assert_eq!(free.unwrap()["clusterId"], "c1");
    let bad = r#"{"metadata": {"@type": "type.googleapis.com/yandex.cloud.mdb.spqr.v1.BackupClusterMetadata", "clusterId": 5}}"#;
    let op = spqr::BackupClusterRequest::decode_response(bad.as_bytes()).unwrap();
    let err = spqr::BackupClusterRequest::unpack_metadata(&op).unwrap_err();
    assert!(
        err.to_string().starts_with("metadata: clusterId: "),
        "{err}"
    );
}

fn environment(name: &str) -> spqr::Environment {
    name.parse().unwrap()
}

fn create() -> spqr::CreateClusterRequest {
    spqr::CreateClusterRequest::new()
        .set_folder_id("folder1")
        .set_name("main")
        .set_environment(environment("PRODUCTION"))
        .set_config_spec(spqr::ConfigSpec::new())
        .set_network_id("net1")
}

fn violations(r: &impl ApiRequest) -> Vec<(String, Rule)> {
    match r.validate() {
        Ok(()) => Vec::new(),
        Err(v) => v.0.into_iter().map(|v| (v.path, v.rule)).collect(),
    }
}

fn at(path: &str, rule: Rule) -> (String, Rule) {
    (path.to_string(), rule)
}

#[test]
fn a_valid_request_validates_and_decoding_never_does() {
    assert_eq!(violations(&create()), vec![]);
    // Decoding keeps what the server sends, valid or not.
    let msg: spqr::CreateClusterRequest =
        yandex_cloud_models::wire::from_str(r#"{"name": "not valid!", "environment": "NOPE"}"#)
            .unwrap();
    assert_eq!(msg.name.as_deref(), Some("not valid!"));
}

#[test]
fn validate_reports_patterns_and_required_fields_with_their_paths() {
    let mut r = create();
    r.name = Some("bad name!".into());
    r.folder_id = Some(String::new());
    r.network_id = None;
    assert_eq!(
        violations(&r),
        vec![
            at("folderId", Rule::Required),
            at("name", Rule::Pattern),
            at("networkId", Rule::Required),
        ]
    );
    let err = r.validate().unwrap_err();
    assert!(
        err.to_string()
            .contains("name: \"bad name!\" does not match"),
        "{err}"
    );
    // Nested messages are checked too: a shard spec without its required name.
    let r = spqr::AddClusterShardRequest::new()
        .set_cluster_id("c1")
        .set_shard_spec(spqr::ShardSpec::new());
    assert_eq!(
        violations(&r),
        vec![at("shardSpec.shardName", Rule::Required)]
    );
    let r = spqr::AddClusterShardRequest::new()
        .set_cluster_id("c1")
        .set_shard_spec(spqr::ShardSpec::new().set_shard_name("-x"));
    assert_eq!(
        violations(&r),
        vec![at("shardSpec.shardName", Rule::Pattern)]
    );
}

#[test]
fn validate_reports_lengths_and_entry_counts_of_maps() {
    let long = "k".repeat(64);
    let labels = [
        ("", "v"),
        (long.as_str(), "v"),
        ("ok", "Upper"),
        ("fine", &"x".repeat(64)),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect::<MapField<String>>();
    // Entries in key order; a key's own violations say "key".
    let got = violations(&create().set_labels(labels.clone()));
    let key_path = format!("labels.{long}");
    assert_eq!(
        got,
        vec![
            at("labels.", Rule::MinLength),
            at("labels.", Rule::Pattern),
            at("labels.fine", Rule::MaxLength),
            at(&key_path, Rule::MaxLength),
            at("labels.ok", Rule::Pattern),
        ]
    );
    let err = create().set_labels(labels).validate().unwrap_err();
    assert!(
        err.at(&key_path).all(|v| v.message.starts_with("key ")),
        "{err}"
    );
    let many: MapField<String> = (0..65)
        .map(|i| (format!("k{i}"), "v".to_string()))
        .collect();
    assert_eq!(
        violations(&create().set_labels(many)),
        vec![at("labels", Rule::MaxProperties)]
    );
}

#[test]
fn validate_reports_values_outside_an_enum_and_inside_lists() {
    let r = create()
        .set_folder_id("f")
        .set_environment(environment("STAGING"))
        .set_network_id("n")
        .set_host_specs(vec![
            spqr::HostSpec::new(),
            spqr::HostSpec::new().set_shard_name("a b"),
        ]);
    assert_eq!(
        violations(&r),
        vec![
            at("environment", Rule::Allowed),
            at("hostSpecs[0].type", Rule::Required),
            at("hostSpecs[1].type", Rule::Required),
            at("hostSpecs[1].shardName", Rule::Pattern),
        ]
    );
}
