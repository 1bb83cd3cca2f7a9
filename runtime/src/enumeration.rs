//! Open enums.
//!
//! The API adds enum values without notice, so a name this crate's version does not know is
//! kept as an [`UnknownEnumValue`] rather than failing the message, and written back as it
//! came. Numbers are kept the same way: the pages give enum names but no numbers, so no
//! number can be mapped to a name.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserializer, Unexpected, Visitor};
use serde::ser::Serializer;

use crate::codec::Codec;

/// A value of an enum that this crate's version does not know, kept as it arrived (a
/// name, or a number) so it is written back unchanged.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnknownEnumValue {
    /// The name, or the number in decimal.
    text: String,
    /// The number, when the value arrived as one.
    number: Option<i32>,
}

impl UnknownEnumValue {
    /// An unknown value that arrived as a name.
    pub fn from_name(s: &str) -> Self {
        UnknownEnumValue {
            text: s.to_owned(),
            number: None,
        }
    }

    /// An unknown value that arrived as a number.
    pub fn from_number(n: i32) -> Self {
        UnknownEnumValue {
            text: n.to_string(),
            number: Some(n),
        }
    }

    /// The name, or the number in decimal.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The number, when the value arrived as one.
    pub fn number(&self) -> Option<i32> {
        self.number
    }
}

impl fmt::Display for UnknownEnumValue {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// Implemented by generated open enums.
#[doc(hidden)]
pub trait Enumeration: Sized {
    /// Known name → variant; anything else → the unknown variant keeping the name.
    fn from_name(name: &str) -> Self;

    /// Builds the unknown variant (used for every number: the pages give no numbers).
    fn from_unknown(v: UnknownEnumValue) -> Self;

    /// The wire name; for an unknown value, [`UnknownEnumValue::as_str`].
    fn as_str(&self) -> &str;

    /// `Some(..)` for the unknown variant.
    fn unknown(&self) -> Option<&UnknownEnumValue>;
}

/// An open enum through its [`Enumeration`] impl: a name string, or a number kept as
/// unknown.
#[derive(Debug)]
pub struct Enum<T>(PhantomData<fn() -> T>);

impl<T: Enumeration> Codec for Enum<T> {
    type Value = T;

    fn decode<'de, D: Deserializer<'de>>(d: D) -> Result<T, D::Error> {
        decode_enum(d)
    }

    fn encode<S: Serializer>(v: &T, s: S) -> Result<S::Ok, S::Error> {
        encode_enum(v, s)
    }
}

struct EnumVisitor<T>(PhantomData<fn() -> T>);

impl<T: Enumeration> EnumVisitor<T> {
    fn number<E: de::Error>(n: i128) -> Result<T, E> {
        enum_number(n).map(T::from_unknown)
    }
}

/// An enum number as an unknown value, or the range error: the same for every enum type, so
/// compiled once per error type rather than once per enum.
fn enum_number<E: de::Error>(n: i128) -> Result<UnknownEnumValue, E> {
    match i32::try_from(n) {
        Ok(n) => Ok(UnknownEnumValue::from_number(n)),
        Err(_) => Err(E::custom(format_args!(
            "expected an enum name (string) or number, got {n}, which is out of the int32 range"
        ))),
    }
}

impl<T: Enumeration> Visitor<'_> for EnumVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an enum name (string) or number")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
        Ok(T::from_name(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<T, E> {
        Self::number(i128::from(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<T, E> {
        Self::number(i128::from(v))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<T, E> {
        if v.is_finite() && v.fract() == 0.0 && v.abs() < 1e38 {
            Self::number(v as i128)
        } else {
            Err(E::invalid_type(Unexpected::Float(v), &self))
        }
    }
}

/// Decodes an open enum: a string is a name ([`Enumeration::from_name`]), an integer a
/// number kept as unknown; anything else is an error ("expected an enum name (string) or
/// number").
pub fn decode_enum<'de, T: Enumeration, D: Deserializer<'de>>(d: D) -> Result<T, D::Error> {
    d.deserialize_any(EnumVisitor::<T>(PhantomData))
}

/// Encodes an open enum: unknown numbers are written back as numbers, names as strings.
pub fn encode_enum<T: Enumeration, S: Serializer>(v: &T, s: S) -> Result<S::Ok, S::Error> {
    encode_enum_value(
        v.unknown().and_then(UnknownEnumValue::number),
        v.as_str(),
        s,
    )
}

/// The body of [`encode_enum`], compiled once per serializer rather than once per enum.
fn encode_enum_value<S: Serializer>(
    number: Option<i32>,
    name: &str,
    s: S,
) -> Result<S::Ok, S::Error> {
    match number {
        Some(n) => s.serialize_i32(n),
        None => s.serialize_str(name),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::*;

    #[test]
    fn unknown_enum_values_keep_their_form() {
        let n = UnknownEnumValue::from_number(-5);
        assert_eq!((n.as_str(), n.number()), ("-5", Some(-5)));
        let s = UnknownEnumValue::from_name("5");
        assert_eq!((s.as_str(), s.number()), ("5", None));
        assert_ne!(n, UnknownEnumValue::from_name("-5"));

        let zombie: Health = from_str("\"ZOMBIE\"").unwrap();
        assert_eq!(zombie.as_str(), "ZOMBIE");
        assert_eq!(to_string(&zombie).unwrap(), "\"ZOMBIE\"");
        let nine: Health = from_str("9").unwrap();
        assert_eq!(to_string(&nine).unwrap(), "9");
        let known: Health = from_str("\"DEAD\"").unwrap();
        assert_eq!(known, Health::Dead);
        assert_eq!(to_string(&Health::Unknown).unwrap(), "\"HEALTH_UNKNOWN\"");

        assert!(from_str::<Health>("4294967296")
            .unwrap_err()
            .message()
            .contains("out of the int32 range"));
        assert!(from_str::<Health>("1.5")
            .unwrap_err()
            .message()
            .starts_with("invalid type: floating point `1.5`, expected an enum name (string)"));
        assert_eq!(
            from_value::<Health>(json!([])).unwrap_err().to_string(),
            ".: invalid type: sequence, expected an enum name (string) or number"
        );
        let v: Health = decv::<Enum<Health>>(json!("ALIVE")).unwrap();
        assert_eq!(enc::<Enum<Health>>(&v), "\"ALIVE\"");
    }
}
