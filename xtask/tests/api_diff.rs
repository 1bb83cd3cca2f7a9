//! `cargo xtask diff OLD NEW` on folders of pages (`tests/data/diff/`, see its README): each
//! pair differs by one kind of change, and the whole report is asserted, last line included.

use std::path::{Path, PathBuf};
use std::process::Command;

fn data() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/diff")
}

/// The report for `old` → `new` (folders under `tests/data/diff/`). Places are relative to
/// each folder's parent, so they read `base/spqr/…`, `newer/spqr/…`.
fn diff(old: &str, new: &str) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .current_dir(data())
        .args(["diff", old, new])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "diff {old} {new} failed:\n{stderr}");
    String::from_utf8(out.stdout).unwrap()
}

const PAGE: &str = "spqr/Backup/get.md";
const BACKUP: &str = "yandex.cloud.mdb.spqr.v1.Backup";

#[test]
fn an_added_field_is_additive_and_minor() {
    assert_eq!(
        diff("base", "added-field"),
        format!(
            "added-field/{PAGE}:114: additive: field {BACKUP}.region added (string)\n\
             0 breaking, 1 additive, 0 documentation\n\
             semver: minor\n"
        )
    );
}

#[test]
fn a_removed_field_is_breaking_at_its_old_place() {
    assert_eq!(
        diff("base", "removed-field"),
        format!(
            "base/{PAGE}:100: breaking: field {BACKUP}.sourceShardNames removed (was repeated string)\n\
             1 breaking, 0 additive, 0 documentation\n\
             semver: major\n"
        )
    );
}

#[test]
fn a_retyped_field_is_breaking() {
    assert_eq!(
        diff("base", "retyped-field"),
        format!(
            "retyped-field/{PAGE}:103: breaking: field {BACKUP}.size changed from `int64` to `int32`\n\
             1 breaking, 0 additive, 0 documentation\n\
             semver: major\n"
        )
    );
}

#[test]
fn an_added_enum_value_is_additive() {
    assert_eq!(
        diff("base", "added-enum-value"),
        format!(
            "added-enum-value/{PAGE}:106: additive: enum {BACKUP}.BackupType value INCREMENTAL added\n\
             0 breaking, 1 additive, 0 documentation\n\
             semver: minor\n"
        )
    );
}

#[test]
fn a_documentation_edit_is_a_patch() {
    assert_eq!(
        diff("base", "docs-only"),
        format!(
            "docs-only/{PAGE}:46: documentation: message {BACKUP}: docs changed\n\
             docs-only/{PAGE}:73: documentation: field {BACKUP}.folderId: docs changed\n\
             0 breaking, 0 additive, 2 documentation\n\
             semver: patch\n"
        )
    );
}

#[test]
fn nothing_changed_is_a_patch_with_no_changes() {
    assert_eq!(
        diff("base", "unchanged"),
        "no changes to the public API\nsemver: patch\n"
    );
}

#[test]
fn reversing_a_pair_reverses_its_class() {
    // What one direction adds, the other removes.
    let back = diff("added-field", "base");
    assert!(
        back.starts_with(&format!(
            "added-field/{PAGE}:114: breaking: field {BACKUP}.region removed (was string)\n"
        )),
        "{back}"
    );
    assert!(back.ends_with("semver: major\n"), "{back}");
    assert!(diff("added-enum-value", "base").ends_with("semver: major\n"));
}

/// Two real generations of the reference documenting `Cluster` and its parts (see the data's
/// README: no SPQR page is held in two versions): the newer adds fields, types two
/// free-form fields, states constraints, and drops the `*_UNSPECIFIED` values.
#[test]
fn a_real_older_and_newer_reference() {
    let report = diff("real/older", "real/newer");
    let lines: Vec<&str> = report.lines().collect();
    assert_eq!(lines.last(), Some(&"semver: major"));
    let v1 = "yandex.cloud.mdb.spqr.v1";
    for want in [
        format!("newer/spqr/Cluster/get.md:303: additive: field {v1}.Cluster.isHa added (bool)"),
        format!("newer/spqr/Cluster/get.md:297: additive: field {v1}.Cluster.hostGroupIds added (repeated string)"),
        format!("newer/spqr/Cluster/get.md:284: additive: field {v1}.Cluster.maintenanceWindow deprecated"),
        format!("newer/spqr/Cluster/get.md:440: breaking: field {v1}.CoordinatorConfig.config changed from `free-form JSON` to `{v1}.CoordinatorSettings`"),
        format!("newer/spqr/Cluster/get.md:582: breaking: field {v1}.MaintenanceOperation.info constraints: maxLength none → 256"),
        "newer/spqr/Cluster/get.md:615: additive: message yandex.cloud.mdb.v1.MaintenanceWindows added".to_string(),
        format!("newer/spqr/Cluster/get.md:24: additive: method {v1}.Cluster.Get added (GET /managed-spqr/v1/clusters/{{clusterId}})"),
        // The request type the generator gives a method whose page names none.
        format!("newer/spqr/Cluster/get.md:24: additive: message {v1}.GetClusterRequest added"),
        format!("older/spqr/Cluster/list.md:48: breaking: method {v1}.Cluster.List removed (was GET /managed-spqr/v1/clusters)"),
        format!("older/spqr/Cluster/list.md:256: breaking: enum {v1}.Cluster.Environment value ENVIRONMENT_UNSPECIFIED removed"),
        format!("newer/spqr/Cluster/get.md:247: documentation: enum {v1}.Cluster.Environment value PRESTABLE: docs changed"),
    ] {
        assert!(lines.contains(&want.as_str()), "missing `{want}` in:\n{report}");
    }
    // Sorted by place, so that a report reads page by page.
    let places: Vec<(&str, u32)> = lines[..lines.len() - 2]
        .iter()
        .map(|l| {
            let mut parts = l.splitn(3, ':');
            (
                parts.next().unwrap(),
                parts.next().unwrap().parse().unwrap(),
            )
        })
        .collect();
    assert!(places.windows(2).all(|w| w[0] <= w[1]), "{report}");
    assert_eq!(
        lines[lines.len() - 2],
        "12 breaking, 20 additive, 5 documentation"
    );
}

/// One page in two published versions (see the data's README): the older, printed before the
/// reference carried an `apiPlayground` front matter, documents its schema in markdown only;
/// the newer adds the front-matter schema to the same text. The API is the same, and a new
/// generation of the page must not read as a change to it.
#[test]
fn a_real_older_and_newer_version_of_one_page() {
    assert_eq!(
        diff("same-page/older", "same-page/newer"),
        "no changes to the public API\nsemver: patch\n"
    );
    // Not an empty reading: against another page, the older version alone is a method and the
    // four messages it documents.
    let report = diff("base", "same-page/older");
    let page = "older/mdb/postgresql/v1/api-ref/BackupRetentionPolicy/create.md";
    let pg = "yandex.cloud.mdb.postgresql.v1";
    for want in [
        format!("{page}:6: additive: method {pg}.BackupRetentionPolicy.Create added (POST /managed-postgresql/v1/clusters/{{clusterId}}/retention_policies)"),
        format!("{page}:26: additive: message {pg}.CreateBackupRetentionPolicyRequest added"),
        format!("{page}:57: additive: message {pg}.CronTab added"),
        format!("{page}:68: additive: message {pg}.CreateBackupRetentionPolicyResponse added"),
        format!("{page}:97: additive: message {pg}.BackupRetentionPolicy added"),
    ] {
        assert!(report.lines().any(|l| l == want), "missing `{want}` in:\n{report}");
    }
}

#[test]
fn a_folder_with_a_broken_page_fails_naming_the_page() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("pages/spqr/Backup/get.md");
    std::fs::create_dir_all(page.parent().unwrap()).unwrap();
    std::fs::write(&page, "# no title\n\n#|\n|| a | b\n").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .current_dir(dir.path())
        .args(["diff", "pages", "pages"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("pages/spqr/Backup/get.md:"), "{stderr}");
    assert!(
        out.stdout.is_empty(),
        "no report for a folder that cannot be read"
    );
}

#[test]
fn a_missing_folder_is_an_error_not_a_panic() {
    let out = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .current_dir(data())
        .args(["diff", "base", "no-such-folder"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("cannot read no-such-folder"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn a_side_can_be_a_git_revision() {
    let dir = tempfile::tempdir().unwrap();
    let pages = dir.path().join("pages/spqr/Backup");
    std::fs::create_dir_all(&pages).unwrap();
    let page = "spqr/Backup/get.md";
    std::fs::copy(data().join("base").join(page), pages.join("get.md")).unwrap();
    let git = |args: &[&str]| {
        let o = Command::new("git")
            .current_dir(dir.path())
            .args(["-c", "user.name=t", "-c", "user.email=t@example.com"])
            .args(args)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    };
    git(&["init", "-q"]);
    git(&["add", "."]);
    git(&["commit", "-q", "-m", "base"]);
    // The working tree moves on; the revision keeps the old page.
    std::fs::copy(data().join("added-field").join(page), pages.join("get.md")).unwrap();
    let run = |old: &str| {
        Command::new(env!("CARGO_BIN_EXE_xtask"))
            .current_dir(dir.path())
            .args(["diff", old, "pages"])
            .output()
            .unwrap()
    };
    let out = run("HEAD:pages");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.starts_with(&format!(
            "pages/{PAGE}:114: additive: field {BACKUP}.region added (string)\n"
        )),
        "{stdout}"
    );
    assert!(stdout.ends_with("semver: minor\n"), "{stdout}");
    let out = run("no-such-rev:pages");
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("cannot read `no-such-rev:pages` from git"),
        "{stderr}"
    );
}
