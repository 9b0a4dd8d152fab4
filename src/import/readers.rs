//! Thin readers: a file's bytes to a [`Document`], one function per format.

use std::path::Path;

use super::decode::{self, Encoding};
use super::document::Document;

/// The formats `annals import` reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Format {
    Text,
    Docx,
    Doc,
    Pdf,
}

impl Format {
    /// By extension, in any letter case.
    pub(crate) fn of(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_string_lossy().to_ascii_lowercase();
        Some(match ext.as_str() {
            "txt" => Format::Text,
            "docx" => Format::Docx,
            "doc" => Format::Doc,
            "pdf" => Format::Pdf,
            _ => return None,
        })
    }
}

/// What a reader gives: the document and, for text, the code it was in.
#[derive(Debug)]
pub(crate) struct Read {
    pub(crate) document: Document,
    pub(crate) encoding: Option<Encoding>,
}

/// Reads a document from its bytes; the error is a sentence for the user.
pub(crate) fn read(format: Format, bytes: &[u8]) -> Result<Read, String> {
    match format {
        Format::Text => {
            let (text, encoding) = decode::decode(bytes);
            Ok(Read { document: Document::from_text(&text), encoding: Some(encoding) })
        }
        Format::Docx => Ok(Read { document: super::docx::read(bytes)?, encoding: None }),
        Format::Doc => Ok(Read { document: super::doc::read(bytes)?, encoding: None }),
        Format::Pdf => Ok(Read { document: super::pdf::read(bytes)?, encoding: None }),
    }
}
