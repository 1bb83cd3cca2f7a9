//! Pages → schema: reads every page under the specs directory, parses each alone, lays
//! its front matter over it, gives the well-known messages' fields their wire types,
//! applies the overrides (if the folder has any), and merges. All diagnostics of a run are
//! collected and returned together.

use crate::diagnostics::{self, Diagnostic};
use crate::{
    front_matter, generations, merge, overrides, page, page_schema, patterns, sample, source,
    well_known,
};
use codegen::schema::Schema;
use std::num::NonZeroUsize;
use std::path::{Path, PathBuf};

/// The overrides file, relative to the specs directory; a folder need not have one.
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
/// samples against it; pages are independent, so they are parsed on all cores.
pub fn parse_pages(inputs: &[(String, Vec<u8>)]) -> Parsed {
    parse_pages_with(inputs, None)
}

/// [`parse_pages`] on at most `threads` threads (`None`: all cores). The result, page order
/// and diagnostics included, does not depend on it.
pub fn parse_pages_with(inputs: &[(String, Vec<u8>)], threads: Option<NonZeroUsize>) -> Parsed {
    let parse = |(name, bytes): &(String, Vec<u8>)| parse_page(name, bytes);
    let size = |(_, bytes): &(String, Vec<u8>)| bytes.len();
    let mut out = Parsed {
        pages: Vec::with_capacity(inputs.len()),
        diagnostics: Vec::new(),
        sample_warnings: Vec::new(),
    };
    for page in codegen::jobs::run(inputs, threads, &size, &parse) {
        out.pages.extend(page.schema);
        out.diagnostics.extend(page.diagnostics);
        out.sample_warnings.extend(page.sample_warnings);
    }
    out
}

/// One page parsed: its schema unless it could not be read, and what it reported.
struct ParsedPage {
    schema: Option<page_schema::PageSchema>,
    diagnostics: Vec<Diagnostic>,
    sample_warnings: Vec<Diagnostic>,
}

fn parse_page(name: &str, bytes: &[u8]) -> ParsedPage {
    let mut diags = Vec::new();
    let unread = |d| ParsedPage {
        schema: None,
        diagnostics: vec![d],
        sample_warnings: Vec::new(),
    };
    let text = match source::decode(name, bytes) {
        Ok(t) => t,
        Err(d) => return unread(d),
    };
    let parsed = match page::read(name, &text) {
        Ok(p) => p,
        Err(d) => return unread(d),
    };
    let mut ps = page_schema::build(&parsed, &mut diags);
    if let Some(fm) = &parsed.front_matter {
        front_matter::apply(fm, &mut ps, &mut diags);
    }
    generations::read_older(&mut ps, &mut diags);
    patterns::check_page(&mut ps, &mut diags);
    // Samples are checked against the page alone: a sample is the page's own skeleton, and
    // older pages lacking newer fields are not documentation bugs.
    let alone = merge::merge(vec![ps.clone()], &mut Vec::new());
    let samples: Vec<_> = ps
        .samples
        .iter()
        .map(|s| (name.to_string(), s.clone()))
        .collect();
    let sample_warnings = sample::check(&alone, &samples);
    ParsedPage {
        schema: Some(ps),
        diagnostics: diags,
        sample_warnings,
    }
}

/// The second half of [`run_on`]: the well-known messages and the overrides, then the
/// cross-page merge.
pub fn finish(parsed: Parsed, overrides_file: (&str, Option<&str>)) -> Outcome {
    let Parsed {
        mut pages,
        diagnostics: mut diags,
        sample_warnings,
    } = parsed;
    well_known::apply(&mut pages, &mut diags);
    let ov = overrides::load(overrides_file.0, overrides_file.1, &mut diags);
    overrides::apply(&ov, &mut pages, &mut diags);
    let mut schema = merge::merge(pages, &mut diags);
    overrides::apply_packs(&ov, &mut schema, &mut diags);
    patterns::drop_unusable(&mut schema);
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
