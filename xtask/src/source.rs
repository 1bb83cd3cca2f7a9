//! The raw text of a page: bytes to lines. Decoding problems (invalid UTF-8, NUL bytes,
//! an empty file) are reported here; CRLF line endings, a byte-order mark and trailing
//! spaces are normalized away so an untidy page reads exactly as its tidy twin.

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

/// CRLF becomes LF; trailing spaces and tabs are dropped from every line; the text ends
/// with exactly one newline.
fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 1);
    for line in text.lines() {
        out.push_str(line.trim_end_matches([' ', '\t', '\r']));
        out.push('\n');
    }
    out
}

/// Line and column (1-based, column in characters) just after `before`.
fn position(before: &[u8]) -> (u32, u32) {
    let line = before.iter().filter(|&&b| b == b'\n').count() as u32 + 1;
    let start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map(|i| i + 1)
        .unwrap_or(0);
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
