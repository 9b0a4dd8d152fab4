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

/// The points of `indicator` in `reports[range]` (indices into the archive's reports).
pub fn of(
    reports: &[Arc<Report>],
    registry: &Registry,
    config: &Config,
    revisions: &Revisions,
    indicator: &Indicator,
    range: std::ops::Range<usize>,
) -> Vec<Point> {
    let ids: Vec<MeasureId> = registry.measures.iter().map(|m| Arc::from(m.id.as_str())).collect();
    // Each value's place in the registry's order of measures, looked up
    // once per value (not once per measure and value: string comparisons
    // were most of this function).
    let order: std::collections::HashMap<&str, usize> =
        registry.measures.iter().enumerate().map(|(i, m)| (m.id.as_str(), i)).collect();
    reports[range.clone()]
        .iter()
        .zip(range)
        .filter_map(|(report, index)| {
            let metric = report.metric(&indicator.id)?;
            let mut placed: Vec<(usize, Option<f64>)> =
                metric.values.iter().filter_map(|v| Some((*order.get(v.measure.as_str())?, v.value))).collect();
            // Stable: the first value written for a measure wins, as before.
            placed.sort_by_key(|&(i, _)| i);
            placed.dedup_by_key(|&mut (i, _)| i);
            let mut values: Vec<(MeasureId, f64)> = placed
                .into_iter()
                .filter_map(|(i, value)| value.filter(|v| v.is_finite()).map(|v| (Arc::clone(&ids[i]), v)))
                .collect();
            let published = report.status(config);
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
            Some(Point { report: index, period: report.period, values, status, revised })
        })
        .collect()
}
