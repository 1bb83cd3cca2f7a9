//! `tests/support/plain.rs`: every message as a plain `#[derive(Deserialize, Serialize)]`
//! struct of the same JSON shape, for the decode benchmark (issue 14): what serde's derive
//! alone makes of the wire, the practical limit for this design. Beside the crate, like the
//! tests' dispatch; nothing else uses it.
//!
//! Plain means: values as the wire writes them (64-bit integers, enums, timestamps,
//! durations, bytes and field masks stay strings), every field optional, oneof members as
//! the fields they are on the wire, `Any` and free-form JSON as JSON objects, and no
//! unknown-field keeping (serde skips them). Such a struct cannot read what the typed models
//! read (an int64 sent as a number, a `"NaN"` double); the benchmark compares the two on the
//! messages both read.

use super::dispatch::Lookup;
use super::tokens::ident;
use crate::model::index::Index;
use crate::naming;
use crate::schema::{Label, Scalar, Type};
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::BTreeMap;

/// The plain struct's name for message `full_name`: its full name with `_` for dots, so
/// that every message of every package has one in one flat module.
fn plain_name(full_name: &str) -> proc_macro2::Ident {
    ident(&full_name.replace('.', "_"))
}

fn value_type(ty: &Type) -> TokenStream {
    match ty {
        Type::Scalar(Scalar::Bool) => quote! { bool },
        Type::Scalar(Scalar::Int32) => quote! { i32 },
        Type::Scalar(Scalar::Uint32) => quote! { u32 },
        Type::Scalar(Scalar::Float | Scalar::Double) => quote! { f64 },
        Type::Scalar(_) | Type::Enum(_) => quote! { std::string::String },
        Type::Message(name) => {
            let id = plain_name(name);
            quote! { #id }
        }
        Type::Any | Type::Json => super::tokens::json_object(),
    }
}

/// The file: a struct per message, and a decoder per message name.
pub(crate) fn plain_rs(index: &Index) -> TokenStream {
    let mut structs = Vec::new();
    let mut arms: BTreeMap<String, Vec<TokenStream>> = BTreeMap::new();
    for (name, msg) in &index.schema.messages {
        let id = plain_name(name);
        let fields = msg.fields.iter().enumerate().map(|(i, f)| {
            // Positional names: a JSON name need not be a Rust identifier.
            let field = ident(&format!("f{i}"));
            let json = &f.json_name;
            let v = value_type(&f.ty);
            let boxed = index.boxed.contains(&(name.clone(), f.json_name.clone()));
            let ty = match f.label {
                Label::Singular if boxed => quote! { std::option::Option<std::boxed::Box<#v>> },
                Label::Singular => quote! { std::option::Option<#v> },
                Label::Repeated => quote! { std::vec::Vec<#v> },
                Label::Map => quote! { std::collections::BTreeMap<std::string::String, #v> },
            };
            let skip = match f.label {
                Label::Singular => quote! { std::option::Option::is_none },
                Label::Repeated => quote! { std::vec::Vec::is_empty },
                Label::Map => quote! { std::collections::BTreeMap::is_empty },
            };
            let skip = skip.to_string().replace(' ', "");
            quote! {
                #[serde(rename = #json, default, skip_serializing_if = #skip)]
                pub #field: #ty,
            }
        });
        structs.push(quote! {
            #[derive(Debug, Default, serde::Deserialize, serde::Serialize)]
            pub struct #id {
                #( #fields )*
            }
        });
        arms.entry(naming::package_of(name))
            .or_default()
            .push(quote! { #name => Some(Decoder::of::<#id>()), });
    }
    let lookup = Lookup {
        params: vec![("type_name", quote! { &str })],
        output: quote! { Decoder },
    };
    let (body, by_package) = lookup.split(arms);
    quote! {
        #![doc = " Every message as a plain derived struct of the same JSON shape, for the decode"]
        #![doc = " benchmark. Generated beside the crate."]
        #![allow(non_camel_case_types)]

        #( #structs )*

        /// A decoded plain struct, which can be encoded again.
        pub trait Encode {
            /// Encodes it as JSON text.
            fn to_vec(&self) -> serde_json::Result<std::vec::Vec<u8>>;
        }

        impl<T: serde::Serialize> Encode for T {
            fn to_vec(&self) -> serde_json::Result<std::vec::Vec<u8>> {
                serde_json::to_vec(self)
            }
        }

        /// The decoders of one message type into its plain struct.
        #[derive(Clone, Copy)]
        pub struct Decoder {
            /// JSON text in, the struct out, to be encoded again.
            pub decode: fn(&str) -> serde_json::Result<std::boxed::Box<dyn Encode>>,
            /// JSON text in, the struct decoded and dropped where it was decoded.
            pub check: fn(&str) -> serde_json::Result<()>,
        }

        impl Decoder {
            fn of<T: serde::de::DeserializeOwned + serde::Serialize + 'static>() -> Self {
                Decoder {
                    decode: |json| Ok(std::boxed::Box::new(serde_json::from_str::<T>(json)?)),
                    check: |json| serde_json::from_str::<T>(json).map(drop),
                }
            }
        }

        /// The plain decoder of the message named `type_name`.
        pub fn decoder(type_name: &str) -> std::option::Option<Decoder> {
            #body
        }

        #by_package
    }
}
