//! The drift check and determinism: `cargo xtask check` passes on what `regen` wrote, fails
//! after any hand edit of the generated crate or any edit of the pages, and two regens are
//! byte-identical.

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The test hooks' directory beside a crate written to `out`, as the workspace keeps them
/// apart from its crate.
fn hooks_of(out: &Path) -> PathBuf {
    let name = out.file_name().unwrap().to_string_lossy();
    out.with_file_name(format!("{name}-hooks"))
}

/// Runs xtask on a copy of the crate elsewhere, naming the runtime as the checked-in crate
/// does (the path is the one line of the crate that depends on where it is written).
fn xtask(args: &[&str], specs: &Path, out: &Path) -> (bool, String) {
    let o = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .args(["--runtime", "../runtime"])
        .arg("--specs")
        .arg(specs)
        .arg("--out")
        .arg(out)
        .arg("--hooks")
        .arg(hooks_of(out))
        .output()
        .unwrap();
    (
        o.status.success(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let p = entry.unwrap().path();
        let dest = to.join(p.file_name().unwrap());
        if p.is_dir() {
            copy_dir(&p, &dest);
        } else {
            std::fs::copy(&p, &dest).unwrap();
        }
    }
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("ycm-drift-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn check_passes_on_the_checked_in_crate_and_fails_after_a_hand_edit() {
    let dir = scratch("hand-edit");
    let out = dir.join("generated");
    copy_dir(&root().join("generated"), &out);
    copy_dir(&root().join("models-tests/src/hooks"), &hooks_of(&out));
    let specs = root().join("specs");
    let (ok, err) = xtask(&["check"], &specs, &out);
    assert!(ok, "the checked-in crate drifted from specs/:\n{err}");

    // A hand edit of a generated file.
    let lib = out.join("src/lib.rs");
    let text = std::fs::read_to_string(&lib).unwrap();
    std::fs::write(&lib, text.replacen("pub mod", "// edited\npub mod", 1)).unwrap();
    let (ok, err) = xtask(&["check"], &specs, &out);
    assert!(!ok);
    assert!(err.contains("differs: src/lib.rs"), "{err}");
    assert!(
        err.contains("+pub mod") || err.contains("-// edited"),
        "{err}"
    );
    std::fs::write(&lib, &text).unwrap();

    // A file added by hand, and one removed.
    std::fs::write(out.join("src/extra.rs"), "// extra\n").unwrap();
    std::fs::remove_file(hooks_of(&out).join("roundtrip.rs")).unwrap();
    let (ok, err) = xtask(&["check"], &specs, &out);
    assert!(!ok);
    assert!(
        err.contains("not generated (remove it or fix specs/): src/extra.rs"),
        "{err}"
    );
    assert!(err.contains("missing: roundtrip.rs"), "{err}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn check_fails_after_an_edit_of_the_pages() {
    let dir = scratch("spec-edit");
    let specs = dir.join("specs");
    copy_dir(&root().join("specs"), &specs);
    let out = dir.join("generated");
    copy_dir(&root().join("generated"), &out);
    copy_dir(&root().join("models-tests/src/hooks"), &hooks_of(&out));
    let page = specs.join("spqr/Backup/get.md");
    let text = std::fs::read_to_string(&page).unwrap();
    assert!(text.contains("|| id | **string**"));
    std::fs::write(
        &page,
        text.replacen("|| id | **string**", "|| id | **string** (int64)", 1),
    )
    .unwrap();
    let (ok, err) = xtask(&["check"], &specs, &out);
    assert!(!ok, "an edited page must make the check fail");
    assert!(err.contains("differs: src/mdb/spqr/v1.rs"), "{err}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn two_regens_are_byte_identical() {
    let dir = scratch("twice");
    let specs = root().join("specs");
    let (a, b) = (dir.join("a"), dir.join("b"));
    assert!(xtask(&["regen"], &specs, &a).0);
    assert!(xtask(&["regen"], &specs, &b).0);
    let read = |d: &Path| xtask::output::read_tree(d).unwrap();
    let (ta, tb) = (read(&a), read(&b));
    assert!(ta.len() > 5);
    assert_eq!(ta, tb);
    assert_eq!(read(&hooks_of(&a)), read(&hooks_of(&b)));
    // And both are what is checked in.
    assert_eq!(ta, read(&root().join("generated")));
    assert_eq!(
        read(&hooks_of(&a)),
        read(&root().join("models-tests/src/hooks"))
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Pages are parsed and files emitted on several threads; neither the schema, nor what is
/// reported, nor the crate may depend on how many. Checked on the pages of several services
/// (many pages and package files to share out).
#[test]
fn nothing_depends_on_the_number_of_threads() {
    let specs = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/other-specs");
    let inputs: Vec<(String, Vec<u8>)> = page_reader::pipeline::page_files(&specs)
        .unwrap()
        .iter()
        .map(|p| {
            (
                page_reader::pipeline::display(&specs, p),
                std::fs::read(p).unwrap(),
            )
        })
        .collect();
    let overrides = std::fs::read_to_string(specs.join(page_reader::pipeline::OVERRIDES)).ok();
    let run = |threads: usize| {
        let threads = std::num::NonZeroUsize::new(threads);
        let parsed = page_reader::pipeline::parse_pages_with(&inputs, threads);
        let outcome =
            page_reader::pipeline::finish(parsed, ("overrides.yaml", overrides.as_deref()));
        let said = |d: &[page_reader::diagnostics::Diagnostic]| -> Vec<String> {
            d.iter().map(|d| d.to_string()).collect()
        };
        let opts = codegen::GenerateOptions {
            threads,
            ..Default::default()
        };
        let files = codegen::generate(&outcome.schema, &opts).unwrap();
        (
            said(&outcome.diagnostics),
            said(&outcome.sample_warnings),
            outcome.schema,
            files,
        )
    };
    let one = run(1);
    assert!(
        inputs.len() > 10 && one.3.len() > 10,
        "{} files",
        one.3.len()
    );
    assert!(!one.0.is_empty(), "the pages give warnings to order");
    for threads in [2, 3, 16] {
        assert!(run(threads) == one, "{threads} threads gave another result");
    }
}
