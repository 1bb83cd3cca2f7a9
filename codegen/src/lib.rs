pub mod schema;

pub mod emit;
pub mod jobs;
pub mod lower;
pub mod naming;

pub use emit::{generate, EmitError, GenerateOptions};
