//! What can go wrong with a call, kept apart by who is at fault: the API said no
//! ([`ApiError`]), the connection failed ([`TransportError`]), the answer did not decode
//! ([`DecodeError`]), credentials could not be had, or an operation failed or could not be
//! waited for.

use std::fmt;
use std::time::Duration;

use reqwest::header::HeaderMap;
use serde_json::{Map, Value};
use yandex_cloud_runtime::{wire, RequestError, UnpackError};

use crate::auth::AuthError;

/// Why a call failed.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The request could not be described (an unset path parameter, an unencodable value).
    Request(RequestError),
    /// The API answered with an error status.
    Api(Box<ApiError>),
    /// No answer: the connection failed, broke, or took too long.
    Transport(TransportError),
    /// The answer did not decode as the method's response type.
    Decode(Box<DecodeError>),
    /// No token could be had.
    Auth(AuthError),
    /// The operation finished with an error: the call reached the API, which did the work
    /// and reports that it failed.
    OperationFailed(Box<OperationError>),
    /// Waiting for an operation failed (not the operation itself): a poll failed, or the
    /// wait timed out.
    Polling {
        /// The operation's id.
        operation_id: String,
        /// Why.
        source: Box<Error>,
    },
    /// The operation was not done within the wait's timeout.
    OperationTimeout {
        /// The operation's id.
        operation_id: String,
        /// How long it was waited for.
        waited: Duration,
    },
    /// A finished operation's response could not be read as the method's output type.
    Unpack(UnpackError),
    /// A finished operation holds neither an error nor a response.
    NoResponse {
        /// The operation's id.
        operation_id: String,
    },
    /// An operation that is not done has no id, so it cannot be polled.
    NoOperationId,
    /// A listing's server sent a page token it had sent before, which would page forever.
    RepeatedPageToken {
        /// The token.
        token: String,
    },
    /// The call did not finish within its per-call timeout (all attempts together).
    CallTimeout(Duration),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Request(e) => write!(f, "the request cannot be sent: {e}"),
            Error::Api(e) => e.fmt(f),
            Error::Transport(e) => e.fmt(f),
            Error::Decode(e) => e.fmt(f),
            Error::Auth(e) => e.fmt(f),
            Error::OperationFailed(e) => e.fmt(f),
            Error::Polling {
                operation_id,
                source,
            } => write!(f, "waiting for operation {operation_id}: {source}"),
            Error::OperationTimeout {
                operation_id,
                waited,
            } => write!(f, "operation {operation_id} was not done after {waited:?}"),
            Error::Unpack(e) => write!(f, "the operation's result: {e}"),
            Error::NoResponse { operation_id } => {
                write!(f, "operation {operation_id} is done but holds no response")
            }
            Error::NoOperationId => {
                f.write_str("the operation is not done and has no id to poll it by")
            }
            Error::RepeatedPageToken { token } => {
                write!(
                    f,
                    "the server repeated page token {token:?}; listing stopped"
                )
            }
            Error::CallTimeout(d) => write!(f, "the call did not finish within {d:?}"),
        }
    }
}

/// Every variant's message shows its cause (or is the cause's message), so the source is
/// what that cause has underneath: a report walking the chain prints each cause once.
impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Request(e) => e.source(),
            Error::Api(e) => e.source(),
            Error::Transport(e) => e.source(),
            Error::Decode(e) => e.source(),
            Error::Auth(e) => e.source(),
            Error::OperationFailed(e) => e.source(),
            Error::Polling { source, .. } => source.source(),
            Error::Unpack(e) => e.source(),
            _ => None,
        }
    }
}

impl From<AuthError> for Error {
    fn from(e: AuthError) -> Self {
        Error::Auth(e)
    }
}

impl From<RequestError> for Error {
    fn from(e: RequestError) -> Self {
        Error::Request(e)
    }
}

impl Error {
    /// The API error, when the API answered with one.
    pub fn api(&self) -> Option<&ApiError> {
        match self {
            Error::Api(e) => Some(e),
            Error::Polling { source, .. } => source.api(),
            _ => None,
        }
    }

    /// The HTTP status of an API error.
    pub fn status(&self) -> Option<u16> {
        self.api().map(|e| e.status)
    }
}

/// An error status from the API, with what its body and headers say.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct ApiError {
    /// The HTTP status.
    pub status: u16,
    /// The gRPC code the body gives (`5` is NOT_FOUND).
    pub code: Option<i32>,
    /// The body's message.
    pub message: Option<String>,
    /// The body's `details`, as JSON, unread.
    pub details: Vec<Value>,
    /// The server's request id: the `x-request-id` response header, else the
    /// `google.rpc.RequestInfo` detail's `requestId`.
    pub request_id: Option<String>,
    /// The server's trace id (`x-server-trace-id`).
    pub trace_id: Option<String>,
    /// The `x-request-id` this client sent on the attempt that got this answer.
    pub client_request_id: Option<String>,
    /// The body as received (lossily as text).
    pub body: String,
}

const REQUEST_INFO: &str = "google.rpc.RequestInfo";

impl ApiError {
    /// Reads an error answer. The body is the gateway's `google.rpc.Status` JSON when the
    /// API itself answered; a proxy's HTML page or an empty body still makes an error with
    /// the status.
    pub(crate) fn from_parts(status: u16, headers: &HeaderMap, body: &[u8]) -> Self {
        let json: Option<Value> = serde_json::from_slice(body).ok();
        let field = |name: &str| json.as_ref().and_then(|j| j.get(name));
        let code = field("code")
            .and_then(Value::as_i64)
            .and_then(|c| i32::try_from(c).ok());
        let message = field("message").and_then(Value::as_str).map(str::to_owned);
        let details = field("details")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        let header = |name: &str| {
            headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        };
        let request_id = header("x-request-id").or_else(|| {
            details.iter().find_map(|d| {
                let ty = d.get("@type")?.as_str()?;
                if ty.rsplit('/').next() != Some(REQUEST_INFO) {
                    return None;
                }
                d.get("requestId")
                    .or_else(|| d.get("request_id"))?
                    .as_str()
                    .map(str::to_owned)
            })
        });
        ApiError {
            status,
            code,
            message,
            details,
            request_id,
            trace_id: header("x-server-trace-id"),
            client_request_id: None,
            body: String::from_utf8_lossy(body).into_owned(),
        }
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the API answered {}", self.status)?;
        if let Some(code) = self.code {
            write!(f, " (code {code})")?;
        }
        match &self.message {
            Some(m) => write!(f, ": {m}")?,
            None if !self.body.is_empty() => {
                let short: String = self.body.chars().take(200).collect();
                write!(f, ": {short}")?
            }
            None => {}
        }
        if let Some(id) = &self.request_id {
            write!(f, " [request id {id}]")?;
        }
        Ok(())
    }
}

impl std::error::Error for ApiError {}

/// What kind of transport failure.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum TransportKind {
    /// No connection could be made.
    Connect,
    /// The attempt took longer than its per-attempt timeout.
    Timeout,
    /// The connection broke while sending or receiving.
    Io,
    /// The answer was larger than the client's response-size limit.
    TooLarge,
    /// The URL could not be used (a bad endpoint setting).
    Url,
}

impl TransportKind {
    /// A short name (`connect`, `timeout`, `io`, `too large`, `url`), as traces record it.
    pub fn as_str(self) -> &'static str {
        match self {
            TransportKind::Connect => "connect",
            TransportKind::Timeout => "timeout",
            TransportKind::Io => "io",
            TransportKind::TooLarge => "too large",
            TransportKind::Url => "url",
        }
    }
}

/// The call got no usable answer.
#[derive(Debug)]
pub struct TransportError {
    /// What went wrong.
    pub kind: TransportKind,
    /// The URL of the failed attempt.
    pub url: String,
    pub(crate) detail: String,
}

impl TransportError {
    /// Whether trying again may help (connection and I/O failures, timeouts).
    pub fn is_transient(&self) -> bool {
        matches!(
            self.kind,
            TransportKind::Connect | TransportKind::Timeout | TransportKind::Io
        )
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.detail, self.url)
    }
}

/// The message holds the failure's whole chain of causes (reqwest's own message is generic:
/// "error sending request"), so there is no source to print again.
impl std::error::Error for TransportError {}

/// A 2xx answer whose body is not the method's response type.
#[derive(Debug)]
pub struct DecodeError {
    /// The HTTP status.
    pub status: u16,
    /// The body, as received.
    pub body: Vec<u8>,
    /// Why it did not decode (names the JSON path).
    pub source: wire::Error,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the answer ({}, {} bytes) does not decode: {}",
            self.status,
            self.body.len(),
            self.source
        )
    }
}

/// The message shows the decode error; the source is what that has underneath.
impl std::error::Error for DecodeError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        std::error::Error::source(&self.source)
    }
}

/// An operation that finished with an error.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct OperationError {
    /// The operation's id.
    pub id: String,
    /// The gRPC code of its error.
    pub code: Option<i32>,
    /// Its error message.
    pub message: Option<String>,
    /// Its error details, as JSON.
    pub details: Vec<Map<String, Value>>,
}

impl fmt::Display for OperationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "operation {} failed", self.id)?;
        if let Some(code) = self.code {
            write!(f, " (code {code})")?;
        }
        if let Some(message) = &self.message {
            write!(f, ": {message}")?;
        }
        Ok(())
    }
}

impl std::error::Error for OperationError {}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn request_id_comes_from_the_header_else_request_info() {
        let body = json!({"code": 9, "message": "busy", "details": [
            {"@type": "type.googleapis.com/google.rpc.RequestInfo", "requestId": "from-body"}
        ]})
        .to_string();
        let e = ApiError::from_parts(409, &HeaderMap::new(), body.as_bytes());
        assert_eq!(
            (e.code, e.message.as_deref(), e.request_id.as_deref()),
            (Some(9), Some("busy"), Some("from-body"))
        );
        let mut headers = HeaderMap::new();
        headers.insert("x-request-id", "from-header".parse().unwrap());
        headers.insert("x-server-trace-id", "trace".parse().unwrap());
        let e = ApiError::from_parts(409, &headers, body.as_bytes());
        assert_eq!(e.request_id.as_deref(), Some("from-header"));
        assert_eq!(e.trace_id.as_deref(), Some("trace"));
    }

    #[test]
    fn bodies_that_are_not_status_json_still_make_an_error() {
        let e = ApiError::from_parts(502, &HeaderMap::new(), b"<html>bad gateway</html>");
        assert_eq!((e.status, e.code, e.message.as_deref()), (502, None, None));
        assert_eq!(
            e.to_string(),
            "the API answered 502: <html>bad gateway</html>"
        );
        let e = ApiError::from_parts(500, &HeaderMap::new(), b"");
        assert_eq!(e.to_string(), "the API answered 500");
    }
}
