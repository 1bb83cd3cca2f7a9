//! Strings with escapes: their text, read into a buffer.
//!
//! The fixtures' strings hold `\n`, `\"`, `\\` and `\u00XX` escapes often enough (one
//! string in twenty) that handing each to serde_json cost more than the rest of its
//! message. Surrogate escapes (`\ud83d\ude00`) are still left to serde_json, which pairs
//! them and refuses lone ones.

use super::scan::plain_run_end;
use super::Bail;

/// Appends to `out` the text of the string from its first escape, at `i`, to its closing
/// quote, and returns the closing quote's position; `None` when the string escapes a
/// surrogate.
/// Inlined into its one caller, `Reader::escaped_string`: out of line (as the inliner left it
/// once more callers shared the string scan) it cost a call and its setup on every string
/// with escapes, 0.5 % of a decode of the other services' fixtures.
#[inline(always)]
pub(super) fn unescape(text: &str, mut i: usize, out: &mut String) -> Result<Option<usize>, Bail> {
    let b = text.as_bytes();
    loop {
        // Here `b[i]` is a backslash.
        let (c, len) = match b.get(i + 1).ok_or(Bail)? {
            b'"' => ('"', 2),
            b'\\' => ('\\', 2),
            b'/' => ('/', 2),
            b'b' => ('\u{8}', 2),
            b'f' => ('\u{c}', 2),
            b'n' => ('\n', 2),
            b'r' => ('\r', 2),
            b't' => ('\t', 2),
            b'u' => {
                let hex = text.get(i + 2..i + 6).ok_or(Bail)?;
                if !hex.bytes().all(|h| h.is_ascii_hexdigit()) {
                    return Err(Bail);
                }
                let code = u32::from_str_radix(hex, 16).map_err(|_| Bail)?;
                match char::from_u32(code) {
                    Some(c) => (c, 6),
                    None => return Ok(None),
                }
            }
            _ => return Err(Bail),
        };
        out.push(c);
        i += len;
        let run = plain_run_end(b, i);
        out.push_str(text.get(i..run).ok_or(Bail)?);
        i = run;
        match b.get(i) {
            Some(b'"') => return Ok(Some(i)),
            Some(b'\\') => {}
            _ => return Err(Bail),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(s: &str) -> Result<Option<(String, usize)>, Bail> {
        let at = s.find('\\').unwrap();
        let mut out = String::new();
        Ok(unescape(s, at, &mut out)?.map(|end| (out, end)))
    }

    #[test]
    fn escapes_read_as_serde_json_reads_them() {
        for text in [
            r#"\"a\\b\/c\bd\fe\nf\rg\th\u00e9\u0000\uFFFF" x"#,
            r#"\n""#,
            r#"\u041fривет\u0021""#,
        ] {
            let (out, end) = read(text).unwrap().unwrap();
            let quoted = format!("\"{}", &text[..=end]);
            assert_eq!(
                out,
                serde_json::from_str::<String>(&quoted).unwrap(),
                "{text}"
            );
            assert_eq!(&text[end..=end], "\"");
        }
    }

    #[test]
    fn surrogates_are_left_to_serde_json_and_bad_escapes_refused() {
        assert_eq!(read(r#"\ud83d\ude00""#), Ok(None));
        assert_eq!(read(r#"a\udc00""#), Ok(None));
        for bad in [r#"\x""#, r#"\u12""#, r#"\u12g4""#, "\\n\u{1}\"", r#"\n"#] {
            assert_eq!(read(bad), Err(Bail), "{bad}");
        }
    }
}
