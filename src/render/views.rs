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
use crate::content::markdown::BodyPart;
use crate::content::report::{Metric, Report};
use crate::locale::Locale;
use crate::registry::Indicator;

/// Shared by every page.
#[derive(Serialize, Clone, Debug)]
pub struct SiteView {
    pub title: String,
    pub description: Option<String>,
    pub organization: Option<String>,
    pub lang: &'static str,
    /// The site's root path, with a trailing slash (`/bao-cao/`).
    pub base: String,
    pub home_url: String,
    pub reports_url: String,
    pub indicators_url: String,
    pub search_url: String,
    /// The folder of the search index (`/bao-cao/search/index/`).
    pub search_index_url: String,
    pub search_script_url: String,
    /// Always empty: pages no longer name the index's version (the search
    /// script reads `search/index/version.json`). Kept so that themes
    /// which print it still render.
    pub search_version: String,
    /// The search script's UI strings, as a JSON object.
    pub search_strings: String,
    pub feed_url: String,
    pub stylesheet_url: String,
    pub observations_url: String,
    pub has_indicators: bool,
}

#[derive(Serialize, Clone, Debug)]
pub struct PageMeta {
    pub title: String,
    /// The absolute URL of this page.
    pub canonical: String,
    pub description: String,
    /// `home`, `reports`, `indicators`, `search` or empty: marks the current menu entry.
    pub section: &'static str,
    pub breadcrumbs: Vec<Link>,
}

#[derive(Serialize, Clone, Debug)]
pub struct Link {
    pub title: String,
    pub url: String,
}

/// A report in a list.
#[derive(Serialize, Clone, Debug)]
pub struct ReportCard {
    pub title: String,
    pub url: String,
    pub period: String,
    pub period_iso: String,
    pub number: Option<String>,
    pub issued: Option<String>,
    pub issued_iso: Option<String>,
    pub organization: Option<String>,
    pub summary: String,
    pub draft: bool,
    /// The publisher's archive page, on sites with several publishers.
    pub publisher: Option<Link>,
}

#[derive(Serialize, Clone, Debug)]
pub struct YearGroup {
    pub year: i16,
    pub url: String,
    pub count: String,
    pub reports: Vec<ReportCard>,
}

#[derive(Serialize, Clone, Debug)]
pub struct HomeView {
    pub latest: Option<ReportCard>,
    pub years: Vec<YearGroup>,
    /// The headline indicators with their latest figures; `None` without indicators.
    pub indicators: Option<super::indicator_views::HomeIndicators>,
    /// Sites with several publishers: each with its latest report.
    pub publishers: Vec<super::national_views::PublisherLatest>,
    /// The archive's latest month (sites with several publishers).
    pub latest_period: Option<String>,
    /// `/coverage/`: which publisher reported which month.
    pub coverage_url: String,
}

#[derive(Serialize, Clone, Debug)]
pub struct ReportsView {
    /// Newest first; on sites with several publishers, counts only (no cards).
    pub years: Vec<YearGroup>,
    pub count: String,
    /// Sites with several publishers: each with its page.
    pub publishers: Vec<super::publisher_views::PublisherEntry>,
}

#[derive(Serialize, Clone, Debug)]
pub struct YearView {
    pub year: i16,
    pub count: String,
    /// Newest first; empty when `matrix` is set.
    pub reports: Vec<ReportCard>,
    pub previous_year: Option<Link>,
    pub next_year: Option<Link>,
    /// Sites with several publishers: publishers × months instead of cards.
    pub matrix: Option<super::publisher_views::YearMatrix>,
}

#[derive(Serialize, Clone, Debug)]
pub struct SignerView {
    pub name: String,
    pub title: Option<String>,
    pub on_behalf: Option<String>,
}

#[derive(Serialize, Clone, Debug)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum BodyPartView {
    Html { html: String },
    Metrics { table: MetricsTable },
}

#[derive(Serialize, Clone, Debug)]
pub struct ReportView {
    /// The publisher's archive page, on sites with several publishers.
    pub publisher: Option<Link>,
    pub title: String,
    pub period: String,
    pub period_iso: String,
    pub number: Option<String>,
    pub issued: Option<String>,
    pub issued_iso: Option<String>,
    pub place: Option<String>,
    pub organization: Option<String>,
    pub signer: Option<SignerView>,
    pub recipients: Vec<String>,
    pub tags: Vec<String>,
    pub draft: bool,
    /// The original document, published beside the page (`annals import`).
    pub source: Option<Link>,
    pub summary: String,
    pub body: Vec<BodyPartView>,
    /// Level-2 and level-3 headings, for a table of contents.
    pub toc: Vec<TocEntry>,
    /// Every figure of the report; `None` when it has none.
    pub figures: Option<MetricsTable>,
    pub notes: Vec<String>,
    /// `estimate` or `preliminary` when the report's figures are not final, else empty.
    pub status: &'static str,
    /// The status in a word (`Ước tính`), empty when final.
    pub status_label: String,
    /// The report's status in a sentence, when not final.
    pub status_note: Option<String>,
    /// The key of the marks in the report's tables (empty when none).
    pub figure_legend: Vec<super::revision_views::MarkLegend>,
    /// The report's figures that later reports revised.
    pub revised_later: Vec<super::revision_views::RevisionEntry>,
    /// The published figures this report revises.
    pub revises: Vec<super::revision_views::RevisionEntry>,
    /// Checks that failed on the figures as published and that revisions put right.
    pub resolved_notes: Vec<String>,
    /// Downloads of the report's figures (empty without figures).
    pub data: Vec<Link>,
    pub previous: Option<Link>,
    pub next: Option<Link>,
    pub year_url: String,
}

#[derive(Serialize, Clone, Debug)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub text: String,
}

/// A table of figures: indicators as rows, measures as columns.
#[derive(Serialize, Clone, Debug)]
pub struct MetricsTable {
    pub caption: String,
    pub columns: Vec<Column>,
    pub rows: Vec<MetricsRow>,
}

#[derive(Serialize, Clone, Debug)]
pub struct Column {
    pub id: String,
    pub label: String,
    pub unit: Option<String>,
}

#[derive(Serialize, Clone, Debug)]
pub struct MetricsRow {
    pub number: String,
    pub id: String,
    pub name: String,
    pub full_name: String,
    pub url: String,
    pub unit: Option<String>,
    pub cells: Vec<Cell>,
}

#[derive(Serialize, Clone, Debug)]
pub struct Cell {
    /// Formatted for the site language; empty when not reported.
    pub text: String,
    /// Plain machine number (for `data-value`), empty when not reported.
    pub value: String,
    /// Set when the figure fails a check: what does not add up.
    pub note: Option<String>,
    /// Status and revision marks (`status`, `mark`, `status_label`, `revised`).
    #[serde(flatten)]
    pub marks: super::revision_views::FigureMarks,
}

#[derive(Serialize, Clone, Debug)]
pub struct NotFoundView {}

/// Builds views from the archive for one locale. Shared by every page of
/// a build: what several pages show (every report's card, the newest-first
/// order) is made once, on first use.
pub struct Views<'a> {
    pub archive: &'a Archive,
    pub locale: Locale,
    cards: OnceLock<Vec<ReportCard>>,
    newest_first: OnceLock<Vec<usize>>,
    /// The byte size of every file written, once they all are (the `/data/` page lists them).
    pub sizes: OnceLock<crate::data::Sizes>,
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
    pub fn cards(&self) -> &[ReportCard] {
        self.cards.get_or_init(|| (0..self.archive.reports.len()).into_par_iter().map(|i| self.card(i)).collect())
    }

    /// Indices of reports, newest first ([`Archive::newest_first`], made once).
    pub fn newest_first(&self) -> &[usize] {
        self.newest_first.get_or_init(|| self.archive.newest_first())
    }

    pub fn url(&self, site_path: &str) -> String {
        self.archive.config.base_url.root_relative(site_path)
    }

    pub fn site(&self) -> SiteView {
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
            search_index_url: self.url(crate::search::INDEX_DIR),
            search_script_url: self.url(crate::routes::SEARCH_SCRIPT),
            search_version: String::new(),
            search_strings: self.locale.search_strings_json(),
            feed_url: self.url(crate::routes::ATOM),
            stylesheet_url: self.url(crate::routes::STYLESHEET),
            observations_url: self.url(crate::routes::OBSERVATIONS),
            has_indicators: !self.archive.registry.indicators.is_empty(),
        }
    }

    pub fn meta(
        &self,
        title: String,
        path: &str,
        description: String,
        section: &'static str,
        breadcrumbs: Vec<Link>,
    ) -> PageMeta {
        PageMeta { title, canonical: self.archive.config.base_url.absolute(path), description, section, breadcrumbs }
    }

    pub fn crumb_home(&self) -> Link {
        Link { title: self.locale.text("home").into(), url: self.url("") }
    }

    pub fn crumb_reports(&self) -> Link {
        Link { title: self.locale.text("reports").into(), url: self.url(crate::routes::REPORTS) }
    }

    pub fn summary(&self, index: usize) -> String {
        let report = &self.archive.reports[index];
        let text = report.summary.clone().unwrap_or_else(|| self.archive.bodies[index].first_paragraph.clone());
        crate::text::truncate_words(&text, 280)
    }

    pub fn card(&self, index: usize) -> ReportCard {
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
    pub fn year_groups(&self) -> Vec<YearGroup> {
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

    pub fn home(&self) -> HomeView {
        HomeView {
            latest: self.newest_first().first().map(|&i| self.cards()[i].clone()),
            years: if self.has_publishers() { self.year_counts() } else { self.year_groups() },
            indicators: super::indicator_views::home(self),
            publishers: super::national_views::latest_of_each(self),
            latest_period: self
                .archive
                .reports
                .iter()
                .map(|r| r.period)
                .max()
                .filter(|_| self.has_publishers())
                .map(|p| self.locale.period_title(p)),
            coverage_url: self.url(crate::routes::COVERAGE),
        }
    }

    pub fn reports(&self) -> ReportsView {
        let multi = self.has_publishers();
        ReportsView {
            years: if multi { self.year_counts() } else { self.year_groups() },
            count: self.locale.report_count(self.archive.reports.len()),
            publishers: if multi { self.publisher_entries() } else { Vec::new() },
        }
    }

    pub fn year(&self, year: i16) -> YearView {
        let multi = self.has_publishers();
        let cards = self.cards();
        let reports: Vec<ReportCard> = if multi {
            Vec::new()
        } else {
            self.newest_first()
                .iter()
                .filter(|&&i| self.archive.reports[i].period.year == year)
                .map(|&i| cards[i].clone())
                .collect()
        };
        let count = self.archive.reports.iter().filter(|r| r.period.year == year).count();
        let years = self.archive.years();
        let link = |y: i16| Link { title: y.to_string(), url: self.url(&crate::routes::year(y)) };
        YearView {
            year,
            count: self.locale.report_count(count),
            reports,
            previous_year: years.iter().copied().filter(|&y| y < year).max().map(link),
            next_year: years.iter().copied().filter(|&y| y > year).min().map(link),
            matrix: multi.then(|| self.year_matrix(year)),
        }
    }

    fn report_link(&self, index: usize) -> Link {
        let r = &self.archive.reports[index];
        Link {
            title: format!("{} — {}", self.locale.period_title(r.period), r.title),
            url: self.url(&self.archive.report_path(r)),
        }
    }

    pub fn report(&self, index: usize) -> ReportView {
        let archive = self.archive;
        let r = &archive.reports[index];
        let body = archive.bodies[index]
            .parts
            .iter()
            .map(|part| match part {
                BodyPart::Html(html) => BodyPartView::Html { html: html.clone() },
                BodyPart::Metrics(ids) => BodyPartView::Metrics { table: self.metrics_table(index, ids, false) },
            })
            .collect();
        let status = r.status(&archive.config);
        let marks = super::revision_views::status_marks(self, status);
        let same_publisher = |i: &usize| archive.reports[*i].publisher == r.publisher;
        let previous = (0..index).rev().find(same_publisher).map(|i| self.report_link(i));
        let next = (index + 1..archive.reports.len()).find(same_publisher).map(|i| self.report_link(i));
        ReportView {
            publisher: r.publisher.as_deref().and_then(|p| self.publisher_link_at(p, r.period)),
            title: r.title.clone(),
            period: self.locale.period_title(r.period),
            period_iso: r.period.to_string(),
            number: r.number.clone(),
            issued: r.issued.map(|d| self.locale.date(d)),
            issued_iso: r.issued.map(|d| d.to_string()),
            place: r.place.clone(),
            organization: r.organization.clone(),
            signer: r.signer.as_ref().map(|s| SignerView {
                name: s.name.clone(),
                title: s.title.clone(),
                on_behalf: s.on_behalf.clone(),
            }),
            recipients: r.recipients.clone(),
            tags: r.tags.clone(),
            draft: r.draft,
            source: crate::content::sources::published_path(archive, r).map(|path| Link {
                title: r.source.as_ref().map(|s| s.published_name()).unwrap_or_default(),
                url: self.url(&crate::content::sources::url_path(&path)),
            }),
            summary: self.summary(index),
            body,
            toc: archive.bodies[index]
                .headings
                .iter()
                .filter(|h| (2..=3).contains(&h.level))
                .map(|h| TocEntry { level: h.level, id: h.id.clone(), text: h.text.clone() })
                .collect(),
            figures: (!r.metrics.is_empty()).then(|| self.metrics_table(index, &[], true)),
            notes: archive.findings_of(index).map(|f| self.finding_text(f)).collect(),
            status: marks.status,
            status_label: marks.status_label.clone(),
            status_note: (!marks.status.is_empty())
                .then(|| self.locale.text(&format!("report_status_{}", marks.status)).to_string()),
            figure_legend: super::revision_views::legend(
                self,
                &[status],
                !archive.revisions.of_report(index).is_empty(),
            )
            .into_iter()
            .filter(|_| !r.metrics.is_empty())
            .collect(),
            revised_later: archive
                .revisions
                .of_report(index)
                .iter()
                .map(|a| super::revision_views::entry(self, a))
                .collect(),
            revises: archive.revisions.made_by(index).map(|a| super::revision_views::entry(self, a)).collect(),
            resolved_notes: super::revision_views::resolved_notes(self, |f| f.report == index),
            data: super::indicator_views::report_data(self, index),
            previous,
            next,
            year_url: self.url(&crate::routes::year(r.period.year)),
        }
    }

    /// The table of a report's figures: `ids` in that order, or every
    /// indicator of the report in registry order when `ids` is empty.
    pub fn metrics_table(&self, index: usize, ids: &[String], all: bool) -> MetricsTable {
        let archive = self.archive;
        let registry = &archive.registry;
        let r = &archive.reports[index];
        // Each row's figures, looked up once (not once per cell).
        let indicators: Vec<(&Indicator, Option<&Metric>)> = if ids.is_empty() || all {
            registry.indicators.iter().filter_map(|i| Some((i, Some(r.metric(&i.id)?)))).collect()
        } else {
            ids.iter().filter_map(|id| registry.indicator(id)).map(|i| (i, r.metric(&i.id))).collect()
        };
        let value = |metric: Option<&Metric>, measure: &str| {
            metric?.values.iter().find(|v| v.measure == measure).and_then(|v| v.value)
        };
        let mut columns: Vec<Column> = registry
            .measures
            .iter()
            .filter(|m| indicators.iter().any(|(_, metric)| value(*metric, &m.id).is_some()))
            .map(|m| Column { id: m.id.clone(), label: m.label.clone(), unit: m.unit.clone() })
            .collect();
        // The headline measure of most rows first: on a phone it is the
        // figure in view beside the indicator's name.
        let rows_with = |id: &str| indicators.iter().filter(|(i, _)| i.headline == id).count();
        if let Some(best) = (0..columns.len()).max_by_key(|&c| (rows_with(&columns[c].id), std::cmp::Reverse(c)))
            && rows_with(&columns[best].id) > 0
        {
            let column = columns.remove(best);
            columns.insert(0, column);
        }
        let findings: Vec<&Finding> = archive.findings_of(index).collect();
        let status = super::revision_views::status_marks(self, r.status(&archive.config));
        let rows = indicators
            .iter()
            .enumerate()
            .map(|(n, (indicator, metric))| MetricsRow {
                number: format!("{:02}", n + 1),
                id: indicator.id.clone(),
                name: indicator.label().to_string(),
                full_name: indicator.name.clone(),
                url: self.url(&crate::routes::indicator(&indicator.id)),
                unit: indicator.unit.clone(),
                cells: columns
                    .iter()
                    .map(|column| {
                        let value = value(*metric, &column.id);
                        let note = findings
                            .iter()
                            .filter(|f| {
                                f.indicator == indicator.id
                                    && f.measure == column.id
                                    && !matches!(f.kind, FindingKind::Gap { .. })
                            })
                            .map(|f| self.finding_text(f))
                            .next();
                        Cell {
                            text: value
                                .map(|v| self.locale.value_with_unit(v, column.unit.as_deref()))
                                .unwrap_or_default(),
                            value: value.map(crate::checks::plain).unwrap_or_default(),
                            note,
                            marks: super::revision_views::FigureMarks {
                                revised: archive
                                    .revisions
                                    .latest(index, &indicator.id, &column.id)
                                    .filter(|_| value.is_some())
                                    .map(|a| super::revision_views::revised_note(self, a)),
                                ..if value.is_some() { status.clone() } else { Default::default() }
                            },
                        }
                    })
                    .collect(),
            })
            .collect();
        let key = if all { "all_figures_of" } else { "figures_of" };
        let caption = format!("{} {}", self.locale.text(key), self.locale.period(r.period));
        MetricsTable { caption, columns, rows }
    }

    /// A finding in the reader's language, with formatted numbers.
    pub fn finding_text(&self, f: &Finding) -> String {
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

    pub fn report_title(&self, report: &Report) -> String {
        format!("{} — {}", self.locale.period_title(report.period), report.title)
    }
}
