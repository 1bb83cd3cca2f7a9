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

use super::index::{Index, Module};
use super::message::{codec, field_docs, map_type, value_type};
use super::{crate_path, docs, hosts, ident, render_file, EmitError, GenerateOptions, HEADER};
use crate::naming;
use crate::schema::{Constraints, Field, Label, Message, Method, Response, Scalar, Type};
use heck::ToSnakeCase;
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::{BTreeMap, BTreeSet};

/// The HTTP runtime module, copied verbatim.
pub(crate) const HTTP_MODULE: &str = "http";
/// The private module behind `crate::__request`.
pub(crate) const HOOK_MODULE: &str = "request_hook";
/// The module of each service package that holds its request types.
pub(crate) const METHODS_MODULE: &str = "methods";
/// The example's name (`examples/methods.rs`).
pub(crate) const EXAMPLE: &str = "methods";

/// The runtime's source, relative to this file: `codegen/src/runtime/http.rs`.
const HTTP_SOURCE: &str = include_str!("../runtime/http.rs");

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

// ---------------------------------------------------------------------------------------
// Validation rules
// ---------------------------------------------------------------------------------------

/// Messages whose values have something to check (a constraint or a required field,
/// here or in a message they hold): the least fixed point, so cycles terminate.
fn messages_with_rules(index: &Index) -> BTreeSet<String> {
    let schema = index.schema;
    let mut with: BTreeSet<String> = BTreeSet::new();
    loop {
        let before = with.len();
        for (name, msg) in &schema.messages {
            if with.contains(name) {
                continue;
            }
            if msg.fields.iter().any(|f| field_has_rules(f, &with)) {
                with.insert(name.clone());
            }
        }
        if with.len() == before {
            return with;
        }
    }
}

fn field_has_rules(f: &Field, with: &BTreeSet<String>) -> bool {
    // A default is documentation, not a rule.
    let c = &f.constraints;
    let rules = *c
        != Constraints {
            default: c.default.clone(),
            ..Constraints::default()
        };
    f.required || rules || matches!(&f.ty, Type::Message(t) if with.contains(t))
}

/// Checks a pattern compiles as the runtime will compile it.
fn check_pattern(pattern: &str, what: &dyn Fn() -> String) -> Result<(), EmitError> {
    regex_syntax::Parser::new()
        .parse(&format!("^(?:{pattern})$"))
        .map(|_| ())
        .map_err(|e| {
            EmitError::new(format!(
                "{}: pattern `{pattern}` is not a regular expression the runtime can use: {e}",
                what()
            ))
        })
}

fn constraints_tokens(
    c: &Constraints,
    what: &dyn Fn() -> String,
) -> Result<TokenStream, EmitError> {
    let mut parts = Vec::new();
    if let Some(p) = &c.pattern {
        check_pattern(p, what)?;
        parts.push(quote! { pattern: Some(#p), });
    }
    let nums = [
        ("min_length", c.min_length),
        ("max_length", c.max_length),
        ("min_items", c.min_items),
        ("max_items", c.max_items),
        ("max_properties", c.max_properties),
    ];
    for (name, v) in nums {
        if let Some(v) = v {
            let id = ident(name);
            parts.push(quote! { #id: Some(#v), });
        }
    }
    if c.unique_items {
        parts.push(quote! { unique_items: true, });
    }
    if let Some(v) = c.minimum {
        parts.push(quote! { minimum: Some(#v), });
    }
    if let Some(v) = c.maximum {
        parts.push(quote! { maximum: Some(#v), });
    }
    if !c.allowed.is_empty() {
        let a = &c.allowed;
        parts.push(quote! { allowed: &[ #( #a ),* ], });
    }
    if let Some(k) = &c.key {
        let t = constraints_tokens(k, what)?;
        parts.push(quote! { key: Some(&#t), });
    }
    if let Some(v) = &c.value {
        let t = constraints_tokens(v, what)?;
        parts.push(quote! { value: Some(&#t), });
    }
    Ok(if parts.is_empty() {
        quote! { crate::http::Constraints::NONE }
    } else {
        quote! { crate::http::Constraints { #( #parts )* ..crate::http::Constraints::NONE } }
    })
}

/// The rule functions of one methods module: message full name → function name.
struct Rules<'i> {
    with: &'i BTreeSet<String>,
    names: BTreeMap<String, String>,
}

impl<'i> Rules<'i> {
    fn new(index: &'i Index) -> Self {
        Rules {
            with: index
                .messages_with_rules
                .get_or_init(|| messages_with_rules(index)),
            names: BTreeMap::new(),
        }
    }

    /// The function holding `message`'s rules, named on first use.
    fn name(&mut self, index: &Index, message: &str) -> String {
        if let Some(n) = self.names.get(message) {
            return n.clone();
        }
        let segs: Vec<&str> = index.paths[message]
            .iter()
            .map(|s| naming::unraw(s))
            .collect();
        let base = format!("rules_{}", segs.join("_").to_snake_case());
        let mut name = base.clone();
        let mut n = 2;
        while self.names.values().any(|v| *v == name) {
            name = format!("{base}_{n}");
            n += 1;
        }
        self.names.insert(message.to_string(), name.clone());
        name
    }

    /// `FieldRule`s of `fields` (those with something to check); `fns` is the path to the
    /// module holding the rule functions.
    fn table<'f>(
        &mut self,
        index: &Index,
        fields: impl Iterator<Item = (&'f Field, bool)>,
        fns: &TokenStream,
        owner: &str,
    ) -> Result<Vec<TokenStream>, EmitError> {
        let mut out = Vec::new();
        for (f, required) in fields {
            if !required && !field_has_rules(f, self.with) {
                continue;
            }
            let what = || format!("`{owner}.{}`", f.json_name);
            let name = &f.json_name;
            let label = ident(match f.label {
                Label::Singular => "Singular",
                Label::Repeated => "Repeated",
                Label::Map => "Map",
            });
            let c = constraints_tokens(&f.constraints, &what)?;
            let message = match &f.ty {
                Type::Message(t) if self.with.contains(t) => {
                    let id = ident(&self.name(index, t));
                    quote! { Some(#fns::#id) }
                }
                _ => quote! { None },
            };
            out.push(quote! {
                crate::http::FieldRule {
                    name: #name,
                    label: crate::http::Label::#label,
                    required: #required,
                    constraints: #c,
                    message: #message,
                },
            });
        }
        Ok(out)
    }

    /// The rule functions named so far and those their tables name, in name order.
    fn functions(&mut self, index: &Index) -> Result<TokenStream, EmitError> {
        let mut done: BTreeMap<String, TokenStream> = BTreeMap::new();
        loop {
            let pending: Vec<(String, String)> = self
                .names
                .iter()
                .filter(|(_, n)| !done.contains_key(*n))
                .map(|(m, n)| (m.clone(), n.clone()))
                .collect();
            if pending.is_empty() {
                break;
            }
            for (message, fname) in pending {
                let msg = &index.schema.messages[&message];
                let rows = self.table(
                    index,
                    msg.fields
                        .iter()
                        .map(|f| (f, f.required && f.oneof.is_none())),
                    &quote! { self },
                    &message,
                )?;
                let id = ident(&fname);
                let doc = format!(" What `http::Method::validate` checks in a `{message}`.");
                done.insert(
                    fname,
                    quote! {
                        #[doc = #doc]
                        #[doc(hidden)]
                        pub fn #id() -> &'static [crate::http::FieldRule] {
                            const RULES: &[crate::http::FieldRule] = &[ #( #rows )* ];
                            RULES
                        }
                    },
                );
            }
        }
        // Functions refer to each other as `self::…` at the methods module's root.
        Ok(done.into_values().collect())
    }
}

// ---------------------------------------------------------------------------------------
// One request type
// ---------------------------------------------------------------------------------------

/// The Rust type a setter or constructor takes for field `f`.
fn param_type(index: &Index, f: &Field) -> TokenStream {
    let v = value_type(index, &f.ty);
    match f.label {
        Label::Singular => v,
        Label::Repeated => quote! { std::vec::Vec<#v> },
        Label::Map => map_type(&v),
    }
}

/// The `crate::wire` codec of field `f`'s whole value.
fn full_codec(index: &Index, f: &Field) -> TokenStream {
    let c = codec(index, &f.ty);
    match f.label {
        Label::Singular => c,
        Label::Repeated => quote! { crate::wire::Repeated<#c> },
        Label::Map => quote! { crate::wire::Map<#c> },
    }
}

fn input_docs(index: &Index, i: &Input) -> String {
    let mut text = format!("`{}` ({}).", i.field.json_name, i.place.as_str());
    let more = field_docs(index, i.field);
    if !more.is_empty() {
        text.push_str("\n\n");
        text.push_str(&more);
    }
    text
}

fn link(index: &Index, full_name: &str) -> String {
    match index.doc_path(full_name) {
        Some(p) => format!(
            "[`{}`]({p})",
            full_name.rsplit('.').next().unwrap_or(full_name)
        ),
        None => format!("`{full_name}`"),
    }
}

fn request_docs(index: &Index, p: &Planned) -> String {
    let m = p.method;
    let mut parts = Vec::new();
    let prose = index.render_docs(&m.docs);
    parts.push(format!(
        "`{}.{}`{}",
        m.resource,
        m.name,
        if prose.is_empty() { "." } else { ":" }
    ));
    if !prose.is_empty() {
        parts[0].push(' ');
        parts[0].push_str(&prose);
    }
    parts.push(format!(
        "{} of `{}`.",
        docs::code_span(&format!(
            "{} https://{}{}",
            m.http_method,
            p.default_host(),
            m.path
        )),
        m.package
    ));
    let required: Vec<String> = p
        .inputs
        .iter()
        .filter(|i| i.required)
        .map(|i| format!("`{}` ({})", i.field.json_name, i.place.as_str()))
        .collect();
    parts.push(if required.is_empty() {
        "[`new`](Self::new) takes nothing; optional inputs have `set_*` methods.".to_string()
    } else {
        format!(
            "[`new`](Self::new) takes the required {}; optional inputs have `set_*` methods.",
            required.join(", ")
        )
    });
    let response = match (&m.response, &p.response_name) {
        (Response::Empty, _) => "The page documents no response body: the response is free-form \
                                 JSON."
            .to_string(),
        (Response::Message { name, .. }, Some(_)) => format!("Returns {}.", link(index, name)),
        (Response::Message { name, .. }, None) => {
            format!("Returns `{name}`, read as free-form JSON.")
        }
    };
    parts.push(response);
    if !p.packed.is_empty() {
        let items: Vec<String> = p
            .packed
            .iter()
            .map(|k| {
                let free = if k.expected.is_none() {
                    ", free-form JSON: the page shows a plain object"
                } else {
                    ""
                };
                format!(
                    "`{}` is [`{}`] ([`{}`](Self::{}){free})",
                    k.json, k.alias, k.unpack, k.unpack
                )
            })
            .collect();
        parts.push(format!("Its {}.", items.join(", ")));
    }
    parts.push(
        "Describe the call with [`to_http`](crate::http::Method::to_http), check the page's \
         constraints with [`validate`](crate::http::Method::validate)."
            .to_string(),
    );
    parts.join("\n\n")
}

// `to_json`, `unpack_*` and the test hook are `#[inline]`: each instantiates the encoders
// or decoders of whole message trees, and inline functions are compiled only in the crates
// that call them, which halves the build of the crate (measured for SPQR: 5.0 s → 2.6 s,
// against 2.35 s without methods).
fn emit_request(
    index: &Index,
    p: &Planned,
    rules: &mut Rules<'_>,
) -> Result<TokenStream, EmitError> {
    let m = p.method;
    let name = ident(&p.type_name);
    let doc = docs::doc_attrs(&request_docs(index, p));
    let gate = cfg(&p.foreign);
    let required: Vec<&Input> = p.inputs.iter().filter(|i| i.required).collect();
    let optional: Vec<&Input> = p.inputs.iter().filter(|i| !i.required).collect();
    let params: Vec<TokenStream> = required
        .iter()
        .map(|i| {
            let id = ident(&i.name);
            let ty = param_type(index, i.field);
            quote! { #id: impl std::convert::Into<#ty> }
        })
        .collect();
    let many = if params.len() > 7 {
        quote! { #[allow(clippy::too_many_arguments)] }
    } else {
        TokenStream::new()
    };
    let new_doc = if required.is_empty() {
        " A request with nothing set.".to_string()
    } else {
        let names: Vec<String> = required
            .iter()
            .map(|i| format!("`{}`", i.field.json_name))
            .collect();
        format!(" A request with its required inputs: {}.", names.join(", "))
    };
    let (fields, new_body, to_json, setters) = match p.request {
        Some(msg) => {
            let msg_path = crate_path(&index.paths[&msg.full_name]);
            let set_required = required.iter().map(|i| {
                let setter = ident(&i.setter);
                let id = ident(&i.name);
                quote! { .#setter(#id) }
            });
            let setters: Vec<TokenStream> = optional
                .iter()
                .map(|i| {
                    let setter = ident(&i.setter);
                    let ty = param_type(index, i.field);
                    let d = docs::doc_attrs(&format!("Sets {}", input_docs(index, i)));
                    quote! {
                        #d
                        pub fn #setter(mut self, v: impl std::convert::Into<#ty>) -> Self {
                            self.message = self.message.#setter(v);
                            self
                        }
                    }
                })
                .collect();
            let doc = format!(
                " The request message, `{}`: path and query parameters and the body are read \
                 from it.",
                msg.full_name
            );
            (
                quote! {
                    #[doc = #doc]
                    pub message: #msg_path,
                },
                quote! { Self { message: #msg_path::new() #( #set_required )* } },
                quote! { crate::http::object(&self.message) },
                setters,
            )
        }
        None => {
            let mut fields = Vec::new();
            let mut inits = Vec::new();
            let mut puts = Vec::new();
            let mut setters = Vec::new();
            for i in &p.inputs {
                let id = ident(&i.name);
                let ty = param_type(index, i.field);
                let c = full_codec(index, i.field);
                let json = &i.field.json_name;
                let d = docs::doc_attrs(&input_docs(index, i));
                let single = i.field.label == Label::Singular;
                if i.required {
                    fields.push(quote! { #d pub #id: #ty, });
                    inits.push(quote! { #id: #id.into(), });
                    puts.push(quote! { crate::http::put::<#c>(&mut m, #json, &self.#id)?; });
                    continue;
                }
                let setter = ident(&i.setter);
                let sd = docs::doc_attrs(&format!("Sets `{json}` ({}).", i.place.as_str()));
                if single {
                    fields.push(quote! { #d pub #id: std::option::Option<#ty>, });
                    inits.push(quote! { #id: None, });
                    puts.push(quote! {
                        if let Some(v) = &self.#id {
                            crate::http::put::<#c>(&mut m, #json, v)?;
                        }
                    });
                    setters.push(quote! {
                        #sd
                        pub fn #setter(mut self, v: impl std::convert::Into<#ty>) -> Self {
                            self.#id = Some(v.into());
                            self
                        }
                    });
                } else {
                    fields.push(quote! { #d pub #id: #ty, });
                    inits.push(quote! { #id: std::default::Default::default(), });
                    puts.push(quote! {
                        if !self.#id.is_empty() {
                            crate::http::put::<#c>(&mut m, #json, &self.#id)?;
                        }
                    });
                    setters.push(quote! {
                        #sd
                        pub fn #setter(mut self, v: impl std::convert::Into<#ty>) -> Self {
                            self.#id = v.into();
                            self
                        }
                    });
                }
            }
            let to_json = if puts.is_empty() {
                quote! { Ok(crate::http::JsonObject::new()) }
            } else {
                quote! {
                    let mut m = crate::http::JsonObject::new();
                    #( #puts )*
                    Ok(m)
                }
            };
            (
                quote! { #( #fields )* },
                quote! { Self { #( #inits )* } },
                to_json,
                setters,
            )
        }
    };

    let mut unpacks = Vec::new();
    let mut aliases = Vec::new();
    let response = &p.response;
    for k in &p.packed {
        let alias = ident(&k.alias);
        let unpack = ident(&k.unpack);
        let json = &k.json;
        let (alias_doc, expected) = match &k.expected {
            Some(name) => (
                format!(
                    "The `{json}` of what `{}.{}` returns: {}, as its page says.",
                    m.resource,
                    m.name,
                    link(index, name)
                ),
                quote! { Some(#name) },
            ),
            None => (
                format!(
                    "The `{json}` of what `{}.{}` returns. Its page shows a plain object, so \
                     it is free-form JSON.",
                    m.resource, m.name
                ),
                quote! { None },
            ),
        };
        let alias_doc = docs::doc_attrs(&alias_doc);
        let ty = &k.ty;
        aliases.push(quote! {
            #alias_doc
            #gate
            pub type #alias = #ty;
        });
        let unpack_doc = docs::doc_attrs(&format!(
            "Decodes the `{json}` of a response of this method as [`{}`]; `None` when it is \
             absent. An `@type` naming another message than the page's is an error.",
            k.alias
        ));
        unpacks.push(quote! {
            #unpack_doc
            #[inline]
            pub fn #unpack(
                response: &#response,
            ) -> std::result::Result<std::option::Option<#alias>, crate::http::Error> {
                crate::http::unpack(response, #json, #expected)
            }
        });
    }

    let package = &m.package;
    let spec_name = format!("{}.{}", m.resource, m.name);
    let verb = &m.http_method;
    let host = p.host.iter().map(|(placeholder, text, default)| {
        if *placeholder {
            quote! { crate::http::HostPart::Placeholder { name: #text, default: #default } }
        } else {
            quote! { crate::http::HostPart::Literal(#text) }
        }
    });
    let path = &m.path;
    let query = p
        .inputs
        .iter()
        .filter(|i| i.place == Place::Query)
        .map(|i| &i.field.json_name);
    let body = p.inputs.iter().any(|i| i.place == Place::Body) || !m.body_fields.is_empty();
    let owner = format!("{}.{}.{}", m.package, m.resource, m.name);
    let rows = rules.table(
        index,
        p.inputs.iter().map(|i| (i.field, i.required)),
        &quote! { super },
        &owner,
    )?;
    Ok(quote! {
        #doc
        #gate
        #[derive(Clone, Debug, PartialEq)]
        #[non_exhaustive]
        pub struct #name {
            #fields
        }

        #gate
        impl #name {
            #[doc = #new_doc]
            #many
            pub fn new( #( #params ),* ) -> Self {
                #new_body
            }
            #( #setters )*
            #( #unpacks )*
        }

        #gate
        impl crate::http::Method for #name {
            const SPEC: &'static crate::http::Spec = &crate::http::Spec {
                package: #package,
                name: #spec_name,
                verb: #verb,
                host: &[ #( #host ),* ],
                path: #path,
                query: &[ #( #query ),* ],
                body: #body,
                rules: &[ #( #rows )* ],
            };

            type Response = #response;

            #[inline]
            fn to_json(&self) -> std::result::Result<crate::http::JsonObject, crate::wire::Error> {
                #to_json
            }
        }

        #( #aliases )*
    })
}

// ---------------------------------------------------------------------------------------
// Files
// ---------------------------------------------------------------------------------------

/// Adds `methods.rs` for the package module `module` when its package documents methods,
/// and returns its declaration for the package file.
pub(crate) fn emit_package(
    index: &Index,
    module: &Module,
    files: &mut BTreeMap<String, String>,
) -> Result<TokenStream, EmitError> {
    if !index.methods_by_package.contains_key(&module.proto) {
        return Ok(TokenStream::new());
    }
    let plan = Plan::build_for(index, Some(&module.proto))?;
    let mut rules = Rules::new(index);
    let mut resources: BTreeMap<&str, (String, Vec<TokenStream>)> = BTreeMap::new();
    for p in &plan.methods {
        let resource_mod = p.module.last().expect("resource modules have a name");
        let items = emit_request(index, p, &mut rules)?;
        resources
            .entry(resource_mod)
            .or_insert_with(|| (p.method.resource.clone(), Vec::new()))
            .1
            .push(items);
    }
    let mods = resources.iter().map(|(id, (resource, items))| {
        let id = ident(id);
        let doc = format!(" Requests of the `{resource}` methods.");
        quote! {
            #[doc = #doc]
            pub mod #id {
                #( #items )*
            }
        }
    });
    let fns = rules.functions(index)?;
    let doc = format!(
        " The documented methods of `{}`: one module per resource, one request type per \
         method (see [`crate::http::Method`]).",
        module.proto
    );
    let tokens = quote! {
        #![doc = #doc]
        #( #mods )*
        #fns
    };
    let dir: Vec<&str> = module.path.iter().map(|p| naming::unraw(p)).collect();
    let file = format!("src/{}/{METHODS_MODULE}.rs", dir.join("/"));
    files.insert(file.clone(), render_file(tokens, &file)?);
    let id = ident(METHODS_MODULE);
    Ok(quote! {
        #[rustfmt::skip]
        pub mod #id;
    })
}

/// Root modules the crate needs for methods, checked against the packages' modules.
fn check_root(index: &Index) -> Result<(), EmitError> {
    for name in [HTTP_MODULE, HOOK_MODULE] {
        if let Some(m) = index.root.children.get(name) {
            return Err(EmitError::new(format!(
                "package `{}` would be module `crate::{name}`, which the runtime uses",
                m.proto
            )));
        }
    }
    Ok(())
}

/// `lib.rs` items: the runtime module and the test hook, which the test-only feature gates
/// (nothing without methods).
pub(crate) fn lib_items(index: &Index) -> Result<TokenStream, EmitError> {
    if index.schema.methods.is_empty() {
        return Ok(TokenStream::new());
    }
    check_root(index)?;
    let http = ident(HTTP_MODULE);
    let hook = ident(HOOK_MODULE);
    // A test hook like `__roundtrip`, and compiled only with it: users never pay for it.
    let feature = super::manifest::ROUNDTRIP_FEATURE;
    Ok(quote! {
        pub mod #http;
        #[cfg(feature = #feature)]
        #[rustfmt::skip]
        mod #hook;
        #[cfg(feature = #feature)]
        #[doc(hidden)]
        pub use #hook::__request;
    })
}

/// The crate docs' section on methods: how they are named, and every method grouped by
/// package and resource, each linking to its request type (gated like the type).
pub(crate) fn crate_docs(index: &Index) -> Result<TokenStream, EmitError> {
    let plan = Plan::build(index)?;
    let Some(first) = plan.methods.first() else {
        return Ok(TokenStream::new());
    };
    let m = first.method;
    let shown: Vec<&str> = first.module.iter().map(|s| naming::unraw(s)).collect();
    let intro = format!(
        "\n## Methods\n\n\
         Every documented method is a request type in the `methods` module of its service's \
         package,\nin a module named after its resource: `{}.{}` of `{}` is\n\
         `{}::{}`. `new` takes the required inputs (path parameters\nand required fields), \
         `set_*` methods the optional ones. The [`http::Method`] trait describes\nthe call \
         without an HTTP library (`to_http`: verb, percent-encoded path, query, JSON body;\n\
         hosts through [`http::Hosts`]), checks the constraints the pages state (`validate`), \
         and\nnames the response type. A method that returns an operation decodes its \
         `metadata` and\n`response` into the types its page names (`unpack_metadata`, \
         `unpack_response`).",
        m.resource,
        m.name,
        m.package,
        shown.join("::"),
        first.type_name
    );
    let mut attrs: Vec<TokenStream> = intro
        .lines()
        .map(|l| {
            let l = if l.is_empty() {
                String::new()
            } else {
                format!(" {l}")
            };
            quote! { #![doc = #l] }
        })
        .collect();
    // package → resource → methods.
    let mut groups: BTreeMap<&str, BTreeMap<&str, Vec<&Planned>>> = BTreeMap::new();
    for p in &plan.methods {
        groups
            .entry(p.method.package.as_str())
            .or_default()
            .entry(p.method.resource.as_str())
            .or_default()
            .push(p);
    }
    for (package, resources) in groups {
        let gate = index.features.of_package(package);
        let line = |text: String, features: BTreeSet<String>| {
            let text = if text.is_empty() {
                text
            } else {
                format!(" {text}")
            };
            if features.is_empty() {
                quote! { #![doc = #text] }
            } else {
                let p = predicate(&features);
                quote! { #![cfg_attr(#p, doc = #text)] }
            }
        };
        let pkg_features: BTreeSet<String> = gate.map(str::to_string).into_iter().collect();
        attrs.push(line(String::new(), pkg_features.clone()));
        attrs.push(line(format!("### `{package}`"), pkg_features.clone()));
        attrs.push(line(String::new(), pkg_features.clone()));
        for (resource, methods) in resources {
            // Methods needing more features than their package's are listed on lines of
            // their own, so that every link resolves whatever the features.
            let (plain, gated): (Vec<&&Planned>, Vec<&&Planned>) =
                methods.iter().partition(|p| p.foreign.is_empty());
            let entry = |p: &Planned| format!("[`{}`]({})", p.method.name, p.doc_path());
            if !plain.is_empty() {
                let list: Vec<String> = plain.iter().map(|p| entry(p)).collect();
                attrs.push(line(
                    format!("- `{resource}`: {}", list.join(", ")),
                    pkg_features.clone(),
                ));
            }
            for p in gated {
                attrs.push(line(format!("- `{resource}`: {}", entry(p)), p.features()));
            }
        }
    }
    Ok(quote! { #( #attrs )* })
}

/// `src/request_hook.rs`: builds any request by name from JSON arguments through its
/// constructor and setters, for tests that cover every method.
pub(crate) fn hook_rs(index: &Index) -> Result<String, EmitError> {
    let plan = Plan::build(index)?;
    let mut arms = Vec::new();
    for p in &plan.methods {
        let key = &p.key;
        let path = p.type_path();
        let gate = cfg(&p.features());
        let args = p.inputs.iter().filter(|i| i.required).map(|i| {
            let c = full_codec(index, i.field);
            let json = &i.field.json_name;
            quote! { crate::http::arg::<#c>(args, #json)? }
        });
        let sets = p.inputs.iter().filter(|i| !i.required).map(|i| {
            let c = full_codec(index, i.field);
            let json = &i.field.json_name;
            let setter = ident(&i.setter);
            quote! {
                let r = match crate::http::opt_arg::<#c>(args, #json)? {
                    Some(v) => r.#setter(v),
                    None => r,
                };
            }
        });
        arms.push(quote! {
            #gate
            #key => Some(build(|| {
                let r = #path::new( #( #args ),* );
                #( #sets )*
                Ok(r)
            })),
        });
    }
    // Every arm may be compiled out by features: the fallback arm uses `args` and no arm
    // diverges, so that no combination warns.
    let body = if arms.is_empty() {
        quote! {
            let _ = (name, args);
            None
        }
    } else {
        quote! {
            match name {
                #( #arms )*
                _ => {
                    let _ = args;
                    None
                }
            }
        }
    };
    let doc = docs::doc_attrs(
        "Builds the request of the method named `name` (`package.Resource.Method`) from\n\
         `args` (JSON names → proto3 JSON values) through its constructor and setters, and\n\
         returns its call and its validation; `None` when the crate has no such method. For\n\
         tests.",
    );
    let tokens = quote! {
        #![doc = " Any request by its method's name, for tests."]

        /// A call and its validation.
        pub type Built = (
            crate::http::HttpRequest,
            std::result::Result<(), crate::http::Violations>,
        );

        #doc
        #[inline]
        pub fn __request(
            name: &str,
            args: &crate::http::JsonObject,
        ) -> std::option::Option<std::result::Result<Built, crate::http::Error>> {
            #body
        }

        #[allow(dead_code)]
        fn build<M: crate::http::Method>(
            make: impl FnOnce() -> std::result::Result<M, crate::http::Error>,
        ) -> std::result::Result<Built, crate::http::Error> {
            let r = make()?;
            Ok((r.to_http()?, r.validate()))
        }
    };
    render_file(tokens, &format!("src/{HOOK_MODULE}.rs"))
}

// ---------------------------------------------------------------------------------------
// The example
// ---------------------------------------------------------------------------------------

/// A string value that needs escaping in a path or query.
const AWKWARD_ID: &str = "my id/1?#ü";

/// Whether every required input is a single string: the example can pass a literal.
fn string_inputs_only(p: &Planned) -> bool {
    p.inputs
        .iter()
        .filter(|i| i.required)
        .all(|i| i.field.label == Label::Singular && i.field.ty == Type::Scalar(Scalar::String))
}

/// A singular string field of `message` that the example can read back, by JSON name and
/// Rust name.
fn readable_string_field(index: &Index, message: &str) -> Option<(String, String)> {
    let msg = index.schema.messages.get(message)?;
    msg.fields
        .iter()
        .find(|f| {
            f.oneof.is_none()
                && f.label == Label::Singular
                && f.ty == Type::Scalar(Scalar::String)
                && f.json_name.chars().all(|c| c.is_ascii_alphanumeric())
                && naming::field_name(&f.json_name) != "unknown_fields"
        })
        .map(|f| (f.json_name.clone(), naming::field_name(&f.json_name)))
}

/// `examples/methods.rs` and the features it needs, or `None` without methods. The methods
/// it shows are chosen by what they have, not by name: the first whose response packs typed
/// messages, and the first with path and query parameters, among those whose required
/// inputs are strings.
pub(crate) fn example(
    index: &Index,
    opts: &GenerateOptions,
) -> Result<Option<(String, BTreeSet<String>)>, EmitError> {
    let plan = Plan::build(index)?;
    let usable = |p: &&Planned| string_inputs_only(p);
    let operation = plan
        .methods
        .iter()
        .filter(usable)
        .find(|p| p.packed.iter().any(|k| k.expected.is_some()));
    let listing = plan.methods.iter().filter(usable).find(|p| {
        p.inputs.iter().any(|i| i.place == Place::Path)
            && p.inputs.iter().any(|i| i.place == Place::Query)
    });
    let mut shown: Vec<&Planned> = Vec::new();
    shown.extend(operation);
    if let Some(l) = listing {
        if operation.map(|o| o.key != l.key).unwrap_or(true) {
            shown.push(l);
        }
    }
    if shown.is_empty() {
        let Some(first) = plan.methods.iter().find(usable) else {
            return Ok(None);
        };
        shown.push(first);
    }
    let krate = opts.crate_name.replace('-', "_");
    let mut features = BTreeSet::new();
    // `use` lines for the resource modules, aliased when two share a name.
    let mut uses: BTreeMap<Vec<String>, String> = BTreeMap::new();
    for p in &shown {
        features.extend(p.features());
        if !uses.contains_key(&p.module) {
            let base = naming::unraw(p.module.last().expect("named")).to_string();
            let mut name = base.clone();
            let mut n = 2;
            while uses.values().any(|v| *v == name) {
                name = format!("{base}_{n}");
                n += 1;
            }
            uses.insert(p.module.clone(), name);
        }
    }
    let mut text = String::new();
    text.push_str(HEADER);
    text.push_str(
        "\n//! Builds requests for documented methods, prints the HTTP call each describes, and\n\
         //! decodes an operation into the typed metadata and response its method names.\n\
         //!\n",
    );
    text.push_str(&format!(
        "//! Run with `cargo run -p {} --example {EXAMPLE}`.\n\n",
        opts.crate_name
    ));
    text.push_str(&format!("use {krate}::http::{{Hosts, Method}};\n"));
    for (module, alias) in &uses {
        let segs: Vec<&str> = module.iter().map(|s| s.as_str()).collect();
        let last = naming::unraw(segs.last().expect("named"));
        if last == alias {
            text.push_str(&format!("use {krate}::{};\n", segs.join("::")));
        } else {
            text.push_str(&format!("use {krate}::{} as {alias};\n", segs.join("::")));
        }
    }
    text.push_str(
        "\nfn main() -> Result<(), Box<dyn std::error::Error>> {\n    \
         // Hosts are the public endpoints unless overridden: `Hosts::new().set(\"api-host\", …)`.\n    \
         let hosts = Hosts::new();\n",
    );
    for (n, p) in shown.iter().enumerate() {
        let m = p.method;
        let var = format!("request_{}", n + 1);
        let ty = format!("{}::{}", uses[&p.module], p.type_name);
        let args: Vec<String> = p
            .inputs
            .iter()
            .filter(|i| i.required)
            .map(|i| {
                if i.place == Place::Path {
                    format!("{AWKWARD_ID:?}")
                } else {
                    format!("{:?}", format!("example-{}", i.field.json_name))
                }
            })
            .collect();
        text.push_str(&format!(
            "\n    // `{}.{}`: ids with `/`, `?`, `#`, spaces or non-ASCII keep the URL's shape.\n",
            m.resource, m.name
        ));
        let call = format!("    let {var} = {ty}::new({})", args.join(", "));
        let optional_query = p.inputs.iter().find(|i| {
            i.place == Place::Query
                && !i.required
                && i.field.label == Label::Singular
                && i.field.ty == Type::Scalar(Scalar::String)
        });
        match optional_query {
            Some(q) => text.push_str(&format!("{call}.{}({:?});\n", q.setter, "a token & more")),
            None => text.push_str(&format!("{call};\n")),
        }
        text.push_str(&format!(
            "    let call = {var}.to_http()?;\n    \
             println!(\"{{}} {{}}\", call.verb, call.url(&hosts));\n    \
             if let Some(body) = call.body_string() {{\n        \
             println!(\"body: {{body}}\");\n    \
             }}\n    \
             match {var}.validate() {{\n        \
             Ok(()) => println!(\"valid\"),\n        \
             Err(violations) => println!(\"not valid: {{violations}}\"),\n    \
             }}\n"
        ));
    }
    if let Some(op) = operation {
        let ty = format!("{}::{}", uses[&op.module], op.type_name);
        let mut json = serde_json::Map::new();
        let mut checks = String::new();
        for k in &op.packed {
            let Some(expected) = &k.expected else {
                continue;
            };
            let mut packed = serde_json::Map::new();
            packed.insert(
                "@type".into(),
                format!("type.googleapis.com/{expected}").into(),
            );
            let var = k.json.to_snake_case();
            checks.push_str(&format!(
                "    let {var} = {ty}::{}(&operation)?.ok_or(\"no {}\")?;\n",
                k.unpack, k.json
            ));
            match readable_string_field(index, expected) {
                Some((json_name, rust)) => {
                    packed.insert(json_name.clone(), "example".into());
                    checks.push_str(&format!(
                        "    println!(\"{}.{json_name} = {{:?}}\", {var}.{rust});\n    \
                         assert_eq!({var}.{rust}.as_deref(), Some(\"example\"));\n",
                        k.json
                    ));
                }
                None => checks.push_str(&format!("    println!(\"{}: {{{var}:?}}\");\n", k.json)),
            }
            json.insert(k.json.clone(), packed.into());
        }
        let pretty = serde_json::to_string_pretty(&serde_json::Value::Object(json))
            .map_err(|e| EmitError::new(format!("internal error: example JSON: {e}")))?;
        let indented: Vec<String> = pretty
            .lines()
            .enumerate()
            .map(|(i, l)| {
                if i == 0 {
                    l.to_string()
                } else {
                    format!("    {l}")
                }
            })
            .collect();
        text.push_str(&format!(
            "\n    // What `{}.{}` returns: an operation whose packed fields have the types its\n    \
             // page names.\n    \
             let json = r##\"{}\"##;\n    \
             let operation = {ty}::decode_response(json)?;\n{checks}",
            op.method.resource,
            op.method.name,
            indented.join("\n")
        ));
    }
    text.push_str("    Ok(())\n}\n");
    Ok(Some((text, features)))
}

/// The `[[example]]` section that keeps the example to the features it needs.
pub(crate) fn example_manifest(features: &BTreeSet<String>) -> String {
    if features.is_empty() {
        return String::new();
    }
    let list: Vec<String> = features.iter().map(|f| format!("{f:?}")).collect();
    format!(
        "\n[[example]]\nname = \"{EXAMPLE}\"\nrequired-features = [{}]\n",
        list.join(", ")
    )
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
