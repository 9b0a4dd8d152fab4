//! One session of the pipeline, written once:
//!
//! ```text
//! site folder ─load─▶ Content ─Archive─▶ Archive ─theme─▶ ThemeFiles ─templates─▶ Tera ─render─▶ Sink
//!                                  └─ findings ─▶ warnings
//! ```
//!
//! `build` opens one session and renders it into a staging folder (or the
//! spare tree of an incremental build); [`render_output`] renders one into
//! memory (tests, tools); `serve` keeps the last session between edits and
//! opens the next from it ([`Loading::previous`]): unchanged reports come
//! from its cache, unchanged bodies and templates from the previous
//! session. `check` is [`load_archive`] without bodies plus the theme's parse.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use tera::Tera;

use crate::archive::Archive;
use crate::config::BaseUrl;
use crate::content::yaml::Pos;
use crate::content::{self, ReportCache, theme};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::output::{Output, Sink};
use crate::render::raster::{NoStore, Store};
use crate::render::{self, RenderError, Rendered, Reuse, SearchIndex};

#[derive(Clone, Debug, Default)]
pub struct BuildOptions {
    /// The site folder.
    pub root: PathBuf,
    /// Where to write; default `<root>/public`.
    pub out: Option<PathBuf>,
    /// Overrides `base_url` for this build.
    pub base_url: Option<String>,
    pub drafts: bool,
    /// Warnings count as errors.
    pub strict: bool,
    /// Show a progress bar on the terminal when the build takes more than a second.
    pub progress: bool,
    /// Render every file afresh into a new folder, ignoring what the
    /// output folder holds (`--full`); otherwise a build into an output of
    /// an earlier build renders and writes only what changed.
    pub full: bool,
}

/// An archive with its theme and parsed templates: ready to render.
pub struct Session {
    /// Shared with `serve`'s thread that builds the search index.
    pub archive: Arc<Archive>,
    pub theme: theme::ThemeFiles,
    pub tera: Arc<Tera>,
}

/// How the archive of a session is made.
pub struct Loading<'a> {
    /// Parsed reports, reused while their files do not change (`serve`).
    pub cache: &'a mut ReportCache,
    /// The previous session (`serve`): bodies of unchanged reports and
    /// templates that did not change are taken from it.
    pub previous: Option<&'a Session>,
    /// Keep the previous session's archive as it is (only templates or
    /// static files changed since).
    pub same_content: bool,
    /// Release each report's Markdown once rendered (`build`: nothing after needs it).
    pub release_sources: bool,
    /// An output folder holding a build: each figure it published that now
    /// has another value with no revision to explain it is a warning.
    pub compare_with: Option<&'a Path>,
}

impl Loading<'_> {
    /// A one-off session (`build`, tests): nothing to reuse.
    pub fn one_off(cache: &mut ReportCache) -> Loading<'_> {
        Loading { cache, previous: None, same_content: false, release_sources: true, compare_with: None }
    }
}

impl Session {
    /// Loads the site, then its theme and templates.
    pub fn open(options: &BuildOptions, loading: Loading, diags: &mut Diagnostics) -> Option<Session> {
        let previous = loading.previous;
        let archive = Session::archive(options, loading, diags)?;
        Session::with_theme(options, archive, previous, diags)
    }

    /// The archive of the next session: the previous one's when only the
    /// theme changed, else the site loaded, checked and its bodies rendered.
    pub fn archive(options: &BuildOptions, loading: Loading, diags: &mut Diagnostics) -> Option<Arc<Archive>> {
        if let Some(previous) = loading.previous.filter(|_| loading.same_content) {
            return Some(Arc::clone(&previous.archive));
        }
        let cache = loading.cache;
        let content = load_content(options, cache, diags)?;
        crate::timings::mark("reports loaded");
        // Only bodies changed since the previous archive: its findings stand.
        let archive = Archive::new_after(content, options.drafts, loading.previous.map(|p| &*p.archive));
        crate::timings::mark("archive made");
        if let Some(out) = loading.compare_with {
            unexplained_changes(&archive, out, diags);
            crate::timings::mark("compared with the published figures");
        }
        // The previous archive was a session's, so its file names were
        // checked and found good: with the same front matter, they still are.
        let names_checked = loading.previous.is_some_and(|p| archive.differs_in_bodies_only(&*p.archive));
        let archive = with_findings(archive, options, !names_checked, diags);
        crate::timings::mark("findings listed");
        let cache = &*cache;
        let archive = if cache.keeps_bodies() {
            archive.render_bodies_with(|report| cache.body_of(report))
        } else if loading.release_sources {
            archive.render_bodies_releasing()
        } else {
            archive.render_bodies(loading.previous.map(|p| &*p.archive))
        };
        crate::timings::mark("bodies rendered");
        Some(Arc::new(archive))
    }

    /// The theme of `archive`'s site and its templates (those of
    /// `previous` when no template changed). Fails on any error in `diags`.
    pub fn with_theme(
        options: &BuildOptions,
        archive: Arc<Archive>,
        previous: Option<&Session>,
        diags: &mut Diagnostics,
    ) -> Option<Session> {
        let theme = theme::load(&options.root, &archive.config.theme, diags);
        if diags.has_errors() {
            return None;
        }
        let tera = match previous.filter(|p| p.theme.templates == theme.templates) {
            Some(previous) => Arc::clone(&previous.tera),
            None => match render::templates::load(&theme) {
                Ok(tera) => Arc::new(tera),
                Err(err) => {
                    diags.extend(template_errors(err, &theme));
                    return None;
                }
            },
        };
        Some(Session { archive, theme, tera })
    }

    /// Every file of the site into `sink` (the one render entry point);
    /// files that `reuse.change` does not affect are carried over from
    /// `reuse.previous`; chart PNGs already made come from `charts`.
    pub fn render_into(
        &self,
        reuse: Option<Reuse>,
        index: SearchIndex,
        sink: &dyn Sink,
        charts: &dyn Store,
    ) -> Result<Rendered, RenderError> {
        self.render_into_with(reuse, index, sink, charts, &crate::search::cache::NoStore)
    }

    /// [`Session::render_into`], a fresh search index reusing the analyses
    /// `analyses` holds (`build`: [`crate::search::cache::DiskStore`]).
    pub fn render_into_with(
        &self,
        reuse: Option<Reuse>,
        index: SearchIndex,
        sink: &dyn Sink,
        charts: &dyn Store,
        analyses: &dyn crate::search::cache::AnalysisStore,
    ) -> Result<Rendered, RenderError> {
        render::render_into(&self.archive, &self.tera, &self.theme, reuse, index, sink, charts, analyses)
    }

    /// [`Session::render_into`] memory.
    pub fn render_output(
        &self,
        reuse: Option<Reuse>,
        index: SearchIndex,
        charts: &dyn Store,
    ) -> Result<(Output, Rendered), RenderError> {
        let sink = Mutex::new(Output::new());
        let rendered = self.render_into(reuse, index, &sink, charts)?;
        let output = sink.into_inner().map_err(|_| RenderError::Write {
            path: String::new(),
            error: std::io::Error::other("a rendering thread panicked"),
        })?;
        Ok((output, rendered))
    }

    /// The original documents of imported reports, beside their pages, into `sink`.
    pub fn put_sources(&self, root: &Path, out: &Path, sink: &dyn Sink) -> Result<(), Vec<Diagnostic>> {
        for published in content::sources::published(root, &self.archive) {
            let (path, bytes) = published.map_err(|d| vec![d])?;
            sink.put(&path, &bytes)
                .map_err(|error| render_error(RenderError::Write { path, error }, out, &self.theme))?;
        }
        Ok(())
    }
}

/// Loads and renders the site into memory (for tests and tools): a
/// one-off session into an [`Output`].
pub fn render_output(options: &BuildOptions, diags: &mut Diagnostics) -> Option<(Archive, Output)> {
    let session = Session::open(options, Loading::one_off(&mut ReportCache::one_off()), diags)?;
    let output = match session.render_output(None, SearchIndex::Fresh, &NoStore) {
        Ok((output, _)) => output,
        Err(err) => {
            diags.extend(render_error(err, Path::new(""), &session.theme));
            return None;
        }
    };
    let sink = Mutex::new(output);
    if let Err(diagnostics) = session.put_sources(&options.root, Path::new(""), &sink) {
        diags.extend(diagnostics);
    }
    let output = sink.into_inner().ok()?;
    let archive = Arc::try_unwrap(session.archive).ok()?;
    Some((archive, output))
}

/// The archive without bodies (`check`, `new`, `import`): every rule and
/// every finding, no Markdown rendered.
pub fn load_archive(options: &BuildOptions, include_drafts: bool, diags: &mut Diagnostics) -> Option<Archive<()>> {
    let content = load_content(options, &mut ReportCache::one_off(), diags)?;
    Some(with_findings(Archive::new(content, include_drafts), options, true, diags))
}

fn load_content(options: &BuildOptions, cache: &mut ReportCache, diags: &mut Diagnostics) -> Option<content::Content> {
    let mut content = content::load_cached(&options.root, cache, diags)?;
    content::sources::check(&options.root, &content.reports, diags);
    if let Some(url) = &options.base_url {
        match BaseUrl::parse(url) {
            Ok(parsed) => content.config.base_url = parsed,
            Err(why) => {
                diags.push(
                    Diagnostic::error(
                        Path::new("--base-url"),
                        Pos::default(),
                        format!("\"{url}\" is not a web address: {why}"),
                    )
                    .with_hint("pass a full address, e.g. `--base-url http://localhost:8000/`"),
                );
                return None;
            }
        }
    }
    Some(content)
}

/// The checks' findings become warnings (errors with `--strict`).
/// Names no file system takes are errors here, so that `check` fails where `build` would.
/// `check_names`: false when the output's file names are known good
/// (a previous session's, with the same front matter).
fn with_findings(
    archive: Archive<()>,
    options: &BuildOptions,
    check_names: bool,
    diags: &mut Diagnostics,
) -> Archive<()> {
    if check_names {
        crate::file_names::check(&archive, diags);
    }
    for finding in &archive.findings {
        diags.push(finding.diagnostic(&archive.reports[finding.report]));
    }
    diags.extend(archive.revision_problems.iter().cloned());
    if options.strict {
        diags.escalate_warnings();
    }
    archive
}

/// No silent change: when `out` holds a build, each figure it published that
/// now has another value with no revision to explain it is a warning (an
/// error with `--strict`).
fn unexplained_changes(archive: &Archive<()>, out: &Path, diags: &mut Diagnostics) {
    let Ok(old) = std::fs::File::open(out.join(crate::data::OBSERVATIONS_PATH)) else { return };
    diags.extend(crate::checks::unexplained::compare_from(archive, old).unwrap_or_default());
}

/// A rendering failure as diagnostics; `out` is the output folder.
pub fn render_error(err: RenderError, out: &Path, theme: &theme::ThemeFiles) -> Vec<Diagnostic> {
    match err {
        RenderError::Template(err) => template_errors(err, theme),
        RenderError::Write { path, error } => vec![write_error(&path, &error, out)],
    }
}

fn write_error(path: &str, error: &std::io::Error, out: &Path) -> Diagnostic {
    Diagnostic::error(&out.join(path), Pos::default(), format!("cannot write the site: {error}"))
        .with_hint("check that the folder is writable and the disk is not full; the previous output is unchanged")
}

/// One diagnostic per distinct problem, at the template file and line that
/// is wrong (not at each template extending it).
pub fn template_errors(err: render::templates::TemplateError, theme: &theme::ThemeFiles) -> Vec<Diagnostic> {
    err.problems()
        .into_iter()
        .map(|problem| {
            let file = theme.source(&problem.template);
            let built_in = !theme.sources.iter().any(|(name, _)| name == &problem.template);
            let hint = if built_in {
                "this template is the default theme's: check the templates and data it is given, or report it"
            } else {
                "fix the template, or delete it to use the default theme's"
            };
            let pos = Pos { line: problem.line, column: problem.column };
            Diagnostic::error(&file, pos, format!("template error: {}", problem.message)).with_hint(hint)
        })
        .collect()
}
