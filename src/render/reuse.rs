//! What every writer of output files shares: why rendering failed
//! ([`RenderError`]) and what a rebuild may carry over ([`Reuse`]).

use std::io;

use super::incremental::Invalidation;
use super::templates::TemplateError;
use crate::output::Previous;

/// Why the site could not be rendered.
#[derive(Debug)]
pub enum RenderError {
    Template(TemplateError),
    /// A file could not be written (only a sink on disk fails so).
    Write {
        path: String,
        error: io::Error,
    },
}

impl From<TemplateError> for RenderError {
    fn from(err: TemplateError) -> Self {
        RenderError::Template(err)
    }
}

/// A previous output and what changed since it was rendered.
#[derive(Clone, Copy)]
pub struct Reuse<'a> {
    pub(crate) previous: &'a dyn Previous,
    pub(crate) change: &'a Invalidation,
}
