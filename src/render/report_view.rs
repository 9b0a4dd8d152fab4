//! A report's page: its header, body, tables of figures, notes, revisions
//! and neighbours.

use serde::Serialize;

use super::views::{Link, Views};
use crate::checks::{Finding, FindingKind};
use crate::content::markdown::BodyPart;
use crate::content::report::Metric;
use crate::registry::Indicator;

#[derive(Serialize, Clone, Debug)]
pub(crate) struct SignerView {
    pub(crate) name: String,
    pub(crate) title: Option<String>,
    pub(crate) on_behalf: Option<String>,
}

#[derive(Serialize, Clone, Debug)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub(crate) enum BodyPartView {
    Html { html: String },
    Metrics { table: MetricsTable },
}

#[derive(Serialize, Clone, Debug)]
pub(crate) struct ReportView {
    /// The publisher's archive page, on sites with several publishers.
    pub(crate) publisher: Option<Link>,
    pub(crate) title: String,
    pub(crate) period: String,
    pub(crate) period_iso: String,
    pub(crate) number: Option<String>,
    pub(crate) issued: Option<String>,
    pub(crate) issued_iso: Option<String>,
    pub(crate) place: Option<String>,
    pub(crate) organization: Option<String>,
    pub(crate) signer: Option<SignerView>,
    pub(crate) recipients: Vec<String>,
    pub(crate) tags: Vec<String>,
    pub(crate) draft: bool,
    /// The original document, published beside the page (`annals import`).
    pub(crate) source: Option<Link>,
    pub(crate) summary: String,
    pub(crate) body: Vec<BodyPartView>,
    /// Level-2 and level-3 headings, for a table of contents.
    pub(crate) toc: Vec<TocEntry>,
    /// Every figure of the report; `None` when it has none.
    pub(crate) figures: Option<MetricsTable>,
    pub(crate) notes: Vec<String>,
    /// `estimate` or `preliminary` when the report's figures are not final, else empty.
    pub(crate) status: &'static str,
    /// The status in a word (`Ước tính`), empty when final.
    pub(crate) status_label: String,
    /// The report's status in a sentence, when not final.
    pub(crate) status_note: Option<String>,
    /// The key of the marks in the report's tables (empty when none).
    pub(crate) figure_legend: Vec<super::revision_views::MarkLegend>,
    /// The report's figures that later reports revised.
    pub(crate) revised_later: Vec<super::revision_views::RevisionEntry>,
    /// The published figures this report revises.
    pub(crate) revises: Vec<super::revision_views::RevisionEntry>,
    /// Checks that failed on the figures as published and that revisions put right.
    pub(crate) resolved_notes: Vec<String>,
    /// Downloads of the report's figures (empty without figures).
    pub(crate) data: Vec<Link>,
    pub(crate) previous: Option<Link>,
    pub(crate) next: Option<Link>,
    pub(crate) year_url: String,
}

#[derive(Serialize, Clone, Debug)]
pub(crate) struct TocEntry {
    pub(crate) level: u8,
    pub(crate) id: String,
    pub(crate) text: String,
}

/// A table of figures: indicators as rows, measures as columns.
#[derive(Serialize, Clone, Debug)]
pub(crate) struct MetricsTable {
    pub(crate) caption: String,
    pub(crate) columns: Vec<Column>,
    pub(crate) rows: Vec<MetricsRow>,
}

#[derive(Serialize, Clone, Debug)]
pub(crate) struct Column {
    pub(crate) id: String,
    pub(crate) label: String,
    pub(crate) unit: Option<String>,
}

#[derive(Serialize, Clone, Debug)]
pub(crate) struct MetricsRow {
    pub(crate) number: String,
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) full_name: String,
    pub(crate) url: String,
    pub(crate) unit: Option<String>,
    pub(crate) cells: Vec<Cell>,
}

#[derive(Clone, Debug)]
pub(crate) struct Cell {
    /// Formatted for the site language; empty when not reported.
    pub(crate) text: String,
    /// Plain machine number (for `data-value`), empty when not reported.
    pub(crate) value: String,
    /// Set when the figure fails a check: what does not add up.
    pub(crate) note: Option<String>,
    /// Status and revision marks (`status`, `mark`, `status_label`, `revised`).
    pub(crate) marks: super::revision_views::FigureMarks,
}

impl Serialize for Cell {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut s = serializer.serialize_struct("Cell", 3 + super::revision_views::FigureMarks::FIELDS)?;
        s.serialize_field("text", &self.text)?;
        s.serialize_field("value", &self.value)?;
        s.serialize_field("note", &self.note)?;
        self.marks.serialize_fields(&mut s)?;
        s.end()
    }
}

fn report_link(views: &Views, index: usize) -> Link {
    let r = &views.archive.reports[index];
    Link {
        title: format!("{} — {}", views.locale.period_title(r.period), r.title),
        url: views.url(&views.archive.report_path(r)),
    }
}

pub(crate) fn report(views: &Views, index: usize) -> ReportView {
    let archive = views.archive;
    let r = &archive.reports[index];
    let body = archive.bodies[index]
        .parts
        .iter()
        .map(|part| match part {
            BodyPart::Html(html) => BodyPartView::Html { html: html.clone() },
            BodyPart::Metrics(ids) => BodyPartView::Metrics { table: metrics_table(views, index, ids, false) },
        })
        .collect();
    let status = r.status(&archive.config);
    let marks = super::revision_views::status_marks(views, status);
    let same_publisher = |i: &usize| archive.reports[*i].publisher == r.publisher;
    let previous = (0..index).rev().find(same_publisher).map(|i| report_link(views, i));
    let next = (index + 1..archive.reports.len()).find(same_publisher).map(|i| report_link(views, i));
    ReportView {
        publisher: r.publisher.as_deref().and_then(|p| views.publisher_link_at(p, r.period)),
        title: r.title.clone(),
        period: views.locale.period_title(r.period),
        period_iso: r.period.to_string(),
        number: r.number.clone(),
        issued: r.issued.map(|d| views.locale.date(d)),
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
            url: views.url(&crate::content::sources::url_path(&path)),
        }),
        summary: views.summary(index),
        body,
        toc: archive.bodies[index]
            .headings
            .iter()
            .filter(|h| (2..=3).contains(&h.level))
            .map(|h| TocEntry { level: h.level, id: h.id.clone(), text: h.text.clone() })
            .collect(),
        figures: (!r.metrics.is_empty()).then(|| metrics_table(views, index, &[], true)),
        notes: archive.findings_of(index).map(|f| views.finding_text(f)).collect(),
        status: marks.status,
        status_label: marks.status_label.clone(),
        status_note: (!marks.status.is_empty())
            .then(|| views.locale.text(&format!("report_status_{}", marks.status)).to_string()),
        figure_legend: super::revision_views::legend(views, &[status], !archive.revisions.of_report(index).is_empty())
            .into_iter()
            .filter(|_| !r.metrics.is_empty())
            .collect(),
        revised_later: archive
            .revisions
            .of_report(index)
            .iter()
            .map(|a| super::revision_views::entry(views, a))
            .collect(),
        revises: archive.revisions.made_by(index).map(|a| super::revision_views::entry(views, a)).collect(),
        resolved_notes: super::revision_views::resolved_notes(views, |f| f.report == index),
        data: super::indicator_views::report_data(views, index),
        previous,
        next,
        year_url: views.url(&crate::routes::year(r.period.year)),
    }
}

/// The table of a report's figures: `ids` in that order, or every
/// indicator of the report in registry order when `ids` is empty.
pub(crate) fn metrics_table(views: &Views, index: usize, ids: &[String], all: bool) -> MetricsTable {
    let archive = views.archive;
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
    let status = super::revision_views::status_marks(views, r.status(&archive.config));
    let rows = indicators
        .iter()
        .enumerate()
        .map(|(n, (indicator, metric))| MetricsRow {
            number: format!("{:02}", n + 1),
            id: indicator.id.clone(),
            name: indicator.label().to_string(),
            full_name: indicator.name.clone(),
            url: views.url(&crate::routes::indicator(&indicator.id)),
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
                        .map(|f| views.finding_text(f))
                        .next();
                    Cell {
                        text: value
                            .map(|v| views.locale.value_with_unit(v, column.unit.as_deref()))
                            .unwrap_or_default(),
                        value: value.map(crate::checks::plain).unwrap_or_default(),
                        note,
                        marks: super::revision_views::FigureMarks {
                            revised: archive
                                .revisions
                                .latest(index, &indicator.id, &column.id)
                                .filter(|_| value.is_some())
                                .map(|a| super::revision_views::revised_note(views, a)),
                            ..if value.is_some() { status.clone() } else { Default::default() }
                        },
                    }
                })
                .collect(),
        })
        .collect();
    let key = if all { "all_figures_of" } else { "figures_of" };
    let caption = format!("{} {}", views.locale.text(key), views.locale.period(r.period));
    MetricsTable { caption, columns, rows }
}
