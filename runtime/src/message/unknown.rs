//! Fields a message did not recognise.
//!
//! A newer API version adds fields; a client that reads a resource, changes one field and
//! writes it back must not drop the others, so unknown keys are kept as JSON and written
//! back unchanged.

use std::collections::BTreeMap;

use serde::de::MapAccess;
use serde::ser::SerializeMap;
use serde_json::Value as JsonValue;

/// Fields a message did not recognise, kept by JSON key and written back on encode.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct UnknownFields(BTreeMap<String, JsonValue>);

impl UnknownFields {
    /// Reads the value of the field `key` from `map` and keeps it.
    pub fn read<'de, A: MapAccess<'de>>(&mut self, key: &str, map: &mut A) -> Result<(), A::Error> {
        let value: JsonValue = map.next_value()?;
        self.0.insert(key.to_owned(), value);
        Ok(())
    }

    /// Writes every kept field into `m`.
    pub fn write<M: SerializeMap>(&self, m: &mut M) -> Result<(), M::Error> {
        for (k, v) in &self.0 {
            m.serialize_entry(k, v)?;
        }
        Ok(())
    }

    /// The value kept for `key`.
    pub fn get(&self, key: &str) -> Option<&JsonValue> {
        self.0.get(key)
    }

    /// Keeps `value` for `key`, returning the value it replaces.
    pub fn insert(&mut self, key: impl Into<String>, value: JsonValue) -> Option<JsonValue> {
        self.0.insert(key.into(), value)
    }

    /// Forgets `key`, returning its value.
    pub fn remove(&mut self, key: &str) -> Option<JsonValue> {
        self.0.remove(key)
    }

    /// The kept fields, ordered by key.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &JsonValue)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v))
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
        assert_eq!(keys, ["a", "b"]);
        assert_eq!(u.remove("a"), Some(json!([1])));
        assert_eq!(u.get("a"), None);
        assert_eq!(u.get("b"), Some(&json!(3)));

        let h: Host = from_str(r#"{"x": {"y": [null, 1.5]}, "name": "n", "z": "w"}"#).unwrap();
        assert_eq!(h.unknown.len(), 2);
        assert_eq!(
            to_value(&h).unwrap(),
            json!({"name": "n", "x": {"y": [null, 1.5]}, "z": "w"})
        );
    }
}
