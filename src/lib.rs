//! annals: a static site generator for archives of official monthly reports.
//!
//! The pipeline (see `build`): `content` reads and validates the site folder,
//! `archive` holds it read-only with the consistency `checks`, `render` turns
//! it into an `output`, which is written atomically. `diagnostics` carries
//! every problem to the user with its file, line and column.

#![warn(unreachable_pub)]

pub mod archive;
pub mod build;
pub mod chart_cache;
pub mod checks;
pub(crate) mod combined;
pub mod config;
pub mod console;
pub mod content;
pub mod data;
pub mod diagnostics;
pub(crate) mod file_names;
pub mod import;
pub mod locale;
pub mod national;
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
pub mod replace;
pub(crate) mod revisions;
pub mod routes;
pub mod scaffold;
pub mod search;
pub mod series;
pub mod serve;
pub mod session;
pub mod status;
pub mod text;
