//! Requests: every documented method's request message implements the runtime's
//! `ApiRequest`, and what goes with it: the crate docs' list of methods, the test hook and
//! the example.
//!
//! After lowering ([`crate::model::lower`]) every method has exactly one request message, the
//! one type a user builds and sends, and the method plan ([`crate::model::plan`]) says where
//! each of its fields goes. This module prints from the plan: `request` prints one
//! method's `ApiRequest` impl and `unpack_*` methods,
//! which write the path, query and body straight from the typed fields; `files` the
//! per-package `requests.rs`, crate docs and test hook; `example` the generated example.
//! Nothing here depends on a particular method, resource or service.

use super::dispatch::Lookup;
use super::docs;
use super::options::GenerateOptions;
use super::output::Files;
use super::tokens::{crate_path, ident, json_object};
use crate::error::EmitError;
use crate::model::index::{Index, Module};
use crate::model::names::{EXAMPLE, HTTP_FEATURE, REQUESTS_MODULE};
use crate::model::plan::Packed;
pub(crate) use crate::model::plan::{at, default_host, host_parts, Input, Place, Plan, Planned};
use crate::naming;
use crate::schema::{Field, Label, Message, Response, Scalar, Type};
use heck::ToSnakeCase;
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::{BTreeMap, BTreeSet};

mod carrier;
mod example;
mod files;
mod request;

pub(crate) use carrier::*;
pub(crate) use example::*;
pub(crate) use files::*;
pub(crate) use request::request_docs;
use request::*;

/// How responses hold the well-known messages the schema may not define
/// ([`crate::model::plan::WELL_KNOWN`]).
fn well_known(name: &str) -> Option<TokenStream> {
    match name {
        "google.protobuf.Empty" | "google.protobuf.Struct" => Some(json_object()),
        "google.protobuf.Any" => Some(quote! { crate::rt::Any }),
        _ => None,
    }
}

impl Packed {
    /// The Rust type it unpacks to.
    pub fn ty(&self, index: &Index) -> TokenStream {
        match &self.expected {
            Some(name) => type_of(index, name),
            None => json_object(),
        }
    }
}

/// The Rust type of message `name`: the schema's, or a well-known one (checked when the plan
/// was built).
fn type_of(index: &Index, name: &str) -> TokenStream {
    match index.paths.get(name) {
        Some(p) => crate_path(p),
        None => well_known(name).unwrap_or_else(json_object),
    }
}

impl<'s> Planned<'s> {
    /// The response type.
    pub fn response(&self, index: &Index) -> TokenStream {
        match &self.method.response {
            Response::Message { name, .. } => type_of(index, name),
            Response::Empty => json_object(),
        }
    }

    /// `crate::…::BackupClusterRequest`.
    pub fn type_path(&self, index: &Index) -> TokenStream {
        crate_path(&index.paths[self.request_type()])
    }

    /// Intra-doc link path of the request type.
    pub fn doc_path(&self, index: &Index) -> String {
        let segs: Vec<&str> = index.paths[self.request_type()]
            .iter()
            .map(|s| naming::unraw(s))
            .collect();
        format!("crate::{}", segs.join("::"))
    }

    /// The request type's name.
    pub fn type_name<'i>(&self, index: &'i Index) -> &'i str {
        naming::unraw(
            index.paths[self.request_type()]
                .last()
                .expect("types have a name"),
        )
    }
}

/// `#[cfg(…)]` for a set of features (nothing when empty).
fn cfg(features: &BTreeSet<String>) -> TokenStream {
    if features.is_empty() {
        return TokenStream::new();
    }
    let p = predicate(features);
    quote! { #[cfg(#p)] }
}

/// `feature = "a"`, or `all(feature = "a", …)` for more than one.
fn predicate(features: &BTreeSet<String>) -> TokenStream {
    let f: Vec<&String> = features.iter().collect();
    if let [one] = f.as_slice() {
        quote! { feature = #one }
    } else {
        quote! { all( #( feature = #f ),* ) }
    }
}

#[cfg(test)]
mod tests {
    /// The plan admits a response of a well-known message only if the emitters can print
    /// its type.
    #[test]
    fn every_well_known_message_the_plan_admits_has_a_rust_type() {
        for name in crate::model::plan::WELL_KNOWN {
            assert!(super::well_known(name).is_some(), "{name}");
        }
        assert!(super::well_known("google.protobuf.Timestamp").is_none());
    }
}
