//! What a page gives those who share, cite or reuse it: Open Graph and
//! Twitter card tags (absolute URLs under `base_url`), the schema.org
//! `Dataset` JSON-LD of indicator pages, "how to cite" in Vietnamese and
//! English, and the chart downloads and embed code beside a chart.
//!
//! Templates get it as `share` on every page, and the site-wide part
//! (licence, contact, catalogue links) as `open_site`.

use serde::Serialize;
use serde_json::{Map, Value, json};

use super::cite::{self, Citation};
use super::indicator_views::headline_unit;
use super::takeaway::{self, ChartImage};
use super::views::{PageMeta, Views};
use super::{Page, PageKind};
use crate::archive::Archive;
use crate::data;
use crate::series::Series;

/// Site-wide open-data facts, for the footer and the catalogue page.
#[derive(Serialize, Clone, Debug)]
pub(crate) struct OpenSite {
    pub(crate) license: Option<LicenseView>,
    pub(crate) contact: Option<ContactView>,
    /// `/data/` (the catalogue page); empty on a site without indicators.
    pub(crate) data_url: String,
    pub(crate) datapackage_url: String,
    pub(crate) catalog_url: String,
}

#[derive(Serialize, Clone, Debug)]
pub(crate) struct LicenseView {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) url: String,
}

#[derive(Serialize, Clone, Debug)]
pub(crate) struct ContactView {
    pub(crate) name: String,
    pub(crate) email: Option<String>,
}

/// One page's sharing and citing.
#[derive(Serialize, Clone, Debug)]
pub(crate) struct ShareView {
    /// `website`, or `article` for a report.
    pub(crate) og_type: &'static str,
    pub(crate) title: String,
    pub(crate) description: String,
    /// Absolute.
    pub(crate) url: String,
    /// Absolute: the chart's PNG on an indicator page, else the site's card.
    pub(crate) image: String,
    pub(crate) image_width: u32,
    pub(crate) image_height: u32,
    pub(crate) image_alt: String,
    pub(crate) site_name: String,
    /// `vi_VN` or `en_US`.
    pub(crate) locale: &'static str,
    /// schema.org JSON-LD, ready for a `<script type="application/ld+json">`
    /// (insert with `| safe`: `<` is escaped inside).
    pub(crate) jsonld: Option<String>,
    /// How to cite this page (reports and indicators).
    pub(crate) citation: Option<Citation>,
    /// The chart downloads and embed code (indicator pages).
    pub(crate) chart: Option<ChartLinks>,
}

#[derive(Serialize, Clone, Debug)]
pub(crate) struct ChartLinks {
    pub(crate) svg_url: String,
    pub(crate) png_url: String,
    /// The page other sites may frame.
    pub(crate) embed_url: String,
    /// `<iframe …>` to paste into another page.
    pub(crate) embed_code: String,
}

pub(crate) fn site(views: &Views) -> OpenSite {
    let config = &views.archive.config;
    let has_data = !views.archive.registry.indicators.is_empty();
    OpenSite {
        license: config.license.as_ref().map(|l| LicenseView {
            id: l.id.clone(),
            name: l.name.clone(),
            url: l.url.clone(),
        }),
        contact: config.contact.as_ref().map(|c| ContactView { name: c.name.clone(), email: c.email.clone() }),
        data_url: if has_data { views.url(crate::routes::DATA_PAGE) } else { String::new() },
        datapackage_url: views.url(crate::routes::DATAPACKAGE),
        catalog_url: views.url(crate::routes::CATALOG),
    }
}

/// The embed page of an indicator's chart (`embed/<id>/`, `embed/<id>/<publisher>/`).
pub(crate) fn embed_path<B>(archive: &Archive<B>, image: ChartImage) -> String {
    crate::routes::embed(&archive.registry.indicators[image.indicator()].id, image.publisher(archive))
}

/// The chart image of an indicator page or embed page.
pub(crate) fn page_chart(page: &Page) -> Option<ChartImage> {
    match page.kind {
        PageKind::Indicator(i) => Some(ChartImage::Indicator(i)),
        PageKind::IndicatorPublisher(i, p) => Some(ChartImage::Publisher(i, p)),
        PageKind::Embed(i, None) => Some(ChartImage::Indicator(i)),
        PageKind::Embed(i, Some(p)) => Some(ChartImage::Publisher(i, p)),
        _ => None,
    }
}

/// `<` and `>` escaped, so the JSON cannot close its `<script>` element.
fn script_safe(value: &Value) -> String {
    serde_json::to_string(value).unwrap_or_default().replace('<', "\\u003c").replace('>', "\\u003e")
}

pub(crate) fn page(views: &Views, page: &Page, meta: &PageMeta) -> ShareView {
    let archive = views.archive;
    let config = &archive.config;
    let base = &config.base_url;
    let chart = page_chart(page);
    let (image, image_alt) = match chart {
        Some(image) => (base.absolute(&image.png_path(archive)), format!("{} — {}", meta.title, config.title)),
        None => (base.absolute(takeaway::CARD_PATH), config.title.clone()),
    };
    let description = if meta.description.is_empty() {
        config.description.clone().unwrap_or_else(|| config.title.clone())
    } else {
        crate::text::truncate_words(&meta.description, 300)
    };
    let citation = match page.kind {
        PageKind::Report(index) => Some(cite::report(archive, index)),
        _ => chart.map(|image| {
            cite::indicator(archive, &archive.registry.indicators[image.indicator()], image.publisher(archive))
        }),
    };
    let jsonld = match page.kind {
        PageKind::Indicator(_) | PageKind::IndicatorPublisher(..) => {
            chart.map(|image| script_safe(&dataset(views, image)))
        }
        _ => None,
    };
    ShareView {
        og_type: if matches!(page.kind, PageKind::Report(_)) { "article" } else { "website" },
        title: meta.title.clone(),
        description,
        url: meta.canonical.clone(),
        image,
        image_width: takeaway::WIDTH,
        image_height: takeaway::HEIGHT,
        image_alt,
        site_name: config.title.clone(),
        locale: config.language.og_locale(),
        jsonld,
        citation,
        chart: chart.map(|image| chart_links(views, image, &meta.title)),
    }
}

fn chart_links(views: &Views, image: ChartImage, title: &str) -> ChartLinks {
    let archive = views.archive;
    let base = &archive.config.base_url;
    let embed = base.absolute(&embed_path(archive, image));
    let title = crate::text::escape_html(title);
    ChartLinks {
        svg_url: views.url(&image.svg_path(archive)),
        png_url: views.url(&image.png_path(archive)),
        embed_code: format!(
            "<iframe src=\"{embed}\" title=\"{title}\" width=\"600\" height=\"360\" loading=\"lazy\" style=\"border:0;max-width:100%\"></iframe>"
        ),
        embed_url: embed,
    }
}

/// The schema.org `Dataset` of an indicator page.
pub(crate) fn dataset(views: &Views, image: ChartImage) -> Value {
    let archive = views.archive;
    let config = &archive.config;
    let base = &config.base_url;
    let indicator = &archive.registry.indicators[image.indicator()];
    let publisher = image.publisher(archive);
    let series = Series::new(archive, indicator, publisher);
    let url = base.absolute(&image.dir(archive));
    let publisher_name = publisher.and_then(|p| cite::publisher_name(archive, p));
    let name = match &publisher_name {
        Some(p) => format!("{} — {p}", indicator.name),
        None => indicator.name.clone(),
    };
    let description = indicator.description.clone().unwrap_or_else(|| {
        let unit = indicator.unit.as_deref().map(|u| format!(" ({u})")).unwrap_or_default();
        config
            .locale
            .fill("share_indicator_text", &[("name", &indicator.name), ("unit", &unit), ("site", &config.title)])
    });
    let creator = publisher_name.clone().unwrap_or_else(|| cite::site_author(archive));
    let mut node = Map::new();
    node.insert("@context".into(), json!("https://schema.org"));
    node.insert("@type".into(), json!("Dataset"));
    node.insert("name".into(), json!(name));
    node.insert("description".into(), json!(description));
    node.insert("url".into(), json!(url));
    node.insert("identifier".into(), json!(url));
    node.insert("inLanguage".into(), json!(config.language.code()));
    node.insert("isAccessibleForFree".into(), json!(true));
    node.insert("creator".into(), json!({ "@type": "Organization", "name": creator }));
    node.insert(
        "publisher".into(),
        json!({ "@type": "Organization", "name": cite::site_author(archive), "url": base.absolute("") }),
    );
    let mut keywords = vec![indicator.name.clone()];
    keywords.extend(indicator.group.clone());
    node.insert("keywords".into(), json!(keywords));
    if let (Some(first), Some(last)) = (series.first_period(), series.last_period()) {
        node.insert("temporalCoverage".into(), json!(format!("{first}/{last}")));
    }
    node.insert("spatialCoverage".into(), json!({ "@type": "Place", "name": place(archive, &series, publisher) }));
    let unit = headline_unit(archive, indicator);
    let measured: Vec<Value> = series
        .measures_used(archive)
        .iter()
        .map(|m| {
            let unit = m.unit.as_deref().or(if m.id == indicator.headline { unit } else { indicator.unit.as_deref() });
            let mut v = json!({ "@type": "PropertyValue", "name": m.label, "propertyID": m.id });
            if let Some(unit) = unit {
                v["unitText"] = json!(unit);
            }
            v
        })
        .collect();
    node.insert("variableMeasured".into(), Value::Array(measured));
    if let Some(license) = &config.license {
        node.insert("license".into(), json!(license.url));
    }
    let download = |path: &str, format: &str| json!({ "@type": "DataDownload", "encodingFormat": format, "contentUrl": base.absolute(path) });
    node.insert(
        "distribution".into(),
        json!([
            download(&data::indicator_csv_path(&indicator.id), "text/csv"),
            download(&data::indicator_json_path(&indicator.id), "application/json"),
        ]),
    );
    node.insert("image".into(), json!(base.absolute(&image.png_path(archive))));
    if let Some(modified) = series.points.iter().map(|p| data::catalog::report_date(archive, p.report)).max() {
        node.insert("dateModified".into(), json!(modified));
    }
    node.insert(
        "includedInDataCatalog".into(),
        json!({ "@type": "DataCatalog", "name": config.title, "url": base.absolute(crate::routes::DATA_PAGE) }),
    );
    Value::Object(node)
}

/// Where the figures are about: the `place` of the series' reports (one per
/// publisher), else the publishers' or the site's name.
fn place(archive: &Archive, series: &Series, publisher: Option<&str>) -> String {
    let mut places: Vec<String> =
        series.points.iter().filter_map(|p| archive.reports[p.report].place.clone()).collect();
    places.sort();
    places.dedup();
    if !places.is_empty() {
        return places.join(", ");
    }
    match publisher.and_then(|p| cite::publisher_name(archive, p)) {
        Some(name) => name,
        None => cite::site_author(archive),
    }
}
