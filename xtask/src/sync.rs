//! `cargo xtask sync DOCS_DIR`: brings `specs/` up to date from a local checkout of the
//! documentation repository.
//!
//! The repository publishes a service's REST reference as
//! `en/_api-ref/<path>/api-ref/<Resource>/<method>.md` (SPQR's `<path>` is `mdb/spqr/v1`);
//! `specs/` keeps the same pages as `specs/<folder>/<Resource>/<method>.md`, where the folder
//! name is ours. A folder's place in the repository is read from its pages: the published
//! pages name their own source in the front matter (`sourcePath:
//! en/_api-ref/mdb/spqr/v1/api-ref/Backup/get.md`), and every page of a folder that names
//! one must agree. A service `specs/` does not hold yet is named with its place,
//! `--service vpc=vpc/v1` (below `en/_api-ref/`).
//!
//! The pages are mirrored byte for byte: a page the repository has and `specs/` lacks is
//! added, one `specs/` has and the repository no longer has is removed, one whose bytes
//! differ is replaced. Resource and service index pages (`index.md`) are not method pages and
//! are left out, as are the gRPC reference (`en/_api-ref-grpc/`) and anything that is not a
//! `<Resource>/<method>.md` page. Nothing is written unless the synced pages parse.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Where the documentation repository keeps the REST references.
pub const API_REF_ROOT: &str = "en/_api-ref";

/// Pages by path relative to their service folder (`Cluster/get.md`).
pub type Pages = BTreeMap<String, Vec<u8>>;

/// What syncing one service folder does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServiceSync {
    /// The folder in `specs/`.
    pub folder: String,
    /// The folder in the checkout, relative to it (`en/_api-ref/mdb/spqr/v1/api-ref`).
    pub source: String,
    pub added: Vec<String>,
    pub removed: Vec<String>,
    pub changed: Vec<String>,
    pub unchanged: usize,
    /// The folder's pages after the sync.
    pub pages: Pages,
}

impl ServiceSync {
    /// The report's lines for this folder.
    pub fn report(&self) -> String {
        let mut out = format!(
            "{}: {} added, {} removed, {} changed, {} unchanged (from {})\n",
            self.folder,
            self.added.len(),
            self.removed.len(),
            self.changed.len(),
            self.unchanged,
            self.source
        );
        for (what, list) in [
            ("added", &self.added),
            ("removed", &self.removed),
            ("changed", &self.changed),
        ] {
            for page in list {
                out.push_str(&format!("  {what}: {}/{page}\n", self.folder));
            }
        }
        out
    }
}

/// A `--service` argument: a folder of `specs/`, or `FOLDER=PATH` for a service to add, its
/// reference at `en/_api-ref/PATH/api-ref`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServiceArg {
    pub folder: String,
    pub path: Option<String>,
}

impl ServiceArg {
    pub fn parse(text: &str) -> Result<ServiceArg, String> {
        let (folder, path) = match text.split_once('=') {
            Some((f, p)) => (f, Some(p.trim_matches('/').to_string())),
            None => (text, None),
        };
        let plain = |s: &str| {
            !s.is_empty()
                && s.split('/')
                    .all(|seg| !seg.is_empty() && seg != "." && seg != "..")
        };
        if !plain(folder) || folder.contains('/') || !path.as_deref().is_none_or(plain) {
            return Err(format!(
                "`--service {text}`: expected a folder of specs/, or FOLDER=PATH (the service's path below {API_REF_ROOT}/)"
            ));
        }
        Ok(ServiceArg {
            folder: folder.to_string(),
            path,
        })
    }
}

/// The service folders of `specs`: its subdirectories, sorted.
pub fn folders(specs: &Path) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    let entries =
        std::fs::read_dir(specs).map_err(|e| format!("cannot read {}: {e}", specs.display()))?;
    for entry in entries {
        let entry = entry.map_err(|e| format!("cannot read {}: {e}", specs.display()))?;
        if entry.path().is_dir() {
            out.push(entry.file_name().to_string_lossy().into_owned());
        }
    }
    out.sort();
    Ok(out)
}

/// Method pages below `dir`: `<Resource>/<method>.md`, without `index.md`.
pub fn read_pages(dir: &Path) -> Result<Pages, String> {
    let mut out = Pages::new();
    let read_dir =
        |d: &Path| std::fs::read_dir(d).map_err(|e| format!("cannot read {}: {e}", d.display()));
    for resource in read_dir(dir)? {
        let resource = resource.map_err(|e| e.to_string())?.path();
        if !resource.is_dir() {
            continue;
        }
        for page in read_dir(&resource)? {
            let page = page.map_err(|e| e.to_string())?.path();
            let is_page = page.is_file()
                && page.extension().is_some_and(|e| e == "md")
                && page.file_name().is_some_and(|n| n != "index.md");
            if !is_page {
                continue;
            }
            let bytes =
                std::fs::read(&page).map_err(|e| format!("cannot read {}: {e}", page.display()))?;
            let rel = page
                .strip_prefix(dir)
                .unwrap_or(&page)
                .to_string_lossy()
                .replace('\\', "/");
            out.insert(rel, bytes);
        }
    }
    Ok(out)
}

/// The `sourcePath` a page's front matter names, with its line.
fn source_path(bytes: &[u8]) -> Option<(String, usize)> {
    let text = std::str::from_utf8(bytes).ok()?;
    let mut lines = text.lines().enumerate();
    if lines.next()?.1.trim_end() != "---" {
        return None;
    }
    for (i, line) in lines {
        if line.trim_end() == "---" {
            return None;
        }
        if let Some(value) = line.strip_prefix("sourcePath:") {
            let value = value.trim().trim_matches(|c| c == '\'' || c == '"');
            return Some((value.to_string(), i + 1));
        }
    }
    None
}

/// Where a folder's pages come from, relative to the checkout: the directory their
/// `sourcePath`s name, less `<Resource>/<method>.md`.
fn source_of(specs: &Path, folder: &str, pages: &Pages) -> Result<String, String> {
    let mut found: Option<(String, String)> = None;
    for (rel, bytes) in pages {
        let Some((source, line)) = source_path(bytes) else {
            continue;
        };
        let place = format!("{}/{folder}/{rel}:{line}", specs.display());
        let Some(dir) = source.strip_suffix(rel.as_str()) else {
            return Err(format!(
                "{place}: sourcePath `{source}` does not end with the page's own path `{rel}`"
            ));
        };
        let dir = dir.trim_end_matches('/').to_string();
        match &found {
            Some((other, at)) if *other != dir => {
                return Err(format!(
                    "{place}: sourcePath is in `{dir}`, but {at} says `{other}`"
                ))
            }
            Some(_) => {}
            None => found = Some((dir, place)),
        }
    }
    found.map(|(dir, _)| dir).ok_or_else(|| {
        format!(
            "no page of {}/{folder} names its sourcePath, so its place in the documentation \
             repository is unknown; name it: --service {folder}=PATH (below {API_REF_ROOT}/)",
            specs.display()
        )
    })
}

/// What syncing `services` (default: every folder of `specs`) from `docs` would do.
pub fn plan(
    specs: &Path,
    docs: &Path,
    services: &[ServiceArg],
) -> Result<Vec<ServiceSync>, String> {
    let held = folders(specs)?;
    let wanted: Vec<ServiceArg> = if services.is_empty() {
        held.iter()
            .map(|f| ServiceArg {
                folder: f.clone(),
                path: None,
            })
            .collect()
    } else {
        services.to_vec()
    };
    if wanted.is_empty() {
        return Err(format!(
            "{} holds no service folder; name one: --service FOLDER=PATH",
            specs.display()
        ));
    }
    let mut out = Vec::new();
    for service in wanted {
        let folder_dir = specs.join(&service.folder);
        let old = if folder_dir.is_dir() {
            read_pages(&folder_dir)?
        } else {
            Pages::new()
        };
        let source = match &service.path {
            Some(path) => format!("{API_REF_ROOT}/{path}/api-ref"),
            None if !held.contains(&service.folder) => {
                return Err(format!(
                    "{} has no folder `{}`; to add a service, name its place: --service {}=PATH (below {API_REF_ROOT}/)",
                    specs.display(),
                    service.folder,
                    service.folder
                ))
            }
            None => source_of(specs, &service.folder, &old)?,
        };
        let source_dir = docs.join(&source);
        if !source_dir.is_dir() {
            return Err(format!(
                "{} is not in the checkout (the pages of {}/{} come from there)",
                source_dir.display(),
                specs.display(),
                service.folder
            ));
        }
        let new = read_pages(&source_dir)?;
        if new.is_empty() {
            return Err(format!(
                "{} holds no method pages (<Resource>/<method>.md)",
                source_dir.display()
            ));
        }
        let mut sync = ServiceSync {
            folder: service.folder.clone(),
            source,
            added: Vec::new(),
            removed: Vec::new(),
            changed: Vec::new(),
            unchanged: 0,
            pages: new,
        };
        for (rel, bytes) in &sync.pages {
            match old.get(rel) {
                None => sync.added.push(rel.clone()),
                Some(b) if b != bytes => sync.changed.push(rel.clone()),
                Some(_) => sync.unchanged += 1,
            }
        }
        sync.removed = old
            .keys()
            .filter(|rel| !sync.pages.contains_key(*rel))
            .cloned()
            .collect();
        out.push(sync);
    }
    Ok(out)
}

/// Writes the synced folders into `specs` (other folders and files, such as `README.md` and
/// `overrides.yaml`, are left alone).
pub fn apply(specs: &Path, syncs: &[ServiceSync]) -> Result<(), String> {
    let io = |p: &Path, e: std::io::Error| format!("cannot write {}: {e}", p.display());
    for sync in syncs {
        let dir = specs.join(&sync.folder);
        for rel in &sync.removed {
            let path = dir.join(rel);
            std::fs::remove_file(&path).map_err(|e| io(&path, e))?;
            // A resource folder left empty goes too.
            if let Some(parent) = path.parent() {
                let empty = std::fs::read_dir(parent).is_ok_and(|mut d| d.next().is_none());
                if empty {
                    std::fs::remove_dir(parent).map_err(|e| io(parent, e))?;
                }
            }
        }
        for rel in sync.added.iter().chain(&sync.changed) {
            let path = dir.join(rel);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).map_err(|e| io(parent, e))?;
            }
            std::fs::write(&path, &sync.pages[rel]).map_err(|e| io(&path, e))?;
        }
    }
    Ok(())
}

/// Copies the tree `from` to `to` (which must not exist), for a trial sync.
pub fn copy_tree(from: &Path, to: &Path) -> Result<(), String> {
    let io = |p: &Path, e: std::io::Error| format!("cannot copy {}: {e}", p.display());
    std::fs::create_dir_all(to).map_err(|e| io(to, e))?;
    let entries = std::fs::read_dir(from).map_err(|e| io(from, e))?;
    for entry in entries {
        let path = entry.map_err(|e| io(from, e))?.path();
        let dest: PathBuf = to.join(path.file_name().unwrap_or_default());
        if path.is_dir() {
            copy_tree(&path, &dest)?;
        } else {
            std::fs::copy(&path, &dest).map_err(|e| io(&path, e))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn service_arguments_are_folders_or_folders_with_a_place() {
        assert_eq!(
            ServiceArg::parse("spqr").unwrap(),
            ServiceArg {
                folder: "spqr".into(),
                path: None
            }
        );
        assert_eq!(
            ServiceArg::parse("vpc=vpc/v1/").unwrap().path.as_deref(),
            Some("vpc/v1")
        );
        for bad in ["", "a/b", "..", "x=../etc", "x=", "=vpc"] {
            assert!(ServiceArg::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_source_path_is_read_from_the_front_matter_only() {
        let page = b"---\neditable: false\nsourcePath: en/_api-ref/mdb/spqr/v1/api-ref/Backup/get.md\n---\n# T\n";
        assert_eq!(
            source_path(page),
            Some(("en/_api-ref/mdb/spqr/v1/api-ref/Backup/get.md".into(), 3))
        );
        assert_eq!(source_path(b"# T\nsourcePath: x\n"), None);
        assert_eq!(source_path(b"---\na: 1\n---\nsourcePath: x\n"), None);
    }

    #[test]
    fn pages_of_one_folder_must_agree_on_their_source() {
        let mut pages = Pages::new();
        pages.insert(
            "A/get.md".into(),
            b"---\nsourcePath: en/_api-ref/x/v1/api-ref/A/get.md\n---\n".to_vec(),
        );
        assert_eq!(
            source_of(Path::new("specs"), "x", &pages).unwrap(),
            "en/_api-ref/x/v1/api-ref"
        );
        pages.insert(
            "B/get.md".into(),
            b"---\nsourcePath: en/_api-ref/y/v1/api-ref/B/get.md\n---\n".to_vec(),
        );
        let err = source_of(Path::new("specs"), "x", &pages).unwrap_err();
        assert!(err.starts_with("specs/x/B/get.md:2: "), "{err}");
        pages.clear();
        assert!(source_of(Path::new("specs"), "x", &pages)
            .unwrap_err()
            .contains("--service x=PATH"));
    }
}
