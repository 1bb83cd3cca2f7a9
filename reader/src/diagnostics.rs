//! Diagnostics: every parse and merge problem is a [`Diagnostic`] pointing at a file, line
//! and column. They are collected, not thrown, so one run reports all of them; rendering
//! (with the offending line shown) is left to annotate-snippets.

use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Warning,
    Error,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Path as given on the command line (relative to the specs directory's parent when
    /// the specs directory is relative).
    pub file: String,
    /// 1-based line and column (column in characters).
    pub line: u32,
    pub col: u32,
    pub message: String,
    /// Further places involved (e.g. the other definition in a conflict).
    pub notes: Vec<String>,
}

impl Diagnostic {
    pub fn error(file: &str, line: u32, col: u32, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: file.to_string(),
            line,
            col: col.max(1),
            message: message.into(),
            notes: Vec::new(),
        }
    }

    pub fn warning(file: &str, line: u32, col: u32, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(file, line, col, message)
        }
    }

    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// Renders `path:line:col: severity: message` followed by the source line with the
    /// column marked, when `source` (the whole file's text) is given.
    pub fn render(&self, source: Option<&str>) -> String {
        use annotate_snippets::{Level, Renderer, Snippet};
        let level = match self.severity {
            Severity::Error => Level::Error,
            Severity::Warning => Level::Warning,
        };
        let title = format!("{}:{}:{}: {}", self.file, self.line, self.col, self.message);
        let line_text = source.and_then(|s| s.lines().nth(self.line.saturating_sub(1) as usize));
        let span = line_text.map(|text| {
            let start = text
                .char_indices()
                .nth(self.col.saturating_sub(1) as usize)
                .map(|(i, _)| i)
                .unwrap_or(text.len());
            let end = text[start..]
                .char_indices()
                .nth(1)
                .map(|(i, _)| start + i)
                .unwrap_or(text.len());
            (text, start..end)
        });
        let mut message = level.title(&title);
        if let Some((text, range)) = span.clone() {
            message = message.snippet(
                Snippet::source(text)
                    .line_start(self.line as usize)
                    .origin(&self.file)
                    .annotation(level.span(range)),
            );
        }
        for note in &self.notes {
            message = message.footer(Level::Note.title(note));
        }
        let rendered = Renderer::plain().render(message).to_string();
        rendered
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(
            f,
            "{}:{}:{}: {kind}: {}",
            self.file, self.line, self.col, self.message
        )?;
        for note in &self.notes {
            write!(f, "\n  note: {note}")?;
        }
        Ok(())
    }
}

/// Sorts diagnostics by place so output is stable whatever order pages were read in.
pub fn sort(diags: &mut [Diagnostic]) {
    diags.sort_by(|a, b| {
        (&a.file, a.line, a.col, &a.message).cmp(&(&b.file, b.line, b.col, &b.message))
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_location_and_source_line() {
        let d = Diagnostic::error("spqr/a.md", 2, 3, "bad thing");
        let out = d.render(Some("first\nab|cd\nthird"));
        assert!(out.contains("spqr/a.md:2:3: bad thing"), "{out}");
        assert!(out.contains("ab|cd"), "{out}");
        assert!(!out.contains("third"), "{out}");
    }

    #[test]
    fn display_is_one_line_per_note() {
        let d = Diagnostic::warning("x.md", 1, 1, "w").with_note("see y.md:4");
        assert_eq!(d.to_string(), "x.md:1:1: warning: w\n  note: see y.md:4");
    }
}
