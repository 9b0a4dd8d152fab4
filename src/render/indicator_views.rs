//! Views of the indicators for the theme: the `/indicators/` index, the
//! cards on the home page, and the data links of a report page.
//!
//! Like every view, values arrive formatted for the site language and links
//! as root-relative URLs; the history page itself is built in `history`.
//! Field names are part of the theme's API (docs/themes.md).

use serde::Serialize;

use super::chart;
use super::views::{Link, Views};
use crate::archive::Archive;
use crate::data;
use crate::national::National;
use crate::registry::Indicator;
use crate::series::{Change, Dated, Series};

/// Months shown by a sparkline, ending at the indicator's latest period.
pub(crate) const SPARKLINE_MONTHS: i32 = 36;
/// Cards on the home page when the registry marks no indicator as featured.
pub(crate) const HOME_FALLBACK: usize = 4;

/// One indicator in a list, with its latest headline figure.
#[derive(Serialize, Clone, Debug)]
pub(crate) struct IndicatorCard {
    pub(crate) id: String,
    pub(crate) name: String,
    /// `short`, else `name`.
    pub(crate) label: String,
    pub(crate) url: String,
    pub(crate) unit: Option<String>,
    /// The label of the headline measure.
    pub(crate) measure: String,
    /// Formatted; `None` when the indicator has no figure yet.
    pub(crate) latest: Option<String>,
    /// Plain machine number of the latest figure, empty when none.
    pub(crate) latest_value: String,
    pub(crate) latest_period: Option<String>,
    pub(crate) latest_period_iso: Option<String>,
    /// Change since the previous report that gives the figure: `+1.234 (+0,5 %)`.
    pub(crate) change: Option<String>,
    /// `up`, `down` or `flat`; empty without a change.
    pub(crate) change_direction: &'static str,
    /// The period the change is measured from.
    pub(crate) change_since: Option<String>,
    /// Inline SVG (already escaped, insert with `| safe`); empty without figures.
    pub(crate) sparkline: String,
    /// A note when the latest figure fails a check.
    pub(crate) note: Option<String>,
    /// Several publishers: what the national figure is ("Sum over 10 publishers").
    pub(crate) national_note: Option<String>,
    /// Several publishers: how many reported the latest month ("8/10 publishers
    /// reported, March 2025"), set when that month has no national figure or
    /// is later than the figure's.
    pub(crate) reported: Option<String>,
    /// Several publishers: the lowest and highest figure of that month.
    pub(crate) range: Option<String>,
    pub(crate) csv_url: String,
    pub(crate) json_url: String,
}

#[derive(Serialize, Clone, Debug)]
pub(crate) struct IndicatorGroup {
    pub(crate) name: String,
    /// An anchor for the group's heading.
    pub(crate) id: String,
    pub(crate) indicators: Vec<IndicatorCard>,
}

/// `/indicators/`.
#[derive(Serialize, Clone, Debug)]
pub(crate) struct IndicatorsView {
    pub(crate) groups: Vec<IndicatorGroup>,
    /// Several publishers: the figures are national ones.
    pub(crate) national: bool,
    pub(crate) coverage_url: String,
    pub(crate) observations_url: String,
}

/// The headline indicators on the home page.
#[derive(Serialize, Clone, Debug)]
pub(crate) struct HomeIndicators {
    pub(crate) cards: Vec<IndicatorCard>,
    pub(crate) indicators_url: String,
}

/// `+1.234 (+0,5 %)`: a change with its sign, and in percent unless the
/// measure is itself a percentage.
pub(crate) fn change_text(views: &Views, change: Change, unit: Option<&str>) -> String {
    let l = &views.locale;
    let difference = match unit {
        Some("%") => format!("{} {}", l.signed_number(change.difference, 2), l.text("percentage_points")),
        _ => l.signed_number(change.difference, 2),
    };
    match (change.percent, unit) {
        (Some(percent), u) if u != Some("%") => format!("{difference} ({})", signed_percent(views, percent)),
        _ => difference,
    }
}

/// A relative change with one decimal and the sign of the change, so a tiny
/// fall reads `-0,0 %` rather than `0 %`.
fn signed_percent(views: &Views, percent: f64) -> String {
    let l = &views.locale;
    let mut digits = l.number(percent.abs(), 1);
    if !digits.contains([',', '.']) {
        digits.push(l.decimal_separator());
        digits.push('0');
    }
    let sign = if percent > 0.0 {
        "+"
    } else if percent < 0.0 {
        "-"
    } else {
        ""
    };
    l.value_with_unit(0.0, Some("%")).replacen('0', &format!("{sign}{digits}"), 1)
}

pub(crate) fn direction(difference: f64) -> &'static str {
    if difference > 0.0 {
        "up"
    } else if difference < 0.0 {
        "down"
    } else {
        "flat"
    }
}

/// The unit of the headline measure: the measure's own (`%`) over the indicator's.
pub(crate) fn headline_unit<'a>(archive: &'a Archive, indicator: &'a Indicator) -> Option<&'a str> {
    archive.registry.measure(&indicator.headline).and_then(|m| m.unit.as_deref()).or(indicator.unit.as_deref())
}

/// The last [`SPARKLINE_MONTHS`] months of a headline series.
pub(crate) fn sparkline_window(headline: &[Dated]) -> &[Dated] {
    let Some(last) = headline.last() else { return headline };
    let start = headline.partition_point(|d| d.period.months_until(last.period) >= SPARKLINE_MONTHS);
    &headline[start..]
}

/// A sparkline of the series' recent months, with its accessible name.
pub(crate) fn sparkline(views: &Views, series: &Series, id: &str) -> String {
    sparkline_of(views, &series.headline(), headline_unit(views.archive, series.indicator), id)
}

/// A sparkline of the recent months of `headline` (in period order).
pub(crate) fn sparkline_of(views: &Views, headline: &[Dated], unit: Option<&str>, id: &str) -> String {
    let window = sparkline_window(headline);
    let (Some(first), Some(last)) = (window.first(), window.last()) else { return String::new() };
    let l = &views.locale;
    let min = window.iter().map(|d| d.value).fold(f64::INFINITY, f64::min);
    let max = window.iter().map(|d| d.value).fold(f64::NEG_INFINITY, f64::max);
    let label = format!(
        "{}, {} – {}: {} {}, {} {}",
        l.text("trend"),
        l.period(first.period),
        l.period(last.period),
        l.text("lowest").to_lowercase(),
        l.value_with_unit(min, unit),
        l.text("highest").to_lowercase(),
        l.value_with_unit(max, unit),
    );
    chart::sparkline(window, id, &label)
}

/// The card of one indicator (one publisher's series, or the only one).
pub(crate) fn card(views: &Views, indicator: &Indicator, publisher: Option<&str>, id_prefix: &str) -> IndicatorCard {
    let archive = views.archive;
    let l = &views.locale;
    let series = Series::new(archive, indicator, publisher);
    let unit = headline_unit(archive, indicator);
    // Several publishers and none chosen: the national view.
    let mixed = publisher.is_none() && !archive.config.publishers.is_empty();
    if mixed {
        return national_card(views, indicator, id_prefix);
    }
    let latest = series.latest();
    let change =
        latest.zip(series.before_latest()).map(|(now, before)| (Change::between(before.value, now.value), before));
    let note = latest.and_then(|d| {
        let point = series.at(d.period)?;
        archive
            .findings
            .iter()
            .find(|f| f.report == point.report && f.indicator == indicator.id && f.measure == indicator.headline)
            .map(|f| views.finding_text(f))
    });
    let measure = archive.registry.measure(&indicator.headline).map_or(indicator.headline.clone(), |m| m.label.clone());
    let url = match publisher.filter(|_| !archive.config.publishers.is_empty()) {
        Some(p) => views.url(&crate::routes::indicator_publisher(&indicator.id, p)),
        None => views.url(&crate::routes::indicator(&indicator.id)),
    };
    IndicatorCard {
        id: indicator.id.clone(),
        name: indicator.name.clone(),
        label: indicator.label().to_string(),
        url,
        unit: indicator.unit.clone(),
        measure,
        latest: latest.map(|d| l.value_with_unit(d.value, unit)),
        latest_value: latest.map(|d| crate::text::plain(d.value)).unwrap_or_default(),
        latest_period: series.last_period().map(|p| l.period_title(p)),
        latest_period_iso: series.last_period().map(|p| p.to_string()),
        change: change.map(|(c, _)| change_text(views, c, unit)),
        change_direction: change.map_or("", |(c, _)| direction(c.difference)),
        change_since: change.map(|(_, before)| l.period(before.period)),
        sparkline: sparkline(views, &series, &format!("{id_prefix}spark-{}", indicator.id)),
        note,
        national_note: None,
        reported: None,
        range: None,
        csv_url: views.url(&data::indicator_csv_path(&indicator.id)),
        json_url: views.url(&data::indicator_json_path(&indicator.id)),
    }
}

/// The card of an indicator on a site with several publishers: the national
/// figure of the latest month every active publisher reported (a sum, for a
/// measure that adds up), and for a later month or a measure that does not
/// add up, how many publishers reported and the range of their figures.
fn national_card(views: &Views, indicator: &Indicator, id_prefix: &str) -> IndicatorCard {
    let archive = views.archive;
    let l = &views.locale;
    let national = National::new(archive, indicator);
    let unit = headline_unit(archive, indicator);
    let sums = national.sums();
    let complete = national.latest_complete();
    let latest = national.latest();
    let change = sums.len().checked_sub(2).map(|i| (Change::between(sums[i].value, sums[i + 1].value), sums[i]));
    let shown = complete.or(latest);
    // The latest month, when it is not the national figure's.
    let partial = latest.filter(|m| complete.is_none_or(|c| c.period != m.period));
    let reported = partial.map(|m| {
        let count = l.text("reported_of").replace("{n}", &m.reported.to_string()).replace("{m}", &m.active.to_string());
        if complete.is_some() { format!("{}: {count}", l.period_title(m.period)) } else { count }
    });
    let range = partial.map(|m| {
        let (low, high) = (l.value_with_unit(m.low.0, unit), l.value_with_unit(m.high.0, unit));
        if m.reported == 1 { low } else { l.text("range_from_to").replace("{a}", &low).replace("{b}", &high) }
    });
    let measure = archive.registry.measure(&indicator.headline).map_or(indicator.headline.clone(), |m| m.label.clone());
    IndicatorCard {
        id: indicator.id.clone(),
        name: indicator.name.clone(),
        label: indicator.label().to_string(),
        url: views.url(&crate::routes::indicator(&indicator.id)),
        unit: indicator.unit.clone(),
        measure,
        latest: complete.map(|m| l.value_with_unit(m.sum, unit)),
        latest_value: complete.map(|m| crate::text::plain(m.sum)).unwrap_or_default(),
        latest_period: shown.map(|m| l.period_title(m.period)),
        latest_period_iso: shown.map(|m| m.period.to_string()),
        change: change.map(|(c, _)| change_text(views, c, unit)),
        change_direction: change.map_or("", |(c, _)| direction(c.difference)),
        change_since: change.map(|(_, before)| l.period(before.period)),
        sparkline: sparkline_of(views, &sums, unit, &format!("{id_prefix}spark-{}", indicator.id)),
        note: None,
        national_note: complete.map(|m| l.text("sum_of_publishers").replace("{n}", &l.number(m.active as f64, 0))),
        reported,
        range,
        csv_url: views.url(&data::indicator_csv_path(&indicator.id)),
        json_url: views.url(&data::indicator_json_path(&indicator.id)),
    }
}

/// Indicators grouped by `group`, groups in the order they first appear;
/// indicators without a group come last.
pub(crate) fn groups(archive: &Archive) -> Vec<(Option<&str>, Vec<&Indicator>)> {
    let mut groups: Vec<(Option<&str>, Vec<&Indicator>)> = Vec::new();
    for indicator in &archive.registry.indicators {
        let group = indicator.group.as_deref();
        match groups.iter_mut().find(|(g, _)| *g == group) {
            Some((_, list)) => list.push(indicator),
            None => groups.push((group, vec![indicator])),
        }
    }
    groups.sort_by_key(|(g, _)| g.is_none());
    groups
}

pub(crate) fn index(views: &Views) -> IndicatorsView {
    let archive = views.archive;
    let groups = groups(archive)
        .into_iter()
        .map(|(name, list)| {
            let name = name.map_or_else(|| views.locale.text("other_indicators").to_string(), str::to_string);
            IndicatorGroup {
                id: format!("g-{}", crate::text::slugify(&name)),
                name,
                indicators: list.into_iter().map(|i| card(views, i, None, "")).collect(),
            }
        })
        .collect();
    IndicatorsView {
        groups,
        national: !archive.config.publishers.is_empty(),
        coverage_url: views.url(crate::routes::COVERAGE),
        observations_url: views.url(data::OBSERVATIONS_PATH),
    }
}

/// The featured indicators, else the first few that have figures.
pub(crate) fn home(views: &Views) -> Option<HomeIndicators> {
    let archive = views.archive;
    let registry = &archive.registry;
    let mut chosen: Vec<&Indicator> = registry.indicators.iter().filter(|i| i.featured).collect();
    if chosen.is_empty() {
        chosen = registry
            .indicators
            .iter()
            .filter(|i| archive.reports.iter().any(|r| r.metric(&i.id).is_some()))
            .take(HOME_FALLBACK)
            .collect();
    }
    if chosen.is_empty() {
        return None;
    }
    Some(HomeIndicators {
        cards: chosen.into_iter().map(|i| card(views, i, None, "home-")).collect(),
        indicators_url: views.url(crate::routes::INDICATORS),
    })
}

/// The data links under a report's figures.
pub(crate) fn report_data(views: &Views, index: usize) -> Vec<Link> {
    let archive = views.archive;
    let report = &archive.reports[index];
    if report.metrics.is_empty() {
        return Vec::new();
    }
    vec![
        Link { title: views.locale.text("report_csv").into(), url: views.url(&data::report_csv_path(archive, report)) },
        Link { title: views.locale.text("all_observations").into(), url: views.url(data::OBSERVATIONS_PATH) },
    ]
}
