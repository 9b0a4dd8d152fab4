//! Per-indicator series: one indicator's figures over time, for one publisher.
//!
//! A [`Series`] lists the reports that give an indicator, in period order,
//! with every measure's value. It answers the questions the history pages,
//! charts and open data ask (latest, lowest, highest, change from the
//! previous month and from a year earlier) and never invents a value: a
//! month without a report is simply absent. Pure: reads the archive only.

use std::borrow::Cow;
use std::sync::{Arc, OnceLock};

use crate::archive::Archive;
use crate::content::revision::Status;
use crate::period::Period;
use crate::registry::Indicator;

/// One report's figures for the indicator.
#[derive(Clone, Debug, PartialEq)]
pub struct Point {
    /// Index of the report in the archive.
    pub report: usize,
    pub period: Period,
    /// `(measure id, value)` in registry order of measures; only reported
    /// values. The ids are shared with every other point (a series of
    /// 15,000 points allocates no string).
    pub values: Vec<(MeasureId, f64)>,
    /// The least final status of the point's figures (a revision may give
    /// one figure another status than the report's).
    pub status: Status,
    /// The measures whose latest value comes from a revision, with the
    /// value as published, in registry order; empty for most points.
    pub revised: Vec<(MeasureId, f64)>,
}

/// A measure's id, shared by every point that gives it.
pub type MeasureId = Arc<str>;

impl Point {
    pub fn value(&self, measure: &str) -> Option<f64> {
        self.values.iter().find(|(m, _)| &**m == measure).map(|(_, v)| *v)
    }

    /// The value of `measure` as published, when a revision changed it.
    pub fn published(&self, measure: &str) -> Option<f64> {
        self.revised.iter().find(|(m, _)| &**m == measure).map(|(_, v)| *v)
    }
}

/// A value with the period it belongs to.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Dated {
    pub period: Period,
    pub value: f64,
}

#[derive(Clone, Debug)]
pub struct Series<'a> {
    pub indicator: &'a Indicator,
    /// `None` for a site without declared publishers.
    pub publisher: Option<&'a str>,
    /// In period order, one per report that gives the indicator.
    pub points: Cow<'a, [Point]>,
}

/// Every indicator's points in every report, made once per archive on first
/// use (`Archive::series`): each series is a run of them, found by two
/// binary searches, where each used to look at every report again.
#[derive(Default)]
pub struct SeriesCache {
    /// One per indicator of the registry, in its order.
    by_indicator: Vec<OnceLock<Vec<Point>>>,
}

impl SeriesCache {
    /// An empty cache for `indicators` indicators.
    pub fn new(indicators: usize) -> SeriesCache {
        SeriesCache { by_indicator: (0..indicators).map(|_| OnceLock::new()).collect() }
    }
}

impl std::fmt::Debug for SeriesCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let made = self.by_indicator.iter().filter(|c| c.get().is_some()).count();
        write!(f, "SeriesCache({made} of {} made)", self.by_indicator.len())
    }
}

/// The registry's measures as shared ids, and each id's place in the
/// registry's order (looked up once per value: string comparisons with
/// every measure were most of the time of [`points`]).
struct Measures<'r> {
    ids: Vec<MeasureId>,
    order: rustc_hash::FxHashMap<&'r str, usize>,
}

impl<'r> Measures<'r> {
    fn of(archive: &'r Archive) -> Measures<'r> {
        let measures = &archive.registry.measures;
        Measures {
            ids: measures.iter().map(|m| Arc::from(m.id.as_str())).collect(),
            order: measures.iter().enumerate().map(|(i, m)| (m.id.as_str(), i)).collect(),
        }
    }
}

/// The points of `indicator` in `reports[range]` (indices into the archive).
fn points(archive: &Archive, indicator: &Indicator, range: std::ops::Range<usize>) -> Vec<Point> {
    let measures = Measures::of(archive);
    let reports = &archive.reports;
    reports[range.clone()]
        .iter()
        .zip(range)
        .filter_map(|(report, index)| Some(point(archive, &measures, indicator, report.metric(&indicator.id)?, index)))
        .collect()
}

/// The point of report `index`, whose figures of `indicator` are `metric`.
fn point(
    archive: &Archive,
    measures: &Measures<'_>,
    indicator: &Indicator,
    metric: &crate::content::report::Metric,
    index: usize,
) -> Point {
    let report = &archive.reports[index];
    let mut placed: Vec<(usize, Option<f64>)> =
        metric.values.iter().filter_map(|v| Some((*measures.order.get(v.measure.as_str())?, v.value))).collect();
    // Stable: the first value written for a measure wins, as before.
    placed.sort_by_key(|&(i, _)| i);
    placed.dedup_by_key(|&mut (i, _)| i);
    let mut values: Vec<(MeasureId, f64)> = placed
        .into_iter()
        .filter_map(|(i, value)| value.filter(|v| v.is_finite()).map(|v| (Arc::clone(&measures.ids[i]), v)))
        .collect();
    let published = report.status(&archive.config);
    let mut status = published;
    let mut revised = Vec::new();
    let revisions = archive.revisions.of_report(index);
    if !revisions.is_empty() {
        status = Status::Final;
        for (measure, value) in &mut values {
            if let Some(latest) = archive.revisions.latest(index, &indicator.id, measure) {
                revised.push((Arc::clone(measure), *value));
                *value = latest.value;
            }
            status = status.min(archive.revisions.status(index, &indicator.id, measure, published));
        }
    }
    Point { report: index, period: report.period, values, status, revised }
}

impl SeriesCache {
    /// Makes the points of every indicator not made yet in one pass over
    /// the reports, each report's figures looked at once (made one
    /// indicator at a time, each report's list of figures is searched for
    /// every indicator). The same points as [`Series::new`] makes.
    pub fn fill(archive: &Archive) {
        use rayon::prelude::*;
        let indicators = &archive.registry.indicators;
        let cells = &archive.series.by_indicator;
        let mut slot_of: rustc_hash::FxHashMap<&str, usize> = rustc_hash::FxHashMap::default();
        for (i, indicator) in indicators.iter().enumerate() {
            if cells.get(i).is_some_and(|c| c.get().is_none()) && slot_of.insert(&indicator.id, i).is_some() {
                return; // two indicators of one id: each made on its own, as before
            }
        }
        if slot_of.len() < 2 {
            return;
        }
        let measures = Measures::of(archive);
        let mut parts: Vec<Vec<Vec<Point>>> = archive
            .reports
            .par_chunks(512)
            .enumerate()
            .map(|(c, chunk)| {
                let mut made: Vec<Vec<Point>> = vec![Vec::new(); indicators.len()];
                let mut seen = vec![usize::MAX; indicators.len()];
                for (k, report) in chunk.iter().enumerate() {
                    let index = c * 512 + k;
                    for metric in &report.metrics {
                        // the first figures of an indicator count, as `Report::metric` finds them
                        let Some(&i) = slot_of.get(metric.indicator.as_str()) else { continue };
                        if seen[i] != index {
                            seen[i] = index;
                            made[i].push(point(archive, &measures, &indicators[i], metric, index));
                        }
                    }
                }
                made
            })
            .collect();
        for &i in slot_of.values() {
            let all: Vec<Point> = parts.iter_mut().flat_map(|part| std::mem::take(&mut part[i])).collect();
            // Made meanwhile by another thread: the same points.
            let _ = cells[i].set(all);
        }
    }
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
        let cached = archive
            .registry
            .indicators
            .iter()
            .position(|i| std::ptr::eq(i, indicator))
            .and_then(|i| archive.series.by_indicator.get(i));
        let points = match cached {
            Some(cell) => {
                let all = cell.get_or_init(|| points(archive, indicator, 0..reports.len()));
                let start = all.partition_point(|p| p.report < range.start);
                let end = start + all[start..].partition_point(|p| p.report < range.end);
                Cow::Borrowed(&all[start..end])
            }
            None => Cow::Owned(points(archive, indicator, range)),
        };
        Series { indicator, publisher, points }
    }

    pub fn is_empty(&self) -> bool {
        self.points.is_empty()
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

    /// [`SeriesCache::fill`] makes the points each indicator makes alone:
    /// the first figures of an indicator in a report, revisions applied.
    #[test]
    fn filled_points_are_those_made_one_by_one() {
        use crate::config::Config;
        use crate::content::{Content, report};
        use crate::diagnostics::Diagnostics;
        use crate::registry::Registry;
        use std::path::Path;
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
        SeriesCache::fill(&filled);
        for (i, indicator) in alone.registry.indicators.iter().enumerate() {
            let one = Series::new(&alone, indicator, None).points.into_owned();
            let made = filled.series.by_indicator[i].get().cloned();
            assert_eq!(made.as_ref(), Some(&one), "{}", indicator.id);
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
