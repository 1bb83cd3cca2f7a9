//! The request type of a method whose request message is shared (`Method::request_type`):
//! a newtype of the method's own that carries the message, converts from and into it, and
//! reads and writes as the message does on the wire. The `ApiRequest` impl is the method's
//! (`request`), reading the message's fields through `self.0`.

use super::*;

/// The struct and conversions of carrier `name`.
pub(crate) fn emit_carrier(index: &Index, name: &str) -> Result<TokenStream, EmitError> {
    let Some(&i) = index.request_of.get(name) else {
        return Err(EmitError::new(format!(
            "internal error: carrier `{name}` is no method's request type"
        )));
    };
    let m = &index.schema.methods[i];
    let carried = m.request_message.as_deref().unwrap_or_default();
    let Some(inner) = index.paths.get(carried).map(|p| crate_path(p)) else {
        return Err(EmitError::new(format!(
            "{}: request message `{carried}` is not in the schema",
            at(m)
        )));
    };
    let id = ident(index.paths[name].last().expect("types have a name"));
    let docs = docs::doc_attrs(&request_docs(index, name).unwrap_or_default());
    Ok(quote! {
        #docs
        #[derive(Clone, Debug, Default, PartialEq)]
        pub struct #id(pub #inner);

        impl std::convert::From<#inner> for #id {
            fn from(message: #inner) -> Self {
                Self(message)
            }
        }

        impl std::convert::From<#id> for #inner {
            fn from(request: #id) -> Self {
                request.0
            }
        }

        impl serde::Serialize for #id {
            fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
                self.0.serialize(s)
            }
        }

        impl<'de> serde::Deserialize<'de> for #id {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
                <#inner as serde::Deserialize<'de>>::deserialize(d).map(Self)
            }
        }
    })
}

/// The paragraph of a shared request message's docs that lists the request types carrying
/// it, each line gated like its type, so that the links resolve whatever features are on.
pub(crate) fn carried_docs(index: &Index, message: &str) -> TokenStream {
    let Some(methods) = index.carried_by.get(message) else {
        return TokenStream::new();
    };
    let own = index.features.of_type(message);
    let mut lines = vec![
        quote! { #[doc = ""] },
        quote! { #[doc = " The methods that send it, each through a request type of its own that carries it:"] },
        quote! { #[doc = ""] },
    ];
    for &i in methods {
        let m = &index.schema.methods[i];
        let Some(ty) = m.request_type.as_deref() else {
            continue;
        };
        let Some(path) = index.doc_path(ty) else {
            continue;
        };
        let short = ty.rsplit('.').next().unwrap_or(ty);
        let line = format!(
            " - [`{short}`]({path}): `{}.{}` of `{}`",
            m.resource, m.name, m.package
        );
        match index.features.of_package(&m.package) {
            Some(f) if Some(f) != own => {
                lines.push(quote! { #[cfg_attr(feature = #f, doc = #line)] })
            }
            _ => lines.push(quote! { #[doc = #line] }),
        }
    }
    quote! { #( #lines )* }
}
