//! Skipping one JSON value while checking it, for the values kept as text (an `Any`'s
//! fields, unknown fields): the text must be JSON, because it is written back as it is.

use super::scan::{number_end, string_end, whitespace_end};
use super::Bail;

/// The position after the value that starts at `i` (after whitespace), nested at most
/// `depth` arrays and objects deep.
pub(super) fn value_end(b: &[u8], i: usize, depth: u32) -> Result<usize, Bail> {
    let i = whitespace_end(b, i);
    match b.get(i) {
        Some(b'"') => Ok(string_end(b, i + 1)? + 1),
        Some(b'{') => members_end(b, i + 1, depth.checked_sub(1).ok_or(Bail)?, b'}', true),
        Some(b'[') => members_end(b, i + 1, depth.checked_sub(1).ok_or(Bail)?, b']', false),
        Some(b't') => literal_end(b, i, b"true"),
        Some(b'f') => literal_end(b, i, b"false"),
        Some(b'n') => literal_end(b, i, b"null"),
        Some(b'-' | b'0'..=b'9') => number_end(b, i),
        _ => Err(Bail),
    }
}

/// The position after the `close` that ends the members starting at `i`: `"key": value`
/// pairs when `keyed`, values otherwise.
fn members_end(b: &[u8], i: usize, depth: u32, close: u8, keyed: bool) -> Result<usize, Bail> {
    let mut i = whitespace_end(b, i);
    if b.get(i) == Some(&close) {
        return Ok(i + 1);
    }
    loop {
        if keyed {
            if b.get(i) != Some(&b'"') {
                return Err(Bail);
            }
            i = whitespace_end(b, string_end(b, i + 1)? + 1);
            if b.get(i) != Some(&b':') {
                return Err(Bail);
            }
            i += 1;
        }
        i = whitespace_end(b, value_end(b, i, depth)?);
        match b.get(i) {
            Some(b',') => i = whitespace_end(b, i + 1),
            Some(&c) if c == close => return Ok(i + 1),
            _ => return Err(Bail),
        }
    }
}

pub(super) fn literal_end(b: &[u8], i: usize, word: &[u8]) -> Result<usize, Bail> {
    match b.get(i..i + word.len()) {
        Some(found) if found == word => Ok(i + word.len()),
        _ => Err(Bail),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_end_where_json_says() {
        for text in [
            r#"{"a": [1, -2.5e3, "x\"y", true, false, null, {}], "b": {"c": []}}"#,
            "[ ]",
            "\"\"",
            "0",
            "{ \"k\" : 1 }",
        ] {
            let b = format!("{text} ,");
            assert_eq!(value_end(b.as_bytes(), 0, 8), Ok(text.len()), "{text}");
        }
    }

    #[test]
    fn what_json_refuses_is_refused() {
        for bad in [
            "{\"a\" 1}",
            "{\"a\": 1,}",
            "[1,]",
            "[1 2]",
            "{1: 2}",
            "tru",
            "nul",
            "[",
            "{\"a\":}",
            "'a'",
            "",
        ] {
            assert_eq!(value_end(bad.as_bytes(), 0, 8), Err(Bail), "{bad}");
        }
    }

    #[test]
    fn nesting_deeper_than_allowed_is_refused() {
        let deep = format!("{}{}", "[".repeat(5), "]".repeat(5));
        assert_eq!(value_end(deep.as_bytes(), 0, 5), Ok(10));
        assert_eq!(value_end(deep.as_bytes(), 0, 4), Err(Bail));
    }
}
