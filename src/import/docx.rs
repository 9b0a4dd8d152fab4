//! `.docx` (Word 2007 and later): the zip's `word/document.xml` read with
//! quick-xml into paragraphs and tables.
//!
//! What Word keeps apart from the text is put back: automatic numbering
//! (`I.`, `1.`, `a)` from `word/numbering.xml`), and the font of each run,
//! so text typed in TCVN3 (`.VnTime`) or VNI (`VNI-Times`) fonts is
//! converted to Unicode — whether the font is named on the run, on its
//! style or in the document's defaults (`word/styles.xml`).

use std::collections::BTreeMap;
use std::io::{Cursor, Read};

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use super::document::{Block, Document};
use super::legacy::{self, Legacy};

/// Largest XML part read out of the zip (a guard against zip bombs).
const MAX_PART: u64 = 64 * 1024 * 1024;

/// Reads a `.docx` file.
pub(crate) fn read(bytes: &[u8]) -> Result<Document, String> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| format!("this is not a Word document (.docx is a zip file): {e}"))?;
    let document = part(&mut zip, "word/document.xml")?
        .ok_or("this zip file has no word/document.xml: it is not a Word document")?;
    let styles = part(&mut zip, "word/styles.xml")?.map(|x| Styles::parse(&x)).unwrap_or_default();
    let numbering = part(&mut zip, "word/numbering.xml")?.map(|x| Numbering::parse(&x)).unwrap_or_default();
    parse_document(&document, &styles, &numbering)
}

fn part(zip: &mut zip::ZipArchive<Cursor<&[u8]>>, name: &str) -> Result<Option<String>, String> {
    let Ok(file) = zip.by_name(name) else { return Ok(None) };
    let mut text = String::new();
    file.take(MAX_PART).read_to_string(&mut text).map_err(|e| format!("cannot read {name} in this document: {e}"))?;
    Ok(Some(text))
}

fn attr(e: &BytesStart, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == name)
        .and_then(|a| a.normalized_value(quick_xml::XmlVersion::default()).ok().map(|v| v.into_owned()))
}

fn local(e: &BytesStart) -> String {
    e.local_name().as_ref().to_string()
}

/// The fonts of styles (`w:styleId` → font, based-on) and the default font.
#[derive(Debug, Default)]
struct Styles {
    fonts: BTreeMap<String, (Option<String>, Option<String>)>,
    default: Option<String>,
}

impl Styles {
    fn parse(xml: &str) -> Styles {
        let mut styles = Styles::default();
        let mut reader = Reader::from_str(xml);
        let mut current: Option<String> = None;
        let mut in_defaults = false;
        loop {
            match reader.read_event() {
                Ok(Event::Start(e)) | Ok(Event::Empty(e)) => match local(&e).as_str() {
                    "style" => {
                        current = attr(&e, "styleId");
                        if let Some(id) = &current {
                            styles.fonts.entry(id.clone()).or_default();
                        }
                    }
                    "rPrDefault" => in_defaults = true,
                    "basedOn" => {
                        if let Some(id) = &current
                            && let Some(entry) = styles.fonts.get_mut(id)
                        {
                            entry.1 = attr(&e, "val");
                        }
                    }
                    "rFonts" => {
                        let font = run_font(&e);
                        if in_defaults {
                            styles.default = styles.default.take().or(font);
                        } else if let Some(id) = &current
                            && let Some(entry) = styles.fonts.get_mut(id)
                        {
                            entry.0 = entry.0.take().or(font);
                        }
                    }
                    _ => {}
                },
                Ok(Event::End(e)) => match e.local_name().as_ref() {
                    "style" => current = None,
                    "rPrDefault" => in_defaults = false,
                    _ => {}
                },
                Ok(Event::Eof) | Err(_) => break,
                _ => {}
            }
        }
        styles
    }

    /// A style's font, following `basedOn` (at most 20 steps: no loops).
    fn font(&self, style: Option<&str>) -> Option<&str> {
        let mut id = style?;
        for _ in 0..20 {
            let (font, based_on) = self.fonts.get(id)?;
            if let Some(f) = font {
                return Some(f);
            }
            id = based_on.as_deref()?;
        }
        None
    }
}

fn run_font(e: &BytesStart) -> Option<String> {
    attr(e, "ascii").or_else(|| attr(e, "hAnsi")).or_else(|| attr(e, "cs"))
}

/// Automatic numbering: `w:numId` → abstract numbering → per level the
/// format (`decimal`, `upperRoman`, `lowerLetter`, `bullet`…) and text (`%1.`).
#[derive(Debug, Default)]
struct Numbering {
    nums: BTreeMap<String, String>,
    levels: BTreeMap<(String, u8), (String, String)>,
}

impl Numbering {
    fn parse(xml: &str) -> Numbering {
        let mut numbering = Numbering::default();
        let mut reader = Reader::from_str(xml);
        let (mut abstract_id, mut level, mut num_id) = (None::<String>, None::<u8>, None::<String>);
        let (mut format, mut text) = (String::new(), String::new());
        loop {
            match reader.read_event() {
                Ok(Event::Start(e)) | Ok(Event::Empty(e)) => match local(&e).as_str() {
                    "abstractNum" => abstract_id = attr(&e, "abstractNumId"),
                    "lvl" => {
                        level = attr(&e, "ilvl").and_then(|l| l.parse().ok());
                        format.clear();
                        text.clear();
                    }
                    "numFmt" => format = attr(&e, "val").unwrap_or_default(),
                    "lvlText" => text = attr(&e, "val").unwrap_or_default(),
                    "num" => num_id = attr(&e, "numId"),
                    "abstractNumId" => {
                        if let (Some(n), Some(a)) = (&num_id, attr(&e, "val")) {
                            numbering.nums.insert(n.clone(), a);
                        }
                    }
                    _ => {}
                },
                Ok(Event::End(e)) => {
                    if e.local_name().as_ref() == "lvl"
                        && let (Some(a), Some(l)) = (&abstract_id, level)
                    {
                        numbering.levels.insert((a.clone(), l), (format.clone(), text.clone()));
                    }
                }
                Ok(Event::Eof) | Err(_) => break,
                _ => {}
            }
        }
        numbering
    }

    /// The label of the next item of (`num`, `level`), counting in `counters`.
    fn label(&self, num: &str, level: u8, counters: &mut BTreeMap<String, Vec<u32>>) -> Option<String> {
        let abstract_id = self.nums.get(num)?;
        let (format, text) = self.levels.get(&(abstract_id.clone(), level))?;
        let counts = counters.entry(num.to_string()).or_default();
        let depth = usize::from(level) + 1;
        counts.resize(depth.max(counts.len()), 0);
        counts[usize::from(level)] += 1;
        counts.truncate(depth);
        if format == "bullet" || format == "none" {
            return (format == "bullet").then(|| "-".to_string());
        }
        let mut label = text.clone();
        for (i, count) in counts.iter().enumerate() {
            let this_format = if i == usize::from(level) {
                format.clone()
            } else {
                self.levels.get(&(abstract_id.clone(), i as u8)).map(|l| l.0.clone()).unwrap_or_default()
            };
            label = label.replace(&format!("%{}", i + 1), &format_number(*count, &this_format));
        }
        Some(label)
    }
}

pub(super) fn format_number(n: u32, format: &str) -> String {
    match format {
        "upperRoman" => roman(n),
        "lowerRoman" => roman(n).to_lowercase(),
        "upperLetter" => letter(n).to_uppercase(),
        "lowerLetter" => letter(n),
        "decimalZero" => format!("{n:02}"),
        _ => n.to_string(),
    }
}

fn roman(mut n: u32) -> String {
    let table = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for (value, digits) in table {
        while n >= value {
            out.push_str(digits);
            n -= value;
        }
    }
    out
}

fn letter(n: u32) -> String {
    // Vietnamese documents letter their parts a, b, c, d, đ, e…
    const LETTERS: &[&str] = &[
        "a", "b", "c", "d", "đ", "e", "g", "h", "i", "k", "l", "m", "n", "o", "p", "q", "r", "s", "t", "u", "v", "x",
        "y",
    ];
    let i = usize::try_from(n.max(1) - 1).unwrap_or(0);
    LETTERS.get(i).map_or_else(|| n.to_string(), |l| (*l).to_string())
}

/// Converts a run's text typed in a legacy font.
fn convert(text: &str, font: Option<&str>) -> String {
    match font.and_then(legacy::font_code) {
        Some(Legacy::Tcvn3) => legacy::tcvn3_text(text, font.is_some_and(legacy::font_is_capitals)),
        Some(Legacy::Vni) => legacy::vni_text(text),
        None => text.to_string(),
    }
}

/// Where the reader is: the paragraph being read and the tables around it.
#[derive(Default)]
struct State {
    paragraph: String,
    paragraph_style: Option<String>,
    numbering: Option<(String, u8)>,
    run_text: String,
    run_font: Option<String>,
    run_style: Option<String>,
    in_text: bool,
    /// Open tables: rows of cells; the cell being read is the last.
    tables: Vec<Vec<Vec<String>>>,
    /// The `gridSpan` of each open cell, applied when it ends.
    spans: Vec<usize>,
}

fn parse_document(xml: &str, styles: &Styles, numbering: &Numbering) -> Result<Document, String> {
    let mut doc = Document::default();
    let mut reader = Reader::from_str(xml);
    let mut s = State::default();
    let mut counters: BTreeMap<String, Vec<u32>> = BTreeMap::new();
    loop {
        let event = reader.read_event().map_err(|e| format!("word/document.xml is not valid XML: {e}"))?;
        if let Event::Empty(e) = &event
            && local(e) == "p"
        {
            end_paragraph(&mut s, &mut doc, numbering, &mut counters);
            continue;
        }
        match event {
            Event::Start(e) | Event::Empty(e) => match local(&e).as_str() {
                "p" => {
                    s.paragraph.clear();
                    s.paragraph_style = None;
                    s.numbering = None;
                }
                "pStyle" => s.paragraph_style = attr(&e, "val"),
                "numId" => {
                    let level = s.numbering.as_ref().map_or(0, |n| n.1);
                    s.numbering = attr(&e, "val").filter(|v| v != "0").map(|v| (v, level));
                }
                "ilvl" => {
                    let level = attr(&e, "val").and_then(|v| v.parse().ok()).unwrap_or(0);
                    s.numbering = Some((s.numbering.take().map(|n| n.0).unwrap_or_default(), level));
                }
                "r" => {
                    s.run_text.clear();
                    s.run_font = None;
                    s.run_style = None;
                }
                "rStyle" => s.run_style = attr(&e, "val"),
                "rFonts" => s.run_font = run_font(&e),
                "t" => s.in_text = true,
                "tab" => s.run_text.push('\t'),
                "br" | "cr" => s.run_text.push('\n'),
                "tbl" => s.tables.push(Vec::new()),
                "tr" => {
                    if let Some(t) = s.tables.last_mut() {
                        t.push(Vec::new());
                    }
                }
                "tc" => {
                    if let Some(row) = s.tables.last_mut().and_then(|t| t.last_mut()) {
                        row.push(String::new());
                    }
                    s.spans.push(1);
                }
                "gridSpan" => {
                    if let Some(span) = s.spans.last_mut() {
                        *span = attr(&e, "val").and_then(|v| v.parse().ok()).unwrap_or(1).clamp(1, 50);
                    }
                }
                _ => {}
            },
            Event::Text(t) if s.in_text => s.run_text.push_str(&t.xml10_content()),
            Event::GeneralRef(r) if s.in_text => {
                if let Ok(Some(c)) = r.resolve_char_ref() {
                    s.run_text.push(c);
                } else if let Some(text) = quick_xml::escape::resolve_xml_entity(&r.xml10_content()) {
                    s.run_text.push_str(text);
                }
            }
            Event::End(e) => match e.local_name().as_ref() {
                "t" => s.in_text = false,
                "r" => {
                    let font = s
                        .run_font
                        .as_deref()
                        .or_else(|| styles.font(s.run_style.as_deref()))
                        .or_else(|| styles.font(s.paragraph_style.as_deref()))
                        .or_else(|| styles.font(Some("Normal")))
                        .or(styles.default.as_deref());
                    let text = convert(&s.run_text, font);
                    s.paragraph.push_str(&text);
                    s.run_text.clear();
                }
                "p" => end_paragraph(&mut s, &mut doc, numbering, &mut counters),
                "tc" => {
                    // A merged cell keeps the columns after it in place.
                    let span = s.spans.pop().unwrap_or(1);
                    if let Some(row) = s.tables.last_mut().and_then(|t| t.last_mut()) {
                        row.extend(std::iter::repeat_n(String::new(), span - 1));
                    }
                }
                "tbl" => {
                    if let Some(table) = s.tables.pop() {
                        match s.tables.last_mut().and_then(|t| t.last_mut()).and_then(|r| r.last_mut()) {
                            // A table inside a cell: its text joins the cell.
                            Some(cell) => {
                                for row in table {
                                    push_line(cell, &row.join(" "));
                                }
                            }
                            None => doc.blocks.push(Block::Table(table)),
                        }
                    }
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(doc)
}

fn push_line(cell: &mut String, line: &str) {
    let line = line.trim();
    if line.is_empty() {
        return;
    }
    if !cell.is_empty() {
        cell.push('\n');
    }
    cell.push_str(line);
}

fn end_paragraph(s: &mut State, doc: &mut Document, numbering: &Numbering, counters: &mut BTreeMap<String, Vec<u32>>) {
    let mut text = std::mem::take(&mut s.paragraph);
    if let Some((num, level)) = s.numbering.take()
        && !text.trim().is_empty()
        && let Some(label) = numbering.label(&num, level, counters)
    {
        text = format!("{label} {}", text.trim_start());
    }
    match s.tables.last_mut().and_then(|t| t.last_mut()).and_then(|r| r.last_mut()) {
        Some(cell) => {
            for line in text.split('\n') {
                push_line(cell, line);
            }
        }
        None => doc.push_text(&text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbering_labels() {
        assert_eq!(roman(3), "III");
        assert_eq!(roman(14), "XIV");
        assert_eq!(letter(5), "đ");
        assert_eq!(format_number(2, "lowerLetter"), "b");
    }

    #[test]
    fn runs_paragraphs_tables_and_legacy_fonts() {
        let xml = r#"<w:document xmlns:w="w"><w:body>
            <w:p><w:r><w:t>Số: 285/BC-STTTT</w:t></w:r></w:p>
            <w:p><w:r><w:rPr><w:rFonts w:ascii=".VnTime" w:hAnsi=".VnTime"/></w:rPr><w:t>B&#xB8;o c&#xB8;o</w:t></w:r><w:r><w:t xml:space="preserve"> &amp; more</w:t></w:r></w:p>
            <w:p/>
            <w:tbl><w:tr><w:tc><w:p><w:r><w:t>A</w:t></w:r></w:p><w:p><w:r><w:t>B</w:t></w:r></w:p></w:tc>
              <w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr><w:p><w:r><w:t>C</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>D</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
        </w:body></w:document>"#;
        let doc = parse_document(xml, &Styles::default(), &Numbering::default()).unwrap();
        assert_eq!(
            doc.blocks,
            vec![
                Block::Line("Số: 285/BC-STTTT".into()),
                Block::Line("Báo cáo & more".into()),
                Block::Blank,
                Block::Table(vec![vec!["A\nB".into(), "C".into(), "".into(), "D".into()]]),
            ]
        );
    }

    #[test]
    fn automatic_numbering_and_style_fonts() {
        let numbering = Numbering::parse(
            r#"<w:numbering xmlns:w="w"><w:abstractNum w:abstractNumId="7">
              <w:lvl w:ilvl="0"><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/></w:lvl>
              <w:lvl w:ilvl="1"><w:numFmt w:val="decimal"/><w:lvlText w:val="%2."/></w:lvl>
            </w:abstractNum><w:num w:numId="3"><w:abstractNumId w:val="7"/></w:num></w:numbering>"#,
        );
        let styles = Styles::parse(
            r#"<w:styles xmlns:w="w"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman"/></w:rPr></w:rPrDefault></w:docDefaults>
              <w:style w:styleId="Normal"><w:rPr><w:rFonts w:ascii="VNI-Times"/></w:rPr></w:style>
              <w:style w:styleId="Body"><w:basedOn w:val="Normal"/></w:style></w:styles>"#,
        );
        let p = |level: u8, text: &str| {
            format!(
                r#"<w:p><w:pPr><w:pStyle w:val="Body"/><w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="3"/></w:numPr></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"#
            )
        };
        let xml = format!(
            r#"<w:document xmlns:w="w"><w:body>{}{}{}{}</w:body></w:document>"#,
            p(0, "Ñaùnh giaù chung"),
            p(0, "Keát quaû"),
            p(1, "Veà Böu chính"),
            p(1, "Veà Coâng ngheä")
        );
        let doc = parse_document(&xml, &styles, &numbering).unwrap();
        let lines: Vec<&Block> = doc.blocks.iter().collect();
        assert_eq!(
            lines,
            vec![
                &Block::Line("I. Đánh giá chung".into()),
                &Block::Line("II. Kết quả".into()),
                &Block::Line("1. Về Bưu chính".into()),
                &Block::Line("2. Về Công nghệ".into()),
            ]
        );
    }
}
