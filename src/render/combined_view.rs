//! The combined series on a successor's history page
//! (`/indicators/<id>/<publisher>/`): before the merge, its figures plus
//! those of the publishers merged into it, marked as combined, beside its
//! own series. See [`crate::combined`] for what adds up.

use serde::Serialize;

use super::chart::{self, ChartText};
use super::indicator_views::headline_unit;
use super::views::{Link, Views};
use crate::combined::{self, CombinedPoint};
use crate::config::Publisher;
use crate::registry::Indicator;
use crate::series::{Dated, Series};

#[derive(Serialize, Clone, Debug)]
pub(crate) struct CombinedView {
    /// What is added up, in words.
    pub(crate) note: String,
    /// The publishers merged in, each linked to its own history.
    pub(crate) parts: Vec<Link>,
    /// Inline SVG of the combined series (insert with `| safe`).
    pub(crate) chart: String,
    /// Newest first.
    pub(crate) rows: Vec<CombinedRow>,
}

#[derive(Serialize, Clone, Debug)]
pub(crate) struct CombinedRow {
    pub(crate) period: String,
    pub(crate) period_iso: String,
    /// The combined figure, formatted, and as a plain number.
    pub(crate) text: String,
    pub(crate) value: String,
    /// The successor's own figure that month, formatted; empty when none.
    pub(crate) own: String,
    /// Set for the months before the merge (predecessors' figures included).
    pub(crate) combined: bool,
}

/// The combined series of `publisher`'s history of `indicator`, or `None`
/// when it has no predecessors or the headline does not add up.
pub(crate) fn view(views: &Views, indicator: &Indicator, publisher: &Publisher) -> Option<CombinedView> {
    let archive = views.archive;
    let l = &views.locale;
    let points = combined::headline(archive, indicator, publisher)?;
    if !points.iter().any(|p| p.combined) {
        return None;
    }
    let unit = headline_unit(archive, indicator);
    let own = Series::new(archive, indicator, Some(&publisher.id));
    let predecessors = combined::all_predecessors(&archive.config.publishers, &publisher.id);
    let parts: Vec<Link> = predecessors
        .iter()
        .map(|p| Link {
            title: p.until.map_or(p.latest_name(), |u| p.name_at(u)).to_string(),
            url: views.url(&crate::routes::indicator_publisher(&indicator.id, &p.id)),
        })
        .collect();
    let names: Vec<&str> = parts.iter().map(|p| p.title.as_str()).collect();
    let note = l.fill("combined_series_note", &[("name", publisher.latest_name()), ("parts", &names.join(", "))]);
    let dated: Vec<Dated> = points.iter().map(|p| Dated { period: p.period, value: p.value }).collect();
    let measure =
        archive.registry.measure(&indicator.headline).map_or(indicator.headline.as_str(), |m| m.label.as_str());
    let text = ChartText {
        id: format!("chart-combined-{}", indicator.id),
        title: format!("{} — {}: {}", indicator.name, measure, l.text("combined_series")),
        desc: note.clone(),
        unit: unit.map(str::to_string),
        measure: None,
    };
    let rows = points.iter().rev().map(|p| row(views, &own, p, unit)).collect();
    Some(CombinedView { note, parts, chart: chart::line_chart(&dated, l, &text), rows })
}

fn row(views: &Views, own: &Series, point: &CombinedPoint, unit: Option<&str>) -> CombinedRow {
    let l = &views.locale;
    let own_value = own.at(point.period).and_then(|p| p.value(&own.indicator.headline));
    CombinedRow {
        period: l.period_title(point.period),
        period_iso: point.period.to_string(),
        text: l.value_with_unit(point.value, unit),
        value: crate::text::plain(point.value),
        own: own_value.map(|v| l.value_with_unit(v, unit)).unwrap_or_default(),
        combined: point.combined,
    }
}
