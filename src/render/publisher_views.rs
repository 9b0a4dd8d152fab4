//! Pages of a site with several publishers: each publisher's archive
//! (`/reports/<publisher>/`, `/reports/<publisher>/<year>/`), the list of
//! publishers on `/reports/`, and the year page's publishers × months table.
//!
//! A national archive holds tens of thousands of reports: these views never
//! build a card per report of the whole archive, only of one publisher.

use serde::Serialize;

use super::views::{Link, ReportCard, Views, YearGroup, YearView};
use crate::archive::Archive;
use crate::config::Publisher;

/// A publisher in the list on `/reports/`.
#[derive(Serialize, Clone, Debug)]
pub struct PublisherEntry {
    pub id: String,
    pub name: String,
    pub url: String,
    pub count: String,
    /// The number of reports, for sorting.
    pub count_value: usize,
    /// Its latest report, if any.
    pub latest: Option<Link>,
}

/// `/reports/<publisher>/`.
#[derive(Serialize, Clone, Debug)]
pub struct PublisherView {
    pub id: String,
    pub name: String,
    pub count: String,
    pub years: Vec<YearGroup>,
    /// Its history page of every indicator it has figures for.
    pub indicators: Vec<Link>,
}

/// Publishers as rows, months as columns: one link per report of the year.
#[derive(Serialize, Clone, Debug)]
pub struct YearMatrix {
    /// Column headings: `T1`…`T12` / `Jan`…`Dec`, and their full names.
    pub months: Vec<Link>,
    pub rows: Vec<MatrixRow>,
}

#[derive(Serialize, Clone, Debug)]
pub struct MatrixRow {
    pub name: String,
    /// The publisher's page for this year.
    pub url: String,
    /// Twelve cells: the report's page, or `None` for a month without report.
    pub cells: Vec<Option<Link>>,
}

pub fn publisher_path(id: &str) -> String {
    format!("reports/{id}/")
}

pub fn publisher_year_path(id: &str, year: i16) -> String {
    format!("reports/{id}/{year:04}/")
}

impl Views<'_> {
    pub fn has_publishers(&self) -> bool {
        !self.archive.config.publishers.is_empty()
    }

    /// Indices of one publisher's reports, newest first.
    fn reports_of(&self, id: &str) -> Vec<usize> {
        let reports = &self.archive.reports;
        // Reports are sorted by (publisher, period): one publisher is a run.
        let start = reports.partition_point(|r| r.publisher.as_deref() < Some(id));
        let end = reports.partition_point(|r| r.publisher.as_deref() <= Some(id));
        (start..end).rev().collect()
    }

    pub fn publisher_link(&self, id: &str) -> Option<Link> {
        let publisher = self.archive.config.publishers.iter().find(|p| p.id == id)?;
        Some(Link { title: publisher.name.clone(), url: self.url(&publisher_path(id)) })
    }

    /// Every publisher, in site.yaml's order, with its count and latest report.
    pub fn publisher_entries(&self) -> Vec<PublisherEntry> {
        self.archive
            .config
            .publishers
            .iter()
            .map(|p| {
                let mine = self.reports_of(&p.id);
                let latest = mine.first().map(|&i| {
                    let r = &self.archive.reports[i];
                    Link { title: self.locale.period_title(r.period), url: self.url(&self.archive.report_path(r)) }
                });
                PublisherEntry {
                    id: p.id.clone(),
                    name: p.name.clone(),
                    url: self.url(&publisher_path(&p.id)),
                    count: self.locale.report_count(mine.len()),
                    count_value: mine.len(),
                    latest,
                }
            })
            .collect()
    }

    /// Cards of `indices` (newest first) grouped by year; `year_url` names each year's page.
    fn group_by_year(&self, indices: &[usize], year_url: &dyn Fn(i16) -> String) -> Vec<YearGroup> {
        let mut groups: Vec<YearGroup> = Vec::new();
        for &i in indices {
            let year = self.archive.reports[i].period.year;
            if groups.last().is_none_or(|g| g.year != year) {
                groups.push(YearGroup { year, url: year_url(year), count: String::new(), reports: Vec::new() });
            }
            if let Some(group) = groups.last_mut() {
                group.reports.push(self.card(i));
            }
        }
        for group in &mut groups {
            group.count = self.locale.report_count(group.reports.len());
        }
        groups
    }

    pub fn publisher(&self, publisher: &Publisher) -> PublisherView {
        let mine = self.reports_of(&publisher.id);
        let id = publisher.id.as_str();
        let indicators = self
            .archive
            .registry
            .indicators
            .iter()
            .filter(|ind| mine.iter().any(|&i| self.archive.reports[i].metric(&ind.id).is_some()))
            .map(|ind| Link {
                title: ind.name.clone(),
                url: self.url(&format!("{}{id}/", Archive::indicator_path(&ind.id))),
            })
            .collect();
        PublisherView {
            id: id.to_string(),
            name: publisher.name.clone(),
            count: self.locale.report_count(mine.len()),
            years: self.group_by_year(&mine, &|y| self.url(&publisher_year_path(id, y))),
            indicators,
        }
    }

    /// One publisher's reports of one year, as a year page.
    pub fn publisher_year(&self, publisher: &Publisher, year: i16) -> YearView {
        let mine = self.reports_of(&publisher.id);
        let reports: Vec<ReportCard> =
            mine.iter().filter(|&&i| self.archive.reports[i].period.year == year).map(|&i| self.card(i)).collect();
        let years: Vec<i16> = mine.iter().map(|&i| self.archive.reports[i].period.year).collect();
        let link = |y: i16| Link { title: y.to_string(), url: self.url(&publisher_year_path(&publisher.id, y)) };
        YearView {
            year,
            count: self.locale.report_count(reports.len()),
            reports,
            previous_year: years.iter().copied().filter(|&y| y < year).max().map(link),
            next_year: years.iter().copied().filter(|&y| y > year).min().map(link),
            matrix: None,
        }
    }

    /// The publishers × months table of a year.
    pub fn year_matrix(&self, year: i16) -> YearMatrix {
        let months =
            (1..=12u8).map(|m| Link { title: self.locale.month_short(m), url: self.locale.month(m) }).collect();
        let rows = self
            .archive
            .config
            .publishers
            .iter()
            .map(|p| {
                let mut cells = vec![None; 12];
                for i in self.reports_of(&p.id) {
                    let r = &self.archive.reports[i];
                    if r.period.year == year {
                        cells[usize::from(r.period.month) - 1] = Some(Link {
                            title: self.locale.period_title(r.period),
                            url: self.url(&self.archive.report_path(r)),
                        });
                    }
                }
                MatrixRow { name: p.name.clone(), url: self.url(&publisher_year_path(&p.id, year)), cells }
            })
            .collect();
        YearMatrix { months, rows }
    }

    /// Year groups with counts only (no cards): the archive list of a national archive.
    pub fn year_counts(&self) -> Vec<YearGroup> {
        let mut groups: Vec<YearGroup> = self
            .archive
            .years()
            .into_iter()
            .map(|year| YearGroup {
                year,
                url: self.url(&Archive::year_path(year)),
                count: String::new(),
                reports: vec![],
            })
            .collect();
        for group in &mut groups {
            let n = self.archive.reports.iter().filter(|r| r.period.year == group.year).count();
            group.count = self.locale.report_count(n);
        }
        groups
    }
}
