//! The two documents at the root name the repository's files and folders; each path they
//! name must exist, so that a move or a rename that forgets them fails here instead of
//! leaving a maintainer a map of a house that is gone.

use std::path::Path;

fn root() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

/// The repository paths a markdown text names in backticks: those that start with one of
/// the repository's top-level folders, without a placeholder (`<folder>`, `{id}`, `*`, `…`).
fn named_paths(text: &str) -> Vec<String> {
    let top: Vec<String> = std::fs::read_dir(root())
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.path().is_dir())
        .map(|e| format!("{}/", e.file_name().to_string_lossy()))
        .filter(|d| d != "target/" && d != ".git/")
        .collect();
    text.split('`')
        .skip(1)
        .step_by(2)
        .filter(|code| top.iter().any(|t| code.starts_with(t.as_str())))
        .filter(|code| !code.contains(['<', '{', '*', '…', ' ', '$']))
        .map(str::to_string)
        .collect()
}

#[test]
fn every_path_the_documents_name_exists() {
    let mut missing = Vec::new();
    let mut checked = 0;
    for doc in ["README.md", "ARCHITECTURE.md"] {
        let text = std::fs::read_to_string(root().join(doc)).unwrap();
        for path in named_paths(&text) {
            checked += 1;
            if !root().join(&path).exists() {
                missing.push(format!("{doc}: `{path}`"));
            }
        }
    }
    assert!(
        checked > 40,
        "only {checked} paths found: is the filter right?"
    );
    assert!(
        missing.is_empty(),
        "paths named but not in the repository:\n{}",
        missing.join("\n")
    );
}

#[test]
fn the_filter_keeps_paths_and_drops_placeholders() {
    let text = "see `reader/src/merge.rs`, `specs/<folder>/x.md`, `cargo test`, \
                `client/`, `generated/src/**/*.rs` and `nowhere/x.rs`";
    assert_eq!(named_paths(text), ["reader/src/merge.rs", "client/"]);
}
