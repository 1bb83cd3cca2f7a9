pub mod schema;

pub mod emit;
mod error;
pub mod jobs;
pub mod model;
pub mod naming;

/// Lowering, where it was before the model had a module of its own.
pub use model::lower;

pub use emit::{generate, EmitError, GenerateOptions};
