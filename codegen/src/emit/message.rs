//! A message: its struct, constructor and setters, and its serde and `wire::Message` impls.

use super::index::{oneof_members, oneof_proto_name, Index};
use super::{crate_path, docs, ident, EmitError};
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
            Scalar::Timestamp => quote! { time::OffsetDateTime },
            Scalar::Duration => quote! { time::Duration },
            Scalar::FieldMask => quote! { crate::wire::FieldMask },
        },
        Type::Message(name) | Type::Enum(name) => crate_path(&index.paths[name]),
        Type::Any => quote! { crate::wire::Any },
        // The runtime's `Json` codec reads a JSON object (`Struct`, or `**object**`).
        Type::Json => quote! { serde_json::Map<std::string::String, serde_json::Value> },
    }
}

/// The `crate::wire` codec of one value of `ty`.
pub(crate) fn codec(index: &Index, ty: &Type) -> TokenStream {
    match ty {
        Type::Scalar(s) => {
            let marker = ident(match s {
                Scalar::String => "Str",
                Scalar::Bool => "Bool",
                Scalar::Int32 => "Int32",
                Scalar::Int64 => "Int64",
                Scalar::Uint32 => "Uint32",
                Scalar::Uint64 => "Uint64",
                Scalar::Float => "Float",
                Scalar::Double => "Double",
                Scalar::Bytes => "Bytes",
                Scalar::Timestamp => "Timestamp",
                Scalar::Duration => "Duration",
                Scalar::FieldMask => "FieldMask",
            });
            quote! { crate::wire::#marker }
        }
        Type::Message(name) => {
            let path = crate_path(&index.paths[name]);
            quote! { crate::wire::Serde<#path> }
        }
        Type::Enum(name) => {
            let path = crate_path(&index.paths[name]);
            quote! { crate::wire::Enum<#path> }
        }
        Type::Any => quote! { crate::wire::Any },
        Type::Json => quote! { crate::wire::Json },
    }
}

/// The Rust type of a map field with values of type `value`: the runtime's `MapField`, a
/// `BTreeMap<String, V>` (it dereferences to one) that also keeps entries it could not read.
pub(crate) fn map_type(value: &TokenStream) -> TokenStream {
    quote! { crate::wire::MapField<#value> }
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
pub(crate) fn field_docs(index: &Index, f: &Field) -> String {
    field_docs_named(index, f, None)
}

/// [`field_docs`], plus the wire name when the Rust name is not the plain snake_case of it
/// (`self_` for `self`, `unknown_fields_` for `unknownFields`).
fn field_docs_named(index: &Index, f: &Field, rust_name: Option<&str>) -> String {
    let mut parts = Vec::new();
    if f.deprecated && !f.docs.to_lowercase().contains("deprecated") {
        parts.push("Deprecated.".to_string());
    }
    let prose = index.render_docs(&f.docs);
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
                "`{}`: field `{}` gives no Rust identifier",
                msg.full_name, f.json_name
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
                "`{}`: {other} and field `{}` would both be field `{name}`",
                msg.full_name, f.json_name
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
                "`{}`: oneof `{proto}` gives no Rust identifier",
                msg.full_name
            )));
        }
        if taken.contains_key(&name) {
            name = format!("{}_oneof", naming::unraw(&name));
        }
        if let Some(other) = taken.insert(name.clone(), format!("oneof `{proto}`")) {
            return Err(EmitError::new(format!(
                "`{}`: {other} and oneof `{proto}` would both be field `{name}`",
                msg.full_name
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

pub(crate) fn emit(index: &Index, msg: &Message) -> Result<TokenStream, EmitError> {
    let path = &index.paths[&msg.full_name];
    let name = ident(path.last().expect("types have a name"));
    let slots = slots(msg)?;

    // Setter names: fields' and members' first; a oneof's own setter gives way to them.
    let mut setter_names: BTreeMap<String, String> = BTreeMap::new();
    for f in &msg.fields {
        let setter = naming::setter_name(&f.json_name);
        if let Some(other) = setter_names.insert(setter.clone(), f.json_name.clone()) {
            return Err(EmitError::new(format!(
                "`{}`: fields `{other}` and `{}` would both have setter `{setter}`",
                msg.full_name, f.json_name
            )));
        }
    }

    let mut fields = Vec::new();
    let mut setters = Vec::new();
    let mut puts = Vec::new();
    let mut arms = Vec::new();
    for slot in &slots {
        match slot {
            Slot::Field {
                field: f,
                name: field_name,
            } => {
                let field_id = ident(field_name);
                let json = &f.json_name;
                let doc = docs::doc_attrs(&field_docs_named(index, f, Some(field_name)));
                let setter_id = ident(&naming::setter_name(json));
                let setter_doc = format!(" Sets `{json}`.");
                match f.label {
                    Label::Singular => {
                        let (ty, boxed) = singular(index, msg, f);
                        fields.push(quote! { #doc pub #field_id: std::option::Option<#ty>, });
                        let (param, value) = if boxed {
                            let inner = value_type(index, &f.ty);
                            (inner, quote! { std::boxed::Box::new(v.into()) })
                        } else {
                            (ty, quote! { v.into() })
                        };
                        setters.push(quote! {
                            #[doc = #setter_doc]
                            pub fn #setter_id(mut self, v: impl std::convert::Into<#param>) -> Self {
                                self.#field_id = Some(#value);
                                self
                            }
                        });
                        puts.push(quote! { crate::wire::put(&mut m, #json, &self.#field_id)?; });
                        let keys = keys(msg, json);
                        arms.push(quote! { #keys => self.#field_id = crate::wire::field(map)?, });
                    }
                    Label::Repeated | Label::Map => {
                        let ty = value_type(index, &f.ty);
                        let (full, put, read) = if f.label == Label::Repeated {
                            (
                                quote! { std::vec::Vec<#ty> },
                                quote! { put_repeated },
                                quote! { repeated },
                            )
                        } else {
                            (map_type(&ty), quote! { put_map }, quote! { map })
                        };
                        fields.push(quote! { #doc pub #field_id: #full, });
                        setters.push(quote! {
                            #[doc = #setter_doc]
                            pub fn #setter_id(mut self, v: impl std::convert::Into<#full>) -> Self {
                                self.#field_id = v.into();
                                self
                            }
                        });
                        puts.push(quote! { crate::wire::#put(&mut m, #json, &self.#field_id)?; });
                        let keys = keys(msg, json);
                        arms.push(quote! { #keys => self.#field_id = crate::wire::#read(map)?, });
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
                let mut put_arms = Vec::new();
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
                    put_arms.push(quote! {
                        #enum_path::#variant(v) => crate::wire::put_value(&mut m, #json, v)?,
                    });
                    let keys = keys(msg, json);
                    arms.push(quote! {
                        #keys => crate::wire::set_oneof::<_, A::Error>(
                            &mut self.#field_id,
                            crate::wire::field(map)?.map(#enum_path::#variant),
                        )?,
                    });
                }
                puts.push(quote! {
                    if let Some(o) = &self.#field_id {
                        match o {
                            #( #put_arms )*
                        }
                    }
                });
            }
        }
    }

    let mut prose = index.render_docs(&msg.docs);
    if prose.is_empty() {
        prose = format!("The `{}` message.", msg.full_name);
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
        #[derive(Clone, Debug, Default, PartialEq)]
        #[non_exhaustive]
        pub struct #name {
            #( #fields )*
            /// Fields this version of the crate does not know, kept so that they are written
            /// back unchanged.
            pub unknown_fields: crate::wire::UnknownFields,
        }

        impl #name {
            /// A message with every field absent (the same as `Default`).
            pub fn new() -> Self {
                std::default::Default::default()
            }
            #( #setters )*
        }

        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
                use serde::ser::SerializeMap as _;
                let mut m = s.serialize_map(None)?;
                #( #puts )*
                self.unknown_fields.write(&mut m)?;
                m.end()
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
                crate::wire::decode_message(d)
            }
        }

        impl crate::wire::Value for #name {
            type Codec = crate::wire::Serde<Self>;
        }

        impl crate::wire::Message for #name {
            const NAME: &'static str = #full_name;

            fn merge_field<'de, A: serde::de::MapAccess<'de>>(
                &mut self,
                key: &str,
                map: &mut A,
            ) -> std::result::Result<(), A::Error> {
                #merge_body
            }
        }
    })
}

/// The keys `merge_field` reads a field from: its JSON name, and its proto name where the
/// message has one for it ([`Message::proto_key`]).
fn keys(msg: &Message, json: &str) -> TokenStream {
    match msg.proto_key(json) {
        Some(proto) => quote! { #json | #proto },
        None => quote! { #json },
    }
}
