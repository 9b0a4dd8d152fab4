//! annals: a static site generator for archives of official monthly reports.
//!
//! The pipeline (see `build`): `content` reads and validates the site folder,
//! `archive` holds it read-only with the consistency `checks`, `render` turns
//! it into an `output`, which is written atomically. `diagnostics` carries
//! every problem to the user with its file, line and column.
//!
//! # What is public, and why
//!
//! The library exists for the `annals` binary; its public surface is what
//! that binary, the integration tests (`tests/*.rs`) and the examples (the
//! benchmarks and `gen-archive`) reach, and nothing else:
//! - the commands `main` runs: `build`, `serve`, `import`, `new_report`,
//!   `scaffold`, `console`, `diagnostics`, `locale`;
//! - the pipeline and the model the tests assert on: `session`
//!   (`render_output`, `load_archive`), `archive`, `content`, `config`,
//!   `registry`, `period`, `status`, `points`, `series`, `checks` (a
//!   `Finding`), `output`, `output_state`, `output_spare`, `text`;
//! - what the benchmarks time: `render::bench` (one step of rendering at a
//!   time: the pages of the plan, `Views`, the templates, chart images, the
//!   open-data catalogues; `data` itself is crate-only), `search`;
//! - types that public items carry (a `Publisher` in `Config`, a
//!   `Revisions` in `Archive`) stay public with them.
//!
//! Every other module is `pub(crate)` (`routes`, `national`, `chart_cache`,
//! `combined`, `revisions`, `replace`, …), and so are the submodules of
//! public modules that only the crate uses (the page views of `render`, the
//! readers of `import`, the server side of `serve`, the rule files of
//! `checks`): there the compiler's dead-code lint sees every item.
//! `unreachable_pub` makes an item that says `pub` where only the crate can
//! reach it a warning.

#![warn(unreachable_pub)]

pub mod archive;
pub mod build;
pub(crate) mod chart_cache;
pub mod checks;
pub(crate) mod combined;
pub mod config;
pub mod console;
pub mod content;
pub(crate) mod data;
pub mod diagnostics;
pub(crate) mod file_names;
pub mod import;
pub mod locale;
pub(crate) mod national;
pub mod new_report;
pub mod output;
pub(crate) mod output_folder;
pub mod output_spare;
pub mod output_state;
pub mod period;
pub mod points;
pub mod publisher;
pub mod registry;
pub mod render;
pub(crate) mod replace;
pub(crate) mod revisions;
pub(crate) mod routes;
pub mod scaffold;
pub mod search;
pub mod series;
pub mod serve;
pub mod session;
pub mod status;
pub mod text;
pub mod timings;
