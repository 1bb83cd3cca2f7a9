//! Lowering: the schema as the pages give it → the schema the emitters print, in which every
//! method has exactly one request message and one request type.
//!
//! A page names its request message when the method has a body or query parameters beyond
//! the path (`AddClusterShardRequest`); a method with path parameters only (`Backup.Get`,
//! `Cluster.Backup`) names none. Such a method gets a message of its own, named as the API's
//! protos name theirs ([`naming::request_type_name`]: `GetBackupRequest`,
//! `BackupClusterRequest`), holding its path and query parameters. Either way, the request
//! message is the one type a user builds and sends, unless other methods send it too: then
//! each method gets a type of its own, named by the same rule, that carries it
//! (`Method::request_type`).
//!
//! A method's own copy of a parameter may say "required" where the message's table does
//! not, and a path parameter is always required: both are folded into the message's field,
//! so that validating the request checks them.
//!
//! Enums that one package declares in several messages with the same name and the same
//! values (`Cluster.Environment`, `CreateClusterRequest.Environment`) are one enum to a
//! user: a value read from a `Cluster` must go into a create request as it is. They become
//! one enum at the package level (`mdb::spqr::v1::Environment`), unless the package has an
//! item of that name already (a message, an enum, or another group hoisted first), in which
//! case the first of them (by full name) stands for all. A `*_UNSPECIFIED` value does not
//! tell enums apart: the newer pages leave it out where the older list it, so
//! `AttachedDisk.Mode` (older page) and `AttachedDiskSpec.Mode` (newer) are one `Mode`,
//! with the union of the values. The wire does not change: enums travel by value name.

use crate::error::EmitError;
use crate::naming;
use crate::schema::{Enum, Field, Message, Schema, Type};
use std::borrow::Cow;
use std::collections::BTreeMap;

/// Every lowering step: shared enums, then one request message per method.
pub fn lower(schema: &Schema) -> Result<Cow<'_, Schema>, Vec<EmitError>> {
    match shared_enums(schema) {
        Cow::Borrowed(s) => requests(s),
        Cow::Owned(s) => Ok(Cow::Owned(requests(&s)?.into_owned())),
    }
}

/// The schema with enums of one package that share name and values made one.
pub fn shared_enums(schema: &Schema) -> Cow<'_, Schema> {
    // (package, name, value names) → the enums of that shape, in full-name order.
    let mut groups: BTreeMap<(String, String, Vec<String>), Vec<String>> = BTreeMap::new();
    for (name, e) in &schema.enums {
        let short = name.rsplit('.').next().unwrap_or(name).to_string();
        let values = e
            .values
            .iter()
            .filter(|v| !is_unspecified(&v.name))
            .map(|v| v.name.clone())
            .collect();
        groups
            .entry((naming::package_of(name), short, values))
            .or_default()
            .push(name.clone());
    }
    let mut renamed: BTreeMap<String, String> = BTreeMap::new();
    let mut out = Cow::Borrowed(schema);
    for ((package, short, _), members) in groups {
        if members.len() < 2 {
            continue;
        }
        let hoisted = format!("{package}.{short}");
        // Against the schema as it is now: a group hoisted before may have taken the name.
        let free = !out.messages.contains_key(&hoisted) && !out.enums.contains_key(&hoisted);
        let target = if free { hoisted } else { members[0].clone() };
        let s = out.to_mut();
        let mut merged: Option<Enum> = None;
        for m in &members {
            let e = s.enums.remove(m).expect("grouped from the schema");
            match &mut merged {
                None => merged = Some(e),
                Some(first) => {
                    // The zero value, where only some pages list it, leads.
                    for (i, v) in e.values.iter().enumerate() {
                        if !first.values.iter().any(|w| w.name == v.name) {
                            let at = if i == 0 { 0 } else { first.values.len() };
                            first.values.insert(at, v.clone());
                        }
                    }
                    first.origins.extend(e.origins)
                }
            }
            if *m != target {
                renamed.insert(m.clone(), target.clone());
            }
        }
        let mut e = merged.expect("groups are not empty");
        e.full_name = target.clone();
        s.enums.insert(target, e);
    }
    if renamed.is_empty() {
        return out;
    }
    let s = out.to_mut();
    let retype = |f: &mut Field| {
        if let Type::Enum(t) = &f.ty {
            if let Some(new) = renamed.get(t) {
                f.ty = Type::Enum(new.clone());
            }
        }
    };
    for msg in s.messages.values_mut() {
        msg.fields.iter_mut().for_each(retype);
    }
    for m in &mut s.methods {
        m.path_params
            .iter_mut()
            .chain(&mut m.query_params)
            .for_each(retype);
    }
    out
}

/// `MODE_UNSPECIFIED`: the zero value the older pages list and the newer leave out.
fn is_unspecified(value: &str) -> bool {
    value.ends_with("_UNSPECIFIED")
}

/// The schema with a request message for every method (borrowed when the pages named one
/// for each and nothing needed folding), and a request type of its own for every method
/// whose request message is shared.
pub fn requests(schema: &Schema) -> Result<Cow<'_, Schema>, Vec<EmitError>> {
    let mut out = Cow::Borrowed(schema);
    let mut errors = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for i in 0..schema.methods.len() {
        let m = &schema.methods[i];
        let what = format!("{}.{}", m.resource, m.name);
        if !seen.insert((&m.package, &m.resource, &m.name)) {
            errors.push(EmitError::new(format!(
                "{}method `{what}` of `{}` is documented twice",
                at(m),
                m.package
            )));
            continue;
        }
        let request = match &m.request_message {
            Some(name) => name.clone(),
            None => {
                let name = format!(
                    "{}.{}",
                    m.package,
                    naming::request_type_name(&m.resource, &m.name)
                );
                if schema.messages.contains_key(&name) {
                    errors.push(EmitError::new(format!(
                        "{}method `{what}` names no request message, and `{name}`, the name \
                         the rule gives it, is a documented message already",
                        at(m)
                    )));
                    continue;
                }
                let fields = m.path_params.iter().chain(&m.query_params).cloned();
                let message = Message {
                    full_name: name.clone(),
                    docs: format!(
                        "The request of `{what}`: its path and query parameters (the page names \
                         no request message)."
                    ),
                    fields: fields.collect(),
                    oneofs: Vec::new(),
                    origins: vec![m.origin.clone()],
                };
                let s = out.to_mut();
                s.messages.insert(name.clone(), message);
                s.methods[i].request_message = Some(name.clone());
                name
            }
        };
        let Some(msg) = out.messages.get(&request) else {
            errors.push(EmitError::new(format!(
                "{}method `{what}`: request message `{request}` is not in the schema",
                at(m)
            )));
            continue;
        };
        // Parameters that must be set but that the message's table does not require.
        let fold: Vec<usize> = msg
            .fields
            .iter()
            .enumerate()
            .filter(|(_, f)| !f.required && f.oneof.is_none())
            .filter(|(_, f)| {
                m.path_params.iter().any(|p| p.json_name == f.json_name)
                    || m.query_params
                        .iter()
                        .any(|p| p.json_name == f.json_name && p.required)
            })
            .map(|(j, _)| j)
            .collect();
        if !fold.is_empty() {
            let msg = out
                .to_mut()
                .messages
                .get_mut(&request)
                .expect("looked up above");
            for j in fold {
                msg.fields[j].required = true;
            }
        }
    }
    if errors.is_empty() {
        carriers(&mut out, &mut errors);
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

/// Gives a request type of its own to every method whose request message is shared: named
/// by several methods (every resource's `SetAccessBindings` names
/// `yandex.cloud.access.SetAccessBindingsRequest`), or living in another package than the
/// method's (shared by design, whatever pages are at hand, so that the crate's types do not
/// change as pages are added). The message stays one type, wherever fields and other
/// services use it; each call gets a type that knows its verb and URL and carries the
/// message (`SetFolderAccessBindingsRequest`, named by [`naming::request_type_name`]). A
/// method whose carrier would have the message's own name sends the message itself.
fn carriers(out: &mut Cow<'_, Schema>, errors: &mut Vec<EmitError>) {
    let mut users: BTreeMap<&str, usize> = BTreeMap::new();
    for m in &out.methods {
        if let Some(r) = &m.request_message {
            *users.entry(r.as_str()).or_default() += 1;
        }
    }
    let mut carried: Vec<(usize, String)> = Vec::new();
    let mut claimed: BTreeMap<String, String> = BTreeMap::new();
    for (i, m) in out.methods.iter().enumerate() {
        let Some(request) = &m.request_message else {
            continue;
        };
        let what = format!("{}.{}", m.resource, m.name);
        let shared = users[request.as_str()] > 1 || naming::package_of(request) != m.package;
        let carrier = format!(
            "{}.{}",
            m.package,
            naming::request_type_name(&m.resource, &m.name)
        );
        let ty = if !shared || carrier == *request {
            request.clone()
        } else if out.messages.contains_key(&carrier) || out.enums.contains_key(&carrier) {
            errors.push(EmitError::new(format!(
                "{}method `{what}` sends `{request}`, which other methods send too, and \
                 `{carrier}`, the name the rule gives its own request type, is documented \
                 already",
                at(m)
            )));
            continue;
        } else {
            carried.push((i, carrier.clone()));
            carrier
        };
        if let Some(other) = claimed.insert(ty.clone(), what.clone()) {
            errors.push(EmitError::new(format!(
                "{}methods `{other}` and `{what}` would both be sent as `{ty}`; a request type \
                 describes one call",
                at(m)
            )));
        }
    }
    if carried.is_empty() {
        return;
    }
    let s = out.to_mut();
    for (i, carrier) in carried {
        s.methods[i].request_type = Some(carrier);
    }
}

/// `page:line: ` of a method, or nothing for a method read from no page.
fn at(m: &crate::schema::Method) -> String {
    if m.origin.file.is_empty() {
        String::new()
    } else {
        format!("{}: ", m.origin)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::{Label, Method, Origin, Response, Scalar};

    fn field(json: &str, required: bool) -> Field {
        Field {
            json_name: json.into(),
            ty: Type::Scalar(Scalar::String),
            label: Label::Singular,
            required,
            deprecated: false,
            docs: String::new(),
            oneof: None,
            constraints: Default::default(),
            origin: Origin::default(),
        }
    }

    fn method(name: &str, request: Option<&str>) -> Method {
        Method {
            package: "p.v1".into(),
            resource: "Thing".into(),
            name: name.into(),
            docs: String::new(),
            http_method: crate::schema::Verb::parse("GET").unwrap(),
            host: crate::schema::HostTemplate::parse("api-host").unwrap(),
            path: crate::schema::PathTemplate::parse("/v1/things/{thingId}").unwrap(),
            path_params: vec![field("thingId", false)],
            query_params: vec![field("view", true)],
            request_message: request.map(str::to_string),
            request_type: None,
            body_fields: vec![],
            response: Response::Empty,
            origin: Origin {
                file: "p/Thing/get.md".into(),
                line: 1,
            },
        }
    }

    fn enum_(name: &str, values: &[&str]) -> Enum {
        Enum {
            full_name: name.into(),
            values: values
                .iter()
                .map(|v| crate::schema::EnumValue {
                    name: v.to_string(),
                    docs: String::new(),
                })
                .collect(),
            ..Enum::default()
        }
    }

    #[test]
    fn enums_of_one_shape_in_a_package_become_one() {
        let mut s = Schema::default();
        for (name, values) in [
            ("p.v1.A.Env", &["PROD", "TEST"][..]),
            ("p.v1.B.Env", &["PROD", "TEST"][..]),
            ("p.v1.C.Env", &["PROD"][..]),
            ("q.v1.A.Env", &["PROD", "TEST"][..]),
        ] {
            s.enums.insert(name.into(), enum_(name, values));
        }
        let mut f = field("env", false);
        f.ty = Type::Enum("p.v1.B.Env".into());
        s.messages.insert(
            "p.v1.B".into(),
            Message {
                full_name: "p.v1.B".into(),
                fields: vec![f],
                ..Message::default()
            },
        );
        let lowered = shared_enums(&s);
        let names: Vec<&str> = lowered.enums.keys().map(String::as_str).collect();
        // Another value list, or another package, is another enum.
        assert_eq!(names, vec!["p.v1.C.Env", "p.v1.Env", "q.v1.A.Env"]);
        assert_eq!(lowered.enums["p.v1.Env"].full_name, "p.v1.Env");
        assert_eq!(
            lowered.messages["p.v1.B"].fields[0].ty,
            Type::Enum("p.v1.Env".into())
        );
        // With the package-level name taken, the first stands for all.
        s.messages.insert("p.v1.Env".into(), Message::default());
        let lowered = shared_enums(&s);
        assert!(
            lowered.enums.contains_key("p.v1.A.Env") && !lowered.enums.contains_key("p.v1.B.Env")
        );
        assert_eq!(
            lowered.messages["p.v1.B"].fields[0].ty,
            Type::Enum("p.v1.A.Env".into())
        );
    }

    #[test]
    fn a_zero_value_only_some_pages_list_does_not_split_an_enum() {
        let mut s = Schema::default();
        for (name, values) in [
            (
                "p.v1.Disk.Mode",
                &["MODE_UNSPECIFIED", "READ_ONLY", "READ_WRITE"][..],
            ),
            ("p.v1.DiskSpec.Mode", &["READ_ONLY", "READ_WRITE"][..]),
        ] {
            s.enums.insert(name.into(), enum_(name, values));
        }
        let lowered = shared_enums(&s);
        let names: Vec<&str> = lowered.enums.keys().map(String::as_str).collect();
        assert_eq!(names, vec!["p.v1.Mode"]);
        let values: Vec<&str> = lowered.enums["p.v1.Mode"]
            .values
            .iter()
            .map(|v| v.name.as_str())
            .collect();
        assert_eq!(values, ["MODE_UNSPECIFIED", "READ_ONLY", "READ_WRITE"]);
    }

    #[test]
    fn two_groups_of_one_name_do_not_take_each_others_place() {
        let mut s = Schema::default();
        for (name, values) in [
            ("p.v1.A.Kind", &["X", "Y"][..]),
            ("p.v1.B.Kind", &["X", "Y"][..]),
            ("p.v1.C.Kind", &["Z"][..]),
            ("p.v1.D.Kind", &["Z"][..]),
        ] {
            s.enums.insert(name.into(), enum_(name, values));
        }
        let lowered = shared_enums(&s);
        let names: Vec<&str> = lowered.enums.keys().map(String::as_str).collect();
        // The first group takes the package-level name; the second keeps its first member's.
        assert_eq!(names, vec!["p.v1.C.Kind", "p.v1.Kind"]);
        let values = |n: &str| -> Vec<String> {
            lowered.enums[n]
                .values
                .iter()
                .map(|v| v.name.clone())
                .collect()
        };
        assert_eq!(values("p.v1.Kind"), ["X", "Y"]);
        assert_eq!(values("p.v1.C.Kind"), ["Z"]);
    }

    #[test]
    fn a_method_without_a_request_message_gets_one_by_the_rule() {
        let mut s = Schema::default();
        s.methods.push(method("Get", None));
        let lowered = requests(&s).unwrap();
        let msg = &lowered.messages["p.v1.GetThingRequest"];
        let names: Vec<(&str, bool)> = msg
            .fields
            .iter()
            .map(|f| (f.json_name.as_str(), f.required))
            .collect();
        assert_eq!(names, vec![("thingId", true), ("view", true)]);
        assert_eq!(
            lowered.methods[0].request_message.as_deref(),
            Some("p.v1.GetThingRequest")
        );
    }

    #[test]
    fn a_named_request_message_gets_the_methods_required_parameters() {
        let mut s = Schema::default();
        s.messages.insert(
            "p.v1.ListThingsRequest".into(),
            Message {
                full_name: "p.v1.ListThingsRequest".into(),
                fields: vec![
                    field("thingId", false),
                    field("view", false),
                    field("x", false),
                ],
                ..Message::default()
            },
        );
        s.methods
            .push(method("List", Some("p.v1.ListThingsRequest")));
        let lowered = requests(&s).unwrap();
        let required: Vec<bool> = lowered.messages["p.v1.ListThingsRequest"]
            .fields
            .iter()
            .map(|f| f.required)
            .collect();
        assert_eq!(required, vec![true, true, false]);
    }

    #[test]
    fn clashes_are_errors_naming_the_page() {
        let mut s = Schema::default();
        s.messages
            .insert("p.v1.GetThingRequest".into(), Message::default());
        s.methods.push(method("Get", None));
        let errors = requests(&s).unwrap_err();
        assert!(
            errors[0]
                .message()
                .starts_with("p/Thing/get.md:1: method `Thing.Get`"),
            "{}",
            errors[0]
        );
        // A carrier whose name the pages use for a message of their own.
        let mut s = Schema::default();
        s.messages.insert("q.v1.R".into(), Message::default());
        s.messages
            .insert("p.v1.GetThingRequest".into(), Message::default());
        s.methods.push(method("Get", Some("q.v1.R")));
        let errors = requests(&s).unwrap_err();
        assert!(
            errors[0]
                .message()
                .starts_with("p/Thing/get.md:1: method `Thing.Get` sends `q.v1.R`")
                && errors[0].message().contains("`p.v1.GetThingRequest`"),
            "{}",
            errors[0]
        );
    }

    #[test]
    fn a_shared_request_message_gets_a_request_type_per_method() {
        let shared = |name: &str| Message {
            full_name: name.into(),
            fields: vec![field("thingId", true), field("view", false)],
            ..Message::default()
        };
        // Named by two methods of a package, and by one method of another package.
        let mut s = Schema::default();
        s.messages.insert("p.v1.R".into(), shared("p.v1.R"));
        s.messages.insert("access.S".into(), shared("access.S"));
        s.methods.push(method("Get", Some("p.v1.R")));
        s.methods.push(method("Peek", Some("p.v1.R")));
        let mut other = method("SetAccessBindings", Some("access.S"));
        other.package = "q.v1".into();
        s.methods.push(other);
        // One method of its own package keeps its message as its request type.
        s.messages.insert(
            "p.v1.ListThingsRequest".into(),
            shared("p.v1.ListThingsRequest"),
        );
        s.methods
            .push(method("List", Some("p.v1.ListThingsRequest")));
        let lowered = requests(&s).unwrap();
        let types: Vec<_> = lowered
            .methods
            .iter()
            .map(|m| (m.request_message.as_deref(), m.request_type.as_deref()))
            .collect();
        assert_eq!(
            types,
            [
                (Some("p.v1.R"), Some("p.v1.GetThingRequest")),
                (Some("p.v1.R"), Some("p.v1.PeekThingRequest")),
                (Some("access.S"), Some("q.v1.SetThingAccessBindingsRequest")),
                (Some("p.v1.ListThingsRequest"), None),
            ]
        );
        // The shared messages stay one type each.
        assert!(
            lowered.messages.contains_key("p.v1.R") && lowered.messages.contains_key("access.S")
        );
    }
}
