//! The page reader: a page's text to its blocks (front matter, headings, code blocks,
//! tables, prose lines), each with its line. What the blocks mean is `page_schema`'s job.

use crate::diagnostics::Diagnostic;
use crate::source::{self, Line};
use crate::table::{self, Table};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Page {
    pub file: String,
    pub front_matter: Option<FrontMatter>,
    pub blocks: Vec<Block>,
    /// Blocks that could not be read (a table without its `|#`, a row without its `||`, a
    /// code block or front matter never closed), in page order. Reading goes on after each,
    /// so one run reports every broken block of a page, not just the first;
    /// [`page_schema::build`](crate::page_schema::build) reports them.
    pub errors: Vec<Diagnostic>,
}

/// The YAML between the opening and closing `---`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FrontMatter {
    pub yaml: String,
    /// Line of the YAML's first line.
    pub line: u32,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Block {
    Heading {
        level: u8,
        /// The heading's text without its `{#anchor}`.
        text: String,
        anchor: Option<String>,
        line: u32,
    },
    Code {
        lang: String,
        text: String,
        /// Line of the opening fence.
        line: u32,
    },
    Table(Table),
    /// A non-blank line of prose.
    Text {
        text: String,
        line: u32,
    },
    /// A blank line (paragraph break in prose).
    Blank,
}

/// Reads a page's text (already decoded and normalized by [`source::decode`]). A block that
/// cannot be read is recorded in [`Page::errors`] and its first line read as prose, so the
/// rest of the page is still read (and its errors found) without one error causing more.
/// The `Result` is kept for callers that stop at a page's first error: it is never `Err`.
pub fn read(file: &str, text: &str) -> Result<Page, Diagnostic> {
    let lines = source::lines(text);
    let mut errors = Vec::new();
    let mut i = 0;
    let front_matter = if lines.first().map(|l| l.text) == Some("---") {
        match lines[1..].iter().position(|l| l.text == "---") {
            Some(p) => {
                let end = p + 1;
                let yaml = lines[1..end]
                    .iter()
                    .map(|l| l.text)
                    .collect::<Vec<_>>()
                    .join("\n");
                i = end + 1;
                Some(FrontMatter { yaml, line: 2 })
            }
            None => {
                errors.push(Diagnostic::error(
                    file,
                    1,
                    1,
                    "front matter opened with `---` is never closed",
                ));
                i = 1;
                None
            }
        }
    } else {
        None
    };
    let mut blocks = Vec::new();
    while i < lines.len() {
        let line = lines[i];
        let t = line.text;
        let read = if let Some(fence) = fence(t) {
            Some(code_block(file, &lines, i, fence))
        } else if t.trim() == "#|" {
            Some(table::read(file, &lines, i).map(|(t, next)| (Block::Table(t), next)))
        } else {
            None
        };
        match read {
            Some(Ok((block, next))) => {
                blocks.push(block);
                i = next;
                continue;
            }
            Some(Err(e)) => {
                // The opening line is taken as prose and reading goes on from the next
                // line: the broken block's rows read as prose, which no rule picks up, so
                // the block's error does not bring others with it.
                errors.push(e);
                blocks.push(Block::Text {
                    text: t.to_string(),
                    line: line.no,
                });
                i += 1;
                continue;
            }
            None => {}
        }
        if let Some(h) = heading(line) {
            blocks.push(h);
            i += 1;
        } else {
            blocks.push(if t.trim().is_empty() {
                Block::Blank
            } else {
                Block::Text {
                    text: t.to_string(),
                    line: line.no,
                }
            });
            i += 1;
        }
    }
    Ok(Page {
        file: file.to_string(),
        front_matter,
        blocks,
        errors,
    })
}

/// The fence (three or more backticks) that opens a code block on this line.
fn fence(t: &str) -> Option<&str> {
    let trimmed = t.trim_start();
    let n = trimmed.chars().take_while(|&c| c == '`').count();
    (n >= 3).then(|| &trimmed[..n])
}

fn code_block(
    file: &str,
    lines: &[Line<'_>],
    start: usize,
    fence: &str,
) -> Result<(Block, usize), Diagnostic> {
    let open = lines[start];
    let lang = open.text.trim_start()[fence.len()..].trim().to_string();
    let mut body = Vec::new();
    for (j, l) in lines.iter().enumerate().skip(start + 1) {
        if l.text.trim_start().starts_with(fence) && l.text.trim() == fence {
            return Ok((
                Block::Code {
                    lang,
                    text: body.join("\n"),
                    line: open.no,
                },
                j + 1,
            ));
        }
        body.push(l.text);
    }
    Err(Diagnostic::error(
        file,
        open.no,
        1,
        "code block is not closed (the page ends inside it)",
    ))
}

fn heading(line: Line<'_>) -> Option<Block> {
    let t = line.text;
    let level = t.chars().take_while(|&c| c == '#').count();
    if level == 0 || level > 6 || !t[level..].starts_with(' ') {
        return None;
    }
    let mut text = t[level..].trim();
    let mut anchor = None;
    if let Some(open) = text.rfind("{#") {
        if text.ends_with('}') {
            anchor = Some(text[open + 2..text.len() - 1].trim().to_string());
            text = text[..open].trim_end();
        }
    }
    Some(Block::Heading {
        level: level as u8,
        text: text.to_string(),
        anchor,
        line: line.no,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter_headings_code_and_tables() {
        let text = "---\na: 1\n---\n\n# T: R.M\n\n## Resp {#x.Y}\n\n```json\n{}\n```\n\nprose\n#|\n||F | D ||\n|| a | **string** ||\n|#\n";
        let page = read("p.md", text).unwrap();
        let fm = page.front_matter.unwrap();
        assert_eq!((fm.yaml.as_str(), fm.line), ("a: 1", 2));
        let kinds: Vec<String> = page
            .blocks
            .iter()
            .filter(|b| **b != Block::Blank)
            .map(|b| match b {
                Block::Heading {
                    level,
                    text,
                    anchor,
                    line,
                } => format!("h{level}:{text}:{anchor:?}:{line}"),
                Block::Code { lang, text, line } => format!("code:{lang}:{text}:{line}"),
                Block::Table(t) => format!("table:{}:{}", t.line, t.rows.len()),
                Block::Text { text, line } => format!("text:{text}:{line}"),
                Block::Blank => unreachable!(),
            })
            .collect();
        assert_eq!(
            kinds,
            vec![
                "h1:T: R.M:None:5",
                "h2:Resp:Some(\"x.Y\"):7",
                "code:json:{}:9",
                "text:prose:13",
                "table:14:1",
            ]
        );
    }

    #[test]
    fn unclosed_front_matter_and_code_are_errors() {
        let page = read("p.md", "---\na: 1\n# T\n").unwrap();
        assert_eq!(page.errors.len(), 1);
        assert!(page.errors[0].message.contains("front matter"));
        // The rest is still read: the heading is there.
        assert!(page
            .blocks
            .iter()
            .any(|b| matches!(b, Block::Heading { text, .. } if text == "T")));
        let page = read("p.md", "# T\n\n```json\n{\n").unwrap();
        assert_eq!(page.errors.len(), 1);
        assert_eq!(page.errors[0].line, 3);
        assert!(page.errors[0].message.contains("code block"));
    }

    #[test]
    fn every_broken_block_of_a_page_is_reported() {
        let page = read(
            "p.md",
            "# T\n\n#|\n||a | b ||\n|| x | y\n|| z | w ||\n|#\n\n## S\n\n#|\n||a | b ||\n|| ok | fine ||\n|#\n\n#|\n||a ||\n\n## U\n\n```\nnever closed\n",
        )
        .unwrap();
        let errors: Vec<String> = page.errors.iter().map(|d| d.to_string()).collect();
        assert_eq!(
            errors,
            [
                "p.md:5:1: error: table row is not closed with `||`",
                "p.md:19:1: error: the table opened at line 16 is not closed with `|#` before this line",
                "p.md:21:1: error: code block is not closed (the page ends inside it)",
            ]
        );
        // The good table between the broken ones is read.
        let tables = page
            .blocks
            .iter()
            .filter(|b| matches!(b, Block::Table(_)))
            .count();
        assert_eq!(tables, 1);
    }

    #[test]
    fn page_without_front_matter() {
        let page = read("p.md", "# T: R.M\n").unwrap();
        assert!(page.front_matter.is_none());
        assert_eq!(page.blocks.len(), 1);
    }
}
