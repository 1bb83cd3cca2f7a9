//! What `validate()` checks: which messages have something to check, and the constraint
//! values the generated `Check` impls pass to the runtime's validator.

use super::tokens::ident;
use crate::error::EmitError;
use crate::model::index::Index;
use crate::schema::{Constraints, Field, Type};
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::BTreeSet;

/// Messages whose values have something to check (a constraint or a required field, here
/// or in a message they hold): the least fixed point, so cycles terminate.
pub(crate) fn messages_with_rules(index: &Index) -> BTreeSet<String> {
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

/// Whether validating a value of the field's message checks anything about the field.
pub(crate) fn field_has_rules(f: &Field, with: &BTreeSet<String>) -> bool {
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
pub(crate) fn check_pattern(pattern: &str, what: &dyn Fn() -> String) -> Result<(), EmitError> {
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

/// The runtime's `Constraints` value for `c`.
pub(crate) fn constraints_tokens(
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
        quote! { crate::rt::Constraints::NONE }
    } else {
        quote! { crate::rt::Constraints { #( #parts )* ..crate::rt::Constraints::NONE } }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::{Label, Message, Origin, Scalar, Schema};

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
