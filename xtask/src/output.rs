//! Writing the generated crate: all or nothing. The new tree is written beside the old one
//! and swapped in with renames, so a failed run leaves the old crate as it was; a run that
//! changes nothing writes nothing. The drift check compares in memory.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// What [`write_atomically`] did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Written {
    /// `out` now holds the new tree.
    Replaced,
    /// `out` already held exactly these files (as [`read_tree`] reads it, which is what the
    /// drift check compares): nothing was written.
    Unchanged,
}

/// Replaces `out` with exactly `files` (paths relative to `out`), unless it already holds
/// them: a regen that changes nothing leaves the files and their times alone, so cargo does
/// not rebuild the crate, and everything depending on it, after it.
pub fn write_atomically(out: &Path, files: &BTreeMap<String, String>) -> std::io::Result<Written> {
    if out.is_dir() && read_tree(out).is_ok_and(|on_disk| on_disk == *files) {
        return Ok(Written::Unchanged);
    }
    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent)?;
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "generated".into());
    let staging = parent.join(format!(".{name}.new"));
    let backup = parent.join(format!(".{name}.old"));
    for p in [&staging, &backup] {
        if p.exists() {
            std::fs::remove_dir_all(p)?;
        }
    }
    let result = (|| {
        for (rel, text) in files {
            let path = staging.join(safe_relative(rel)?);
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir)?;
            }
            std::fs::write(&path, text)?;
        }
        Ok(())
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_dir_all(&staging);
        return Err(e);
    }
    if out.exists() {
        std::fs::rename(out, &backup)?;
    }
    if let Err(e) = std::fs::rename(&staging, out) {
        if backup.exists() {
            let _ = std::fs::rename(&backup, out);
        }
        return Err(e);
    }
    if backup.exists() {
        std::fs::remove_dir_all(&backup)?;
    }
    Ok(Written::Replaced)
}

/// The generator's files as two trees: the crate's, and its test hooks' (the files below
/// `hooks_dir`, keyed relative to it), which `regen` writes elsewhere.
pub fn split_hooks(
    mut files: BTreeMap<String, String>,
    hooks_dir: &str,
) -> (BTreeMap<String, String>, BTreeMap<String, String>) {
    let prefix = format!("{hooks_dir}/");
    let keys: Vec<String> = files
        .keys()
        .filter(|k| k.starts_with(&prefix))
        .cloned()
        .collect();
    let hooks = keys
        .into_iter()
        .map(|k| {
            let text = files.remove(&k).expect("listed");
            (k[prefix.len()..].to_string(), text)
        })
        .collect();
    (files, hooks)
}

/// Generated paths come from sanitized package names, but the writer refuses anything that
/// could leave the output directory all the same.
fn safe_relative(rel: &str) -> std::io::Result<PathBuf> {
    let p = Path::new(rel);
    let ok = !rel.is_empty()
        && p.components()
            .all(|c| matches!(c, std::path::Component::Normal(_)));
    if ok {
        Ok(p.to_path_buf())
    } else {
        Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            format!("refusing to write `{rel}` outside the output directory"),
        ))
    }
}

/// Files under `dir`, relative, `/`-separated; a missing directory is empty.
pub fn read_tree(dir: &Path) -> std::io::Result<BTreeMap<String, String>> {
    let mut out = BTreeMap::new();
    if !dir.exists() {
        return Ok(out);
    }
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d)? {
            let path = entry?.path();
            if path.is_dir() {
                if path.file_name().is_some_and(|n| n == "target") {
                    continue;
                }
                stack.push(path);
            } else {
                let rel = path
                    .strip_prefix(dir)
                    .expect("below dir")
                    .to_string_lossy()
                    .replace('\\', "/");
                let bytes = std::fs::read(&path)?;
                out.insert(rel, String::from_utf8_lossy(&bytes).into_owned());
            }
        }
    }
    Ok(out)
}

/// A readable description of how `on_disk` differs from `expected`; None when equal.
pub fn diff(
    expected: &BTreeMap<String, String>,
    on_disk: &BTreeMap<String, String>,
) -> Option<String> {
    let mut report = String::new();
    for (path, want) in expected {
        match on_disk.get(path) {
            None => report.push_str(&format!("missing: {path}\n")),
            Some(have) if have != want => {
                report.push_str(&format!("differs: {path}\n"));
                let d = similar::TextDiff::from_lines(have.as_str(), want.as_str());
                let text = d
                    .unified_diff()
                    .context_radius(2)
                    .header(
                        &format!("{path} (on disk)"),
                        &format!("{path} (from specs)"),
                    )
                    .to_string();
                // Keep the report readable when a whole file changed.
                let lines: Vec<&str> = text.lines().collect();
                for l in lines.iter().take(60) {
                    report.push_str(l);
                    report.push('\n');
                }
                if lines.len() > 60 {
                    report.push_str(&format!("… {} more diff lines\n", lines.len() - 60));
                }
            }
            Some(_) => {}
        }
    }
    for path in on_disk.keys() {
        if !expected.contains_key(path) {
            report.push_str(&format!(
                "not generated (remove it or fix specs/): {path}\n"
            ));
        }
    }
    (!report.is_empty()).then_some(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn writes_and_replaces_whole_tree() {
        let dir = std::env::temp_dir().join(format!("xtask-out-{}", std::process::id()));
        let out = dir.join("crate");
        write_atomically(&out, &files(&[("a.txt", "1"), ("src/b.rs", "2")])).unwrap();
        write_atomically(&out, &files(&[("a.txt", "3")])).unwrap();
        assert_eq!(read_tree(&out).unwrap(), files(&[("a.txt", "3")]));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// The directory's inode: the atomic swap gives `out` a new one, a skipped write keeps it.
    #[cfg(unix)]
    fn inode(p: &Path) -> u64 {
        std::os::unix::fs::MetadataExt::ino(&std::fs::metadata(p).unwrap())
    }

    #[cfg(unix)]
    #[test]
    fn a_tree_already_on_disk_is_not_written_again() {
        let dir = std::env::temp_dir().join(format!("xtask-same-{}", std::process::id()));
        let out = dir.join("crate");
        let tree = files(&[("a.txt", "1"), ("src/b.rs", "2")]);
        assert_eq!(write_atomically(&out, &tree).unwrap(), Written::Replaced);
        let first = inode(&out);
        assert_eq!(write_atomically(&out, &tree).unwrap(), Written::Unchanged);
        assert_eq!(inode(&out), first);
        // One file different, or one more on disk: replaced.
        let changed = files(&[("a.txt", "1"), ("src/b.rs", "3")]);
        assert_eq!(write_atomically(&out, &changed).unwrap(), Written::Replaced);
        assert_ne!(inode(&out), first);
        std::fs::write(out.join("extra.txt"), "x").unwrap();
        assert_eq!(write_atomically(&out, &changed).unwrap(), Written::Replaced);
        assert_eq!(read_tree(&out).unwrap(), changed);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn refuses_paths_that_leave_the_output() {
        let dir = std::env::temp_dir().join(format!("xtask-esc-{}", std::process::id()));
        let out = dir.join("crate");
        write_atomically(&out, &files(&[("a.txt", "keep")])).unwrap();
        assert!(write_atomically(&out, &files(&[("../evil", "x")])).is_err());
        assert!(write_atomically(&out, &files(&[("/abs", "x")])).is_err());
        // The failed runs left the old tree untouched.
        assert_eq!(read_tree(&out).unwrap(), files(&[("a.txt", "keep")]));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn hooks_are_split_off_relative_to_their_directory() {
        let all = files(&[
            ("Cargo.toml", "c"),
            ("tests/support/mod.rs", "m"),
            ("tests/support/roundtrip.rs", "r"),
            ("tests/supported.rs", "s"),
        ]);
        let (krate, hooks) = split_hooks(all, "tests/support");
        assert_eq!(
            krate,
            files(&[("Cargo.toml", "c"), ("tests/supported.rs", "s")])
        );
        assert_eq!(hooks, files(&[("mod.rs", "m"), ("roundtrip.rs", "r")]));
    }

    #[test]
    fn diff_names_changed_missing_and_extra_files() {
        let want = files(&[("a", "x\n"), ("b", "y\n")]);
        let have = files(&[("a", "x2\n"), ("c", "z\n")]);
        let d = diff(&want, &have).unwrap();
        assert!(d.contains("differs: a"));
        assert!(d.contains("missing: b"));
        assert!(d.contains("not generated (remove it or fix specs/): c"));
        assert!(diff(&want, &want).is_none());
    }
}
