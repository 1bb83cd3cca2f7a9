//! Cargo features per service, so that a user of one service compiles only it and the
//! shared types it needs.
//!
//! The rule: a proto package that documents methods is a service package, and gets the
//! feature named after its package below `yandex.cloud`, version segments left out
//! (`yandex.cloud.mdb.spqr.v1` → `mdb-spqr`, `yandex.cloud.vpc.v1.privatelink` →
//! `vpc-privatelink`). Every other package (operations, `google.*`, types shared by several
//! services such as `yandex.cloud.mdb.v1`) is shared and always compiled. A feature enables
//! the features whose types its types use, and the feature of a service whose module it is
//! nested in; a service package that a shared package uses is shared itself, since a shared
//! type cannot depend on a feature. The operation service is shared though it has methods
//! ([`OPERATION_PACKAGE`]).

use crate::naming::{package_of, OPERATION_PACKAGE, ROOT_PACKAGE};
use crate::schema::{Schema, Type};
use std::collections::{BTreeMap, BTreeSet};

#[derive(Debug, Default)]
pub(crate) struct Features {
    /// Proto package → its feature; packages absent here are always compiled.
    pub by_package: BTreeMap<String, String>,
    /// Feature → the features it enables.
    pub enables: BTreeMap<String, BTreeSet<String>>,
}

impl Features {
    pub fn of_package(&self, package: &str) -> Option<&str> {
        self.by_package.get(package).map(String::as_str)
    }

    /// The feature gating a message or enum, by its full name.
    pub fn of_type(&self, full_name: &str) -> Option<&str> {
        self.of_package(&package_of(full_name))
    }

    /// Whether package `to` is compiled whenever package `from` is: `to` is always
    /// compiled, or gated by `from`'s feature or one that feature turns on.
    pub fn reaches(&self, from: &str, to: &str) -> bool {
        let Some(target) = self.of_package(to) else {
            return true;
        };
        let Some(start) = self.of_package(from) else {
            return false;
        };
        let mut seen = BTreeSet::new();
        let mut stack = vec![start];
        while let Some(f) = stack.pop() {
            if f == target {
                return true;
            }
            if seen.insert(f) {
                stack.extend(
                    self.enables
                        .get(f)
                        .into_iter()
                        .flatten()
                        .map(String::as_str),
                );
            }
        }
        false
    }
}

/// `yandex.cloud.mdb.spqr.v1` → `mdb-spqr`; None outside `yandex.cloud` or when nothing but
/// versions is left.
pub(crate) fn feature_name(package: &str) -> Option<String> {
    let rest = package.strip_prefix(ROOT_PACKAGE)?.strip_prefix('.')?;
    let parts: Vec<String> = rest
        .split('.')
        .filter(|s| !is_version(s))
        .map(|s| s.replace('_', "-").to_ascii_lowercase())
        .collect();
    (!parts.is_empty()).then(|| parts.join("-"))
}

/// `v1`, `v2alpha`, `v1beta1`: a version segment.
fn is_version(segment: &str) -> bool {
    segment
        .strip_prefix('v')
        .is_some_and(|r| r.starts_with(|c: char| c.is_ascii_digit()))
}

pub(crate) fn plan(schema: &Schema) -> Features {
    let packages: BTreeSet<String> = schema
        .messages
        .keys()
        .chain(schema.enums.keys())
        .map(|n| package_of(n))
        .collect();
    let service: BTreeSet<String> = schema
        .methods
        .iter()
        .map(|m| m.package.clone())
        .filter(|p| packages.contains(p) && feature_name(p).is_some())
        // The operation service has methods but serves every service: never a feature.
        .filter(|p| p.as_str() != OPERATION_PACKAGE)
        .collect();
    // Package → packages its types use.
    let mut uses: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (name, msg) in &schema.messages {
        let from = package_of(name);
        for f in &msg.fields {
            if let Type::Message(t) | Type::Enum(t) = &f.ty {
                let to = package_of(t);
                if to != from {
                    uses.entry(from.clone()).or_default().insert(to);
                }
            }
        }
    }
    // A request type carrying a message of another package uses that package.
    for m in &schema.methods {
        if let (Some(_), Some(carried)) = (&m.request_type, &m.request_message) {
            let to = package_of(carried);
            if to != m.package {
                uses.entry(m.package.clone()).or_default().insert(to);
            }
        }
    }
    // Shared packages and everything they reach are always compiled.
    let mut always: BTreeSet<String> = packages
        .iter()
        .filter(|p| !service.contains(*p))
        .cloned()
        .collect();
    let mut stack: Vec<String> = always.iter().cloned().collect();
    while let Some(p) = stack.pop() {
        for q in uses.get(&p).into_iter().flatten() {
            if always.insert(q.clone()) {
                stack.push(q.clone());
            }
        }
    }
    let mut out = Features::default();
    for p in &service {
        if !always.contains(p) {
            let f = feature_name(p).expect("service packages have one");
            out.by_package.insert(p.clone(), f.clone());
            out.enables.entry(f).or_default();
        }
    }
    // A service package nested in another's module (`vpc.v1.privatelink` in `vpc::v1`)
    // needs the enclosing module, so its feature enables the other's.
    for (p, f) in &out.by_package.clone() {
        for (q, g) in &out.by_package {
            if p.starts_with(&format!("{q}.")) && f != g {
                out.enables.entry(f.clone()).or_default().insert(g.clone());
            }
        }
    }
    for (from, tos) in &uses {
        let Some(ff) = out.by_package.get(from).cloned() else {
            continue;
        };
        for to in tos {
            if let Some(tf) = out.by_package.get(to) {
                if *tf != ff {
                    out.enables
                        .entry(ff.clone())
                        .or_default()
                        .insert(tf.clone());
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::{Field, Label, Message, Method, Origin, Response};

    #[test]
    fn names_drop_the_root_and_versions() {
        assert_eq!(
            feature_name("yandex.cloud.mdb.spqr.v1").as_deref(),
            Some("mdb-spqr")
        );
        assert_eq!(feature_name("yandex.cloud.vpc.v1").as_deref(), Some("vpc"));
        assert_eq!(
            feature_name("yandex.cloud.vpc.v1.privatelink").as_deref(),
            Some("vpc-privatelink")
        );
        assert_eq!(
            feature_name("yandex.cloud.serverless.apigateway.v1").as_deref(),
            Some("serverless-apigateway")
        );
        assert_eq!(
            feature_name("yandex.cloud.ai.v2alpha").as_deref(),
            Some("ai")
        );
        assert_eq!(feature_name("google.rpc"), None);
        assert_eq!(feature_name("yandex.cloud.v1"), None);
    }

    fn message(name: &str, uses: &[&str]) -> (String, Message) {
        let fields = uses
            .iter()
            .map(|t| Field {
                json_name: format!("f{}", t.len()),
                ty: Type::Message(t.to_string()),
                label: Label::Singular,
                required: false,
                deprecated: false,
                docs: String::new(),
                oneof: None,
                constraints: Default::default(),
                origin: Origin::default(),
            })
            .collect();
        (
            name.to_string(),
            Message {
                full_name: name.to_string(),
                fields,
                ..Message::default()
            },
        )
    }

    fn method(package: &str) -> Method {
        Method {
            package: package.to_string(),
            resource: "R".into(),
            name: "M".into(),
            docs: String::new(),
            http_method: crate::schema::Verb::parse("GET").unwrap(),
            host: crate::schema::HostTemplate::parse("h").unwrap(),
            path: crate::schema::PathTemplate::parse("/").unwrap(),
            path_params: vec![],
            query_params: vec![],
            request_message: None,
            request_type: None,
            body_fields: vec![],
            response: Response::Empty,
            origin: Origin::default(),
        }
    }

    #[test]
    fn services_are_gated_shared_packages_are_not() {
        let schema = Schema {
            messages: [
                message(
                    "yandex.cloud.a.v1.A",
                    &["yandex.cloud.b.v1.B", "google.rpc.Status"],
                ),
                message("yandex.cloud.b.v1.B", &[]),
                message("yandex.cloud.c.v1.C", &[]),
                message("yandex.cloud.operation.Operation", &["yandex.cloud.c.v1.C"]),
                message("google.rpc.Status", &[]),
            ]
            .into_iter()
            .collect(),
            enums: Default::default(),
            methods: vec![
                method("yandex.cloud.a.v1"),
                method("yandex.cloud.b.v1"),
                method("yandex.cloud.c.v1"),
            ],
        };
        let f = plan(&schema);
        assert_eq!(f.of_type("yandex.cloud.a.v1.A"), Some("a"));
        assert_eq!(f.of_type("yandex.cloud.b.v1.B"), Some("b"));
        // `c` is used by a shared package, so it is shared itself.
        assert_eq!(f.of_type("yandex.cloud.c.v1.C"), None);
        assert_eq!(f.of_type("google.rpc.Status"), None);
        assert_eq!(f.of_type("yandex.cloud.operation.Operation"), None);
        assert_eq!(f.enables["a"], ["b".to_string()].into_iter().collect());
        assert!(f.enables["b"].is_empty());
        assert!(!f.enables.contains_key("c"));
    }

    #[test]
    fn a_nested_service_enables_the_enclosing_one() {
        let schema = Schema {
            messages: [
                message("yandex.cloud.vpc.v1.Network", &[]),
                message("yandex.cloud.vpc.v1.privatelink.PrivateEndpoint", &[]),
            ]
            .into_iter()
            .collect(),
            enums: Default::default(),
            methods: vec![
                method("yandex.cloud.vpc.v1"),
                method("yandex.cloud.vpc.v1.privatelink"),
            ],
        };
        let f = plan(&schema);
        assert_eq!(
            f.enables["vpc-privatelink"],
            ["vpc".to_string()].into_iter().collect()
        );
        assert!(f.enables["vpc"].is_empty());
        // What is compiled whenever a package is: itself, shared packages, and the
        // packages of the features its feature turns on, not the other way round.
        let (vpc, link) = ("yandex.cloud.vpc.v1", "yandex.cloud.vpc.v1.privatelink");
        assert!(f.reaches(link, vpc) && f.reaches(link, link) && f.reaches(vpc, vpc));
        assert!(!f.reaches(vpc, link));
        assert!(f.reaches(vpc, "google.rpc") && !f.reaches("google.rpc", vpc));
    }
}
