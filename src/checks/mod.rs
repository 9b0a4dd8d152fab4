//! Consistency checks over the figures, one rule per file.
//!
//! Pure functions over reports that are already sorted by (publisher,
//! period). Each problem is a [`Finding`]: `check` prints it as a warning,
//! and the report and indicator pages show it beside the figure, because an
//! archive of official figures never hides an inconsistency.
//!
//! The rules run in the order of [`RULES`]. A new rule is a file beside
//! this one (its check, its message and hint, its unit tests), a variant
//! of [`FindingKind`] and one line in [`RULES`]; the compiler then names
//! the places that show a finding (the page note in `render/views.rs`, the
//! `kind` of the indicator JSON in `data.rs`).

pub(crate) mod continuity;
pub(crate) mod gaps;
pub(crate) mod revisions;
pub(crate) mod sum_of;
pub(crate) mod unexplained;

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
    /// previous stock + inflow − outflow differs from the stock.
    Continuity {
        previous_period: Period,
        previous_total: f64,
        /// The inflow (`added`) of the month.
        added: f64,
        /// The outflow (`removed`) of the month.
        removed: f64,
        /// The ids of the inflow and outflow measures (the stock's is
        /// [`Finding::measure`]).
        flows: [String; 2],
    },
    /// Months without this indicator between two reports that have it.
    Gap { from: Period, to: Period },
}

impl FindingKind {
    /// The rule's name in data files (`kind` of the indicator JSON):
    /// `sum`, `continuity`, `gap`.
    pub fn id(&self) -> &'static str {
        match self {
            FindingKind::Sum { .. } => "sum",
            FindingKind::Continuity { .. } => "continuity",
            FindingKind::Gap { .. } => "gap",
        }
    }
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
        let who = report.publisher.as_deref().map(|p| format!(" ({p})")).unwrap_or_default();
        let (text, hint) = match &self.kind {
            FindingKind::Sum { parts } => sum_of::message(self, parts),
            FindingKind::Continuity { previous_period, previous_total, added, removed, flows } => {
                continuity::message(self, *previous_period, *previous_total, (*added, *removed), flows)
            }
            FindingKind::Gap { from, to } => gaps::message(self, *from, *to),
        };
        Diagnostic::warning(&report.file, pos, format!("{}{who}: {text}", report.period)).with_hint(hint)
    }
}

/// A number in a message: plain, at most six decimals.
pub(crate) fn plain(value: f64) -> String {
    crate::text::plain_rounded(value, 6)
}

/// A difference in a message: `+10`, `-10`, `0`.
fn signed(value: f64) -> String {
    if value > 0.0 { format!("+{}", plain(value)) } else { plain(value) }
}

/// Equal up to rounding of decimals.
pub(crate) fn same(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

/// What every rule reads: the reports (sorted by publisher, then period),
/// the registry, the publishers over time, and the latest value of each
/// figure (revised, or as published: [`Revisions::none`]).
pub struct Context<'a> {
    pub reports: &'a [Arc<Report>],
    pub registry: &'a Registry,
    pub publishers: &'a [Publisher],
    revisions: &'a Revisions,
}

impl Context<'_> {
    /// The latest value of a figure of report `index`.
    pub fn value(&self, index: usize, indicator: &str, measure: &str) -> Option<f64> {
        self.revisions.value(index, &self.reports[index], indicator, measure)
    }

    /// The report of the same publisher for the month before report `index`'s.
    pub fn previous_month(&self, index: usize) -> Option<usize> {
        let report = &self.reports[index];
        index.checked_sub(1).filter(|&i| {
            let previous = &self.reports[i];
            previous.publisher == report.publisher && previous.period == report.period.previous()
        })
    }
}

/// A rule, and how it walks the archive.
#[derive(Clone, Copy)]
pub enum Rule {
    /// Looks at one report (and its neighbours): run report by report.
    Report(fn(&Context, usize, &mut Vec<Finding>)),
    /// Looks at whole series: run after the rules of reports.
    Series(fn(&Context, &mut Vec<Finding>)),
}

/// Every rule, in the order its findings are listed: for each report the
/// findings of the report rules in this order, then those of the series
/// rules.
pub const RULES: &[Rule] = &[Rule::Report(sum_of::check), Rule::Report(continuity::check), Rule::Series(gaps::check)];

/// Every finding over `reports` (sorted by publisher, then period), on the
/// figures as published (the unit tests' entry: the archive knows publishers and revisions).
#[cfg(test)]
fn run(reports: &[Arc<Report>], registry: &Registry) -> Vec<Finding> {
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
    run_rules(RULES, &Context { reports, registry, publishers, revisions })
}

/// The findings of `rules` (see [`RULES`] for the order).
fn run_rules(rules: &[Rule], context: &Context) -> Vec<Finding> {
    let mut findings = Vec::new();
    for index in 0..context.reports.len() {
        for rule in rules {
            if let Rule::Report(check) = rule {
                check(context, index, &mut findings);
            }
        }
    }
    for rule in rules {
        if let Rule::Series(check) = rule {
            check(context, &mut findings);
        }
    }
    findings
}

/// The findings on the figures as published that the latest figures no
/// longer have: what a revision put right (pages say that the figures as
/// published did not agree).
pub fn resolved_by_revisions(published: Vec<Finding>, latest: &[Finding]) -> Vec<Finding> {
    let key = |f: &Finding| (std::mem::discriminant(&f.kind), f.report, f.indicator.clone(), f.measure.clone());
    published.into_iter().filter(|p| !latest.iter().any(|l| key(l) == key(p))).collect()
}

/// Small in-memory archives for the rules' unit tests.
#[cfg(test)]
pub(crate) mod testing {
    use std::path::{Path, PathBuf};
    use std::sync::Arc;

    use super::*;
    use crate::content::report::{Metric, MetricValue};
    use crate::content::yaml::Pos;
    use crate::diagnostics::Diagnostics;

    pub(crate) const REGISTRY: &str = "measures:\n  added: {}\n  removed: {}\n  total: {}\n  share: {}\n\
        indicators:\n  phones: { name: P, sum_of: [fixed, mobile] }\n  fixed: { name: F }\n  mobile: { name: M }\n";

    pub(crate) fn registry(text: &str) -> Registry {
        let mut diags = Diagnostics::new();
        let registry = Registry::parse(text, Path::new("content/indicators.yaml"), &mut diags);
        assert!(diags.is_empty(), "{diags:?}");
        registry
    }

    /// A report of `period` (`YYYY-MM`) by `publisher`, with
    /// `figures`: (indicator, [(measure, value)]). Each value's position
    /// is its line: the figure's order in the report, from 1.
    pub(crate) fn report(period: &str, publisher: Option<&str>, figures: &[(&str, &[(&str, f64)])]) -> Arc<Report> {
        let mut line = 0;
        let mut pos = || {
            line += 1;
            Pos { line, column: 1 }
        };
        let metrics = figures
            .iter()
            .map(|(indicator, values)| Metric {
                indicator: indicator.to_string(),
                pos: pos(),
                values: values
                    .iter()
                    .map(|(measure, value)| MetricValue {
                        measure: measure.to_string(),
                        value: Some(*value),
                        pos: pos(),
                    })
                    .collect(),
            })
            .collect();
        let who = publisher.map(|p| format!("{p}/")).unwrap_or_default();
        Arc::new(Report {
            file: PathBuf::from(format!("content/{who}{period}.md")),
            period: Period::parse(period).expect("a period"),
            publisher: publisher.map(str::to_string),
            title: period.to_string(),
            number: None,
            issued: None,
            place: None,
            organization: None,
            signer: None,
            recipients: Vec::new(),
            summary: None,
            tags: Vec::new(),
            draft: false,
            source: None,
            metrics,
            status: None,
            revisions: Vec::new(),
            body: String::new(),
            body_line: 1,
            period_pos: Pos { line: 1, column: 9 },
        })
    }

    /// Sorted as the archive sorts them: by publisher, then period.
    pub(crate) fn sorted(mut reports: Vec<Arc<Report>>) -> Vec<Arc<Report>> {
        reports.sort_by(|a, b| (&a.publisher, a.period).cmp(&(&b.publisher, b.period)));
        reports
    }

    /// A line of [`messages`] without its `line:column `.
    pub(crate) fn without_position(message: &str) -> &str {
        message.split_once(' ').map_or(message, |(_, rest)| rest)
    }

    /// `line:column message | hint` of the findings of every rule.
    pub(crate) fn messages(
        rule: Rule,
        reports: &[Arc<Report>],
        registry: &Registry,
        publishers: &[Publisher],
    ) -> Vec<String> {
        let revisions = Revisions::none();
        run_rules(&[rule], &Context { reports, registry, publishers, revisions: &revisions })
            .iter()
            .map(|f| {
                let d = f.diagnostic(&reports[f.report]);
                format!("{}:{} {} | {}", d.line, d.column, d.message, d.hint.unwrap_or_default())
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::testing::*;
    use super::*;

    #[test]
    fn findings_are_listed_report_by_report_in_rule_order_then_series() {
        let registry = registry(REGISTRY);
        let reports = sorted(vec![
            report(
                "2014-01",
                None,
                &[("phones", &[("total", 10.0)]), ("fixed", &[("total", 1.0)]), ("mobile", &[("total", 2.0)])],
            ),
            report(
                "2014-02",
                None,
                &[
                    ("phones", &[("added", 1.0), ("removed", 0.0), ("total", 30.0)]),
                    ("fixed", &[("total", 1.0)]),
                    ("mobile", &[("total", 2.0)]),
                ],
            ),
            report(
                "2014-04",
                None,
                &[("phones", &[("total", 3.0)]), ("fixed", &[("total", 1.0)]), ("mobile", &[("total", 2.0)])],
            ),
        ]);
        let findings = run(&reports, &registry);
        let order: Vec<(usize, &str)> = findings.iter().map(|f| (f.report, f.kind.id())).collect();
        assert_eq!(
            order,
            [(0, "sum"), (1, "sum"), (1, "continuity"), (2, "gap"), (2, "gap"), (2, "gap")],
            "{findings:#?}"
        );
    }

    #[test]
    fn revisions_put_right_what_they_correct() {
        let sum = |report, actual| Finding {
            kind: FindingKind::Sum { parts: vec!["a".into()] },
            report,
            indicator: "x".into(),
            measure: "total".into(),
            expected: 1.0,
            actual,
        };
        let published = vec![sum(0, 2.0), sum(1, 3.0)];
        assert_eq!(resolved_by_revisions(published, &[sum(1, 4.0)]), [sum(0, 2.0)]);
    }
}
