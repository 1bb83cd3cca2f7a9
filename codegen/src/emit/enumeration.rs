//! An enum: open (unknown values are kept), with `as_str`, `FromStr`, `Display`, serde and
//! `wire::Enumeration` impls.

use super::docs;
use super::tokens::ident;
use crate::error::EmitError;
use crate::model::index::Index;
use crate::naming;
use crate::schema::Enum;
use proc_macro2::TokenStream;
use quote::quote;

pub(crate) fn emit(index: &Index, e: &Enum) -> Result<TokenStream, EmitError> {
    let path = &index.paths[&e.full_name];
    let name_str = path.last().expect("types have a name");
    let name = ident(name_str);
    let short = e.full_name.rsplit('.').next().unwrap_or(&e.full_name);
    let wire_names: Vec<&str> = e.values.iter().map(|v| v.name.as_str()).collect();
    let mut variant_names = naming::enum_variant_names(short, &wire_names)
        .map_err(|m| EmitError::new(format!("`{}`: {m}", e.full_name)))?;
    let variants: Vec<_> = variant_names.iter().map(|v| ident(v)).collect();
    let package = naming::package_of(&e.full_name);
    let value_docs = e
        .values
        .iter()
        .map(|v| docs::doc_attrs(&index.render_docs(&v.docs, &package)));
    let mut prose = index.render_docs(&e.docs, &package);
    if prose.is_empty() {
        prose = format!("The `{}` enum.", e.full_name);
    }
    let doc = docs::doc_attrs(&prose);
    variant_names.push(naming::UNKNOWN_VARIANT.to_string());
    let allow = if naming::variant_names_lint_risk(name_str, &variant_names) {
        quote! { #[allow(clippy::enum_variant_names)] }
    } else {
        TokenStream::new()
    };
    let unknown = ident(naming::UNKNOWN_VARIANT);
    let from_name = if variants.is_empty() {
        quote! { Self::#unknown(crate::rt::UnknownEnumValue::from_name(name)) }
    } else {
        quote! {
            match name {
                #( #wire_names => Self::#variants, )*
                _ => Self::#unknown(crate::rt::UnknownEnumValue::from_name(name)),
            }
        }
    };
    let unknown_body = if variants.is_empty() {
        quote! { let Self::#unknown(v) = self; Some(v) }
    } else {
        quote! {
            match self {
                Self::#unknown(v) => Some(v),
                _ => None,
            }
        }
    };
    Ok(quote! {
        #doc
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        #allow
        pub enum #name {
            #( #value_docs #variants, )*
            /// A value this version of the crate does not know (added to the API later, or
            /// sent as a number): kept as it arrived, so that it is written back unchanged.
            #unknown(crate::rt::UnknownEnumValue),
        }

        impl #name {
            /// The name on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #( Self::#variants => #wire_names, )*
                    Self::#unknown(v) => v.as_str(),
                }
            }
        }

        impl crate::rt::Enumeration for #name {
            fn from_name(name: &str) -> Self {
                #from_name
            }

            fn from_unknown(v: crate::rt::UnknownEnumValue) -> Self {
                Self::#unknown(v)
            }

            fn as_str(&self) -> &str {
                #name::as_str(self)
            }

            fn unknown(&self) -> std::option::Option<&crate::rt::UnknownEnumValue> {
                #unknown_body
            }
        }

        impl std::str::FromStr for #name {
            type Err = std::convert::Infallible;

            /// Never fails: names this version does not know become the unknown variant.
            fn from_str(s: &str) -> std::result::Result<Self, Self::Err> {
                Ok(<Self as crate::rt::Enumeration>::from_name(s))
            }
        }

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
                crate::rt::encode_enum(self, s)
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
                crate::rt::decode_enum(d)
            }
        }

        impl crate::rt::Value for #name {
            type Codec = crate::rt::Enum<Self>;
        }

        impl crate::rt::Check for #name {
            fn text(&self) -> std::option::Option<&str> {
                Some(self.as_str())
            }
        }
    })
}
