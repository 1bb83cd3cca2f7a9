//! JSON string escaping, as `serde_json` escapes: `"` and `\`, the control characters
//! below 0x20 (`\b`, `\f`, `\n`, `\r`, `\t` by name, the rest as `\u00XX` in lowercase
//! hex), and nothing else, neither 0x7F nor any non-ASCII character.
//!
//! `serde_json` looks each byte up in a table; on the wire fixtures that loop was half of a
//! typed encode (`format_escaped_str_contents`: 680 k of 1.40 M instructions a pass). Most
//! text needs no escape at all, so this tests a word of 8 bytes at a time (the usual
//! "has a byte below 0x20, or equal to `"` or `\`" tricks) and copies clean text whole.

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGHS: u64 = 0x8080_8080_8080_8080;

/// The bytes that need an escape, for texts shorter than a word.
const NEEDS_ESCAPE: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        table[b] = true;
        b += 1;
    }
    table[b'"' as usize] = true;
    table[b'\\' as usize] = true;
    table
};

/// A word whose lowest flagged byte (high bit set) is the first byte of `w` that needs an
/// escape. Bytes above the first hit may be flagged wrongly (a borrow runs upwards from a
/// hit), which does no harm: only the lowest hit is used.
#[inline]
fn needs_escape(w: u64) -> u64 {
    // A byte below 0x20: subtracting 0x20 borrows into its high bit, and a byte of 0x80 or
    // more (UTF-8 beyond ASCII) is excluded by `!w`.
    let control = w.wrapping_sub(ONES * 0x20) & !w;
    // A byte equal to `c` is a zero byte of `w ^ c`.
    let quote = w ^ (ONES * u64::from(b'"'));
    let backslash = w ^ (ONES * u64::from(b'\\'));
    let quote = quote.wrapping_sub(ONES) & !quote;
    let backslash = backslash.wrapping_sub(ONES) & !backslash;
    (control | quote | backslash) & HIGHS
}

/// `N` bytes of `b` from `at`.
#[inline]
fn bytes_at<const N: usize>(b: &[u8], at: usize) -> [u8; N] {
    let mut w = [0; N];
    w.copy_from_slice(&b[at..at + N]);
    w
}

/// The offset of the first byte of `b` that needs an escape.
#[inline]
fn first_escape(b: &[u8]) -> Option<usize> {
    let n = b.len();
    // Most strings of the wire fixtures are keys and enum names, shorter than a word: a
    // byte-by-byte loop over them cost more than all the rest of the scan.
    if n < 4 {
        return b.iter().position(|&c| NEEDS_ESCAPE[usize::from(c)]);
    }
    if n < 8 {
        // The first four bytes and the last four, which overlap: every byte is tested, and
        // a hit in the last four lies past the first four, which are clean then.
        let lo = u64::from(u32::from_le_bytes(bytes_at(b, 0)));
        let hi = u64::from(u32::from_le_bytes(bytes_at(b, n - 4)));
        let hits = needs_escape(lo | hi << 32);
        return match hits.trailing_zeros() as usize / 8 {
            8 => None,
            k if k < 4 => Some(k),
            k => Some(n + k - 8),
        };
    }
    let mut at = 0;
    while at + 8 <= n {
        let hits = needs_escape(u64::from_le_bytes(bytes_at(b, at)));
        if hits != 0 {
            return Some(at + hits.trailing_zeros() as usize / 8);
        }
        at += 8;
    }
    if at < n {
        // The last word overlaps bytes already found clean, which flag nothing, so its
        // lowest hit is past them.
        let last = n - 8;
        let hits = needs_escape(u64::from_le_bytes(bytes_at(b, last)));
        if hits != 0 {
            return Some(last + hits.trailing_zeros() as usize / 8);
        }
    }
    None
}

/// Texts up to this length take `write_short`: most strings of the wire fixtures are keys,
/// enum names, ids and timestamps, of 2 to 30 bytes.
const SHORT: usize = 32;

/// Writes `s` as a JSON string, quotes included.
#[inline]
pub(super) fn write_str(out: &mut Vec<u8>, s: &str) {
    let b = s.as_bytes();
    if b.len() > SHORT || !write_short(out, b, Frame::VALUE) {
        write_long(out, b, Frame::VALUE);
    }
}

/// Writes `key` as the key of an object's entry, `,"key":` (no comma before the first).
///
/// Keys are most of the strings a message writes; the comma and colon go into the same
/// fixed-size write as the key, and where optimized this is inlined into the field's
/// writer, where a literal key folds to a few stores (`Compound::serialize_key`).
#[cfg_attr(debug_assertions, inline)]
#[cfg_attr(not(debug_assertions), inline(always))]
pub(super) fn write_key(out: &mut Vec<u8>, first: bool, key: &str) {
    let b = key.as_bytes();
    let frame = Frame {
        comma: !first,
        colon: true,
    };
    if b.len() > SHORT || !write_short(out, b, frame) {
        write_long(out, b, frame);
    }
}

/// What goes around a quoted text: a comma before it, a colon after it (an object's key).
#[derive(Clone, Copy)]
struct Frame {
    comma: bool,
    colon: bool,
}

impl Frame {
    const VALUE: Frame = Frame {
        comma: false,
        colon: false,
    };
}

/// Writes a text of at most `SHORT` bytes that needs no escape, quoted, and returns true;
/// returns false, having written nothing, when it needs an escape.
///
/// A scan through `first_escape`, a copy through `memcpy` and the calls around them cost
/// 120 instructions for a key of 8 bytes, more than the rest of writing the field; so a
/// short text is tested as one to four words that cover it (overlapping, so some bytes are
/// tested twice) and copied in two fixed-size pieces that overlap likewise.
#[inline(always)]
fn write_short(out: &mut Vec<u8>, b: &[u8], frame: Frame) -> bool {
    let n = b.len();
    let word = |at| u64::from_le_bytes(bytes_at(b, at));
    let clean = match n {
        0 => true,
        // The first, middle and last byte are all of them.
        1..=3 => {
            !NEEDS_ESCAPE[usize::from(b[0])]
                && !NEEDS_ESCAPE[usize::from(b[n / 2])]
                && !NEEDS_ESCAPE[usize::from(b[n - 1])]
        }
        4..=7 => {
            let lo = u64::from(u32::from_le_bytes(bytes_at(b, 0)));
            let hi = u64::from(u32::from_le_bytes(bytes_at(b, n - 4)));
            needs_escape(lo | hi << 32) == 0
        }
        8..=16 => needs_escape(word(0)) | needs_escape(word(n - 8)) == 0,
        _ => {
            needs_escape(word(0))
                | needs_escape(word(8))
                | needs_escape(word(n - 16))
                | needs_escape(word(n - 8))
                == 0
        }
    };
    if !clean {
        return false;
    }
    // Built on the stack, where every index is known to be in range, then copied whole
    // and cut to length: a copy of a fixed size is a few moves. Quotes throughout: the
    // text is written over them, and the byte after it is the closing quote.
    let mut buf = [b'"'; SHORT + 4];
    let at = usize::from(frame.comma);
    if frame.comma {
        buf[0] = b',';
    }
    let text = &mut buf[at + 1..];
    match n {
        0 => {}
        1..=3 => {
            text[0] = b[0];
            text[n / 2] = b[n / 2];
            text[n - 1] = b[n - 1];
        }
        4..=7 => {
            text[..4].copy_from_slice(&b[..4]);
            text[n - 4..n].copy_from_slice(&b[n - 4..]);
        }
        8..=16 => {
            text[..8].copy_from_slice(&b[..8]);
            text[n - 8..n].copy_from_slice(&b[n - 8..]);
        }
        _ => {
            text[..16].copy_from_slice(&b[..16]);
            text[n - 16..n].copy_from_slice(&b[n - 16..]);
        }
    }
    let mut len = at + n + 2;
    if frame.colon {
        buf[len] = b':';
        len += 1;
    }
    let start = out.len();
    out.extend_from_slice(&buf);
    out.truncate(start + len);
    true
}

/// Writes a text longer than `SHORT` bytes, or one that needs an escape, quoted.
fn write_long(out: &mut Vec<u8>, b: &[u8], frame: Frame) {
    out.reserve(b.len() + 4);
    if frame.comma {
        out.push(b',');
    }
    out.push(b'"');
    if b.len() <= SHORT {
        // `write_short` found an escape in it.
        write_escaped(out, b);
    } else {
        write_contents(out, b);
    }
    out.push(b'"');
    if frame.colon {
        out.push(b':');
    }
}

/// Writes `s` escaped, without quotes (a piece of a string written in pieces).
pub(super) fn write_str_contents(out: &mut Vec<u8>, s: &str) {
    write_contents(out, s.as_bytes());
}

fn write_contents(out: &mut Vec<u8>, b: &[u8]) {
    // Most text needs no escape: one scan, one copy.
    let Some(hit) = first_escape(b) else {
        out.extend_from_slice(b);
        return;
    };
    out.extend_from_slice(&b[..hit]);
    write_escape(out, b[hit]);
    write_escaped(out, &b[hit + 1..]);
}

/// Writes text that needs escapes, a word at a time: each word is copied whole (a fixed-size
/// copy) and cut back to its first byte that needs an escape. Such text has its escapes
/// close together (`line\nbreak\ttab`, `quote " and \ backslash` in the wire fixtures),
/// and a scan and a call to `memcpy` for each run between them cost twice as much.
fn write_escaped(out: &mut Vec<u8>, mut rest: &[u8]) {
    while rest.len() >= 8 {
        let word = bytes_at::<8>(rest, 0);
        let hits = needs_escape(u64::from_le_bytes(word));
        let clean = match hits {
            0 => 8,
            _ => hits.trailing_zeros() as usize / 8,
        };
        let start = out.len();
        out.extend_from_slice(&word);
        out.truncate(start + clean);
        if clean < 8 {
            write_escape(out, rest[clean]);
            rest = &rest[clean + 1..];
        } else {
            rest = &rest[8..];
        }
    }
    for &c in rest {
        if NEEDS_ESCAPE[usize::from(c)] {
            write_escape(out, c);
        } else {
            out.push(c);
        }
    }
}

/// The escape of each byte up to the backslash that has one, and its length (0 for the
/// others).
const ESCAPES: [([u8; 6], usize); 0x5D] = {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut table = [([0; 6], 0); 0x5D];
    let mut b = 0;
    while b < 0x20 {
        table[b] = (*b"\\u0000", 6);
        table[b].0[4] = HEX[b >> 4];
        table[b].0[5] = HEX[b & 0xF];
        b += 1;
    }
    table[0x08] = (*b"\\b    ", 2);
    table[0x0C] = (*b"\\f    ", 2);
    table[b'\n' as usize] = (*b"\\n    ", 2);
    table[b'\r' as usize] = (*b"\\r    ", 2);
    table[b'\t' as usize] = (*b"\\t    ", 2);
    table[b'"' as usize] = (*b"\\\"    ", 2);
    table[b'\\' as usize] = (*b"\\\\    ", 2);
    table
};

/// Writes the escape of `b`, a byte that needs one: copied whole from `ESCAPES` and cut to
/// its length.
#[inline]
fn write_escape(out: &mut Vec<u8>, b: u8) {
    let (text, len) = ESCAPES[usize::from(b)];
    let start = out.len();
    out.extend_from_slice(&text);
    out.truncate(start + len);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn written(s: &str) -> Vec<u8> {
        let mut out = Vec::new();
        write_str(&mut out, s);
        out
    }

    #[test]
    fn every_ascii_byte_is_escaped_as_serde_json_escapes_it() {
        for b in 0..=0x7Fu8 {
            let one = char::from(b).to_string();
            assert_eq!(
                written(&one),
                serde_json::to_vec(&one).unwrap(),
                "byte {b:#04x}"
            );
            // At every position of a word, and across the word boundary into the tail.
            for at in 0..40 {
                let mut s = "a".repeat(at);
                s.push(char::from(b));
                s.push_str("zé\"");
                assert_eq!(
                    written(&s),
                    serde_json::to_vec(&s).unwrap(),
                    "byte {b:#04x} at {at}"
                );
            }
        }
    }

    #[test]
    fn text_beyond_ascii_is_copied_as_it_is() {
        for s in [
            "",
            "кластер",
            "😀 emoji",
            "\u{7f}\u{80}\u{ff}\u{2028}\u{2029}\u{fffd}",
            "ab\u{1}\u{1f}\u{20}\"\\\u{7f}кл\n\r\t\u{8}\u{c}",
            "\"\"\"\"\"\"\"\"\"\\\\\\\\\\\\\\\\\\",
            "0123456789abcdef0123456789abcdef",
        ] {
            assert_eq!(written(s), serde_json::to_vec(s).unwrap(), "{s:?}");
        }
    }

    #[test]
    fn keys_carry_their_comma_and_colon() {
        for key in [
            "",
            "a",
            "id",
            "abc",
            "name",
            "createdAt",
            "networkInterfaceSpecs",
        ] {
            for long in [key.to_owned(), key.repeat(9), format!("{key}\n\"")] {
                let quoted = String::from_utf8(serde_json::to_vec(&long).unwrap()).unwrap();
                let mut out = b"{".to_vec();
                write_key(&mut out, true, &long);
                write_key(&mut out, false, &long);
                assert_eq!(
                    String::from_utf8(out).unwrap(),
                    format!("{{{quoted}:,{quoted}:"),
                    "{long:?}"
                );
            }
        }
    }

    #[test]
    fn the_word_test_flags_exactly_the_escaped_bytes() {
        for b in 0..=0xFFu8 {
            let word = [b'a', b'a', b'a', b, b'a', b'a', b'a', b'a'];
            let expected = b < 0x20 || b == b'"' || b == b'\\';
            assert_eq!(first_escape(&word), expected.then_some(3), "byte {b:#04x}");
        }
        // A byte just above a flagged one borrows: the first hit is still exact.
        assert_eq!(first_escape(&[0x1F, 0x20, 0x21, b'"', 0, 0, 0, 0]), Some(0));
        assert_eq!(
            first_escape(&[0x20, 0x00, 0x01, 0x1F, 0x20, 0x21, 0, 0]),
            Some(1)
        );
        // The last, overlapping word of a text longer than a word.
        assert_eq!(first_escape(b"abcdefghij\\"), Some(10));
        assert_eq!(first_escape(b"abcdefgh\\\\"), Some(8));
        assert_eq!(first_escape(b"abcdefghijklm"), None);
        assert_eq!(first_escape(b"abc"), None);
    }
}
