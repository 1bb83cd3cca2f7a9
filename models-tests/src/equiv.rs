//! Proto3 JSON equivalence, for round-trip tests of the generated models.
//!
//! A fixture is decoded into the generated type and encoded again; the result must equal
//! the input under proto3 JSON equivalence:
//!
//! - a key present in the input is present in the output with an equivalent value, except
//!   that a key whose input value is `null` or a default value may be missing (proto3:
//!   null and defaults mean "absent"), and `@type` (inside an `Any`) may be dropped;
//! - a key absent from the input may appear in the output only with a default value:
//!   `null`, `0`, `"0"`, `""`, `false`, `[]`, `{}`, or an enum zero name (any string
//!   ending in `_UNSPECIFIED`, since the real zero name cannot be known here);
//! - arrays are compared element by element and must have the same length;
//! - scalars are equivalent when they are equal JSON, or denote the same integer (`"5"`
//!   and `5`, exactly over the whole i64/u64 range), or the same floating-point number
//!   (`1.5`, `"1.5"`, `1.50`; `"NaN"`, `"Infinity"`, `"-Infinity"`), or the same instant
//!   (RFC 3339 timestamps with any offset and fraction), or the same duration (`"1.5s"`
//!   and `"1.500s"`), or the same bytes (base64, standard or URL-safe, padded or not).
//!
//! Errors name the JSON path of the first mismatch, rendered like `a.b[0].c` (`.` for the
//! top level).

use serde_json::{Map, Value};

/// Checks that `output` (the re-encoded value) is proto3-equivalent to `input`.
pub fn proto3_equivalent(input: &Value, output: &Value) -> Result<(), String> {
    let mut path = Vec::new();
    compare(input, output, &mut path)
}

/// One step of a JSON path.
enum Seg<'a> {
    Key(&'a str),
    Index(usize),
}

/// Renders a path like `a.b[0].c`, or `.` for the top level.
fn render(path: &[Seg]) -> String {
    if path.is_empty() {
        return ".".to_owned();
    }
    let mut out = String::new();
    for seg in path {
        match seg {
            Seg::Key(k) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(k);
            }
            Seg::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    out
}

fn compare<'a>(input: &'a Value, output: &'a Value, path: &mut Vec<Seg<'a>>) -> Result<(), String> {
    match (input, output) {
        (Value::Object(i), Value::Object(o)) => compare_objects(i, o, path),
        (Value::Array(i), Value::Array(o)) => {
            if i.len() != o.len() {
                return Err(format!(
                    "{}: the input has {} elements but the output has {}",
                    render(path),
                    i.len(),
                    o.len()
                ));
            }
            for (n, (a, b)) in i.iter().zip(o).enumerate() {
                path.push(Seg::Index(n));
                compare(a, b, path)?;
                path.pop();
            }
            Ok(())
        }
        _ if scalars_equivalent(input, output) => Ok(()),
        _ => Err(format!(
            "{}: the input has {input} but the output has {output}",
            render(path)
        )),
    }
}

fn compare_objects<'a>(
    input: &'a Map<String, Value>,
    output: &'a Map<String, Value>,
    path: &mut Vec<Seg<'a>>,
) -> Result<(), String> {
    for (key, a) in input {
        path.push(Seg::Key(key));
        match output.get(key) {
            Some(b) if a.is_null() => {
                if !is_default(b) {
                    return Err(format!(
                        "{}: the input has null (the default) but the output has {b}",
                        render(path)
                    ));
                }
            }
            Some(b) => compare(a, b, path)?,
            None => {
                if key != "@type" && !is_default(a) {
                    return Err(format!(
                        "{}: the input has {a} but the output has no such key",
                        render(path)
                    ));
                }
            }
        }
        path.pop();
    }
    for (key, b) in output {
        if !input.contains_key(key) && !is_default(b) {
            path.push(Seg::Key(key));
            return Err(format!(
                "{}: the input has no such key but the output has {b}, which is not a default value",
                render(path)
            ));
        }
    }
    Ok(())
}

/// Whether `v` is a proto3 default value (or null, which proto3 reads as the default).
fn is_default(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::Bool(b) => !b,
        Value::Number(n) => n.as_f64() == Some(0.0),
        Value::String(s) => s.is_empty() || s == "0" || s.ends_with("_UNSPECIFIED"),
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
    }
}

fn scalars_equivalent(a: &Value, b: &Value) -> bool {
    if a == b {
        return true;
    }
    if let (Some(x), Some(y)) = (as_integer(a), as_integer(b)) {
        return x == y;
    }
    if let (Some(x), Some(y)) = (as_float(a), as_float(b)) {
        return x == y || (x.is_nan() && y.is_nan());
    }
    if let (Value::String(x), Value::String(y)) = (a, b) {
        if let (Some(p), Some(q)) = (timestamp_nanos(x), timestamp_nanos(y)) {
            return p == q;
        }
        if let (Some(p), Some(q)) = (duration_nanos(x), duration_nanos(y)) {
            return p == q;
        }
        if let (Some(p), Some(q)) = (base64_bytes(x), base64_bytes(y)) {
            return p == q;
        }
    }
    false
}

/// An exact integer: a JSON integer, or a string of the form `-?[0-9]+`.
fn as_integer(v: &Value) -> Option<i128> {
    match v {
        Value::Number(n) => n
            .as_i64()
            .map(i128::from)
            .or_else(|| n.as_u64().map(i128::from)),
        Value::String(s) => {
            let digits = s.strip_prefix('-').unwrap_or(s);
            if digits.is_empty() || digits.len() > 30 || !digits.bytes().all(|b| b.is_ascii_digit())
            {
                return None;
            }
            s.parse().ok()
        }
        _ => None,
    }
}

/// A floating-point number: a JSON number, a numeric string, or one of the special names.
fn as_float(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => match s.as_str() {
            "NaN" => Some(f64::NAN),
            "Infinity" => Some(f64::INFINITY),
            "-Infinity" => Some(f64::NEG_INFINITY),
            _ if is_json_number(s) => s.parse().ok(),
            _ => None,
        },
        _ => None,
    }
}

/// Whether `s` has JSON number syntax (leading zeros allowed).
fn is_json_number(s: &str) -> bool {
    fn digits(s: &str) -> (usize, &str) {
        let n = s.bytes().take_while(u8::is_ascii_digit).count();
        (n, &s[n..])
    }
    let s = s.strip_prefix('-').unwrap_or(s);
    let (n, mut rest) = digits(s);
    if n == 0 {
        return false;
    }
    if let Some(r) = rest.strip_prefix('.') {
        let (n, r) = digits(r);
        if n == 0 {
            return false;
        }
        rest = r;
    }
    if let Some(r) = rest.strip_prefix(['e', 'E']) {
        let r = r.strip_prefix(['+', '-']).unwrap_or(r);
        let (n, r) = digits(r);
        if n == 0 {
            return false;
        }
        rest = r;
    }
    rest.is_empty()
}

/// Parses exactly `n` ASCII digits at the start of `s`.
fn take_digits(s: &str, n: usize) -> Option<(i64, &str)> {
    let head = s.get(..n)?;
    if !head.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((head.parse().ok()?, &s[n..]))
}

/// Days from 1970-01-01 to the given civil date (proleptic Gregorian).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Parses `YYYY-MM-DDTHH:MM:SS(.f{1,9})?(Z|±HH:MM)` into nanoseconds since the Unix epoch.
fn timestamp_nanos(s: &str) -> Option<i128> {
    let (year, r) = take_digits(s, 4)?;
    let (month, r) = take_digits(r.strip_prefix('-')?, 2)?;
    let (day, r) = take_digits(r.strip_prefix('-')?, 2)?;
    let r = r.strip_prefix(['T', 't'])?;
    let (hour, r) = take_digits(r, 2)?;
    let (minute, r) = take_digits(r.strip_prefix(':')?, 2)?;
    let (second, mut r) = take_digits(r.strip_prefix(':')?, 2)?;
    let mut nanos: i64 = 0;
    if let Some(f) = r.strip_prefix('.') {
        let n = f.bytes().take_while(u8::is_ascii_digit).count();
        if n == 0 || n > 9 {
            return None;
        }
        nanos = f[..n].parse::<i64>().ok()? * 10_i64.pow(9 - n as u32);
        r = &f[n..];
    }
    let offset = if r == "Z" || r == "z" {
        0
    } else {
        let (sign, o) = match r.as_bytes().first()? {
            b'+' => (1, &r[1..]),
            b'-' => (-1, &r[1..]),
            _ => return None,
        };
        let (oh, o) = take_digits(o, 2)?;
        let (om, o) = take_digits(o.strip_prefix(':')?, 2)?;
        if !o.is_empty() || oh > 23 || om > 59 {
            return None;
        }
        sign * (oh * 3600 + om * 60)
    };
    if !(1..=12).contains(&month)
        || day < 1
        || day > days_in_month(year, month)
        || hour > 23
        || minute > 59
        || second > 59
    {
        return None;
    }
    let seconds =
        days_from_civil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second - offset;
    Some(i128::from(seconds) * 1_000_000_000 + i128::from(nanos))
}

/// Parses a proto3 duration `-?[0-9]+(\.[0-9]{1,9})?s` into signed nanoseconds.
fn duration_nanos(s: &str) -> Option<i128> {
    let body = s.strip_suffix('s')?;
    let (negative, body) = match body.strip_prefix('-') {
        Some(b) => (true, b),
        None => (false, body),
    };
    let (int, frac) = match body.split_once('.') {
        Some((i, f)) => (i, f),
        None => (body, "0"),
    };
    let all_digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    if !all_digits(int) || !all_digits(frac) || int.len() > 20 || frac.len() > 9 {
        return None;
    }
    let seconds: i128 = int.parse().ok()?;
    let nanos: i128 = frac.parse::<i128>().ok()? * 10_i128.pow(9 - frac.len() as u32);
    let total = seconds * 1_000_000_000 + nanos;
    Some(if negative { -total } else { total })
}

/// Decodes base64 in the standard or URL-safe alphabet, padded or not (trailing bits are
/// ignored).
fn base64_bytes(s: &str) -> Option<Vec<u8>> {
    let body = s
        .strip_suffix("==")
        .or_else(|| s.strip_suffix('='))
        .unwrap_or(s);
    if body.len() % 4 == 1 || (body.len() != s.len() && !s.len().is_multiple_of(4)) {
        return None;
    }
    let mut out = Vec::with_capacity(body.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0u32);
    for b in body.bytes() {
        let v = match b {
            b'A'..=b'Z' => b - b'A',
            b'a'..=b'z' => b - b'a' + 26,
            b'0'..=b'9' => b - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn ok(input: Value, output: Value) {
        if let Err(e) = proto3_equivalent(&input, &output) {
            panic!("expected equivalent: {input} vs {output}: {e}");
        }
    }

    fn fails(input: Value, output: Value) -> String {
        proto3_equivalent(&input, &output).expect_err("expected a mismatch")
    }

    #[test]
    fn equal_json_is_equivalent() {
        let v = json!({"a": [1, "x", {"b": true}], "c": null, "d": {}});
        ok(v.clone(), v);
    }

    #[test]
    fn integers_compare_exactly_across_forms() {
        ok(json!({"n": "5"}), json!({"n": 5}));
        ok(json!({"n": 5}), json!({"n": "5"}));
        ok(json!({"n": "-9223372036854775808"}), json!({"n": i64::MIN}));
        ok(json!({"n": i64::MAX}), json!({"n": "9223372036854775807"}));
        ok(json!({"n": u64::MAX}), json!({"n": "18446744073709551615"}));
        ok(json!({"n": "-0"}), json!({"n": "0"}));
        // Differ only beyond f64 precision: must not be equal.
        let e = fails(
            json!({"n": "9007199254740993"}),
            json!({"n": 9007199254740992u64}),
        );
        assert_eq!(
            e,
            "n: the input has \"9007199254740993\" but the output has 9007199254740992"
        );
        fails(
            json!({"n": "18446744073709551615"}),
            json!({"n": "18446744073709551614"}),
        );
    }

    #[test]
    fn floats_compare_as_numbers() {
        ok(json!({"x": 1.5}), json!({"x": "1.5"}));
        ok(json!({"x": 1e2}), json!({"x": 100}));
        ok(json!({"x": "1e300"}), json!({"x": 1e300}));
        ok(json!({"x": 5}), json!({"x": 5.0}));
        ok(json!({"x": "NaN"}), json!({"x": "NaN"}));
        ok(json!({"x": "Infinity"}), json!({"x": "Infinity"}));
        ok(json!({"x": "-Infinity"}), json!({"x": "-Infinity"}));
        assert_eq!(
            fails(json!({"x": "Infinity"}), json!({"x": "-Infinity"})),
            "x: the input has \"Infinity\" but the output has \"-Infinity\""
        );
        fails(json!({"x": 0.1}), json!({"x": 0.10000000149011612}));
        fails(json!({"x": "NaN"}), json!({"x": 0}));
        fails(json!({"x": "1.5"}), json!({"x": true}));
    }

    #[test]
    fn timestamps_compare_as_instants() {
        ok(
            json!({"t": "2024-01-02T03:04:05+03:00"}),
            json!({"t": "2024-01-02T00:04:05Z"}),
        );
        ok(
            json!({"t": "2024-12-31T23:30:00.5-01:00"}),
            json!({"t": "2025-01-01T00:30:00.500Z"}),
        );
        ok(
            json!({"t": "0001-01-01T00:00:00.000000001Z"}),
            json!({"t": "0001-01-01T00:00:00.000000001Z"}),
        );
        ok(
            json!({"t": "2024-02-29T12:00:00.120Z"}),
            json!({"t": "2024-02-29T12:00:00.12Z"}),
        );
        assert_eq!(
            fails(
                json!({"t": "2024-01-02T03:04:05Z"}),
                json!({"t": "2024-01-02T03:04:05.000000001Z"})
            ),
            "t: the input has \"2024-01-02T03:04:05Z\" but the output has \
             \"2024-01-02T03:04:05.000000001Z\""
        );
        fails(
            json!({"t": "2023-02-29T00:00:00Z"}),
            json!({"t": "2023-03-01T00:00:00Z"}),
        );
    }

    #[test]
    fn timestamp_parser() {
        assert_eq!(timestamp_nanos("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(
            timestamp_nanos("1970-01-01T01:00:00.25+01:00"),
            Some(250_000_000)
        );
        assert_eq!(
            timestamp_nanos("2000-03-01T00:00:00Z"),
            Some(951_868_800 * 1_000_000_000)
        );
        assert_eq!(
            timestamp_nanos("0001-01-01T00:00:00Z"),
            Some(-62_135_596_800 * 1_000_000_000)
        );
        for bad in [
            "2024-01-02",
            "2024-01-02T03:04:05",
            "2024-01-02T03:04:05.Z",
            "2024-01-02T03:04:05.1234567890Z",
            "2024-13-02T03:04:05Z",
            "2024-01-02T24:04:05Z",
            "2024-01-02T03:04:05+0300",
            "2024-01-02 03:04:05Z",
        ] {
            assert_eq!(timestamp_nanos(bad), None, "{bad}");
        }
    }

    #[test]
    fn durations_and_bytes() {
        ok(json!({"d": "1.5s"}), json!({"d": "1.500s"}));
        ok(json!({"d": "-0.000000001s"}), json!({"d": "-0.000000001s"}));
        ok(json!({"d": "3.000s"}), json!({"d": "3s"}));
        fails(json!({"d": "1.5s"}), json!({"d": "-1.5s"}));
        assert_eq!(duration_nanos("-1.5s"), Some(-1_500_000_000));
        assert_eq!(duration_nanos("1.s"), None);

        ok(json!({"b": "-_8"}), json!({"b": "+/8="}));
        ok(json!({"b": "aGVsbG8"}), json!({"b": "aGVsbG8="}));
        assert_eq!(base64_bytes("aGVsbG8="), Some(b"hello".to_vec()));
        fails(json!({"b": "aGVsbG8="}), json!({"b": "aGVsbH8="}));
        // Bits past the last whole byte are ignored, as the decoder ignores them.
        ok(json!({"b": "aGVsbG9"}), json!({"b": "aGVsbG8="}));
    }

    #[test]
    fn missing_and_extra_keys() {
        // Absent from the input: defaults only.
        ok(
            json!({}),
            json!({"a": 0, "b": "0", "c": "", "d": false, "e": [], "f": {}, "g": "STATUS_UNSPECIFIED", "h": null}),
        );
        assert_eq!(
            fails(json!({"a": {}}), json!({"a": {"b": [{"c": 1}]}})),
            "a.b: the input has no such key but the output has [{\"c\":1}], which is not a \
             default value"
        );
        assert_eq!(
            fails(json!({}), json!({"status": "RUNNING"})),
            "status: the input has no such key but the output has \"RUNNING\", which is not a \
             default value"
        );
        // Present in the input: must be kept, unless null or a default.
        ok(json!({"a": null, "b": [], "c": 0, "d": {}}), json!({}));
        ok(json!({"a": null}), json!({"a": null}));
        assert_eq!(
            fails(json!({"hosts": [{"name": "h"}]}), json!({"hosts": [{}]})),
            "hosts[0].name: the input has \"h\" but the output has no such key"
        );
        assert_eq!(
            fails(json!({"a": null}), json!({"a": 5})),
            "a: the input has null (the default) but the output has 5"
        );
    }

    #[test]
    fn at_type_may_be_dropped() {
        ok(
            json!({"any": {"@type": "type.googleapis.com/x.Y", "name": "n"}}),
            json!({"any": {"name": "n"}}),
        );
        ok(
            json!({"any": {"@type": "type.googleapis.com/x.Y"}}),
            json!({"any": {"@type": "type.googleapis.com/x.Y"}}),
        );
        assert_eq!(
            fails(
                json!({"any": {"@type": "type.googleapis.com/x.Y"}}),
                json!({"any": {"@type": "type.googleapis.com/x.Z"}})
            ),
            "any.@type: the input has \"type.googleapis.com/x.Y\" but the output has \
             \"type.googleapis.com/x.Z\""
        );
    }

    #[test]
    fn arrays_and_kinds() {
        assert_eq!(
            fails(json!({"a": [[1, 2]]}), json!({"a": [[1, 2, 3]]})),
            "a[0]: the input has 2 elements but the output has 3"
        );
        assert_eq!(
            fails(
                json!([{"a": [1, {"b": "x"}]}]),
                json!([{"a": [1, {"b": "y"}]}])
            ),
            "[0].a[1].b: the input has \"x\" but the output has \"y\""
        );
        assert_eq!(
            fails(json!(1), json!("x")),
            ".: the input has 1 but the output has \"x\""
        );
        fails(json!({"a": {}}), json!({"a": []}));
        fails(json!({"a": "5"}), json!({"a": [5]}));
        fails(json!({"a": true}), json!({"a": "true"}));
    }
}
