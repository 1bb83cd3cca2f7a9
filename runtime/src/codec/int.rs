//! The integer codecs.
//!
//! 64-bit integers are written as JSON strings because JavaScript readers lose digits past
//! 2^53; every width is read from a number or a numeric string, since servers write both.
//! Numeric strings are parsed exactly, without `f64`, so `"9007199254740993"` survives; and
//! `"1e3"` or `5.0` are read as integers because protobuf's own parser accepts any JSON
//! number with an integral value.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserializer, Unexpected, Visitor};
use serde::ser::Serializer;

use super::Codec;

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
pub(super) fn split_number(s: &str) -> Option<(bool, &str, &str, bool, &str)> {
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
    // The common case, plain decimal digits (what the API prints), without the general
    // path's digit buffer: that allocation was most of the cost of an int64 field.
    let (negative, body) = match s.strip_prefix('-') {
        Some(body) => (true, body),
        None => (false, s),
    };
    if !body.is_empty() && body.len() <= 38 && body.bytes().all(|b| b.is_ascii_digit()) {
        // Up to 19 digits fit a u64, whose arithmetic costs a fraction of `i128::from_str`'s
        // (which was the larger part of reading an int64 field).
        if body.len() <= 19 {
            let n = body.bytes().fold(0u64, |n, d| n * 10 + u64::from(d - b'0'));
            let n = i128::from(n);
            return Ok(if negative { -n } else { n });
        }
        return s.parse::<i128>().map_err(|_| IntError::Overflow);
    }
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
        // `itoa` rather than `Display`: the formatting machinery cost more than the digits.
        s.serialize_str(itoa::Buffer::new().format(*v))
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
        s.serialize_str(itoa::Buffer::new().format(*v))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::*;

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
}
