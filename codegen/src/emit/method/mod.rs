//! Request types for the documented methods, and what goes with them: the `http` runtime,
//! the crate docs' list of methods, the test hook and the example.
//!
//! Every method becomes `<package>::methods::<resource>::<Method>Request`
//! (`mdb::spqr::v1::methods::cluster::BackupRequest`), implementing `http::Method`. The
//! per-method code is kept small: a struct holding the request (the page's request message
//! when the schema has one, else the path and query parameters as fields), a constructor
//! taking the required inputs, setters for the optional ones, a `to_json` that writes the
//! inputs as one JSON object, and a `Spec` constant with the page's data (verb, host, path
//! template, query parameters, body or not, constraints). The runtime lays the object out
//! into path, query and body, and validates it against the constraints. Nothing here
//! depends on a particular method, resource or service: everything comes from the schema.
//!
//! This module plans the methods (names, inputs, types, checked once); `rules` decides what
//! `validate()` checks, `request` emits one request type, `files` the per-package files,
//! crate docs and test hook, `example` the generated example.

use super::dispatch::Lookup;
use super::index::{Index, Module};
use super::message::{codec, field_docs, map_type, value_type};
use super::{crate_path, docs, hosts, ident, EmitError, Files, GenerateOptions, HEADER};
use crate::naming;
use crate::schema::{Constraints, Field, Label, Message, Method, Response, Scalar, Type};
use heck::ToSnakeCase;
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::{BTreeMap, BTreeSet};

mod example;
mod files;
mod request;
mod rules;

pub(crate) use example::*;
pub(crate) use files::*;
use request::*;
use rules::*;

/// The HTTP runtime module, copied verbatim.
pub(crate) const HTTP_MODULE: &str = "http";
/// The private module behind `crate::__request`.
pub(crate) const HOOK_MODULE: &str = "request_hook";
/// The module of each service package that holds its request types.
pub(crate) const METHODS_MODULE: &str = "methods";
/// The example's name (`examples/methods.rs`).
pub(crate) const EXAMPLE: &str = "methods";

/// The runtime's source, relative to this file: `codegen/src/runtime/http.rs`.
const HTTP_SOURCE: &str = include_str!("../../runtime/http.rs");

/// Well-known messages the schema may not define, and how requests hold them.
fn well_known(name: &str) -> Option<TokenStream> {
    match name {
        "google.protobuf.Empty" | "google.protobuf.Struct" => {
            Some(quote! { crate::http::JsonObject })
        }
        "google.protobuf.Any" => Some(quote! { crate::wire::Any }),
        _ => None,
    }
}

pub(crate) fn http_rs() -> String {
    let mut out = format!("{HEADER}\n{HTTP_SOURCE}");
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out
}

// ---------------------------------------------------------------------------------------
// The plan: names, inputs and types of every method, checked once
// ---------------------------------------------------------------------------------------

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Place {
    Path,
    Query,
    Body,
}

impl Place {
    fn as_str(self) -> &'static str {
        match self {
            Place::Path => "path",
            Place::Query => "query",
            Place::Body => "body",
        }
    }
}

/// One input of a request: a path or query parameter or a body field.
pub(crate) struct Input<'s> {
    pub field: &'s Field,
    pub place: Place,
    /// Given to the constructor (path parameters always; fields the page requires, unless in
    /// a oneof, where only one member can be set).
    pub required: bool,
    /// Struct field or constructor parameter.
    pub name: String,
    pub setter: String,
}

/// A `google.protobuf.Any` field of the response message (an operation's `metadata`,
/// `response`), with the type the page says it holds.
pub(crate) struct Packed {
    pub json: String,
    /// `<Method><Field>` type alias in the resource module.
    pub alias: String,
    /// `unpack_<field>` on the request type.
    pub unpack: String,
    pub ty: TokenStream,
    /// Full name of the message the page names; `None` when the page shows a plain object.
    pub expected: Option<String>,
}

pub(crate) struct Planned<'s> {
    pub method: &'s Method,
    /// `package.Resource.Method`: unique across the crate.
    pub key: String,
    /// Identifiers after `crate` of the resource module.
    pub module: Vec<String>,
    pub type_name: String,
    pub request: Option<&'s Message>,
    pub inputs: Vec<Input<'s>>,
    pub host: Vec<(bool, String, &'static str)>,
    pub response: TokenStream,
    pub response_name: Option<String>,
    pub packed: Vec<Packed>,
    /// Features of the method's package.
    pub own_feature: Option<String>,
    /// Features of types from other gated packages that the request type names.
    pub foreign: BTreeSet<String>,
}

impl Planned<'_> {
    /// `crate::…::BackupRequest`.
    pub fn type_path(&self) -> TokenStream {
        let mut p = self.module.clone();
        p.push(self.type_name.clone());
        crate_path(&p)
    }

    /// Intra-doc link path of the request type.
    pub fn doc_path(&self) -> String {
        let segs: Vec<&str> = self.module.iter().map(|s| naming::unraw(s)).collect();
        format!("crate::{}::{}", segs.join("::"), self.type_name)
    }

    /// Every feature the request type needs.
    fn features(&self) -> BTreeSet<String> {
        let mut all = self.foreign.clone();
        all.extend(self.own_feature.clone());
        all
    }

    fn default_host(&self) -> String {
        self.host
            .iter()
            .map(|(placeholder, text, default)| {
                if *placeholder {
                    *default
                } else {
                    text.as_str()
                }
            })
            .collect()
    }
}

/// `#[cfg(…)]` for a set of features (nothing when empty).
fn cfg(features: &BTreeSet<String>) -> TokenStream {
    if features.is_empty() {
        return TokenStream::new();
    }
    let p = predicate(features);
    quote! { #[cfg(#p)] }
}

/// `feature = "a"`, or `all(feature = "a", …)` for more than one.
fn predicate(features: &BTreeSet<String>) -> TokenStream {
    let f: Vec<&String> = features.iter().collect();
    if let [one] = f.as_slice() {
        quote! { feature = #one }
    } else {
        quote! { all( #( feature = #f ),* ) }
    }
}

/// Where an error about a method is: `path:line:col: method …`, so that it reads like the
/// parser's errors (the page's title line stands for the method).
fn at(m: &Method) -> String {
    let what = format!("method `{}.{}` of `{}`", m.resource, m.name, m.package);
    if m.origin.file.is_empty() {
        what
    } else {
        format!("{}:1: {what}", m.origin)
    }
}

/// The package module holding `package`'s types.
fn package_module<'i>(index: &'i Index, package: &str) -> Option<&'i Module> {
    let mut module = &index.root;
    for seg in naming::package_modules(package) {
        module = module.children.get(&seg).filter(|c| c.is_package)?;
    }
    (module.proto == package).then_some(module)
}

/// Splits the schema's host into literal text and placeholders with their endpoints. The
/// schema keeps a whole-host placeholder without its braces (`api-host-mdb`) and anything
/// else as written (`vpc.{{ api-host }}`, `example.com`): a host without braces, dots or a
/// port is a placeholder.
fn host_parts(m: &Method) -> Result<Vec<(bool, String, &'static str)>, EmitError> {
    let unknown = |name: &str| {
        EmitError::new(format!(
            "{}: unknown host placeholder `{name}` in `{}`; add its public endpoint to the \
             table in codegen/src/emit/hosts.rs",
            at(m),
            m.host
        ))
    };
    let host = m.host.trim();
    let mut parts = Vec::new();
    if !host.contains("{{") {
        if host.is_empty() || host.contains(|c: char| c.is_whitespace() || c == '/') {
            return Err(EmitError::new(format!(
                "{}: cannot read host `{host}`",
                at(m)
            )));
        }
        if host.contains(['.', ':']) {
            parts.push((false, host.to_string(), ""));
        } else {
            let default = hosts::lookup(host).ok_or_else(|| unknown(host))?;
            parts.push((true, host.to_string(), default));
        }
        return Ok(parts);
    }
    let mut rest = host;
    while let Some(open) = rest.find("{{") {
        if open > 0 {
            parts.push((false, rest[..open].to_string(), ""));
        }
        let Some(len) = rest[open..].find("}}") else {
            return Err(EmitError::new(format!(
                "{}: unclosed `{{{{` in host `{host}`",
                at(m)
            )));
        };
        let name = rest[open + 2..open + len].trim();
        let default = hosts::lookup(name).ok_or_else(|| unknown(name))?;
        parts.push((true, name.to_string(), default));
        rest = &rest[open + len + 2..];
    }
    if !rest.is_empty() {
        parts.push((false, rest.to_string(), ""));
    }
    Ok(parts)
}

/// The `{name}` holes of a path template, checking that the rest is URL-safe as is.
fn path_holes(m: &Method) -> Result<Vec<String>, EmitError> {
    let bad = |why: String| EmitError::new(format!("{}: path `{}` {why}", at(m), m.path));
    if !m.path.starts_with('/') {
        return Err(bad("does not start with `/`".into()));
    }
    let mut holes = Vec::new();
    let mut rest = m.path.as_str();
    loop {
        let (literal, next) = match rest.find('{') {
            Some(open) => (&rest[..open], Some(open)),
            None => (rest, None),
        };
        // RFC 3986 `pchar` and `/`: what may stand in a path without encoding.
        if let Some(c) = literal
            .chars()
            .find(|c| !(c.is_ascii_alphanumeric() || "-._~!$&'()*+,;=:@/".contains(*c)))
        {
            return Err(bad(format!("has `{c}` outside a parameter")));
        }
        let Some(open) = next else { break };
        let Some(len) = rest[open..].find('}') else {
            return Err(bad("has an unclosed `{`".into()));
        };
        let name = &rest[open + 1..open + len];
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return Err(bad(format!(
                "has parameter `{{{name}}}`; only `{{jsonName}}` holes are supported"
            )));
        }
        holes.push(name.to_string());
        rest = &rest[open + len + 1..];
    }
    Ok(holes)
}

pub(crate) struct Plan<'s> {
    pub methods: Vec<Planned<'s>>,
}

impl<'s> Plan<'s> {
    pub fn build(index: &Index<'s>) -> Result<Self, EmitError> {
        Self::build_for(index, None)
    }

    /// The methods of `package` only (all with `None`): names only collide within a package.
    pub fn build_for(index: &Index<'s>, package: Option<&str>) -> Result<Self, EmitError> {
        let schema = index.schema;
        let mut methods = Vec::new();
        let mut keys = BTreeSet::new();
        // (resource module path) → item name → what claims it.
        let mut claims: BTreeMap<Vec<String>, BTreeMap<String, String>> = BTreeMap::new();
        // (methods module path) → resource module → resource.
        let mut resources: BTreeMap<Vec<String>, BTreeMap<String, String>> = BTreeMap::new();
        let chosen: Vec<&Method> = match package {
            None => schema.methods.iter().collect(),
            Some(p) => index
                .methods_by_package
                .get(p)
                .into_iter()
                .flatten()
                .map(|&i| &schema.methods[i])
                .collect(),
        };
        for m in chosen {
            let key = format!("{}.{}.{}", m.package, m.resource, m.name);
            if !keys.insert(key.clone()) {
                return Err(EmitError::new(format!("{}: documented twice", at(m))));
            }
            let pkg = package_module(index, &m.package).ok_or_else(|| {
                EmitError::new(format!(
                    "{}: package `{}` declares no message or enum, so it has no module to hold \
                     its methods",
                    at(m),
                    m.package
                ))
            })?;
            if pkg.children.contains_key(METHODS_MODULE) {
                return Err(EmitError::new(format!(
                    "{}: `{}` already has a module `{METHODS_MODULE}` (`{}`), which the request \
                     types need",
                    at(m),
                    m.package,
                    pkg.children[METHODS_MODULE].proto
                )));
            }
            let resource_mod = naming::module_name(&m.resource);
            let type_name = format!("{}Request", naming::type_name(&m.name));
            if !naming::is_valid_ident(&resource_mod) || !naming::is_valid_ident(&type_name) {
                return Err(EmitError::new(format!("{}: gives no Rust names", at(m))));
            }
            let mut methods_path = pkg.path.clone();
            methods_path.push(METHODS_MODULE.to_string());
            let taken = resources.entry(methods_path.clone()).or_default();
            if let Some(other) = taken.get(&resource_mod) {
                if *other != m.resource {
                    return Err(EmitError::new(format!(
                        "{}: resources `{other}` and `{}` would both be module `{resource_mod}`",
                        at(m),
                        m.resource
                    )));
                }
            }
            taken.insert(resource_mod.clone(), m.resource.clone());
            let mut module = methods_path;
            module.push(resource_mod);

            let host = host_parts(m)?;
            let inputs = inputs(index, m)?;
            let request = m
                .request_message
                .as_ref()
                .map(|name| &schema.messages[name]);
            let (response, response_name, response_msg) = match &m.response {
                Response::Message { name, .. } => match schema.messages.get(name) {
                    Some(msg) => (
                        crate_path(&index.paths[name]),
                        Some(name.clone()),
                        Some(msg),
                    ),
                    None => match well_known(name) {
                        Some(t) => (t, None, None),
                        None => {
                            return Err(EmitError::new(format!(
                                "{}: response `{name}` is not a message the schema defines",
                                at(m)
                            )))
                        }
                    },
                },
                Response::Empty => (quote! { crate::http::JsonObject }, None, None),
            };
            let packed = packed_fields(index, m, response_msg)?;

            let item_claims = claims.entry(module.clone()).or_default();
            let mut claim = |name: &str, what: String| -> Result<(), EmitError> {
                if let Some(other) = item_claims.insert(name.to_string(), what.clone()) {
                    return Err(EmitError::new(format!(
                        "{}: {other} and {what} would both be `{name}`",
                        at(m)
                    )));
                }
                Ok(())
            };
            claim(
                &type_name,
                format!("the request of `{}.{}`", m.resource, m.name),
            )?;
            for p in &packed {
                claim(
                    &p.alias,
                    format!("the `{}` type of `{}.{}`", p.json, m.resource, m.name),
                )?;
            }

            let own_feature = index.features.of_package(&m.package).map(str::to_string);
            let mut referenced: Vec<&str> = Vec::new();
            referenced.extend(m.request_message.as_deref());
            referenced.extend(response_name.as_deref());
            referenced.extend(packed.iter().filter_map(|p| p.expected.as_deref()));
            if request.is_none() {
                for i in &inputs {
                    if let Type::Message(t) | Type::Enum(t) = &i.field.ty {
                        referenced.push(t);
                    }
                }
            }
            let foreign = referenced
                .iter()
                .filter_map(|t| index.features.of_type(t))
                .filter(|f| Some(*f) != own_feature.as_deref())
                .map(str::to_string)
                .collect();
            methods.push(Planned {
                method: m,
                key,
                module,
                type_name,
                request,
                inputs,
                host,
                response,
                response_name,
                packed,
                own_feature,
                foreign,
            });
        }
        Ok(Plan { methods })
    }
}

/// The inputs of a method: the request message's fields, each placed as the page says, or
/// without a request message the path and query parameters.
fn inputs<'s>(index: &Index<'s>, m: &'s Method) -> Result<Vec<Input<'s>>, EmitError> {
    let holes = path_holes(m)?;
    let path: BTreeSet<&str> = m.path_params.iter().map(|f| f.json_name.as_str()).collect();
    let query: BTreeSet<&str> = m
        .query_params
        .iter()
        .map(|f| f.json_name.as_str())
        .collect();
    for hole in &holes {
        if !path.contains(hole.as_str()) {
            return Err(EmitError::new(format!(
                "{}: path `{}` has `{{{hole}}}`, which is not a path parameter",
                at(m),
                m.path
            )));
        }
    }
    for p in &m.path_params {
        if holes.iter().filter(|h| **h == p.json_name).count() != 1 {
            return Err(EmitError::new(format!(
                "{}: path parameter `{}` is not in the path `{}` exactly once",
                at(m),
                p.json_name,
                m.path
            )));
        }
        if p.label != Label::Singular || p.oneof.is_some() {
            return Err(EmitError::new(format!(
                "{}: path parameter `{}` is not a single value",
                at(m),
                p.json_name
            )));
        }
    }
    if let Some(q) = m
        .query_params
        .iter()
        .find(|q| path.contains(q.json_name.as_str()))
    {
        return Err(EmitError::new(format!(
            "{}: `{}` is both a path and a query parameter",
            at(m),
            q.json_name
        )));
    }
    let place = |json: &str| {
        if path.contains(json) {
            Place::Path
        } else if query.contains(json) {
            Place::Query
        } else {
            Place::Body
        }
    };
    let fields: Vec<&'s Field> = match &m.request_message {
        Some(name) => {
            let msg = index.schema.messages.get(name).ok_or_else(|| {
                EmitError::new(format!(
                    "{}: request message `{name}` is not in the schema",
                    at(m)
                ))
            })?;
            for p in m.path_params.iter().chain(&m.query_params) {
                if !msg.fields.iter().any(|f| f.json_name == p.json_name) {
                    return Err(EmitError::new(format!(
                        "{}: parameter `{}` is not a field of the request message `{name}`",
                        at(m),
                        p.json_name
                    )));
                }
            }
            msg.fields.iter().collect()
        }
        None => m.path_params.iter().chain(&m.query_params).collect(),
    };
    let mut out = Vec::new();
    let mut names = BTreeMap::new();
    for f in fields {
        let place = place(&f.json_name);
        let name = naming::field_name(&f.json_name);
        let setter = naming::setter_name(&f.json_name);
        if !naming::is_valid_ident(&name) {
            return Err(EmitError::new(format!(
                "{}: `{}` gives no Rust identifier",
                at(m),
                f.json_name
            )));
        }
        if let Some(other) = names.insert(name.clone(), f.json_name.clone()) {
            return Err(EmitError::new(format!(
                "{}: `{other}` and `{}` would both be `{name}`",
                at(m),
                f.json_name
            )));
        }
        // The method's own copy of a parameter may say "required" where the message's
        // table does not.
        let param_required = m
            .path_params
            .iter()
            .chain(&m.query_params)
            .any(|p| p.json_name == f.json_name && p.required);
        let required =
            place == Place::Path || (f.oneof.is_none() && (f.required || param_required));
        out.push(Input {
            field: f,
            place,
            required,
            name,
            setter,
        });
    }
    Ok(out)
}

fn packed_fields(
    index: &Index,
    m: &Method,
    response: Option<&Message>,
) -> Result<Vec<Packed>, EmitError> {
    let packed_map = match &m.response {
        Response::Message { packed, .. } => packed.clone(),
        Response::Empty => BTreeMap::new(),
    };
    let any_fields: Vec<&Field> = response
        .map(|r| {
            r.fields
                .iter()
                .filter(|f| f.ty == Type::Any && f.label == Label::Singular)
                .collect()
        })
        .unwrap_or_default();
    for json in packed_map.keys() {
        if !any_fields.iter().any(|f| f.json_name == *json) {
            return Err(EmitError::new(format!(
                "{}: the page says the response's `{json}` holds `{}`, but the response has \
                 no `google.protobuf.Any` field `{json}`",
                at(m),
                packed_map[json]
            )));
        }
    }
    let mut out = Vec::new();
    for f in any_fields {
        let (ty, expected) = match packed_map.get(&f.json_name) {
            Some(name) => {
                let ty = match index.paths.get(name) {
                    Some(p) => crate_path(p),
                    None => well_known(name).ok_or_else(|| {
                        EmitError::new(format!(
                            "{}: `{}` holds `{name}`, which the schema does not define",
                            at(m),
                            f.json_name
                        ))
                    })?,
                };
                (ty, Some(name.clone()))
            }
            None => (quote! { crate::http::JsonObject }, None),
        };
        let alias = format!(
            "{}{}",
            naming::type_name(&m.name),
            naming::type_name(&f.json_name)
        );
        if !naming::is_valid_ident(&alias) {
            return Err(EmitError::new(format!(
                "{}: `{}` gives no Rust type name",
                at(m),
                f.json_name
            )));
        }
        out.push(Packed {
            json: f.json_name.clone(),
            alias,
            unpack: format!("unpack_{}", f.json_name.to_snake_case()),
            ty,
            expected,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::{Origin, Schema};

    fn method(host: &str, path: &str) -> Method {
        Method {
            package: "yandex.cloud.t.v1".into(),
            resource: "Thing".into(),
            name: "Get".into(),
            docs: String::new(),
            http_method: "GET".into(),
            host: host.into(),
            path: path.into(),
            path_params: vec![],
            query_params: vec![],
            request_message: None,
            body_fields: vec![],
            response: Response::Empty,
            origin: Origin {
                file: "t/Thing/get.md".into(),
                line: 3,
            },
        }
    }

    #[test]
    fn hosts_are_placeholders_literals_or_templates() {
        let parts = host_parts(&method("api-host-mdb", "/")).unwrap();
        assert_eq!(
            parts,
            vec![(true, "api-host-mdb".into(), "mdb.api.cloud.yandex.net")]
        );
        let parts = host_parts(&method("vpc.{{ api-host }}", "/")).unwrap();
        assert_eq!(
            parts,
            vec![
                (false, "vpc.".into(), ""),
                (true, "api-host".into(), "api.cloud.yandex.net")
            ]
        );
        let parts = host_parts(&method("example.com:8443", "/")).unwrap();
        assert_eq!(parts, vec![(false, "example.com:8443".into(), "")]);
        let err = host_parts(&method("api-host-nowhere", "/")).unwrap_err();
        assert!(
            err.message()
                .contains("unknown host placeholder `api-host-nowhere`")
                && err.message().contains("t/Thing/get.md:3")
                && err.message().contains("hosts.rs"),
            "{err}"
        );
        let err = host_parts(&method("x.{{ api-host-nowhere }}", "/")).unwrap_err();
        assert!(err.message().contains("`api-host-nowhere`"), "{err}");
        assert!(host_parts(&method("x.{{ api-host", "/")).is_err());
    }

    #[test]
    fn path_templates_are_checked() {
        let holes = path_holes(&method("h", "/v1/things/{thingId}/parts/{partId}:do")).unwrap();
        assert_eq!(holes, vec!["thingId".to_string(), "partId".to_string()]);
        for (path, want) in [
            ("v1/things", "does not start with `/`"),
            ("/v1/{a", "unclosed"),
            ("/v1/{a=b/*}", "only `{jsonName}` holes"),
            ("/v1/a b", "has ` ` outside a parameter"),
            ("/v1/a?x=1", "has `?` outside a parameter"),
        ] {
            let err = path_holes(&method("h", path)).unwrap_err();
            assert!(err.message().contains(want), "{path}: {err}");
        }
    }

    #[test]
    fn unchecked_patterns_are_generator_errors() {
        let what = || "`p.M.f`".to_string();
        assert!(check_pattern("[a-z][-_./\\@0-9a-z]*", &what).is_ok());
        let err = check_pattern("(?=x)", &what).unwrap_err();
        assert!(
            err.message().starts_with("`p.M.f`: pattern `(?=x)`"),
            "{err}"
        );
    }

    #[test]
    fn rules_reach_through_cycles() {
        let mut s = Schema::default();
        let field = |json: &str, ty: Type, required: bool| Field {
            json_name: json.into(),
            ty,
            label: Label::Singular,
            required,
            deprecated: false,
            docs: String::new(),
            oneof: None,
            constraints: Constraints::default(),
            origin: Origin::default(),
        };
        for (name, fields) in [
            (
                "p.v1.A",
                vec![field("b", Type::Message("p.v1.B".into()), false)],
            ),
            (
                "p.v1.B",
                vec![
                    field("a", Type::Message("p.v1.A".into()), false),
                    field("x", Type::Scalar(Scalar::String), true),
                ],
            ),
            (
                "p.v1.C",
                vec![field("a", Type::Message("p.v1.C".into()), false)],
            ),
        ] {
            s.messages.insert(
                name.into(),
                Message {
                    full_name: name.into(),
                    fields,
                    ..Message::default()
                },
            );
        }
        let index = Index::build(&s).unwrap();
        let with = messages_with_rules(&index);
        assert_eq!(
            with,
            ["p.v1.A", "p.v1.B"].iter().map(|s| s.to_string()).collect()
        );
    }
}
