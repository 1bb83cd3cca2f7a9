//! Token helpers every emitter uses.

use proc_macro2::TokenStream;

/// An identifier token, raw when `name` is `r#…`.
pub(crate) fn ident(name: &str) -> proc_macro2::Ident {
    match name.strip_prefix("r#") {
        Some(raw) => proc_macro2::Ident::new_raw(raw, proc_macro2::Span::call_site()),
        None => proc_macro2::Ident::new(name, proc_macro2::Span::call_site()),
    }
}

/// `tokens` with every `crate` path root replaced by the crate named `krate`, for code that
/// lives outside the crate it names (the test dispatch files).
pub(crate) fn rebase(tokens: TokenStream, krate: &str) -> TokenStream {
    use proc_macro2::{Group, TokenTree};
    tokens
        .into_iter()
        .map(|t| match t {
            TokenTree::Ident(i) if i == "crate" => TokenTree::Ident(ident(krate)),
            TokenTree::Group(g) => {
                let mut new = Group::new(g.delimiter(), rebase(g.stream(), krate));
                new.set_span(g.span());
                TokenTree::Group(new)
            }
            other => other,
        })
        .collect()
}

/// The Rust type of free-form JSON (a `google.protobuf.Struct`, an `**object**` the pages do
/// not describe further, an operation's untyped result): one spelling for every emitter.
pub(crate) fn json_object() -> TokenStream {
    quote::quote! { serde_json::Map<std::string::String, serde_json::Value> }
}

/// `crate::a::b::C` from its segments after `crate`.
pub(crate) fn crate_path(segments: &[String]) -> TokenStream {
    let idents = segments.iter().map(|s| ident(s));
    quote::quote! { crate #( :: #idents )* }
}
