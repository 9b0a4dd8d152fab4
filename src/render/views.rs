//! View structs: the theme's API.
//!
//! Templates never see domain types. Every value a template shows arrives
//! here already formatted for the site language (numbers, dates, periods) and
//! every link is already a root-relative URL with the site's sub-path, so a
//! theme only lays things out. Field names are documented in docs/themes.md.

use std::sync::OnceLock;

use rayon::prelude::*;
use serde::Serialize;

use crate::archive::Archive;
use crate::checks::{Finding, FindingKind};
use crate::content::report::Report;
use crate::locale::Locale;

/// Shared by every page.
#[derive(Serialize, Clone, Debug)]
pub(crate) struct SiteView {
    pub(crate) title: String,
    pub(crate) description: Option<String>,
    pub(crate) organization: Option<String>,
    pub(crate) lang: &'static str,
    /// The site's root path, with a trailing slash (`/bao-cao/`).
    pub(crate) base: String,
    pub(crate) home_url: String,
    pub(crate) reports_url: String,
    pub(crate) indicators_url: String,
    pub(crate) search_url: String,
    /// The folder of the search index (`/bao-cao/search/index/`).
    pub(crate) search_index_url: String,
    pub(crate) search_script_url: String,
    /// Always empty: pages no longer name the index's version (the search
    /// script reads `search/index/version.json`). Kept so that themes
    /// which print it still render.
    pub(crate) search_version: String,
    /// The search script's UI strings, as a JSON object.
    pub(crate) search_strings: String,
    pub(crate) feed_url: String,
    pub(crate) stylesheet_url: String,
    pub(crate) observations_url: String,
    pub(crate) has_indicators: bool,
}

#[derive(Serialize, Clone, Debug)]
pub(crate) struct PageMeta {
    pub(crate) title: String,
    /// The absolute URL of this page.
    pub(crate) canonical: String,
    pub(crate) description: String,
    /// `home`, `reports`, `indicators`, `search` or empty: marks the current menu entry.
    pub(crate) section: &'static str,
    pub(crate) breadcrumbs: Vec<Link>,
}

#[derive(Serialize, Clone, Debug)]
pub(crate) struct Link {
    pub(crate) title: String,
    pub(crate) url: String,
}

/// A report in a list.
#[derive(Serialize, Clone, Debug)]
pub(crate) struct ReportCard {
    pub(crate) title: String,
    pub(crate) url: String,
    pub(crate) period: String,
    pub(crate) period_iso: String,
    pub(crate) number: Option<String>,
    pub(crate) issued: Option<String>,
    pub(crate) issued_iso: Option<String>,
    pub(crate) organization: Option<String>,
    pub(crate) summary: String,
    pub(crate) draft: bool,
    /// The publisher's archive page, on sites with several publishers.
    pub(crate) publisher: Option<Link>,
}

#[derive(Serialize, Clone, Debug)]
pub(crate) struct YearGroup {
    pub(crate) year: i16,
    pub(crate) url: String,
    pub(crate) count: String,
    pub(crate) reports: Vec<ReportCard>,
}

#[derive(Serialize, Clone, Debug)]
pub(crate) struct NotFoundView {}

/// Builds views from the archive for one locale. Shared by every page of
/// a build: what several pages show (every report's card, the newest-first
/// order) is made once, on first use.
pub struct Views<'a> {
    pub(crate) archive: &'a Archive,
    pub(crate) locale: Locale,
    cards: OnceLock<Vec<ReportCard>>,
    newest_first: OnceLock<Vec<usize>>,
    /// The byte size of every file written, once they all are (the `/data/` page lists them).
    pub(crate) sizes: OnceLock<crate::data::Sizes>,
}

impl<'a> Views<'a> {
    pub fn new(archive: &'a Archive) -> Self {
        Views {
            archive,
            locale: archive.config.locale.clone(),
            cards: OnceLock::new(),
            newest_first: OnceLock::new(),
            sizes: OnceLock::new(),
        }
    }

    /// Every report's card, by archive index (made once, in parallel).
    pub(crate) fn cards(&self) -> &[ReportCard] {
        self.cards.get_or_init(|| (0..self.archive.reports.len()).into_par_iter().map(|i| self.card(i)).collect())
    }

    /// Indices of reports, newest first ([`Archive::newest_first`], made once).
    pub(crate) fn newest_first(&self) -> &[usize] {
        self.newest_first.get_or_init(|| self.archive.newest_first())
    }

    pub(crate) fn url(&self, site_path: &str) -> String {
        self.archive.config.base_url.root_relative(site_path)
    }

    pub(crate) fn site(&self) -> SiteView {
        let c = &self.archive.config;
        SiteView {
            title: c.title.clone(),
            description: c.description.clone(),
            organization: c.organization.clone(),
            lang: c.language.code(),
            base: c.base_url.path.clone(),
            home_url: self.url(""),
            reports_url: self.url(crate::routes::REPORTS),
            indicators_url: self.url(crate::routes::INDICATORS),
            search_url: self.url(crate::routes::SEARCH),
            search_index_url: self.url(crate::routes::SEARCH_INDEX),
            search_script_url: self.url(crate::routes::SEARCH_SCRIPT),
            search_version: String::new(),
            search_strings: self.locale.search_strings_json(),
            feed_url: self.url(crate::routes::ATOM),
            stylesheet_url: self.url(crate::routes::STYLESHEET),
            observations_url: self.url(crate::routes::OBSERVATIONS),
            has_indicators: !self.archive.registry.indicators.is_empty(),
        }
    }

    pub(crate) fn meta(
        &self,
        title: String,
        path: &str,
        description: String,
        section: &'static str,
        breadcrumbs: Vec<Link>,
    ) -> PageMeta {
        PageMeta { title, canonical: self.archive.config.base_url.absolute(path), description, section, breadcrumbs }
    }

    pub(crate) fn crumb_home(&self) -> Link {
        Link { title: self.locale.text("home").into(), url: self.url("") }
    }

    pub(crate) fn crumb_reports(&self) -> Link {
        Link { title: self.locale.text("reports").into(), url: self.url(crate::routes::REPORTS) }
    }

    pub(crate) fn summary(&self, index: usize) -> String {
        let report = &self.archive.reports[index];
        let text = report.summary.clone().unwrap_or_else(|| self.archive.bodies[index].first_paragraph.clone());
        crate::text::truncate_words(&text, 280)
    }

    pub(crate) fn card(&self, index: usize) -> ReportCard {
        let r = &self.archive.reports[index];
        ReportCard {
            title: r.title.clone(),
            url: self.url(&self.archive.report_path(r)),
            period: self.locale.period_title(r.period),
            period_iso: r.period.to_string(),
            number: r.number.clone(),
            issued: r.issued.map(|d| self.locale.date(d)),
            issued_iso: r.issued.map(|d| d.to_string()),
            organization: r.organization.clone(),
            summary: self.summary(index),
            draft: r.draft,
            publisher: r.publisher.as_deref().and_then(|p| self.publisher_link_at(p, r.period)),
        }
    }

    /// Reports grouped by year, newest first.
    pub(crate) fn year_groups(&self) -> Vec<YearGroup> {
        let (order, cards) = (self.newest_first(), self.cards());
        self.archive
            .years()
            .into_iter()
            .map(|year| {
                let reports: Vec<ReportCard> = order
                    .iter()
                    .filter(|&&i| self.archive.reports[i].period.year == year)
                    .map(|&i| cards[i].clone())
                    .collect();
                YearGroup {
                    year,
                    url: self.url(&crate::routes::year(year)),
                    count: self.locale.report_count(reports.len()),
                    reports,
                }
            })
            .collect()
    }

    /// A finding in the reader's language, with formatted numbers.
    pub(crate) fn finding_text(&self, f: &Finding) -> String {
        let l = &self.locale;
        let registry = &self.archive.registry;
        let name = |id: &str| registry.indicator(id).map_or(id.to_string(), |i| i.label().to_string());
        let measure = registry.measure(&f.measure).map_or(f.measure.clone(), |m| m.label.clone());
        let n = |v: f64| l.number(v, 2);
        let (indicator, actual, expected) = (name(&f.indicator), n(f.actual), n(f.expected));
        let difference = l.signed_number(f.difference(), 2);
        match &f.kind {
            FindingKind::Sum { parts } => {
                let parts = parts.iter().map(|p| name(p)).collect::<Vec<_>>().join(" + ");
                l.fill(
                    "finding_sum",
                    &[
                        ("indicator", &indicator),
                        ("measure", &measure),
                        ("actual", &actual),
                        ("parts", &parts),
                        ("expected", &expected),
                        ("difference", &difference),
                    ],
                )
            }
            FindingKind::Continuity { previous_period, previous_total, added, removed, .. } => l.fill(
                "finding_continuity",
                &[
                    ("indicator", &indicator),
                    ("measure", &measure),
                    ("actual", &actual),
                    ("previous_period", &l.period(*previous_period)),
                    ("previous_total", &n(*previous_total)),
                    ("added", &n(*added)),
                    ("removed", &n(*removed)),
                    ("expected", &expected),
                    ("difference", &difference),
                ],
            ),
            FindingKind::Gap { from, to } => {
                let range =
                    if from == to { l.period(*from) } else { format!("{} – {}", l.period(*from), l.period(*to)) };
                l.fill("finding_gap", &[("indicator", &indicator), ("range", &range)])
            }
        }
    }

    pub(crate) fn report_title(&self, report: &Report) -> String {
        format!("{} — {}", self.locale.period_title(report.period), report.title)
    }

    pub(crate) fn has_publishers(&self) -> bool {
        !self.archive.config.publishers.is_empty()
    }

    /// Indices of one publisher's reports, newest first.
    pub(crate) fn reports_of(&self, id: &str) -> Vec<usize> {
        let reports = &self.archive.reports;
        // Reports are sorted by (publisher, period): one publisher is a run.
        let start = reports.partition_point(|r| r.publisher.as_deref() < Some(id));
        let end = reports.partition_point(|r| r.publisher.as_deref() <= Some(id));
        (start..end).rev().collect()
    }

    /// A link to a publisher's page, titled with the name valid in `period`.
    pub(crate) fn publisher_link_at(&self, id: &str, period: crate::period::Period) -> Option<Link> {
        let publisher = self.archive.config.publisher(id)?;
        Some(Link { title: publisher.name_at(period).to_string(), url: self.url(&crate::routes::publisher(id)) })
    }
}
