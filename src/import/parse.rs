//! A [`Document`] to an [`ImportedReport`]: the administrative header and
//! footer of a Vietnamese official report (Decree 30/2020 layout) become
//! front matter, the body becomes Markdown, figures tables become metrics.
//! Pure: no file is read here.

use crate::content::report::Signer;
use crate::period::{Date, Period};
use crate::registry::Registry;
use crate::text::fold;

use super::document::{Block, Document};
use super::tables::{self, MatchedTable};

/// What one document gave.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct ImportedReport {
    pub(crate) title: Option<String>,
    pub(crate) period: Option<Period>,
    pub(crate) number: Option<String>,
    pub(crate) issued: Option<Date>,
    pub(crate) place: Option<String>,
    pub(crate) organization: Option<String>,
    pub(crate) signer: Option<Signer>,
    pub(crate) recipients: Vec<String>,
    /// Markdown, with `{{ metrics … }}` where figures tables stood.
    pub(crate) body: String,
    /// (indicator, [(measure, value)]) in document order.
    pub(crate) metrics: Vec<(String, Vec<(String, f64)>)>,
    /// What the writer must look at (unmatched rows, columns, values; a
    /// period guessed from the date): the report is then a draft.
    pub(crate) uncertain: Vec<String>,
    pub(crate) matched_figures: usize,
    pub(crate) unmatched_figures: usize,
}

/// Reads a document. `file_name` may give the period when nothing else does.
pub(crate) fn parse(doc: &Document, registry: &Registry, file_name: &str) -> ImportedReport {
    let blocks = flatten_layout_tables(&doc.blocks);
    let mut report = ImportedReport::default();
    let title_at = blocks.iter().position(|b| matches!(b, Block::Line(l) if is_title_word(l)));
    let header_end = title_at.unwrap_or_else(|| {
        blocks.iter().position(|b| matches!(b, Block::Line(l) if heading_level(l).is_some())).unwrap_or(0)
    });
    let header: Vec<&str> = lines(&blocks[..header_end]);
    read_header(&header, &mut report);
    let mut body_start = header_end;
    if let Some(at) = title_at {
        let (title, next) = read_title(&blocks, at);
        report.title = title;
        body_start = next;
    }
    let footer_start = footer_start(&blocks, body_start);
    read_footer(&lines(&blocks[footer_start..]), &mut report);
    report.body = body(&blocks[body_start..footer_start], registry, &mut report);
    report.period = period(&mut report, file_name);
    report.uncertain.extend(doc.notes.iter().cloned());
    if report.title.is_none() {
        report.uncertain.push("no title was found (the line after BÁO CÁO): write `title:`".into());
    }
    report
}

fn lines(blocks: &[Block]) -> Vec<&str> {
    blocks
        .iter()
        .filter_map(|b| match b {
            Block::Line(l) => Some(l.as_str()),
            _ => None,
        })
        .collect()
}

/// Header and footer are often laid out as tables in Word (two columns:
/// the body and the motto; the recipients and the signature): those are
/// read as lines, left cell first.
fn flatten_layout_tables(blocks: &[Block]) -> Vec<Block> {
    let mut out = Vec::with_capacity(blocks.len());
    for block in blocks {
        match block {
            Block::Table(rows) if is_layout_table(rows) => {
                let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
                for c in 0..columns {
                    for row in rows {
                        if let Some(cell) = row.get(c) {
                            for line in cell.split('\n').map(str::trim).filter(|l| !l.is_empty()) {
                                out.push(Block::Line(line.to_string()));
                            }
                        }
                    }
                }
            }
            other => out.push(other.clone()),
        }
    }
    out
}

fn is_layout_table(rows: &[Vec<String>]) -> bool {
    rows.iter().flatten().any(|cell| {
        let f = fold(cell);
        f.contains("noi nhan") || f.contains("cong hoa xa hoi") || f.trim_start().starts_with("so:")
    })
}

fn strip_bold(line: &str) -> &str {
    line.trim().trim_start_matches("**").trim_end_matches("**").trim()
}

fn is_title_word(line: &str) -> bool {
    let l = strip_bold(line);
    l.starts_with("BÁO CÁO") && (l.len() == "BÁO CÁO".len() || l[("BÁO CÁO".len())..].starts_with(' '))
}

fn read_header(lines: &[&str], report: &mut ImportedReport) {
    let mut orgs: Vec<&str> = Vec::new();
    for raw in lines {
        let line = strip_bold(raw);
        let folded = fold(line);
        if let Some(rest) = line.strip_prefix("Số:").or_else(|| line.strip_prefix("Số :")) {
            let number = rest.trim().trim_end_matches('.').trim();
            if !number.is_empty() {
                report.number = Some(number.to_string());
            }
        } else if let Some((place, date)) = place_and_date(line) {
            report.place = place;
            report.issued = Some(date);
        } else if folded.starts_with("cong hoa xa hoi") || folded.starts_with("doc lap") {
        } else if is_upper(line) && line.chars().filter(|c| c.is_alphabetic()).count() > 3 {
            orgs.push(line);
        }
    }
    report.organization = organization(&orgs);
}

/// `Quảng Ninh, ngày 19 tháng 8 năm 2014` or `…, ngày 19/8/2014`.
fn place_and_date(line: &str) -> Option<(Option<String>, Date)> {
    let at = line.find("ngày")?;
    let place = line[..at].trim().trim_end_matches(',').trim();
    let rest = &line[at + "ngày".len()..];
    let numbers: Vec<u32> =
        rest.split(|c: char| !c.is_ascii_digit()).filter(|s| !s.is_empty()).filter_map(|s| s.parse().ok()).collect();
    let [day, month, year, ..] = numbers.as_slice() else { return None };
    let date = Date::parse(&format!("{year:04}-{month:02}-{day:02}"))?;
    let place = (!place.is_empty()).then(|| place.to_string());
    Some((place, date))
}

fn is_upper(line: &str) -> bool {
    let letters: Vec<char> = line.chars().filter(|c| c.is_alphabetic()).collect();
    !letters.is_empty() && letters.iter().all(|c| !c.is_lowercase())
}

/// `UBND TỈNH QUẢNG NINH` + `SỞ THÔNG TIN VÀ TRUYỀN THÔNG` →
/// `Sở Thông Tin và Truyền Thông Quảng Ninh` (the capitals of the
/// original cannot tell which words take a capital; the writer may adjust).
fn organization(orgs: &[&str]) -> Option<String> {
    let (own, parents) = orgs.split_last()?;
    let mut name = title_case(own);
    if let Some(parent) = parents.last()
        && fold(own).starts_with("so ")
    {
        let folded = fold(parent);
        let prefixes = ["ubnd tinh ", "uy ban nhan dan tinh ", "ubnd thanh pho ", "uy ban nhan dan thanh pho "];
        if let Some(prefix) = prefixes.iter().find(|p| folded.starts_with(*p)) {
            let place: Vec<&str> = parent.split_whitespace().skip(prefix.split_whitespace().count()).collect();
            name = format!("{name} {}", title_case(&place.join(" ")));
        }
    }
    Some(name)
}

fn title_case(text: &str) -> String {
    text.split_whitespace()
        .enumerate()
        .map(|(i, w)| {
            let lower = w.to_lowercase();
            if i > 0 && matches!(lower.as_str(), "và" | "của" | "các" | "về") {
                lower
            } else {
                capitalize(&lower)
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn capitalize(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn lowercase_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The title: the words after `BÁO CÁO` on its line and the lines under
/// it, up to a blank line or the first heading. Returns the block after.
fn read_title(blocks: &[Block], at: usize) -> (Option<String>, usize) {
    let mut parts: Vec<String> = Vec::new();
    if let Some(Block::Line(l)) = blocks.get(at) {
        let rest = strip_bold(l)["BÁO CÁO".len()..].trim();
        if !rest.is_empty() {
            parts.push(rest.to_string());
        }
    }
    let mut next = at + 1;
    while next < blocks.len() && parts.len() < 4 {
        match &blocks[next] {
            Block::Line(l) if heading_level(l).is_none() && !fold(l).starts_with("kinh gui") && l.len() < 200 => {
                parts.push(strip_bold(l).to_string());
                next += 1;
            }
            Block::Blank if parts.is_empty() => next += 1,
            _ => break,
        }
    }
    if parts.is_empty() {
        return (None, next);
    }
    let mut joined = parts.join(" ");
    if is_upper(&joined) {
        joined = joined.to_lowercase();
    }
    (Some(format!("Báo cáo {}", lowercase_first(&joined))), next)
}

/// Where the footer starts: the `Nơi nhận:` line, else the signature block
/// at the end (short lines: `KT. GIÁM ĐỐC`, a title in capitals, a name).
fn footer_start(blocks: &[Block], from: usize) -> usize {
    if let Some(at) = blocks[from..].iter().position(|b| matches!(b, Block::Line(l) if is_recipients_line(l))) {
        let at = from + at;
        // A signature laid out before the recipients.
        let mut start = at;
        while start > from {
            match &blocks[start - 1] {
                Block::Blank => start -= 1,
                Block::Line(l) if is_signature_line(l) => start -= 1,
                _ => break,
            }
        }
        return start;
    }
    let mut start = blocks.len();
    while start > from {
        match &blocks[start - 1] {
            Block::Blank => start -= 1,
            Block::Line(l) if is_signature_line(l) => start -= 1,
            _ => break,
        }
    }
    start
}

fn is_recipients_line(line: &str) -> bool {
    fold(strip_bold(line)).starts_with("noi nhan")
}

fn signature_prefix(line: &str) -> Option<&'static str> {
    let l = strip_bold(line);
    ["KT.", "TL.", "TM.", "TUQ.", "Q.", "KT ", "TL ", "TM "].into_iter().find(|p| l.starts_with(p))
}

fn is_signature_line(line: &str) -> bool {
    let l = strip_bold(line);
    signature_prefix(l).is_some()
        || (is_upper(l) && l.chars().count() < 60 && heading_level(l).is_none())
        || is_name(l)
        || fold(l).starts_with("(da ky")
}

/// A person's name: two to six capitalized words, no digits or punctuation.
fn is_name(line: &str) -> bool {
    let words: Vec<&str> = line.split_whitespace().collect();
    (2..=6).contains(&words.len())
        && words.iter().all(|w| {
            w.chars().next().is_some_and(char::is_uppercase)
                && w.chars().skip(1).all(char::is_lowercase)
                && w.chars().all(char::is_alphabetic)
        })
}

fn read_footer(lines: &[&str], report: &mut ImportedReport) {
    let mut in_recipients = false;
    let mut on_behalf = None;
    let mut title = None;
    let mut name = None;
    for raw in lines {
        let line = strip_bold(raw);
        if is_recipients_line(line) {
            in_recipients = true;
            let rest = line.split_once(':').map_or("", |(_, r)| r).trim();
            if !rest.is_empty() {
                report.recipients.push(recipient(rest));
            }
            continue;
        }
        if in_recipients && line.starts_with(['-', '+', '•', '–']) {
            let item = line.trim_start_matches(['-', '+', '•', '–']).trim();
            // `- } (Báo cáo)`: a brace grouping the lines above.
            if item.starts_with('}') || item.is_empty() {
                continue;
            }
            report.recipients.push(recipient(item));
            continue;
        }
        // The signature may sit beside the list (two columns read one
        // after the other, or line by line): list items go on after it.
        if let Some(prefix) = signature_prefix(line) {
            let rest = line[prefix.len()..].trim();
            on_behalf = Some(format!("{}. {}", prefix.trim().trim_end_matches('.'), position(rest)));
        } else if is_upper(line) && title.is_none() {
            title = Some(position(line));
        } else if is_name(line) {
            name = Some(line.to_string());
        }
    }
    if let Some(name) = name {
        report.signer = Some(Signer { name, title, on_behalf });
    } else if title.is_some() || on_behalf.is_some() {
        report.uncertain.push("the signer's name was not found: write it under `signer:`".into());
    }
}

fn recipient(item: &str) -> String {
    item.trim().trim_end_matches([';', '.', ',']).trim().to_string()
}

/// `PHÓ GIÁM ĐỐC` → `Phó Giám đốc`; `GIÁM ĐỐC` → `Giám đốc`.
fn position(text: &str) -> String {
    let lower = text.trim().to_lowercase();
    let mut words: Vec<String> = lower.split_whitespace().map(str::to_string).collect();
    if let Some(first) = words.first_mut() {
        *first = capitalize(first);
    }
    if words.first().is_some_and(|w| w == "Phó" || w == "Tổng") && words.len() > 1 {
        words[1] = capitalize(&words[1]);
    }
    words.join(" ")
}

/// `I.` → 2; `1.` → 3 (a short line); `a.` → 4; `None` for body text.
pub(crate) fn heading_level(line: &str) -> Option<u8> {
    let line = strip_bold(line);
    let (marker, rest) = line.split_once(' ')?;
    let label = marker.strip_suffix('.').or_else(|| marker.strip_suffix(')'))?;
    let short = rest.chars().count() <= 120 && !rest.trim_end().ends_with(['.', ';', ':', ',']);
    if !label.is_empty() && label.chars().all(|c| "IVX".contains(c)) && roman_ok(label) {
        return Some(2);
    }
    if !short {
        return None;
    }
    if !label.is_empty() && label.len() <= 2 && label.chars().all(|c| c.is_ascii_digit()) {
        return Some(3);
    }
    let parts: Vec<&str> = label.split('.').collect();
    if parts.len() == 2 && parts.iter().all(|p| !p.is_empty() && p.len() <= 2 && p.chars().all(|c| c.is_ascii_digit()))
    {
        return Some(4);
    }
    if label.chars().count() == 1 && label.chars().all(|c| c.is_lowercase()) {
        return Some(4);
    }
    None
}

fn roman_ok(label: &str) -> bool {
    ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"].contains(&label)
}

/// The body as Markdown; figures tables become placeholders and metrics.
fn body(blocks: &[Block], registry: &Registry, report: &mut ImportedReport) -> String {
    let has_roman = blocks.iter().any(|b| matches!(b, Block::Line(l) if heading_level(l) == Some(2)));
    let shift = if has_roman { 0 } else { 1 };
    let mut out: Vec<String> = Vec::new();
    // Whether the last paragraph may go on in the next line (a line break
    // in the middle of a sentence).
    let mut open = false;
    for block in blocks {
        match block {
            Block::Blank => {}
            Block::Line(line) => {
                if let Some(level) = heading_level(line) {
                    let level = level.saturating_sub(shift).max(2);
                    out.push(format!("{} {}", "#".repeat(usize::from(level)), strip_bold(line)));
                    open = false;
                    continue;
                }
                let text = escape_line(line);
                if open && text.starts_with(|c: char| c.is_lowercase()) {
                    if let Some(last) = out.last_mut() {
                        last.push(' ');
                        last.push_str(&text);
                    }
                } else {
                    out.push(text);
                }
                open = !line.trim_end().ends_with(['.', ';', ':', '!', '?', '…', ')', '"', '”']);
            }
            Block::Table(rows) => {
                open = false;
                out.extend(table(rows, registry, report));
            }
        }
    }
    let mut text = out.join("\n\n");
    text.push('\n');
    text
}

fn table(rows: &[Vec<String>], registry: &Registry, report: &mut ImportedReport) -> Vec<String> {
    let taken: Vec<String> = report.metrics.iter().map(|(id, _)| id.clone()).collect();
    let matched = if tables::has_figures(rows) { tables::match_table(rows, registry, &taken) } else { None };
    let Some(MatchedTable { rows: matched, leftover, unmatched, matched_figures, unmatched_figures }) = matched else {
        if tables::has_figures(rows) {
            report.unmatched_figures +=
                rows.iter().skip(1).flatten().filter(|c| super::numbers::read(c).is_some()).count();
            report.uncertain.push(format!(
                "a table (first row: \"{}\") matches no indicator or measure: it is kept as a table in the text",
                rows.first().map(|r| r.join(" | ")).unwrap_or_default()
            ));
        }
        return vec![markdown_table(rows)];
    };
    let mut out = Vec::new();
    if !matched.is_empty() {
        let ids: Vec<&str> = matched.iter().map(|(id, _)| id.as_str()).collect();
        out.push(format!("{{{{ metrics {} }}}}", ids.join(" ")));
    }
    if !leftover.is_empty() {
        out.push(markdown_table(&leftover));
    }
    report.metrics.extend(matched);
    report.uncertain.extend(unmatched);
    report.matched_figures += matched_figures;
    report.unmatched_figures += unmatched_figures;
    out
}

fn markdown_table(rows: &[Vec<String>]) -> String {
    let columns = rows.iter().map(Vec::len).max().unwrap_or(1).max(1);
    let cell =
        |row: &Vec<String>, c: usize| row.get(c).map_or(String::new(), |x| x.replace('|', "\\|").replace('\n', " "));
    let mut lines = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        lines.push(format!("| {} |", (0..columns).map(|c| cell(row, c)).collect::<Vec<_>>().join(" | ")));
        if i == 0 {
            lines.push(format!("|{}", "---|".repeat(columns)));
        }
    }
    lines.join("\n")
}

/// A line of text that Markdown must not read as markup it is not: a
/// leading `#` or `>`, a `{{` that would look like a placeholder.
fn escape_line(line: &str) -> String {
    let mut text = line.replace("{{", "{\\{");
    if text.starts_with(['#', '>', '=']) {
        text.insert(0, '\\');
    }
    text
}

/// From the title (`tháng 8 … năm 2014`, `tháng 8/2014`), else the file
/// name (`2014-08`), else the date of issue (then uncertain).
fn period(report: &mut ImportedReport, file_name: &str) -> Option<Period> {
    let issued_year = report.issued.map(|d| d.year);
    if let Some(p) = report.title.as_deref().and_then(|t| period_in(t, issued_year)) {
        return Some(p);
    }
    if let Some(p) = period_in_name(file_name) {
        report.uncertain.push(format!("the month {p} was read from the file name: check `period:`"));
        return Some(p);
    }
    let issued = report.issued?;
    // Monthly reports are issued late in their month or early in the next.
    let p = if issued.day >= 15 { issued.period() } else { issued.period().previous() };
    report.uncertain.push(format!("the month {p} was guessed from the date of issue {issued}: check `period:`"));
    Some(p)
}

/// `bao-cao-2014-08.docx`, `2014_08.txt` → 2014-08.
fn period_in_name(name: &str) -> Option<Period> {
    let bytes = name.as_bytes();
    (0..bytes.len().saturating_sub(6)).find_map(|i| {
        let window = name.get(i..i + 7)?;
        let (year, month) = (window.get(..4)?, window.get(5..)?);
        let sep = window.as_bytes()[4];
        let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        let before_ok = i == 0 || !bytes[i - 1].is_ascii_digit();
        let after_ok = bytes.get(i + 7).is_none_or(|b| !b.is_ascii_digit());
        (matches!(sep, b'-' | b'_' | b'.') && digits(year) && digits(month) && before_ok && after_ok)
            .then(|| Period::new(year.parse().ok()?, month.parse().ok()?))
            .flatten()
    })
}

/// The first `tháng N` of a text and its year (`năm YYYY` after it, `N/YYYY`, else `year`).
pub(crate) fn period_in(text: &str, year: Option<i16>) -> Option<Period> {
    let lower = text.to_lowercase();
    let at = lower.find("tháng ")?;
    let rest = &lower[at + "tháng ".len()..];
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    let month: u8 = digits.parse().ok()?;
    let after = &rest[digits.len()..];
    let year = if let Some(slash) = after.strip_prefix('/') {
        slash.chars().take_while(char::is_ascii_digit).collect::<String>().parse().ok()
    } else {
        after.find("năm ").and_then(|n| {
            after[n + "năm ".len()..].chars().take_while(char::is_ascii_digit).collect::<String>().parse().ok()
        })
    }
    .or(year)?;
    Period::new(year, month)
}
