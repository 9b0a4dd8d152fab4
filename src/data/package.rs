//! `/datapackage.json`: a Frictionless Data Package (v2) of every CSV file
//! under `/data/`, each with its Table Schema.
//!
//! The schemas come from the same column definitions the CSV writers take
//! their header rows from ([`DataFile::columns`]), so a column added to a
//! file is described here without anyone remembering to. Each report's CSV
//! shares one schema file ([`REPORT_SCHEMA_PATH`]) instead of repeating it
//! thousands of times. Byte sizes are those of the files as written.

use serde_json::{Map, Value, json};

use super::{ColumnKind, CsvColumn, DataFile, Sizes};
use crate::archive::Archive;

/// The Table Schema shared by every report's CSV (the columns of `observations.csv`).
pub(crate) const REPORT_SCHEMA_PATH: &str = crate::routes::REPORT_SCHEMA;
const PROFILE: &str = "https://datapackage.org/profiles/2.0/datapackage.json";
const SCHEMA_PROFILE: &str = "https://datapackage.org/profiles/2.0/tableschema.json";

/// A file's name in the package (`fixed-wired`, `report-quang-ninh-2014-08`),
/// its title and what it holds, in the site language (strings from the
/// theme's i18n files, keys `data_*`).
pub(crate) fn describe(archive: &Archive, file: DataFile) -> (String, String, String) {
    let l = &archive.config.locale;
    let indicators = &archive.registry.indicators;
    let publisher_name = |p: usize| archive.config.publishers[p].latest_name().to_string();
    match file {
        DataFile::Observations => {
            ("observations".into(), l.text("data_observations_title").into(), l.text("data_observations_text").into())
        }
        DataFile::IndicatorCsv(i) => {
            let indicator = &indicators[i];
            (
                indicator.id.clone(),
                indicator.name.clone(),
                l.fill("data_indicator_csv_text", &[("name", &indicator.name)]),
            )
        }
        DataFile::IndicatorJson(i) => {
            let indicator = &indicators[i];
            (
                format!("{}-json", indicator.id),
                indicator.name.clone(),
                l.fill("data_indicator_json_text", &[("name", &indicator.name)]),
            )
        }
        DataFile::PublisherCsv(i, p) | DataFile::PublisherJson(i, p) => {
            let indicator = &indicators[i];
            let json = matches!(file, DataFile::PublisherJson(..));
            let publisher = publisher_name(p);
            (
                format!("{}-{}{}", indicator.id, archive.config.publishers[p].id, if json { "-json" } else { "" }),
                format!("{} — {publisher}", indicator.name),
                l.fill(
                    if json { "data_publisher_json_text" } else { "data_publisher_csv_text" },
                    &[("name", &indicator.name), ("publisher", &publisher)],
                ),
            )
        }
        DataFile::ByPublisherCsv(i) => {
            let indicator = &indicators[i];
            (
                format!("{}-by-publisher", indicator.id),
                l.fill("data_by_publisher_title", &[("name", &indicator.name)]),
                l.fill("data_by_publisher_text", &[("name", &indicator.name)]),
            )
        }
        DataFile::Revisions => {
            ("revisions".into(), l.text("data_revisions_title").into(), l.text("data_revisions_text").into())
        }
        DataFile::ReportCsv(r) => {
            let report = &archive.reports[r];
            let name = match report.publisher.as_deref().filter(|_| !archive.config.publishers.is_empty()) {
                Some(p) => format!("report-{p}-{}", report.period),
                None => format!("report-{}", report.period),
            };
            let title = l.fill("data_report_title", &[("period", &l.period(report.period))]);
            let who = crate::render::cite::author(archive, report);
            (name, format!("{title} — {who}"), report.title.clone())
        }
    }
}

/// The Table Schema type (and format) of a column.
fn field_type(kind: ColumnKind) -> (&'static str, Option<&'static str>) {
    match kind {
        ColumnKind::Period => ("yearmonth", None),
        ColumnKind::Date => ("date", None),
        ColumnKind::Text => ("string", None),
        ColumnKind::Url => ("string", Some("uri")),
        ColumnKind::Integer => ("integer", None),
        ColumnKind::Number => ("number", None),
    }
}

/// The Table Schema of a CSV file with these columns.
pub(crate) fn table_schema(columns: &[CsvColumn]) -> Value {
    let fields: Vec<Value> = columns
        .iter()
        .map(|column| {
            let (kind, format) = field_type(column.kind);
            let mut field = Map::new();
            field.insert("name".into(), json!(column.name));
            field.insert("title".into(), json!(column.title));
            field.insert("description".into(), json!(column.description));
            field.insert("type".into(), json!(kind));
            if let Some(format) = format {
                field.insert("format".into(), json!(format));
            }
            if column.required {
                field.insert("constraints".into(), json!({ "required": true }));
            }
            Value::Object(field)
        })
        .collect();
    let key: Vec<&str> = columns.iter().filter(|c| c.key).map(|c| c.name.as_str()).collect();
    json!({
        "$schema": SCHEMA_PROFILE,
        "fields": fields,
        "missingValues": [""],
        "primaryKey": key,
    })
}

/// The schema file every report's CSV points to.
pub(crate) fn report_schema(archive: &Archive) -> Vec<u8> {
    pretty(&table_schema(&super::observation_columns(archive)))
}

fn pretty(value: &Value) -> Vec<u8> {
    let mut bytes = serde_json::to_vec_pretty(value).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

/// The licence as a Data Package `licenses` entry.
fn licenses(archive: &Archive) -> Option<Value> {
    let license = archive.config.license.as_ref()?;
    Some(json!([{ "name": license.id, "title": license.name, "path": license.url }]))
}

/// `/datapackage.json`; `sizes` holds the byte size of each file written.
pub fn datapackage(archive: &Archive, sizes: &Sizes) -> Vec<u8> {
    let config = &archive.config;
    let base = &config.base_url;
    let mut resources = Vec::new();
    for file in super::files(archive) {
        let Some(columns) = file.columns(archive) else { continue };
        let path = file.path(archive);
        let (name, title, description) = describe(archive, file);
        let mut resource = Map::new();
        resource.insert("name".into(), json!(name));
        resource.insert("type".into(), json!("table"));
        resource.insert("path".into(), json!(path));
        resource.insert("title".into(), json!(title));
        resource.insert("description".into(), json!(description));
        resource.insert("format".into(), json!("csv"));
        resource.insert("mediatype".into(), json!("text/csv"));
        resource.insert("encoding".into(), json!("utf-8"));
        if let Some(bytes) = sizes.get(&path) {
            resource.insert("bytes".into(), json!(bytes));
        }
        let schema = match file {
            DataFile::ReportCsv(_) => json!(REPORT_SCHEMA_PATH),
            _ => table_schema(&columns),
        };
        resource.insert("schema".into(), schema);
        resources.push(Value::Object(resource));
    }
    let mut package = Map::new();
    package.insert("$schema".into(), json!(PROFILE));
    let mut name = crate::text::slugify(&config.title);
    if name.is_empty() {
        name = "annals".into();
    }
    package.insert("name".into(), json!(name));
    package.insert("id".into(), json!(base.absolute("")));
    package.insert("title".into(), json!(config.title));
    if let Some(description) = &config.description {
        package.insert("description".into(), json!(description));
    }
    package.insert("homepage".into(), json!(base.absolute("")));
    if let Some(licenses) = licenses(archive) {
        package.insert("licenses".into(), licenses);
    }
    let mut contributors = vec![json!({
        "title": crate::render::cite::site_author(archive),
        "path": base.absolute(""),
        "roles": ["publisher"],
    })];
    if let Some(contact) = &config.contact {
        let mut entry = Map::new();
        entry.insert("title".into(), json!(contact.name));
        if let Some(email) = &contact.email {
            entry.insert("email".into(), json!(email));
        }
        entry.insert("roles".into(), json!(["contact"]));
        contributors.push(Value::Object(entry));
    }
    package.insert("contributors".into(), Value::Array(contributors));
    let keywords = archive.registry.groups();
    if !keywords.is_empty() {
        package.insert("keywords".into(), json!(keywords));
    }
    package.insert("resources".into(), Value::Array(resources));
    pretty(&Value::Object(package))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schema_follows_the_columns() {
        let columns = vec![
            CsvColumn {
                name: "period".into(),
                title: "period".into(),
                kind: ColumnKind::Period,
                required: true,
                key: true,
                description: String::new(),
                unit: None,
            },
            CsvColumn {
                name: "total".into(),
                title: "Hiện có".into(),
                kind: ColumnKind::Integer,
                required: false,
                key: false,
                description: String::new(),
                unit: Some("thuê bao".into()),
            },
            CsvColumn {
                name: "report_url".into(),
                title: "report_url".into(),
                kind: ColumnKind::Url,
                required: true,
                key: false,
                description: String::new(),
                unit: None,
            },
        ];
        let schema = table_schema(&columns);
        assert_eq!(schema["primaryKey"], json!(["period"]));
        assert_eq!(schema["missingValues"], json!([""]));
        let fields = schema["fields"].as_array().unwrap();
        let types: Vec<&str> = fields.iter().map(|f| f["type"].as_str().unwrap()).collect();
        assert_eq!(types, ["yearmonth", "integer", "string"]);
        assert_eq!(fields[2]["format"], "uri");
        assert_eq!(fields[0]["constraints"]["required"], true);
        assert!(fields[1].get("constraints").is_none());
    }
}
