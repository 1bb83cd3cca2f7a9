//! The generator on pages it was not written against: the pages of four other services
//! (`tests/data/other-specs/`, with their own overrides file) are generated into a temporary
//! crate, which must build without warnings with all its features and with each feature
//! alone, and round-trip those services' wire fixtures exactly as the SPQR ones are. The
//! checked-in crate's features are built alone too.

#[path = "support/generated.rs"]
mod generated;

use generated::{
    build_each_feature_alone, build_with_example, cargo, manifest_dir, regen, target_dir,
};
use models_tests::conformance::{self as support, Answer};
use models_tests::fixture;
use serde_json::{json, Value};
use std::io::Write;
use std::path::Path;
use std::process::Stdio;

/// A program, added to the temporary crate, that answers round-trip queries (one JSON
/// object per line on stdin) through the dispatch the generator writes beside the crate (`tests/support/roundtrip.rs`),
/// and fails if `wire::to_vec` of a decoded message is not the bytes `serde_json` writes.
const ROUNDTRIP_PROGRAM: &str = r#"
use std::io::{BufRead, Write};

#[path = "../tests/support/roundtrip.rs"]
#[allow(dead_code)] // a test uses part of the generated dispatch
mod dispatch;

fn main() {
    let stdin = std::io::stdin();
    let mut out = std::io::stdout().lock();
    for line in stdin.lock().lines() {
        let q: serde_json::Value = serde_json::from_str(&line.unwrap()).unwrap();
        let ty = q["type"].as_str().unwrap();
        let decoded = dispatch::decode(ty, &q["json"].to_string()).map(|d| {
            let d = d?;
            // `wire::to_vec` writes with the runtime's own writer: serde_json's bytes.
            let (ours, theirs) = (d.to_vec().ok(), d.to_vec_by_serde_json().ok());
            assert_eq!(ours, theirs, "{ty}: wire::to_vec differs from serde_json's bytes");
            d.to_value()
        });
        let answer = match decoded {
            None => serde_json::json!({"missing": true}),
            Some(Ok(v)) => serde_json::json!({"ok": v}),
            Some(Err(e)) => serde_json::json!({"err": {"path": e.path(), "message": e.message()}}),
        };
        writeln!(out, "{answer}").unwrap();
    }
}
"#;

fn ask(crate_dir: &Path, target: &Path, queries: &[(String, Value)]) -> Vec<Answer> {
    let mut child = cargo(
        crate_dir,
        target,
        &["run", "--quiet", "--all-features", "--example", "roundtrip"],
    )
    .stdin(Stdio::piped())
    .stdout(Stdio::piped())
    .stderr(Stdio::inherit())
    .spawn()
    .unwrap();
    let mut input = String::new();
    for (ty, j) in queries {
        input.push_str(&json!({"type": ty, "json": j}).to_string());
        input.push('\n');
    }
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()).unwrap());
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    assert!(out.status.success(), "the round-trip program failed");
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| {
            let v: Value = serde_json::from_str(l).unwrap();
            if let Some(ok) = v.get("ok") {
                Answer::Ok(ok.clone())
            } else if let Some(e) = v.get("err") {
                Answer::Err {
                    path: e["path"].as_str().unwrap_or("").to_string(),
                    message: e["message"].as_str().unwrap_or("").to_string(),
                }
            } else {
                Answer::Missing
            }
        })
        .collect()
}

#[test]
fn other_services_generate_build_and_round_trip_their_fixtures() {
    let crate_dir = std::env::temp_dir().join(format!("ycm-other-services-{}", std::process::id()));
    let specs = manifest_dir().join("tests/data/other-specs");
    regen(&specs, &crate_dir);

    let target = build_with_example(&crate_dir, "roundtrip", ROUNDTRIP_PROGRAM);
    let n = build_each_feature_alone(&crate_dir, &target, &[]);
    assert!(n >= 4, "expected a feature per service, found {n}");

    let rt = |q: &[(String, Value)]| ask(&crate_dir, &target, q);
    assert!(
        support::check_round_trips("other-typed.jsonl", &fixture("other-typed.jsonl"), &rt) > 100
    );
    assert!(
        support::check_round_trips("other-hostile.jsonl", &fixture("other-hostile.jsonl"), &rt)
            > 50
    );
    assert!(
        support::check_rejections(
            "other-negative.jsonl",
            &fixture("other-negative.jsonl"),
            &rt
        ) > 50
    );
    std::fs::remove_dir_all(&crate_dir).unwrap();
}

#[test]
fn checked_in_crate_builds_with_each_feature_alone() {
    let crate_dir = manifest_dir().join("../generated");
    let n = build_each_feature_alone(
        &crate_dir,
        &target_dir("feature-check"),
        &["-p", "yandex-cloud-models"],
    );
    assert!(n >= 1);
}
