//! PDFs that carry text: pdf-extract walks the pages and hands us every
//! character with its position; the lines, paragraphs and table rows are
//! rebuilt here from the positions (a wide gap on a line separates cells).
//! A PDF with no text (a scan) is refused with a message saying so.

use std::panic::{AssertUnwindSafe, catch_unwind};

use pdf_extract::{MediaBox, OutputDev, OutputError, Transform};

use super::document::{Block, Document};
use super::legacy;
use super::parse::heading_level;

/// One character placed on a page (y grows downwards).
#[derive(Clone, Debug)]
struct Glyph {
    x: f64,
    y: f64,
    end: f64,
    size: f64,
    text: String,
}

#[derive(Default)]
struct Collector {
    pages: Vec<Vec<Glyph>>,
    height: f64,
}

impl OutputDev for Collector {
    fn begin_page(&mut self, _: u32, media_box: &MediaBox, _: Option<(f64, f64, f64, f64)>) -> Result<(), OutputError> {
        self.height = media_box.ury - media_box.lly;
        self.pages.push(Vec::new());
        Ok(())
    }
    fn end_page(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn output_character(&mut self, trm: &Transform, width: f64, _: f64, size: f64, c: &str) -> Result<(), OutputError> {
        let scale = (trm.m11 * trm.m22 - trm.m12 * trm.m21).abs().sqrt();
        let size = (size * scale).max(0.1);
        let (x, y) = (trm.m31, self.height - trm.m32);
        if let Some(page) = self.pages.last_mut() {
            page.push(Glyph { x, y, end: x + width * size, size, text: c.to_string() });
        }
        Ok(())
    }
    fn begin_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn end_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn end_line(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
}

/// Reads a PDF's text into a document.
pub fn read(bytes: &[u8]) -> Result<Document, String> {
    let pages = catch_unwind(AssertUnwindSafe(|| -> Result<Vec<Vec<Glyph>>, String> {
        let doc = pdf_extract::Document::load_mem(bytes).map_err(|e| format!("this is not a readable PDF: {e}"))?;
        if doc.is_encrypted() {
            return Err("this PDF is encrypted: save a copy without a password, then import that".to_string());
        }
        let mut collector = Collector::default();
        pdf_extract::output_doc(&doc, &mut collector).map_err(|e| format!("cannot read the text of this PDF: {e}"))?;
        Ok(collector.pages)
    }))
    .map_err(|_| {
        "the PDF reader failed on this file (it may be damaged): save it again as PDF, or as .docx".to_string()
    })??;
    let document = from_pages(&pages);
    if document.text_len() < 20 {
        return Err(
            "this PDF holds no text, only images (a scan?): annals import cannot read it; run OCR on it first (for example `ocrmypdf`) or import the original .docx"
                .to_string(),
        );
    }
    Ok(document)
}

/// A line of a page: its text (cells apart with tabs), where it is.
#[derive(Debug)]
struct Line {
    text: String,
    y: f64,
    start: f64,
    end: f64,
    size: f64,
}

fn lines_of(page: &[Glyph]) -> Vec<Line> {
    let mut glyphs: Vec<&Glyph> = page.iter().filter(|g| !g.text.is_empty()).collect();
    glyphs.sort_by(|a, b| a.y.total_cmp(&b.y).then(a.x.total_cmp(&b.x)));
    let mut rows: Vec<Vec<&Glyph>> = Vec::new();
    for g in glyphs {
        match rows.last_mut() {
            Some(row) if (row[0].y - g.y).abs() <= row[0].size.max(g.size) * 0.4 => row.push(g),
            _ => rows.push(vec![g]),
        }
    }
    rows.into_iter()
        .filter_map(|mut row| {
            row.sort_by(|a, b| a.x.total_cmp(&b.x));
            let mut text = String::new();
            let mut last_end: Option<f64> = None;
            for g in &row {
                if let Some(end) = last_end {
                    let gap = g.x - end;
                    if gap > g.size * 1.5 {
                        text.push('\t');
                    } else if gap > g.size * 0.12 && !text.ends_with(' ') && g.text != " " {
                        text.push(' ');
                    }
                }
                text.push_str(&g.text);
                last_end = Some(g.end.max(g.x));
            }
            // Cleaned later: a soft hyphen here may be TCVN3's `ư`.
            let text = text.trim().to_string();
            (!text.is_empty()).then(|| Line {
                text,
                y: row[0].y,
                start: row[0].x,
                end: last_end.unwrap_or(row[0].x),
                size: row.iter().map(|g| g.size).fold(0.0, f64::max),
            })
        })
        .collect()
}

/// Lines to blocks: a wide vertical gap is a blank line; a line that runs
/// to the right margin goes on in the next one (one paragraph) unless the
/// next starts a heading or an item; lines with cells make table rows.
fn from_pages(pages: &[Vec<Glyph>]) -> Document {
    let mut doc = Document::default();
    let mut rows: Vec<Vec<String>> = Vec::new();
    let pages: Vec<Vec<Line>> = pages.iter().map(|p| lines_of(p)).collect();
    // Text from a document typed in a TCVN3 or VNI font: one code for all of it.
    let all: Vec<&str> = pages.iter().flatten().map(|l| l.text.as_str()).collect();
    let code = legacy::detect(&all.join("\n"));
    for lines in &pages {
        let right = lines.iter().map(|l| l.end).fold(0.0, f64::max);
        let left = lines.iter().map(|l| l.start).fold(f64::MAX, f64::min);
        let mut previous: Option<&Line> = None;
        let lines = lines.as_slice();
        let mut paragraph = String::new();
        for line in lines {
            let text = if code == Some(legacy::Legacy::Tcvn3) { soft_hyphens(&line.text) } else { line.text.clone() };
            let text = legacy::convert(&text, code);
            if let Some(p) = previous
                && line.y - p.y > p.size.max(line.size) * 1.9
            {
                flush(&mut doc, &mut paragraph, &mut rows);
                doc.blocks.push(Block::Blank);
            }
            if text.contains('\t') {
                if !paragraph.is_empty() {
                    doc.push_text(&paragraph);
                    paragraph.clear();
                }
                rows.push(text.split('\t').map(|c| c.trim().to_string()).collect());
                previous = Some(line);
                continue;
            }
            if !rows.is_empty() {
                doc.blocks.push(Block::Table(std::mem::take(&mut rows)));
            }
            let goes_on = previous.is_some_and(|p| {
                !p.text.contains('\t') && p.end >= right - (right - left) * 0.1 && p.start <= left + p.size * 3.0
            });
            let starts_item = heading_level(&text).is_some() || text.starts_with(['-', '+', '•']);
            if goes_on && !starts_item && !paragraph.is_empty() {
                paragraph.push(' ');
                paragraph.push_str(&text);
            } else {
                if !paragraph.is_empty() {
                    doc.push_text(&paragraph);
                }
                paragraph = text;
            }
            previous = Some(line);
        }
        flush(&mut doc, &mut paragraph, &mut rows);
    }
    doc
}

/// TCVN3's `ư` is byte 0xAD, which the standard PDF encodings name
/// `hyphen`: a `-` between a letter and a lowercase letter (`L-u`) is put
/// back as that byte; a real hyphen has spaces around it or joins capitals
/// and digits (`BC-STTTT`).
fn soft_hyphens(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    chars
        .iter()
        .enumerate()
        .map(|(i, &c)| {
            let before = i.checked_sub(1).and_then(|j| chars.get(j)).is_some_and(|p| p.is_alphabetic());
            let after = chars.get(i + 1).is_some_and(|n| n.is_lowercase());
            if c == '-' && before && after { '\u{ad}' } else { c }
        })
        .collect()
}

fn flush(doc: &mut Document, paragraph: &mut String, rows: &mut Vec<Vec<String>>) {
    if !paragraph.is_empty() {
        doc.push_text(paragraph);
        paragraph.clear();
    }
    if !rows.is_empty() {
        doc.blocks.push(Block::Table(std::mem::take(rows)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn glyphs(line: &str, y: f64, x0: f64) -> Vec<Glyph> {
        // 6 points a character; `|` stands for a wide gap.
        let mut x = x0;
        let mut out = Vec::new();
        for c in line.chars() {
            if c == '|' {
                x += 40.0;
                continue;
            }
            out.push(Glyph { x, y, end: x + 6.0, size: 10.0, text: c.to_string() });
            x += 6.0;
        }
        out
    }

    #[test]
    fn lines_paragraphs_and_table_rows() {
        let mut page = Vec::new();
        page.extend(glyphs("I. Chung", 100.0, 50.0));
        page.extend(glyphs("Một dòng dài chạy tới lề phải của trang giấy", 130.0, 50.0));
        page.extend(glyphs("và đi tiếp.", 142.0, 50.0));
        page.extend(glyphs("TT|Tên|Số", 180.0, 50.0));
        page.extend(glyphs("01|ĐT|178", 192.0, 50.0));
        let doc = from_pages(&[page]);
        assert_eq!(
            doc.blocks,
            vec![
                Block::Line("I. Chung".into()),
                Block::Blank,
                Block::Line("Một dòng dài chạy tới lề phải của trang giấy và đi tiếp.".into()),
                Block::Blank,
                Block::Table(vec![
                    vec!["TT".into(), "Tên".into(), "Số".into()],
                    vec!["01".into(), "ĐT".into(), "178".into()]
                ]),
            ]
        );
    }

    #[test]
    fn not_a_pdf_is_a_message() {
        let err = read(b"%PDF-1.4 garbage").unwrap_err();
        assert!(err.starts_with("this is not a readable PDF") || err.starts_with("the PDF reader failed"), "{err}");
    }
}
