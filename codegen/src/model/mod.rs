//! The Rust model of the crate, built once per run from the schema: everything the emitters
//! print is decided here, and the emitters decide nothing.
//!
//! - [`lower`]: enums of one shape in a package made one; every method given exactly one
//!   request message, and a request type of its own where that message is shared;
//! - `index`: where every type goes (module tree, Rust paths, oneof enum names), which
//!   fields are boxed to break cycles, and the name collisions the rules cannot resolve;
//! - `features`: the Cargo feature of every service package and what each enables;
//! - `plan`: every method's plan (where each field goes, host, response, packed types);
//! - `names`: the names the generated crate gives its own items, files and features.

pub(crate) mod features;
pub(crate) mod index;
pub mod lower;
pub(crate) mod names;
pub(crate) mod plan;
