//! The table reader: YFM tables, `#|` … `|#`, one row per `||` … `||`, cells separated
//! by `|`. A row may span many lines (descriptions have paragraphs and lists).

use crate::diagnostics::Diagnostic;
use crate::source::Line;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Table {
    /// Line of the opening `#|`.
    pub line: u32,
    pub header: Vec<String>,
    pub rows: Vec<Row>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    /// Line where the row's `||` opens.
    pub line: u32,
    pub cells: Vec<Cell>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cell {
    /// Line and column where the cell's text starts.
    pub line: u32,
    pub col: u32,
    /// The cell's markdown, trimmed; lines joined with `\n`.
    pub text: String,
}

/// Reads the table whose `#|` is `lines[start]`; returns it and the index of the line after
/// its `|#`.
pub fn read(file: &str, lines: &[Line<'_>], start: usize) -> Result<(Table, usize), Diagnostic> {
    let open = lines[start];
    let mut rows: Vec<Row> = Vec::new();
    // The row being read: its opening line and its text so far (each piece with the
    // line and column it came from, so cells keep their position).
    let mut current: Option<(u32, Vec<Piece<'_>>)> = None;
    let mut i = start + 1;
    while i < lines.len() {
        let line = lines[i];
        let text = line.text;
        if text.trim_start() == "|#" {
            if let Some((row_line, _)) = current {
                return Err(Diagnostic::error(
                    file,
                    row_line,
                    1,
                    "table row is not closed with `||` before the table's `|#`",
                ));
            }
            let (header, rows) = split_header(rows);
            return Ok((
                Table {
                    line: open.no,
                    header,
                    rows,
                },
                i + 1,
            ));
        }
        let mut rest = text;
        let mut col = 1u32;
        if let Some((row_line, _)) = &current {
            // A new row opening while one is still open: the earlier row lost its `||`
            // (a lone `||` line is the open row's end).
            if text.trim_start().starts_with("||") && text.trim() != "||" {
                return Err(Diagnostic::error(
                    file,
                    *row_line,
                    1,
                    "table row is not closed with `||`",
                ));
            }
        } else {
            let trimmed = text.trim_start();
            if trimmed.is_empty() {
                i += 1;
                continue;
            }
            let Some(after) = trimmed.strip_prefix("||") else {
                return Err(Diagnostic::error(
                    file,
                    line.no,
                    1,
                    "expected a table row starting with `||` or the table's closing `|#`",
                ));
            };
            col += (text.len() - after.len()) as u32;
            rest = after;
            current = Some((line.no, Vec::new()));
        }
        let (row_line, pieces) = current.as_mut().expect("a row is open");
        if let Some(body) = rest.trim_end().strip_suffix("||") {
            pieces.push((line.no, col, body));
            let cells = split_cells(pieces);
            rows.push(Row {
                line: *row_line,
                cells,
            });
            current = None;
        } else {
            pieces.push((line.no, col, rest));
        }
        i += 1;
    }
    let at = current.map(|(l, _)| l).unwrap_or(open.no);
    Err(Diagnostic::error(
        file,
        open.no,
        1,
        format!("table is not closed with `|#` (the page ends while reading the row at line {at})"),
    ))
}

/// A piece of a row's text: the line and column it starts at, and the text.
type Piece<'a> = (u32, u32, &'a str);

fn split_header(mut rows: Vec<Row>) -> (Vec<String>, Vec<Row>) {
    if rows.is_empty() {
        return (Vec::new(), rows);
    }
    let header = rows.remove(0).cells.into_iter().map(|c| c.text).collect();
    (header, rows)
}

/// Splits a row's text into cells at `|` outside code spans. Descriptions never hold a bare
/// `|`, but code spans in them may.
fn split_cells(pieces: &[Piece<'_>]) -> Vec<Cell> {
    let mut cells = Vec::new();
    let mut text = String::new();
    let mut start: Option<(u32, u32)> = None;
    let mut in_code = false;
    for (idx, &(line, col, piece)) in pieces.iter().enumerate() {
        if idx > 0 {
            text.push('\n');
        }
        for (off, ch) in piece.char_indices() {
            let here = (line, col + piece[..off].chars().count() as u32);
            match ch {
                '`' => in_code = !in_code,
                '|' if !in_code => {
                    cells.push(finish(&mut text, start.take().unwrap_or(here)));
                    continue;
                }
                _ => {}
            }
            if start.is_none() && !ch.is_whitespace() {
                start = Some(here);
            }
            text.push(ch);
        }
        // A code span never crosses a line in these tables; an unbalanced backtick must
        // not swallow the rest of the row.
        in_code = false;
    }
    let last = pieces.last().map(|p| (p.0, p.1)).unwrap_or((0, 1));
    cells.push(finish(&mut text, start.unwrap_or(last)));
    cells
}

fn finish(text: &mut String, (line, col): (u32, u32)) -> Cell {
    let cell = Cell {
        line,
        col,
        text: text.trim().to_string(),
    };
    text.clear();
    cell
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::lines;

    fn table(src: &str) -> Result<(Table, usize), Diagnostic> {
        let ls = lines(src);
        read("t.md", &ls, 0)
    }

    #[test]
    fn reads_multi_line_rows() {
        let (t, next) = table(
            "#|\n||Field | Description ||\n|| id | **string**\n\nID of it. ||\n|| tags[] | **string** ||\n|#\nafter\n",
        )
        .unwrap();
        assert_eq!(next, 7);
        assert_eq!(t.header, vec!["Field", "Description"]);
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.rows[0].cells[0].text, "id");
        assert_eq!(t.rows[0].cells[1].text, "**string**\n\nID of it.");
        assert_eq!((t.rows[0].cells[1].line, t.rows[0].cells[1].col), (3, 9));
        assert_eq!(t.rows[1].line, 6);
        assert_eq!(t.rows[1].cells[0].text, "tags[]");
    }

    #[test]
    fn pipes_inside_code_spans_stay_in_the_cell() {
        let (t, _) = table("#|\n||a | b ||\n|| x | `a|b` c ||\n|#\n").unwrap();
        assert_eq!(t.rows[0].cells[1].text, "`a|b` c");
    }

    #[test]
    fn unclosed_table_is_an_error() {
        let e = table("#|\n||a | b ||\n|| x | y ||\n").unwrap_err();
        assert_eq!(e.line, 1);
        assert!(e.message.contains("`|#`"), "{}", e.message);
    }

    #[test]
    fn unclosed_row_is_an_error() {
        let e = table("#|\n||a | b ||\n|| x | y\n|#\n").unwrap_err();
        assert_eq!(e.line, 3);
        assert!(e.message.contains("`||`"), "{}", e.message);
    }

    #[test]
    fn row_cut_by_the_next_row_is_an_error() {
        let e = table("#|\n||a | b ||\n|| x | y\n|| z | w ||\n|#\n").unwrap_err();
        assert_eq!(e.line, 3);
    }
}
