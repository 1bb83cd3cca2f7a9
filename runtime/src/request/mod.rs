//! Requests: what a generated request message knows about its call, and the call itself.
//!
//! Every documented method has one request type, the request message its page names (or,
//! for a method whose page names none, a message the generator adds by one rule), and that
//! type implements [`ApiRequest`]. Its [`MethodInfo`] is what the page says (verb, host, path
//! template); the generated code writes the path, the query and the body straight from the
//! typed fields, because the generator knows which field goes where:
//!
//! - path parameters are percent-encoded as whole path segments, so an id holding `/`, `?`,
//!   `#`, a space or non-ASCII text cannot change the URL's shape;
//! - query parameters are written in the page's order, repeated fields as repeated keys and
//!   message fields as dotted keys (`a.b=1`), as grpc-gateway reads them;
//! - the body holds the other fields, never the path and query parameters again.
//!
//! [`ApiRequest::to_http`] fails only on what the caller gave: an unset or empty path
//! parameter, or a value with no JSON form (a timestamp past year 9999).
//!
//! Hosts are placeholders on the pages (`{{ api-host-mdb }}`); each [`HostPart`] carries the
//! public endpoint the generator's table gives it, and [`Hosts`] overrides any of them. A
//! placeholder the table does not know has no endpoint: its calls fail with
//! [`RequestError::UnknownHost`] until [`Hosts`] sets one.

mod error;
mod hosts;
mod kinds;
mod text;
mod unpack;

use std::fmt;

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde::de::DeserializeOwned;
use serde::ser::{Serialize, SerializeMap, Serializer};

use crate::validate::{Validator, Violations};
use crate::wire;

pub use error::{RequestError, UnpackError};
pub use hosts::{public_endpoint, HostPart, Hosts, PUBLIC_ENDPOINTS};
pub use kinds::{OperationRequest, PagedRequest};
#[doc(hidden)]
pub use text::Query;
pub use text::TextError;
#[doc(hidden)]
pub use unpack::unpack;

/// An HTTP verb, as the pages name them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Verb {
    Get,
    Post,
    Put,
    Patch,
    Delete,
}

impl Verb {
    /// The verb as HTTP writes it (`GET`).
    pub fn as_str(self) -> &'static str {
        match self {
            Verb::Get => "GET",
            Verb::Post => "POST",
            Verb::Put => "PUT",
            Verb::Patch => "PATCH",
            Verb::Delete => "DELETE",
        }
    }
}

impl fmt::Display for Verb {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a method's page says about its call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct MethodInfo {
    /// Proto package of the service (`yandex.cloud.mdb.spqr.v1`).
    pub package: &'static str,
    /// `Resource.Method` as the page's heading names it (`Cluster.Backup`).
    pub name: &'static str,
    pub verb: Verb,
    pub host: &'static [HostPart],
    /// The path template as the page writes it (`/managed-spqr/v1/clusters/{clusterId}`).
    pub path: &'static str,
    /// Whether the call has a JSON body.
    pub body: bool,
}

/// Whether a call carries a JSON body: an argument that says so where a `bool` would not.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CallBody {
    /// The request's body fields, as a JSON object.
    Json,
    /// No body (the fields go into the path and the query).
    Empty,
}

impl MethodInfo {
    #[doc(hidden)]
    pub const fn new(
        package: &'static str,
        name: &'static str,
        verb: Verb,
        host: &'static [HostPart],
        path: &'static str,
        body: CallBody,
    ) -> Self {
        MethodInfo {
            package,
            name,
            verb,
            host,
            path,
            body: matches!(body, CallBody::Json),
        }
    }
}

/// A request of a documented API method: build it, [`validate`](ApiRequest::validate) it if
/// you like, turn it into a call with [`to_http`](ApiRequest::to_http), and decode what the
/// server answers with [`decode_response`](ApiRequest::decode_response).
pub trait ApiRequest {
    /// What the page says the call is.
    const METHOD: &'static MethodInfo;

    /// The response body's type.
    type Response: DeserializeOwned;

    #[doc(hidden)]
    fn write_path(&self, path: &mut PathWriter) -> Result<(), RequestError>;

    #[doc(hidden)]
    fn write_query<M: SerializeMap>(&self, query: &mut M) -> Result<(), M::Error>;

    #[doc(hidden)]
    fn write_body<M: SerializeMap>(&self, body: &mut M) -> Result<(), M::Error>;

    #[doc(hidden)]
    fn check(&self, v: &mut Validator);

    /// The call: verb, host, percent-encoded path, query and JSON body.
    fn to_http(&self) -> Result<HttpCall, RequestError>
    where
        Self: Sized,
    {
        let info = Self::METHOD;
        let mut path = PathWriter::with_capacity(info.path.len() + 16);
        self.write_path(&mut path)?;
        let mut query = Query::default();
        self.write_query(&mut query)
            .map_err(|e| RequestError::Query(e.to_string()))?;
        let body = if info.body {
            Some(wire::to_vec(&Body(self)).map_err(RequestError::Encode)?)
        } else {
            None
        };
        Ok(HttpCall {
            verb: info.verb,
            host: info.host,
            path: path.0,
            query: query.pairs,
            body,
        })
    }

    /// Checks the constraints the page states and returns every violation, each with its
    /// field path (`labels.Key`, `hostSpecs[0].zoneId`). Opt-in: nothing else validates.
    fn validate(&self) -> Result<(), Violations> {
        let mut v = Validator::default();
        self.check(&mut v);
        v.finish()
    }

    /// Decodes a response body (errors name the JSON path of the bad value).
    fn decode_response(body: &[u8]) -> Result<Self::Response, wire::Error> {
        wire::from_slice(body)
    }

    /// The call as an `http::Request`, its URI resolved with `hosts`.
    #[cfg(feature = "http")]
    fn to_http_request(&self, hosts: &Hosts) -> Result<http::Request<Vec<u8>>, RequestError>
    where
        Self: Sized,
    {
        self.to_http()?.into_http_request(hosts)
    }
}

/// The fields of a request that go into its body.
struct Body<'a, R: ?Sized>(&'a R);

impl<R: ApiRequest + ?Sized> Serialize for Body<'_, R> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        self.0.write_body(&mut m)?;
        m.end()
    }
}

/// Everything but RFC 3986's unreserved characters is encoded, in path segments and in
/// query keys and values alike: `/`, `?`, `#`, `&`, `=`, `+`, `%` and spaces never reach
/// the URL as themselves.
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

fn encode(text: &str) -> impl fmt::Display + '_ {
    utf8_percent_encode(text, COMPONENT)
}

/// A path being written: literal text from the template, and parameters, each one
/// percent-encoded segment.
#[doc(hidden)]
#[derive(Debug)]
pub struct PathWriter(String);

impl PathWriter {
    fn with_capacity(n: usize) -> Self {
        PathWriter(String::with_capacity(n))
    }

    /// Template text, URL-safe as it is (the generator checked).
    pub fn literal(&mut self, text: &str) {
        self.0.push_str(text);
    }

    /// Path parameter `name`. No encoding keeps an empty, `.` or `..` value from changing
    /// the path (URL parsers resolve `%2E%2E` as `..`), so those are errors, as is an unset
    /// one.
    pub fn param<V: crate::codec::Value>(
        &mut self,
        name: &'static str,
        value: &Option<V>,
    ) -> Result<(), RequestError> {
        let text = match value {
            None => None,
            Some(v) => text::scalar_text(&crate::codec::Encode::<V::Codec>(v)).map_err(|e| {
                RequestError::PathParam {
                    name,
                    problem: e.to_string(),
                }
            })?,
        };
        let Some(text) = text else {
            return Err(RequestError::PathParam {
                name,
                problem: "is not set".to_string(),
            });
        };
        if matches!(text.as_str(), "" | "." | "..") {
            return Err(RequestError::PathParam {
                name,
                problem: format!("is {text:?}, which would change the path"),
            });
        }
        use fmt::Write as _;
        // Writing to a String cannot fail.
        let _ = write!(self.0, "{}", encode(&text));
        Ok(())
    }
}

/// A call as an HTTP client sends it.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct HttpCall {
    pub verb: Verb,
    pub host: &'static [HostPart],
    /// The path, parameters percent-encoded.
    pub path: String,
    /// Query parameters, not encoded, in order; a key may repeat.
    pub query: Vec<(String, String)>,
    /// The JSON body, when the method has one.
    pub body: Option<Vec<u8>>,
}

impl HttpCall {
    /// The query string, encoded, without the `?` (empty when there is no query).
    pub fn query_string(&self) -> String {
        let mut out = String::new();
        for (k, v) in &self.query {
            if !out.is_empty() {
                out.push('&');
            }
            use fmt::Write as _;
            let _ = write!(out, "{}={}", encode(k), encode(v));
        }
        out
    }

    /// The path, then `?` and the query string when there is one.
    pub fn path_and_query(&self) -> String {
        let q = self.query_string();
        if q.is_empty() {
            self.path.clone()
        } else {
            format!("{}?{q}", self.path)
        }
    }

    /// The host, placeholders resolved by `hosts`; an error when a placeholder has no
    /// known endpoint and `hosts` sets none.
    pub fn host(&self, hosts: &Hosts) -> Result<String, RequestError> {
        hosts.resolve(self.host)
    }

    /// `https://` + host + path and query. A host override that names a scheme
    /// (`http://127.0.0.1:8080`) is used as the whole origin.
    pub fn url(&self, hosts: &Hosts) -> Result<String, RequestError> {
        let host = self.host(hosts)?;
        Ok(if host.contains("://") {
            format!("{host}{}", self.path_and_query())
        } else {
            format!("https://{host}{}", self.path_and_query())
        })
    }

    /// The body as JSON text, when the method has one.
    pub fn body_str(&self) -> Option<&str> {
        // The body was written by serde_json, which writes UTF-8.
        self.body
            .as_deref()
            .and_then(|b| std::str::from_utf8(b).ok())
    }

    /// The call as an `http::Request`, its URI resolved with `hosts`; a body is sent as
    /// `application/json`.
    #[cfg(feature = "http")]
    pub fn into_http_request(self, hosts: &Hosts) -> Result<http::Request<Vec<u8>>, RequestError> {
        let url = self.url(hosts)?;
        let mut builder = http::Request::builder()
            .method(self.verb.as_str())
            .uri(&url);
        if self.body.is_some() {
            builder = builder.header(http::header::CONTENT_TYPE, "application/json");
        }
        builder
            .body(self.body.unwrap_or_default())
            .map_err(|e| RequestError::Uri {
                uri: url,
                problem: e.to_string(),
            })
    }
}
