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
                // A heading, a code fence or another table's `#|` between rows: the table
                // lost its `|#` (a page edited by hand, or two tables run together).
                if starts_block(trimmed) {
                    return Err(Diagnostic::error(
                        file,
                        line.no,
                        1,
                        format!(
                            "the table opened at line {} is not closed with `|#` before this line",
                            open.no
                        ),
                    ));
                }
                return Err(Diagnostic::error(
                    file,
                    line.no,
                    1,
                    "expected a table row starting with `||` or the table's closing `|#`",
                ));
            };
            // Columns are characters: indentation may be any white space, not only ASCII.
            col += text[..text.len() - after.len()].chars().count() as u32;
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
    let why = match current {
        Some((row, _)) => format!("the page ends inside the row at line {row}"),
        None => "the page ends after its last row".to_string(),
    };
    Err(Diagnostic::error(
        file,
        open.no,
        1,
        format!("table is not closed with `|#` ({why})"),
    ))
}

/// Whether a line outside any row starts a block no table holds: a heading, a code fence,
/// another table.
fn starts_block(trimmed: &str) -> bool {
    let hashes = trimmed.chars().take_while(|&c| c == '#').count();
    (1..=6).contains(&hashes) && trimmed[hashes..].starts_with(' ')
        || trimmed.starts_with("```")
        || trimmed == "#|"
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
        // Columns count characters, counted as we go: recounting the line's prefix for each
        // character made reading a long line quadratic in its length.
        for (chars_before, ch) in piece.chars().enumerate() {
            let here = (line, col + chars_before as u32);
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

    #[test]
    fn a_heading_after_the_last_row_names_the_missing_close() {
        let e = table("#|\n||a | b ||\n|| x | y ||\n\n## Next\n").unwrap_err();
        assert_eq!((e.line, e.col), (5, 1));
        assert_eq!(
            e.message,
            "the table opened at line 1 is not closed with `|#` before this line"
        );
        // Prose between rows is not a heading: the row itself is what is wrong.
        let e = table("#|\n||a | b ||\nprose\n|#\n").unwrap_err();
        assert_eq!(e.line, 3);
        assert!(
            e.message.starts_with("expected a table row"),
            "{}",
            e.message
        );
    }

    #[test]
    fn end_of_page_says_whether_a_row_was_open() {
        let e = table("#|\n||a | b ||\n").unwrap_err();
        assert_eq!(
            e.message,
            "table is not closed with `|#` (the page ends after its last row)"
        );
        let e = table("#|\n||a | b ||\n|| x | y\n").unwrap_err();
        assert_eq!(
            e.message,
            "table is not closed with `|#` (the page ends inside the row at line 3)"
        );
    }

    #[test]
    fn columns_count_characters() {
        // Non-ASCII indentation and text before the cell: columns are characters.
        let (t, _) = table("#|\n||a | b ||\n\u{3000}|| é | ü ||\n|#\n").unwrap();
        let c = &t.rows[0].cells;
        assert_eq!((c[0].line, c[0].col), (3, 5));
        assert_eq!((c[1].line, c[1].col), (3, 9));
    }

    #[test]
    fn long_lines_are_read_in_linear_time() {
        // 200 000 characters in one cell: counting each column from the line start would
        // take some 2·10¹⁰ steps here; counting as the reader goes takes 2·10⁵.
        let long = "x".repeat(200_000);
        let (t, _) = table(&format!("#|\n||a | b ||\n|| n | {long} ||\n|#\n")).unwrap();
        assert_eq!(t.rows[0].cells[1].text.len(), 200_000);
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        fn line() -> impl Strategy<Value = String> {
            let piece = prop_oneof![
                Just("||".to_string()),
                Just("|".to_string()),
                Just("|#".to_string()),
                Just("#|".to_string()),
                Just("## H".to_string()),
                Just("```".to_string()),
                Just("`".to_string()),
                Just(" ".to_string()),
                Just("**string**".to_string()),
                "[a-z]{1,4}",
                any::<char>()
                    .prop_filter("one line", |c| *c != '\n')
                    .prop_map(String::from),
            ];
            proptest::collection::vec(piece, 0..6).prop_map(|p| p.concat())
        }

        proptest! {
            /// Any lines after `#|`: a table whose cells lie inside the input, or an error
            /// whose line and column do.
            #[test]
            fn any_input_gives_a_table_or_an_error_inside_it(
                body in proptest::collection::vec(line(), 0..12)
            ) {
                let src = format!("#|\n{}\n", body.join("\n"));
                let ls = lines(&src);
                let col_ok = |line: u32, col: u32| {
                    let text = ls.iter().find(|l| l.no == line).map(|l| l.text);
                    text.is_some_and(|t| col >= 1 && col as usize <= t.chars().count() + 1)
                };
                match read("t.md", &ls, 0) {
                    Ok((t, next)) => {
                        prop_assert!(next <= ls.len());
                        for r in &t.rows {
                            prop_assert!(r.line >= 1 && (r.line as usize) < next + 1);
                            for c in &r.cells {
                                prop_assert!(col_ok(c.line, c.col), "cell at {}:{}", c.line, c.col);
                            }
                        }
                    }
                    Err(e) => {
                        prop_assert!(col_ok(e.line, e.col), "{e}");
                    }
                }
            }
        }
    }
}
