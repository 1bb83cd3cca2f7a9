//! One file per proto package (`src/mdb/spqr/v1.rs`), holding its messages and enums, the
//! inline modules of nested items, and the declarations of its child packages.

use super::output::Files;
use super::tokens::ident;
use super::{docs, enumeration, message, oneof};
use crate::error::EmitError;
use crate::model::index::{Index, Module};
use crate::naming;
use proc_macro2::TokenStream;
use quote::quote;

/// Every package module under the root, parents before children.
pub(crate) fn packages<'i>(module: &'i Module, out: &mut Vec<&'i Module>) {
    for child in module.children.values().filter(|c| c.is_package) {
        out.push(child);
        packages(child, out);
    }
}

/// Adds the file of one package module (its `methods.rs` is a job of its own).
pub(crate) fn emit(index: &Index, package: &Module, files: &mut Files) -> Result<(), EmitError> {
    let path: Vec<&str> = package.path.iter().map(|p| naming::unraw(p)).collect();
    let file = format!("src/{}.rs", path.join("/"));
    let doc = format!(" Proto package `{}`.", package.proto);
    let decls = package_mod_decls(index, package);
    let methods = super::method::declaration(index, package);
    let items = items(index, package)?;
    let tokens = quote! {
        #![doc = #doc]
        #decls
        #methods
        #items
    };
    files.rust(file, tokens)
}

/// The items of a module, then its message modules (inline).
fn items(index: &Index, module: &Module) -> Result<TokenStream, EmitError> {
    let mut out = TokenStream::new();
    // Every item's errors, not only the first.
    let mut errors = Vec::new();
    for name in &module.messages {
        let call = super::method::request_docs(index, name);
        let carried = super::method::carried_docs(index, name);
        match message::emit(index, &index.schema.messages[name], call, carried) {
            Ok(t) => out.extend(t),
            Err(e) => errors.push(e),
        }
    }
    for name in &module.carriers {
        match super::method::emit_carrier(index, name) {
            Ok(t) => out.extend(t),
            Err(e) => errors.push(e),
        }
    }
    for name in &module.enums {
        match enumeration::emit(index, &index.schema.enums[name]) {
            Ok(t) => out.extend(t),
            Err(e) => errors.push(e),
        }
    }
    for (msg, i) in &module.oneofs {
        out.extend(oneof::emit(index, &index.schema.messages[msg], *i));
    }
    for child in module.children.values().filter(|c| !c.is_package) {
        let name = child.path.last().expect("child modules have a name");
        let id = ident(name);
        let doc = docs::doc_attrs(&format!("Types declared inside message `{}`.", child.proto));
        let inception = if module.path.last() == Some(name) {
            quote! { #[allow(clippy::module_inception)] }
        } else {
            TokenStream::new()
        };
        let inner = match items(index, child) {
            Ok(t) => t,
            Err(e) => {
                errors.push(e);
                continue;
            }
        };
        out.extend(quote! {
            #doc
            #inception
            pub mod #id {
                #inner
            }
        });
    }
    match EmitError::all(errors) {
        Some(e) => Err(e),
        None => Ok(out),
    }
}

/// `#[rustfmt::skip] pub mod x;` for the package children of `module`: prettyplease output
/// is not rustfmt output, so `cargo fmt` must not descend into generated files.
pub(crate) fn package_mod_decls(index: &Index, module: &Module) -> TokenStream {
    let decls = module
        .children
        .values()
        .filter(|c| c.is_package)
        .map(|child| {
            let name = child.path.last().expect("child modules have a name");
            let id = ident(name);
            let inception = if module.path.last() == Some(name) {
                quote! { #[allow(clippy::module_inception)] }
            } else {
                TokenStream::new()
            };
            // A parent already gated by the same feature needs no second gate.
            let gate = match index.module_feature(child) {
                Some(f) if index.module_feature(module).as_ref() != Some(&f) => {
                    quote! { #[cfg(feature = #f)] }
                }
                _ => TokenStream::new(),
            };
            quote! {
                #gate
                #inception
                #[rustfmt::skip]
                pub mod #id;
            }
        });
    quote! { #( #decls )* }
}
