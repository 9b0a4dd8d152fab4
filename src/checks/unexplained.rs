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

/// Reads `period[,publisher],indicator,measure,value,…`; rows it cannot
/// read are skipped (a damaged old file must not stop a build).
fn old_figures(csv_text: &str) -> Vec<OldFigure> {
    let text = csv_text.strip_prefix('\u{feff}').unwrap_or(csv_text);
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(text.as_bytes());
    let Ok(headers) = reader.headers().cloned() else { return Vec::new() };
    let column = |name: &str| headers.iter().position(|h| h == name);
    let (Some(period), Some(indicator), Some(measure), Some(value)) =
        (column("period"), column("indicator"), column("measure"), column("value"))
    else {
        return Vec::new();
    };
    let publisher = column("publisher");
    reader
        .records()
        .filter_map(Result::ok)
        .filter_map(|row| {
            Some(OldFigure {
                period: Period::parse(row.get(period)?)?,
                publisher: publisher.and_then(|i| row.get(i)).filter(|p| !p.is_empty()).map(str::to_string),
                indicator: row.get(indicator)?.to_string(),
                measure: row.get(measure)?.to_string(),
                value: row.get(value)?.parse::<f64>().ok().filter(|v| v.is_finite())?,
            })
        })
        .collect()
}

/// A warning for each figure of `old_csv` (the previous build's
/// observations) that `archive` now gives another value, or no longer
/// gives, without a revision explaining it.
pub fn compare<B>(archive: &Archive<B>, old_csv: &str) -> Vec<Diagnostic> {
    let index: HashMap<(Option<&str>, Period), usize> =
        archive.reports.iter().enumerate().map(|(i, r)| ((r.publisher.as_deref(), r.period), i)).collect();
    let mut problems = Vec::new();
    for old in old_figures(old_csv) {
        let Some(&i) = index.get(&(old.publisher.as_deref(), old.period)) else { continue };
        let report = &archive.reports[i];
        let now = archive.revisions.value(i, report, &old.indicator, &old.measure);
        let explained = || archive.revisions.latest(i, &old.indicator, &old.measure).is_some();
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
            Some(value) if same(value, old.value) => {}
            Some(_) if explained() => {}
            Some(value) => problems.push(
                Diagnostic::warning(
                    &report.file,
                    report.value_pos(&old.indicator, &old.measure),
                    format!(
                        "{what} was {} in the previous build and is now {}, with no revision to explain it",
                        plain(old.value),
                        plain(value)
                    ),
                )
                .with_hint(hint(&plain(value))),
            ),
            None => {
                let pos = report.metric(&old.indicator).map_or(report.period_pos, |m| m.pos);
                problems.push(
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
                    )),
                );
            }
        }
    }
    problems
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
