//! Continuity: where a report has the stock's inflow, outflow and stock
//! and the report of the previous month has the stock,
//! `previous stock + inflow − outflow` equals the stock.
//!
//! Which measures these are is said by the registry (`role:` on a measure;
//! by default `added`, `removed` and `total`: see
//! [`Registry::stock_measures`](crate::registry::Registry::stock_measures)).
//! In the month after a merge the previous stock also holds the last stocks
//! of the publishers merged into this one: their subscribers are now its
//! subscribers.

use std::sync::Arc;

use crate::content::report::Report;
use crate::period::Period;
use crate::publisher::Publisher;

use super::{Context, Finding, FindingKind, plain, same, signed};

/// The findings of report `index`, in the report's order of indicators.
pub(crate) fn check(context: &Context, index: usize, findings: &mut Vec<Finding>) {
    let Some(previous) = context.previous_month(index) else { return };
    let Some(roles) = context.registry.stock_measures() else { return };
    let report = &context.reports[index];
    let absorbed = absorbed(context.reports, context.publishers, report);
    for metric in &report.metrics {
        let id = &metric.indicator;
        let absorbed_stock: Option<f64> = absorbed.iter().map(|&r| context.value(r, id, roles.stock)).sum();
        let (Some(inflow), Some(outflow), Some(stock), Some(previous_stock)) = (
            context.value(index, id, roles.inflow),
            context.value(index, id, roles.outflow),
            context.value(index, id, roles.stock),
            context.value(previous, id, roles.stock).zip(absorbed_stock).map(|(own, merged)| own + merged),
        ) else {
            continue;
        };
        let expected = previous_stock + inflow - outflow;
        if !same(expected, stock) {
            findings.push(Finding {
                kind: FindingKind::Continuity {
                    previous_period: context.reports[previous].period,
                    previous_total: previous_stock,
                    added: inflow,
                    removed: outflow,
                    flows: [roles.inflow.to_string(), roles.outflow.to_string()],
                },
                report: index,
                indicator: id.clone(),
                measure: roles.stock.to_string(),
                expected,
                actual: stock,
            });
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
            reports.binary_search_by(|r| (r.publisher.as_deref(), r.period).cmp(&key)).ok()
        })
        .collect()
}

/// The message (after `period (publisher): `) and the hint, naming the
/// measures by their ids.
pub(crate) fn message(
    finding: &Finding,
    previous_period: Period,
    previous_stock: f64,
    (inflow, outflow): (f64, f64),
    [inflow_id, outflow_id]: &[String; 2],
) -> (String, String) {
    let stock_id = &finding.measure;
    (
        format!(
            "`{stock_id}` of `{}` is {}, but the {stock_id} of {previous_period} ({}) + {inflow_id} ({}) − {outflow_id} ({}) is {}: difference {}",
            finding.indicator,
            plain(finding.actual),
            plain(previous_stock),
            plain(inflow),
            plain(outflow),
            plain(finding.expected),
            signed(finding.difference())
        ),
        format!("check this month's {inflow_id}, {outflow_id} and {stock_id} figures, and last month's {stock_id}"),
    )
}

#[cfg(test)]
mod tests {
    use super::super::Rule;
    use super::super::testing::*;

    const RULE: Rule = Rule::Report(super::check);
    use crate::publisher::Publisher;

    const HINT: &str = "check this month's added, removed and total figures, and last month's total";

    fn month(
        period: &str,
        publisher: Option<&str>,
        figures: &[(&str, f64)],
    ) -> std::sync::Arc<crate::content::report::Report> {
        report(period, publisher, &[("fixed", figures)])
    }

    #[test]
    fn continuity() {
        // (last month's figures, this month's, messages)
        type Case<'a> = (&'a str, &'a [(&'a str, f64)], &'a str, &'a [(&'a str, f64)], &'a [&'a str]);
        let cases: &[Case] = &[
            // 100 + 10 − 4 = 106: agrees.
            ("2014-07", &[("total", 100.0)], "2014-08", &[("added", 10.0), ("removed", 4.0), ("total", 106.0)], &[]),
            // A mismatch, with the exact numbers, at this month's total.
            (
                "2014-07",
                &[("total", 100.0)],
                "2014-08",
                &[("added", 10.0), ("removed", 4.0), ("total", 110.0)],
                &[
                    "4:1 2014-08: `total` of `fixed` is 110, but the total of 2014-07 (100) + added (10) − removed (4) is 106: difference +4",
                ],
            ),
            (
                "2014-12",
                &[("total", 135368.0)],
                "2015-01",
                &[("added", 178.0), ("removed", 619.0), ("total", 134900.0)],
                &[
                    "4:1 2015-01: `total` of `fixed` is 134900, but the total of 2014-12 (135368) + added (178) − removed (619) is 134927: difference -27",
                ],
            ),
            // Rounding of decimals is not a mismatch.
            ("2014-07", &[("total", 0.1)], "2014-08", &[("added", 0.2), ("removed", 0.0), ("total", 0.3)], &[]),
            // Not the month before: a gap, not continuity.
            ("2014-06", &[("total", 100.0)], "2014-08", &[("added", 10.0), ("removed", 4.0), ("total", 110.0)], &[]),
            // A flow missing: nothing to compare.
            ("2014-07", &[("total", 100.0)], "2014-08", &[("added", 10.0), ("total", 110.0)], &[]),
            ("2014-07", &[("added", 1.0)], "2014-08", &[("added", 10.0), ("removed", 4.0), ("total", 110.0)], &[]),
        ];
        let registry = registry(REGISTRY);
        for (before, last, now, this, want) in cases {
            let reports = vec![month(before, None, last), month(now, None, this)];
            let want: Vec<String> = want.iter().map(|m| format!("{m} | {HINT}")).collect();
            assert_eq!(messages(RULE, &reports, &registry, &[]), want, "{before} {last:?} {now} {this:?}");
        }
    }

    #[test]
    fn publishers_are_kept_apart() {
        let registry = registry(REGISTRY);
        // b's first month follows a's last: not its previous month.
        let reports = sorted(vec![
            month("2014-07", Some("a"), &[("total", 100.0)]),
            month("2014-08", Some("b"), &[("added", 1.0), ("removed", 0.0), ("total", 5.0)]),
            month("2014-07", Some("b"), &[("total", 4.0)]),
            month("2014-08", Some("a"), &[("added", 1.0), ("removed", 0.0), ("total", 101.0)]),
        ]);
        assert_eq!(messages(RULE, &reports, &registry, &[]), Vec::<String>::new());
        let reports = sorted(vec![
            month("2014-07", Some("a"), &[("total", 100.0)]),
            month("2014-08", Some("b"), &[("added", 1.0), ("removed", 0.0), ("total", 101.0)]),
            month("2014-07", Some("b"), &[("total", 4.0)]),
        ]);
        assert_eq!(
            messages(RULE, &reports, &registry, &[]),
            [format!(
                "4:1 2014-08 (b): `total` of `fixed` is 101, but the total of 2014-07 (4) + added (1) − removed (0) is 5: difference +96 | {HINT}"
            )]
        );
    }

    #[test]
    fn the_month_after_a_merge_counts_the_absorbed_totals() {
        let registry = registry(REGISTRY);
        let mut bac_kan = Publisher::simple("bac-kan", "Bắc Kạn");
        bac_kan.until = crate::period::Period::parse("2025-06");
        bac_kan.merged_into = Some("thai-nguyen".into());
        let publishers = [bac_kan, Publisher::simple("thai-nguyen", "Thái Nguyên")];
        let reports = |july: f64| {
            sorted(vec![
                month("2025-06", Some("bac-kan"), &[("total", 40.0)]),
                month("2025-06", Some("thai-nguyen"), &[("total", 100.0)]),
                month("2025-07", Some("thai-nguyen"), &[("added", 5.0), ("removed", 1.0), ("total", july)]),
            ])
        };
        // 100 + 40 absorbed + 5 − 1 = 144.
        assert_eq!(messages(RULE, &reports(144.0), &registry, &publishers), Vec::<String>::new());
        assert_eq!(
            messages(RULE, &reports(104.0), &registry, &publishers),
            [format!(
                "4:1 2025-07 (thai-nguyen): `total` of `fixed` is 104, but the total of 2025-06 (140) + added (5) − removed (1) is 144: difference -40 | {HINT}"
            )]
        );
        // Without knowing of the merge, 104 is right and 144 is not.
        assert_eq!(messages(RULE, &reports(104.0), &registry, &[]), Vec::<String>::new());
        // A predecessor whose last report is missing: nothing to compare.
        let without =
            reports(104.0).into_iter().filter(|r| r.publisher.as_deref() != Some("bac-kan")).collect::<Vec<_>>();
        assert_eq!(messages(RULE, &without, &registry, &publishers), Vec::<String>::new());
    }

    #[test]
    fn measures_named_by_their_roles() {
        let registry = registry(
            "measures:\n  tang: { role: inflow }\n  giam: { role: outflow }\n  hien_co: { role: stock }\n\
             indicators:\n  fixed: { name: F }\n",
        );
        let reports = vec![
            month("2014-07", None, &[("hien_co", 100.0)]),
            month("2014-08", None, &[("tang", 10.0), ("giam", 4.0), ("hien_co", 110.0)]),
        ];
        assert_eq!(
            messages(RULE, &reports, &registry, &[]),
            [
                "4:1 2014-08: `hien_co` of `fixed` is 110, but the hien_co of 2014-07 (100) + tang (10) − giam (4) is 106: difference +4 | \
              check this month's tang, giam and hien_co figures, and last month's hien_co"
            ]
        );
        // Without roles, other ids are not a stock.
        let plain = registry_text_without_roles();
        assert_eq!(messages(RULE, &reports, &plain, &[]), Vec::<String>::new());
    }

    fn registry_text_without_roles() -> crate::registry::Registry {
        registry("measures:\n  tang: {}\n  giam: {}\n  hien_co: {}\nindicators:\n  fixed: { name: F }\n")
    }
}
