//! `google.protobuf.Timestamp`.
//!
//! Servers write offsets other than `Z`, so any RFC 3339 offset is read and the value
//! converted to UTC; the output is always UTC. Protobuf timestamps cover years 0001 to
//! 9999 in UTC and count nanoseconds, so a value outside those years (after conversion) or
//! with more than 9 fraction digits is refused on input, and a time outside them on output.

use std::fmt;

use serde::de::{self, Deserializer, Visitor};
use serde::ser::{self, Serializer};
use time::format_description::well_known::Rfc3339;
use time::{Date, Month, OffsetDateTime, PrimitiveDateTime, Time};

use super::text::Text;
use crate::codec::Codec;

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

/// The form the API prints, `YYYY-MM-DDTHH:MM:SS[.F]Z` with 1 to 9 fraction digits, read
/// without the general RFC 3339 parser, which took a fifth of the time of decoding a message
/// with timestamps. `None` for anything else (other offsets, year 0000, leap seconds,
/// impossible dates), which the general parser reads or refuses.
fn parse_utc(s: &str) -> Option<OffsetDateTime> {
    let (head, fraction) = s.strip_suffix('Z')?.as_bytes().split_first_chunk::<19>()?;
    let [y1, y2, y3, y4, b'-', m1, m2, b'-', d1, d2, b'T', h1, h2, b':', n1, n2, b':', s1, s2] =
        *head
    else {
        return None;
    };
    let digits = |ds: &[u8]| {
        ds.iter().try_fold(0u32, |n, &d| {
            d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0'))
        })
    };
    let year = digits(&[y1, y2, y3, y4]).filter(|&y| y > 0)?;
    let month = Month::try_from(digits(&[m1, m2])? as u8).ok()?;
    let date = Date::from_calendar_date(year as i32, month, digits(&[d1, d2])? as u8).ok()?;
    let nanos = match fraction {
        [] => 0,
        [b'.', ds @ ..] if (1..=9).contains(&ds.len()) => {
            digits(ds)? * 10u32.pow(9 - ds.len() as u32)
        }
        _ => return None,
    };
    let time = Time::from_hms_nano(
        digits(&[h1, h2])? as u8,
        digits(&[n1, n2])? as u8,
        digits(&[s1, s2])? as u8,
        nanos,
    )
    .ok()?;
    Some(PrimitiveDateTime::new(date, time).assume_utc())
}

fn parse_timestamp(s: &str) -> Result<OffsetDateTime, String> {
    if let Some(t) = parse_utc(s) {
        return Ok(t);
    }
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

/// The text of a UTC time in the protobuf range: `2024-01-02T03:04:05.123Z`.
fn timestamp_text(t: OffsetDateTime) -> Text<30> {
    let mut text = Text::new();
    // The range check leaves years 1 to 9999 only.
    let (year, month, day) = t.to_calendar_date();
    let (hour, minute, second, nanos) = t.to_hms_nano();
    text.push_digits(year.unsigned_abs(), 4);
    text.push(b'-');
    text.push_digits(u32::from(u8::from(month)), 2);
    text.push(b'-');
    text.push_digits(u32::from(day), 2);
    text.push(b'T');
    text.push_digits(u32::from(hour), 2);
    text.push(b':');
    text.push_digits(u32::from(minute), 2);
    text.push(b':');
    text.push_digits(u32::from(second), 2);
    text.push_fraction(nanos);
    text.push(b'Z');
    text
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
        // A decoded timestamp is in UTC already, and then the year alone tells whether it
        // is in range; the conversion through Unix nanoseconds cost more than writing the
        // text.
        let utc = if v.offset().is_utc() && (1..=9999).contains(&v.year()) {
            *v
        } else {
            timestamp_to_utc(*v).map_err(ser::Error::custom)?
        };
        s.serialize_str(timestamp_text(utc).as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::*;

    #[test]
    fn the_printed_form_reads_as_the_general_parser_reads_it() {
        let general = |s: &str| {
            OffsetDateTime::parse(s, &Rfc3339)
                .ok()
                .and_then(|t| timestamp_to_utc(t).ok())
        };
        for s in [
            "2024-01-02T03:04:05Z",
            "2024-01-02T03:04:05.1Z",
            "2024-02-29T23:59:59.123456789Z",
            "0001-01-01T00:00:00Z",
            "9999-12-31T23:59:59.999999999Z",
            "1970-01-01T00:00:00.000Z",
        ] {
            assert_eq!(parse_utc(s), general(s), "{s}");
            assert!(parse_utc(s).is_some(), "{s}");
        }
        // Left to the general parser, which reads the first two and refuses the rest.
        for s in [
            "2024-01-02T03:04:05+03:00",
            "2024-01-02t03:04:05z",
            "0000-01-01T00:00:00Z",
            "2023-02-29T00:00:00Z",
            "2024-01-02T24:00:00Z",
            "2024-12-31T23:59:60Z",
            "2024-01-02T03:04:05.Z",
            "2024-01-02T03:04:05.1234567890Z",
            "2024-1-02T03:04:05Z",
            "2024-01-02 03:04:05Z",
            "+2024-01-02T03:04:05Z",
            "Z",
            "",
        ] {
            assert_eq!(parse_utc(s), None, "{s}");
        }
    }

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
        // The ends of the range, in UTC (checked by year alone) and at other offsets.
        assert_eq!(
            enc::<Timestamp>(&datetime!(9999-12-31 23:59:59.999999999 UTC)),
            "\"9999-12-31T23:59:59.999999999Z\""
        );
        assert_eq!(
            enc::<Timestamp>(&datetime!(0001-01-01 0:00 UTC)),
            "\"0001-01-01T00:00:00Z\""
        );
        assert_eq!(
            enc::<Timestamp>(&datetime!(0001-01-01 0:30 -01:00)),
            "\"0001-01-01T01:30:00Z\""
        );
        assert!(to_value(&Encode::<Timestamp>(&datetime!(0001-01-01 0:30 +01:00))).is_err());
        assert_eq!(
            enc::<Timestamp>(&datetime!(2024-01-02 03:04:05.5 +03:00)),
            "\"2024-01-02T00:04:05.500Z\""
        );
    }
}
