//! The pages' `pattern` constraints, made fit for the generated crate's `regex`.
//!
//! The pages copy patterns from proto options written for other engines. Dialect forms
//! whose intent is plain are read as they mean: `{,n}` is `{0,n}` (as Python and PCRE2
//! read it; `regex` rejects it). A pattern `regex` still cannot compile (look-around, back
//! references) cannot be checked: the page reports it as a warning at its own line, and
//! after the merge the pattern leaves the schema and the field's docs say it is not
//! checked, so `validate()` checks all it can and the emitters never meet such a pattern.
//! The warning is given per page (each names where it read the pattern) while the drop
//! waits for the merge, where the field's docs are final.

use crate::diagnostics::Diagnostic;
use crate::page_schema::PageSchema;
use codegen::schema::{Constraints, Field, Schema};

/// `pattern` with the dialect forms of the module docs rewritten; escaped characters and
/// character classes (where `{` is a literal) are left alone.
pub fn normalise(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len() + 2);
    // Depth of nested classes (`regex` nests `[a-z&&[^x]]`); a `]` right after `[` or `[^`
    // is a literal.
    let mut depth = 0usize;
    let mut class_start = false;
    let mut chars = pattern.char_indices();
    while let Some((i, c)) = chars.next() {
        out.push(c);
        let at_start = std::mem::take(&mut class_start);
        match c {
            '\\' => out.extend(chars.next().map(|(_, e)| e)),
            '[' => {
                depth += 1;
                class_start = true;
            }
            '^' if at_start => class_start = true,
            ']' if depth > 0 && !at_start => depth -= 1,
            '{' if depth == 0 => {
                let rest = &pattern[i + 1..];
                let digits = rest
                    .strip_prefix(',')
                    .map(|r| r.len() - r.trim_start_matches(|d: char| d.is_ascii_digit()).len());
                if digits.is_some_and(|n| n > 0 && rest[1 + n..].starts_with('}')) {
                    out.push('0');
                }
            }
            _ => {}
        }
    }
    out
}

/// Why the generated crate cannot compile `pattern`, or `None` when it can. The crate
/// compiles `^(?:pattern)$` with `regex`'s defaults (Unicode on), and so does this check.
pub fn unusable(pattern: &str) -> Option<String> {
    let err = regex_syntax::Parser::new()
        .parse(&format!("^(?:{pattern})$"))
        .err()?;
    // The kinds read as one line; the full message draws the pattern in ASCII art.
    Some(match &err {
        regex_syntax::Error::Parse(e) => e.kind().to_string(),
        regex_syntax::Error::Translate(e) => e.kind().to_string(),
        other => other
            .to_string()
            .lines()
            .last()
            .unwrap_or("")
            .trim()
            .to_string(),
    })
}

/// Normalises every pattern of the page and warns, at the field's row, of each that the
/// generated crate cannot compile (left in place for [`drop_unusable`]).
pub fn check_page(page: &mut PageSchema, diags: &mut Vec<Diagnostic>) {
    let method = page.method.as_mut().map(|d| &mut d.method);
    let params = method
        .into_iter()
        .flat_map(|m| m.path_params.iter_mut().chain(m.query_params.iter_mut()));
    let fields = page
        .messages
        .iter_mut()
        .flat_map(|m| m.fields.iter_mut())
        .chain(params);
    for f in fields {
        let (json_name, origin) = (f.json_name.clone(), f.origin.clone());
        for_each_pattern(&mut f.constraints, "", &mut |part, pattern| {
            *pattern = normalise(pattern);
            if let Some(why) = unusable(pattern) {
                diags.push(Diagnostic::warning(
                    &origin.file,
                    origin.line,
                    1,
                    format!(
                        "the pattern {} of `{json_name}`{part} cannot be compiled by the generated crate's `regex` ({why}); validate() leaves it unchecked",
                        code(pattern)
                    ),
                ));
            }
            true
        });
    }
}

/// Removes from the merged schema every pattern the generated crate cannot compile, and
/// says so in the field's docs.
pub fn drop_unusable(schema: &mut Schema) {
    let params = schema
        .methods
        .iter_mut()
        .flat_map(|m| m.path_params.iter_mut().chain(m.query_params.iter_mut()));
    let fields = schema
        .messages
        .values_mut()
        .flat_map(|m| m.fields.iter_mut())
        .chain(params);
    for f in fields {
        drop_from_field(f);
    }
}

fn drop_from_field(f: &mut Field) {
    let mut notes = Vec::new();
    for_each_pattern(&mut f.constraints, "", &mut |part, pattern| {
        let Some(why) = unusable(pattern) else {
            return true;
        };
        notes.push(format!(
            "The page's pattern {}{part} is not checked by `validate()`: the `regex` crate cannot compile it ({why}).",
            code(pattern)
        ));
        false
    });
    for note in notes {
        if !f.docs.is_empty() {
            f.docs.push_str("\n\n");
        }
        f.docs.push_str(&note);
    }
}

/// Calls `visit` with every pattern of `c` (its own, its keys', its elements' or values')
/// and what it applies to (`""`, `" for its keys"`, …); a pattern is removed when `visit`
/// returns false, and key or value constraints left empty with it.
fn for_each_pattern(
    c: &mut Constraints,
    part: &str,
    visit: &mut dyn FnMut(&str, &mut String) -> bool,
) {
    if let Some(p) = c.pattern.as_mut() {
        if !visit(part, p) {
            c.pattern = None;
        }
    }
    for (inner, part) in [
        (&mut c.key, " for its keys"),
        (&mut c.value, " for its elements or values"),
    ] {
        if let Some(x) = inner.as_mut() {
            for_each_pattern(x, part, visit);
            if x.is_empty() {
                *inner = None;
            }
        }
    }
}

/// `text` as a markdown code span, fenced with more backticks than it holds in a row.
fn code(text: &str) -> String {
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{text}{pad}{fence}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn open_lower_bounds_are_read_as_zero() {
        assert_eq!(normalise("[a-z][a-z0-9-_]{,19}"), "[a-z][a-z0-9-_]{0,19}");
        assert_eq!(normalise("a{,2}b{,10}"), "a{0,2}b{0,10}");
        // Not a bound: in a class, escaped, no number, or not closed.
        for kept in [
            "[{,3}]",
            "[]{,3}]",
            "[^]{,3}]",
            "[a[b]{,3}]",
            "\\{,3}",
            "a{,}",
            "a{,3",
            "a{1,3}",
            "\u{e9}{2}",
        ] {
            assert_eq!(normalise(kept), kept);
        }
        assert_eq!(normalise("[a]{,3}"), "[a]{0,3}");
        assert_eq!(normalise("[]]{,3}"), "[]]{0,3}");
        assert_eq!(normalise("\\\\{,3}"), "\\\\{0,3}");
    }

    #[test]
    fn patterns_are_checked_as_the_crate_compiles_them() {
        assert_eq!(unusable("[a-z][a-z0-9-_]{0,19}"), None);
        assert_eq!(unusable("\\p{L}+"), None, "Unicode classes are on");
        assert_eq!(
            unusable("(?!-)[a-z]+").as_deref(),
            Some("look-around, including look-ahead and look-behind, is not supported")
        );
        assert!(
            unusable("[a-z]{,3}").is_some(),
            "normalising is a separate step"
        );
        assert!(unusable("(a)\\1").is_some());
        // Anchored as a whole: a bare `|` does not escape the anchors.
        assert_eq!(unusable("a|b"), None);
    }

    #[test]
    fn code_spans_hold_any_pattern() {
        assert_eq!(code("[a-z]"), "`[a-z]`");
        assert_eq!(code("a`b"), "``a`b``");
        assert_eq!(code("`a"), "`` `a ``");
    }

    #[test]
    fn dropped_patterns_are_noted_in_the_docs() {
        let mut f = Field {
            json_name: "labels".into(),
            ty: codegen::schema::Type::Scalar(codegen::schema::Scalar::String),
            label: codegen::schema::Label::Map,
            required: false,
            deprecated: false,
            docs: "Labels.".into(),
            oneof: None,
            constraints: Constraints {
                key: Some(Box::new(Constraints {
                    pattern: Some("(?=x)x".into()),
                    ..Constraints::default()
                })),
                value: Some(Box::new(Constraints {
                    pattern: Some("[a-z]*".into()),
                    ..Constraints::default()
                })),
                ..Constraints::default()
            },
            origin: Default::default(),
        };
        drop_from_field(&mut f);
        assert_eq!(f.constraints.key, None);
        assert_eq!(
            f.constraints
                .value
                .as_ref()
                .and_then(|v| v.pattern.as_deref()),
            Some("[a-z]*")
        );
        assert_eq!(
            f.docs,
            "Labels.\n\nThe page's pattern `(?=x)x` for its keys is not checked by `validate()`: the `regex` crate cannot compile it (look-around, including look-ahead and look-behind, is not supported)."
        );
    }
}
