//! `annals import`: past documents (`.txt`, `.docx`, `.doc`, `.pdf`) to
//! reports of the contract.
//!
//! Readers per format turn a file into a [`document::Document`] (lines and
//! tables, legacy Vietnamese codes converted); [`parse::parse`] reads the
//! administrative header and footer, the body's structure and the figures
//! tables out of it; [`emit`] writes the report's text. [`run`] does the
//! file work: walking the paths, skipping what was imported, copying the
//! original under `sources/`, writing new files only (never overwriting),
//! then checking them. Nothing here renders or serves.

pub(crate) mod decode;
pub mod doc;
pub mod document;
pub(crate) mod docx;
pub(crate) mod emit;
pub mod legacy;
pub(crate) mod numbers;
pub(crate) mod parse;
pub(crate) mod pdf;
pub(crate) mod readers;
pub mod run;
pub(crate) mod tables;

pub(crate) use parse::{ImportedReport, parse};
pub use run::{ImportOptions, ImportSummary, run};
