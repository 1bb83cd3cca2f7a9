//! Generating a crate from a folder of pages and building it, shared by the tests that
//! generate crates of their own (`other_services.rs`, `unseen_pages.rs`).

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

pub fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Builds share one target directory below the workspace's, so dependencies are built once.
pub fn target_dir(name: &str) -> PathBuf {
    manifest_dir().join("../target").join(name)
}

pub fn cargo(dir: &Path, target: &Path, args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO"));
    c.current_dir(dir)
        .args(args)
        .env("CARGO_TARGET_DIR", target)
        .env("RUSTFLAGS", "-D warnings")
        .env_remove("RUSTDOCFLAGS");
    c
}

pub fn run(mut c: Command, what: &str) -> String {
    let out = c.output().unwrap_or_else(|e| panic!("{what}: {e}"));
    assert!(
        out.status.success(),
        "{what} failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Adds `program` to a generated crate as `examples/{name}.rs` and builds the crate with every
/// feature and all its targets, warnings denied, in the target directory the tests that
/// generate crates share (dependencies built once); returns that directory.
pub fn build_with_example(crate_dir: &Path, name: &str, program: &str) -> PathBuf {
    std::fs::create_dir_all(crate_dir.join("examples")).unwrap();
    std::fs::write(crate_dir.join(format!("examples/{name}.rs")), program).unwrap();
    let target = target_dir("other-services");
    run(
        cargo(
            crate_dir,
            &target,
            &["build", "--all-targets", "--all-features"],
        ),
        "cargo build (all features)",
    );
    target
}

/// The features a generated crate declares, from its Cargo.toml.
pub fn features(crate_dir: &Path) -> Vec<String> {
    let toml = std::fs::read_to_string(crate_dir.join("Cargo.toml")).unwrap();
    let Some(table) = toml.split("\n[features]\n").nth(1) else {
        return Vec::new();
    };
    table
        .lines()
        .take_while(|l| !l.starts_with('['))
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split_once(" = "))
        .map(|(k, _)| k.trim().to_string())
        .filter(|k| k != "default" && k != "full")
        .collect()
}

pub fn build_each_feature_alone(crate_dir: &Path, target: &Path, package: &[&str]) -> usize {
    let feats = features(crate_dir);
    let mut builds = vec![vec!["build", "--no-default-features"]];
    for f in &feats {
        builds.push(vec!["build", "--no-default-features", "--features", f]);
    }
    for args in &builds {
        let mut all = args.clone();
        all.extend_from_slice(package);
        run(
            cargo(crate_dir, target, &all),
            &format!("cargo {}", all.join(" ")),
        );
    }
    feats.len()
}

/// `cargo xtask regen --specs specs --out out`, run as a user would; returns its stderr
/// (the run's report).
pub fn regen(specs: &Path, out: &Path) -> String {
    let mut c = Command::new(env!("CARGO_BIN_EXE_xtask"));
    c.args(["regen", "--specs"])
        .arg(specs)
        .arg("--out")
        .arg(out);
    let what = format!("cargo xtask regen --specs {}", specs.display());
    let output = c.output().unwrap_or_else(|e| panic!("{what}: {e}"));
    assert!(
        output.status.success(),
        "{what} failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stderr).into_owned()
}
