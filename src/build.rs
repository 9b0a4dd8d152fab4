//! `annals build`: one [`Session`] rendered into a staging folder swapped in
//! whole, or into the spare tree of an incremental build; and `check`
//! (the archive without bodies, and the theme's templates parsed).
//!
//! ```text
//! Session::open ─render_into─▶ Staging or Spare ─commit─▶ public/   (each file written as it is made)
//! ```

use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::archive::Archive;
use crate::chart_cache::ChartCache;
use crate::content::yaml::Pos;
use crate::content::{self, ReportCache, theme};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::output::Staging;
use crate::output_spare::{Inputs, Spare};
use crate::output_state::{Stamp, State};
use crate::render::digest::Digest;
use crate::render::incremental::Invalidation;
use crate::render::{self, Reuse, SearchIndex};
pub use crate::session::BuildOptions;
use crate::session::{self, Loading, Session, render_error, template_errors};

#[derive(Clone, Debug)]
pub struct BuildSummary {
    pub reports: usize,
    pub indicators: usize,
    pub files: usize,
    pub bytes: usize,
    pub out: PathBuf,
    pub seconds: f64,
    /// How the build went: everything into a new folder, or only what changed.
    pub incremental: Option<Incremental>,
    /// Reports parsed (the others came from the report cache beside the output).
    pub parsed: usize,
}

/// What an incremental build did.
#[derive(Clone, Debug)]
pub struct Incremental {
    /// Pages rendered (the others were carried over from the previous build).
    pub rendered: usize,
    /// Files whose bytes differ from the previous build's (added, changed or removed).
    pub changed: usize,
    /// No input changed since the previous build, which said nothing: nothing was done.
    pub up_to_date: bool,
}

/// `annals build`: everything, written atomically; nothing is written on errors.
/// Into an output folder that holds an earlier build (its state trusted,
/// see `output_spare`), only the files whose inputs changed are rendered
/// and only those whose bytes changed are written; the result is the same.
pub fn build(options: &BuildOptions, diags: &mut Diagnostics) -> Option<BuildSummary> {
    let started = Instant::now();
    crate::timings::begin();
    let out = options.out.clone().unwrap_or_else(|| options.root.join("public"));
    if let Err(problem) = crate::output_folder::check(&options.root, &out) {
        diags.push(
            Diagnostic::error(&out, Pos::default(), problem)
                .with_hint("pass a new or empty folder with `--out`, e.g. `--out public`"),
        );
        return None;
    }
    let live = if options.full || !crate::output::is_marked_output(&out) { None } else { State::read_stamped(&out) };
    // Stamped before anything is read: a file changed during the build
    // makes the next one look again.
    let folders = content::stamps::folders(&options.root);
    let options_hash = options_hash(options);
    if let Some((state, stamp)) = &live
        && up_to_date(options, &out, state, *stamp, folders, options_hash)
    {
        // What builds killed mid-run left beside the output goes, as on every build.
        crate::output::remove_leftovers(&out);
        return Some(BuildSummary {
            reports: state.digest.reports.len(),
            indicators: state.digest.indicators,
            files: state.files.len(),
            bytes: state.files.values().map(|s| s.0 as usize).sum(),
            out,
            seconds: started.elapsed().as_secs_f64(),
            incremental: Some(Incremental { rendered: 0, changed: 0, up_to_date: true }),
            parsed: 0,
        });
    }
    let live = live.map(|(state, _)| state);
    crate::timings::mark("output state read, inputs stamped");
    // The archive's figures are compared with those the output published.
    // Parsed reports and their bodies are kept beside the output for the next build.
    let mut cache = ReportCache::beside(&out);
    let loading = Loading { compare_with: Some(&out), ..Loading::one_off(&mut cache) };
    let session = Session::open(options, loading, diags)?;
    let parsed = cache.files_parsed;
    crate::timings::mark("session open (reports loaded, archive made, bodies rendered, theme)");
    // Written while the site renders (it needs nothing of it).
    let saving = std::thread::spawn(move || cache.save());
    if diags.has_errors() {
        let _ = saving.join();
        return None;
    }
    let archive = &*session.archive;
    let sources: Vec<PathBuf> =
        archive.reports.iter().filter_map(|r| r.source.as_ref().map(|s| s.file.clone())).collect();
    let inputs = Inputs {
        state: (0, 0),
        stamp: content::stamps::combine(folders, content::stamps::files(&options.root, &sources)),
        sources,
        options: options_hash,
        quiet: diags.is_empty(),
    };
    let made_inputs = inputs;
    let made = Made { templates: templates_hash(&session.theme), digest: Digest::of(archive) };
    crate::timings::mark("digest");
    let spare = match live.map(|live| Spare::open(&out, live)) {
        Some(Ok(spare)) => spare,
        Some(Err(err)) => {
            diags.push(cannot_write(&out, err));
            return None;
        }
        None => None,
    };
    crate::timings::mark("digest, spare tree opened");
    let charts = ChartCache::beside(&out);
    let written = match spare {
        Some(spare) => build_incremental(&session, spare, made, options, &out, &charts, diags),
        None => build_full(&session, made, options, &out, &charts, diags),
    };
    crate::timings::mark("rendered and committed");
    let _ = saving.join();
    crate::timings::mark("report cache saved");
    let (files, bytes, incremental, state) = written?;
    // A full build used every chart image: the cache drops what it no longer needs.
    if incremental.is_none() {
        charts.prune();
    }
    // Beside the output, for the next build: a failure to write it costs
    // that build its shortcut, nothing else.
    let _ = Inputs { state, ..made_inputs }.write(&out);
    crate::timings::mark("done");
    Some(BuildSummary {
        reports: archive.reports.len(),
        indicators: archive.registry.indicators.len(),
        files,
        bytes,
        out,
        seconds: started.elapsed().as_secs_f64(),
        incremental,
        parsed,
    })
}

/// What the state of the new build records besides its files.
struct Made {
    templates: u64,
    digest: Digest,
}

/// Whether the output `state` describes is this build already: no input
/// changed since (by their stamps), the same options, the build said
/// nothing, and the output holds exactly the files it made.
fn up_to_date(
    options: &BuildOptions,
    out: &Path,
    state: &State,
    stamp: Stamp,
    folders: u64,
    options_hash: u64,
) -> bool {
    let Some(inputs) = Inputs::read(out, stamp) else { return false };
    if !inputs.quiet || inputs.options != options_hash {
        return false;
    }
    let now = content::stamps::combine(folders, content::stamps::files(&options.root, &inputs.sources));
    now == inputs.stamp && crate::output_spare::holds_exactly(out, state)
}

/// The options that change what a build makes or says.
fn options_hash(options: &BuildOptions) -> u64 {
    let mut h = crate::render::fingerprint::Fx(0);
    h.debug(&(&options.base_url, options.drafts, options.strict));
    h.0
}

type Written = Option<(usize, usize, Option<Incremental>, Stamp)>;

fn cannot_write(out: &Path, err: std::io::Error) -> Diagnostic {
    Diagnostic::error(out, Pos::default(), format!("cannot write the site: {err}")).with_hint(
        "check that the folder is writable and the disk is not full; the previous output is unchanged \
         (if files in it were changed or deleted by hand, build again with `--full`)",
    )
}

/// The templates' names and texts, hashed (a change renders every page).
fn templates_hash(theme: &theme::ThemeFiles) -> u64 {
    let mut h = crate::render::fingerprint::Fx(0);
    h.text(env!("CARGO_PKG_VERSION"));
    for (name, text) in &theme.templates {
        h.text(name);
        h.text(text);
    }
    h.0
}

/// Everything rendered into a new staging folder, swapped in.
fn build_full(
    session: &Session,
    made: Made,
    options: &BuildOptions,
    out: &Path,
    charts: &ChartCache,
    diags: &mut Diagnostics,
) -> Written {
    // Each file goes to disk as soon as it is rendered; the staging folder
    // replaces `out` only when all went well (dropped, it removes itself).
    let staging = match Staging::new(out) {
        Ok(staging) => staging,
        Err(err) => {
            diags.push(cannot_write(out, err));
            return None;
        }
    };
    render_with_progress(session, None, &staging, options, out, charts, diags, || staging.files())?;
    let (files, bytes) = (staging.files(), staging.bytes());
    let state =
        match staging.write_state(made.templates, made.digest).and_then(|state| staging.commit().map(|()| state)) {
            Ok(state) => state,
            Err(err) => {
                diags.push(cannot_write(out, err));
                return None;
            }
        };
    Some((files, bytes, None, state))
}

/// Only what changed since the build `spare.live()` describes, into the spare tree, swapped in.
#[allow(clippy::too_many_arguments)]
fn build_incremental(
    session: &Session,
    spare: Spare,
    made: Made,
    options: &BuildOptions,
    out: &Path,
    charts: &ChartCache,
    diags: &mut Diagnostics,
) -> Written {
    let live = spare.live();
    let change = if live.templates != made.templates {
        Invalidation::everything()
    } else {
        let publishers = &session.archive.config.publishers;
        Invalidation::between_digests(&live.digest, &made.digest, |p| crate::publisher::successors_of(publishers, p))
    };
    let reuse = Reuse { previous: live, change: &change };
    let rendered = render_with_progress(session, Some(reuse), &spare, options, out, charts, diags, || spare.files())?;
    let (files, bytes) = (spare.files(), spare.bytes());
    match spare.commit(made.templates, made.digest) {
        Ok((changed, state)) => Some((files, bytes, Some(Incremental { rendered, changed, up_to_date: false }), state)),
        Err(err) => {
            diags.push(cannot_write(out, err));
            None
        }
    }
}

/// Renders the site and the imported originals into `sink`, with a
/// progress bar; returns the pages rendered.
#[allow(clippy::too_many_arguments)]
fn render_with_progress(
    session: &Session,
    reuse: Option<Reuse>,
    sink: &dyn crate::output::Sink,
    options: &BuildOptions,
    out: &Path,
    charts: &ChartCache,
    diags: &mut Diagnostics,
    written: impl Fn() -> usize + Sync,
) -> Option<usize> {
    let archive = &*session.archive;
    let expected = render::plan::pages(archive).len() + crate::data::files(archive).len();
    let done = std::sync::atomic::AtomicBool::new(false);
    // The search index's analysis of unchanged blocks of reports, kept beside the output.
    let analyses = crate::search::cache::DiskStore::beside(out);
    let rendered = std::thread::scope(|scope| {
        if options.progress {
            scope.spawn(|| show_progress(&written, expected, &done));
        }
        let result = session.render_into_with(reuse, SearchIndex::Fresh, sink, charts, &analyses);
        done.store(true, std::sync::atomic::Ordering::Relaxed);
        result
    });
    crate::timings::mark("rendered");
    let rendered = match rendered {
        Ok(rendered) => {
            analyses.prune();
            crate::timings::mark("search analyses pruned");
            rendered.pages
        }
        Err(err) => {
            diags.extend(render_error(err, out, &session.theme));
            return None;
        }
    };
    // The original documents of imported reports, beside their pages, one at a time.
    if let Err(diagnostics) = session.put_sources(&options.root, out, sink) {
        diags.extend(diagnostics);
        return None;
    }
    Some(rendered)
}

/// A progress bar of the files written, shown only when the build is still
/// running after a second (indicatif draws nothing when stderr is not a terminal).
fn show_progress(written: &(impl Fn() -> usize + Sync), expected: usize, done: &std::sync::atomic::AtomicBool) {
    use std::sync::atomic::Ordering;
    use std::time::Duration;
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(1) {
        if done.load(Ordering::Relaxed) {
            return;
        }
        std::thread::sleep(Duration::from_millis(25));
    }
    let bar = indicatif::ProgressBar::with_draw_target(Some(expected as u64), indicatif::ProgressDrawTarget::stderr());
    if let Ok(style) =
        indicatif::ProgressStyle::with_template("{spinner} Building: {pos}/{len} files {wide_bar} {elapsed}")
    {
        bar.set_style(style);
    }
    while !done.load(Ordering::Relaxed) {
        bar.set_position(written().min(expected) as u64);
        std::thread::sleep(Duration::from_millis(80));
    }
    bar.finish_and_clear();
}

/// `annals check`: every rule, drafts included, writing nothing.
pub fn check(options: &BuildOptions, diags: &mut Diagnostics) -> Option<Archive<()>> {
    let archive = session::load_archive(options, true, diags)?;
    raw_html_warnings(&archive, diags);
    if options.strict {
        diags.escalate_warnings();
    }
    let theme_files = theme::load(&options.root, &archive.config.theme, diags);
    if let Err(err) = render::templates::load(&theme_files) {
        diags.extend(template_errors(err, &theme_files));
    }
    Some(archive)
}

/// A warning at each piece of raw HTML that readers would see as text
/// (`allow_html: false`), so the writer learns it before a reader does.
fn raw_html_warnings(archive: &Archive<()>, diags: &mut Diagnostics) {
    if archive.config.allow_html {
        return;
    }
    for report in &archive.reports {
        for (offset, snippet) in content::markdown::raw_html(&report.body) {
            let before = &report.body[..offset];
            let line = report.body_line + before.matches('\n').count();
            let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            diags.push(
                Diagnostic::warning(
                    &report.file,
                    Pos { line, column },
                    format!("raw HTML \"{snippet}\" is shown to readers as text, because site.yaml has `allow_html: false`"),
                )
                .with_hint("write it in Markdown (**bold**, | tables |, [links](…)) or delete it; `<!-- comments -->` are fine, they are never shown; set `allow_html: true` only if every writer is trusted"),
            );
        }
    }
}
