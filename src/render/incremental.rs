//! Which files a rebuild must make again (used by `serve` and incremental
//! `annals build`).
//!
//! [`Invalidation::between`] compares the archive that produced the previous
//! output with the new one and names what changed: reports (added, removed,
//! edited, or whose consistency findings changed), the reports whose entry
//! in lists changed (their card: title, period, summary…; an edit deep in a
//! body leaves it alone), their years and the indicators they hold figures
//! for. [`Invalidation::affects`] then answers, for
//! each entry of the plan (every file of the site), whether its bytes may
//! differ; the others are carried over from the previous output. The rule
//! for each kind of entry sits in one `match` without a wildcard, so a new
//! page kind or output file does not compile until it says what it
//! depends on. When in doubt a rule must say yes: rendering a
//! page too many costs milliseconds, a stale page costs trust.

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use rayon::prelude::*;

use super::views::Views;
use super::{Entry, Page, PageKind};
use crate::archive::Archive;
use crate::checks::Finding;
use crate::content::report::Report;
use crate::data::DataFile;

#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Invalidation {
    /// Every page is rendered again: no previous build, or site.yaml, the
    /// registry or a template changed.
    pub(crate) everything: bool,
    /// Site paths of the reports added, removed or changed in any way.
    pub(crate) reports: BTreeSet<String>,
    /// The reports whose entry in lists and links changed (added, removed,
    /// or a different card: title, period, number, summary…).
    pub(crate) listed: BTreeSet<String>,
    /// Report pages to render: the changed reports, and the neighbours
    /// (previous and next of the same publisher, before and after) of those
    /// whose entry changed, since they link to them by title.
    pub(crate) report_pages: BTreeSet<String>,
    /// Years holding a report whose entry changed, before or after the change.
    pub(crate) years: BTreeSet<i16>,
    /// A year appeared or disappeared (every year page links its neighbours).
    pub(crate) year_list: bool,
    /// Indicators of the reports whose figures (or findings) changed,
    /// before or after; an edit of the text alone changes none.
    pub(crate) indicators: BTreeSet<String>,
    /// Publishers of those reports: their history pages change, the other
    /// publishers' do not.
    pub(crate) publishers: BTreeSet<String>,
    /// Publishers of the reports whose entry changed, before or after (their
    /// pages list those reports' cards).
    pub(crate) listed_publishers: BTreeSet<String>,
}

impl Invalidation {
    /// Render every page.
    pub(crate) fn everything() -> Invalidation {
        Invalidation { everything: true, ..Invalidation::default() }
    }

    /// Nothing a page shows changed (the unit tests' question; rendering
    /// asks [`Invalidation::affects`] of each entry).
    #[cfg(test)]
    pub(crate) fn is_empty(&self) -> bool {
        !self.everything && self.reports.is_empty()
    }

    /// What changed from `old` to `new`.
    pub(crate) fn between(old: &Archive, new: &Archive) -> Invalidation {
        // A revision changes pages of other reports than its own (the revised
        // report's note, histories, every latest figure): rare, so render all.
        let revisions_changed = !same_revisions(old, new);
        if old.config != new.config || old.registry != new.registry || revisions_changed {
            return Invalidation::everything();
        }
        let (old_side, new_side) = rayon::join(|| Side::new(old), || Side::new(new));
        let mut change = Invalidation::default();
        // (path, changed, listed, figures) of each new report, compared in parallel.
        let compared: Vec<(&String, bool, bool, bool)> = new_side
            .index
            .par_iter()
            .map(|(path, &i)| match old_side.index.get(path) {
                Some(&j) if Arc::ptr_eq(&old.reports[j], &new.reports[i]) || old.reports[j] == new.reports[i] => {
                    let findings = !same_findings(&old_side.findings[j], &new_side.findings[i]);
                    (path, findings, false, findings)
                }
                Some(&j) => {
                    let figures = !same_figures(&old.reports[j], &new.reports[i])
                        || !same_findings(&old_side.findings[j], &new_side.findings[i])
                        || !same_source(&old.reports[j], &new.reports[i]);
                    (path, true, old_side.card(j) != new_side.card(i), figures)
                }
                None => (path, true, true, true),
            })
            .filter(|(_, changed, _, _)| *changed)
            .collect();
        let mut figures = BTreeSet::new();
        for (path, _, listed, figures_changed) in compared {
            change.reports.insert(path.clone());
            if listed {
                change.listed.insert(path.clone());
            }
            if figures_changed {
                figures.insert(path.clone());
            }
        }
        let removed = old_side.index.keys().filter(|p| !new_side.index.contains_key(*p));
        for path in removed {
            change.reports.insert(path.clone());
            change.listed.insert(path.clone());
            figures.insert(path.clone());
        }
        for side in [&old_side, &new_side] {
            for path in &change.reports {
                if let Some(&i) = side.index.get(path) {
                    let report = &side.archive.reports[i];
                    if figures.contains(path) && !report.metrics.is_empty() {
                        change.indicators.extend(report.metrics.iter().map(|m| m.indicator.clone()));
                        change.publishers.extend(report.publisher.clone());
                    }
                    change.report_pages.insert(path.clone());
                }
            }
            for path in &change.listed {
                if let Some(&i) = side.index.get(path) {
                    change.years.insert(side.archive.reports[i].period.year);
                    change.listed_publishers.extend(side.archive.reports[i].publisher.clone());
                    change.report_pages.extend(side.neighbours(i));
                }
            }
        }
        // A successor's history holds its predecessors' figures (the combined series).
        let successors: Vec<String> =
            change.publishers.iter().flat_map(|p| crate::publisher::successors_of(&new.config.publishers, p)).collect();
        change.publishers.extend(successors);
        change.year_list = old.years() != new.years();
        change
    }

    /// Whether the file of `entry` (planned from `archive`, the new one)
    /// may differ after this change; those it does not affect are carried
    /// over from the previous output. One arm per kind of file (pages and
    /// open-data files by their kind), no wildcard.
    pub(crate) fn affects(&self, archive: &Archive, entry: &Entry) -> bool {
        if self.everything {
            return true;
        }
        let indicator = |i: usize| archive.registry.indicators.get(i).map(|indicator| indicator.id.as_str());
        let publisher = |p: usize| archive.config.publishers.get(p).map(|publisher| publisher.id.as_str());
        // The figures of an indicator (by its index in the registry).
        let figures = |i: usize| indicator(i).is_none_or(|id| self.indicators.contains(id));
        // One publisher's figures of an indicator.
        let figures_of = |i: usize, p: usize| figures(i) && publisher(p).is_none_or(|p| self.publishers.contains(p));
        match entry {
            // Home shows a card of the latest report and the featured indicators' latest values.
            Entry::Page(Page { kind: PageKind::Home, .. }) => !self.listed.is_empty() || !self.indicators.is_empty(),
            // The archive list shows a card of every report.
            Entry::Page(Page { kind: PageKind::Reports, .. }) => !self.listed.is_empty(),
            Entry::Page(Page { kind: PageKind::Year(year), .. }) => self.year_list || self.years.contains(year),
            Entry::Page(Page { kind: PageKind::Report(_), path }) => self.report_pages.contains(path),
            // Latest values, changes and sparklines of every indicator.
            Entry::Page(Page { kind: PageKind::Indicators, .. }) => !self.indicators.is_empty(),
            // A history (or comparison) page shows every figure of its indicator,
            // the findings about them, and links to their reports (by period).
            Entry::Page(Page { kind: PageKind::Indicator(i), .. }) => {
                indicator(*i).is_none_or(|id| self.affects_chart((id, None)))
            }
            // One publisher's history shows that publisher's reports only.
            Entry::Page(Page { kind: PageKind::IndicatorPublisher(i, p), .. }) => {
                indicator(*i).zip(publisher(*p)).is_none_or(|(id, p)| self.affects_chart((id, Some(p))))
            }
            // A publisher's pages list its reports' cards.
            Entry::Page(Page { kind: PageKind::Publisher(p) | PageKind::PublisherYear(p, _), .. }) => {
                publisher(*p).is_none_or(|p| self.listed_publishers.contains(p))
            }
            // The chart's title and source line (the latest report of the series).
            Entry::Page(Page { kind: PageKind::Embed(i, p), .. }) => match (indicator(*i), p.map(publisher)) {
                (Some(id), None) => self.affects_chart((id, None)),
                (Some(id), Some(Some(p))) => self.affects_chart((id, Some(p))),
                _ => true,
            },
            // The catalogue gives every data file's size and the reports' dates.
            Entry::Page(Page { kind: PageKind::Data, .. }) => !self.indicators.is_empty() || !self.listed.is_empty(),
            // Coverage shows every report's period and date of issue (both in its card).
            Entry::Page(Page { kind: PageKind::Coverage, .. }) => !self.listed.is_empty(),
            // The search page offers the archive's years as filters.
            Entry::Page(Page { kind: PageKind::Search, .. }) => self.year_list,
            Entry::Page(Page { kind: PageKind::NotFound, .. }) => false,
            // Rows of figures: the text of a report is not in them.
            Entry::Data(DataFile::Observations) => !self.indicators.is_empty(),
            Entry::Data(DataFile::IndicatorCsv(i) | DataFile::IndicatorJson(i) | DataFile::ByPublisherCsv(i)) => {
                figures(*i)
            }
            // One publisher's series: its indicator and that publisher.
            Entry::Data(DataFile::PublisherCsv(i, p) | DataFile::PublisherJson(i, p)) => figures_of(*i, *p),
            // Revisions take effect across reports: any change may move one.
            Entry::Data(DataFile::Revisions) => !self.reports.is_empty(),
            Entry::Data(DataFile::ReportCsv(r)) => {
                archive.reports.get(*r).is_none_or(|report| self.reports.contains(&archive.report_path(report)))
            }
            // The indicator's figures, and for one publisher's chart, that publisher's.
            Entry::Chart(image) => {
                indicator(image.indicator()).is_none_or(|id| self.affects_chart((id, image.publisher(archive))))
            }
            // The site's title and description only (site.yaml: everything).
            Entry::Card => false,
            // The catalogues describe every indicator's series (its periods
            // and latest date) and every report's card (title, period, date,
            // publisher), and give every other file's size: `write_catalogues`
            // also renders them again when a size changed. The feeds are made
            // afresh (a few kilobytes).
            Entry::ReportSchema | Entry::DataPackage | Entry::Catalog => {
                !self.indicators.is_empty() || !self.listed.is_empty()
            }
            Entry::Atom | Entry::Sitemap | Entry::Robots => true,
            // Every report's text and figures.
            Entry::SearchIndex => !self.reports.is_empty(),
            // The theme's and the site's static files are not the archive's:
            // written from memory every time.
            Entry::Static(_) => true,
        }
    }

    /// Whether a chart image (or its embed page) may differ after this change:
    /// the indicator's figures changed, and for one publisher's chart, that
    /// publisher's.
    pub(crate) fn affects_chart(&self, chart: ChartKey) -> bool {
        if self.everything {
            return true;
        }
        let (indicator, publisher) = chart;
        self.indicators.contains(indicator) && publisher.is_none_or(|p| self.publishers.contains(p))
    }
}

/// A chart by its indicator id and, for one publisher's chart, the publisher's id.
pub(crate) type ChartKey<'a> = (&'a str, Option<&'a str>);

/// One archive, indexed by report page path.
struct Side<'a> {
    archive: &'a Archive,
    views: Views<'a>,
    index: HashMap<String, usize>,
    findings: Vec<Vec<&'a Finding>>,
}

impl<'a> Side<'a> {
    fn new(archive: &'a Archive) -> Self {
        let index = archive.reports.par_iter().enumerate().map(|(i, r)| (archive.report_path(r), i)).collect();
        let mut findings = vec![Vec::new(); archive.reports.len()];
        for finding in &archive.findings {
            if let Some(list) = findings.get_mut(finding.report) {
                list.push(finding);
            }
        }
        Side { archive, views: Views::new(archive), index, findings }
    }

    /// What lists and links show of a report, as the templates get it.
    fn card(&self, i: usize) -> serde_json::Value {
        serde_json::to_value(self.views.card(i)).unwrap_or_default()
    }

    /// Page paths of the previous and next report of the same publisher
    /// (reports are sorted by publisher, then period).
    fn neighbours(&self, i: usize) -> impl Iterator<Item = String> + '_ {
        let reports = &self.archive.reports;
        let same = move |j: usize| reports[j].publisher == reports[i].publisher;
        let previous = i.checked_sub(1).filter(|&j| same(j));
        let next = Some(i + 1).filter(|&j| j < reports.len() && same(j));
        previous.into_iter().chain(next).map(|j| self.archive.report_path(&reports[j]))
    }
}

/// The same revisions in effect, and the same revisions written (a revision
/// that breaks a rule shows nowhere, but its report's page may change).
fn same_revisions(old: &Archive, new: &Archive) -> bool {
    (!revisions_written(old) && !revisions_written(new)) || revisions_key(old) == revisions_key(new)
}

/// The revisions in effect: (target page, indicator, measure, value,
/// previous value, kind, reason, status and revising page).
pub(crate) type RevisionsKey = Vec<(String, String, String, u64, u64, String)>;

pub(crate) fn revisions_key(archive: &Archive) -> RevisionsKey {
    archive
        .revisions
        .all()
        .iter()
        .map(|a| {
            (
                archive.report_path(&archive.reports[a.target]),
                a.indicator.clone(),
                a.measure.clone(),
                a.value.to_bits(),
                a.previous.to_bits(),
                format!("{:?}{:?}{:?}{}", a.kind, a.reason, a.status, archive.report_path(&archive.reports[a.by])),
            )
        })
        .collect()
}

/// Whether any report writes a revision.
pub(crate) fn revisions_written(archive: &Archive) -> bool {
    archive.reports.iter().any(|r| !r.revisions.is_empty())
}

/// The same figures (their positions in the file aside), and the same status.
fn same_figures(a: &Report, b: &Report) -> bool {
    if a.status != b.status {
        return false;
    }
    fn values(r: &Report) -> impl Iterator<Item = (&str, &str, Option<f64>)> {
        r.metrics.iter().flat_map(|m| m.values.iter().map(move |v| (m.indicator.as_str(), v.measure.as_str(), v.value)))
    }
    values(a).eq(values(b))
}

/// The same source as charts and citations name it: a report's number,
/// date and organization (a series' latest report is drawn into its chart
/// image, and its date is the dataset's modification date). A change of
/// these counts as a change of its figures.
fn same_source(a: &Report, b: &Report) -> bool {
    a.number == b.number && a.issued == b.issued && a.organization == b.organization
}

/// Findings compared without their report index (indices shift when a
/// report is added or removed before them).
fn same_findings(a: &[&Finding], b: &[&Finding]) -> bool {
    let key = |f: &&Finding| (f.kind.clone(), f.indicator.clone(), f.measure.clone(), f.expected, f.actual);
    a.len() == b.len() && a.iter().map(key).eq(b.iter().map(key))
}

#[cfg(test)]
#[path = "incremental_tests.rs"]
mod tests;
