//! The value of a map field.
//!
//! A map is not a bare `BTreeMap` because of the entries a newer or sloppier server writes
//! with a value of another shape (the reference fixtures have them): they are kept apart as
//! JSON, so that reading a map never fails on one entry and writing it back loses nothing.

use std::collections::BTreeMap;

use serde_json::Value as JsonValue;

/// The value of a map field (`map<string, V>`): its entries, plus the entries whose value
/// this version of the crate cannot read as a `V`.
///
/// Reading a map never fails on one entry: a newer or sloppier server may put a value of
/// another shape into a map (the reference fixtures do), and such an entry is kept as JSON
/// in [`MapField::unreadable`] and written back unchanged. A map that is not a JSON object
/// at all is still an error. `MapField` dereferences to the `BTreeMap` of readable entries.
#[derive(Clone, Debug, PartialEq)]
pub struct MapField<V> {
    pub(crate) entries: BTreeMap<String, V>,
    pub(crate) unreadable: BTreeMap<String, JsonValue>,
}

impl<V> MapField<V> {
    /// An empty map.
    pub fn new() -> Self {
        Self::default()
    }

    /// Entries whose value could not be read as a `V`, as they arrived.
    pub fn unreadable(&self) -> &BTreeMap<String, JsonValue> {
        &self.unreadable
    }

    /// The readable entries.
    pub fn into_entries(self) -> BTreeMap<String, V> {
        self.entries
    }

    /// True when there are no entries at all, readable or not.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty() && self.unreadable.is_empty()
    }
}

impl<V> Default for MapField<V> {
    fn default() -> Self {
        MapField {
            entries: BTreeMap::new(),
            unreadable: BTreeMap::new(),
        }
    }
}

impl<V> std::ops::Deref for MapField<V> {
    type Target = BTreeMap<String, V>;

    fn deref(&self) -> &Self::Target {
        &self.entries
    }
}

impl<V> std::ops::DerefMut for MapField<V> {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.entries
    }
}

impl<V> From<BTreeMap<String, V>> for MapField<V> {
    fn from(entries: BTreeMap<String, V>) -> Self {
        MapField {
            entries,
            unreadable: BTreeMap::new(),
        }
    }
}

impl<K: Into<String>, V> FromIterator<(K, V)> for MapField<V> {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        iter.into_iter()
            .map(|(k, v)| (k.into(), v))
            .collect::<BTreeMap<_, _>>()
            .into()
    }
}

impl<'a, V> IntoIterator for &'a MapField<V> {
    type Item = (&'a String, &'a V);
    type IntoIter = std::collections::btree_map::Iter<'a, String, V>;

    fn into_iter(self) -> Self::IntoIter {
        self.entries.iter()
    }
}
