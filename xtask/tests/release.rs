//! The version follows the API: `cargo xtask release` records a release, `regen` gives the
//! crate the lowest version that admits the changes since, with a changelog, and `check`
//! fails when the version on disk does not admit them. Run on a scratch copy of one page
//! (`tests/data/diff/`), so every run generates a small crate.

use std::path::{Path, PathBuf};
use std::process::Command;

fn data() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/diff")
}

struct Scratch {
    _dir: tempfile::TempDir,
    root: PathBuf,
}

impl Scratch {
    /// `specs/` holding the pages of `tests/data/diff/<case>`, and no release yet.
    fn new(case: &str) -> Scratch {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().to_path_buf();
        let s = Scratch { _dir: dir, root };
        s.use_pages(case);
        s
    }

    fn specs(&self) -> PathBuf {
        self.root.join("specs")
    }

    fn use_pages(&self, case: &str) {
        let page = "spqr/Backup/get.md";
        let to = self.specs().join(page);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(data().join(case).join(page), to).unwrap();
    }

    /// Runs `cargo xtask <args>` on the scratch folders; the release directory is found
    /// beside `specs/`, as in the repository.
    fn xtask(&self, args: &[&str]) -> (bool, String) {
        let o = Command::new(env!("CARGO_BIN_EXE_xtask"))
            .args(args)
            .arg("--specs")
            .arg(self.specs())
            .arg("--out")
            .arg(self.root.join("generated"))
            .args(["--runtime", "../runtime"])
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&o.stderr).into_owned();
        assert!(!stderr.contains("panicked"), "{stderr}");
        (o.status.success(), stderr)
    }

    fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.root.join(rel)).unwrap()
    }

    fn version(&self) -> String {
        xtask::release::package_version(&self.read("generated/Cargo.toml"))
            .unwrap()
            .to_string()
    }

    /// Sets the generated crate's version by hand, as a stale or careless edit would.
    fn set_version(&self, version: &str) {
        let path = self.root.join("generated/Cargo.toml");
        let text = std::fs::read_to_string(&path).unwrap();
        // `[package]` comes first, so its version is the first `version = "…"`.
        let edited = text.replacen(
            &format!("version = \"{}\"", self.version()),
            &format!("version = \"{version}\""),
            1,
        );
        assert_ne!(edited, text, "the version was set");
        std::fs::write(&path, edited).unwrap();
    }
}

fn release(s: &Scratch, date: &str) -> (bool, String) {
    s.xtask(&["release", "--date", date])
}

#[test]
fn the_first_release_is_0_1_0_and_check_passes() {
    let s = Scratch::new("base");
    let (ok, err) = s.xtask(&["regen"]);
    assert!(ok, "{err}");
    assert_eq!(s.version(), "0.1.0");
    assert!(s
        .read("generated/CHANGELOG.md")
        .contains("## Unreleased: 0.1.0"));

    let (ok, err) = release(&s, "2026-01-02");
    assert!(ok, "{err}");
    let snapshot: serde_json::Value = serde_json::from_str(&s.read("release/schema.json")).unwrap();
    assert_eq!(snapshot["version"], "0.1.0");
    assert!(snapshot["schema"]["messages"]["yandex.cloud.mdb.spqr.v1.Backup"].is_object());
    assert!(
        !s.read("release/schema.json").contains("\"origin"),
        "the snapshot has no places: line moves must not churn it"
    );
    let changelog = s.read("generated/CHANGELOG.md");
    assert!(changelog.contains("## 0.1.0 (2026-01-02)"), "{changelog}");
    assert!(!changelog.contains("Unreleased"), "{changelog}");
    let (ok, err) = s.xtask(&["check"]);
    assert!(ok, "{err}");

    // Nothing changed: nothing to release.
    let (ok, err) = release(&s, "2026-01-03");
    assert!(!ok);
    assert!(err.contains("nothing changed since 0.1.0"), "{err}");
}

#[test]
fn a_breaking_change_needs_the_next_minor_in_0_x() {
    let s = Scratch::new("base");
    assert!(release(&s, "2026-01-02").0);
    s.use_pages("removed-field");
    let (ok, err) = s.xtask(&["regen"]);
    assert!(ok, "{err}");
    assert_eq!(s.version(), "0.2.0");
    let changelog = s.read("generated/CHANGELOG.md");
    assert!(
        changelog.contains(
            "## Unreleased: 0.2.0\n\n### Breaking\n\n\
             - field yandex.cloud.mdb.spqr.v1.Backup.sourceShardNames removed (was repeated string)\n"
        ),
        "{changelog}"
    );
    assert!(changelog.contains("## 0.1.0 (2026-01-02)"), "{changelog}");
    let (ok, err) = s.xtask(&["check"]);
    assert!(ok, "{err}");

    // The same 0.x minor does not admit a breaking change, whatever the patch.
    s.set_version("0.1.7");
    let (ok, err) = s.xtask(&["check"]);
    assert!(!ok);
    assert!(
        err.contains("version 0.1.7 does not admit the changes: it must be at least 0.2.0"),
        "{err}"
    );
    assert!(err.contains("(breaking, semver: major)"), "{err}");
    assert!(err.contains("Backup.sourceShardNames removed"), "{err}");
    // A higher version admits it (a release may bump more than it must); the file check
    // still holds the crate to what regen writes.
    s.set_version("0.3.0");
    let (_, err) = s.xtask(&["check"]);
    assert!(!err.contains("does not admit"), "{err}");
    assert!(err.contains("differs: Cargo.toml"), "{err}");
}

#[test]
fn an_addition_needs_the_next_patch_and_a_release_records_it() {
    let s = Scratch::new("base");
    assert!(release(&s, "2026-01-02").0);
    s.use_pages("added-field");
    assert!(s.xtask(&["regen"]).0);
    assert_eq!(s.version(), "0.1.1");
    s.set_version("0.1.0");
    let (ok, err) = s.xtask(&["check"]);
    assert!(!ok);
    assert!(err.contains("it must be at least 0.1.1"), "{err}");
    assert!(err.contains("(additive, semver: minor)"), "{err}");

    let (ok, err) = release(&s, "2026-02-03");
    assert!(ok, "{err}");
    assert_eq!(s.version(), "0.1.1");
    let history = s.read("release/CHANGELOG.md");
    let new = history.find("## 0.1.1 (2026-02-03)").expect(&history);
    let old = history.find("## 0.1.0 (2026-01-02)").expect(&history);
    assert!(new < old, "newest first:\n{history}");
    assert!(
        history.contains("- field yandex.cloud.mdb.spqr.v1.Backup.region added (string)"),
        "{history}"
    );
    assert!(s.xtask(&["check"]).0);
}

#[test]
fn documentation_needs_a_patch_and_a_requested_version_must_admit_the_changes() {
    let s = Scratch::new("base");
    assert!(release(&s, "2026-01-02").0);
    s.use_pages("docs-only");
    assert!(s.xtask(&["regen"]).0);
    assert_eq!(s.version(), "0.1.1");
    assert!(s
        .read("generated/CHANGELOG.md")
        .contains("### Documentation\n\n- 2 description(s) changed\n"));

    s.use_pages("retyped-field");
    let (ok, err) = s.xtask(&["release", "--date", "2026-03-04", "--version", "0.1.5"]);
    assert!(!ok, "a breaking change cannot be released as 0.1.5");
    assert!(err.contains("at least 0.2.0"), "{err}");
    let (ok, err) = s.xtask(&["release", "--date", "2026-03-04", "--version", "1.0.0"]);
    assert!(ok, "{err}");
    assert_eq!(s.version(), "1.0.0");
}

#[test]
fn a_broken_snapshot_is_an_error_naming_its_place() {
    let s = Scratch::new("base");
    std::fs::create_dir_all(s.root.join("release")).unwrap();
    std::fs::write(
        s.root.join("release/schema.json"),
        "{\n  \"version\": \"0.1\",\n  \"schema\": {}\n}\n",
    )
    .unwrap();
    let (ok, err) = s.xtask(&["regen"]);
    assert!(!ok);
    assert!(err.contains("release/schema.json:2:"), "{err}");
    assert!(err.contains("not a MAJOR.MINOR.PATCH version"), "{err}");
    assert!(!s.root.join("generated").exists(), "nothing is written");
}

#[test]
fn a_crate_the_generator_refuses_is_never_released() {
    let s = Scratch::new("base");
    let page = s.specs().join("spqr/Backup/get.md");
    let text = std::fs::read_to_string(&page).unwrap();
    // The page reads, but its URL has a hole that is no parameter: the emitters refuse.
    let broken = text.replace(
        "GET https://{{ api-host-mdb }}/managed-spqr/v1/backups/{backupId}",
        "GET https://{{ api-host-mdb }}/managed-spqr/v1/backups/{backup}",
    );
    assert_ne!(broken, text);
    std::fs::write(&page, broken).unwrap();
    let (ok, err) = release(&s, "2026-01-02");
    assert!(!ok);
    assert!(
        err.contains("`{backup}`, which is not a path parameter"),
        "{err}"
    );
    assert!(!s.root.join("release").exists(), "nothing is recorded");
}
