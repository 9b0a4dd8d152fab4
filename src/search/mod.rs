//! Site search: the index built at build time, in shards a browser loads on
//! demand (the client, `search.js`, lives in the default theme).
//!
//! ```text
//! Archive ─docs::collect_blocks─▶ [SearchDoc] ─index::group─▶ Grouped ─shards::write_grouped─▶ files under search/index/
//! ```
//!
//! `tokens` holds the folding and tokenizing rules the script mirrors;
//! `analyze` and `merge` are the index build's parallel phases; `cards` and
//! `json` write what results show. This module reads the archive only; it
//! writes nothing (the files go into the site's `Output` in `render`).

pub(crate) mod analyze;
pub(crate) mod cache;
pub(crate) mod cards;
pub(crate) mod docs;
pub(crate) mod index;
pub(crate) mod json;
pub(crate) mod merge;
pub(crate) mod packs;
pub(crate) mod shards;
pub(crate) mod snippets;
pub(crate) mod tokens;
pub(crate) mod vocab;

#[cfg(test)]
mod reference;

use serde::Serialize;

use crate::archive::Archive;
pub use cache::{AnalysisStore, Counts, DiskStore, MemoryStore, NoStore};
pub use shards::{INDEX_DIR, IndexFiles, ShardOptions};

/// What the benchmark (`examples/search_bench.rs`) and the tests reach
/// beside [`build`]: the index build's stages one at a time, and the
/// tokenizing rules the search script mirrors. Nothing else of `search` is
/// public.
pub mod bench {
    pub use super::docs::{Card, Field, Passages, SearchDoc, collect_blocks};
    pub use super::index::group_blocks;
    pub use super::shards::{Site, separators, shard_name, write_grouped};
    pub use super::tokens::{PAIR_SEPARATOR, Token, tokenize};
}

/// The index files of the archive.
pub fn build(archive: &Archive) -> IndexFiles {
    build_with(archive, &cache::NoStore)
}

/// [`build`], the analysis of each block of documents whose text did not
/// change taken from `store` (and the others' put there).
pub fn build_with(archive: &Archive, store: &dyn cache::AnalysisStore) -> IndexFiles {
    let (docs, starts) = docs::collect_blocks(archive);
    let grouped = index::group_blocks(&docs, &starts, store);
    write(&docs, grouped, &publishers(archive), ShardOptions::default())
}

/// The index files of any documents; `publishers` are (id, name) pairs that
/// [`docs::Card::publisher`] indexes.
pub fn build_from_docs(
    docs: &[docs::SearchDoc<'_>],
    publishers: &[(String, String)],
    options: ShardOptions,
) -> IndexFiles {
    write(docs, index::group(docs), publishers, options)
}

fn write(
    docs: &[docs::SearchDoc<'_>],
    grouped: index::Grouped,
    publishers: &[(String, String)],
    options: ShardOptions,
) -> IndexFiles {
    let cards: Vec<docs::Card> = docs.iter().map(|d| d.card.clone()).collect();
    let passages: Vec<docs::Passages> = docs.iter().map(|d| d.passages.clone()).collect();
    shards::write_grouped(&grouped, &shards::Site { cards: &cards, passages: &passages, publishers }, options)
}

/// The manifest's publishers: one entry per name of each publisher (its
/// id, that name), so that a card shows the name valid in its period; the
/// search script filters by id. In the order of their reports (by id, then
/// period), so that the manifest's runs of documents name them implicitly
/// (`cards::segments`). See [`publisher_entry`].
fn publishers(archive: &Archive) -> Vec<(String, String)> {
    let mut list = Vec::new();
    for p in by_id(archive) {
        list.push((p.id.clone(), p.name.clone()));
        list.extend(p.names.iter().map(|(_, name)| (p.id.clone(), name.clone())));
    }
    list
}

/// site.yaml's publishers in the order the archive sorts reports: by id.
fn by_id(archive: &Archive) -> Vec<&crate::publisher::Publisher> {
    let mut list: Vec<_> = archive.config.publishers.iter().collect();
    list.sort_by(|a, b| a.id.cmp(&b.id));
    list
}

/// The index in [`publishers`] of publisher `id` under its name of `period`.
pub(crate) fn publisher_entry(archive: &Archive, id: &str, period: crate::period::Period) -> Option<usize> {
    // the entries of the publishers before it by id (no sort: this runs once per report)
    let (mut before, mut found) = (0, None);
    for p in &archive.config.publishers {
        match p.id.as_str().cmp(id) {
            std::cmp::Ordering::Less => before += 1 + p.names.len(),
            std::cmp::Ordering::Equal => found = Some(p),
            std::cmp::Ordering::Greater => {}
        }
    }
    Some(before + found?.names.iter().filter(|(from, _)| *from <= period).count())
}

/// What the search page's template gets as `view`: the filters to offer.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub(crate) struct SearchView {
    /// Empty on a site with one publisher (no publisher filter then).
    pub publishers: Vec<PublisherOption>,
    /// The years of the reports, oldest and newest (0 when there are none).
    pub first_year: i16,
    pub last_year: i16,
    /// Every year with reports, newest first, with its page (relative to
    /// the base): the ways on from a search without results.
    pub years: Vec<YearLink>,
    pub has_indicators: bool,
}

#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub(crate) struct PublisherOption {
    pub id: String,
    pub name: String,
    /// The publisher's page, relative to the base.
    pub path: String,
}

#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub(crate) struct YearLink {
    pub year: i16,
    pub path: String,
}

/// The search page's view; `publisher_path` is the publisher page's path
/// (the routes live with the pages).
pub(crate) fn page_view(archive: &Archive, publisher_path: fn(&str) -> String) -> SearchView {
    let years = archive.reports.iter().map(|r| r.period.year);
    SearchView {
        publishers: archive
            .config
            .publishers
            .iter()
            .map(|p| PublisherOption {
                id: p.id.clone(),
                name: p.latest_name().to_string(),
                path: publisher_path(&p.id),
            })
            .collect(),
        first_year: years.clone().min().unwrap_or(0),
        last_year: years.max().unwrap_or(0),
        years: archive.years().into_iter().map(|year| YearLink { year, path: crate::routes::year(year) }).collect(),
        has_indicators: !archive.registry.indicators.is_empty(),
    }
}
