//! Consistency checks over the figures: `sum_of`, continuity and gaps.
//!
//! Pure functions over reports that are already sorted by (publisher,
//! period). Each problem is a [`Finding`]: `check` prints it as a warning,
//! and the report and indicator pages show it beside the figure, because an
//! archive of official figures never hides an inconsistency.

pub mod revisions;
pub mod unexplained;

use std::sync::Arc;

use crate::content::report::Report;
use crate::diagnostics::Diagnostic;
use crate::period::Period;
use crate::publisher::Publisher;
use crate::registry::Registry;
use crate::revisions::Revisions;

#[derive(Clone, Debug, PartialEq)]
pub enum FindingKind {
    /// The parent's figure differs from the sum of its parts.
    Sum { parts: Vec<String> },
    /// previous total + added − removed differs from total.
    Continuity { previous_period: Period, previous_total: f64, added: f64, removed: f64 },
    /// Months without this indicator between two reports that have it.
    Gap { from: Period, to: Period },
}

#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    pub kind: FindingKind,
    /// Index of the report in the archive's list.
    pub report: usize,
    pub indicator: String,
    pub measure: String,
    /// What the rule gives (sum of parts, carried-over total).
    pub expected: f64,
    /// What the report says.
    pub actual: f64,
}

impl Finding {
    pub fn difference(&self) -> f64 {
        self.actual - self.expected
    }

    /// The warning printed by `check`, with plain machine numbers.
    pub fn diagnostic(&self, report: &Report) -> Diagnostic {
        let pos = report.value_pos(&self.indicator, &self.measure);
        let period = report.period;
        let who = report.publisher.as_deref().map(|p| format!(" ({p})")).unwrap_or_default();
        let (message, hint) = match &self.kind {
            FindingKind::Sum { parts } => (
                format!(
                    "{period}{who}: `{}` of `{}` is {}, but the sum of its parts ({}) is {}: difference {}",
                    self.measure,
                    self.indicator,
                    plain(self.actual),
                    parts.join(" + "),
                    plain(self.expected),
                    signed(self.difference())
                ),
                "check the figures against the source table: the parent or one of its parts is wrong",
            ),
            FindingKind::Continuity { previous_period, previous_total, added, removed } => (
                format!(
                    "{period}{who}: `total` of `{}` is {}, but the total of {previous_period} ({}) + added ({}) − removed ({}) is {}: difference {}",
                    self.indicator,
                    plain(self.actual),
                    plain(*previous_total),
                    plain(*added),
                    plain(*removed),
                    plain(self.expected),
                    signed(self.difference())
                ),
                "check this month's added, removed and total figures, and last month's total",
            ),
            FindingKind::Gap { from, to } => {
                let months = from.months_until(*to) + 1;
                let range = if from == to { format!("{from}") } else { format!("{from} to {to}") };
                (
                    format!(
                        "{period}{who}: `{}` has no figure for {range} ({months} month{})",
                        self.indicator,
                        if months == 1 { "" } else { "s" }
                    ),
                    "add the missing reports, or the indicator to them, if the figures exist",
                )
            }
        };
        Diagnostic::warning(&report.file, pos, message).with_hint(hint)
    }
}

pub fn plain(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{}", value as i64)
    } else {
        let text = format!("{value:.6}");
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

fn signed(value: f64) -> String {
    if value > 0.0 { format!("+{}", plain(value)) } else { plain(value) }
}

/// Equal up to rounding of decimals.
pub(crate) fn same(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

/// The figures the checks read: the latest value of each (revised, or as
/// published; [`Revisions::none`] checks the figures as published).
struct Figures<'a> {
    reports: &'a [Arc<Report>],
    revisions: &'a Revisions,
}

impl Figures<'_> {
    fn value(&self, index: usize, indicator: &str, measure: &str) -> Option<f64> {
        self.revisions.value(index, &self.reports[index], indicator, measure)
    }
}

/// Every finding over `reports` (sorted by publisher, then period), on the
/// figures as published.
pub fn run(reports: &[Arc<Report>], registry: &Registry) -> Vec<Finding> {
    run_with(reports, registry, &[], &Revisions::none())
}

/// [`run`], knowing the publishers over time (in the month after a merge,
/// the successor's previous total is its own plus its predecessors' last
/// totals: their subscribers are now its subscribers) and on the latest
/// figures: `revisions` in effect.
pub fn run_with(
    reports: &[Arc<Report>],
    registry: &Registry,
    publishers: &[Publisher],
    revisions: &Revisions,
) -> Vec<Finding> {
    let figures = Figures { reports, revisions };
    let mut findings = Vec::new();
    for (index, report) in reports.iter().enumerate() {
        sums(&figures, index, report, registry, &mut findings);
        let previous = index
            .checked_sub(1)
            .filter(|&i| reports[i].publisher == report.publisher && reports[i].period == report.period.previous());
        if let Some(previous) = previous {
            let absorbed = absorbed(reports, publishers, report);
            continuity(&figures, index, report, previous, &absorbed, &mut findings);
        }
    }
    gaps(reports, registry, &mut findings);
    findings
}

fn sums(figures: &Figures, index: usize, report: &Report, registry: &Registry, findings: &mut Vec<Finding>) {
    for indicator in registry.indicators.iter().filter(|i| !i.sum_of.is_empty()) {
        let Some(metric) = report.metric(&indicator.id) else { continue };
        for value in &metric.values {
            let Some(actual) = figures.value(index, &indicator.id, &value.measure) else { continue };
            let parts: Option<Vec<f64>> =
                indicator.sum_of.iter().map(|p| figures.value(index, p, &value.measure)).collect();
            let Some(parts) = parts else { continue };
            let expected: f64 = parts.iter().sum();
            if !same(expected, actual) {
                findings.push(Finding {
                    kind: FindingKind::Sum { parts: indicator.sum_of.clone() },
                    report: index,
                    indicator: indicator.id.clone(),
                    measure: value.measure.clone(),
                    expected,
                    actual,
                });
            }
        }
    }
}

/// The last reports of the publishers merged into `report`'s publisher the
/// month before it (`until` = the previous month).
fn absorbed(reports: &[Arc<Report>], publishers: &[Publisher], report: &Report) -> Vec<usize> {
    let Some(id) = report.publisher.as_deref() else { return Vec::new() };
    let last = report.period.previous();
    publishers
        .iter()
        .filter(|p| p.successor() == Some(id) && p.until == Some(last))
        .filter_map(|p| {
            let key = (Some(p.id.as_str()), last);
            let i = reports.binary_search_by(|r| (r.publisher.as_deref(), r.period).cmp(&key)).ok()?;
            Some(i)
        })
        .collect()
}

fn continuity(
    figures: &Figures,
    index: usize,
    report: &Report,
    previous: usize,
    absorbed: &[usize],
    findings: &mut Vec<Finding>,
) {
    for metric in &report.metrics {
        let id = &metric.indicator;
        let absorbed_total: Option<f64> = absorbed.iter().map(|&r| figures.value(r, id, "total")).sum();
        let (Some(added), Some(removed), Some(total), Some(previous_total)) = (
            figures.value(index, id, "added"),
            figures.value(index, id, "removed"),
            figures.value(index, id, "total"),
            figures.value(previous, id, "total").zip(absorbed_total).map(|(own, merged)| own + merged),
        ) else {
            continue;
        };
        let expected = previous_total + added - removed;
        if !same(expected, total) {
            findings.push(Finding {
                kind: FindingKind::Continuity {
                    previous_period: figures.reports[previous].period,
                    previous_total,
                    added,
                    removed,
                },
                report: index,
                indicator: id.clone(),
                measure: "total".into(),
                expected,
                actual: total,
            });
        }
    }
}

/// The findings on the figures as published that the latest figures no
/// longer have: what a revision put right (pages say that the figures as
/// published did not agree).
pub fn resolved_by_revisions(published: Vec<Finding>, latest: &[Finding]) -> Vec<Finding> {
    let key = |f: &Finding| (std::mem::discriminant(&f.kind), f.report, f.indicator.clone(), f.measure.clone());
    published.into_iter().filter(|p| !latest.iter().any(|l| key(l) == key(p))).collect()
}

/// Months missing inside an indicator's series, reported on the report after the gap.
fn gaps(reports: &[Arc<Report>], registry: &Registry, findings: &mut Vec<Finding>) {
    for indicator in &registry.indicators {
        let mut last: Option<(&Option<String>, Period)> = None;
        for (index, report) in reports.iter().enumerate() {
            if report.metric(&indicator.id).is_none() {
                continue;
            }
            if let Some((publisher, period)) = last
                && publisher == &report.publisher
                && period.months_until(report.period) > 1
            {
                findings.push(Finding {
                    kind: FindingKind::Gap { from: period.next(), to: report.period.previous() },
                    report: index,
                    indicator: indicator.id.clone(),
                    measure: indicator.headline.clone(),
                    expected: 0.0,
                    actual: 0.0,
                });
            }
            last = Some((&report.publisher, report.period));
        }
    }
}
