//! Site search: the index built at build time, in shards a browser loads on
//! demand (the client, `search.js`, lives in the default theme).
//!
//! ```text
//! Archive ─docs::collect─▶ [SearchDoc] ─index::build─▶ Index ─shards::write─▶ files under search/index/
//! ```
//!
//! `tokens` holds the folding and tokenizing rules the script mirrors. This
//! module reads the archive only; it writes nothing (the files go into the
//! site's `Output` in `render`).

pub mod docs;
pub mod index;
pub mod shards;
pub mod tokens;

use crate::archive::Archive;
pub use shards::{INDEX_DIR, IndexFiles, ShardOptions};

/// The index files of the archive.
pub fn build(archive: &Archive) -> IndexFiles {
    let docs = docs::collect(archive);
    build_from_docs(&docs, ShardOptions::default())
}

/// The index files of any documents (used by the benchmark).
pub fn build_from_docs(docs: &[docs::SearchDoc], options: ShardOptions) -> IndexFiles {
    let index = index::build(docs);
    let cards: Vec<docs::Card> = docs.iter().map(|d| d.card.clone()).collect();
    shards::write(&index, &cards, options)
}
