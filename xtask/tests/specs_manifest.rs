//! Every page in `specs/` is recorded in its service folder's `MANIFEST.tsv` (path in the
//! documentation repository, commit or index id, characters), and the file holds exactly as
//! many characters as the source did: a page copied short, long or re-encoded fails here.
//! Rows marked `skipped` are pages of the service's reference that are not in `specs/` yet
//! (with the reason), and must not have a file.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

const HEADER: &str = "path\trepo_path\tcommit\tid\ttotal_chars\tsaved_chars\tgeneration\tnotes";

fn specs() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs")
}

fn pages(dir: &Path, base: &Path, out: &mut BTreeSet<String>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            pages(&path, base, out);
        } else if path.extension().is_some_and(|e| e == "md") {
            let rel = path
                .strip_prefix(base)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            out.insert(rel);
        }
    }
}

#[test]
fn every_page_is_in_its_manifest_with_its_character_count() {
    let mut services = 0;
    let mut checked = 0;
    let mut problems = Vec::new();
    for entry in std::fs::read_dir(specs()).unwrap() {
        let dir = entry.unwrap().path();
        if !dir.is_dir() {
            continue;
        }
        services += 1;
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let manifest = std::fs::read_to_string(dir.join("MANIFEST.tsv"))
            .unwrap_or_else(|e| panic!("specs/{name}/MANIFEST.tsv: {e}"));
        let mut lines = manifest.lines();
        assert_eq!(
            lines.next(),
            Some(HEADER),
            "specs/{name}/MANIFEST.tsv header"
        );
        let mut files = BTreeSet::new();
        pages(&dir, &dir, &mut files);
        let mut listed = BTreeSet::new();
        for (i, line) in lines.enumerate() {
            let at = format!("specs/{name}/MANIFEST.tsv:{}", i + 2);
            let cells: Vec<&str> = line.split('\t').collect();
            if cells.len() != 8 {
                problems.push(format!("{at}: {} cells, not 8", cells.len()));
                continue;
            }
            let (path, total, saved, generation) = (cells[0], cells[4], cells[5], cells[6]);
            if !listed.insert(path.to_string()) {
                problems.push(format!("{at}: `{path}` listed twice"));
            }
            if generation == "skipped" {
                if files.contains(path) {
                    problems.push(format!("{at}: `{path}` is skipped but its file exists"));
                }
                continue;
            }
            if !["apiPlayground", "yfm-tables"].contains(&generation) {
                problems.push(format!("{at}: unknown generation `{generation}`"));
            }
            let text = match std::fs::read(dir.join(path)) {
                Ok(bytes) => String::from_utf8(bytes).expect("pages are UTF-8"),
                Err(e) => {
                    problems.push(format!("{at}: `{path}`: {e}"));
                    continue;
                }
            };
            let chars = text.chars().count().to_string();
            if chars != total || chars != saved {
                problems.push(format!(
                    "{at}: `{path}` has {chars} characters; the source had {total}, the manifest says {saved} were saved"
                ));
            }
            checked += 1;
        }
        for unlisted in files.difference(&listed) {
            problems.push(format!("specs/{name}/{unlisted}: no row in MANIFEST.tsv"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(
        services >= 9 && checked >= 150,
        "{services} folders, {checked} pages"
    );
}
