//! `/data/`, the catalogue page: every download with its format, size and
//! what it holds, the licence, the contact and a citation line; and the
//! `/embed/<id>/` pages other sites may frame.
//!
//! The catalogue is rendered after the files it lists were written, so it
//! gives their real sizes ([`Views::sizes`]).

use serde::Serialize;

use super::cite::{self, Citation};
use super::takeaway::{self, ChartImage};
use super::views::{Link, Views};
use crate::archive::Archive;
use crate::data::{self, DataFile};

#[derive(Serialize, Clone, Debug)]
pub(crate) struct DataPageView {
    /// The machine-readable descriptions: Data Package and DCAT catalogue.
    pub(crate) catalogues: Vec<DataEntry>,
    /// Every figure at once.
    pub(crate) all: Vec<DataEntry>,
    /// Per indicator: its CSV, JSON and chart images.
    pub(crate) indicators: Vec<IndicatorFiles>,
    /// Reports' own CSV files: how many, and their total size (listed on each report's page).
    pub(crate) report_files: String,
    pub(crate) citation: Citation,
}

#[derive(Serialize, Clone, Debug)]
pub(crate) struct IndicatorFiles {
    pub(crate) name: String,
    pub(crate) url: String,
    pub(crate) files: Vec<DataEntry>,
}

#[derive(Serialize, Clone, Debug)]
pub(crate) struct DataEntry {
    pub(crate) title: String,
    pub(crate) url: String,
    /// `CSV`, `JSON`, `JSON-LD`, `PNG`, `SVG`.
    pub(crate) format: &'static str,
    /// Formatted for the site language (`12,3 kB`); empty when unknown.
    pub(crate) size: String,
    /// Plain byte count, empty when unknown.
    pub(crate) bytes: String,
    pub(crate) description: String,
}

/// `532 B`, `12,3 kB`, `4,1 MB` in the site language (1 kB = 1000 bytes).
pub(crate) fn size_text(views: &Views, bytes: u64) -> String {
    let l = &views.locale;
    let b = bytes as f64;
    if bytes < 1000 {
        format!("{bytes} B")
    } else if bytes < 1_000_000 {
        format!("{} kB", l.number((b / 100.0).round() / 10.0, 1))
    } else {
        format!("{} MB", l.number((b / 100_000.0).round() / 10.0, 1))
    }
}

fn entry(views: &Views, path: &str, title: String, format: &'static str, description: String) -> DataEntry {
    let size = views.sizes.get().and_then(|s| s.get(path)).copied();
    DataEntry {
        title,
        url: views.url(path),
        format,
        size: size.map(|b| size_text(views, b)).unwrap_or_default(),
        bytes: size.map(|b| b.to_string()).unwrap_or_default(),
        description,
    }
}

pub(crate) fn view(views: &Views) -> DataPageView {
    let archive = views.archive;
    let l = &views.locale;
    let catalogues = vec![
        entry(
            views,
            crate::routes::DATAPACKAGE,
            "datapackage.json".into(),
            "JSON",
            l.text("data_page_datapackage").into(),
        ),
        entry(views, crate::routes::CATALOG, "catalog.jsonld".into(), "JSON-LD", l.text("data_page_catalog").into()),
    ];
    let (_, title, description) = data::package::describe(archive, DataFile::Observations);
    let all = vec![entry(views, data::OBSERVATIONS_PATH, title, "CSV", description)];
    let indicators = archive
        .registry
        .indicators
        .iter()
        .enumerate()
        .map(|(i, indicator)| {
            let (_, _, csv_text) = data::package::describe(archive, DataFile::IndicatorCsv(i));
            let (_, _, json_text) = data::package::describe(archive, DataFile::IndicatorJson(i));
            let image = ChartImage::Indicator(i);
            let chart_text = l.text("data_page_chart").to_string();
            let mut files = vec![
                entry(
                    views,
                    &data::indicator_csv_path(&indicator.id),
                    format!("{}.csv", indicator.id),
                    "CSV",
                    csv_text,
                ),
                entry(
                    views,
                    &data::indicator_json_path(&indicator.id),
                    format!("{}.json", indicator.id),
                    "JSON",
                    json_text,
                ),
                entry(views, &image.png_path(archive), "chart.png".into(), "PNG", chart_text.clone()),
                entry(views, &image.svg_path(archive), "chart.svg".into(), "SVG", chart_text),
            ];
            if !archive.config.publishers.is_empty() {
                // The per-publisher CSV/JSON files are linked from each
                // publisher's indicator page; the table of all of them is here.
                let (_, _, text) = data::package::describe(archive, DataFile::ByPublisherCsv(i));
                let path = data::by_publisher_csv_path(&indicator.id);
                files.push(entry(views, &path, "by-publisher.csv".into(), "CSV", text));
            }
            IndicatorFiles {
                name: indicator.name.clone(),
                url: views.url(&crate::routes::indicator(&indicator.id)),
                files,
            }
        })
        .collect();
    let reports: Vec<String> = data::files(archive)
        .into_iter()
        .filter(|f| matches!(f, DataFile::ReportCsv(_)))
        .map(|f| f.path(archive))
        .collect();
    let total: u64 = reports.iter().filter_map(|p| views.sizes.get().and_then(|s| s.get(p))).sum();
    let count = views.locale.number(reports.len() as f64, 0);
    let report_files = l.fill("data_page_report_files", &[("count", &count), ("size", &size_text(views, total))]);
    DataPageView { catalogues, all, indicators, report_files, citation: site_citation(archive) }
}

/// How to cite the site's data as a whole.
pub(crate) fn site_citation(archive: &Archive) -> Citation {
    let config = &archive.config;
    let who = cite::site_author(archive);
    let url = config.base_url.absolute(crate::routes::DATA_PAGE);
    let cite = |language| {
        cite::locale_of(archive, language)
            .fill("cite_site_data", &[("who", &who), ("title", &config.title), ("url", &url)])
    };
    Citation::new(archive, cite)
}

/// The embed page of a chart: the image with its source, and a link back.
#[derive(Serialize, Clone, Debug)]
pub(crate) struct EmbedView {
    pub(crate) title: String,
    pub(crate) image_url: String,
    pub(crate) image_width: u32,
    pub(crate) image_height: u32,
    pub(crate) alt: String,
    /// The indicator's page (absolute: the embed lives on other sites).
    pub(crate) page: Link,
}

pub(crate) fn embed(views: &Views, image: ChartImage) -> EmbedView {
    let archive = views.archive;
    let indicator = &archive.registry.indicators[image.indicator()];
    let publisher = image.publisher(archive);
    let title = match publisher.and_then(|p| cite::publisher_name(archive, p)) {
        Some(name) => format!("{} — {name}", indicator.name),
        None => indicator.name.clone(),
    };
    let source = cite::chart_source(archive, indicator, publisher);
    let base = &archive.config.base_url;
    EmbedView {
        alt: format!("{title}. {source}."),
        image_url: views.url(&image.svg_path(archive)),
        image_width: takeaway::WIDTH,
        image_height: takeaway::HEIGHT,
        page: Link {
            title: format!("{} — {}", title, archive.config.title), url: base.absolute(&image.dir(archive))
        },
        title,
    }
}
