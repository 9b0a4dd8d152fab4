//! `sum_of`: in every report, each measure present on a parent and on all
//! its parts equals the sum of the parts (up to rounding of decimals).

use super::{Context, Finding, FindingKind, plain, same, signed};

/// The findings of report `index`, in the registry's order of indicators
/// and the report's order of measures.
pub(crate) fn check(context: &Context, index: usize, findings: &mut Vec<Finding>) {
    let report = &context.reports[index];
    for indicator in context.registry.indicators.iter().filter(|i| !i.sum_of.is_empty()) {
        let Some(metric) = report.metric(&indicator.id) else { continue };
        for value in &metric.values {
            let Some(actual) = context.value(index, &indicator.id, &value.measure) else { continue };
            let parts: Option<Vec<f64>> =
                indicator.sum_of.iter().map(|p| context.value(index, p, &value.measure)).collect();
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

/// The message (after `period (publisher): `) and the hint.
pub(crate) fn message(finding: &Finding, parts: &[String]) -> (String, String) {
    (
        format!(
            "`{}` of `{}` is {}, but the sum of its parts ({}) is {}: difference {}",
            finding.measure,
            finding.indicator,
            plain(finding.actual),
            parts.join(" + "),
            plain(finding.expected),
            signed(finding.difference())
        ),
        HINT.to_string(),
    )
}

const HINT: &str = "check the figures against the source table: the parent or one of its parts is wrong";

#[cfg(test)]
mod tests {
    use super::super::Rule;
    use super::super::testing::*;

    const RULE: Rule = Rule::Report(super::check);
    use super::HINT;

    #[test]
    fn sums() {
        // (figures of phones, fixed and mobile, messages)
        type Case<'a> = (&'a [(&'a str, f64)], &'a [(&'a str, f64)], &'a [(&'a str, f64)], &'a [&'a str]);
        let cases: &[Case] = &[
            // A match is not reported.
            (&[("total", 30.0)], &[("total", 10.0)], &[("total", 20.0)], &[]),
            // A mismatch, with the exact numbers.
            (
                &[("total", 103988.0)],
                &[("total", 100000.0)],
                &[("total", 3998.0)],
                &[
                    "2014-08: `total` of `phones` is 103988, but the sum of its parts (fixed + mobile) is 103998: difference -10",
                ],
            ),
            (
                &[("total", 31.0)],
                &[("total", 10.0)],
                &[("total", 20.0)],
                &["2014-08: `total` of `phones` is 31, but the sum of its parts (fixed + mobile) is 30: difference +1"],
            ),
            // Rounding of decimals is not a mismatch; a real decimal difference is, without float noise.
            (&[("share", 0.3)], &[("share", 0.1)], &[("share", 0.2)], &[]),
            (
                &[("share", 12.5)],
                &[("share", 10.1)],
                &[("share", 2.3)],
                &[
                    "2014-08: `share` of `phones` is 12.5, but the sum of its parts (fixed + mobile) is 12.4: difference +0.1",
                ],
            ),
            // Each measure on its own; one missing on a part is not checked.
            (&[("added", 5.0), ("total", 30.0)], &[("added", 1.0), ("total", 10.0)], &[("total", 20.0)], &[]),
            (
                &[("added", 5.0), ("total", 29.0)],
                &[("added", 2.0), ("total", 10.0)],
                &[("added", 2.0), ("total", 20.0)],
                &[
                    "2014-08: `added` of `phones` is 5, but the sum of its parts (fixed + mobile) is 4: difference +1",
                    "2014-08: `total` of `phones` is 29, but the sum of its parts (fixed + mobile) is 30: difference -1",
                ],
            ),
            // A part missing altogether: nothing to compare.
            (&[("total", 30.0)], &[("total", 10.0)], &[], &[]),
        ];
        let registry = registry(REGISTRY);
        for (phones, fixed, mobile, want) in cases {
            let mut figures: Vec<(&str, &[(&str, f64)])> = vec![("phones", phones), ("fixed", fixed)];
            if !mobile.is_empty() {
                figures.push(("mobile", mobile));
            }
            let reports = vec![report("2014-08", None, &figures)];
            let got = messages(RULE, &reports, &registry, &[]);
            let want: Vec<String> = want.iter().map(|m| format!("{m} | {HINT}")).collect();
            let got: Vec<&str> = got.iter().map(|m| without_position(m)).collect();
            assert_eq!(got, want, "{phones:?} {fixed:?} {mobile:?}");
        }
    }

    #[test]
    fn points_at_the_parents_figure_and_names_the_publisher() {
        let registry = registry(REGISTRY);
        let reports = vec![report(
            "2014-08",
            Some("quang-ninh"),
            &[
                ("phones", &[("added", 1.0), ("total", 31.0)]),
                ("fixed", &[("total", 10.0)]),
                ("mobile", &[("total", 20.0)]),
            ],
        )];
        assert_eq!(
            messages(RULE, &reports, &registry, &[]),
            [format!(
                "3:1 2014-08 (quang-ninh): `total` of `phones` is 31, but the sum of its parts (fixed + mobile) is 30: difference +1 | {HINT}"
            )]
        );
    }
}
