//! The wire runtime: the protobuf proto3 JSON mapping used by the generated models.
//!
//! Every field of a generated message is read and written through a [`Codec`], a
//! zero-sized marker type that names the field's wire form ([`Int64`] is a JSON string,
//! [`Timestamp`] an RFC 3339 string, [`Bytes`] base64, and so on), which the field's Rust
//! type selects through [`Value`]. Generated messages implement [`Message`] and decode
//! themselves with [`decode_message`]; their `Serialize` impls write fields with [`put`],
//! [`put_value`], [`put_repeated`] and [`put_map`]. Open enums implement [`Enumeration`] and keep values this crate does not
//! know in an [`UnknownEnumValue`]; unknown message fields are kept in [`UnknownFields`].
//!
//! The entry points [`from_str`], [`from_slice`], [`from_value`], [`to_value`] and
//! [`to_string`] report failures as an [`Error`] naming the JSON path of the bad value,
//! for example:
//!
//! ```text
//! hosts[0].port: invalid value: string "x", expected an int32 as a JSON number or numeric string
//! ```

#![forbid(unsafe_code)]

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

use base64::alphabet;
use base64::display::Base64Display;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
use base64::engine::DecodePaddingMode;
use base64::Engine as _;
use serde::de::{
    self, DeserializeOwned, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Unexpected,
    Visitor,
};
use serde::ser::{self, Serialize, SerializeMap, Serializer};
use serde_json::Value as JsonValue;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

// ---------------------------------------------------------------------------------------
// Codec
// ---------------------------------------------------------------------------------------

/// How one wire value of a field is read and written. Implemented by zero-sized codec
/// marker types such as [`Int64`] or [`Repeated<Str>`](Repeated).
pub trait Codec {
    /// The Rust type of one value.
    type Value;

    /// Reads one value.
    fn decode<'de, D: Deserializer<'de>>(d: D) -> Result<Self::Value, D::Error>;

    /// Writes one value.
    fn encode<S: Serializer>(v: &Self::Value, s: S) -> Result<S::Ok, S::Error>;

    /// Reads the value of a singular field, where JSON `null` means the field is absent
    /// (`None`). [`Json`] overrides this: for free-form JSON, `null` is a value of its own
    /// and is kept as `Some(Value::Null)`.
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

struct DecodeOptional<C>(PhantomData<C>);

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

struct EncodeSlice<'a, C: Codec>(&'a [C::Value]);

impl<C: Codec> Serialize for EncodeSlice<'_, C> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().map(Encode::<C>))
    }
}

struct EncodeMap<'a, C: Codec>(&'a MapField<C::Value>);

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

// ---------------------------------------------------------------------------------------
// Scalar codecs
// ---------------------------------------------------------------------------------------

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

/// Why a decimal string is not an integer.
#[derive(Debug, PartialEq, Eq)]
enum IntError {
    /// Not a JSON-style number at all.
    Syntax,
    /// A number, but not a whole one.
    Fraction,
    /// A whole number too large for any 64-bit integer.
    Overflow,
}

/// Checks that `s` is a number in JSON syntax (`-?digits(.digits)?([eE][+-]?digits)?`,
/// leading zeros allowed) and returns its parts: sign, integer digits, fraction digits
/// and the exponent digits with their sign.
fn split_number(s: &str) -> Option<(bool, &str, &str, bool, &str)> {
    fn digits(s: &str) -> (&str, &str) {
        let n = s.bytes().take_while(u8::is_ascii_digit).count();
        s.split_at(n)
    }
    let (negative, rest) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s),
    };
    let (int, rest) = digits(rest);
    if int.is_empty() {
        return None;
    }
    let (frac, rest) = match rest.strip_prefix('.') {
        Some(rest) => {
            let (frac, rest) = digits(rest);
            if frac.is_empty() {
                return None;
            }
            (frac, rest)
        }
        None => ("", rest),
    };
    let (exp_negative, exp, rest) = match rest.strip_prefix(['e', 'E']) {
        Some(rest) => {
            let (exp_negative, rest) = match rest.strip_prefix('-') {
                Some(rest) => (true, rest),
                None => (false, rest.strip_prefix('+').unwrap_or(rest)),
            };
            let (exp, rest) = digits(rest);
            if exp.is_empty() {
                return None;
            }
            (exp_negative, exp, rest)
        }
        None => (false, "", rest),
    };
    if !rest.is_empty() {
        return None;
    }
    Some((negative, int, frac, exp_negative, exp))
}

/// Parses a decimal number string (`"5"`, `"-9223372036854775808"`, `"1e3"`, `"5.0"`)
/// into an exact integer, without going through `f64`.
fn parse_integer(s: &str) -> Result<i128, IntError> {
    let (negative, int, frac, exp_negative, exp) = split_number(s).ok_or(IntError::Syntax)?;
    // The exponent, saturated far beyond anything that could still fit.
    let exp: i64 = exp.bytes().fold(0i64, |acc, b| {
        (acc * 10 + i64::from(b - b'0')).min(1_000_000)
    });
    let exp = if exp_negative { -exp } else { exp };
    // All significant digits, and the power of ten that scales them.
    let all = int.bytes().chain(frac.bytes());
    let scale = exp - frac.len() as i64;
    let mut digits: Vec<u8> = all.skip_while(|&b| b == b'0').map(|b| b - b'0').collect();
    if digits.is_empty() {
        return Ok(0);
    }
    if scale < 0 {
        let drop = usize::try_from(-scale).unwrap_or(usize::MAX);
        if drop >= digits.len() {
            return Err(IntError::Fraction);
        }
        let kept = digits.len() - drop;
        if digits[kept..].iter().any(|&d| d != 0) {
            return Err(IntError::Fraction);
        }
        digits.truncate(kept);
    } else {
        if digits.len() as i64 + scale > 30 {
            return Err(IntError::Overflow);
        }
        digits.resize(digits.len() + scale as usize, 0);
    }
    let mut value: i128 = 0;
    for d in digits {
        value = value
            .checked_mul(10)
            .and_then(|v| v.checked_add(i128::from(d)))
            .ok_or(IntError::Overflow)?;
    }
    Ok(if negative { -value } else { value })
}

/// Reads an integer from a JSON number or a numeric string.
struct IntVisitor<T> {
    /// "an int32", "a uint64", ...
    what: &'static str,
    /// How the value is usually written.
    form: &'static str,
    ty: PhantomData<T>,
}

impl<T: TryFrom<i128>> IntVisitor<T> {
    const fn new(what: &'static str, form: &'static str) -> Self {
        IntVisitor {
            what,
            form,
            ty: PhantomData,
        }
    }

    fn out_of_range<E: de::Error>(&self, shown: impl fmt::Display) -> E {
        E::custom(format_args!(
            "expected {}, got {shown}, which is out of range",
            self.what
        ))
    }

    fn whole<E: de::Error>(&self, v: i128) -> Result<T, E> {
        T::try_from(v).map_err(|_| self.out_of_range(v))
    }
}

impl<T: TryFrom<i128>> Visitor<'_> for IntVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "{} as {}", self.what, self.form)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<T, E> {
        self.whole(i128::from(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<T, E> {
        self.whole(i128::from(v))
    }

    fn visit_i128<E: de::Error>(self, v: i128) -> Result<T, E> {
        self.whole(v)
    }

    fn visit_u128<E: de::Error>(self, v: u128) -> Result<T, E> {
        match i128::try_from(v) {
            Ok(v) => self.whole(v),
            Err(_) => Err(self.out_of_range(v)),
        }
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<T, E> {
        if !v.is_finite() || v.fract() != 0.0 {
            return Err(E::custom(format_args!(
                "expected {}, got the non-integral number {v}",
                self.what
            )));
        }
        if v.abs() >= 1e38 {
            return Err(self.out_of_range(v));
        }
        self.whole(v as i128)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
        match parse_integer(v) {
            Ok(n) => self.whole(n),
            Err(IntError::Syntax) => Err(E::invalid_value(Unexpected::Str(v), &self)),
            Err(IntError::Fraction) => Err(E::custom(format_args!(
                "expected {}, got the non-integral number {v:?}",
                self.what
            ))),
            Err(IntError::Overflow) => Err(self.out_of_range(format_args!("{v:?}"))),
        }
    }
}

const NUMBER_OR_STRING: &str = "a JSON number or numeric string";
const STRING_OR_NUMBER: &str = "a JSON string or number";

/// `int32`, `sint32`, `sfixed32`: a JSON number (a numeric string is accepted on input).
#[derive(Clone, Copy, Debug, Default)]
pub struct Int32;

impl Codec for Int32 {
    type Value = i32;

    fn decode<'de, D: Deserializer<'de>>(d: D) -> Result<i32, D::Error> {
        d.deserialize_any(IntVisitor::new("an int32", NUMBER_OR_STRING))
    }

    fn encode<S: Serializer>(v: &i32, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_i32(*v)
    }
}

/// `uint32`, `fixed32`: a JSON number (a numeric string is accepted on input).
#[derive(Clone, Copy, Debug, Default)]
pub struct Uint32;

impl Codec for Uint32 {
    type Value = u32;

    fn decode<'de, D: Deserializer<'de>>(d: D) -> Result<u32, D::Error> {
        d.deserialize_any(IntVisitor::new("a uint32", NUMBER_OR_STRING))
    }

    fn encode<S: Serializer>(v: &u32, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u32(*v)
    }
}

/// `int64`, `sint64`, `sfixed64`: a decimal JSON string such as `"-5"` (a JSON number
/// is accepted on input).
#[derive(Clone, Copy, Debug, Default)]
pub struct Int64;

impl Codec for Int64 {
    type Value = i64;

    fn decode<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
        d.deserialize_any(IntVisitor::new("an int64", STRING_OR_NUMBER))
    }

    fn encode<S: Serializer>(v: &i64, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(v)
    }
}

/// `uint64`, `fixed64`: a decimal JSON string such as `"5"` (a JSON number is accepted
/// on input).
#[derive(Clone, Copy, Debug, Default)]
pub struct Uint64;

impl Codec for Uint64 {
    type Value = u64;

    fn decode<'de, D: Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
        d.deserialize_any(IntVisitor::new("a uint64", STRING_OR_NUMBER))
    }

    fn encode<S: Serializer>(v: &u64, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(v)
    }
}

/// Reads a floating-point number from a JSON number, a numeric string, or one of
/// `"NaN"`, `"Infinity"` and `"-Infinity"`.
struct FloatVisitor {
    /// "a double" or "a float".
    what: &'static str,
    /// Whether the value is an `f32` (numeric strings are then parsed as `f32`).
    single: bool,
}

impl Visitor<'_> for FloatVisitor {
    type Value = f64;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(
            f,
            "{} as a JSON number, a numeric string, \"NaN\", \"Infinity\" or \"-Infinity\"",
            self.what
        )
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<f64, E> {
        Ok(v as f64)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<f64, E> {
        Ok(v as f64)
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<f64, E> {
        Ok(v)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<f64, E> {
        match v {
            "NaN" => return Ok(f64::NAN),
            "Infinity" => return Ok(f64::INFINITY),
            "-Infinity" => return Ok(f64::NEG_INFINITY),
            _ => {}
        }
        if split_number(v).is_none() {
            return Err(E::invalid_value(Unexpected::Str(v), &self));
        }
        let parsed = if self.single {
            v.parse::<f32>().map(f64::from).ok()
        } else {
            v.parse::<f64>().ok()
        };
        match parsed {
            Some(x) if x.is_finite() => Ok(x),
            _ => Err(E::custom(format_args!(
                "expected {}, got {v:?}, which is out of range",
                self.what
            ))),
        }
    }
}

fn encode_non_finite<S: Serializer>(v: f64, s: S) -> Result<S::Ok, S::Error> {
    if v.is_nan() {
        s.serialize_str("NaN")
    } else if v > 0.0 {
        s.serialize_str("Infinity")
    } else {
        s.serialize_str("-Infinity")
    }
}

/// The `f64` nearest to the shortest decimal that reads back as `v`, so that `0.1f32` is
/// written as `0.1` (not `0.10000000149011612`) by every serializer, `serde_json::Value`
/// included.
fn f32_as_shortest_f64(v: f32) -> f64 {
    // `{:e}` prints the shortest digits that read back as the same `f32`.
    format!("{v:e}").parse().unwrap_or(f64::from(v))
}

/// `float`: a JSON number, or `"NaN"`, `"Infinity"`, `"-Infinity"`. Written with the
/// shortest digits that read back as the same `f32`.
#[derive(Clone, Copy, Debug, Default)]
pub struct Float;

impl Codec for Float {
    type Value = f32;

    fn decode<'de, D: Deserializer<'de>>(d: D) -> Result<f32, D::Error> {
        let v = d.deserialize_any(FloatVisitor {
            what: "a float",
            single: true,
        })?;
        let narrowed = v as f32;
        if v.is_finite() && !narrowed.is_finite() {
            return Err(de::Error::custom(format_args!(
                "expected a float, got {v}, which is out of range"
            )));
        }
        Ok(narrowed)
    }

    fn encode<S: Serializer>(v: &f32, s: S) -> Result<S::Ok, S::Error> {
        if v.is_finite() {
            s.serialize_f64(f32_as_shortest_f64(*v))
        } else {
            encode_non_finite(f64::from(*v), s)
        }
    }
}

/// `double`: a JSON number, or `"NaN"`, `"Infinity"`, `"-Infinity"`.
#[derive(Clone, Copy, Debug, Default)]
pub struct Double;

impl Codec for Double {
    type Value = f64;

    fn decode<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
        d.deserialize_any(FloatVisitor {
            what: "a double",
            single: false,
        })
    }

    fn encode<S: Serializer>(v: &f64, s: S) -> Result<S::Ok, S::Error> {
        if v.is_finite() {
            s.serialize_f64(*v)
        } else {
            encode_non_finite(*v, s)
        }
    }
}

const BASE64_CONFIG: GeneralPurposeConfig = GeneralPurposeConfig::new()
    .with_encode_padding(true)
    .with_decode_padding_mode(DecodePaddingMode::Indifferent)
    .with_decode_allow_trailing_bits(true);
const BASE64_STANDARD: GeneralPurpose = GeneralPurpose::new(&alphabet::STANDARD, BASE64_CONFIG);
const BASE64_URL_SAFE: GeneralPurpose = GeneralPurpose::new(&alphabet::URL_SAFE, BASE64_CONFIG);

/// `bytes`: base64 in a JSON string. Written with the standard alphabet and padding;
/// read in the standard or URL-safe alphabet, padded or not.
#[derive(Clone, Copy, Debug, Default)]
pub struct Bytes;

struct BytesVisitor;

impl Visitor<'_> for BytesVisitor {
    type Value = Vec<u8>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("base64 data as a JSON string")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Vec<u8>, E> {
        let engine = if v.bytes().any(|b| b == b'-' || b == b'_') {
            &BASE64_URL_SAFE
        } else {
            &BASE64_STANDARD
        };
        engine
            .decode(v)
            .map_err(|e| E::custom(format_args!("expected base64 data as a JSON string: {e}")))
    }
}

impl Codec for Bytes {
    type Value = Vec<u8>;

    fn decode<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
        d.deserialize_str(BytesVisitor)
    }

    fn encode<S: Serializer>(v: &Vec<u8>, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&Base64Display::new(v, &BASE64_STANDARD))
    }
}

// ---------------------------------------------------------------------------------------
// Well-known types
// ---------------------------------------------------------------------------------------

/// Seconds from the Unix epoch to 0001-01-01T00:00:00Z.
const MIN_TIMESTAMP_SECONDS: i128 = -62_135_596_800;
/// Seconds from the Unix epoch to 9999-12-31T23:59:59Z.
const MAX_TIMESTAMP_SECONDS: i128 = 253_402_300_799;

/// Converts to UTC, checking the protobuf range 0001-01-01 to 9999-12-31 (in UTC).
fn timestamp_to_utc(v: OffsetDateTime) -> Result<OffsetDateTime, String> {
    let nanos = v.unix_timestamp_nanos();
    let seconds = nanos.div_euclid(1_000_000_000);
    let out_of_range = || {
        "timestamp out of range: it must lie between 0001-01-01T00:00:00Z and \
         9999-12-31T23:59:59.999999999Z"
            .to_owned()
    };
    if !(MIN_TIMESTAMP_SECONDS..=MAX_TIMESTAMP_SECONDS).contains(&seconds) {
        return Err(out_of_range());
    }
    OffsetDateTime::from_unix_timestamp_nanos(nanos).map_err(|_| out_of_range())
}

fn parse_timestamp(s: &str) -> Result<OffsetDateTime, String> {
    let parsed = OffsetDateTime::parse(s, &Rfc3339).map_err(|e| {
        format!(
            "expected an RFC 3339 timestamp such as \"2024-01-02T03:04:05.6Z\", got {s:?} ({e})"
        )
    })?;
    if let Some(fraction) = s.get(19..).and_then(|rest| rest.strip_prefix('.')) {
        if fraction.bytes().take_while(u8::is_ascii_digit).count() > 9 {
            return Err(format!(
                "expected an RFC 3339 timestamp with at most 9 fraction digits, got {s:?}"
            ));
        }
    }
    timestamp_to_utc(parsed)
}

/// Writes the fraction of a second the way protobuf does: no digits for a whole
/// second, else 3, 6 or 9 digits.
fn write_fraction(f: &mut fmt::Formatter, nanos: u32) -> fmt::Result {
    match (nanos, nanos % 1_000_000, nanos % 1_000) {
        (0, _, _) => Ok(()),
        (_, 0, _) => write!(f, ".{:03}", nanos / 1_000_000),
        (_, _, 0) => write!(f, ".{:06}", nanos / 1_000),
        _ => write!(f, ".{nanos:09}"),
    }
}

struct TimestampText(OffsetDateTime);

impl fmt::Display for TimestampText {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        let t = self.0;
        write!(
            f,
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
            t.year(),
            u8::from(t.month()),
            t.day(),
            t.hour(),
            t.minute(),
            t.second()
        )?;
        write_fraction(f, t.nanosecond())?;
        f.write_str("Z")
    }
}

/// `google.protobuf.Timestamp`: an RFC 3339 string. Any offset is accepted on input and
/// converted to UTC; output is UTC with `Z` and 0, 3, 6 or 9 fraction digits. Only years
/// 0001 to 9999 (in UTC) are accepted, on input and on output.
#[derive(Clone, Copy, Debug, Default)]
pub struct Timestamp;

struct TimestampVisitor;

impl Visitor<'_> for TimestampVisitor {
    type Value = OffsetDateTime;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an RFC 3339 timestamp as a JSON string")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<OffsetDateTime, E> {
        parse_timestamp(v).map_err(E::custom)
    }
}

impl Codec for Timestamp {
    type Value = OffsetDateTime;

    fn decode<'de, D: Deserializer<'de>>(d: D) -> Result<OffsetDateTime, D::Error> {
        d.deserialize_str(TimestampVisitor)
    }

    fn encode<S: Serializer>(v: &OffsetDateTime, s: S) -> Result<S::Ok, S::Error> {
        let utc = timestamp_to_utc(*v).map_err(ser::Error::custom)?;
        s.collect_str(&TimestampText(utc))
    }
}

/// The largest magnitude of a `google.protobuf.Duration`, in seconds (10,000 years).
const MAX_DURATION_SECONDS: u64 = 315_576_000_000;

fn parse_duration(s: &str) -> Result<time::Duration, String> {
    let malformed = || format!("expected a duration such as \"1.5s\" or \"-0.001s\", got {s:?}");
    let body = s.strip_suffix('s').ok_or_else(malformed)?;
    let (negative, body) = match body.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, body),
    };
    let (int, frac) = match body.split_once('.') {
        Some((int, frac)) => (int, Some(frac)),
        None => (body, None),
    };
    if int.is_empty() || !int.bytes().all(|b| b.is_ascii_digit()) {
        return Err(malformed());
    }
    let int = int.trim_start_matches('0');
    let out_of_range = || {
        format!("duration {s:?} is out of range: at most {MAX_DURATION_SECONDS} seconds either way")
    };
    if int.len() > 12 {
        return Err(out_of_range());
    }
    let seconds: u64 = if int.is_empty() {
        0
    } else {
        int.parse().map_err(|_| malformed())?
    };
    if seconds > MAX_DURATION_SECONDS {
        return Err(out_of_range());
    }
    let nanos: u32 = match frac {
        None => 0,
        Some(frac) => {
            if frac.is_empty() || frac.len() > 9 || !frac.bytes().all(|b| b.is_ascii_digit()) {
                return Err(malformed());
            }
            let digits: u32 = frac.parse().map_err(|_| malformed())?;
            digits * 10u32.pow(9 - frac.len() as u32)
        }
    };
    // Both fit: seconds <= 315_576_000_000 and nanos < 1_000_000_000.
    let (seconds, nanos) = (seconds as i64, nanos as i32);
    Ok(if negative {
        time::Duration::new(-seconds, -nanos)
    } else {
        time::Duration::new(seconds, nanos)
    })
}

struct DurationText(time::Duration);

impl fmt::Display for DurationText {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        let seconds = self.0.whole_seconds();
        let nanos = self.0.subsec_nanoseconds();
        if seconds < 0 || nanos < 0 {
            f.write_str("-")?;
        }
        write!(f, "{}", seconds.unsigned_abs())?;
        write_fraction(f, nanos.unsigned_abs())?;
        f.write_str("s")
    }
}

/// `google.protobuf.Duration`: a JSON string of seconds with up to 9 fraction digits and
/// an `s` suffix (`"1.5s"`, `"-0.000000001s"`). Output uses 0, 3, 6 or 9 fraction digits.
/// The range is ±315,576,000,000 seconds.
#[derive(Clone, Copy, Debug, Default)]
pub struct Duration;

struct DurationVisitor;

impl Visitor<'_> for DurationVisitor {
    type Value = time::Duration;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a duration such as \"1.5s\" as a JSON string")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<time::Duration, E> {
        parse_duration(v).map_err(E::custom)
    }
}

impl Codec for Duration {
    type Value = time::Duration;

    fn decode<'de, D: Deserializer<'de>>(d: D) -> Result<time::Duration, D::Error> {
        d.deserialize_str(DurationVisitor)
    }

    fn encode<S: Serializer>(v: &time::Duration, s: S) -> Result<S::Ok, S::Error> {
        if v.whole_seconds().unsigned_abs() > MAX_DURATION_SECONDS {
            return Err(ser::Error::custom(format_args!(
                "duration out of range: at most {MAX_DURATION_SECONDS} seconds either way"
            )));
        }
        s.collect_str(&DurationText(*v))
    }
}

/// `google.protobuf.FieldMask`: a set of field paths.
///
/// The paths are kept exactly as they appear on the wire, which for the JSON mapping is
/// camelCase (`"config.spqrConfig"`); no case conversion is done.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct FieldMask {
    /// The field paths, e.g. `["name", "config.spqrConfig"]`.
    pub paths: Vec<String>,
}

impl FieldMask {
    /// Builds a mask from paths.
    pub fn new<I: IntoIterator<Item = P>, P: Into<String>>(paths: I) -> Self {
        FieldMask {
            paths: paths.into_iter().map(Into::into).collect(),
        }
    }

    /// Parses the wire form: comma-separated paths; the empty string has no paths.
    pub fn from_wire(s: &str) -> Self {
        if s.is_empty() {
            FieldMask::default()
        } else {
            FieldMask::new(s.split(','))
        }
    }
}

/// Writes the wire form: the paths joined with commas.
impl fmt::Display for FieldMask {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        for (i, path) in self.paths.iter().enumerate() {
            if i > 0 {
                f.write_str(",")?;
            }
            f.write_str(path)?;
        }
        Ok(())
    }
}

struct FieldMaskVisitor;

impl Visitor<'_> for FieldMaskVisitor {
    type Value = FieldMask;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a field mask as a JSON string of comma-separated paths")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<FieldMask, E> {
        Ok(FieldMask::from_wire(v))
    }
}

impl Codec for FieldMask {
    type Value = FieldMask;

    fn decode<'de, D: Deserializer<'de>>(d: D) -> Result<FieldMask, D::Error> {
        d.deserialize_str(FieldMaskVisitor)
    }

    fn encode<S: Serializer>(v: &FieldMask, s: S) -> Result<S::Ok, S::Error> {
        if let Some(bad) = v.paths.iter().find(|p| p.contains(',')) {
            return Err(ser::Error::custom(format_args!(
                "field mask path {bad:?} contains a comma"
            )));
        }
        s.collect_str(v)
    }
}

impl Serialize for FieldMask {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        <FieldMask as Codec>::encode(self, s)
    }
}

impl<'de> de::Deserialize<'de> for FieldMask {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        <FieldMask as Codec>::decode(d)
    }
}

/// Free-form JSON object: `google.protobuf.Struct`, an empty message, or an object the
/// documentation does not describe further (`**object**` on the pages). Passed through as
/// is; anything but a JSON object (or `null`, which is absent) is an error, as it is for
/// every message.
#[derive(Clone, Copy, Debug, Default)]
pub struct Json;

impl Codec for Json {
    type Value = serde_json::Map<String, JsonValue>;

    fn decode<'de, D: Deserializer<'de>>(d: D) -> Result<Self::Value, D::Error> {
        match <JsonValue as de::Deserialize>::deserialize(d)? {
            JsonValue::Object(map) => Ok(map),
            other => Err(de::Error::invalid_type(
                unexpected(&other),
                &"a JSON object",
            )),
        }
    }

    fn encode<S: Serializer>(v: &Self::Value, s: S) -> Result<S::Ok, S::Error> {
        v.serialize(s)
    }
}

/// How a JSON value is named in "invalid type" errors.
fn unexpected(v: &JsonValue) -> de::Unexpected<'_> {
    match v {
        JsonValue::Null => de::Unexpected::Unit,
        JsonValue::Bool(b) => de::Unexpected::Bool(*b),
        JsonValue::Number(n) => match (n.as_i64(), n.as_u64(), n.as_f64()) {
            (Some(i), _, _) => de::Unexpected::Signed(i),
            (_, Some(u), _) => de::Unexpected::Unsigned(u),
            (_, _, Some(f)) => de::Unexpected::Float(f),
            _ => de::Unexpected::Other("number"),
        },
        JsonValue::String(s) => de::Unexpected::Str(s),
        JsonValue::Array(_) => de::Unexpected::Seq,
        JsonValue::Object(_) => de::Unexpected::Map,
    }
}

/// `google.protobuf.Any` in JSON form: `@type` plus the packed message's fields.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Any {
    /// The type URL, e.g. `type.googleapis.com/yandex.cloud.mdb.spqr.v1.Cluster`;
    /// empty when `@type` was absent.
    pub type_url: String,
    /// The packed message's fields, without `@type`.
    pub fields: serde_json::Map<String, JsonValue>,
}

impl Any {
    /// The full message name: the part of the type URL after the last `/`.
    pub fn type_name(&self) -> &str {
        match self.type_url.rfind('/') {
            Some(i) => &self.type_url[i + 1..],
            None => &self.type_url,
        }
    }

    /// Whether the packed message is a `T`, judging by the type URL.
    pub fn is<T: Message>(&self) -> bool {
        self.type_name() == T::NAME
    }

    /// Decodes the packed fields (without `@type`) into `T`; errors name the field path.
    pub fn unpack<T: DeserializeOwned>(&self) -> Result<T, Error> {
        from_value(JsonValue::Object(self.fields.clone()))
    }

    /// Packs a message; the type URL is `type.googleapis.com/` followed by `T::NAME`.
    pub fn pack<T: Message + Serialize>(msg: &T) -> Result<Self, Error> {
        match to_value(msg)? {
            JsonValue::Object(fields) => Ok(Any {
                type_url: format!("type.googleapis.com/{}", T::NAME),
                fields,
            }),
            other => Err(Error::new(
                ".",
                format!(
                    "{} does not encode as a JSON object but as {other}",
                    T::NAME
                ),
            )),
        }
    }
}

impl Message for Any {
    const NAME: &'static str = "google.protobuf.Any";

    fn merge_field<'de, A: MapAccess<'de>>(
        &mut self,
        key: &str,
        map: &mut A,
    ) -> Result<(), A::Error> {
        if key == "@type" {
            self.type_url = field::<String, A>(map)?.unwrap_or_default();
        } else {
            let value: JsonValue = map.next_value()?;
            self.fields.insert(key.to_owned(), value);
        }
        Ok(())
    }
}

impl Serialize for Any {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        if !self.type_url.is_empty() {
            m.serialize_entry("@type", &self.type_url)?;
        }
        for (k, v) in &self.fields {
            if k != "@type" {
                m.serialize_entry(k, v)?;
            }
        }
        m.end()
    }
}

impl<'de> de::Deserialize<'de> for Any {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        decode_message(d)
    }
}

impl Codec for Any {
    type Value = Any;

    fn decode<'de, D: Deserializer<'de>>(d: D) -> Result<Any, D::Error> {
        decode_message(d)
    }

    fn encode<S: Serializer>(v: &Any, s: S) -> Result<S::Ok, S::Error> {
        v.serialize(s)
    }
}

// ---------------------------------------------------------------------------------------
// Composite codecs
// ---------------------------------------------------------------------------------------

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

/// The value of a map field (`map<string, V>`): its entries, plus the entries whose value
/// this version of the crate cannot read as a `V`.
///
/// Reading a map never fails on one entry: a newer or sloppier server may put a value of
/// another shape into a map (the reference fixtures do), and such an entry is kept as JSON
/// in [`MapField::unreadable`] and written back unchanged. A map that is not a JSON object
/// at all is still an error. `MapField` dereferences to the `BTreeMap` of readable entries.
#[derive(Clone, Debug, PartialEq)]
pub struct MapField<V> {
    entries: BTreeMap<String, V>,
    unreadable: BTreeMap<String, JsonValue>,
}

impl<V> MapField<V> {
    /// An empty map.
    pub fn new() -> Self {
        Self::default()
    }

    /// Entries whose value could not be read as a `V`, as they arrived.
    pub fn unreadable(&self) -> &BTreeMap<String, JsonValue> {
        &self.unreadable
    }

    /// The readable entries.
    pub fn into_entries(self) -> BTreeMap<String, V> {
        self.entries
    }

    /// True when there are no entries at all, readable or not.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty() && self.unreadable.is_empty()
    }
}

impl<V> Default for MapField<V> {
    fn default() -> Self {
        MapField {
            entries: BTreeMap::new(),
            unreadable: BTreeMap::new(),
        }
    }
}

impl<V> std::ops::Deref for MapField<V> {
    type Target = BTreeMap<String, V>;

    fn deref(&self) -> &Self::Target {
        &self.entries
    }
}

impl<V> std::ops::DerefMut for MapField<V> {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.entries
    }
}

impl<V> From<BTreeMap<String, V>> for MapField<V> {
    fn from(entries: BTreeMap<String, V>) -> Self {
        MapField {
            entries,
            unreadable: BTreeMap::new(),
        }
    }
}

impl<K: Into<String>, V> FromIterator<(K, V)> for MapField<V> {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        iter.into_iter()
            .map(|(k, v)| (k.into(), v))
            .collect::<BTreeMap<_, _>>()
            .into()
    }
}

impl<'a, V> IntoIterator for &'a MapField<V> {
    type Item = (&'a String, &'a V);
    type IntoIter = std::collections::btree_map::Iter<'a, String, V>;

    fn into_iter(self) -> Self::IntoIter {
        self.entries.iter()
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
            // Buffered, so that an entry of another shape can be kept instead of failing
            // the whole message.
            let raw: JsonValue = map.next_value()?;
            match C::decode(&raw) {
                Ok(value) => {
                    out.entries.insert(key, value);
                }
                Err(_) => {
                    out.unreadable.insert(key, raw);
                }
            }
        }
        Ok(out)
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

// ---------------------------------------------------------------------------------------
// Value: the codec of a field's Rust type
// ---------------------------------------------------------------------------------------

/// The codec a field's Rust type is read and written with. Every type a generated field
/// holds has exactly one (`i64` is [`Int64`], a JSON string; `Vec<u8>` is [`Bytes`];
/// `OffsetDateTime` is [`Timestamp`]; a message is [`Serde`], an enum [`Enum`]; `Box<T>` is
/// `T`'s, [`Boxed`]), so generated code names no codec: [`field`], [`put`] and the rest
/// find it from the field's type.
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

// ---------------------------------------------------------------------------------------
// Messages
// ---------------------------------------------------------------------------------------

/// A generated message: a JSON object whose keys are read one by one.
pub trait Message: Default {
    /// Full proto name, e.g. `"yandex.cloud.mdb.spqr.v1.Cluster"`.
    const NAME: &'static str;

    /// Reads the value of the field whose JSON key is `key` from `map` into `self`.
    /// Unknown keys must be stored in the message's unknown fields by the implementation.
    fn merge_field<'de, A: MapAccess<'de>>(
        &mut self,
        key: &str,
        map: &mut A,
    ) -> Result<(), A::Error>;
}

/// Reads an object key, borrowing it from the input when the deserializer lends it.
struct KeySeed;

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Cow<'de, str>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeySeed {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string key")
    }

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
fn expecting_message(f: &mut fmt::Formatter, name: &str) -> fmt::Result {
    write!(f, "a JSON object ({name})")
}

/// Decodes a message from a JSON object; anything else is an error
/// ("expected a JSON object (T::NAME)").
pub fn decode_message<'de, T: Message, D: Deserializer<'de>>(d: D) -> Result<T, D::Error> {
    d.deserialize_map(MessageVisitor::<T>::new())
}

/// Reads a singular field's value with its type's codec ([`Value`]). JSON `null` decodes as
/// `None` (proto3: null means default/absent), except for [`Json`], where it is
/// `Some(Value::Null)`.
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

/// Implemented by generated oneof enums.
pub trait Oneof {
    /// JSON name of the member this value holds.
    fn json_name(&self) -> &'static str;
}

/// Sets a oneof slot. If it already holds a different member, fails with an error naming
/// both members: "`weeklyMaintenanceWindow` and `anytime` are members of one oneof; at
/// most one may be set" (the member already set comes first). The same member appearing
/// again replaces the earlier value, like any repeated key. If `new` is `None` (null on
/// the wire), the slot is left unchanged.
pub fn set_oneof<O: Oneof, E: de::Error>(slot: &mut Option<O>, new: Option<O>) -> Result<(), E> {
    let Some(new) = new else {
        return Ok(());
    };
    if let Some(old) = slot {
        if old.json_name() != new.json_name() {
            return Err(E::custom(format_args!(
                "`{}` and `{}` are members of one oneof; at most one may be set",
                old.json_name(),
                new.json_name()
            )));
        }
    }
    *slot = Some(new);
    Ok(())
}

/// Fields a message did not recognise, kept by JSON key and written back on encode.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct UnknownFields(BTreeMap<String, JsonValue>);

impl UnknownFields {
    /// Reads the value of the field `key` from `map` and keeps it.
    pub fn read<'de, A: MapAccess<'de>>(&mut self, key: &str, map: &mut A) -> Result<(), A::Error> {
        let value: JsonValue = map.next_value()?;
        self.0.insert(key.to_owned(), value);
        Ok(())
    }

    /// Writes every kept field into `m`.
    pub fn write<M: SerializeMap>(&self, m: &mut M) -> Result<(), M::Error> {
        for (k, v) in &self.0 {
            m.serialize_entry(k, v)?;
        }
        Ok(())
    }

    /// The value kept for `key`.
    pub fn get(&self, key: &str) -> Option<&JsonValue> {
        self.0.get(key)
    }

    /// Keeps `value` for `key`, returning the value it replaces.
    pub fn insert(&mut self, key: impl Into<String>, value: JsonValue) -> Option<JsonValue> {
        self.0.insert(key.into(), value)
    }

    /// Forgets `key`, returning its value.
    pub fn remove(&mut self, key: &str) -> Option<JsonValue> {
        self.0.remove(key)
    }

    /// The kept fields, ordered by key.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &JsonValue)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v))
    }

    /// How many fields are kept.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether no field is kept.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
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

// ---------------------------------------------------------------------------------------
// Enums
// ---------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------
// Errors and entry points
// ---------------------------------------------------------------------------------------

/// A decode or encode error. `Display` is "path: message", e.g.
///
/// ```text
/// config.spqrConfig.balancer.cpuThreshold: invalid type: boolean `true`, expected a double ...
/// hosts[1].port: invalid value: string "x", expected an int32 as a JSON number or numeric string
/// .: invalid type: integer `5`, expected a JSON object (yandex.cloud.mdb.spqr.v1.Cluster)
/// ```
///
/// Object keys are joined with `.`, array elements render as `[i]`, and the path is `.` at
/// the top level. Errors from [`from_str`] and [`from_slice`] end with the line and column.
#[derive(Debug)]
pub struct Error {
    path: String,
    message: String,
}

impl Error {
    fn new(path: impl Into<String>, message: impl Into<String>) -> Self {
        Error {
            path: path.into(),
            message: message.into(),
        }
    }

    fn from_tracked<E: fmt::Display>(e: serde_path_to_error::Error<E>) -> Self {
        Error::new(e.path().to_string(), e.into_inner().to_string())
    }

    /// The JSON path of the value at fault, such as `hosts[0].port`, or `.` at the top.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// What went wrong, without the path.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

impl std::error::Error for Error {}

fn from_json_deserializer<'de, R: serde_json::de::Read<'de>, T: DeserializeOwned>(
    mut de: serde_json::Deserializer<R>,
) -> Result<T, Error> {
    let value = serde_path_to_error::deserialize(&mut de).map_err(Error::from_tracked)?;
    de.end().map_err(|e| Error::new(".", e.to_string()))?;
    Ok(value)
}

/// Decodes `T` from JSON text.
pub fn from_str<T: DeserializeOwned>(s: &str) -> Result<T, Error> {
    from_json_deserializer(serde_json::Deserializer::from_str(s))
}

/// Decodes `T` from JSON bytes.
pub fn from_slice<T: DeserializeOwned>(b: &[u8]) -> Result<T, Error> {
    from_json_deserializer(serde_json::Deserializer::from_slice(b))
}

/// Decodes `T` from a JSON value.
pub fn from_value<T: DeserializeOwned>(v: JsonValue) -> Result<T, Error> {
    serde_path_to_error::deserialize(v).map_err(Error::from_tracked)
}

/// Encodes `v` as a JSON value.
pub fn to_value<T: Serialize + ?Sized>(v: &T) -> Result<JsonValue, Error> {
    serde_path_to_error::serialize(v, serde_json::value::Serializer).map_err(Error::from_tracked)
}

/// Encodes `v` as JSON bytes.
pub fn to_vec<T: Serialize + ?Sized>(v: &T) -> Result<Vec<u8>, Error> {
    let mut out = Vec::new();
    let mut ser = serde_json::Serializer::new(&mut out);
    serde_path_to_error::serialize(v, &mut ser).map_err(Error::from_tracked)?;
    Ok(out)
}

/// Encodes `v` as JSON text.
pub fn to_string<T: Serialize + ?Sized>(v: &T) -> Result<String, Error> {
    String::from_utf8(to_vec(v)?).map_err(|e| Error::new(".", e.to_string()))
}

/// Encodes `v` as indented JSON text.
pub fn to_string_pretty<T: Serialize + ?Sized>(v: &T) -> Result<String, Error> {
    let mut out = Vec::new();
    let mut ser = serde_json::Serializer::pretty(&mut out);
    serde_path_to_error::serialize(v, &mut ser).map_err(Error::from_tracked)?;
    String::from_utf8(out).map_err(|e| Error::new(".", e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::de::Deserialize;
    use serde_json::json;
    use time::macros::datetime;

    // --- A hand-written enum and messages, shaped like the generated code. ---

    #[derive(Clone, Debug, Default, PartialEq)]
    #[non_exhaustive]
    enum Health {
        #[default]
        Unknown,
        Alive,
        Dead,
        UnknownValue(UnknownEnumValue),
    }

    impl Enumeration for Health {
        fn from_name(name: &str) -> Self {
            match name {
                "HEALTH_UNKNOWN" => Health::Unknown,
                "ALIVE" => Health::Alive,
                "DEAD" => Health::Dead,
                other => Health::UnknownValue(UnknownEnumValue::from_name(other)),
            }
        }

        fn from_unknown(v: UnknownEnumValue) -> Self {
            Health::UnknownValue(v)
        }

        fn as_str(&self) -> &str {
            match self {
                Health::Unknown => "HEALTH_UNKNOWN",
                Health::Alive => "ALIVE",
                Health::Dead => "DEAD",
                Health::UnknownValue(v) => v.as_str(),
            }
        }

        fn unknown(&self) -> Option<&UnknownEnumValue> {
            match self {
                Health::UnknownValue(v) => Some(v),
                _ => None,
            }
        }
    }

    impl Serialize for Health {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            encode_enum(self, s)
        }
    }

    impl<'de> Deserialize<'de> for Health {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            decode_enum(d)
        }
    }

    impl Value for Health {
        type Codec = Enum<Self>;
    }

    #[derive(Clone, Debug, Default, PartialEq)]
    struct Host {
        name: Option<String>,
        port: Option<i32>,
        health: Option<Health>,
        unknown: UnknownFields,
    }

    impl Value for Host {
        type Codec = Serde<Self>;
    }

    impl Message for Host {
        const NAME: &'static str = "test.v1.Host";

        fn merge_field<'de, A: MapAccess<'de>>(
            &mut self,
            key: &str,
            map: &mut A,
        ) -> Result<(), A::Error> {
            match key {
                "name" => self.name = field(map)?,
                "port" => self.port = field(map)?,
                "health" => self.health = field(map)?,
                _ => self.unknown.read(key, map)?,
            }
            Ok(())
        }
    }

    impl Serialize for Host {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let mut m = s.serialize_map(None)?;
            put(&mut m, "name", &self.name)?;
            put(&mut m, "port", &self.port)?;
            put(&mut m, "health", &self.health)?;
            self.unknown.write(&mut m)?;
            m.end()
        }
    }

    impl<'de> Deserialize<'de> for Host {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            d.deserialize_map(MessageVisitor::<Self>::new())
        }
    }

    #[derive(Clone, Debug, PartialEq)]
    enum Policy {
        Anytime(Host),
        Weekly(Host),
    }

    impl Oneof for Policy {
        fn json_name(&self) -> &'static str {
            match self {
                Policy::Anytime(_) => "anytime",
                Policy::Weekly(_) => "weeklyMaintenanceWindow",
            }
        }
    }

    #[derive(Clone, Debug, Default, PartialEq)]
    struct Cluster {
        name: Option<String>,
        size: Option<i64>,
        ratio: Option<f64>,
        created_at: Option<OffsetDateTime>,
        hosts: Vec<Host>,
        labels: MapField<String>,
        parent: Option<Box<Cluster>>,
        policy: Option<Policy>,
        mask: Option<FieldMask>,
        extra: Option<serde_json::Map<String, JsonValue>>,
        unknown: UnknownFields,
    }

    impl Value for Cluster {
        type Codec = Serde<Self>;
    }

    impl Message for Cluster {
        const NAME: &'static str = "test.v1.Cluster";

        fn merge_field<'de, A: MapAccess<'de>>(
            &mut self,
            key: &str,
            map: &mut A,
        ) -> Result<(), A::Error> {
            match key {
                "name" => self.name = field(map)?,
                "size" => self.size = field(map)?,
                "ratio" => self.ratio = field(map)?,
                "createdAt" => self.created_at = field(map)?,
                "hosts" => self.hosts = repeated(map)?,
                "labels" => self.labels = super::map(map)?,
                "parent" => self.parent = field(map)?,
                "anytime" => {
                    let v = field(map)?.map(Policy::Anytime);
                    set_oneof(&mut self.policy, v)?;
                }
                "weeklyMaintenanceWindow" => {
                    let v = field(map)?.map(Policy::Weekly);
                    set_oneof(&mut self.policy, v)?;
                }
                "updateMask" => self.mask = field(map)?,
                "extra" => self.extra = field(map)?,
                _ => self.unknown.read(key, map)?,
            }
            Ok(())
        }
    }

    impl Serialize for Cluster {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let mut m = s.serialize_map(None)?;
            put(&mut m, "name", &self.name)?;
            put(&mut m, "size", &self.size)?;
            put(&mut m, "ratio", &self.ratio)?;
            put(&mut m, "createdAt", &self.created_at)?;
            put_repeated(&mut m, "hosts", &self.hosts)?;
            put_map(&mut m, "labels", &self.labels)?;
            put(&mut m, "parent", &self.parent)?;
            match &self.policy {
                Some(Policy::Anytime(v)) => put_value(&mut m, "anytime", v)?,
                Some(Policy::Weekly(v)) => put_value(&mut m, "weeklyMaintenanceWindow", v)?,
                None => {}
            }
            put(&mut m, "updateMask", &self.mask)?;
            put(&mut m, "extra", &self.extra)?;
            self.unknown.write(&mut m)?;
            m.end()
        }
    }

    impl<'de> Deserialize<'de> for Cluster {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            decode_message(d)
        }
    }

    // --- Helpers ---

    /// Decodes one value with `C` from JSON text.
    fn dec<C: Codec>(text: &str) -> Result<C::Value, String> {
        let mut de = serde_json::Deserializer::from_str(text);
        Decode::<C>::new()
            .deserialize(&mut de)
            .map_err(|e| e.to_string())
    }

    /// Decodes one value with `C` from a JSON value (messages carry no position).
    fn decv<C: Codec>(v: JsonValue) -> Result<C::Value, String> {
        Decode::<C>::new().deserialize(v).map_err(|e| e.to_string())
    }

    /// Encodes one value with `C` as JSON text.
    fn enc<C: Codec>(v: &C::Value) -> String {
        to_string(&Encode::<C>(v)).expect("encodes")
    }

    fn enc_err<C: Codec>(v: &C::Value) -> String {
        to_value(&Encode::<C>(v))
            .expect_err("must fail")
            .to_string()
    }

    // --- Integers ---

    #[test]
    fn int32_accepts_numbers_numeric_strings_and_integral_floats() {
        assert_eq!(dec::<Int32>("5"), Ok(5));
        assert_eq!(dec::<Int32>("-5"), Ok(-5));
        assert_eq!(dec::<Int32>("\"5\""), Ok(5));
        assert_eq!(dec::<Int32>("\"-5\""), Ok(-5));
        assert_eq!(dec::<Int32>("5.0"), Ok(5));
        assert_eq!(dec::<Int32>("1e2"), Ok(100));
        assert_eq!(dec::<Int32>("\"1e2\""), Ok(100));
        assert_eq!(dec::<Int32>("\"5.0\""), Ok(5));
        assert_eq!(dec::<Int32>("-0"), Ok(0));
        assert_eq!(dec::<Int32>("2147483647"), Ok(i32::MAX));
        assert_eq!(dec::<Int32>("\"-2147483648\""), Ok(i32::MIN));
        assert_eq!(enc::<Int32>(&-7), "-7");
    }

    #[test]
    fn int32_rejects_bad_values_with_clear_messages() {
        assert_eq!(
            decv::<Int32>(json!(2147483648u64)).unwrap_err(),
            "expected an int32, got 2147483648, which is out of range"
        );
        assert_eq!(
            decv::<Int32>(json!("-2147483649")).unwrap_err(),
            "expected an int32, got -2147483649, which is out of range"
        );
        assert_eq!(
            decv::<Int32>(json!(1.5)).unwrap_err(),
            "expected an int32, got the non-integral number 1.5"
        );
        assert_eq!(
            decv::<Int32>(json!("1.5")).unwrap_err(),
            "expected an int32, got the non-integral number \"1.5\""
        );
        assert_eq!(
            decv::<Int32>(json!("abc")).unwrap_err(),
            "invalid value: string \"abc\", expected an int32 as a JSON number or numeric string"
        );
        assert_eq!(
            decv::<Int32>(json!(true)).unwrap_err(),
            "invalid type: boolean `true`, expected an int32 as a JSON number or numeric string"
        );
        assert!(decv::<Int32>(json!({}))
            .unwrap_err()
            .contains("invalid type: map"));
        assert!(decv::<Int32>(json!([]))
            .unwrap_err()
            .contains("invalid type: sequence"));
        assert!(decv::<Int32>(json!(null)).is_err());
        assert!(decv::<Int32>(json!("")).is_err());
        assert!(decv::<Int32>(json!(" 5")).is_err());
        assert!(decv::<Int32>(json!("+5")).is_err());
        assert!(decv::<Int32>(json!("0x10")).is_err());
    }

    #[test]
    fn uint32_range() {
        assert_eq!(dec::<Uint32>("4294967295"), Ok(u32::MAX));
        assert_eq!(dec::<Uint32>("\"4294967295\""), Ok(u32::MAX));
        assert!(dec::<Uint32>("-1").unwrap_err().contains("out of range"));
        assert!(dec::<Uint32>("\"4294967296\"")
            .unwrap_err()
            .contains("expected a uint32"));
        assert_eq!(enc::<Uint32>(&u32::MAX), "4294967295");
    }

    #[test]
    fn int64_full_range_as_strings_and_numbers() {
        assert_eq!(dec::<Int64>("\"9223372036854775807\""), Ok(i64::MAX));
        assert_eq!(dec::<Int64>("\"-9223372036854775808\""), Ok(i64::MIN));
        assert_eq!(dec::<Int64>("9223372036854775807"), Ok(i64::MAX));
        assert_eq!(dec::<Int64>("-9223372036854775808"), Ok(i64::MIN));
        // Beyond f64's exact integers: no precision lost.
        assert_eq!(
            dec::<Int64>("\"9007199254740993\""),
            Ok(9_007_199_254_740_993)
        );
        assert_eq!(dec::<Int64>("9007199254740993"), Ok(9_007_199_254_740_993));
        assert_eq!(dec::<Int64>("\"-0\""), Ok(0));
        assert_eq!(dec::<Int64>("\"1e3\""), Ok(1000));
        assert!(dec::<Int64>("\"9223372036854775808\"")
            .unwrap_err()
            .contains("out of range"));
        assert!(dec::<Int64>("\"-9223372036854775809\"")
            .unwrap_err()
            .contains("out of range"));
        assert_eq!(
            decv::<Int64>(json!(false)).unwrap_err(),
            "invalid type: boolean `false`, expected an int64 as a JSON string or number"
        );
        assert_eq!(enc::<Int64>(&i64::MIN), "\"-9223372036854775808\"");
        assert_eq!(enc::<Int64>(&i64::MAX), "\"9223372036854775807\"");
        assert_eq!(
            to_value(&Encode::<Int64>(&9_007_199_254_740_993)).unwrap(),
            json!("9007199254740993")
        );
    }

    #[test]
    fn uint64_full_range() {
        assert_eq!(dec::<Uint64>("\"18446744073709551615\""), Ok(u64::MAX));
        assert_eq!(dec::<Uint64>("18446744073709551615"), Ok(u64::MAX));
        assert!(dec::<Uint64>("\"18446744073709551616\"").is_err());
        assert!(dec::<Uint64>("\"-1\"")
            .unwrap_err()
            .contains("out of range"));
        assert!(dec::<Uint64>("-1").unwrap_err().contains("out of range"));
        assert_eq!(enc::<Uint64>(&u64::MAX), "\"18446744073709551615\"");
    }

    #[test]
    fn integer_strings_parse_exactly() {
        assert_eq!(parse_integer("0"), Ok(0));
        assert_eq!(parse_integer("00012"), Ok(12));
        assert_eq!(parse_integer("1e3"), Ok(1000));
        assert_eq!(parse_integer("1E+3"), Ok(1000));
        assert_eq!(parse_integer("1.5e1"), Ok(15));
        assert_eq!(parse_integer("1500e-2"), Ok(15));
        assert_eq!(parse_integer("0e999999999999"), Ok(0));
        assert_eq!(parse_integer("1.25e1"), Err(IntError::Fraction));
        assert_eq!(parse_integer("1e-1"), Err(IntError::Fraction));
        assert_eq!(parse_integer("1e999999999999"), Err(IntError::Overflow));
        assert_eq!(
            parse_integer("123456789012345678901234567890123456789012"),
            Err(IntError::Overflow)
        );
        for bad in [
            "", "-", "1.", ".5", "1e", "+5", "1e+", "5 ", "--5", "1.2.3", "٣",
        ] {
            assert_eq!(parse_integer(bad), Err(IntError::Syntax), "{bad:?}");
        }
    }

    // --- Floating point ---

    #[test]
    fn double_forms() {
        assert_eq!(dec::<Double>("1.5"), Ok(1.5));
        assert_eq!(dec::<Double>("\"1.5\""), Ok(1.5));
        assert_eq!(dec::<Double>("7"), Ok(7.0));
        assert!(dec::<Double>("\"NaN\"").unwrap().is_nan());
        assert_eq!(dec::<Double>("\"Infinity\""), Ok(f64::INFINITY));
        assert_eq!(dec::<Double>("\"-Infinity\""), Ok(f64::NEG_INFINITY));
        assert_eq!(enc::<Double>(&f64::NAN), "\"NaN\"");
        assert_eq!(enc::<Double>(&f64::INFINITY), "\"Infinity\"");
        assert_eq!(enc::<Double>(&f64::NEG_INFINITY), "\"-Infinity\"");
        assert_eq!(
            to_value(&Encode::<Double>(&f64::NAN)).unwrap(),
            json!("NaN")
        );
        for bad in ["\"nan\"", "\"inf\"", "\"1.5x\"", "\"\"", "true", "{}"] {
            assert!(dec::<Double>(bad).is_err(), "{bad}");
        }
        assert!(dec::<Double>("\"1e400\"")
            .unwrap_err()
            .contains("out of range"));
    }

    #[test]
    fn double_negative_zero_and_extremes_round_trip() {
        let z = dec::<Double>("-0.0").unwrap();
        assert!(z == 0.0 && z.is_sign_negative());
        assert_eq!(enc::<Double>(&-0.0), "-0.0");
        let z = dec::<Double>(&enc::<Double>(&-0.0)).unwrap();
        assert!(z.is_sign_negative());
        assert_eq!(enc::<Double>(&1e300), "1e+300");
        assert_eq!(dec::<Double>("1e300"), Ok(1e300));
        assert_eq!(dec::<Double>("\"1e300\""), Ok(1e300));
        for v in [f64::MAX, f64::MIN_POSITIVE, 5e-324, 0.1, 1.0 / 3.0] {
            assert_eq!(dec::<Double>(&enc::<Double>(&v)), Ok(v));
        }
    }

    #[test]
    fn float_forms_and_range() {
        assert_eq!(enc::<Float>(&0.1), "0.1");
        assert_eq!(dec::<Float>("0.1"), Ok(0.1f32));
        assert_eq!(dec::<Float>("\"0.1\""), Ok(0.1f32));
        assert_eq!(dec::<Float>(&enc::<Float>(&f32::MAX)), Ok(f32::MAX));
        assert!(dec::<Float>("\"NaN\"").unwrap().is_nan());
        assert_eq!(dec::<Float>("\"-Infinity\""), Ok(f32::NEG_INFINITY));
        assert_eq!(enc::<Float>(&f32::INFINITY), "\"Infinity\"");
        assert!(dec::<Float>("1e39").unwrap_err().contains("out of range"));
        assert!(dec::<Float>("\"1e39\"")
            .unwrap_err()
            .contains("out of range"));
        let z = dec::<Float>("-0.0").unwrap();
        assert!(z == 0.0 && z.is_sign_negative());
        assert_eq!(enc::<Float>(&-0.0), "-0.0");
        assert_eq!(to_value(&Encode::<Float>(&0.1)).unwrap(), json!(0.1));
        assert_eq!(to_value(&Encode::<Float>(&1e38)).unwrap(), json!(1e38));
    }

    #[test]
    fn float_round_trips_bit_for_bit() {
        let mut x: u32 = 0x9e37_79b9;
        for _ in 0..20_000 {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            let v = f32::from_bits(x);
            if !v.is_finite() {
                continue;
            }
            let value = to_value(&Encode::<Float>(&v)).unwrap();
            let back = decv::<Float>(value.clone()).unwrap();
            assert_eq!(back.to_bits(), v.to_bits(), "{v:e} -> {value}");
            let back = dec::<Float>(&enc::<Float>(&v)).unwrap();
            assert_eq!(back.to_bits(), v.to_bits(), "{v:e}");
        }
    }

    // --- Strings, bools, bytes ---

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

    #[test]
    fn bytes_alphabets_and_padding() {
        let data = vec![0xfb, 0xff, 0xbf];
        assert_eq!(enc::<Bytes>(&data), "\"+/+/\"");
        assert_eq!(enc::<Bytes>(&vec![0xfb, 0xff]), "\"+/8=\"");
        for text in ["\"+/8=\"", "\"+/8\"", "\"-_8=\"", "\"-_8\""] {
            assert_eq!(dec::<Bytes>(text), Ok(vec![0xfb, 0xff]), "{text}");
        }
        assert_eq!(dec::<Bytes>("\"\""), Ok(vec![]));
        assert_eq!(dec::<Bytes>("\"aGVsbG8\""), Ok(b"hello".to_vec()));
        assert!(dec::<Bytes>("\"+_8=\"").is_err());
        assert!(dec::<Bytes>("\"!!\"")
            .unwrap_err()
            .contains("expected base64 data"));
        assert!(dec::<Bytes>("[1]").is_err());
    }

    // --- Timestamps ---

    fn ts_round_trip(input: &str) -> String {
        let v = dec::<Timestamp>(&format!("\"{input}\"")).expect(input);
        enc::<Timestamp>(&v)
    }

    #[test]
    fn timestamp_fraction_digits() {
        assert_eq!(
            ts_round_trip("2024-01-02T03:04:05Z"),
            "\"2024-01-02T03:04:05Z\""
        );
        assert_eq!(
            ts_round_trip("2024-01-02T03:04:05.123456789Z"),
            "\"2024-01-02T03:04:05.123456789Z\""
        );
        assert_eq!(
            ts_round_trip("2024-01-02T03:04:05.1Z"),
            "\"2024-01-02T03:04:05.100Z\""
        );
        assert_eq!(
            ts_round_trip("2024-01-02T03:04:05.1234Z"),
            "\"2024-01-02T03:04:05.123400Z\""
        );
        assert_eq!(
            ts_round_trip("2024-01-02T03:04:05.000000001Z"),
            "\"2024-01-02T03:04:05.000000001Z\""
        );
        assert_eq!(
            ts_round_trip("2024-01-02T03:04:05.000Z"),
            "\"2024-01-02T03:04:05Z\""
        );
        assert!(dec::<Timestamp>("\"2024-01-02T03:04:05.1234567891Z\"")
            .unwrap_err()
            .contains("at most 9 fraction digits"));
    }

    #[test]
    fn timestamp_offsets_normalised_to_utc() {
        assert_eq!(
            ts_round_trip("2024-01-02T03:04:05+03:00"),
            "\"2024-01-02T00:04:05Z\""
        );
        assert_eq!(
            ts_round_trip("2024-12-31T23:30:00.5-01:00"),
            "\"2025-01-01T00:30:00.500Z\""
        );
        let v = dec::<Timestamp>("\"2024-01-02T03:04:05+03:00\"").unwrap();
        assert_eq!(v, datetime!(2024-01-02 00:04:05 UTC));
        assert!(v.offset().is_utc());
    }

    #[test]
    fn timestamp_year_range() {
        assert_eq!(
            ts_round_trip("0001-01-01T00:00:00Z"),
            "\"0001-01-01T00:00:00Z\""
        );
        assert_eq!(
            ts_round_trip("9999-12-31T23:59:59.999999999Z"),
            "\"9999-12-31T23:59:59.999999999Z\""
        );
        for bad in [
            "0000-12-31T23:59:59Z",
            "0001-01-01T00:00:00+00:01",
            "9999-12-31T23:59:59-01:00",
        ] {
            let err = dec::<Timestamp>(&format!("\"{bad}\"")).unwrap_err();
            assert!(err.contains("timestamp out of range"), "{bad}: {err}");
        }
        for bad in [
            "2024-01-02",
            "2024-01-02T03:04Z",
            "yesterday",
            "2024-13-01T00:00:00Z",
        ] {
            let err = dec::<Timestamp>(&format!("\"{bad}\"")).unwrap_err();
            assert!(
                err.contains("expected an RFC 3339 timestamp"),
                "{bad}: {err}"
            );
        }
        assert!(dec::<Timestamp>("1700000000").is_err());
        assert_eq!(
            enc_err::<Timestamp>(&datetime!(0000-06-01 0:00 UTC)),
            ".: timestamp out of range: it must lie between 0001-01-01T00:00:00Z and \
             9999-12-31T23:59:59.999999999Z"
        );
        assert!(to_value(&Encode::<Timestamp>(&datetime!(9999-12-31 23:00 -05:00))).is_err());
        assert_eq!(
            enc::<Timestamp>(&datetime!(2024-01-02 03:04:05.5 +03:00)),
            "\"2024-01-02T00:04:05.500Z\""
        );
    }

    // --- Durations ---

    #[test]
    fn duration_forms() {
        let d = |s: &str| dec::<Duration>(&format!("\"{s}\""));
        assert_eq!(d("1.5s"), Ok(time::Duration::milliseconds(1500)));
        assert_eq!(d("3s"), Ok(time::Duration::seconds(3)));
        assert_eq!(d("0s"), Ok(time::Duration::ZERO));
        assert_eq!(d("-0.000000001s"), Ok(time::Duration::nanoseconds(-1)));
        assert_eq!(d("-1.5s"), Ok(time::Duration::milliseconds(-1500)));
        assert_eq!(d("0.000001s"), Ok(time::Duration::microseconds(1)));
        assert_eq!(
            d("315576000000s"),
            Ok(time::Duration::seconds(315_576_000_000))
        );
        assert_eq!(
            d("-315576000000.999999999s"),
            Ok(time::Duration::new(-315_576_000_000, -999_999_999))
        );
        assert!(d("315576000001s").unwrap_err().contains("out of range"));
        assert!(d("99999999999999999999999s")
            .unwrap_err()
            .contains("out of range"));
        for bad in [
            "1",
            "1.s",
            ".5s",
            "1.5 s",
            "1.0000000001s",
            "+1s",
            "s",
            "-s",
            "1ms",
            "",
        ] {
            assert!(d(bad).unwrap_err().contains("expected a duration"), "{bad}");
        }
        assert!(dec::<Duration>("1.5").is_err());
    }

    #[test]
    fn duration_output_digits() {
        let e = |d: time::Duration| enc::<Duration>(&d);
        assert_eq!(e(time::Duration::seconds(3)), "\"3s\"");
        assert_eq!(e(time::Duration::milliseconds(1500)), "\"1.500s\"");
        assert_eq!(
            e(time::Duration::microseconds(-1_500_001)),
            "\"-1.500001s\""
        );
        assert_eq!(e(time::Duration::nanoseconds(-1)), "\"-0.000000001s\"");
        assert_eq!(e(time::Duration::ZERO), "\"0s\"");
        assert_eq!(
            enc_err::<Duration>(&time::Duration::seconds(315_576_000_001)),
            ".: duration out of range: at most 315576000000 seconds either way"
        );
    }

    // --- FieldMask, Json ---

    #[test]
    fn field_mask_split_and_join() {
        let m = dec::<FieldMask>("\"a.b,cD\"").unwrap();
        assert_eq!(m.paths, vec!["a.b".to_owned(), "cD".to_owned()]);
        assert_eq!(enc::<FieldMask>(&m), "\"a.b,cD\"");
        assert_eq!(dec::<FieldMask>("\"\""), Ok(FieldMask::default()));
        assert_eq!(enc::<FieldMask>(&FieldMask::default()), "\"\"");
        assert_eq!(FieldMask::new(["x", "y.z"]).to_string(), "x,y.z");
        assert_eq!(
            enc_err::<FieldMask>(&FieldMask::new(["a,b"])),
            ".: field mask path \"a,b\" contains a comma"
        );
        assert!(dec::<FieldMask>("[\"a\"]")
            .unwrap_err()
            .contains("expected a field mask"));
        let direct: FieldMask = from_str("\"p,q\"").unwrap();
        assert_eq!(direct, FieldMask::new(["p", "q"]));
    }

    #[test]
    fn json_passes_objects_through_and_rejects_the_rest() {
        let v = json!({"a": [1, "x", null, {"b": 1.5}], "c": true});
        let obj = v.as_object().unwrap().clone();
        assert_eq!(decv::<Json>(v.clone()), Ok(obj.clone()));
        assert_eq!(to_value(&Encode::<Json>(&obj)).unwrap(), v);
        assert!(decv::<Json>(json!("not an object"))
            .unwrap_err()
            .contains("expected a JSON object"));
        assert!(decv::<Json>(json!([1])).is_err());
    }

    // --- Messages ---

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
            Some(&json!({"id": "ru-central1-a"}))
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
        assert_eq!(c.unknown.get("futureScalar"), Some(&json!("x")));

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
        assert_eq!(c.unknown.get("é"), Some(&json!(1)));
    }

    #[test]
    fn oneof_conflict_names_both_members() {
        let err =
            from_str::<Cluster>(r#"{"weeklyMaintenanceWindow": {"name": "MON"}, "anytime": {}}"#)
                .unwrap_err();
        assert_eq!(err.path(), ".");
        assert_eq!(
            err.message(),
            "`weeklyMaintenanceWindow` and `anytime` are members of one oneof; \
             at most one may be set at line 1 column 59"
        );
        let err = from_value::<Cluster>(
            json!({"parent": {"anytime": {}, "weeklyMaintenanceWindow": {}}}),
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "parent: `anytime` and `weeklyMaintenanceWindow` are members of one oneof; \
             at most one may be set"
        );
        // A null member leaves the slot as it was.
        let c: Cluster =
            from_str(r#"{"anytime": {"name": "a"}, "weeklyMaintenanceWindow": null}"#).unwrap();
        assert!(matches!(c.policy, Some(Policy::Anytime(_))));
    }

    #[test]
    fn set_oneof_directly() {
        let mut slot = None;
        set_oneof::<_, serde_json::Error>(&mut slot, Some(Policy::Anytime(Host::default())))
            .unwrap();
        set_oneof::<_, serde_json::Error>(&mut slot, None).unwrap();
        assert!(matches!(slot, Some(Policy::Anytime(_))));
        let named = Host {
            name: Some("second".into()),
            ..Host::default()
        };
        set_oneof::<_, serde_json::Error>(&mut slot, Some(Policy::Anytime(named.clone()))).unwrap();
        assert_eq!(slot, Some(Policy::Anytime(named)));
        let err =
            set_oneof::<_, serde_json::Error>(&mut slot, Some(Policy::Weekly(Host::default())))
                .unwrap_err();
        assert_eq!(
            err.to_string(),
            "`anytime` and `weeklyMaintenanceWindow` are members of one oneof; at most one may be set"
        );
    }

    #[test]
    fn error_paths_name_the_bad_value() {
        let err = from_value::<Cluster>(json!({"hosts": [{}, {"port": "x"}]})).unwrap_err();
        assert_eq!(err.path(), "hosts[1].port");
        assert_eq!(
            err.to_string(),
            "hosts[1].port: invalid value: string \"x\", expected an int32 as a JSON number or \
             numeric string"
        );

        let err =
            from_value::<Cluster>(json!({"parent": {"parent": {"hosts": [{"health": true}]}}}))
                .unwrap_err();
        assert_eq!(
            err.to_string(),
            "parent.parent.hosts[0].health: invalid type: boolean `true`, expected an enum name \
             (string) or number"
        );

        let err = from_str::<Cluster>("{\"labels\": [5]}").unwrap_err();
        assert_eq!(
            err.to_string(),
            "labels: invalid type: sequence, expected a JSON object at line 1 column 11"
        );

        let err = from_str::<Cluster>(r#"{"hosts": {"name": "h"}}"#).unwrap_err();
        assert_eq!(err.path(), "hosts");
        assert!(err
            .message()
            .starts_with("invalid type: map, expected a JSON array"));

        let err = from_str::<Cluster>(r#"{"hosts": ["h"]}"#).unwrap_err();
        assert_eq!(err.path(), "hosts[0]");
        assert!(err
            .message()
            .starts_with("invalid type: string \"h\", expected a JSON object (test.v1.Host)"));

        let err = from_value::<Cluster>(json!(5)).unwrap_err();
        assert_eq!(
            err.to_string(),
            ".: invalid type: integer `5`, expected a JSON object (test.v1.Cluster)"
        );

        let err = from_value::<Cluster>(json!({"createdAt": "2024-01-02"})).unwrap_err();
        assert_eq!(err.path(), "createdAt");
        assert!(err.message().starts_with("expected an RFC 3339 timestamp"));

        let err = from_str::<Cluster>("{} x").unwrap_err();
        assert_eq!(err.path(), ".");
        assert!(err.message().contains("trailing characters"));

        let err = from_str::<Cluster>("{\"name\": ").unwrap_err();
        assert_eq!(err.path(), "name");
        assert!(err.message().contains("EOF"));
    }

    #[test]
    fn encode_errors_name_the_path_too() {
        let c = Cluster {
            parent: Some(Box::new(Cluster {
                created_at: Some(datetime!(0000-01-01 0:00 UTC)),
                ..Cluster::default()
            })),
            ..Cluster::default()
        };
        let err = to_value(&c).unwrap_err();
        assert_eq!(err.path(), "parent.createdAt");
        assert!(err.message().starts_with("timestamp out of range"));
        assert_eq!(to_string(&c).unwrap_err().path(), "parent.createdAt");
    }

    // --- Enums and unknown values ---

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

    #[test]
    fn unknown_fields_api() {
        let mut u = UnknownFields::default();
        assert!(u.is_empty());
        assert_eq!(u.insert("b", json!(2)), None);
        assert_eq!(u.insert("a", json!([1])), None);
        assert_eq!(u.insert("b", json!(3)), Some(json!(2)));
        assert_eq!(u.len(), 2);
        let keys: Vec<&str> = u.iter().map(|(k, _)| k).collect();
        assert_eq!(keys, ["a", "b"]);
        assert_eq!(u.remove("a"), Some(json!([1])));
        assert_eq!(u.get("a"), None);
        assert_eq!(u.get("b"), Some(&json!(3)));

        let h: Host = from_str(r#"{"x": {"y": [null, 1.5]}, "name": "n", "z": "w"}"#).unwrap();
        assert_eq!(h.unknown.len(), 2);
        assert_eq!(
            to_value(&h).unwrap(),
            json!({"name": "n", "x": {"y": [null, 1.5]}, "z": "w"})
        );
    }

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

    // --- Any ---

    #[test]
    fn any_with_type() {
        let input = json!({"@type": "type.googleapis.com/test.v1.Host", "name": "h", "port": 5});
        let any: Any = from_value(input.clone()).unwrap();
        assert_eq!(any.type_url, "type.googleapis.com/test.v1.Host");
        assert_eq!(any.type_name(), "test.v1.Host");
        assert!(any.is::<Host>());
        assert!(!any.is::<Cluster>());
        assert!(!any.fields.contains_key("@type"));
        let host: Host = any.unpack().unwrap();
        assert_eq!((host.name.as_deref(), host.port), (Some("h"), Some(5)));
        assert_eq!(to_value(&any).unwrap(), input);
        assert_eq!(Any::pack(&host).unwrap(), any);
    }

    #[test]
    fn any_without_type_and_errors() {
        let any: Any = from_str(r#"{"name": "h"}"#).unwrap();
        assert_eq!(any.type_url, "");
        assert_eq!(any.type_name(), "");
        assert_eq!(to_value(&any).unwrap(), json!({"name": "h"}));
        assert_eq!(
            from_value::<Any>(json!("x")).unwrap_err().to_string(),
            ".: invalid type: string \"x\", expected a JSON object (google.protobuf.Any)"
        );
        assert_eq!(
            from_value::<Any>(json!({"@type": 1}))
                .unwrap_err()
                .to_string(),
            "@type: invalid type: integer `1`, expected a JSON string"
        );
        let bad = Any {
            type_url: "x/test.v1.Host".into(),
            fields: json!({"port": "x"})
                .as_object()
                .cloned()
                .unwrap_or_default(),
        };
        assert_eq!(bad.type_name(), "test.v1.Host");
        assert_eq!(bad.unpack::<Host>().unwrap_err().path(), "port");
        assert!(Any::pack(&Health::Alive).is_err());
    }

    impl Message for Health {
        const NAME: &'static str = "test.v1.Health";

        fn merge_field<'de, A: MapAccess<'de>>(
            &mut self,
            _key: &str,
            map: &mut A,
        ) -> Result<(), A::Error> {
            map.next_value::<de::IgnoredAny>().map(|_| ())
        }
    }

    #[test]
    fn error_display_and_accessors() {
        let e = Error::new("a.b[0].c", "boom");
        assert_eq!(e.to_string(), "a.b[0].c: boom");
        assert_eq!((e.path(), e.message()), ("a.b[0].c", "boom"));
        let boxed: Box<dyn std::error::Error> = Box::new(e);
        assert!(boxed.to_string().ends_with("boom"));
        assert!(to_string_pretty(&json!({"a": 1})).unwrap().contains("\n"));
        assert_eq!(to_vec(&json!([1])).unwrap(), b"[1]");
    }
}
