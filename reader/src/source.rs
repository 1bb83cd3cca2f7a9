//! The raw text of a page: bytes to lines. Decoding problems (invalid UTF-8, NUL bytes,
//! an empty file) are reported here; CRLF line endings, a byte-order mark and trailing
//! spaces are normalized away so an untidy page reads exactly as its tidy twin.
//!
//! A line ends where CommonMark ends one: at LF, at CRLF, or at a CR alone. YAML agrees, so
//! the front matter's own error positions are the page's (a lone CR inside the front
//! matter, found by the fuzzer, had put a YAML error 30 lines past the end of its page).

use crate::diagnostics::Diagnostic;

/// One line of a page, without its line ending and trailing white space.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Line<'a> {
    /// 1-based line number.
    pub no: u32,
    pub text: &'a str,
}

/// Decodes a page's bytes, or says where and why it cannot be read.
pub fn decode(file: &str, bytes: &[u8]) -> Result<String, Diagnostic> {
    // The byte-order mark goes before decoding, so positions in a page with a mark are the
    // positions in its twin without one (an invalid byte on line 1 was a column off).
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let (line, col) = position(&bytes[..e.valid_up_to()]);
            return Err(Diagnostic::error(
                file,
                line,
                col,
                "the page is not valid UTF-8",
            ));
        }
    };
    if let Some(at) = text.find('\0') {
        let (line, col) = position(&text.as_bytes()[..at]);
        return Err(Diagnostic::error(
            file,
            line,
            col,
            "the page contains a NUL byte",
        ));
    }
    if text.trim().is_empty() {
        return Err(Diagnostic::error(file, 1, 1, "the page is empty"));
    }
    Ok(normalize(text))
}

/// Every line ending (CRLF, CR, LF) becomes LF; trailing spaces and tabs are dropped from
/// every line; the text ends with exactly one newline.
fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 1);
    let mut rest = text;
    while !rest.is_empty() {
        let (line, next) = split_line(rest.as_bytes());
        out.push_str(rest[..line].trim_end_matches([' ', '\t']));
        out.push('\n');
        rest = &rest[next..];
    }
    out
}

/// The length of the first line of `bytes` without its ending, and where the next line
/// starts (the two are equal for a last line without an ending).
pub fn split_line(bytes: &[u8]) -> (usize, usize) {
    match bytes.iter().position(|&b| b == b'\n' || b == b'\r') {
        None => (bytes.len(), bytes.len()),
        Some(i) if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') => (i, i + 2),
        Some(i) => (i, i + 1),
    }
}

/// Line and column (1-based, column in characters) just after `before`.
fn position(before: &[u8]) -> (u32, u32) {
    let mut line = 1;
    let mut start = 0;
    loop {
        let (len, next) = split_line(&before[start..]);
        if start + len == before.len() {
            break;
        }
        line += 1;
        start += next;
    }
    let col = String::from_utf8_lossy(&before[start..]).chars().count() as u32 + 1;
    (line, col)
}

pub fn lines(text: &str) -> Vec<Line<'_>> {
    text.lines()
        .enumerate()
        .map(|(i, text)| Line {
            no: i as u32 + 1,
            text,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crlf_bom_and_trailing_spaces_read_as_tidy_text() {
        let tidy = decode("a.md", b"# T\n\nrow ||\n").unwrap();
        let untidy = decode("a.md", b"\xef\xbb\xbf# T  \r\n\r\nrow ||\t\r\n").unwrap();
        assert_eq!(tidy, untidy);
    }

    #[test]
    fn a_lone_cr_ends_a_line_as_in_commonmark_and_yaml() {
        assert_eq!(decode("a.md", b"a\rb\r\nc\n").unwrap(), "a\nb\nc\n");
        let e = decode("a.md", b"a\r\nb\rc\r\xff").unwrap_err();
        assert_eq!((e.line, e.col), (4, 1));
        let e = decode("a.md", b"a\rxy\0").unwrap_err();
        assert_eq!((e.line, e.col), (2, 3));
    }

    #[test]
    fn invalid_utf8_names_the_line() {
        let e = decode("a.md", b"ok\nbad \xff here\n").unwrap_err();
        assert_eq!((e.line, e.col), (2, 5));
        assert!(e.message.contains("UTF-8"));
    }

    #[test]
    fn nul_byte_is_an_error() {
        let e = decode("a.md", b"x\0").unwrap_err();
        assert_eq!((e.line, e.col), (1, 2));
        assert!(e.message.contains("NUL"));
    }

    #[test]
    fn empty_page_is_an_error() {
        assert!(decode("a.md", b"  \n\n")
            .unwrap_err()
            .message
            .contains("empty"));
    }
}
