//! PDFs that carry text: pdf-extract walks the pages and hands us every
//! character with its position, and every line and rectangle drawn; the
//! lines, paragraphs and tables are rebuilt here from the positions.
//!
//! A table drawn with borders (as Word and LibreOffice export a figures
//! table) is read from its ruling: the vertical rules are the columns, the
//! horizontal ones the rows, and every character falls in one cell, so a
//! cell whose text wraps onto two or three lines stays one cell. Without
//! rules, a wide gap on a line separates cells and each line is a row; text
//! between such rows (a wrapped cell) is noted for the writer to check.
//! A PDF with no text (a scan) is refused with a message saying so.

use std::panic::{AssertUnwindSafe, catch_unwind};

use pdf_extract::{ColorSpace, MediaBox, OutputDev, OutputError, Path, PathOp, Transform};

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

/// A rule drawn on a page (y grows downwards): a table border.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Rule {
    /// Horizontal at `y`, from `x0` to `x1`.
    H { y: f64, x0: f64, x1: f64 },
    /// Vertical at `x`, from `y0` to `y1`.
    V { x: f64, y0: f64, y1: f64 },
}

/// What one page holds.
#[derive(Clone, Debug, Default)]
struct Page {
    glyphs: Vec<Glyph>,
    rules: Vec<Rule>,
}

#[derive(Default)]
struct Collector {
    pages: Vec<Page>,
    height: f64,
}

/// Thinner than this (points) is a rule, not a shape.
const THIN: f64 = 2.5;

impl Collector {
    fn point(&self, ctm: &Transform, x: f64, y: f64) -> (f64, f64) {
        let (px, py) = (x * ctm.m11 + y * ctm.m21 + ctm.m31, x * ctm.m12 + y * ctm.m22 + ctm.m32);
        (px, self.height - py)
    }

    /// A segment from a to b, if it is horizontal or vertical.
    fn segment(&mut self, a: (f64, f64), b: (f64, f64)) {
        let rule = if (a.1 - b.1).abs() < 0.5 && (a.0 - b.0).abs() > THIN {
            Rule::H { y: (a.1 + b.1) / 2.0, x0: a.0.min(b.0), x1: a.0.max(b.0) }
        } else if (a.0 - b.0).abs() < 0.5 && (a.1 - b.1).abs() > THIN {
            Rule::V { x: (a.0 + b.0) / 2.0, y0: a.1.min(b.1), y1: a.1.max(b.1) }
        } else {
            return;
        };
        if let Some(page) = self.pages.last_mut()
            && page.rules.len() < 20_000
        {
            page.rules.push(rule);
        }
    }

    /// A thin filled rectangle is a rule along its length.
    fn thin_box(&mut self, a: (f64, f64), b: (f64, f64)) {
        let (x0, x1, y0, y1) = (a.0.min(b.0), a.0.max(b.0), a.1.min(b.1), a.1.max(b.1));
        if y1 - y0 <= THIN && x1 - x0 > THIN {
            let y = (y0 + y1) / 2.0;
            self.segment((x0, y), (x1, y));
        } else if x1 - x0 <= THIN && y1 - y0 > THIN {
            let x = (x0 + x1) / 2.0;
            self.segment((x, y0), (x, y1));
        }
    }
}

impl OutputDev for Collector {
    fn begin_page(&mut self, _: u32, media_box: &MediaBox, _: Option<(f64, f64, f64, f64)>) -> Result<(), OutputError> {
        self.height = media_box.ury - media_box.lly;
        self.pages.push(Page::default());
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
            page.glyphs.push(Glyph { x, y, end: x + width * size, size, text: c.to_string() });
        }
        Ok(())
    }
    fn stroke(&mut self, ctm: &Transform, _: &ColorSpace, _: &[f64], path: &Path) -> Result<(), OutputError> {
        let mut current = None;
        for op in &path.ops {
            match *op {
                PathOp::MoveTo(x, y) => current = Some(self.point(ctm, x, y)),
                PathOp::LineTo(x, y) => {
                    let to = self.point(ctm, x, y);
                    if let Some(from) = current {
                        self.segment(from, to);
                    }
                    current = Some(to);
                }
                PathOp::Rect(x, y, w, h) => {
                    let corners =
                        [(x, y), (x + w, y), (x + w, y + h), (x, y + h), (x, y)].map(|(a, b)| self.point(ctm, a, b));
                    for pair in corners.windows(2) {
                        self.segment(pair[0], pair[1]);
                    }
                }
                PathOp::CurveTo(.., x, y) => current = Some(self.point(ctm, x, y)),
                PathOp::Close => {}
            }
        }
        Ok(())
    }
    fn fill(&mut self, ctm: &Transform, _: &ColorSpace, _: &[f64], path: &Path) -> Result<(), OutputError> {
        // Word draws borders as thin filled rectangles.
        let mut points = Vec::new();
        for op in &path.ops {
            match *op {
                PathOp::Rect(x, y, w, h) => {
                    let (a, b) = (self.point(ctm, x, y), self.point(ctm, x + w, y + h));
                    self.thin_box(a, b);
                }
                PathOp::MoveTo(x, y) | PathOp::LineTo(x, y) => points.push(self.point(ctm, x, y)),
                PathOp::CurveTo(..) => return Ok(()),
                PathOp::Close => {}
            }
        }
        if (4..=5).contains(&points.len()) {
            let (mut lo, mut hi) = ((f64::MAX, f64::MAX), (f64::MIN, f64::MIN));
            for p in &points {
                lo = (lo.0.min(p.0), lo.1.min(p.1));
                hi = (hi.0.max(p.0), hi.1.max(p.1));
            }
            self.thin_box(lo, hi);
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
pub(crate) fn read(bytes: &[u8]) -> Result<Document, String> {
    let pages = catch_unwind(AssertUnwindSafe(|| -> Result<Vec<Page>, String> {
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
    /// Where each of its cells (`\t`-separated) starts and ends.
    cells: Vec<(f64, f64)>,
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
            let mut cells: Vec<(f64, f64)> = Vec::new();
            for g in &row {
                if let Some(end) = last_end {
                    let gap = g.x - end;
                    if gap > g.size * 1.5 {
                        text.push('\t');
                        cells.push((g.x, g.x));
                    } else if gap > g.size * 0.12 && !text.ends_with(' ') && g.text != " " {
                        text.push(' ');
                    }
                } else {
                    cells.push((g.x, g.x));
                }
                text.push_str(&g.text);
                last_end = Some(g.end.max(g.x));
                if let Some(cell) = cells.last_mut() {
                    cell.1 = g.end.max(g.x);
                }
            }
            // Cleaned later: a soft hyphen here may be TCVN3's `ư`.
            let text = text.trim().to_string();
            if text.split('\t').count() != cells.len() {
                cells.clear();
            }
            (!text.is_empty()).then(|| Line {
                text,
                y: row[0].y,
                start: row[0].x,
                end: last_end.unwrap_or(row[0].x),
                size: row.iter().map(|g| g.size).fold(0.0, f64::max),
                cells,
            })
        })
        .collect()
}

/// A table found from its rules: the x of its vertical rules and the y of
/// its horizontal ones, sorted.
#[derive(Clone, Debug, PartialEq)]
struct Grid {
    xs: Vec<f64>,
    ys: Vec<f64>,
}

impl Grid {
    /// The (row, column) a point falls in.
    fn cell(&self, x: f64, y: f64) -> Option<(usize, usize)> {
        let slot = |edges: &[f64], v: f64| {
            let i = edges.partition_point(|&e| e <= v);
            (i > 0 && i < edges.len()).then(|| i - 1)
        };
        Some((slot(&self.ys, y)?, slot(&self.xs, x)?))
    }
}

/// Values within `tolerance` of each other as one (their mean), sorted.
fn merged(mut values: Vec<f64>, tolerance: f64) -> Vec<f64> {
    values.sort_by(f64::total_cmp);
    let mut out: Vec<(f64, usize)> = Vec::new();
    for v in values {
        match out.last_mut() {
            Some((sum, n)) if v - *sum / *n as f64 <= tolerance => {
                *sum += v;
                *n += 1;
            }
            _ => out.push((v, 1)),
        }
    }
    out.into_iter().map(|(sum, n)| sum / n as f64).collect()
}

/// The ruled tables of a page: rules that cross or touch each other make
/// one table; it needs two columns and one row at least.
fn grids(rules: &[Rule]) -> Vec<Grid> {
    let rules = &rules[..rules.len().min(4000)];
    let mut parent: Vec<usize> = (0..rules.len()).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    const NEAR: f64 = 2.0;
    for i in 0..rules.len() {
        for j in i + 1..rules.len() {
            let touch = match (rules[i], rules[j]) {
                (Rule::H { y, x0, x1 }, Rule::V { x, y0, y1 }) | (Rule::V { x, y0, y1 }, Rule::H { y, x0, x1 }) => {
                    x >= x0 - NEAR && x <= x1 + NEAR && y >= y0 - NEAR && y <= y1 + NEAR
                }
                _ => false,
            };
            if touch {
                let (a, b) = (root(&mut parent, i), root(&mut parent, j));
                parent[a] = b;
            }
        }
    }
    let mut groups: std::collections::BTreeMap<usize, (Vec<f64>, Vec<f64>)> = std::collections::BTreeMap::new();
    for (i, rule) in rules.iter().enumerate() {
        let group = groups.entry(root(&mut parent, i)).or_default();
        match *rule {
            Rule::V { x, .. } => group.0.push(x),
            Rule::H { y, .. } => group.1.push(y),
        }
    }
    let mut out: Vec<Grid> = groups
        .into_values()
        .map(|(xs, ys)| Grid { xs: merged(xs, 1.5), ys: merged(ys, 1.5) })
        .filter(|g| g.xs.len() >= 3 && g.ys.len() >= 2)
        .collect();
    out.sort_by(|a, b| a.ys[0].total_cmp(&b.ys[0]));
    out
}

/// The glyphs of a page that fall in ruled tables, as those tables' rows of
/// cells (a cell's lines joined with spaces), each with the y of its top;
/// and the glyphs left over.
fn ruled_tables(page: &Page) -> (Vec<(f64, Rows)>, Vec<Glyph>) {
    let grids = grids(&page.rules);
    if grids.is_empty() {
        return (Vec::new(), page.glyphs.clone());
    }
    let mut cells: Vec<std::collections::BTreeMap<(usize, usize), Vec<Glyph>>> = vec![Default::default(); grids.len()];
    let mut rest = Vec::new();
    for g in &page.glyphs {
        let (cx, cy) = ((g.x + g.end.max(g.x)) / 2.0, g.y - g.size * 0.3);
        match grids.iter().enumerate().find_map(|(i, grid)| grid.cell(cx, cy).map(|c| (i, c))) {
            Some((i, cell)) => cells[i].entry(cell).or_default().push(g.clone()),
            None => rest.push(g.clone()),
        }
    }
    let tables = grids
        .iter()
        .zip(cells)
        .filter(|(_, cells)| !cells.is_empty())
        .map(|(grid, cells)| {
            let mut rows = Vec::new();
            for r in 0..grid.ys.len() - 1 {
                let row: Vec<String> = (0..grid.xs.len() - 1)
                    .map(|c| {
                        let lines = cells.get(&(r, c)).map(|g| lines_of(g)).unwrap_or_default();
                        let text: Vec<String> = lines.iter().map(|l| l.text.replace('\t', " ")).collect();
                        text.join(" ").split_whitespace().collect::<Vec<_>>().join(" ")
                    })
                    .collect();
                if row.iter().any(|c| !c.is_empty()) {
                    rows.push(row);
                }
            }
            (grid.ys[0], rows)
        })
        .collect();
    (tables, rest)
}

/// A table's rows of cells.
type Rows = Vec<Vec<String>>;

/// What a page gives in reading order.
enum Item {
    Line(Line),
    Table(Vec<Vec<String>>),
}

/// Lines to blocks: a wide vertical gap is a blank line; a line that runs
/// to the right margin goes on in the next one (one paragraph) unless the
/// next starts a heading or an item; ruled tables are tables; lines with
/// cells make table rows.
fn from_pages(pages: &[Page]) -> Document {
    let mut doc = Document::default();
    let mut rows: Vec<Vec<String>> = Vec::new();
    let pages: Vec<Vec<Item>> = pages
        .iter()
        .map(|page| {
            let (tables, rest) = ruled_tables(page);
            let mut items: Vec<(f64, Item)> = lines_of(&rest).into_iter().map(|l| (l.y, Item::Line(l))).collect();
            items.extend(tables.into_iter().map(|(y, t)| (y, Item::Table(t))));
            items.sort_by(|a, b| a.0.total_cmp(&b.0));
            items.into_iter().map(|(_, item)| item).collect()
        })
        .collect();
    // Text from a document typed in a TCVN3 or VNI font: one code for all of it.
    let mut all: Vec<&str> = Vec::new();
    for item in pages.iter().flatten() {
        match item {
            Item::Line(l) => all.push(&l.text),
            Item::Table(t) => all.extend(t.iter().flatten().map(String::as_str)),
        }
    }
    let code = legacy::detect(&all.join("\n"));
    let convert = |text: &str| {
        let text = if code == Some(legacy::Legacy::Tcvn3) { soft_hyphens(text) } else { text.to_string() };
        legacy::convert(&text, code)
    };
    // Where the cells of the last row of an unruled table are.
    let mut row_cells: Vec<(f64, f64)> = Vec::new();
    for items in &pages {
        let lines: Vec<&Line> = items
            .iter()
            .filter_map(|i| match i {
                Item::Line(l) => Some(l),
                Item::Table(_) => None,
            })
            .collect();
        let right = lines.iter().map(|l| l.end).fold(0.0, f64::max);
        let left = lines.iter().map(|l| l.start).fold(f64::MAX, f64::min);
        let mut previous: Option<&Line> = None;
        let mut paragraph = String::new();
        for item in items {
            let line = match item {
                Item::Table(table) => {
                    flush(&mut doc, &mut paragraph, &mut rows);
                    let table = table.iter().map(|row| row.iter().map(|c| convert(c)).collect()).collect();
                    doc.blocks.push(Block::Table(table));
                    previous = None;
                    continue;
                }
                Item::Line(line) => line,
            };
            let text = convert(&line.text);
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
                row_cells = line.cells.clone();
                previous = Some(line);
                continue;
            }
            if !rows.is_empty() {
                // A short line right under a row of an unruled table, inside
                // one of its cells: that cell's text wraps (or a paragraph
                // of it goes on). It joins the cell; in a table of figures
                // this cannot be told for sure from the next row.
                let close = previous.is_some_and(|p| line.y - p.y <= p.size.max(line.size) * 1.6);
                let overlap = |c: &(f64, f64)| (c.1.min(line.end) - c.0.max(line.start)).max(0.0);
                let within = row_cells
                    .iter()
                    .enumerate()
                    .filter(|(_, c)| overlap(c) > 0.0)
                    .max_by(|a, b| overlap(a.1).total_cmp(&overlap(b.1)))
                    .map(|(k, _)| k);
                if let (true, Some(k), Some(last)) = (close, within, rows.last_mut())
                    && line.end - line.start < (right - left) * 0.5
                    && k < last.len()
                {
                    let cell = &mut last[k];
                    let new_paragraph = text.starts_with(['-', '+', '•']) || cell.ends_with([';', ':', '.']);
                    if super::tables::has_figures(&rows) {
                        let name = rows.last().and_then(|r| r.iter().find(|c| numbers_free(c))).cloned();
                        doc.notes.push(format!(
                            "a table of this PDF has no borders: the line \"{}\" was read as the end of the row \"{}\" (a cell whose text wraps); check that row's figures against the original",
                            text.trim(),
                            name.unwrap_or_default()
                        ));
                    }
                    let Some(last) = rows.last_mut() else { continue };
                    let cell = &mut last[k];
                    cell.push(if new_paragraph { '\n' } else { ' ' });
                    cell.push_str(text.trim());
                    previous = Some(line);
                    continue;
                }
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

/// A cell that reads as a name (letters, not a figure).
fn numbers_free(cell: &str) -> bool {
    cell.chars().filter(|c| c.is_alphabetic()).count() >= 2
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
        let doc = from_pages(&[Page { glyphs: page, rules: Vec::new() }]);
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
    fn a_ruled_table_keeps_wrapped_cells_whole() {
        // Three columns, a header and two rows; the second row's name wraps
        // onto two lines and its figure sits on the first (top-aligned).
        let mut placed = Vec::new();
        placed.extend(glyphs_at("TT", 104.0, 52.0));
        placed.extend(glyphs_at("Tên chỉ tiêu", 104.0, 82.0));
        placed.extend(glyphs_at("Hiện có", 104.0, 202.0));
        placed.extend(glyphs_at("trên mạng", 116.0, 202.0));
        placed.extend(glyphs_at("01", 134.0, 52.0));
        placed.extend(glyphs_at("Điện thoại di", 134.0, 82.0));
        placed.extend(glyphs_at("1.405.611", 134.0, 202.0));
        placed.extend(glyphs_at("động trả trước", 146.0, 82.0));
        placed.extend(glyphs_at("02", 164.0, 52.0));
        placed.extend(glyphs_at("Thuê bao FTTH", 164.0, 82.0));
        placed.extend(glyphs_at("7.559", 164.0, 202.0));
        placed.extend(glyphs("Sau bảng.", 200.0, 50.0));
        let mut rules: Vec<Rule> = [92.0, 122.0, 152.0, 172.0].map(|y| Rule::H { y, x0: 48.0, x1: 300.0 }).to_vec();
        rules.extend([48.0, 78.0, 198.0, 300.0].map(|x| Rule::V { x, y0: 92.0, y1: 172.0 }));
        let doc = from_pages(&[Page { glyphs: placed, rules }]);
        assert_eq!(
            doc.blocks,
            vec![
                Block::Table(vec![
                    vec!["TT".into(), "Tên chỉ tiêu".into(), "Hiện có trên mạng".into()],
                    vec!["01".into(), "Điện thoại di động trả trước".into(), "1.405.611".into()],
                    vec!["02".into(), "Thuê bao FTTH".into(), "7.559".into()],
                ]),
                Block::Line("Sau bảng.".into()),
            ]
        );
        assert!(doc.notes.is_empty());
        // Word draws the same borders as thin filled rectangles.
        let mut collector = Collector { height: 842.0, ..Collector::default() };
        collector.pages.push(Page::default());
        collector.thin_box((48.0, 92.0), (300.0, 92.5));
        collector.thin_box((48.0, 92.0), (48.4, 172.0));
        collector.thin_box((48.0, 92.0), (100.0, 150.0));
        assert_eq!(
            collector.pages[0].rules,
            vec![Rule::H { y: 92.25, x0: 48.0, x1: 300.0 }, Rule::V { x: 48.2, y0: 92.0, y1: 172.0 }]
        );
    }

    /// Glyphs 6 points wide with small gaps between words (one cell).
    fn glyphs_at(text: &str, y: f64, x0: f64) -> Vec<Glyph> {
        glyphs(text, y, x0)
    }

    #[test]
    fn not_a_pdf_is_a_message() {
        let err = read(b"%PDF-1.4 garbage").unwrap_err();
        assert!(err.starts_with("this is not a readable PDF") || err.starts_with("the PDF reader failed"), "{err}");
    }
}
