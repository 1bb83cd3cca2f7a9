//! A program that uses every message of the models crate, as the largest user binary
//! would: it decodes each line of its input (`{"type": "<proto name>", "json": {…}}`, the
//! wire fixtures' format) as the message it names and encodes it again, then prints how many
//! lines it read, round-tripped, and found no type for. Its release build is what a user's
//! binary pays for the models (BENCHMARKS.md, "Build cost"); the decoding itself is
//! measured in `models-tests/benches/decode.rs`.
//!
//! ```sh
//! cargo run --release -p consumer < models-tests/tests/data/conformance/core-typed.jsonl
//! ```

use std::io::BufRead as _;
use std::process::ExitCode;

// The decode → encode dispatch the generator writes beside the models crate, into the
// workspace's test crate; included as a file rather than through that crate, so that the
// build measured is the models and this program only. Generated text, so rustfmt leaves it
// as the generator laid it out.
#[path = "../../models-tests/src/hooks/roundtrip.rs"]
#[allow(dead_code)]
#[rustfmt::skip]
mod roundtrip;

fn main() -> ExitCode {
    let (mut read, mut round_tripped, mut unknown, mut failed) = (0, 0, 0, 0);
    for line in std::io::stdin().lock().lines() {
        let Ok(line) = line else {
            eprintln!("error: the input is not UTF-8 text");
            return ExitCode::FAILURE;
        };
        if line.trim().is_empty() {
            continue;
        }
        read += 1;
        let Ok(record) = serde_json::from_str::<serde_json::Value>(&line) else {
            eprintln!("line {read}: not JSON");
            failed += 1;
            continue;
        };
        let (Some(name), Some(json)) = (record["type"].as_str(), record.get("json")) else {
            eprintln!("line {read}: no `type` and `json`");
            failed += 1;
            continue;
        };
        match roundtrip::roundtrip(name, &json.to_string()) {
            Some(Ok(_)) => round_tripped += 1,
            Some(Err(e)) => {
                eprintln!("line {read}: {name}: {e}");
                failed += 1;
            }
            None => unknown += 1,
        }
    }
    println!(
        "{read} read, {round_tripped} round-tripped, {unknown} of no known type, {failed} failed"
    );
    if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
