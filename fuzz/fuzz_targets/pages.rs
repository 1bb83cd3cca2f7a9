//! Arbitrary bytes (and, from the seed corpus, mutated real pages) through the whole front
//! half: bytes → page → tables → page schema → front matter → overrides → merge, then the
//! emitters when the run had no errors. See `fuzz/README.md`.
//!
//! Beyond "no panic", each run checks what the issue promises for hostile input:
//! - every diagnostic names an input page (or the overrides file) at a line and column
//!   inside it;
//! - a page with CRLF line endings, a byte-order mark and trailing spaces reads exactly as
//!   its tidy twin;
//! - every generated file path stays inside the output directory.

#![no_main]

use libfuzzer_sys::fuzz_target;
#[path = "../check.rs"]
mod check;

use check::{check_run, split_input};

fuzz_target!(|data: &[u8]| {
    let (pages, overrides) = split_input(data);
    check_run(&pages, overrides.as_deref());
});
