//! Decode and encode speed of the generated models against `serde_json::Value` (issue 14,
//! BENCHMARKS.md "Decode and encode").
//!
//! `cargo bench -p models-tests --bench decode [-- --rounds R --passes P]`
//!
//! Over the wire fixtures the repository holds for the checked-in crate
//! (`models-tests/tests/data/conformance/spqr-{typed,hostile}.jsonl`), in one process on the same
//! bytes, each measured as the best of R rounds of P passes over the file:
//! - typed decode: `wire::from_str` into the generated type (through the tests' dispatch by
//!   message name, `models_tests::hooks::roundtrip`);
//! - `Value` decode: `serde_json::from_str::<serde_json::Value>`;
//! - typed encode: `wire::to_vec` of the decoded messages; `Value` encode: `serde_json::to_vec`;
//! - allocations per decoded message, typed and `Value`, counted by the allocator.
//!
//! Then the same per message type (decode only), slowest ratio first.

use std::alloc::{GlobalAlloc, Layout, System};
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

// The plain derived structs of the same shape, which the generator writes beside the hooks
// for this benchmark: a module of the benchmark's own, so that the tests, which never use
// them, do not compile them. Generated text, laid out by the generator.
#[path = "../src/hooks/plain.rs"]
#[allow(dead_code)] // the benchmark reads the structs through their decoders only
#[rustfmt::skip]
mod plain;

// The decode dispatch the generator writes beside the crate.
use models_tests::hooks::roundtrip as dispatch;

/// The system allocator, counting calls: allocations per decoded message are one of the
/// issue's targets, and a count does not depend on the machine's load.
struct Counting;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is forwarded to the system allocator unchanged; only a counter is added.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: the caller's contract is passed on as it is.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: as above.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: as above.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// What `--profile…` runs in a loop.
#[derive(Clone, Copy)]
enum Mode {
    Typed,
    Value,
    Plain,
    TypedSubset,
    TypedEncode,
    ValueEncode,
}

struct Record {
    ty: String,
    json: String,
    /// Looked up once, so that the timed loops time decoding, not the lookup by name.
    decode: dispatch::Decoder,
    /// The plain struct's decoder, when the plain struct reads this message (it cannot
    /// read an int64 sent as a number or a `"NaN"` double, which the typed models read).
    plain: Option<plain::Decoder>,
}

fn records(file: &Path) -> Vec<Record> {
    std::fs::read_to_string(file)
        .unwrap_or_else(|e| panic!("{}: {e}", file.display()))
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("a JSON line");
            let ty = v["type"].as_str().expect("a type").to_string();
            let decode =
                dispatch::decoder(&ty).unwrap_or_else(|| panic!("the crate has no `{ty}`"));
            let json = v["json"].to_string();
            let plain = plain::decoder(&ty).filter(|d| (d.check)(&json).is_ok());
            Record {
                ty,
                json,
                decode,
                plain,
            }
        })
        .collect()
}

/// Best of `rounds` of `passes` runs of `f`.
fn best(rounds: usize, passes: usize, mut f: impl FnMut()) -> Duration {
    (0..rounds)
        .map(|_| {
            let start = Instant::now();
            for _ in 0..passes {
                f();
            }
            start.elapsed()
        })
        .min()
        .unwrap_or_default()
}

fn allocations(f: impl FnOnce()) -> usize {
    let before = ALLOCATIONS.load(Ordering::Relaxed);
    f();
    ALLOCATIONS.load(Ordering::Relaxed) - before
}

/// Decodes a record into its type, boxed, to encode it again.
fn decode_typed(r: &Record) -> Box<dyn dispatch::Encode> {
    (r.decode.decode)(&r.json).unwrap_or_else(|e| panic!("{}: {e}", r.ty))
}

/// Decodes a record into its type and drops it where it was decoded, as the `Value` loops
/// do with theirs: what the decode loops time.
fn check_typed(r: &Record) {
    (r.decode.check)(&r.json).unwrap_or_else(|e| panic!("{}: {e}", r.ty))
}

fn ratio(slow: Duration, fast: Duration) -> f64 {
    slow.as_secs_f64() / fast.as_secs_f64().max(1e-12)
}

fn main() {
    let mut rounds = 5;
    let mut passes = 20;
    let mut profile: Option<(String, Mode)> = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            // `--profile FILE` (typed) or `--profile-value FILE`: only decoding of FILE, in a
            // loop, for `perf record` or for `valgrind --tool=callgrind`, whose instruction
            // counts do not depend on the machine's load.
            "--profile" => profile = args.next().map(|f| (f, Mode::Typed)),
            "--profile-value" => profile = args.next().map(|f| (f, Mode::Value)),
            // Plain derived structs, on the messages they read; `--profile-subset FILE` is
            // typed decoding of the same messages.
            "--profile-plain" => profile = args.next().map(|f| (f, Mode::Plain)),
            "--profile-subset" => profile = args.next().map(|f| (f, Mode::TypedSubset)),
            // The same for encoding (each message decoded once, before the loop).
            "--profile-encode" => profile = args.next().map(|f| (f, Mode::TypedEncode)),
            "--profile-encode-value" => profile = args.next().map(|f| (f, Mode::ValueEncode)),
            "--rounds" => rounds = args.next().and_then(|v| v.parse().ok()).unwrap_or(rounds),
            "--passes" => passes = args.next().and_then(|v| v.parse().ok()).unwrap_or(passes),
            // `cargo bench` passes `--bench`.
            _ => {}
        }
    }
    // Other fixtures (another service's crate, BENCHMARKS.md): `DECODE_DATA=DIR` and
    // `DECODE_FILES=a.jsonl,b.jsonl`.
    let data = std::env::var_os("DECODE_DATA")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(models_tests::fixtures_dir);
    let files: Vec<String> = std::env::var("DECODE_FILES")
        .map(|f| f.split(',').map(str::to_string).collect())
        .unwrap_or_else(|_| vec!["spqr-typed.jsonl".into(), "spqr-hostile.jsonl".into()]);
    if let Some((file, mode)) = profile {
        let recs = records(&data.join(file));
        let typed: Vec<Box<dyn dispatch::Encode>> = match mode {
            Mode::TypedEncode => recs.iter().map(decode_typed).collect(),
            _ => Vec::new(),
        };
        let values: Vec<serde_json::Value> = match mode {
            Mode::ValueEncode => recs
                .iter()
                .map(|r| serde_json::from_str(&r.json).unwrap())
                .collect(),
            _ => Vec::new(),
        };
        for _ in 0..rounds * passes {
            match mode {
                Mode::Typed => recs.iter().for_each(check_typed),
                Mode::Value => recs.iter().for_each(|r| {
                    drop(serde_json::from_str::<serde_json::Value>(&r.json).unwrap())
                }),
                Mode::Plain => recs
                    .iter()
                    .filter_map(|r| r.plain.map(|d| (d, r)))
                    .for_each(|(d, r)| (d.check)(&r.json).unwrap()),
                Mode::TypedSubset => recs
                    .iter()
                    .filter(|r| r.plain.is_some())
                    .for_each(check_typed),
                Mode::TypedEncode => typed.iter().for_each(|t| drop(t.to_vec().unwrap())),
                Mode::ValueEncode => values
                    .iter()
                    .for_each(|v| drop(serde_json::to_vec(v).unwrap())),
            }
        }
        return;
    }
    println!("best of {rounds} rounds × {passes} passes; ratios are Value time / typed time");
    println!(
        "{:<22} {:>6} {:>10} {:>10} {:>7} {:>10} {:>10} {:>7} {:>8} {:>8}",
        "fixtures",
        "msgs",
        "typed dec",
        "Value dec",
        "ratio",
        "typed enc",
        "Value enc",
        "ratio",
        "alloc/t",
        "alloc/V"
    );
    for name in &files {
        let recs = records(&data.join(name));
        let typed_dec = best(rounds, passes, || {
            recs.iter().for_each(check_typed);
        });
        let value_dec = best(rounds, passes, || {
            for r in &recs {
                let v: serde_json::Value = serde_json::from_str(&r.json).unwrap();
                drop(v);
            }
        });
        let typed: Vec<Box<dyn dispatch::Encode>> = recs.iter().map(decode_typed).collect();
        let values: Vec<serde_json::Value> = recs
            .iter()
            .map(|r| serde_json::from_str(&r.json).unwrap())
            .collect();
        let typed_enc = best(rounds, passes, || {
            for t in &typed {
                drop(t.to_vec().unwrap());
            }
        });
        let value_enc = best(rounds, passes, || {
            for v in &values {
                drop(serde_json::to_vec(v).unwrap());
            }
        });
        // Plain derived structs, and the typed models on the same messages.
        let subset: Vec<(&Record, plain::Decoder)> = recs
            .iter()
            .filter_map(|r| r.plain.map(|d| (r, d)))
            .collect();
        let plain_dec = best(rounds, passes, || {
            subset.iter().for_each(|(r, d)| (d.check)(&r.json).unwrap())
        });
        let subset_dec = best(rounds, passes, || {
            subset.iter().for_each(|(r, _)| check_typed(r))
        });
        let a_typed = allocations(|| recs.iter().for_each(check_typed));
        let a_value = allocations(|| {
            recs.iter()
                .for_each(|r| drop(serde_json::from_str::<serde_json::Value>(&r.json).unwrap()))
        });
        let n = recs.len();
        println!(
            "{:<22} {:>6} {:>8.2}ms {:>8.2}ms {:>6.2}× {:>8.2}ms {:>8.2}ms {:>6.2}× {:>8.1} {:>8.1}",
            name,
            n,
            typed_dec.as_secs_f64() * 1e3 / passes as f64,
            value_dec.as_secs_f64() * 1e3 / passes as f64,
            ratio(value_dec, typed_dec),
            typed_enc.as_secs_f64() * 1e3 / passes as f64,
            value_enc.as_secs_f64() * 1e3 / passes as f64,
            ratio(value_enc, typed_enc),
            a_typed as f64 / n as f64,
            a_value as f64 / n as f64,
        );
        println!(
            "  plain derived structs read {} of {n}: typed {:.2}ms, plain {:.2}ms, typed / plain {:.2}×",
            subset.len(),
            subset_dec.as_secs_f64() * 1e3 / passes as f64,
            plain_dec.as_secs_f64() * 1e3 / passes as f64,
            ratio(subset_dec, plain_dec),
        );

        // Per message type: decode ratio, slowest first.
        let mut by_type: BTreeMap<&str, Vec<&Record>> = BTreeMap::new();
        for r in &recs {
            by_type.entry(r.ty.as_str()).or_default().push(r);
        }
        let mut rows: Vec<(f64, &str, usize)> = by_type
            .iter()
            .map(|(ty, rs)| {
                let t = best(rounds, passes, || rs.iter().for_each(|r| check_typed(r)));
                let v = best(rounds, passes, || {
                    rs.iter().for_each(|r| {
                        drop(serde_json::from_str::<serde_json::Value>(&r.json).unwrap())
                    })
                });
                (ratio(v, t), *ty, rs.len())
            })
            .collect();
        rows.sort_by(|a, b| a.0.total_cmp(&b.0));
        println!("  per type (decode, Value/typed), slowest five:");
        for (r, ty, n) in rows.iter().take(5) {
            println!("    {r:>6.2}×  {ty} ({n})");
        }
    }
}
