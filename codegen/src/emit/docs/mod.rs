//! Markdown from the pages → rustdoc markdown that renders the same and cannot misfire.
//!
//! The page markdown is parsed with pulldown-cmark (the parser rustdoc uses) and written back
//! out, so that what rustdoc sees is exactly what was parsed here:
//!
//! - `[t](#full.proto.Name)` becomes an intra-doc link to the generated type when the schema
//!   has it (a trailing number the pages add to repeated anchors is dropped when only the
//!   unnumbered name exists), else plain text. So does a link to another page's anchor for
//!   such a type (`get.md#yandex.cloud.mdb.spqr.v1.Cluster`). Other `/docs/…` links point at
//!   `https://yandex.cloud/en/docs/…`; `http(s)`/`mailto` links stay; other relative links
//!   become plain text.
//! - Every literal character markdown could read as syntax is escaped (`*`, `` ` ``, `[`, `|`,
//!   block markers at the start of a line, …), raw HTML becomes text (`&lt;b&gt;`), so a stray
//!   backtick or bracket can neither swallow text nor make a broken link.
//! - Code blocks, fenced or indented, become ```` ```text ```` blocks: nothing is a doctest.
//! - Bare `http(s)` URLs are wrapped in `<…>`.
//! - Continuation lines of list items are indented under the item (no lazy continuations).
//!
//! The file passes 600 lines only with its unit tests, kept beside the code; the code is
//! about 530 lines.

mod escape;

use crate::naming;
use escape::escape_text;
use proc_macro2::TokenStream;
use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd, TextMergeStream};
use quote::quote;

/// Site the pages' `/docs/…` links are relative to.
pub const SITE: &str = "https://yandex.cloud/en";

impl crate::model::index::Index<'_> {
    /// Page markdown → rustdoc, for the docs of an item of package `package`, with links
    /// resolved to the types of the schema that are compiled whenever that package is: a
    /// link to a type of a service whose feature the package's does not turn on would not
    /// resolve with that feature alone, and stays text.
    pub fn render_docs(&self, markdown: &str, package: &str) -> String {
        render(markdown, &|name| {
            self.features
                .reaches(package, &naming::package_of(name))
                .then(|| self.doc_path(name))
                .flatten()
        })
    }
}

/// Renders page markdown as rustdoc markdown. `resolve` maps a proto full name to the
/// generated type's path (`crate::mdb::spqr::v1::Cluster`) when the schema has the type.
pub fn render(markdown: &str, resolve: &dyn Fn(&str) -> Option<String>) -> String {
    let source = show_direction_controls(&markdown.replace("\r\n", "\n").replace('\r', "\n"));
    let mut w = Writer::default();
    let parser = TextMergeStream::new(Parser::new_ext(&source, Options::empty()));
    for event in parser {
        w.event(event, resolve);
    }
    let mut out = String::new();
    for line in w.out.lines() {
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out.trim_matches('\n').to_string()
}

/// Where a link goes in the output: an intra-doc path or URL, or nowhere (plain text).
fn link_target(dest: &str, resolve: &dyn Fn(&str) -> Option<String>) -> Option<String> {
    if let Some(anchor) = dest.strip_prefix('#') {
        // Exact: the parser has already pointed links to a page's repeat-suffixed anchors
        // (`…Resources2`) at their messages (`xtask::links`).
        return resolve(anchor);
    }
    let has_scheme = ["https://", "http://", "mailto:"]
        .iter()
        .any(|s| dest.starts_with(s));
    if !has_scheme {
        // Another page's anchor for a type we generate (`get.md#yandex.cloud.mdb.spqr.v1.Cluster`,
        // `/docs/…/listHosts#yandex.cloud.mdb.spqr.v1.Host`): link the type itself.
        if let Some((_, anchor)) = dest.split_once('#') {
            if let Some(path) = resolve(anchor) {
                return Some(path);
            }
        }
    }
    let url = if dest.starts_with("/docs/") {
        format!("{SITE}{dest}")
    } else if has_scheme {
        dest.to_string()
    } else {
        return None;
    };
    let mut out = String::with_capacity(url.len());
    for c in url.chars() {
        match c {
            ' ' => out.push_str("%20"),
            '(' => out.push_str("%28"),
            ')' => out.push_str("%29"),
            '<' => out.push_str("%3C"),
            '>' => out.push_str("%3E"),
            '\\' => out.push_str("%5C"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    Some(out)
}

/// `#[doc = " line"]` per line of already rendered text (nothing for empty text).
pub fn doc_attrs(rendered: &str) -> TokenStream {
    if rendered.trim().is_empty() {
        return TokenStream::new();
    }
    let lines = rendered.lines().map(|l| {
        if l.is_empty() {
            String::new()
        } else {
            format!(" {l}")
        }
    });
    quote! { #( #[doc = #lines] )* }
}

/// Characters that change the direction of the text around them. rustc denies them in
/// comments (`text_direction_codepoint_in_comment`: they can make code read differently
/// from how it compiles), so a page holding one, kept as it is, made the generated crate
/// fail to build.
fn is_direction_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Direction controls shown by their code point (`U+202E`), as plain text.
fn show_direction_controls(text: &str) -> String {
    if !text.chars().any(is_direction_control) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_direction_control(c) {
            out.push_str(&format!("U+{:04X}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// A code span holding `code`, fenced with more backticks than it contains.
pub fn code_span(code: &str) -> String {
    let code = show_direction_controls(&code.replace(['\n', '\r', '\t'], " "));
    let longest = longest_run(&code, '`');
    let fence = "`".repeat(longest + 1);
    let pad = code.starts_with('`')
        || code.ends_with('`')
        || (code.starts_with(' ') && code.ends_with(' ') && code.trim() != "");
    if pad {
        format!("{fence} {code} {fence}")
    } else {
        format!("{fence}{code}{fence}")
    }
}

fn longest_run(s: &str, ch: char) -> usize {
    let (mut best, mut cur) = (0, 0);
    for c in s.chars() {
        if c == ch {
            cur += 1;
            best = best.max(cur);
        } else {
            cur = 0;
        }
    }
    best
}

enum Frame {
    Quote,
    List {
        tight: bool,
        next: Option<u64>,
        items: usize,
    },
    Item {
        indent: usize,
    },
    /// An open link: `Some(target)` writes `](target)` at the end; `None` is plain text.
    Link {
        target: Option<String>,
        text_start: usize,
        fallback: String,
    },
    /// Autolinks, images: inner text is dropped (autolinks) or plain (images).
    Skip,
    Image,
    Code {
        text: String,
    },
}

#[derive(Default)]
struct Writer {
    out: String,
    stack: Vec<Frame>,
    /// The current line holds nothing but its container prefix (or a list marker).
    line_start: bool,
    /// A list marker was just written: the item's first block continues on its line.
    after_marker: bool,
    /// The last HTML block line ended in a newline not yet written.
    html_newline: bool,
}

impl Writer {
    fn prefix(&self) -> String {
        let mut p = String::new();
        for f in &self.stack {
            match f {
                Frame::Quote => p.push_str("> "),
                Frame::Item { indent } => p.push_str(&" ".repeat(*indent)),
                _ => {}
            }
        }
        p
    }

    fn newline(&mut self) {
        self.out.push('\n');
        let p = self.prefix();
        self.out.push_str(&p);
        self.line_start = true;
    }

    fn ensure_newline(&mut self) {
        if !self.out.is_empty() && !self.at_fresh_line() {
            self.newline();
        }
    }

    fn at_fresh_line(&self) -> bool {
        let last = self.out.rsplit('\n').next().unwrap_or("");
        last.trim_start_matches(['>', ' ']).is_empty()
    }

    fn in_tight_list(&self) -> bool {
        for f in self.stack.iter().rev() {
            match f {
                Frame::List { tight, .. } => return *tight,
                Frame::Quote => return false,
                _ => {}
            }
        }
        false
    }

    /// Starts a block: on the marker line of a fresh list item, else after a blank line (or
    /// just a new line between the blocks of a tight list item).
    fn begin_block(&mut self) {
        if self.after_marker {
            self.after_marker = false;
            return;
        }
        if self.out.trim().is_empty() {
            self.out.clear();
            self.out.push_str(&self.prefix());
            self.line_start = true;
            return;
        }
        if self.container_empty() {
            self.ensure_newline();
            return;
        }
        self.ensure_newline();
        if !self.in_tight_list() {
            self.newline();
        }
    }

    /// Nothing was written since the innermost quote opened.
    fn container_empty(&self) -> bool {
        matches!(self.stack.last(), Some(Frame::Quote)) && self.out.ends_with("> ")
    }

    fn push_raw(&mut self, s: &str) {
        if !s.is_empty() {
            self.out.push_str(s);
            self.line_start = false;
            self.after_marker = false;
        }
    }

    fn in_link(&self) -> bool {
        self.stack
            .iter()
            .any(|f| matches!(f, Frame::Link { .. } | Frame::Image))
    }

    fn text(&mut self, t: &str) {
        let in_link = self.in_link();
        let mut first = true;
        for line in t.split('\n') {
            if !first {
                self.newline();
            }
            first = false;
            let escaped = escape_text(line, self.line_start, in_link);
            self.push_raw(&escaped);
        }
    }

    fn event(&mut self, event: Event<'_>, resolve: &dyn Fn(&str) -> Option<String>) {
        if let Some(Frame::Code { text }) = self.stack.last_mut() {
            match event {
                Event::Text(t) => text.push_str(&t),
                Event::End(TagEnd::CodeBlock) => {
                    let Some(Frame::Code { text }) = self.stack.pop() else {
                        unreachable!()
                    };
                    self.code_block(&text);
                }
                _ => {}
            }
            return;
        }
        if matches!(self.stack.last(), Some(Frame::Skip)) {
            if let Event::End(TagEnd::Link) = event {
                self.stack.pop();
            }
            return;
        }
        match event {
            Event::Start(tag) => self.start(tag, resolve),
            Event::End(tag) => self.end(tag),
            Event::Text(t) => self.text(&t),
            Event::Code(c) => {
                let span = code_span(&c);
                self.push_raw(&span);
            }
            Event::Html(h) => {
                // Lines of an HTML block, each ending in a newline.
                if self.html_newline {
                    self.newline();
                }
                self.html_newline = h.ends_with('\n');
                self.text(h.trim_end_matches('\n'));
            }
            Event::InlineHtml(h) => self.text(&h),
            Event::InlineMath(t) | Event::DisplayMath(t) | Event::FootnoteReference(t) => {
                self.text(&t)
            }
            Event::SoftBreak => self.newline(),
            Event::HardBreak => {
                self.push_raw("\\");
                self.newline();
            }
            Event::Rule => {
                self.begin_block();
                self.push_raw("***");
            }
            Event::TaskListMarker(done) => {
                self.push_raw(if done { "\\[x\\] " } else { "\\[ \\] " })
            }
        }
    }

    fn start(&mut self, tag: Tag<'_>, resolve: &dyn Fn(&str) -> Option<String>) {
        match tag {
            Tag::Paragraph => {
                // Paragraphs inside items only occur in loose lists.
                if self.after_marker {
                    if let Some(Frame::List { tight, .. }) = self.stack.iter_mut().rev().nth(1) {
                        *tight = false;
                    }
                }
                self.begin_block();
            }
            Tag::HtmlBlock | Tag::MetadataBlock(_) => self.begin_block(),
            Tag::Heading { level, .. } => {
                self.begin_block();
                let hashes = "#".repeat(level as usize);
                self.push_raw(&format!("{hashes} "));
            }
            Tag::BlockQuote(_) => {
                self.begin_block();
                self.stack.push(Frame::Quote);
                self.out.push_str("> ");
                self.line_start = true;
            }
            Tag::CodeBlock(_) => self.stack.push(Frame::Code {
                text: String::new(),
            }),
            Tag::List(start) => {
                self.begin_block();
                self.after_marker = false;
                // A list is tight when its items hold no paragraphs; pulldown only tells us
                // through the events, so decide on the first item's content (see `item`).
                self.stack.push(Frame::List {
                    tight: true,
                    next: start,
                    items: 0,
                });
            }
            Tag::Item => self.item(),
            Tag::Emphasis => self.push_raw("*"),
            Tag::Strong => self.push_raw("**"),
            Tag::Strikethrough => self.push_raw("~~"),
            Tag::Superscript | Tag::Subscript => {}
            Tag::Link {
                link_type,
                dest_url,
                ..
            } => match link_type {
                LinkType::Autolink | LinkType::Email => {
                    match link_target(&dest_url, resolve) {
                        Some(t) if link_type == LinkType::Autolink => {
                            self.push_raw(&format!("<{t}>"))
                        }
                        _ => self.text(&dest_url),
                    }
                    self.stack.push(Frame::Skip);
                }
                _ => {
                    let target = link_target(&dest_url, resolve);
                    let fallback = match &target {
                        Some(t) if t.starts_with("crate::") => t
                            .rsplit("::")
                            .next()
                            .unwrap_or(t)
                            .trim_start_matches("r#")
                            .to_string(),
                        Some(t) => t.clone(),
                        None => String::new(),
                    };
                    if target.is_some() {
                        self.push_raw("[");
                    }
                    let text_start = self.out.len();
                    self.stack.push(Frame::Link {
                        target,
                        text_start,
                        fallback,
                    });
                }
            },
            Tag::Image { .. } => self.stack.push(Frame::Image),
            Tag::FootnoteDefinition(_)
            | Tag::DefinitionList
            | Tag::DefinitionListTitle
            | Tag::DefinitionListDefinition
            | Tag::Table(_)
            | Tag::TableHead
            | Tag::TableRow
            | Tag::TableCell => self.begin_block(),
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::BlockQuote(_) | TagEnd::Item => {
                self.stack.pop();
            }
            TagEnd::List(_) => {
                self.stack.pop();
            }
            TagEnd::HtmlBlock => self.html_newline = false,
            TagEnd::Emphasis => self.push_raw("*"),
            TagEnd::Strong => self.push_raw("**"),
            TagEnd::Strikethrough => self.push_raw("~~"),
            TagEnd::Link => {
                if let Some(Frame::Link {
                    target: Some(target),
                    text_start,
                    fallback,
                }) = self.stack.pop()
                {
                    if self.out[text_start..].trim().is_empty() {
                        self.out.truncate(text_start);
                        let text = escape_text(&fallback, false, true);
                        self.push_raw(&text);
                    }
                    self.push_raw(&format!("]({target})"));
                }
            }
            TagEnd::Image => {
                self.stack.pop();
            }
            _ => {}
        }
    }

    fn item(&mut self) {
        let Some(Frame::List { next, items, .. }) = self.stack.last_mut() else {
            return;
        };
        let marker = match next {
            Some(n) => {
                let m = format!("{n}. ");
                *n += 1;
                m
            }
            None => "- ".to_string(),
        };
        *items += 1;
        let first = *items == 1;
        if !(self.out.is_empty() || first && self.at_fresh_line()) {
            self.ensure_newline();
            if !first && !self.in_tight_list() {
                self.newline();
            }
        }
        if self.out.is_empty() {
            self.out.push_str(&self.prefix());
        }
        self.push_raw(&marker);
        self.stack.push(Frame::Item {
            indent: marker.len(),
        });
        self.after_marker = true;
        self.line_start = true;
    }

    fn code_block(&mut self, text: &str) {
        self.begin_block();
        let text = text.replace('\t', "    ");
        let fence = "`".repeat(3.max(longest_run(&text, '`') + 1));
        self.push_raw(&format!("{fence}text"));
        for line in text.trim_end_matches('\n').split('\n') {
            self.newline();
            let line: String = line.chars().filter(|c| !c.is_control()).collect();
            self.push_raw(&line);
        }
        self.newline();
        self.push_raw(&fence);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resolve(name: &str) -> Option<String> {
        match name {
            "yandex.cloud.mdb.spqr.v1.Resources" => Some("crate::mdb::spqr::v1::Resources".into()),
            "yandex.cloud.mdb.spqr.v1.Resources3" => {
                Some("crate::mdb::spqr::v1::Resources3".into())
            }
            "google.type.TimeOfDay" => Some("crate::google::type::TimeOfDay".into()),
            _ => None,
        }
    }

    fn r(md: &str) -> String {
        render(md, &resolve)
    }

    #[test]
    fn plain_prose_is_kept() {
        assert_eq!(
            r("ID of the SPQR cluster.\nThis ID is assigned."),
            "ID of the SPQR cluster.\nThis ID is assigned."
        );
        assert_eq!(r("Line one.\n\nLine two."), "Line one.\n\nLine two.");
        assert_eq!(r(""), "");
        assert_eq!(r("  \n\n "), "");
        assert_eq!(
            r("Use `maintenance_windows` instead."),
            "Use `maintenance_windows` instead."
        );
        assert_eq!(r("snake_case_name stays"), "snake_case_name stays");
    }

    #[test]
    fn anchor_links_become_intra_doc_links() {
        assert_eq!(
            r("See [Resources](#yandex.cloud.mdb.spqr.v1.Resources)."),
            "See [Resources](crate::mdb::spqr::v1::Resources)."
        );
        assert_eq!(
            r("[TimeOfDay](#google.type.TimeOfDay)"),
            "[TimeOfDay](crate::google::type::TimeOfDay)"
        );
        // Digits are part of the name: no guessing at repeat suffixes here (the parser
        // folds those), so an unknown suffixed anchor is plain text.
        assert_eq!(
            r("[R](#yandex.cloud.mdb.spqr.v1.Resources3)"),
            "[R](crate::mdb::spqr::v1::Resources3)"
        );
        assert_eq!(r("[R](#yandex.cloud.mdb.spqr.v1.Resources2)"), "R");
        // Unknown anchors: plain text.
        assert_eq!(r("a [Host](#yandex.cloud.mdb.spqr.v1.Host) b"), "a Host b");
        // Empty text gets the type's name.
        assert_eq!(
            r("[](#yandex.cloud.mdb.spqr.v1.Resources)"),
            "[Resources](crate::mdb::spqr::v1::Resources)"
        );
    }

    #[test]
    fn site_links_become_absolute() {
        assert_eq!(
            r("the [documentation](/docs/managed-spqr/concepts)."),
            "the [documentation](https://yandex.cloud/en/docs/managed-spqr/concepts)."
        );
        assert_eq!(
            r("[RFC](https://www.ietf.org/rfc/rfc3339.txt)"),
            "[RFC](https://www.ietf.org/rfc/rfc3339.txt)"
        );
        assert_eq!(r("[x](../other/page.md) and [y](page#frag)"), "x and y");
        // Another page's anchor for a known type links the type.
        assert_eq!(
            r("[Cluster.res](get.md#yandex.cloud.mdb.spqr.v1.Resources)"),
            "[Cluster.res](crate::mdb::spqr::v1::Resources)"
        );
        assert_eq!(
            r("[H](/docs/spqr/api-ref/Cluster/listHosts#yandex.cloud.mdb.spqr.v1.Resources)"),
            "[H](crate::mdb::spqr::v1::Resources)"
        );
        assert_eq!(
            r("[L](/docs/spqr/api-ref/Cluster/list#List)"),
            "[L](https://yandex.cloud/en/docs/spqr/api-ref/Cluster/list#List)"
        );
        assert_eq!(
            r("[x](https://a.b/c#yandex.cloud.mdb.spqr.v1.Resources)"),
            "[x](https://a.b/c#yandex.cloud.mdb.spqr.v1.Resources)"
        );
        assert_eq!(r("[a](<https://x.y/a b>)"), "[a](https://x.y/a%20b)");
        assert_eq!(r("[mail](mailto:a@b.c)"), "[mail](mailto:a@b.c)");
    }

    #[test]
    fn bare_urls_are_wrapped() {
        assert_eq!(
            r("See https://example.com/x."),
            "See <https://example.com/x>."
        );
        assert_eq!(r("(http://a.b/c_d)"), "(<http://a.b/c_d>)");
        assert_eq!(r("<https://a.b>"), "<https://a.b>");
        assert_eq!(
            r("[https://a.b](https://a.b)"),
            "[https://a.b](https://a.b)"
        );
        assert_eq!(r("no scheme: https:// alone"), "no scheme: https:// alone");
    }

    #[test]
    fn html_is_escaped() {
        assert_eq!(r("a <b>bold</b> c"), "a &lt;b&gt;bold&lt;/b&gt; c");
        assert_eq!(r("x < y > z"), "x &lt; y &gt; z");
        assert_eq!(
            r("<div>\nblock\n</div>"),
            "&lt;div&gt;\nblock\n&lt;/div&gt;"
        );
        assert_eq!(r("code `<b>` stays"), "code `<b>` stays");
        assert_eq!(r("map<string, string>"), "map&lt;string, string&gt;");
        assert_eq!(r("AT&T &amp; &copy;"), "AT&T & \u{a9}");
        assert_eq!(r("AT&T &amp;copy;"), "AT&T &amp;copy;");
    }

    #[test]
    fn backticks_cannot_swallow_text() {
        // An unmatched backtick is literal, and stays literal however rustdoc reflows it.
        assert_eq!(r("one ` two"), "one \\` two");
        assert_eq!(r("`open and [x](#nowhere) <b>"), "\\`open and x &lt;b&gt;");
        // Double-backtick spans with inner spaces are normalised.
        assert_eq!(r("as `` key:value `` pairs"), "as `key:value` pairs");
        assert_eq!(r("``a`b``"), "``a`b``");
        assert_eq!(code_span("`x"), "`` `x ``");
        assert_eq!(code_span(" x "), "`  x  `");
    }

    #[test]
    fn brackets_and_emphasis_chars_are_literal() {
        assert_eq!(r("range [0, 10] ok"), "range \\[0, 10\\] ok");
        assert_eq!(r("a * b"), "a \\* b");
        assert_eq!(r("*em* and **strong**"), "*em* and **strong**");
        assert_eq!(r("a | b"), "a \\| b");
        assert_eq!(r("_x_ and a_b"), "*x* and a_b");
        assert_eq!(r("\\_x\\_"), "\\_x\\_");
        assert_eq!(r("back\\\\slash"), "back\\\\slash");
    }

    #[test]
    fn line_starts_cannot_become_blocks() {
        assert_eq!(r("\\# not a heading"), "\\# not a heading");
        assert_eq!(r("a\n\\- b"), "a\n\\- b");
        assert_eq!(r("2024\\. was a year"), "2024\\. was a year");
        assert_eq!(r("a\n\\=\\=\\="), "a\n\\===");
    }

    #[test]
    fn code_blocks_are_text() {
        assert_eq!(r("```\nlet x = 1;\n```"), "```text\nlet x = 1;\n```");
        assert_eq!(
            r("```rust\nfn main() {}\n```"),
            "```text\nfn main() {}\n```"
        );
        assert_eq!(
            r("Example:\n\n    indented code\n    more"),
            "Example:\n\n```text\nindented code\nmore\n```"
        );
        assert_eq!(r("````\n```\n````"), "````text\n```\n````");
        assert_eq!(r("```\n<b>\n```"), "```text\n<b>\n```");
    }

    #[test]
    fn lists_indent_continuations() {
        assert_eq!(
            r("- `PRODUCTION`: stable, only hotfixes\nare applied.\n- `PRESTABLE`: newer."),
            "- `PRODUCTION`: stable, only hotfixes\n  are applied.\n- `PRESTABLE`: newer."
        );
        assert_eq!(
            r("Values:\n* a - x,\n* b - y."),
            "Values:\n\n- a - x,\n- b - y."
        );
        assert_eq!(r("1. one\n2. two"), "1. one\n2. two");
        assert_eq!(r("- a\n\n- b"), "- a\n\n- b");
        assert_eq!(r("- a\n  - nested\n- b"), "- a\n  - nested\n- b");
        assert_eq!(
            r("- item\n\n      code\n"),
            "- item\n\n  ```text\n  code\n  ```"
        );
        assert_eq!(r("text\n\n- a\n\nafter"), "text\n\n- a\n\nafter");
    }

    #[test]
    fn other_blocks() {
        assert_eq!(r("> quoted\n> more"), "> quoted\n> more");
        assert_eq!(r("## Head\n\ntext"), "## Head\n\ntext");
        assert_eq!(r("a\n\n---\n\nb"), "a\n\n***\n\nb");
        assert_eq!(r("line  \nbreak"), "line\\\nbreak");
        assert_eq!(r("![alt text](pic.png)"), "alt text");
        assert_eq!(r("tab\there"), "tab here");
    }

    #[test]
    fn direction_controls_are_shown_not_kept() {
        assert_eq!(
            r("a \u{202e}b\u{2066} `c\u{202d}`"),
            "a U+202EbU+2066 `cU+202D`"
        );
        assert_eq!(code_span("x\u{2069}"), "`xU+2069`");
        assert_eq!(r("```\n\u{202e}\n```"), "```text\nU+202E\n```");
        // Other non-ASCII text is kept as it is.
        assert_eq!(r("Größe 大小 \u{200f}"), "Größe 大小 \u{200f}");
    }

    #[test]
    fn page_text_cannot_end_a_comment_or_become_an_attribute() {
        // `*/ … /*` is emphasis in markdown, and stays emphasis; `#[…]` is literal text.
        let rendered = r("end */ and /* open\r\n#[doc(hidden)]\r#![deny(warnings)]\n\"] x");
        assert_eq!(
            rendered,
            "end */ and /* open\n\\#\\[doc(hidden)\\]\n\\#!\\[deny(warnings)\\]\n\"\\] x"
        );
        // One `#[doc]` per line, none holding a line break: prettyplease prints each as a
        // `///` line, which only a line break could end (a `*/` cannot).
        let attrs = doc_attrs(&rendered);
        let file: syn::File = syn::parse2(quote! { #attrs pub struct S; }).unwrap();
        let printed = prettyplease::unparse(&file);
        assert_eq!(
            printed,
            "/// end */ and /* open\n/// \\#\\[doc(hidden)\\]\n/// \\#!\\[deny(warnings)\\]\n/// \"\\] x\npub struct S;\n"
        );
    }

    #[test]
    fn doc_attrs_one_per_line() {
        let ts = doc_attrs("a\n\nb");
        assert_eq!(
            ts.to_string(),
            "# [doc = \" a\"] # [doc = \"\"] # [doc = \" b\"]"
        );
        assert!(doc_attrs("").is_empty());
    }
}
