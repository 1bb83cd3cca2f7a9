//! `google.protobuf.Duration`.
//!
//! The JSON form is seconds with an `s` suffix (`"1.5s"`), not an RFC 3339 or ISO 8601
//! duration; protobuf limits durations to about 10,000 years either way, and a value beyond
//! that is refused on input and on output rather than written in a form other readers
//! reject.

use std::fmt;

use serde::de::{self, Deserializer, Visitor};
use serde::ser::{self, Serializer};

use super::text::Text;
use crate::codec::Codec;

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

/// The text of a duration in the protobuf range: `-1.500s`.
fn duration_text(d: time::Duration) -> Text<24> {
    let mut text = Text::new();
    let seconds = d.whole_seconds();
    let nanos = d.subsec_nanoseconds();
    if seconds < 0 || nanos < 0 {
        text.push(b'-');
    }
    // At most 12 digits: the range is checked first.
    text.push_str(itoa::Buffer::new().format(seconds.unsigned_abs()));
    text.push_fraction(nanos.unsigned_abs());
    text.push(b's');
    text
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
        s.serialize_str(duration_text(*v).as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::*;

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
}
