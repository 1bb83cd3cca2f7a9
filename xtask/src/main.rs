//! `cargo xtask`: the generator's command line.
//!
//! - `cargo xtask regen [--specs DIR] [--out DIR] [--hooks DIR] [--runtime PATH]`: pages →
//!   schema → crate, and the hooks its tests call it through (`models-tests/src/hooks/`, or
//!   `DIR/tests/support/` beside a crate written to `--out DIR`), each written atomically (a
//!   failed run leaves the old tree untouched; an unchanged one is not written). The crate
//!   depends on `yandex-cloud-runtime` by version and by PATH (default: this workspace's
//!   `runtime/`, relative to DIR when they share a root).
//! - `cargo xtask check [--specs DIR] [--out DIR] [--hooks DIR] [--runtime PATH]`:
//!   regenerate in memory; fail with a diff when the crate or the hooks on disk differ.
//! - `cargo xtask schema [--specs DIR]`: print the intermediate schema as JSON, and the
//!   pages' documentation warnings on stderr.
//! - `cargo xtask diff OLD NEW`: every change to the public API between two folders of
//!   pages (or `REV:PATH`, a folder as a git revision holds it), classified; the last line
//!   is `semver: major|minor|patch` (`xtask::api_diff`).
//! - `cargo xtask release [--version X.Y.Z]`: record a release of what `specs/` produce
//!   (`release/schema.json`, a `release/CHANGELOG.md` entry) and regenerate
//!   (`xtask::release`).
//! - `cargo xtask sync DOCS_DIR [--service NAME]…`: copy the pages of the services in
//!   `specs/` from a checkout of the documentation repository, report what changed, and
//!   print the API diff (`xtask::sync`).
//!
//! `regen` and `check` read the last release from `release/` beside the specs folder (or
//! `--release DIR`): the crate's version is the lowest that admits the changes since, and
//! `check` fails when the version on disk does not admit them.

// Regeneration allocates and frees millions of small token trees (proc_macro2, syn): with
// glibc's malloc a quarter of the run went to the allocator, growing faster than the input
// (BENCHMARKS.md, "Allocator").
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use clap::{Args, Parser, Subcommand};
use page_reader::diagnostics::Diagnostic;
use page_reader::{pipeline, source};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use xtask::{api_diff, output, release, sync};

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
    Regen(PlacesArgs),
    /// Fail when the crate on disk is not what the pages produce, or its version does not
    /// admit the changes since the last release.
    Check(PlacesArgs),
    /// Print the intermediate schema as JSON.
    Schema {
        #[command(flatten)]
        specs: SpecsArg,
    },
    /// Print every change to the public API between two folders of pages.
    Diff {
        /// The older folder of pages, or `REV:PATH` (`main:specs`) for a git revision's.
        old: PathBuf,
        /// The newer folder of pages, or `REV:PATH`.
        new: PathBuf,
    },
    /// Record a release: the schema snapshot and the changelog entry; then regenerate.
    Release {
        #[command(flatten)]
        places: PlacesArgs,
        /// The version to release (default: the lowest that admits the changes).
        #[arg(long)]
        version: Option<String>,
        /// The release date for the changelog (default: today, UTC).
        #[arg(long)]
        date: Option<String>,
    },
    /// Copy the pages of the services in specs/ from a checkout of the documentation
    /// repository; report the pages added, removed and changed, and the API diff.
    Sync {
        /// The checkout (the directory holding `en/_api-ref/`).
        docs: PathBuf,
        /// Only this folder of specs/ (repeatable); `FOLDER=PATH` adds a service whose
        /// pages are at `en/_api-ref/PATH/api-ref`.
        #[arg(long = "service")]
        services: Vec<String>,
        #[command(flatten)]
        specs: SpecsArg,
    },
}

/// The folder of pages, declared once for every command that reads one.
#[derive(Args)]
struct SpecsArg {
    /// Directory of pages (default: specs/).
    #[arg(long = "specs", value_name = "SPECS")]
    path: Option<PathBuf>,
}

impl SpecsArg {
    fn or_default(self) -> PathBuf {
        self.path.unwrap_or_else(|| root().join("specs"))
    }
}

/// Where `regen`, `check` and `release` read and write, declared once.
#[derive(Args)]
struct PlacesArgs {
    #[command(flatten)]
    specs: SpecsArg,
    /// Crate directory to write (default: generated/).
    #[arg(long)]
    out: Option<PathBuf>,
    /// Directory of the crate's test hooks (default: models-tests/src/hooks/ for the
    /// workspace's crate, DIR/tests/support/ beside a crate written to `--out DIR`).
    #[arg(long)]
    hooks: Option<PathBuf>,
    /// The path to `yandex-cloud-runtime` the crate's manifest names (default: this
    /// workspace's runtime/, relative to the crate when they share a root).
    #[arg(long)]
    runtime: Option<String>,
    /// The last release's directory (default: release/ beside the specs directory).
    #[arg(long)]
    release: Option<PathBuf>,
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the workspace")
        .to_path_buf()
}

/// Where a command reads and writes: the pages, the crate, the runtime's path, and the last
/// release.
struct Places {
    specs: PathBuf,
    out: PathBuf,
    hooks: PathBuf,
    runtime: Option<String>,
    release: PathBuf,
}

impl Places {
    fn new(args: PlacesArgs) -> Self {
        let specs = args.specs.or_default();
        // The release belongs with the pages it was generated from.
        let release = args.release.unwrap_or_else(|| {
            specs
                .parent()
                .map_or_else(|| PathBuf::from("release"), |p| p.join("release"))
        });
        // The workspace's crate has its hooks in the test crate; a crate written elsewhere
        // keeps them beside it, so that it is whole.
        let hooks = match (&args.hooks, &args.out) {
            (Some(hooks), _) => hooks.clone(),
            (None, Some(out)) => out.join(codegen::emit::HOOKS_DIR),
            (None, None) => root().join("models-tests/src/hooks"),
        };
        Places {
            specs,
            hooks,
            out: args.out.unwrap_or_else(|| root().join("generated")),
            runtime: args.runtime,
            release,
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Regen(places) => regen(&Places::new(places)),
        Command::Check(places) => check(&Places::new(places)),
        Command::Schema { specs } => schema(&specs.or_default()),
        Command::Diff { old, new } => diff(&old, &new),
        Command::Release {
            places,
            version,
            date,
        } => cut_release(&Places::new(places), version.as_deref(), date),
        Command::Sync {
            docs,
            services,
            specs,
        } => sync(&docs, &services, &specs.or_default()),
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

/// The crate's files; its hooks' (relative to `places.hooks`) when they are a tree of their
/// own, `None` when they are inside the crate's directory and so among its files; and the
/// release plan.
type Generated = (
    BTreeMap<String, String>,
    Option<BTreeMap<String, String>>,
    release::Plan,
);

/// The crate for `out` (which finds the runtime at `runtime`, or by default the workspace's
/// by a path relative to `out`), with the version, changelog and README that the last
/// release gives it, and its test hooks; and the plan that chose the version.
fn generate(places: &Places) -> Result<Generated, String> {
    let outcome = parse(&places.specs, false)?;
    let history = release::load(&places.release)?;
    let plan = release::plan(&history, &outcome.schema)?;
    let options = codegen::GenerateOptions {
        runtime_path: Some(
            places
                .runtime
                .clone()
                .unwrap_or_else(|| codegen::emit::runtime_path_from(&places.out)),
        ),
        version: plan.version.to_string(),
        changelog: Some(release::crate_changelog(&plan, &history)),
        licenses: licenses()?,
        ..codegen::GenerateOptions::default()
    };
    let files = codegen::generate(&outcome.schema, &options)
        .map_err(|e| format!("error: {e}; nothing was written"))?;
    let (mut files, hooks) = output::split_hooks(files, codegen::emit::HOOKS_DIR);
    // Hooks inside the crate's directory are part of its tree: writing the crate replaces
    // the whole directory.
    if let Ok(inside) = places.hooks.strip_prefix(&places.out) {
        let inside = inside.to_string_lossy().replace('\\', "/");
        for (path, text) in hooks {
            let path = if inside.is_empty() {
                path
            } else {
                format!("{inside}/{path}")
            };
            files.insert(path, text);
        }
        return Ok((files, None, plan));
    }
    Ok((files, Some(hooks), plan))
}

/// The licence texts the crate ships: the workspace's own, since it is the generator's
/// output wherever it is written.
fn licenses() -> Result<Vec<(String, String)>, String> {
    ["LICENSE-APACHE", "LICENSE-MIT"]
        .into_iter()
        .map(|name| {
            let path = root().join(name);
            std::fs::read_to_string(&path)
                .map(|text| (name.to_string(), text))
                .map_err(|e| format!("cannot read {}: {e}", path.display()))
        })
        .collect()
}

fn regen(places: &Places) -> Result<(), String> {
    let (files, hooks, plan) = generate(places)?;
    // The hooks first: a failure there leaves both trees as they were.
    if let Some(hooks) = &hooks {
        output::write_atomically(&places.hooks, hooks).map_err(|e| {
            format!(
                "cannot write {}: {e} (the old hooks and crate are untouched)",
                places.hooks.display()
            )
        })?;
    }
    let out = &places.out;
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
    if let (Some(released), false) = (plan.released, plan.diff.is_empty()) {
        eprintln!(
            "version {}: the API changed since release {released} (semver: {}; `cargo xtask release` records it)",
            plan.version,
            plan.diff.level().as_str()
        );
    }
    Ok(())
}

fn check(places: &Places) -> Result<(), String> {
    let (files, hooks, plan) = generate(places)?;
    let out = &places.out;
    let on_disk =
        output::read_tree(out).map_err(|e| format!("cannot read {}: {e}", out.display()))?;
    let mut problems = Vec::new();
    // The version first: it says what is wrong in the API's terms, where the file diff
    // below only shows that a line differs.
    let manifest = on_disk.get("Cargo.toml").map(String::as_str).unwrap_or("");
    match release::package_version(manifest) {
        None => problems.push(format!(
            "{}/Cargo.toml has no [package] version",
            out.display()
        )),
        Some(version) => {
            if let Err(e) = release::check_version(version, &plan) {
                problems.push(format!("{}/Cargo.toml: {e}", out.display()));
            }
        }
    }
    if let Some(report) = output::diff(&files, &on_disk) {
        problems.push(format!(
            "{report}\n{} is not what {} produce: run `cargo xtask regen` (never edit generated files by hand)",
            out.display(),
            places.specs.display()
        ));
    }
    if let Some(hooks) = &hooks {
        let hooks_on_disk = output::read_tree(&places.hooks)
            .map_err(|e| format!("cannot read {}: {e}", places.hooks.display()))?;
        if let Some(report) = output::diff(hooks, &hooks_on_disk) {
            problems.push(format!(
                "{report}\n{} is not what {} produce: run `cargo xtask regen` (never edit generated files by hand)",
                places.hooks.display(),
                places.specs.display()
            ));
        }
    }
    if problems.is_empty() {
        eprintln!(
            "{} and {} match {}",
            out.display(),
            places.hooks.display(),
            places.specs.display()
        );
        Ok(())
    } else {
        Err(problems.join("\n"))
    }
}

fn diff(old: &Path, new: &Path) -> Result<(), String> {
    let scratch = std::env::temp_dir().join(format!("xtask-diff-{}", std::process::id()));
    let result = (|| {
        let old = parse(&pages_at(old, &scratch.join("old"))?, false)?;
        let new = parse(&pages_at(new, &scratch.join("new"))?, false)?;
        print!(
            "{}",
            api_diff::diff_crates(&old.schema, &new.schema)?.render()
        );
        Ok(())
    })();
    let _ = std::fs::remove_dir_all(&scratch);
    result
}

/// A folder of pages for `diff`: the folder itself, or for `REV:PATH` (`main:specs`) when no
/// such folder exists, the folder as the git revision holds it, extracted under `scratch`.
fn pages_at(arg: &Path, scratch: &Path) -> Result<PathBuf, String> {
    let text = arg.to_string_lossy();
    let rev_path = text.split_once(':').filter(|_| !arg.exists());
    let Some((rev, path)) = rev_path else {
        return Ok(arg.to_path_buf());
    };
    let path = path.trim_end_matches('/');
    let path = if path.is_empty() { "." } else { path };
    std::fs::create_dir_all(scratch)
        .map_err(|e| format!("cannot create {}: {e}", scratch.display()))?;
    // git archive | tar -x: the revision's files without touching the working tree.
    let archive = std::process::Command::new("git")
        .args(["archive", "--format=tar", rev, "--", path])
        .output()
        .map_err(|e| format!("cannot run git for `{text}`: {e}"))?;
    if !archive.status.success() {
        return Err(format!(
            "cannot read `{text}` from git: {}",
            String::from_utf8_lossy(&archive.stderr).trim()
        ));
    }
    let mut tar = std::process::Command::new("tar")
        .arg("-x")
        .arg("-C")
        .arg(scratch)
        .stdin(std::process::Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run tar for `{text}`: {e}"))?;
    if let Some(mut stdin) = tar.stdin.take() {
        use std::io::Write;
        stdin
            .write_all(&archive.stdout)
            .map_err(|e| format!("cannot extract `{text}`: {e}"))?;
    }
    let status = tar
        .wait()
        .map_err(|e| format!("cannot extract `{text}`: {e}"))?;
    if !status.success() {
        return Err(format!("cannot extract `{text}`: tar failed"));
    }
    Ok(scratch.join(path))
}

fn cut_release(places: &Places, version: Option<&str>, date: Option<String>) -> Result<(), String> {
    let requested = version.map(release::Version::parse).transpose()?;
    // Generated once before anything is recorded, so that a crate the generator refuses is
    // never released.
    generate(places)?;
    let outcome = parse(&places.specs, false)?;
    let date = date.unwrap_or_else(release::today);
    let version = release::cut(&places.release, &outcome.schema, &date, requested)?;
    eprintln!(
        "released {version}: {} and {} written",
        places.release.join(release::SNAPSHOT).display(),
        places.release.join(release::CHANGELOG).display()
    );
    regen(places)
}

fn sync(docs: &Path, services: &[String], specs: &Path) -> Result<(), String> {
    let services = services
        .iter()
        .map(|s| sync::ServiceArg::parse(s))
        .collect::<Result<Vec<_>, _>>()?;
    let old = parse(specs, false)?;
    let plans = sync::plan(specs, docs, &services)?;
    // The synced pages are tried in a copy named like the real folder (so that errors and
    // the diff read `specs/…`); specs/ is written only when they parse.
    let trial_root = std::env::temp_dir().join(format!("xtask-sync-{}", std::process::id()));
    let trial = trial_root.join(specs.file_name().unwrap_or("specs".as_ref()));
    let _ = std::fs::remove_dir_all(&trial_root);
    let tried = sync::copy_tree(specs, &trial)
        .and_then(|()| sync::apply(&trial, &plans))
        .and_then(|()| {
            parse(&trial, false).map_err(|e| {
                format!(
                    "{e}: the synced pages do not generate; {} is untouched",
                    specs.display()
                )
            })
        });
    let _ = std::fs::remove_dir_all(&trial_root);
    let new = tried?;
    sync::apply(specs, &plans)?;
    for plan in &plans {
        print!("{}", plan.report());
    }
    print!(
        "{}",
        api_diff::diff_crates(&old.schema, &new.schema)?.render()
    );
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
