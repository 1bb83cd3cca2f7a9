//! Path and query text: a field's value in the proto3 JSON mapping, written as URL text.
//!
//! Values are written through their codecs (the same [`Serialize`] impls as the body), so a
//! query parameter has exactly its JSON form: int64 as decimal text, enums by name,
//! timestamps in RFC 3339, bytes in base64. grpc-gateway reads a repeated field as a
//! repeated key and a message field as dotted keys (`a.b=1`), so that is how a list or a
//! message in the query is laid out.

use std::fmt;

use serde::ser::{self, Impossible, Serialize, SerializeMap, SerializeSeq, Serializer};

/// Why a value could not be written as URL text (only a value with no text form, such as a
/// list in a path segment).
#[derive(Debug)]
pub struct TextError(pub(crate) String);

impl fmt::Display for TextError {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for TextError {}

impl ser::Error for TextError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        TextError(msg.to_string())
    }
}

/// The text of one scalar value; `None` for a null.
pub(crate) fn scalar_text<T: Serialize + ?Sized>(v: &T) -> Result<Option<String>, TextError> {
    v.serialize(ScalarText)
}

/// Serializes one scalar (string, number, bool) as its text.
struct ScalarText;

macro_rules! display {
    ($($name:ident: $t:ty),*) => {
        $(fn $name(self, v: $t) -> Result<Self::Ok, TextError> {
            Ok(Some(v.to_string()))
        })*
    };
}

fn compound<T>(what: &str) -> Result<T, TextError> {
    Err(TextError(format!("{what} has no text form")))
}

impl Serializer for ScalarText {
    type Ok = Option<String>;
    type Error = TextError;
    type SerializeSeq = Impossible<Self::Ok, TextError>;
    type SerializeTuple = Impossible<Self::Ok, TextError>;
    type SerializeTupleStruct = Impossible<Self::Ok, TextError>;
    type SerializeTupleVariant = Impossible<Self::Ok, TextError>;
    type SerializeMap = Impossible<Self::Ok, TextError>;
    type SerializeStruct = Impossible<Self::Ok, TextError>;
    type SerializeStructVariant = Impossible<Self::Ok, TextError>;

    display!(serialize_bool: bool, serialize_i8: i8, serialize_i16: i16, serialize_i32: i32,
        serialize_i64: i64, serialize_u8: u8, serialize_u16: u16, serialize_u32: u32,
        serialize_u64: u64, serialize_i128: i128, serialize_u128: u128, serialize_char: char,
        serialize_str: &str);

    fn serialize_f32(self, v: f32) -> Result<Self::Ok, TextError> {
        self.serialize_f64(f64::from(v))
    }

    fn serialize_f64(self, v: f64) -> Result<Self::Ok, TextError> {
        // Finite numbers as serde_json writes them; the float codecs write NaN and the
        // infinities as strings already.
        Ok(Some(
            serde_json::Number::from_f64(v).map_or_else(|| v.to_string(), |n| n.to_string()),
        ))
    }

    fn serialize_bytes(self, _: &[u8]) -> Result<Self::Ok, TextError> {
        compound("raw bytes")
    }

    fn serialize_none(self) -> Result<Self::Ok, TextError> {
        Ok(None)
    }

    fn serialize_some<T: Serialize + ?Sized>(self, v: &T) -> Result<Self::Ok, TextError> {
        v.serialize(self)
    }

    fn serialize_unit(self) -> Result<Self::Ok, TextError> {
        Ok(None)
    }

    fn serialize_unit_struct(self, _: &'static str) -> Result<Self::Ok, TextError> {
        Ok(None)
    }

    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<Self::Ok, TextError> {
        Ok(Some(variant.to_string()))
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        v: &T,
    ) -> Result<Self::Ok, TextError> {
        v.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<Self::Ok, TextError> {
        compound("an enum variant with data")
    }

    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, TextError> {
        compound("a list")
    }

    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, TextError> {
        compound("a tuple")
    }

    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, TextError> {
        compound("a tuple")
    }

    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, TextError> {
        compound("a tuple")
    }

    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, TextError> {
        compound("a message")
    }

    fn serialize_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStruct, TextError> {
        compound("a message")
    }

    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, TextError> {
        compound("a message")
    }
}

/// Query parameters being written: the generated `write_query` puts fields into it as it
/// puts body fields into a JSON object, and every value lands as `key=text` pairs.
#[derive(Debug, Default)]
pub struct Query {
    pub(crate) pairs: Vec<(String, String)>,
    key: Option<String>,
}

impl SerializeMap for Query {
    type Ok = ();
    type Error = TextError;

    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), TextError> {
        self.key = scalar_text(key)?;
        Ok(())
    }

    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), TextError> {
        let key = self.key.take().unwrap_or_default();
        value.serialize(Flatten {
            key: &key,
            out: &mut self.pairs,
        })
    }

    fn end(self) -> Result<(), TextError> {
        Ok(())
    }
}

/// Writes one value under `key`: a scalar as one pair, a list as a repeated key, a message
/// or map as `key.field` pairs.
struct Flatten<'a> {
    key: &'a str,
    out: &'a mut Vec<(String, String)>,
}

impl Flatten<'_> {
    fn push(self, text: Option<String>) -> Result<(), TextError> {
        if let Some(text) = text {
            self.out.push((self.key.to_string(), text));
        }
        Ok(())
    }
}

macro_rules! flat_scalar {
    ($($name:ident: $t:ty),*) => {
        $(fn $name(self, v: $t) -> Result<(), TextError> {
            let text = ScalarText.$name(v)?;
            self.push(text)
        })*
    };
}

impl<'a> Serializer for Flatten<'a> {
    type Ok = ();
    type Error = TextError;
    type SerializeSeq = FlattenSeq<'a>;
    type SerializeTuple = Impossible<(), TextError>;
    type SerializeTupleStruct = Impossible<(), TextError>;
    type SerializeTupleVariant = Impossible<(), TextError>;
    type SerializeMap = FlattenMap<'a>;
    type SerializeStruct = Impossible<(), TextError>;
    type SerializeStructVariant = Impossible<(), TextError>;

    flat_scalar!(serialize_bool: bool, serialize_i8: i8, serialize_i16: i16,
        serialize_i32: i32, serialize_i64: i64, serialize_u8: u8, serialize_u16: u16,
        serialize_u32: u32, serialize_u64: u64, serialize_i128: i128, serialize_u128: u128,
        serialize_f32: f32, serialize_f64: f64, serialize_char: char, serialize_str: &str);

    fn serialize_bytes(self, _: &[u8]) -> Result<(), TextError> {
        compound("raw bytes")
    }

    fn serialize_none(self) -> Result<(), TextError> {
        Ok(())
    }

    fn serialize_some<T: Serialize + ?Sized>(self, v: &T) -> Result<(), TextError> {
        v.serialize(self)
    }

    fn serialize_unit(self) -> Result<(), TextError> {
        Ok(())
    }

    fn serialize_unit_struct(self, _: &'static str) -> Result<(), TextError> {
        Ok(())
    }

    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<(), TextError> {
        self.push(Some(variant.to_string()))
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        v: &T,
    ) -> Result<(), TextError> {
        v.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<(), TextError> {
        compound("an enum variant with data")
    }

    fn serialize_seq(self, _: Option<usize>) -> Result<FlattenSeq<'a>, TextError> {
        Ok(FlattenSeq {
            key: self.key,
            out: self.out,
        })
    }

    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, TextError> {
        compound("a tuple")
    }

    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, TextError> {
        compound("a tuple")
    }

    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, TextError> {
        compound("a tuple")
    }

    fn serialize_map(self, _: Option<usize>) -> Result<FlattenMap<'a>, TextError> {
        Ok(FlattenMap {
            prefix: self.key,
            key: None,
            out: self.out,
        })
    }

    fn serialize_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStruct, TextError> {
        compound("a struct")
    }

    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, TextError> {
        compound("a struct")
    }
}

/// The elements of a list, each under the list's key.
struct FlattenSeq<'a> {
    key: &'a str,
    out: &'a mut Vec<(String, String)>,
}

impl SerializeSeq for FlattenSeq<'_> {
    type Ok = ();
    type Error = TextError;

    fn serialize_element<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), TextError> {
        v.serialize(Flatten {
            key: self.key,
            out: self.out,
        })
    }

    fn end(self) -> Result<(), TextError> {
        Ok(())
    }
}

/// The fields of a message (or entries of a map), each under `prefix.field`.
struct FlattenMap<'a> {
    prefix: &'a str,
    key: Option<String>,
    out: &'a mut Vec<(String, String)>,
}

impl SerializeMap for FlattenMap<'_> {
    type Ok = ();
    type Error = TextError;

    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), TextError> {
        self.key = scalar_text(key)?;
        Ok(())
    }

    fn serialize_value<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), TextError> {
        let key = format!("{}.{}", self.prefix, self.key.take().unwrap_or_default());
        v.serialize(Flatten {
            key: &key,
            out: self.out,
        })
    }

    fn end(self) -> Result<(), TextError> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn query(key: &str, v: serde_json::Value) -> Vec<(String, String)> {
        let mut q = Query::default();
        q.serialize_entry(key, &v).unwrap();
        q.pairs
    }

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn scalars_lists_and_messages() {
        assert_eq!(query("a", json!("x y")), pairs(&[("a", "x y")]));
        assert_eq!(query("n", json!(5)), pairs(&[("n", "5")]));
        assert_eq!(query("f", json!(1.5)), pairs(&[("f", "1.5")]));
        assert_eq!(query("b", json!(true)), pairs(&[("b", "true")]));
        assert_eq!(query("z", json!(null)), pairs(&[]));
        assert_eq!(
            query("ids", json!(["a", "b"])),
            pairs(&[("ids", "a"), ("ids", "b")])
        );
        assert_eq!(
            query("w", json!({"day": "MON", "hour": 3, "tags": ["x"]})),
            pairs(&[("w.day", "MON"), ("w.hour", "3"), ("w.tags", "x")])
        );
    }

    #[test]
    fn scalar_text_refuses_compound_values() {
        assert_eq!(scalar_text("a/b").unwrap().as_deref(), Some("a/b"));
        assert_eq!(scalar_text(&7_i64).unwrap().as_deref(), Some("7"));
        assert_eq!(scalar_text(&Option::<String>::None).unwrap(), None);
        let err = scalar_text(&vec!["a"]).unwrap_err();
        assert_eq!(err.to_string(), "a list has no text form");
    }
}
