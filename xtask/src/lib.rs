//! The commands around the generator (`cargo xtask`): regeneration and its drift check
//! write the crate ([`output`]); releases compare two schemas' public API ([`api_diff`]),
//! keep the last release's snapshot and derive the crate's version and changelog from it
//! ([`release`]); [`sync`] brings pages in from a checkout of the documentation repository.
//!
//! Reading the pages is the `page-reader` crate's; its modules are re-exported here, where
//! the commands, their tests and the benchmarks reach them.

pub use page_reader::{
    annotation, cell, diagnostics, front_matter, generations, links, merge, overrides, page,
    page_schema, patterns, pipeline, prose, sample, source, table, well_known,
};

pub mod api_diff;
pub mod output;
pub mod release;
pub mod sync;
