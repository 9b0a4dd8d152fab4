//! Open data: the CSV and JSON files under `/data/`.
//!
//! `data/<id>.csv` and `data/<id>.json` per indicator, `data/observations.csv`
//! with every figure, and `data/reports/<period>.csv` with one report's
//! figures. CSV is RFC 4180 (the `csv` crate, CRLF line ends) in UTF-8 with a
//! byte-order mark so that spreadsheet programs read Vietnamese correctly;
//! numbers are plain machine numbers (no thousands separators, whole numbers
//! without `.0`); report URLs are absolute. Output is deterministic: rows
//! follow the archive's (publisher, period) order and the registry's order.

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde::Serialize;
use serde::ser::{SerializeMap, SerializeSeq};

use crate::archive::Archive;
use crate::checks::FindingKind;
use crate::content::report::Report;
use crate::points::Point;
use crate::registry::Indicator;
use crate::series::Series;
use crate::text::{as_whole, plain};

pub(crate) mod catalog;
pub(crate) mod package;
mod revisions;

pub(crate) use revisions::{REVISIONS_PATH, revisions_csv_columns, write_revisions_csv};

const BOM: &str = "\u{feff}";

/// The byte size of each file written, by site path (for the catalogues).
pub type Sizes = BTreeMap<String, u64>;

pub(crate) fn indicator_csv_path(id: &str) -> String {
    crate::routes::indicator_csv(id)
}

pub(crate) fn indicator_json_path(id: &str) -> String {
    crate::routes::indicator_json(id)
}

pub(crate) const OBSERVATIONS_PATH: &str = crate::routes::OBSERVATIONS;

/// One publisher's figures of an indicator: `data/<id>/publishers/<publisher>.csv`.
pub(crate) fn publisher_csv_path(id: &str, publisher: &str) -> String {
    crate::routes::publisher_csv(id, publisher)
}

pub(crate) fn publisher_json_path(id: &str, publisher: &str) -> String {
    crate::routes::publisher_json(id, publisher)
}

/// The headline figure of every publisher, month by month: `data/<id>/by-publisher.csv`.
pub(crate) fn by_publisher_csv_path(id: &str) -> String {
    crate::routes::by_publisher_csv(id)
}

/// `period,<publisher>…`: the headline measure, one row per month some
/// publisher reported, one column per publisher (empty: not reported).
pub(crate) fn write_by_publisher_csv(archive: &Archive, indicator: &Indicator, out: &mut dyn Write) -> io::Result<()> {
    let national = crate::national::National::new(archive, indicator);
    let mut csv = csv_writer(out)?;
    csv.write_field("period")?;
    for publisher in &archive.config.publishers {
        csv.write_field(&publisher.id)?;
    }
    csv.write_record(None::<&[u8]>)?;
    for month in &national.months {
        csv.write_field(month.period.to_string())?;
        for value in national.figures_of(month.period) {
            csv.write_field(value.map(plain).unwrap_or_default())?;
        }
        csv.write_record(None::<&[u8]>)?;
    }
    csv.flush()
}

/// The CSV of one report's figures: `data/reports/2014-08.csv`, or
/// `data/reports/<publisher>/2014-08.csv` on a site with publishers.
pub(crate) fn report_csv_path<B>(archive: &Archive<B>, report: &Report) -> String {
    crate::routes::report_csv(report.publisher.as_deref().filter(|_| has_publishers(archive)), report.period)
}

fn has_publishers<B>(archive: &Archive<B>) -> bool {
    !archive.config.publishers.is_empty()
}

/// Whether any publisher was merged into another: the CSV files then gain
/// a `successor` column (content-format.md, "Publishers over time").
fn has_successors(archive: &Archive) -> bool {
    archive.config.publishers.iter().any(|p| p.successor().is_some())
}

/// The id of the publisher that reports for the report's publisher after
/// every merge (the last of its successors), empty when it was not merged:
/// figures keep the publisher as reported, and analysts can recombine.
pub(crate) fn successor_of(archive: &Archive, report: &Report) -> String {
    report
        .publisher
        .as_deref()
        .and_then(|id| crate::publisher::successors_of(&archive.config.publishers, id).pop())
        .unwrap_or_default()
}

fn report_url(archive: &Archive, index: usize) -> String {
    archive.config.base_url.absolute(&archive.report_path(&archive.reports[index]))
}

/// A CSV writer over `out` (RFC 4180, CRLF), after the byte-order mark.
fn csv_writer(out: &mut dyn Write) -> io::Result<csv::Writer<&mut dyn Write>> {
    out.write_all(BOM.as_bytes())?;
    Ok(csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(out))
}

/// The kind of values in a CSV column: its Table Schema type in `/datapackage.json`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ColumnKind {
    /// `YYYY-MM` (Table Schema `yearmonth`).
    Period,
    /// `YYYY-MM-DD` (`date`).
    Date,
    /// Free text or an id (`string`).
    Text,
    /// An absolute address (`string`, format `uri`).
    Url,
    /// A whole number (`integer`).
    Integer,
    /// Any plain machine number (`number`).
    Number,
}

/// One column of a CSV file under `/data/`. The writers take their header
/// row from these definitions and `/datapackage.json` its Table Schemas, so
/// a column added here is described there too.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct CsvColumn {
    pub(crate) name: String,
    /// A human label (a measure's label; else the name).
    pub(crate) title: String,
    pub(crate) kind: ColumnKind,
    /// Every row has a value.
    pub(crate) required: bool,
    /// Part of the primary key (the columns that together name one row).
    pub(crate) key: bool,
    /// What the column holds, in English.
    pub(crate) description: String,
    /// The unit of a figure column.
    pub(crate) unit: Option<String>,
}

impl CsvColumn {
    fn new(name: &str, kind: ColumnKind, required: bool, key: bool, description: &str) -> Self {
        CsvColumn {
            name: name.to_string(),
            title: name.to_string(),
            kind,
            required,
            key,
            description: description.to_string(),
            unit: None,
        }
    }
}

fn period_column() -> CsvColumn {
    CsvColumn::new("period", ColumnKind::Period, true, true, "The month the report is about (YYYY-MM).")
}

fn publisher_column() -> CsvColumn {
    CsvColumn::new("publisher", ColumnKind::Text, true, true, "The publisher's id, as declared in site.yaml.")
}

fn report_url_column() -> CsvColumn {
    CsvColumn::new("report_url", ColumnKind::Url, true, false, "The page of the report that gives the figures.")
}

fn successor_column() -> CsvColumn {
    CsvColumn::new(
        "successor",
        ColumnKind::Text,
        false,
        false,
        "The publisher that reports for this one after its merges; empty when it was not merged.",
    )
}

/// The schema of one column of a CSV under `/data/`, by its name (the
/// names come from the writers' own header lists).
fn column_named(
    name: &str,
    measures: &[(&crate::registry::Measure, bool, Option<String>)],
    key_ids: bool,
) -> CsvColumn {
    if let Some((measure, integer, unit)) = measures.iter().find(|(m, _, _)| m.id == name) {
        return CsvColumn {
            title: measure.label.clone(),
            unit: unit.clone(),
            ..CsvColumn::new(
                name,
                if *integer { ColumnKind::Integer } else { ColumnKind::Number },
                false,
                false,
                &match unit {
                    Some(unit) => format!("{} ({unit}); empty when the report does not give it.", measure.label),
                    None => format!("{}; empty when the report does not give it.", measure.label),
                },
            )
        };
    }
    match name {
        "period" => period_column(),
        "publisher" => publisher_column(),
        "successor" => successor_column(),
        "report_url" => report_url_column(),
        "indicator" => {
            CsvColumn::new(name, ColumnKind::Text, true, key_ids, "The indicator's id (content/indicators.yaml).")
        }
        "measure" => {
            CsvColumn::new(name, ColumnKind::Text, true, key_ids, "The measure's id (content/indicators.yaml).")
        }
        "value" => CsvColumn::new(
            name,
            ColumnKind::Number,
            true,
            false,
            "The figure, a plain machine number (the latest, after revisions).",
        ),
        "status" => CsvColumn::new(name, ColumnKind::Text, false, false, "estimate, preliminary or final."),
        "revised" => CsvColumn::new(
            name,
            ColumnKind::Text,
            false,
            false,
            "The measures a revision changed, space-separated; empty when none.",
        ),
        _ => CsvColumn::new(name, ColumnKind::Text, false, false, name),
    }
}

/// The columns of `data/<id>.csv`, given the measures the indicator uses.
pub(crate) fn indicator_columns_of(
    archive: &Archive,
    indicator: &Indicator,
    measures: &[&crate::registry::Measure],
) -> Vec<CsvColumn> {
    let typed: Vec<_> = measures
        .iter()
        .map(|m| (*m, archive.registry.is_integer(indicator, m), m.unit.clone().or_else(|| indicator.unit.clone())))
        .collect();
    indicator_csv_columns(has_publishers(archive), has_successors(archive), measures)
        .iter()
        .map(|name| column_named(name, &typed, true))
        .collect()
}

/// The columns of `data/revisions.csv`.
pub(crate) fn revision_columns(archive: &Archive) -> Vec<CsvColumn> {
    revisions_csv_columns(has_publishers(archive))
        .into_iter()
        .map(|name| match name {
            "published" => CsvColumn::new(name, ColumnKind::Number, true, false, "The figure as first published."),
            "revised" => CsvColumn::new(name, ColumnKind::Number, true, false, "The figure after the revision."),
            "kind" => CsvColumn::new(name, ColumnKind::Text, true, false, "revision or correction."),
            "reason" => CsvColumn::new(name, ColumnKind::Text, false, false, "Why the figure was revised."),
            "revised_in" => CsvColumn::new(name, ColumnKind::Url, true, true, "The page of the revising report."),
            "revised_on" => {
                CsvColumn::new(name, ColumnKind::Date, false, false, "The revising report's date of issue.")
            }
            other => column_named(other, &[], true),
        })
        .collect()
}

/// The columns of `data/<id>/by-publisher.csv`: the period, then one
/// column of headline figures per publisher (its id, as in site.yaml).
pub(crate) fn by_publisher_columns(archive: &Archive) -> Vec<CsvColumn> {
    let mut columns = vec![period_column()];
    columns.extend(archive.config.publishers.iter().map(|publisher| CsvColumn {
        title: publisher.name.clone(),
        ..CsvColumn::new(
            &publisher.id,
            ColumnKind::Number,
            false,
            false,
            &format!("The headline figure of {}; empty when it did not report that month.", publisher.name),
        )
    }));
    columns
}

/// The columns of `data/<id>.csv`.
pub(crate) fn indicator_columns(archive: &Archive, indicator: &Indicator) -> Vec<CsvColumn> {
    let series = Series::new(archive, indicator, None);
    indicator_columns_of(archive, indicator, &series.measures_used(archive))
}

/// The columns of `data/observations.csv` and of each report's CSV.
pub(crate) fn observation_columns(archive: &Archive) -> Vec<CsvColumn> {
    observations_csv_columns(has_publishers(archive), has_successors(archive))
        .iter()
        .map(|name| column_named(name, &[], true))
        .collect()
}

/// The columns of `data/<id>.csv`, in order: `period`, `publisher` (sites
/// with several publishers), `successor` (sites where publishers merged), each measure the indicator has figures of (in
/// registry order), `status`, `revised`, `report_url`. The writer's header
/// comes from here.
pub(crate) fn indicator_csv_columns(
    publishers: bool,
    successors: bool,
    measures: &[&crate::registry::Measure],
) -> Vec<String> {
    let mut columns = vec!["period".to_string()];
    if publishers {
        columns.push("publisher".into());
    }
    if successors {
        columns.push("successor".into());
    }
    columns.extend(measures.iter().map(|m| m.id.clone()));
    columns.extend(["status", "revised", "report_url"].map(String::from));
    columns
}

/// `period[,publisher],<measure>…,status,revised,report_url`: one row per
/// report that gives the indicator, with the latest figures; `status` is the
/// least final of the row's figures, `revised` the measures a revision
/// changed (space-separated).
pub(crate) fn write_indicator_csv(archive: &Archive, indicator: &Indicator, out: &mut dyn Write) -> io::Result<()> {
    write_series_csv(archive, indicator, None, out)
}

/// [`write_indicator_csv`] of one publisher's reports (every report with `None`).
pub(crate) fn write_series_csv(
    archive: &Archive,
    indicator: &Indicator,
    publisher: Option<&str>,
    out: &mut dyn Write,
) -> io::Result<()> {
    let series = Series::new(archive, indicator, publisher);
    let measures = series.measures_used(archive);
    let publishers = has_publishers(archive);
    let successors = has_successors(archive);
    let mut csv = csv_writer(out)?;
    csv.write_record(indicator_csv_columns(publishers, successors, &measures))?;
    for point in series.points.iter() {
        csv.write_field(point.period.to_string())?;
        if publishers {
            csv.write_field(archive.reports[point.report].publisher.as_deref().unwrap_or_default())?;
        }
        if successors {
            csv.write_field(successor_of(archive, &archive.reports[point.report]))?;
        }
        for measure in &measures {
            csv.write_field(point.value(&measure.id).map(plain).unwrap_or_default())?;
        }
        csv.write_field(point.status.id())?;
        csv.write_field(point.revised.iter().map(|(m, _)| &**m).collect::<Vec<_>>().join(" "))?;
        csv.write_record([report_url(archive, point.report)])?;
    }
    csv.flush()
}

/// The columns of `data/observations.csv` and of each report's CSV, in
/// order (`publisher` only on a site with several publishers, `successor`
/// only where publishers merged). The writer's header comes from here.
pub(crate) fn observations_csv_columns(publishers: bool, successors: bool) -> Vec<&'static str> {
    let mut columns = vec!["period"];
    if publishers {
        columns.push("publisher");
    }
    if successors {
        columns.push("successor");
    }
    columns.extend(["indicator", "measure", "value", "report_url"]);
    columns
}

/// `period[,publisher],indicator,measure,value,report_url` for the reports
/// at `indices`: the latest figures, or with `as_published` the figures as
/// the reports published them.
fn write_observations(
    archive: &Archive,
    indices: impl Iterator<Item = usize>,
    as_published: bool,
    out: &mut dyn Write,
) -> io::Result<()> {
    let publishers = has_publishers(archive);
    let successors = has_successors(archive);
    let mut csv = csv_writer(out)?;
    csv.write_record(observations_csv_columns(publishers, successors))?;
    for index in indices {
        let report = &archive.reports[index];
        let (period, url) = (report.period.to_string(), report_url(archive, index));
        let successor = if successors { successor_of(archive, report) } else { String::new() };
        for indicator in &archive.registry.indicators {
            let Some(metric) = report.metric(&indicator.id) else { continue };
            for measure in &archive.registry.measures {
                let Some(published) = metric.values.iter().find(|v| v.measure == measure.id).and_then(|v| v.value)
                else {
                    continue;
                };
                let value = match archive.revisions.latest(index, &indicator.id, &measure.id) {
                    Some(latest) if !as_published => latest.value,
                    _ => published,
                };
                csv.write_field(&period)?;
                if publishers {
                    csv.write_field(report.publisher.as_deref().unwrap_or_default())?;
                }
                if successors {
                    csv.write_field(&successor)?;
                }
                csv.write_record([&indicator.id, &measure.id, &plain(value), &url])?;
            }
        }
    }
    csv.flush()
}

/// `period[,publisher],indicator,measure,value,report_url`: every figure of
/// the archive, at its latest value.
pub(crate) fn write_observations_csv(archive: &Archive, out: &mut dyn Write) -> io::Result<()> {
    write_observations(archive, 0..archive.reports.len(), false, out)
}

/// The figures of one report as it published them, in the columns of `observations.csv`.
pub(crate) fn write_report_csv(archive: &Archive, index: usize, out: &mut dyn Write) -> io::Result<()> {
    write_observations(archive, std::iter::once(index), true, out)
}

/// A figure as JSON: whole numbers without `.0`.
struct JsonNumber(f64);

impl Serialize for JsonNumber {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let value = self.0;
        if let Some(whole) = as_whole(value) {
            serializer.serialize_i64(whole)
        } else if value.is_finite() {
            serializer.serialize_f64(value)
        } else {
            serializer.serialize_unit()
        }
    }
}

#[derive(Serialize)]
struct IndicatorJson<'a> {
    id: &'a str,
    name: &'a str,
    short: Option<&'a str>,
    unit: Option<&'a str>,
    group: Option<&'a str>,
    description: Option<&'a str>,
    headline: &'a str,
    sum_of: &'a [String],
    parents: Vec<&'a str>,
    url: String,
    csv_url: String,
    measures: Vec<MeasureJson<'a>>,
    series: PointsJson<'a>,
    checks: Vec<CheckJson>,
    /// Every revision of the indicator's figures, as in `revisions.csv`.
    revisions: Vec<RevisionJson>,
}

#[derive(Serialize)]
struct RevisionJson {
    period: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    publisher: Option<String>,
    measure: String,
    published: JsonNumber,
    revised: JsonNumber,
    kind: &'static str,
    reason: Option<String>,
    status: &'static str,
    revised_in: String,
    revised_on: Option<String>,
}

#[derive(Serialize)]
struct MeasureJson<'a> {
    id: &'a str,
    label: &'a str,
    unit: Option<&'a str>,
    integer: bool,
}

/// Keys of a series entry that a measure id must not shadow.
const POINT_KEYS: &[&str] =
    &["period", "publisher", "successor", "values", "status", "revised", "published", "report_url"];

/// The series, serialized point by point as it is written (nothing held).
struct PointsJson<'a> {
    archive: &'a Archive,
    series: &'a Series<'a>,
}

impl Serialize for PointsJson<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let archive = self.archive;
        let mut seq = serializer.serialize_seq(Some(self.series.points.len()))?;
        for point in self.series.points.iter() {
            let report = &archive.reports[point.report];
            let publisher = report.publisher.as_deref().filter(|_| has_publishers(archive));
            let successor = Some(successor_of(archive, report)).filter(|s| !s.is_empty());
            seq.serialize_element(&PointJson { point, publisher, successor, url: report_url(archive, point.report) })?;
        }
        seq.end()
    }
}

/// One entry of the series: `period`, `publisher` (sites with publishers),
/// every measure as a key of its own (as in the CSV row), the same figures
/// under `values` (keys sorted), and `report_url`.
struct PointJson<'a> {
    point: &'a Point,
    publisher: Option<&'a str>,
    /// The publisher that reports for it after every merge, if it was merged.
    successor: Option<String>,
    url: String,
}

impl Serialize for PointJson<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("period", &self.point.period.to_string())?;
        if let Some(publisher) = self.publisher {
            map.serialize_entry("publisher", publisher)?;
        }
        if let Some(successor) = &self.successor {
            map.serialize_entry("successor", successor)?;
        }
        let values = &self.point.values;
        for (measure, value) in values.iter().filter(|(m, _)| !POINT_KEYS.contains(&&**m)) {
            map.serialize_entry(&**measure, &JsonNumber(*value))?;
        }
        let sorted: BTreeMap<&str, JsonNumber> = values.iter().map(|(m, v)| (&**m, JsonNumber(*v))).collect();
        map.serialize_entry("values", &sorted)?;
        map.serialize_entry("status", self.point.status.id())?;
        let revised: Vec<&str> = self.point.revised.iter().map(|(m, _)| &**m).collect();
        map.serialize_entry("revised", &revised)?;
        // The figures as published, beside the latest, for the revised measures.
        let published: BTreeMap<&str, JsonNumber> =
            self.point.revised.iter().map(|(m, v)| (&**m, JsonNumber(*v))).collect();
        map.serialize_entry("published", &published)?;
        map.serialize_entry("report_url", &self.url)?;
        map.end()
    }
}

#[derive(Serialize)]
struct CheckJson {
    period: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    publisher: Option<String>,
    /// `sum`, `continuity` or `gap`.
    kind: &'static str,
    measure: String,
    /// What the report says (absent for a gap).
    #[serde(skip_serializing_if = "Option::is_none")]
    reported: Option<JsonNumber>,
    /// What the rule gives (absent for a gap).
    #[serde(skip_serializing_if = "Option::is_none")]
    expected: Option<JsonNumber>,
    /// For a gap: the first and last month without a figure.
    #[serde(skip_serializing_if = "Option::is_none")]
    missing: Option<[String; 2]>,
}

/// The indicator's metadata, its series and the checks that fail on it.
pub(crate) fn write_indicator_json(archive: &Archive, indicator: &Indicator, out: &mut dyn Write) -> io::Result<()> {
    write_series_json(archive, indicator, None, out)
}

/// [`write_indicator_json`] of one publisher's reports (every report with `None`).
pub(crate) fn write_series_json(
    archive: &Archive,
    indicator: &Indicator,
    publisher: Option<&str>,
    out: &mut dyn Write,
) -> io::Result<()> {
    let series = Series::new(archive, indicator, publisher);
    let measures = series.measures_used(archive);
    let publishers = has_publishers(archive);
    let base = &archive.config.base_url;
    let publisher_of = |index: usize| archive.reports[index].publisher.clone().filter(|_| publishers);
    let view = IndicatorJson {
        id: &indicator.id,
        name: &indicator.name,
        short: indicator.short.as_deref(),
        unit: indicator.unit.as_deref(),
        group: indicator.group.as_deref(),
        description: indicator.description.as_deref(),
        headline: &indicator.headline,
        sum_of: &indicator.sum_of,
        parents: archive.registry.parents_of(&indicator.id).map(|p| p.id.as_str()).collect(),
        url: match publisher {
            Some(p) => base.absolute(&crate::routes::indicator_publisher(&indicator.id, p)),
            None => base.absolute(&crate::routes::indicator(&indicator.id)),
        },
        csv_url: match publisher {
            Some(p) => base.absolute(&publisher_csv_path(&indicator.id, p)),
            None => base.absolute(&indicator_csv_path(&indicator.id)),
        },
        measures: measures
            .iter()
            .map(|m| MeasureJson {
                id: &m.id,
                label: &m.label,
                unit: m.unit.as_deref(),
                integer: archive.registry.is_integer(indicator, m),
            })
            .collect(),
        series: PointsJson { archive, series: &series },
        checks: archive
            .findings
            .iter()
            .filter(|f| f.indicator == indicator.id)
            .filter(|f| publisher.is_none() || archive.reports[f.report].publisher.as_deref() == publisher)
            .map(|f| {
                let kind = f.kind.id();
                let missing = match &f.kind {
                    FindingKind::Gap { from, to } => Some([from.to_string(), to.to_string()]),
                    FindingKind::Sum { .. } | FindingKind::Continuity { .. } => None,
                };
                let numbers = missing.is_none();
                CheckJson {
                    period: archive.reports[f.report].period.to_string(),
                    publisher: publisher_of(f.report),
                    kind,
                    measure: f.measure.clone(),
                    reported: numbers.then_some(JsonNumber(f.actual)),
                    expected: numbers.then_some(JsonNumber(f.expected)),
                    missing,
                }
            })
            .collect(),
        revisions: archive
            .revisions
            .all()
            .iter()
            .filter(|a| a.indicator == indicator.id)
            .map(|a| RevisionJson {
                period: archive.reports[a.target].period.to_string(),
                publisher: publisher_of(a.target),
                measure: a.measure.clone(),
                published: JsonNumber(a.published),
                revised: JsonNumber(a.value),
                kind: a.kind.id(),
                reason: a.reason.clone(),
                status: a.status.id(),
                revised_in: report_url(archive, a.by),
                revised_on: archive.reports[a.by].issued.map(|d| d.to_string()),
            })
            .collect(),
    };
    serde_json::to_writer_pretty(&mut *out, &view)?;
    out.write_all(b"\n")
}

/// One file of open data.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum DataFile {
    /// `data/observations.csv`: every value.
    Observations,
    /// `data/<id>.csv` of the indicator at this index of the registry.
    IndicatorCsv(usize),
    /// `data/<id>.json`.
    IndicatorJson(usize),
    /// The figures of the report at this index of the archive.
    ReportCsv(usize),
    /// Sites with several publishers: one publisher's figures of an indicator
    /// (indices in the registry and in site.yaml's publishers).
    PublisherCsv(usize, usize),
    PublisherJson(usize, usize),
    /// Sites with several publishers: the headline, months × publishers.
    ByPublisherCsv(usize),
    /// `data/revisions.csv`: every revision.
    Revisions,
}

/// Every open-data file of the site (in [`crate::render::plan`], the
/// plan of every file).
pub(crate) fn files<B>(archive: &Archive<B>) -> Vec<DataFile> {
    if archive.registry.indicators.is_empty() {
        return Vec::new();
    }
    let mut files = vec![DataFile::Observations, DataFile::Revisions];
    for i in 0..archive.registry.indicators.len() {
        files.push(DataFile::IndicatorCsv(i));
        files.push(DataFile::IndicatorJson(i));
    }
    files.extend(
        (0..archive.reports.len()).filter(|&i| !archive.reports[i].metrics.is_empty()).map(DataFile::ReportCsv),
    );
    if has_publishers(archive) {
        for i in 0..archive.registry.indicators.len() {
            files.push(DataFile::ByPublisherCsv(i));
            for p in 0..archive.config.publishers.len() {
                files.push(DataFile::PublisherCsv(i, p));
                files.push(DataFile::PublisherJson(i, p));
            }
        }
    }
    files
}

impl DataFile {
    /// The file's site path.
    pub(crate) fn path<B>(self, archive: &Archive<B>) -> String {
        let indicators = &archive.registry.indicators;
        match self {
            DataFile::Observations => OBSERVATIONS_PATH.to_string(),
            DataFile::IndicatorCsv(i) => indicator_csv_path(&indicators[i].id),
            DataFile::IndicatorJson(i) => indicator_json_path(&indicators[i].id),
            DataFile::ReportCsv(r) => report_csv_path(archive, &archive.reports[r]),
            DataFile::PublisherCsv(i, p) => publisher_csv_path(&indicators[i].id, &archive.config.publishers[p].id),
            DataFile::PublisherJson(i, p) => publisher_json_path(&indicators[i].id, &archive.config.publishers[p].id),
            DataFile::ByPublisherCsv(i) => by_publisher_csv_path(&indicators[i].id),
            DataFile::Revisions => REVISIONS_PATH.to_string(),
        }
    }

    /// Writes the file's bytes to `out`, as they are made.
    pub(crate) fn write(self, archive: &Archive, out: &mut dyn Write) -> io::Result<()> {
        let indicators = &archive.registry.indicators;
        match self {
            DataFile::Observations => write_observations_csv(archive, out),
            DataFile::IndicatorCsv(i) => write_indicator_csv(archive, &indicators[i], out),
            DataFile::IndicatorJson(i) => write_indicator_json(archive, &indicators[i], out),
            DataFile::ReportCsv(r) => write_report_csv(archive, r, out),
            DataFile::PublisherCsv(i, p) => {
                write_series_csv(archive, &indicators[i], Some(&archive.config.publishers[p].id), out)
            }
            DataFile::PublisherJson(i, p) => {
                write_series_json(archive, &indicators[i], Some(&archive.config.publishers[p].id), out)
            }
            DataFile::ByPublisherCsv(i) => write_by_publisher_csv(archive, &indicators[i], out),
            DataFile::Revisions => write_revisions_csv(archive, out),
        }
    }

    /// The columns of a CSV file (`None` for JSON).
    pub(crate) fn columns(self, archive: &Archive) -> Option<Vec<CsvColumn>> {
        let indicators = &archive.registry.indicators;
        match self {
            DataFile::Observations | DataFile::ReportCsv(_) => Some(observation_columns(archive)),
            DataFile::IndicatorCsv(i) => Some(indicator_columns(archive, &indicators[i])),
            DataFile::IndicatorJson(_) | DataFile::PublisherJson(..) => None,
            DataFile::PublisherCsv(i, p) => {
                let indicator = &indicators[i];
                let series = Series::new(archive, indicator, Some(&archive.config.publishers[p].id));
                Some(indicator_columns_of(archive, indicator, &series.measures_used(archive)))
            }
            DataFile::ByPublisherCsv(_) => Some(by_publisher_columns(archive)),
            DataFile::Revisions => Some(revision_columns(archive)),
        }
    }
}
