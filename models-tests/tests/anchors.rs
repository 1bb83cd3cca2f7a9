//! Every anchor in `specs/` (repeat suffixes folded) is a message in the schema and a type in
//! the generated crate, and every documented message and enum made it into the crate.

use page_reader::page::{self, Block};
use page_reader::{page_schema, pipeline, source};
use std::path::Path;

// The decode → encode dispatch the generator writes beside the crate (not into it).
use models_tests::hooks::roundtrip as dispatch;

#[test]
fn every_anchor_is_a_type_in_the_schema_and_the_crate() {
    let specs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs");
    let outcome = pipeline::run(&specs).unwrap();
    assert!(!outcome.has_errors());
    let mut anchors = 0;
    let mut missing = Vec::new();
    for path in pipeline::page_files(&specs).unwrap() {
        let name = pipeline::display(&specs, &path);
        let text = source::decode(&name, &std::fs::read(&path).unwrap()).unwrap();
        for block in page::read(&name, &text).unwrap().blocks {
            let Block::Heading {
                level: 2,
                text,
                anchor: Some(anchor),
                line,
            } = block
            else {
                continue;
            };
            let shown = if text.contains(' ') {
                ""
            } else {
                text.as_str()
            };
            let full = page_schema::fold_anchor(&anchor, shown);
            anchors += 1;
            if !outcome.schema.messages.contains_key(&full) {
                missing.push(format!(
                    "{name}:{line}: #{anchor} ({full}) is not in the schema"
                ));
            }
            if dispatch::roundtrip(&full, "{}").is_none() {
                missing.push(format!(
                    "{name}:{line}: #{anchor} ({full}) is not in the crate"
                ));
            }
        }
    }
    assert!(anchors > 100, "only {anchors} anchors found");
    assert!(missing.is_empty(), "{}", missing.join("\n"));
    // And every message of the schema is in the crate (requests included).
    for full in outcome.schema.messages.keys() {
        assert!(
            dispatch::roundtrip(full, "{}").is_some(),
            "{full} is not in the crate"
        );
    }
}

/// Every enum of the schema is an enum in the generated file of its package: inside the
/// module of the message that declares it (`cluster::Status`), or, when the package declares
/// enums of that name and those values in several messages, once at the package level
/// (`Environment`), as lowering makes them one.
#[test]
fn every_enum_is_in_the_crate() {
    use codegen::naming::{module_name, package_modules, type_name, ProtoName};
    let specs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs");
    let outcome = pipeline::run(&specs).unwrap();
    let generated = Path::new(env!("CARGO_MANIFEST_DIR")).join("../generated/src");
    assert!(outcome.schema.enums.len() >= 7);
    let lowered = codegen::lower::shared_enums(&outcome.schema);
    assert!(
        lowered.enums.len() < outcome.schema.enums.len(),
        "the SPQR pages repeat enums (`Environment` in three messages)"
    );
    // A `*_UNSPECIFIED` value that only some pages list does not make another enum.
    let values = |e: &codegen::schema::Enum| {
        e.values
            .iter()
            .map(|v| v.name.clone())
            .filter(|v| !v.ends_with("_UNSPECIFIED"))
            .collect::<Vec<_>>()
    };
    for (full, e) in &outcome.schema.enums {
        let pn = ProtoName::parse(full).unwrap();
        // Where it went: itself, or the one enum of its package, name and values.
        let (target, _) = lowered
            .enums
            .iter()
            .find(|(n, l)| {
                let ln = ProtoName::parse(n).unwrap();
                ln.package == pn.package && ln.name == pn.name && values(l) == values(e)
            })
            .unwrap_or_else(|| panic!("{full}: lost in lowering"));
        let pn = ProtoName::parse(target).unwrap();
        let file: Vec<String> = package_modules(pn.package)
            .iter()
            .map(|m| m.trim_start_matches("r#").to_string())
            .collect();
        let text = std::fs::read_to_string(generated.join(file.join("/") + ".rs")).unwrap();
        let item = format!("pub enum {} {{", type_name(pn.name));
        match pn.parents.last() {
            // The declaring message's module, then the enum inside it.
            Some(parent) => {
                let module = format!("pub mod {} {{", module_name(parent));
                let at = text
                    .find(&module)
                    .unwrap_or_else(|| panic!("{full}: no `{module}`"));
                assert!(
                    text[at..].contains(&item),
                    "{full}: no `{item}` after `{module}`"
                );
            }
            None => assert!(
                text.contains(&format!("\n{item}")),
                "{full}: no package-level `{item}`"
            ),
        }
    }
}
