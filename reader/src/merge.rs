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
//! - A method belongs to its service's package: of the packages the pages of its service
//!   (one title's service name) document, one that defines the message its resource is named
//!   after and where the service sends requests; else the service's main package; failing
//!   that, the one its types point to (`ResourceHomes`, `method_package`).
//! - A map field that a page of the older generation prints as `string` is the map another
//!   page says it is (a warning; [`crate::generations`]).
//! - A method documented on several pages (each service repeats the operation service's
//!   `Operation.Get`) is one method when the pages agree on its verb, URL, parameters,
//!   request and response; pages that disagree are an error naming both.
//!
//! The file passes 600 lines only with its unit tests, kept beside the code; the code is
//! about 520 lines.

use crate::diagnostics::Diagnostic;
use crate::front_matter::merge_constraints;
use crate::generations;
use crate::page_schema::{link_oneofs, package_of, PageSchema};
use codegen::naming::OPERATION_PACKAGE;
use codegen::schema::{Enum, Field, Message, Method, Oneof, Response, Schema, Type};
use std::collections::{BTreeMap, BTreeSet};

pub fn merge(pages: Vec<PageSchema>, diags: &mut Vec<Diagnostic>) -> Schema {
    let mut messages: BTreeMap<String, Message> = BTreeMap::new();
    let mut enums: BTreeMap<String, Enum> = BTreeMap::new();
    let mut methods: BTreeMap<(String, String, String), Method> = BTreeMap::new();
    let mut drafts = Vec::new();
    let mut services: BTreeMap<String, ServicePages> = BTreeMap::new();
    let older: BTreeSet<String> = pages
        .iter()
        .filter(|p| !p.playground)
        .map(|p| p.file.clone())
        .collect();
    for page in pages {
        if let Some(d) = &page.method {
            let service = services.entry(d.service.clone()).or_default();
            service
                .packages
                .extend(page.messages.iter().map(|m| package_of(&m.full_name)));
            service
                .request_packages
                .extend(d.method.request_message.as_deref().map(package_of));
            service.resources.insert(d.method.resource.clone());
        }
        for m in page.messages {
            match messages.get_mut(&m.full_name) {
                Some(old) => merge_message(old, m, &older, diags),
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
    let homes = ResourceHomes::new(services, &messages);
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
        method.package = homes
            .home(&d.service, &method)
            .unwrap_or_else(|| method_package(&method, &request_packages));
        let key = (
            method.package.clone(),
            method.resource.clone(),
            method.name.clone(),
        );
        match methods.get_mut(&key) {
            Some(old) => merge_method(old, method, diags),
            None => {
                methods.insert(key, method);
            }
        }
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

/// What the pages of one service (one title's service name) name: the packages of their
/// messages, the packages of their request messages, and the resources of their methods.
#[derive(Default)]
struct ServicePages {
    packages: BTreeSet<String>,
    request_packages: BTreeSet<String>,
    resources: BTreeSet<String>,
}

/// Where each service's methods belong. The pages name a method's package only through its
/// types, and a page may name nothing of its own package: `Folder.SetAccessBindings` names
/// `yandex.cloud.access` messages only, `Maintenance.Get` of Compute returns a
/// `yandex.cloud.maintenance.v2.Maintenance`, and IAM's pages define a
/// `yandex.cloud.iam.ServiceAccount` beside `yandex.cloud.iam.v1.ServiceAccount`. So, among
/// the packages of the service's pages that define a message named after the method's
/// resource: one where the service's request messages live (the operation service,
/// [`OPERATION_PACKAGE`], counts as one), the request message's first; else the service's main package, the one of those
/// that defines the most of its resources; else any package defining the resource. `None`
/// when none applies, and [`method_package`] decides.
struct ResourceHomes {
    services: BTreeMap<String, ServicePages>,
    /// (package, top-level message name).
    types: BTreeSet<(String, String)>,
}

impl ResourceHomes {
    fn new(services: BTreeMap<String, ServicePages>, messages: &BTreeMap<String, Message>) -> Self {
        let types = messages
            .keys()
            .filter_map(|name| {
                let package = package_of(name);
                let rest = name.get(package.len() + 1..)?;
                (!rest.contains('.')).then(|| (package, rest.to_string()))
            })
            .collect();
        ResourceHomes { services, types }
    }

    fn defines(&self, package: &str, resource: &str) -> bool {
        self.types
            .contains(&(package.to_string(), resource.to_string()))
    }

    fn home(&self, service: &str, method: &Method) -> Option<String> {
        let pages = self.services.get(service)?;
        let serves = |p: &str| p == OPERATION_PACKAGE || pages.request_packages.contains(p);
        let request = method.request_message.as_deref().map(package_of);
        let first = |candidates: Vec<&String>| {
            candidates
                .iter()
                .find(|p| Some(p.as_str()) == request.as_deref())
                .or(candidates.first())
                .map(|p| p.to_string())
        };
        let defining: Vec<&String> = pages
            .packages
            .iter()
            .filter(|p| self.defines(p, &method.resource))
            .collect();
        let serving: Vec<&String> = defining.iter().copied().filter(|p| serves(p)).collect();
        if !serving.is_empty() {
            return first(serving);
        }
        let main = pages
            .packages
            .iter()
            .filter(|p| serves(p) && p.as_str() != OPERATION_PACKAGE)
            .map(|p| {
                let n = pages
                    .resources
                    .iter()
                    .filter(|r| self.defines(p, r))
                    .count();
                (n, p)
            })
            .filter(|(n, _)| *n > 0)
            // The most resources; of equals, the first by name.
            .max_by(|(a, p), (b, q)| a.cmp(b).then(q.cmp(p)));
        match main {
            Some((_, p)) => Some(p.clone()),
            None => first(defining),
        }
    }
}

/// A method documented again (every service repeats the operation service's pages): the
/// same call if verb, URL, parameters, request and response agree, and then one method
/// (docs from the page that says the most); otherwise an error naming both pages.
fn merge_method(old: &mut Method, new: Method, diags: &mut Vec<Diagnostic>) {
    let params = |m: &Method| -> Vec<(String, String, bool)> {
        m.path_params
            .iter()
            .chain(&m.query_params)
            .map(|f| (f.json_name.clone(), f.shape(), m.path_params.contains(f)))
            .collect()
    };
    let differs = [
        (old.http_method != new.http_method, "verb"),
        (old.host != new.host || old.path != new.path, "URL"),
        (params(old) != params(&new), "parameters"),
        (
            old.request_message != new.request_message,
            "request message",
        ),
        (old.response != new.response, "response"),
    ];
    let what: Vec<&str> = differs.iter().filter(|d| d.0).map(|d| d.1).collect();
    if !what.is_empty() {
        diags.push(
            Diagnostic::error(
                &new.origin.file,
                new.origin.line,
                1,
                format!(
                    "method {}.{} of {} is documented at {} too, with another {}",
                    new.resource,
                    new.name,
                    new.package,
                    old.origin,
                    what.join(", ")
                ),
            )
            .with_note(format!(
                "{} says `{} https://{}{}`",
                old.origin,
                old.http_method,
                old.host.braced(),
                old.path
            ))
            .with_note(format!(
                "{} says `{} https://{}{}`",
                new.origin,
                new.http_method,
                new.host.braced(),
                new.path
            )),
        );
        return;
    }
    if new.docs.len() > old.docs.len() {
        old.docs = new.docs;
    }
}

fn merge_message(
    old: &mut Message,
    new: Message,
    older: &BTreeSet<String>,
    diags: &mut Vec<Diagnostic>,
) {
    old.origins.extend(new.origins);
    if new.docs.len() > old.docs.len() {
        old.docs = new.docs;
    }
    let mut previous: Option<String> = None;
    for f in new.fields {
        let name = f.json_name.clone();
        match old.fields.iter().position(|o| o.json_name == f.json_name) {
            Some(i) => merge_field(&old.full_name, &mut old.fields[i], f, older, diags),
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

fn merge_field(
    message: &str,
    old: &mut Field,
    new: Field,
    older: &BTreeSet<String>,
    diags: &mut Vec<Diagnostic>,
) {
    // `**object**` is what older pages print for a message that had no documented fields
    // yet (`CoordinatorSettings` on `Cluster/backup.md`, a message on `Cluster/get.md`):
    // a page that names the message wins.
    if old.label == new.label {
        if let (Type::Json, Type::Message(_)) = (&old.ty, &new.ty) {
            old.ty = new.ty.clone();
        }
    }
    let mut new_ty = match (&old.ty, &new.ty) {
        (Type::Message(_), Type::Json) => old.ty.clone(),
        _ => new.ty.clone(),
    };
    let mut new_label = new.label;
    if let Some(old_is_map) =
        generations::map_printed_as_string(old, &new, |f| older.contains(&f.origin.file))
    {
        let (map, printed) = if old_is_map {
            (&*old, &new)
        } else {
            (&new, &*old)
        };
        diags.push(
            Diagnostic::warning(
                &printed.origin.file,
                printed.origin.line,
                1,
                format!(
                    "field `{}` of {message} is printed `**string**` here, as the older \
                     generation of pages prints maps, and is {} at {}: the map is kept",
                    new.json_name,
                    map.shape(),
                    map.origin
                ),
            )
            .with_note(format!("the map is documented at {}", map.origin)),
        );
        if old_is_map {
            (new_ty, new_label) = (old.ty.clone(), old.label);
        } else {
            (old.ty, old.label) = (new.ty.clone(), new.label);
        }
    }
    if (&old.ty, old.label) != (&new_ty, new_label) {
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

#[cfg(test)]
mod tests {
    use crate::pipeline::run_on;
    use codegen::schema::{Label, Schema};

    /// A page of `Resource.Method` of service `service`: its call, then the sections.
    fn page(service: &str, call: &str, url: &str, sections: &str, playground: bool) -> Vec<u8> {
        let (resource_method, verb) = call.split_once(' ').unwrap();
        let front = if playground {
            format!(
                "---\napiPlayground:\n  - url: {url}\n    method: {}\n---\n\n",
                verb.to_lowercase()
            )
        } else {
            "---\neditable: false\nsourcePath: en/_api-ref/x.md\n---\n\n".to_string()
        };
        format!("{front}# {service} API, REST: {resource_method}\n\n## HTTP request\n\n```\n{verb} {url}\n```\n\n{sections}")
            .into_bytes()
    }

    const OPERATION: &str = "## Path parameters\n\n#|\n||Field | Description ||\n|| operationId | **string** ||\n|#\n\n## Response {#yandex.cloud.operation.Operation}\n\n#|\n||Field | Description ||\n|| id | **string** ||\n|| metadata | **object** ||\n|#\n";

    fn run(pages: &[(&str, Vec<u8>)]) -> (Schema, Vec<String>) {
        let inputs: Vec<(String, Vec<u8>)> = pages
            .iter()
            .map(|(n, b)| (n.to_string(), b.clone()))
            .collect();
        let out = run_on(&inputs, ("overrides.yaml", None));
        let diags = out.diagnostics.iter().map(|d| d.to_string()).collect();
        (out.schema, diags)
    }

    #[test]
    fn repeated_operation_pages_are_one_method_of_the_operation_service() {
        let url = "https://operation.{{ api-host }}/operations/{operationId}";
        let (schema, diags) = run(&[
            (
                "a/Operation/get.md",
                page("Alpha", "Operation.Get GET", url, OPERATION, true),
            ),
            (
                "b/Operation/get.md",
                page("Beta", "Operation.Get GET", url, OPERATION, false),
            ),
        ]);
        assert_eq!(diags, Vec::<String>::new());
        let methods: Vec<(&str, &str)> = schema
            .methods
            .iter()
            .map(|m| (m.package.as_str(), m.origin.file.as_str()))
            .collect();
        assert_eq!(methods, [("yandex.cloud.operation", "a/Operation/get.md")]);
    }

    #[test]
    fn pages_that_disagree_on_a_method_are_an_error_naming_both() {
        let (_, diags) = run(&[
            (
                "a/Operation/get.md",
                page(
                    "Alpha",
                    "Operation.Get GET",
                    "https://operation.{{ api-host }}/operations/{operationId}",
                    OPERATION,
                    true,
                ),
            ),
            (
                "b/Operation/get.md",
                page(
                    "Beta",
                    "Operation.Get POST",
                    "https://operation.{{ api-host }}/v2/operations/{operationId}",
                    OPERATION,
                    true,
                ),
            ),
        ]);
        assert_eq!(
            diags,
            ["b/Operation/get.md:7:1: error: method Operation.Get of yandex.cloud.operation is documented at a/Operation/get.md:7 too, with another verb, URL\n  note: a/Operation/get.md:7 says `GET https://operation.{{ api-host }}/operations/{operationId}`\n  note: b/Operation/get.md:7 says `POST https://operation.{{ api-host }}/v2/operations/{operationId}`"]
        );
    }

    #[test]
    fn a_method_belongs_to_the_package_that_defines_its_resource() {
        // `Folder.SetAccessBindings` names only shared messages; `Folder.Get` says where
        // folders live. Another service's `Folder` does not count.
        let set = "## Path parameters\n\n#|\n||Field | Description ||\n|| resourceId | **string** ||\n|#\n\n## Body parameters {#yandex.cloud.access.SetAccessBindingsRequest}\n\n#|\n||Field | Description ||\n|| accessBindings[] | **string** ||\n|#\n\n## Response {#yandex.cloud.operation.Operation}\n\n#|\n||Field | Description ||\n|| id | **string** ||\n|#\n";
        let get = "## Path parameters\n\n#|\n||Field | Description ||\n|| folderId | **string** ||\n|#\n\n## Response {#yandex.cloud.rm.v1.Folder}\n\n#|\n||Field | Description ||\n|| id | **string** ||\n|#\n";
        let other = get.replace("yandex.cloud.rm.v1", "yandex.cloud.other.v1");
        let (schema, diags) = run(&[
            (
                "o/Folder/get.md",
                page(
                    "Other",
                    "Folder.Get GET",
                    "https://o.{{ api-host }}/o/{folderId}",
                    &other,
                    true,
                ),
            ),
            (
                "rm/Folder/get.md",
                page(
                    "RM",
                    "Folder.Get GET",
                    "https://rm.{{ api-host }}/rm/{folderId}",
                    get,
                    true,
                ),
            ),
            (
                "rm/Folder/set.md",
                page(
                    "RM",
                    "Folder.SetAccessBindings POST",
                    "https://rm.{{ api-host }}/rm/{resourceId}:set",
                    set,
                    true,
                ),
            ),
        ]);
        assert_eq!(diags, Vec::<String>::new());
        let packages: Vec<(&str, &str)> = schema
            .methods
            .iter()
            .map(|m| (m.name.as_str(), m.package.as_str()))
            .collect();
        assert_eq!(
            packages,
            [
                ("Get", "yandex.cloud.other.v1"),
                ("Get", "yandex.cloud.rm.v1"),
                ("SetAccessBindings", "yandex.cloud.rm.v1"),
            ]
        );
    }

    #[test]
    fn a_method_belongs_to_the_package_its_service_sends_requests_to() {
        // `Thing.Get` names no request message, and the pages define a `Thing` in two
        // packages; `Maintenance.Get` returns a message of another package altogether.
        let response = |name: &str, more: &str| {
            format!("## Response {{#{name}}}\n\n#|\n||Field | Description ||\n|| id | **string** ||\n{more}|#\n")
        };
        let list = format!(
            "## Query parameters {{#yandex.cloud.c.v1.ListThingsRequest}}\n\n#|\n||Field | Description ||\n|| pageToken | **string** ||\n|#\n\n{}\n## Thing {{#yandex.cloud.c.v1.Thing}}\n\n#|\n||Field | Description ||\n|| id | **string** ||\n|#\n",
            response("yandex.cloud.c.v1.ListThingsResponse", "|| things[] | **[Thing](#yandex.cloud.c.v1.Thing)** ||\n")
        );
        let get = format!(
            "{}\n## Thing {{#yandex.cloud.c.Thing}}\n\n#|\n||Field | Description ||\n|| id | **string** ||\n|#\n",
            response("yandex.cloud.c.v1.Thing", "|| subject | **[Thing](#yandex.cloud.c.Thing)** ||\n")
        );
        let maintenance = response("yandex.cloud.m.v2.Maintenance", "");
        let (schema, diags) = run(&[
            (
                "c/Maintenance/get.md",
                page(
                    "C",
                    "Maintenance.Get GET",
                    "https://c.{{ api-host }}/c/m",
                    &maintenance,
                    true,
                ),
            ),
            (
                "c/Thing/get.md",
                page(
                    "C",
                    "Thing.Get GET",
                    "https://c.{{ api-host }}/c/t/1",
                    &get,
                    true,
                ),
            ),
            (
                "c/Thing/list.md",
                page(
                    "C",
                    "Thing.List GET",
                    "https://c.{{ api-host }}/c/t",
                    &list,
                    true,
                ),
            ),
        ]);
        assert_eq!(diags, Vec::<String>::new());
        let packages: Vec<(&str, &str)> = schema
            .methods
            .iter()
            .map(|m| (m.resource.as_str(), m.package.as_str()))
            .collect();
        assert_eq!(
            packages,
            [
                ("Maintenance", "yandex.cloud.c.v1"),
                ("Thing", "yandex.cloud.c.v1"),
                ("Thing", "yandex.cloud.c.v1"),
            ]
        );
    }

    #[test]
    fn a_map_an_older_page_prints_as_a_string_stays_a_map() {
        let labels = |annotation: &str| {
            format!("## Response {{#yandex.cloud.t.v1.Thing}}\n\n#|\n||Field | Description ||\n|| labels | {annotation}\n\nLabels. ||\n|#\n")
        };
        let map = labels("**object** (map<**string**, **string**>)");
        let string = labels("**string**");
        let url = |m: &str| format!("https://t.{{{{ api-host }}}}/t/{m}");
        // Either page may come first.
        for (first, second) in [(&map, &string), (&string, &map)] {
            let (playground, older) = if first == &map {
                ("a", "b")
            } else {
                ("b", "a")
            };
            let (schema, diags) = run(&[
                (
                    "t/Thing/a.md",
                    page("T", "Thing.A GET", &url("a"), first, first == &map),
                ),
                (
                    "t/Thing/b.md",
                    page("T", "Thing.B GET", &url("b"), second, second == &map),
                ),
            ]);
            let f = &schema.messages["yandex.cloud.t.v1.Thing"].fields[0];
            assert_eq!(f.label, Label::Map);
            assert_eq!(
                diags,
                [format!("t/Thing/{older}.md:18:1: warning: field `labels` of yandex.cloud.t.v1.Thing is printed `**string**` here, as the older generation of pages prints maps, and is map<string, string> at t/Thing/{playground}.md:19: the map is kept\n  note: the map is documented at t/Thing/{playground}.md:19")]
            );
        }
        // Two pages of the same generation disagreeing stay an error.
        let (_, diags) = run(&[
            (
                "t/Thing/a.md",
                page("T", "Thing.A GET", &url("a"), &map, true),
            ),
            (
                "t/Thing/b.md",
                page("T", "Thing.B GET", &url("b"), &string, true),
            ),
        ]);
        assert!(diags[0].contains("error: field `labels` of yandex.cloud.t.v1.Thing is string here but map<string, string>"), "{diags:?}");
    }
}
