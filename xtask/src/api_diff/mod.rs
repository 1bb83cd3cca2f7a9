//! The public API of the generated crate, compared between two schemas: what `cargo xtask
//! diff OLD NEW` prints, and what the version check (`crate::release`) judges a version by.
//!
//! The crate's API follows the schema one to one (a message is a struct, a field a public
//! field with its setters and getter, an enum value a variant, a method a request type and
//! its `ApiRequest` impl), so the schema is compared rather than the Rust code. Every change
//! is one line with its place (the page and line in NEW; in OLD for what was removed) and a
//! class:
//!
//! - **breaking**: code that compiled, or a request that was sent, against the old crate may
//!   fail against the new one;
//! - **additive**: new API, or old API that now accepts more; nothing that worked stops
//!   working;
//! - **documentation**: only the docs text changed (a message's, field's, enum's, value's or
//!   method's).
//!
//! The rules, and why:
//!
//! - Structs are `#[non_exhaustive]` and built with `new()` and setters, and enums (oneof
//!   enums too) are open and `#[non_exhaustive]`, so nobody can list all fields or match
//!   all variants: an **added field, enum value or oneof member is additive**.
//! - An **added message, enum or method is additive**: it is a new type (a method is a new
//!   request type and impl), and nothing existing changes.
//! - A **removed message, enum, field, enum value or method is breaking**: the name users
//!   wrote is gone.
//! - A field whose **type or label** (singular, repeated, map) changes is breaking: its Rust
//!   type changes. So is a change of **oneof membership** (into, out of, or between oneofs; a
//!   oneof's name is derived from its members, so a group that gains a member and is renamed
//!   moves every old member): the field becomes a variant of another enum.
//! - A method whose **verb, path or host** changes is breaking: the same request goes
//!   somewhere else, and users who override hosts (`Hosts`) name them by placeholder. A
//!   changed **request or response type** (or the type an operation packs) is breaking: the
//!   types users build and read change. Where a field is sent (body or query) is the crate's
//!   business and is not compared.
//! - **Required-ness and constraints** are what `validate()` checks, which users call before
//!   sending: a field that becomes required, or a constraint that can reject a value accepted
//!   before (a new or changed pattern, a higher minimum, a lower maximum, fewer allowed
//!   values, unique items) is breaking; a requirement or constraint dropped or loosened is
//!   additive. A changed `default` is documentation (it is never sent).
//! - **Deprecation** added or removed is additive: `#[deprecated]` warns and never fails a
//!   build (cargo's SemVer guide counts deprecation as a minor change).
//!
//! The classes map onto a SemVer level: any breaking change is `major`, else any additive
//! change `minor`, else `patch` (documentation only, or nothing). The crate is 0.x, where
//! cargo treats the first non-zero component as the major: **in 0.x a breaking change bumps
//! the minor (0.1.3 → 0.2.0) and an additive or documentation change the patch (0.1.3 →
//! 0.1.4)**; from 1.0 on, major, minor and patch as named (`release::Version::next`).
//!
//! The schemas are compared as the generator lowers them ([`diff_crates`]): a method whose
//! page names no request message is compared through the one the crate gives it
//! (`GetBackupRequest`), and same-shaped enums of a package through the one type they share
//! (`mdb::spqr::v1::Environment`), so an enum that leaves such a group shows as that type
//! removed. The naming rules and the generator's own code are the same on both sides: a
//! change to them is judged by whoever makes it (`cargo xtask release --version`).

mod methods;
mod types;

use methods::methods;
use types::{enums, fields, messages};

use codegen::schema::{Constraints, Enum, Field, Message, Method, Origin, Response, Schema};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

/// How a change affects users; ordered from harmless to harmful.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Class {
    Documentation,
    Additive,
    Breaking,
}

impl Class {
    pub fn as_str(self) -> &'static str {
        match self {
            Class::Documentation => "documentation",
            Class::Additive => "additive",
            Class::Breaking => "breaking",
        }
    }

    /// The SemVer level a change of this class asks for.
    pub fn level(self) -> Level {
        match self {
            Class::Documentation => Level::Patch,
            Class::Additive => Level::Minor,
            Class::Breaking => Level::Major,
        }
    }
}

/// A SemVer level, as the last line of `cargo xtask diff` names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    Patch,
    Minor,
    Major,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Patch => "patch",
            Level::Minor => "minor",
            Level::Major => "major",
        }
    }
}

/// One change to the public API.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Change {
    /// Where the changed item is read: in NEW, or in OLD for what was removed. Empty when
    /// that side has no places (a release snapshot).
    pub place: Origin,
    pub class: Class,
    /// What changed, in words, without the place: the changelog's line.
    pub what: String,
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.place.file.is_empty() {
            write!(f, "(last release)")?;
        } else {
            write!(f, "{}", self.place)?;
        }
        write!(f, ": {}: {}", self.class.as_str(), self.what)
    }
}

/// Every change between two schemas, sorted by place.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ApiDiff {
    pub changes: Vec<Change>,
}

impl ApiDiff {
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    /// The most harmful class present; `None` when nothing changed.
    pub fn class(&self) -> Option<Class> {
        self.changes.iter().map(|c| c.class).max()
    }

    /// The SemVer level: `patch` when nothing or only documentation changed.
    pub fn level(&self) -> Level {
        self.class().map_or(Level::Patch, Class::level)
    }

    /// The report `cargo xtask diff` prints: a line per change, a count per class, and last
    /// `semver: <level>`.
    pub fn render(&self) -> String {
        let mut out = String::new();
        for c in &self.changes {
            out.push_str(&c.to_string());
            out.push('\n');
        }
        if self.is_empty() {
            out.push_str("no changes to the public API\n");
        } else {
            let count = |class| self.changes.iter().filter(|c| c.class == class).count();
            out.push_str(&format!(
                "{} breaking, {} additive, {} documentation\n",
                count(Class::Breaking),
                count(Class::Additive),
                count(Class::Documentation)
            ));
        }
        out.push_str(&format!("semver: {}\n", self.level().as_str()));
        out
    }
}

/// Compares the crates generated from `old` and `new`: both schemas are lowered first
/// ([`codegen::lower`]), as the generator lowers them, so that what is compared is the
/// crate's types: the request message a method without one of its own gets
/// (`GetBackupRequest`), and the one package-level enum that same-shaped enums of a package
/// become (`mdb::spqr::v1::Environment`; an enum that leaves the group is that enum removed).
/// Fails when either schema is one the generator refuses.
pub fn diff_crates(old: &Schema, new: &Schema) -> Result<ApiDiff, String> {
    let lower = |schema, side: &str| {
        codegen::lower::lower(schema).map_err(|errors| {
            let all: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
            format!("the {side} pages do not generate: {}", all.join("; "))
        })
    };
    Ok(diff(
        lower(old, "old")?.as_ref(),
        lower(new, "new")?.as_ref(),
    ))
}

/// Compares `old` with `new` as they are (see [`diff_crates`] for the crates' types).
pub fn diff(old: &Schema, new: &Schema) -> ApiDiff {
    let mut out = Out::default();
    messages(&mut out, &old.messages, &new.messages);
    enums(&mut out, &old.enums, &new.enums);
    methods(&mut out, &old.methods, &new.methods);
    let mut changes = out.changes;
    changes.sort();
    changes.dedup();
    ApiDiff { changes }
}

#[derive(Default)]
struct Out {
    changes: Vec<Change>,
}

impl Out {
    fn push(&mut self, place: &Origin, class: Class, what: String) {
        self.changes.push(Change {
            place: place.clone(),
            class,
            what,
        });
    }
}

/// A message's, enum's or method's place: the first page it is read on.
fn first(origins: &[Origin]) -> Origin {
    origins.iter().min().cloned().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use codegen::schema::{
        EnumValue, HostTemplate, Label, Oneof, PathTemplate, Scalar, Type, Verb,
    };

    fn field(name: &str, ty: Type, line: u32) -> Field {
        Field {
            json_name: name.into(),
            ty,
            label: Label::Singular,
            required: false,
            deprecated: false,
            docs: String::new(),
            oneof: None,
            constraints: Constraints::default(),
            origin: Origin {
                file: "p.md".into(),
                line,
            },
        }
    }

    fn schema(fields: Vec<Field>) -> Schema {
        let mut s = Schema::default();
        s.messages.insert(
            "a.M".into(),
            Message {
                full_name: "a.M".into(),
                fields,
                origins: vec![Origin {
                    file: "p.md".into(),
                    line: 1,
                }],
                ..Message::default()
            },
        );
        s
    }

    fn lines(d: &ApiDiff) -> Vec<String> {
        d.changes.iter().map(|c| c.to_string()).collect()
    }

    #[test]
    fn same_schema_is_no_change_and_patch() {
        let s = schema(vec![field("x", Type::Scalar(Scalar::String), 3)]);
        let d = diff(&s, &s);
        assert!(d.is_empty());
        assert_eq!(d.level(), Level::Patch);
        assert!(d
            .render()
            .ends_with("no changes to the public API\nsemver: patch\n"));
    }

    #[test]
    fn added_field_is_additive_and_removed_is_breaking_at_the_old_place() {
        let old = schema(vec![field("x", Type::Scalar(Scalar::String), 3)]);
        let new = schema(vec![field("y", Type::Scalar(Scalar::Int64), 5)]);
        let d = diff(&old, &new);
        assert_eq!(
            lines(&d),
            [
                "p.md:3: breaking: field a.M.x removed (was string)",
                "p.md:5: additive: field a.M.y added (int64)",
            ]
        );
        assert_eq!(d.level(), Level::Major);
        assert_eq!(diff(&schema(vec![]), &new).level(), Level::Minor);
    }

    #[test]
    fn type_label_and_oneof_changes_are_breaking() {
        let old = schema(vec![field("x", Type::Scalar(Scalar::String), 3)]);
        let mut f = field("x", Type::Scalar(Scalar::String), 3);
        f.label = Label::Repeated;
        let d = diff(&old, &schema(vec![f.clone()]));
        assert_eq!(
            lines(&d),
            ["p.md:3: breaking: field a.M.x changed from `string` to `repeated string`"]
        );
        f.label = Label::Singular;
        f.oneof = Some(0);
        let mut new = schema(vec![f]);
        new.messages.get_mut("a.M").unwrap().oneofs = vec![Oneof {
            name: "value".into(),
            members: vec!["x".into()],
        }];
        assert_eq!(
            lines(&diff(&old, &new)),
            ["p.md:3: breaking: field a.M.x moved into oneof `value`"]
        );
    }

    #[test]
    fn requirements_and_constraints_break_only_when_tighter() {
        let mut a = field("x", Type::Scalar(Scalar::String), 3);
        a.constraints.max_length = Some(50);
        let mut b = a.clone();
        b.constraints.max_length = Some(100);
        let loosened = diff(&schema(vec![a.clone()]), &schema(vec![b.clone()]));
        assert_eq!(
            lines(&loosened),
            ["p.md:3: additive: field a.M.x constraints: maxLength 50 → 100"]
        );
        let tightened = diff(&schema(vec![b]), &schema(vec![a.clone()]));
        assert_eq!(tightened.level(), Level::Major);
        let mut r = a.clone();
        r.required = true;
        assert_eq!(
            lines(&diff(&schema(vec![a.clone()]), &schema(vec![r.clone()]))),
            ["p.md:3: breaking: field a.M.x is now required"]
        );
        assert_eq!(
            diff(&schema(vec![r]), &schema(vec![a.clone()])).level(),
            Level::Minor
        );
        let mut p = a.clone();
        p.constraints.pattern = Some("[a-z]*".into());
        assert_eq!(
            diff(&schema(vec![a]), &schema(vec![p])).level(),
            Level::Major
        );
    }

    #[test]
    fn docs_only_is_patch() {
        let old = schema(vec![field("x", Type::Scalar(Scalar::String), 3)]);
        let mut f = field("x", Type::Scalar(Scalar::String), 3);
        f.docs = "Now documented.".into();
        let d = diff(&old, &schema(vec![f]));
        assert_eq!(
            lines(&d),
            ["p.md:3: documentation: field a.M.x: docs changed"]
        );
        assert_eq!(d.level(), Level::Patch);
    }

    #[test]
    fn enum_values_added_are_additive_removed_breaking() {
        let e = |values: &[&str]| {
            let mut s = Schema::default();
            s.enums.insert(
                "a.M.Kind".into(),
                Enum {
                    full_name: "a.M.Kind".into(),
                    docs: String::new(),
                    values: values
                        .iter()
                        .map(|v| EnumValue {
                            name: v.to_string(),
                            docs: String::new(),
                        })
                        .collect(),
                    origins: vec![Origin {
                        file: "p.md".into(),
                        line: 9,
                    }],
                },
            );
            s
        };
        let d = diff(&e(&["A"]), &e(&["A", "B"]));
        assert_eq!(lines(&d), ["p.md:9: additive: enum a.M.Kind value B added"]);
        assert_eq!(diff(&e(&["A", "B"]), &e(&["A"])).level(), Level::Major);
    }

    fn method(verb: Verb, path: &str) -> Schema {
        let mut s = Schema::default();
        s.methods.push(Method {
            package: "a.v1".into(),
            resource: "Thing".into(),
            name: "Get".into(),
            docs: String::new(),
            http_method: verb,
            host: HostTemplate::parse("api-host").unwrap(),
            path: PathTemplate::parse(path).unwrap(),
            path_params: vec![field("thingId", Type::Scalar(Scalar::String), 4)],
            query_params: Vec::new(),
            request_message: None,
            request_type: None,
            body_fields: Vec::new(),
            response: Response::Message {
                name: "a.v1.Thing".into(),
                packed: BTreeMap::new(),
            },
            origin: Origin {
                file: "m.md".into(),
                line: 2,
            },
        });
        s
    }

    #[test]
    fn methods_break_on_verb_path_host_and_types_and_grow_by_parameters() {
        let old = method(Verb::Get, "/v1/things/{thingId}");
        assert!(diff(&old, &old.clone()).is_empty());
        let moved = method(Verb::Post, "/v2/things/{thingId}");
        assert_eq!(
            lines(&diff(&old, &moved)),
            [
                "m.md:2: breaking: method a.v1.Thing.Get: path /v1/things/{thingId} → /v2/things/{thingId}",
                "m.md:2: breaking: method a.v1.Thing.Get: verb GET → POST",
            ]
        );
        let mut other = old.clone();
        let m = &mut other.methods[0];
        m.host = HostTemplate::parse("api-host-mdb").unwrap();
        m.response = Response::Message {
            name: "a.v1.Thing".into(),
            packed: BTreeMap::from([("response".to_string(), "a.v1.Thing".to_string())]),
        };
        m.query_params
            .push(field("view", Type::Scalar(Scalar::String), 6));
        assert_eq!(
            lines(&diff(&old, &other)),
            [
                "m.md:2: breaking: method a.v1.Thing.Get: `response` holds free-form → a.v1.Thing",
                "m.md:2: breaking: method a.v1.Thing.Get: host api-host → api-host-mdb",
                "p.md:6: additive: method a.v1.Thing.Get query parameter view added (string)",
            ]
        );
        let gone = diff(&old, &Schema::default());
        assert_eq!(
            lines(&gone),
            ["m.md:2: breaking: method a.v1.Thing.Get removed (was GET /v1/things/{thingId})"]
        );
        assert_eq!(diff(&Schema::default(), &old).level(), Level::Minor);
    }

    #[test]
    fn crates_are_compared_after_lowering_so_a_shared_enum_that_splits_breaks() {
        // `a.M.Kind` and `a.N.Kind` have one shape: the crate has one enum, `a.Kind`.
        let schema = |n_values: &[&str]| {
            let mut s = Schema::default();
            for (owner, values) in [("a.M", &["A", "B"][..]), ("a.N", n_values)] {
                let name = format!("{owner}.Kind");
                s.enums.insert(
                    name.clone(),
                    Enum {
                        full_name: name.clone(),
                        values: values
                            .iter()
                            .map(|v| EnumValue {
                                name: v.to_string(),
                                docs: String::new(),
                            })
                            .collect(),
                        origins: vec![Origin {
                            file: format!("{owner}.md"),
                            line: 7,
                        }],
                        ..Enum::default()
                    },
                );
                let f = field("kind", Type::Enum(name), 8);
                s.messages.insert(
                    owner.to_string(),
                    Message {
                        full_name: owner.to_string(),
                        fields: vec![f],
                        ..Message::default()
                    },
                );
            }
            s
        };
        let old = schema(&["A", "B"]);
        assert!(diff_crates(&old, &old).unwrap().is_empty());
        let split = diff_crates(&old, &schema(&["A", "B", "C"])).unwrap();
        let lines = lines(&split);
        assert!(
            lines.contains(&"a.M.md:7: breaking: enum a.Kind removed".to_string()),
            "{lines:#?}"
        );
        assert!(
            lines.contains(
                &"p.md:8: breaking: field a.N.kind changed from `enum a.Kind` to `enum a.N.Kind`"
                    .to_string()
            ),
            "{lines:#?}"
        );
        // Compared as the pages give them, the same change looks additive.
        assert_eq!(diff(&old, &schema(&["A", "B", "C"])).level(), Level::Minor);
    }

    #[test]
    fn removed_items_of_a_snapshot_have_no_place() {
        let mut old = schema(vec![]);
        old.messages.get_mut("a.M").unwrap().origins.clear();
        let d = diff(&old, &Schema::default());
        assert_eq!(lines(&d), ["(last release): breaking: message a.M removed"]);
    }
}
