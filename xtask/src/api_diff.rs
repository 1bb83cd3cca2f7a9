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

fn messages(out: &mut Out, old: &BTreeMap<String, Message>, new: &BTreeMap<String, Message>) {
    for (name, m) in old {
        if !new.contains_key(name) {
            out.push(
                &first(&m.origins),
                Class::Breaking,
                format!("message {name} removed"),
            );
        }
    }
    for (name, n) in new {
        let place = first(&n.origins);
        let Some(o) = old.get(name) else {
            out.push(&place, Class::Additive, format!("message {name} added"));
            continue;
        };
        if o.docs != n.docs {
            out.push(
                &place,
                Class::Documentation,
                format!("message {name}: docs changed"),
            );
        }
        fields(
            out,
            &format!("field {name}."),
            &place,
            &members(o),
            &members(n),
        );
    }
}

/// A message's fields with the name of the oneof each belongs to.
fn members(m: &Message) -> Vec<(&Field, Option<&str>)> {
    m.fields
        .iter()
        .map(|f| {
            let oneof = f
                .oneof
                .and_then(|i| m.oneofs.get(i))
                .map(|o| o.name.as_str());
            (f, oneof)
        })
        .collect()
}

/// Compares two lists of fields by JSON name (the name on the wire, which never changes for a
/// field). `prefix` names the owner (`field a.b.C.`, `method a.b.R.M path parameter `);
/// `owner_place` stands in for a field without a place of its own.
fn fields(
    out: &mut Out,
    prefix: &str,
    owner_place: &Origin,
    old: &[(&Field, Option<&str>)],
    new: &[(&Field, Option<&str>)],
) {
    let place = |f: &Field| {
        if f.origin.file.is_empty() {
            owner_place.clone()
        } else {
            f.origin.clone()
        }
    };
    let by_name: BTreeMap<&str, &(&Field, Option<&str>)> =
        new.iter().map(|e| (e.0.json_name.as_str(), e)).collect();
    for (f, _) in old {
        if !by_name.contains_key(f.json_name.as_str()) {
            out.push(
                &place(f),
                Class::Breaking,
                format!("{prefix}{} removed (was {})", f.json_name, f.shape()),
            );
        }
    }
    let old_by_name: BTreeMap<&str, &(&Field, Option<&str>)> =
        old.iter().map(|e| (e.0.json_name.as_str(), e)).collect();
    for (n, n_oneof) in new {
        let at = place(n);
        let name = format!("{prefix}{}", n.json_name);
        let Some((o, o_oneof)) = old_by_name.get(n.json_name.as_str()) else {
            let mut what = format!("{name} added ({}", n.shape());
            if let Some(g) = n_oneof {
                what.push_str(&format!(", in oneof `{g}`"));
            }
            what.push(')');
            out.push(&at, Class::Additive, what);
            // A field that is new and required already makes old requests fail validation.
            if n.required {
                out.push(&at, Class::Breaking, format!("{name} is required"));
            }
            continue;
        };
        if o.ty != n.ty || o.label != n.label {
            out.push(
                &at,
                Class::Breaking,
                format!("{name} changed from `{}` to `{}`", o.shape(), n.shape()),
            );
        }
        match (o_oneof, n_oneof) {
            (a, b) if a == b => {}
            (None, Some(b)) => out.push(
                &at,
                Class::Breaking,
                format!("{name} moved into oneof `{b}`"),
            ),
            (Some(a), None) => out.push(
                &at,
                Class::Breaking,
                format!("{name} moved out of oneof `{a}`"),
            ),
            (Some(a), Some(b)) => out.push(
                &at,
                Class::Breaking,
                format!("{name} moved from oneof `{a}` to `{b}`"),
            ),
            (None, None) => {}
        }
        match (o.required, n.required) {
            (false, true) => out.push(&at, Class::Breaking, format!("{name} is now required")),
            (true, false) => out.push(
                &at,
                Class::Additive,
                format!("{name} is no longer required"),
            ),
            _ => {}
        }
        match (o.deprecated, n.deprecated) {
            (false, true) => out.push(&at, Class::Additive, format!("{name} deprecated")),
            (true, false) => out.push(&at, Class::Additive, format!("{name} no longer deprecated")),
            _ => {}
        }
        let mut notes = Vec::new();
        constraints("", &o.constraints, &n.constraints, &mut notes);
        if let Some(class) = notes.iter().map(|(c, _)| *c).max() {
            let words: Vec<_> = notes.into_iter().map(|(_, w)| w).collect();
            out.push(
                &at,
                class,
                format!("{name} constraints: {}", words.join("; ")),
            );
        }
        if o.docs != n.docs {
            out.push(&at, Class::Documentation, format!("{name}: docs changed"));
        }
    }
}

/// The differences between two fields' constraints, each with its class: breaking when the
/// new constraint can reject a value the old one accepted (see the module docs).
fn constraints(at: &str, o: &Constraints, n: &Constraints, notes: &mut Vec<(Class, String)>) {
    fn show<T: fmt::Debug>(v: &Option<T>) -> String {
        match v {
            Some(v) => format!("{v:?}"),
            None => "none".into(),
        }
    }
    let mut note = |tighter: bool, what: &str, old: String, new: String| {
        let class = if tighter {
            Class::Breaking
        } else {
            Class::Additive
        };
        notes.push((class, format!("{at}{what} {old} → {new}")));
    };
    // A lower bound is tighter when it appears or rises; an upper bound when it appears or
    // falls.
    let lower = |o: Option<i128>, n: Option<i128>| match (o, n) {
        (None, Some(_)) => true,
        (Some(a), Some(b)) => b > a,
        _ => false,
    };
    let upper = |o: Option<i128>, n: Option<i128>| match (o, n) {
        (None, Some(_)) => true,
        (Some(a), Some(b)) => b < a,
        _ => false,
    };
    let wide = |v: Option<u64>| v.map(i128::from);
    let signed = |v: Option<i64>| v.map(i128::from);
    for (what, a, b, is_lower) in [
        ("minLength", wide(o.min_length), wide(n.min_length), true),
        ("maxLength", wide(o.max_length), wide(n.max_length), false),
        ("minItems", wide(o.min_items), wide(n.min_items), true),
        ("maxItems", wide(o.max_items), wide(n.max_items), false),
        (
            "maxProperties",
            wide(o.max_properties),
            wide(n.max_properties),
            false,
        ),
        ("minimum", signed(o.minimum), signed(n.minimum), true),
        ("maximum", signed(o.maximum), signed(n.maximum), false),
    ] {
        if a != b {
            let tighter = if is_lower { lower(a, b) } else { upper(a, b) };
            note(tighter, what, show(&a), show(&b));
        }
    }
    if o.pattern != n.pattern {
        // A pattern cannot be compared with another: any new one may reject old values.
        note(
            n.pattern.is_some(),
            "pattern",
            show(&o.pattern),
            show(&n.pattern),
        );
    }
    if o.allowed != n.allowed {
        let old: BTreeSet<_> = o.allowed.iter().collect();
        let new: BTreeSet<_> = n.allowed.iter().collect();
        // No list means any value.
        let tighter = !new.is_empty() && (old.is_empty() || !old.is_subset(&new));
        note(
            tighter,
            "allowed values",
            format!("{:?}", o.allowed),
            format!("{:?}", n.allowed),
        );
    }
    if o.unique_items != n.unique_items {
        note(
            n.unique_items,
            "uniqueItems",
            o.unique_items.to_string(),
            n.unique_items.to_string(),
        );
    }
    if o.default != n.default {
        notes.push((
            Class::Documentation,
            format!("{at}default {} → {}", show(&o.default), show(&n.default)),
        ));
    }
    let empty = Constraints::default();
    for (what, a, b) in [("key ", &o.key, &n.key), ("value ", &o.value, &n.value)] {
        if a != b {
            let a = a.as_deref().unwrap_or(&empty);
            let b = b.as_deref().unwrap_or(&empty);
            constraints(&format!("{at}{what}"), a, b, notes);
        }
    }
}

fn enums(out: &mut Out, old: &BTreeMap<String, Enum>, new: &BTreeMap<String, Enum>) {
    for (name, e) in old {
        if !new.contains_key(name) {
            out.push(
                &first(&e.origins),
                Class::Breaking,
                format!("enum {name} removed"),
            );
        }
    }
    for (name, n) in new {
        let place = first(&n.origins);
        let Some(o) = old.get(name) else {
            out.push(&place, Class::Additive, format!("enum {name} added"));
            continue;
        };
        // Values have no place of their own: their enum's stands in, on the side they are on.
        let old_place = first(&o.origins);
        let old_place = if old_place.file.is_empty() {
            &place
        } else {
            &old_place
        };
        if o.docs != n.docs {
            out.push(
                &place,
                Class::Documentation,
                format!("enum {name}: docs changed"),
            );
        }
        for v in &o.values {
            if !n.values.iter().any(|w| w.name == v.name) {
                out.push(
                    old_place,
                    Class::Breaking,
                    format!("enum {name} value {} removed", v.name),
                );
            }
        }
        for v in &n.values {
            match o.values.iter().find(|w| w.name == v.name) {
                None => out.push(
                    &place,
                    Class::Additive,
                    format!("enum {name} value {} added", v.name),
                ),
                Some(w) if w.docs != v.docs => out.push(
                    &place,
                    Class::Documentation,
                    format!("enum {name} value {}: docs changed", v.name),
                ),
                Some(_) => {}
            }
        }
    }
}

fn method_name(m: &Method) -> String {
    format!("{}.{}.{}", m.package, m.resource, m.name)
}

fn methods(out: &mut Out, old: &[Method], new: &[Method]) {
    let old_by: BTreeMap<String, &Method> = old.iter().map(|m| (method_name(m), m)).collect();
    let new_by: BTreeMap<String, &Method> = new.iter().map(|m| (method_name(m), m)).collect();
    for (name, m) in &old_by {
        if !new_by.contains_key(name) {
            out.push(
                &m.origin,
                Class::Breaking,
                format!("method {name} removed (was {} {})", m.http_method, m.path),
            );
        }
    }
    for (name, n) in &new_by {
        let at = &n.origin;
        let Some(o) = old_by.get(name) else {
            out.push(
                at,
                Class::Additive,
                format!("method {name} added ({} {})", n.http_method, n.path),
            );
            continue;
        };
        let mut breaking = |what: String| {
            out.changes.push(Change {
                place: at.clone(),
                class: Class::Breaking,
                what: format!("method {name}: {what}"),
            })
        };
        if o.http_method != n.http_method {
            breaking(format!("verb {} → {}", o.http_method, n.http_method));
        }
        if o.path != n.path {
            breaking(format!("path {} → {}", o.path, n.path));
        }
        if o.host != n.host {
            breaking(format!("host {} → {}", o.host, n.host));
        }
        if o.request_message != n.request_message {
            let show = |r: &Option<String>| r.clone().unwrap_or_else(|| "(its own)".into());
            breaking(format!(
                "request {} → {}",
                show(&o.request_message),
                show(&n.request_message)
            ));
        }
        if o.request_type != n.request_type {
            let show = |r: &Option<String>| r.clone().unwrap_or_else(|| "the message".into());
            breaking(format!(
                "request type {} → {}",
                show(&o.request_type),
                show(&n.request_type)
            ));
        }
        response(&mut breaking, &o.response, &n.response);
        // A named request message is compared as a message; a method without one gets its
        // request type from its parameters, which are compared here.
        if o.request_message.is_none() && n.request_message.is_none() {
            for (kind, a, b) in [
                ("path parameter", &o.path_params, &n.path_params),
                ("query parameter", &o.query_params, &n.query_params),
            ] {
                let a: Vec<_> = a.iter().map(|f| (f, None)).collect();
                let b: Vec<_> = b.iter().map(|f| (f, None)).collect();
                fields(out, &format!("method {name} {kind} "), at, &a, &b);
            }
        }
        if o.docs != n.docs {
            out.push(
                at,
                Class::Documentation,
                format!("method {name}: docs changed"),
            );
        }
    }
}

fn response(breaking: &mut impl FnMut(String), o: &Response, n: &Response) {
    match (o, n) {
        (
            Response::Message {
                name: a,
                packed: pa,
            },
            Response::Message {
                name: b,
                packed: pb,
            },
        ) => {
            if a != b {
                breaking(format!("response {a} → {b}"));
            }
            let keys: BTreeSet<&String> = pa.keys().chain(pb.keys()).collect();
            for k in keys {
                let show = |v: Option<&String>| v.cloned().unwrap_or_else(|| "free-form".into());
                let (x, y) = (pa.get(k), pb.get(k));
                if x != y {
                    breaking(format!("`{k}` holds {} → {}", show(x), show(y)));
                }
            }
        }
        (Response::Empty, Response::Empty) => {}
        (Response::Empty, Response::Message { name, .. }) => {
            breaking(format!("response none → {name}"))
        }
        (Response::Message { name, .. }, Response::Empty) => {
            breaking(format!("response {name} → none"))
        }
    }
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
