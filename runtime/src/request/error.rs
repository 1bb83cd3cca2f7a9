//! Why a call could not be described, or an operation's packed field not read.

use std::fmt;

use crate::wire;

/// Why [`ApiRequest::to_http`](super::ApiRequest::to_http) could not describe a call: only
/// something about the values the caller gave.
#[derive(Debug)]
#[non_exhaustive]
pub enum RequestError {
    /// A path parameter is unset, empty, `.` or `..`, or has no text form.
    PathParam { name: &'static str, problem: String },
    /// A query parameter has no text form.
    Query(String),
    /// The body did not encode (a timestamp outside 0001–9999, for example).
    Encode(wire::Error),
    /// The resolved URL is not a URI (a host override that is not a host).
    Uri { uri: String, problem: String },
    /// The method's host is a placeholder with no known public endpoint and no override
    /// (see [`Hosts::set`](super::Hosts::set)).
    UnknownHost { placeholder: &'static str },
}

impl fmt::Display for RequestError {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self {
            RequestError::PathParam { name, problem } => {
                write!(f, "path parameter `{name}` {problem}")
            }
            RequestError::Query(problem) => write!(f, "query parameter: {problem}"),
            RequestError::Encode(e) => write!(f, "the body does not encode: {e}"),
            RequestError::Uri { uri, problem } => write!(f, "`{uri}` is not a URI: {problem}"),
            RequestError::UnknownHost { placeholder } => write!(
                f,
                "no public endpoint is known for the host placeholder `{{{{ {placeholder} }}}}`: \
                 set one with `Hosts::new().set(\"{placeholder}\", \"host\")`"
            ),
        }
    }
}

/// The message shows the cause; the source is what the cause has underneath.
impl std::error::Error for RequestError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            RequestError::Encode(e) => std::error::Error::source(e),
            _ => None,
        }
    }
}

/// Why an operation's `metadata` or `response` could not be read as the type its method's
/// page names.
#[derive(Debug)]
#[non_exhaustive]
pub enum UnpackError {
    /// The packed message did not decode as the page's type.
    Decode {
        field: &'static str,
        source: wire::Error,
    },
    /// Its `@type` names another message than the page does.
    PackedType {
        field: &'static str,
        expected: &'static str,
        found: String,
    },
}

impl fmt::Display for UnpackError {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self {
            UnpackError::Decode { field, source } => write!(f, "{field}: {source}"),
            UnpackError::PackedType {
                field,
                expected,
                found,
            } => write!(f, "{field}: holds `{found}`, the page says `{expected}`"),
        }
    }
}

/// The message shows the cause; the source is what the cause has underneath.
impl std::error::Error for UnpackError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            UnpackError::Decode { source, .. } => std::error::Error::source(source),
            UnpackError::PackedType { .. } => None,
        }
    }
}
