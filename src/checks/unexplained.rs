//! No silent change: figures that differ from the previous build's
//! `data/observations.csv` with no revision to explain them.
//!
//! A published figure is part of the record. When a writer types a fix into
//! a past report instead of adding a revision to a later one, the history
//! changes without a trace; this rule catches it by comparing the figures
//! about to be published with the ones the output folder already holds.
//! A change is explained when the figure's latest value comes from a
//! revision. Figures of reports no longer built (removed, drafts) and
//! figures added are not changes. Pure: the caller reads the old file.

use std::collections::HashMap;

use crate::archive::Archive;
use crate::diagnostics::Diagnostic;
use crate::period::Period;

use super::{plain, same};

/// One row of the previous build's `observations.csv`.
#[derive(Clone, Debug, PartialEq)]
struct OldFigure {
    period: Period,
    publisher: Option<String>,
    indicator: String,
    measure: String,
    value: f64,
}

/// Reads `period[,publisher],indicator,measure,value,…` as [`compare`]
/// does; rows it cannot read are skipped (a damaged old file must not stop a build).
#[cfg(test)]
fn old_figures(csv_text: &str) -> Vec<OldFigure> {
    let text = csv_text.strip_prefix('\u{feff}').unwrap_or(csv_text);
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(text.as_bytes());
    let Some(columns) = reader.headers().ok().and_then(Columns::of) else { return Vec::new() };
    reader
        .records()
        .filter_map(Result::ok)
        .filter_map(|row| {
            let (period, publisher, indicator, measure, value) = columns.read(&row)?;
            Some(OldFigure {
                period,
                publisher: publisher.map(str::to_string),
                indicator: indicator.to_string(),
                measure: measure.to_string(),
                value,
            })
        })
        .collect()
}

/// The columns of the previous build's `observations.csv`.
struct Columns {
    period: usize,
    publisher: Option<usize>,
    indicator: usize,
    measure: usize,
    value: usize,
}

impl Columns {
    fn of(headers: &csv::StringRecord) -> Option<Columns> {
        let column = |name: &str| headers.iter().position(|h| h == name);
        Some(Columns {
            period: column("period")?,
            publisher: column("publisher"),
            indicator: column("indicator")?,
            measure: column("measure")?,
            value: column("value")?,
        })
    }

    /// One row, borrowed; `None` for a row it cannot read.
    fn read<'r>(&self, row: &'r csv::StringRecord) -> Option<(Period, Option<&'r str>, &'r str, &'r str, f64)> {
        Some((
            Period::parse(row.get(self.period)?)?,
            self.publisher.and_then(|i| row.get(i)).filter(|p| !p.is_empty()),
            row.get(self.indicator)?,
            row.get(self.measure)?,
            row.get(self.value)?.parse::<f64>().ok().filter(|v| v.is_finite())?,
        ))
    }
}

/// A warning for each figure of `old_csv` (the previous build's
/// observations) that `archive` now gives another value, or no longer
/// gives, without a revision explaining it. The file (a row per figure of
/// the archive) is read in pieces in parallel, each row borrowed: only a
/// row that differs costs an allocation. (`build` reads the file with [`compare_from`].)
#[cfg(test)]
pub(crate) fn compare<B: Sync>(archive: &Archive<B>, old_csv: &str) -> Vec<Diagnostic> {
    compare_from(archive, old_csv.as_bytes()).unwrap_or_default()
}

/// [`compare`] with the file read from `old` a block at a time, not whole:
/// the file is a row per figure (115 MB at 15,000 reports), and memory
/// touched for the first time costs more than reading it (the kernel
/// zeroes every new page). `None` when it cannot be read or is not UTF-8
/// (as a file [`std::fs::read_to_string`] refuses: nothing to compare).
pub(crate) fn compare_from<B: Sync>(archive: &Archive<B>, old: impl std::io::Read) -> Option<Vec<Diagnostic>> {
    compare_in_blocks(archive, old, 8 << 20)
}

/// [`compare_from`], reading `block` bytes at a time.
fn compare_in_blocks<B: Sync>(
    archive: &Archive<B>,
    mut old: impl std::io::Read,
    block: usize,
) -> Option<Vec<Diagnostic>> {
    let mut buffer: Vec<u8> = Vec::new();
    let mut eof = false;
    // The header: the first line (or everything, when there is no line break).
    while !eof && !buffer.contains(&b'\n') {
        fill(&mut old, &mut buffer, block, &mut eof)?;
    }
    let bom = if buffer.starts_with("\u{feff}".as_bytes()) { 3 } else { 0 };
    let header_end = buffer[bom..].iter().position(|&b| b == b'\n').map_or(buffer.len(), |i| bom + i);
    let header = std::str::from_utf8(&buffer[bom..header_end]).ok()?;
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(header.as_bytes());
    let Some(columns) = reader.headers().ok().and_then(Columns::of) else { return Some(Vec::new()) };
    let index: HashMap<(Option<&str>, Period), usize> =
        archive.reports.iter().enumerate().map(|(i, r)| ((r.publisher.as_deref(), r.period), i)).collect();
    let mut problems = Vec::new();
    let mut start = (header_end + 1).min(buffer.len());
    loop {
        if !eof {
            buffer.drain(..start);
            start = 0;
            fill(&mut old, &mut buffer, block, &mut eof)?;
        }
        let rest = &buffer[start..];
        // Whole lines only (the file's fields never hold a line break), all at the end.
        let whole = if eof { rest.len() } else { rest.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1) };
        let rows = std::str::from_utf8(&rest[..whole]).ok()?;
        problems.extend(compare_rows(archive, &columns, &index, rows));
        start += whole;
        if eof {
            return Some(problems);
        }
    }
}

/// Appends to `buffer` until `block` more bytes are in it or `old` is at its end.
fn fill(old: &mut impl std::io::Read, buffer: &mut Vec<u8>, block: usize, eof: &mut bool) -> Option<()> {
    let target = buffer.len() + block;
    while buffer.len() < target {
        let at = buffer.len();
        buffer.resize(target, 0);
        match old.read(&mut buffer[at..]) {
            Ok(0) => {
                buffer.truncate(at);
                *eof = true;
                return Some(());
            }
            Ok(n) => buffer.truncate(at + n),
            Err(err) if err.kind() == std::io::ErrorKind::Interrupted => buffer.truncate(at),
            Err(_) => return None,
        }
    }
    Some(())
}

/// The warnings of whole rows `rows`, read in pieces in parallel, each row
/// borrowed: only a row that differs costs an allocation.
fn compare_rows<B: Sync>(
    archive: &Archive<B>,
    columns: &Columns,
    index: &HashMap<(Option<&str>, Period), usize>,
    rows: &str,
) -> Vec<Diagnostic> {
    use rayon::prelude::*;
    // Pieces of whole lines (the file's fields never hold a line break).
    let mut pieces = Vec::new();
    let mut rest = rows;
    while !rest.is_empty() {
        let cut = rest.len().min(1 << 20);
        let end = rest[cut..].find('\n').map_or(rest.len(), |i| cut + i + 1);
        let (piece, after) = rest.split_at(end);
        pieces.push(piece);
        rest = after;
    }
    pieces
        .par_iter()
        .map(|piece| {
            let mut reader = csv::ReaderBuilder::new().flexible(true).has_headers(false).from_reader(piece.as_bytes());
            let mut row = csv::StringRecord::new();
            let mut problems = Vec::new();
            while let Ok(true) = reader.read_record(&mut row) {
                let Some((period, publisher, indicator, measure, value)) = columns.read(&row) else { continue };
                let Some(&i) = index.get(&(publisher, period)) else { continue };
                let report = &archive.reports[i];
                let now = archive.revisions.value(i, report, indicator, measure);
                if now.is_some_and(|now| same(now, value) || archive.revisions.latest(i, indicator, measure).is_some())
                {
                    continue;
                }
                let old = OldFigure {
                    period,
                    publisher: publisher.map(str::to_string),
                    indicator: indicator.to_string(),
                    measure: measure.to_string(),
                    value,
                };
                problems.push(problem(archive, i, &old, now));
            }
            problems
        })
        .collect::<Vec<_>>()
        .into_iter()
        .flatten()
        .collect()
}

/// The warning for `old`, a figure of report `i` that is now `now`.
fn problem<B>(archive: &Archive<B>, i: usize, old: &OldFigure, now: Option<f64>) -> Diagnostic {
    let report = &archive.reports[i];
    let who = old.publisher.as_deref().map(|p| format!(" ({p})")).unwrap_or_default();
    let what = format!("{}{who}: `{}` of `{}`", old.period, old.measure, old.indicator);
    let hint = |now: &str| {
        format!(
            "a published figure must not change silently: put back {} in {} and add to a later report \
             `revisions: [{{ period: {}, indicator: {}, measure: {}, value: {now}, kind: correction, reason: … }}]`",
            plain(old.value),
            report.file.display(),
            old.period,
            old.indicator,
            old.measure
        )
    };
    match now {
        Some(value) => Diagnostic::warning(
            &report.file,
            report.value_pos(&old.indicator, &old.measure),
            format!(
                "{what} was {} in the previous build and is now {}, with no revision to explain it",
                plain(old.value),
                plain(value)
            ),
        )
        .with_hint(hint(&plain(value))),
        None => {
            let pos = report.metric(&old.indicator).map_or(report.period_pos, |m| m.pos);
            Diagnostic::warning(
                &report.file,
                pos,
                format!("{what} was {} in the previous build and is no longer given", plain(old.value)),
            )
            .with_hint(format!(
                "a published figure must not vanish silently: put back `{}: {}` under `{}` in {}",
                old.measure,
                plain(old.value),
                old.indicator,
                report.file.display()
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two reports of one publisher with `subs: { total: … }` (2014-08: 10, 2014-09: 20).
    fn archive() -> Archive<()> {
        let mut diags = crate::diagnostics::Diagnostics::new();
        let site = "title: T\nbase_url: http://localhost/\npublishers:\n  p: { name: P }\n";
        let config = crate::config::Config::parse(site, "site.yaml".as_ref(), &mut diags).expect("config");
        let registry = crate::registry::Registry::parse(
            "measures:\n  total: { label: T }\nindicators:\n  subs: { name: S }\n",
            "content/indicators.yaml".as_ref(),
            &mut diags,
        );
        let reports = [("2014-08", 10), ("2014-09", 20)]
            .iter()
            .map(|(period, total)| {
                let text = format!(
                    "---\ntitle: R\nperiod: {period}\npublisher: p\nmetrics:\n  subs: {{ total: {total} }}\n---\nB\n"
                );
                let file = format!("content/p/{period}.md");
                let report = crate::content::report::parse_report(&text, file.as_ref(), &config, &registry, &mut diags);
                std::sync::Arc::new(report.expect("report"))
            })
            .collect();
        assert!(!diags.has_errors(), "{diags:?}");
        Archive::new(crate::content::Content { config, registry, reports }, false)
    }

    /// Read a few bytes at a time, in blocks of any size, the file gives
    /// the same warnings in the same order as read whole.
    #[test]
    fn the_file_read_in_blocks_gives_what_it_gives_whole() {
        let archive = archive();
        let old = "\u{feff}period,publisher,indicator,measure,value\r\n2014-08,p,subs,total,11\r\n\
                   2014-08,q,subs,total,1\r\n2014-09,p,subs,total,20\r\n2014-09,p,subs,total,21\r\n\
                   2014-10,p,subs,total,5\r\n2014-08,p,subs,total,12";
        let whole: Vec<String> = compare(&archive, old).iter().map(|d| d.message.clone()).collect();
        assert_eq!(whole.len(), 3, "{whole:?}");
        assert!(whole[0].contains("11") && whole[1].contains("21") && whole[2].contains("12"), "{whole:?}");
        /// Gives at most three bytes a read.
        struct Trickle<'a>(&'a [u8]);
        impl std::io::Read for Trickle<'_> {
            fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
                let n = buf.len().min(self.0.len()).min(3);
                buf[..n].copy_from_slice(&self.0[..n]);
                self.0 = &self.0[n..];
                Ok(n)
            }
        }
        for block in [1, 2, 5, 17, 40, 1 << 20] {
            let read = compare_in_blocks(&archive, Trickle(old.as_bytes()), block).expect("UTF-8");
            let read: Vec<String> = read.iter().map(|d| d.message.clone()).collect();
            assert_eq!(read, whole, "blocks of {block}");
        }
    }

    #[test]
    fn old_rows() {
        // (csv text, figures read)
        let cases: &[(&str, usize)] = &[
            ("\u{feff}period,indicator,measure,value,report_url\r\n2014-08,a,total,5,u\r\n", 1),
            ("period,publisher,indicator,measure,value,report_url\n2014-08,p,a,total,5,u\n2014-09,p,a,total,x,u\n", 1),
            ("period,indicator,measure\n2014-08,a,total\n", 0),
            ("", 0),
            ("period,indicator,measure,value\n2014-13,a,total,5\n2014-08,a,total,NaN\n2014-08,a\n", 0),
        ];
        for (text, want) in cases {
            assert_eq!(old_figures(text).len(), *want, "{text:?}");
        }
        assert_eq!(compare_in_blocks(&archive(), "period,indicator\n\u{ff}".as_bytes(), 4).map(|p| p.len()), Some(0));
        assert!(
            compare_in_blocks(&archive(), &b"period,indicator,measure,value\n2014-08,a,total,\xff\n"[..], 4).is_none()
        );
        let rows = old_figures("period,publisher,indicator,measure,value\n2014-08,p,a,total,12.5\n");
        assert_eq!(
            rows,
            vec![OldFigure {
                period: Period::parse("2014-08").unwrap(),
                publisher: Some("p".into()),
                indicator: "a".into(),
                measure: "total".into(),
                value: 12.5
            }]
        );
    }
}
