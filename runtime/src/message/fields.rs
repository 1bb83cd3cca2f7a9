//! Reading and writing one field of a message through its type's codec.
//!
//! Proto3 does not tell an absent field from one set to its default, and servers write
//! `null` for both, so `null` reads as `None` (or as empty, for repeated and map fields);
//! on output, `None` and empty repeated and map fields are left out, as protobuf writers
//! leave out defaults.

use std::marker::PhantomData;

use serde::de::MapAccess;
use serde::ser::SerializeMap;

use crate::codec::{Decode, DecodeOptional, Encode, EncodeMap, EncodeSlice, Map, Repeated, Value};
use crate::map_field::MapField;

/// Reads a singular field's value with its type's codec ([`Value`]). JSON `null` decodes as
/// `None` (proto3: null means default/absent), for free-form JSON objects too.
pub fn field<'de, V: Value, A: MapAccess<'de>>(map: &mut A) -> Result<Option<V>, A::Error> {
    map.next_value_seed(DecodeOptional::<V::Codec>(PhantomData))
}

/// Reads a repeated field's value; `null` decodes as empty.
pub fn repeated<'de, V: Value, A: MapAccess<'de>>(map: &mut A) -> Result<Vec<V>, A::Error> {
    map.next_value_seed(Decode::<Repeated<V::Codec>>::new())
}

/// Reads a map field's value; `null` decodes as empty.
pub fn map<'de, V: Value, A: MapAccess<'de>>(map: &mut A) -> Result<MapField<V>, A::Error> {
    map.next_value_seed(Decode::<Map<V::Codec>>::new())
}

/// Writes a singular field with its type's codec ([`Value`]); `None` is skipped.
pub fn put<V: Value, M: SerializeMap>(
    m: &mut M,
    key: &'static str,
    v: &Option<V>,
) -> Result<(), M::Error> {
    match v {
        Some(v) => m.serialize_entry(key, &Encode::<V::Codec>(v)),
        None => Ok(()),
    }
}

/// Writes a value unconditionally (used for the member a oneof holds).
pub fn put_value<V: Value, M: SerializeMap>(
    m: &mut M,
    key: &'static str,
    v: &V,
) -> Result<(), M::Error> {
    m.serialize_entry(key, &Encode::<V::Codec>(v))
}

/// Writes a repeated field; an empty one is skipped.
pub fn put_repeated<V: Value, M: SerializeMap>(
    m: &mut M,
    key: &'static str,
    v: &[V],
) -> Result<(), M::Error> {
    if v.is_empty() {
        return Ok(());
    }
    m.serialize_entry(key, &EncodeSlice::<V::Codec>(v))
}

/// Writes a map field; an empty one is skipped.
pub fn put_map<V: Value, M: SerializeMap>(
    m: &mut M,
    key: &'static str,
    v: &MapField<V>,
) -> Result<(), M::Error> {
    if v.is_empty() {
        return Ok(());
    }
    m.serialize_entry(key, &EncodeMap::<V::Codec>(v))
}
