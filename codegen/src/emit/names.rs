//! Names the generated crate gives its own items and features, which no package may take.

/// Root modules of the generated crate that are not packages: the runtime's re-exported
/// `wire`, the private `rt` path the generated code calls the runtime through, and the test
/// hooks' modules; and `http`, the name of the feature that turns on `http::Request`
/// conversion (a package module gives a feature its name).
pub(crate) const RESERVED_ROOT_MODULES: &[&str] = &[
    "wire",
    "rt",
    "time",
    "runtime",
    "roundtrip",
    "request_hook",
    "http",
];

/// The private module behind `crate::__roundtrip`.
pub(crate) const ROUNDTRIP_MODULE: &str = "roundtrip";

/// The cargo feature that compiles `crate::__roundtrip` (off by default; no service
/// feature can take the name: a package `yandex.cloud.roundtrip` is refused as a module).
pub(crate) const ROUNDTRIP_FEATURE: &str = "roundtrip";

/// The private module behind `crate::__request`.
pub(crate) const HOOK_MODULE: &str = "request_hook";

/// The private module of each service package that holds its `ApiRequest` impls.
pub(crate) const REQUESTS_MODULE: &str = "requests";

/// The generated crate's feature that turns on `http::Request` conversion.
pub(crate) const HTTP_FEATURE: &str = "http";

/// The example's name (`examples/methods.rs`).
pub(crate) const EXAMPLE: &str = "methods";
