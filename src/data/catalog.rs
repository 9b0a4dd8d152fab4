//! `/catalog.jsonld`: a DCAT catalogue of the site's open data, for data
//! portals to harvest (CKAN's ckanext-dcat reads it; the properties are
//! DCAT-AP's mandatory and recommended ones).
//!
//! One `dcat:Dataset` per indicator, one per indicator and publisher where
//! there are several (`dct:isPartOf` the indicator's), and one for every
//! figure at once (`observations.csv` and the Data Package). Each has its
//! `dcat:Distribution`s with media type, format, download URL, byte size and
//! licence. Dates come from the reports (their `issued` date, else the
//! first day after their month): nothing depends on the clock. The context
//! is written inline, so no parser has to fetch anything to read it.

use serde_json::{Map, Value, json};

use super::{DataFile, Sizes};
use crate::archive::Archive;
use crate::period::Period;
use crate::registry::Indicator;
use crate::render::cite;
use crate::series::Series;

const MONTHLY: &str = "http://publications.europa.eu/resource/authority/frequency/MONTHLY";
const FILE_TYPE: &str = "http://publications.europa.eu/resource/authority/file-type/";
const MEDIA_TYPE: &str = "http://www.iana.org/assignments/media-types/";

fn context() -> Value {
    json!({
        "dcat": "http://www.w3.org/ns/dcat#",
        "dct": "http://purl.org/dc/terms/",
        "foaf": "http://xmlns.com/foaf/0.1/",
        "vcard": "http://www.w3.org/2006/vcard/ns#",
        "xsd": "http://www.w3.org/2001/XMLSchema#",
    })
}

fn text(archive: &Archive, value: &str) -> Value {
    json!({ "@value": value, "@language": archive.config.language.code() })
}

fn date(value: String) -> Value {
    json!({ "@value": value, "@type": "xsd:date" })
}

fn days_in(period: Period) -> u8 {
    match period.month {
        2 if period.year % 4 == 0 && (period.year % 100 != 0 || period.year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// `dct:PeriodOfTime` from the first day of `first` to the last of `last`.
fn temporal(first: Period, last: Period) -> Value {
    json!({
        "@type": "dct:PeriodOfTime",
        "dcat:startDate": date(format!("{:04}-{:02}-01", first.year, first.month)),
        "dcat:endDate": date(format!("{:04}-{:02}-{:02}", last.year, last.month, days_in(last))),
    })
}

/// When a report was last changed, as far as the archive knows: its
/// `issued` date, else the first day after its month.
pub(crate) fn report_date(archive: &Archive, index: usize) -> String {
    let report = &archive.reports[index];
    report.issued.map(|d| d.to_string()).unwrap_or_else(|| {
        let next = report.period.next();
        format!("{:04}-{:02}-01", next.year, next.month)
    })
}

/// The latest date among reports, for `dct:modified`.
fn modified(archive: &Archive, reports: impl Iterator<Item = usize>) -> Option<String> {
    reports.map(|i| report_date(archive, i)).max()
}

fn keywords(archive: &Archive, indicator: &Indicator, publisher: Option<&str>) -> Vec<Value> {
    let mut words: Vec<String> = vec![indicator.name.clone()];
    words.extend(indicator.short.clone());
    words.extend(indicator.group.clone());
    words.extend(publisher.and_then(|p| cite::publisher_name(archive, p)));
    words.dedup();
    words.iter().map(|w| text(archive, w)).collect()
}

fn license(archive: &Archive) -> Option<Value> {
    archive
        .config
        .license
        .as_ref()
        .map(|l| json!({ "@id": l.url, "@type": "dct:LicenseDocument", "dct:title": l.name, "dct:identifier": l.id }))
}

fn agent(id: String, name: String) -> Value {
    json!({ "@id": id, "@type": "foaf:Agent", "foaf:name": name })
}

fn site_publisher(archive: &Archive) -> Value {
    agent(format!("{}#publisher", archive.config.base_url.absolute("")), cite::site_author(archive))
}

fn contact_point(archive: &Archive) -> Value {
    let config = &archive.config;
    let mut contact = Map::new();
    contact.insert("@type".into(), json!("vcard:Organization"));
    match &config.contact {
        Some(c) => {
            contact.insert("vcard:fn".into(), json!(c.name));
            if let Some(email) = &c.email {
                contact.insert("vcard:hasEmail".into(), json!({ "@id": format!("mailto:{email}") }));
            }
        }
        None => {
            contact.insert("vcard:fn".into(), json!(cite::site_author(archive)));
        }
    }
    contact.insert("vcard:hasURL".into(), json!({ "@id": config.base_url.absolute("") }));
    Value::Object(contact)
}

/// One distribution: a file of the site with what it is.
struct Dist<'a> {
    id: String,
    title: String,
    path: &'a str,
    landing: String,
    format: &'static str,
    media: &'static str,
}

fn distribution(archive: &Archive, sizes: &Sizes, d: Dist) -> Value {
    let base = &archive.config.base_url;
    let mut node = Map::new();
    node.insert("@id".into(), json!(d.id));
    node.insert("@type".into(), json!("dcat:Distribution"));
    node.insert("dct:title".into(), text(archive, &d.title));
    node.insert("dcat:accessURL".into(), json!({ "@id": d.landing }));
    node.insert("dcat:downloadURL".into(), json!({ "@id": base.absolute(d.path) }));
    node.insert("dcat:mediaType".into(), json!({ "@id": format!("{MEDIA_TYPE}{}", d.media) }));
    node.insert("dct:format".into(), json!({ "@id": format!("{FILE_TYPE}{}", d.format) }));
    if let Some(bytes) = sizes.get(d.path) {
        node.insert("dcat:byteSize".into(), json!({ "@value": bytes.to_string(), "@type": "xsd:nonNegativeInteger" }));
    }
    if let Some(license) = license(archive) {
        node.insert("dct:license".into(), license);
    }
    Value::Object(node)
}

/// The dataset of an indicator, or of one publisher's series of it.
fn dataset(archive: &Archive, sizes: &Sizes, i: usize, publisher: Option<&str>) -> Value {
    let base = &archive.config.base_url;
    let indicator = &archive.registry.indicators[i];
    let series = Series::new(archive, indicator, publisher);
    let indicator_page = base.absolute(&crate::routes::indicator(&indicator.id));
    let page = match publisher {
        Some(p) => base.absolute(&crate::routes::indicator_publisher(&indicator.id, p)),
        None => indicator_page.clone(),
    };
    let publisher_name = publisher.and_then(|p| cite::publisher_name(archive, p));
    let title = match &publisher_name {
        Some(name) => format!("{} — {name}", indicator.name),
        None => indicator.name.clone(),
    };
    let description = indicator.description.clone().unwrap_or_else(|| {
        let unit = indicator.unit.as_deref().map(|u| format!(" ({u})")).unwrap_or_default();
        archive.config.locale.fill("catalog_indicator_text", &[("name", &indicator.name), ("unit", &unit)])
    });
    let mut node = Map::new();
    node.insert("@id".into(), json!(format!("{page}#dataset")));
    node.insert("@type".into(), json!("dcat:Dataset"));
    node.insert("dct:identifier".into(), json!(page));
    node.insert("dct:title".into(), text(archive, &title));
    node.insert("dct:description".into(), text(archive, &description));
    node.insert("dcat:keyword".into(), Value::Array(keywords(archive, indicator, publisher)));
    node.insert("dcat:landingPage".into(), json!({ "@id": page }));
    node.insert("dct:language".into(), json!({ "@id": archive.config.language.eu_authority() }));
    node.insert("dct:accrualPeriodicity".into(), json!({ "@id": MONTHLY }));
    let who = match (publisher, &publisher_name) {
        (Some(p), Some(name)) => agent(format!("{}#publisher", base.absolute(&format!("reports/{p}/"))), name.clone()),
        _ => site_publisher(archive),
    };
    node.insert("dct:publisher".into(), who);
    node.insert("dcat:contactPoint".into(), contact_point(archive));
    if let Some(license) = license(archive) {
        node.insert("dct:license".into(), license);
    }
    if let (Some(first), Some(last)) = (series.first_period(), series.last_period()) {
        node.insert("dct:temporal".into(), temporal(first, last));
    }
    if let Some(date_text) = modified(archive, series.points.iter().map(|p| p.report)) {
        node.insert("dct:modified".into(), date(date_text));
    }
    // A publisher's series has files of its own (data/<id>/publishers/<p>.*).
    let (csv, json_path) = match publisher {
        Some(p) => (super::publisher_csv_path(&indicator.id, p), super::publisher_json_path(&indicator.id, p)),
        None => (super::indicator_csv_path(&indicator.id), super::indicator_json_path(&indicator.id)),
    };
    let (svg, png) =
        (crate::routes::chart_svg(&indicator.id, publisher), crate::routes::chart_png(&indicator.id, publisher));
    let dists = [
        Dist {
            id: format!("{page}#csv"),
            title: archive.config.locale.text("catalog_csv").into(),
            path: &csv,
            landing: page.clone(),
            format: "CSV",
            media: "text/csv",
        },
        Dist {
            id: format!("{page}#json"),
            title: archive.config.locale.text("catalog_json").into(),
            path: &json_path,
            landing: page.clone(),
            format: "JSON",
            media: "application/json",
        },
        Dist {
            id: format!("{page}#png"),
            title: archive.config.locale.text("catalog_png").into(),
            path: &png,
            landing: page.clone(),
            format: "PNG",
            media: "image/png",
        },
        Dist {
            id: format!("{page}#svg"),
            title: archive.config.locale.text("catalog_svg").into(),
            path: &svg,
            landing: page.clone(),
            format: "SVG",
            media: "image/svg+xml",
        },
    ];
    let dists: Vec<Value> = dists.into_iter().map(|d| distribution(archive, sizes, d)).collect();
    node.insert("dcat:distribution".into(), Value::Array(dists));
    match publisher {
        Some(_) => {
            node.insert("dct:isPartOf".into(), json!({ "@id": format!("{indicator_page}#dataset") }));
        }
        None if !archive.config.publishers.is_empty() => {
            let parts: Vec<Value> = archive
                .config
                .publishers
                .iter()
                .map(|p| json!({ "@id": format!("{}#dataset", base.absolute(&crate::routes::indicator_publisher(&indicator.id, &p.id))) }))
                .collect();
            node.insert("dct:hasPart".into(), Value::Array(parts));
        }
        None => {}
    }
    Value::Object(node)
}

/// The dataset of every figure at once: `observations.csv` and the Data Package.
fn observations_dataset(archive: &Archive, sizes: &Sizes) -> Value {
    let base = &archive.config.base_url;
    let page = base.absolute("data/");
    let mut node = Map::new();
    node.insert("@id".into(), json!(format!("{page}#observations")));
    node.insert("@type".into(), json!("dcat:Dataset"));
    node.insert("dct:identifier".into(), json!(format!("{page}#observations")));
    node.insert("dct:title".into(), text(archive, archive.config.locale.text("data_observations_title")));
    let (_, _, description) = super::package::describe(archive, DataFile::Observations);
    node.insert("dct:description".into(), text(archive, &description));
    let keywords: Vec<Value> = archive.registry.groups().iter().map(|k| text(archive, k)).collect();
    node.insert("dcat:keyword".into(), Value::Array(keywords));
    node.insert("dcat:landingPage".into(), json!({ "@id": page }));
    node.insert("dct:language".into(), json!({ "@id": archive.config.language.eu_authority() }));
    node.insert("dct:accrualPeriodicity".into(), json!({ "@id": MONTHLY }));
    node.insert("dct:publisher".into(), site_publisher(archive));
    node.insert("dcat:contactPoint".into(), contact_point(archive));
    if let Some(license) = license(archive) {
        node.insert("dct:license".into(), license);
    }
    let periods = || archive.reports.iter().filter(|r| !r.metrics.is_empty()).map(|r| r.period);
    if let (Some(first), Some(last)) = (periods().min(), periods().max()) {
        node.insert("dct:temporal".into(), temporal(first, last));
    }
    if let Some(date_text) = modified(archive, 0..archive.reports.len()) {
        node.insert("dct:modified".into(), date(date_text));
    }
    let dists = [
        Dist {
            id: format!("{page}#observations-csv"),
            title: archive.config.locale.text("catalog_observations_csv").into(),
            path: super::OBSERVATIONS_PATH,
            landing: page.clone(),
            format: "CSV",
            media: "text/csv",
        },
        Dist {
            id: format!("{page}#datapackage"),
            title: "Frictionless Data Package".into(),
            path: crate::routes::DATAPACKAGE,
            landing: page.clone(),
            format: "JSON",
            media: "application/json",
        },
    ];
    let mut dists: Vec<Value> = dists.into_iter().map(|d| distribution(archive, sizes, d)).collect();
    if let Some(Value::Object(package)) = dists.last_mut() {
        package.insert("dct:conformsTo".into(), json!({ "@id": "https://datapackage.org/standard/data-package/" }));
    }
    node.insert("dcat:distribution".into(), Value::Array(dists));
    Value::Object(node)
}

/// `/catalog.jsonld`; `sizes` holds the byte size of each file written.
pub fn catalog(archive: &Archive, sizes: &Sizes) -> Vec<u8> {
    let config = &archive.config;
    let base = &config.base_url;
    let mut datasets = Vec::new();
    if !archive.registry.indicators.is_empty() {
        datasets.push(observations_dataset(archive, sizes));
    }
    for i in 0..archive.registry.indicators.len() {
        datasets.push(dataset(archive, sizes, i, None));
        for publisher in &config.publishers {
            datasets.push(dataset(archive, sizes, i, Some(&publisher.id)));
        }
    }
    let mut node = Map::new();
    node.insert("@context".into(), context());
    node.insert("@id".into(), json!(base.absolute(crate::routes::CATALOG)));
    node.insert("@type".into(), json!("dcat:Catalog"));
    node.insert("dct:title".into(), text(archive, &config.title));
    let description = config.description.clone().unwrap_or_else(|| config.title.clone());
    node.insert("dct:description".into(), text(archive, &description));
    node.insert("foaf:homepage".into(), json!({ "@id": base.absolute("") }));
    node.insert("dct:language".into(), json!({ "@id": config.language.eu_authority() }));
    node.insert("dct:publisher".into(), site_publisher(archive));
    node.insert("dcat:contactPoint".into(), contact_point(archive));
    if let Some(license) = license(archive) {
        node.insert("dct:license".into(), license);
    }
    if let Some(date_text) = modified(archive, 0..archive.reports.len()) {
        node.insert("dct:modified".into(), date(date_text));
    }
    node.insert("dcat:dataset".into(), Value::Array(datasets));
    let mut bytes = serde_json::to_vec_pretty(&Value::Object(node)).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_end_on_their_last_day() {
        let cases =
            [("2014-02", 28), ("2016-02", 29), ("2000-02", 29), ("1900-02", 28), ("2014-04", 30), ("2014-12", 31)];
        for (text, days) in cases {
            assert_eq!(days_in(Period::parse(text).unwrap()), days, "{text}");
        }
    }
}
