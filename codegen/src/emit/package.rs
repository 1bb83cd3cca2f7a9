//! One file per proto package (`src/mdb/spqr/v1.rs`), holding its messages and enums, the
//! inline modules of nested items, and the declarations of its child packages.

use super::index::{Index, Module};
use super::manifest::package_mod_decls;
use super::{docs, enumeration, ident, message, oneof, EmitError, Files};
use crate::naming;
use proc_macro2::TokenStream;
use quote::quote;

/// Adds a file for every package module under the root.
pub(crate) fn emit_all(index: &Index, files: &mut Files) -> Result<(), EmitError> {
    emit_children(index, &index.root, files)
}

fn emit_children(index: &Index, module: &Module, files: &mut Files) -> Result<(), EmitError> {
    for child in module.children.values().filter(|c| c.is_package) {
        let path: Vec<&str> = child.path.iter().map(|p| naming::unraw(p)).collect();
        let file = format!("src/{}.rs", path.join("/"));
        let doc = format!(" Proto package `{}`.", child.proto);
        let decls = package_mod_decls(index, child);
        let methods = super::method::emit_package(index, child, files)?;
        let items = items(index, child)?;
        let tokens = quote! {
            #![doc = #doc]
            #decls
            #methods
            #items
        };
        files.rust(file, tokens)?;
        emit_children(index, child, files)?;
    }
    Ok(())
}

/// The items of a module, then its message modules (inline).
fn items(index: &Index, module: &Module) -> Result<TokenStream, EmitError> {
    let mut out = TokenStream::new();
    for name in &module.messages {
        out.extend(message::emit(index, &index.schema.messages[name])?);
    }
    for name in &module.enums {
        out.extend(enumeration::emit(index, &index.schema.enums[name])?);
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
        let inner = items(index, child)?;
        out.extend(quote! {
            #doc
            #inception
            pub mod #id {
                #inner
            }
        });
    }
    Ok(out)
}
