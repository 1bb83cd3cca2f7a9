//! Why the crate could not be generated.

use std::fmt;

/// Why the crate could not be generated (for example two types that the naming rules map to
/// one Rust name): every problem of the run, each a line that starts with the page and line
/// it comes from (`path:line:col: …`) where the schema knows them.
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

    /// One error holding all of `errors`, in order; `None` when there are none.
    pub fn all(errors: impl IntoIterator<Item = EmitError>) -> Option<EmitError> {
        let lines: Vec<String> = errors.into_iter().map(|e| e.message).collect();
        (!lines.is_empty()).then(|| EmitError::new(lines.join("\n")))
    }

    /// Every problem, one per line.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// How many problems this error reports.
    pub fn count(&self) -> usize {
        self.message.lines().count()
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
