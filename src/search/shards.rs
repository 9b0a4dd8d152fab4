//! The index as files: a manifest, term shards carrying the cards of their
//! terms' best documents, tails too large to inline, and card files.
//!
//! ```text
//! search/index/manifest.json  {"v":2,"n":docs,"k":tier,"d":cards per d/ file,"t":[shard separators],"p":[[id,name],…],"g":[segments]}
//! search/index/t/<i>.json     {"t":[[term, df, [variants], [head], tail], …], "c":[[doc, kind, title, period, number, path, text], …]}
//! search/index/x/<n>.json     [docs, masks?]     the tail of term number n, when too large to inline
//! search/index/d/<j>.json     [[kind, title, period, number, path, text], …]   (see `cards`)
//! ```
//!
//! A term's postings are sorted by impact; the best `tier` are its *head*,
//! by document as `doc-id gap, impact` (plus `mask` when the term has several
//! diacritic variants). The rest, its *tail*, is `0` (none), `[impact, docs,
//! masks?]` inline or `[impact, n]` in `x/<n>.json`: one impact (their mean)
//! for all, `docs` a list of doc-id gaps or, when shorter, a base64 bitmap
//! (bit `d % 8` of byte `d / 8`), `masks` run-length `[mask, count, …]` or,
//! when shorter, one character per document (`#` + mask).
//! A shard's `c` holds the cards of the best documents of its terms, so one
//! request gives a word's results and what they show. Shards are cut at
//! about `term_shard_bytes`; the manifest lists, per shard, the shortest
//! prefix of its first term that sorts after the previous shard's last one.
//! Output is deterministic: same documents, same bytes.

use rayon::prelude::*;

use super::cards;
use super::docs::{Card, Passages};
#[cfg(test)]
use super::index::Index;
use super::index::{Grouped, Posting, TermEntry, compare_terms};
use super::json;
use super::snippets::{self, FoldCache, Snippet};

/// Where the index files go, under the site root (the route table's).
pub const INDEX_DIR: &str = crate::routes::SEARCH_INDEX;

#[derive(Clone, Copy, Debug)]
pub struct ShardOptions {
    /// Postings in a term's head; the rest go to its tail.
    pub tier: usize,
    /// A term shard is closed once it holds this many bytes (cards included).
    pub term_shard_bytes: usize,
    /// Card files hold about this many bytes.
    pub doc_shard_bytes: usize,
    /// Cards totalling at most this many bytes go in a single card file.
    pub single_doc_file_bytes: usize,
    /// Tails up to this many bytes stay in the term's shard.
    pub inline_tail_bytes: usize,
    /// Cards of a term's best documents copied into its shard.
    pub cards_per_term: usize,
    /// Copies of cards in shards stay under this many per document.
    pub card_copies: usize,
}

impl Default for ShardOptions {
    fn default() -> Self {
        ShardOptions {
            tier: 400,
            term_shard_bytes: 20 * 1024,
            doc_shard_bytes: 4 * 1024,
            single_doc_file_bytes: 16 * 1024,
            inline_tail_bytes: 4 * 1024,
            cards_per_term: 10,
            card_copies: 40,
        }
    }
}

/// The index files: (path under the site root, bytes), sorted by path.
#[derive(Debug, Default)]
pub struct IndexFiles {
    pub files: Vec<(String, Vec<u8>)>,
    /// A short hash of every file, for cache-busting URLs (`?v=…`).
    pub version: String,
}

/// One term as it appears in its shard.
struct Encoded {
    json: String,
    /// The tail file's JSON, when the tail is not inline.
    tail: Option<String>,
    /// Documents whose cards go into the shard.
    top: Vec<u32>,
    /// The term's best documents (their snippets go into the shard).
    best: Vec<u32>,
}

/// Documents from the newest: `rank[doc]` is 0 for the newest report (by
/// year, then by document: a publisher's reports are in period order), and
/// `doc[rank]` the inverse. Ties in impact go to the newer report, as the
/// script orders results.
pub(crate) struct Recency {
    rank: Vec<u32>,
    doc: Vec<u32>,
}

impl Recency {
    pub(crate) fn of(cards: &[Card]) -> Recency {
        let mut doc: Vec<u32> = (0..cards.len() as u32).collect();
        doc.sort_unstable_by_key(|&d| (std::cmp::Reverse(cards[d as usize].year.unwrap_or(0)), std::cmp::Reverse(d)));
        let mut rank = vec![0u32; cards.len()];
        for (r, &d) in doc.iter().enumerate() {
            rank[d as usize] = r as u32;
        }
        Recency { rank, doc }
    }

    /// Orders postings by impact (highest first), then newest first: smaller is better.
    fn key(&self, p: &Posting) -> u64 {
        let recency = self.rank.get(p.doc as usize).copied().unwrap_or(p.doc);
        u64::from(u16::MAX - p.impact) << 32 | u64::from(recency)
    }

    fn doc_of(&self, key: u64) -> u32 {
        let r = key as u32;
        self.doc.get(r as usize).copied().unwrap_or(r)
    }
}

fn encode_term(
    entry: &TermEntry,
    number: u64,
    options: &ShardOptions,
    inline_cards: bool,
    recency: &Recency,
) -> Encoded {
    let many = entry.variants.len() > 1;
    let (head, rest) = split_head(&entry.postings, options.tier.max(1), recency);
    let mut out = String::with_capacity(32 + head.len() * 8);
    out.push('[');
    json::push_str(&mut out, &entry.term);
    out.push_str(&format!(",{},[", entry.postings.len()));
    for (i, v) in entry.variants.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        json::push_str(&mut out, v);
    }
    out.push_str("],");
    let mut previous = 0;
    json::push_ints(
        &mut out,
        head.iter().flat_map(|p| {
            let gap = p.doc - previous;
            previous = p.doc;
            [gap, u32::from(p.impact), u32::from(p.mask)].into_iter().take(if many { 3 } else { 2 })
        }),
    );
    let mut tail = None;
    if rest.is_empty() {
        out.push_str(",0]");
    } else {
        let mean = rest.iter().map(|p| u64::from(p.impact)).sum::<u64>() / rest.len() as u64;
        let body = encode_tail(&rest, many);
        if body.len() <= options.inline_tail_bytes {
            out.push_str(&format!(",[{},{body}]]", mean.max(1)));
        } else {
            out.push_str(&format!(",[{},{number}]]", mean.max(1)));
            tail = Some(format!("[{body}]"));
        }
    }
    let mut best: Vec<u64> = head.iter().map(|p| recency.key(p)).collect();
    best.sort_unstable();
    let best: Vec<u32> = best.iter().take(options.cards_per_term).map(|k| recency.doc_of(*k)).collect();
    let top = if inline_cards { best.clone() } else { Vec::new() };
    Encoded { json: out, tail, top, best }
}

/// The best `tier` postings and the rest, both by document (postings come by document).
fn split_head(postings: &[Posting], tier: usize, recency: &Recency) -> (Vec<Posting>, Vec<Posting>) {
    if postings.len() <= tier {
        return (postings.to_vec(), Vec::new());
    }
    let mut keys: Vec<u64> = postings.iter().map(|p| recency.key(p)).collect();
    let cut = *keys.select_nth_unstable(tier - 1).1;
    // the same split as `partition`, into lists of about their final size
    let (mut head, mut rest) = (Vec::with_capacity(tier), Vec::with_capacity(postings.len() - tier));
    for p in postings {
        if recency.key(p) <= cut { head.push(*p) } else { rest.push(*p) }
    }
    (head, rest)
}

/// `docs` (gaps or bitmap, whichever is shorter), then `masks` if `many`.
fn encode_tail(rest: &[Posting], many: bool) -> String {
    let by_doc = rest;
    let mut out = String::with_capacity(rest.len() * 4);
    let mut previous = 0;
    json::push_ints(
        &mut out,
        by_doc.iter().map(|p| {
            let gap = p.doc - previous;
            previous = p.doc;
            gap
        }),
    );
    let last = by_doc.last().map_or(0, |p| p.doc) as usize;
    let bitmap_len = (last / 8 + 1).div_ceil(3) * 4 + 2;
    if bitmap_len < out.len() {
        let mut bits = vec![0u8; last / 8 + 1];
        for p in by_doc {
            bits[p.doc as usize / 8] |= 1 << (p.doc % 8);
        }
        out.clear();
        out.push('"');
        json::push_base64(&mut out, &bits);
        out.push('"');
    }
    if many {
        out.push(',');
        out.push_str(&encode_masks(by_doc.iter().map(|p| p.mask)));
    }
    out
}

/// Masks as runs `[mask, count, …]`, or, when shorter and every mask is
/// below 57, a string of one character per document (`#` + mask).
fn encode_masks(masks: impl Iterator<Item = u16> + Clone) -> String {
    let mut runs: Vec<u32> = Vec::new();
    for mask in masks.clone() {
        match runs.len() {
            n if n >= 2 && runs[n - 2] == u32::from(mask) => runs[n - 1] += 1,
            _ => runs.extend([u32::from(mask), 1]),
        }
    }
    let mut out = String::new();
    json::push_ints(&mut out, runs);
    let count = masks.clone().count();
    if masks.clone().all(|m| m < 57) && count + 2 < out.len() {
        out.clear();
        out.push('"');
        out.extend(masks.map(|m| char::from(b'#' + m as u8)));
        out.push('"');
    }
    out
}

/// Cuts the term entries into shards as they come, in term order.
struct Writer<'a> {
    options: ShardOptions,
    cards: &'a [String],
    /// Per document (may be shorter than `cards`: then no snippets).
    passages: &'a [Passages<'a>],
    recency: Recency,
    min_df: u32,
    files: Vec<(String, Vec<u8>)>,
    separators: Vec<String>,
    /// The names of the shards opened (`t/<name>.json`: [`shard_name`] of
    /// the separator), and the current one's.
    names: rustc_hash::FxHashSet<String>,
    name: String,
    /// The numbers of the tail files written (`x/<n>.json`, [`tail_number`]).
    tail_numbers: rustc_hash::FxHashSet<u64>,
    /// The last term added is a cut point (see [`Writer::cut_before`]).
    cut: bool,
    last_term: String,
    shard: String,
    shard_cards: Vec<u32>,
    /// Per document: 1 + the shard whose cards hold it.
    in_shard: Vec<u32>,
    card_bytes: usize,
    terms: usize,
    /// (documents, word) of the words "did you mean" may offer.
    vocabulary: Vec<(u32, String)>,
    /// The other words without digits (in one document, or of one letter):
    /// listed so that the script knows every word of the index.
    rare_words: Vec<String>,
    /// The terms encoded so far, in order (see [`Writer::add`]).
    pending: Vec<Pending>,
}

/// A term as the shard loop sees it.
struct Term<'t> {
    term: &'t str,
    df: usize,
}

/// Bytes of the vocabulary in the manifest (the most frequent words first).
const VOCABULARY_BYTES: usize = 16 * 1024;

/// Whether "did you mean" may offer a word: a word (no pair, no figure, no
/// period term) of two letters or more found in two documents or more.
fn suggestible(term: &str, df: usize) -> bool {
    df >= 2 && term.chars().nth(1).is_some() && is_word(term)
}

/// A word without digits: what a typo may be (no pair, no figure, no period term).
fn is_word(term: &str) -> bool {
    !term.contains(super::tokens::PAIR_SEPARATOR) && !term.bytes().any(|b| b.is_ascii_digit())
}

/// A term encoded, waiting for its snippets and its place in a shard.
struct Pending {
    term: String,
    /// Documents holding it.
    df: usize,
    encoded: Encoded,
}

impl Writer<'_> {
    /// Encodes a batch of terms (on every core); their postings are dropped
    /// here, so the next batch's reuse their memory. Snippets and shards
    /// come at the end ([`Writer::finish`]): a snippet does not depend on
    /// which other terms want the same body, so the files do not depend on
    /// how the terms were cut into batches.
    fn add(&mut self, batch: Vec<TermEntry>) {
        let options = self.options;
        let min_df = self.min_df;
        let recency = &self.recency;
        let encoded: Vec<Pending> = batch
            .into_par_iter()
            .map(|e| {
                let encoded =
                    encode_term(&e, tail_number(&e.term), &options, e.postings.len() as u32 >= min_df, recency);
                Pending { df: e.postings.len(), term: e.term, encoded }
            })
            .collect();
        self.pending.extend(encoded);
    }

    /// Every term's snippets, then the terms into shards, in order.
    fn finish(&mut self) {
        let pending = std::mem::take(&mut self.pending);
        let mut snippets = self.snippets(&pending);
        for (i, Pending { term, df, mut encoded }) in pending.into_iter().enumerate() {
            let entry = Term { term: &term, df };
            if let Some(tail) = encoded.tail.take() {
                // `…,[mean,<number>]]` ends the entry: the number becomes the tail file's
                let mut number = tail_number(entry.term);
                while !self.tail_numbers.insert(number) {
                    number += 1 << 32;
                }
                let placeholder = format!("{}]]", tail_number(entry.term));
                encoded.json.truncate(encoded.json.len() - placeholder.len());
                encoded.json.push_str(&format!("{number}]]"));
                self.files.push((format!("{INDEX_DIR}x/{number}.json"), tail.into_bytes()));
            }
            if suggestible(entry.term, entry.df) {
                self.vocabulary.push((entry.df as u32, entry.term.to_string()));
            } else if is_word(entry.term) {
                self.rare_words.push(entry.term.to_string());
            }
            if let Some(list) = snippets.get_mut(i).filter(|l| !l.is_empty()) {
                // `[term, df, variants, head, tail, [[doc, anchor, text], …]]`
                encoded.json.pop();
                encoded.json.push_str(",[");
                for (k, (doc, snippet)) in list.drain(..).enumerate() {
                    if k > 0 {
                        encoded.json.push(',');
                    }
                    encoded.json.push('[');
                    json::push_int(&mut encoded.json, i64::from(doc));
                    encoded.json.push(',');
                    json::push_str(&mut encoded.json, &snippet.anchor);
                    encoded.json.push(',');
                    json::push_str(&mut encoded.json, &snippet.text);
                    encoded.json.push(']');
                }
                encoded.json.push_str("]]");
            }
            let bytes = encoded.json.len() + self.new_cards(&encoded);
            if self.cut_before(entry.term, &encoded) {
                self.close();
            }
            if self.shard.is_empty() {
                let separator = separator(&self.last_term, entry.term, self.separators.is_empty());
                self.name = shard_name(&separator);
                self.names.insert(self.name.clone());
                self.separators.push(separator);
                self.shard.push_str("{\"t\":[");
            } else {
                self.shard.push(',');
            }
            self.shard.push_str(&encoded.json);
            let shard_number = self.separators.len() as u32;
            for doc in encoded.top {
                if let Some(seen) = self.in_shard.get_mut(doc as usize)
                    && *seen != shard_number
                {
                    *seen = shard_number;
                    self.shard_cards.push(doc);
                    self.card_bytes += self.cards[doc as usize].len() + 8;
                }
            }
            self.terms += 1;
            self.last_term.clone_from(&term);
            let size = self.shard.len() + self.card_bytes;
            self.cut = size >= self.options.term_shard_bytes / 4 * 3
                && is_cut_point(entry.term, bytes, self.options.term_shard_bytes / 2);
        }
    }

    /// Whether the shard being filled closes before `term` (`encoded`):
    /// after a cut point, or when `term` would take it above 1.5 times the
    /// target size. Cut points are chosen by their text (see
    /// [`is_cut_point`]) once the shard holds 3/4 of the target, so where a
    /// shard ends depends on the terms near its end, not on the sizes of
    /// all the shards before: a change of a few bytes or a new term moves
    /// the cuts only until a cut point both versions reach, and the shards
    /// after it keep their bytes and names (a shard is named by its
    /// separator, not by its place). A cut that would give a shard the name
    /// of an earlier one is not made.
    fn cut_before(&self, term: &str, encoded: &Encoded) -> bool {
        if self.shard.is_empty() {
            return false;
        }
        let full = self.shard.len() + self.card_bytes + encoded.json.len() + self.new_cards(encoded)
            > self.options.term_shard_bytes / 2 * 3;
        (self.cut || full) && !self.names.contains(&shard_name(&separator(&self.last_term, term, false)))
    }

    /// Bytes of the cards `encoded` would add to the shard being filled.
    fn new_cards(&self, encoded: &Encoded) -> usize {
        let shard_number = self.separators.len() as u32;
        let new = encoded.top.iter().filter(|&&d| self.in_shard.get(d as usize).is_some_and(|&s| s != shard_number));
        new.map(|&d| self.cards[d as usize].len() + 8).sum()
    }

    /// Per term: the snippets of its best documents, by document (each
    /// body scanned once for every term that wants it).
    fn snippets(&self, pending: &[Pending]) -> Vec<Vec<(u32, Snippet)>> {
        let passages = self.passages;
        let mut wanted: Vec<(u32, u32)> = pending
            .iter()
            .enumerate()
            .flat_map(|(i, p)| {
                p.encoded.best.iter().filter(|d| (**d as usize) < passages.len()).map(move |&d| (d, i as u32))
            })
            .collect();
        wanted.par_sort_unstable();
        let groups: Vec<&[(u32, u32)]> = wanted.chunk_by(|a, b| a.0 == b.0).collect();
        let mut found: Vec<(u32, u32, Snippet)> = groups
            .par_iter()
            .map_init(FoldCache::default, |cache, group| {
                let doc = group[0].0;
                let terms: Vec<&str> = group.iter().map(|(_, i)| pending[*i as usize].term.as_str()).collect();
                snippets::find(&passages[doc as usize], &terms, cache)
                    .into_iter()
                    .zip(group.iter())
                    .filter_map(|(s, &(d, i))| s.map(|s| (i, d, s)))
                    .collect::<Vec<_>>()
            })
            .flatten()
            .collect();
        found.par_sort_unstable_by_key(|f| (f.0, f.1));
        let mut out: Vec<Vec<(u32, Snippet)>> = vec![Vec::new(); pending.len()];
        for (i, doc, snippet) in found {
            out[i as usize].push((doc, snippet));
        }
        out
    }

    fn close(&mut self) {
        if self.shard.is_empty() {
            return;
        }
        self.shard.push_str("],\"c\":[");
        // one growth for the cards (`card_bytes` counts 8 bytes a card for the document id)
        self.shard.reserve(self.card_bytes + 2);
        self.shard_cards.sort_unstable();
        for (i, &doc) in self.shard_cards.iter().enumerate() {
            if i > 0 {
                self.shard.push(',');
            }
            cards::push_with_doc(&mut self.shard, doc, &self.cards[doc as usize]);
        }
        self.shard.push_str("]}");
        let path = format!("{INDEX_DIR}t/{}.json", self.name);
        self.files.push((path, std::mem::take(&mut self.shard).into_bytes()));
        self.shard_cards.clear();
        self.card_bytes = 0;
        self.cut = false;
    }
}

/// Whether a shard may end after `term`, whose entry (and new cards) took
/// `bytes`: by a hash of its text, with a chance of `bytes / spacing`, at
/// most 1/2 (so cut points lie about `spacing` bytes apart, whatever the
/// size of the entries, and a shard of large entries still holds two or
/// three).
fn is_cut_point(term: &str, bytes: usize, spacing: usize) -> bool {
    let chance = (bytes as u64).saturating_mul(1 << 32) / spacing.max(1) as u64;
    u64::from(fnv32(term.as_bytes())) < chance.min(1 << 31)
}

/// FNV-1a (32 bits) of `bytes`.
pub(crate) fn fnv32(bytes: &[u8]) -> u32 {
    bytes.iter().fold(0x811c_9dc5, |h, &b| (h ^ u32::from(b)).wrapping_mul(0x0100_0193))
}

/// A term shard's file name: FNV-1a of its separator's UTF-8, 8 hex digits
/// (the script computes it the same way, `shardName` in search.js). Named
/// by what it holds, not by its place: a shard added before it renames
/// nothing.
pub fn shard_name(separator: &str) -> String {
    format!("{:08x}", fnv32(separator.as_bytes()))
}

/// The number of a term's tail file (`x/<n>.json`): FNV-1a of the term (a
/// later term whose number is taken gets it plus 2³², and so on).
fn tail_number(term: &str) -> u64 {
    u64::from(fnv32(term.as_bytes()))
}

/// The shortest prefix of `first` that sorts after `previous` ("" for the first shard).
fn separator(previous: &str, first: &str, is_first: bool) -> String {
    if is_first {
        return String::new();
    }
    let ends = first.char_indices().map(|(i, c)| i + c.len_utf8());
    ends.map(|end| &first[..end]).find(|prefix| compare_terms(prefix, previous).is_gt()).unwrap_or(first).to_string()
}

#[cfg(test)]
/// Writes the files of an index built in memory (tests, small sites).
pub(crate) fn write(
    index: &Index,
    cards: &[Card],
    publishers: &[(String, String)],
    options: ShardOptions,
) -> IndexFiles {
    let dfs: Vec<u32> = index.terms.iter().map(|t| t.postings.len() as u32).collect();
    let site = Site { cards, passages: &[], publishers };
    write_with(index.doc_count, &dfs, |sink| sink(index.terms.clone()), &site, options)
}

/// What the index files show besides the terms: per document its card and
/// its passages (for snippets), and the site's publishers.
pub struct Site<'a> {
    pub cards: &'a [Card],
    pub passages: &'a [Passages<'a>],
    /// (id, name) pairs that [`Card::publisher`] indexes.
    pub publishers: &'a [(String, String)],
}

/// Writes the files of grouped postings, a batch of terms at a time.
pub fn write_grouped(grouped: &Grouped, site: &Site<'_>, options: ShardOptions) -> IndexFiles {
    write_with(grouped.doc_count, grouped.dfs(), |sink| grouped.for_each_batch(sink), site, options)
}

fn write_with(
    doc_count: usize,
    dfs: &[u32],
    batches: impl FnOnce(&mut dyn FnMut(Vec<TermEntry>)),
    site: &Site<'_>,
    options: ShardOptions,
) -> IndexFiles {
    let publishers = site.publishers;
    let card_refs: Vec<&Card> = site.cards.iter().collect();
    let encoded = cards::encode_all(&card_refs);
    let mut writer = Writer {
        options,
        cards: &encoded,
        passages: site.passages,
        recency: Recency::of(site.cards),
        min_df: cards::inline_min_df(dfs, options.cards_per_term, options.card_copies, doc_count),
        files: Vec::new(),
        separators: Vec::new(),
        names: Default::default(),
        name: String::new(),
        tail_numbers: Default::default(),
        cut: false,
        last_term: String::new(),
        shard: String::new(),
        shard_cards: Vec::new(),
        in_shard: vec![0; encoded.len()],
        card_bytes: 0,
        terms: 0,
        vocabulary: Vec::new(),
        rare_words: Vec::new(),
        pending: Vec::new(),
    };
    batches(&mut |batch| writer.add(batch));
    writer.finish();
    writer.close();
    let per_file = cards::per_file(&encoded, options.doc_shard_bytes, options.single_doc_file_bytes);
    let mut files = writer.files;
    for (i, json) in cards::files(&encoded, per_file) {
        files.push((format!("{INDEX_DIR}d/{i}.json"), json.into_bytes()));
    }
    for (path, json) in super::packs::files(site.cards, publishers) {
        files.push((format!("{INDEX_DIR}{path}"), json.into_bytes()));
    }
    let mut manifest = format!("{{\"v\":2,\"n\":{doc_count},\"k\":{},\"d\":{per_file},\"t\":", options.tier);
    json::push_str(&mut manifest, &front_coded(&writer.separators));
    // the publishers' names without the prefix they all share (`pn`)
    let prefix = common_prefix(publishers.iter().map(|(_, name)| name.as_str()));
    if !prefix.is_empty() {
        manifest.push_str(",\"pn\":");
        json::push_str(&mut manifest, prefix);
    }
    manifest.push_str(",\"p\":[");
    for (i, (id, name)) in publishers.iter().enumerate() {
        if i > 0 {
            manifest.push(',');
        }
        manifest.push('[');
        json::push_str(&mut manifest, id);
        manifest.push(',');
        json::push_str(&mut manifest, &name[prefix.len()..]);
        manifest.push(']');
    }
    manifest.push_str("],\"g\":");
    manifest.push_str(&cards::segments(&card_refs));
    if let Some(all) = super::packs::all_reports(site.cards).filter(|_| site.cards.iter().any(|c| c.kind == "r")) {
        manifest.push_str(",\"a\":");
        manifest.push_str(&all);
    }
    // every indicator's card, since indicators come first in results
    manifest.push_str(",\"i\":[");
    let indicators = site.cards.iter().enumerate().filter(|(_, c)| c.kind == "i");
    for (k, (doc, _)) in indicators.enumerate() {
        if k > 0 {
            manifest.push(',');
        }
        cards::push_with_doc(&mut manifest, doc as u32, &encoded[doc]);
    }
    manifest.push(']');
    let mut vocabulary = std::mem::take(&mut writer.vocabulary);
    vocabulary.sort_unstable_by(|a, b| b.0.cmp(&a.0).then_with(|| compare_terms(&a.1, &b.1)));
    let (words, all) = joined(vocabulary.iter().map(|v| v.1.as_str()), VOCABULARY_BYTES);
    let (rare, all_rare) = joined(writer.rare_words.iter().map(String::as_str), VOCABULARY_BYTES - words.len());
    if !words.is_empty() {
        manifest.push_str(",\"w\":");
        json::push_str(&mut manifest, &words);
        // per word of `w`, how rare it is: a digit, 3·ln(documents / df) rounded, at most 9
        manifest.push_str(",\"wi\":\"");
        let count = words.split(' ').count();
        for (df, _) in vocabulary.iter().take(count) {
            let class = (3.0 * (doc_count.max(1) as f64 / f64::from((*df).max(1))).ln()).round().clamp(0.0, 9.0);
            manifest.push(char::from(b'0' + class as u8));
        }
        manifest.push('"');
    }
    if !rare.is_empty() {
        manifest.push_str(",\"u\":");
        json::push_str(&mut manifest, &rare);
    }
    if all && all_rare {
        // `w` and `u` hold every word without digits: a word in neither is in no document
        manifest.push_str(",\"wc\":1");
    }
    manifest.push('}');
    files.push((format!("{INDEX_DIR}manifest.json"), manifest.into_bytes()));
    files.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let version = version_of(&files);
    IndexFiles { files, version }
}

/// The shard separators front coded, joined by `|` (which no term holds):
/// each is one character, `'0'` + the number of UTF-16 code units it shares
/// with the previous separator (at most 60), then the rest of it.
fn front_coded(separators: &[String]) -> String {
    let mut out = String::new();
    let mut previous = "";
    for (i, separator) in separators.iter().enumerate() {
        if i > 0 {
            out.push('|');
        }
        let (mut units, mut bytes) = (0, 0);
        for (a, b) in previous.chars().zip(separator.chars()) {
            if a != b || units + b.len_utf16() > 60 {
                break;
            }
            units += b.len_utf16();
            bytes += b.len_utf8();
        }
        out.push(char::from(b'0' + units as u8));
        out.push_str(&separator[bytes..]);
        previous = separator;
    }
    out
}

/// The separators of a manifest's front-coded `t` (what the script decodes).
pub fn separators(coded: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    if coded.is_empty() {
        return out;
    }
    for part in coded.split('|') {
        let mut chars = part.chars();
        let shared = chars.next().map_or(0, |c| (c as usize).saturating_sub(48));
        let previous: Vec<u16> = out.last().map(|p| p.encode_utf16().take(shared).collect()).unwrap_or_default();
        out.push(String::from_utf16_lossy(&previous) + chars.as_str());
    }
    out
}

/// The longest prefix all `names` share, ending after a space (empty for
/// fewer than two names).
fn common_prefix<'a>(mut names: impl Iterator<Item = &'a str>) -> &'a str {
    let Some(first) = names.next() else { return "" };
    let mut len = first.len();
    let mut count = 1;
    for name in names {
        count += 1;
        len = first.bytes().zip(name.bytes()).take(len).take_while(|(a, b)| a == b).count();
    }
    if count < 2 {
        return "";
    }
    // whole words only, so a name never starts inside a character
    first[..len].rfind(' ').map_or("", |space| &first[..=space])
}

/// `words` joined by spaces up to `bytes`, and whether all of them fit.
fn joined<'a>(words: impl Iterator<Item = &'a str>, bytes: usize) -> (String, bool) {
    let mut out = String::new();
    for word in words {
        if out.len() + word.len() + 1 > bytes {
            return (out, false);
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    (out, true)
}

/// FNV-1a of each path and its bytes (in parallel), then of those hashes
/// in path order, as 12 hex digits.
fn version_of(files: &[(String, Vec<u8>)]) -> String {
    fn fnv(hash: u64, bytes: &[u8]) -> u64 {
        bytes.iter().fold(hash, |h, &b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
    }
    const BASIS: u64 = 0xcbf2_9ce4_8422_2325;
    let hashes: Vec<u64> = files.par_iter().map(|(path, bytes)| fnv(fnv(BASIS, path.as_bytes()), bytes)).collect();
    let hash = hashes.iter().fold(BASIS, |h, x| fnv(h, &x.to_le_bytes()));
    format!("{:012x}", hash & 0xffff_ffff_ffff)
}

#[cfg(test)]
mod tests;
