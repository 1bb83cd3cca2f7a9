//! The fuzz target's checks (`fuzz/check.rs`) on stable, as a test: every input the fuzzer
//! ever failed on (`fuzz/regressions/`, one file per crash, kept after the fix) and the
//! seeds it starts from (each real page alone, each with the page before it, each with the
//! overrides file). See `fuzz/README.md`.

#[path = "../../fuzz/check.rs"]
mod check;

use std::path::Path;

fn root() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

#[test]
fn every_saved_crash_input_passes_the_checks() {
    let dir = root().join("fuzz/regressions");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().is_some_and(|n| n != "README.md"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no saved inputs in {}", dir.display());
    for path in files {
        let data = std::fs::read(&path).unwrap();
        let (pages, overrides) = check::split_input(&data);
        // A panic here names the input through the test's output.
        eprintln!("replaying {}", path.display());
        check::check_run(&pages, overrides.as_deref());
    }
}

#[test]
fn the_seeds_pass_the_checks() {
    let specs = root().join("specs");
    let pages = page_reader::pipeline::page_files(&specs).unwrap();
    assert!(pages.len() >= 15);
    let overrides: String = std::fs::read_to_string(specs.join("overrides.yaml"))
        .unwrap()
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .map(|l| format!("{l}\n"))
        .collect();
    let sep = [check::PAGE_SEPARATOR];
    let mut prev: Option<Vec<u8>> = None;
    for path in pages {
        let page = std::fs::read(&path).unwrap();
        let mut seeds = vec![
            page.clone(),
            [&page[..], &sep, overrides.as_bytes()].concat(),
        ];
        if let Some(p) = &prev {
            seeds.push([&p[..], &sep, &page[..]].concat());
        }
        for seed in seeds {
            let (pages, ov) = check::split_input(&seed);
            assert!(!pages.is_empty());
            check::check_run(&pages, ov.as_deref());
        }
        prev = Some(page);
    }
}

#[test]
fn inputs_split_into_pages_and_overrides() {
    let (pages, ov) = check::split_input(b"a\x1e- field: x\x1eb");
    assert_eq!(
        pages,
        vec![
            ("specs/fuzz/p0.md".to_string(), b"a".to_vec()),
            ("specs/fuzz/p1.md".to_string(), b"b".to_vec()),
        ]
    );
    assert_eq!(ov.as_deref(), Some("- field: x"));
    // At most MAX_PAGES + 1 pieces: the rest stays in the last one.
    let many = vec![check::PAGE_SEPARATOR; 10];
    let (pages, _) = check::split_input(&many);
    assert_eq!(pages.len(), check::MAX_PAGES + 1);
}
