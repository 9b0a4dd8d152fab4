//! Open data: the CSV and JSON files under `/data/`.
//!
//! `data/<id>.csv` and `data/<id>.json` per indicator, `data/observations.csv`
//! with every figure, and `data/reports/<period>.csv` with one report's
//! figures. CSV is RFC 4180 (the `csv` crate, CRLF line ends) in UTF-8 with a
//! byte-order mark so that spreadsheet programs read Vietnamese correctly;
//! numbers are plain machine numbers (no thousands separators, whole numbers
//! without `.0`); report URLs are absolute. Output is deterministic: rows
//! follow the archive's (publisher, period) order and the registry's order.

use serde::Serialize;
use serde::ser::SerializeMap;

use crate::archive::Archive;
use crate::checks::FindingKind;
use crate::content::report::Report;
use crate::registry::Indicator;
use crate::series::Series;

const BOM: &str = "\u{feff}";

pub fn indicator_csv_path(id: &str) -> String {
    format!("data/{id}.csv")
}

pub fn indicator_json_path(id: &str) -> String {
    format!("data/{id}.json")
}

pub const OBSERVATIONS_PATH: &str = "data/observations.csv";

/// The CSV of one report's figures: `data/reports/2014-08.csv`, or
/// `data/reports/<publisher>/2014-08.csv` on a site with publishers.
pub fn report_csv_path(archive: &Archive, report: &Report) -> String {
    match report.publisher.as_deref().filter(|_| has_publishers(archive)) {
        Some(publisher) => format!("data/reports/{publisher}/{}.csv", report.period),
        None => format!("data/reports/{}.csv", report.period),
    }
}

fn has_publishers(archive: &Archive) -> bool {
    !archive.config.publishers.is_empty()
}

/// A plain machine number: `135368`, `-1`, `12.5`; shortest exact form.
pub fn machine_number(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 9.007_199_254_740_992e15 {
        format!("{}", value as i64)
    } else {
        format!("{value}")
    }
}

fn json_number(value: f64) -> serde_json::Value {
    if value.fract() == 0.0 && value.abs() < 9.007_199_254_740_992e15 {
        serde_json::Value::from(value as i64)
    } else {
        serde_json::Number::from_f64(value).map_or(serde_json::Value::Null, serde_json::Value::Number)
    }
}

fn report_url(archive: &Archive, index: usize) -> String {
    archive.config.base_url.absolute(&archive.report_path(&archive.reports[index]))
}

fn csv_bytes(rows: Vec<Vec<String>>) -> Vec<u8> {
    let mut bytes = BOM.as_bytes().to_vec();
    {
        let mut writer = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(&mut bytes);
        for row in rows {
            // Writing to a Vec cannot fail.
            let _ = writer.write_record(&row);
        }
        let _ = writer.flush();
    }
    bytes
}

/// `period[,publisher],<measure>…,report_url`: one row per report that gives the indicator.
pub fn indicator_csv(archive: &Archive, indicator: &Indicator) -> Vec<u8> {
    let series = Series::new(archive, indicator, None);
    let measures = series.measures_used(archive);
    let publishers = has_publishers(archive);
    let mut header = vec!["period".to_string()];
    if publishers {
        header.push("publisher".into());
    }
    header.extend(measures.iter().map(|m| m.id.clone()));
    header.push("report_url".into());
    let mut rows = vec![header];
    for point in &series.points {
        let mut row = vec![point.period.to_string()];
        if publishers {
            row.push(archive.reports[point.report].publisher.clone().unwrap_or_default());
        }
        row.extend(measures.iter().map(|m| point.value(&m.id).map(machine_number).unwrap_or_default()));
        row.push(report_url(archive, point.report));
        rows.push(row);
    }
    csv_bytes(rows)
}

fn observation_rows(archive: &Archive, indices: impl Iterator<Item = usize>) -> Vec<Vec<String>> {
    let publishers = has_publishers(archive);
    let mut header = vec!["period".to_string()];
    if publishers {
        header.push("publisher".into());
    }
    header.extend(["indicator", "measure", "value", "report_url"].map(String::from));
    let mut rows = vec![header];
    for index in indices {
        let report = &archive.reports[index];
        let url = report_url(archive, index);
        for indicator in &archive.registry.indicators {
            let Some(metric) = report.metric(&indicator.id) else { continue };
            for measure in &archive.registry.measures {
                let Some(value) = metric.values.iter().find(|v| v.measure == measure.id).and_then(|v| v.value) else {
                    continue;
                };
                let mut row = vec![report.period.to_string()];
                if publishers {
                    row.push(report.publisher.clone().unwrap_or_default());
                }
                row.extend([indicator.id.clone(), measure.id.clone(), machine_number(value), url.clone()]);
                rows.push(row);
            }
        }
    }
    rows
}

/// `period[,publisher],indicator,measure,value,report_url`: every figure of the archive.
pub fn observations_csv(archive: &Archive) -> Vec<u8> {
    csv_bytes(observation_rows(archive, 0..archive.reports.len()))
}

/// The figures of one report, in the columns of `observations.csv`.
pub fn report_csv(archive: &Archive, index: usize) -> Vec<u8> {
    csv_bytes(observation_rows(archive, std::iter::once(index)))
}

/// A map that keeps the order it was built in (registry order of measures).
struct Ordered(Vec<(String, serde_json::Value)>);

impl Serialize for Ordered {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (key, value) in &self.0 {
            map.serialize_entry(key, value)?;
        }
        map.end()
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
    series: Vec<Ordered>,
    checks: Vec<CheckJson>,
}

#[derive(Serialize)]
struct MeasureJson<'a> {
    id: &'a str,
    label: &'a str,
    unit: Option<&'a str>,
    integer: bool,
}

/// Keys of a series entry that a measure id must not shadow.
const POINT_KEYS: &[&str] = &["period", "publisher", "values", "report_url"];

/// One entry of the series: `period`, `publisher` (sites with publishers),
/// every measure as a key of its own (as in the CSV row), the same figures
/// under `values`, and `report_url`.
fn point_json(period: String, publisher: Option<String>, values: &[(String, f64)], report_url: String) -> Ordered {
    let mut entry = vec![("period".to_string(), serde_json::Value::from(period))];
    if let Some(publisher) = publisher {
        entry.push(("publisher".into(), serde_json::Value::from(publisher)));
    }
    let numbers: Vec<(String, serde_json::Value)> = values.iter().map(|(m, v)| (m.clone(), json_number(*v))).collect();
    entry.extend(numbers.iter().filter(|(m, _)| !POINT_KEYS.contains(&m.as_str())).cloned());
    let values = serde_json::Value::Object(numbers.into_iter().collect());
    entry.push(("values".into(), values));
    entry.push(("report_url".into(), serde_json::Value::from(report_url)));
    Ordered(entry)
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
    reported: Option<serde_json::Value>,
    /// What the rule gives (absent for a gap).
    #[serde(skip_serializing_if = "Option::is_none")]
    expected: Option<serde_json::Value>,
    /// For a gap: the first and last month without a figure.
    #[serde(skip_serializing_if = "Option::is_none")]
    missing: Option<[String; 2]>,
}

/// The indicator's metadata, its series and the checks that fail on it.
pub fn indicator_json(archive: &Archive, indicator: &Indicator) -> Vec<u8> {
    let series = Series::new(archive, indicator, None);
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
        url: base.absolute(&Archive::indicator_path(&indicator.id)),
        csv_url: base.absolute(&indicator_csv_path(&indicator.id)),
        measures: measures
            .iter()
            .map(|m| MeasureJson {
                id: &m.id,
                label: &m.label,
                unit: m.unit.as_deref(),
                integer: archive.registry.is_integer(indicator, m),
            })
            .collect(),
        series: series
            .points
            .iter()
            .map(|p| point_json(p.period.to_string(), publisher_of(p.report), &p.values, report_url(archive, p.report)))
            .collect(),
        checks: archive
            .findings
            .iter()
            .filter(|f| f.indicator == indicator.id)
            .map(|f| {
                let (kind, missing) = match &f.kind {
                    FindingKind::Sum { .. } => ("sum", None),
                    FindingKind::Continuity { .. } => ("continuity", None),
                    FindingKind::Gap { from, to } => ("gap", Some([from.to_string(), to.to_string()])),
                };
                let numbers = missing.is_none();
                CheckJson {
                    period: archive.reports[f.report].period.to_string(),
                    publisher: publisher_of(f.report),
                    kind,
                    measure: f.measure.clone(),
                    reported: numbers.then(|| json_number(f.actual)),
                    expected: numbers.then(|| json_number(f.expected)),
                    missing,
                }
            })
            .collect(),
    };
    let mut bytes = serde_json::to_vec_pretty(&view).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

/// One file of open data.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DataFile {
    /// `data/observations.csv`: every value.
    Observations,
    /// `data/<id>.csv` of the indicator at this index of the registry.
    IndicatorCsv(usize),
    /// `data/<id>.json`.
    IndicatorJson(usize),
    /// The figures of the report at this index of the archive.
    ReportCsv(usize),
}

/// Every data file of the site.
pub fn plan(archive: &Archive) -> Vec<DataFile> {
    if archive.registry.indicators.is_empty() {
        return Vec::new();
    }
    let mut files = vec![DataFile::Observations];
    for i in 0..archive.registry.indicators.len() {
        files.push(DataFile::IndicatorCsv(i));
        files.push(DataFile::IndicatorJson(i));
    }
    files.extend(
        (0..archive.reports.len()).filter(|&i| !archive.reports[i].metrics.is_empty()).map(DataFile::ReportCsv),
    );
    files
}

impl DataFile {
    /// The file's site path.
    pub fn path(self, archive: &Archive) -> String {
        let indicators = &archive.registry.indicators;
        match self {
            DataFile::Observations => OBSERVATIONS_PATH.to_string(),
            DataFile::IndicatorCsv(i) => indicator_csv_path(&indicators[i].id),
            DataFile::IndicatorJson(i) => indicator_json_path(&indicators[i].id),
            DataFile::ReportCsv(r) => report_csv_path(archive, &archive.reports[r]),
        }
    }

    /// Writes the file's bytes to `out`.
    pub fn write(self, archive: &Archive, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        out.write_all(&self.render(archive))
    }

    /// The file's bytes.
    pub fn render(self, archive: &Archive) -> Vec<u8> {
        let indicators = &archive.registry.indicators;
        match self {
            DataFile::Observations => observations_csv(archive),
            DataFile::IndicatorCsv(i) => indicator_csv(archive, &indicators[i]),
            DataFile::IndicatorJson(i) => indicator_json(archive, &indicators[i]),
            DataFile::ReportCsv(r) => report_csv(archive, r),
        }
    }
}

/// Every data file: `(site path, bytes)`, made in parallel.
pub fn files(archive: &Archive) -> Vec<(String, Vec<u8>)> {
    use rayon::prelude::*;
    plan(archive).into_par_iter().map(|file| (file.path(archive), file.render(archive))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn machine_numbers() {
        let cases = [
            (135368.0, "135368"),
            (-1.0, "-1"),
            (12.5, "12.5"),
            (0.0, "0"),
            (-0.25, "-0.25"),
            (1e20, "100000000000000000000"),
        ];
        for (value, want) in cases {
            assert_eq!(machine_number(value), want);
        }
    }
}
