//! `float` and `double`.
//!
//! JSON has no NaN or infinities, so the mapping writes them as the strings `"NaN"`,
//! `"Infinity"` and `"-Infinity"`; numeric strings are read too. A `float` is written with
//! the shortest digits that read back as the same `f32`, because widening `0.1f32` to `f64`
//! prints `0.10000000149011612`.

use std::fmt;

use serde::de::{self, Deserializer, Unexpected, Visitor};
use serde::ser::Serializer;

use super::int::split_number;
use super::Codec;

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::*;

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
}
