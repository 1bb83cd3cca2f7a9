//! One HTTP attempt: send, read the answer within the attempt's time and the size limit.
//! Nothing here decides anything; the caller classifies what comes back.

use std::error::Error as _;
use std::time::Duration;

use bytes::{Bytes, BytesMut};
use reqwest::header::{HeaderMap, HeaderName, HeaderValue, CONTENT_LENGTH};
use reqwest::Method;

use crate::error::{TransportError, TransportKind};

/// An answer, read whole.
#[derive(Debug)]
pub(crate) struct RawResponse {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: Bytes,
}

/// One attempt to make.
pub(crate) struct Attempt<'a> {
    pub method: Method,
    pub url: &'a str,
    pub headers: HeaderMap,
    pub body: Option<Bytes>,
    pub timeout: Duration,
    pub max_body: usize,
}

pub(crate) async fn send(
    http: &reqwest::Client,
    attempt: Attempt<'_>,
) -> Result<RawResponse, TransportError> {
    let url = attempt.url;
    let timeout = attempt.timeout;
    // One deadline for the whole attempt, headers and body together: a server that sends
    // its headers and then trickles the body is as stuck as one that sends nothing.
    match tokio::time::timeout(timeout, send_and_read(http, attempt)).await {
        Ok(result) => result,
        Err(_) => Err(TransportError {
            kind: TransportKind::Timeout,
            url: url.to_owned(),
            detail: format!("no complete answer within {timeout:?}"),
        }),
    }
}

async fn send_and_read(
    http: &reqwest::Client,
    attempt: Attempt<'_>,
) -> Result<RawResponse, TransportError> {
    let url = attempt.url;
    let parsed = reqwest::Url::parse(url).map_err(|e| TransportError {
        kind: TransportKind::Url,
        url: url.to_owned(),
        detail: format!("not a URL: {e}"),
    })?;
    // The request built whole rather than through `RequestBuilder`, whose `headers()`
    // would copy our header map into its own, entry by entry, on every attempt.
    let mut request = reqwest::Request::new(attempt.method, parsed);
    *request.headers_mut() = attempt.headers;
    if let Some(body) = attempt.body {
        *request.body_mut() = Some(body.into());
    }
    let mut response = http.execute(request).await.map_err(|e| failed(url, e))?;
    let status = response.status().as_u16();
    let headers = std::mem::take(response.headers_mut());
    let declared = headers
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > attempt.max_body as u64) {
        return Err(too_large(url, attempt.max_body));
    }
    // Most answers arrive in one chunk, which is kept as it is; only a body in several
    // chunks is copied into one buffer.
    let mut first: Option<Bytes> = None;
    let mut rest = BytesMut::new();
    let mut read = 0usize;
    while let Some(chunk) = response.chunk().await.map_err(|e| failed(url, e))? {
        read += chunk.len();
        if read > attempt.max_body {
            return Err(too_large(url, attempt.max_body));
        }
        match first.take() {
            None if rest.is_empty() => first = Some(chunk),
            held => {
                if let Some(held) = held {
                    rest.reserve(declared.map_or(0, |n| n as usize).max(read));
                    rest.extend_from_slice(&held);
                }
                rest.extend_from_slice(&chunk);
            }
        }
    }
    let body = match first {
        Some(only) => only,
        None => rest.freeze(),
    };
    Ok(RawResponse {
        status,
        headers,
        body,
    })
}

fn too_large(url: &str, limit: usize) -> TransportError {
    TransportError {
        kind: TransportKind::TooLarge,
        url: url.to_owned(),
        detail: format!("the answer is larger than the limit of {limit} bytes"),
    }
}

fn failed(url: &str, e: reqwest::Error) -> TransportError {
    let kind = if e.is_builder() {
        TransportKind::Url
    } else if e.is_timeout() {
        TransportKind::Timeout
    } else if e.is_connect() {
        TransportKind::Connect
    } else {
        TransportKind::Io
    };
    // reqwest's own message is generic ("error sending request"); the cause says what
    // happened (refused, reset, closed early).
    let mut detail = e.to_string();
    let mut cause = e.source();
    while let Some(c) = cause {
        detail.push_str(": ");
        detail.push_str(&c.to_string());
        cause = c.source();
    }
    TransportError {
        kind,
        url: url.to_owned(),
        detail,
    }
}

/// Adds a header the client made. Values are ids, tokens and settings the client checked
/// or made; one that is not a valid header value (a token with a newline) is left out
/// rather than panicking, and the server then says what is missing.
pub(crate) fn put(headers: &mut HeaderMap, name: &'static str, value: &str) {
    if let Ok(v) = HeaderValue::from_str(value) {
        headers.insert(HeaderName::from_static(name), v);
    }
}

/// Adds a header value made earlier (cloning one is a reference count, not a copy).
pub(crate) fn put_value(headers: &mut HeaderMap, name: &'static str, value: &HeaderValue) {
    headers.insert(HeaderName::from_static(name), value.clone());
}

/// A header value from text the client made, `None` when it is not one.
pub(crate) fn value(text: String) -> Option<HeaderValue> {
    HeaderValue::try_from(text).ok()
}
