//! The `annals` command: parse arguments, run one command, print the
//! diagnostics once, set the exit status.

use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;

use clap::Parser;

use annals::build::{self, BuildOptions};
use annals::diagnostics::{self, Diagnostics, Style};
mod cli;
use cli::{Cli, Command, Format, SiteArgs};

/// How to look at a built site: its links are absolute paths under
/// `base_url`, so opening `index.html` from the disk shows an unstyled page
/// with dead links; `annals serve` shows it as the web host will.
fn look_at_it(root: &Path, out: &Path) -> String {
    let root_arg = if root == Path::new(".") { String::new() } else { format!(" --root {}", root.display()) };
    format!(
        "To look at it, run `annals serve{root_arg}` and open http://127.0.0.1:1111/ (a preview built in memory).\nTo publish it, copy the folder {} to the web host at base_url.",
        out.display()
    )
}

fn main() -> ExitCode {
    // UTF-8 console output on Windows for the run (restored on return).
    let _console = annals::console::setup();
    // Not `Cli::parse()`: it exits on --help or a usage error without
    // returning, and the console would keep the code page set above.
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            let _ = err.print();
            return ExitCode::from(u8::try_from(err.exit_code()).unwrap_or(2));
        }
    };
    match cli.command {
        Command::Build(args) => {
            let options = BuildOptions {
                root: args.site.root.clone(),
                out: args.out,
                base_url: args.base_url,
                drafts: args.drafts,
                strict: args.site.strict,
                progress: !args.quiet && args.site.format == Format::Human && std::io::stderr().is_terminal(),
                full: args.full,
            };
            let mut diags = Diagnostics::new();
            let summary = build::build(&options, &mut diags);
            print_diagnostics(&diags, &args.site, summary.is_none() || !diags.is_empty());
            match summary {
                Some(s) => {
                    if !args.quiet && args.site.format == Format::Human {
                        eprintln!(
                            "Built {} report{}, {} indicator{}: {} files ({:.1} MB) in {:.2} s, {} warning{}.\n{}",
                            s.reports,
                            plural(s.reports),
                            s.indicators,
                            plural(s.indicators),
                            s.files,
                            s.bytes as f64 / 1_000_000.0,
                            s.seconds,
                            diags.warning_count(),
                            plural(diags.warning_count()),
                            look_at_it(&args.site.root, &s.out)
                        );
                        if let Some(done) = &s.incremental {
                            eprintln!(
                                "Incremental: {} page{} rendered, {} file{} changed (`--full` renders everything).",
                                done.rendered,
                                plural(done.rendered),
                                done.changed,
                                plural(done.changed)
                            );
                        }
                    }
                    ExitCode::SUCCESS
                }
                None => {
                    if args.site.format == Format::Human {
                        eprintln!("Nothing was written: the previous output, if any, is unchanged.");
                    }
                    ExitCode::FAILURE
                }
            }
        }
        Command::Check(args) => {
            let options =
                BuildOptions { root: args.site.root.clone(), strict: args.site.strict, ..BuildOptions::default() };
            let mut diags = Diagnostics::new();
            let archive = build::check(&options, &mut diags);
            print_diagnostics(&diags, &args.site, true);
            if let (Some(archive), Format::Human, false) = (&archive, args.site.format, diags.has_errors()) {
                eprintln!("Checked {} report{}: no errors.", archive.reports.len(), plural(archive.reports.len()));
            }
            if diags.has_errors() || archive.is_none() { ExitCode::FAILURE } else { ExitCode::SUCCESS }
        }
        Command::Init(args) => {
            // clap accepts only the codes of `Language::codes()`.
            let language = annals::locale::Language::parse(&args.language).unwrap_or_default();
            let files = annals::scaffold::init_files(language, args.title.as_deref(), annals::new_report::today());
            match annals::scaffold::write_init(&args.dir, &files) {
                Ok(written) => {
                    for path in &written {
                        println!("wrote {}", path.display());
                    }
                    let cd = if args.dir == Path::new(".") {
                        String::new()
                    } else {
                        format!("cd {} && ", args.dir.display())
                    };
                    eprintln!(
                        "A new site is ready. Next: {cd}annals build   (then edit site.yaml and the reports in content/)"
                    );
                    ExitCode::SUCCESS
                }
                Err(message) => {
                    eprintln!("error: {message}");
                    ExitCode::FAILURE
                }
            }
        }
        Command::New(args) => {
            let today = annals::new_report::today();
            match annals::new_report::new_report(&args.root, args.period.as_deref(), args.publisher.as_deref(), today) {
                Ok(path) => {
                    println!("{}", path.display());
                    eprintln!(
                        "Wrote {}: a draft. Fill in the figures and the text; `annals check` lists what is still to fill.",
                        path.display()
                    );
                    ExitCode::SUCCESS
                }
                Err(message) => {
                    eprintln!("error: {message}");
                    ExitCode::FAILURE
                }
            }
        }
        Command::Import(args) => import(args),
        Command::Serve(args) => annals::serve::run(annals::serve::ServeOptions {
            root: args.root,
            bind: args.bind,
            port: args.port,
            open: args.open,
            drafts: args.drafts,
        }),
    }
}

fn import(args: cli::ImportArgs) -> ExitCode {
    use annals::import::run::Outcome;
    let options = annals::import::ImportOptions {
        root: args.root.clone(),
        paths: args.paths,
        publisher: args.publisher,
        dry_run: args.dry_run,
        force: args.force,
    };
    let summary = match annals::import::run(&options) {
        Ok(summary) => summary,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::FAILURE;
        }
    };
    let (mut imported, mut drafts, mut skipped) = (0, 0, 0);
    for file in &summary.files {
        let input = file.input.display();
        match &file.outcome {
            Outcome::Imported { report, source, text, draft, matched, unmatched, notes } => {
                imported += 1;
                drafts += usize::from(*draft);
                let verb = if args.dry_run { "would write" } else { "wrote" };
                let kind = if *draft { " (draft)" } else { "" };
                eprintln!(
                    "{input}: {verb} {}{kind} and {}; figures: {matched} matched, {unmatched} unmatched",
                    report.display(),
                    source.display()
                );
                for note in notes {
                    eprintln!("  - {note}");
                }
                if args.dry_run {
                    println!("==> {} <==\n{text}", report.display());
                }
            }
            Outcome::Skipped { report } => {
                skipped += 1;
                eprintln!(
                    "{input}: skipped, already imported as {} (pass --force to import it again)",
                    report.display()
                );
            }
            Outcome::Failed { message } => eprintln!("error: {input}: {message}"),
        }
    }
    let site = SiteArgs { root: args.root, format: Format::Human, strict: false };
    print_diagnostics(&summary.diagnostics, &site, false);
    let failed = summary.failed();
    let done = if args.dry_run { "would be imported" } else { "imported" };
    eprintln!(
        "{imported} document{} {done} ({drafts} draft{}), {skipped} skipped, {failed} failed; check: {} error{}, {} warning{}.",
        plural(imported),
        plural(drafts),
        summary.diagnostics.error_count(),
        plural(summary.diagnostics.error_count()),
        summary.diagnostics.warning_count(),
        plural(summary.diagnostics.warning_count())
    );
    if failed > 0 { ExitCode::FAILURE } else { ExitCode::SUCCESS }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn print_diagnostics(diags: &Diagnostics, site: &SiteArgs, always_json: bool) {
    match site.format {
        Format::Json => {
            if always_json || !diags.is_empty() {
                println!("{}", diagnostics::render_json(diags));
            }
        }
        Format::Human => {
            if diags.is_empty() {
                return;
            }
            let color = annals::console::stderr_color();
            let root = site.root.clone();
            let source = move |file: &Path| std::fs::read_to_string(root.join(file)).ok();
            eprint!("{}", diagnostics::render_human(diags, Style { color }, &source));
        }
    }
}

/// mimalloc: the build allocates millions of small strings from both cores.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
