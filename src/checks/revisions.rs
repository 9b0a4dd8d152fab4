//! The rules of `revisions:` over the whole archive, and the revisions in
//! effect that pass them.
//!
//! - a revision names a published figure: a report of that publisher and
//!   period that gives that indicator and measure (else an error at the
//!   revision's period, indicator or measure, with "did you mean");
//! - it revises an earlier month than its own report's;
//! - one report revises one figure once;
//! - a revision to the value the figure already has is a warning (and
//!   changes nothing).
//!
//! Revisions of one figure take effect in the order of their reports
//! (period, then date of issue): the last one gives the latest value.

use std::sync::Arc;

use crate::config::Config;
use crate::content::report::Report;
use crate::content::revision::Revision;
use crate::diagnostics::{Diagnostic, nearest};
use crate::period::Period;
use crate::registry::Registry;
use crate::revisions::{Applied, Revisions};

use super::plain;

/// A revision that names a published figure: (target report, indicator
/// order, measure order, when it took effect, revising report, entry).
type Found = (usize, usize, usize, (Period, Option<crate::period::Date>, usize), usize, usize);

/// The revisions in effect, and a diagnostic for each entry that broke a rule.
/// `reports` are sorted by (publisher, period), as in the archive.
pub(crate) fn resolve(reports: &[Arc<Report>], registry: &Registry, config: &Config) -> (Revisions, Vec<Diagnostic>) {
    let mut problems = Vec::new();
    // (target, indicator order, measure order, revising report's order, by, entry)
    let mut found: Vec<Found> = Vec::new();
    for (by, report) in reports.iter().enumerate() {
        for (entry, revision) in report.revisions.iter().enumerate() {
            let Some(target) = target(reports, report, revision, &mut problems) else { continue };
            let indicator = registry.indicator_index(&revision.indicator).unwrap_or(usize::MAX);
            let measure = registry.measure_index(&revision.measure).unwrap_or(usize::MAX);
            let twice = found.iter().any(|f| f.0 == target && f.1 == indicator && f.2 == measure && f.4 == by);
            if twice {
                problems.push(
                    Diagnostic::error(
                        &report.file,
                        revision.pos,
                        format!(
                            "{} of `{}` for {} is revised twice in this report",
                            revision.measure, revision.indicator, revision.period
                        ),
                    )
                    .with_hint("keep one revision per figure in a report"),
                );
                continue;
            }
            found.push((target, indicator, measure, (report.period, report.issued, by), by, entry));
        }
    }
    found.sort();
    let mut list: Vec<Applied> = Vec::with_capacity(found.len());
    for (target, _, _, _, by, entry) in found {
        let revision = &reports[by].revisions[entry];
        let target_report = &reports[target];
        let Some(published) = target_report.value(&revision.indicator, &revision.measure) else { continue };
        let previous = list
            .iter()
            .rev()
            .take_while(|a| a.target == target)
            .find(|a| a.indicator == revision.indicator && a.measure == revision.measure)
            .map(|a| (a.value, a.status));
        let (before, status_before) = previous.unwrap_or((published, target_report.status(config)));
        if super::same(before, revision.value) {
            problems.push(
                Diagnostic::warning(
                    &reports[by].file,
                    revision.value_pos,
                    format!(
                        "this revision gives `{}` of `{}` for {} the value it already has: {}",
                        revision.measure,
                        revision.indicator,
                        revision.period,
                        plain(revision.value)
                    ),
                )
                .with_hint("remove the revision, or write the revised figure in `value:`"),
            );
            continue;
        }
        list.push(Applied {
            target,
            indicator: revision.indicator.clone(),
            measure: revision.measure.clone(),
            published,
            previous: before,
            value: revision.value,
            kind: revision.kind,
            reason: revision.reason.clone(),
            status: revision.status.unwrap_or(status_before),
            by,
            entry,
        });
    }
    (Revisions::from_sorted(list), problems)
}

/// The index of the report whose figure `revision` revises, or the error why none.
fn target(
    reports: &[Arc<Report>],
    report: &Report,
    revision: &Revision,
    problems: &mut Vec<Diagnostic>,
) -> Option<usize> {
    let file = &report.file;
    let publisher = revision.publisher.as_ref().or(report.publisher.as_ref());
    let who = publisher.map(|p| format!(" of {p}")).unwrap_or_default();
    let what = format!("`{}` of `{}`", revision.measure, revision.indicator);
    if revision.period >= report.period && publisher == report.publisher.as_ref() {
        problems.push(
            Diagnostic::error(
                file,
                revision.period_pos,
                format!(
                    "this report (period {}) cannot revise {what} for {}: a revision corrects an earlier month",
                    report.period, revision.period
                ),
            )
            .with_hint(
                "write this month's figures under `metrics:`, and revisions of earlier months in a later report",
            ),
        );
        return None;
    }
    let same_publisher = |r: &Arc<Report>| r.publisher.as_ref() == publisher;
    let index = reports.iter().position(|r| same_publisher(r) && r.period == revision.period);
    let with_figure = |r: &Arc<Report>| r.value(&revision.indicator, &revision.measure).is_some();
    let Some(index) = index else {
        // The nearest month that has the figure, if close: a typo in the period.
        let nearby = reports
            .iter()
            .filter(|r| same_publisher(r) && with_figure(r))
            .map(|r| r.period)
            .filter(|p| p.months_until(revision.period).abs() <= 12)
            .min_by_key(|p| (p.months_until(revision.period).abs(), *p));
        let hint = match nearby {
            Some(p) => format!("did you mean `period: {p}`? (the nearest month{who} with {what})"),
            None => "name the month of a published report in `period:`".to_string(),
        };
        problems.push(
            Diagnostic::error(
                file,
                revision.period_pos,
                format!("this revision names {} but no report{who} was published for that month", revision.period),
            )
            .with_hint(hint),
        );
        return None;
    };
    let target = &reports[index];
    let Some(metric) = target.metric(&revision.indicator) else {
        let given: Vec<&str> = target.metrics.iter().map(|m| m.indicator.as_str()).collect();
        let hint = match nearest(&revision.indicator, given.iter().copied()) {
            Some(best) => format!("did you mean `indicator: {best}`?"),
            None if given.is_empty() => "that report has no figures".to_string(),
            None => format!("that report gives: {}", given.join(", ")),
        };
        problems.push(
            Diagnostic::error(
                file,
                revision.indicator_pos,
                format!(
                    "the report of {}{who} ({}) gives no figure of `{}` to revise",
                    revision.period,
                    target.file.display(),
                    revision.indicator
                ),
            )
            .with_hint(hint),
        );
        return None;
    };
    if !with_figure(target) {
        let given: Vec<&str> = metric.values.iter().filter(|v| v.value.is_some()).map(|v| v.measure.as_str()).collect();
        let hint = match nearest(&revision.measure, given.iter().copied()) {
            Some(best) => format!("did you mean `measure: {best}`?"),
            None => format!("that report gives `{}` as: {}", revision.indicator, given.join(", ")),
        };
        problems.push(
            Diagnostic::error(
                file,
                revision.measure_pos,
                format!("the report of {}{who} ({}) gives no {what} to revise", revision.period, target.file.display()),
            )
            .with_hint(hint),
        );
        return None;
    }
    Some(index)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::report::parse_report;
    use crate::diagnostics::{Diagnostics, Severity};
    use std::path::Path;

    const REGISTRY: &str = "measures:\n  added: { integer: true }\n  total: { integer: true }\nindicators:\n  broadband: { name: B }\n  mobile: { name: M }\n";

    fn archive(reports: &[(&str, &str)]) -> (Vec<Arc<Report>>, Registry, Config) {
        let mut diags = Diagnostics::new();
        let config = Config::parse("title: t\nbase_url: https://e.org/\n", Path::new("site.yaml"), &mut diags).unwrap();
        let registry = Registry::parse(REGISTRY, Path::new("content/indicators.yaml"), &mut diags);
        let mut list: Vec<Arc<Report>> = reports
            .iter()
            .map(|(file, text)| {
                Arc::new(parse_report(text, Path::new(file), &config, &registry, &mut diags).expect("report"))
            })
            .collect();
        assert!(diags.is_empty(), "{diags:?}");
        list.sort_by_key(|r| r.period);
        (list, registry, config)
    }

    const AUGUST: &str = "---\ntitle: a\nperiod: 2014-08\nmetrics:\n  broadband: { added: 10, total: 100 }\n---\n";

    fn september(revision: &str) -> String {
        format!("---\ntitle: s\nperiod: 2014-09\nrevisions:\n  - {revision}\n---\n")
    }

    #[test]
    fn rules() {
        // (revision entry in September, expected: (severity, line:column, words) or the applied value)
        type Case<'a> = (&'a str, Option<(Severity, &'a str, &'a str)>, Option<f64>);
        let cases: &[Case] = &[
            ("{ period: 2014-08, indicator: broadband, value: 103, reason: r }", None, Some(103.0)),
            ("{ period: 2014-08, indicator: broadband, measure: added, value: 11, reason: r }", None, Some(11.0)),
            (
                "{ period: 2014-07, indicator: broadband, value: 103, reason: r }",
                Some((Severity::Error, "5:15", "did you mean `period: 2014-08`?")),
                None,
            ),
            (
                "{ period: 2014-08, indicator: mobile, value: 103, reason: r }",
                Some((Severity::Error, "5:35", "gives no figure of `mobile` to revise that report gives: broadband")),
                None,
            ),
            (
                "{ period: 2014-08, indicator: broadband, measure: removed, value: 1, reason: r }",
                None, // an undeclared measure is an error of the report itself
                None,
            ),
            (
                "{ period: 2014-09, indicator: broadband, value: 103, reason: r }",
                Some((Severity::Error, "5:15", "a revision corrects an earlier month")),
                None,
            ),
            (
                "{ period: 2014-08, indicator: broadband, value: 100, reason: r }",
                Some((Severity::Warning, "5:53", "the value it already has: 100")),
                None,
            ),
        ];
        for (entry, want, applied) in cases {
            let text = september(entry);
            let mut diags = Diagnostics::new();
            let config =
                Config::parse("title: t\nbase_url: https://e.org/\n", Path::new("site.yaml"), &mut diags).unwrap();
            let registry = Registry::parse(REGISTRY, Path::new("content/indicators.yaml"), &mut diags);
            let Some(sep) = parse_report(&text, Path::new("content/2014-09.md"), &config, &registry, &mut diags) else {
                assert!(want.is_none() && applied.is_none(), "{entry}: {diags:?}");
                assert!(diags.iter().any(|d| d.message.contains("unknown measure `removed`")), "{diags:?}");
                continue;
            };
            let (mut reports, registry, config) = archive(&[("content/2014-08.md", AUGUST)]);
            reports.push(Arc::new(sep));
            let (revisions, problems) = resolve(&reports, &registry, &config);
            match want {
                Some((severity, at, words)) => {
                    assert_eq!(problems.len(), 1, "{entry}: {problems:?}");
                    let p = &problems[0];
                    assert_eq!(p.severity, *severity, "{entry}");
                    assert_eq!(format!("{}:{}", p.line, p.column), *at, "{entry}: {p:?}");
                    let all = format!("{} {}", p.message, p.hint.clone().unwrap_or_default());
                    assert!(all.contains(words), "{entry}: {all}");
                    assert!(revisions.is_empty(), "{entry}");
                }
                None => assert!(problems.is_empty(), "{entry}: {problems:?}"),
            }
            assert_eq!(revisions.all().first().map(|a| a.value), *applied, "{entry}");
        }
    }

    #[test]
    fn later_revisions_win_and_keep_the_first_published_value() {
        let oct = "---\ntitle: o\nperiod: 2014-10\nrevisions:\n  - { period: 2014-08, indicator: broadband, value: 105, kind: correction, reason: r }\n---\n";
        let sep = september("{ period: 2014-08, indicator: broadband, value: 103, reason: r }");
        let (reports, registry, config) =
            archive(&[("content/2014-10.md", oct), ("content/2014-08.md", AUGUST), ("content/2014-09.md", &sep)]);
        let (revisions, problems) = resolve(&reports, &registry, &config);
        assert!(problems.is_empty(), "{problems:?}");
        let chain: Vec<(f64, f64, f64, usize)> =
            revisions.of_figure(0, "broadband", "total").map(|a| (a.published, a.previous, a.value, a.by)).collect();
        assert_eq!(chain, vec![(100.0, 100.0, 103.0, 1), (100.0, 103.0, 105.0, 2)]);
        assert_eq!(revisions.value(0, &reports[0], "broadband", "total"), Some(105.0));
        assert_eq!(revisions.value(0, &reports[0], "broadband", "added"), Some(10.0));
    }

    #[test]
    fn one_figure_twice_in_one_report_is_an_error() {
        let sep = "---\ntitle: s\nperiod: 2014-09\nrevisions:\n  - { period: 2014-08, indicator: broadband, value: 103, reason: r }\n  - { period: 2014-08, indicator: broadband, value: 104, reason: r }\n---\n";
        let (reports, registry, config) = archive(&[("content/2014-08.md", AUGUST), ("content/2014-09.md", sep)]);
        let (revisions, problems) = resolve(&reports, &registry, &config);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!((problems[0].line, problems[0].column), (6, 5));
        assert_eq!(revisions.all().len(), 1);
    }
}
