//! The value of a map field.
//!
//! A map is not a bare `BTreeMap` because of the entries a newer or sloppier server writes
//! with a value of another shape (the reference fixtures have them): they are kept apart as
//! JSON, so that reading a map never fails on one entry and writing it back loses nothing.

use std::collections::btree_map::{self, BTreeMap};

use serde_json::Value as JsonValue;

/// The value of a map field (`map<string, V>`): its entries, plus the entries whose value
/// this version of the crate cannot read as a `V`.
///
/// Reading a map never fails on one entry: a newer or sloppier server may put a value of
/// another shape into a map (the reference fixtures do), and such an entry is kept as JSON
/// in [`MapField::unreadable`] and written back unchanged. A map that is not a JSON object
/// at all is still an error.
///
/// The map methods ([`get`](MapField::get), [`len`](MapField::len),
/// [`iter`](MapField::iter), ...) see the readable entries only; [`is_empty`] alone counts
/// the unreadable ones too, since it says whether the field is written at all.
///
/// [`is_empty`]: MapField::is_empty
///
/// ```
/// use yandex_cloud_runtime::MapField;
///
/// let mut labels: MapField<String> = [("env", "prod".to_owned())].into_iter().collect();
/// labels.insert("team", "db".to_owned());
/// assert_eq!(labels.get("env").map(String::as_str), Some("prod"));
/// let keys: Vec<&String> = labels.keys().collect();
/// assert_eq!(keys, ["env", "team"]);
/// ```
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

    /// The readable value for `key`.
    pub fn get(&self, key: &str) -> Option<&V> {
        self.entries.get(key)
    }

    /// The readable value for `key`, to change in place.
    pub fn get_mut(&mut self, key: &str) -> Option<&mut V> {
        self.entries.get_mut(key)
    }

    /// Whether `key` has a readable value.
    pub fn contains_key(&self, key: &str) -> bool {
        self.entries.contains_key(key)
    }

    /// Sets the value for `key`, returning the readable value it replaces. An unreadable
    /// entry with the same key is dropped, so that the key is written once, with `value`.
    pub fn insert(&mut self, key: impl Into<String>, value: V) -> Option<V> {
        let key = key.into();
        self.unreadable.remove(&key);
        self.entries.insert(key, value)
    }

    /// Removes `key`, readable or not, returning its readable value.
    pub fn remove(&mut self, key: &str) -> Option<V> {
        self.unreadable.remove(key);
        self.entries.remove(key)
    }

    /// How many readable entries there are.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when there are no entries at all, readable or not.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty() && self.unreadable.is_empty()
    }

    /// The readable entries, ordered by key.
    pub fn iter(&self) -> btree_map::Iter<'_, String, V> {
        self.entries.iter()
    }

    /// The readable entries, ordered by key, with their values to change in place.
    pub fn iter_mut(&mut self) -> btree_map::IterMut<'_, String, V> {
        self.entries.iter_mut()
    }

    /// The keys of the readable entries, in order.
    pub fn keys(&self) -> btree_map::Keys<'_, String, V> {
        self.entries.keys()
    }

    /// The readable values, ordered by key.
    pub fn values(&self) -> btree_map::Values<'_, String, V> {
        self.entries.values()
    }

    /// The readable values, ordered by key, to change in place.
    pub fn values_mut(&mut self) -> btree_map::ValuesMut<'_, String, V> {
        self.entries.values_mut()
    }

    /// The readable entries.
    pub fn entries(&self) -> &BTreeMap<String, V> {
        &self.entries
    }

    /// Entries whose value could not be read as a `V`, as they arrived.
    pub fn unreadable(&self) -> &BTreeMap<String, JsonValue> {
        &self.unreadable
    }

    /// The readable entries.
    pub fn into_entries(self) -> BTreeMap<String, V> {
        self.entries
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

/// Inserts each entry as [`MapField::insert`] does.
impl<K: Into<String>, V> Extend<(K, V)> for MapField<V> {
    fn extend<I: IntoIterator<Item = (K, V)>>(&mut self, iter: I) {
        for (k, v) in iter {
            self.insert(k, v);
        }
    }
}

impl<'a, V> IntoIterator for &'a MapField<V> {
    type Item = (&'a String, &'a V);
    type IntoIter = btree_map::Iter<'a, String, V>;

    fn into_iter(self) -> Self::IntoIter {
        self.entries.iter()
    }
}

impl<'a, V> IntoIterator for &'a mut MapField<V> {
    type Item = (&'a String, &'a mut V);
    type IntoIter = btree_map::IterMut<'a, String, V>;

    fn into_iter(self) -> Self::IntoIter {
        self.entries.iter_mut()
    }
}

/// The readable entries; the unreadable ones are dropped.
impl<V> IntoIterator for MapField<V> {
    type Item = (String, V);
    type IntoIter = btree_map::IntoIter<String, V>;

    fn into_iter(self) -> Self::IntoIter {
        self.entries.into_iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::*;

    /// A map read from the wire with one readable and one unreadable entry.
    fn mixed() -> MapField<bool> {
        decv::<Map<Bool>>(json!({"a": true, "b": false, "future": {"nested": 1}})).unwrap()
    }

    #[test]
    fn reads_see_the_readable_entries() {
        let m = mixed();
        assert_eq!(m.len(), 2);
        assert!(!m.is_empty());
        assert_eq!(m.get("a"), Some(&true));
        assert_eq!(m.get("future"), None);
        assert!(m.contains_key("b") && !m.contains_key("future"));
        assert!(m.unreadable().contains_key("future"));
        let keys: Vec<&String> = m.keys().collect();
        assert_eq!(keys, ["a", "b"]);
        assert_eq!(m.values().copied().collect::<Vec<_>>(), [true, false]);
        let pairs: Vec<(&String, &bool)> = m.iter().collect();
        assert_eq!(pairs, (&m).into_iter().collect::<Vec<_>>());
        assert_eq!(pairs.len(), 2);
        assert_eq!(m.entries().len(), 2);
        let owned: Vec<(String, bool)> = m.clone().into_iter().collect();
        assert_eq!(owned, [("a".to_owned(), true), ("b".to_owned(), false)]);
        assert_eq!(m.into_entries().len(), 2);
    }

    #[test]
    fn only_unreadable_entries_is_not_empty() {
        let m = decv::<Map<Bool>>(json!({"future": 1})).unwrap();
        assert_eq!(m.len(), 0);
        assert!(!m.is_empty());
        assert!(MapField::<bool>::new().is_empty());
    }

    #[test]
    fn writes_replace_unreadable_entries_of_the_same_key() {
        let mut m = mixed();
        assert_eq!(m.insert("future", true), None);
        assert!(m.unreadable().is_empty());
        assert_eq!(
            to_value(&Encode::<Map<Bool>>(&m)).unwrap(),
            json!({"a": true, "b": false, "future": true})
        );

        let mut m = mixed();
        assert_eq!(m.remove("future"), None);
        assert_eq!(m.remove("a"), Some(true));
        assert_eq!(
            to_value(&Encode::<Map<Bool>>(&m)).unwrap(),
            json!({"b": false})
        );

        let mut m = mixed();
        m.extend([("future", false), ("c", true)]);
        assert!(m.unreadable().is_empty());
        assert_eq!(m.len(), 4);
    }

    #[test]
    fn values_change_in_place() {
        let mut m = mixed();
        *m.get_mut("a").unwrap() = false;
        for (_, v) in m.iter_mut() {
            *v = !*v;
        }
        for v in m.values_mut() {
            *v = !*v;
        }
        for (_, v) in &mut m {
            *v = !*v;
        }
        assert_eq!(m.get("a"), Some(&true));
        assert_eq!(m.get("b"), Some(&true));
        assert_eq!(m.unreadable().len(), 1);
    }

    #[test]
    fn built_from_a_btree_map_or_pairs() {
        let mut b = BTreeMap::new();
        b.insert("k".to_owned(), 1u32);
        let from: MapField<u32> = b.clone().into();
        let collected: MapField<u32> = [("k", 1u32)].into_iter().collect();
        assert_eq!(from, collected);
        assert_eq!(from.entries(), &b);
    }
}
