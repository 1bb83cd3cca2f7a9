//! Fields a message did not recognise.
//!
//! A newer API version adds fields; a client that reads a resource, changes one field and
//! writes it back must not drop the others, so unknown keys are kept and written back
//! unchanged. They are kept as the JSON text they arrived as: nothing reads them on the way
//! through, and a `serde_json::Value` tree for each cost more to build and drop than the
//! known fields around it (BENCHMARKS.md, "Decode and encode").

use serde::de::MapAccess;
use serde::ser::SerializeMap;
use serde_json::value::RawValue;
use serde_json::Value as JsonValue;

/// Fields a message did not recognise, kept by JSON key, as the JSON text they arrived as, in
/// the order they came, and written back on encode.
#[derive(Clone, Debug, Default)]
pub struct UnknownFields(Vec<(String, Box<RawValue>)>);

/// Equal when they hold the same keys with the same JSON text, in the same order.
impl PartialEq for UnknownFields {
    fn eq(&self, other: &Self) -> bool {
        self.0.len() == other.0.len()
            && self
                .0
                .iter()
                .zip(&other.0)
                .all(|((ka, va), (kb, vb))| ka == kb && va.get() == vb.get())
    }
}

use crate::wire::value_of;

impl UnknownFields {
    /// Reads the value of the field `key` from `map` and keeps it (a key given twice keeps
    /// the last value, as JSON parsers read it).
    pub fn read<'de, A: MapAccess<'de>>(&mut self, key: &str, map: &mut A) -> Result<(), A::Error> {
        let value: Box<RawValue> = map.next_value()?;
        self.put(key.to_owned(), value);
        Ok(())
    }

    fn put(&mut self, key: String, value: Box<RawValue>) -> Option<Box<RawValue>> {
        match self.0.iter_mut().find(|(k, _)| *k == key) {
            Some(slot) => Some(std::mem::replace(&mut slot.1, value)),
            None => {
                self.0.push((key, value));
                None
            }
        }
    }

    /// Writes every kept field into `m`.
    pub fn write<M: SerializeMap>(&self, m: &mut M) -> Result<(), M::Error> {
        for (k, v) in &self.0 {
            m.serialize_entry(k, v)?;
        }
        Ok(())
    }

    /// The value kept for `key`, as JSON.
    pub fn get(&self, key: &str) -> Option<JsonValue> {
        self.get_raw(key).map(value_of)
    }

    /// The value kept for `key`, as the JSON text it arrived as.
    pub fn get_raw(&self, key: &str) -> Option<&RawValue> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| &**v)
    }

    /// Keeps `value` for `key`, returning the value it replaces.
    pub fn insert(&mut self, key: impl Into<String>, value: JsonValue) -> Option<JsonValue> {
        // A `Value` always has a JSON form.
        let raw = serde_json::value::to_raw_value(&value).ok()?;
        self.put(key.into(), raw).map(|old| value_of(&old))
    }

    /// Forgets `key`, returning its value.
    pub fn remove(&mut self, key: &str) -> Option<JsonValue> {
        let at = self.0.iter().position(|(k, _)| k == key)?;
        Some(value_of(&self.0.remove(at).1))
    }

    /// The kept fields, in the order they came, each as its JSON text.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &RawValue)> {
        self.0.iter().map(|(k, v)| (k.as_str(), &**v))
    }

    /// How many fields are kept.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether no field is kept.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::*;

    #[test]
    fn unknown_fields_api() {
        let mut u = UnknownFields::default();
        assert!(u.is_empty());
        assert_eq!(u.insert("b", json!(2)), None);
        assert_eq!(u.insert("a", json!([1])), None);
        assert_eq!(u.insert("b", json!(3)), Some(json!(2)));
        assert_eq!(u.len(), 2);
        let keys: Vec<&str> = u.iter().map(|(k, _)| k).collect();
        assert_eq!(keys, ["b", "a"]);
        assert_eq!(u.remove("a"), Some(json!([1])));
        assert_eq!(u.get("a"), None);
        assert_eq!(u.get("b"), Some(json!(3)));
        assert_eq!(u.get_raw("b").map(|r| r.get()), Some("3"));

        let h: Host = from_str(r#"{"x": {"y": [null, 1.5]}, "name": "n", "z": "w"}"#).unwrap();
        assert_eq!(h.unknown.len(), 2);
        assert_eq!(
            to_value(&h).unwrap(),
            json!({"name": "n", "x": {"y": [null, 1.5]}, "z": "w"})
        );
    }
}
