//! What is searchable: one [`SearchDoc`] per report and per indicator.
//!
//! Built from the archive (read-only); nothing here knows about shards or
//! files. Fields carry the text to index; the card carries what a result
//! shows (title, period, number, link, snippet source).

use crate::archive::Archive;
use crate::locale::Locale;

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
}

#[derive(Clone, Debug)]
pub struct SearchDoc {
    /// (field, text) pairs; a field may appear several times.
    pub fields: Vec<(Field, String)>,
    /// Terms added as is (not tokenized): the period term.
    pub terms: Vec<(Field, String)>,
    pub card: Card,
}

/// Longest snippet source kept per document, in characters.
const SNIPPET_SOURCE_CHARS: usize = 240;

/// Every report, then every indicator, in archive order.
pub fn collect(archive: &Archive) -> Vec<SearchDoc> {
    let locale = Locale::new(archive.config.language);
    let mut docs = Vec::with_capacity(archive.reports.len() + archive.registry.indicators.len());
    for (i, report) in archive.reports.iter().enumerate() {
        let body = &archive.bodies[i];
        let indicator_names: Vec<String> = report
            .metrics
            .iter()
            .filter_map(|m| archive.registry.indicator(&m.indicator))
            .flat_map(|ind| [Some(ind.name.clone()), ind.short.clone()].into_iter().flatten())
            .collect();
        let mut fields = vec![(Field::Title, report.title.clone())];
        if let Some(number) = &report.number {
            fields.push((Field::Number, number.clone()));
        }
        fields.push((Field::Period, locale.period(report.period)));
        let organization = report.organization.clone().or_else(|| archive.config.organization.clone());
        if let Some(org) = &organization {
            fields.push((Field::Organization, org.clone()));
        }
        if !indicator_names.is_empty() {
            fields.push((Field::Indicators, indicator_names.join(" · ")));
        }
        if !report.tags.is_empty() {
            fields.push((Field::Indicators, report.tags.join(" · ")));
        }
        if let Some(summary) = &report.summary {
            fields.push((Field::Body, summary.clone()));
        }
        fields.push((Field::Body, body.plain.clone()));
        let source = report.summary.clone().unwrap_or_else(|| body.first_paragraph.clone());
        docs.push(SearchDoc {
            fields,
            terms: vec![(Field::Period, super::tokens::period_term(report.period.year, report.period.month))],
            card: Card {
                kind: "r",
                title: report.title.clone(),
                period: locale.period_title(report.period),
                number: report.number.clone().unwrap_or_default(),
                path: archive.report_path(report),
                text: crate::text::truncate_words(&source, SNIPPET_SOURCE_CHARS),
            },
        });
    }
    for indicator in &archive.registry.indicators {
        let mut fields = vec![(Field::Title, indicator.name.clone())];
        if let Some(short) = &indicator.short {
            fields.push((Field::Title, short.clone()));
        }
        // The group is a category ("Viễn thông"), not what the indicator is
        // about: it weighs like an organization, below a report's text.
        if let Some(group) = &indicator.group {
            fields.push((Field::Organization, group.clone()));
        }
        let description = indicator.description.clone().unwrap_or_default();
        fields.push((Field::Body, description.clone()));
        docs.push(SearchDoc {
            fields,
            terms: Vec::new(),
            card: Card {
                kind: "i",
                title: indicator.name.clone(),
                period: String::new(),
                number: indicator.short.clone().unwrap_or_default(),
                path: Archive::indicator_path(&indicator.id),
                text: crate::text::truncate_words(&description, SNIPPET_SOURCE_CHARS),
            },
        });
    }
    docs
}
