//! The national view of a site with several publishers: for one indicator's
//! headline measure, what every publisher active in a month reported, the
//! sum when the measure adds up and every active publisher reported, and
//! otherwise how many did and the range of their figures.
//!
//! A month where one active publisher is missing has no national figure:
//! a sum of nine provinces out of ten is never shown as the country's.
//! Pure: reads the archive only. [`active_publishers`] is the one place that
//! decides which publishers a month counts.

use std::collections::BTreeMap;

use crate::archive::Archive;
use crate::config::Publisher;
use crate::period::Period;
use crate::registry::Indicator;
use crate::series::{Dated, Series};

/// The publishers expected to report for `period`, in site.yaml's order:
/// those whose `from`…`until` holds it ([`Publisher::is_active`]).
pub(crate) fn active_publishers(archive: &Archive, period: Period) -> Vec<&Publisher> {
    crate::publisher::active_in(&archive.config.publishers, period).collect()
}

/// Whether `indicator`'s headline measure adds up across publishers: a
/// whole count, not a percentage or a rate.
pub(crate) fn adds_up(archive: &Archive, indicator: &Indicator) -> bool {
    let registry = &archive.registry;
    let Some(measure) = registry.measure(&indicator.headline) else { return false };
    registry.is_integer(indicator, measure) && measure.unit.as_deref() != Some("%")
}

/// One month of the national view.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Month {
    pub(crate) period: Period,
    /// Active publishers that gave the headline figure.
    pub(crate) reported: usize,
    /// Publishers active in the month.
    pub(crate) active: usize,
    /// The sum of the figures (of every reporting publisher).
    pub(crate) sum: f64,
    /// The lowest and highest figure, with the publisher's index in site.yaml.
    pub(crate) low: (f64, usize),
    pub(crate) high: (f64, usize),
}

impl Month {
    /// Every active publisher reported.
    pub(crate) fn complete(&self) -> bool {
        self.active > 0 && self.reported >= self.active
    }
}

/// The national view of one indicator.
#[derive(Clone, Debug)]
pub(crate) struct National {
    pub(crate) adds_up: bool,
    /// Every month some active publisher reported, in period order.
    pub(crate) months: Vec<Month>,
    /// Each publisher's headline series, by index in site.yaml.
    pub(crate) series: Vec<Vec<Dated>>,
}

impl National {
    pub(crate) fn new(archive: &Archive, indicator: &Indicator) -> National {
        let publishers = &archive.config.publishers;
        let series: Vec<Vec<Dated>> =
            publishers.iter().map(|p| Series::new(archive, indicator, Some(&p.id)).headline()).collect();
        let mut months: BTreeMap<Period, Month> = BTreeMap::new();
        let mut active: BTreeMap<Period, Vec<usize>> = BTreeMap::new();
        for (p, points) in series.iter().enumerate() {
            for point in points {
                let list = active.entry(point.period).or_insert_with(|| {
                    let ids = active_publishers(archive, point.period);
                    ids.iter().filter_map(|a| publishers.iter().position(|x| x.id == a.id)).collect()
                });
                if !list.contains(&p) {
                    continue;
                }
                let count = list.len();
                let month = months.entry(point.period).or_insert(Month {
                    period: point.period,
                    reported: 0,
                    active: count,
                    sum: 0.0,
                    low: (point.value, p),
                    high: (point.value, p),
                });
                month.reported += 1;
                month.sum += point.value;
                if point.value < month.low.0 {
                    month.low = (point.value, p);
                }
                if point.value > month.high.0 {
                    month.high = (point.value, p);
                }
            }
        }
        National { adds_up: adds_up(archive, indicator), months: months.into_values().collect(), series }
    }

    /// The latest month some active publisher reported.
    pub(crate) fn latest(&self) -> Option<&Month> {
        self.months.last()
    }

    /// The national figures: the sum of every month all active publishers
    /// reported (none when the measure does not add up).
    pub(crate) fn sums(&self) -> Vec<Dated> {
        if !self.adds_up {
            return Vec::new();
        }
        self.months.iter().filter(|m| m.complete()).map(|m| Dated { period: m.period, value: m.sum }).collect()
    }

    /// The month of the latest national figure.
    pub(crate) fn latest_complete(&self) -> Option<&Month> {
        self.months.iter().rev().find(|m| m.complete()).filter(|_| self.adds_up)
    }

    /// Every publisher's figure of `period`, by index in site.yaml (`None`: not reported).
    pub(crate) fn figures_of(&self, period: Period) -> Vec<Option<f64>> {
        self.series
            .iter()
            .map(|points| points.binary_search_by(|d| d.period.cmp(&period)).ok().map(|i| points[i].value))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_month_is_complete_when_every_active_publisher_reported() {
        let period = Period::new(2020, 1).unwrap();
        let month = |reported, active| Month { period, reported, active, sum: 0.0, low: (0.0, 0), high: (0.0, 0) };
        assert!(month(10, 10).complete());
        assert!(!month(8, 10).complete());
        assert!(!month(0, 0).complete());
    }
}
