//! Per-indicator series: one indicator's figures over time, for one publisher.
//!
//! A [`Series`] lists the reports that give an indicator, in period order,
//! with every measure's value. It answers the questions the history pages,
//! charts and open data ask (latest, lowest, highest, change from the
//! previous month and from a year earlier) and never invents a value: a
//! month without a report is simply absent. Pure: reads the archive only.

use std::borrow::Cow;

use crate::archive::Archive;
use crate::period::Period;
use crate::points::{self, Point};
use crate::registry::Indicator;

/// A value with the period it belongs to.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Dated {
    pub period: Period,
    pub value: f64,
}

#[derive(Clone, Debug)]
pub struct Series<'a> {
    pub indicator: &'a Indicator,
    /// In period order, one per report that gives the indicator.
    pub points: Cow<'a, [Point]>,
}

impl<'a> Series<'a> {
    /// The series of `indicator` in the reports of `publisher` (every report
    /// when `publisher` is `None`). On a site with several publishers, a
    /// series of every report holds several points per period: it is for
    /// listing (open data), not for `at`, changes or the latest figure.
    pub fn new(archive: &'a Archive, indicator: &'a Indicator, publisher: Option<&'a str>) -> Series<'a> {
        // Reports are sorted by (publisher, period): one publisher's are a run.
        let reports = &archive.reports;
        let range = match publisher {
            None => 0..reports.len(),
            Some(p) => {
                let start = reports.partition_point(|r| r.publisher.as_deref() < Some(p));
                start..start + reports[start..].partition_point(|r| r.publisher.as_deref() == Some(p))
            }
        };
        // The registry's own indicator: its points are made once; any other
        // (a test's) is looked at afresh.
        let points_in =
            |range| points::of(reports, &archive.registry, &archive.config, &archive.revisions, indicator, range);
        let cached = archive
            .registry
            .indicators
            .iter()
            .position(|i| std::ptr::eq(i, indicator))
            .and_then(|i| archive.series.get_or_make(i, || points_in(0..reports.len())));
        let points = match cached {
            Some(all) => {
                let start = all.partition_point(|p| p.report < range.start);
                let end = start + all[start..].partition_point(|p| p.report < range.end);
                Cow::Borrowed(&all[start..end])
            }
            None => Cow::Owned(points_in(range)),
        };
        Series { indicator, points }
    }

    /// The measures that have at least one value, in registry order.
    pub fn measures_used<'r>(&self, archive: &'r Archive) -> Vec<&'r crate::registry::Measure> {
        archive.registry.measures.iter().filter(|m| self.points.iter().any(|p| p.value(&m.id).is_some())).collect()
    }

    /// The headline values, in period order.
    pub fn headline(&self) -> Vec<Dated> {
        self.values_of(&self.indicator.headline)
    }

    pub fn values_of(&self, measure: &str) -> Vec<Dated> {
        self.points.iter().filter_map(|p| Some(Dated { period: p.period, value: p.value(measure)? })).collect()
    }

    /// The point of one period.
    pub fn at(&self, period: Period) -> Option<&Point> {
        self.points.binary_search_by(|p| p.period.cmp(&period)).ok().map(|i| &self.points[i])
    }

    pub fn first_period(&self) -> Option<Period> {
        self.points.iter().map(|p| p.period).min()
    }

    pub fn last_period(&self) -> Option<Period> {
        self.points.iter().map(|p| p.period).max()
    }

    /// The latest headline value.
    pub fn latest(&self) -> Option<Dated> {
        self.headline().last().copied()
    }

    /// The headline value of the report before the latest one that has it.
    pub fn before_latest(&self) -> Option<Dated> {
        let headline = self.headline();
        headline.len().checked_sub(2).map(|i| headline[i])
    }

    /// The lowest headline value (the earliest, on a tie).
    pub fn min(&self) -> Option<Dated> {
        self.headline().into_iter().fold(None, |best, d| match best {
            Some(b) if b.value <= d.value => Some(b),
            _ => Some(d),
        })
    }

    /// The highest headline value (the earliest, on a tie).
    pub fn max(&self) -> Option<Dated> {
        self.headline().into_iter().fold(None, |best, d| match best {
            Some(b) if b.value >= d.value => Some(b),
            _ => Some(d),
        })
    }

    /// `measure` in the month before `period`, if that month was reported.
    pub fn previous_month(&self, period: Period, measure: &str) -> Option<f64> {
        self.at(period.previous())?.value(measure)
    }

    /// `measure` in the same month a year before `period`, if reported.
    pub fn year_before(&self, period: Period, measure: &str) -> Option<f64> {
        self.at(period.year_before())?.value(measure)
    }

    /// Runs of consecutive months without a report, inside the series.
    pub fn gaps(&self) -> Vec<(Period, Period)> {
        self.points.windows(2).filter_map(|w| w[0].period.gap_until(w[1].period)).collect()
    }
}

/// A change between two values: the difference, and the relative change in
/// percent when the earlier value is not zero.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Change {
    pub difference: f64,
    pub percent: Option<f64>,
}

impl Change {
    pub fn between(earlier: f64, later: f64) -> Change {
        let difference = later - earlier;
        let percent = (earlier != 0.0).then(|| difference / earlier.abs() * 100.0).filter(|p| p.is_finite());
        Change { difference, percent }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`crate::points::SeriesCache::fill`] makes the points each indicator
    /// makes alone: the first figures of an indicator in a report,
    /// revisions applied.
    #[test]
    fn filled_points_are_those_made_one_by_one() {
        use crate::config::Config;
        use crate::content::{Content, report};
        use crate::diagnostics::Diagnostics;
        use crate::registry::Registry;
        use std::path::Path;
        use std::sync::Arc;
        let site = "title: T\nbase_url: http://localhost/\n";
        let registry = "measures:\n  added: { label: A }\n  total: { label: T }\nindicators:\n  subs: { name: S }\n  other: { name: O }\n  none: { name: N }\n";
        let texts = [
            ("2014-01", "metrics:\n  subs: { added: 5, total: 100 }\n  other: { total: 7 }\n"),
            ("2014-02", "metrics:\n  other: { total: 8, added: 1 }\n"),
            ("2014-03", "metrics:\n  subs: { total: 110 }\n"),
            (
                "2014-04",
                "metrics:\n  subs: { total: 120 }\nrevisions:\n  - { period: 2014-03, indicator: subs, measure: total, value: 111, kind: correction, reason: r }\n",
            ),
        ];
        let make = || {
            let mut diags = Diagnostics::new();
            let config = Config::parse(site, Path::new("site.yaml"), &mut diags).expect("config");
            let registry = Registry::parse(registry, Path::new("content/indicators.yaml"), &mut diags);
            let reports = texts
                .iter()
                .map(|(period, extra)| {
                    let text = format!("---\ntitle: R {period}\nperiod: {period}\n{extra}---\nText.\n");
                    let file = format!("content/{period}.md");
                    Arc::new(
                        report::parse_report(&text, Path::new(&file), &config, &registry, &mut diags).expect("report"),
                    )
                })
                .collect();
            assert!(!diags.has_errors(), "{diags:?}");
            Archive::new(Content { config, registry, reports }, false).render_bodies(None)
        };
        let (alone, filled) = (make(), make());
        filled.series.fill(&filled.reports, &filled.registry, &filled.config, &filled.revisions);
        for (i, indicator) in alone.registry.indicators.iter().enumerate() {
            let one = Series::new(&alone, indicator, None).points.into_owned();
            assert_eq!(filled.series.made(i), Some(one.as_slice()), "{}", indicator.id);
        }
        let subs = Series::new(&filled, &filled.registry.indicators[0], None);
        assert_eq!(subs.values_of("total").iter().map(|d| d.value).collect::<Vec<_>>(), [100.0, 111.0, 120.0]);
    }

    #[test]
    fn changes() {
        let c = Change::between(200.0, 250.0);
        assert_eq!(c.difference, 50.0);
        assert_eq!(c.percent, Some(25.0));
        assert_eq!(Change::between(0.0, 5.0).percent, None);
        assert_eq!(Change::between(-10.0, -5.0).percent, Some(50.0));
    }
}
