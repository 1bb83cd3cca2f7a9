//! Where everything goes: the module tree, the Rust path of every message, enum and oneof
//! enum, which fields are boxed, and the collisions the naming rules cannot resolve.
//!
//! The file passes 600 lines only with its unit tests, kept beside the code; the code is
//! about 540 lines.

use super::names::RESERVED_ROOT_MODULES;
use crate::error::EmitError;
use crate::naming::{self, ProtoName};
use crate::schema::{Field, Label, Message, Schema, Type};
use std::collections::{BTreeMap, BTreeSet};

/// A module of the generated crate: the root, a proto package (a file), or the items nested
/// in a message (an inline module of its package's file).
#[derive(Debug, Default)]
pub(crate) struct Module {
    /// Identifiers after `crate` (raw where needed: `google`, `r#type`).
    pub path: Vec<String>,
    /// The proto package or message this module stands for (empty for the root).
    pub proto: String,
    pub is_package: bool,
    /// Child modules by identifier: packages and message modules.
    pub children: BTreeMap<String, Module>,
    /// Messages declared here (full names, sorted).
    pub messages: Vec<String>,
    /// Enums declared here (full names, sorted).
    pub enums: Vec<String>,
    /// Oneof enums declared here: (message full name, oneof index), sorted.
    pub oneofs: Vec<(String, usize)>,
    /// Request types declared here that carry a shared request message (full names, sorted;
    /// see `Method::request_type`).
    pub carriers: Vec<String>,
}

impl Module {
    /// Messages, enums and oneof enums declared in this module and in its inline (message)
    /// modules: what its file holds.
    pub fn types_inline(&self) -> usize {
        self.messages.len()
            + self.carriers.len()
            + self.enums.len()
            + self.oneofs.len()
            + self
                .children
                .values()
                .filter(|c| !c.is_package)
                .map(Module::types_inline)
                .sum::<usize>()
    }
}

pub(crate) struct Index<'s> {
    pub schema: &'s Schema,
    /// Identifiers after `crate` of every message and enum, by full name.
    pub paths: BTreeMap<String, Vec<String>>,
    /// Identifiers after `crate` of every oneof enum, by (message full name, oneof index).
    pub oneof_paths: BTreeMap<(String, usize), Vec<String>>,
    /// Singular message fields (and oneof members) stored boxed: (message, JSON name).
    pub boxed: BTreeSet<(String, String)>,
    pub root: Module,
    /// The Cargo feature of each service package.
    pub features: super::features::Features,
    /// Messages whose values have something to validate, computed once on first use by the
    /// method emitter (recomputing it per package made generation quadratic).
    pub messages_with_rules: std::sync::OnceLock<BTreeSet<String>>,
    /// Indices into `schema.methods` by package (scanning every method for every package
    /// made generation quadratic in the number of services).
    pub methods_by_package: BTreeMap<String, Vec<usize>>,
    /// The method each request type is the request of (an index into `schema.methods`;
    /// lowering made the relation one-to-one): a request message, or a carrier.
    pub request_of: BTreeMap<String, usize>,
    /// The methods whose carriers carry each shared request message.
    pub carried_by: BTreeMap<String, Vec<usize>>,
}

impl<'s> Index<'s> {
    pub fn build(schema: &'s Schema) -> Result<Self, EmitError> {
        let mut index = Index {
            schema,
            paths: BTreeMap::new(),
            oneof_paths: BTreeMap::new(),
            boxed: BTreeSet::new(),
            root: Module::default(),
            features: super::features::plan(schema),
            messages_with_rules: std::sync::OnceLock::new(),
            methods_by_package: BTreeMap::new(),
            request_of: BTreeMap::new(),
            carried_by: BTreeMap::new(),
        };
        for (i, m) in schema.methods.iter().enumerate() {
            match (&m.request_type, &m.request_message) {
                (Some(t), Some(r)) => {
                    index.request_of.insert(t.clone(), i);
                    index.carried_by.entry(r.clone()).or_default().push(i);
                }
                (None, Some(r)) => {
                    index.request_of.insert(r.clone(), i);
                }
                _ => {}
            }
            index
                .methods_by_package
                .entry(m.package.clone())
                .or_default()
                .push(i);
        }
        // Every item's problem is reported, not only the first; later steps need the
        // earlier ones whole, so each step stops the build when it found any.
        let mut errors: Vec<EmitError> = Vec::new();
        // Packages first, so that a message module meeting a package module of the same name
        // is the one that yields, whatever the order of names.
        for name in schema.messages.keys().chain(schema.enums.keys()) {
            let placed = ProtoName::parse(name)
                .map_err(EmitError::from)
                .and_then(|pn| index.scope_module(pn.package, &[], name).map(|_| ()));
            errors.extend(placed.err());
        }
        stop_on(&mut errors)?;
        for (name, msg) in &schema.messages {
            if *name != msg.full_name {
                errors.push(EmitError::new(format!(
                    "message keyed `{name}` is named `{}`",
                    msg.full_name
                )));
                continue;
            }
            if let Err(e) = index.place(name, Item::Message) {
                errors.push(e);
            }
        }
        for name in schema.enums.keys() {
            if let Err(e) = index.place(name, Item::Enum) {
                errors.push(e);
            }
        }
        for name in schema
            .methods
            .iter()
            .filter_map(|m| m.request_type.as_ref())
        {
            if let Err(e) = index.place(name, Item::Carrier) {
                errors.push(e);
            }
        }
        for (name, msg) in &schema.messages {
            if let Err(e) = check_fields(schema, msg) {
                errors.push(e);
                continue;
            }
            let Ok(pn) = ProtoName::parse(name) else {
                continue;
            };
            let mut scope = pn.parents.clone();
            scope.push(pn.name);
            for i in 0..msg.oneofs.len() {
                if oneof_members(msg, i).next().is_some() {
                    match index.scope_module(pn.package, &scope, name) {
                        Ok(module) => module.oneofs.push((name.clone(), i)),
                        Err(e) => errors.push(e),
                    }
                }
            }
        }
        stop_on(&mut errors)?;
        sort_items(&mut index.root, &index.paths);
        let mut oneof_paths = BTreeMap::new();
        check_names(&index.root, schema, &mut oneof_paths, &mut errors);
        stop_on(&mut errors)?;
        index.oneof_paths = oneof_paths;
        index.boxed = boxed_fields(schema);
        Ok(index)
    }

    /// Places item `name` in its module and records its Rust path.
    fn place(&mut self, name: &str, item: Item) -> Result<(), EmitError> {
        let pn = ProtoName::parse(name)?;
        let module = self.scope_module(pn.package, &pn.parents, name)?;
        match item {
            Item::Message => module.messages.push(name.to_string()),
            Item::Enum => module.enums.push(name.to_string()),
            Item::Carrier => module.carriers.push(name.to_string()),
        }
        let mut path = module.path.clone();
        path.push(naming::type_name(pn.name));
        self.paths.insert(name.to_string(), path);
        Ok(())
    }

    /// The module holding the items of `package` + `parents` (created on first use).
    fn scope_module(
        &mut self,
        package: &str,
        parents: &[&str],
        for_name: &str,
    ) -> Result<&mut Module, EmitError> {
        let modules = naming::package_modules(package);
        if modules.is_empty() {
            return Err(EmitError::new(format!(
                "`{for_name}` has no package below `{}`: it would have no module",
                naming::ROOT_PACKAGE
            )));
        }
        let (base, rest): (String, Vec<&str>) = match package
            .strip_prefix(naming::ROOT_PACKAGE)
            .and_then(|r| r.strip_prefix('.'))
        {
            Some(rest) => (naming::ROOT_PACKAGE.to_string(), rest.split('.').collect()),
            None => (String::new(), package.split('.').collect()),
        };
        let mut steps: Vec<(String, String, bool)> = Vec::new();
        for (i, ident) in modules.iter().enumerate() {
            let joined = rest[..=i].join(".");
            let proto = if base.is_empty() {
                joined
            } else {
                format!("{base}.{joined}")
            };
            steps.push((ident.clone(), proto, true));
        }
        let mut proto = package.to_string();
        for parent in parents {
            proto = format!("{proto}.{parent}");
            steps.push((naming::module_name(parent), proto.clone(), false));
        }
        let mut module = &mut self.root;
        for (depth, (mut ident, proto, is_package)) in steps.into_iter().enumerate() {
            // A message's module yields to a package module of the same name: `config_`.
            if !is_package && module.children.get(&ident).is_some_and(|c| c.is_package) {
                ident = format!("{}_", naming::unraw(&ident));
            }
            if !naming::is_valid_ident(&ident) {
                return Err(EmitError::new(format!(
                    "`{proto}` gives no Rust module name"
                )));
            }
            if depth == 0 && RESERVED_ROOT_MODULES.contains(&ident.as_str()) {
                return Err(EmitError::new(format!(
                    "package `{proto}` would be module `crate::{ident}`, which the crate uses \
                     for the runtime"
                )));
            }
            let mut path = module.path.clone();
            path.push(ident.clone());
            let child = module
                .children
                .entry(ident.clone())
                .or_insert_with(|| Module {
                    path: path.clone(),
                    proto: proto.clone(),
                    is_package,
                    ..Module::default()
                });
            if child.proto != proto {
                return Err(EmitError::new(format!(
                    "`{}` and `{proto}` would both be module `crate::{}`",
                    child.proto,
                    path.join("::")
                )));
            }
            module = child;
        }
        Ok(module)
    }

    /// The feature a module's declaration is gated by: its package's, or, for a module that
    /// only holds packages of one feature (`mdb::spqr` holding `v1`), that feature.
    pub fn module_feature(&self, module: &Module) -> Option<String> {
        if let Some(f) = self.features.of_package(&module.proto) {
            return Some(f.to_string());
        }
        if !module.messages.is_empty()
            || !module.enums.is_empty()
            || !module.carriers.is_empty()
            || module.children.is_empty()
        {
            return None;
        }
        let mut found: Option<String> = None;
        for child in module.children.values() {
            let f = self.module_feature(child)?;
            match &found {
                Some(g) if *g != f => return None,
                _ => found = Some(f),
            }
        }
        found
    }

    /// `crate::…` path of a message or enum.
    pub fn type_path(&self, full_name: &str) -> Option<String> {
        self.paths
            .get(full_name)
            .map(|p| format!("crate::{}", p.join("::")))
    }

    /// Intra-doc link path of a message or enum. Rustdoc reads `#` in a link as the start of
    /// a fragment, and resolves keywords without `r#`: `crate::google::type::TimeOfDay`.
    pub fn doc_path(&self, full_name: &str) -> Option<String> {
        self.paths.get(full_name).map(|p| {
            let segments: Vec<&str> = p.iter().map(|s| naming::unraw(s)).collect();
            format!("crate::{}", segments.join("::"))
        })
    }

    /// Finds the module at `path` (identifiers after `crate`).
    #[cfg(test)]
    pub fn module(&self, path: &[String]) -> Option<&Module> {
        let mut m = &self.root;
        for p in path {
            m = m.children.get(p)?;
        }
        Some(m)
    }
}

/// What [`Index::place`] places.
#[derive(Clone, Copy)]
enum Item {
    Message,
    Enum,
    Carrier,
}

/// Orders the items of every module by their Rust names.
fn sort_items(module: &mut Module, paths: &BTreeMap<String, Vec<String>>) {
    let key = |name: &String| paths[name].last().cloned().unwrap_or_default();
    module.messages.sort_by_key(key);
    module.enums.sort_by_key(key);
    module.carriers.sort_by_key(key);
    for child in module.children.values_mut() {
        sort_items(child, paths);
    }
}

/// The fields of oneof `i`, in page order.
pub(crate) fn oneof_members(msg: &Message, i: usize) -> impl Iterator<Item = &Field> {
    msg.fields.iter().filter(move |f| f.oneof == Some(i))
}

/// The name a oneof is emitted under: the schema's, or derived when the schema has none.
pub(crate) fn oneof_proto_name(msg: &Message, i: usize) -> String {
    let name = msg.oneofs[i].name.trim();
    if name.is_empty() {
        let members: Vec<&str> = oneof_members(msg, i)
            .map(|f| f.json_name.as_str())
            .collect();
        naming::oneof_name(&members)
    } else {
        name.to_string()
    }
}

fn at(msg: &Message, f: &Field) -> String {
    let mut s = format!("`{}.{}`", msg.full_name, f.json_name);
    if !f.origin.file.is_empty() {
        s.push_str(&format!(" ({})", f.origin));
    }
    s
}

/// Every field refers to a type the schema defines, and oneofs are well-formed.
fn check_fields(schema: &Schema, msg: &Message) -> Result<(), EmitError> {
    for f in &msg.fields {
        match &f.ty {
            Type::Message(t) if !schema.messages.contains_key(t) => {
                return Err(EmitError::new(format!(
                    "{} refers to message `{t}`, which the schema does not define",
                    at(msg, f)
                )))
            }
            Type::Enum(t) if !schema.enums.contains_key(t) => {
                return Err(EmitError::new(format!(
                    "{} refers to enum `{t}`, which the schema does not define",
                    at(msg, f)
                )))
            }
            _ => {}
        }
        if let Some(i) = f.oneof {
            if i >= msg.oneofs.len() {
                return Err(EmitError::new(format!(
                    "{} is in oneof #{i}, but the message has {} oneofs",
                    at(msg, f),
                    msg.oneofs.len()
                )));
            }
            if f.label != Label::Singular {
                return Err(EmitError::new(format!(
                    "{} is a oneof member but not singular",
                    at(msg, f)
                )));
            }
        }
    }
    Ok(())
}

/// Checks that the items and child modules of every module have distinct names, and names
/// the oneof enums (adding `Oneof` when the plain name is taken).
fn check_names(
    module: &Module,
    schema: &Schema,
    oneof_paths: &mut BTreeMap<(String, usize), Vec<String>>,
    errors: &mut Vec<EmitError>,
) {
    let mut taken: BTreeMap<String, String> = BTreeMap::new();
    let claim = |taken: &mut BTreeMap<String, String>,
                 name: String,
                 what: String|
     -> Result<(), EmitError> {
        if let Some(other) = taken.get(&name) {
            let mut path = module.path.clone();
            path.push(name);
            return Err(EmitError::new(format!(
                "{other} and {what} would both be `crate::{}`",
                path.join("::")
            )));
        }
        taken.insert(name, what);
        Ok(())
    };
    for (ident, child) in &module.children {
        let what = format!("the module of `{}`", child.proto);
        errors.extend(claim(&mut taken, ident.clone(), what).err());
    }
    for name in module
        .messages
        .iter()
        .chain(&module.enums)
        .chain(&module.carriers)
    {
        let short = name.rsplit('.').next().unwrap_or(name);
        if !naming::is_valid_ident(&naming::type_name(short)) {
            errors.push(EmitError::new(format!("`{name}` gives no Rust type name")));
            continue;
        }
        let what = format!("`{name}`");
        errors.extend(claim(&mut taken, naming::type_name(short), what).err());
    }
    for (msg_name, i) in &module.oneofs {
        let msg = &schema.messages[msg_name];
        let base = naming::oneof_enum_name(&oneof_proto_name(msg, *i));
        let what = format!("oneof `{}` of `{msg_name}`", oneof_proto_name(msg, *i));
        let name = if taken.contains_key(&base) {
            format!("{base}Oneof")
        } else {
            base
        };
        if let Err(e) = claim(&mut taken, name.clone(), what) {
            errors.push(e);
            continue;
        }
        let mut path = module.path.clone();
        path.push(name);
        oneof_paths.insert((msg_name.clone(), *i), path);
    }
    for child in module.children.values() {
        check_names(child, schema, oneof_paths, errors);
    }
}

/// `Err` with every error gathered so far, which it takes; `Ok` when there is none.
fn stop_on(errors: &mut Vec<EmitError>) -> Result<(), EmitError> {
    match EmitError::all(errors.drain(..)) {
        Some(e) => Err(e),
        None => Ok(()),
    }
}

/// Singular message-typed fields whose target lies on a cycle with the message holding them:
/// the edges inside a strongly connected component of the "holds by value" graph (like
/// prost-build's message graph; `Vec`/`BTreeMap` already hold by pointer and are not edges).
/// Boxing every such edge is deterministic and does not depend on traversal order.
fn boxed_fields(schema: &Schema) -> BTreeSet<(String, String)> {
    let names: Vec<&String> = schema.messages.keys().collect();
    let id: BTreeMap<&str, usize> = names
        .iter()
        .enumerate()
        .map(|(i, n)| (n.as_str(), i))
        .collect();
    let n = names.len();
    let mut edges: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut redges: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (u, name) in names.iter().enumerate() {
        for f in &schema.messages[*name].fields {
            if let (Label::Singular, Type::Message(t)) = (f.label, &f.ty) {
                if let Some(&v) = id.get(t.as_str()) {
                    edges[u].push(v);
                    redges[v].push(u);
                }
            }
        }
    }
    // Kosaraju, iteratively: finishing order on the graph, then components on its reverse.
    let mut order = Vec::with_capacity(n);
    let mut seen = vec![false; n];
    for s in 0..n {
        if seen[s] {
            continue;
        }
        seen[s] = true;
        let mut stack = vec![(s, 0usize)];
        while let Some((u, k)) = stack.pop() {
            if k < edges[u].len() {
                stack.push((u, k + 1));
                let v = edges[u][k];
                if !seen[v] {
                    seen[v] = true;
                    stack.push((v, 0));
                }
            } else {
                order.push(u);
            }
        }
    }
    let mut comp = vec![usize::MAX; n];
    for (c, &s) in order.iter().rev().enumerate() {
        if comp[s] != usize::MAX {
            continue;
        }
        comp[s] = c;
        let mut stack = vec![s];
        while let Some(u) = stack.pop() {
            for &v in &redges[u] {
                if comp[v] == usize::MAX {
                    comp[v] = c;
                    stack.push(v);
                }
            }
        }
    }
    let mut boxed = BTreeSet::new();
    for (u, name) in names.iter().enumerate() {
        for f in &schema.messages[*name].fields {
            if let (Label::Singular, Type::Message(t)) = (f.label, &f.ty) {
                if id.get(t.as_str()).is_some_and(|&v| comp[v] == comp[u]) {
                    boxed.insert(((*name).clone(), f.json_name.clone()));
                }
            }
        }
    }
    boxed
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::{Constraints, Origin};

    fn field(json: &str, ty: Type, label: Label) -> Field {
        Field {
            json_name: json.into(),
            ty,
            label,
            required: false,
            deprecated: false,
            docs: String::new(),
            oneof: None,
            constraints: Constraints::default(),
            origin: Origin::default(),
        }
    }

    fn schema(msgs: &[(&str, Vec<Field>)]) -> Schema {
        let mut s = Schema::default();
        for (name, fields) in msgs {
            s.messages.insert(
                name.to_string(),
                Message {
                    full_name: name.to_string(),
                    fields: fields.clone(),
                    ..Message::default()
                },
            );
        }
        s
    }

    fn m(t: &str) -> Type {
        Type::Message(t.into())
    }

    #[test]
    fn cycles_box_only_edges_inside_a_component() {
        let s = schema(&[
            (
                "p.A",
                vec![
                    field("b", m("p.B"), Label::Singular),
                    field("c", m("p.C"), Label::Singular),
                ],
            ),
            ("p.B", vec![field("a", m("p.A"), Label::Singular)]),
            (
                "p.C",
                vec![
                    field("self", m("p.C"), Label::Singular),
                    field("all", m("p.A"), Label::Repeated),
                ],
            ),
        ]);
        let boxed = boxed_fields(&s);
        let want: BTreeSet<(String, String)> = [("p.A", "b"), ("p.B", "a"), ("p.C", "self")]
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect();
        assert_eq!(boxed, want);
    }

    #[test]
    fn paths_follow_prost() {
        let s = schema(&[
            ("yandex.cloud.mdb.spqr.v1.Cluster", vec![]),
            ("yandex.cloud.mdb.spqr.v1.SpqrSpec.Router", vec![]),
            ("google.type.TimeOfDay", vec![]),
        ]);
        let idx = Index::build(&s).unwrap();
        assert_eq!(
            idx.type_path("yandex.cloud.mdb.spqr.v1.Cluster").unwrap(),
            "crate::mdb::spqr::v1::Cluster"
        );
        assert_eq!(
            idx.type_path("yandex.cloud.mdb.spqr.v1.SpqrSpec.Router")
                .unwrap(),
            "crate::mdb::spqr::v1::spqr_spec::Router"
        );
        assert_eq!(
            idx.type_path("google.type.TimeOfDay").unwrap(),
            "crate::google::r#type::TimeOfDay"
        );
        let v1 = idx
            .module(&["mdb".into(), "spqr".into(), "v1".into()])
            .unwrap();
        assert_eq!(v1.proto, "yandex.cloud.mdb.spqr.v1");
        assert!(v1.is_package);
        assert!(!v1.children["spqr_spec"].is_package);
    }

    #[test]
    fn message_modules_yield_to_packages() {
        let s = schema(&[
            ("yandex.cloud.db.v1.Config.Nested", vec![]),
            ("yandex.cloud.db.v1.config.Pg", vec![]),
        ]);
        let idx = Index::build(&s).unwrap();
        assert_eq!(
            idx.type_path("yandex.cloud.db.v1.Config.Nested").unwrap(),
            "crate::db::v1::config_::Nested"
        );
        assert_eq!(
            idx.type_path("yandex.cloud.db.v1.config.Pg").unwrap(),
            "crate::db::v1::config::Pg"
        );
    }

    #[test]
    fn collisions_are_reported() {
        let s = schema(&[("p.v1.SPQRConfig", vec![]), ("p.v1.SpqrConfig", vec![])]);
        let err = Index::build(&s).err().unwrap();
        assert!(err.message().contains("crate::p::v1::SpqrConfig"), "{err}");
        let s = schema(&[(
            "p.v1.X",
            vec![field("y", m("p.v1.Missing"), Label::Singular)],
        )]);
        let err = Index::build(&s).err().unwrap();
        assert!(err.message().contains("p.v1.Missing"), "{err}");
        let s = schema(&[("yandex.cloud.wire.X", vec![])]);
        assert!(Index::build(&s).is_err());
        let s = schema(&[("yandex.cloud.X", vec![])]);
        assert!(Index::build(&s).is_err());
    }
}
