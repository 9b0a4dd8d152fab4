//! Table-driven tests of [`Invalidation`]: which pages an edit re-renders.

use std::path::Path;

use super::*;
use crate::config::Config;
use crate::content::{Content, report};
use crate::diagnostics::Diagnostics;
use crate::registry::Registry;
use crate::render::digest::Digest;
use crate::render::{Entry, plan};

const SITE: &str = "title: T\nbase_url: http://localhost/\n";
const REGISTRY: &str = "measures:\n  added: { label: A }\n  removed: { label: R }\n  total: { label: T }\nindicators:\n  subs: { name: S }\n  other: { name: O }\n";

/// An archive of reports given as (period, extra front matter).
fn archive(reports: &[(&str, &str)]) -> Archive {
    let texts: Vec<(String, String)> = reports
        .iter()
        .map(|(period, extra)| {
            let first = format!("First paragraph of {period}.");
            (period.to_string(), format!("---\ntitle: Report {period}\nperiod: {period}\n{extra}---\n{first}\n"))
        })
        .collect();
    archive_of(&texts)
}

/// An archive of reports given as (period, file text).
fn archive_of(reports: &[(String, String)]) -> Archive {
    let mut diags = Diagnostics::new();
    let config = Config::parse(SITE, Path::new("site.yaml"), &mut diags).expect("config");
    let registry = Registry::parse(REGISTRY, Path::new("content/indicators.yaml"), &mut diags);
    let reports = reports
        .iter()
        .map(|(period, text)| {
            let file = format!("content/{period}.md");
            std::sync::Arc::new(
                report::parse_report(text, Path::new(&file), &config, &registry, &mut diags).expect("report"),
            )
        })
        .collect();
    assert!(!diags.has_errors(), "{diags:?}");
    Archive::new(Content { config, registry, reports }, false).render_bodies(None)
}

/// [`Invalidation::between`], checked against [`Invalidation::between_digests`] (what
/// an incremental `annals build` uses): both must give the same change.
fn between(old: &Archive, new: &Archive) -> Invalidation {
    let change = Invalidation::between(old, new);
    let successors = |p: &str| crate::publisher::successors_of(&new.config.publishers, p);
    let digested = Invalidation::between_digests(&Digest::of(old), &Digest::of(new), successors);
    assert_eq!(change, digested, "the digests give another change than the archives");
    change
}

/// The paths of the pages `change` re-renders in `archive`.
fn rendered(change: &Invalidation, archive: &Archive) -> Vec<String> {
    let entries = plan(archive, None).into_iter().filter(|entry| change.affects(archive, entry));
    entries.filter_map(|entry| if let Entry::Page(page) = entry { Some(page.path) } else { None }).collect()
}

const YEARS: &[(&str, &str)] = &[("2013-12", ""), ("2014-01", ""), ("2014-02", ""), ("2014-03", ""), ("2015-01", "")];

#[test]
fn an_unchanged_archive_renders_nothing() {
    let change = between(&archive(YEARS), &archive(YEARS));
    assert!(change.is_empty());
    assert!(rendered(&change, &archive(YEARS)).is_empty());
}

#[test]
fn editing_a_report_renders_it_its_neighbours_its_year_and_the_lists() {
    let old = archive(YEARS);
    let mut edited = YEARS.to_vec();
    edited[2] = ("2014-02", "summary: New words.\n");
    let new = archive(&edited);
    let change = between(&old, &new);
    assert_eq!(
        rendered(&change, &new),
        [
            "",
            "reports/",
            "reports/2014/",
            "reports/2014/01/",
            "reports/2014/02/",
            "reports/2014/03/",
            "coverage/",
            "data/"
        ]
    );
}

#[test]
fn editing_a_body_past_its_first_paragraph_renders_that_page_only() {
    let old = archive(YEARS);
    let mut texts: Vec<(String, String)> = YEARS
        .iter()
        .map(|(p, _)| (p.to_string(), format!("---\ntitle: Report {p}\nperiod: {p}\n---\nFirst paragraph of {p}.\n")))
        .collect();
    texts[2].1.push_str("\nA second paragraph, added.\n");
    let new = archive_of(&texts);
    let change = between(&old, &new);
    assert!(change.listed.is_empty(), "{change:?}");
    assert_eq!(rendered(&change, &new), ["reports/2014/02/"]);
    texts[2].1 = texts[2].1.replace("First paragraph", "The first paragraph");
    let change = between(&old, &archive_of(&texts));
    assert!(change.listed.contains("reports/2014/02/"), "the summary comes from the first paragraph");
}

#[test]
fn removing_a_report_renders_the_reports_that_linked_to_it() {
    let old = archive(YEARS);
    let new = archive(&[YEARS[0], YEARS[1], YEARS[3], YEARS[4]]);
    let change = between(&old, &new);
    assert_eq!(change.reports, BTreeSet::from(["reports/2014/02/".to_string()]));
    assert_eq!(
        rendered(&change, &new),
        ["", "reports/", "reports/2014/", "reports/2014/01/", "reports/2014/03/", "coverage/", "data/"]
    );
}

#[test]
fn a_new_year_renders_every_year_page() {
    let old = archive(YEARS);
    let mut more = YEARS.to_vec();
    more.push(("2016-05", ""));
    let new = archive(&more);
    let pages = rendered(&between(&old, &new), &new);
    for year in ["reports/2013/", "reports/2014/", "reports/2015/", "reports/2016/", "reports/2016/05/"] {
        assert!(pages.contains(&year.to_string()), "{year} in {pages:?}");
    }
    assert!(!pages.contains(&"reports/2014/02/".to_string()), "{pages:?}");
}

#[test]
fn a_changed_figure_renders_the_reports_whose_findings_change() {
    // Continuity: 2014-02's total is checked against 2014-01's, so editing
    // 2014-01's total changes the note shown on 2014-02's page.
    let figures = |total: u32| -> Archive {
        let first = format!("metrics:\n  subs: {{ total: {total} }}\n");
        archive(&[
            ("2014-01", &first),
            ("2014-02", "metrics:\n  subs: { added: 5, removed: 0, total: 105 }\n"),
            ("2014-03", ""),
            ("2014-04", ""),
        ])
    };
    let (old, new) = (figures(100), figures(90));
    assert_ne!(old.findings.len(), new.findings.len(), "the edit must change a finding");
    let change = between(&old, &new);
    assert!(change.reports.contains("reports/2014/02/"), "{change:?}");
    assert_eq!(change.indicators, BTreeSet::from(["subs".to_string()]));
    // Figures are not in cards: the lists and the neighbours stay as they are;
    // home (featured indicators), the indicator index and the indicator's page change.
    assert_eq!(
        rendered(&change, &new),
        ["", "reports/2014/01/", "reports/2014/02/", "indicators/", "data/", "embed/subs/", "indicators/subs/"]
    );
}

#[test]
fn site_or_registry_changes_render_everything() {
    let old = archive(YEARS);
    let mut new = archive(YEARS);
    new.config.title = "Another title".into();
    let change = between(&old, &new);
    assert!(change.everything);
    assert_eq!(rendered(&change, &new).len(), crate::render::plan::pages(&new).len());
}

#[test]
fn open_data_follows_the_indicators_and_reports_that_changed() {
    use crate::data::{self, DataFile};
    let figures = |total: u32| -> Archive {
        let first = format!("metrics:\n  subs: {{ total: {total} }}\n");
        archive(&[("2014-01", &first), ("2014-02", "metrics:\n  subs: { total: 105 }\n")])
    };
    let (old, new) = (figures(100), figures(90));
    let change = between(&old, &new);
    let fresh: Vec<String> = data::files(&new)
        .into_iter()
        .filter(|f| change.affects(&new, &Entry::Data(*f)))
        .map(|f| f.path(&new))
        .collect();
    assert!(fresh.contains(&"data/observations.csv".to_string()), "{fresh:?}");
    assert!(fresh.contains(&"data/subs.csv".to_string()) && fresh.contains(&"data/subs.json".to_string()), "{fresh:?}");
    assert!(fresh.iter().any(|p| p.contains("2014-01")), "the edited report's own figures: {fresh:?}");
    assert!(!fresh.iter().any(|p| p.contains("2014-02")), "an unchanged report's figures are carried: {fresh:?}");
    assert!(!between(&new, &new).affects(&new, &Entry::Data(DataFile::Observations)));
}

#[test]
fn editing_the_text_of_a_report_with_figures_leaves_the_indicators_and_their_data() {
    let figures = "metrics:\n  subs: { added: 5, removed: 0, total: 105 }\n";
    let old = archive(&[("2014-01", figures), ("2014-02", figures)]);
    let new = archive(&[("2014-01", figures), ("2014-02", &format!("{figures}summary: New words.\n"))]);
    let change = between(&old, &new);
    assert!(change.indicators.is_empty() && change.publishers.is_empty(), "{change:?}");
    let pages = rendered(&change, &new);
    assert!(!pages.iter().any(|p| p.starts_with("indicators/")), "{pages:?}");
    assert!(!change.affects(&new, &Entry::Data(crate::data::DataFile::Observations)));
    assert!(!change.affects(&new, &Entry::Data(crate::data::DataFile::IndicatorJson(0))));
    assert!(!change.affects_chart(("subs", None)), "the chart's image is carried over");
}

#[test]
fn a_new_report_number_redraws_the_charts_that_cite_it() {
    let figures = "metrics:
  subs: { total: 105 }
";
    let old = archive(&[("2014-01", figures), ("2014-02", figures)]);
    let new = archive(&[("2014-01", figures), ("2014-02", &format!("{figures}number: 12/BC\n"))]);
    let change = Invalidation::between(&old, &new);
    assert!(change.affects_chart(("subs", None)), "{change:?}");
    assert!(!change.affects_chart(("other", None)), "{change:?}");
    let pages = rendered(&change, &new);
    assert!(pages.contains(&"embed/subs/".to_string()) && pages.contains(&"indicators/subs/".to_string()), "{pages:?}");
}
