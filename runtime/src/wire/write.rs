//! The JSON writer behind [`to_vec`](super::to_vec) and [`to_string`](super::to_string).
//!
//! Its output is byte for byte what `serde_json::to_vec` writes for the same value, for
//! everything the codecs, the generated messages and `serde_json::Value` ask of a
//! serializer; it exists because `serde_json`'s own writer escaped strings a byte at a time
//! and a typed encode took as many instructions as encoding a `serde_json::Value` (issue
//! 14, BENCHMARKS.md "Decode and encode"). What it does not write (tuple and struct enum
//! variants, map keys other than strings, integers and bools) it refuses with
//! [`Unwritable`], and the caller encodes the value again with `serde_json`.
//!
//! The file passes 600 lines only with its unit tests, kept beside the code; the code is
//! about 470 lines.

mod escape;
mod key;

use key::{Key, RawText};

use std::fmt::{self, Display};

use serde::ser::{self, Impossible, Serialize};

/// `serde_json` serializes a `RawValue` as a struct of this name with one field of this name,
/// the raw text, and writes that text as it is; `Any` and unknown fields are kept as such
/// texts, so the writer must do the same.
const RAW_VALUE_TOKEN: &str = "$serde_json::private::RawValue";

/// JSON text to be written as it is, through the protocol `RawValue` uses (a struct of
/// [`RAW_VALUE_TOKEN`]'s name with one field of that name): for text that is JSON already,
/// such as an `Any` kept as its text, without reading it into a `RawValue` again. Every
/// serializer that writes a `RawValue` writes it (this writer, serde_json's, and
/// `serde_json::Value`'s, which reads it).
pub(crate) struct JsonText<'a>(pub(crate) &'a str);

impl Serialize for JsonText<'_> {
    fn serialize<S: ser::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        use ser::SerializeStruct as _;
        let mut raw = s.serialize_struct(RAW_VALUE_TOKEN, 1)?;
        raw.serialize_field(RAW_VALUE_TOKEN, self.0)?;
        raw.end()
    }
}

/// The value asked for something this writer leaves to `serde_json`, or failed to encode
/// (its message is not kept: the caller encodes the value again to report the failure).
#[derive(Debug)]
pub(crate) struct Unwritable;

impl Display for Unwritable {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("the value is left to serde_json's serializer")
    }
}

impl std::error::Error for Unwritable {}

impl ser::Error for Unwritable {
    fn custom<T: Display>(_msg: T) -> Self {
        Unwritable
    }
}

type Result<T = ()> = std::result::Result<T, Unwritable>;

/// Encodes `v` as compact JSON, as `serde_json::to_vec` would.
pub(crate) fn to_vec<T: Serialize + ?Sized>(v: &T) -> Result<Vec<u8>> {
    // Not 128 as `serde_json::to_vec`: half the messages of the wire fixtures are longer
    // (a tenth over 900 bytes), and growing from 128 cost 70 k of 621 k instructions a
    // pass over the SPQR typed fixtures (reallocations and copies).
    let mut w = Writer {
        out: Vec::with_capacity(512),
    };
    v.serialize(&mut w)?;
    Ok(w.out)
}

pub(crate) struct Writer {
    out: Vec<u8>,
}

impl Writer {
    #[inline]
    fn write_integer<I: itoa::Integer>(&mut self, v: I) {
        self.out
            .extend_from_slice(itoa::Buffer::new().format(v).as_bytes());
    }

    /// `serde_json` writes finite floats with `zmij` (the same crate and version here, so the
    /// digits match) and NaN and the infinities as `null`.
    #[inline]
    fn write_float<F: zmij::Float>(&mut self, v: F, finite: bool) {
        if finite {
            self.out
                .extend_from_slice(zmij::Buffer::new().format_finite(v).as_bytes());
        } else {
            self.out.extend_from_slice(b"null");
        }
    }
}

/// Writes the pieces of a `Display` value as the contents of one JSON string.
struct Escaping<'a>(&'a mut Vec<u8>);

impl fmt::Write for Escaping<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        escape::write_str_contents(self.0, s);
        Ok(())
    }
}

impl<'a> ser::Serializer for &'a mut Writer {
    type Ok = ();
    type Error = Unwritable;
    type SerializeSeq = Compound<'a>;
    type SerializeTuple = Compound<'a>;
    type SerializeTupleStruct = Compound<'a>;
    type SerializeTupleVariant = Impossible<(), Unwritable>;
    type SerializeMap = Compound<'a>;
    type SerializeStruct = Struct<'a>;
    type SerializeStructVariant = Impossible<(), Unwritable>;

    #[inline]
    fn serialize_bool(self, v: bool) -> Result {
        self.out
            .extend_from_slice(if v { b"true" } else { b"false" });
        Ok(())
    }

    #[inline]
    fn serialize_i8(self, v: i8) -> Result {
        self.write_integer(v);
        Ok(())
    }

    #[inline]
    fn serialize_i16(self, v: i16) -> Result {
        self.write_integer(v);
        Ok(())
    }

    #[inline]
    fn serialize_i32(self, v: i32) -> Result {
        self.write_integer(v);
        Ok(())
    }

    #[inline]
    fn serialize_i64(self, v: i64) -> Result {
        self.write_integer(v);
        Ok(())
    }

    #[inline]
    fn serialize_i128(self, v: i128) -> Result {
        self.write_integer(v);
        Ok(())
    }

    #[inline]
    fn serialize_u8(self, v: u8) -> Result {
        self.write_integer(v);
        Ok(())
    }

    #[inline]
    fn serialize_u16(self, v: u16) -> Result {
        self.write_integer(v);
        Ok(())
    }

    #[inline]
    fn serialize_u32(self, v: u32) -> Result {
        self.write_integer(v);
        Ok(())
    }

    #[inline]
    fn serialize_u64(self, v: u64) -> Result {
        self.write_integer(v);
        Ok(())
    }

    #[inline]
    fn serialize_u128(self, v: u128) -> Result {
        self.write_integer(v);
        Ok(())
    }

    #[inline]
    fn serialize_f32(self, v: f32) -> Result {
        self.write_float(v, v.is_finite());
        Ok(())
    }

    #[inline]
    fn serialize_f64(self, v: f64) -> Result {
        self.write_float(v, v.is_finite());
        Ok(())
    }

    #[inline]
    fn serialize_char(self, v: char) -> Result {
        self.serialize_str(v.encode_utf8(&mut [0; 4]))
    }

    #[inline]
    fn serialize_str(self, v: &str) -> Result {
        escape::write_str(&mut self.out, v);
        Ok(())
    }

    #[inline]
    fn serialize_bytes(self, v: &[u8]) -> Result {
        ser::Serializer::collect_seq(self, v)
    }

    #[inline]
    fn serialize_none(self) -> Result {
        self.serialize_unit()
    }

    #[inline]
    fn serialize_some<T: Serialize + ?Sized>(self, v: &T) -> Result {
        v.serialize(self)
    }

    #[inline]
    fn serialize_unit(self) -> Result {
        self.out.extend_from_slice(b"null");
        Ok(())
    }

    #[inline]
    fn serialize_unit_struct(self, _name: &'static str) -> Result {
        self.serialize_unit()
    }

    #[inline]
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result {
        self.serialize_str(variant)
    }

    #[inline]
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _name: &'static str, v: &T) -> Result {
        v.serialize(self)
    }

    #[inline]
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        v: &T,
    ) -> Result {
        self.out.push(b'{');
        escape::write_str(&mut self.out, variant);
        self.out.push(b':');
        v.serialize(&mut *self)?;
        self.out.push(b'}');
        Ok(())
    }

    #[inline]
    fn serialize_seq(self, _len: Option<usize>) -> Result<Compound<'a>> {
        self.out.push(b'[');
        Ok(Compound {
            w: self,
            first: true,
        })
    }

    #[inline]
    fn serialize_tuple(self, len: usize) -> Result<Compound<'a>> {
        self.serialize_seq(Some(len))
    }

    #[inline]
    fn serialize_tuple_struct(self, _name: &'static str, len: usize) -> Result<Compound<'a>> {
        self.serialize_seq(Some(len))
    }

    #[inline]
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant> {
        Err(Unwritable)
    }

    #[inline]
    fn serialize_map(self, _len: Option<usize>) -> Result<Compound<'a>> {
        self.out.push(b'{');
        Ok(Compound {
            w: self,
            first: true,
        })
    }

    #[inline]
    fn serialize_struct(self, name: &'static str, len: usize) -> Result<Struct<'a>> {
        if name == RAW_VALUE_TOKEN {
            Ok(Struct::Raw(self))
        } else {
            self.serialize_map(Some(len)).map(Struct::Object)
        }
    }

    #[inline]
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant> {
        Err(Unwritable)
    }

    // Bytes (base64), and the texts that are built in pieces, are escaped as they are
    // written, with no `String` in between.
    #[inline]
    fn collect_str<T: Display + ?Sized>(self, v: &T) -> Result {
        use fmt::Write as _;
        self.out.push(b'"');
        write!(Escaping(&mut self.out), "{v}").map_err(|_| Unwritable)?;
        self.out.push(b'"');
        Ok(())
    }
}

/// An array or an object being written.
pub(crate) struct Compound<'a> {
    w: &'a mut Writer,
    first: bool,
}

impl Compound<'_> {
    #[inline]
    fn separate(&mut self) {
        if self.first {
            self.first = false;
        } else {
            self.w.out.push(b',');
        }
    }
}

impl ser::SerializeSeq for Compound<'_> {
    type Ok = ();
    type Error = Unwritable;

    #[inline]
    fn serialize_element<T: Serialize + ?Sized>(&mut self, v: &T) -> Result {
        self.separate();
        v.serialize(&mut *self.w)
    }

    #[inline]
    fn end(self) -> Result {
        self.w.out.push(b']');
        Ok(())
    }
}

impl ser::SerializeTuple for Compound<'_> {
    type Ok = ();
    type Error = Unwritable;

    #[inline]
    fn serialize_element<T: Serialize + ?Sized>(&mut self, v: &T) -> Result {
        ser::SerializeSeq::serialize_element(self, v)
    }

    #[inline]
    fn end(self) -> Result {
        ser::SerializeSeq::end(self)
    }
}

impl ser::SerializeTupleStruct for Compound<'_> {
    type Ok = ();
    type Error = Unwritable;

    #[inline]
    fn serialize_field<T: Serialize + ?Sized>(&mut self, v: &T) -> Result {
        ser::SerializeSeq::serialize_element(self, v)
    }

    #[inline]
    fn end(self) -> Result {
        ser::SerializeSeq::end(self)
    }
}

impl ser::SerializeMap for Compound<'_> {
    type Ok = ();
    type Error = Unwritable;

    // Inlined down to the bytes of the key (with `serialize_entry`, `Key::serialize_str` and
    // `escape::write_key`): the keys of generated messages are string literals, and where
    // the key is a constant the test for escapes and the length's case fold away, leaving
    // a few stores. Keys were a third of a typed encode (92 instructions each) when this
    // was a call. Only where optimized: a debug build would copy the whole key writer into
    // every field of every message, for nothing.
    #[cfg_attr(debug_assertions, inline)]
    #[cfg_attr(not(debug_assertions), inline(always))]
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result {
        let first = std::mem::replace(&mut self.first, false);
        key.serialize(Key {
            out: &mut self.w.out,
            first,
        })
    }

    #[inline]
    fn serialize_value<T: Serialize + ?Sized>(&mut self, v: &T) -> Result {
        v.serialize(&mut *self.w)
    }

    #[cfg_attr(debug_assertions, inline)]
    #[cfg_attr(not(debug_assertions), inline(always))]
    fn serialize_entry<K: Serialize + ?Sized, V: Serialize + ?Sized>(
        &mut self,
        key: &K,
        v: &V,
    ) -> Result {
        self.serialize_key(key)?;
        self.serialize_value(v)
    }

    #[inline]
    fn end(self) -> Result {
        self.w.out.push(b'}');
        Ok(())
    }
}

/// A struct being written: a `RawValue`'s text, or any other struct as an object.
pub(crate) enum Struct<'a> {
    Raw(&'a mut Writer),
    Object(Compound<'a>),
}

impl ser::SerializeStruct for Struct<'_> {
    type Ok = ();
    type Error = Unwritable;

    #[inline]
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, v: &T) -> Result {
        match self {
            Struct::Raw(w) if key == RAW_VALUE_TOKEN => v.serialize(RawText(&mut w.out)),
            Struct::Raw(_) => Err(Unwritable),
            Struct::Object(m) => ser::SerializeMap::serialize_entry(m, key, v),
        }
    }

    #[inline]
    fn end(self) -> Result {
        match self {
            Struct::Raw(_) => Ok(()),
            Struct::Object(m) => ser::SerializeMap::end(m),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use serde::ser::{SerializeTupleVariant, Serializer};
    use serde_json::json;
    use serde_json::value::RawValue;

    use super::*;

    /// Writes `v` and checks the bytes against `serde_json`'s; returns them.
    #[track_caller]
    fn same<T: Serialize + ?Sized>(v: &T) -> String {
        let ours = to_vec(v).expect("the writer writes it");
        let theirs = serde_json::to_vec(v).unwrap();
        assert_eq!(
            String::from_utf8_lossy(&ours),
            String::from_utf8_lossy(&theirs)
        );
        assert_eq!(ours, theirs);
        String::from_utf8(ours).unwrap()
    }

    #[test]
    fn strings_of_every_ascii_byte_and_beyond() {
        let all: String = (0..=0x7Fu8).map(char::from).collect();
        assert_eq!(
            same(&all),
            "\"\\u0000\\u0001\\u0002\\u0003\\u0004\\u0005\\u0006\\u0007\\b\\t\\n\\u000b\\f\\r\
             \\u000e\\u000f\\u0010\\u0011\\u0012\\u0013\\u0014\\u0015\\u0016\\u0017\\u0018\
             \\u0019\\u001a\\u001b\\u001c\\u001d\\u001e\\u001f !\\\"#$%&'()*+,-./0123456789:;\
             <=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\\\]^_`abcdefghijklmnopqrstuvwxyz{|}~\u{7f}\""
        );
        for b in 0..=0x7Fu8 {
            same(&char::from(b));
            same(&format!("{}кл{}", char::from(b), char::from(b)));
        }
        same("кластер 😀 \u{2028}\u{feff}");
        same(&json!({"ключ\n\"": ["значение\u{1}", "\\"]}));
    }

    #[test]
    fn integers_at_their_extremes() {
        assert_eq!(same(&[i8::MIN, 0, i8::MAX]), "[-128,0,127]");
        same(&[i16::MIN, -1, i16::MAX]);
        same(&[i32::MIN, -1, i32::MAX]);
        assert_eq!(
            same(&[i64::MIN, i64::MAX]),
            "[-9223372036854775808,9223372036854775807]"
        );
        same(&[i128::MIN, i128::MAX]);
        same(&[u8::MAX, 0]);
        same(&[u16::MAX]);
        same(&[u32::MAX]);
        assert_eq!(same(&[u64::MAX]), "[18446744073709551615]");
        same(&[u128::MAX]);
        same(&json!([u64::MAX, i64::MIN, 0]));
    }

    #[test]
    fn floats_as_serde_json_writes_them() {
        for v in [
            0.0,
            -0.0,
            0.1,
            1.0,
            -1.5,
            1e15,
            1e16,
            1e17,
            1.5e300,
            5e-324,
            f64::MIN_POSITIVE,
            f64::MAX,
            f64::MIN,
            f64::EPSILON,
            1.0 / 3.0,
            123_456_789.125,
            0.000_001,
            1e-7,
        ] {
            same(&v);
        }
        assert_eq!(same(&0.1), "0.1");
        assert_eq!(same(&1.0), "1.0");
        assert_eq!(same(&1e300), "1e+300");
        for v in [
            0.1f32,
            1.0,
            16_777_216.0,
            f32::MAX,
            f32::MIN_POSITIVE,
            1e-45,
        ] {
            same(&v);
        }
        assert_eq!(same(&0.1f32), "0.1");
        for v in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
            assert_eq!(same(&v), "null");
        }
        for v in [f32::NAN, f32::INFINITY, f32::NEG_INFINITY] {
            assert_eq!(same(&v), "null");
        }
        same(&json!([0.5, -2.25, 1e-10]));
    }

    #[test]
    fn nested_maps_and_sequences() {
        let v = json!({
            "a": [1, [2, [3, []]], {}, {"b": null}],
            "c": {"d": {"e": {"f": [true, false, "g"]}}},
            "": "",
            "h": [[], [[]], {"": {}}],
        });
        assert_eq!(
            same(&v),
            r#"{"":"","a":[1,[2,[3,[]]],{},{"b":null}],"c":{"d":{"e":{"f":[true,false,"g"]}}},"h":[[],[[]],{"":{}}]}"#
        );
        same(&json!([]));
        same(&json!({}));
        same(&json!(null));
        same(&(1, "two", [3.5], ()));
        same(&Some(vec![Some(1), None]));
        same(&b"bytes"[..]);
        // `collect_str`: the pieces of a `Display` escaped as they come.
        assert_eq!(
            same(&format_args!("a{}b{}c{:>4}", "\"\n", '\\', 7)),
            r#""a\"\nb\\c   7""#
        );
        same(&serde_bytes_like(b"\x00\xff"));
    }

    /// A value serialized with `serialize_bytes`.
    struct BytesValue<'a>(&'a [u8]);

    impl Serialize for BytesValue<'_> {
        fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
            s.serialize_bytes(self.0)
        }
    }

    fn serde_bytes_like(b: &[u8]) -> BytesValue<'_> {
        BytesValue(b)
    }

    #[test]
    fn raw_values_are_written_as_they_are() {
        let raw =
            RawValue::from_string("{ \"a\" : [1, 2.50] ,\"b\":\"\\u00e9\" }".to_owned()).unwrap();
        assert_eq!(same(&raw), "{ \"a\" : [1, 2.50] ,\"b\":\"\\u00e9\" }");
        let mut fields: Vec<(&str, Box<RawValue>)> = Vec::new();
        for text in ["1", "\"x\"", "null", "[ ]", "{\"deep\": {\"er\": 1e3}}"] {
            fields.push(("k", RawValue::from_string(text.to_owned()).unwrap()));
        }
        same(&fields);
    }

    #[test]
    fn map_keys_of_every_kind() {
        same(&BTreeMap::from([("b\"\n", 1), ("a", 2)]));
        assert_eq!(
            same(&BTreeMap::from([(-5i32, 1), (7, 2)])),
            r#"{"-5":1,"7":2}"#
        );
        same(&BTreeMap::from([(i8::MIN, 0)]));
        same(&BTreeMap::from([(i16::MIN, 0)]));
        same(&BTreeMap::from([(i64::MIN, 0)]));
        same(&BTreeMap::from([(i128::MIN, 0)]));
        same(&BTreeMap::from([(u8::MAX, 0)]));
        same(&BTreeMap::from([(u16::MAX, 0)]));
        same(&BTreeMap::from([(u32::MAX, 0)]));
        same(&BTreeMap::from([(u64::MAX, 0)]));
        same(&BTreeMap::from([(u128::MAX, 0)]));
        assert_eq!(
            same(&BTreeMap::from([(true, 1), (false, 0)])),
            r#"{"false":0,"true":1}"#
        );
        // Other keys are left to serde_json, which writes some and refuses others.
        assert!(to_vec(&BTreeMap::from([('c', 1)])).is_err());
        assert!(to_vec(&BTreeMap::from([((), 1)])).is_err());
        assert!(to_vec(&BTreeMap::from([(vec![1], 1)])).is_err());
    }

    /// An enum variant with fields, which the writer leaves to `serde_json`.
    struct Variant;

    impl Serialize for Variant {
        fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
            let mut t = s.serialize_tuple_variant("E", 0, "V", 2)?;
            t.serialize_field(&1)?;
            t.serialize_field("x")?;
            t.end()
        }
    }

    #[test]
    fn what_the_writer_leaves_to_serde_json_is_written_by_it() {
        let refused: Vec<Box<dyn erased::Value>> = vec![
            Box::new(Variant),
            Box::new(BTreeMap::from([('c', 1)])),
            Box::new(BTreeMap::from([(1.5f64.to_bits(), Variant)])),
            Box::new(
                json!({"a": [1, {"b": 2}]})
                    .as_object()
                    .cloned()
                    .map(|m| (m, Variant)),
            ),
        ];
        for v in &refused {
            assert!(v.ours().is_err());
            assert_eq!(v.wire(), v.theirs());
            assert!(v.wire().is_ok());
        }
        // A key serde_json refuses too: the same error path as before.
        let err = super::super::to_vec(&BTreeMap::from([(vec![1], 1)])).unwrap_err();
        assert_eq!(err.to_string(), ".: key must be a string");
        // A value that fails to encode is reported by the path-tracking encoder.
        let err = super::super::to_vec(&Failing).unwrap_err();
        assert_eq!(err.to_string(), ".: no encoding for this");
        assert!(to_vec(&Failing).is_err());
    }

    struct Failing;

    impl Serialize for Failing {
        fn serialize<S: Serializer>(&self, _: S) -> std::result::Result<S::Ok, S::Error> {
            Err(ser::Error::custom("no encoding for this"))
        }
    }

    /// Values of several types behind one trait object, for the table above.
    mod erased {
        use serde::Serialize;

        pub(super) trait Value {
            fn ours(&self) -> Result<Vec<u8>, super::Unwritable>;
            fn wire(&self) -> Result<Vec<u8>, String>;
            fn theirs(&self) -> Result<Vec<u8>, String>;
        }

        impl<T: Serialize> Value for T {
            fn ours(&self) -> Result<Vec<u8>, super::Unwritable> {
                super::to_vec(self)
            }

            fn wire(&self) -> Result<Vec<u8>, String> {
                crate::wire::to_vec(self).map_err(|e| e.to_string())
            }

            fn theirs(&self) -> Result<Vec<u8>, String> {
                serde_json::to_vec(self).map_err(|e| e.to_string())
            }
        }
    }

    #[test]
    fn messages_and_codecs_write_serde_json_bytes() {
        use crate::test_support::*;
        let cluster: Cluster = crate::wire::from_str(
            r#"{"name": "c\u0001\"1", "size": "-9223372036854775808", "ratio": 0.1,
                "createdAt": "2024-01-02T03:04:05.123Z",
                "hosts": [{"name": "h", "port": 5432, "health": "ALIVE"}, {"health": 7}],
                "labels": {"k": "v", "odd": [1]},
                "parent": {"name": "p", "ratio": "NaN"},
                "anytime": {}, "updateMask": "a.b,c",
                "extra": {"x": [1, 2.5, null, {"y": "z"}]},
                "later": {"raw": [ 1 , 2 ]}}"#,
        )
        .unwrap();
        let text = same(&cluster);
        assert!(text.contains(r#""later":{"raw": [ 1 , 2 ]}"#), "{text}");
        assert!(
            text.contains(r#""createdAt":"2024-01-02T03:04:05.123Z""#),
            "{text}"
        );
        let any: crate::Any = crate::wire::from_str(
            r#"{"@type": "type.googleapis.com/x.Y", "a": {"b" :1}, "c": "\u00e9"}"#,
        )
        .unwrap();
        same(&any);
    }
}
