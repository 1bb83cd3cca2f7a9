//! Wire conformance of the checked-in crate: every SPQR fixture printed by the reference
//! protobuf JSON printer (copied into `tests/data/conformance/`, see its README) decodes into
//! the generated type its `type` names and encodes back to an equivalent document; every
//! `negative` record fails with an error naming its field.

use codegen::schema::{Label, Schema, Type};
use models_tests::conformance::{self as support, Answer};
// The decode → encode dispatch the generator writes beside the crate (not into it).
use models_tests::fixture;
use models_tests::hooks::roundtrip as dispatch;
use serde_json::Value;

/// Asks the checked-in crate directly.
fn checked_in(queries: &[(String, Value)]) -> Vec<Answer> {
    queries
        .iter()
        .map(
            |(ty, json)| match dispatch::roundtrip(ty, &json.to_string()) {
                None => Answer::Missing,
                Some(Ok(v)) => Answer::Ok(v),
                Some(Err(e)) => Answer::Err {
                    path: e.path().to_string(),
                    message: e.message().to_string(),
                },
            },
        )
        .collect()
}

#[test]
fn spqr_typed_records_round_trip() {
    let n = support::check_round_trips(
        "spqr-typed.jsonl",
        &fixture("spqr-typed.jsonl"),
        &checked_in,
    );
    assert!(n > 200, "{n}");
}

#[test]
fn spqr_hostile_records_round_trip() {
    let n = support::check_round_trips(
        "spqr-hostile.jsonl",
        &fixture("spqr-hostile.jsonl"),
        &checked_in,
    );
    assert!(n > 150, "{n}");
}

#[test]
fn spqr_negative_records_are_rejected_naming_the_field() {
    let n = support::check_rejections(
        "spqr-negative.jsonl",
        &fixture("spqr-negative.jsonl"),
        &checked_in,
    );
    assert!(n > 150, "{n}");
}

/// The core services' fixtures (Resource Manager, IAM, VPC, Compute, `access`, `operation`)
/// hold every message of those services, documented by a page at hand or not: each record of
/// a type the crate defines must round-trip; the others are counted and printed by type.
fn core_records_round_trip(file: &str, at_least: usize) {
    let (checked, skipped) =
        support::check_round_trips_where_defined(file, &fixture(file), &checked_in);
    let records: usize = skipped.values().sum();
    eprintln!(
        "{file}: {checked} records round-trip; {records} records of {} types skipped, no page at hand defining them:",
        skipped.len()
    );
    for (ty, n) in &skipped {
        eprintln!("  {ty} ({n})");
    }
    assert!(checked >= at_least, "{checked} records checked");
}

#[test]
fn core_typed_records_round_trip_where_the_crate_defines_their_type() {
    core_records_round_trip("core-typed.jsonl", 1000);
}

#[test]
fn core_hostile_records_round_trip_where_the_crate_defines_their_type() {
    core_records_round_trip("core-hostile.jsonl", 300);
}

/// `wire::to_vec` writes with the runtime's own JSON writer; for every record of the wire
/// fixtures, and every packed `metadata`/`response` the crate has a type for, it writes the
/// very bytes `serde_json`'s serializer writes for the same decoded value.
#[test]
fn typed_encoding_writes_the_bytes_serde_json_writes() {
    for file in ["spqr-typed.jsonl", "spqr-hostile.jsonl"] {
        let mut compared = 0;
        for r in support::records(file, &fixture(file)) {
            let ty = r.json["type"].as_str().expect("type");
            let json = &r.json["json"];
            let mut parts = vec![(ty.to_string(), json.clone())];
            for part in ["metadata", "response"] {
                if let (Some(packed), Some(Value::Object(body))) =
                    (r.json.get(part).and_then(Value::as_str), json.get(part))
                {
                    let mut body = body.clone();
                    body.remove("@type");
                    parts.push((packed.to_string(), Value::Object(body)));
                }
            }
            for (ty, json) in parts {
                let Some(decoded) = dispatch::decode(&ty, &json.to_string()) else {
                    continue;
                };
                let decoded = decoded.unwrap_or_else(|e| panic!("{file}:{}: {ty}: {e}", r.line));
                let ours = decoded.to_vec().expect("encodes");
                let theirs = decoded.to_vec_by_serde_json().expect("encodes");
                assert_eq!(
                    String::from_utf8_lossy(&ours),
                    String::from_utf8_lossy(&theirs),
                    "{file}:{}: {ty}",
                    r.line
                );
                assert_eq!(ours, theirs, "{file}:{}: {ty}", r.line);
                compared += 1;
            }
        }
        assert!(compared > 200, "{file}: {compared}");
    }
}

#[test]
fn a_wrong_value_deep_in_a_response_names_its_path() {
    use yandex_cloud_models::mdb::spqr::v1::Cluster;
    let json =
        r#"{"id": "c1", "config": {"spqrConfig": {"balancer": {"cpuThreshold": {"x": 1}}}}}"#;
    let err = yandex_cloud_models::wire::from_str::<Cluster>(json).unwrap_err();
    assert_eq!(err.path(), "config.spqrConfig.balancer.cpuThreshold");
    assert!(
        err.to_string()
            .starts_with("config.spqrConfig.balancer.cpuThreshold: "),
        "{err}"
    );
    assert!(err.message().contains("number"), "{err}");
}

#[test]
fn presence_survives_a_round_trip() {
    use yandex_cloud_models::mdb::spqr::v1::ClusterConfig;
    use yandex_cloud_models::wire;
    // A present zero stays present; an absent field stays absent.
    let zero: ClusterConfig = wire::from_str(r#"{"backupRetainPeriodDays": "0"}"#).unwrap();
    assert_eq!(zero.backup_retain_period_days, Some(0));
    assert_eq!(
        wire::to_value(&zero).unwrap(),
        serde_json::json!({"backupRetainPeriodDays": "0"})
    );
    let absent: ClusterConfig = wire::from_str("{}").unwrap();
    assert_eq!(absent.backup_retain_period_days, None);
    assert_eq!(wire::to_value(&absent).unwrap(), serde_json::json!({}));
    // int64 read from a number is written back as a string, full range.
    let big: ClusterConfig =
        wire::from_str(r#"{"backupRetainPeriodDays": -9223372036854775808}"#).unwrap();
    assert_eq!(big.backup_retain_period_days, Some(i64::MIN));
    assert_eq!(
        wire::to_value(&big).unwrap(),
        serde_json::json!({"backupRetainPeriodDays": "-9223372036854775808"})
    );
}

#[test]
fn unknown_enum_values_and_fields_are_kept() {
    use yandex_cloud_models::mdb::spqr::v1::{Cluster, Health};
    use yandex_cloud_models::wire;
    let c: Cluster =
        wire::from_str(r#"{"health": "HALF_ALIVE", "addedLater": {"a": [1]}}"#).unwrap();
    assert!(matches!(c.health, Some(Health::UnknownValue(_))));
    assert_eq!(c.health.as_ref().unwrap().as_str(), "HALF_ALIVE");
    assert_eq!(
        c.unknown_fields().get("addedLater"),
        Some(serde_json::json!({"a": [1]}))
    );
    assert_eq!(
        wire::to_value(&c).unwrap(),
        serde_json::json!({"health": "HALF_ALIVE", "addedLater": {"a": [1]}})
    );
    assert_eq!("ALIVE".parse::<Health>().unwrap(), Health::Alive);
    assert_eq!(Health::Degraded.to_string(), "DEGRADED");
}

#[test]
fn two_members_of_one_oneof_are_an_error_naming_both() {
    use yandex_cloud_models::mdb::spqr::v1::MaintenanceWindow;
    let json = r#"{"anytime": {}, "weeklyMaintenanceWindow": {"day": "MON", "hour": "3"}}"#;
    let err = yandex_cloud_models::wire::from_str::<MaintenanceWindow>(json).unwrap_err();
    let text = err.to_string();
    assert!(
        text.contains("`anytime`") && text.contains("`weeklyMaintenanceWindow`"),
        "{text}"
    );
}

/// Every documented field of a document, at every depth, renamed to its proto name
/// (`clusterId` → `cluster_id`) where the schema gives it one; map keys, `Any` contents
/// and free-form JSON stay as they are. Counts the renamed keys.
fn to_proto_names(schema: &Schema, ty: &str, v: &Value, renamed: &mut usize) -> Value {
    let (Some(msg), Value::Object(obj)) = (schema.messages.get(ty), v) else {
        return v.clone();
    };
    let mut out = serde_json::Map::new();
    for (k, v) in obj {
        let Some(f) = msg.fields.iter().find(|f| f.json_name == *k) else {
            out.insert(k.clone(), v.clone());
            continue;
        };
        let v = match (&f.ty, f.label, v) {
            (Type::Message(m), Label::Singular, v) => to_proto_names(schema, m, v, renamed),
            (Type::Message(m), Label::Repeated, Value::Array(items)) => Value::Array(
                items
                    .iter()
                    .map(|i| to_proto_names(schema, m, i, renamed))
                    .collect(),
            ),
            (Type::Message(m), Label::Map, Value::Object(entries)) => Value::Object(
                entries
                    .iter()
                    .map(|(key, i)| (key.clone(), to_proto_names(schema, m, i, renamed)))
                    .collect(),
            ),
            (_, _, v) => v.clone(),
        };
        let key = match msg.proto_key(k) {
            Some(p) => {
                *renamed += 1;
                p
            }
            None => k.clone(),
        };
        out.insert(key, v);
    }
    Value::Object(out)
}

/// The proto3 JSON mapping asks parsers to accept the proto field names as well as the JSON
/// names: every typed record, with every field it holds renamed to its proto name, decodes
/// to the very document the record decodes to (and is encoded back with JSON names).
#[test]
fn proto_field_names_decode_like_json_names() {
    let specs = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs");
    let schema = page_reader::pipeline::run(&specs).unwrap().schema;
    let mut renamed = 0;
    let mut records = 0;
    for r in support::records("spqr-typed.jsonl", &fixture("spqr-typed.jsonl")) {
        let ty = r.json["type"].as_str().expect("type").to_string();
        let json = r.json["json"].clone();
        let before = renamed;
        let proto = to_proto_names(&schema, &ty, &json, &mut renamed);
        if renamed == before {
            continue;
        }
        records += 1;
        let answers = checked_in(&[(ty.clone(), json), (ty.clone(), proto.clone())]);
        match (&answers[0], &answers[1]) {
            (Answer::Ok(a), Answer::Ok(b)) => assert_eq!(
                a, b,
                "spqr-typed.jsonl:{}: {ty} with proto names: {proto}",
                r.line
            ),
            other => panic!("spqr-typed.jsonl:{}: {ty}: {other:?}", r.line),
        }
    }
    assert!(
        records > 100 && renamed > 1000,
        "{records} records, {renamed} keys"
    );
}
