//! Lowering: the schema as the pages give it → the schema the emitters print, in which every
//! method has exactly one request message.
//!
//! A page names its request message when the method has a body or query parameters beyond
//! the path (`AddClusterShardRequest`); a method with path parameters only (`Backup.Get`,
//! `Cluster.Backup`) names none. Such a method gets a message of its own, named as the API's
//! protos name theirs, `<Method><Resource>Request` (`GetBackupRequest`,
//! `BackupClusterRequest`), holding its path and query parameters. Either way, the request
//! message is the one type a user builds and sends.
//!
//! A method's own copy of a parameter may say "required" where the message's table does
//! not, and a path parameter is always required: both are folded into the message's field,
//! so that validating the request checks them.

use crate::emit::EmitError;
use crate::naming;
use crate::schema::{Message, Schema};
use std::borrow::Cow;
use std::collections::BTreeMap;

/// The schema with a request message for every method (borrowed when the pages named one
/// for each and nothing needed folding).
pub fn requests(schema: &Schema) -> Result<Cow<'_, Schema>, Vec<EmitError>> {
    let mut out = Cow::Borrowed(schema);
    let mut errors = Vec::new();
    // request message → the method that claimed it.
    let mut claimed: BTreeMap<String, String> = BTreeMap::new();
    let mut seen = std::collections::BTreeSet::new();
    for i in 0..schema.methods.len() {
        let m = &schema.methods[i];
        let what = format!("{}.{}", m.resource, m.name);
        let at = if m.origin.file.is_empty() {
            String::new()
        } else {
            format!("{}: ", m.origin)
        };
        if !seen.insert((&m.package, &m.resource, &m.name)) {
            errors.push(EmitError::new(format!(
                "{at}method `{what}` of `{}` is documented twice",
                m.package
            )));
            continue;
        }
        let request = match &m.request_message {
            Some(name) => name.clone(),
            None => {
                let name = format!(
                    "{}.{}{}Request",
                    m.package,
                    naming::type_name(&m.name),
                    naming::type_name(&m.resource)
                );
                if schema.messages.contains_key(&name) {
                    errors.push(EmitError::new(format!(
                        "{at}method `{what}` names no request message, and `{name}`, the name \
                         the rule gives it, is a documented message already"
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
        if let Some(other) = claimed.insert(request.clone(), what.clone()) {
            errors.push(EmitError::new(format!(
                "{at}methods `{other}` and `{what}` name the same request message `{request}`; \
                 a request type describes one call"
            )));
            continue;
        }
        let Some(msg) = out.messages.get(&request) else {
            errors.push(EmitError::new(format!(
                "{at}method `{what}`: request message `{request}` is not in the schema"
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
        Ok(out)
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::{Field, Label, Method, Origin, Response, Scalar, Type};

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
            http_method: "GET".into(),
            host: "api-host".into(),
            path: "/v1/things/{thingId}".into(),
            path_params: vec![field("thingId", false)],
            query_params: vec![field("view", true)],
            request_message: request.map(str::to_string),
            body_fields: vec![],
            response: Response::Empty,
            origin: Origin {
                file: "p/Thing/get.md".into(),
                line: 1,
            },
        }
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
        let mut s = Schema::default();
        s.messages.insert(
            "p.v1.R".into(),
            Message {
                full_name: "p.v1.R".into(),
                fields: vec![field("thingId", true)],
                ..Message::default()
            },
        );
        s.methods.push(method("Get", Some("p.v1.R")));
        s.methods.push(method("Peek", Some("p.v1.R")));
        let errors = requests(&s).unwrap_err();
        assert!(
            errors[0].message().contains("`Thing.Get` and `Thing.Peek`"),
            "{}",
            errors[0]
        );
    }
}
