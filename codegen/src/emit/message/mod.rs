//! A message: its struct, constructor and setters, its serde and `Message` impls, and the
//! `Check` impl `validate()` walks. The statements that write and read its fields are in
//! `wire`, the `Check` impl in `check`.

mod check;
mod wire;

use check::check_impl;
use wire::{oneof_dispatch, put_stmt};
pub(crate) use wire::{read_singular, writes};

use super::checks::{constraints_tokens, field_has_rules};
use super::docs;
use super::tokens::{crate_path, ident};
use crate::error::EmitError;
use crate::model::index::{oneof_members, oneof_proto_name, Index};
use crate::naming;
use crate::schema::{Field, Label, Message, Scalar, Type};
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::BTreeMap;

/// The struct field that keeps unknown JSON keys.
const UNKNOWN_FIELDS: &str = "unknown_fields";

/// The Rust type of one value of `ty` (an element, for repeated and map fields).
pub(crate) fn value_type(index: &Index, ty: &Type) -> TokenStream {
    match ty {
        Type::Scalar(s) => match s {
            Scalar::String => quote! { std::string::String },
            Scalar::Bool => quote! { bool },
            Scalar::Int32 => quote! { i32 },
            Scalar::Int64 => quote! { i64 },
            Scalar::Uint32 => quote! { u32 },
            Scalar::Uint64 => quote! { u64 },
            Scalar::Float => quote! { f32 },
            Scalar::Double => quote! { f64 },
            Scalar::Bytes => quote! { std::vec::Vec<u8> },
            Scalar::Timestamp => quote! { crate::time::OffsetDateTime },
            Scalar::Duration => quote! { crate::time::Duration },
            Scalar::FieldMask => quote! { crate::rt::FieldMask },
        },
        Type::Message(name) | Type::Enum(name) => crate_path(&index.paths[name]),
        Type::Any => quote! { crate::rt::Any },
        // The runtime's `Json` codec reads a JSON object (`Struct`, or `**object**`).
        Type::Json => super::tokens::json_object(),
    }
}

/// The Rust type of a map field with values of type `value`: the runtime's `MapField`, a
/// `BTreeMap<String, V>` (it dereferences to one) that also keeps entries it could not read.
pub(crate) fn map_type(value: &TokenStream) -> TokenStream {
    quote! { crate::rt::MapField<#value> }
}

/// Where an error about `msg` is: `page:line:col: `full.Name`` where a page documents it.
fn at(msg: &Message) -> String {
    match msg.origins.first() {
        Some(o) if !o.file.is_empty() => format!("{o}:1: `{}`", msg.full_name),
        _ => format!("`{}`", msg.full_name),
    }
}

/// Value type of a singular field or oneof member, boxed when it closes a cycle (the bool).
pub(crate) fn singular(index: &Index, msg: &Message, f: &Field) -> (TokenStream, bool) {
    let ty = value_type(index, &f.ty);
    if index
        .boxed
        .contains(&(msg.full_name.clone(), f.json_name.clone()))
    {
        (quote! { std::boxed::Box<#ty> }, true)
    } else {
        (ty, false)
    }
}

/// Rendered docs of a field: the page's prose, "Deprecated." when the prose does not say so,
/// and the documented default.
pub(crate) fn field_docs(index: &Index, msg: &Message, f: &Field) -> String {
    field_docs_named(index, msg, f, None)
}

/// [`field_docs`], plus the wire name when the Rust name is not the plain snake_case of it
/// (`self_` for `self`, `unknown_fields_` for `unknownFields`).
fn field_docs_named(index: &Index, msg: &Message, f: &Field, rust_name: Option<&str>) -> String {
    let mut parts = Vec::new();
    if f.deprecated && !f.docs.to_lowercase().contains("deprecated") {
        parts.push("Deprecated.".to_string());
    }
    let prose = index.render_docs(&f.docs, &naming::package_of(&msg.full_name));
    if !prose.is_empty() {
        parts.push(prose);
    }
    if let Some(default) = &f.constraints.default {
        parts.push(format!("Default: {}.", docs::code_span(default)));
    }
    if let Some(name) = rust_name {
        if naming::unraw(name) != heck::ToSnakeCase::to_snake_case(f.json_name.as_str()) {
            parts.push(format!(
                "On the wire: {} (renamed in Rust: the plain name is reserved).",
                docs::code_span(&f.json_name)
            ));
        }
    }
    parts.join("\n\n")
}

/// One struct field of the message.
enum Slot<'a> {
    Field { field: &'a Field, name: String },
    Oneof { index: usize, name: String },
}

/// Struct field names, in page order (a oneof where its first member is). Field names that
/// collide are an error; a oneof's name that collides gets `_oneof`; a field named like
/// `unknown_fields` gets a `_` suffix.
fn slots(msg: &Message) -> Result<Vec<Slot<'_>>, EmitError> {
    for f in &msg.fields {
        if !naming::is_valid_ident(&naming::field_name(&f.json_name))
            || !naming::is_valid_ident(&naming::oneof_variant_name(&f.json_name))
        {
            return Err(EmitError::new(format!(
                "{}: field `{}` gives no Rust identifier",
                at(msg),
                f.json_name
            )));
        }
    }
    let mut slots = Vec::new();
    let mut taken: BTreeMap<String, String> = BTreeMap::new();
    taken.insert(UNKNOWN_FIELDS.to_string(), "the unknown fields".to_string());
    for f in msg.fields.iter().filter(|f| f.oneof.is_none()) {
        let mut name = naming::field_name(&f.json_name);
        if name == UNKNOWN_FIELDS {
            name.push('_');
        }
        if let Some(other) = taken.insert(name.clone(), format!("field `{}`", f.json_name)) {
            return Err(EmitError::new(format!(
                "{}: {other} and field `{}` would both be field `{name}`",
                at(msg),
                f.json_name
            )));
        }
    }
    let mut oneof_names = BTreeMap::new();
    for i in 0..msg.oneofs.len() {
        if oneof_members(msg, i).next().is_none() {
            continue;
        }
        let proto = oneof_proto_name(msg, i);
        let mut name = naming::oneof_field_name(&proto);
        if !naming::is_valid_ident(&name) {
            return Err(EmitError::new(format!(
                "{}: oneof `{proto}` gives no Rust identifier",
                at(msg)
            )));
        }
        if taken.contains_key(&name) {
            name = format!("{}_oneof", naming::unraw(&name));
        }
        if let Some(other) = taken.insert(name.clone(), format!("oneof `{proto}`")) {
            return Err(EmitError::new(format!(
                "{}: {other} and oneof `{proto}` would both be field `{name}`",
                at(msg)
            )));
        }
        oneof_names.insert(i, name);
    }
    for f in &msg.fields {
        match f.oneof {
            None => {
                let mut name = naming::field_name(&f.json_name);
                if name == UNKNOWN_FIELDS {
                    name.push('_');
                }
                slots.push(Slot::Field { field: f, name });
            }
            Some(i) => {
                if let Some(name) = oneof_names.remove(&i) {
                    slots.push(Slot::Oneof { index: i, name });
                }
            }
        }
    }
    Ok(slots)
}

/// The message's items; `more_docs` is a paragraph for its docs from elsewhere (the method
/// a request message is the request of).
pub(crate) fn emit(
    index: &Index,
    msg: &Message,
    more_docs: Option<String>,
    more_doc_attrs: TokenStream,
) -> Result<TokenStream, EmitError> {
    let path = &index.paths[&msg.full_name];
    let name = ident(path.last().expect("types have a name"));
    let slots = slots(msg)?;

    // Setter names: fields' and members' first; a oneof's own setter gives way to them.
    let mut setter_names: BTreeMap<String, String> = BTreeMap::new();
    for f in &msg.fields {
        let setter = naming::setter_name(&f.json_name);
        if let Some(other) = setter_names.insert(setter.clone(), f.json_name.clone()) {
            return Err(EmitError::new(format!(
                "{}: fields `{other}` and `{}` would both have setter `{setter}`",
                at(msg),
                f.json_name
            )));
        }
    }

    let mut fields = Vec::new();
    let mut setters = Vec::new();
    let mut arms = Vec::new();
    for slot in &slots {
        match slot {
            Slot::Field {
                field: f,
                name: field_name,
            } => {
                let field_id = ident(field_name);
                let json = &f.json_name;
                let doc = docs::doc_attrs(&field_docs_named(index, msg, f, Some(field_name)));
                let setter_id = ident(&naming::setter_name(json));
                let setter_doc = format!(" Sets `{json}`.");
                let deprecated = deprecated_attr(f);
                match f.label {
                    Label::Singular => {
                        let (ty, boxed) = singular(index, msg, f);
                        fields.push(quote! {
                            #doc
                            #deprecated
                            pub #field_id: std::option::Option<#ty>,
                        });
                        if let Some(getter) = getter(f, field_name) {
                            setters.push(getter);
                        }
                        let (param, value) = if boxed {
                            let inner = value_type(index, &f.ty);
                            (inner, quote! { std::boxed::Box::new(v.into()) })
                        } else {
                            (ty, quote! { v.into() })
                        };
                        setters.push(quote! {
                            #[doc = #setter_doc]
                            #deprecated
                            pub fn #setter_id(mut self, v: impl std::convert::Into<#param>) -> Self {
                                self.#field_id = Some(#value);
                                self
                            }
                        });
                        let keys = keys(msg, json);
                        arms.push(quote! { #keys => self.#field_id = crate::rt::field(map)?, });
                    }
                    Label::Repeated | Label::Map => {
                        let ty = value_type(index, &f.ty);
                        let (full, read) = if f.label == Label::Repeated {
                            (quote! { std::vec::Vec<#ty> }, quote! { repeated })
                        } else {
                            (map_type(&ty), quote! { map })
                        };
                        fields.push(quote! { #doc #deprecated pub #field_id: #full, });
                        // Any iterable of anything convertible, as google-cloud-rust's
                        // setters take: `["a", "b"]` for a list of strings.
                        setters.push(if f.label == Label::Repeated {
                            quote! {
                                #[doc = #setter_doc]
                                #deprecated
                                pub fn #setter_id<T: std::convert::Into<#ty>>(
                                    mut self,
                                    v: impl std::iter::IntoIterator<Item = T>,
                                ) -> Self {
                                    self.#field_id = v.into_iter().map(std::convert::Into::into).collect();
                                    self
                                }
                            }
                        } else {
                            quote! {
                                #[doc = #setter_doc]
                                #deprecated
                                pub fn #setter_id<K, V>(
                                    mut self,
                                    v: impl std::iter::IntoIterator<Item = (K, V)>,
                                ) -> Self
                                where
                                    K: std::convert::Into<std::string::String>,
                                    V: std::convert::Into<#ty>,
                                {
                                    self.#field_id = v.into_iter().map(|(k, v)| (k.into(), v.into())).collect();
                                    self
                                }
                            }
                        });
                        let keys = keys(msg, json);
                        arms.push(quote! { #keys => self.#field_id = crate::rt::#read(map)?, });
                    }
                }
            }
            Slot::Oneof {
                index: i,
                name: field_name,
            } => {
                let field_id = ident(field_name);
                let enum_path = crate_path(&index.oneof_paths[&(msg.full_name.clone(), *i)]);
                let members: Vec<String> = oneof_members(msg, *i)
                    .map(|m| format!("`{}`", m.json_name))
                    .collect();
                let doc = docs::doc_attrs(&format!(
                    "The oneof of {}: at most one of them is set.",
                    members.join(", ")
                ));
                fields.push(quote! { #doc pub #field_id: std::option::Option<#enum_path>, });
                let setter = format!("set_{}", naming::unraw(field_name));
                if !setter_names.contains_key(&setter) {
                    let setter_id = ident(&setter);
                    let setter_doc = format!(" Sets the oneof of {}.", members.join(", "));
                    setters.push(quote! {
                        #[doc = #setter_doc]
                        pub fn #setter_id(mut self, v: impl std::convert::Into<#enum_path>) -> Self {
                            self.#field_id = Some(v.into());
                            self
                        }
                    });
                }
                for m in oneof_members(msg, *i) {
                    let (ty, boxed) = singular(index, msg, m);
                    let json = &m.json_name;
                    let variant = ident(&naming::oneof_variant_name(json));
                    let setter_id = ident(&naming::setter_name(json));
                    let doc = format!(" Sets `{json}`, replacing any other member of its oneof.");
                    let (param, value) = if boxed {
                        let inner = value_type(index, &m.ty);
                        (inner, quote! { std::boxed::Box::new(v.into()) })
                    } else {
                        (ty, quote! { v.into() })
                    };
                    setters.push(quote! {
                        #[doc = #doc]
                        pub fn #setter_id(mut self, v: impl std::convert::Into<#param>) -> Self {
                            self.#field_id = Some(#enum_path::#variant(#value));
                            self
                        }
                    });
                    let keys = keys(msg, json);
                    arms.push(quote! {
                        #keys => crate::rt::set_oneof::<_, A::Error>(
                            &mut self.#field_id,
                            crate::rt::field(map)?.map(#enum_path::#variant),
                        )?,
                    });
                }
            }
        }
    }

    let puts: Vec<TokenStream> = slots
        .iter()
        .filter_map(|slot| put_stmt(index, msg, &quote! { self }, slot, &|_| true))
        .collect();
    let check_impl = check_impl(index, msg, &name, &slots)?;
    let allow = allow_deprecated(msg);

    let mut prose = index.render_docs(&msg.docs, &naming::package_of(&msg.full_name));
    if prose.is_empty() {
        prose = format!("The `{}` message.", msg.full_name);
    }
    if let Some(call) = more_docs {
        prose.push_str("\n\n");
        prose.push_str(&call);
    }
    let docs = docs::doc_attrs(&prose);
    let full_name = &msg.full_name;
    let merge_body = if arms.is_empty() {
        quote! { self.unknown_fields.read(key, map) }
    } else {
        quote! {
            match key {
                #( #arms )*
                _ => self.unknown_fields.read(key, map)?,
            }
            std::result::Result::Ok(())
        }
    };
    Ok(quote! {
        #docs
        #more_doc_attrs
        #[derive(Clone, Debug, Default, PartialEq)]
        #[non_exhaustive]
        pub struct #name {
            #( #fields )*
            // Not a public field: a user reads and changes it through the methods below, and
            // the docs of every message stay free of it, as google-cloud-rust keeps it.
            pub(crate) unknown_fields: crate::rt::UnknownFields,
        }

        #allow
        impl #name {
            /// A message with every field absent (the same as `Default`).
            pub fn new() -> Self {
                std::default::Default::default()
            }
            #( #setters )*
            /// Fields this version of the crate does not know, kept so that they are
            /// written back unchanged.
            pub fn unknown_fields(&self) -> &crate::rt::UnknownFields {
                &self.unknown_fields
            }
            /// The fields this version of the crate does not know, to change.
            pub fn unknown_fields_mut(&mut self) -> &mut crate::rt::UnknownFields {
                &mut self.unknown_fields
            }
        }

        #allow
        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
                use serde::ser::SerializeMap as _;
                let mut map = s.serialize_map(None)?;
                let m = &mut map;
                #( #puts )*
                self.unknown_fields.write(m)?;
                map.end()
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
                crate::rt::decode_message(d)
            }
        }

        impl crate::rt::Value for #name {
            type Codec = crate::rt::Serde<Self>;
        }

        #allow
        impl crate::rt::Message for #name {
            const NAME: &'static str = #full_name;

            fn merge_field<'de, A: serde::de::MapAccess<'de>>(
                &mut self,
                key: &str,
                map: &mut A,
            ) -> std::result::Result<(), A::Error> {
                #merge_body
            }
        }

        #check_impl
    })
}

/// Names of methods a message may have or a request type's traits give it: a getter by one
/// of these names would shadow them (inherent methods win over trait methods).
const NOT_GETTERS: &[&str] = &[
    "new",
    "unknown_fields",
    "unknown_fields_mut",
    "validate",
    "check",
    "to_http",
    "to_http_request",
    "decode_response",
    "write_path",
    "write_query",
    "write_body",
    "unpack_metadata",
    "unpack_response",
    "metadata",
    "output",
    "page_token_mut",
    "next_page_token",
    "into_items",
    "clone",
    "default",
];

/// A getter returning the field's value or the proto3 default for a scalar (`""`, `0`,
/// `false`, empty bytes), as prost and smithy-rs give; `None` for other types (an absent
/// message has no default worth inventing) and for names that would shadow a method.
fn getter(f: &Field, field_name: &str) -> Option<TokenStream> {
    let plain = naming::unraw(field_name);
    if f.oneof.is_some() || NOT_GETTERS.contains(&plain) || plain.starts_with("set_") {
        return None;
    }
    let id = ident(field_name);
    let json = &f.json_name;
    let (ty, body, default) = match &f.ty {
        Type::Scalar(Scalar::String) => (
            quote! { &str },
            quote! { self.#id.as_deref().unwrap_or_default() },
            "`\"\"`",
        ),
        Type::Scalar(Scalar::Bytes) => (
            quote! { &[u8] },
            quote! { self.#id.as_deref().unwrap_or_default() },
            "empty",
        ),
        Type::Scalar(Scalar::Bool) => (
            quote! { bool },
            quote! { self.#id.unwrap_or_default() },
            "`false`",
        ),
        Type::Scalar(
            s @ (Scalar::Int32
            | Scalar::Int64
            | Scalar::Uint32
            | Scalar::Uint64
            | Scalar::Float
            | Scalar::Double),
        ) => {
            let t = ident(match s {
                Scalar::Int32 => "i32",
                Scalar::Int64 => "i64",
                Scalar::Uint32 => "u32",
                Scalar::Uint64 => "u64",
                Scalar::Float => "f32",
                _ => "f64",
            });
            (
                quote! { #t },
                quote! { self.#id.unwrap_or_default() },
                "`0`",
            )
        }
        _ => return None,
    };
    let doc = format!(" `{json}`, or {default} (the proto3 default) when it is absent.");
    let deprecated = deprecated_attr(f);
    Some(quote! {
        #[doc = #doc]
        #deprecated
        pub fn #id(&self) -> #ty {
            #body
        }
    })
}

/// `#[allow(deprecated)]` for the crate's own impls of a message with deprecated fields:
/// the deprecation is for users, and the codecs must still read and write those fields.
pub(crate) fn allow_deprecated(msg: &Message) -> TokenStream {
    if msg.fields.iter().any(|f| f.deprecated) {
        quote! { #[allow(deprecated)] }
    } else {
        TokenStream::new()
    }
}

/// `#[deprecated]` for a field the pages deprecate, with the page's sentence that says so.
pub(crate) fn deprecated_attr(f: &Field) -> TokenStream {
    if !f.deprecated {
        return TokenStream::new();
    }
    let note = f
        .docs
        .lines()
        .find(|l| l.to_lowercase().contains("deprecated"))
        .map(|l| l.trim().to_string())
        .unwrap_or_else(|| "Deprecated in the API reference.".to_string());
    quote! { #[deprecated = #note] }
}

/// The keys `merge_field` reads a field from: its JSON name, and its proto name where the
/// message has one for it ([`Message::proto_key`]).
fn keys(msg: &Message, json: &str) -> TokenStream {
    match msg.proto_key(json) {
        Some(proto) => quote! { #json | #proto },
        None => quote! { #json },
    }
}
