//! What is searchable: one [`SearchDoc`] per report and per indicator.
//!
//! Built from the archive (read-only); nothing here knows about shards or
//! files. Fields carry the text to index (borrowed from the archive where it
//! can be: a body's plain text is never copied); the card carries what a
//! result shows (title, period, number, link, snippet source); publisher and
//! year are what results can be narrowed by.

use std::borrow::Cow;

use crate::archive::Archive;

/// The fields of a document, each with its own weight in ranking.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Field {
    Title = 0,
    Number = 1,
    Period = 2,
    Organization = 3,
    Indicators = 4,
    Body = 5,
}

impl Field {
    pub const ALL: [Field; 6] =
        [Field::Title, Field::Number, Field::Period, Field::Organization, Field::Indicators, Field::Body];

    /// BM25F weight: a match in the title or the document number counts
    /// several times one in the body.
    pub fn weight(self) -> f64 {
        match self {
            Field::Title => 6.0,
            Field::Number => 10.0,
            Field::Period => 10.0,
            Field::Organization => 1.5,
            Field::Indicators => 2.0,
            Field::Body => 1.0,
        }
    }

    /// BM25F length normalization: full for the body, light for short fields.
    pub fn b(self) -> f64 {
        match self {
            Field::Body => 0.75,
            Field::Title | Field::Indicators => 0.4,
            _ => 0.0,
        }
    }
}

/// What a result shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Card {
    /// `r` report, `i` indicator.
    pub kind: &'static str,
    pub title: String,
    /// Formatted for the site language (`Tháng 8/2014`); empty for indicators.
    pub period: String,
    pub number: String,
    /// Site path relative to the base (`reports/2014/08/`).
    pub path: String,
    /// Text the snippet is cut from (summary or description).
    pub text: String,
    /// Index in site.yaml's `publishers` (reports of multi-publisher sites).
    pub publisher: Option<u16>,
    /// The year of a report's period.
    pub year: Option<i16>,
}

#[derive(Clone, Debug)]
pub struct SearchDoc<'a> {
    /// (field, text) pairs; a field may appear several times.
    pub fields: Vec<(Field, Cow<'a, str>)>,
    /// Terms added as is (not tokenized): the period term.
    pub terms: Vec<(Field, String)>,
    pub card: Card,
}

/// Longest snippet source kept per document, in characters.
const SNIPPET_SOURCE_CHARS: usize = 240;

/// Every report, then every indicator, in archive order.
pub fn collect(archive: &Archive) -> Vec<SearchDoc<'_>> {
    let locale = archive.config.locale.clone();
    let mut docs = Vec::with_capacity(archive.reports.len() + archive.registry.indicators.len());
    for (i, report) in archive.reports.iter().enumerate() {
        let body = &archive.bodies[i];
        let indicator_names: Vec<String> = report
            .metrics
            .iter()
            .filter_map(|m| archive.registry.indicator(&m.indicator))
            .flat_map(|ind| [Some(ind.name.clone()), ind.short.clone()].into_iter().flatten())
            .collect();
        let mut fields = vec![(Field::Title, Cow::Borrowed(report.title.as_str()))];
        if let Some(number) = &report.number {
            fields.push((Field::Number, Cow::Borrowed(number.as_str())));
        }
        fields.push((Field::Period, Cow::Owned(locale.period(report.period))));
        if let Some(org) = report.organization.as_ref().or(archive.config.organization.as_ref()) {
            fields.push((Field::Organization, Cow::Borrowed(org.as_str())));
        }
        if !indicator_names.is_empty() {
            fields.push((Field::Indicators, Cow::Owned(indicator_names.join(" · "))));
        }
        if !report.tags.is_empty() {
            fields.push((Field::Indicators, Cow::Owned(report.tags.join(" · "))));
        }
        if let Some(summary) = &report.summary {
            fields.push((Field::Body, Cow::Borrowed(summary.as_str())));
        }
        fields.push((Field::Body, Cow::Borrowed(body.plain.as_str())));
        let publisher = report
            .publisher
            .as_ref()
            .and_then(|id| super::publisher_entry(archive, id, report.period))
            .and_then(|i| u16::try_from(i).ok());
        let source = report.summary.as_deref().unwrap_or(&body.first_paragraph);
        docs.push(SearchDoc {
            fields,
            terms: vec![(Field::Period, super::tokens::period_term(report.period.year, report.period.month))],
            card: Card {
                kind: "r",
                title: report.title.clone(),
                period: locale.period_title(report.period),
                number: report.number.clone().unwrap_or_default(),
                path: archive.report_path(report),
                text: crate::text::truncate_words(source, SNIPPET_SOURCE_CHARS),
                publisher,
                year: Some(report.period.year),
            },
        });
    }
    for indicator in &archive.registry.indicators {
        let mut fields = vec![(Field::Title, Cow::Borrowed(indicator.name.as_str()))];
        if let Some(short) = &indicator.short {
            fields.push((Field::Title, Cow::Borrowed(short.as_str())));
        }
        // The group is a category ("Viễn thông"), not what the indicator is
        // about: it weighs like an organization, below a report's text.
        if let Some(group) = &indicator.group {
            fields.push((Field::Organization, Cow::Borrowed(group.as_str())));
        }
        let description = indicator.description.as_deref().unwrap_or_default();
        fields.push((Field::Body, Cow::Borrowed(description)));
        docs.push(SearchDoc {
            fields,
            terms: Vec::new(),
            card: Card {
                kind: "i",
                title: indicator.name.clone(),
                period: String::new(),
                number: indicator.short.clone().unwrap_or_default(),
                path: Archive::indicator_path(&indicator.id),
                text: crate::text::truncate_words(description, SNIPPET_SOURCE_CHARS),
                publisher: None,
                year: None,
            },
        });
    }
    docs
}
