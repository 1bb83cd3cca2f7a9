//! Wire conformance: every fixture printed by the reference protobuf JSON printer (copied
//! from the shared conformance set into `tests/data/conformance/`, see its README) must
//! decode into the generated type its `type` names, and encode back to an equivalent
//! document; every `negative` record must fail with an error naming its field.

#[path = "support/equiv.rs"]
mod equiv;

use serde_json::Value;
use std::path::Path;

struct Record {
    line: usize,
    json: Value,
}

fn records(file: &str) -> Vec<Record> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/conformance")
        .join(file);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| Record {
            line: i + 1,
            json: serde_json::from_str(l).unwrap_or_else(|e| panic!("{file}:{}: {e}", i + 1)),
        })
        .collect()
}

/// Decodes `json` as `type_name` and encodes it again.
fn roundtrip(type_name: &str, json: &Value) -> Result<Value, String> {
    let text = json.to_string();
    match yandex_cloud_models::__roundtrip(type_name, &text) {
        None => Err(format!("no generated type for {type_name}")),
        Some(Err(e)) => Err(format!("decode failed: {e}")),
        Some(Ok(v)) => Ok(v),
    }
}

fn check_round_trips(file: &str) -> usize {
    let mut failures = Vec::new();
    let recs = records(file);
    for r in &recs {
        let ty = r.json["type"].as_str().expect("type");
        let input = &r.json["json"];
        let result = roundtrip(ty, input).and_then(|out| equiv::proto3_equivalent(input, &out));
        if let Err(e) = result {
            failures.push(format!("{file}:{} {ty}: {e}", r.line));
            continue;
        }
        // An operation's packed `metadata` and `response` decode into the types the record
        // names, which are the types the method's page names.
        for part in ["metadata", "response"] {
            let Some(packed) = r
                .json
                .get(part)
                .and_then(Value::as_str)
                .filter(|t| *t != "-")
            else {
                continue;
            };
            let Some(value) = input.get(part) else {
                continue;
            };
            // A packed type that no page documents (the page shows `**object**`) has no
            // generated type: the method falls back to free-form JSON, which the operation's
            // own round trip above already covered.
            if yandex_cloud_models::__roundtrip(packed, "{}").is_none() {
                continue;
            }
            let mut body = value.clone();
            if let Some(obj) = body.as_object_mut() {
                obj.remove("@type");
            }
            if let Err(e) =
                roundtrip(packed, &body).and_then(|out| equiv::proto3_equivalent(&body, &out))
            {
                failures.push(format!("{file}:{} {ty}.{part} as {packed}: {e}", r.line));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} records failed:\n{}",
        failures.len(),
        recs.len(),
        failures.join("\n")
    );
    recs.len()
}

fn check_rejections(file: &str) -> usize {
    let mut failures = Vec::new();
    let recs = records(file);
    for r in &recs {
        let ty = r.json["type"].as_str().expect("type");
        let field = r.json["field"].as_str().expect("field");
        match yandex_cloud_models::__roundtrip(ty, &r.json["json"].to_string()) {
            None => failures.push(format!("{file}:{} no generated type for {ty}", r.line)),
            Some(Ok(_)) => {
                failures.push(format!("{file}:{} {ty}: accepted a bad `{field}`", r.line))
            }
            // The error's path must name the field as one of its segments.
            Some(Err(e)) if !e.path().split(['.', '[']).any(|seg| seg == field) => failures.push(
                format!("{file}:{} {ty}: error does not name `{field}`: {e}", r.line),
            ),
            Some(Err(_)) => {}
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} records failed:\n{}",
        failures.len(),
        recs.len(),
        failures.join("\n")
    );
    recs.len()
}

#[test]
fn spqr_typed_records_round_trip() {
    assert!(check_round_trips("spqr-typed.jsonl") > 200);
}

#[test]
fn spqr_hostile_records_round_trip() {
    assert!(check_round_trips("spqr-hostile.jsonl") > 150);
}

#[test]
fn spqr_negative_records_are_rejected_naming_the_field() {
    assert!(check_rejections("spqr-negative.jsonl") > 150);
}
