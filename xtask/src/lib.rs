//! The generator's front half: reads the API reference pages into the intermediate schema
//! (`codegen::schema`), and the commands around it. Data flows one way: bytes
//! ([`source`]) → blocks ([`page`], [`table`]) → a page's schema ([`page_schema`], with
//! [`cell`] and [`annotation`] for field descriptions, [`links`] for the links in them and
//! [`front_matter`] for the `apiPlayground` schemas, [`generations`] for what the older
//! pages print differently, [`patterns`] for their validation patterns) → one schema
//! ([`well_known`], [`overrides`], [`merge`]) → code (`codegen`).
//!
//! Around it, releases: [`api_diff`] compares two schemas' public API, [`release`] keeps the
//! last release's snapshot and derives the crate's version and changelog from it, and
//! [`sync`] brings pages in from a checkout of the documentation repository.

pub mod annotation;
pub mod api_diff;
pub mod cell;
pub mod diagnostics;
pub mod front_matter;
pub mod generations;
pub mod links;
pub mod merge;
pub mod output;
pub mod overrides;
pub mod page;
pub mod page_schema;
pub mod patterns;
pub mod pipeline;
pub mod prose;
pub mod release;
pub mod sample;
pub mod source;
pub mod sync;
pub mod table;
pub mod well_known;
