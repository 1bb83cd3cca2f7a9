//! The generator's front half: reads the API reference pages into the intermediate schema
//! (`codegen::schema`). Data flows one way: bytes ([`source`]) → blocks ([`page`],
//! [`table`]) → a page's schema ([`page_schema`], with [`cell`] and [`annotation`] for field
//! descriptions, [`prose`] and [`sample`] for the text and the JSON sample, [`links`] for the
//! links in them and [`front_matter`] for the `apiPlayground` schemas, [`generations`] for
//! what the older pages print differently, [`patterns`] for their validation patterns) → one
//! schema ([`well_known`], [`overrides`], [`merge`]); [`pipeline`] runs it all, and
//! [`diagnostics`] are what it reports. Code is `codegen`'s; the commands around both (regen,
//! check, diff, release, sync) are `xtask`'s.

pub mod annotation;
pub mod cell;
pub mod diagnostics;
pub mod front_matter;
pub mod generations;
pub mod links;
pub mod merge;
pub mod overrides;
pub mod page;
pub mod page_schema;
pub mod patterns;
pub mod pipeline;
pub mod prose;
pub mod sample;
pub mod source;
pub mod table;
pub mod well_known;
