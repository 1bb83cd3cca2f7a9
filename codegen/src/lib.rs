pub mod schema;

pub mod emit;
pub mod naming;

pub use emit::{generate, EmitError, GenerateOptions};
