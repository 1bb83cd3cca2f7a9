//! One page to its part of the schema: the messages and enums its sections document, the
//! method its title, HTTP request block and parameter sections describe, and its JSON
//! samples (for the cross-check). Pages are read alone; `merge` puts them together.
//!
//! Rules forced by the pages:
//! - A section's message is named by its anchor. The same message may be documented twice
//!   on one page under a suffixed anchor (`#yandex.cloud.mdb.spqr.v1.Resources2` under the
//!   heading `Resources`): digits that follow the heading's own name are a repeat suffix,
//!   while digits that are part of the heading (`RedisConfig6_2`) are kept.
//! - A heading without an anchor is named through the type links of the same page whose
//!   text is the heading's name.
//! - Enums have no sections: `**enum** (Health)` in the table of `Cluster` declares
//!   `Cluster.Health`, with the values listed under the field.
//! - The request message (the anchor of "Query parameters" or "Body parameters") also holds
//!   the path parameters, as in the proto request message.
//!
//! The file passes 600 lines only with its unit tests, kept beside the code; the code is
//! about 530 lines.

mod fields;
mod request;

use fields::fields_of;
pub use fields::{link_oneofs, oneofs_of};
use request::http_request;
pub use request::{read_url, split_url};

use crate::annotation::{Annotation, Base};
use crate::cell;
use crate::diagnostics::Diagnostic;
use crate::links;
// Where the anchors of a page are read, beside the other rules of its names.
pub use crate::links::fold_anchor;
use crate::page::{Block, Page};
use crate::table::{Row, Table};
use codegen::naming;
use codegen::schema::{self, Enum, EnumValue, Field, Label, Message, Oneof, Origin, Scalar, Type};
use std::collections::{BTreeMap, HashMap};

#[derive(Clone, Debug, Default)]
pub struct PageSchema {
    pub file: String,
    /// Messages in page order; one message may appear more than once (suffixed anchors).
    pub messages: Vec<Message>,
    pub enums: Vec<Enum>,
    pub method: Option<MethodDraft>,
    pub samples: Vec<Sample>,
    /// The page is of the `apiPlayground` generation (its front matter has the call's JSON
    /// schemas), not the older one of `#|` tables alone ([`crate::generations`]).
    pub playground: bool,
}

/// What the page says about its method before pages are merged.
#[derive(Clone, Debug)]
pub struct MethodDraft {
    pub method: schema::Method,
    /// The service as the title names it (`Resource Manager API, REST` of `# Resource Manager
    /// API, REST: Folder.Get`): the pages of one service share it, and the merge looks for
    /// the method's resource among the packages of those pages.
    pub service: String,
    /// The response section's message, if the page documents one.
    pub response_message: Option<String>,
    /// The types this page gives to the response message's singular message fields
    /// (`metadata` → `…BackupClusterMetadata`): the merge keeps them for fields that are
    /// `Any` on the wire.
    pub response_field_types: BTreeMap<String, String>,
}

/// A ```json skeleton shown for a message.
#[derive(Clone, Debug)]
pub struct Sample {
    pub message: String,
    /// Top-level fields the sample leaves out by design (a body never repeats the path
    /// parameters).
    pub omitted: Vec<String>,
    pub json: String,
    /// Line of the opening fence.
    pub line: u32,
}

pub use codegen::naming::package_of;

/// What [`is_full_name`] asks, as error messages say it.
pub const FULL_NAME_RULE: &str =
    "dot-separated ASCII identifiers: a package (not `yandex.cloud` alone), then an upper-case type name";

/// Whether `name` can name a message: dot-separated identifiers (`[A-Za-z_][A-Za-z0-9_]*`,
/// as in a `.proto` file), at least one of them starting upper-case (the type; the
/// segments before it are the package), and a package that gives a module (not empty, not
/// just `yandex.cloud`). Full names become Rust module paths and the generated crate's file
/// names, so an anchor such as `#../../evil.X`, one with a `/`, one with no type in it, or
/// one with no package (`#Listyandex.cloud.X`, from the fuzzer: the emitters refused it, but
/// without a place) must stop here, with its place.
pub fn is_full_name(name: &str) -> bool {
    name.split('.').all(is_ident)
        && name
            .split('.')
            .any(|s| s.starts_with(|c: char| c.is_ascii_uppercase()))
        && !naming::package_modules(&package_of(name)).is_empty()
}

/// An identifier of a `.proto` file: `[A-Za-z_][A-Za-z0-9_]*`.
pub fn is_ident(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

struct Section<'a> {
    title: &'a str,
    anchor: Option<&'a str>,
    line: u32,
    blocks: Vec<&'a Block>,
}

pub fn build(page: &Page, diags: &mut Vec<Diagnostic>) -> PageSchema {
    diags.extend(page.errors.iter().cloned());
    // A block that could not be read may hold what the page then seems to lack (a title
    // after front matter that never closes, the HTTP request inside a code block that never
    // closes): "missing" is not reported for a page with broken blocks, whose own errors
    // say what is wrong.
    let broken = !page.errors.is_empty();
    let file = page.file.as_str();
    let mut out = PageSchema {
        file: file.to_string(),
        ..PageSchema::default()
    };
    let links = type_links(page);
    let mut title: Option<(String, u32)> = None;
    let mut sections: Vec<Section<'_>> = Vec::new();
    let mut intro: Vec<&Block> = Vec::new();
    for block in &page.blocks {
        match block {
            Block::Heading {
                level: 1,
                text,
                line,
                ..
            } if title.is_none() => title = Some((text.clone(), *line)),
            Block::Heading {
                level: 2,
                text,
                anchor,
                line,
            } => sections.push(Section {
                title: text,
                anchor: anchor.as_deref(),
                line: *line,
                blocks: Vec::new(),
            }),
            other => match sections.last_mut() {
                Some(s) => s.blocks.push(other),
                None => intro.push(other),
            },
        }
    }
    let Some((title, title_line)) = title else {
        if !broken {
            diags.push(Diagnostic::error(
                file,
                1,
                1,
                "the page has no `# …: Resource.Method` title",
            ));
        }
        return out;
    };
    let (service, last) = title
        .rsplit_once([' ', ':'])
        .unwrap_or(("", title.as_str()));
    let service = service.trim_end_matches([' ', ':']).to_string();
    let Some((resource, name)) = Some(last)
        .and_then(|t| t.split_once('.'))
        // Both scope the enums of a page without a request message: identifiers only.
        .filter(|(r, m)| is_ident(r) && is_ident(m))
    else {
        diags.push(Diagnostic::error(
            file,
            title_line,
            1,
            format!("the title `{title}` does not end in `Resource.Method`"),
        ));
        return out;
    };

    // Full names of the page's anchors, and the request message.
    let mut anchors: BTreeMap<String, String> = BTreeMap::new();
    let mut request: Option<String> = None;
    for s in &sections {
        let mut full = section_message(s, &links);
        if let Some(bad) = full.as_deref().filter(|f| !is_full_name(f)) {
            // Names become module paths and file names: only proto names may.
            diags.push(Diagnostic::error(
                file,
                s.line,
                1,
                format!("`{bad}` is not a proto full name: {FULL_NAME_RULE}"),
            ));
            full = None;
        }
        if let (Some(anchor), Some(full)) = (s.anchor, &full) {
            anchors.insert(anchor.to_string(), full.clone());
        }
        if matches!(s.title, "Query parameters" | "Body parameters") {
            request = full.or(request);
        }
    }
    let ctx = Ctx {
        file,
        anchors: &anchors,
        links: &links,
    };

    let mut method = schema::Method {
        package: String::new(),
        resource: resource.to_string(),
        name: name.to_string(),
        docs: prose(&intro),
        http_method: Default::default(),
        host: Default::default(),
        path: Default::default(),
        path_params: Vec::new(),
        query_params: Vec::new(),
        request_message: request.clone(),
        request_type: None,
        body_fields: Vec::new(),
        response: schema::Response::Empty,
        origin: Origin {
            file: file.to_string(),
            line: title_line,
        },
    };
    let mut response_message = None;
    let mut response_field_types = BTreeMap::new();
    let mut request_fields: Vec<Field> = Vec::new();
    let mut request_enums = Vec::new();
    let mut request_oneofs = Vec::new();
    for s in &sections {
        match s.title {
            "HTTP request" => match s.blocks.iter().find_map(|b| match b {
                Block::Code { text, line, .. } => Some((text, *line)),
                _ => None,
            }) {
                Some((text, line)) => http_request(&ctx, text, line, &mut method, diags),
                None if broken => {}
                None => diags.push(Diagnostic::error(
                    file,
                    s.line,
                    1,
                    "the HTTP request section has no code block with `VERB URL`",
                )),
            },
            "Path parameters" => {
                let scope = request
                    .clone()
                    .unwrap_or_else(|| format!("{resource}.{name}"));
                if let Some(t) = table_of(s) {
                    let (fields, _, enums) = fields_of(&ctx, &scope, t, diags);
                    method.path_params = fields.clone();
                    request_fields.splice(0..0, fields);
                    request_enums.extend(enums);
                }
            }
            "Query parameters" | "Body parameters" => {
                let scope = request
                    .clone()
                    .unwrap_or_else(|| format!("{resource}.{name}"));
                if let Some(t) = table_of(s) {
                    let (fields, oneofs, enums) = fields_of(&ctx, &scope, t, diags);
                    let names = fields.iter().map(|f| f.json_name.clone());
                    if s.title == "Body parameters" {
                        method.body_fields.extend(names);
                    } else {
                        method.query_params.extend(fields.iter().cloned());
                    }
                    request_fields.extend(fields);
                    request_oneofs.extend(oneofs);
                    request_enums.extend(enums);
                }
                if let (Some(sample), Some(req)) = (json_sample(s), &request) {
                    out.samples.push(Sample {
                        message: req.clone(),
                        omitted: method
                            .path_params
                            .iter()
                            .map(|f| f.json_name.clone())
                            .collect(),
                        json: sample.0,
                        line: sample.1,
                    });
                }
            }
            _ => {
                let named = s
                    .anchor
                    .and_then(|a| anchors.get(a))
                    .cloned()
                    .or_else(|| section_message(s, &links));
                let Some(full) = named.clone().filter(|f| is_full_name(f)) else {
                    // A name that is no proto name was reported above.
                    if s.title != "Response" && named.is_none() {
                        diags.push(Diagnostic::warning(
                            file,
                            s.line,
                            1,
                            format!(
                                "section `{}` names no message (no anchor, no type link); skipped",
                                s.title
                            ),
                        ));
                    }
                    continue;
                };
                let mut msg = Message {
                    full_name: full.clone(),
                    docs: prose(&s.blocks),
                    origins: vec![Origin {
                        file: file.to_string(),
                        line: s.line,
                    }],
                    ..Message::default()
                };
                if let Some(t) = table_of(s) {
                    let (fields, oneofs, enums) = fields_of(&ctx, &full, t, diags);
                    msg.fields = fields;
                    msg.oneofs = oneofs;
                    out.enums.extend(enums);
                }
                if let Some((json, line)) = json_sample(s) {
                    out.samples.push(Sample {
                        message: full.clone(),
                        omitted: Vec::new(),
                        json,
                        line,
                    });
                }
                if s.title == "Response" {
                    response_message = Some(full.clone());
                    for f in &msg.fields {
                        if let (Label::Singular, Type::Message(m)) = (f.label, &f.ty) {
                            response_field_types.insert(f.json_name.clone(), m.clone());
                        }
                    }
                }
                out.messages.push(msg);
            }
        }
    }
    if let Some(req) = &request {
        let mut msg = Message {
            full_name: req.clone(),
            origins: vec![Origin {
                file: file.to_string(),
                line: sections
                    .iter()
                    .find(|s| matches!(s.title, "Query parameters" | "Body parameters"))
                    .map(|s| s.line)
                    .unwrap_or(1),
            }],
            ..Message::default()
        };
        msg.oneofs = request_oneofs;
        msg.fields = request_fields;
        link_oneofs(&mut msg);
        out.messages.insert(0, msg);
        out.enums.extend(request_enums);
    }
    method.package = method_package(request.as_deref(), &out.messages);
    if method.path.is_empty() && !broken {
        diags.push(Diagnostic::error(
            file,
            title_line,
            1,
            "the page has no `## HTTP request` section with `VERB URL`",
        ));
    }
    out.method = Some(MethodDraft {
        method,
        service,
        response_message,
        response_field_types,
    });
    fold_doc_links(&mut out, &anchors);
    out
}

/// Points the description links to suffixed anchors at their messages ([`links`]).
fn fold_doc_links(page: &mut PageSchema, anchors: &BTreeMap<String, String>) {
    let fold = |docs: &mut String| {
        if let Some(folded) = links::fold_links(docs, anchors) {
            *docs = folded;
        }
    };
    for m in &mut page.messages {
        fold(&mut m.docs);
        m.fields.iter_mut().for_each(|f| fold(&mut f.docs));
    }
    for e in &mut page.enums {
        fold(&mut e.docs);
        e.values.iter_mut().for_each(|v| fold(&mut v.docs));
    }
    if let Some(m) = &mut page.method {
        fold(&mut m.method.docs);
    }
}

struct Ctx<'a> {
    file: &'a str,
    anchors: &'a BTreeMap<String, String>,
    links: &'a BTreeMap<String, String>,
}

/// Type links of the page (`**[Name](#anchor)**`): shown name → folded full name. Used to
/// name headings that carry no anchor and backtick-styled names that carry no link.
fn type_links(page: &Page) -> BTreeMap<String, String> {
    let mut links = BTreeMap::new();
    // Each `](#` is found once and its `**[` looked for only back to the previous one, so a
    // cell is read in linear time (searching forward from every `**[` to the next `](#`
    // was quadratic in a cell full of `**[`).
    let mut scan = |text: &str| {
        let mut rest = text;
        while let Some(close) = rest.find("](#") {
            let before = &rest[..close];
            let after = &rest[close + 3..];
            rest = after;
            let Some(open) = before.rfind("**[") else {
                continue;
            };
            let name = &before[open + 3..];
            let end = after.find([')', ']']).unwrap_or(after.len());
            if !after[end..].starts_with(')') {
                continue;
            }
            let anchor = &after[..end];
            if !name.is_empty() && !anchor.is_empty() && !name.contains(['[', ']', '\n']) {
                links
                    .entry(name.to_string())
                    .or_insert_with(|| fold_anchor(anchor, name));
            }
        }
    };
    if let Some(fm) = &page.front_matter {
        scan(&fm.yaml);
    }
    for b in &page.blocks {
        if let Block::Table(t) = b {
            for r in &t.rows {
                for c in &r.cells {
                    scan(&c.text);
                }
            }
        }
    }
    links
}

fn section_message(s: &Section<'_>, links: &BTreeMap<String, String>) -> Option<String> {
    let shown = match s.title {
        "Query parameters" | "Body parameters" | "Response" => "",
        t => t,
    };
    match s.anchor {
        Some(a) if a.contains('.') => Some(fold_anchor(a, shown)),
        Some(_) => None,
        None if !shown.is_empty() => links.get(shown).cloned(),
        None => None,
    }
}

fn table_of<'a>(s: &Section<'a>) -> Option<&'a Table> {
    s.blocks.iter().find_map(|b| match b {
        Block::Table(t) => Some(t),
        _ => None,
    })
}

fn json_sample(s: &Section<'_>) -> Option<(String, u32)> {
    s.blocks.iter().find_map(|b| match b {
        Block::Code { lang, text, line } if lang == "json" => Some((text.clone(), *line)),
        _ => None,
    })
}

/// Prose lines of a section (before its table), paragraphs kept; the HTTP status line
/// and code blocks are not prose.
fn prose(blocks: &[&Block]) -> String {
    let mut out = String::new();
    let mut para_break = false;
    for b in blocks {
        match b {
            Block::Text { text, .. } => {
                if text.starts_with("**HTTP Code:") {
                    continue;
                }
                if !out.is_empty() {
                    out.push_str(if para_break { "\n\n" } else { "\n" });
                }
                para_break = false;
                out.push_str(text);
            }
            Block::Blank => para_break = true,
            Block::Table(_) => break,
            _ => para_break = true,
        }
    }
    out
}

fn method_package(request: Option<&str>, messages: &[Message]) -> String {
    if let Some(r) = request {
        return package_of(r);
    }
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for m in messages {
        *counts.entry(package_of(&m.full_name)).or_default() += 1;
    }
    let mut best: Option<(String, usize)> = None;
    for (p, n) in counts {
        if best.as_ref().is_none_or(|(_, b)| n > *b) {
            best = Some((p, n));
        }
    }
    best.map(|b| b.0).unwrap_or_default()
}

/// Line and column of a byte offset inside a cell that starts at (`line`, `col`).
pub fn offset_position(text: &str, offset: usize, line: u32, col: u32) -> (u32, u32) {
    let before = &text[..offset.min(text.len())];
    let newlines = before.matches('\n').count() as u32;
    if newlines == 0 {
        (line, col + before.chars().count() as u32)
    } else {
        let last = before.rsplit('\n').next().unwrap_or("");
        (line + newlines, 1 + last.chars().count() as u32)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_repeat_suffixes_only() {
        assert_eq!(fold_anchor("a.b.Resources2", "Resources"), "a.b.Resources");
        assert_eq!(
            fold_anchor("a.b.RedisConfig6_2", "RedisConfig6_2"),
            "a.b.RedisConfig6_2"
        );
        assert_eq!(
            fold_anchor("a.b.RedisConfig6_22", "RedisConfig6_2"),
            "a.b.RedisConfig6_2"
        );
        assert_eq!(fold_anchor("a.b.Other", "Resources"), "a.b.Other");
    }

    #[test]
    fn packages_and_urls() {
        assert_eq!(
            package_of("yandex.cloud.mdb.spqr.v1.SpqrSpec.Router"),
            "yandex.cloud.mdb.spqr.v1"
        );
        assert_eq!(package_of("google.rpc.Status"), "google.rpc");
        assert_eq!(
            split_url("https://{{ api-host-mdb }}/managed-spqr/v1/clusters/{clusterId}:backup"),
            Some((
                "api-host-mdb".into(),
                "/managed-spqr/v1/clusters/{clusterId}:backup".into()
            ))
        );
        assert_eq!(
            split_url("https://vpc.api.cloud.yandex.net/vpc/v1/networks"),
            Some(("vpc.api.cloud.yandex.net".into(), "/vpc/v1/networks".into()))
        );
        assert_eq!(split_url("ftp://x/y"), None);
    }

    #[test]
    fn offsets_map_to_lines() {
        assert_eq!(offset_position("**x**", 2, 5, 10), (5, 12));
        assert_eq!(offset_position("ab\ncd", 4, 5, 10), (6, 2));
    }

    fn page(text: &str) -> (PageSchema, Vec<Diagnostic>) {
        let mut diags = Vec::new();
        let page = crate::page::read("p.md", text).unwrap();
        let ps = build(&page, &mut diags);
        (ps, diags)
    }

    const HEAD: &str = "# A, REST: R.Get\n\n## HTTP request\n\n```\nGET https://h.example/a\n```\n\n## Response {#a.b.M}\n\n";

    #[test]
    fn fields_with_one_rust_name_are_an_error() {
        let (ps, diags) = page(&format!(
            "{HEAD}#|\n||F | D ||\n|| folderId | **string** ||\n|| folder_id | **string** ||\n|| FolderId | **string** ||\n|#\n"
        ));
        let errors: Vec<String> = diags.iter().map(|d| d.to_string()).collect();
        assert_eq!(
            errors,
            vec![
                "p.md:14:1: error: fields `folderId` and `folder_id` would both be the Rust field `folder_id`\n  note: the other is at p.md:13",
                "p.md:15:1: error: fields `folderId` and `FolderId` would both be the Rust field `folder_id`\n  note: the other is at p.md:13",
            ]
        );
        // The first spelling is kept, so later errors about the message stay meaningful.
        assert_eq!(ps.messages[0].fields.len(), 1);
        let (ps, diags) = page(&format!(
            "{HEAD}#|\n||F | D ||\n|| id | **string** ||\n|| id | **string**\n\nAgain. ||\n|#\n"
        ));
        let warnings: Vec<String> = diags.iter().map(|d| d.to_string()).collect();
        assert_eq!(
            warnings,
            ["p.md:14:1: warning: field `id` appears twice in this table; this row is dropped\n  note: the other is at p.md:13"]
        );
        assert_eq!(ps.messages[0].fields.len(), 1);
        assert_eq!(ps.messages[0].fields[0].docs, "");
        let (_, diags) = page(&format!(
            "{HEAD}#|\n||F | D ||\n|| id | **string** ||\n|| id | **string** (int64) ||\n|#\n"
        ));
        assert!(diags[0].is_error());
        assert_eq!(
            diags[0].message,
            "field `id` appears twice in this table, as string and as int64"
        );
    }

    #[test]
    fn type_links_are_found_in_cells_full_of_brackets() {
        // 50 000 `**[` before a `](#` in one cell: looking for the `](#` from each of them
        // was quadratic (some 10¹⁰ steps here).
        let noise = format!("{}[x](#a.b.X)", "**[".repeat(50_000));
        let (ps, diags) = page(&format!(
            "{HEAD}#|\n||F | D ||\n|| a | **string**\n\n{noise} ||\n|| b | **[N](#a.b.N)** ||\n|#\n\n## N\n\n#|\n||F | D ||\n|| c | **string** ||\n|#\n"
        ));
        assert!(diags.is_empty(), "{diags:?}");
        // The heading `N` has no anchor: it is named through the link.
        assert!(ps.messages.iter().any(|m| m.full_name == "a.b.N"));
    }

    #[test]
    fn names_that_are_no_proto_names_are_errors_with_a_place() {
        assert!(is_full_name("yandex.cloud.mdb.spqr.v1.Cluster"));
        assert!(is_full_name("google.rpc.Status") && is_full_name("a.B.c"));
        for bad in [
            "Listyandex.cloud.mdb.spqr.v1.Database",
            "yandex.cloud.Operation",
            "X",
            "../../evil.X",
            "a/b.C",
            "a..B",
            "a.b.c",
            "a.B.",
            "a.1B",
            "a.B\u{e9}",
            "a.B c",
            "",
        ] {
            assert!(!is_full_name(bad), "{bad}");
        }
        let (ps, diags) = page(
            "# A, REST: R.Get\n\n## HTTP request\n\n```\nGET https://h.example/a\n```\n\n## Response {#../../evil.X}\n\n#|\n||F | D ||\n|| a | **[Y](#a/b.Y)** ||\n|#\n\n## Y {#a.b.Y}\n\n#|\n||F | D ||\n|| b | **[Z](#a.b.z)** ||\n|#\n",
        );
        let errors: Vec<String> = diags.iter().map(|d| d.to_string()).collect();
        assert_eq!(
            errors,
            vec![
                "p.md:9:1: error: `../../evil.X` is not a proto full name: dot-separated ASCII identifiers: a package (not `yandex.cloud` alone), then an upper-case type name",
                "p.md:20:8: error: `a.b.z` is not a proto full name: dot-separated ASCII identifiers: a package (not `yandex.cloud` alone), then an upper-case type name",
            ]
        );
        assert_eq!(
            ps.messages
                .iter()
                .map(|m| m.full_name.as_str())
                .collect::<Vec<_>>(),
            ["a.b.Y"]
        );
    }

    #[test]
    fn bad_http_requests_point_at_their_line_and_column() {
        let (_, diags) =
            page("# A, REST: R.Get\n\n## HTTP request\n\n```\n\n  GET ftp://x/y\n```\n");
        assert_eq!(
            diags[0].to_string(),
            "p.md:7:7: error: cannot read the URL `ftp://x/y` (expected `https://host/path`)"
        );
        let (_, diags) =
            page("# A, REST: R.Get\n\n## HTTP request\n\n```\n\n  GÉT https://x/y\n```\n");
        assert_eq!(
            diags[0].to_string(),
            "p.md:7:3: error: `GÉT` is not an HTTP verb (GET, POST, PUT, PATCH or DELETE)"
        );
        // The path template is read here, once: what codegen would not be able to print.
        let (_, diags) =
            page("# A, REST: R.Get\n\n## HTTP request\n\n```\nGET https://x.net/a?b=1\n```\n");
        assert_eq!(
            diags[0].to_string(),
            "p.md:6:5: error: path `/a?b=1` has `?` outside a parameter"
        );
        let (_, diags) = page("# A, REST: R.Get\n\n## HTTP request\n\n```\nGET\n```\n");
        assert_eq!(
            diags[0].to_string(),
            "p.md:6:1: error: expected `VERB URL` in the HTTP request block, found `GET`"
        );
    }
}
