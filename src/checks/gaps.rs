//! Gaps: months missing inside an indicator's series of one publisher,
//! reported on the report after the gap.

use crate::period::Period;

use super::{Context, Finding, FindingKind};

/// The findings over every series, in the registry's order of indicators,
/// then the reports' order.
pub(crate) fn check(context: &Context, findings: &mut Vec<Finding>) {
    for indicator in &context.registry.indicators {
        let mut last: Option<(&Option<String>, Period)> = None;
        for (index, report) in context.reports.iter().enumerate() {
            if report.metric(&indicator.id).is_none() {
                continue;
            }
            if let Some((publisher, period)) = last
                && publisher == &report.publisher
                && let Some((from, to)) = period.gap_until(report.period)
            {
                findings.push(Finding {
                    kind: FindingKind::Gap { from, to },
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

/// The message (after `period (publisher): `) and the hint.
pub(crate) fn message(finding: &Finding, from: Period, to: Period) -> (String, String) {
    let months = from.months_until(to) + 1;
    let range = if from == to { format!("{from}") } else { format!("{from} to {to}") };
    (
        format!(
            "`{}` has no figure for {range} ({months} month{})",
            finding.indicator,
            if months == 1 { "" } else { "s" }
        ),
        "add the missing reports, or the indicator to them, if the figures exist".to_string(),
    )
}

#[cfg(test)]
mod tests {
    use super::super::Rule;
    use super::super::testing::*;

    const GAPS: Rule = Rule::Series(super::check);
    const HINT: &str = "add the missing reports, or the indicator to them, if the figures exist";

    fn fixed(period: &str, publisher: Option<&str>) -> std::sync::Arc<crate::content::report::Report> {
        report(period, publisher, &[("fixed", &[("total", 1.0)])])
    }

    #[test]
    fn gaps() {
        // (months reported, messages)
        let cases: &[(&[&str], &[&str])] = &[
            (&["2014-07", "2014-08", "2014-09"], &[]),
            (&["2014-07", "2014-09"], &["2:1 2014-09: `fixed` has no figure for 2014-08 (1 month)"]),
            (&["2014-11", "2015-03"], &["2:1 2015-03: `fixed` has no figure for 2014-12 to 2015-02 (3 months)"]),
            (
                &["2014-01", "2014-03", "2014-04", "2015-04"],
                &[
                    "2:1 2014-03: `fixed` has no figure for 2014-02 (1 month)",
                    "2:1 2015-04: `fixed` has no figure for 2014-05 to 2015-03 (11 months)",
                ],
            ),
            (&["2014-07"], &[]),
            (&[], &[]),
        ];
        let registry = registry(REGISTRY);
        for (months, want) in cases {
            let reports: Vec<_> = months.iter().map(|m| fixed(m, None)).collect();
            let want: Vec<String> = want.iter().map(|m| format!("{m} | {HINT}")).collect();
            assert_eq!(messages(GAPS, &reports, &registry, &[]), want, "{months:?}");
        }
    }

    #[test]
    fn publishers_are_kept_apart() {
        let registry = registry(REGISTRY);
        // a reports January and March, b February: each has a gap of its own only.
        let reports =
            sorted(vec![fixed("2014-01", Some("a")), fixed("2014-02", Some("b")), fixed("2014-03", Some("a"))]);
        assert_eq!(
            messages(GAPS, &reports, &registry, &[]),
            [format!("2:1 2014-03 (a): `fixed` has no figure for 2014-02 (1 month) | {HINT}")]
        );
        // b's series starting after a's ended is no gap.
        let reports = sorted(vec![fixed("2014-01", Some("a")), fixed("2014-06", Some("b"))]);
        assert_eq!(messages(GAPS, &reports, &registry, &[]), Vec::<String>::new());
    }

    #[test]
    fn a_report_without_the_indicator_is_a_gap_in_its_series() {
        let registry = registry(REGISTRY);
        let reports = vec![
            fixed("2014-01", None),
            report("2014-02", None, &[("mobile", &[("total", 1.0)])]),
            fixed("2014-03", None),
        ];
        assert_eq!(
            messages(GAPS, &reports, &registry, &[]),
            [format!("2:1 2014-03: `fixed` has no figure for 2014-02 (1 month) | {HINT}")]
        );
    }
}
