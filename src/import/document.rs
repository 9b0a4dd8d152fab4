//! A document as the importer reads it, whatever its format: lines of
//! text, blank lines and tables. Readers make one; [`super::parse`] reads it.

/// One block of a document.
#[derive(Clone, Debug, PartialEq)]
pub enum Block {
    /// One paragraph (one line of a text file), trimmed, never empty.
    Line(String),
    /// An empty paragraph: it ends a title or a paragraph broken in two.
    Blank,
    /// Rows of cells; a cell's paragraphs are joined with `\n`.
    Table(Vec<Vec<String>>),
}

/// The blocks of one document, in reading order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Document {
    pub blocks: Vec<Block>,
    /// What the reader could not be sure of, for the writer to check (the
    /// report is then a draft).
    pub notes: Vec<String>,
}

impl Document {
    /// A plain text: one block per line; runs of lines holding tabs are a
    /// table (a table copied out of Word keeps its cells apart with tabs).
    pub fn from_text(text: &str) -> Document {
        let mut blocks = Vec::new();
        let mut rows: Vec<Vec<String>> = Vec::new();
        for raw in text.lines() {
            let line = raw.trim_end_matches('\r');
            if line.contains('\t') && !line.trim().is_empty() {
                rows.push(line.split('\t').map(|c| clean(c).trim().to_string()).collect());
                continue;
            }
            if !rows.is_empty() {
                blocks.push(Block::Table(std::mem::take(&mut rows)));
            }
            let cleaned = clean(line);
            let trimmed = cleaned.trim();
            if trimmed.is_empty() {
                blocks.push(Block::Blank);
            } else {
                blocks.push(Block::Line(trimmed.to_string()));
            }
        }
        if !rows.is_empty() {
            blocks.push(Block::Table(rows));
        }
        Document { blocks, notes: Vec::new() }
    }

    /// Adds a paragraph (several lines are several blocks).
    pub fn push_text(&mut self, text: &str) {
        let mut any = false;
        for line in text.split(['\n', '\u{b}']) {
            let cleaned = clean(line);
            let trimmed = cleaned.trim();
            if !trimmed.is_empty() {
                self.blocks.push(Block::Line(trimmed.to_string()));
                any = true;
            }
        }
        if !any {
            self.blocks.push(Block::Blank);
        }
    }

    /// The whole text, for telling whether a document has any.
    pub fn text_len(&self) -> usize {
        self.blocks
            .iter()
            .map(|b| match b {
                Block::Line(l) => l.chars().filter(|c| c.is_alphanumeric()).count(),
                Block::Blank => 0,
                Block::Table(rows) => rows.iter().flatten().map(|c| c.len()).sum(),
            })
            .sum()
    }
}

/// No-break and other odd spaces become plain spaces; control characters go.
pub fn clean(text: &str) -> String {
    text.chars()
        .filter_map(|c| match c {
            '\u{a0}' | '\u{2000}'..='\u{200a}' | '\u{202f}' | '\u{3000}' => Some(' '),
            '\u{200b}' | '\u{feff}' | '\u{ad}' => None,
            '\t' => Some('\t'),
            c if c.is_control() => None,
            c => Some(c),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_lines_blanks_and_tables() {
        let doc = Document::from_text("Số: 1\n\n\u{a0}\nA\tB\n1\t\t2\nEnd\n");
        assert_eq!(
            doc.blocks,
            vec![
                Block::Line("Số: 1".into()),
                Block::Blank,
                Block::Blank,
                Block::Table(vec![vec!["A".into(), "B".into()], vec!["1".into(), "".into(), "2".into()]]),
                Block::Line("End".into()),
            ]
        );
    }
}
