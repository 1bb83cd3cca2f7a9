//! Validation: the constraints the pages state, checked on a typed request.
//!
//! Generated code calls a [`Validator`] once per field that has something to check, with the
//! field's value and its [`Constraints`]; nested messages that have rules of their own check
//! themselves through [`Check::nested`]. Nothing is encoded to check a request. Decoding
//! never validates.
//!
//! The file passes 600 lines only with its unit tests, kept beside the code; the code is
//! about 410 lines.

use std::collections::HashMap;
use std::fmt;
use std::sync::{Mutex, OnceLock};

use crate::{Any, FieldMask, MapField};

/// The constraints the pages state for one value. On a repeated field, the string, enum and
/// range constraints apply to each element (as the proto options they come from do); on a
/// map they are not checked, since the pages put the key's pattern there as often as the
/// value's: maps are checked through `key` and `value`.
#[derive(Clone, Copy, Debug)]
#[doc(hidden)]
pub struct Constraints {
    /// Must match in full.
    pub pattern: Option<&'static str>,
    /// In characters (Unicode scalar values).
    pub min_length: Option<u64>,
    pub max_length: Option<u64>,
    pub min_items: Option<u64>,
    pub max_items: Option<u64>,
    pub max_properties: Option<u64>,
    /// No two elements of a list may be equal.
    pub unique_items: bool,
    pub minimum: Option<i64>,
    pub maximum: Option<i64>,
    /// Enum names the value must be one of (empty: any).
    pub allowed: &'static [&'static str],
    /// Map keys.
    pub key: Option<&'static Constraints>,
    /// Elements or map values.
    pub value: Option<&'static Constraints>,
}

impl Constraints {
    /// No constraint.
    pub const NONE: Constraints = Constraints {
        pattern: None,
        min_length: None,
        max_length: None,
        min_items: None,
        max_items: None,
        max_properties: None,
        unique_items: false,
        minimum: None,
        maximum: None,
        allowed: &[],
        key: None,
        value: None,
    };
}

/// What a validator can read of one value. Generated enums give their name, messages with
/// rules check their own fields.
#[doc(hidden)]
pub trait Check {
    /// The value as text, for length, pattern and enum-membership constraints.
    fn text(&self) -> Option<&str> {
        None
    }

    /// The value as a number, for range constraints.
    fn number(&self) -> Option<f64> {
        None
    }

    /// Whether a required field holding this counts as unset (`""`).
    fn is_blank(&self) -> bool {
        false
    }

    /// Checks the fields of a message value.
    fn nested(&self, _v: &mut Validator) {}
}

impl Check for String {
    fn text(&self) -> Option<&str> {
        Some(self)
    }

    fn is_blank(&self) -> bool {
        self.is_empty()
    }
}

macro_rules! numbers {
    ($($t:ty),*) => {
        $(impl Check for $t {
            fn number(&self) -> Option<f64> {
                Some(*self as f64)
            }
        })*
    };
}

numbers!(i32, i64, u32, u64, f32, f64);

impl Check for bool {}
impl Check for Vec<u8> {}
impl Check for time::OffsetDateTime {}
impl Check for time::Duration {}
impl Check for FieldMask {}
impl Check for Any {}
impl Check for serde_json::Map<String, serde_json::Value> {}

impl<T: Check> Check for Box<T> {
    fn text(&self) -> Option<&str> {
        (**self).text()
    }

    fn number(&self) -> Option<f64> {
        (**self).number()
    }

    fn is_blank(&self) -> bool {
        (**self).is_blank()
    }

    fn nested(&self, v: &mut Validator) {
        (**self).nested(v)
    }
}

/// Collects the violations of one request, with their field paths.
#[derive(Debug, Default)]
#[doc(hidden)]
pub struct Validator {
    path: String,
    out: Vec<Violation>,
}

impl Validator {
    /// A singular field.
    pub fn field<T: Check>(
        &mut self,
        name: &str,
        value: &Option<T>,
        required: bool,
        c: &Constraints,
    ) {
        let at = self.enter(name);
        match value {
            None if required => self.report(Rule::Required, "is required".into()),
            None => {}
            Some(v) => {
                if required && v.is_blank() {
                    self.report(Rule::Required, "is required".into());
                }
                self.check_value(v, c);
                v.nested(self);
            }
        }
        self.leave(at);
    }

    /// The value a oneof holds (present by construction).
    pub fn member<T: Check>(&mut self, name: &str, value: &T, c: &Constraints) {
        let at = self.enter(name);
        self.check_value(value, c);
        value.nested(self);
        self.leave(at);
    }

    /// A repeated field.
    pub fn repeated<T: Check + PartialEq>(
        &mut self,
        name: &str,
        items: &[T],
        required: bool,
        c: &Constraints,
    ) {
        let at = self.enter(name);
        if required && items.is_empty() {
            self.report(Rule::Required, "is required".into());
        }
        let n = items.len() as u64;
        if let Some(min) = c.min_items.filter(|m| n < *m) {
            self.report(
                Rule::MinItems,
                format!("has {n} elements, at least {min} required"),
            );
        }
        if let Some(max) = c.max_items.filter(|m| n > *m) {
            self.report(
                Rule::MaxItems,
                format!("has {n} elements, at most {max} allowed"),
            );
        }
        if c.unique_items {
            if let Some(i) = (1..items.len()).find(|&i| items[..i].contains(&items[i])) {
                self.report(
                    Rule::UniqueItems,
                    format!("repeats an earlier element at index {i}"),
                );
            }
        }
        for (i, item) in items.iter().enumerate() {
            let at_item = self.path.len();
            self.path.push_str(&format!("[{i}]"));
            self.check_value(item, c);
            if let Some(vc) = c.value {
                self.check_value(item, vc);
            }
            item.nested(self);
            self.path.truncate(at_item);
        }
        self.leave(at);
    }

    /// A map field.
    pub fn map<T: Check>(
        &mut self,
        name: &str,
        entries: &MapField<T>,
        required: bool,
        c: &Constraints,
    ) {
        let at = self.enter(name);
        if required && entries.is_empty() {
            self.report(Rule::Required, "is required".into());
        }
        let n = entries.len() + entries.unreadable().len();
        if let Some(max) = c.max_properties.filter(|m| n as u64 > *m) {
            self.report(
                Rule::MaxProperties,
                format!("has {n} entries, at most {max} allowed"),
            );
        }
        for (k, v) in entries.iter() {
            let entry = self.enter(k);
            if let Some(kc) = c.key {
                let before = self.out.len();
                self.check_value(k, kc);
                for kv in &mut self.out[before..] {
                    kv.message = format!("key {}", kv.message);
                }
            }
            if let Some(vc) = c.value {
                self.check_value(v, vc);
            }
            v.nested(self);
            self.leave(entry);
        }
        self.leave(at);
    }

    /// Every violation found, or `Ok` when there is none.
    pub fn finish(self) -> Result<(), Violations> {
        if self.out.is_empty() {
            Ok(())
        } else {
            Err(Violations(self.out))
        }
    }

    fn enter(&mut self, name: &str) -> usize {
        let at = self.path.len();
        if !self.path.is_empty() {
            self.path.push('.');
        }
        self.path.push_str(name);
        at
    }

    fn leave(&mut self, at: usize) {
        self.path.truncate(at);
    }

    fn report(&mut self, rule: Rule, message: String) {
        self.out.push(Violation {
            path: self.path.clone(),
            rule,
            message,
        });
    }

    /// The checks on a single value: string constraints on text, enum membership, ranges.
    fn check_value<T: Check + ?Sized>(&mut self, value: &T, c: &Constraints) {
        if let Some(s) = value.text() {
            let chars = s.chars().count() as u64;
            if let Some(min) = c.min_length.filter(|m| chars < *m) {
                let message = format!("is {chars} characters long, at least {min} required");
                self.report(Rule::MinLength, message);
            }
            if let Some(max) = c.max_length.filter(|m| chars > *m) {
                let message = format!("is {chars} characters long, at most {max} allowed");
                self.report(Rule::MaxLength, message);
            }
            if let Some(pattern) = c.pattern {
                match full_match(pattern, s) {
                    Ok(true) => {}
                    Ok(false) => {
                        let message = format!("{s:?} does not match `{pattern}`");
                        self.report(Rule::Pattern, message);
                    }
                    Err(e) => {
                        let message = format!("pattern `{pattern}` cannot be used: {e}");
                        self.report(Rule::Pattern, message);
                    }
                }
            }
            if !c.allowed.is_empty() && !c.allowed.contains(&s) {
                let message = format!("{s:?} is not one of {}", c.allowed.join(", "));
                self.report(Rule::Allowed, message);
            }
        }
        if let Some(x) = value.number() {
            if let Some(min) = c.minimum.filter(|m| x < *m as f64) {
                self.report(Rule::Minimum, format!("is {x}, at least {min} required"));
            }
            if let Some(max) = c.maximum.filter(|m| x > *m as f64) {
                self.report(Rule::Maximum, format!("is {x}, at most {max} allowed"));
            }
        }
    }
}

impl Check for str {
    fn text(&self) -> Option<&str> {
        Some(self)
    }
}

/// Which kind of constraint a value violates.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Rule {
    Required,
    Pattern,
    MinLength,
    MaxLength,
    MinItems,
    MaxItems,
    MaxProperties,
    /// `uniqueItems`: a list holds the same element twice.
    UniqueItems,
    /// Enum membership.
    Allowed,
    Minimum,
    Maximum,
}

/// One violated constraint.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Violation {
    /// JSON path of the value: `name`, `labels.Key`, `hostSpecs[0].zoneId`.
    pub path: String,
    pub rule: Rule,
    pub message: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

/// Every violated constraint of a request, in field order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Violations(pub Vec<Violation>);

impl Violations {
    /// The violations at `path`.
    pub fn at<'a>(&'a self, path: &'a str) -> impl Iterator<Item = &'a Violation> + 'a {
        self.0.iter().filter(move |v| v.path == path)
    }
}

impl fmt::Display for Violations {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        for (i, v) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{v}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Violations {}

/// Whether `pattern` matches all of `text`. The pages' patterns come from proto options
/// that match whole values (`[a-zA-Z0-9_-]*` would otherwise match anything), so they are
/// anchored. Compiled patterns are kept for the life of the process.
fn full_match(pattern: &'static str, text: &str) -> Result<bool, String> {
    type Cache = Mutex<HashMap<&'static str, Result<regex::Regex, String>>>;
    static CACHE: OnceLock<Cache> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    let mut cache = cache
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let re = cache.entry(pattern).or_insert_with(|| {
        regex::Regex::new(&format!("^(?:{pattern})$")).map_err(|e| e.to_string())
    });
    match re {
        Ok(re) => Ok(re.is_match(text)),
        Err(e) => Err(e.clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Shaped like a generated message with rules.
    #[derive(Clone, Debug, Default, PartialEq)]
    struct Host {
        zone: Option<String>,
    }

    impl Check for Host {
        fn nested(&self, v: &mut Validator) {
            let c = Constraints {
                max_length: Some(3),
                ..Constraints::NONE
            };
            v.field("zone", &self.zone, true, &c);
        }
    }

    #[derive(Default)]
    struct Req {
        name: Option<String>,
        labels: MapField<String>,
        kind: Option<String>,
        hosts: Vec<Host>,
        grants: Vec<String>,
        size: Option<i64>,
    }

    const KEY: Constraints = Constraints {
        pattern: Some("[a-z]+"),
        ..Constraints::NONE
    };
    const VALUE: Constraints = Constraints {
        max_length: Some(2),
        ..Constraints::NONE
    };

    impl Req {
        fn check(&self) -> Vec<(String, Rule)> {
            let mut v = Validator::default();
            let name = Constraints {
                pattern: Some("[a-z]+"),
                min_length: Some(2),
                ..Constraints::NONE
            };
            v.field("name", &self.name, true, &name);
            let labels = Constraints {
                max_properties: Some(1),
                pattern: Some("never-checked-on-a-map"),
                key: Some(&KEY),
                value: Some(&VALUE),
                ..Constraints::NONE
            };
            v.map("labels", &self.labels, false, &labels);
            let kind = Constraints {
                allowed: &["A", "B"],
                ..Constraints::NONE
            };
            v.field("kind", &self.kind, false, &kind);
            let hosts = Constraints {
                min_items: Some(2),
                max_items: Some(3),
                ..Constraints::NONE
            };
            v.repeated("hosts", &self.hosts, false, &hosts);
            let grants = Constraints {
                pattern: Some("[a-z]*"),
                unique_items: true,
                ..Constraints::NONE
            };
            v.repeated("grants", &self.grants, true, &grants);
            let size = Constraints {
                minimum: Some(1),
                maximum: Some(10),
                ..Constraints::NONE
            };
            v.field("size", &self.size, false, &size);
            match v.finish() {
                Ok(()) => vec![],
                Err(all) => all.0.into_iter().map(|v| (v.path, v.rule)).collect(),
            }
        }
    }

    fn owned(want: &[(&str, Rule)]) -> Vec<(String, Rule)> {
        want.iter().map(|(p, r)| (p.to_string(), *r)).collect()
    }

    fn host(zone: Option<&str>) -> Host {
        Host {
            zone: zone.map(str::to_string),
        }
    }

    fn strings(s: &[&str]) -> Vec<String> {
        s.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn a_valid_request_has_no_violations() {
        let ok = Req {
            name: Some("ab".into()),
            labels: [("k", "v".to_string())].into_iter().collect(),
            kind: Some("A".into()),
            hosts: vec![host(Some("a")), host(Some("b"))],
            grants: strings(&["x"]),
            size: Some(10),
        };
        assert_eq!(ok.check(), vec![]);
    }

    #[test]
    fn every_violation_is_reported_with_its_path() {
        let bad = Req {
            name: Some("A".into()),
            labels: [("Key", "vvv".to_string()), ("b", "ok".to_string())]
                .into_iter()
                .collect(),
            kind: Some("C".into()),
            hosts: vec![host(Some("long")), host(None), host(None), host(None)],
            grants: strings(&["ok", "NO"]),
            size: Some(11),
        };
        assert_eq!(
            bad.check(),
            owned(&[
                ("name", Rule::MinLength),
                ("name", Rule::Pattern),
                ("labels", Rule::MaxProperties),
                ("labels.Key", Rule::Pattern),
                ("labels.Key", Rule::MaxLength),
                ("kind", Rule::Allowed),
                ("hosts", Rule::MaxItems),
                ("hosts[0].zone", Rule::MaxLength),
                ("hosts[1].zone", Rule::Required),
                ("hosts[2].zone", Rule::Required),
                ("hosts[3].zone", Rule::Required),
                ("grants[1]", Rule::Pattern),
                ("size", Rule::Maximum),
            ])
        );
        let few_hosts = Req {
            name: Some("ab".into()),
            grants: strings(&["x"]),
            ..Req::default()
        };
        assert_eq!(few_hosts.check(), owned(&[("hosts", Rule::MinItems)]));
        let twice = Req {
            name: Some("ab".into()),
            hosts: vec![host(Some("a")), host(Some("b"))],
            grants: strings(&["x", "y", "x"]),
            ..Req::default()
        };
        assert_eq!(twice.check(), owned(&[("grants", Rule::UniqueItems)]));
        let blank = Req {
            name: Some(String::new()),
            hosts: vec![host(Some("a"))],
            size: Some(0),
            ..Req::default()
        };
        assert_eq!(
            blank.check(),
            owned(&[
                ("name", Rule::Required),
                ("name", Rule::MinLength),
                ("name", Rule::Pattern),
                ("hosts", Rule::MinItems),
                ("grants", Rule::Required),
                ("size", Rule::Minimum),
            ])
        );
    }

    #[test]
    fn key_violations_say_so() {
        let mut v = Validator::default();
        let labels: MapField<String> = [("Key", "v".to_string())].into_iter().collect();
        let c = Constraints {
            key: Some(&KEY),
            ..Constraints::NONE
        };
        v.map("labels", &labels, false, &c);
        let all = v.finish().unwrap_err();
        let key = all.at("labels.Key").next().unwrap();
        assert!(key.message.starts_with("key "), "{}", key.message);
    }

    #[test]
    fn patterns_match_whole_values_and_bad_ones_are_reported() {
        assert_eq!(full_match("[a-z]*", "abc"), Ok(true));
        assert_eq!(full_match("[a-z]*", "abc!"), Ok(false));
        assert_eq!(full_match("|[a-z]([-a-z0-9]{0,61}[a-z0-9])?", ""), Ok(true));
        assert_eq!(full_match("^[a-z]$", "a"), Ok(true));
        assert_eq!(full_match("[-_./\\@0-9a-z]*", "a@b/c"), Ok(true));
        assert!(full_match("(", "x").is_err());
    }
}
