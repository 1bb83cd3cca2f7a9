//! The error of the [`wire`](crate::wire) entry points.
//!
//! The API's messages nest deeply (`config.spqrConfig.balancer.cpuThreshold`), and a
//! message alone ("invalid type: boolean") does not say which of a response's many values
//! was bad, so every error carries the JSON path of the value at fault.

use std::fmt;

/// A decode or encode error. `Display` is "path: message", e.g.
///
/// ```text
/// config.spqrConfig.balancer.cpuThreshold: invalid type: boolean `true`, expected a double ...
/// hosts[1].port: invalid value: string "x", expected an int32 as a JSON number or numeric string
/// .: invalid type: integer `5`, expected a JSON object (yandex.cloud.mdb.spqr.v1.Cluster)
/// ```
///
/// Object keys are joined with `.`, array elements render as `[i]`, and the path is `.` at
/// the top level. Errors from [`from_str`](crate::wire::from_str) and
/// [`from_slice`](crate::wire::from_slice) end with the line and column.
#[derive(Debug)]
pub struct Error {
    path: String,
    message: String,
}

impl Error {
    pub(crate) fn new(path: impl Into<String>, message: impl Into<String>) -> Self {
        Error {
            path: path.into(),
            message: message.into(),
        }
    }

    pub(crate) fn from_tracked<E: fmt::Display>(e: serde_path_to_error::Error<E>) -> Self {
        Error::new(e.path().to_string(), e.into_inner().to_string())
    }

    /// The JSON path of the value at fault, such as `hosts[0].port`, or `.` at the top.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// What went wrong, without the path.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

impl std::error::Error for Error {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::*;

    #[test]
    fn error_display_and_accessors() {
        let e = Error::new("a.b[0].c", "boom");
        assert_eq!(e.to_string(), "a.b[0].c: boom");
        assert_eq!((e.path(), e.message()), ("a.b[0].c", "boom"));
        let boxed: Box<dyn std::error::Error> = Box::new(e);
        assert!(boxed.to_string().ends_with("boom"));
        assert!(to_string_pretty(&json!({"a": 1})).unwrap().contains("\n"));
        assert_eq!(to_vec(&json!([1])).unwrap(), b"[1]");
    }
}
