//! `string` and `bool`.
//!
//! Neither is coerced from another JSON type: `"true"` is not a bool and `5` is not a
//! string, as protobuf's own parsers refuse them, so a value the API sends in the wrong
//! type is reported at its path instead of being read as something it is not.

use std::fmt;

use serde::de::{self, Deserializer, Visitor};
use serde::ser::Serializer;

use super::Codec;

/// `string`: a JSON string.
#[derive(Clone, Copy, Debug, Default)]
pub struct Str;

struct StrVisitor;

impl Visitor<'_> for StrVisitor {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON string")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
        Ok(v.to_owned())
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<String, E> {
        Ok(v)
    }
}

impl Codec for Str {
    type Value = String;

    fn decode<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
        d.deserialize_string(StrVisitor)
    }

    fn encode<S: Serializer>(v: &String, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(v)
    }
}

/// `bool`: JSON `true` or `false`.
#[derive(Clone, Copy, Debug, Default)]
pub struct Bool;

struct BoolVisitor;

impl Visitor<'_> for BoolVisitor {
    type Value = bool;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON boolean (true or false)")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<bool, E> {
        Ok(v)
    }
}

impl Codec for Bool {
    type Value = bool;

    fn decode<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
        d.deserialize_bool(BoolVisitor)
    }

    fn encode<S: Serializer>(v: &bool, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_bool(*v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::*;

    #[test]
    fn str_and_bool() {
        assert_eq!(dec::<Str>("\"a\\u00e9\""), Ok("aé".to_owned()));
        assert_eq!(
            decv::<Str>(json!(5)).unwrap_err(),
            "invalid type: integer `5`, expected a JSON string"
        );
        assert_eq!(dec::<Bool>("true"), Ok(true));
        assert!(dec::<Bool>("\"true\"")
            .unwrap_err()
            .contains("expected a JSON boolean"));
        assert_eq!(enc::<Bool>(&false), "false");
    }
}
