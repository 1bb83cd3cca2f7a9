//! Messages: JSON objects read key by key.
//!
//! A message is not read with a derived `Deserialize`, because a newer API adds fields this
//! crate's version does not know and those must survive a read and a write: each key is
//! handed to [`Message::merge_field`], which reads known fields through their codecs and
//! keeps the rest in [`UnknownFields`]. Keys are borrowed from the input when they can be,
//! and owned when the input escapes them (`"na\u006de"`).

mod fields;
mod oneof;
mod unknown;

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, Visitor};

pub use self::fields::{field, map, put, put_map, put_repeated, put_value, repeated};
pub use self::oneof::{set_oneof, Oneof};
pub use self::unknown::UnknownFields;

/// A generated message: a JSON object whose keys are read one by one.
///
/// Every generated message type implements it; it is a bound to name (as [`Any::pack`] and
/// [`Any::is`] do), not a trait to implement by hand.
///
/// [`Any::pack`]: crate::Any::pack
/// [`Any::is`]: crate::Any::is
pub trait Message: Default {
    /// Full proto name, e.g. `"yandex.cloud.mdb.spqr.v1.Cluster"`.
    const NAME: &'static str;

    /// Generated code implements this; it is not part of the supported API.
    ///
    /// Reads the value of the field whose JSON key is `key` from `map` into `self`.
    /// Unknown keys must be stored in the message's unknown fields by the implementation.
    #[doc(hidden)]
    fn merge_field<'de, A: MapAccess<'de>>(
        &mut self,
        key: &str,
        map: &mut A,
    ) -> Result<(), A::Error>;
}

/// Reads an object key, borrowing it from the input when the deserializer lends it.
pub(crate) struct KeySeed;

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Cow<'de, str>;

    #[inline]
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeySeed {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string key")
    }

    #[inline]
    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v.to_owned()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v))
    }
}

/// The `Visitor` behind every generated message's `Deserialize` impl:
/// `deserializer.deserialize_map(MessageVisitor::<Self>::new())`.
#[derive(Debug)]
pub struct MessageVisitor<T>(PhantomData<fn() -> T>);

impl<T> MessageVisitor<T> {
    /// Creates the visitor.
    pub const fn new() -> Self {
        MessageVisitor(PhantomData)
    }
}

impl<T> Default for MessageVisitor<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<'de, T: Message> Visitor<'de> for MessageVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        expecting_message(f, T::NAME)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
        let mut msg = T::default();
        while let Some(key) = map.next_key_seed(KeySeed)? {
            msg.merge_field(&key, &mut map)?;
        }
        Ok(msg)
    }
}

/// What [`MessageVisitor`] expects, written once for every message type rather than in each
/// one's visitor.
pub(crate) fn expecting_message(f: &mut fmt::Formatter, name: &str) -> fmt::Result {
    write!(f, "a JSON object ({name})")
}

/// Decodes a message from a JSON object; anything else is an error
/// ("expected a JSON object (T::NAME)").
pub fn decode_message<'de, T: Message, D: Deserializer<'de>>(d: D) -> Result<T, D::Error> {
    d.deserialize_map(MessageVisitor::<T>::new())
}

#[cfg(test)]
mod tests {
    use crate::test_support::*;

    fn full_cluster_json() -> JsonValue {
        json!({
            "name": "c1",
            "size": "9223372036854775807",
            "ratio": "NaN",
            "createdAt": "2024-01-02T03:04:05.123Z",
            "hosts": [
                {"name": "h1", "port": 6432, "health": "ALIVE"},
                {"name": "h2", "health": "ZOMBIE", "zone": {"id": "ru-central1-a"}},
                {"health": 7}
            ],
            "labels": {"env": "prod", "team": "db"},
            "parent": {"name": "p", "hosts": []},
            "weeklyMaintenanceWindow": {"name": "MON"},
            "updateMask": "name,config.spqrConfig",
            "extra": {"free": ["form", 1]},
            "futureField": {"nested": [1, 2, 3]},
            "futureScalar": "x"
        })
    }

    #[test]
    fn message_round_trip_keeps_everything() {
        let input = full_cluster_json();
        let c: Cluster = from_value(input.clone()).unwrap();
        assert_eq!(c.name.as_deref(), Some("c1"));
        assert_eq!(c.size, Some(i64::MAX));
        assert!(c.ratio.unwrap().is_nan());
        assert_eq!(c.created_at, Some(datetime!(2024-01-02 03:04:05.123 UTC)));
        assert_eq!(c.hosts.len(), 3);
        assert_eq!(c.hosts[0].port, Some(6432));
        assert_eq!(c.hosts[0].health, Some(Health::Alive));
        assert_eq!(
            c.hosts[1].health,
            Some(Health::UnknownValue(UnknownEnumValue::from_name("ZOMBIE")))
        );
        assert_eq!(
            c.hosts[1].unknown.get("zone"),
            Some(json!({"id": "ru-central1-a"}))
        );
        let seven = c.hosts[2]
            .health
            .as_ref()
            .and_then(Health::unknown)
            .unwrap();
        assert_eq!((seven.as_str(), seven.number()), ("7", Some(7)));
        assert_eq!(c.labels.get("env").map(String::as_str), Some("prod"));
        assert_eq!(c.parent.as_ref().unwrap().name.as_deref(), Some("p"));
        assert!(matches!(&c.policy, Some(Policy::Weekly(h)) if h.name.as_deref() == Some("MON")));
        assert_eq!(
            c.mask.as_ref().unwrap().paths,
            vec!["name".to_owned(), "config.spqrConfig".to_owned()]
        );
        assert_eq!(c.unknown.len(), 2);
        assert_eq!(c.unknown.get("futureScalar"), Some(json!("x")));

        // Everything is written back; the empty `parent.hosts` is skipped.
        let mut expected = input;
        expected["parent"] = json!({"name": "p"});
        assert_eq!(to_value(&c).unwrap(), expected);

        // The same through text, with keys lent by the deserializer.
        let text = to_string(&c).unwrap();
        let again: Cluster = from_str(&text).unwrap();
        assert_eq!(to_value(&again).unwrap(), expected);
        let again: Cluster = from_slice(text.as_bytes()).unwrap();
        assert_eq!(again.hosts, c.hosts);
    }

    #[test]
    fn message_nulls_mean_absent() {
        let c: Cluster = from_str(
            r#"{"name": null, "size": null, "hosts": null, "labels": null,
                "parent": null, "anytime": null, "updateMask": null, "extra": null}"#,
        )
        .unwrap();
        assert_eq!(c.name, None);
        assert_eq!(c.size, None);
        assert!(c.hosts.is_empty() && c.labels.is_empty());
        assert_eq!(c.parent, None);
        assert_eq!(c.policy, None);
        assert_eq!(c.mask, None);
        assert_eq!(c.extra, None);
        assert_eq!(to_value(&c).unwrap(), json!({}));
    }

    #[test]
    fn escaped_keys_are_read_too() {
        let c: Cluster = from_str(r#"{"na\u006de": "x", "\u00e9": 1}"#).unwrap();
        assert_eq!(c.name.as_deref(), Some("x"));
        assert_eq!(c.unknown.get("é"), Some(json!(1)));
    }
}
