//! Constraints the newer generation of pages states only in prose, in fixed phrases
//! (`Cluster/get.md`: "The maximum string length in characters is 50."). Read here so that
//! `validate()` checks them as it checks the front matter's `maxLength`; a phrase this module
//! does not know stays documentation.

use codegen::schema::Constraints;

/// The constraints a field's description states.
pub fn constraints(docs: &str) -> Constraints {
    let mut c = Constraints::default();
    let mut key = Constraints::default();
    let mut value = Constraints::default();
    for sentence in sentences(docs) {
        let s = sentence.as_str();
        if let Some(n) = number_after(
            s,
            "The maximum string length in characters for each value is ",
        ) {
            value.max_length = Some(n);
        } else if let Some((a, b)) =
            range_after(s, "The string length in characters for each key must be ")
        {
            (key.min_length, key.max_length) = (Some(a), Some(b));
        } else if let Some((a, b)) =
            range_after(s, "The string length in characters for each value must be ")
        {
            (value.min_length, value.max_length) = (Some(a), Some(b));
        } else if let Some(n) = number_after(
            s,
            "The maximum string length in characters for each key is ",
        ) {
            key.max_length = Some(n);
        } else if let Some(n) = number_after(s, "The maximum string length in characters is ") {
            c.max_length = Some(n);
        } else if let Some((a, b)) = range_after(s, "The string length in characters must be ") {
            (c.min_length, c.max_length) = (Some(a), Some(b));
        } else if let Some(p) = code_after(s, "Each key must match the regular expression ") {
            key.pattern = Some(p);
        } else if let Some(p) = code_after(s, "Each value must match the regular expression ") {
            value.pattern = Some(p);
        } else if let Some(p) = code_after(s, "Value must match the regular expression ") {
            c.pattern = Some(p);
        } else if let Some(n) = number_after(s, "No more than ") {
            if s.ends_with(" per resource.") {
                c.max_properties = Some(n);
            }
        } else if let Some((a, b)) = inclusive_range(s) {
            (c.minimum, c.maximum) = (Some(a), Some(b));
        } else if let Some(n) = number_after(s, "The number of elements must be greater than ") {
            c.min_items = Some(n + 1);
        } else if let Some((a, b)) = range_after(s, "The number of elements must be in the range ")
        {
            (c.min_items, c.max_items) = (Some(a), Some(b));
        } else if let Some(n) = number_after(s, "Must contain exactly ") {
            (c.min_items, c.max_items) = (Some(n), Some(n));
        } else if let Some(n) = number_after(s, "The maximum number of elements is ") {
            c.max_items = Some(n);
        }
    }
    if key != Constraints::default() {
        c.key = Some(Box::new(key));
    }
    if value != Constraints::default() {
        c.value = Some(Box::new(value));
    }
    c
}

/// Sentences: split after a `.` that ends a line or is followed by a space, never inside a
/// code span (patterns contain dots).
fn sentences(docs: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut in_code = false;
    let chars: Vec<char> = docs.chars().collect();
    for (i, &ch) in chars.iter().enumerate() {
        if ch == '`' {
            in_code = !in_code;
        }
        cur.push(if ch == '\n' { ' ' } else { ch });
        let next = chars.get(i + 1).copied();
        if ch == '.' && !in_code && next.is_none_or(|n| n == ' ' || n == '\n') {
            out.push(cur.trim().to_string());
            cur.clear();
        }
        if ch == '\n' {
            // A code span never crosses a line.
            in_code = false;
        }
    }
    if !cur.trim().is_empty() {
        out.push(cur.trim().to_string());
    }
    out
}

fn number_after(s: &str, phrase: &str) -> Option<u64> {
    let rest = s.strip_prefix(phrase)?;
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

/// `"<phrase>1-63."` → (1, 63).
fn range_after(s: &str, phrase: &str) -> Option<(u64, u64)> {
    let rest = s.strip_prefix(phrase)?.trim_end_matches('.');
    let (a, b) = rest.split_once('-')?;
    Some((a.trim().parse().ok()?, b.trim().parse().ok()?))
}

/// "Acceptable values are 0 to 1000, inclusive." → (0, 1000).
fn inclusive_range(s: &str) -> Option<(i64, i64)> {
    let rest = s.strip_prefix("Acceptable values are ")?;
    let rest = rest.strip_suffix(", inclusive.")?;
    let (a, b) = rest.split_once(" to ")?;
    Some((a.trim().parse().ok()?, b.trim().parse().ok()?))
}

/// The code span after `phrase`: `` ` [a-z]* ` `` (padded) or ``` ``a|b`` ``` (doubled
/// backticks, for patterns that hold a backtick or a pipe). Markdown drops one space of
/// padding on each side; the pages pad with exactly one.
fn code_after(s: &str, phrase: &str) -> Option<String> {
    let rest = s.strip_prefix(phrase)?;
    let ticks = rest.chars().take_while(|&c| c == '`').count();
    if ticks == 0 {
        return None;
    }
    let fence = "`".repeat(ticks);
    let body = &rest[ticks..];
    let end = body.find(&fence)?;
    let mut code = &body[..end];
    if code.len() >= 2 && code.starts_with(' ') && code.ends_with(' ') {
        code = &code[1..code.len() - 1];
    }
    // Escaped pipes are a table-cell artifact: `#|` tables escape `|` as `\|`, and some
    // pages escape that backslash again (`\\|` on `Network/create.md`, whose front matter
    // has the plain `|`).
    let code = code.replace("\\\\|", "|").replace("\\|", "|");
    (!code.is_empty()).then_some(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn string_lengths_and_patterns() {
        let c = constraints(
            "ID of the host.\n\nThe maximum string length in characters is 63. Value must match the regular expression ` [a-zA-Z0-9_-]* `.",
        );
        assert_eq!(c.max_length, Some(63));
        assert_eq!(c.pattern.as_deref(), Some("[a-zA-Z0-9_-]*"));
        let c = constraints("Name.\n\nValue must match the regular expression ``\\\\|[a-zA-Z]([-_a-zA-Z0-9]{0,61}[a-zA-Z0-9])?``.");
        assert_eq!(
            c.pattern.as_deref(),
            Some("|[a-zA-Z]([-_a-zA-Z0-9]{0,61}[a-zA-Z0-9])?")
        );
        let c = constraints("The string length in characters must be 1-63.");
        assert_eq!((c.min_length, c.max_length), (Some(1), Some(63)));
    }

    #[test]
    fn map_keys_and_values() {
        let c = constraints(
            "Labels.\nNo more than 64 per resource.\nThe string length in characters for each key must be 1-63. Each key must match the regular expression `[a-z][-_0-9a-z]*`.\nThe maximum string length in characters for each value is 63. Each value must match the regular expression `[-_0-9a-z]*`.",
        );
        assert_eq!(c.max_properties, Some(64));
        let key = c.key.unwrap();
        assert_eq!((key.min_length, key.max_length), (Some(1), Some(63)));
        assert_eq!(key.pattern.as_deref(), Some("[a-z][-_0-9a-z]*"));
        let value = c.value.unwrap();
        assert_eq!(value.max_length, Some(63));
        assert_eq!(value.pattern.as_deref(), Some("[-_0-9a-z]*"));
    }

    #[test]
    fn numbers_and_items() {
        let c = constraints(
            "Page size.\nAcceptable values are 0 to 1000, inclusive. Default value: 100.",
        );
        assert_eq!((c.minimum, c.maximum), (Some(0), Some(1000)));
        assert_eq!(
            constraints("Slots.\n\nThe number of elements must be greater than 0.").min_items,
            Some(1)
        );
        let c = constraints("Hosts.\n\nMust contain exactly 1 element.");
        assert_eq!((c.min_items, c.max_items), (Some(1), Some(1)));
    }

    #[test]
    fn other_prose_states_nothing() {
        assert!(constraints("The maximum number of results per page to return. If the number is larger than `pageSize`, the service returns a token.").is_empty());
        assert!(constraints(
            "Must be 1-63 characters long and match the regular expression `[a-z]+`."
        )
        .is_empty());
        assert!(constraints("").is_empty());
    }
}
