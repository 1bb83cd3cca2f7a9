//! What [`generate`](super::generate) needs besides the schema, and where the generated crate
//! finds the runtime.

/// What [`generate`](super::generate) needs besides the schema.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GenerateOptions {
    /// Package name of the generated crate.
    pub crate_name: String,
    /// How many files are emitted and formatted at once: `None` for as many as the machine
    /// has cores. The output does not depend on it.
    pub threads: Option<std::num::NonZeroUsize>,
    /// Where the generated crate finds `yandex-cloud-runtime` besides its version: a path
    /// relative to the crate's directory (or absolute). `None` for the published crate only.
    pub runtime_path: Option<String>,
    /// The crate's version (`[package] version`, and the README's dependency line); the
    /// release plan decides it.
    pub version: String,
    /// The crate's `CHANGELOG.md`, as the release history makes it; `None` writes none.
    pub changelog: Option<String>,
    /// The licence texts shipped with the crate, by file name (`LICENSE-MIT`); each is
    /// written beside the sources and published with them.
    pub licenses: Vec<(String, String)>,
}

impl Default for GenerateOptions {
    /// The crate `yandex-cloud-models`, finding the runtime at its absolute path in this
    /// workspace (what a crate generated anywhere on this machine builds with).
    fn default() -> Self {
        GenerateOptions {
            crate_name: "yandex-cloud-models".to_string(),
            threads: None,
            runtime_path: Some(runtime_dir().display().to_string()),
            version: "0.1.0".to_string(),
            changelog: None,
            licenses: Vec::new(),
        }
    }
}

/// The runtime crate's directory in this workspace.
pub fn runtime_dir() -> std::path::PathBuf {
    let codegen = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    codegen.parent().unwrap_or(codegen).join("runtime")
}

/// How a crate written to `crate_dir` names the workspace's runtime: a relative path when
/// both are under one root (`../runtime` for `generated/`, so the checked-in crate does not
/// depend on where the workspace is), else the absolute path.
pub fn runtime_path_from(crate_dir: &std::path::Path) -> String {
    let runtime = runtime_dir();
    let runtime = runtime.canonicalize().unwrap_or(runtime);
    // The crate's directory may not exist yet: resolve its parent.
    let dir = match (crate_dir.parent(), crate_dir.file_name()) {
        (Some(parent), Some(name)) => {
            let parent = if parent.as_os_str().is_empty() {
                std::path::Path::new(".")
            } else {
                parent
            };
            match parent.canonicalize() {
                Ok(p) => p.join(name),
                Err(_) => return runtime.display().to_string(),
            }
        }
        _ => return runtime.display().to_string(),
    };
    let a: Vec<_> = dir.components().collect();
    let b: Vec<_> = runtime.components().collect();
    let common = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    if common <= 1 {
        return runtime.display().to_string();
    }
    let mut parts: Vec<String> = vec!["..".to_string(); a.len() - common];
    parts.extend(
        b[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    parts.join("/")
}
