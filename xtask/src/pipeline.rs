//! Pages → schema: reads every page under the specs directory, parses each alone, lays
//! its front matter over it, applies the overrides, and merges. All diagnostics of a run
//! are collected and returned together.

use crate::diagnostics::{self, Diagnostic};
use crate::{front_matter, merge, overrides, page, page_schema, sample, source};
use codegen::schema::Schema;
use std::path::{Path, PathBuf};

/// The overrides file, relative to the specs directory.
pub const OVERRIDES: &str = "overrides.yaml";

pub struct Outcome {
    pub schema: Schema,
    /// Errors and warnings, sorted by place.
    pub diagnostics: Vec<Diagnostic>,
    /// Where a page's JSON samples disagree with the page's own tables (see [`sample`]).
    pub sample_warnings: Vec<Diagnostic>,
}

impl Outcome {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Page files under `specs`: every `.md` file below a subdirectory (a service's folder),
/// in path order. Files directly in `specs` (its README) are not pages.
pub fn page_files(specs: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let mut stack = vec![specs.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir)? {
            let path = entry?.path();
            if path.is_dir() {
                stack.push(path);
            } else if dir != specs && path.extension().is_some_and(|e| e == "md") {
                out.push(path);
            }
        }
    }
    out.sort();
    Ok(out)
}

/// Reads and parses everything under `specs`. `display` turns a path into the name
/// diagnostics use.
pub fn run(specs: &Path) -> std::io::Result<Outcome> {
    let mut inputs = Vec::new();
    for path in page_files(specs)? {
        let bytes = std::fs::read(&path)?;
        inputs.push((display(specs, &path), bytes));
    }
    let ov_path = specs.join(OVERRIDES);
    let ov_text = match std::fs::read_to_string(&ov_path) {
        Ok(t) => Some(t),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(e),
    };
    Ok(run_on(
        &inputs,
        (&display(specs, &ov_path), ov_text.as_deref()),
    ))
}

/// The pipeline on in-memory pages: `(name, bytes)` pairs and the overrides file.
pub fn run_on(inputs: &[(String, Vec<u8>)], overrides_file: (&str, Option<&str>)) -> Outcome {
    finish(parse_pages(inputs), overrides_file)
}

/// Every page parsed alone, before the overrides and the merge: the first half of
/// [`run_on`], separate so that the benchmark can time the phases apart.
pub struct Parsed {
    pub pages: Vec<page_schema::PageSchema>,
    pub diagnostics: Vec<Diagnostic>,
    pub sample_warnings: Vec<Diagnostic>,
}

/// Decodes, reads and builds every page's schema (with its front matter), and checks its
/// samples against it.
pub fn parse_pages(inputs: &[(String, Vec<u8>)]) -> Parsed {
    let mut diags = Vec::new();
    let mut pages = Vec::with_capacity(inputs.len());
    let mut sample_warnings = Vec::new();
    for (name, bytes) in inputs {
        let text = match source::decode(name, bytes) {
            Ok(t) => t,
            Err(d) => {
                diags.push(d);
                continue;
            }
        };
        let parsed = match page::read(name, &text) {
            Ok(p) => p,
            Err(d) => {
                diags.push(d);
                continue;
            }
        };
        let mut ps = page_schema::build(&parsed, &mut diags);
        if let Some(fm) = &parsed.front_matter {
            front_matter::apply(fm, &mut ps, &mut diags);
        }
        // Samples are checked against the page alone: a sample is the page's own
        // skeleton, and older pages lacking newer fields are not documentation bugs.
        let alone = merge::merge(vec![ps.clone()], &mut Vec::new());
        let samples: Vec<_> = ps
            .samples
            .iter()
            .map(|s| (name.clone(), s.clone()))
            .collect();
        sample_warnings.extend(sample::check(&alone, &samples));
        pages.push(ps);
    }
    Parsed {
        pages,
        diagnostics: diags,
        sample_warnings,
    }
}

/// The second half of [`run_on`]: the overrides, then the cross-page merge.
pub fn finish(parsed: Parsed, overrides_file: (&str, Option<&str>)) -> Outcome {
    let Parsed {
        mut pages,
        diagnostics: mut diags,
        sample_warnings,
    } = parsed;
    let ov = overrides::load(overrides_file.0, overrides_file.1, &mut diags);
    overrides::apply(&ov, &mut pages, &mut diags);
    let schema = merge::merge(pages, &mut diags);
    diagnostics::sort(&mut diags);
    diags.dedup();
    Outcome {
        schema,
        diagnostics: diags,
        sample_warnings,
    }
}

/// A path as diagnostics show it: relative to the specs directory's parent, so it reads
/// `specs/spqr/Cluster/get.md` for the default layout.
pub fn display(specs: &Path, path: &Path) -> String {
    let base = specs.parent().unwrap_or(specs);
    path.strip_prefix(base)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}
