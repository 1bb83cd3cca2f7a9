//! Links in descriptions to a page's repeat-suffixed anchors. A page that shows a message
//! twice heads the second copy `## Resources {#yandex.cloud.mdb.spqr.v1.Resources2}` and
//! links it as `[Resources](#yandex.cloud.mdb.spqr.v1.Resources2)`; the schema knows only
//! `yandex.cloud.mdb.spqr.v1.Resources`. Type cells are folded where they are read
//! (`page_schema::resolve`); this folds the same links inside prose, by the same two rules,
//! so the emitters meet only real full names and never guess by trimming digits (which
//! would take `…RedisConfig6_22`, the second copy of `RedisConfig6_2`, to nothing).

use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use std::collections::BTreeMap;

/// `text` with every link to a suffixed anchor pointed at its message: by the page's own
/// heading anchors (`anchors`: anchor → full name) first, else by the link's text
/// (`[Resources](#a.b.Resources2)` → `#a.b.Resources`). `None` when nothing changes.
pub fn fold_links(text: &str, anchors: &BTreeMap<String, String>) -> Option<String> {
    if !text.contains("](") || !text.contains('#') {
        return None;
    }
    // (byte range of the destination inside `text`, new destination)
    let mut edits: Vec<(std::ops::Range<usize>, String)> = Vec::new();
    let mut open: Option<(String, std::ops::Range<usize>, String)> = None;
    for (event, range) in Parser::new(text).into_offset_iter() {
        match event {
            Event::Start(Tag::Link { dest_url, .. }) => {
                open = Some((dest_url.to_string(), range, String::new()));
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, _, shown)) = open.as_mut() {
                    shown.push_str(&t);
                }
            }
            Event::End(TagEnd::Link) => {
                let Some((dest, range, shown)) = open.take() else {
                    continue;
                };
                let Some((page, anchor)) = dest.rsplit_once('#') else {
                    continue;
                };
                let folded = anchors
                    .get(anchor)
                    .cloned()
                    .unwrap_or_else(|| fold_anchor(anchor, &shown));
                if folded == anchor {
                    continue;
                }
                // Only an inline link (`[text](dest)`) has its destination at the end of
                // its own source; a reference link's lives elsewhere and is left alone.
                let source = &text[range.clone()];
                let inline = format!("]({dest})");
                if source.ends_with(&inline) {
                    let end = range.end - 1;
                    edits.push((end - dest.len()..end, format!("{page}#{folded}")));
                }
            }
            _ => {}
        }
    }
    if edits.is_empty() {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (range, dest) in edits {
        out.push_str(&text[at..range.start]);
        out.push_str(&dest);
        at = range.end;
    }
    out.push_str(&text[at..]);
    Some(out)
}

/// Removes a repeat suffix: `a.b.Resources2` with shown name `Resources` → `a.b.Resources`.
pub fn fold_anchor(anchor: &str, shown: &str) -> String {
    let (prefix, last) = match anchor.rfind('.') {
        Some(i) => (&anchor[..=i], &anchor[i + 1..]),
        None => ("", anchor),
    };
    if let Some(digits) = last.strip_prefix(shown) {
        if !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit()) {
            return format!("{prefix}{shown}");
        }
    }
    anchor.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fold(text: &str, anchors: &[(&str, &str)]) -> Option<String> {
        let anchors = anchors
            .iter()
            .map(|(a, f)| (a.to_string(), f.to_string()))
            .collect();
        fold_links(text, &anchors)
    }

    #[test]
    fn a_page_anchor_folds_whatever_the_link_text() {
        assert_eq!(
            fold(
                "Limits, see [the resources](#a.b.Resources2).",
                &[("a.b.Resources2", "a.b.Resources")]
            )
            .as_deref(),
            Some("Limits, see [the resources](#a.b.Resources).")
        );
    }

    #[test]
    fn another_pages_anchor_folds_by_the_link_text() {
        assert_eq!(
            fold(
                "As [Resources](get.md#a.b.Resources2) and [Resources](#a.b.Resources3).",
                &[]
            )
            .as_deref(),
            Some("As [Resources](get.md#a.b.Resources) and [Resources](#a.b.Resources).")
        );
        // Digits that are part of the name stay; only the repeat suffix goes.
        assert_eq!(
            fold("See [RedisConfig6_2](#a.b.RedisConfig6_22).", &[]).as_deref(),
            Some("See [RedisConfig6_2](#a.b.RedisConfig6_2).")
        );
    }

    #[test]
    fn links_that_need_no_folding_are_left_alone() {
        assert_eq!(fold("See [Resources](#a.b.Resources).", &[]), None);
        assert_eq!(fold("See [the docs](#a.b.Resources2).", &[]), None);
        assert_eq!(fold("[x](https://example.com/a#b)", &[]), None);
        assert_eq!(fold("No links # here", &[]), None);
        // A reference link's destination is not in the link's own source.
        assert_eq!(
            fold(
                "See [Resources][r].\n\n[r]: #a.b.Resources2",
                &[("a.b.Resources2", "a.b.Resources")]
            ),
            None
        );
    }
}
