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
/// row that differs costs an allocation.
pub(crate) fn compare<B: Sync>(archive: &Archive<B>, old_csv: &str) -> Vec<Diagnostic> {
    use rayon::prelude::*;
    let text = old_csv.strip_prefix('\u{feff}').unwrap_or(old_csv);
    let (header, rows) = text.split_once('\n').unwrap_or((text, ""));
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(header.as_bytes());
    let Some(columns) = reader.headers().ok().and_then(Columns::of) else { return Vec::new() };
    let index: HashMap<(Option<&str>, Period), usize> =
        archive.reports.iter().enumerate().map(|(i, r)| ((r.publisher.as_deref(), r.period), i)).collect();
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
