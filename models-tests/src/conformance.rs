//! The conformance checks, shared by the checked-in crate's test (`conformance.rs`) and the
//! other services' test (`other_services.rs`, which asks a freshly generated crate through
//! a small program). Fixture format: see `tests/data/conformance/README.md`.

use crate::equiv;
use serde_json::Value;

/// What decoding a JSON document as a type and encoding it again gave.
#[derive(Clone, Debug)]
pub enum Answer {
    /// The crate has no type of that name.
    Missing,
    Ok(Value),
    Err {
        path: String,
        message: String,
    },
}

/// Decodes and re-encodes a batch of `(full type name, JSON)` queries.
pub type Roundtrip<'a> = dyn Fn(&[(String, Value)]) -> Vec<Answer> + 'a;

pub struct Record {
    pub line: usize,
    pub json: Value,
}

pub fn records(name: &str, text: &str) -> Vec<Record> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| Record {
            line: i + 1,
            json: serde_json::from_str(l).unwrap_or_else(|e| panic!("{name}:{}: {e}", i + 1)),
        })
        .collect()
}

/// Every record decodes into its type and encodes back to an equivalent document; an
/// operation's packed `metadata`/`response` decode into the types the record names, where
/// the crate has them (a type no page documents has none: the method falls back to
/// free-form JSON, which the operation's own round trip covers). Returns the record count.
pub fn check_round_trips(name: &str, text: &str, rt: &Roundtrip<'_>) -> usize {
    let (n, skipped) = round_trips(name, text, rt, false);
    assert!(skipped.is_empty());
    n
}

/// [`check_round_trips`] over the records whose type the crate defines; the records of types
/// it does not define (no page at hand documents them) are skipped and returned, counted by
/// type. Returns the number of records checked.
pub fn check_round_trips_where_defined(
    name: &str,
    text: &str,
    rt: &Roundtrip<'_>,
) -> (usize, std::collections::BTreeMap<String, usize>) {
    round_trips(name, text, rt, true)
}

fn round_trips(
    name: &str,
    text: &str,
    rt: &Roundtrip<'_>,
    skip_missing: bool,
) -> (usize, std::collections::BTreeMap<String, usize>) {
    let recs = records(name, text);
    let mut queries = Vec::new();
    // (record index, part, input) for each query
    let mut what = Vec::new();
    for (i, r) in recs.iter().enumerate() {
        let ty = r.json["type"].as_str().expect("type").to_string();
        let input = r.json["json"].clone();
        queries.push((ty, input.clone()));
        what.push((i, None, input.clone()));
        for part in ["metadata", "response"] {
            let Some(packed) = r
                .json
                .get(part)
                .and_then(Value::as_str)
                .filter(|t| *t != "-")
            else {
                continue;
            };
            let Some(mut body) = input.get(part).cloned() else {
                continue;
            };
            if let Some(obj) = body.as_object_mut() {
                obj.remove("@type");
            }
            queries.push((packed.to_string(), body.clone()));
            what.push((i, Some(part), body));
        }
    }
    let answers = rt(&queries);
    assert_eq!(answers.len(), queries.len());
    let mut failures = Vec::new();
    let mut skipped = std::collections::BTreeMap::new();
    for (((i, part, input), answer), (ty, _)) in what.iter().zip(&answers).zip(&queries) {
        let line = recs[*i].line;
        let label = match part {
            None => ty.clone(),
            Some(p) => format!(
                "{} .{p} as {ty}",
                recs[*i].json["type"].as_str().unwrap_or("")
            ),
        };
        match (answer, part) {
            (Answer::Missing, Some(_)) => {}
            (Answer::Missing, None) if skip_missing => *skipped.entry(ty.clone()).or_insert(0) += 1,
            (Answer::Missing, None) => {
                failures.push(format!("{name}:{line} no generated type {label}"))
            }
            (Answer::Err { path, message }, _) => failures.push(format!(
                "{name}:{line} {label}: decode failed: {path}: {message}"
            )),
            (Answer::Ok(out), _) => {
                if let Err(e) = equiv::proto3_equivalent(input, out) {
                    failures.push(format!("{name}:{line} {label}: {e}"));
                }
            }
        }
    }
    let checked = recs.len() - skipped.values().sum::<usize>();
    all_passed(&failures, recs.len());
    (checked, skipped)
}

/// Every `negative` record fails to decode, with an error whose path names its field.
pub fn check_rejections(name: &str, text: &str, rt: &Roundtrip<'_>) -> usize {
    let recs = records(name, text);
    let queries: Vec<(String, Value)> = recs
        .iter()
        .map(|r| {
            (
                r.json["type"].as_str().expect("type").to_string(),
                r.json["json"].clone(),
            )
        })
        .collect();
    let answers = rt(&queries);
    let mut failures = Vec::new();
    for ((r, answer), (ty, _)) in recs.iter().zip(&answers).zip(&queries) {
        let field = r.json["field"].as_str().expect("field");
        match answer {
            Answer::Missing => failures.push(format!("{name}:{} no generated type {ty}", r.line)),
            Answer::Ok(_) => {
                failures.push(format!("{name}:{} {ty}: accepted a bad `{field}`", r.line))
            }
            // The error's path must name the field as one of its segments.
            Answer::Err { path, message } if !path.split(['.', '[']).any(|seg| seg == field) => {
                failures.push(format!(
                    "{name}:{} {ty}: error does not name `{field}`: {path}: {message}",
                    r.line
                ))
            }
            Answer::Err { .. } => {}
        }
    }
    all_passed(&failures, recs.len())
}

/// Fails listing every failed record; returns how many records there were.
fn all_passed(failures: &[String], records: usize) -> usize {
    assert!(
        failures.is_empty(),
        "{} of {records} records failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    records
}
