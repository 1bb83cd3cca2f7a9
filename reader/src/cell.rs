//! The description reader: one field's description (a table cell, or a front-matter
//! `description`) to its type annotation, prose, and the facts the prose states in fixed
//! phrases ("Required field.", "Includes only one of the fields …", enum value lists,
//! "Deprecated.").

use crate::annotation::{self, Annotation};
use pulldown_cmark::{Event, Parser, Tag, TagEnd};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Description {
    pub annotation: Annotation,
    /// The prose after the annotation, without the enum value list.
    pub docs: String,
    pub required: bool,
    pub deprecated: bool,
    /// Members of the oneof group this field belongs to, as the prose lists them.
    pub oneof: Option<Vec<String>>,
    /// For `**enum**` fields: the values listed, with their docs.
    pub enum_values: Vec<(String, String)>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    /// Byte offset into the description where the problem is.
    pub offset: usize,
    pub message: String,
}

pub fn read(text: &str) -> Result<Description, Error> {
    let (annotation, used) = annotation::parse(text).map_err(|e| Error {
        offset: e.offset,
        message: e.message,
    })?;
    let rest = &text[used..];
    // The annotation sits on a line of its own; anything after it on that line is prose.
    let rest = rest.strip_prefix('\n').unwrap_or(rest).trim();
    let mut enum_values = Vec::new();
    let docs = if matches!(annotation, Annotation::Enum { .. }) {
        let (docs, values) = split_enum_values(rest);
        enum_values = values;
        docs
    } else {
        rest.to_string()
    };
    Ok(Description {
        required: has_sentence(rest, "Required field."),
        deprecated: rest.starts_with("Deprecated.") || rest.contains("\nDeprecated."),
        oneof: oneof_members(rest),
        annotation,
        docs,
        enum_values,
    })
}

fn has_sentence(text: &str, sentence: &str) -> bool {
    text.match_indices(sentence).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        before.is_none_or(|c| c.is_whitespace())
    })
}

/// "Includes only one of the fields `a`, `b`." → `["a", "b"]`.
fn oneof_members(text: &str) -> Option<Vec<String>> {
    const PHRASE: &str = "Includes only one of the fields ";
    let at = text.find(PHRASE)? + PHRASE.len();
    let tail = &text[at..];
    let end = tail
        .find(".\n")
        .or_else(|| tail.rfind('.'))
        .unwrap_or(tail.len());
    let members: Vec<String> = tail[..end]
        .split(',')
        .map(|m| m.trim().trim_matches('`').to_string())
        .filter(|m| !m.is_empty())
        .collect();
    (!members.is_empty()).then_some(members)
}

/// Takes the top-level list items that start with a code span (`` - `NAME`: doc ``) out
/// of the prose: they are the enum's values.
fn split_enum_values(text: &str) -> (String, Vec<(String, String)>) {
    let mut values = Vec::new();
    let mut cut = Vec::new();
    let mut depth = 0usize;
    let mut item_start: Option<usize> = None;
    for (event, range) in Parser::new(text).into_offset_iter() {
        match event {
            Event::Start(Tag::List(_)) => depth += 1,
            Event::End(TagEnd::List(_)) => depth -= 1,
            Event::Start(Tag::Item) if depth == 1 => item_start = Some(range.start),
            Event::End(TagEnd::Item) if depth == 1 => {
                if let Some(start) = item_start.take() {
                    let item = &text[start..range.end];
                    if let Some(v) = enum_value(item) {
                        values.push(v);
                        cut.push(start..range.end);
                    }
                }
            }
            _ => {}
        }
    }
    let mut docs = String::new();
    let mut pos = 0;
    for r in cut {
        docs.push_str(&text[pos..r.start]);
        pos = r.end;
    }
    docs.push_str(&text[pos..]);
    (tidy(&docs), values)
}

/// `` - `NAME`: doc `` → `("NAME", "doc")`.
fn enum_value(item: &str) -> Option<(String, String)> {
    let body = item.trim_start().get(1..)?.trim_start();
    let body = body.strip_prefix('`')?;
    let end = body.find('`')?;
    let name = &body[..end];
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return None;
    }
    let doc = body[end + 1..].trim_start();
    let doc = doc.strip_prefix(':').unwrap_or(doc);
    Some((name.to_string(), tidy(doc)))
}

/// Trims each line's end and collapses runs of blank lines.
fn tidy(s: &str) -> String {
    let mut out = String::new();
    let mut blank = false;
    for line in s.trim().lines() {
        let line = line.trim_end();
        if line.is_empty() {
            blank = true;
            continue;
        }
        if blank && !out.is_empty() {
            out.push('\n');
        }
        blank = false;
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotation::Base;

    #[test]
    fn plain_field() {
        let d = read("**string**\n\nRequired field. ID of the cluster.").unwrap();
        assert_eq!(
            d.annotation,
            Annotation::Scalar {
                base: Base::String,
                format: None
            }
        );
        assert_eq!(d.docs, "Required field. ID of the cluster.");
        assert!(d.required && !d.deprecated && d.oneof.is_none());
    }

    #[test]
    fn not_required_when_phrase_is_inside_a_word() {
        assert!(!read("**string**\n\nNotRequired field.").unwrap().required);
    }

    #[test]
    fn enum_values_with_multi_line_docs() {
        let d = read(
            "**enum** (Environment)\n\nDeployment environment.\n\n- `ENVIRONMENT_UNSPECIFIED`\n- `PRODUCTION`: Stable environment with a conservative update policy: only hotfixes\nare applied during regular maintenance.\n- `PRESTABLE`: Newer.",
        )
        .unwrap();
        assert_eq!(d.docs, "Deployment environment.");
        assert_eq!(
            d.enum_values,
            vec![
                ("ENVIRONMENT_UNSPECIFIED".to_string(), String::new()),
                (
                    "PRODUCTION".to_string(),
                    "Stable environment with a conservative update policy: only hotfixes\nare applied during regular maintenance.".to_string()
                ),
                ("PRESTABLE".to_string(), "Newer.".to_string()),
            ]
        );
    }

    #[test]
    fn bullets_in_a_string_field_stay_prose() {
        let d = read("**string**\n\nOne of:\n* `type = a, id = <a id>`\n* `b`").unwrap();
        assert!(d.enum_values.is_empty());
        assert!(d.docs.contains("* `b`"));
    }

    #[test]
    fn oneof_and_deprecated() {
        let d = read("**object**\n\nDeprecated. Use x.\n\nIncludes only one of the fields `anytime`, `weeklyMaintenanceWindow`.\n\nThe policy.").unwrap();
        assert!(d.deprecated);
        assert_eq!(
            d.oneof,
            Some(vec![
                "anytime".to_string(),
                "weeklyMaintenanceWindow".to_string()
            ])
        );
        let single =
            read("**[M](#a.M)**\n\nIncludes only one of the fields `mdbPostgresql`.").unwrap();
        assert_eq!(single.oneof, Some(vec!["mdbPostgresql".to_string()]));
    }

    #[test]
    fn annotation_errors_carry_the_offset() {
        let e = read("**strng**\n\nx").unwrap_err();
        assert_eq!(e.offset, 2);
    }
}
