//! The method plan: for every documented method, where each field of its request message
//! goes (path, query or body), its host, its response and the types its operation packs,
//! checked once per run so that the emitters only print.

use super::index::{Index, Module};
use super::names::REQUESTS_MODULE;
use crate::error::EmitError;
use crate::naming;
use crate::schema::{Field, HostPart, Label, Message, Method, Response, Type};
use heck::ToSnakeCase;
use std::collections::{BTreeMap, BTreeSet};
use yandex_cloud_runtime::public_endpoint;

/// Well-known messages a response may name though the schema does not define them; the
/// emitters know the Rust type of each.
pub(crate) const WELL_KNOWN: &[&str] = &[
    "google.protobuf.Empty",
    "google.protobuf.Struct",
    "google.protobuf.Any",
];

fn is_well_known(name: &str) -> bool {
    WELL_KNOWN.contains(&name)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Place {
    Path,
    Query,
    Body,
}

/// One field of a request message and where the call carries it.
pub(crate) struct Input<'s> {
    pub field: &'s Field,
    pub place: Place,
}

/// A `google.protobuf.Any` field of the response message (an operation's `metadata`,
/// `response`), with the type the page says it holds.
pub(crate) struct Packed {
    pub json: String,
    /// `unpack_<field>` on the request type.
    pub unpack: String,
    /// Full name of the message the page names; `None` when the page shows a plain object.
    pub expected: Option<String>,
}

pub(crate) struct Planned<'s> {
    pub method: &'s Method,
    /// `package.Resource.Method`: unique across the crate.
    pub key: String,
    pub request: &'s Message,
    pub inputs: Vec<Input<'s>>,
    /// Whether the call has a JSON body: the page shows one (a `POST …:backup` may have
    /// none).
    pub body: bool,
    pub host: Vec<(bool, String, Option<&'static str>)>,
    pub packed: Vec<Packed>,
    /// Features of the method's package.
    pub own_feature: Option<String>,
    /// Features of types from other gated packages that the impl names.
    pub foreign: BTreeSet<String>,
}

impl<'s> Planned<'s> {
    /// Full name of the type a user sends: the request message, or the type that carries
    /// it when it is shared (`Method::request_type`).
    pub fn request_type(&self) -> &'s str {
        self.method
            .request_type
            .as_deref()
            .unwrap_or(&self.request.full_name)
    }

    /// Whether the request type carries a shared message (in its field `0`) rather than
    /// being the message.
    pub fn carried(&self) -> bool {
        self.method.request_type.is_some()
    }

    /// Every feature the impl needs.
    pub fn features(&self) -> BTreeSet<String> {
        let mut all = self.foreign.clone();
        all.extend(self.own_feature.clone());
        all
    }
}

/// The host a method's docs show: the public endpoint, or `{{ placeholder }}` where the
/// table knows none.
pub(crate) fn default_host(parts: &[(bool, String, Option<&'static str>)]) -> String {
    parts
        .iter()
        .map(
            |(placeholder, text, default)| match (placeholder, default) {
                (true, Some(host)) => host.to_string(),
                (true, None) => format!("{{{{ {text} }}}}"),
                (false, _) => text.clone(),
            },
        )
        .collect()
}

/// Where an error about a method is: `path:line:col: method …`, so that it reads like the
/// parser's errors (the page's title line stands for the method).
pub(crate) fn at(m: &Method) -> String {
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

/// The host's parts with the endpoint each placeholder stands for, from the host table
/// (`None` for a placeholder the table does not know: the page reader warned of it, and the
/// runtime asks the caller for it).
pub(crate) fn host_parts(m: &Method) -> Vec<(bool, String, Option<&'static str>)> {
    m.host
        .parts()
        .iter()
        .map(|part| match part {
            HostPart::Literal(text) => (false, text.clone(), None),
            HostPart::Placeholder(name) => (true, name.clone(), public_endpoint(name)),
        })
        .collect()
}

pub(crate) struct Plan<'s> {
    pub methods: Vec<Planned<'s>>,
}

impl<'s> Plan<'s> {
    /// Every method's plan, built once per run; the errors of every method that cannot be
    /// planned, all of them.
    pub fn build(index: &Index<'s>) -> Result<Self, EmitError> {
        let mut methods = Vec::new();
        let mut errors = Vec::new();
        let mut keys = BTreeSet::new();
        for m in &index.schema.methods {
            let key = format!("{}.{}.{}", m.package, m.resource, m.name);
            if !keys.insert(key.clone()) {
                errors.push(EmitError::new(format!("{}: documented twice", at(m))));
                continue;
            }
            match plan_one(index, m, key) {
                Ok(p) => methods.push(p),
                Err(e) => errors.push(e),
            }
        }
        match EmitError::all(errors) {
            Some(e) => Err(e),
            None => Ok(Plan { methods }),
        }
    }

    /// The methods of `package`.
    pub fn of_package<'p>(&'p self, package: &'p str) -> impl Iterator<Item = &'p Planned<'s>> {
        self.methods
            .iter()
            .filter(move |p| p.method.package == package)
    }
}

/// One method's plan.
fn plan_one<'s>(index: &Index<'s>, m: &'s Method, key: String) -> Result<Planned<'s>, EmitError> {
    let schema = index.schema;
    {
        {
            let pkg = package_module(index, &m.package).ok_or_else(|| {
                EmitError::new(format!(
                    "{}: package `{}` declares no message or enum, so it has no module to hold \
                     its methods",
                    at(m),
                    m.package
                ))
            })?;
            if pkg.children.contains_key(REQUESTS_MODULE) {
                return Err(EmitError::new(format!(
                    "{}: `{}` already has a module `{REQUESTS_MODULE}` (`{}`), which the request \
                     impls need",
                    at(m),
                    m.package,
                    pkg.children[REQUESTS_MODULE].proto
                )));
            }
            let host = host_parts(m);
            let (request, inputs) = inputs(index, m)?;
            let (response_name, response_msg) = match &m.response {
                Response::Message { name, .. } => match schema.messages.get(name) {
                    Some(msg) => (Some(name.clone()), Some(msg)),
                    None if is_well_known(name) => (None, None),
                    None => {
                        return Err(EmitError::new(format!(
                            "{}: response `{name}` is not a message the schema defines",
                            at(m)
                        )))
                    }
                },
                Response::Empty => (None, None),
            };
            let packed = packed_fields(index, m, response_msg)?;
            let own_feature = index.features.of_package(&m.package).map(str::to_string);
            let mut referenced: Vec<&str> = Vec::new();
            referenced.extend(response_name.as_deref());
            referenced.extend(packed.iter().filter_map(|p| p.expected.as_deref()));
            let foreign = referenced
                .iter()
                .filter_map(|t| index.features.of_type(t))
                .filter(|f| Some(*f) != own_feature.as_deref())
                .map(str::to_string)
                .collect();
            let body = !m.body_fields.is_empty();
            Ok(Planned {
                method: m,
                key,
                request,
                inputs,
                body,
                host,
                packed,
                own_feature,
                foreign,
            })
        }
    }
}

/// The request message of a method and where each of its fields goes: path parameters into
/// the path, query parameters into the query, the rest into the body, or, for a method
/// without a body, into the query too, as grpc-gateway reads it.
fn inputs<'s>(
    index: &Index<'s>,
    m: &'s Method,
) -> Result<(&'s Message, Vec<Input<'s>>), EmitError> {
    let holes: Vec<&str> = m.path.params().collect();
    let path: BTreeSet<&str> = m.path_params.iter().map(|f| f.json_name.as_str()).collect();
    let query: BTreeSet<&str> = m
        .query_params
        .iter()
        .map(|f| f.json_name.as_str())
        .collect();
    for hole in &holes {
        if !path.contains(hole) {
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
    let name = m.request_message.as_deref().ok_or_else(|| {
        EmitError::new(format!(
            "{}: has no request message (lowering gives every method one)",
            at(m)
        ))
    })?;
    let msg = index.schema.messages.get(name).ok_or_else(|| {
        EmitError::new(format!(
            "{}: request message `{name}` is not in the schema",
            at(m)
        ))
    })?;
    for p in m.path_params.iter().chain(&m.query_params) {
        match msg.fields.iter().find(|f| f.json_name == p.json_name) {
            None => {
                return Err(EmitError::new(format!(
                    "{}: parameter `{}` is not a field of the request message `{name}`",
                    at(m),
                    p.json_name
                )))
            }
            Some(f) if path.contains(f.json_name.as_str()) && f.oneof.is_some() => {
                return Err(EmitError::new(format!(
                    "{}: path parameter `{}` is a oneof member of `{name}`",
                    at(m),
                    p.json_name
                )))
            }
            Some(_) => {}
        }
    }
    let inputs = msg
        .fields
        .iter()
        .map(|f| {
            let json = f.json_name.as_str();
            let place = if path.contains(json) {
                Place::Path
            } else if query.contains(json) {
                Place::Query
            } else {
                Place::Body
            };
            Input { field: f, place }
        })
        .collect();
    Ok((msg, inputs))
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
        let expected = match packed_map.get(&f.json_name) {
            Some(name) => {
                if !index.paths.contains_key(name) && !is_well_known(name) {
                    return Err(EmitError::new(format!(
                        "{}: `{}` holds `{name}`, which the schema does not define",
                        at(m),
                        f.json_name
                    )));
                }
                Some(name.clone())
            }
            None => None,
        };
        out.push(Packed {
            json: f.json_name.clone(),
            unpack: format!("unpack_{}", f.json_name.to_snake_case()),
            expected,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::Origin;

    fn method(host: &str, path: &str) -> Method {
        Method {
            package: "yandex.cloud.t.v1".into(),
            resource: "Thing".into(),
            name: "Get".into(),
            docs: String::new(),
            http_method: Default::default(),
            host: crate::schema::HostTemplate::parse(host).unwrap(),
            path: crate::schema::PathTemplate::parse(path).unwrap(),
            path_params: vec![],
            query_params: vec![],
            request_message: None,
            request_type: None,
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
        let parts = host_parts(&method("api-host-mdb", "/"));
        assert_eq!(
            parts,
            vec![(
                true,
                "api-host-mdb".into(),
                Some("mdb.api.cloud.yandex.net")
            )]
        );
        let parts = host_parts(&method("vpc.{{ api-host }}", "/"));
        assert_eq!(
            parts,
            vec![
                (false, "vpc.".into(), None),
                (true, "api-host".into(), Some("api.cloud.yandex.net"))
            ]
        );
        assert_eq!(default_host(&parts), "vpc.api.cloud.yandex.net");
        let parts = host_parts(&method("example.com:8443", "/"));
        assert_eq!(parts, vec![(false, "example.com:8443".into(), None)]);
        // A placeholder the table does not know has no endpoint; the docs show it as is.
        let parts = host_parts(&method("x.{{ api-host-nowhere }}", "/"));
        assert_eq!(parts[1], (true, "api-host-nowhere".into(), None));
        assert_eq!(default_host(&parts), "x.{{ api-host-nowhere }}");
    }
}
