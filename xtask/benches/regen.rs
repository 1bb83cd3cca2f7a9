//! The regeneration benchmark (issue 7): times every phase of `cargo xtask regen` on
//! `specs/` and on scaled corpora that it makes itself, beside the floor (the same bytes
//! read and only tokenized), and counts peak heap memory with a counting allocator.
//!
//! ```sh
//! cargo bench -p xtask --bench regen                        # specs/, 10×, 50×; 5 runs each
//! cargo bench -p xtask --bench regen -- --runs 9 --scales 1,10,50 --keep /tmp/corpora
//! ```
//!
//! A scaled corpus of N copies holds the SPQR pages of `specs/` N times, copy `i > 1`
//! under the package `yandex.cloud.mdb.spqr{i}.v1` (every mention of the package in the
//! page text is rewritten, so anchors, links and method packages move with it) in folder
//! `spqr{i}/` (pages of other services, if `specs/` has any, are copied once). A scaled
//! corpus carries no overrides file, as a folder of pages need not: the generator knows
//! operations' `Any` fields itself, and the two SPQR wire corrections of
//! `specs/overrides.yaml` are left out, so those two fields stay the strings the pages say
//! (the same work for the generator). Shared types
//! (operations, `google.rpc.Status`, `yandex.cloud.mdb.v1`, …) stay shared, so the merge
//! sees them on N times as many pages. Corpora and crates go to a temporary folder, removed
//! at the end unless `--keep DIR` names where to leave them (then
//! `cargo build --manifest-path DIR/x50/crate/Cargo.toml` builds the 50× crate).
//!
//! Phases, as `cargo xtask regen` runs them: read (list and read the pages and the
//! overrides), parse (decode, page reader, page schema, front matter, sample check),
//! merge (overrides, cross-page merge), emit (index and tokens: generate minus format),
//! format (syn's parse of the tokens and prettyplease: `codegen::emit::format_file`, timed
//! through `generate_with`), write (the crate written atomically to a temporary folder,
//! where the previous run's copy is removed first, untimed: an unchanged crate is not
//! written at all).
//! The floor reads the same files again and only tokenizes them: pulldown-cmark's events
//! consumed and the front matter parsed by serde_yaml. Reported figures are medians over
//! the runs.

use mimalloc::MiMalloc;
use page_reader::pipeline;
use std::alloc::{GlobalAlloc, Layout};
use std::num::NonZeroUsize;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant};
use xtask::output;

// ---------------------------------------------------------------------------------------
// Peak heap memory
// ---------------------------------------------------------------------------------------

/// The allocator `cargo xtask` uses (mimalloc), counting the bytes live and the most live
/// at once while `COUNTING` is on. Counting is off for the run on all cores: two threads
/// updating the same counters on every allocation made that run barely faster than one
/// thread (1.06× against 1.7–1.9× for the binary alone).
struct Counting;

static COUNTING: AtomicBool = AtomicBool::new(true);
static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn grew(by: usize) {
    if COUNTING.load(Ordering::Relaxed) {
        let now = LIVE.fetch_add(by, Ordering::Relaxed).wrapping_add(by);
        PEAK.fetch_max(now, Ordering::Relaxed);
    }
}

fn shrank(by: usize) {
    if COUNTING.load(Ordering::Relaxed) {
        // Memory allocated while counting was off and freed now makes the count drift;
        // wrapping keeps that harmless (peaks are measured from a base, see `peak_since`).
        LIVE.fetch_sub(by, Ordering::Relaxed);
    }
}

// SAFETY: every call is forwarded to `MiMalloc` unchanged; only counters are updated.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = MiMalloc.alloc(layout);
        if !p.is_null() {
            grew(layout.size());
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let p = MiMalloc.alloc_zeroed(layout);
        if !p.is_null() {
            grew(layout.size());
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        MiMalloc.dealloc(ptr, layout);
        shrank(layout.size());
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = MiMalloc.realloc(ptr, layout, new_size);
        if !p.is_null() {
            if new_size >= layout.size() {
                grew(new_size - layout.size());
            } else {
                shrank(layout.size() - new_size);
            }
        }
        p
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Starts a peak measurement: returns the bytes live now.
fn peak_start() -> usize {
    let live = LIVE.load(Ordering::Relaxed);
    PEAK.store(live, Ordering::Relaxed);
    live
}

/// Bytes allocated at the peak since `peak_start` returned `base`, beyond `base`.
fn peak_since(base: usize) -> usize {
    PEAK.load(Ordering::Relaxed).saturating_sub(base)
}

// ---------------------------------------------------------------------------------------
// CPU time
// ---------------------------------------------------------------------------------------

/// Time this thread has run on a CPU (Linux's `/proc/thread-self/schedstat`, in ns), which,
/// unlike wall time, does not grow while other processes hold the cores; zero where the file
/// is missing.
fn cpu_now() -> Duration {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse().ok())
        .map(Duration::from_nanos)
        .unwrap_or_default()
}

// ---------------------------------------------------------------------------------------
// Corpora
// ---------------------------------------------------------------------------------------

/// The package every copy renames.
const PACKAGE: &str = "yandex.cloud.mdb.spqr.v1";
/// The service folder that is copied.
const SERVICE: &str = "spqr";

fn copy_package(i: usize) -> String {
    format!("yandex.cloud.mdb.spqr{i}.v1")
}

/// Writes a specs folder with `copies` copies of the SPQR pages; returns it.
fn scaled_corpus(specs: &Path, copies: usize, dir: &Path) -> PathBuf {
    let out = dir.join("specs");
    let pages = pipeline::page_files(specs).expect("specs/ readable");
    let service = specs.join(SERVICE);
    for page in pages.iter().filter(|p| !p.starts_with(&service)) {
        // Pages of other services, if any, go in once.
        let path = out.join(page.strip_prefix(specs).expect("below specs/"));
        std::fs::create_dir_all(path.parent().expect("has a parent")).unwrap();
        std::fs::copy(page, &path).unwrap();
    }
    for i in 1..=copies {
        for page in &pages {
            let Ok(rel) = page.strip_prefix(&service) else {
                continue;
            };
            let text = std::fs::read_to_string(page).expect("page readable");
            let (folder, text) = if i == 1 {
                (SERVICE.to_string(), text)
            } else {
                (
                    format!("{SERVICE}{i}"),
                    text.replace(PACKAGE, &copy_package(i)),
                )
            };
            let path = out.join(folder).join(rel);
            std::fs::create_dir_all(path.parent().expect("has a parent")).unwrap();
            std::fs::write(&path, text).unwrap();
        }
    }
    out
}

// ---------------------------------------------------------------------------------------
// One run
// ---------------------------------------------------------------------------------------

#[derive(Clone, Copy, Default)]
struct Run {
    read: Duration,
    parse: Duration,
    merge: Duration,
    emit: Duration,
    format: Duration,
    write: Duration,
    floor: Duration,
    /// The whole regen with all cores (`regen_all_cores`).
    parallel: Duration,
    /// CPU time of the whole regen and of the floor.
    regen_cpu: Duration,
    floor_cpu: Duration,
    /// Peak heap bytes of the regen (all phases) and of the floor.
    regen_peak: usize,
    floor_peak: usize,
}

impl Run {
    fn regen(&self) -> Duration {
        self.read + self.parse + self.merge + self.emit + self.format + self.write
    }
}

struct Sizes {
    pages: usize,
    bytes: usize,
    messages: usize,
    enums: usize,
    files: usize,
    lines: usize,
}

/// `cargo xtask regen --specs specs --out out`, phase by phase.
fn regen(specs: &Path, out: &Path, run: &mut Run) -> Sizes {
    let base = peak_start();
    let cpu = cpu_now();
    let t = Instant::now();
    let mut inputs = Vec::new();
    for path in pipeline::page_files(specs).unwrap() {
        let bytes = std::fs::read(&path).unwrap();
        inputs.push((pipeline::display(specs, &path), bytes));
    }
    let ov_path = specs.join(pipeline::OVERRIDES);
    let ov_text = std::fs::read_to_string(&ov_path).ok();
    let ov_name = pipeline::display(specs, &ov_path);
    run.read = t.elapsed();

    let t = Instant::now();
    let parsed = pipeline::parse_pages_with(&inputs, NonZeroUsize::new(1));
    run.parse = t.elapsed();

    let t = Instant::now();
    let outcome = pipeline::finish(parsed, (&ov_name, ov_text.as_deref()));
    run.merge = t.elapsed();
    if outcome.has_errors() {
        for d in outcome.diagnostics.iter().filter(|d| d.is_error()).take(5) {
            eprintln!("{}", d.render(None));
        }
        panic!("{}: the corpus has errors", specs.display());
    }

    // One thread, so that emit and format add up to the wall time of generating.
    let format_nanos = AtomicU64::new(0);
    let timed_format = |tokens, path: &str| {
        let t = Instant::now();
        let text = codegen::emit::format_file(tokens, path);
        let spent = u64::try_from(t.elapsed().as_nanos()).unwrap_or(u64::MAX);
        format_nanos.fetch_add(spent, Ordering::Relaxed);
        text
    };
    let options = codegen::GenerateOptions {
        threads: NonZeroUsize::new(1),
        ..Default::default()
    };
    let t = Instant::now();
    let files = codegen::emit::generate_with(&outcome.schema, &options, &timed_format)
        .unwrap_or_else(|e| panic!("{}: {e}", specs.display()));
    let generate = t.elapsed();
    run.format = Duration::from_nanos(format_nanos.load(Ordering::Relaxed));
    run.emit = generate.saturating_sub(run.format);
    run.regen_peak = peak_since(base);

    // A crate identical to the one on disk is not written at all; remove it (untimed) so
    // that the write is measured.
    let _ = std::fs::remove_dir_all(out);
    let before_write = peak_start();
    let t = Instant::now();
    output::write_atomically(out, &files).unwrap();
    run.write = t.elapsed();
    run.regen_cpu = cpu_now().saturating_sub(cpu);
    run.regen_peak = run
        .regen_peak
        .max(before_write.saturating_sub(base) + peak_since(before_write));

    Sizes {
        pages: inputs.len(),
        bytes: inputs.iter().map(|(_, b)| b.len()).sum(),
        messages: outcome.schema.messages.len(),
        enums: outcome.schema.enums.len(),
        files: files.len(),
        lines: files.values().map(|f| f.lines().count()).sum(),
    }
}

/// The whole of `cargo xtask regen` as it runs, with as many threads as the machine has
/// cores: read, parse, merge, generate, write. Wall time.
fn regen_all_cores(specs: &Path, out: &Path) -> Duration {
    COUNTING.store(false, Ordering::Relaxed);
    let _ = std::fs::remove_dir_all(out);
    let spent = {
        let t = Instant::now();
        let outcome = pipeline::run(specs).expect("specs readable");
        let files = codegen::generate(&outcome.schema, &codegen::GenerateOptions::default())
            .unwrap_or_else(|e| panic!("{}: {e}", specs.display()));
        output::write_atomically(out, &files).unwrap();
        t.elapsed()
        // Everything allocated here is freed here, while counting is still off.
    };
    COUNTING.store(true, Ordering::Relaxed);
    spent
}

/// The floor: the same files read, the front matter parsed by serde_yaml and the markdown
/// tokenized by pulldown-cmark (events counted), nothing else.
fn floor(specs: &Path, run: &mut Run) -> usize {
    let base = peak_start();
    let cpu = cpu_now();
    let t = Instant::now();
    let mut events = 0;
    for path in pipeline::page_files(specs).unwrap() {
        let bytes = std::fs::read(&path).unwrap();
        let text = std::str::from_utf8(&bytes).unwrap();
        let body = match text
            .strip_prefix("---\n")
            .and_then(|r| r.split_once("\n---\n"))
        {
            Some((front, body)) => {
                let v: serde_yaml::Value = serde_yaml::from_str(front).unwrap();
                events += usize::from(!v.is_null());
                body
            }
            None => text,
        };
        events += pulldown_cmark::Parser::new(body).count();
    }
    if let Ok(ov) = std::fs::read_to_string(specs.join(pipeline::OVERRIDES)) {
        let v: serde_yaml::Value = serde_yaml::from_str(&ov).unwrap();
        events += usize::from(!v.is_null());
    }
    run.floor = t.elapsed();
    run.floor_cpu = cpu_now().saturating_sub(cpu);
    run.floor_peak = peak_since(base);
    events
}

// ---------------------------------------------------------------------------------------
// Report
// ---------------------------------------------------------------------------------------

fn median<T: Copy + Ord>(mut v: Vec<T>) -> T {
    v.sort();
    v[v.len() / 2]
}

fn ms(d: Duration) -> String {
    format!("{:.1}", d.as_secs_f64() * 1e3)
}

fn mib(b: usize) -> String {
    format!("{:.1}", b as f64 / (1024.0 * 1024.0))
}

struct Row {
    label: String,
    sizes: Sizes,
    runs: Vec<Run>,
}

impl Row {
    fn med(&self, f: impl Fn(&Run) -> Duration) -> Duration {
        median(self.runs.iter().map(f).collect())
    }

    fn med_bytes(&self, f: impl Fn(&Run) -> usize) -> usize {
        median(self.runs.iter().map(f).collect())
    }
}

struct Args {
    runs: usize,
    scales: Vec<usize>,
    keep: Option<PathBuf>,
}

fn args() -> Args {
    let mut a = Args {
        runs: 5,
        scales: vec![1, 10, 50],
        keep: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--runs" => a.runs = it.next().and_then(|v| v.parse().ok()).expect("--runs N"),
            "--scales" => {
                a.scales = it
                    .next()
                    .expect("--scales 1,10,50")
                    .split(',')
                    .map(|s| s.trim().parse().expect("--scales takes numbers"))
                    .collect()
            }
            "--keep" => a.keep = Some(it.next().expect("--keep DIR").into()),
            // `cargo bench` passes `--bench`; libtest's other flags mean nothing here.
            _ => {}
        }
    }
    assert!(a.runs > 0, "--runs must be at least 1");
    a
}

fn main() {
    let args = args();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let specs = root.join("specs");
    let temp = match &args.keep {
        Some(dir) => dir.clone(),
        None => std::env::temp_dir().join(format!("xtask-bench-{}", std::process::id())),
    };
    // The corpora first, then the runs round-robin (specs/, 10×, 50×, specs/, …): a change
    // in the shared machine's load or clock during the benchmark then falls on every corpus
    // alike instead of on whichever ran last, which skewed the 50× ÷ 10× ratio.
    let mut corpora = Vec::new();
    for &scale in &args.scales {
        let dir = temp.join(format!("x{scale}"));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let corpus = if scale == 1 {
            specs.clone()
        } else {
            scaled_corpus(&specs, scale, &dir)
        };
        let label = if scale == 1 {
            "specs/".to_string()
        } else {
            format!("{scale}×")
        };
        corpora.push((label, corpus, dir.join("crate")));
    }
    let mut rows: Vec<Row> = Vec::new();
    // Round 0 warms up (page cache, allocator) and is not counted.
    for round in 0..=args.runs {
        for (i, (label, corpus, out)) in corpora.iter().enumerate() {
            let mut run = Run::default();
            floor(corpus, &mut run);
            let sizes = regen(corpus, out, &mut run);
            run.parallel = regen_all_cores(corpus, out);
            if round == 0 {
                rows.push(Row {
                    label: label.clone(),
                    sizes,
                    runs: Vec::new(),
                });
            } else {
                rows[i].runs.push(run);
            }
        }
        eprintln!("round {round} of {} done", args.runs);
    }
    if args.keep.is_none() {
        let _ = std::fs::remove_dir_all(&temp);
    }
    report(&args, &rows);
}

fn report(args: &Args, rows: &[Row]) {
    println!(
        "regen benchmark: medians of {} rounds (after one warm-up round; corpora run round-robin), times in ms, memory in MiB (peak heap)\n",
        args.runs
    );
    println!("| corpus | pages | input KiB | messages | enums | files | lines out |");
    println!("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
    for r in rows {
        let s = &r.sizes;
        println!(
            "| {} | {} | {} | {} | {} | {} | {} |",
            r.label,
            s.pages,
            s.bytes / 1024,
            s.messages,
            s.enums,
            s.files,
            s.lines
        );
    }
    println!();
    println!("| corpus | read | parse | merge | emit | format | write | **regen** | floor | regen ÷ floor | regen w/o format ÷ floor | format share |");
    println!(
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
    );
    for r in rows {
        let regen = r.med(Run::regen);
        let floor = r.med(|x| x.floor);
        let unformatted = r.med(|x| x.regen() - x.format);
        let format = r.med(|x| x.format);
        println!(
            "| {} | {} | {} | {} | {} | {} | {} | **{}** | {} | {:.2} | {:.2} | {:.0}% |",
            r.label,
            ms(r.med(|x| x.read)),
            ms(r.med(|x| x.parse)),
            ms(r.med(|x| x.merge)),
            ms(r.med(|x| x.emit)),
            ms(format),
            ms(r.med(|x| x.write)),
            ms(regen),
            ms(floor),
            regen.as_secs_f64() / floor.as_secs_f64(),
            unformatted.as_secs_f64() / floor.as_secs_f64(),
            100.0 * format.as_secs_f64() / regen.as_secs_f64(),
        );
    }
    println!();
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!(
        "The phases above are timed on one thread. The whole regen as `cargo xtask regen` runs it, pages parsed and files emitted on {cores} threads (wall time):\n"
    );
    println!("| corpus | regen, 1 thread | regen, {cores} threads | speed-up | ÷ floor, 1 thread | ÷ floor, {cores} threads |");
    println!("| --- | ---: | ---: | ---: | ---: | ---: |");
    for r in rows {
        let one = r.med(Run::regen);
        let all = r.med(|x| x.parallel);
        let floor = r.med(|x| x.floor);
        println!(
            "| {} | {} | {} | {:.2} | {:.2} | {:.2} |",
            r.label,
            ms(one),
            ms(all),
            one.as_secs_f64() / all.as_secs_f64(),
            one.as_secs_f64() / floor.as_secs_f64(),
            all.as_secs_f64() / floor.as_secs_f64(),
        );
    }
    println!();
    println!("CPU time (this thread on a core; does not count waiting for a busy core):\n");
    println!("| corpus | regen CPU | floor CPU | regen ÷ floor (CPU) |");
    println!("| --- | ---: | ---: | ---: |");
    for r in rows {
        let regen = r.med(|x| x.regen_cpu);
        let floor = r.med(|x| x.floor_cpu);
        println!(
            "| {} | {} | {} | {:.2} |",
            r.label,
            ms(regen),
            ms(floor),
            regen.as_secs_f64() / floor.as_secs_f64()
        );
    }
    println!();
    println!("| corpus | regen peak heap | floor peak heap | peak ÷ input bytes |");
    println!("| --- | ---: | ---: | ---: |");
    for r in rows {
        let peak = r.med_bytes(|x| x.regen_peak);
        println!(
            "| {} | {} | {} | {:.1} |",
            r.label,
            mib(peak),
            mib(r.med_bytes(|x| x.floor_peak)),
            peak as f64 / r.sizes.bytes as f64
        );
    }
    let find = |label: &str| rows.iter().find(|r| r.label == label);
    if let (Some(a), Some(b)) = (find("10×"), find("50×")) {
        let t = |r: &Row| r.med(Run::regen).as_secs_f64();
        let c = |r: &Row| r.med(|x| x.regen_cpu).as_secs_f64();
        let m = |r: &Row| r.med_bytes(|x| x.regen_peak) as f64;
        println!();
        let p = |r: &Row| r.med(|x| x.parallel).as_secs_f64();
        println!(
            "50× ÷ 10×: time {:.2} (target ≤ 5.5; all cores {:.2}), CPU time {:.2}, peak heap {:.2} (linear: 5.0); per phase: read {:.2}, parse {:.2}, merge {:.2}, emit {:.2}, format {:.2}, write {:.2}, floor {:.2}",
            t(b) / t(a),
            p(b) / p(a),
            c(b) / c(a),
            m(b) / m(a),
            b.med(|x| x.read).as_secs_f64() / a.med(|x| x.read).as_secs_f64(),
            b.med(|x| x.parse).as_secs_f64() / a.med(|x| x.parse).as_secs_f64(),
            b.med(|x| x.merge).as_secs_f64() / a.med(|x| x.merge).as_secs_f64(),
            b.med(|x| x.emit).as_secs_f64() / a.med(|x| x.emit).as_secs_f64(),
            b.med(|x| x.format).as_secs_f64() / a.med(|x| x.format).as_secs_f64(),
            b.med(|x| x.write).as_secs_f64() / a.med(|x| x.write).as_secs_f64(),
            b.med(|x| x.floor).as_secs_f64() / a.med(|x| x.floor).as_secs_f64(),
        );
    }
}
