//! The commands around the generator (`cargo xtask`): regeneration and its drift check
//! write the crate ([`output`]); releases compare two schemas' public API ([`api_diff`]),
//! keep the last release's snapshot and derive the crate's version and changelog from it
//! ([`release`]); [`sync`] brings pages in from a checkout of the documentation repository.
//!
//! Reading the pages is the `page-reader` crate's: the commands, their tests and the
//! benchmarks use it directly.

pub mod api_diff;
pub mod output;
pub mod release;
pub mod sync;
