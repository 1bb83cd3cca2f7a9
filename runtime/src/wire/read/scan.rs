//! Byte scanning for the reader: whitespace, the plain run of a string, a string's end, a
//! number's end. Every function takes the input and a position and returns a position; none
//! allocates.
//!
//! Strings are most of what a message's text is (keys and values), and most of them are
//! short and plain, so their scan looks at 16 bytes at a time with the processor's vector
//! comparisons, then 8 bytes a word at a time, then byte by byte at the input's end.

use wide::u8x16;

use super::Bail;

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x8080_8080_8080_8080;

/// The bytes that end a plain run inside a string: the closing quote, an escape, or a
/// control character (which JSON forbids raw in a string).
fn is_special(b: u8) -> bool {
    b == b'"' || b == b'\\' || b < 0x20
}

/// The high bit of each byte of `w` that [`is_special`] flags. A byte above the lowest
/// flagged one may be flagged wrongly (the subtraction borrows through it), so only the
/// lowest is read.
fn specials(w: u64) -> u64 {
    let zero = |v: u64| v.wrapping_sub(ONES) & !v;
    let quote = zero(w ^ (ONES * u64::from(b'"')));
    let escape = zero(w ^ (ONES * u64::from(b'\\')));
    let control = w.wrapping_sub(ONES * 0x20) & !w;
    (quote | escape | control) & HIGH
}

/// One bit for each byte of the 16 of `chunk` that [`is_special`] flags, lowest bit first:
/// one SSE2 (or NEON) comparison of all 16 bytes, about ten instructions where
/// [`specials`] takes twenty for 8.
#[inline]
fn specials16(chunk: [u8; 16]) -> u32 {
    let v = u8x16::new(chunk);
    let quote = v.cmp_eq(u8x16::splat(b'"'));
    let escape = v.cmp_eq(u8x16::splat(b'\\'));
    // Below 0x20: the byte is its own minimum with 0x1f.
    let control = v.min(u8x16::splat(0x1f)).cmp_eq(v);
    (quote | escape | control).move_mask() as u32
}

/// The position of the first byte at or after `i` that ends a plain string run, or the
/// input's length.
#[inline]
pub(crate) fn plain_run_end(b: &[u8], mut i: usize) -> usize {
    while let Some(chunk) = b.get(i..).and_then(|rest| rest.first_chunk::<16>()) {
        let found = specials16(*chunk);
        if found != 0 {
            return i + found.trailing_zeros() as usize;
        }
        i += 16;
    }
    while let Some(chunk) = b.get(i..i + 8) {
        let Ok(word) = <[u8; 8]>::try_from(chunk) else {
            break;
        };
        let found = specials(u64::from_le_bytes(word));
        if found != 0 {
            return i + (found.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while i < b.len() && !is_special(b[i]) {
        i += 1;
    }
    i
}

/// The position of the closing quote of the string whose text starts at `i` (after the
/// opening quote), checking its escapes as the JSON grammar has them.
pub(super) fn string_end(b: &[u8], mut i: usize) -> Result<usize, Bail> {
    loop {
        i = plain_run_end(b, i);
        match b.get(i) {
            Some(b'"') => return Ok(i),
            Some(b'\\') => match b.get(i + 1) {
                Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => i += 2,
                Some(b'u') => {
                    let hex = b.get(i + 2..i + 6).ok_or(Bail)?;
                    if !hex.iter().all(u8::is_ascii_hexdigit) {
                        return Err(Bail);
                    }
                    i += 6;
                }
                _ => return Err(Bail),
            },
            // A raw control character, or the input ended inside the string.
            _ => return Err(Bail),
        }
    }
}

/// The position after the whitespace at `i`.
#[inline]
pub(super) fn whitespace_end(b: &[u8], mut i: usize) -> usize {
    while let Some(b' ' | b'\n' | b'\r' | b'\t') = b.get(i) {
        i += 1;
    }
    i
}

fn digits_end(b: &[u8], mut i: usize) -> usize {
    while b.get(i).is_some_and(u8::is_ascii_digit) {
        i += 1;
    }
    i
}

/// The position after the number at `i`, which must follow the JSON grammar:
/// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
pub(super) fn number_end(b: &[u8], mut i: usize) -> Result<usize, Bail> {
    if b.get(i) == Some(&b'-') {
        i += 1;
    }
    i = match b.get(i) {
        Some(b'0') => i + 1,
        Some(b'1'..=b'9') => digits_end(b, i + 1),
        _ => return Err(Bail),
    };
    if b.get(i) == Some(&b'.') {
        let end = digits_end(b, i + 1);
        if end == i + 1 {
            return Err(Bail);
        }
        i = end;
    }
    if let Some(b'e' | b'E') = b.get(i) {
        i += 1;
        if let Some(b'+' | b'-') = b.get(i) {
            i += 1;
        }
        let end = digits_end(b, i);
        if end == i {
            return Err(Bail);
        }
        i = end;
    }
    Ok(i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plain_run_ends_at_the_first_special_byte_wherever_it_is() {
        // Every position in and past the first word, and every special byte, including a
        // special byte after a non-ASCII one and bytes that look like a borrow.
        for special in [b'"', b'\\', 0x00, 0x1f, b'\n'] {
            // 40 bytes: two 16-byte steps, a word and single bytes, from 0 and from 1.
            for at in 0..40 {
                let mut text = vec![b'a'; 40];
                text[3] = 0x80;
                text[5] = 0x21;
                text[6] = 0xff;
                text[7] = b' ';
                if ![3, 6, 7].contains(&at) {
                    text[at] = special;
                }
                let want = text.iter().position(|&c| is_special(c)).unwrap_or(40);
                assert_eq!(
                    plain_run_end(&text, 0),
                    want,
                    "special {special:#x} at {at}"
                );
                let from_1 = text[1..]
                    .iter()
                    .position(|&c| is_special(c))
                    .map_or(40, |p| p + 1);
                assert_eq!(plain_run_end(&text, 1), from_1, "from 1, at {at}");
            }
        }
        assert_eq!(plain_run_end(b"abc", 0), 3);
        assert_eq!(plain_run_end("día\"".as_bytes(), 0), 4);
    }

    #[test]
    fn strings_end_at_their_closing_quote_past_escapes() {
        let b = br#""a\"b\\c\u00e9\/" x"#;
        assert_eq!(string_end(b, 1), Ok(16));
        assert_eq!(b[16], b'"');
        for bad in [
            &br#""a\x""#[..],
            br#""\u00g0""#,
            br#""\u00""#,
            b"\"a\nb\"",
            b"\"abc",
        ] {
            assert_eq!(
                string_end(bad, 1),
                Err(Bail),
                "{}",
                String::from_utf8_lossy(bad)
            );
        }
    }

    #[test]
    fn numbers_follow_the_json_grammar() {
        for (text, end) in [
            ("0", 1),
            ("-0", 2),
            ("12,", 2),
            ("-1.5e+3}", 7),
            ("1E9", 3),
            ("01", 1),
        ] {
            assert_eq!(number_end(text.as_bytes(), 0), Ok(end), "{text}");
        }
        for bad in ["-", "1.", "1.e3", "1e", "1e+", "+1", ".5", "-a"] {
            assert_eq!(number_end(bad.as_bytes(), 0), Err(Bail), "{bad}");
        }
    }

    #[test]
    fn whitespace_is_the_four_json_characters() {
        assert_eq!(whitespace_end(b" \t\r\n x", 0), 5);
        assert_eq!(whitespace_end(b"\x0cx", 0), 0);
    }
}
