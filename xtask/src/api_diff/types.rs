//! Changes to messages, their fields (type, label, oneof, constraints) and enums.

use super::*;

pub(super) fn messages(
    out: &mut Out,
    old: &BTreeMap<String, Message>,
    new: &BTreeMap<String, Message>,
) {
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
pub(super) fn fields(
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

pub(super) fn enums(out: &mut Out, old: &BTreeMap<String, Enum>, new: &BTreeMap<String, Enum>) {
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
