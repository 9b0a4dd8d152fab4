//! The revisions in effect: which published figures later reports revised.
//!
//! [`Revisions`] is built once per archive by `checks::revisions::resolve`
//! from every report's `revisions:` list (the entries that passed the
//! rules), and answers two questions: what is the latest value of a figure,
//! and what happened to it. A report keeps its figures as published; pages,
//! checks and open data ask here for the latest. Pure: holds indices into
//! the archive's reports, never a copy of them.

use crate::content::report::Report;
use crate::content::revision::RevisionKind;
use crate::status::Status;

/// One revision that took effect.
#[derive(Clone, Debug, PartialEq)]
pub struct Applied {
    /// Index (in the archive) of the report whose figure is revised.
    pub target: usize,
    pub indicator: String,
    pub measure: String,
    /// The figure as first published, in the target report.
    pub published: f64,
    /// The figure just before this revision (the published one, or an
    /// earlier revision's).
    pub previous: f64,
    /// The revised figure.
    pub value: f64,
    pub kind: RevisionKind,
    pub reason: Option<String>,
    /// The status of the revised figure.
    pub status: Status,
    /// Index of the revising report.
    pub by: usize,
    /// Index of the entry in the revising report's `revisions:`.
    pub entry: usize,
}

/// Every revision in effect, sorted by target report, then indicator and
/// measure (registry order), then in the order they took effect.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Revisions {
    list: Vec<Applied>,
}

impl Revisions {
    /// No revision: the figures as published.
    pub fn none() -> Revisions {
        Revisions::default()
    }

    /// `list` must be in the order described on [`Revisions`].
    pub fn from_sorted(list: Vec<Applied>) -> Revisions {
        Revisions { list }
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    pub fn all(&self) -> &[Applied] {
        &self.list
    }

    /// The revisions of the figures of report `target`.
    pub fn of_report(&self, target: usize) -> &[Applied] {
        let start = self.list.partition_point(|a| a.target < target);
        let end = start + self.list[start..].partition_point(|a| a.target == target);
        &self.list[start..end]
    }

    /// The revisions of one figure, oldest first.
    pub fn of_figure<'a>(
        &'a self,
        target: usize,
        indicator: &'a str,
        measure: &'a str,
    ) -> impl Iterator<Item = &'a Applied> + 'a {
        self.of_report(target).iter().filter(move |a| a.indicator == indicator && a.measure == measure)
    }

    /// The revision that gives a figure its latest value, if any.
    pub fn latest(&self, target: usize, indicator: &str, measure: &str) -> Option<&Applied> {
        self.of_report(target).iter().rev().find(|a| a.indicator == indicator && a.measure == measure)
    }

    /// The revisions a report made.
    pub fn made_by(&self, by: usize) -> impl Iterator<Item = &Applied> {
        self.list.iter().filter(move |a| a.by == by)
    }

    /// The latest value of a figure of `report` (index `index`): revised, or as published.
    pub fn value(&self, index: usize, report: &Report, indicator: &str, measure: &str) -> Option<f64> {
        match self.latest(index, indicator, measure) {
            Some(applied) => Some(applied.value),
            None => report.value(indicator, measure),
        }
    }

    /// The status of a figure now: its latest revision's, else the report's.
    pub fn status(&self, index: usize, indicator: &str, measure: &str, published: Status) -> Status {
        self.latest(index, indicator, measure).map_or(published, |a| a.status)
    }
}
