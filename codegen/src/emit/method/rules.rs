//! Validation rules: which messages have something to check, and the `http::FieldRule`
//! tables `validate()` walks.

use super::*;

/// Messages whose values have something to check (a constraint or a required field,
/// here or in a message they hold): the least fixed point, so cycles terminate.
pub(super) fn messages_with_rules(index: &Index) -> BTreeSet<String> {
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

pub(super) fn field_has_rules(f: &Field, with: &BTreeSet<String>) -> bool {
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
pub(super) fn check_pattern(pattern: &str, what: &dyn Fn() -> String) -> Result<(), EmitError> {
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

pub(super) fn constraints_tokens(
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
pub(super) struct Rules<'i> {
    with: &'i BTreeSet<String>,
    names: BTreeMap<String, String>,
}

impl<'i> Rules<'i> {
    pub(super) fn new(index: &'i Index) -> Self {
        Rules {
            with: index
                .messages_with_rules
                .get_or_init(|| messages_with_rules(index)),
            names: BTreeMap::new(),
        }
    }

    /// The function holding `message`'s rules, named on first use.
    pub(super) fn name(&mut self, index: &Index, message: &str) -> String {
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
    pub(super) fn table<'f>(
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
    pub(super) fn functions(&mut self, index: &Index) -> Result<TokenStream, EmitError> {
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
