//! What pages show of statuses and revisions: the marks beside non-final
//! and revised figures, their legend, and the list of revisions.
//!
//! Report pages keep each figure as published and say where it was revised;
//! history pages show the latest value and list every revision (first
//! published → revised, in which report, when, why). Every text arrives
//! formatted in the site language.

use serde::Serialize;

use super::views::{Link, Views};
use crate::archive::Archive;
use crate::content::revision::RevisionKind;
use crate::revisions::Applied;
use crate::status::Status;

/// The marks of one figure, shared by report and history tables.
#[derive(Serialize, Clone, Debug, Default, PartialEq)]
pub(crate) struct FigureMarks {
    /// `estimate` or `preliminary`; empty for a final figure.
    pub(crate) status: &'static str,
    /// The short mark of a non-final figure (`ư`, `e`…); empty when final.
    pub(crate) mark: String,
    /// The status in words (`Ước tính`, `Estimate`); empty when final.
    pub(crate) status_label: String,
    /// Set when the figure was revised: in words, where and to what (report
    /// pages) or from what (history pages).
    pub(crate) revised: Option<String>,
}

impl FigureMarks {
    /// The number of fields [`FigureMarks::serialize_fields`] writes.
    pub(crate) const FIELDS: usize = 4;

    /// Writes the marks as fields of the figure's own struct (`status`,
    /// `mark`, `status_label`, `revised`): what `#[serde(flatten)]` would
    /// give, without its detour through a map (at L the largest single
    /// cost of a history page's context: every cell of its table has marks).
    pub(crate) fn serialize_fields<S: serde::ser::SerializeStruct>(&self, s: &mut S) -> Result<(), S::Error> {
        s.serialize_field("status", self.status)?;
        s.serialize_field("mark", &self.mark)?;
        s.serialize_field("status_label", &self.status_label)?;
        s.serialize_field("revised", &self.revised)
    }
}

/// One line of the key under a table or chart.
#[derive(Serialize, Clone, Debug, PartialEq)]
pub(crate) struct MarkLegend {
    /// `estimate`, `preliminary` or `revised`: the class of the sample.
    pub(crate) kind: &'static str,
    pub(crate) mark: String,
    pub(crate) text: String,
}

/// One revision, in words and links.
#[derive(Serialize, Clone, Debug)]
pub(crate) struct RevisionEntry {
    /// The revised figure's month.
    pub(crate) period: String,
    pub(crate) period_iso: String,
    /// The report that first published the figure.
    pub(crate) original: Link,
    pub(crate) indicator: Link,
    pub(crate) measure: String,
    /// As first published, formatted.
    pub(crate) published: String,
    /// The value before this revision when an earlier revision changed it too.
    pub(crate) previous: Option<String>,
    pub(crate) revised: String,
    /// `revision` or `correction`, and in words.
    pub(crate) kind: &'static str,
    pub(crate) kind_label: String,
    pub(crate) reason: Option<String>,
    /// The revising report.
    pub(crate) report: Link,
    pub(crate) date: Option<String>,
    pub(crate) date_iso: Option<String>,
    /// The revised figure's status in words, when not final.
    pub(crate) status_label: String,
}

/// The status part of a figure's marks.
pub(crate) fn status_marks(views: &Views, status: Status) -> FigureMarks {
    let l = &views.locale;
    match status {
        Status::Final => FigureMarks::default(),
        Status::Estimate => FigureMarks {
            status: "estimate",
            mark: l.text("mark_estimate").to_string(),
            status_label: l.text("status_estimate").to_string(),
            revised: None,
        },
        Status::Preliminary => FigureMarks {
            status: "preliminary",
            mark: l.text("mark_preliminary").to_string(),
            status_label: l.text("status_preliminary").to_string(),
            revised: None,
        },
    }
}

/// The key for the statuses and revisions present.
pub(crate) fn legend(views: &Views, statuses: &[Status], revised: bool) -> Vec<MarkLegend> {
    let l = &views.locale;
    let mut out = Vec::new();
    if statuses.contains(&Status::Estimate) {
        out.push(MarkLegend {
            kind: "estimate",
            mark: l.text("mark_estimate").to_string(),
            text: l.text("legend_estimate").to_string(),
        });
    }
    if statuses.contains(&Status::Preliminary) {
        out.push(MarkLegend {
            kind: "preliminary",
            mark: l.text("mark_preliminary").to_string(),
            text: l.text("legend_preliminary").to_string(),
        });
    }
    if revised {
        out.push(MarkLegend {
            kind: "revised",
            mark: l.text("mark_revised").to_string(),
            text: l.text("legend_revised").to_string(),
        });
    }
    out
}

fn kind_label(views: &Views, kind: RevisionKind) -> String {
    views
        .locale
        .text(match kind {
            RevisionKind::Revision => "kind_revision",
            RevisionKind::Correction => "kind_correction",
        })
        .to_string()
}

/// "Tháng 9/2014 (số 301/BC-STTTT)": how a note names a report.
fn report_name(views: &Views, index: usize) -> String {
    let r = &views.archive.reports[index];
    match &r.number {
        Some(number) => format!("{} ({} {number})", views.locale.period(r.period), views.locale.text("number")),
        None => views.locale.period(r.period),
    }
}

fn value_text(views: &Views, applied: &Applied, value: f64) -> String {
    let unit = views.archive.registry.measure(&applied.measure).and_then(|m| m.unit.as_deref());
    views.locale.value_with_unit(value, unit)
}

/// The note beside a figure on the page of the report that published it:
/// "Revised in the report of September 2014 on 19 September 2014 to 103,998."
pub(crate) fn revised_note(views: &Views, applied: &Applied) -> String {
    let l = &views.locale;
    let by = &views.archive.reports[applied.by];
    let template =
        if by.issued.is_some() { l.text("revised_note_dated").to_string() } else { l.text("revised_note").to_string() };
    template
        .replace("{report}", &report_name(views, applied.by))
        .replace("{date}", &by.issued.map(|d| l.date(d)).unwrap_or_default())
        .replace("{value}", &value_text(views, applied, applied.value))
        .replace(
            "{kind}",
            l.text(match applied.kind {
                RevisionKind::Revision => "kind_revision_done",
                RevisionKind::Correction => "kind_correction_done",
            }),
        )
}

/// The note beside a latest figure on a history page: "Revised; first published: 103,988."
pub(crate) fn published_note(views: &Views, applied: &Applied) -> String {
    views.locale.text("published_note").replace("{value}", &value_text(views, applied, applied.published))
}

fn report_link(views: &Views, index: usize) -> Link {
    let r = &views.archive.reports[index];
    Link { title: views.report_title(r), url: views.url(&views.archive.report_path(r)) }
}

pub(crate) fn entry(views: &Views, applied: &Applied) -> RevisionEntry {
    let archive: &Archive = views.archive;
    let l = &views.locale;
    let target = &archive.reports[applied.target];
    let by = &archive.reports[applied.by];
    let registry = &archive.registry;
    let indicator = registry.indicator(&applied.indicator);
    RevisionEntry {
        period: l.period_title(target.period),
        period_iso: target.period.to_string(),
        original: report_link(views, applied.target),
        indicator: Link {
            title: indicator.map_or(applied.indicator.clone(), |i| i.name.clone()),
            url: views.url(&crate::routes::indicator(&applied.indicator)),
        },
        measure: registry.measure(&applied.measure).map_or(applied.measure.clone(), |m| m.label.clone()),
        published: value_text(views, applied, applied.published),
        previous: (applied.previous != applied.published).then(|| value_text(views, applied, applied.previous)),
        revised: value_text(views, applied, applied.value),
        kind: applied.kind.id(),
        kind_label: kind_label(views, applied.kind),
        reason: applied.reason.clone(),
        report: report_link(views, applied.by),
        date: by.issued.map(|d| l.date(d)),
        date_iso: by.issued.map(|d| d.to_string()),
        status_label: status_marks(views, applied.status).status_label,
    }
}

/// The findings on the figures as published that revisions put right, in words.
pub(crate) fn resolved_notes(views: &Views, filter: impl Fn(&crate::checks::Finding) -> bool) -> Vec<String> {
    views
        .archive
        .resolved
        .iter()
        .filter(|f| filter(f))
        .map(|f| {
            let period = views.locale.period_title(views.archive.reports[f.report].period);
            views.locale.text("resolved_note").replace("{period}", &period).replace("{finding}", &views.finding_text(f))
        })
        .collect()
}
