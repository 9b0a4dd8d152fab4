//! The route table: the site path of every file of the output, built here
//! and nowhere else (pages, open data, chart images, feeds, static files,
//! the search index's folder). A folder page's path ends in `/`
//! (`reports/2014/08/`, written as `…/index.html`); a file's does not.
//! Paths are made from ids and periods and never parsed back: who needs
//! to know which page a path is holds its plan entry (`render::Page`,
//! `data::DataFile`, `render::takeaway::ChartImage`).

use crate::period::Period;

/// The home page.
pub(crate) const HOME: &str = "";
/// Every report, by year.
pub(crate) const REPORTS: &str = "reports/";
/// The search page.
pub(crate) const SEARCH: &str = "search/";
/// The page for paths that lead nowhere.
pub(crate) const NOT_FOUND: &str = "404.html";
/// Every indicator.
pub(crate) const INDICATORS: &str = "indicators/";
/// The reporting coverage page.
pub(crate) const COVERAGE: &str = "coverage/";
/// The catalogue of every download.
pub(crate) const DATA_PAGE: &str = "data/";
/// The Atom feed of the latest reports.
pub(crate) const ATOM: &str = "atom.xml";
pub(crate) const SITEMAP: &str = "sitemap.xml";
pub(crate) const ROBOTS: &str = "robots.txt";
/// The default stylesheet.
pub(crate) const STYLESHEET: &str = "static/annals.css";
/// The search script.
pub(crate) const SEARCH_SCRIPT: &str = "static/search.js";
/// Every figure of every report, one row each.
pub(crate) const OBSERVATIONS: &str = "data/observations.csv";
/// Every revision.
pub(crate) const REVISIONS: &str = "data/revisions.csv";

/// A year's reports: `reports/2014/`.
pub(crate) fn year(year: i16) -> String {
    format!("reports/{year:04}/")
}

/// A report's page: `reports/2014/08/`, or `reports/<publisher>/2014/08/`
/// (`publisher` only when the site declares publishers).
pub(crate) fn report(publisher: Option<&str>, period: Period) -> String {
    match publisher {
        Some(p) => format!("reports/{p}/{:04}/{:02}/", period.year, period.month),
        None => format!("reports/{:04}/{:02}/", period.year, period.month),
    }
}

/// A publisher's reports: `reports/<id>/`.
pub(crate) fn publisher(id: &str) -> String {
    format!("reports/{id}/")
}

/// A publisher's reports of one year: `reports/<id>/2014/`.
pub(crate) fn publisher_year(id: &str, year: i16) -> String {
    format!("reports/{id}/{year:04}/")
}

/// An indicator's history: `indicators/<id>/`.
pub(crate) fn indicator(id: &str) -> String {
    format!("indicators/{id}/")
}

/// One publisher's history of an indicator: `indicators/<id>/<publisher>/`.
pub(crate) fn indicator_publisher(id: &str, publisher: &str) -> String {
    format!("indicators/{id}/{publisher}/")
}

/// The page a chart image belongs to: an indicator's history, or one publisher's.
pub(crate) fn chart_page(id: &str, publisher: Option<&str>) -> String {
    match publisher {
        Some(p) => indicator_publisher(id, p),
        None => indicator(id),
    }
}

/// A chart's SVG drawing, in the folder of its page.
pub(crate) fn chart_svg(id: &str, publisher: Option<&str>) -> String {
    format!("{}chart.svg", chart_page(id, publisher))
}

/// A chart's PNG image, in the folder of its page.
pub(crate) fn chart_png(id: &str, publisher: Option<&str>) -> String {
    format!("{}chart.png", chart_page(id, publisher))
}

/// A chart for other sites to frame: `embed/<id>/` or `embed/<id>/<publisher>/`.
pub(crate) fn embed(id: &str, publisher: Option<&str>) -> String {
    match publisher {
        Some(p) => format!("embed/{id}/{p}/"),
        None => format!("embed/{id}/"),
    }
}

/// An indicator's figures: `data/<id>.csv`.
pub(crate) fn indicator_csv(id: &str) -> String {
    format!("data/{id}.csv")
}

/// An indicator's figures: `data/<id>.json`.
pub(crate) fn indicator_json(id: &str) -> String {
    format!("data/{id}.json")
}

/// One publisher's figures of an indicator: `data/<id>/publishers/<publisher>.csv`.
pub(crate) fn publisher_csv(id: &str, publisher: &str) -> String {
    format!("data/{id}/publishers/{publisher}.csv")
}

/// One publisher's figures of an indicator: `data/<id>/publishers/<publisher>.json`.
pub(crate) fn publisher_json(id: &str, publisher: &str) -> String {
    format!("data/{id}/publishers/{publisher}.json")
}

/// The headline figure of every publisher, month by month: `data/<id>/by-publisher.csv`.
pub(crate) fn by_publisher_csv(id: &str) -> String {
    format!("data/{id}/by-publisher.csv")
}

/// One report's figures: `data/reports/2014-08.csv`, or
/// `data/reports/<publisher>/2014-08.csv` (`publisher` only when the site
/// declares publishers).
pub(crate) fn report_csv(publisher: Option<&str>, period: Period) -> String {
    match publisher {
        Some(p) => format!("data/reports/{p}/{period}.csv"),
        None => format!("data/reports/{period}.csv"),
    }
}

/// The Frictionless Data Package of every CSV file.
pub(crate) const DATAPACKAGE: &str = "datapackage.json";
/// The schema every report CSV shares.
pub(crate) const REPORT_SCHEMA: &str = "data/reports/schema.json";
/// The site's share image.
pub(crate) const CARD: &str = "card.png";
/// The DCAT-AP catalogue of every download (JSON-LD).
pub(crate) const CATALOG: &str = "catalog.jsonld";

/// The folder of the search index's files.
pub(crate) const SEARCH_INDEX: &str = "search/index/";

/// Where the search script reads the index's version (`{"v":"…"}`), beside
/// the index files it names.
pub(crate) fn search_version() -> String {
    format!("{SEARCH_INDEX}version.json")
}
