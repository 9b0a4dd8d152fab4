//! The plan: every file of the site, one [`Entry`] each, in the order
//! rendering and the sitemap walk them. Pure: made from the archive (and
//! the theme's static files) before anything is rendered.
//!
//! An entry knows its route (from [`crate::routes`]); rendering walks the
//! plan ([`super::site::render_into`]) and incremental invalidation is one
//! exhaustive `match` over its kinds
//! ([`Invalidation::affects`](super::incremental::Invalidation::affects)),
//! so a new kind of output file does not compile until rendering and
//! invalidation both say what to do with it.

use super::takeaway::{self, ChartImage};
use super::{Page, PageKind, share};
use crate::archive::Archive;
use crate::content::theme::ThemeFiles;
use crate::data::{self, DataFile};
use crate::routes;

/// One file of the site (or, for a chart and the search index, the files
/// made together).
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Entry {
    /// An HTML page.
    Page(Page),
    /// An open-data file (CSV or JSON of figures).
    Data(DataFile),
    /// A chart's SVG and its PNG, in the folder of its page.
    Chart(ChartImage),
    /// `card.png`, the site's share image.
    Card,
    /// `data/reports/schema.json`, the schema every report CSV shares
    /// (like the two below, made once every data file's size is known).
    ReportSchema,
    /// `datapackage.json`, the Frictionless Data Package.
    DataPackage,
    /// `catalog.jsonld`, the DCAT-AP catalogue.
    Catalog,
    /// `atom.xml`.
    Atom,
    /// `sitemap.xml`.
    Sitemap,
    /// `robots.txt`.
    Robots,
    /// The search index's files under `search/index/` (its shards, made
    /// together, and `version.json`).
    SearchIndex,
    /// A static file of the theme or the site, at this site path; it gives
    /// way to a generated file of the same path.
    Static(String),
}

impl Entry {
    /// The site path of the entry's file: a chart's SVG (its PNG is
    /// [`ChartImage::png_path`]), the search index's folder.
    pub(crate) fn path<B>(&self, archive: &Archive<B>) -> String {
        match self {
            Entry::Page(page) => page.file(),
            Entry::Data(file) => file.path(archive),
            Entry::Chart(image) => image.svg_path(archive),
            Entry::Card => routes::CARD.into(),
            Entry::ReportSchema => routes::REPORT_SCHEMA.into(),
            Entry::DataPackage => routes::DATAPACKAGE.into(),
            Entry::Catalog => routes::CATALOG.into(),
            Entry::Atom => routes::ATOM.into(),
            Entry::Sitemap => routes::SITEMAP.into(),
            Entry::Robots => routes::ROBOTS.into(),
            Entry::SearchIndex => routes::SEARCH_INDEX.into(),
            Entry::Static(path) => path.clone(),
        }
    }
}

/// Every file of the site: pages, open data, chart images and the share
/// card, the catalogues, feeds, the search index and, given `theme`, its
/// static files (the default theme's, replaced by the theme's and the
/// site's; without `theme`, the generated files only).
pub(crate) fn plan<B>(archive: &Archive<B>, theme: Option<&ThemeFiles>) -> Vec<Entry> {
    let mut entries: Vec<Entry> = pages(archive).into_iter().map(Entry::Page).collect();
    entries.extend(data::files(archive).into_iter().map(Entry::Data));
    entries.extend(takeaway::images(archive).into_iter().map(Entry::Chart));
    entries.push(Entry::Card);
    if !archive.registry.indicators.is_empty() {
        entries.extend([Entry::ReportSchema, Entry::DataPackage, Entry::Catalog]);
    }
    entries.extend([Entry::Atom, Entry::Sitemap, Entry::Robots, Entry::SearchIndex]);
    if let Some(theme) = theme {
        entries.extend(static_files(theme).into_keys().map(|path| Entry::Static(path.to_string())));
    }
    entries
}

/// The static files by site path: the default theme's, then the theme's and
/// the site's (the later replace the earlier).
pub(crate) fn static_files(theme: &ThemeFiles) -> std::collections::BTreeMap<&str, &[u8]> {
    let mut statics: std::collections::BTreeMap<&str, &[u8]> =
        super::templates::DEFAULT_STATIC.iter().copied().collect();
    statics.extend(theme.static_files.iter().map(|(path, bytes)| (path.as_str(), bytes.as_slice())));
    statics
}

/// The pages of the plan, in its order.
pub fn pages<B>(archive: &Archive<B>) -> Vec<Page> {
    let mut pages = vec![
        Page { path: routes::HOME.into(), kind: PageKind::Home },
        Page { path: routes::REPORTS.into(), kind: PageKind::Reports },
        Page { path: routes::SEARCH.into(), kind: PageKind::Search },
        Page { path: routes::NOT_FOUND.into(), kind: PageKind::NotFound },
    ];
    pages.extend(archive.years().into_iter().map(|y| Page { path: routes::year(y), kind: PageKind::Year(y) }));
    pages.extend(
        archive
            .reports
            .iter()
            .enumerate()
            .map(|(i, r)| Page { path: archive.report_path(r), kind: PageKind::Report(i) }),
    );
    // Each publisher's years, in the order of its reports, runs of one year
    // counted once (one pass over the reports, not one per publisher).
    let mut years_of: std::collections::HashMap<&str, Vec<i16>> = std::collections::HashMap::new();
    if !archive.config.publishers.is_empty() {
        for report in &archive.reports {
            if let Some(publisher) = report.publisher.as_deref() {
                let years = years_of.entry(publisher).or_default();
                if years.last() != Some(&report.period.year) {
                    years.push(report.period.year);
                }
            }
        }
    }
    for (p, publisher) in archive.config.publishers.iter().enumerate() {
        pages.push(Page { path: routes::publisher(&publisher.id), kind: PageKind::Publisher(p) });
        let years = years_of.get(publisher.id.as_str()).cloned().unwrap_or_default();
        pages.extend(
            years
                .into_iter()
                .map(|y| Page { path: routes::publisher_year(&publisher.id, y), kind: PageKind::PublisherYear(p, y) }),
        );
    }
    if !archive.reports.is_empty() {
        pages.push(Page { path: routes::COVERAGE.into(), kind: PageKind::Coverage });
    }
    if !archive.registry.indicators.is_empty() {
        pages.push(Page { path: routes::INDICATORS.into(), kind: PageKind::Indicators });
        pages.push(Page { path: routes::DATA_PAGE.into(), kind: PageKind::Data });
    }
    for image in takeaway::images(archive) {
        let kind = match image {
            ChartImage::Indicator(i) => PageKind::Embed(i, None),
            ChartImage::Publisher(i, p) => PageKind::Embed(i, Some(p)),
        };
        pages.push(Page { path: share::embed_path(archive, image), kind });
    }
    for (i, indicator) in archive.registry.indicators.iter().enumerate() {
        for (p, publisher) in archive.config.publishers.iter().enumerate() {
            let path = routes::indicator_publisher(&indicator.id, &publisher.id);
            pages.push(Page { path, kind: PageKind::IndicatorPublisher(i, p) });
        }
        pages.push(Page { path: routes::indicator(&indicator.id), kind: PageKind::Indicator(i) });
    }
    pages
}
