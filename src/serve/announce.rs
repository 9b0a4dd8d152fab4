//! Telling the terminal and the browser tabs about each rebuild.
//!
//! [`Announcer`] prints one line per rebuild (or the diagnostics, with
//! `diagnostics::render_human`, when it failed) and publishes the next
//! [`Snapshot`]: a reload when the output changed, a stylesheet swap when
//! only `.css` files did, the overlay's data when the rebuild failed (the
//! output staying the last good one), and nothing when nothing changed.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

use serde::Serialize;
use tokio::sync::watch;

use super::Snapshot;
use super::rebuild::{Builder, Outcome, Rebuilt};
use super::watch::Batch;
use crate::diagnostics::{self, Diagnostic, Diagnostics, Style};
use crate::locale::{Language, Locale};
use crate::output::Output;

/// At most this many diagnostics go to the browser overlay.
const OVERLAY_LIMIT: usize = 50;

/// Tells the terminal and the server about each rebuild.
pub(super) struct Announcer {
    sender: watch::Sender<Arc<Snapshot>>,
    root: PathBuf,
}

impl Announcer {
    /// An announcer with an empty site, and the channel it publishes on.
    pub(super) fn new(root: &Path) -> (Announcer, watch::Receiver<Arc<Snapshot>>) {
        let instance = SystemTime::now().duration_since(SystemTime::UNIX_EPOCH).map_or(0, |d| d.as_nanos() as u64);
        let empty = Snapshot {
            output: Arc::new(Output::new()),
            instance,
            generation: 0,
            reload: 0,
            stylesheets: Vec::new(),
            problems: None,
        };
        let (sender, receiver) = watch::channel(Arc::new(empty));
        (Announcer { sender, root: root.to_path_buf() }, receiver)
    }

    /// Nobody listens any more (the server stopped).
    pub(super) fn is_closed(&self) -> bool {
        self.sender.is_closed()
    }

    pub(super) fn publish(&mut self, outcome: Outcome, batch: &Batch, builder: &Builder) {
        let current = Arc::clone(&self.sender.borrow());
        let first = current.generation == 0;
        let next = match outcome {
            Outcome::Built(rebuilt) => {
                announce(&rebuilt, first, batch);
                if rebuilt.changed.is_empty() && current.problems.is_none() && !first {
                    return;
                }
                let generation = current.generation + 1;
                let css_only =
                    !first && !rebuilt.changed.is_empty() && rebuilt.changed.iter().all(|p| p.ends_with(".css"));
                let reload = if rebuilt.changed.is_empty() || css_only { current.reload } else { generation };
                let stylesheets = if css_only { rebuilt.changed } else { Vec::new() };
                Snapshot { output: rebuilt.output, generation, reload, stylesheets, problems: None, ..*current }
            }
            Outcome::Failed(diags) => {
                self.print_problems(&diags);
                Snapshot {
                    output: Arc::clone(&current.output),
                    generation: current.generation + 1,
                    reload: current.reload,
                    stylesheets: Vec::new(),
                    problems: Some(overlay_json(&diags, builder.language).into()),
                    ..*current
                }
            }
        };
        self.sender.send_replace(Arc::new(next));
    }

    /// Serves `output`, the same site with its search index made afresh.
    /// Nothing else changes, not even the generation: no tab reloads (the
    /// pages are the same), and a stream that has not yet told its tab
    /// about the current generation (a stylesheet swap, problems) still does.
    pub(super) fn publish_index(&mut self, output: Arc<Output>, took: std::time::Duration) {
        let current = Arc::clone(&self.sender.borrow());
        eprintln!("search index rebuilt in {} ms", took.as_millis());
        let next = Snapshot {
            output,
            stylesheets: current.stylesheets.clone(),
            problems: current.problems.clone(),
            ..*current
        };
        self.sender.send_replace(Arc::new(next));
    }

    fn print_problems(&self, diags: &Diagnostics) {
        let color = crate::console::stderr_color();
        let root = self.root.clone();
        let source = move |file: &Path| std::fs::read_to_string(root.join(file)).ok();
        eprint!("{}", diagnostics::render_human(diags, Style { color }, &source));
        eprintln!("The preview keeps showing the last good version; fix the file and save it.");
    }
}

/// One line in the terminal: what changed, how long it took, what was done.
fn announce(rebuilt: &Rebuilt, first: bool, batch: &Batch) {
    let what = if first { "Built".to_string() } else { format!("{}: rebuilt", batch.describe()) };
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    let warnings = match rebuilt.warnings.warning_count() {
        0 => String::new(),
        n => format!(", {n} warning{} (`annals check` lists them)", plural(n)),
    };
    eprintln!(
        "{what} in {} ms: {} of {} pages rendered, {} file{} read, {} report{}{warnings}.",
        rebuilt.took.as_millis(),
        rebuilt.rendered,
        rebuilt.pages,
        rebuilt.files_read,
        plural(rebuilt.files_read),
        rebuilt.reports,
        plural(rebuilt.reports),
    );
}

/// The overlay's data: UI strings in the site language and the diagnostics.
pub fn overlay_json(diags: &Diagnostics, language: Language) -> String {
    #[derive(Serialize)]
    struct Overlay<'a> {
        lang: &'static str,
        strings: std::collections::BTreeMap<&'a str, &'a str>,
        diagnostics: Vec<Diagnostic>,
        more: usize,
    }
    let locale = Locale::new(language);
    let sorted = diags.sorted();
    let strings = locale
        .strings()
        .iter()
        .filter(|(key, _)| key.starts_with("serve_"))
        .map(|(key, text)| (key.as_str(), text.as_str()))
        .collect();
    let overlay = Overlay {
        lang: language.code(),
        strings,
        more: sorted.len().saturating_sub(OVERLAY_LIMIT),
        // Shown as text, but escaped too: a control character is invisible.
        diagnostics: sorted.into_iter().take(OVERLAY_LIMIT).map(diagnostics::escaped).collect(),
    };
    serde_json::to_string(&overlay).unwrap_or_else(|_| "{\"diagnostics\":[]}".into())
}
