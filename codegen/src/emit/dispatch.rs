//! Lookups by name in the test hooks (`__roundtrip` by message, `__request` by method),
//! split into one function per proto package. One `match` with an arm for every message of
//! a large crate was the one place the output's cost grew faster than the input: prettyplease
//! took 8.5 ns per byte on the 10× corpus's single-function `roundtrip.rs` and 15.8 ns on the
//! 50× one (BENCHMARKS.md), and one huge function is also what rustc handles worst.

use super::tokens::ident;
use crate::naming;
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::{BTreeMap, BTreeSet};

/// The shape of one lookup: `fn(params) -> Option<output>` matching on the first parameter.
pub(crate) struct Lookup {
    /// The parameters of every function, by name and type: the name looked up first
    /// (`type_name: &str`), then what a hit needs (`json: &str`).
    pub params: Vec<(&'static str, TokenStream)>,
    /// What a hit gives: each function returns `Option` of it.
    pub output: TokenStream,
}

impl Lookup {
    /// The top function's body, and the per-package functions (with the type `Hit` of
    /// what they find) to put beside it. `arms` holds, per proto package, match arms that
    /// each evaluate to `Some(…)`; an arm may be compiled out by its feature, so a package
    /// function may end up matching nothing.
    pub(crate) fn split(
        &self,
        arms: BTreeMap<String, Vec<TokenStream>>,
    ) -> (TokenStream, TokenStream) {
        let names: Vec<_> = self.params.iter().map(|(name, _)| ident(name)).collect();
        let types: Vec<_> = self.params.iter().map(|(_, ty)| ty).collect();
        let params = quote! { #( #names: #types ),* };
        let args = quote! { #( #names ),* };
        let key = &names[0];
        let output = &self.output;
        if arms.is_empty() {
            return (quote! { let _ = (#args); None }, TokenStream::new());
        }
        let mut used = BTreeSet::new();
        let mut fn_names = Vec::new();
        let mut fns = Vec::new();
        for (package, arms) in arms {
            let name = unique_name(&package, &mut used);
            let id = ident(&name);
            let doc = format!(" Package `{package}`.");
            fns.push(quote! {
                #[doc = #doc]
                #[allow(unused_variables)]
                fn #id(#params) -> std::option::Option<Hit> {
                    match #key {
                        #( #arms )*
                        _ => None,
                    }
                }
            });
            fn_names.push(id);
        }
        let body = quote! {
            const PACKAGES: &[fn( #( #types ),* ) -> std::option::Option<Hit>] = &[ #( #fn_names ),* ];
            PACKAGES.iter().find_map(|f| f(#args))
        };
        let fns = quote! {
            /// What a lookup finds.
            type Hit = #output;
            #( #fns )*
        };
        (body, fns)
    }
}

/// `mdb_spqr_v1` for `yandex.cloud.mdb.spqr.v1` (`root` for the root package), with a
/// numeric suffix should two packages join to the same name (`a_b.c` and `a.b_c`).
fn unique_name(package: &str, used: &mut BTreeSet<String>) -> String {
    let modules: Vec<String> = naming::package_modules(package)
        .iter()
        .map(|m| naming::unraw(m).to_string())
        .collect();
    let base = if modules.is_empty() {
        "root".to_string()
    } else {
        // `yandex.cloud.type` would be `type`: a keyword, so `r#type`.
        naming::escape_ident(&modules.join("_"))
    };
    let mut name = base.clone();
    let mut n = 2;
    while !used.insert(name.clone()) {
        name = format!("{base}_{n}");
        n += 1;
    }
    name
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn package_functions_have_distinct_valid_names() {
        let mut used = BTreeSet::new();
        let names: Vec<String> = [
            "yandex.cloud.mdb.spqr.v1",
            "yandex.cloud.a_b.c",
            "yandex.cloud.a.b_c",
            "yandex.cloud.type",
            "yandex.cloud",
        ]
        .iter()
        .map(|p| unique_name(p, &mut used))
        .collect();
        assert_eq!(names, ["mdb_spqr_v1", "a_b_c", "a_b_c_2", "r#type", "root"]);
        assert!(names.iter().all(|n| naming::is_valid_ident(n)), "{names:?}");
    }
}
