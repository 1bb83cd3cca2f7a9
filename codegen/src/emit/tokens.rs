//! Token helpers every emitter uses.

use proc_macro2::TokenStream;

/// An identifier token, raw when `name` is `r#…`.
pub(crate) fn ident(name: &str) -> proc_macro2::Ident {
    match name.strip_prefix("r#") {
        Some(raw) => proc_macro2::Ident::new_raw(raw, proc_macro2::Span::call_site()),
        None => proc_macro2::Ident::new(name, proc_macro2::Span::call_site()),
    }
}

/// `crate::a::b::C` from its segments after `crate`.
pub(crate) fn crate_path(segments: &[String]) -> TokenStream {
    let idents = segments.iter().map(|s| ident(s));
    quote::quote! { crate #( :: #idents )* }
}
