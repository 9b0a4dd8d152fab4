//! Diagnostics: what annals tells a writer about their files.
//!
//! Every problem found while loading or checking a site becomes a
//! [`Diagnostic`] with the file, line and column it is about, the offending
//! value quoted in the message, and a hint saying how to fix it. Stages collect
//! them in a [`Diagnostics`] list and go on, so that one run reports every
//! problem; only `main` prints them ([`render_human`] or [`render_json`]).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::content::yaml::Pos;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// The file, relative to the site folder where possible.
    pub file: PathBuf,
    /// 1-based; 0 when the problem is about the whole file.
    pub line: usize,
    /// 1-based, in characters; 0 when unknown.
    pub column: usize,
    pub message: String,
    /// How to fix it, in one sentence.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
}

impl Diagnostic {
    pub fn error(file: &Path, pos: Pos, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: file.to_path_buf(),
            line: pos.line,
            column: pos.column,
            message: message.into(),
            hint: None,
        }
    }

    pub fn warning(file: &Path, pos: Pos, message: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Warning, ..Diagnostic::error(file, pos, message) }
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// `file:line:column`, leaving out what is unknown.
    pub fn location(&self) -> String {
        let file = self.file.display();
        match (self.line, self.column) {
            (0, _) => format!("{file}"),
            (line, 0) => format!("{file}:{line}"),
            (line, column) => format!("{file}:{line}:{column}"),
        }
    }
}

/// The problems found by one run, in the order they were found.
#[derive(Clone, Debug, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn new() -> Self {
        Self::default()
    }
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }
    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(other);
    }
    pub fn error_count(&self) -> usize {
        self.count(Severity::Error)
    }
    pub fn warning_count(&self) -> usize {
        self.count(Severity::Warning)
    }
    pub fn has_errors(&self) -> bool {
        self.error_count() > 0
    }
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
    fn count(&self, severity: Severity) -> usize {
        self.items.iter().filter(|d| d.severity == severity).count()
    }
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }
    /// Sorted by file, then position, then severity: a stable order for output.
    pub fn sorted(&self) -> Vec<&Diagnostic> {
        let mut items: Vec<&Diagnostic> = self.items.iter().collect();
        items.sort_by(|a, b| {
            (&a.file, a.line, a.column, a.severity, &a.message)
                .cmp(&(&b.file, b.line, b.column, b.severity, &b.message))
        });
        items.dedup();
        items
    }
    /// `--strict`: every warning becomes an error.
    pub fn escalate_warnings(&mut self) {
        for d in &mut self.items {
            d.severity = Severity::Error;
        }
    }
    pub fn into_vec(self) -> Vec<Diagnostic> {
        self.items
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

/// How to print diagnostics for people.
#[derive(Clone, Copy, Debug, Default)]
pub struct Style {
    pub color: bool,
}

/// Diagnostics grouped by file, each with its source line and a caret under
/// the column, the hint on its own line, and a final count.
///
/// `source` returns a file's text (for the quoted line), if it can be read.
pub fn render_human(diagnostics: &Diagnostics, style: Style, source: &dyn Fn(&Path) -> Option<String>) -> String {
    let paint = |code: &str, text: &str| {
        if style.color { format!("\x1b[{code}m{text}\x1b[0m") } else { text.to_string() }
    };
    let mut by_file: BTreeMap<&Path, Vec<&Diagnostic>> = BTreeMap::new();
    for d in diagnostics.sorted() {
        by_file.entry(d.file.as_path()).or_default().push(d);
    }
    let mut out = String::new();
    for (file, items) in &by_file {
        let text = source(file);
        if by_file.len() > 1 {
            let _ = writeln!(out, "{}\n", paint("1;4", &escape_controls(&file.display().to_string())));
        }
        for d in items {
            let label = match d.severity {
                Severity::Error => paint("1;31", "error"),
                Severity::Warning => paint("1;33", "warning"),
            };
            let _ = writeln!(out, "{label}: {}", paint("1", &escape_controls(&d.message)));
            let _ = writeln!(out, "  {} {}", paint("34", "-->"), escape_controls(&d.location()));
            if let Some(line) = text.as_deref().and_then(|t| d.line.checked_sub(1).and_then(|i| t.lines().nth(i))) {
                let number = d.line.to_string();
                let gutter = " ".repeat(number.len());
                // The reader drops a BOM and CR (columns count without them).
                let line = line.trim_start_matches('\u{feff}').trim_end_matches('\r').replace('\t', " ");
                let _ = writeln!(out, "  {gutter} {}", paint("34", "|"));
                let _ = writeln!(out, "  {} {} {}", paint("34", &number), paint("34", "|"), escape_controls(&line));
                if d.column > 0 {
                    // The caret stands under the character, however wide its escape is.
                    let before: String = line.chars().take(d.column - 1).collect();
                    let pad = " ".repeat(escape_controls(&before).chars().count());
                    let _ = writeln!(out, "  {gutter} {} {pad}{}", paint("34", "|"), paint("1;31", "^"));
                }
            }
            if let Some(hint) = &d.hint {
                let _ = writeln!(out, "  {} {}", paint("1;36", "help:"), escape_controls(hint));
            }
            out.push('\n');
        }
    }
    let _ = writeln!(out, "{}", summary(diagnostics, by_file.len()));
    out
}

/// `text` with every character that could drive a terminal or hide text
/// shown as an escape: control characters (`ESC` becomes `\u{1b}`), and the
/// bidirectional overrides that reorder what is shown. Content and file
/// names are printed through it, never raw.
pub fn escape_controls(text: &str) -> std::borrow::Cow<'_, str> {
    let unsafe_char = |c: char| {
        c.is_control() || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    };
    if !text.chars().any(unsafe_char) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if unsafe_char(c) {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// A copy of `d` whose texts are safe to show ([`escape_controls`]).
pub fn escaped(d: &Diagnostic) -> Diagnostic {
    Diagnostic {
        file: PathBuf::from(escape_controls(&d.file.to_string_lossy()).into_owned()),
        message: escape_controls(&d.message).into_owned(),
        hint: d.hint.as_deref().map(|h| escape_controls(h).into_owned()),
        ..d.clone()
    }
}

/// "2 errors, 1 warning in 1 file".
pub fn summary(diagnostics: &Diagnostics, files: usize) -> String {
    let plural = |n: usize, word: &str| {
        if n == 1 { format!("{n} {word}") } else { format!("{n} {word}s") }
    };
    format!(
        "{}, {} in {}",
        plural(diagnostics.error_count(), "error"),
        plural(diagnostics.warning_count(), "warning"),
        plural(files, "file")
    )
}

/// One JSON document: `{"diagnostics": [...], "errors": n, "warnings": n}`.
pub fn render_json(diagnostics: &Diagnostics) -> String {
    #[derive(Serialize)]
    struct Report<'a> {
        diagnostics: Vec<&'a Diagnostic>,
        errors: usize,
        warnings: usize,
    }
    let report = Report {
        diagnostics: diagnostics.sorted(),
        errors: diagnostics.error_count(),
        warnings: diagnostics.warning_count(),
    };
    serde_json::to_string_pretty(&report).unwrap_or_else(|_| "{}".to_string())
}

/// The declared name closest to `word`, if one is close enough to be a typo.
pub fn nearest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let word_lower = word.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (edit_distance(&word_lower, &c.to_lowercase()), c))
        .filter(|(d, c)| *d <= (c.chars().count().max(word.chars().count()) / 2).max(2))
        .min_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(b.1)))
        .map(|(_, c)| c)
}

/// Levenshtein distance over characters.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            current.push((previous[j] + cost).min(previous[j + 1] + 1).min(current[j] + 1));
        }
        previous = current;
    }
    previous[b.len()]
}

/// Most candidates [`suggestion`] compares a word with.
pub const MAX_SUGGESTED: usize = 2000;

/// "Did you mean `x`?" or a list of what is accepted.
///
/// Bounded: past [`MAX_SUGGESTED`] candidates (a registry of thousands of
/// indicators) no distance is computed and no list is printed.
pub fn suggestion(word: &str, candidates: &[&str]) -> String {
    if candidates.len() > MAX_SUGGESTED {
        return "check the spelling against the declared names".to_string();
    }
    match nearest(word, candidates.iter().copied()) {
        Some(best) => format!("did you mean `{best}`?"),
        None if candidates.is_empty() => "remove it".to_string(),
        None if candidates.len() > 40 => "check the spelling against the declared names".to_string(),
        None => format!("use one of: {}", candidates.iter().map(|c| format!("`{c}`")).collect::<Vec<_>>().join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_finds_typos_only() {
        let names = ["fixed-wired", "fixed-wireless", "mobile-prepaid"];
        assert_eq!(nearest("fixed-wird", names), Some("fixed-wired"));
        assert_eq!(nearest("mobile-prepayed", names), Some("mobile-prepaid"));
        assert_eq!(nearest("population", names), None);
    }

    #[test]
    fn human_output_quotes_the_line_with_a_caret() {
        let mut list = Diagnostics::new();
        list.push(Diagnostic::error(Path::new("a.md"), Pos { line: 2, column: 8 }, "bad value").with_hint("write 1"));
        list.push(Diagnostic::warning(Path::new("a.md"), Pos { line: 1, column: 0 }, "odd"));
        let text = render_human(&list, Style::default(), &|_| Some("x: 1\ntotal: 1.5\n".into()));
        assert!(text.contains("  --> a.md:2:8\n"), "{text}");
        assert!(text.contains("  2 | total: 1.5\n    |        ^\n"), "{text}");
        assert!(text.contains("help: write 1"), "{text}");
        assert!(text.ends_with("1 error, 1 warning in 1 file\n"), "{text}");
    }

    #[test]
    fn control_characters_never_reach_the_terminal() {
        let mut list = Diagnostics::new();
        let file = Path::new("content/\x1b]0;owned\x07.md");
        list.push(
            Diagnostic::error(file, Pos { line: 1, column: 12 }, "bad \x1b[2J value").with_hint("fix \u{202e}this"),
        );
        let text = render_human(&list, Style::default(), &|_| Some("title: \x1b[2Jx: \u{9b}y\n".into()));
        assert!(!text.chars().any(|c| c.is_control() && c != '\n'), "{text:?}");
        assert!(text.contains("--> content/\\u{1b}]0;owned\\u{7}.md:1:12"), "{text}");
        assert!(text.contains("error: bad \\u{1b}[2J value"), "{text}");
        assert!(text.contains("help: fix \\u{202e}this"), "{text}");
        // The caret stays under the twelfth character (`x`), after the escape.
        assert!(text.contains("  1 | title: \\u{1b}[2Jx: \\u{9b}y\n    |                 ^\n"), "{text}");
        assert_eq!(escape_controls("Tháng 8 — ổn"), "Tháng 8 — ổn");
    }

    #[test]
    fn json_output_carries_locations() {
        let mut list = Diagnostics::new();
        list.push(Diagnostic::error(Path::new("a.md"), Pos { line: 3, column: 4 }, "m"));
        let value: serde_json::Value = serde_json::from_str(&render_json(&list)).unwrap();
        assert_eq!(value["diagnostics"][0]["line"], 3);
        assert_eq!(value["diagnostics"][0]["severity"], "error");
        assert_eq!(value["errors"], 1);
    }
}
