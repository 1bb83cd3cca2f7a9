//! Emits the `yandex-cloud-models` crate from a [`Schema`].
//!
//! [`generate`] returns every file of a standalone crate, keyed by path relative to the
//! crate root. The work is split by job:
//!
//! - `package`: one file per proto package, with the message modules nested inside;
//! - `message`, `oneof`, `enumeration`: the items of one message, oneof or enum;
//! - [`docs`]: page markdown → rustdoc;
//! - `manifest`: `Cargo.toml`, `lib.rs` (re-exporting the runtime crate) and the round-trip
//!   hook;
//! - `dispatch`: the test hooks' lookups by name, one function per proto package;
//! - `checks`: what `validate()` checks;
//! - `method`: the `ApiRequest` impls of the documented methods (with the endpoints of the
//!   runtime's `PUBLIC_ENDPOINTS`), the types that carry a shared request message, the test
//!   hook and the example;
//! - `readme`: the crate's `README.md`, whose example the crate docs compile.
//!
//! Before any of it, [`crate::model`] builds the Rust model of the crate (lowering, the
//! index, the features, the method plan); the emitters only print from it.
//!
//! Once the index is built, every Rust file is one job, emitted and formatted on its own
//! thread by [`crate::jobs::run`]; the crate is the same whatever the number of threads.

mod checks;
mod dispatch;
pub mod docs;
mod enumeration;
mod manifest;
mod message;
mod method;
mod oneof;
mod options;
mod output;
mod package;
mod plain;
mod readme;
mod tokens;

pub use crate::error::EmitError;
pub use crate::model::names::HOOKS_DIR;
pub use options::{runtime_dir, runtime_path_from, GenerateOptions};
pub use output::{format_file, Formatter, HEADER};

use crate::model::{index, names};
use crate::schema::Schema;
use output::Files;
use std::collections::BTreeMap;

/// Generates the crate: file path (relative to the crate root, `/`-separated) → contents.
pub fn generate(
    schema: &Schema,
    opts: &GenerateOptions,
) -> Result<BTreeMap<String, String>, EmitError> {
    generate_with(schema, opts, &format_file)
}

/// [`generate`] with another formatter for the Rust files. The regen benchmark passes
/// [`format_file`] wrapped in a timer, to report formatting apart from emitting.
pub fn generate_with(
    schema: &Schema,
    opts: &GenerateOptions,
    format: &Formatter<'_>,
) -> Result<BTreeMap<String, String>, EmitError> {
    let schema = crate::model::lower::lower(schema)
        .map_err(|errors| EmitError::all(errors).expect("lowering fails with errors"))?;
    let schema = schema.as_ref();
    // The Rust model of the crate, built once: where every type goes, and every method's
    // plan. The emitters only print from it.
    let index = index::Index::build(schema)?;
    let plan = crate::model::plan::Plan::build(&index)?;
    let mut jobs = vec![Job::Lib, Job::HooksMod, Job::Roundtrip, Job::Plain];
    if !schema.methods.is_empty() {
        jobs.push(Job::RequestHook);
    }
    let mut packages = Vec::new();
    package::packages(&index.root, &mut packages);
    for package in packages {
        jobs.push(Job::Package(package));
        if index.methods_by_package.contains_key(&package.proto) {
            jobs.push(Job::Methods(package));
        }
    }
    let weight = |job: &Job<'_>| job.weight(&index);
    let emit = |job: &Job<'_>| -> Result<_, EmitError> {
        let mut files = Files::new(format);
        job.emit(&index, &plan, opts, &mut files)?;
        Ok(files.into_files())
    };
    let emitted = crate::jobs::run(&jobs, opts.threads, &weight, &emit);
    manifest::check_feature_names(&index.features)?;
    let mut out = BTreeMap::new();
    out.insert(
        "Cargo.toml".to_string(),
        manifest::cargo_toml(opts, &index.features),
    );
    // Every job's errors, in job order, so that the report does not depend on the threads.
    let mut errors = Vec::new();
    for files in emitted {
        match files {
            Ok(files) => out.extend(files),
            Err(e) => errors.push(e),
        }
    }
    if let Some(e) = EmitError::all(errors) {
        return Err(e);
    }
    out.insert("README.md".to_string(), readme::readme(&index, &plan, opts));
    if let Some(changelog) = &opts.changelog {
        out.insert("CHANGELOG.md".to_string(), changelog.clone());
    }
    for (file, text) in &opts.licenses {
        out.insert(file.clone(), text.clone());
    }
    if let Some((text, features)) = method::example(&index, &plan, opts)? {
        out.insert(format!("examples/{}.rs", names::EXAMPLE), text);
        if let Some(toml) = out.get_mut("Cargo.toml") {
            toml.push_str(&method::example_manifest(&features));
        }
    }
    Ok(out)
}

/// The generated crate's name as code names it.
fn krate(opts: &GenerateOptions) -> String {
    opts.crate_name.replace('-', "_")
}

/// One unit of emission: one file.
enum Job<'i> {
    Lib,
    /// The test hooks' `mod.rs`.
    HooksMod,
    Roundtrip,
    /// The decode benchmark's plain structs.
    Plain,
    RequestHook,
    /// A package's file.
    Package(&'i index::Module),
    /// A package's `methods.rs`.
    Methods(&'i index::Module),
}

impl Job<'_> {
    /// About how much output the job makes, in types: the types a package file declares,
    /// two per method (its request type and its rules); only the order of jobs depends on
    /// it.
    fn weight(&self, index: &index::Index) -> usize {
        let schema = index.schema;
        match self {
            Job::Lib | Job::HooksMod => 1,
            Job::Roundtrip => schema.messages.len() / 4,
            Job::Plain => schema.messages.len() / 4,
            Job::RequestHook => schema.methods.len(),
            Job::Package(module) => module.types_inline(),
            Job::Methods(module) => {
                2 * index
                    .methods_by_package
                    .get(&module.proto)
                    .map_or(0, Vec::len)
            }
        }
    }

    fn emit(
        &self,
        index: &index::Index,
        plan: &method::Plan,
        opts: &GenerateOptions,
        files: &mut Files,
    ) -> Result<(), EmitError> {
        match self {
            Job::Lib => files.rust_then(
                "src/lib.rs".to_string(),
                manifest::lib_rs(index, plan, opts)?,
                manifest::attributes_as_rustfmt_lays_them,
            ),
            Job::HooksMod => files.rust(
                names::HOOKS_MOD_FILE.to_string(),
                manifest::hooks_mod_rs(!index.schema.methods.is_empty()),
            ),
            Job::Plain => files.rust(names::PLAIN_FILE.to_string(), plain::plain_rs(index)),
            Job::Roundtrip => files.rust(
                names::ROUNDTRIP_FILE.to_string(),
                manifest::roundtrip_rs(index, &krate(opts)),
            ),
            Job::RequestHook => files.rust(
                names::REQUESTS_FILE.to_string(),
                method::hook_rs(index, plan, &krate(opts))?,
            ),
            Job::Package(module) => package::emit(index, module, files),
            Job::Methods(module) => method::emit_package(index, plan, module, files),
        }
    }
}
