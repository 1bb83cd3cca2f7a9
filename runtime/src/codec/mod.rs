//! Codecs: how one field value is read and written.
//!
//! The proto3 JSON form of a value is not the form serde gives its Rust type: an `int64` is a
//! JSON string (`"-5"`, since JavaScript readers lose digits past 2^53) where serde writes
//! `i64` as a number, `bytes` is base64 where serde writes `Vec<u8>` as an array, and a
//! `null` field means "absent" rather than "no value". So a field is not read through its
//! type's `Deserialize` impl but through a [`Codec`], a zero-sized marker naming the wire
//! form, and the type picks its one codec through [`Value`] so generated code names none.

mod bytes;
mod collections;
mod float;
mod int;
mod json;
mod scalar;

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeOwned, DeserializeSeed, Deserializer, Visitor};
use serde::ser::{Serialize, Serializer};
use serde_json::Value as JsonValue;
use time::OffsetDateTime;

pub use self::bytes::Bytes;
pub use self::collections::{Boxed, Map, Repeated};
pub(crate) use self::collections::{EncodeMap, EncodeSlice};
pub use self::float::{Double, Float};
pub use self::int::{Int32, Int64, Uint32, Uint64};
pub use self::json::Json;
pub use self::scalar::{Bool, Str};
use crate::wkt::{Any, Duration, FieldMask, Timestamp};

/// How one wire value of a field is read and written. Implemented by zero-sized codec
/// marker types such as [`Int64`] or [`Repeated<Str>`](Repeated).
#[doc(hidden)]
pub trait Codec {
    /// The Rust type of one value.
    type Value;

    /// Reads one value.
    fn decode<'de, D: Deserializer<'de>>(d: D) -> Result<Self::Value, D::Error>;

    /// Writes one value.
    fn encode<S: Serializer>(v: &Self::Value, s: S) -> Result<S::Ok, S::Error>;

    /// Reads the value of a singular field, where JSON `null` means the field is absent
    /// (`None`). [`Boxed`] passes this through to the boxed codec.
    fn decode_optional<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Self::Value>, D::Error> {
        d.deserialize_option(OptionVisitor::<Self>(PhantomData))
    }
}

struct OptionVisitor<C: ?Sized>(PhantomData<C>);

impl<'de, C: Codec + ?Sized> Visitor<'de> for OptionVisitor<C> {
    type Value = Option<C::Value>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a value or null")
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        C::decode(d).map(Some)
    }
}

/// A [`DeserializeSeed`] that reads one value with the codec `C`.
#[derive(Debug)]
pub struct Decode<C>(PhantomData<C>);

impl<C> Decode<C> {
    /// Creates the seed.
    pub const fn new() -> Self {
        Decode(PhantomData)
    }
}

impl<C> Default for Decode<C> {
    fn default() -> Self {
        Self::new()
    }
}

impl<'de, C: Codec> DeserializeSeed<'de> for Decode<C> {
    type Value = C::Value;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<C::Value, D::Error> {
        C::decode(d)
    }
}

pub(crate) struct DecodeOptional<C>(pub(crate) PhantomData<C>);

impl<'de, C: Codec> DeserializeSeed<'de> for DecodeOptional<C> {
    type Value = Option<C::Value>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        C::decode_optional(d)
    }
}

/// A `Serialize` view of one value written with the codec `C`.
pub struct Encode<'a, C: Codec>(pub &'a C::Value);

impl<C: Codec> fmt::Debug for Encode<'_, C>
where
    C::Value: fmt::Debug,
{
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.debug_tuple("Encode").field(self.0).finish()
    }
}

impl<C: Codec> Serialize for Encode<'_, C> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        C::encode(self.0, s)
    }
}

/// A type that implements serde itself (a generated message or enum).
#[derive(Debug)]
pub struct Serde<T>(PhantomData<fn() -> T>);

impl<T: Serialize + DeserializeOwned> Codec for Serde<T> {
    type Value = T;

    fn decode<'de, D: Deserializer<'de>>(d: D) -> Result<T, D::Error> {
        T::deserialize(d)
    }

    fn encode<S: Serializer>(v: &T, s: S) -> Result<S::Ok, S::Error> {
        v.serialize(s)
    }
}

/// The codec a field's Rust type is read and written with. Every type a generated field
/// holds has exactly one (`i64` is [`Int64`], a JSON string; `Vec<u8>` is [`Bytes`];
/// `OffsetDateTime` is [`Timestamp`]; a message is [`Serde`], an enum [`Enum`]; `Box<T>` is
/// `T`'s, [`Boxed`]), so generated code names no codec: [`field`], [`put`] and the rest
/// find it from the field's type.
///
/// [`Enum`]: crate::enumeration::Enum
/// [`field`]: crate::message::field
/// [`put`]: crate::message::put
#[doc(hidden)]
pub trait Value: Sized {
    /// The codec of one value.
    type Codec: Codec<Value = Self>;
}

macro_rules! values {
    ($($ty:ty => $codec:ty,)*) => {
        $(impl Value for $ty {
            type Codec = $codec;
        })*
    };
}

values! {
    String => Str,
    bool => Bool,
    i32 => Int32,
    u32 => Uint32,
    i64 => Int64,
    u64 => Uint64,
    f32 => Float,
    f64 => Double,
    Vec<u8> => Bytes,
    OffsetDateTime => Timestamp,
    time::Duration => Duration,
    FieldMask => FieldMask,
    serde_json::Map<String, JsonValue> => Json,
    Any => Any,
}

impl<T: Value> Value for Box<T> {
    type Codec = Boxed<T::Codec>;
}
