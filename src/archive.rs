//! The archive: everything a build or a check needs, built once, read-only.
//!
//! [`Archive::new`], the one constructor, takes the validated [`Content`],
//! keeps the reports to publish (drafts only when asked) in (publisher,
//! period) order and runs the consistency checks: an `Archive<()>`, whose
//! type says that no body is rendered (`check`, `new`, `import`). The
//! rendered bodies are a value of their own, [`Bodies`]: an [`Archive`]
//! (`Archive<Bodies>`, what the render side reads) is made from it by
//! [`Archive::render_bodies`] (sharing the bodies of unchanged reports with
//! a previous archive: `serve`) or [`Archive::render_bodies_releasing`]
//! (the Markdown released once rendered: `build`).

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, OnceLock};

use rayon::prelude::*;

use crate::checks::{self, Finding};
use crate::config::Config;
use crate::content::Content;
use crate::content::markdown::{self, RenderedBody};
use crate::content::report::Report;
use crate::diagnostics::Diagnostic;
use crate::points::SeriesCache;
use crate::registry::Registry;
use crate::revisions::Revisions;

/// The rendered body of each report: `bodies[i]` is that of `reports[i]`.
pub type Bodies = Vec<Arc<RenderedBody>>;

/// The archive; `B` says whether the reports' bodies are rendered
/// ([`Bodies`], the default) or not (`()`).
#[derive(Debug)]
pub struct Archive<B = Bodies> {
    pub config: Config,
    pub registry: Registry,
    /// Sorted by (publisher, period); shared with `serve`'s cache and the
    /// previous archive.
    pub reports: Vec<Arc<Report>>,
    /// `bodies[i]` is the rendered body of `reports[i]` (shared with the
    /// previous archive when `serve` rebuilds and the body did not change);
    /// `()` before they are rendered.
    pub bodies: B,
    /// Findings on the latest figures (revisions in effect).
    pub findings: Vec<Finding>,
    /// The revisions in effect.
    pub revisions: Revisions,
    /// Revisions that break a rule (errors, and warnings for no-op ones).
    pub revision_problems: Vec<Diagnostic>,
    /// Findings on the figures as published that revisions put right.
    pub resolved: Vec<Finding>,
    /// Every indicator's points, made on first use (`Series::new`).
    pub series: SeriesCache,
    /// Each report's part of the search index's version
    /// (`render::fingerprint`), made on first use; taken from the previous
    /// archive for a report and body that did not change (`serve`). Empty
    /// before the bodies are rendered.
    pub(crate) search_hashes: Vec<OnceLock<u64>>,
}

/// What the checks say about the reports: findings, revisions in effect,
/// revisions that break a rule, and what the revisions put right.
fn checked(reports: &[Arc<Report>], registry: &Registry, config: &Config) -> Checked {
    let (revisions, revision_problems) = checks::revisions::resolve(reports, registry, config);
    let publishers = &config.publishers;
    let findings = checks::run_with(reports, registry, publishers, &revisions);
    let resolved = if revisions.is_empty() {
        Vec::new()
    } else {
        checks::resolved_by_revisions(checks::run_with(reports, registry, publishers, &Revisions::none()), &findings)
    };
    Checked { findings, revisions, revision_problems, resolved }
}

struct Checked {
    findings: Vec<Finding>,
    revisions: Revisions,
    revision_problems: Vec<Diagnostic>,
    resolved: Vec<Finding>,
}

/// Whether the checks over `reports` would say what they said over
/// `previous`'s: the same site.yaml and registry, and the same reports in
/// the same order but for their bodies (no check reads a body; the front
/// matter, the file and the body's first line are compared).
fn checks_unchanged<B>(previous: &Archive<B>, config: &Config, registry: &Registry, reports: &[Arc<Report>]) -> bool {
    previous.reports.len() == reports.len()
        && previous.config == *config
        && previous.registry == *registry
        && previous.reports.iter().zip(reports).all(|(old, new)| Arc::ptr_eq(old, new) || same_but_body(old, new))
}

/// Two reports equal in everything but their Markdown.
pub(crate) fn same_but_body(a: &Report, b: &Report) -> bool {
    // Destructured, so that a new field of `Report` must be placed here.
    let Report {
        file,
        period,
        publisher,
        title,
        number,
        issued,
        place,
        organization,
        signer,
        recipients,
        summary,
        tags,
        draft,
        source,
        metrics,
        status,
        revisions,
        body: _,
        body_line,
        period_pos,
    } = a;
    *file == b.file
        && *period == b.period
        && *publisher == b.publisher
        && *title == b.title
        && *number == b.number
        && *issued == b.issued
        && *place == b.place
        && *organization == b.organization
        && *signer == b.signer
        && *recipients == b.recipients
        && *summary == b.summary
        && *tags == b.tags
        && *draft == b.draft
        && *source == b.source
        && *metrics == b.metrics
        && *status == b.status
        && *revisions == b.revisions
        && *body_line == b.body_line
        && *period_pos == b.period_pos
}

impl Archive<()> {
    /// The reports to publish, checked; no body rendered.
    pub fn new(content: Content, include_drafts: bool) -> Archive<()> {
        Self::new_after(content, include_drafts, None::<&Archive<()>>)
    }

    /// [`Archive::new`], taking the checks' findings from `previous` (the
    /// archive of the last load of the same site, `serve`) when they cannot
    /// differ ([`checks_unchanged`]: only bodies changed); any other change
    /// runs every check again.
    pub fn new_after<B>(content: Content, include_drafts: bool, previous: Option<&Archive<B>>) -> Archive<()> {
        let (config, registry, reports) = Self::publishable(content, include_drafts);
        let reused = previous.filter(|p| checks_unchanged(p, &config, &registry, &reports)).map(|p| Checked {
            findings: p.findings.clone(),
            revisions: p.revisions.clone(),
            revision_problems: p.revision_problems.clone(),
            resolved: p.resolved.clone(),
        });
        let Checked { findings, revisions, revision_problems, resolved } =
            reused.unwrap_or_else(|| checked(&reports, &registry, &config));
        let series = SeriesCache::new(registry.indicators.len());
        Archive {
            config,
            registry,
            reports,
            bodies: (),
            findings,
            revisions,
            revision_problems,
            resolved,
            series,
            search_hashes: Vec::new(),
        }
    }

    /// Renders every report's Markdown (in parallel); a report whose file
    /// and Markdown are the same as in `previous` shares its rendered body
    /// instead of rendering it.
    pub fn render_bodies(self, previous: Option<&Archive>) -> Archive {
        let allow_html = self.config.allow_html;
        let reusable: HashMap<&Path, usize> = previous
            .filter(|p| p.config.allow_html == allow_html)
            .map(|p| p.reports.iter().enumerate().map(|(i, r)| (r.file.as_path(), i)).collect())
            .unwrap_or_default();
        let (bodies, hashes): (Bodies, Vec<OnceLock<u64>>) = self
            .reports
            .par_iter()
            .map(|r| {
                let old = reusable.get(r.file.as_path()).zip(previous).map(|(&i, p)| (i, p));
                match old {
                    Some((i, p)) if Arc::ptr_eq(&p.reports[i], r) || p.reports[i].body == r.body => {
                        // The same report and body: the same fingerprint.
                        let hash = OnceLock::new();
                        if let Some(&known) = p.search_hashes.get(i).and_then(OnceLock::get)
                            && Arc::ptr_eq(&p.reports[i], r)
                        {
                            let _ = hash.set(known);
                        }
                        (Arc::clone(&p.bodies[i]), hash)
                    }
                    _ => (Arc::new(markdown::render(&r.body, allow_html)), OnceLock::new()),
                }
            })
            .unzip();
        drop(reusable);
        let mut archive = self.with_bodies(bodies);
        archive.search_hashes = hashes;
        archive
    }

    /// [`Archive::render_bodies`] for `build`: each report's Markdown is
    /// released once rendered (nothing after needs it: the pages, the index
    /// and the data use the rendered body), which keeps the text of the
    /// archive in memory once instead of twice.
    pub fn render_bodies_releasing(mut self) -> Archive {
        let allow_html = self.config.allow_html;
        let bodies = self
            .reports
            .par_iter_mut()
            .map(|r| {
                let body = Arc::new(markdown::render(&r.body, allow_html));
                if let Some(report) = Arc::get_mut(r) {
                    report.body = String::new();
                }
                body
            })
            .collect();
        self.with_bodies(bodies)
    }

    /// The bodies `cached` gives (a cache that keeps them, `build`), the
    /// others rendered (in parallel).
    pub fn render_bodies_with(self, cached: impl Fn(&Arc<Report>) -> Option<Arc<RenderedBody>> + Sync) -> Archive {
        let allow_html = self.config.allow_html;
        let bodies = self
            .reports
            .par_iter()
            .map(|r| cached(r).unwrap_or_else(|| Arc::new(markdown::render(&r.body, allow_html))))
            .collect();
        self.with_bodies(bodies)
    }

    fn with_bodies(self, bodies: Bodies) -> Archive {
        let Archive {
            config,
            registry,
            reports,
            bodies: (),
            findings,
            revisions,
            revision_problems,
            resolved,
            series,
            search_hashes: _,
        } = self;
        let search_hashes = reports.iter().map(|_| OnceLock::new()).collect();
        Archive {
            config,
            registry,
            reports,
            bodies,
            findings,
            revisions,
            revision_problems,
            resolved,
            series,
            search_hashes,
        }
    }

    /// The reports to publish, in (publisher, period) order.
    fn publishable(content: Content, include_drafts: bool) -> (Config, Registry, Vec<Arc<Report>>) {
        let Content { config, registry, reports } = content;
        let mut reports: Vec<Arc<Report>> = reports.into_iter().filter(|r| include_drafts || !r.draft).collect();
        reports.sort_by(|a, b| (&a.publisher, a.period).cmp(&(&b.publisher, b.period)));
        (config, registry, reports)
    }
}

impl<B> Archive<B> {
    /// Whether this archive differs from `previous` in its reports' bodies
    /// only (the same site.yaml, registry and front matter): the same
    /// findings, plan and file names.
    pub fn differs_in_bodies_only<C>(&self, previous: &Archive<C>) -> bool {
        checks_unchanged(previous, &self.config, &self.registry, &self.reports)
    }

    /// The site path of a report's page: `reports/2014/08/` (or
    /// `reports/<publisher>/2014/08/` when the site declares publishers).
    pub fn report_path(&self, report: &Report) -> String {
        let publisher = report.publisher.as_deref().filter(|_| !self.config.publishers.is_empty());
        crate::routes::report(publisher, report.period)
    }

    /// Findings about one report.
    pub fn findings_of(&self, report_index: usize) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(move |f| f.report == report_index)
    }

    /// The years that have reports, newest first.
    pub fn years(&self) -> Vec<i16> {
        let mut years: Vec<i16> = self.reports.iter().map(|r| r.period.year).collect();
        years.sort_unstable_by(|a, b| b.cmp(a));
        years.dedup();
        years
    }

    /// Indices of reports, newest first (by period, then publisher).
    pub fn newest_first(&self) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.reports.len()).collect();
        order.sort_by(|&a, &b| {
            let (ra, rb) = (&self.reports[a], &self.reports[b]);
            rb.period.cmp(&ra.period).then(ra.publisher.cmp(&rb.publisher))
        });
        order
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::testing::{REGISTRY, registry, report};

    fn config() -> Config {
        let mut diags = crate::diagnostics::Diagnostics::new();
        let config = Config::parse("title: T\nbase_url: http://localhost/\n", Path::new("site.yaml"), &mut diags);
        config.expect("a site.yaml")
    }

    fn content(reports: &[Arc<Report>]) -> Content {
        Content { config: config(), registry: registry(REGISTRY), reports: reports.to_vec() }
    }

    /// July's stock is 100; August adds 10, removes 4 and says `total`.
    fn months(total: f64) -> Vec<Arc<Report>> {
        vec![
            report("2014-07", None, &[("fixed", &[("total", 100.0)])]),
            report("2014-08", None, &[("fixed", &[("added", 10.0), ("removed", 4.0), ("total", total)])]),
        ]
    }

    fn with(report: &Arc<Report>, change: impl Fn(&mut Report)) -> Arc<Report> {
        let mut report = Report::clone(report);
        change(&mut report);
        Arc::new(report)
    }

    #[test]
    fn a_body_edit_keeps_the_findings_and_any_other_edit_checks_again() {
        let reports = months(110.0);
        let mut previous = Archive::new(content(&reports), false);
        assert_eq!(previous.findings.len(), 1, "110 is not 100 + 10 − 4: {:?}", previous.findings);
        let fresh = |reports: &[Arc<Report>]| Archive::new(content(reports), false).findings;

        // Only a body changed: the findings are the previous archive's,
        // taken over (not found again: a marked list comes back as it was).
        let body = vec![Arc::clone(&reports[0]), with(&reports[1], |r| r.body.push_str("Một câu thêm.\n"))];
        let again = Archive::new_after(content(&body), false, Some(&previous));
        assert_eq!(again.findings, fresh(&body));
        assert!(again.differs_in_bodies_only(&previous));
        previous.findings[0].expected = -1.0;
        let again = Archive::new_after(content(&body), false, Some(&previous));
        assert_eq!(again.findings[0].expected, -1.0, "the checks ran again on a body edit");
        previous.findings = fresh(&reports);

        // A figure changed: every check runs again (106 agrees).
        let figure = months(106.0);
        let rechecked = Archive::new_after(content(&figure), false, Some(&previous));
        assert!(rechecked.findings.is_empty(), "{:?}", rechecked.findings);
        assert!(!rechecked.differs_in_bodies_only(&previous));

        // So do a title, a report more, another registry.
        let title = vec![Arc::clone(&reports[0]), with(&reports[1], |r| r.title.push_str(" (sửa)"))];
        assert!(!Archive::new_after(content(&title), false, Some(&previous)).differs_in_bodies_only(&previous));
        let mut more = reports.clone();
        more.push(report("2014-09", None, &[("fixed", &[("total", 106.0)])]));
        let more_checked = Archive::new_after(content(&more), false, Some(&previous));
        assert_eq!(more_checked.findings, fresh(&more));
        assert!(!more_checked.differs_in_bodies_only(&previous));
        let mut other = content(&reports);
        other.registry = registry(&REGISTRY.replace("name: F", "name: G"));
        assert!(!Archive::new_after(other, false, Some(&previous)).differs_in_bodies_only(&previous));
    }
}
