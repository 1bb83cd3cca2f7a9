//! Untidy twins: a page with CRLF line endings, a UTF-8 byte-order mark or trailing spaces
//! generates exactly what its tidy twin generates (every file, byte for byte, and the same
//! diagnostics); and a 10 MB page parses to the schema its rows describe, with work that
//! grows linearly with its size.
//!
//! Speed is the benchmark's business (`cargo bench -p xtask`); here the 10 MB page only has
//! to parse correctly, and linearity is shown by counting allocations (calls and bytes, on
//! this thread) for a page and for the same page ten times longer: a parser that re-reads
//! or re-copies what it has read shows up as a ratio far above ten.

use page_reader::pipeline::{self, Outcome};
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

// ---- allocation counting (per thread, so parallel tests do not disturb each other) ----

struct Counting;

thread_local! {
    static CALLS: Cell<u64> = const { Cell::new(0) };
    static BYTES: Cell<u64> = const { Cell::new(0) };
}

fn count(bytes: usize) {
    // `try_with`: allocations during thread teardown must not panic.
    let _ = CALLS.try_with(|c| c.set(c.get() + 1));
    let _ = BYTES.try_with(|b| b.set(b.get() + bytes as u64));
}

// SAFETY: every call is forwarded to the system allocator unchanged; counting only
// touches thread-local cells, which never allocate (const-initialized).
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count(layout.size());
        unsafe { System.alloc(layout) }
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        count(layout.size());
        unsafe { System.alloc_zeroed(layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count(new_size);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static COUNTING: Counting = Counting;

/// Allocation calls and bytes made by `f` on this thread.
fn work<T>(f: impl FnOnce() -> T) -> (T, u64, u64) {
    let (c0, b0) = (CALLS.with(Cell::get), BYTES.with(Cell::get));
    let out = f();
    let (c1, b1) = (CALLS.with(Cell::get), BYTES.with(Cell::get));
    (out, c1 - c0, b1 - b0)
}

// ---- the real pages and their twins ----

fn specs() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs")
}

/// Every real page as `(display name, bytes)`, and the overrides file.
fn real_pages() -> (Vec<(String, Vec<u8>)>, String) {
    let specs = specs();
    let pages: Vec<_> = pipeline::page_files(&specs)
        .unwrap()
        .into_iter()
        .map(|p| (pipeline::display(&specs, &p), std::fs::read(&p).unwrap()))
        .collect();
    assert!(pages.len() >= 15, "expected the SPQR pages under specs/");
    let overrides = std::fs::read_to_string(specs.join(pipeline::OVERRIDES)).unwrap();
    (pages, overrides)
}

/// A way of making a page untidy.
type Untidy = fn(&[u8]) -> Vec<u8>;

fn crlf(b: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(b.len() * 2);
    for &c in b {
        if c == b'\n' {
            out.push(b'\r');
        }
        out.push(c);
    }
    out
}

fn bom(b: &[u8]) -> Vec<u8> {
    [b"\xef\xbb\xbf".as_slice(), b].concat()
}

/// Spaces and tabs at the end of every line, including the last.
fn trailing(b: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(b.len() * 2);
    for &c in b {
        if c == b'\n' {
            out.extend_from_slice(b"  \t ");
        }
        out.push(c);
    }
    out.extend_from_slice(b" \t");
    out
}

fn run(pages: &[(String, Vec<u8>)], overrides: &str) -> Outcome {
    pipeline::run_on(pages, ("specs/overrides.yaml", Some(overrides)))
}

fn generate(outcome: &Outcome) -> BTreeMap<String, String> {
    assert!(!outcome.has_errors(), "{:#?}", outcome.diagnostics);
    codegen::generate(&outcome.schema, &codegen::GenerateOptions::default()).unwrap()
}

fn lines(diags: &[page_reader::diagnostics::Diagnostic]) -> Vec<String> {
    diags.iter().map(|d| d.to_string()).collect()
}

#[test]
fn untidy_pages_generate_what_their_tidy_twins_generate() {
    let (pages, overrides) = real_pages();
    let tidy = run(&pages, &overrides);
    let tidy_files = generate(&tidy);
    assert!(tidy_files.len() > 5);
    let twins: [(&str, Untidy); 4] = [
        ("CRLF", crlf),
        ("byte-order mark", bom),
        ("trailing spaces", trailing),
        ("all three", |b| bom(&crlf(&trailing(b)))),
    ];
    for (what, untidy) in twins {
        let twin_pages: Vec<_> = pages
            .iter()
            .map(|(n, b)| {
                let t = untidy(b);
                assert_ne!(&t, b, "{what} changed nothing in {n}");
                (n.clone(), t)
            })
            .collect();
        let twin = run(&twin_pages, &overrides);
        assert_eq!(lines(&twin.diagnostics), lines(&tidy.diagnostics), "{what}");
        assert_eq!(
            lines(&twin.sample_warnings),
            lines(&tidy.sample_warnings),
            "{what}"
        );
        assert_eq!(twin.schema, tidy.schema, "{what}");
        let twin_files = generate(&twin);
        for (path, text) in &tidy_files {
            assert_eq!(twin_files.get(path), Some(text), "{what}: {path}");
        }
        assert_eq!(twin_files.len(), tidy_files.len(), "{what}");
    }
}

/// The same through the command line: `regen` of the untidy specs into one directory and of
/// the tidy specs into another leaves byte-identical trees.
#[test]
fn regen_of_untidy_specs_writes_the_same_crate() {
    let dir = tempfile::tempdir().unwrap();
    let (pages, overrides) = real_pages();
    for (root, f) in [
        ("tidy", (|b: &[u8]| b.to_vec()) as Untidy),
        ("untidy", |b| bom(&crlf(&trailing(b)))),
    ] {
        for (name, bytes) in &pages {
            let path = dir.path().join(root).join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, f(bytes)).unwrap();
        }
        std::fs::write(
            dir.path().join(root).join("specs/overrides.yaml"),
            &overrides,
        )
        .unwrap();
        let out = Command::new(env!("CARGO_BIN_EXE_xtask"))
            .args(["regen", "--specs", "specs", "--out", "crate"])
            .current_dir(dir.path().join(root))
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let tidy = xtask::output::read_tree(&dir.path().join("tidy/crate")).unwrap();
    let untidy = xtask::output::read_tree(&dir.path().join("untidy/crate")).unwrap();
    assert!(tidy.len() > 5);
    assert!(xtask::output::diff(&tidy, &untidy).is_none());
    assert_eq!(tidy, untidy);
}

// ---- the 10 MB page ----

const BIG_PAGE: &str = "spqr/Cluster/get.md";
const CLUSTER: &str = "yandex.cloud.mdb.spqr.v1.Cluster";

/// `Cluster/get.md` with the rows of its response table (the `Cluster` message) repeated
/// `copies` more times, each copy's fields renamed `<name>Copy<i>`.
fn big_page(copies: usize) -> Vec<u8> {
    let text = std::fs::read_to_string(specs().join(BIG_PAGE)).unwrap();
    let response = text.find("\n## Response").unwrap();
    let open = response + text[response..].find("\n#|\n").unwrap() + 4;
    let header_end = open + text[open..].find("||\n").unwrap() + 3;
    let close = header_end + text[header_end..].find("\n|#\n").unwrap() + 1;
    let rows = &text[header_end..close];
    let mut out = String::with_capacity(text.len() + rows.len() * copies);
    out.push_str(&text[..close]);
    for i in 1..=copies {
        for line in rows.split_inclusive('\n') {
            match line.strip_prefix("|| ") {
                Some(rest) => {
                    let end = rest.find([' ', '[']).unwrap();
                    out.push_str(&format!("|| {}Copy{i}{}", &rest[..end], &rest[end..]));
                }
                None => out.push_str(line),
            }
        }
    }
    out.push_str(&text[close..]);
    out.into_bytes()
}

fn parse_alone(bytes: Vec<u8>) -> Outcome {
    pipeline::run_on(
        &[(format!("specs/{BIG_PAGE}"), bytes)],
        ("specs/overrides.yaml", None),
    )
}

#[test]
fn a_10_mb_page_parses_to_the_schema_its_rows_describe() {
    let tidy = parse_alone(big_page(0));
    let original = tidy.schema.messages[CLUSTER].fields.clone();
    // Enough copies for 10 MB.
    let per_copy = big_page(1).len() - big_page(0).len();
    let copies = 10 * 1024 * 1024 / per_copy + 1;
    let bytes = big_page(copies);
    assert!(bytes.len() >= 10 * 1024 * 1024, "{} bytes", bytes.len());

    let big = parse_alone(bytes.clone());
    let errors: Vec<_> = big.diagnostics.iter().filter(|d| d.is_error()).collect();
    assert!(errors.is_empty(), "{errors:?}");
    let fields = &big.schema.messages[CLUSTER].fields;
    assert_eq!(fields.len(), original.len() * (copies + 1));
    // Each copy of a field is the original under its new name: same type, label, docs.
    for (k, f) in fields.iter().enumerate() {
        let (copy, o) = (k / original.len(), &original[k % original.len()]);
        let name = if copy == 0 {
            o.json_name.clone()
        } else {
            format!("{}Copy{copy}", o.json_name)
        };
        assert_eq!(f.json_name, name);
        assert_eq!(
            (&f.ty, f.label, &f.docs),
            (&o.ty, o.label, &o.docs),
            "{name}"
        );
    }
    // Everything else on the page reads as on the page of normal size.
    let mut rest = big.schema.clone();
    let mut rest_tidy = tidy.schema.clone();
    rest.messages.remove(CLUSTER);
    rest_tidy.messages.remove(CLUSTER);
    // (Compared in the JSON form, which leaves out origins: the lines moved.)
    let json = |s: &codegen::schema::Schema| serde_json::to_string(&s.messages).unwrap();
    assert!(json(&rest) == json(&rest_tidy), "other messages differ");
    assert_eq!(rest.methods.len(), 1);

    // And its untidy twin reads the same.
    let twin = parse_alone(bom(&crlf(&trailing(&bytes))));
    assert!(
        twin.schema == big.schema,
        "the 10 MB page's untidy twin reads differently"
    );
    assert_eq!(lines(&twin.diagnostics), lines(&big.diagnostics));
}

#[test]
fn work_grows_linearly_with_the_page() {
    let per_copy = big_page(1).len() - big_page(0).len();
    let copies = 1024 * 1024 / per_copy;
    let small = big_page(copies);
    let large = big_page(copies * 10);
    let ratio_bytes = large.len() as f64 / small.len() as f64;
    assert!((9.5..10.5).contains(&ratio_bytes), "{ratio_bytes}");
    // Warm up whatever runs once per process.
    parse_alone(big_page(0));
    let (a, calls_small, bytes_small) = work(|| parse_alone(small));
    let (b, calls_large, bytes_large) = work(|| parse_alone(large));
    assert!(!a.has_errors() && !b.has_errors());
    let calls = calls_large as f64 / calls_small as f64;
    let bytes = bytes_large as f64 / bytes_small as f64;
    // Linear work gives ten (a little less: the fixed part of the page does not grow);
    // quadratic work would give a hundred.
    assert!(
        (7.0..13.0).contains(&calls),
        "allocation calls grew {calls:.1}× for a page {ratio_bytes:.1}× longer"
    );
    assert!(
        (7.0..13.0).contains(&bytes),
        "bytes allocated grew {bytes:.1}× for a page {ratio_bytes:.1}× longer"
    );
}
