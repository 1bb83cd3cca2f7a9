pub mod schema;

pub mod emit;
mod error;
pub mod jobs;
pub mod lower;
pub mod naming;

pub use emit::{generate, EmitError, GenerateOptions};
