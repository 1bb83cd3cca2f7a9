//! `cargo xtask`: the generator's command line.
//!
//! - `cargo xtask regen [--specs DIR] [--out DIR] [--runtime PATH]`: pages → schema → crate,
//!   written atomically (a failed run leaves the old crate untouched; an unchanged one is not
//!   written). The crate depends on `yandex-cloud-runtime` by version and by PATH (default:
//!   this workspace's `runtime/`, relative to DIR when they share a root).
//! - `cargo xtask check [--specs DIR] [--out DIR] [--runtime PATH]`: regenerate in memory;
//!   fail with a diff when the crate on disk differs.
//! - `cargo xtask schema [--specs DIR]`: print the intermediate schema as JSON, and the
//!   pages' documentation warnings on stderr.
//! - `cargo xtask diff OLD NEW`: every change to the public API between two folders of
//!   pages, classified; the last line is `semver: major|minor|patch` (`xtask::api_diff`).

// Regeneration allocates and frees millions of small token trees (proc_macro2, syn): with
// glibc's malloc a quarter of the run went to the allocator, growing faster than the input
// (BENCHMARKS.md, "Allocator").
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use clap::{Parser, Subcommand};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use xtask::diagnostics::Diagnostic;
use xtask::{api_diff, output, pipeline, source};

#[derive(Parser)]
#[command(
    name = "cargo xtask",
    about = "Generates the yandex-cloud-models crate from the API reference pages"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Regenerate the crate from the pages.
    Regen {
        /// Directory of pages (default: specs/).
        #[arg(long)]
        specs: Option<PathBuf>,
        /// Crate directory to write (default: generated/).
        #[arg(long)]
        out: Option<PathBuf>,
        /// The path to `yandex-cloud-runtime` the crate's manifest names (default: this
        /// workspace's runtime/, relative to the crate when they share a root).
        #[arg(long)]
        runtime: Option<String>,
    },
    /// Fail when the crate on disk is not what the pages produce.
    Check {
        #[arg(long)]
        specs: Option<PathBuf>,
        #[arg(long)]
        out: Option<PathBuf>,
        #[arg(long)]
        runtime: Option<String>,
    },
    /// Print the intermediate schema as JSON.
    Schema {
        #[arg(long)]
        specs: Option<PathBuf>,
    },
    /// Print every change to the public API between two folders of pages.
    Diff {
        /// The older folder of pages.
        old: PathBuf,
        /// The newer folder of pages.
        new: PathBuf,
    },
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the workspace")
        .to_path_buf()
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Regen {
            specs,
            out,
            runtime,
        } => regen(
            &specs.unwrap_or_else(|| root().join("specs")),
            &out.unwrap_or_else(|| root().join("generated")),
            runtime,
        ),
        Command::Check {
            specs,
            out,
            runtime,
        } => check(
            &specs.unwrap_or_else(|| root().join("specs")),
            &out.unwrap_or_else(|| root().join("generated")),
            runtime,
        ),
        Command::Schema { specs } => schema(&specs.unwrap_or_else(|| root().join("specs"))),
        Command::Diff { old, new } => diff(&old, &new),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

/// Runs the pipeline and turns its errors into one report (warnings are counted, and
/// shown only by `schema`).
fn parse(specs: &Path, show_warnings: bool) -> Result<pipeline::Outcome, String> {
    let outcome =
        pipeline::run(specs).map_err(|e| format!("cannot read {}: {e}", specs.display()))?;
    let mut shown = 0;
    for d in &outcome.diagnostics {
        if d.is_error() || show_warnings {
            eprintln!("{}", render(specs, d));
            shown += 1;
        }
    }
    let errors = outcome.diagnostics.iter().filter(|d| d.is_error()).count();
    if errors > 0 {
        return Err(format!("{errors} error(s); nothing was written"));
    }
    let warnings = outcome.diagnostics.len() - errors;
    if warnings > 0 && shown == 0 {
        eprintln!("{warnings} documentation warning(s); `cargo xtask schema` lists them");
    }
    Ok(outcome)
}

fn render(specs: &Path, d: &Diagnostic) -> String {
    let base = specs.parent().unwrap_or(specs);
    let source = std::fs::read(base.join(&d.file))
        .ok()
        .and_then(|b| source::decode(&d.file, &b).ok());
    d.render(source.as_deref())
}

/// The crate for `out`, which finds the runtime at `runtime`, or by default the workspace's
/// by a path relative to `out`.
fn generate(
    specs: &Path,
    out: &Path,
    runtime: Option<String>,
) -> Result<std::collections::BTreeMap<String, String>, String> {
    let outcome = parse(specs, false)?;
    let options = codegen::GenerateOptions {
        runtime_path: Some(runtime.unwrap_or_else(|| codegen::emit::runtime_path_from(out))),
        ..codegen::GenerateOptions::default()
    };
    codegen::generate(&outcome.schema, &options)
        .map_err(|e| format!("error: {e}; nothing was written"))
}

fn regen(specs: &Path, out: &Path, runtime: Option<String>) -> Result<(), String> {
    let files = generate(specs, out, runtime)?;
    let written = output::write_atomically(out, &files).map_err(|e| {
        format!(
            "cannot write {}: {e} (the old crate is untouched)",
            out.display()
        )
    })?;
    match written {
        output::Written::Replaced => {
            eprintln!("wrote {} files to {}", files.len(), out.display())
        }
        output::Written::Unchanged => eprintln!(
            "{} is up to date ({} files); nothing written",
            out.display(),
            files.len()
        ),
    }
    Ok(())
}

fn check(specs: &Path, out: &Path, runtime: Option<String>) -> Result<(), String> {
    let files = generate(specs, out, runtime)?;
    let on_disk =
        output::read_tree(out).map_err(|e| format!("cannot read {}: {e}", out.display()))?;
    match output::diff(&files, &on_disk) {
        None => {
            eprintln!("{} matches {}", out.display(), specs.display());
            Ok(())
        }
        Some(report) => Err(format!(
            "{report}\n{} is not what {} produce: run `cargo xtask regen` (never edit generated files by hand)",
            out.display(),
            specs.display()
        )),
    }
}

fn diff(old: &Path, new: &Path) -> Result<(), String> {
    let old = parse(old, false)?;
    let new = parse(new, false)?;
    print!("{}", api_diff::diff(&old.schema, &new.schema).render());
    Ok(())
}

fn schema(specs: &Path) -> Result<(), String> {
    let outcome = parse(specs, true)?;
    for w in &outcome.sample_warnings {
        eprintln!("{}", render(specs, w));
    }
    let json = serde_json::to_string_pretty(&outcome.schema).map_err(|e| e.to_string())?;
    println!("{json}");
    Ok(())
}
