//! A oneof: an enum with one variant per member, implementing `wire::Oneof`.

use super::docs;
use super::message::{field_docs, singular};
use super::tokens::ident;
use crate::model::index::{oneof_members, oneof_proto_name, Index};
use crate::naming;
use crate::schema::{Message, Type};
use proc_macro2::TokenStream;
use quote::quote;

pub(crate) fn emit(index: &Index, msg: &Message, i: usize) -> TokenStream {
    let path = &index.oneof_paths[&(msg.full_name.clone(), i)];
    let name_str = path.last().expect("types have a name");
    let name = ident(name_str);
    let doc = docs::doc_attrs(&format!(
        "The members of oneof `{}` of `{}`: at most one is set.",
        oneof_proto_name(msg, i),
        msg.full_name
    ));
    let mut variants = Vec::new();
    let mut variant_names = Vec::new();
    let mut arms = Vec::new();
    let mut by_value_message = false;
    for m in oneof_members(msg, i) {
        let (ty, boxed) = singular(index, msg, m);
        by_value_message |= !boxed && matches!(m.ty, Type::Message(_));
        let vname = naming::oneof_variant_name(&m.json_name);
        let variant = ident(&vname);
        variant_names.push(vname);
        let vdoc = docs::doc_attrs(&field_docs(index, msg, m));
        let json = &m.json_name;
        variants.push(quote! { #vdoc #variant(#ty), });
        arms.push(quote! { Self::#variant(_) => #json, });
    }
    // Variant sizes differ as much as the messages do; boxing them all would cost every user
    // an allocation, so the size lint is allowed where a message is held by value.
    let mut allows = Vec::new();
    if by_value_message && variants.len() > 1 {
        allows.push(quote! { clippy::large_enum_variant });
    }
    if naming::variant_names_lint_risk(name_str, &variant_names) {
        allows.push(quote! { clippy::enum_variant_names });
    }
    let allow = if allows.is_empty() {
        TokenStream::new()
    } else {
        quote! { #[allow( #( #allows ),* )] }
    };
    quote! {
        #doc
        #[derive(Clone, Debug, PartialEq)]
        #[non_exhaustive]
        #allow
        pub enum #name {
            #( #variants )*
        }

        impl crate::rt::Oneof for #name {
            fn json_name(&self) -> &'static str {
                match self {
                    #( #arms )*
                }
            }
        }
    }
}
