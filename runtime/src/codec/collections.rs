//! Repeated, map and boxed fields.
//!
//! Proto3 has no `null` element and no "absent" list: a `null` repeated or map field is
//! read as empty, so a server that writes `"hosts": null` and one that leaves the key out
//! mean the same. Map values are buffered one by one, because servers put values of another
//! shape into maps (the reference fixtures do): such an entry is kept in
//! [`MapField::unreadable`] and written back, rather than failing the whole message.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::Value as JsonValue;

use super::{Codec, Decode, Encode};
use crate::map_field::MapField;
use crate::wire;

pub(crate) struct EncodeSlice<'a, C: Codec>(pub(crate) &'a [C::Value]);

impl<C: Codec> Serialize for EncodeSlice<'_, C> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().map(Encode::<C>))
    }
}

pub(crate) struct EncodeMap<'a, C: Codec>(pub(crate) &'a MapField<C::Value>);

impl<C: Codec> Serialize for EncodeMap<'_, C> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.entries.len() + self.0.unreadable.len()))?;
        for (k, v) in &self.0.entries {
            m.serialize_entry(k, &Encode::<C>(v))?;
        }
        for (k, v) in &self.0.unreadable {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

/// A repeated field: a JSON array of `C` values; `null` decodes as empty.
#[derive(Debug)]
pub struct Repeated<C>(PhantomData<fn() -> C>);

struct RepeatedVisitor<C>(PhantomData<C>);

impl<'de, C: Codec> Visitor<'de> for RepeatedVisitor<C> {
    type Value = Vec<C::Value>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON array")
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Vec::new())
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Vec::new())
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_seq(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
        while let Some(v) = seq.next_element_seed(Decode::<C>::new())? {
            out.push(v);
        }
        Ok(out)
    }
}

impl<C: Codec> Codec for Repeated<C> {
    type Value = Vec<C::Value>;

    fn decode<'de, D: Deserializer<'de>>(d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_option(RepeatedVisitor::<C>(PhantomData))
    }

    fn encode<S: Serializer>(v: &Self::Value, s: S) -> Result<S::Ok, S::Error> {
        EncodeSlice::<C>(v).serialize(s)
    }
}

/// A map field: a JSON object whose values are `C` values; `null` decodes as empty.
#[derive(Debug)]
pub struct Map<C>(PhantomData<fn() -> C>);

struct MapVisitor<C>(PhantomData<C>);

impl<'de, C: Codec> Visitor<'de> for MapVisitor<C> {
    type Value = MapField<C::Value>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(MapField::new())
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(MapField::new())
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_map(self)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut out = MapField::new();
        while let Some(key) = map.next_key::<String>()? {
            match map.next_value_seed(EntrySeed::<C>(PhantomData))? {
                Entry::Read(value) => {
                    out.entries.insert(key, value);
                }
                Entry::Unreadable(raw) => {
                    out.unreadable.insert(key, raw);
                }
            }
        }
        Ok(out)
    }
}

/// A map entry's value: read, or kept as the JSON it was.
enum Entry<V> {
    Read(V),
    Unreadable(JsonValue),
}

/// Reads a map entry's value apart from the map, so that an entry of another shape is kept
/// instead of failing the whole message: from its text when the deserializer lends it
/// (the runtime's reader does, under [`wire::LENT_TEXT`]), else buffered as a JSON value.
struct EntrySeed<C>(PhantomData<C>);

impl<'de, C: Codec> de::DeserializeSeed<'de> for EntrySeed<C> {
    type Value = Entry<C::Value>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_newtype_struct(wire::LENT_TEXT, self)
    }
}

impl<'de, C: Codec> Visitor<'de> for EntrySeed<C> {
    type Value = Entry<C::Value>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }

    /// The value's text, lent by the runtime's reader.
    fn visit_borrowed_str<E: de::Error>(self, text: &'de str) -> Result<Self::Value, E> {
        if let Some(value) = wire::from_str_seed::<Decode<C>>(text) {
            return Ok(Entry::Read(value));
        }
        // The reader checked the text is one JSON value, so it reads as one.
        serde_json::from_str(text)
            .map(Entry::Unreadable)
            .map_err(E::custom)
    }

    /// Any other deserializer.
    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        let raw = JsonValue::deserialize(d)?;
        Ok(match C::decode(&raw) {
            Ok(value) => Entry::Read(value),
            Err(_) => Entry::Unreadable(raw),
        })
    }
}

impl<C: Codec> Codec for Map<C> {
    type Value = MapField<C::Value>;

    fn decode<'de, D: Deserializer<'de>>(d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_option(MapVisitor::<C>(PhantomData))
    }

    fn encode<S: Serializer>(v: &Self::Value, s: S) -> Result<S::Ok, S::Error> {
        EncodeMap::<C>(v).serialize(s)
    }
}

/// A boxed `C` value (for recursive messages).
#[derive(Debug)]
pub struct Boxed<C>(PhantomData<fn() -> C>);

impl<C: Codec> Codec for Boxed<C> {
    type Value = Box<C::Value>;

    fn decode<'de, D: Deserializer<'de>>(d: D) -> Result<Self::Value, D::Error> {
        C::decode(d).map(Box::new)
    }

    fn encode<S: Serializer>(v: &Self::Value, s: S) -> Result<S::Ok, S::Error> {
        C::encode(v, s)
    }

    fn decode_optional<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Self::Value>, D::Error> {
        C::decode_optional(d).map(|v| v.map(Box::new))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::*;

    #[test]
    fn repeated_and_map_codecs() {
        assert_eq!(decv::<Repeated<Int64>>(json!(null)), Ok(vec![]));
        assert_eq!(decv::<Repeated<Int64>>(json!(["1", 2])), Ok(vec![1, 2]));
        assert_eq!(enc::<Repeated<Int64>>(&vec![1, -2]), "[\"1\",\"-2\"]");
        assert!(decv::<Repeated<Int64>>(json!([null])).is_err());
        assert_eq!(decv::<Map<Bool>>(json!(null)), Ok(MapField::new()));
        let m = decv::<Map<Bool>>(json!({"a": true})).unwrap();
        assert_eq!(enc::<Map<Bool>>(&m), "{\"a\":true}");
        // An entry of another shape is kept, not fatal, and written back.
        let m = decv::<Map<Bool>>(json!({"a": true, "future": {"nested": 1}})).unwrap();
        assert_eq!(m.get("a"), Some(&true));
        assert_eq!(m.len(), 1);
        assert_eq!(m.unreadable().get("future"), Some(&json!({"nested": 1})));
        assert_eq!(
            to_value(&Encode::<Map<Bool>>(&m)).unwrap(),
            json!({"a": true, "future": {"nested": 1}})
        );
        assert!(decv::<Map<Bool>>(json!([true]))
            .unwrap_err()
            .contains("expected a JSON object"));
        assert_eq!(decv::<Boxed<Uint32>>(json!("3")).map(|b| *b), Ok(3));
    }
}
