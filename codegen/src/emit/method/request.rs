//! One method: its request message's `ApiRequest` impl (path, query and body written from
//! the typed fields) and `unpack_*` methods, and the paragraph of the message's docs that
//! says which call it is.

use super::*;
use crate::emit::message::{allow_deprecated, read_singular, writes};
use crate::schema::{PathSegment, Verb};

pub(super) fn link(index: &Index, full_name: &str) -> String {
    match index.doc_path(full_name) {
        Some(p) => format!(
            "[`{}`]({p})",
            full_name.rsplit('.').next().unwrap_or(full_name)
        ),
        None => format!("`{full_name}`"),
    }
}

/// The docs the request message of a method gets besides its own: the method, its verb and
/// URL template as the page gives them, what it returns, and how to send it; `None` for a
/// message that is no method's request.
pub(crate) fn request_docs(index: &Index, message: &str) -> Option<String> {
    let &i = index.request_of.get(message)?;
    let m = &index.schema.methods[i];
    let mut parts = Vec::new();
    let prose = index.render_docs(&m.docs, &m.package);
    let mut head = format!(
        "The request of `{}.{}`{}",
        m.resource,
        m.name,
        if prose.is_empty() { "." } else { ":" }
    );
    if !prose.is_empty() {
        head.push(' ');
        head.push_str(&prose);
    }
    parts.push(head);
    let host = default_host(&host_parts(m));
    parts.push(format!(
        "{} of `{}`.",
        docs::code_span(&format!("{} https://{host}{}", m.http_method, m.path)),
        m.package
    ));
    let mut returns = match &m.response {
        Response::Empty => {
            "The page documents no response body: the response is free-form JSON.".to_string()
        }
        Response::Message { name, .. } if index.paths.contains_key(name) => {
            format!("Returns {}.", link(index, name))
        }
        Response::Message { name, .. } => format!("Returns `{name}`, read as free-form JSON."),
    };
    if let Response::Message { packed, .. } = &m.response {
        let items: Vec<String> = packed
            .iter()
            .map(|(field, ty)| {
                let unpack = format!("unpack_{}", field.to_snake_case());
                format!(
                    "`{field}` is {} ([`{unpack}`](Self::{unpack}))",
                    link(index, ty)
                )
            })
            .collect();
        if !items.is_empty() {
            returns.push_str(&format!(" Its {}.", items.join(", ")));
        }
    }
    parts.push(returns);
    let check = "check the page's constraints with [`validate`](crate::ApiRequest::validate), \
                 and describe the call with [`to_http`](crate::ApiRequest::to_http).";
    match (&m.request_type, &m.request_message) {
        (Some(_), Some(carried)) => {
            let own = index
                .paths
                .get(message)
                .and_then(|p| p.last())
                .map_or("", |s| naming::unraw(s));
            parts.push(format!(
                "It carries {}, the request message its page names, which is shared (other \
                 methods send it, or it belongs to another package): build that with `new()` \
                 and the `set_*` methods, wrap it (`{own}(message)` or `message.into()`), \
                 {check}",
                link(index, carried)
            ));
        }
        _ => parts.push(format!(
            "Build it with `new()` and the `set_*` methods, {check}"
        )),
    }
    Some(parts.join("\n\n"))
}

/// The `MethodInfo` of a method.
fn method_info(p: &Planned) -> TokenStream {
    let m = p.method;
    let package = &m.package;
    let name = format!("{}.{}", m.resource, m.name);
    let verb = ident(match m.http_method {
        Verb::Get => "Get",
        Verb::Post => "Post",
        Verb::Put => "Put",
        Verb::Patch => "Patch",
        Verb::Delete => "Delete",
    });
    let host = p.host.iter().map(|(placeholder, text, default)| {
        if *placeholder {
            match default {
                Some(default) => quote! {
                    crate::rt::HostPart::Placeholder { name: #text, default: Some(#default) }
                },
                None => quote! { crate::rt::HostPart::Placeholder { name: #text, default: None } },
            }
        } else {
            quote! { crate::rt::HostPart::Literal(#text) }
        }
    });
    let path = m.path.as_str();
    let body = if p.body {
        quote! { crate::rt::CallBody::Json }
    } else {
        quote! { crate::rt::CallBody::Empty }
    };
    quote! {
        &crate::rt::MethodInfo::new(
            #package,
            #name,
            crate::rt::Verb::#verb,
            &[ #( #host ),* ],
            #path,
            #body,
        )
    }
}

/// The request message's value in the impl: `self`, or the carried message `self.0`.
fn message_value(p: &Planned) -> TokenStream {
    if p.carried() {
        quote! { self.0 }
    } else {
        quote! { self }
    }
}

/// The statements writing the path: template text, and each parameter as one segment.
fn path_writes(p: &Planned) -> Vec<TokenStream> {
    let value = message_value(p);
    p.method
        .path
        .segments()
        .iter()
        .map(|s| match s {
            PathSegment::Literal(text) => quote! { path.literal(#text); },
            PathSegment::Param(name) => {
                let field = ident(&naming::field_name(name));
                quote! { path.param(#name, &#value.#field)?; }
            }
        })
        .collect()
}

// `write_body`, `unpack_*` and the test hook are `#[inline]`: each instantiates the encoders
// or decoders of whole message trees, and inline functions are compiled only in the crates
// that call them, which halves the build of the crate (measured for SPQR: 5.0 s → 2.6 s,
// against 2.35 s without methods).
pub(super) fn emit_request(index: &Index, p: &Planned) -> Result<TokenStream, EmitError> {
    let ty = p.type_path(index);
    let gate = cfg(&p.foreign);
    let info = method_info(p);
    let response = p.response(index);
    let path = path_writes(p);
    let in_query = |json: &str| {
        p.inputs.iter().any(|i| {
            i.field.json_name == json
                && (i.place == Place::Query || (!p.body && i.place == Place::Body))
        })
    };
    let in_body = |json: &str| {
        p.body
            && p.inputs
                .iter()
                .any(|i| i.field.json_name == json && i.place == Place::Body)
    };
    let value = message_value(p);
    let message_ref = if p.carried() {
        quote! { &self.0 }
    } else {
        quote! { self }
    };
    let query = writes(index, p.request, &value, &in_query)?;
    let body = writes(index, p.request, &value, &in_body)?;
    let unknown = if p.body {
        quote! { #value.unknown_fields.write(m)?; }
    } else {
        TokenStream::new()
    };
    let unused = |empty: bool| empty.then(|| quote! { let _ = m; });
    let query_unused = unused(query.is_empty());
    let body_unused = unused(body.is_empty() && !p.body);
    let response_msg = match &p.method.response {
        Response::Message { name, .. } => index.schema.messages.get(name),
        Response::Empty => None,
    };
    let mut unpacks = Vec::new();
    for k in &p.packed {
        let name = ident(&k.unpack);
        let json = &k.json;
        let read = match response_msg {
            Some(msg) => read_singular(index, msg, json, &quote! { operation })?,
            None => continue,
        };
        let t = k.ty(index);
        let expected = match &k.expected {
            Some(e) => quote! { Some(#e) },
            None => quote! { None },
        };
        let what = match &k.expected {
            Some(e) => format!("[`{}`]", e.rsplit('.').next().unwrap_or(e)),
            None => "free-form JSON (the page shows a plain object)".to_string(),
        };
        let link = k
            .expected
            .as_ref()
            .and_then(|e| index.doc_path(e))
            .map(|p| {
                format!(
                    "\n\n[`{}`]: {p}",
                    k.expected
                        .as_deref()
                        .unwrap_or("")
                        .rsplit('.')
                        .next()
                        .unwrap_or("")
                )
            })
            .unwrap_or_default();
        let doc = docs::doc_attrs(&format!(
            "Reads the `{json}` of an operation this method returned as {what}; `None` when it \
             is absent. An `@type` naming another message than the page's is an error.{link}"
        ));
        unpacks.push(quote! {
            #doc
            #[inline]
            pub fn #name(
                operation: &#response,
            ) -> std::result::Result<std::option::Option<#t>, crate::rt::UnpackError> {
                crate::rt::unpack(#read, #json, #expected)
            }
        });
    }
    let unpack_impl = if p.packed.is_empty() {
        TokenStream::new()
    } else {
        quote! {
            #gate
            impl #ty {
                #( #unpacks )*
            }
        }
    };
    let operation_impl = operation_impl(index, p, &ty, &gate);
    let paged_impl = paged_impl(index, p, &ty, &gate, response_msg)?;
    let allow = allow_deprecated(p.request);
    Ok(quote! {
        #gate
        #allow
        impl crate::rt::ApiRequest for #ty {
            const METHOD: &'static crate::rt::MethodInfo = #info;
            type Response = #response;

            fn write_path(
                &self,
                path: &mut crate::rt::PathWriter,
            ) -> std::result::Result<(), crate::rt::RequestError> {
                #( #path )*
                Ok(())
            }

            fn write_query<M: serde::ser::SerializeMap>(
                &self,
                m: &mut M,
            ) -> std::result::Result<(), M::Error> {
                #( #query )*
                #query_unused
                Ok(())
            }

            #[inline]
            fn write_body<M: serde::ser::SerializeMap>(
                &self,
                m: &mut M,
            ) -> std::result::Result<(), M::Error> {
                #( #body )*
                #unknown
                #body_unused
                Ok(())
            }

            fn check(&self, v: &mut crate::rt::Validator) {
                crate::rt::Check::nested(#message_ref, v)
            }
        }

        #unpack_impl
        #operation_impl
        #paged_impl
    })
}

/// `OperationRequest` for a method whose response has the packed `metadata` and `response`
/// of an operation.
fn operation_impl(index: &Index, p: &Planned, ty: &TokenStream, gate: &TokenStream) -> TokenStream {
    let find = |json: &str| p.packed.iter().find(|k| k.json == json);
    let (Some(meta), Some(out)) = (find("metadata"), find("response")) else {
        return TokenStream::new();
    };
    let (meta_ty, out_ty) = (meta.ty(index), out.ty(index));
    let (meta_fn, out_fn) = (ident(&meta.unpack), ident(&out.unpack));
    let response = p.response(index);
    quote! {
        #gate
        impl crate::rt::OperationRequest for #ty {
            type Metadata = #meta_ty;
            type Output = #out_ty;

            fn metadata(
                operation: &#response,
            ) -> std::result::Result<std::option::Option<#meta_ty>, crate::rt::UnpackError> {
                Self::#meta_fn(operation)
            }

            fn output(
                operation: &#response,
            ) -> std::result::Result<std::option::Option<#out_ty>, crate::rt::UnpackError> {
                Self::#out_fn(operation)
            }
        }
    }
}

/// `PagedRequest` for a List method: a `pageToken` string in the request, a `nextPageToken`
/// string and exactly one repeated field in the response (the pages' List methods all have
/// this shape; anything else is not paged).
fn paged_impl(
    index: &Index,
    p: &Planned,
    ty: &TokenStream,
    gate: &TokenStream,
    response: Option<&Message>,
) -> Result<TokenStream, EmitError> {
    let string = |f: &&Field| {
        f.label == Label::Singular && f.oneof.is_none() && f.ty == Type::Scalar(Scalar::String)
    };
    let token_in = p
        .request
        .fields
        .iter()
        .find(|f| f.json_name == "pageToken")
        .filter(string);
    let Some(response) = response else {
        return Ok(TokenStream::new());
    };
    let token_out = response
        .fields
        .iter()
        .find(|f| f.json_name == "nextPageToken")
        .filter(string);
    let lists: Vec<&Field> = response
        .fields
        .iter()
        .filter(|f| f.label == Label::Repeated && f.oneof.is_none())
        .collect();
    let (Some(token_in), Some(token_out), [list]) = (token_in, token_out, lists.as_slice()) else {
        return Ok(TokenStream::new());
    };
    let item = crate::emit::message::value_type(index, &list.ty);
    let token_in = ident(&naming::field_name(&token_in.json_name));
    let token_out = ident(&naming::field_name(&token_out.json_name));
    let items = ident(&naming::field_name(&list.json_name));
    let page = p.response(index);
    let value = message_value(p);
    Ok(quote! {
        #gate
        impl crate::rt::PagedRequest for #ty {
            type Item = #item;

            fn page_token_mut(&mut self) -> &mut std::option::Option<std::string::String> {
                &mut #value.#token_in
            }

            fn next_page_token(page: &#page) -> std::option::Option<&str> {
                page.#token_out.as_deref()
            }

            fn into_items(page: #page) -> std::vec::Vec<#item> {
                page.#items
            }
        }
    })
}
