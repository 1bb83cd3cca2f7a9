//! The decoder's fast path: a JSON reader for the text servers send, which hands decoded
//! values to the same `Deserialize` impls serde_json would.
//!
//! Profiles of typed decoding through serde_json spent most of their time in its per-string
//! machinery (a third of all instructions in scanning and reading keys and string values).
//! This reader scans strings a word at a time and lends every plain string, key or value,
//! straight from the input. It reads only what is common and certain: anything else (a
//! string with a surrogate escape, a number that is not a plain integer) is read by
//! serde_json itself from that token's text, so values are serde_json's to the bit; and
//! whatever the reader
//! does not accept it refuses with [`Bail`], whereupon the caller decodes the whole text with
//! serde_json again (which then either reads it or names the fault). So the reader may
//! refuse more than serde_json, never less.

mod scan;
mod skip;
mod unescape;

use std::fmt;

use serde::de::value::BorrowedStrDeserializer;
use serde::de::{self, DeserializeSeed, Deserializer as _, Visitor};
use serde::forward_to_deserialize_any;

pub(crate) use self::scan::plain_run_end;
use self::scan::{number_end, string_end, whitespace_end};
use self::skip::{literal_end, value_end};
use self::unescape::unescape;

/// The reader does not vouch for this text; decode it with serde_json.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Bail;

impl fmt::Display for Bail {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("left to serde_json")
    }
}

impl std::error::Error for Bail {}

impl de::Error for Bail {
    fn custom<T: fmt::Display>(_: T) -> Self {
        Bail
    }
}

/// How deep arrays and objects may nest: below serde_json's own limit (128), so that what
/// the reader accepts serde_json accepts too.
const MAX_DEPTH: u32 = 100;

/// The name serde_json's `RawValue` asks a deserializer for, to be handed the text of the
/// next value instead of the value (serde_json's own deserializer answers it the same way:
/// a one-entry map whose key is this name and whose value is the text).
const RAW_VALUE: &str = "$serde_json::private::RawValue";

/// The name under which a decoder asks a deserializer for the next value's text (the
/// runtime's own protocol, after `RawValue`'s): this reader answers with the text, lent from
/// the input after a checking skip (`visit_borrowed_str`); any other deserializer hands over
/// itself (`visit_newtype_struct`), as for any newtype. A map field reads an entry this way
/// (to keep one that does not read), an `Any` its whole object (to keep it as one text).
pub(crate) const LENT_TEXT: &str = "$yandex_cloud_runtime::LentText";

/// Decodes `T` from `text`, or refuses.
#[inline]
pub(crate) fn from_str<'de, T: de::Deserialize<'de>>(text: &'de str) -> Result<T, Bail> {
    from_str_seed(text, std::marker::PhantomData::<T>)
}

/// Decodes what `seed` reads from `text`, or refuses.
#[inline]
pub(crate) fn from_str_seed<'de, S: DeserializeSeed<'de>>(
    text: &'de str,
    seed: S,
) -> Result<S::Value, Bail> {
    let mut reader = Reader {
        text,
        pos: 0,
        depth: MAX_DEPTH,
        scratch: String::new(),
    };
    let value = seed.deserialize(&mut reader)?;
    match reader.peek() {
        None => Ok(value),
        Some(_) => Err(Bail),
    }
}

struct Reader<'de> {
    text: &'de str,
    pos: usize,
    /// How many more arrays and objects may open.
    depth: u32,
    /// The text of the last string read that had escapes.
    scratch: String,
}

/// A string: lent from the input, or with its escapes read into the reader's buffer, or
/// (with surrogate escapes) its quoted text, for serde_json.
enum Str<'de, 's> {
    Plain(&'de str),
    Unescaped(&'s str),
    Token(&'de str),
}

impl<'de> Reader<'de> {
    #[inline]
    fn bytes(&self) -> &'de [u8] {
        self.text.as_bytes()
    }

    #[inline]
    /// The next byte after whitespace, not consumed.
    fn peek(&mut self) -> Option<u8> {
        self.pos = whitespace_end(self.bytes(), self.pos);
        self.bytes().get(self.pos).copied()
    }

    #[inline]
    fn expect(&mut self, b: u8) -> Result<(), Bail> {
        if self.peek() == Some(b) {
            self.pos += 1;
            Ok(())
        } else {
            Err(Bail)
        }
    }

    #[inline]
    /// The text between `from` and `to`. Both are at ASCII bytes (quotes, structural
    /// characters) or the input's ends, so the slice is on character boundaries.
    fn slice(&self, from: usize, to: usize) -> Result<&'de str, Bail> {
        self.text.get(from..to).ok_or(Bail)
    }

    /// Reads the string whose opening quote is at the current position.
    #[inline(always)]
    fn string(&mut self) -> Result<Str<'de, '_>, Bail> {
        let open = self.pos;
        let b = self.bytes();
        let stop = plain_run_end(b, open + 1);
        if b.get(stop) == Some(&b'"') {
            self.pos = stop + 1;
            return self.slice(open + 1, stop).map(Str::Plain);
        }
        self.escaped_string(open, stop)
    }

    /// The rest of [`Reader::string`], for a string whose plain run stops at `stop` on
    /// something other than its closing quote. Kept out of line and cold (one string in
    /// six to twenty goes here): the plain case is shorter without it, and the readers of
    /// keys and values that inline the plain case measured faster so.
    #[cold]
    #[inline(never)]
    fn escaped_string(&mut self, open: usize, stop: usize) -> Result<Str<'de, '_>, Bail> {
        let b = self.bytes();
        if b.get(stop) != Some(&b'\\') {
            return Err(Bail);
        }
        // Room for the text before the escape and some after it, so that short strings
        // (most that have escapes) are read without growing the buffer.
        let room = stop - open + 31;
        if self.scratch.capacity() == 0 {
            // The usual case: the last string with escapes was handed over whole.
            self.scratch = String::with_capacity(room);
        } else {
            self.scratch.clear();
            self.scratch.reserve(room);
        }
        self.scratch.push_str(self.slice(open + 1, stop)?);
        match unescape(self.text, stop, &mut self.scratch)? {
            Some(close) => {
                self.pos = close + 1;
                Ok(Str::Unescaped(&self.scratch))
            }
            None => {
                let close = string_end(b, stop)?;
                self.pos = close + 1;
                self.slice(open, close + 1).map(Str::Token)
            }
        }
    }

    /// Hands `visitor` the string whose opening quote is at the current position: lent from
    /// the input when plain; with escapes, the buffer's text, or the buffer itself when
    /// `take` (for a visitor that keeps a `String`); serde_json's reading of what the reader
    /// leaves to it.
    #[inline]
    fn string_value<V: Visitor<'de>>(&mut self, visitor: V, take: bool) -> Result<V::Value, Bail> {
        match self.string()? {
            Str::Plain(s) => visitor.visit_borrowed_str(s),
            Str::Unescaped(_) if take => visitor.visit_string(std::mem::take(&mut self.scratch)),
            Str::Unescaped(s) => visitor.visit_str(s),
            Str::Token(token) => by_serde_json(token, |d| d.deserialize_str(visitor)),
        }
    }

    fn literal(&mut self, word: &[u8]) -> Result<(), Bail> {
        self.pos = literal_end(self.bytes(), self.pos, word)?;
        Ok(())
    }

    fn number<V: Visitor<'de>>(&mut self, visitor: V) -> Result<V::Value, Bail> {
        let start = self.pos;
        self.pos = number_end(self.bytes(), start)?;
        let token = self.slice(start, self.pos)?;
        let (negative, digits) = match token.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, token),
        };
        // A plain integer of up to 18 digits fits either way; serde_json visits it as a u64,
        // or as an i64 when negative. The rest (fractions, exponents, `-0`, longer integers,
        // which serde_json turns into floats) it reads itself.
        if digits.len() <= 18 && digits.bytes().all(|d| d.is_ascii_digit()) {
            let n = digits
                .bytes()
                .fold(0u64, |n, d| n * 10 + u64::from(d - b'0'));
            if !negative {
                return visitor.visit_u64(n);
            }
            if n != 0 {
                // At most 18 digits: below 10^18, so the negation does not overflow.
                return visitor.visit_i64(-(n as i64));
            }
        }
        by_serde_json(token, |d| d.deserialize_any(visitor))
    }

    /// Runs `visit` on the contents of the array or object opening at the current position
    /// and checks its `close`.
    #[inline]
    fn nested<T>(
        &mut self,
        close: u8,
        visit: impl FnOnce(&mut Self) -> Result<T, Bail>,
    ) -> Result<T, Bail> {
        self.depth = self.depth.checked_sub(1).ok_or(Bail)?;
        self.pos += 1;
        let value = visit(self)?;
        self.expect(close)?;
        self.depth += 1;
        Ok(value)
    }

    #[inline]
    fn map<V: Visitor<'de>>(&mut self, visitor: V) -> Result<V::Value, Bail> {
        self.nested(b'}', |r| {
            visitor.visit_map(Entries {
                reader: r,
                first: true,
            })
        })
    }

    fn seq<V: Visitor<'de>>(&mut self, visitor: V) -> Result<V::Value, Bail> {
        self.nested(b']', |r| {
            visitor.visit_seq(Entries {
                reader: r,
                first: true,
            })
        })
    }

    /// Moves past the `,` between members, or reports that `close` ends them.
    fn next_member(&mut self, first: &mut bool, close: u8) -> Result<bool, Bail> {
        let b = self.peek().ok_or(Bail)?;
        if b == close {
            return Ok(false);
        }
        if !*first {
            if b != b',' {
                return Err(Bail);
            }
            self.pos += 1;
            // `[1,]` and `{"a": 1,}` are not JSON: a close may not follow a comma.
            if self.peek() == Some(close) {
                return Err(Bail);
            }
        }
        *first = false;
        Ok(true)
    }
}

/// Has serde_json read `token` (one complete JSON value) with `read`.
pub(crate) fn by_serde_json<'de, T>(
    token: &'de str,
    read: impl FnOnce(
        &mut serde_json::Deserializer<serde_json::de::StrRead<'de>>,
    ) -> serde_json::Result<T>,
) -> Result<T, Bail> {
    let mut d = serde_json::Deserializer::from_str(token);
    let value = read(&mut d).map_err(|_| Bail)?;
    d.end().map_err(|_| Bail)?;
    Ok(value)
}

/// Deserializer methods that do what another one does.
macro_rules! forward {
    ($to:ident: $($method:ident)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Bail> {
            self.$to(visitor)
        }
    )*};
}

/// Deserializer methods that refuse (see [`Bail`]).
macro_rules! refuse {
    ($($method:ident)*) => {$(
        fn $method<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value, Bail> {
            Err(Bail)
        }
    )*};
}

impl<'de> de::Deserializer<'de> for &mut Reader<'de> {
    type Error = Bail;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Bail> {
        match self.peek().ok_or(Bail)? {
            b'"' => self.string_value(visitor, false),
            b'{' => self.map(visitor),
            b'[' => self.seq(visitor),
            b't' => {
                self.literal(b"true")?;
                visitor.visit_bool(true)
            }
            b'f' => {
                self.literal(b"false")?;
                visitor.visit_bool(false)
            }
            b'n' => {
                self.literal(b"null")?;
                visitor.visit_unit()
            }
            b'-' | b'0'..=b'9' => self.number(visitor),
            _ => Err(Bail),
        }
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Bail> {
        match self.peek() {
            Some(b't' | b'f') => self.deserialize_any(visitor),
            _ => Err(Bail),
        }
    }

    fn deserialize_i64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Bail> {
        match self.peek() {
            Some(b'-' | b'0'..=b'9') => self.number(visitor),
            _ => Err(Bail),
        }
    }

    // serde_json reads any number for any of these, as the number it is.
    forward! {
        deserialize_i64: deserialize_i8 deserialize_i16 deserialize_i32 deserialize_u8
        deserialize_u16 deserialize_u32 deserialize_u64 deserialize_f32 deserialize_f64
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Bail> {
        if self.peek() != Some(b'"') {
            return Err(Bail);
        }
        self.string_value(visitor, false)
    }

    /// As [`deserialize_str`](Self::deserialize_str), but a string with escapes is handed
    /// over as the buffer it was read into: a `String` field takes it as it is, rather than
    /// copying it out of the buffer into an allocation of its own.
    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Bail> {
        if self.peek() != Some(b'"') {
            return Err(Bail);
        }
        self.string_value(visitor, true)
    }

    forward! {
        deserialize_str: deserialize_char deserialize_identifier
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Bail> {
        match self.peek().ok_or(Bail)? {
            b'n' => {
                self.literal(b"null")?;
                visitor.visit_none()
            }
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Bail> {
        match self.peek() {
            Some(b'n') => self.deserialize_any(visitor),
            _ => Err(Bail),
        }
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Bail> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Bail> {
        if name != RAW_VALUE && name != LENT_TEXT {
            return visitor.visit_newtype_struct(self);
        }
        let start = whitespace_end(self.bytes(), self.pos);
        self.pos = value_end(self.bytes(), start, self.depth)?;
        let text = self.slice(start, self.pos)?;
        if name == LENT_TEXT {
            return visitor.visit_borrowed_str(text);
        }
        visitor.visit_map(RawText { text: Some(text) })
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Bail> {
        match self.peek() {
            Some(b'[') => self.seq(visitor),
            _ => Err(Bail),
        }
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value, Bail> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, Bail> {
        self.deserialize_seq(visitor)
    }

    #[inline]
    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Bail> {
        match self.peek() {
            Some(b'{') => self.map(visitor),
            _ => Err(Bail),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Bail> {
        match self.peek() {
            Some(b'{') => self.map(visitor),
            Some(b'[') => self.seq(visitor),
            _ => Err(Bail),
        }
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Bail> {
        self.pos = value_end(self.bytes(), self.pos, self.depth)?;
        visitor.visit_unit()
    }

    // Bytes and enums are not in the proto3 JSON mapping's text (bytes are base64 strings,
    // enums names or numbers): no codec asks for them, and serde_json reads them if
    // something does.
    refuse! {
        deserialize_bytes deserialize_byte_buf
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        _visitor: V,
    ) -> Result<V::Value, Bail> {
        Err(Bail)
    }
}

/// The members of an array or object being read.
struct Entries<'a, 'de> {
    reader: &'a mut Reader<'de>,
    first: bool,
}

impl<'de> de::MapAccess<'de> for Entries<'_, 'de> {
    type Error = Bail;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Bail> {
        let r = &mut *self.reader;
        let b = r.bytes();
        // Servers send compact text, so the key's quote is usually the next byte or the one
        // after a comma.
        let mut i = whitespace_end(b, r.pos);
        match b.get(i) {
            Some(b'"') if self.first => {}
            Some(b',') if !self.first => {
                i = whitespace_end(b, i + 1);
                // `{"a": 1,}` is not JSON.
                if b.get(i) != Some(&b'"') {
                    return Err(Bail);
                }
            }
            Some(b'}') => {
                r.pos = i;
                return Ok(None);
            }
            _ => return Err(Bail),
        }
        self.first = false;
        r.pos = i;
        match r.string()? {
            Str::Plain(key) => seed.deserialize(Key::Lent(key)).map(Some),
            Str::Unescaped(key) => seed.deserialize(Key::Copied(key)).map(Some),
            // serde_json reads a key with a deserializer of its own, which for a string
            // request (all a message or `Value` makes of a key) does what its main one does.
            Str::Token(token) => by_serde_json(token, |d| seed.deserialize(d)).map(Some),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Bail> {
        self.reader.expect(b':')?;
        seed.deserialize(&mut *self.reader)
    }
}

impl<'de> de::SeqAccess<'de> for Entries<'_, 'de> {
    type Error = Bail;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Bail> {
        if !self.reader.next_member(&mut self.first, b']')? {
            return Ok(None);
        }
        seed.deserialize(&mut *self.reader).map(Some)
    }
}

/// An object key: lent from the input, or (with escapes) from the reader's buffer.
enum Key<'de, 's> {
    Lent(&'de str),
    Copied(&'s str),
}

impl<'de> de::Deserializer<'de> for Key<'de, '_> {
    type Error = Bail;

    // serde_json's key deserializer also reads numbers, booleans and options out of a key's
    // text; nothing here asks for them, so they are left to it.
    fn deserialize_any<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value, Bail> {
        Err(Bail)
    }

    #[inline]
    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Bail> {
        match self {
            Key::Lent(key) => visitor.visit_borrowed_str(key),
            Key::Copied(key) => visitor.visit_str(key),
        }
    }

    forward! {
        deserialize_str: deserialize_string deserialize_identifier deserialize_char
    }

    forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 bytes byte_buf option unit
        unit_struct newtype_struct seq tuple tuple_struct map struct enum ignored_any
    }
}

/// The one-entry map a `RawValue` reads its text from (see [`RAW_VALUE`]).
struct RawText<'de> {
    text: Option<&'de str>,
}

impl<'de> de::MapAccess<'de> for RawText<'de> {
    type Error = Bail;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Bail> {
        if self.text.is_none() {
            return Ok(None);
        }
        seed.deserialize(BorrowedStrDeserializer::new(RAW_VALUE))
            .map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Bail> {
        let text = self.text.take().ok_or(Bail)?;
        seed.deserialize(BorrowedStrDeserializer::new(text))
    }
}

#[cfg(test)]
mod tests;
