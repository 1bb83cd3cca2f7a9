//! Names the generated crate gives its own items and features, which no package may take.

/// Root modules of the generated crate that are not packages: the runtime's re-exported
/// `wire`, the private `rt` path the generated code calls the runtime through, and the test
/// hooks' modules; and `http`, the name of the feature that turns on `http::Request`
/// conversion (a package module gives a feature its name).
pub(crate) const RESERVED_ROOT_MODULES: &[&str] = &["wire", "rt", "time", "runtime", "http"];

/// Where the test hooks go: beside the crate, not in it, so that they are no part of the
/// crate's API and users never compile them. `cargo xtask regen` writes them into the
/// workspace's test crate (`models-tests/src/hooks/`) and the crate elsewhere.
pub const HOOKS_DIR: &str = "tests/support";

/// The hooks' module file, which declares the others.
pub(crate) const HOOKS_MOD_FILE: &str = "tests/support/mod.rs";

/// The tests' decode → encode dispatch by message name.
pub(crate) const ROUNDTRIP_FILE: &str = "tests/support/roundtrip.rs";

/// The decode benchmark's plain derived structs, outside the crate likewise.
pub(crate) const PLAIN_FILE: &str = "tests/support/plain.rs";

/// The tests' request dispatch by method name, outside the crate likewise.
pub(crate) const REQUESTS_FILE: &str = "tests/support/requests.rs";

/// The private module of each service package that holds its `ApiRequest` impls.
pub(crate) const REQUESTS_MODULE: &str = "requests";

/// The generated crate's feature that turns on `http::Request` conversion.
pub(crate) const HTTP_FEATURE: &str = "http";

/// The feature that turns on every service.
pub(crate) const FULL_FEATURE: &str = "full";

/// The example's name (`examples/methods.rs`).
pub(crate) const EXAMPLE: &str = "methods";
