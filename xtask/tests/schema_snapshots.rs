//! A schema snapshot per page: each page parsed alone (no merge with other pages, no
//! overrides; the well-known messages' `Any` fields are the generator's own), printed as
//! JSON and compared with the reviewed file under `tests/snapshots/pages/`. A parser change
//! shows up as a diff there. Refresh with `EXPECTORATE=overwrite cargo test -p xtask`.

use page_reader::pipeline;
use std::path::Path;

#[test]
fn every_page_matches_its_reviewed_schema() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let specs = root.join("../specs");
    let pages = pipeline::page_files(&specs).unwrap();
    assert!(pages.len() >= 150, "expected the pages under specs/");
    for path in pages {
        let name = pipeline::display(&specs, &path);
        let bytes = std::fs::read(&path).unwrap();
        let outcome = pipeline::run_on(&[(name.clone(), bytes)], ("overrides.yaml", None));
        let errors: Vec<String> = outcome
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .map(|d| d.to_string())
            .collect();
        assert!(errors.is_empty(), "{name}: {errors:#?}");
        let json = serde_json::to_string_pretty(&outcome.schema).unwrap() + "\n";
        let rel = name.trim_start_matches("specs/").replace(".md", ".json");
        let snapshot = root.join("tests/snapshots/pages").join(rel);
        // A new page's snapshot goes into a folder of its own (expectorate writes files only).
        std::fs::create_dir_all(snapshot.parent().unwrap()).unwrap();
        expectorate::assert_contents(snapshot, &json);
    }
}

/// The JSON samples that disagree with their tables, as `cargo xtask schema` reports them.
/// These are documentation bugs worth knowing; this pins today's list.
#[test]
fn sample_disagreements_are_pinned() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let outcome = pipeline::run(&root.join("../specs")).unwrap();
    assert!(!outcome.has_errors());
    let mut text = String::new();
    for w in &outcome.sample_warnings {
        text.push_str(&w.to_string());
        text.push('\n');
    }
    expectorate::assert_contents(root.join("tests/snapshots/sample_warnings.txt"), &text);
}
