//! Why the crate could not be generated.

use std::fmt;

/// Why the crate could not be generated (for example two types that the naming rules map to
/// one Rust name).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EmitError {
    message: String,
}

impl EmitError {
    pub fn new(message: impl Into<String>) -> Self {
        EmitError {
            message: message.into(),
        }
    }

    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for EmitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for EmitError {}

impl From<String> for EmitError {
    fn from(message: String) -> Self {
        EmitError { message }
    }
}
