//! The crate around the models: `Cargo.toml`, `src/lib.rs` (with the re-exports of the
//! runtime crate) and the round-trip hook (`src/roundtrip.rs`).

use super::dispatch::Lookup;
use super::docs;
use super::method::Plan;
use super::options::GenerateOptions;
use super::output::HEADER;
use super::package::package_mod_decls;
use crate::error::EmitError;
use crate::model::features::Features;
use crate::model::index::Index;
use crate::model::names::{FULL_FEATURE, HTTP_FEATURE};
use crate::naming;
use crate::schema::{Label, Scalar, Type};
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::BTreeMap;

/// The runtime crate the generated crate depends on, and the version it asks for.
pub(crate) const RUNTIME_CRATE: &str = "yandex-cloud-runtime";
const RUNTIME_VERSION: &str = "0.1.0";
/// The oldest toolchain the crate supports: the runtime's (see `runtime/Cargo.toml`), whose
/// `time` types are in this crate's API.
const RUST_VERSION: &str = "1.88";

pub(crate) fn cargo_toml(opts: &GenerateOptions, features: &Features) -> String {
    let name = toml_string(&opts.crate_name);
    // Where docs.rs publishes the crate; the project has no other home to name.
    let docs_name = opts.crate_name.replace(['"', '\\'], "");
    let feature_table = feature_table(features);
    let version = toml_string(&opts.version);
    let toml_header = HEADER.replacen("//", "#", 1);
    let published = ["src/**/*.rs", "README.md", "CHANGELOG.md"]
        .into_iter()
        .chain(opts.licenses.iter().map(|(file, _)| file.as_str()));
    let include = published
        .map(|path| toml_string(&format!("/{path}")))
        .collect::<Vec<_>>()
        .join(", ");
    let runtime = match &opts.runtime_path {
        Some(path) => format!(
            "{{ version = {}, path = {} }}",
            toml_string(RUNTIME_VERSION),
            toml_string(path)
        ),
        None => toml_string(RUNTIME_VERSION),
    };
    format!(
        r#"{toml_header}

[package]
name = {name}
version = {version}
edition = "2021"
rust-version = "{RUST_VERSION}"
license = "MIT OR Apache-2.0"
description = "Yandex Cloud API models in the proto3 JSON mapping, generated from the REST API reference."
readme = "README.md"
documentation = "https://docs.rs/{docs_name}"
keywords = ["yandex", "yandex-cloud", "api", "serde", "protobuf"]
categories = ["api-bindings", "web-programming::http-client", "encoding"]
# What is published: the sources, the README, the changelog and the licences; the example,
# and the test hooks where they are written beside the crate (tests/support/), are the
# workspace's own.
include = [{include}]

[package.metadata.docs.rs]
all-features = true
rustdoc-args = ["--cfg", "docsrs"]

[dependencies]
{RUNTIME_CRATE} = {runtime}
serde = "1"
serde_json = "1"

[lints.rust]
unsafe_code = "forbid"
{feature_table}"#
    )
}

/// `[features]`: one per service (see `features.rs`), none on by default, [`FULL_FEATURE`]
/// for all of them, and [`HTTP_FEATURE`]. Opt-in, as crates with many optional parts do
/// (`web-sys`, `windows`): a user pays to build only the services named, where the Google
/// and AWS SDKs get the same by a crate per service.
fn feature_table(features: &Features) -> String {
    let list = |names: &mut dyn Iterator<Item = &String>| {
        names.map(|n| toml_string(n)).collect::<Vec<_>>().join(", ")
    };
    let first = features
        .enables
        .keys()
        .next()
        .map_or("a-service", String::as_str);
    let mut out = format!(
        "\n[features]\n\
         # No service by default: name the ones you call (`features = [\"{first}\"]`), or \
         `{FULL_FEATURE}`.\ndefault = []\n",
    );
    if !features.enables.is_empty() {
        out.push_str(&format!(
            "{FULL_FEATURE} = [{}]\n",
            list(&mut features.enables.keys())
        ));
    }
    for (name, enables) in &features.enables {
        out.push_str(&format!("{name} = [{}]\n", list(&mut enables.iter())));
    }
    out.push_str(&format!(
        "# `ApiRequest::to_http_request`: a call as an `http::Request`.\n\
         {HTTP_FEATURE} = [\"{RUNTIME_CRATE}/{HTTP_FEATURE}\"]\n"
    ));
    out
}

/// A service whose feature would be named like one of the crate's own features.
pub(crate) fn check_feature_names(features: &Features) -> Result<(), EmitError> {
    let clash: Vec<&str> = [FULL_FEATURE, HTTP_FEATURE, "default"]
        .into_iter()
        .filter(|f| features.enables.contains_key(*f))
        .collect();
    match clash.is_empty() {
        true => Ok(()),
        false => Err(EmitError::new(format!(
            "a service's feature would be named `{}`, which the crate's own feature has",
            clash.join("`, `")
        ))),
    }
}

fn toml_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Crate docs: a short example decoding the first message that has a string field and is
/// compiled whatever the features (so the doctest runs with any of them).
fn example(index: &Index, crate_ident: &str) -> String {
    let mut ungated = index
        .schema
        .messages
        .values()
        .filter(|m| index.features.of_type(&m.full_name).is_none());
    let pick = ungated.find_map(|m| {
        m.fields
            .iter()
            .find(|f| {
                f.oneof.is_none()
                    && f.label == Label::Singular
                    && f.ty == Type::Scalar(Scalar::String)
                    && f.json_name.chars().all(|c| c.is_ascii_alphanumeric())
            })
            .map(|f| (m, f))
    });
    let Some((msg, field)) = pick else {
        return String::new();
    };
    let path = index
        .type_path(&msg.full_name)
        .unwrap_or_default()
        .replacen("crate::", &format!("{crate_ident}::"), 1);
    let field_ident = crate::naming::field_name(&field.json_name);
    let json = &field.json_name;
    format!(
        "\n\n```\n\
         use {crate_ident}::wire;\n\
         \n\
         let json = r#\"{{\"{json}\": \"example\", \"addedLater\": 1}}\"#;\n\
         let msg: {path} = wire::from_str(json)?;\n\
         assert_eq!(msg.{field_ident}.as_deref(), Some(\"example\"));\n\
         // Fields this version does not know are kept, and written back.\n\
         assert_eq!(wire::to_value(&msg)?[\"addedLater\"], 1);\n\
         # Ok::<(), wire::Error>(())\n\
         ```"
    )
}

const CRATE_DOCS: &str = "\
Models of the Yandex Cloud API: every message and enum that the REST API reference
documents, generated from its pages.

Types speak the proto3 JSON mapping, which is what the REST API sends and accepts: fields
by their camelCase JSON names, 64-bit integers as strings, timestamps in RFC 3339,
durations as `\"1.5s\"`, bytes in base64. Modules follow the proto packages without the
`yandex.cloud.` prefix (`yandex.cloud.mdb.spqr.v1.Cluster` is `mdb::spqr::v1::Cluster`);
nested messages, enums and oneofs live in a module named after their message
(`mdb::spqr::v1::cluster::Health`).

Singular fields are `Option`s (absent stays absent, a present zero stays present), enums
are open (values this version does not know are kept), and unknown fields are kept
(`unknown_fields()`), so decoding and encoding again loses nothing. Decode with
[`wire::from_str`] (errors name the JSON path of the bad value; fields are read under
their JSON name or their proto name, `clusterId` or `cluster_id`, as the proto3 JSON mapping
asks of parsers), encode with [`wire::to_string`] or [`wire::to_value`] (always JSON names),
and build messages with `new()` and the `set_*` methods.";

/// The crate docs' table of features: which module each service's feature compiles.
fn feature_docs(index: &Index) -> String {
    let mut rows: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for (package, feature) in &index.features.by_package {
        rows.entry(feature)
            .or_default()
            .push(naming::package_modules(package).join("::"));
    }
    let first = rows.keys().next().copied().unwrap_or("a-service");
    let mut out = format!(
        "\n\n## Cargo features\n\n\
         Each service's module is compiled only with its feature. None is on by default: name\n\
         the services you call (`features = [\"{first}\"]`), or `{FULL_FEATURE}` for all; a\n\
         service's feature turns on those whose types it uses.\n\n\
         | feature | modules |\n| --- | --- |\n",
    );
    for (feature, modules) in rows {
        let modules: Vec<String> = modules.iter().map(|m| format!("`{m}`")).collect();
        out.push_str(&format!("| `{feature}` | {} |\n", modules.join(", ")));
    }
    out.push_str(&format!(
        "| `{FULL_FEATURE}` | every service above |\n\
         | `{HTTP_FEATURE}` | `ApiRequest::to_http_request`: a call as an `http::Request` |"
    ));
    out
}

pub(crate) fn lib_rs(
    index: &Index,
    plan: &Plan,
    opts: &GenerateOptions,
) -> Result<TokenStream, EmitError> {
    let mut text = String::from(CRATE_DOCS);
    text.push_str(&example(index, &opts.crate_name.replace('-', "_")));
    text.push_str(&feature_docs(index));
    let doc_lines = text.lines().map(|l| {
        if l.is_empty() {
            String::new()
        } else {
            format!(" {l}")
        }
    });
    let mods = package_mod_decls(index, &index.root);
    let method_docs = super::method::crate_docs(index, plan)?;
    let tokens = quote! {
        #( #![doc = #doc_lines] )*
        #method_docs
        #![forbid(unsafe_code)]
        // docs.rs builds with `--cfg docsrs` on nightly, where `doc_cfg` marks every gated
        // item with the feature that enables it.
        #![cfg_attr(docsrs, feature(doc_cfg))]
        #![allow(rustdoc::redundant_explicit_links)]

        // In the order rustfmt keeps, each line short enough that prettyplease keeps it whole
        // (lib.rs is checked by `cargo fmt`).
        /// The runtime crate, for what the re-exports below leave out.
        pub use yandex_cloud_runtime as runtime;
        /// What the generated code calls: the runtime's codecs and writers.
        use yandex_cloud_runtime::__private as rt;
        pub use yandex_cloud_runtime::{time, wire};
        pub use yandex_cloud_runtime::{Any, ApiRequest, FieldMask, Hosts, HttpCall};
        pub use yandex_cloud_runtime::{MapField, Message, OperationRequest, PagedRequest};
        pub use yandex_cloud_runtime::{RequestError, UnknownEnumValue};
        pub use yandex_cloud_runtime::{UnknownFields, UnpackError, Verb, Violations};

        /// The README's example, compiled as a doctest.
        #[cfg(doctest)]
        #[doc = include_str!("../README.md")]
        pub struct ReadmeDoctests;

        #mods
    };
    Ok(tokens)
}

/// lib.rs is checked by `cargo fmt`, and prettyplease lays out an attribute by its own
/// widths: an inner `cfg_attr` (the crate docs' per-feature lines) is laid out again as
/// rustfmt lays it, on one line when its arguments take at most 70 columns
/// (`attr_fn_like_width`) and the line at most 100 (`max_width`), else one argument a line.
pub(crate) fn attributes_as_rustfmt_lays_them(text: String) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        // (the arguments, the lines they took)
        let found = if line == "#![cfg_attr(" {
            lines[i + 1..]
                .iter()
                .position(|l| *l == ")]")
                .filter(|&n| {
                    lines[i + 1..i + 1 + n]
                        .iter()
                        .all(|l| l.starts_with("    "))
                })
                .map(|n| {
                    let args = lines[i + 1..i + 1 + n]
                        .iter()
                        .map(|l| l.trim().trim_end_matches(',').to_string())
                        .collect();
                    (args, n + 2)
                })
        } else {
            line.strip_prefix("#![cfg_attr(")
                .and_then(|rest| rest.strip_suffix(")]"))
                .map(|args| (split_arguments(args), 1))
        };
        let Some((args, taken)) = found else {
            out.push_str(line);
            out.push('\n');
            i += 1;
            continue;
        };
        let joined = args.join(", ");
        let one = format!("#![cfg_attr({joined})]");
        if joined.chars().count() <= 70 && one.chars().count() <= 100 {
            out.push_str(&one);
            out.push('\n');
        } else {
            out.push_str("#![cfg_attr(\n");
            for (n, arg) in args.iter().enumerate() {
                out.push_str("    ");
                out.push_str(arg);
                out.push_str(if n + 1 < args.len() { ",\n" } else { "\n" });
            }
            out.push_str(")]\n");
        }
        i += taken;
    }
    out
}

/// The top-level arguments of an attribute, split at commas outside strings and brackets.
fn split_arguments(args: &str) -> Vec<String> {
    let mut out = Vec::new();
    let (mut depth, mut in_string, mut escaped) = (0i32, false, false);
    let mut start = 0;
    for (i, c) in args.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' if in_string => escaped = true,
            '"' => in_string = !in_string,
            '(' | '[' if !in_string => depth += 1,
            ')' | ']' if !in_string => depth -= 1,
            ',' if !in_string && depth == 0 => {
                out.push(args[start..i].trim().to_string());
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(args[start..].trim().to_string());
    out
}

/// `tests/support/mod.rs`: the test hooks as one module tree, which the workspace's test
/// crate holds as its `hooks` module; `requests` only when the crate documents methods.
/// `plain.rs` is left out: the decode benchmark alone compiles it, as a module of its own,
/// so that the tests do not pay for deriving serde on every message twice.
pub(crate) fn hooks_mod_rs(with_requests: bool) -> TokenStream {
    let requests = with_requests.then(|| quote! { pub mod requests; });
    quote! {
        #![doc = " What the tests and the decode benchmark of the crate call it through: the"]
        #![doc = " dispatch of a message or a request by its name. (`plain.rs` beside it, the"]
        #![doc = " plain derived structs of the same shapes, is the decode benchmark's module.)"]
        #![doc = " Generated beside the crate, for its tests."]
        #requests
        pub mod roundtrip;
    }
}

/// `tests/support/roundtrip.rs`: decode → encode of any message by its proto name, for the
/// conformance tests; it names the crate by `krate` and needs every feature of the crate.
pub(crate) fn roundtrip_rs(index: &Index, krate: &str) -> TokenStream {
    let doc = docs::doc_attrs(
        "Decodes `json` as the message named `type_name` (full proto name) with\n\
         `wire::from_str` and encodes it again with `wire::to_value`; `None` when the crate\n\
         has no such message.",
    );
    let mut arms: BTreeMap<String, Vec<TokenStream>> = BTreeMap::new();
    for name in index.schema.messages.keys() {
        let path = super::tokens::crate_path(&index.paths[name]);
        arms.entry(naming::package_of(name))
            .or_default()
            .push(quote! { #name => Some(Decoder::of::<#path>()), });
    }
    // Well-known messages the schema has no entry for, which fields hold through the
    // runtime's types (`Any`; `Empty` and `Struct` as free-form JSON objects).
    let json_object = super::tokens::json_object();
    let well_known = [
        ("google.protobuf.Any", quote! { crate::Any }),
        ("google.protobuf.Empty", json_object.clone()),
        ("google.protobuf.Struct", json_object),
    ];
    for (name, ty) in well_known {
        if !index.schema.messages.contains_key(name) {
            arms.entry(naming::package_of(name))
                .or_default()
                .push(quote! { #name => Some(Decoder::of::<#ty>()), });
        }
    }
    let helper = if arms.is_empty() {
        TokenStream::new()
    } else {
        quote! {
            impl Decoder {
                fn of<T: serde::de::DeserializeOwned + serde::Serialize + 'static>() -> Self {
                    Decoder {
                        decode: |json| Ok(std::boxed::Box::new(crate::wire::from_str::<T>(json)?)),
                        check: |json| crate::wire::from_str::<T>(json).map(drop),
                    }
                }
            }
        }
    };
    let lookup = Lookup {
        params: vec![("type_name", quote! { &str })],
        output: quote! { Decoder },
    };
    let (body, by_package) = lookup.split(arms);
    let tokens = quote! {
        #![doc = " Decode → encode of any message by its proto name, for the conformance tests."]
        #![doc = ""]
        #![doc = " Generated beside the crate, for its tests; built with every feature."]

        #doc
        pub fn roundtrip(
            type_name: &str,
            json: &str,
        ) -> std::option::Option<std::result::Result<serde_json::Value, crate::wire::Error>> {
            decode(type_name, json).map(|decoded| decoded?.to_value())
        }

        /// A decoded message of any type, which can be encoded again.
        pub trait Encode {
            /// Encodes it as a JSON value.
            fn to_value(&self) -> std::result::Result<serde_json::Value, crate::wire::Error>;
            /// Encodes it as JSON text.
            fn to_vec(&self) -> std::result::Result<std::vec::Vec<u8>, crate::wire::Error>;
            /// Encodes it as JSON text with `serde_json`'s own serializer, whose bytes
            /// `to_vec` must write.
            fn to_vec_by_serde_json(&self) -> serde_json::Result<std::vec::Vec<u8>>;
        }

        impl<T: serde::Serialize> Encode for T {
            fn to_value(&self) -> std::result::Result<serde_json::Value, crate::wire::Error> {
                crate::wire::to_value(self)
            }

            fn to_vec(&self) -> std::result::Result<std::vec::Vec<u8>, crate::wire::Error> {
                crate::wire::to_vec(self)
            }

            fn to_vec_by_serde_json(&self) -> serde_json::Result<std::vec::Vec<u8>> {
                serde_json::to_vec(self)
            }
        }

        /// Decodes `json` as the message named `type_name`; `None` when the crate has no such
        /// message.
        pub fn decode(
            type_name: &str,
            json: &str,
        ) -> std::option::Option<std::result::Result<std::boxed::Box<dyn Encode>, crate::wire::Error>> {
            decoder(type_name).map(|d| (d.decode)(json))
        }

        /// The decoders of one message type.
        #[derive(Clone, Copy)]
        pub struct Decoder {
            /// JSON text in, the message out, to be encoded again.
            pub decode: fn(&str) -> std::result::Result<std::boxed::Box<dyn Encode>, crate::wire::Error>,
            /// JSON text in, the message decoded and dropped where it was decoded: what a
            /// benchmark times beside `serde_json::Value`, which is not boxed either.
            pub check: fn(&str) -> std::result::Result<(), crate::wire::Error>,
        }

        /// The decoder of the message named `type_name`, looked up once (a benchmark times the
        /// decoding, not the lookup); `None` when the crate has no such message.
        pub fn decoder(type_name: &str) -> std::option::Option<Decoder> {
            #body
        }

        #by_package
        #helper
    };
    super::tokens::rebase(tokens, krate)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cfg_attrs_are_laid_out_as_rustfmt_lays_them() {
        let vertical =
            |doc: &str| format!("#![cfg_attr(\n    feature = \"a\",\n    doc = \"{doc}\"\n)]\n");
        let one_line = |doc: &str| format!("#![cfg_attr(feature = \"a\", doc = \"{doc}\")]\n");
        // Arguments of 70 columns stay on one line, of 71 go one a line, from either form.
        let (fits, wide) = ("x".repeat(47), "x".repeat(48));
        let text = format!(
            "{}{}{}{}pub mod a;\n",
            vertical(&fits),
            one_line(&wide),
            one_line(&fits),
            vertical(&wide)
        );
        assert_eq!(
            attributes_as_rustfmt_lays_them(text),
            format!(
                "{}{}{}{}pub mod a;\n",
                one_line(&fits),
                vertical(&wide),
                one_line(&fits),
                vertical(&wide)
            )
        );
        let all = r#"#![cfg_attr(all(feature = "a", feature = "b"), doc = " - `x, y`: \"z\"")]"#;
        assert_eq!(
            split_arguments(&all[12..all.len() - 2]),
            [
                r#"all(feature = "a", feature = "b")"#,
                r#"doc = " - `x, y`: \"z\"""#
            ]
        );
    }
}
