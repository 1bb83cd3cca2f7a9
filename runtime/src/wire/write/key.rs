//! The two serializers that take a string or a number and nothing else: a map key (which
//! `serde_json` writes quoted) and a `RawValue`'s text (written as it is).

use serde::ser::{self, Impossible, Serialize};

use super::{escape, Result, Unwritable};

/// Refuses every value but the listed kinds, which the serializer implements itself.
macro_rules! refuse {
    ($($method:ident($($arg:ty),*) -> $ok:ty;)*) => {
        $(
            #[inline]
            fn $method(self, $(_: $arg),*) -> Result<$ok> {
                Err(Unwritable)
            }
        )*
    };
}

macro_rules! refuse_generic {
    ($($method:ident($($arg:ty),*);)*) => {
        $(
            #[inline]
            fn $method<T: Serialize + ?Sized>(self, $(_: $arg,)* _: &T) -> Result {
                Err(Unwritable)
            }
        )*
    };
}

/// What neither a map key nor a raw text can be: every value but a string or a number.
macro_rules! refuse_the_rest {
    () => {
        refuse! {
            serialize_f32(f32) -> ();
            serialize_f64(f64) -> ();
            serialize_char(char) -> ();
            serialize_bytes(&[u8]) -> ();
            serialize_none() -> ();
            serialize_unit() -> ();
            serialize_unit_struct(&'static str) -> ();
            serialize_unit_variant(&'static str, u32, &'static str) -> ();
            serialize_seq(Option<usize>) -> Self::SerializeSeq;
            serialize_tuple(usize) -> Self::SerializeTuple;
            serialize_tuple_struct(&'static str, usize) -> Self::SerializeTupleStruct;
            serialize_tuple_variant(&'static str, u32, &'static str, usize) -> Self::SerializeTupleVariant;
            serialize_map(Option<usize>) -> Self::SerializeMap;
            serialize_struct(&'static str, usize) -> Self::SerializeStruct;
            serialize_struct_variant(&'static str, u32, &'static str, usize) -> Self::SerializeStructVariant;
        }

        refuse_generic! {
            serialize_some();
            serialize_newtype_struct(&'static str);
            serialize_newtype_variant(&'static str, u32, &'static str);
        }
    };
}

/// A map key, written with the comma before it (unless it is the first) and the colon
/// after it: `serde_json` writes strings, and integers and bools quoted; the codecs and
/// `serde_json::Value` give only strings.
pub(super) struct Key<'a> {
    pub(super) out: &'a mut Vec<u8>,
    pub(super) first: bool,
}

impl Key<'_> {
    #[inline]
    fn quoted(self, text: &[u8]) -> Result {
        if !self.first {
            self.out.push(b',');
        }
        self.out.push(b'"');
        self.out.extend_from_slice(text);
        self.out.extend_from_slice(b"\":");
        Ok(())
    }
}

macro_rules! integer_keys {
    ($($method:ident($ty:ty);)*) => {
        $(
            #[inline]
            fn $method(self, v: $ty) -> Result {
                self.quoted(itoa::Buffer::new().format(v).as_bytes())
            }
        )*
    };
}

impl ser::Serializer for Key<'_> {
    type Ok = ();
    type Error = Unwritable;
    type SerializeSeq = Impossible<(), Unwritable>;
    type SerializeTuple = Impossible<(), Unwritable>;
    type SerializeTupleStruct = Impossible<(), Unwritable>;
    type SerializeTupleVariant = Impossible<(), Unwritable>;
    type SerializeMap = Impossible<(), Unwritable>;
    type SerializeStruct = Impossible<(), Unwritable>;
    type SerializeStructVariant = Impossible<(), Unwritable>;

    // Inlined where optimized: see `Compound::serialize_key`.
    #[cfg_attr(debug_assertions, inline)]
    #[cfg_attr(not(debug_assertions), inline(always))]
    fn serialize_str(self, v: &str) -> Result {
        escape::write_key(self.out, self.first, v);
        Ok(())
    }

    #[inline]
    fn serialize_bool(self, v: bool) -> Result {
        self.quoted(if v { b"true" } else { b"false" })
    }

    integer_keys! {
        serialize_i8(i8);
        serialize_i16(i16);
        serialize_i32(i32);
        serialize_i64(i64);
        serialize_i128(i128);
        serialize_u8(u8);
        serialize_u16(u16);
        serialize_u32(u32);
        serialize_u64(u64);
        serialize_u128(u128);
    }

    refuse_the_rest!();
}

/// The text of a `RawValue`, written as it is (it was read as JSON, or written by
/// `serde_json`).
pub(super) struct RawText<'a>(pub(super) &'a mut Vec<u8>);

impl ser::Serializer for RawText<'_> {
    type Ok = ();
    type Error = Unwritable;
    type SerializeSeq = Impossible<(), Unwritable>;
    type SerializeTuple = Impossible<(), Unwritable>;
    type SerializeTupleStruct = Impossible<(), Unwritable>;
    type SerializeTupleVariant = Impossible<(), Unwritable>;
    type SerializeMap = Impossible<(), Unwritable>;
    type SerializeStruct = Impossible<(), Unwritable>;
    type SerializeStructVariant = Impossible<(), Unwritable>;

    #[inline]
    fn serialize_str(self, v: &str) -> Result {
        self.0.extend_from_slice(v.as_bytes());
        Ok(())
    }

    refuse! {
        serialize_bool(bool) -> ();
        serialize_i8(i8) -> ();
        serialize_i16(i16) -> ();
        serialize_i32(i32) -> ();
        serialize_i64(i64) -> ();
        serialize_u8(u8) -> ();
        serialize_u16(u16) -> ();
        serialize_u32(u32) -> ();
        serialize_u64(u64) -> ();
    }

    refuse_the_rest!();
}
