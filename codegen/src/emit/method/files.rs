//! Files: the `methods.rs` of each package, the crate-level items and docs, and the test hook.

use super::*;

/// The declaration of `methods.rs` for the package file of `module`, when its package
/// documents methods.
pub(crate) fn declaration(index: &Index, module: &Module) -> TokenStream {
    if !index.methods_by_package.contains_key(&module.proto) {
        return TokenStream::new();
    }
    let id = ident(METHODS_MODULE);
    quote! {
        #[rustfmt::skip]
        pub mod #id;
    }
}

/// Adds `methods.rs` for the package module `module` when its package documents methods.
pub(crate) fn emit_package(
    index: &Index,
    module: &Module,
    files: &mut Files,
) -> Result<(), EmitError> {
    if !index.methods_by_package.contains_key(&module.proto) {
        return Ok(());
    }
    let plan = Plan::build_for(index, Some(&module.proto))?;
    let mut rules = Rules::new(index);
    let mut resources: BTreeMap<&str, (String, Vec<TokenStream>)> = BTreeMap::new();
    for p in &plan.methods {
        let resource_mod = p.module.last().expect("resource modules have a name");
        let items = emit_request(index, p, &mut rules)?;
        resources
            .entry(resource_mod)
            .or_insert_with(|| (p.method.resource.clone(), Vec::new()))
            .1
            .push(items);
    }
    let mods = resources.iter().map(|(id, (resource, items))| {
        let id = ident(id);
        let doc = format!(" Requests of the `{resource}` methods.");
        quote! {
            #[doc = #doc]
            pub mod #id {
                #( #items )*
            }
        }
    });
    let fns = rules.functions(index)?;
    let doc = format!(
        " The documented methods of `{}`: one module per resource, one request type per \
         method (see [`crate::http::Method`]).",
        module.proto
    );
    let tokens = quote! {
        #![doc = #doc]
        #( #mods )*
        #fns
    };
    let dir: Vec<&str> = module.path.iter().map(|p| naming::unraw(p)).collect();
    let file = format!("src/{}/{METHODS_MODULE}.rs", dir.join("/"));
    files.rust(file, tokens)
}

/// Root modules the crate needs for methods, checked against the packages' modules.
pub(super) fn check_root(index: &Index) -> Result<(), EmitError> {
    for name in [HTTP_MODULE, HOOK_MODULE] {
        if let Some(m) = index.root.children.get(name) {
            return Err(EmitError::new(format!(
                "package `{}` would be module `crate::{name}`, which the runtime uses",
                m.proto
            )));
        }
    }
    Ok(())
}

/// `lib.rs` items: the runtime module and the test hook, which the test-only feature gates
/// (nothing without methods).
pub(crate) fn lib_items(index: &Index) -> Result<TokenStream, EmitError> {
    if index.schema.methods.is_empty() {
        return Ok(TokenStream::new());
    }
    check_root(index)?;
    let http = ident(HTTP_MODULE);
    let hook = ident(HOOK_MODULE);
    // A test hook like `__roundtrip`, and compiled only with it: users never pay for it.
    let feature = super::super::manifest::ROUNDTRIP_FEATURE;
    Ok(quote! {
        pub mod #http;
        #[cfg(feature = #feature)]
        #[rustfmt::skip]
        mod #hook;
        #[cfg(feature = #feature)]
        #[doc(hidden)]
        pub use #hook::__request;
    })
}

/// The crate docs' section on methods: how they are named, and every method grouped by
/// package and resource, each linking to its request type (gated like the type).
pub(crate) fn crate_docs(index: &Index) -> Result<TokenStream, EmitError> {
    let plan = Plan::build(index)?;
    let Some(first) = plan.methods.first() else {
        return Ok(TokenStream::new());
    };
    let m = first.method;
    let shown: Vec<&str> = first.module.iter().map(|s| naming::unraw(s)).collect();
    let intro = format!(
        "\n## Methods\n\n\
         Every documented method is a request type in the `methods` module of its service's \
         package,\nin a module named after its resource: `{}.{}` of `{}` is\n\
         `{}::{}`. `new` takes the required inputs (path parameters\nand required fields), \
         `set_*` methods the optional ones. The [`http::Method`] trait describes\nthe call \
         without an HTTP library (`to_http`: verb, percent-encoded path, query, JSON body;\n\
         hosts through [`http::Hosts`]), checks the constraints the pages state (`validate`), \
         and\nnames the response type. A method that returns an operation decodes its \
         `metadata` and\n`response` into the types its page names (`unpack_metadata`, \
         `unpack_response`).",
        m.resource,
        m.name,
        m.package,
        shown.join("::"),
        first.type_name
    );
    let mut attrs: Vec<TokenStream> = intro
        .lines()
        .map(|l| {
            let l = if l.is_empty() {
                String::new()
            } else {
                format!(" {l}")
            };
            quote! { #![doc = #l] }
        })
        .collect();
    // package → resource → methods.
    let mut groups: BTreeMap<&str, BTreeMap<&str, Vec<&Planned>>> = BTreeMap::new();
    for p in &plan.methods {
        groups
            .entry(p.method.package.as_str())
            .or_default()
            .entry(p.method.resource.as_str())
            .or_default()
            .push(p);
    }
    for (package, resources) in groups {
        let gate = index.features.of_package(package);
        let line = |text: String, features: BTreeSet<String>| {
            let text = if text.is_empty() {
                text
            } else {
                format!(" {text}")
            };
            if features.is_empty() {
                quote! { #![doc = #text] }
            } else {
                let p = predicate(&features);
                quote! { #![cfg_attr(#p, doc = #text)] }
            }
        };
        let pkg_features: BTreeSet<String> = gate.map(str::to_string).into_iter().collect();
        attrs.push(line(String::new(), pkg_features.clone()));
        attrs.push(line(format!("### `{package}`"), pkg_features.clone()));
        attrs.push(line(String::new(), pkg_features.clone()));
        for (resource, methods) in resources {
            // Methods needing more features than their package's are listed on lines of
            // their own, so that every link resolves whatever the features.
            let (plain, gated): (Vec<&&Planned>, Vec<&&Planned>) =
                methods.iter().partition(|p| p.foreign.is_empty());
            let entry = |p: &Planned| format!("[`{}`]({})", p.method.name, p.doc_path());
            if !plain.is_empty() {
                let list: Vec<String> = plain.iter().map(|p| entry(p)).collect();
                attrs.push(line(
                    format!("- `{resource}`: {}", list.join(", ")),
                    pkg_features.clone(),
                ));
            }
            for p in gated {
                attrs.push(line(format!("- `{resource}`: {}", entry(p)), p.features()));
            }
        }
    }
    Ok(quote! { #( #attrs )* })
}

/// `src/request_hook.rs`: builds any request by name from JSON arguments through its
/// constructor and setters, for tests that cover every method.
pub(crate) fn hook_rs(index: &Index) -> Result<TokenStream, EmitError> {
    let plan = Plan::build(index)?;
    let mut arms: BTreeMap<String, Vec<TokenStream>> = BTreeMap::new();
    for p in &plan.methods {
        let key = &p.key;
        let path = p.type_path();
        let gate = cfg(&p.features());
        let args = p.inputs.iter().filter(|i| i.required).map(|i| {
            let c = full_codec(index, i.field);
            let json = &i.field.json_name;
            quote! { crate::http::arg::<#c>(args, #json)? }
        });
        let sets = p.inputs.iter().filter(|i| !i.required).map(|i| {
            let c = full_codec(index, i.field);
            let json = &i.field.json_name;
            let setter = ident(&i.setter);
            quote! {
                let r = match crate::http::opt_arg::<#c>(args, #json)? {
                    Some(v) => r.#setter(v),
                    None => r,
                };
            }
        });
        arms.entry(p.method.package.clone())
            .or_default()
            .push(quote! {
                #gate
                #key => Some(build(|| {
                    let r = #path::new( #( #args ),* );
                    #( #sets )*
                    Ok(r)
                })),
            });
    }
    let lookup = Lookup {
        params: vec![
            ("name", quote! { &str }),
            ("args", quote! { &crate::http::JsonObject }),
        ],
        output: quote! { std::result::Result<Built, crate::http::Error> },
    };
    let (body, by_package) = lookup.split(arms);
    let doc = docs::doc_attrs(
        "Builds the request of the method named `name` (`package.Resource.Method`) from\n\
         `args` (JSON names → proto3 JSON values) through its constructor and setters, and\n\
         returns its call and its validation; `None` when the crate has no such method. For\n\
         tests.",
    );
    let tokens = quote! {
        #![doc = " Any request by its method's name, for tests."]

        /// A call and its validation.
        pub type Built = (
            crate::http::HttpRequest,
            std::result::Result<(), crate::http::Violations>,
        );

        #doc
        #[inline]
        pub fn __request(
            name: &str,
            args: &crate::http::JsonObject,
        ) -> std::option::Option<std::result::Result<Built, crate::http::Error>> {
            #body
        }

        #by_package

        #[allow(dead_code)]
        fn build<M: crate::http::Method>(
            make: impl FnOnce() -> std::result::Result<M, crate::http::Error>,
        ) -> std::result::Result<Built, crate::http::Error> {
            let r = make()?;
            Ok((r.to_http()?, r.validate()))
        }
    };
    Ok(tokens)
}
