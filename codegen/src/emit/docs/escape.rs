//! Literal text made safe for markdown: every character markdown could read as syntax
//! escaped, raw HTML as text, bare URLs wrapped.

/// Escapes literal text so markdown reads it back as the same text.
pub(super) fn escape_text(text: &str, mut line_start: bool, in_link: bool) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + 8);
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if line_start {
            if c == ' ' || c == '\t' {
                i += 1;
                continue;
            }
            line_start = false;
            if matches!(c, '#' | '-' | '+' | '=' | '~' | '>' | '*') {
                out.push('\\');
                out.push(c);
                i += 1;
                continue;
            }
            if c.is_ascii_digit() {
                let mut j = i;
                while j < chars.len() && chars[j].is_ascii_digit() {
                    j += 1;
                }
                if j < chars.len() && matches!(chars[j], '.' | ')') {
                    out.extend(&chars[i..j]);
                    out.push('\\');
                    out.push(chars[j]);
                    i = j + 1;
                    continue;
                }
            }
        }
        if !in_link && (c == 'h') {
            if let Some(len) = bare_url_len(&chars[i..]) {
                out.push('<');
                out.extend(&chars[i..i + len]);
                out.push('>');
                i += len;
                continue;
            }
        }
        let prev = if i > 0 { Some(chars[i - 1]) } else { None };
        let next = chars.get(i + 1).copied();
        match c {
            '\\' | '`' | '*' | '[' | ']' | '|' => {
                out.push('\\');
                out.push(c);
            }
            '_' => {
                let inner = prev.is_some_and(char::is_alphanumeric)
                    && next.is_some_and(char::is_alphanumeric);
                if !inner {
                    out.push('\\');
                }
                out.push('_');
            }
            '~' if prev == Some('~') || next == Some('~') => out.push_str("\\~"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' if looks_like_entity(&chars[i + 1..]) => out.push_str("&amp;"),
            '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
        i += 1;
    }
    out
}

fn looks_like_entity(rest: &[char]) -> bool {
    for (k, c) in rest.iter().enumerate() {
        if *c == ';' {
            return k > 0;
        }
        if !(c.is_ascii_alphanumeric() || (k == 0 && *c == '#')) || k > 32 {
            return false;
        }
    }
    false
}

/// Length of a bare `http(s)://` URL at the start of `s`, trailing punctuation excluded.
fn bare_url_len(s: &[char]) -> Option<usize> {
    let starts = |p: &str| p.chars().enumerate().all(|(k, c)| s.get(k) == Some(&c));
    let scheme = if starts("https://") {
        8
    } else if starts("http://") {
        7
    } else {
        return None;
    };
    let mut len = s
        .iter()
        .position(|c| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '`' | '|' | '\\'))
        .unwrap_or(s.len());
    while let Some(&last) = s[..len].last() {
        let unbalanced_paren = last == ')'
            && s[..len].iter().filter(|c| **c == '(').count()
                < s[..len].iter().filter(|c| **c == ')').count();
        if matches!(
            last,
            '.' | ',' | ';' | ':' | '!' | '?' | '\'' | '*' | '_' | '~' | ']'
        ) || unbalanced_paren
        {
            len -= 1;
        } else {
            break;
        }
    }
    (len > scheme).then_some(len)
}
