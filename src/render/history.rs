//! The history page of one indicator (`/indicators/<id>/`): chart, key
//! figures, the table month by month with changes, the check notes, the
//! related indicators and the data downloads.
//!
//! Builds [`IndicatorView`] from a [`Series`]; every number arrives
//! formatted, every figure that fails a check carries its note.

use serde::Serialize;

use super::chart::{self, ChartText};
use super::indicator_views::{self as iv, IndicatorCard, change_text, direction, headline_unit};
use super::report_view::Column;
use super::revision_views::{self as rv, FigureMarks, MarkLegend, RevisionEntry};
use super::views::{Link, Views};
use crate::archive::Archive;
use crate::checks::FindingKind;
use crate::config::Publisher;
use crate::content::markdown::{self, BodyPart};
use crate::data;
use crate::registry::Indicator;
use crate::series::{Change, Series};

#[derive(Serialize, Clone, Debug)]
pub(crate) struct IndicatorView {
    /// On a comparison page: the publishers the reader may draw, each with
    /// its line's index on the charts (`data-line`) and whether it is drawn
    /// at first.
    pub(crate) picker: Vec<PickerEntry>,
    /// On a comparison page: other views of the same lines (indexed,
    /// per 100 people), switched by radio buttons.
    pub(crate) chart_views: Vec<ChartView>,
    /// On a comparison page: the headline of every publisher, month by month.
    pub(crate) by_publisher: Option<super::by_publisher::ByPublisherTable>,
    /// On one publisher's history: that publisher's own data files.
    pub(crate) publisher_csv_url: Option<String>,
    pub(crate) publisher_json_url: Option<String>,
    /// Says which columns copy the document and which the site computes.
    pub(crate) columns_note: String,
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) label: String,
    pub(crate) unit: Option<String>,
    pub(crate) group: Option<String>,
    /// The publisher whose history this is (sites with several publishers).
    pub(crate) publisher: Option<String>,
    /// The description, as HTML (insert with `| safe`).
    pub(crate) description: Option<String>,
    /// The label of the charted (headline) measure.
    pub(crate) measure: String,
    /// Inline SVG (insert with `| safe`); empty without figures.
    pub(crate) chart: String,
    /// Set when the chart's vertical axis does not start at zero.
    pub(crate) axis_note: Option<String>,
    pub(crate) facts: Option<Facts>,
    pub(crate) parts: Vec<Link>,
    pub(crate) parents: Vec<Link>,
    pub(crate) table: HistoryTable,
    /// Every check that fails on this indicator, in words.
    pub(crate) notes: Vec<String>,
    /// The key of the marks in the table and chart (empty when every figure is final and none revised).
    pub(crate) figure_legend: Vec<MarkLegend>,
    /// Every revision of this history's figures.
    pub(crate) revisions: Vec<RevisionEntry>,
    /// Checks that failed on the figures as published and that revisions put right.
    pub(crate) resolved_notes: Vec<String>,
    pub(crate) revisions_url: String,
    pub(crate) csv_url: String,
    pub(crate) json_url: String,
    pub(crate) observations_url: String,
    /// On the comparison page of a site with publishers: one card each.
    pub(crate) publishers: Vec<IndicatorCard>,
    /// The lines of a comparison chart: the publisher's name and the
    /// line's class (`s0`, `s1`…, `muted` for the others); empty on a single history.
    pub(crate) legend: Vec<LegendEntry>,
    /// On the comparison page of a count: the sum over every publisher.
    pub(crate) total: Option<TotalView>,
    /// On a successor's history: its figures plus its predecessors' before the merge.
    pub(crate) combined: Option<super::combined_view::CombinedView>,
}

/// The national total of a count on a site with several publishers.
#[derive(Serialize, Clone, Debug)]
pub(crate) struct TotalView {
    /// The latest month every publisher with figures reported, formatted.
    pub(crate) latest: String,
    pub(crate) latest_value: String,
    pub(crate) latest_period: String,
    pub(crate) latest_period_iso: String,
    /// "Sum of 63 publishers".
    pub(crate) note: String,
    /// Inline SVG of the total over time (insert with `| safe`).
    pub(crate) chart: String,
}

#[derive(Serialize, Clone, Debug)]
pub(crate) struct PickerEntry {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) line: usize,
    pub(crate) picked: bool,
}

#[derive(Serialize, Clone, Debug)]
pub(crate) struct ChartView {
    /// `indexed` or `per100`.
    pub(crate) key: &'static str,
    pub(crate) label: String,
    /// Inline SVG (insert with `| safe`).
    pub(crate) chart: String,
    pub(crate) note: String,
}

/// Each series divided by its value in the first month every series has,
/// times 100; series without a usable first value are left out (empty).
pub(crate) fn indexed(series: &[Vec<crate::series::Dated>]) -> Vec<Vec<crate::series::Dated>> {
    let Some(start) = series.iter().filter(|s| !s.is_empty()).filter_map(|s| s.first().map(|d| d.period)).max() else {
        return Vec::new();
    };
    series
        .iter()
        .map(|points| {
            let base = points.iter().find(|d| d.period == start).map(|d| d.value).filter(|v| *v != 0.0);
            match base {
                Some(base) => points
                    .iter()
                    .filter(|d| d.period >= start)
                    .map(|d| crate::series::Dated { period: d.period, value: d.value / base * 100.0 })
                    .collect(),
                None => Vec::new(),
            }
        })
        .collect()
}

#[derive(Serialize, Clone, Debug)]
pub(crate) struct LegendEntry {
    pub(crate) name: String,
    pub(crate) class: String,
}

/// Lines on a comparison chart; the theme has a colour for each.
pub(crate) const MAX_LINES: usize = 8;
/// With more publishers than [`MAX_LINES`], the ones highlighted (largest
/// latest figures); the others are drawn muted behind them.
pub(crate) const HIGHLIGHTED: usize = 5;

/// Latest, lowest and highest headline figures, with their periods.
#[derive(Serialize, Clone, Debug)]
pub(crate) struct Facts {
    pub(crate) latest: String,
    pub(crate) latest_period: String,
    pub(crate) lowest: String,
    pub(crate) lowest_period: String,
    pub(crate) highest: String,
    pub(crate) highest_period: String,
    pub(crate) first_period: String,
    pub(crate) last_period: String,
    pub(crate) count: String,
}

#[derive(Serialize, Clone, Debug)]
pub(crate) struct HistoryTable {
    pub(crate) caption: String,
    pub(crate) columns: Vec<Column>,
    /// Newest first.
    pub(crate) rows: Vec<HistoryRow>,
    /// Columns in a row, for a gap row's `colspan`.
    pub(crate) width: usize,
}

/// One figure in the history table.
#[derive(Clone, Debug)]
pub(crate) struct HistoryCell {
    /// The measure's id (the column).
    pub(crate) measure: String,
    /// Formatted for the site language; empty when not reported.
    pub(crate) text: String,
    /// Plain machine number, empty when not reported.
    pub(crate) value: String,
    /// Set when the figure fails a check: what does not add up.
    pub(crate) note: Option<String>,
    /// Status and revision marks (`status`, `mark`, `status_label`, `revised`).
    pub(crate) marks: FigureMarks,
}

impl Serialize for HistoryCell {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut s = serializer.serialize_struct("HistoryCell", 4 + FigureMarks::FIELDS)?;
        s.serialize_field("measure", &self.measure)?;
        s.serialize_field("text", &self.text)?;
        s.serialize_field("value", &self.value)?;
        s.serialize_field("note", &self.note)?;
        self.marks.serialize_fields(&mut s)?;
        s.end()
    }
}

#[derive(Serialize, Clone, Debug)]
pub(crate) struct HistoryRow {
    pub(crate) period: String,
    pub(crate) period_iso: String,
    /// The report's page; empty on a gap row.
    pub(crate) url: String,
    pub(crate) cells: Vec<HistoryCell>,
    /// Headline change from the month before, empty when that month has no figure.
    pub(crate) change_month: String,
    pub(crate) change_month_direction: &'static str,
    /// Headline change from the same month a year earlier, empty when none.
    pub(crate) change_year: String,
    pub(crate) change_year_direction: &'static str,
    /// On a gap row: which months have no figure.
    pub(crate) gap: Option<String>,
}

/// Indices of the series to highlight: all of them up to [`MAX_LINES`], else
/// the [`HIGHLIGHTED`] largest by latest figure.
pub(crate) fn highlighted(series: &[(String, Vec<crate::series::Dated>)]) -> Vec<usize> {
    if series.len() <= MAX_LINES {
        return (0..series.len()).collect();
    }
    let mut order: Vec<usize> = (0..series.len()).collect();
    let latest = |i: usize| series[i].1.last().map_or(f64::NEG_INFINITY, |d| d.value);
    order.sort_by(|&a, &b| latest(b).total_cmp(&latest(a)).then(a.cmp(&b)));
    order.truncate(HIGHLIGHTED);
    order.sort_unstable();
    order
}

/// The national total of a count: the sum over publishers in the months
/// every active publisher reported (a month with one missing is a gap,
/// never a guess).
fn total(views: &Views, indicator: &Indicator, measure: &str) -> Option<TotalView> {
    let archive = views.archive;
    let l = &views.locale;
    let national = crate::national::National::new(archive, indicator);
    let points = national.sums();
    let last = national.latest_complete()?;
    let unit = headline_unit(archive, indicator);
    let text = ChartText {
        id: format!("chart-total-{}", indicator.id),
        title: format!("{} — {}: {}", indicator.name, measure, l.text("national_total")),
        desc: format!("{} ({})", l.text("national_total"), last.active),
        unit: unit.map(str::to_string),
        measure: None,
    };
    Some(TotalView {
        latest: l.value_with_unit(last.sum, unit),
        latest_value: crate::text::plain(last.sum),
        latest_period: l.period_title(last.period),
        latest_period_iso: last.period.to_string(),
        note: l.fill("sum_of_publishers", &[("n", &l.number(last.active as f64, 0))]),
        chart: chart::responsive_line_chart(&points, l, &text),
    })
}

/// The indexed view (first common month = 100) and, when the publishers
/// report it, the per-100-people measure: the same lines, same order.
fn other_views(
    views: &Views,
    indicator: &Indicator,
    ids: &[&str],
    series: &[(String, Vec<crate::series::Dated>)],
    highlighted: &[usize],
    measure: &str,
) -> Vec<ChartView> {
    let archive = views.archive;
    let l = &views.locale;
    let draw =
        |key: &'static str, label: String, data: &[Vec<crate::series::Dated>], unit: Option<String>, note: String| {
            let lines: Vec<chart::Line> = series
                .iter()
                .zip(data)
                .enumerate()
                .map(|(i, ((name, _), points))| chart::Line {
                    label: Some(name.clone()),
                    points,
                    muted: !highlighted.contains(&i),
                    marks: &[],
                })
                .collect();
            let text = ChartText {
                id: format!("chart-{key}-{}", indicator.id),
                title: format!("{} — {measure}: {label}", indicator.name),
                desc: l.text("compare_publishers").to_string(),
                unit,
                measure: None,
            };
            ChartView { key, chart: chart::responsive_lines_chart(&lines, l, &text), label, note }
        };
    let mut out = Vec::new();
    let plain: Vec<Vec<crate::series::Dated>> = series.iter().map(|(_, p)| p.clone()).collect();
    let index = indexed(&plain);
    if index.iter().filter(|s| !s.is_empty()).count() > 1 {
        out.push(draw("indexed", l.text("view_indexed").to_string(), &index, None, l.text("indexed_note").to_string()));
    }
    let per100 = "per_100_people";
    if indicator.headline != per100
        && let Some(m) = archive.registry.measure(per100)
    {
        let data: Vec<Vec<crate::series::Dated>> =
            ids.iter().map(|id| Series::new(archive, indicator, Some(id)).values_of(per100)).collect();
        if data.iter().filter(|s| !s.is_empty()).count() > 1 {
            out.push(draw("per100", m.label.clone(), &data, m.unit.clone(), String::new()));
        }
    }
    out
}

fn description_html(archive: &Archive, indicator: &Indicator) -> Option<String> {
    let text = indicator.description.as_deref()?;
    let body = markdown::render(text, archive.config.allow_html);
    let html: String = body
        .parts
        .into_iter()
        .filter_map(|p| match p {
            BodyPart::Html(html) => Some(html),
            BodyPart::Metrics(_) => None,
        })
        .collect();
    Some(html)
}

fn indicator_link(views: &Views, indicator: &Indicator) -> Link {
    Link { title: indicator.name.clone(), url: views.url(&crate::routes::indicator(&indicator.id)) }
}

fn chart_text(views: &Views, series: &Series, measure: &str, unit: Option<&str>, facts: Option<&Facts>) -> ChartText {
    let l = &views.locale;
    let name = &series.indicator.name;
    let title = match (series.first_period(), series.last_period()) {
        (Some(first), Some(last)) => format!("{name} — {measure}, {} – {}", l.period(first), l.period(last)),
        _ => format!("{name} — {measure}"),
    };
    let desc = match facts {
        Some(f) => l.fill(
            "chart_description",
            &[
                ("count", &f.count),
                ("latest", &f.latest),
                ("latest_period", &f.latest_period),
                ("lowest", &f.lowest),
                ("lowest_period", &f.lowest_period),
                ("highest", &f.highest),
                ("highest_period", &f.highest_period),
            ],
        ),
        None => l.text("no_indicator_figures").to_string(),
    };
    ChartText {
        id: format!("chart-{}", series.indicator.id),
        title,
        desc,
        unit: unit.map(str::to_string),
        measure: Some(series.indicator.headline.clone()),
    }
}

fn facts(views: &Views, series: &Series, unit: Option<&str>) -> Option<Facts> {
    let l = &views.locale;
    let (latest, lowest, highest) = (series.latest()?, series.min()?, series.max()?);
    Some(Facts {
        latest: l.value_with_unit(latest.value, unit),
        latest_period: l.period(latest.period),
        lowest: l.value_with_unit(lowest.value, unit),
        lowest_period: l.period(lowest.period),
        highest: l.value_with_unit(highest.value, unit),
        highest_period: l.period(highest.period),
        first_period: l.period(series.first_period()?),
        last_period: l.period(series.last_period()?),
        count: l.number(series.headline().len() as f64, 0),
    })
}

/// The month-by-month table; without `with_rows`, its caption and columns only.
fn table(views: &Views, series: &Series, unit: Option<&str>, with_rows: bool) -> HistoryTable {
    let archive = views.archive;
    let l = &views.locale;
    let indicator = series.indicator;
    let headline = indicator.headline.as_str();
    let columns: Vec<Column> = series
        .measures_used(archive)
        .into_iter()
        .map(|m| Column { id: m.id.clone(), label: m.label.clone(), unit: m.unit.clone() })
        .collect();
    let gaps = series.gaps();
    let mut rows = Vec::with_capacity(series.points.len() + gaps.len());
    for (i, point) in series.points.iter().enumerate().rev().filter(|_| with_rows) {
        let findings: Vec<_> = archive
            .findings_of(point.report)
            .filter(|f| f.indicator == indicator.id && !matches!(f.kind, FindingKind::Gap { .. }))
            .collect();
        let published_status = archive.reports[point.report].status(&archive.config);
        let cells = columns
            .iter()
            .map(|column| {
                let value = point.value(&column.id);
                let marks = match value {
                    None => FigureMarks::default(),
                    Some(_) => {
                        let status =
                            archive.revisions.status(point.report, &indicator.id, &column.id, published_status);
                        FigureMarks {
                            revised: archive
                                .revisions
                                .latest(point.report, &indicator.id, &column.id)
                                .map(|a| rv::published_note(views, a)),
                            ..rv::status_marks(views, status)
                        }
                    }
                };
                HistoryCell {
                    measure: column.id.clone(),
                    text: value.map(|v| l.value_with_unit(v, column.unit.as_deref())).unwrap_or_default(),
                    value: value.map(crate::text::plain).unwrap_or_default(),
                    note: findings.iter().find(|f| f.measure == column.id).map(|f| views.finding_text(f)),
                    marks,
                }
            })
            .collect();
        let now = point.value(headline);
        let change = |before: Option<f64>| now.zip(before).map(|(n, b)| Change::between(b, n));
        let month = change(series.previous_month(point.period, headline));
        let year = change(series.year_before(point.period, headline));
        rows.push(HistoryRow {
            period: l.period_title(point.period),
            period_iso: point.period.to_string(),
            url: views.url(&archive.report_path(&archive.reports[point.report])),
            cells,
            change_month: month.map(|c| change_text(views, c, unit)).unwrap_or_default(),
            change_month_direction: month.map_or("", |c| direction(c.difference)),
            change_year: year.map(|c| change_text(views, c, unit)).unwrap_or_default(),
            change_year_direction: year.map_or("", |c| direction(c.difference)),
            gap: None,
        });
        // The months missing before this report, as a row of their own.
        if let Some(&(from, to)) = gaps.iter().find(|(_, to)| i > 0 && to.next() == point.period) {
            let range = if from == to { l.period(from) } else { format!("{} – {}", l.period(from), l.period(to)) };
            rows.push(HistoryRow {
                period: String::new(),
                period_iso: from.to_string(),
                url: String::new(),
                cells: Vec::new(),
                change_month: String::new(),
                change_month_direction: "",
                change_year: String::new(),
                change_year_direction: "",
                gap: Some(format!("{}: {range}", l.text("no_figures"))),
            });
        }
    }
    let measure = archive.registry.measure(headline).map_or(headline, |m| m.label.as_str());
    let caption = format!(
        "{} — {} ({}; {} «{measure}»)",
        indicator.name,
        l.text("month_by_month"),
        l.text("newest_first"),
        l.text("changes_of")
    );
    let width = columns.len() + 3;
    HistoryTable { caption, columns, rows, width }
}

/// The history of `indicator` for `publisher` (or the only publisher).
pub(crate) fn history(views: &Views, indicator: &Indicator, publisher: Option<&str>) -> IndicatorView {
    let mut view = history_view(views, indicator, publisher, true);
    view.combined = publisher
        .and_then(|p| views.archive.config.publisher(p))
        .and_then(|p| super::combined_view::view(views, indicator, p));
    view
}

fn history_view(views: &Views, indicator: &Indicator, publisher: Option<&str>, with_rows: bool) -> IndicatorView {
    let archive = views.archive;
    let registry = &archive.registry;
    let series = Series::new(archive, indicator, publisher);
    let unit = headline_unit(archive, indicator);
    let measure = registry.measure(&indicator.headline).map_or(indicator.headline.clone(), |m| m.label.clone());
    // The comparison page replaces facts, chart and rows: none is made for it.
    let facts = facts(views, &series, unit).filter(|_| with_rows);
    let headline = if with_rows { series.headline() } else { Vec::new() };
    let axis_note = chart::axis_note_for(headline.iter().map(|d| d.value), &views.locale);
    let chart = if headline.is_empty() {
        String::new()
    } else {
        let marks: Vec<chart::PointMark> = series
            .points
            .iter()
            .filter(|p| p.value(&indicator.headline).is_some())
            .map(|p| chart::PointMark {
                status: archive.revisions.status(
                    p.report,
                    &indicator.id,
                    &indicator.headline,
                    archive.reports[p.report].status(&archive.config),
                ),
                revised: p.published(&indicator.headline).is_some(),
            })
            .collect();
        let text = chart_text(views, &series, &measure, unit, facts.as_ref());
        chart::responsive_line_chart_marked(&headline, &marks, &views.locale, &text)
    };
    let notes = archive
        .findings
        .iter()
        // Its own findings, and the sums it is a part of that do not add up.
        .filter(|f| {
            f.indicator == indicator.id
                || matches!(&f.kind, FindingKind::Sum { parts } if parts.contains(&indicator.id))
        })
        .filter(|f| publisher.is_none() || archive.reports[f.report].publisher.as_deref() == publisher)
        .map(|f| {
            let report = &archive.reports[f.report];
            let who = report
                .publisher
                .as_deref()
                .filter(|_| publisher.is_none())
                .and_then(|p| archive.config.publishers.iter().find(|x| x.id == p))
                .map(|p| format!("{}, ", p.name_at(report.period)))
                .unwrap_or_default();
            format!("{who}{}: {}", views.locale.period_title(report.period), views.finding_text(f))
        })
        .collect();
    let own_file = |path: fn(&str, &str) -> String| {
        publisher.filter(|_| !archive.config.publishers.is_empty()).map(|p| views.url(&path(&indicator.id, p)))
    };
    let of_history = |report: usize| {
        let r = &archive.reports[report];
        publisher.is_none_or(|p| r.publisher.as_deref() == Some(p))
    };
    let revisions: Vec<RevisionEntry> = archive
        .revisions
        .all()
        .iter()
        .filter(|a| a.indicator == indicator.id && of_history(a.target))
        .map(|a| rv::entry(views, a))
        .collect();
    let statuses: Vec<crate::status::Status> = series.points.iter().map(|p| p.status).collect();
    let mut figure_legend = Vec::new();
    if with_rows {
        figure_legend = rv::legend(views, &statuses, series.points.iter().any(|p| !p.revised.is_empty()));
        if statuses.iter().any(|s| !s.is_final()) {
            figure_legend.push(MarkLegend {
                kind: "chart",
                mark: String::new(),
                text: views.locale.text("legend_chart").to_string(),
            });
        }
    }
    IndicatorView {
        figure_legend,
        revisions,
        resolved_notes: rv::resolved_notes(views, |f| {
            (f.indicator == indicator.id
                || matches!(&f.kind, FindingKind::Sum { parts } if parts.contains(&indicator.id)))
                && of_history(f.report)
        }),
        revisions_url: views.url(data::REVISIONS_PATH),
        picker: Vec::new(),
        chart_views: Vec::new(),
        by_publisher: None,
        publisher_csv_url: own_file(data::publisher_csv_path),
        publisher_json_url: own_file(data::publisher_json_path),
        columns_note: views.locale.fill("columns_note", &[("m", &measure)]),
        id: indicator.id.clone(),
        name: indicator.name.clone(),
        label: indicator.label().to_string(),
        unit: indicator.unit.clone(),
        group: indicator.group.clone(),
        publisher: publisher
            .and_then(|p| archive.config.publishers.iter().find(|x| x.id == p))
            .map(|p| p.latest_name().to_string()),
        description: description_html(archive, indicator),
        measure,
        chart,
        axis_note,
        facts,
        parts: indicator
            .sum_of
            .iter()
            .filter_map(|p| registry.indicator(p))
            .map(|i| indicator_link(views, i))
            .collect(),
        parents: registry.parents_of(&indicator.id).map(|i| indicator_link(views, i)).collect(),
        table: table(views, &series, unit, with_rows),
        notes,
        csv_url: views.url(&data::indicator_csv_path(&indicator.id)),
        json_url: views.url(&data::indicator_json_path(&indicator.id)),
        observations_url: views.url(data::OBSERVATIONS_PATH),
        publishers: Vec::new(),
        legend: Vec::new(),
        total: None,
        combined: None,
    }
}

/// The page of an indicator on a site with publishers: the latest figure of
/// each publisher, linking to its history, and a chart of the first
/// [`MAX_LINES`] publishers that have figures.
pub(crate) fn comparison(views: &Views, indicator: &Indicator) -> IndicatorView {
    let archive = views.archive;
    let l = &views.locale;
    // Every report's row would be dropped: none is made.
    let mut view = history_view(views, indicator, None, false);
    view.facts = None;
    view.table.rows.clear();
    // Every publisher's own figures, for the total; the chart draws the
    // publishers that still report (a successor with its combined series,
    // when the measure adds up), never a predecessor beside its successor.
    let own: Vec<(&Publisher, Vec<crate::series::Dated>)> = archive
        .config
        .publishers
        .iter()
        .map(|p| (p, Series::new(archive, indicator, Some(&p.id)).headline()))
        .filter(|(_, points)| !points.is_empty())
        .collect();
    let series: Vec<(String, Vec<crate::series::Dated>)> = own
        .iter()
        .filter(|(p, _)| p.successor().is_none())
        .map(|(p, points)| {
            let combined = crate::combined::headline(archive, indicator, p)
                .map(|c| c.into_iter().map(|d| crate::series::Dated { period: d.period, value: d.value }).collect());
            let name = match &combined {
                Some(_) => format!("{} ({})", p.latest_name(), l.text("combined")),
                None => p.latest_name().to_string(),
            };
            (name, combined.unwrap_or_else(|| points.clone()))
        })
        .collect();
    let highlighted = highlighted(&series);
    let lines: Vec<chart::Line> = series
        .iter()
        .enumerate()
        .map(|(i, (name, points))| chart::Line {
            label: Some(name.clone()),
            points,
            muted: !highlighted.contains(&i),
            marks: &[],
        })
        .collect();
    view.legend = highlighted
        .iter()
        .enumerate()
        .map(|(n, &i)| LegendEntry { name: series[i].0.clone(), class: format!("s{n}") })
        .collect();
    if highlighted.len() < series.len() {
        view.legend.push(LegendEntry {
            name: format!("{} ({})", l.text("other_publishers"), series.len() - highlighted.len()),
            class: "muted".into(),
        });
    }
    let all: Vec<f64> = series.iter().flat_map(|(_, p)| p.iter().map(|d| d.value)).collect();
    view.axis_note = chart::axis_note_for(all.iter().copied(), l);
    view.chart = if lines.is_empty() {
        String::new()
    } else {
        let names: Vec<&str> = highlighted.iter().map(|&i| series[i].0.as_str()).collect();
        let text = ChartText {
            id: format!("chart-{}", indicator.id),
            title: format!("{} — {}: {}", indicator.name, view.measure, l.text("compare_publishers")),
            desc: names.join(", "),
            unit: headline_unit(archive, indicator).map(str::to_string),
            measure: None,
        };
        chart::responsive_lines_chart(&lines, l, &text)
    };
    let ids: Vec<&str> = own.iter().filter(|(p, _)| p.successor().is_none()).map(|(p, _)| p.id.as_str()).collect();
    if series.len() > 1 {
        view.picker = ids
            .iter()
            .zip(&series)
            .enumerate()
            .map(|(i, (id, (name, _)))| PickerEntry {
                id: id.to_string(),
                name: name.clone(),
                line: i,
                picked: highlighted.contains(&i),
            })
            .collect();
        view.chart_views = other_views(views, indicator, &ids, &series, &highlighted, &view.measure);
    }
    view.total = total(views, indicator, &view.measure);
    view.by_publisher = super::by_publisher::table(views, indicator);
    view.publishers = archive
        .config
        .publishers
        .iter()
        .map(|p| {
            let mut card = iv::card(views, indicator, Some(&p.id), &format!("{}-", p.id));
            card.label = p.latest_name().to_string();
            // A merged publisher's latest figure is history: say who reports now.
            if let Some(successor) = super::publisher_views::successor_view(views, p) {
                card.label = format!("{} ({} {})", card.label, successor.text, successor.link.title);
            }
            card
        })
        .collect();
    view
}
