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

/// Reads a page's text (already decoded and normalized by [`source::decode`]).
pub fn read(file: &str, text: &str) -> Result<Page, Diagnostic> {
    let lines = source::lines(text);
    let mut i = 0;
    let front_matter = if lines.first().map(|l| l.text) == Some("---") {
        let end = lines[1..]
            .iter()
            .position(|l| l.text == "---")
            .map(|p| p + 1)
            .ok_or_else(|| {
                Diagnostic::error(file, 1, 1, "front matter opened with `---` is never closed")
            })?;
        let yaml = lines[1..end]
            .iter()
            .map(|l| l.text)
            .collect::<Vec<_>>()
            .join("\n");
        i = end + 1;
        Some(FrontMatter { yaml, line: 2 })
    } else {
        None
    };
    let mut blocks = Vec::new();
    while i < lines.len() {
        let line = lines[i];
        let t = line.text;
        if let Some(fence) = fence(t) {
            let (block, next) = code_block(file, &lines, i, fence)?;
            blocks.push(block);
            i = next;
        } else if t.trim() == "#|" {
            let (table, next) = table::read(file, &lines, i)?;
            blocks.push(Block::Table(table));
            i = next;
        } else if let Some(h) = heading(line) {
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
        assert!(read("p.md", "---\na: 1\n# T\n")
            .unwrap_err()
            .message
            .contains("front matter"));
        let e = read("p.md", "# T\n\n```json\n{\n").unwrap_err();
        assert_eq!(e.line, 3);
        assert!(e.message.contains("code block"));
    }

    #[test]
    fn page_without_front_matter() {
        let page = read("p.md", "# T: R.M\n").unwrap();
        assert!(page.front_matter.is_none());
        assert_eq!(page.blocks.len(), 1);
    }
}
