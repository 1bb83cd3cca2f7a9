//! The cross-page merge: every page's part of the schema into one [`Schema`].
//!
//! The merge rule:
//! - A message (or enum) documented on several pages, or twice on one page, is one
//!   message. Pages are taken in path order; the first page's field order is kept, and a
//!   field that only a later page documents (newer and older pages coexist) is inserted
//!   after the field that precedes it on that page.
//! - The same field on two pages must have the same type and label; otherwise it is a
//!   conflict, reported as an error naming both places. (A checked-in override, applied to
//!   every page before merging, is how a real page error is corrected.)
//! - `required` and `deprecated` hold if any page says so; constraints are combined; docs
//!   come from the page that says the most (the longest text), the first such page on a tie.
//! - Oneof groups sharing a member are one group, with the union of members.
//! - Enum values are the union, in page order (newer pages leave out `*_UNSPECIFIED`).
//! - A method is claimed by exactly one page.

use crate::diagnostics::Diagnostic;
use crate::front_matter::merge_constraints;
use crate::page_schema::{link_oneofs, package_of, PageSchema};
use codegen::schema::{Enum, Field, Message, Method, Oneof, Response, Schema, Type};
use std::collections::{BTreeMap, BTreeSet};

pub fn merge(pages: Vec<PageSchema>, diags: &mut Vec<Diagnostic>) -> Schema {
    let mut messages: BTreeMap<String, Message> = BTreeMap::new();
    let mut enums: BTreeMap<String, Enum> = BTreeMap::new();
    let mut methods: BTreeMap<(String, String, String), Method> = BTreeMap::new();
    let mut drafts = Vec::new();
    for page in pages {
        for m in page.messages {
            match messages.get_mut(&m.full_name) {
                Some(old) => merge_message(old, m, diags),
                None => {
                    messages.insert(m.full_name.clone(), m);
                }
            }
        }
        for e in page.enums {
            match enums.get_mut(&e.full_name) {
                Some(old) => merge_enum(old, e),
                None => {
                    enums.insert(e.full_name.clone(), e);
                }
            }
        }
        if let Some(d) = page.method {
            drafts.push(d);
        }
    }
    let request_packages: BTreeSet<String> = drafts
        .iter()
        .filter_map(|d| d.method.request_message.as_deref())
        .map(package_of)
        .collect();
    for d in drafts {
        let mut method = d.method;
        method.response = match d.response_message {
            Some(name) => {
                let packed = messages
                    .get(&name)
                    .map(|m| {
                        m.fields
                            .iter()
                            .filter(|f| f.ty == Type::Any)
                            .filter_map(|f| {
                                d.response_field_types
                                    .get(&f.json_name)
                                    .map(|t| (f.json_name.clone(), t.clone()))
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                Response::Message { name, packed }
            }
            None => Response::Empty,
        };
        method.package = method_package(&method, &request_packages);
        let key = (
            method.package.clone(),
            method.resource.clone(),
            method.name.clone(),
        );
        if let Some(old) = methods.get(&key) {
            diags.push(
                Diagnostic::error(
                    &method.origin.file,
                    method.origin.line,
                    1,
                    format!(
                        "method {}.{} of {} is already claimed by another page",
                        method.resource, method.name, method.package
                    ),
                )
                .with_note(format!("first claimed at {}", old.origin)),
            );
            continue;
        }
        methods.insert(key, method);
    }
    let schema = Schema {
        messages,
        enums,
        methods: methods.into_values().collect(),
    };
    check_references(&schema, diags);
    schema
}

/// The proto package a method belongs to. The page names it only through its types: the
/// request message's package; else the response message's, when that package is a
/// service's (it has request messages somewhere: `Cluster.Get` returns a `Cluster`); else
/// the package of the first type the response packs (`Thing.Delete` returns an operation
/// whose metadata is `yandex.cloud.test.v1.DeleteThingMetadata`); else the page's own
/// guess (the package most of its messages are in).
fn method_package(method: &Method, request_packages: &BTreeSet<String>) -> String {
    if let Some(r) = &method.request_message {
        return package_of(r);
    }
    let Response::Message { name, packed } = &method.response else {
        return method.package.clone();
    };
    let own = package_of(name);
    if request_packages.contains(&own) {
        return own;
    }
    let mut packed_packages = packed.values().map(|t| package_of(t));
    let first = packed_packages.clone().next();
    packed_packages
        .find(|p| request_packages.contains(p))
        .or(first)
        .unwrap_or_else(|| method.package.clone())
}

fn merge_message(old: &mut Message, new: Message, diags: &mut Vec<Diagnostic>) {
    old.origins.extend(new.origins);
    if new.docs.len() > old.docs.len() {
        old.docs = new.docs;
    }
    let mut previous: Option<String> = None;
    for f in new.fields {
        let name = f.json_name.clone();
        match old.fields.iter().position(|o| o.json_name == f.json_name) {
            Some(i) => merge_field(&old.full_name, &mut old.fields[i], f, diags),
            None => {
                // Pages document fields the others lack; two that one Rust name would
                // stand for (`folderId` here, `folder_id` there) cannot both be kept.
                let rust = codegen::naming::field_name(&f.json_name);
                if let Some(o) = old
                    .fields
                    .iter()
                    .find(|o| codegen::naming::field_name(&o.json_name) == rust)
                {
                    diags.push(
                        Diagnostic::error(
                            &f.origin.file,
                            f.origin.line,
                            1,
                            format!(
                                "fields `{}` and `{}` of {} would both be the Rust field `{rust}`",
                                o.json_name, f.json_name, old.full_name
                            ),
                        )
                        .with_note(format!("`{}` is documented at {}", o.json_name, o.origin)),
                    );
                    previous = Some(f.json_name.clone());
                    continue;
                }
                let at = previous
                    .as_ref()
                    .and_then(|p| old.fields.iter().position(|o| &o.json_name == p))
                    .map(|i| i + 1)
                    .unwrap_or(0);
                old.fields.insert(at, f);
            }
        }
        previous = Some(name);
    }
    // Oneof groups: union of groups that share a member.
    let mut groups: Vec<Vec<String>> = old.oneofs.iter().map(|g| g.members.clone()).collect();
    for g in &new.oneofs {
        match groups
            .iter_mut()
            .find(|o| o.iter().any(|m| g.members.contains(m)))
        {
            Some(o) => {
                for m in &g.members {
                    if !o.contains(m) {
                        o.push(m.clone());
                    }
                }
            }
            None => groups.push(g.members.clone()),
        }
    }
    // Members in field order, so the name does not depend on which page came first.
    old.oneofs = groups
        .into_iter()
        .map(|mut members| {
            members.sort_by_key(|m| old.fields.iter().position(|f| &f.json_name == m));
            Oneof {
                name: codegen::naming::oneof_name(&members),
                members,
            }
        })
        .collect();
    link_oneofs(old);
}

fn merge_field(message: &str, old: &mut Field, new: Field, diags: &mut Vec<Diagnostic>) {
    // `**object**` is what older pages print for a message that had no documented fields
    // yet (`CoordinatorSettings` on `Cluster/backup.md`, a message on `Cluster/get.md`):
    // a page that names the message wins.
    if old.label == new.label {
        if let (Type::Json, Type::Message(_)) = (&old.ty, &new.ty) {
            old.ty = new.ty.clone();
        }
    }
    let new_ty = match (&old.ty, &new.ty) {
        (Type::Message(_), Type::Json) => old.ty.clone(),
        _ => new.ty.clone(),
    };
    if (&old.ty, old.label) != (&new_ty, new.label) {
        diags.push(
            Diagnostic::error(
                &new.origin.file,
                new.origin.line,
                1,
                format!(
                    "field `{}` of {message} is {} here but {} at {}",
                    new.json_name,
                    new.shape(),
                    old.shape(),
                    old.origin
                ),
            )
            .with_note(format!("other definition: {}", old.origin)),
        );
        return;
    }
    old.required |= new.required;
    old.deprecated |= new.deprecated;
    if new.docs.len() > old.docs.len() {
        old.docs = new.docs;
    }
    merge_constraints(&mut old.constraints, new.constraints);
}

fn merge_enum(old: &mut Enum, new: Enum) {
    old.origins.extend(new.origins);
    if new.docs.len() > old.docs.len() {
        old.docs = new.docs;
    }
    let mut previous: Option<usize> = None;
    for v in new.values {
        match old.values.iter().position(|o| o.name == v.name) {
            Some(i) => {
                if v.docs.len() > old.values[i].docs.len() {
                    old.values[i].docs = v.docs;
                }
                previous = Some(i);
            }
            None => {
                let at = previous.map(|p| p + 1).unwrap_or(0);
                old.values.insert(at, v);
                previous = Some(at);
            }
        }
    }
}

/// Every message a field or method names must be documented somewhere.
fn check_references(schema: &Schema, diags: &mut Vec<Diagnostic>) {
    let mut reported = BTreeSet::new();
    let fields = schema
        .messages
        .values()
        .flat_map(|m| m.fields.iter())
        .chain(
            schema
                .methods
                .iter()
                .flat_map(|m| m.path_params.iter().chain(&m.query_params)),
        );
    for f in fields {
        if let Type::Message(target) = &f.ty {
            if !schema.messages.contains_key(target)
                && reported.insert((target.clone(), f.origin.clone()))
            {
                diags.push(Diagnostic::error(
                    &f.origin.file,
                    f.origin.line,
                    1,
                    format!(
                        "field `{}` links to `#{target}`, an anchor defined on no page",
                        f.json_name
                    ),
                ));
            }
        }
    }
    for m in &schema.methods {
        if let Response::Message { packed, .. } = &m.response {
            for (field, target) in packed {
                if !schema.messages.contains_key(target) {
                    diags.push(Diagnostic::error(
                        &m.origin.file,
                        m.origin.line,
                        1,
                        format!("the response's `{field}` links to `#{target}`, an anchor defined on no page"),
                    ));
                }
            }
        }
    }
}
