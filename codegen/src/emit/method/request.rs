//! One request type: its struct, constructor, setters and `http::Method` impl.

use super::*;

/// The Rust type a setter or constructor takes for field `f`.
pub(super) fn param_type(index: &Index, f: &Field) -> TokenStream {
    let v = value_type(index, &f.ty);
    match f.label {
        Label::Singular => v,
        Label::Repeated => quote! { std::vec::Vec<#v> },
        Label::Map => map_type(&v),
    }
}

/// The `crate::wire` codec of field `f`'s whole value.
pub(super) fn full_codec(index: &Index, f: &Field) -> TokenStream {
    let c = codec(index, &f.ty);
    match f.label {
        Label::Singular => c,
        Label::Repeated => quote! { crate::wire::Repeated<#c> },
        Label::Map => quote! { crate::wire::Map<#c> },
    }
}

pub(super) fn input_docs(index: &Index, i: &Input) -> String {
    let mut text = format!("`{}` ({}).", i.field.json_name, i.place.as_str());
    let more = field_docs(index, i.field);
    if !more.is_empty() {
        text.push_str("\n\n");
        text.push_str(&more);
    }
    text
}

pub(super) fn link(index: &Index, full_name: &str) -> String {
    match index.doc_path(full_name) {
        Some(p) => format!(
            "[`{}`]({p})",
            full_name.rsplit('.').next().unwrap_or(full_name)
        ),
        None => format!("`{full_name}`"),
    }
}

pub(super) fn request_docs(index: &Index, p: &Planned) -> String {
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
pub(super) fn emit_request(
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
