//! Golden tests of the emitters, as typify keeps them: a small schema in
//! (`tests/golden/schema.json`: a message with every kind of field, an enum, a oneof, a
//! deprecated field, a paged List method, and an operation whose types its page names), the
//! reviewed crate out (`tests/golden/crate/`), and that crate compiled.
//!
//! A change to the emitters shows up here as a diff to review; accept it with
//! `EXPECTORATE=overwrite cargo test -p codegen --test golden`.

mod support;

use codegen::schema::Schema;
use codegen::{generate, GenerateOptions};
use support::{assert_ok, cargo, workspace_root};

fn golden_dir() -> std::path::PathBuf {
    workspace_root().join("codegen/tests/golden")
}

#[test]
fn the_golden_schema_gives_the_reviewed_crate_and_it_builds() {
    let schema: Schema =
        serde_json::from_str(&std::fs::read_to_string(golden_dir().join("schema.json")).unwrap())
            .unwrap();
    let options = GenerateOptions {
        // From `tests/golden/crate/` to the workspace's runtime, so the snapshot does not
        // depend on where the workspace is.
        runtime_path: Some("../../../../runtime".into()),
        ..GenerateOptions::default()
    };
    let files = generate(&schema, &options).unwrap();
    let out = golden_dir().join("crate");
    for (path, text) in &files {
        let file = out.join(path);
        // So that `EXPECTORATE=overwrite` can write a file the emitters add.
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        expectorate::assert_contents(file, text);
    }
    // Nothing stale: every file in the snapshot is one the emitters wrote.
    let mut on_disk = Vec::new();
    let mut stack = vec![out.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let p = entry.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p
                    .strip_prefix(&out)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                on_disk.push(rel);
            }
        }
    }
    on_disk.sort();
    let written: Vec<&String> = files.keys().collect();
    assert_eq!(on_disk.iter().collect::<Vec<_>>(), written);

    // The reviewed crate compiles, lint-clean: built as a copy outside the workspace (a
    // package inside a member's directory cannot leave the workspace), with the runtime by
    // its absolute path and the workspace's dependency versions.
    let build = std::env::temp_dir().join(format!("codegen-golden-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&build);
    for (path, text) in generate(&schema, &GenerateOptions::default()).unwrap() {
        let file = build.join(&path);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        let text = if path == "Cargo.toml" {
            format!("{text}\n[workspace]\n")
        } else {
            text
        };
        std::fs::write(file, text).unwrap();
    }
    let _ = std::fs::copy(
        workspace_root().join("Cargo.lock"),
        build.join("Cargo.lock"),
    );
    let check = cargo(
        &build,
        &[
            "clippy",
            "--quiet",
            "--all-features",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ],
    );
    assert_ok(&check, "cargo clippy on the golden crate");
    let _ = std::fs::remove_dir_all(&build);
}
