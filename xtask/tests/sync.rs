//! `cargo xtask sync DOCS_DIR`: a scratch copy of `tests/data/sync/specs/` is synced from
//! `tests/data/sync/checkout/`, a stand-in for a checkout of the documentation repository
//! (see its README).

use std::path::{Path, PathBuf};
use std::process::Command;

fn data() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/sync")
}

/// A scratch `specs/` copied from the test data, in a temporary directory.
fn scratch() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let specs = dir.path().join("specs");
    xtask::sync::copy_tree(&data().join("specs"), &specs).unwrap();
    (dir, specs)
}

fn sync(specs: &Path, extra: &[&str]) -> (bool, String, String) {
    let o = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .arg("sync")
        .arg(data().join("checkout"))
        .arg("--specs")
        .arg(specs)
        .args(extra)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&o.stderr).into_owned();
    assert!(!stderr.contains("panicked"), "{stderr}");
    (
        o.status.success(),
        String::from_utf8(o.stdout).unwrap(),
        stderr,
    )
}

fn tree(dir: &Path) -> Vec<String> {
    xtask::output::read_tree(dir).unwrap().into_keys().collect()
}

const CHECKOUT_SPQR: &str = "checkout/en/_api-ref/mdb/spqr/v1/api-ref";

#[test]
fn pages_are_mirrored_and_reported_and_the_api_diff_follows() {
    let (_dir, specs) = scratch();
    let (ok, out, err) = sync(&specs, &[]);
    assert!(ok, "{err}");
    let v1 = "yandex.cloud.mdb.spqr.v1";
    let expected_head = "\
spqr: 1 added, 1 removed, 1 changed, 0 unchanged (from en/_api-ref/mdb/spqr/v1/api-ref)
  added: spqr/Database/get.md
  removed: spqr/ResourcePreset/get.md
  changed: spqr/Backup/get.md
";
    assert!(out.starts_with(expected_head), "{out}");
    for want in [
        format!("specs/spqr/Backup/get.md:114: additive: field {v1}.Backup.region added (string)"),
        format!("specs/spqr/Database/get.md:31: additive: method {v1}.Database.Get added (GET /managed-spqr/v1/clusters/{{clusterId}}/databases/{{databaseName}})"),
        format!("specs/spqr/ResourcePreset/get.md:23: breaking: method {v1}.ResourcePreset.Get removed (was GET /managed-spqr/v1/resourcePresets/{{resourcePresetId}})"),
    ] {
        assert!(out.lines().any(|l| l == want), "missing `{want}` in:\n{out}");
    }
    assert!(out.ends_with("semver: major\n"), "{out}");

    // specs/ now holds exactly the checkout's method pages: no index pages, no gRPC pages.
    assert_eq!(tree(&specs), ["spqr/Backup/get.md", "spqr/Database/get.md"]);
    for page in ["Backup/get.md", "Database/get.md"] {
        assert_eq!(
            std::fs::read(specs.join("spqr").join(page)).unwrap(),
            std::fs::read(data().join(CHECKOUT_SPQR).join(page)).unwrap(),
            "{page} is copied byte for byte"
        );
    }

    // A second sync finds nothing to do.
    let (ok, out, err) = sync(&specs, &[]);
    assert!(ok, "{err}");
    assert!(
        out.starts_with("spqr: 0 added, 0 removed, 0 changed, 2 unchanged"),
        "{out}"
    );
    assert!(
        out.ends_with("no changes to the public API\nsemver: patch\n"),
        "{out}"
    );
}

#[test]
fn a_service_specs_lacks_is_added_by_its_place() {
    let (_dir, specs) = scratch();
    let (ok, out, err) = sync(&specs, &["--service", "vpc=vpc/v1"]);
    assert!(ok, "{err}");
    assert!(
        out.starts_with("vpc: 1 added, 0 removed, 0 changed, 0 unchanged (from en/_api-ref/vpc/v1/api-ref)\n  added: vpc/Network/list.md\n"),
        "{out}"
    );
    assert!(
        out.lines().any(|l| l.ends_with(
            "additive: method yandex.cloud.vpc.v1.Network.List added (GET /vpc/v1/networks)"
        )),
        "{out}"
    );
    assert!(out.ends_with("semver: minor\n"), "{out}");
    // Only the named service was synced.
    assert!(specs.join("spqr/ResourcePreset/get.md").exists());
    assert!(specs.join("vpc/Network/list.md").exists());
}

#[test]
fn bad_service_names_and_checkouts_are_errors_and_nothing_is_written() {
    let (_dir, specs) = scratch();
    let before = xtask::output::read_tree(&specs).unwrap();
    let (ok, _, err) = sync(&specs, &["--service", "compute"]);
    assert!(!ok);
    assert!(err.contains("has no folder `compute`"), "{err}");
    assert!(err.contains("--service compute=PATH"), "{err}");
    let (ok, _, err) = sync(&specs, &["--service", "x=../../etc"]);
    assert!(!ok);
    assert!(err.contains("expected a folder of specs/"), "{err}");
    let (ok, _, err) = sync(&specs, &["--service", "iam=iam/v1"]);
    assert!(!ok);
    assert!(
        err.contains("en/_api-ref/iam/v1/api-ref is not in the checkout"),
        "{err}"
    );
    assert_eq!(xtask::output::read_tree(&specs).unwrap(), before);
}

#[test]
fn synced_pages_that_do_not_parse_leave_specs_untouched() {
    let (dir, specs) = scratch();
    let checkout = dir.path().join("checkout");
    xtask::sync::copy_tree(&data().join("checkout"), &checkout).unwrap();
    let page = checkout.join("en/_api-ref/mdb/spqr/v1/api-ref/Database/get.md");
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(&page, text.replacen("#|", "#|\n|| broken", 1)).unwrap();
    let before = xtask::output::read_tree(&specs).unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .arg("sync")
        .arg(&checkout)
        .arg("--specs")
        .arg(&specs)
        .output()
        .unwrap();
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("specs/spqr/Database/get.md:"), "{err}");
    assert!(err.contains("is untouched"), "{err}");
    assert_eq!(xtask::output::read_tree(&specs).unwrap(), before);
}
