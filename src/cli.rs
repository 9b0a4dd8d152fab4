//! Command-line interface (clap derive).

use std::net::IpAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Parser, Debug)]
#[command(
    name = "annals",
    version,
    about = "Build a website from an archive of monthly reports and their figures",
    long_about = "annals turns a folder of reports (Markdown files whose YAML front matter carries the figures) into a complete static website: an archive by year and month, a page per report, a history page per indicator with its chart and open data, full-text search, feeds and a sitemap.",
    after_help = "Examples:
  annals new                       start next month's report from the last one
  annals check                     check every report and figure, write nothing
  annals serve                     preview at http://127.0.0.1:1111/ while you edit
  annals build                     build the site in this folder into public/"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Build the site into the output folder (public/ by default)
    #[command(
        after_help = "Examples:\n  annals build\n  annals build --root site --out /var/www/bao-cao --base-url https://example.gov.vn/bao-cao/\n  annals build --drafts --base-url http://localhost:8000/"
    )]
    Build(BuildArgs),
    /// Check every report and figure against the rules, writing nothing
    #[command(
        after_help = "Exit status: 0 when there is no error, 1 when there are errors (or warnings with --strict).\n\nExamples:\n  annals check\n  annals check --strict --format json"
    )]
    Check(CheckArgs),
    /// Make a new site folder with an example report
    #[command(
        after_help = "Examples:\n  annals init bao-cao\n  annals init my-archive --language en --title \"Report archive\""
    )]
    Init(InitArgs),
    /// Start next month's report, prefilled from the previous one
    #[command(
        after_help = "Writes content/<year>/<period>.md as a draft: the previous report's title (months updated),\nplace, organization, signer, recipients and section headings, and every figure left empty to fill.\n\nExamples:\n  annals new                 the month after the latest report\n  annals new 2014-09\n  annals new 2014-09 --publisher quang-ninh"
    )]
    New(NewArgs),
    /// Preview the site: build it in memory, serve it, rebuild and reload as you edit
    #[command(
        after_help = "The preview is never written to disk: public/ is left as it is.\n\nExamples:\n  annals serve\n  annals serve --root my-site --port 8080 --open\n  annals serve --drafts"
    )]
    Serve(ServeArgs),
    /// Import past reports (.txt, .docx, .doc, .pdf) as new report files
    #[command(
        after_help = "Each document becomes content/<year>/<YYYY-MM>.md (a draft where something could not be matched);\nthe original is copied under sources/ and linked from the report page. Existing reports are never\noverwritten; a document already imported (same SHA-256) is skipped unless --force.\n\nExit status: 0 when every document was imported or skipped, 1 when any failed (the others are still imported).\n\nExamples:\n  annals import bao-cao-thang-8.docx\n  annals import old-reports/ --dry-run\n  annals import 2014/*.pdf --publisher quang-ninh"
    )]
    Import(ImportArgs),
}

#[derive(Args, Debug)]
pub struct ImportArgs {
    /// Documents or folders of documents (.txt, .docx, .doc, .pdf)
    #[arg(value_name = "PATH", required = true)]
    pub paths: Vec<PathBuf>,
    /// The site folder (the one holding site.yaml)
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub root: PathBuf,
    /// The publisher of the reports, when the site declares several
    #[arg(long, value_name = "ID")]
    pub publisher: Option<String>,
    /// Print what would be written, write nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Import documents that were already imported (an existing report is still never overwritten)
    #[arg(long)]
    pub force: bool,
}

#[derive(Args, Debug)]
pub struct InitArgs {
    /// The folder to create (default: the current folder, which must be empty)
    #[arg(value_name = "DIR", default_value = ".")]
    pub dir: PathBuf,
    /// The site's language
    #[arg(long, default_value = "vi", value_parser = clap::builder::PossibleValuesParser::new(annals::locale::Language::codes()))]
    pub language: String,
    /// The site's title
    #[arg(long)]
    pub title: Option<String>,
}

#[derive(Args, Debug)]
pub struct NewArgs {
    /// The month of the new report, YYYY-MM (default: the month after the latest report)
    #[arg(value_name = "PERIOD")]
    pub period: Option<String>,
    /// The publisher of the report, when the site declares several
    #[arg(long, value_name = "ID")]
    pub publisher: Option<String>,
    /// The site folder (the one holding site.yaml)
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub root: PathBuf,
}

#[derive(Args, Debug, Clone)]
pub struct SiteArgs {
    /// The site folder (the one holding site.yaml)
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub root: PathBuf,
    /// How to print problems
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Treat warnings as errors
    #[arg(long)]
    pub strict: bool,
}

#[derive(Args, Debug)]
pub struct BuildArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// Where to write the site (default: public/ in the site folder)
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Use this address instead of site.yaml's base_url for this build
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// Include reports marked `draft: true`
    #[arg(long)]
    pub drafts: bool,
    /// Render every file afresh into a new folder, ignoring the earlier build the output folder holds
    #[arg(long)]
    pub full: bool,
    /// Print nothing but problems
    #[arg(long, short)]
    pub quiet: bool,
}

#[derive(Args, Debug)]
pub struct CheckArgs {
    #[command(flatten)]
    pub site: SiteArgs,
}

#[derive(Args, Debug)]
pub struct ServeArgs {
    /// The site folder (the one holding site.yaml)
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub root: PathBuf,
    /// The port to listen on (the next free one if it is busy; 0: any free port)
    #[arg(long, short, default_value_t = 1111)]
    pub port: u16,
    /// The address to listen on; other computers can reach the preview only if this is not 127.0.0.1
    #[arg(long, value_name = "ADDRESS", default_value = "127.0.0.1")]
    pub bind: IpAddr,
    /// Open the preview in the web browser
    #[arg(long)]
    pub open: bool,
    /// Include reports marked `draft: true`
    #[arg(long)]
    pub drafts: bool,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Human,
    Json,
}
