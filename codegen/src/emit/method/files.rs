//! Files: the private `requests.rs` of each package, the crate-level items and docs, and the
//! test hook.

use super::*;

/// The declaration of `requests.rs` for the package file of `module`, when its package
/// documents methods. Private: it holds impls only, which the docs show on the types.
pub(crate) fn declaration(index: &Index, module: &Module) -> TokenStream {
    if !index.methods_by_package.contains_key(&module.proto) {
        return TokenStream::new();
    }
    let id = ident(REQUESTS_MODULE);
    quote! {
        #[rustfmt::skip]
        mod #id;
    }
}

/// Adds `requests.rs` for the package module `module` when its package documents methods.
pub(crate) fn emit_package(
    index: &Index,
    plan: &Plan,
    module: &Module,
    files: &mut Files,
) -> Result<(), EmitError> {
    if !index.methods_by_package.contains_key(&module.proto) {
        return Ok(());
    }
    let mut items = Vec::new();
    let mut errors = Vec::new();
    for p in plan.of_package(&module.proto) {
        match emit_request(index, p) {
            Ok(t) => items.push(t),
            Err(e) => errors.push(e),
        }
    }
    if let Some(e) = EmitError::all(errors) {
        return Err(e);
    }
    let doc = format!(
        " The `ApiRequest` impls of the documented methods of `{}`.",
        module.proto
    );
    let tokens = quote! {
        #![doc = #doc]
        #( #items )*
    };
    let dir: Vec<&str> = module.path.iter().map(|p| naming::unraw(p)).collect();
    let file = format!("src/{}/{REQUESTS_MODULE}.rs", dir.join("/"));
    files.rust(file, tokens)
}

/// The crate docs' section on methods: how they are named, and every method grouped by
/// package and resource, each linking to its request type (gated like the impl).
pub(crate) fn crate_docs(index: &Index, plan: &Plan) -> Result<TokenStream, EmitError> {
    // The example names a method of a package always compiled when there is one, so that
    // its link resolves with any features; a gated one is named without a link.
    let Some(first) = plan
        .methods
        .iter()
        .find(|p| p.features().is_empty())
        .or(plan.methods.first())
    else {
        return Ok(TokenStream::new());
    };
    let m = first.method;
    let example = if first.features().is_empty() {
        format!("[`{}`]({})", first.type_name(index), first.doc_path(index))
    } else {
        format!("`{}`", first.type_name(index))
    };
    let intro = format!(
        "\n## Methods\n\n\
         Every documented method has one request type: the request message its page names \
         (or,\nwhen the page names none, one with its path and query parameters, named as the \
         API's protos\nname theirs: `Backup.Get` → `GetBackupRequest`), or, when other methods \
         send that message too,\na type of its own that carries it \
         (`SetFolderAccessBindingsRequest(SetAccessBindingsRequest)`).\n\
         `{}.{}` of `{}` is {example}. It implements [`ApiRequest`]: \
         [`to_http`](ApiRequest::to_http)\ndescribes the call (verb, percent-encoded path, \
         query, JSON body; hosts through [`Hosts`]),\n[`validate`](ApiRequest::validate) \
         checks the constraints the pages state, and\n\
         [`decode_response`](ApiRequest::decode_response) reads the response. A method that \
         returns an operation\nreads its `metadata` and `response` as the types its page \
         names (`unpack_metadata`,\n`unpack_response`).",
        m.resource, m.name, m.package,
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
            let list: Vec<String> = methods
                .iter()
                .map(|p| format!("[`{}`]({})", p.method.name, p.doc_path(index)))
                .collect();
            attrs.push(line(
                format!("- `{resource}`: {}", list.join(", ")),
                pkg_features.clone(),
            ));
        }
    }
    Ok(quote! { #( #attrs )* })
}

/// `tests/support/requests.rs`: decodes any request by its method's name from its JSON form
/// and describes and validates it, for tests that cover every method; outside the crate,
/// which it names by `krate`, and needing every feature of it.
pub(crate) fn hook_rs(index: &Index, plan: &Plan, krate: &str) -> Result<TokenStream, EmitError> {
    let mut arms: BTreeMap<String, Vec<TokenStream>> = BTreeMap::new();
    for p in &plan.methods {
        let key = &p.key;
        let path = p.type_path(index);
        arms.entry(p.method.package.clone())
            .or_default()
            .push(quote! { #key => Some(build::<#path>(args)), });
    }
    let lookup = Lookup {
        params: vec![
            ("name", quote! { &str }),
            ("args", quote! { &serde_json::Value }),
        ],
        output: quote! { std::result::Result<Built, std::boxed::Box<dyn std::error::Error>> },
    };
    let (body, by_package) = lookup.split(arms);
    let doc = docs::doc_attrs(
        "Decodes the request of the method named `name` (`package.Resource.Method`) from its\n\
         JSON form, and returns its call and its validation; `None` when the crate has no such\n\
         method. For tests.",
    );
    let tokens = quote! {
        #![doc = " Any request by its method's name, for tests."]
        #![doc = ""]
        #![doc = " Generated beside the crate, for its tests; built with every feature."]

        /// A call and its validation.
        pub type Built = (
            crate::HttpCall,
            std::result::Result<(), crate::Violations>,
        );

        #doc
        pub fn request(
            name: &str,
            args: &serde_json::Value,
        ) -> std::option::Option<std::result::Result<Built, std::boxed::Box<dyn std::error::Error>>> {
            #body
        }

        #by_package

        fn build<R: crate::ApiRequest + serde::de::DeserializeOwned>(
            args: &serde_json::Value,
        ) -> std::result::Result<Built, std::boxed::Box<dyn std::error::Error>> {
            let r: R = crate::wire::from_value(args.clone())?;
            Ok((r.to_http()?, r.validate()))
        }
    };
    Ok(super::super::tokens::rebase(tokens, krate))
}
