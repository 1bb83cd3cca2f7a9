//! What one fuzz input must satisfy. Shared by the fuzz target (`fuzz_targets/pages.rs`)
//! and the stable regression test that replays every saved input
//! (`xtask/tests/fuzz_regressions.rs`), so a crash the fuzzer found stays a test.

use page_reader::diagnostics::Diagnostic;
use page_reader::pipeline::{self, Outcome};
use page_reader::source;
use std::collections::BTreeSet;

/// Separates pages inside one fuzz input (ASCII record separator): one input can hold
/// several pages, so the merge sees conflicts between pages.
pub const PAGE_SEPARATOR: u8 = 0x1e;
/// At most this many pages per input; more add nothing the merge does not see with four.
pub const MAX_PAGES: usize = 4;
/// A piece starting with this is the overrides file rather than a page.
pub const OVERRIDES_MARK: &[u8] = b"- field:";
/// The overrides file's name in diagnostics.
pub const OVERRIDES_NAME: &str = "specs/overrides.yaml";

/// Splits a fuzz input into pages (`specs/fuzz/pN.md`) and, optionally, an overrides file.
pub fn split_input(data: &[u8]) -> (Vec<(String, Vec<u8>)>, Option<String>) {
    let mut pages = Vec::new();
    let mut overrides = None;
    for piece in data.splitn(MAX_PAGES + 1, |&b| b == PAGE_SEPARATOR) {
        if piece.starts_with(OVERRIDES_MARK) && overrides.is_none() {
            // The overrides file is read as UTF-8 text by the pipeline's caller.
            overrides = Some(String::from_utf8_lossy(piece).into_owned());
        } else {
            pages.push((format!("specs/fuzz/p{}.md", pages.len()), piece.to_vec()));
        }
    }
    (pages, overrides)
}

/// One thread: the fuzzer runs one tiny input after another, where starting threads would
/// cost more than they save (the thread count changes nothing else: `xtask/tests/drift.rs`).
const ONE_THREAD: Option<std::num::NonZeroUsize> = std::num::NonZeroUsize::new(1);

/// The pipeline on one thread.
fn run(pages: &[(String, Vec<u8>)], overrides: Option<&str>) -> Outcome {
    let parsed = pipeline::parse_pages_with(pages, ONE_THREAD);
    pipeline::finish(parsed, (OVERRIDES_NAME, overrides))
}

/// Runs the pipeline (and the emitters when it had no errors) and panics when a promise is
/// broken.
pub fn check_run(pages: &[(String, Vec<u8>)], overrides: Option<&str>) {
    let outcome = run(pages, overrides);
    check_spans(pages, overrides, &outcome);
    if pages.len() == 1 {
        check_untidy_twin(pages, overrides, &outcome);
    }
    if !outcome.has_errors() {
        check_emit(&outcome);
    }
}

/// Lines as the page reader counts them: each ended by LF, CRLF or a CR alone (CommonMark's
/// line endings, which YAML shares).
fn line_count(mut bytes: &[u8]) -> u32 {
    let mut lines = 1;
    while !bytes.is_empty() {
        let (len, next) = source::split_line(bytes);
        if next > len {
            lines += 1;
        }
        bytes = &bytes[next..];
    }
    lines
}

/// Every diagnostic names one of the inputs, at a line that exists in it (or the line just
/// after its last, for "the page ends here" errors) and a column of at least 1.
fn check_spans(pages: &[(String, Vec<u8>)], overrides: Option<&str>, outcome: &Outcome) {
    for d in outcome.diagnostics.iter().chain(&outcome.sample_warnings) {
        let bytes: &[u8] = if d.file == OVERRIDES_NAME {
            overrides.map(str::as_bytes).unwrap_or(b"")
        } else {
            match pages.iter().find(|(name, _)| *name == d.file) {
                Some((_, b)) => b,
                None => panic!("diagnostic names no input: {d}"),
            }
        };
        // A page's lines are those of its decoded text, where every diagnostic is placed;
        // a page that cannot be decoded is counted by the same line endings.
        let lines = match source::decode(&d.file, bytes) {
            Ok(text) if d.file != OVERRIDES_NAME => text.lines().count() as u32,
            _ => line_count(bytes),
        };
        assert!(d.line >= 1 && d.col >= 1, "position before the input: {d}");
        assert!(
            d.line <= lines + 1,
            "line past the input's {lines} lines: {d}"
        );
        // Rendering (with the source line) must not panic for any position.
        let text = String::from_utf8_lossy(bytes);
        let _ = d.render(Some(&text));
    }
}

/// The same page with CRLF line endings, a byte-order mark and trailing spaces on every
/// line reads exactly as the page itself: same schema, same diagnostics.
fn check_untidy_twin(pages: &[(String, Vec<u8>)], overrides: Option<&str>, outcome: &Outcome) {
    let (name, bytes) = &pages[0];
    let mut untidy = b"\xef\xbb\xbf".to_vec();
    if bytes.starts_with(b"\xef\xbb\xbf") {
        // One mark is stripped; a second would be text.
        untidy.clear();
    }
    // Every line ending (LF, CRLF or a CR alone, as the page reader counts them) becomes
    // trailing blanks and CRLF.
    let mut rest = &bytes[..];
    while !rest.is_empty() {
        let (len, next) = source::split_line(rest);
        untidy.extend_from_slice(&rest[..len]);
        if next > len {
            untidy.extend_from_slice(b" \t \r\n");
        }
        rest = &rest[next..];
    }
    let twin = run(&[(name.clone(), untidy)], overrides);
    assert_eq!(
        outcome.schema, twin.schema,
        "the untidy twin reads differently"
    );
    assert_eq!(
        key(&outcome.diagnostics),
        key(&twin.diagnostics),
        "the untidy twin's diagnostics differ"
    );
}

fn key(diags: &[Diagnostic]) -> BTreeSet<String> {
    diags.iter().map(|d| d.to_string()).collect()
}

/// The emitters either refuse the schema with an error or produce files whose paths stay
/// inside the output directory.
fn check_emit(outcome: &Outcome) {
    let one_thread = codegen::GenerateOptions {
        threads: ONE_THREAD,
        ..Default::default()
    };
    let Ok(files) = codegen::generate(&outcome.schema, &one_thread) else {
        return;
    };
    for path in files.keys() {
        let p = std::path::Path::new(path);
        assert!(
            !path.is_empty()
                && p.components()
                    .all(|c| matches!(c, std::path::Component::Normal(_))),
            "generated path leaves the output directory: {path:?}"
        );
    }
}
