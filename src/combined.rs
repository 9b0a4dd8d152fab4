//! Series across a merge: a successor's figures plus its predecessors'.
//!
//! For the months before a merge, the combined series of a successor adds
//! its own figure and those of every publisher merged into it (followed
//! through earlier merges) that was active that month; from the merge on it
//! is the successor's own figure. Only measures that add up are combined:
//! whole counts, never a percentage or a per-100 rate. A month where one of
//! the publishers expected has no figure is a gap, never a partial sum.
//! Pure: reads the archive only.

use std::collections::BTreeMap;

use crate::archive::Archive;
use crate::config::Publisher;
use crate::period::Period;
use crate::registry::Indicator;
use crate::series::{Dated, Series};

/// One month of a combined series.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct CombinedPoint {
    pub period: Period,
    pub value: f64,
    /// Set when predecessors' figures are in the value (a month before the merge).
    pub combined: bool,
    /// The publishers whose figures make the value (ids, successor first).
    pub parts: Vec<String>,
}

/// Whether `measure` of `indicator` adds up across publishers: a whole count.
pub(crate) fn adds_up(archive: &Archive, indicator: &Indicator, measure: &str) -> bool {
    archive.registry.measure(measure).is_some_and(|m| {
        archive.registry.is_integer(indicator, m)
            && m.unit.as_deref().is_none_or(|u| u.trim() != "%")
            && !m.id.starts_with("per_")
            && !m.id.ends_with("_pct")
    })
}

/// Every publisher merged into `id`, directly or through earlier merges, in
/// site.yaml order (at most once each, whatever the declarations).
pub(crate) fn all_predecessors<'a>(list: &'a [Publisher], id: &str) -> Vec<&'a Publisher> {
    let mut found: Vec<&Publisher> = Vec::new();
    let mut queue: Vec<&str> = vec![id];
    while let Some(current) = queue.pop() {
        for p in list.iter().filter(|p| p.successor() == Some(current) && p.id != id) {
            if !found.iter().any(|f| f.id == p.id) {
                found.push(p);
                queue.push(&p.id);
            }
        }
    }
    found.sort_by_key(|p| list.iter().position(|x| x.id == p.id));
    found
}

/// The combined headline series of `publisher`, or `None` when it has no
/// predecessors or the headline does not add up.
pub(crate) fn headline(archive: &Archive, indicator: &Indicator, publisher: &Publisher) -> Option<Vec<CombinedPoint>> {
    series(archive, indicator, publisher, &indicator.headline)
}

/// The combined series of one measure (see [`headline`]).
pub(crate) fn series(
    archive: &Archive,
    indicator: &Indicator,
    publisher: &Publisher,
    measure: &str,
) -> Option<Vec<CombinedPoint>> {
    let predecessors = all_predecessors(&archive.config.publishers, &publisher.id);
    if predecessors.is_empty() || !adds_up(archive, indicator, measure) {
        return None;
    }
    let own = Series::new(archive, indicator, Some(&publisher.id)).values_of(measure);
    let others: Vec<(&Publisher, Vec<Dated>)> =
        predecessors.iter().map(|p| (*p, Series::new(archive, indicator, Some(&p.id)).values_of(measure))).collect();
    let mut periods: BTreeMap<Period, ()> = own.iter().map(|d| (d.period, ())).collect();
    for (_, points) in &others {
        periods.extend(points.iter().map(|d| (d.period, ())));
    }
    let value_at = |points: &[Dated], period: Period| {
        points.binary_search_by(|d| d.period.cmp(&period)).ok().map(|i| points[i].value)
    };
    let mut out = Vec::new();
    'months: for &period in periods.keys() {
        let mut value = 0.0;
        let mut parts = Vec::new();
        let mut combined = false;
        let expected = std::iter::once((publisher, own.as_slice()))
            .chain(others.iter().map(|(p, points)| (*p, points.as_slice())))
            .filter(|(p, _)| p.is_active(period));
        for (p, points) in expected {
            let Some(v) = value_at(points, period) else { continue 'months };
            value += v;
            combined |= p.id != publisher.id;
            parts.push(p.id.clone());
        }
        if !parts.is_empty() {
            out.push(CombinedPoint { period, value, combined, parts });
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn predecessors_are_followed_through_earlier_merges() {
        let mut list: Vec<Publisher> = ["a", "b", "c", "d"].iter().map(|id| Publisher::simple(id, id)).collect();
        list[0].merged_into = Some("b".into());
        list[1].merged_into = Some("c".into());
        list[3].merged_into = Some("c".into());
        let ids = |v: Vec<&Publisher>| v.into_iter().map(|p| p.id.clone()).collect::<Vec<_>>();
        assert_eq!(ids(all_predecessors(&list, "c")), ["a", "b", "d"]);
        assert_eq!(ids(all_predecessors(&list, "b")), ["a"]);
        assert!(all_predecessors(&list, "a").is_empty());
        // A cycle (refused by site.yaml's checks) still ends.
        list[2].merged_into = Some("a".into());
        assert_eq!(ids(all_predecessors(&list, "c")), ["a", "b", "d"]);
    }
}
