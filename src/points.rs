//! The figures in effect: each report's figures for an indicator, with the
//! revisions that later reports made to them applied ([`Point`]). Made once
//! per archive and indicator on first use ([`SeriesCache`], held by
//! `Archive::series`); a `series::Series` is a run of them.

use std::sync::{Arc, OnceLock};

use crate::config::Config;
use crate::content::report::Report;
use crate::period::Period;
use crate::registry::{Indicator, Registry};
use crate::revisions::Revisions;
use crate::status::Status;

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

    /// The points of the registry's `index`-th indicator, made by `make` on first use.
    pub(crate) fn get_or_make(&self, index: usize, make: impl FnOnce() -> Vec<Point>) -> Option<&[Point]> {
        self.by_indicator.get(index).map(|cell| cell.get_or_init(make).as_slice())
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
/// every measure were most of the time of [`of`]).
struct Measures<'r> {
    ids: Vec<MeasureId>,
    order: rustc_hash::FxHashMap<&'r str, usize>,
}

impl<'r> Measures<'r> {
    fn of(registry: &'r Registry) -> Measures<'r> {
        Measures {
            ids: registry.measures.iter().map(|m| Arc::from(m.id.as_str())).collect(),
            order: registry.measures.iter().enumerate().map(|(i, m)| (m.id.as_str(), i)).collect(),
        }
    }
}

/// What a point is made from besides its report.
struct Context<'a> {
    reports: &'a [Arc<Report>],
    config: &'a Config,
    revisions: &'a Revisions,
    measures: Measures<'a>,
}

/// The points of `indicator` in `reports[range]` (indices into the archive's reports).
pub fn of(
    reports: &[Arc<Report>],
    registry: &Registry,
    config: &Config,
    revisions: &Revisions,
    indicator: &Indicator,
    range: std::ops::Range<usize>,
) -> Vec<Point> {
    let context = Context { reports, config, revisions, measures: Measures::of(registry) };
    reports[range.clone()]
        .iter()
        .zip(range)
        .filter_map(|(report, index)| Some(context.point(indicator, report.metric(&indicator.id)?, index)))
        .collect()
}

impl Context<'_> {
    /// The point of report `index`, whose figures of `indicator` are `metric`.
    fn point(&self, indicator: &Indicator, metric: &crate::content::report::Metric, index: usize) -> Point {
        let report = &self.reports[index];
        let (measures, revisions) = (&self.measures, self.revisions);
        let mut placed: Vec<(usize, Option<f64>)> =
            metric.values.iter().filter_map(|v| Some((*measures.order.get(v.measure.as_str())?, v.value))).collect();
        // Stable: the first value written for a measure wins, as before.
        placed.sort_by_key(|&(i, _)| i);
        placed.dedup_by_key(|&mut (i, _)| i);
        let mut values: Vec<(MeasureId, f64)> = placed
            .into_iter()
            .filter_map(|(i, value)| value.filter(|v| v.is_finite()).map(|v| (Arc::clone(&measures.ids[i]), v)))
            .collect();
        let published = report.status(self.config);
        let mut status = published;
        let mut revised = Vec::new();
        let applied = revisions.of_report(index);
        if !applied.is_empty() {
            status = Status::Final;
            for (measure, value) in &mut values {
                if let Some(latest) = revisions.latest(index, &indicator.id, measure) {
                    revised.push((Arc::clone(measure), *value));
                    *value = latest.value;
                }
                status = status.min(revisions.status(index, &indicator.id, measure, published));
            }
        }
        Point { report: index, period: report.period, values, status, revised }
    }
}

impl SeriesCache {
    /// Makes the points of every indicator not made yet in one pass over
    /// the reports, each report's figures looked at once (made one
    /// indicator at a time, each report's list of figures is searched for
    /// every indicator): the same points as [`of`] makes.
    pub fn fill(&self, reports: &[Arc<Report>], registry: &Registry, config: &Config, revisions: &Revisions) {
        use rayon::prelude::*;
        let indicators = &registry.indicators;
        let cells = &self.by_indicator;
        let mut slot_of: rustc_hash::FxHashMap<&str, usize> = rustc_hash::FxHashMap::default();
        for (i, indicator) in indicators.iter().enumerate() {
            if cells.get(i).is_some_and(|c| c.get().is_none()) && slot_of.insert(&indicator.id, i).is_some() {
                return; // two indicators of one id: each made on its own, as before
            }
        }
        if slot_of.len() < 2 {
            return;
        }
        const PART: usize = 512;
        let context = Context { reports, config, revisions, measures: Measures::of(registry) };
        let mut parts: Vec<Vec<Vec<Point>>> = reports
            .par_chunks(PART)
            .enumerate()
            .map(|(c, chunk)| {
                let mut made: Vec<Vec<Point>> = vec![Vec::new(); indicators.len()];
                let mut seen = vec![usize::MAX; indicators.len()];
                for (k, report) in chunk.iter().enumerate() {
                    let index = c * PART + k;
                    for metric in &report.metrics {
                        // the first figures of an indicator count, as `Report::metric` finds them
                        let Some(&i) = slot_of.get(metric.indicator.as_str()) else { continue };
                        if seen[i] != index {
                            seen[i] = index;
                            made[i].push(context.point(&indicators[i], metric, index));
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

    /// The points of the registry's `index`-th indicator, if made.
    #[cfg(test)]
    pub(crate) fn made(&self, index: usize) -> Option<&[Point]> {
        self.by_indicator.get(index).and_then(|cell| cell.get()).map(Vec::as_slice)
    }
}
