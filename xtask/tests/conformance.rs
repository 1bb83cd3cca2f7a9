//! Wire conformance of the checked-in crate: every SPQR fixture printed by the reference
//! protobuf JSON printer (copied into `tests/data/conformance/`, see its README) decodes into
//! the generated type its `type` names and encodes back to an equivalent document; every
//! `negative` record fails with an error naming its field.

#[path = "support/equiv.rs"]
mod equiv;
#[path = "support/conformance.rs"]
mod support;

use serde_json::Value;
use support::Answer;

fn fixture(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/conformance").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Asks the checked-in crate directly.
fn checked_in(queries: &[(String, Value)]) -> Vec<Answer> {
    queries
        .iter()
        .map(|(ty, json)| match yandex_cloud_models::__roundtrip(ty, &json.to_string()) {
            None => Answer::Missing,
            Some(Ok(v)) => Answer::Ok(v),
            Some(Err(e)) => Answer::Err {
                path: e.path().to_string(),
                message: e.message().to_string(),
            },
        })
        .collect()
}

#[test]
fn spqr_typed_records_round_trip() {
    let n = support::check_round_trips("spqr-typed.jsonl", &fixture("spqr-typed.jsonl"), &checked_in);
    assert!(n > 200, "{n}");
}

#[test]
fn spqr_hostile_records_round_trip() {
    let n = support::check_round_trips("spqr-hostile.jsonl", &fixture("spqr-hostile.jsonl"), &checked_in);
    assert!(n > 150, "{n}");
}

#[test]
fn spqr_negative_records_are_rejected_naming_the_field() {
    let n = support::check_rejections("spqr-negative.jsonl", &fixture("spqr-negative.jsonl"), &checked_in);
    assert!(n > 150, "{n}");
}
