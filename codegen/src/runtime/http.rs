//! The HTTP runtime: what the generated request types need to describe a call, without
//! tying the crate to an HTTP library.
//!
//! Every documented method is a request type implementing [`Method`]. Its [`Spec`] says
//! what the page says (verb, host, path template, which fields are path and query
//! parameters, whether there is a body, and the constraints to check); the request itself
//! only knows how to write its parameters and body as one JSON object in the proto3 JSON
//! mapping ([`Method::to_json`]). From those two, [`Method::to_http`] builds an
//! [`HttpRequest`]:
//!
//! - path parameters are percent-encoded as whole path segments, so an id holding `/`, `?`,
//!   `#`, a space or non-ASCII text cannot change the URL's shape;
//! - query parameters are written in the page's order, repeated fields as repeated keys and
//!   message fields as dotted keys (`a.b=1`), as grpc-gateway reads them;
//! - the body is the rest of the object, so path and query parameters are never repeated
//!   in it.
//!
//! Hosts are placeholders on the pages (`{{ api-host-mdb }}`); each [`HostPart`] carries
//! the public endpoint the generator's table gives it, and [`Hosts`] overrides any of them.
//!
//! [`Method::validate`] is opt-in: it checks the constraints the pages state and returns
//! every [`Violation`] with its field path. Decoding never validates.

#![forbid(unsafe_code)]

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::sync::{Mutex, OnceLock};

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{Map, Value};

use crate::wire;

/// A JSON object: a request's parameters and body, or a free-form message.
pub type JsonObject = Map<String, Value>;

/// Everything but RFC 3986's unreserved characters is encoded, in path segments and in
/// query keys and values alike: `/`, `?`, `#`, `&`, `=`, `+`, `%` and spaces never reach
/// the URL as themselves.
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

fn encode(text: &str) -> String {
    utf8_percent_encode(text, COMPONENT).to_string()
}

// ---------------------------------------------------------------------------------------
// What the pages say about a method
// ---------------------------------------------------------------------------------------

/// One piece of a method's host as the page writes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HostPart {
    /// Text kept as is (`vpc.` in `vpc.{{ api-host }}`).
    Literal(&'static str),
    /// A placeholder (`{{ api-host-mdb }}`) and the public endpoint it stands for.
    Placeholder {
        name: &'static str,
        default: &'static str,
    },
}

/// What a method's page says about the call.
#[derive(Debug)]
#[non_exhaustive]
pub struct Spec {
    /// Full proto package of the service (`yandex.cloud.mdb.spqr.v1`).
    pub package: &'static str,
    /// Resource and method as the page's heading names them (`Cluster.Backup`).
    pub name: &'static str,
    /// Upper-case HTTP verb.
    pub verb: &'static str,
    pub host: &'static [HostPart],
    /// Path template with `{jsonName}` holes.
    pub path: &'static str,
    /// Query parameters (JSON names), in page order.
    pub query: &'static [&'static str],
    /// Whether the call has a JSON body.
    pub body: bool,
    /// Constraints on the request's top-level fields.
    pub rules: &'static [FieldRule],
}

/// A documented API method, as a request value.
pub trait Method {
    /// What the page says about the call.
    const SPEC: &'static Spec;

    /// The response body, decoded with [`wire::from_str`] (see [`Method::decode_response`]).
    type Response: DeserializeOwned;

    /// The request's path and query parameters and body fields, as one JSON object in the
    /// proto3 JSON mapping.
    fn to_json(&self) -> Result<JsonObject, wire::Error>;

    /// The call: verb, host, percent-encoded path, query and body.
    fn to_http(&self) -> Result<HttpRequest, Error> {
        HttpRequest::build(Self::SPEC, self.to_json().map_err(Error::Encode)?)
    }

    /// Checks the constraints the page states and returns every violation, each with its
    /// field path (`labels.Key`, `hostSpecs[0].zoneId`). Opt-in: nothing else validates.
    fn validate(&self) -> Result<(), Violations> {
        let mut out = Vec::new();
        match self.to_json() {
            Ok(fields) => check_message(Self::SPEC.rules, &fields, "", &mut out),
            Err(e) => out.push(Violation {
                path: e.path().to_string(),
                rule: Rule::Encoding,
                message: e.message().to_string(),
            }),
        }
        if out.is_empty() {
            Ok(())
        } else {
            Err(Violations(out))
        }
    }

    /// Decodes a response body (errors name the JSON path of the bad value).
    fn decode_response(body: &str) -> Result<Self::Response, wire::Error> {
        wire::from_str(body)
    }
}

// ---------------------------------------------------------------------------------------
// The call
// ---------------------------------------------------------------------------------------

/// A call as an HTTP client sends it.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct HttpRequest {
    /// Upper-case HTTP verb.
    pub verb: &'static str,
    pub host: &'static [HostPart],
    /// The path, parameters percent-encoded.
    pub path: String,
    /// Query parameters, not encoded, in order; a key may repeat.
    pub query: Vec<(String, String)>,
    /// The JSON body, when the method has one.
    pub body: Option<Value>,
}

impl HttpRequest {
    /// Lays `fields` out as `spec` says: path parameters into the path, query parameters
    /// into the query, the rest into the body (or, for a method without a body, into the
    /// query too, as grpc-gateway reads it).
    pub fn build(spec: &Spec, mut fields: JsonObject) -> Result<Self, Error> {
        let mut path = String::with_capacity(spec.path.len() + 16);
        let mut rest = spec.path;
        while let Some(open) = rest.find('{') {
            path.push_str(&rest[..open]);
            let Some(len) = rest[open..].find('}') else {
                return Err(Error::Template(spec.path));
            };
            let name = &rest[open + 1..open + len];
            let text = path_text(name, fields.remove(name))?;
            path.push_str(&encode(&text));
            rest = &rest[open + len + 1..];
        }
        path.push_str(rest);
        let mut query = Vec::new();
        for name in spec.query {
            if let Some(v) = fields.remove(*name) {
                push_query(name, &v, &mut query);
            }
        }
        let body = if spec.body {
            Some(Value::Object(fields))
        } else {
            for (name, v) in &fields {
                push_query(name, v, &mut query);
            }
            None
        };
        Ok(HttpRequest {
            verb: spec.verb,
            host: spec.host,
            path,
            query,
            body,
        })
    }

    /// The query string, encoded, without the `?` (empty when there is no query).
    pub fn query_string(&self) -> String {
        let pairs: Vec<String> = self
            .query
            .iter()
            .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
            .collect();
        pairs.join("&")
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

    /// The host, placeholders resolved by `hosts`.
    pub fn host(&self, hosts: &Hosts) -> String {
        hosts.resolve(self.host)
    }

    /// `https://` + host + path and query. A host override that names a scheme
    /// (`http://localhost:8080`) is used as the whole base.
    pub fn url(&self, hosts: &Hosts) -> String {
        let host = self.host(hosts);
        if host.contains("://") {
            format!("{host}{}", self.path_and_query())
        } else {
            format!("https://{host}{}", self.path_and_query())
        }
    }

    /// The body as JSON text, when the method has one.
    pub fn body_string(&self) -> Option<String> {
        self.body.as_ref().map(Value::to_string)
    }
}

/// The text of path parameter `name`. No encoding keeps an empty, `.` or `..` value from
/// changing the path (URL parsers resolve `%2E%2E` as `..`), so those are errors.
fn path_text(name: &str, value: Option<Value>) -> Result<String, Error> {
    let text = match value {
        None | Some(Value::Null) => {
            return Err(Error::PathParam {
                name: name.to_string(),
                problem: "is not set".to_string(),
            })
        }
        Some(Value::String(s)) => s,
        Some(Value::Number(n)) => n.to_string(),
        Some(Value::Bool(b)) => b.to_string(),
        Some(other) => {
            return Err(Error::PathParam {
                name: name.to_string(),
                problem: format!("is not a single value but {other}"),
            })
        }
    };
    if matches!(text.as_str(), "" | "." | "..") {
        return Err(Error::PathParam {
            name: name.to_string(),
            problem: format!("is {text:?}, which would change the path"),
        });
    }
    Ok(text)
}

fn push_query(key: &str, v: &Value, out: &mut Vec<(String, String)>) {
    match v {
        Value::Null => {}
        Value::String(s) => out.push((key.to_string(), s.clone())),
        Value::Number(n) => out.push((key.to_string(), n.to_string())),
        Value::Bool(b) => out.push((key.to_string(), b.to_string())),
        Value::Array(items) => items.iter().for_each(|i| push_query(key, i, out)),
        Value::Object(m) => {
            for (k, v) in m {
                push_query(&format!("{key}.{k}"), v, out);
            }
        }
    }
}

/// Which endpoint each host placeholder stands for. Without overrides, the public endpoints
/// the generator's table gives (`api-host-mdb` → `mdb.api.cloud.yandex.net`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Hosts {
    overrides: BTreeMap<String, String>,
}

impl Hosts {
    /// No overrides: every placeholder is its public endpoint.
    pub fn new() -> Self {
        Hosts::default()
    }

    /// Makes `placeholder` (`api-host`, `api-host-mdb`) stand for `host`.
    pub fn set(mut self, placeholder: impl Into<String>, host: impl Into<String>) -> Self {
        self.overrides.insert(placeholder.into(), host.into());
        self
    }

    /// The host `parts` spell with these overrides.
    pub fn resolve(&self, parts: &[HostPart]) -> String {
        let mut out = String::new();
        for part in parts {
            match part {
                HostPart::Literal(s) => out.push_str(s),
                HostPart::Placeholder { name, default } => {
                    out.push_str(self.overrides.get(*name).map_or(*default, String::as_str))
                }
            }
        }
        out
    }
}

// ---------------------------------------------------------------------------------------
// Helpers for the generated code
// ---------------------------------------------------------------------------------------

/// A message as a JSON object.
pub fn object<T: Serialize>(msg: &T) -> Result<JsonObject, wire::Error> {
    match wire::to_value(msg)? {
        Value::Object(m) => Ok(m),
        // Generated messages always write an object; anything else is a crate bug, and
        // decoding it back names what it is.
        other => wire::from_value(other),
    }
}

/// Writes `v` under `key` through codec `C`.
pub fn put<C: wire::Codec>(
    fields: &mut JsonObject,
    key: &str,
    v: &C::Value,
) -> Result<(), wire::Error> {
    fields.insert(key.to_string(), wire::to_value(&wire::Encode::<C>(v))?);
    Ok(())
}

/// Decodes the `google.protobuf.Any` in field `field` of `msg` (an operation's `metadata`
/// or `response`) as `T`; `None` when the field is absent. `expected` is the full name of
/// the message the page says it holds: an `@type` naming another is an error.
pub fn unpack<T: DeserializeOwned>(
    msg: &impl Serialize,
    field: &str,
    expected: Option<&'static str>,
) -> Result<Option<T>, Error> {
    let mut fields = object(msg).map_err(Error::Encode)?;
    let raw = match fields.remove(field) {
        None | Some(Value::Null) => return Ok(None),
        Some(v) => v,
    };
    let any: wire::Any = wire::from_value(raw).map_err(|source| Error::Decode {
        field: field.to_string(),
        source,
    })?;
    if let Some(expected) = expected {
        if !any.type_url.is_empty() && any.type_name() != expected {
            return Err(Error::PackedType {
                field: field.to_string(),
                expected,
                found: any.type_name().to_string(),
            });
        }
    }
    any.unpack().map(Some).map_err(|source| Error::Decode {
        field: field.to_string(),
        source,
    })
}

/// For tests: decodes argument `name` of `args` through codec `C`.
#[doc(hidden)]
pub fn arg<C: wire::Codec>(args: &JsonObject, name: &str) -> Result<C::Value, Error> {
    opt_arg::<C>(args, name)?.ok_or_else(|| Error::MissingArgument(name.to_string()))
}

/// For tests: decodes argument `name` of `args` through codec `C`, if given.
#[doc(hidden)]
pub fn opt_arg<C: wire::Codec>(args: &JsonObject, name: &str) -> Result<Option<C::Value>, Error> {
    let Some(v) = args.get(name) else {
        return Ok(None);
    };
    wire::from_value::<Decoded<C>>(v.clone())
        .map(|d| Some(d.0))
        .map_err(|source| Error::Decode {
            field: name.to_string(),
            source,
        })
}

/// A value read through codec `C`, so that [`wire::from_value`] names the path of an error.
struct Decoded<C: wire::Codec>(C::Value);

impl<'de, C: wire::Codec> serde::Deserialize<'de> for Decoded<C> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        C::decode(d).map(Decoded)
    }
}

// ---------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------

/// Why a call could not be described, or an operation's packed field not decoded.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The request did not encode.
    Encode(wire::Error),
    /// A path parameter is absent, not a single value, or empty, `.` or `..`.
    PathParam { name: String, problem: String },
    /// The spec's path template has an unclosed `{`.
    Template(&'static str),
    /// A packed field did not decode as the type the page names.
    Decode { field: String, source: wire::Error },
    /// A packed field's `@type` names another message than the page does.
    PackedType {
        field: String,
        expected: &'static str,
        found: String,
    },
    /// For tests: a required argument was not given.
    #[doc(hidden)]
    MissingArgument(String),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self {
            Error::Encode(e) => write!(f, "the request does not encode: {e}"),
            Error::PathParam { name, problem } => write!(f, "path parameter `{name}` {problem}"),
            Error::Template(t) => write!(f, "path template `{t}` has an unclosed `{{`"),
            Error::Decode { field, source } => write!(f, "{field}: {source}"),
            Error::PackedType {
                field,
                expected,
                found,
            } => write!(f, "{field}: holds `{found}`, the page says `{expected}`"),
            Error::MissingArgument(name) => write!(f, "argument `{name}` is required"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Encode(e) | Error::Decode { source: e, .. } => Some(e),
            _ => None,
        }
    }
}

// ---------------------------------------------------------------------------------------
// Validation
// ---------------------------------------------------------------------------------------

/// How a field holds its values.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Label {
    Singular,
    Repeated,
    Map,
}

/// The constraints the pages state for one value. On a repeated field, the string, enum and
/// range constraints apply to each element (as the proto options they come from do); on a
/// map they are not checked, since the pages put the key's pattern there as often as the
/// value's: maps are checked through `key` and `value`.
#[derive(Clone, Copy, Debug)]
pub struct Constraints {
    /// Must match in full.
    pub pattern: Option<&'static str>,
    /// In characters (Unicode scalar values).
    pub min_length: Option<u64>,
    pub max_length: Option<u64>,
    pub min_items: Option<u64>,
    pub max_items: Option<u64>,
    pub max_properties: Option<u64>,
    /// No two elements of a list may be equal.
    pub unique_items: bool,
    pub minimum: Option<i64>,
    pub maximum: Option<i64>,
    /// Enum names the value must be one of (empty: any).
    pub allowed: &'static [&'static str],
    /// Map keys.
    pub key: Option<&'static Constraints>,
    /// Elements or map values.
    pub value: Option<&'static Constraints>,
}

impl Constraints {
    /// No constraint.
    pub const NONE: Constraints = Constraints {
        pattern: None,
        min_length: None,
        max_length: None,
        min_items: None,
        max_items: None,
        max_properties: None,
        unique_items: false,
        minimum: None,
        maximum: None,
        allowed: &[],
        key: None,
        value: None,
    };
}

/// The checks of one field of a message.
#[derive(Clone, Copy, Debug)]
pub struct FieldRule {
    /// JSON name.
    pub name: &'static str,
    pub label: Label,
    /// "Required field.": absent, `null`, `""` and `[]` are violations.
    pub required: bool,
    pub constraints: Constraints,
    /// The rules of the field's message type, when it has any.
    pub message: Option<fn() -> &'static [FieldRule]>,
}

/// Which kind of constraint a value violates.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Rule {
    Required,
    Pattern,
    MinLength,
    MaxLength,
    MinItems,
    MaxItems,
    MaxProperties,
    /// `uniqueItems`: a list holds the same element twice.
    UniqueItems,
    /// Enum membership (`constraints.allowed`).
    Allowed,
    Minimum,
    Maximum,
    /// The request did not encode, so nothing else could be checked.
    Encoding,
}

/// One violated constraint.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Violation {
    /// JSON path of the value: `name`, `labels.Key`, `hostSpecs[0].zoneId`.
    pub path: String,
    pub rule: Rule,
    pub message: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

/// Every violated constraint of a request, in field order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Violations(pub Vec<Violation>);

impl Violations {
    /// The violations at `path`.
    pub fn at<'a>(&'a self, path: &'a str) -> impl Iterator<Item = &'a Violation> + 'a {
        self.0.iter().filter(move |v| v.path == path)
    }
}

impl fmt::Display for Violations {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        for (i, v) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{v}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Violations {}

fn join(prefix: &str, name: &str) -> String {
    if prefix.is_empty() {
        name.to_string()
    } else {
        format!("{prefix}.{name}")
    }
}

fn violation(out: &mut Vec<Violation>, path: &str, rule: Rule, message: String) {
    out.push(Violation {
        path: path.to_string(),
        rule,
        message,
    });
}

/// Checks `fields` (one message) against `rules`, adding violations under `prefix`.
pub fn check_message(
    rules: &[FieldRule],
    fields: &JsonObject,
    prefix: &str,
    out: &mut Vec<Violation>,
) {
    for rule in rules {
        let path = join(prefix, rule.name);
        let value = fields.get(rule.name).filter(|v| !v.is_null());
        let empty = match value {
            None => true,
            Some(Value::String(s)) => s.is_empty(),
            Some(Value::Array(a)) => a.is_empty(),
            Some(_) => false,
        };
        if rule.required && empty {
            violation(out, &path, Rule::Required, "is required".to_string());
        }
        let Some(value) = value else {
            // An empty list is not written at all, and still has too few elements.
            if rule.label == Label::Repeated {
                let c = &rule.constraints;
                count(0, c.min_items, c.max_items, &path, out);
            }
            continue;
        };
        let c = &rule.constraints;
        match (rule.label, value) {
            (Label::Repeated, Value::Array(items)) => {
                count(items.len(), c.min_items, c.max_items, &path, out);
                if c.unique_items {
                    unique(items, &path, out);
                }
                for (i, item) in items.iter().enumerate() {
                    let p = format!("{path}[{i}]");
                    check_value(item, c, &p, out);
                    if let Some(vc) = c.value {
                        check_value(item, vc, &p, out);
                    }
                    nested(rule, item, &p, out);
                }
            }
            (Label::Map, Value::Object(entries)) => {
                if let Some(max) = c.max_properties {
                    if entries.len() as u64 > max {
                        let message =
                            format!("has {} entries, at most {max} allowed", entries.len());
                        violation(out, &path, Rule::MaxProperties, message);
                    }
                }
                for (k, v) in entries {
                    let p = join(&path, k);
                    if let Some(kc) = c.key {
                        let mut key_violations = Vec::new();
                        check_value(&Value::String(k.clone()), kc, &p, &mut key_violations);
                        for mut kv in key_violations {
                            kv.message = format!("key {}", kv.message);
                            out.push(kv);
                        }
                    }
                    if let Some(vc) = c.value {
                        check_value(v, vc, &p, out);
                    }
                    nested(rule, v, &p, out);
                }
            }
            (_, v) => {
                check_value(v, c, &path, out);
                nested(rule, v, &path, out);
            }
        }
    }
}

fn nested(rule: &FieldRule, value: &Value, path: &str, out: &mut Vec<Violation>) {
    if let (Some(rules), Value::Object(fields)) = (rule.message, value) {
        check_message(rules(), fields, path, out);
    }
}

/// Reports the first element equal to an earlier one (elements compared as JSON).
fn unique(items: &[Value], path: &str, out: &mut Vec<Violation>) {
    let mut seen = std::collections::HashSet::new();
    for (i, item) in items.iter().enumerate() {
        if !seen.insert(item.to_string()) {
            let message = format!("repeats an earlier element at index {i}");
            violation(out, path, Rule::UniqueItems, message);
            return;
        }
    }
}

fn count(n: usize, min: Option<u64>, max: Option<u64>, path: &str, out: &mut Vec<Violation>) {
    let n = n as u64;
    if let Some(min) = min.filter(|m| n < *m) {
        let message = format!("has {n} elements, at least {min} required");
        violation(out, path, Rule::MinItems, message);
    }
    if let Some(max) = max.filter(|m| n > *m) {
        let message = format!("has {n} elements, at most {max} allowed");
        violation(out, path, Rule::MaxItems, message);
    }
}

/// The checks on a single value: string constraints on strings, enum membership, ranges.
fn check_value(value: &Value, c: &Constraints, path: &str, out: &mut Vec<Violation>) {
    match value {
        Value::String(s) => {
            let chars = s.chars().count() as u64;
            if let Some(min) = c.min_length.filter(|m| chars < *m) {
                let message = format!("is {chars} characters long, at least {min} required");
                violation(out, path, Rule::MinLength, message);
            }
            if let Some(max) = c.max_length.filter(|m| chars > *m) {
                let message = format!("is {chars} characters long, at most {max} allowed");
                violation(out, path, Rule::MaxLength, message);
            }
            if let Some(pattern) = c.pattern {
                match full_match(pattern, s) {
                    Ok(true) => {}
                    Ok(false) => {
                        let message = format!("{s:?} does not match `{pattern}`");
                        violation(out, path, Rule::Pattern, message);
                    }
                    Err(e) => {
                        let message = format!("pattern `{pattern}` cannot be used: {e}");
                        violation(out, path, Rule::Pattern, message);
                    }
                }
            }
            if !c.allowed.is_empty() && !c.allowed.contains(&s.as_str()) {
                let message = format!("{s:?} is not one of {}", c.allowed.join(", "));
                violation(out, path, Rule::Allowed, message);
            }
            // 64-bit integers are strings on the wire.
            if let Ok(n) = s.parse::<i128>() {
                range(n as f64, c, path, out);
            }
        }
        Value::Number(n) => {
            if !c.allowed.is_empty() {
                let message = format!("{n} is a number, not one of {}", c.allowed.join(", "));
                violation(out, path, Rule::Allowed, message);
            }
            if let Some(x) = n.as_f64() {
                range(x, c, path, out);
            }
        }
        _ => {}
    }
}

fn range(x: f64, c: &Constraints, path: &str, out: &mut Vec<Violation>) {
    if let Some(min) = c.minimum.filter(|m| x < *m as f64) {
        violation(
            out,
            path,
            Rule::Minimum,
            format!("is {x}, at least {min} required"),
        );
    }
    if let Some(max) = c.maximum.filter(|m| x > *m as f64) {
        violation(
            out,
            path,
            Rule::Maximum,
            format!("is {x}, at most {max} allowed"),
        );
    }
}

/// Whether `pattern` matches all of `text`. The pages' patterns come from proto options
/// that match whole values (`[a-zA-Z0-9_-]*` would otherwise match anything), so they are
/// anchored. Compiled patterns are kept for the life of the process.
fn full_match(pattern: &'static str, text: &str) -> Result<bool, String> {
    type Cache = Mutex<HashMap<&'static str, Result<regex::Regex, String>>>;
    static CACHE: OnceLock<Cache> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    let mut cache = cache
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let re = cache.entry(pattern).or_insert_with(|| {
        regex::Regex::new(&format!("^(?:{pattern})$")).map_err(|e| e.to_string())
    });
    match re {
        Ok(re) => Ok(re.is_match(text)),
        Err(e) => Err(e.clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const HOST: &[HostPart] = &[
        HostPart::Literal("svc."),
        HostPart::Placeholder {
            name: "api-host",
            default: "api.example.net",
        },
    ];

    fn spec(path: &'static str, query: &'static [&'static str], body: bool) -> Spec {
        Spec {
            package: "p.v1",
            name: "Thing.Do",
            verb: "POST",
            host: HOST,
            path,
            query,
            body,
            rules: &[],
        }
    }

    fn fields(v: Value) -> JsonObject {
        match v {
            Value::Object(m) => m,
            _ => panic!("not an object"),
        }
    }

    #[test]
    fn path_parameters_cannot_change_the_shape_of_the_url() {
        let s = spec("/v1/things/{id}/parts/{part}:do", &[], true);
        let r = HttpRequest::build(&s, fields(json!({"id": "a/b?c#d e%", "part": "é", "x": 1})))
            .unwrap();
        assert_eq!(r.path, "/v1/things/a%2Fb%3Fc%23d%20e%25/parts/%C3%A9:do");
        assert_eq!(r.body, Some(json!({"x": 1})));
        assert_eq!(
            r.url(&Hosts::new()),
            "https://svc.api.example.net/v1/things/a%2Fb%3Fc%23d%20e%25/parts/%C3%A9:do"
        );
        for bad in ["", ".", ".."] {
            let err = HttpRequest::build(&s, fields(json!({"id": bad, "part": "p"}))).unwrap_err();
            assert!(
                err.to_string().starts_with("path parameter `id` is"),
                "{err}"
            );
        }
        let err = HttpRequest::build(&s, fields(json!({"part": "p"}))).unwrap_err();
        assert_eq!(err.to_string(), "path parameter `id` is not set");
        let err = HttpRequest::build(&s, fields(json!({"id": ["a"], "part": "p"}))).unwrap_err();
        assert!(matches!(err, Error::PathParam { .. }), "{err}");
        let broken = spec("/v1/{id", &[], false);
        assert!(matches!(
            HttpRequest::build(&broken, JsonObject::new()),
            Err(Error::Template(_))
        ));
    }

    #[test]
    fn query_keeps_page_order_repeats_and_flattens() {
        let s = spec(
            "/v1/things",
            &["pageSize", "filter", "tags", "inner"],
            false,
        );
        let r = HttpRequest::build(
            &s,
            fields(json!({
                "inner": {"a": 1, "b": {"c": true}},
                "tags": ["x y", "z&w"],
                "filter": "name=\"a+b\"",
                "pageSize": "100",
                "extra": null,
                "zLater": "kept",
            })),
        )
        .unwrap();
        assert_eq!(
            r.query_string(),
            "pageSize=100&filter=name%3D%22a%2Bb%22&tags=x%20y&tags=z%26w&inner.a=1&inner.b.c=true&zLater=kept"
        );
        assert_eq!(r.body, None);
        assert!(r.path_and_query().starts_with("/v1/things?pageSize=100&"));
        let empty = HttpRequest::build(&s, JsonObject::new()).unwrap();
        assert_eq!(empty.path_and_query(), "/v1/things");
        assert_eq!(empty.body_string(), None);
    }

    #[test]
    fn a_method_with_a_body_sends_the_rest_as_json() {
        let s = spec("/v1/things/{id}", &["q"], true);
        let r = HttpRequest::build(&s, fields(json!({"id": "1", "q": "x", "name": "n"}))).unwrap();
        assert_eq!(r.query, vec![("q".to_string(), "x".to_string())]);
        assert_eq!(r.body_string().as_deref(), Some(r#"{"name":"n"}"#));
        let r = HttpRequest::build(&s, fields(json!({"id": 7}))).unwrap();
        assert_eq!((r.path.as_str(), r.body), ("/v1/things/7", Some(json!({}))));
    }

    #[test]
    fn hosts_resolve_placeholders_and_take_overrides() {
        let s = spec("/v1", &[], false);
        let r = HttpRequest::build(&s, JsonObject::new()).unwrap();
        assert_eq!(r.host(&Hosts::new()), "svc.api.example.net");
        let regional = Hosts::new().set("api-host", "api.other.example");
        assert_eq!(r.url(&regional), "https://svc.api.other.example/v1");
        let local = Hosts::new().set("unrelated", "x");
        assert_eq!(r.host(&local), "svc.api.example.net");
        let bare: &[HostPart] = &[HostPart::Placeholder {
            name: "h",
            default: "h.example.net",
        }];
        let mock = Hosts::new().set("h", "http://localhost:8080");
        let r = HttpRequest { host: bare, ..r };
        assert_eq!(r.url(&mock), "http://localhost:8080/v1");
    }

    const INNER: &[FieldRule] = &[FieldRule {
        name: "zone",
        label: Label::Singular,
        required: true,
        constraints: Constraints {
            max_length: Some(3),
            ..Constraints::NONE
        },
        message: None,
    }];

    fn inner() -> &'static [FieldRule] {
        INNER
    }

    const RULES: &[FieldRule] = &[
        FieldRule {
            name: "name",
            label: Label::Singular,
            required: true,
            constraints: Constraints {
                pattern: Some("[a-z]+"),
                min_length: Some(2),
                ..Constraints::NONE
            },
            message: None,
        },
        FieldRule {
            name: "labels",
            label: Label::Map,
            required: false,
            constraints: Constraints {
                max_properties: Some(1),
                pattern: Some("never-checked-on-a-map"),
                key: Some(&Constraints {
                    pattern: Some("[a-z]+"),
                    ..Constraints::NONE
                }),
                value: Some(&Constraints {
                    max_length: Some(2),
                    ..Constraints::NONE
                }),
                ..Constraints::NONE
            },
            message: None,
        },
        FieldRule {
            name: "kind",
            label: Label::Singular,
            required: false,
            constraints: Constraints {
                allowed: &["A", "B"],
                ..Constraints::NONE
            },
            message: None,
        },
        FieldRule {
            name: "hosts",
            label: Label::Repeated,
            required: false,
            constraints: Constraints {
                min_items: Some(2),
                max_items: Some(3),
                ..Constraints::NONE
            },
            message: Some(inner),
        },
        FieldRule {
            name: "grants",
            label: Label::Repeated,
            required: true,
            constraints: Constraints {
                pattern: Some("[a-z]*"),
                unique_items: true,
                ..Constraints::NONE
            },
            message: None,
        },
        FieldRule {
            name: "size",
            label: Label::Singular,
            required: false,
            constraints: Constraints {
                minimum: Some(1),
                maximum: Some(10),
                ..Constraints::NONE
            },
            message: None,
        },
    ];

    fn check(v: Value) -> Vec<(String, Rule)> {
        let mut out = Vec::new();
        check_message(RULES, &fields(v), "", &mut out);
        out.into_iter().map(|v| (v.path, v.rule)).collect()
    }

    fn owned(want: &[(&str, Rule)]) -> Vec<(String, Rule)> {
        want.iter().map(|(p, r)| (p.to_string(), *r)).collect()
    }

    #[test]
    fn a_valid_message_has_no_violations() {
        let ok = json!({"name": "ab", "labels": {"k": "v"}, "kind": "A",
            "hosts": [{"zone": "a"}, {"zone": "b"}], "grants": ["x"], "size": "10"});
        assert_eq!(check(ok), vec![]);
    }

    #[test]
    fn every_violation_is_reported_with_its_path() {
        let bad = json!({
            "name": "A",
            "labels": {"Key": "vvv", "b": "ok"},
            "kind": "C",
            "hosts": [{"zone": "long"}, {}, {}, {}],
            "grants": ["ok", "NO"],
            "size": "11",
        });
        assert_eq!(
            check(bad),
            owned(&[
                ("name", Rule::MinLength),
                ("name", Rule::Pattern),
                ("labels", Rule::MaxProperties),
                ("labels.Key", Rule::Pattern),
                ("labels.Key", Rule::MaxLength),
                ("kind", Rule::Allowed),
                ("hosts", Rule::MaxItems),
                ("hosts[0].zone", Rule::MaxLength),
                ("hosts[1].zone", Rule::Required),
                ("hosts[2].zone", Rule::Required),
                ("hosts[3].zone", Rule::Required),
                ("grants[1]", Rule::Pattern),
                ("size", Rule::Maximum),
            ])
        );
        assert_eq!(
            check(json!({"name": "ab", "grants": ["x"]})),
            owned(&[("hosts", Rule::MinItems)])
        );
        let twice = json!({"name": "ab", "hosts": [{"zone": "a"}, {"zone": "b"}],
            "grants": ["x", "y", "x"]});
        assert_eq!(check(twice), owned(&[("grants", Rule::UniqueItems)]));
        let few = json!({"name": "", "hosts": [{"zone": "a"}], "grants": [], "size": 0, "kind": 1});
        assert_eq!(
            check(few),
            owned(&[
                ("name", Rule::Required),
                ("name", Rule::MinLength),
                ("name", Rule::Pattern),
                ("kind", Rule::Allowed),
                ("hosts", Rule::MinItems),
                ("grants", Rule::Required),
                ("size", Rule::Minimum),
            ])
        );
        let mut out = Vec::new();
        check_message(
            RULES,
            &fields(json!({"labels": {"Key": "v"}})),
            "",
            &mut out,
        );
        let key = out.iter().find(|v| v.path == "labels.Key").unwrap();
        assert!(key.message.starts_with("key "), "{}", key.message);
    }

    #[test]
    fn patterns_match_whole_values_and_bad_ones_are_reported() {
        assert_eq!(full_match("[a-z]*", "abc"), Ok(true));
        assert_eq!(full_match("[a-z]*", "abc!"), Ok(false));
        assert_eq!(full_match("|[a-z]([-a-z0-9]{0,61}[a-z0-9])?", ""), Ok(true));
        assert_eq!(full_match("^[a-z]$", "a"), Ok(true));
        assert_eq!(full_match("[-_./\\@0-9a-z]*", "a@b/c"), Ok(true));
        assert!(full_match("(", "x").is_err());
    }

    #[derive(Default)]
    struct Op {
        fields: JsonObject,
    }

    impl Serialize for Op {
        fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            self.fields.serialize(s)
        }
    }

    #[test]
    fn unpack_decodes_a_packed_field_and_checks_its_type() {
        let op = Op {
            fields: fields(json!({
                "metadata": {"@type": "type.googleapis.com/p.v1.Meta", "id": "c1"},
                "response": {"id": "no type"},
            })),
        };
        let meta: Option<JsonObject> = unpack(&op, "metadata", Some("p.v1.Meta")).unwrap();
        assert_eq!(meta, Some(fields(json!({"id": "c1"}))));
        let err = unpack::<JsonObject>(&op, "metadata", Some("p.v1.Other")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "metadata: holds `p.v1.Meta`, the page says `p.v1.Other`"
        );
        let untyped: Option<JsonObject> = unpack(&op, "response", Some("p.v1.X")).unwrap();
        assert_eq!(untyped, Some(fields(json!({"id": "no type"}))));
        assert_eq!(unpack::<JsonObject>(&op, "error", None).unwrap(), None);
        let op = Op {
            fields: fields(json!({"metadata": 5})),
        };
        let err = unpack::<JsonObject>(&op, "metadata", None).unwrap_err();
        assert!(err.to_string().starts_with("metadata: "), "{err}");
    }

    #[test]
    fn arguments_decode_through_their_codec() {
        let args = fields(json!({"id": "x", "size": "5", "bad": true}));
        assert_eq!(arg::<wire::Str>(&args, "id").unwrap(), "x");
        assert_eq!(opt_arg::<wire::Int64>(&args, "size").unwrap(), Some(5));
        assert_eq!(opt_arg::<wire::Int64>(&args, "none").unwrap(), None);
        assert!(arg::<wire::Str>(&args, "none").is_err());
        let err = opt_arg::<wire::Int64>(&args, "bad").unwrap_err();
        assert!(err.to_string().starts_with("bad: "), "{err}");
    }
}
