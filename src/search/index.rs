//! The inverted index: folded terms (syllables and adjacent-syllable pairs)
//! to postings with precomputed BM25F impacts.
//!
//! Pure: documents in, terms in order out; [`super::shards`] turns them into
//! files. Each posting's impact is the term's whole BM25F contribution to
//! that document (field weights and length normalization included), so the
//! script only adds numbers. A pair term (`thue~bao`) lets a quoted phrase
//! match syllables in order and ranks adjacent words higher.
//!
//! ```text
//! docs ─par_chunks─▶ analyze (tokens once, chunk-local ids)
//!      ─vocab::vocabulary (parallel sorts)─▶ term numbers in order ─merge::postings (parallel)─▶ per chunk, grouped by term
//!      ─Grouped::for_each_batch─▶ [TermEntry] in term order, a batch at a time
//! ```
//!
//! Both cores work in the two heavy phases; the output does not depend on
//! how the work was split (chunks are fixed, merged in order).

use rayon::prelude::*;

use std::sync::Arc;

use super::analyze::{self, Chunk};
use super::cache::{self, AnalysisStore, NoStore};
use super::docs::SearchDoc;
use super::merge::{self, ChunkPostings, Scratch};
use super::vocab::{self, Vocabulary};

/// BM25 saturation.
const K1: f64 = 1.2;
/// Impacts are stored as integers: score × this.
pub(crate) const IMPACT_SCALE: f64 = 100.0;
/// The least inverse document frequency: BM25's idf of a word found in
/// nearly every report (`thuê`, `đà`, `năng` in a national archive) is near
/// 0, which would leave its field weights no say (a publisher named Đà Nẵng
/// would weigh like a mention); with a floor, where a common word appears
/// still counts.
pub(crate) const IDF_FLOOR: f64 = 0.3;

/// BM25's inverse document frequency, at least [`IDF_FLOOR`].
pub(crate) fn idf(doc_count: f64, df: f64) -> f64 {
    (1.0 + (doc_count - df + 0.5) / (df + 0.5)).ln().max(IDF_FLOOR)
}

/// Steps of [`stable`] per doubling.
const STABLE_STEPS: f64 = 64.0;

/// `x` rounded to a grid of 1/64 of a doubling (steps of about 1.1 %):
/// what BM25 takes from the whole archive (the number of documents, the
/// mean length of each field) goes through it, so that adding or removing
/// one report nearly never changes the impact of a term it does not hold
/// (at 15,000 reports one report moves them about 0.01 %; they cross a
/// step about once in a hundred edits), and the shards of those terms keep
/// their bytes. The ranking loses nothing a reader could see.
pub(crate) fn stable(x: f64) -> f64 {
    if x <= 0.0 || !x.is_finite() {
        return x;
    }
    ((x.log2() * STABLE_STEPS).round() / STABLE_STEPS).exp2()
}
/// Documents analyzed together (fixed, so output is the same on any machine).
const CHUNK_DOCS: usize = 256;
/// Postings per batch handed to the writer.
const BATCH_POSTINGS: usize = 1 << 20;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Posting {
    pub doc: u32,
    pub impact: u16,
    /// Bit i: the document holds `variants[i]` (only when there are several).
    pub mask: u16,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TermEntry {
    /// Folded; pairs are two folded syllables joined by [`PAIR_SEPARATOR`].
    pub term: String,
    /// Exact (diacritic) forms seen, sorted; empty for pairs and synthetic terms.
    pub variants: Vec<String>,
    /// By document.
    pub postings: Vec<Posting>,
}

impl TermEntry {
    /// The postings, highest impact first, then by document.
    pub fn ranked(&self) -> Vec<Posting> {
        let mut ranked = self.postings.clone();
        ranked.sort_unstable_by_key(rank_key);
        ranked
    }
}

/// Orders postings by impact (highest first), then by document: smaller is better.
pub(crate) fn rank_key(p: &Posting) -> u64 {
    u64::from(u16::MAX - p.impact) << 32 | u64::from(p.doc)
}

#[cfg(test)]
#[derive(Debug, Default)]
pub(crate) struct Index {
    pub doc_count: usize,
    /// Sorted by [`compare_terms`].
    pub terms: Vec<TermEntry>,
}

/// The postings of every term, grouped, before impacts are computed.
#[derive(Debug, Default)]
pub struct Grouped {
    /// Document ids (gaps included).
    pub doc_count: usize,
    /// BM25's number of documents: the documents that are not gaps, [`stable`].
    pub stats_count: f64,
    vocabulary: Vocabulary,
    chunks: Vec<ChunkPostings>,
    dfs: Vec<u32>,
}

/// Analyzes and groups `docs`; document ids are positions in `docs`.
pub(crate) fn group(docs: &[SearchDoc<'_>]) -> Grouped {
    group_blocks(docs, &[0], &NoStore)
}

/// The documents analyzed together: from each start in `starts` (a
/// publisher's first report, the first indicator) to the next, cut every
/// [`CHUNK_DOCS`] documents, so an edit in one publisher's reports changes
/// only that publisher's blocks. (How documents are cut into chunks does
/// not change the index: chunks are merged in order.)
pub(crate) fn blocks(doc_count: usize, starts: &[usize]) -> Vec<std::ops::Range<usize>> {
    let mut bounds: Vec<usize> = starts.iter().copied().filter(|&s| s < doc_count).collect();
    bounds.push(0);
    bounds.sort_unstable();
    bounds.dedup();
    bounds.push(doc_count);
    let mut out = Vec::new();
    for pair in bounds.windows(2) {
        let (mut at, end) = (pair[0], pair[1]);
        while at < end {
            out.push(at..(at + CHUNK_DOCS).min(end));
            at += CHUNK_DOCS;
        }
    }
    out
}

/// [`group`] with the documents analyzed in [`blocks`] from `starts`, each
/// block's analysis taken from `store` when it holds that of the same text.
pub fn group_blocks(docs: &[SearchDoc<'_>], starts: &[usize], store: &dyn AnalysisStore) -> Grouped {
    let ranges = blocks(docs.len(), starts);
    let chunks: Vec<Arc<Chunk>> = ranges
        .par_iter()
        .map_init(analyze::Scratch::default, |scratch, range| {
            let block = &docs[range.clone()];
            if !store.enabled() {
                return Arc::new(analyze::analyze_with(block, scratch));
            }
            let key = cache::key(block);
            match store.get(key).filter(|c| c.doc_ends.len() == block.len()) {
                Some(chunk) => chunk,
                None => {
                    let chunk = Arc::new(analyze::analyze_with(block, scratch));
                    store.put(key, &chunk);
                    chunk
                }
            }
        })
        .collect();
    let real = docs.iter().filter(|d| !d.card.is_gap()).count();
    let avg = merge::average_lengths(&chunks, real).map(stable);
    let (vocabulary, maps) = vocab::vocabulary(&chunks);
    let chunks: Vec<ChunkPostings> = chunks
        .into_par_iter()
        .zip(ranges.into_par_iter())
        .zip(maps.into_par_iter())
        .map_init(Scratch::default, |scratch, ((chunk, range), map)| {
            merge::postings(&chunk, range.start as u32, &map, &avg, scratch)
        })
        .collect();
    let mut dfs = vec![0u32; vocabulary.terms.len()];
    for chunk in &chunks {
        for (i, &(term, start)) in chunk.runs.iter().enumerate() {
            let end = chunk.runs.get(i + 1).map_or(chunk.docs.len() as u32, |r| r.1);
            dfs[term as usize] += end - start;
        }
    }
    Grouped { doc_count: docs.len(), stats_count: stable(real as f64), vocabulary, chunks, dfs }
}

impl Grouped {
    /// Documents per term, in term order.
    pub fn dfs(&self) -> &[u32] {
        &self.dfs
    }

    /// Hands every term's entry to `sink`, in term order, a batch at a time
    /// (each batch built on every core).
    pub fn for_each_batch(&self, mut sink: impl FnMut(Vec<TermEntry>)) {
        let mut cursors = vec![0usize; self.chunks.len()];
        let mut first = 0usize;
        while first < self.dfs.len() {
            let mut last = first;
            let mut postings = 0usize;
            while last < self.dfs.len() && (last == first || postings < BATCH_POSTINGS) {
                postings += self.dfs[last] as usize;
                last += 1;
            }
            // where each term of the batch lies in each chunk: (chunk, start, end),
            // grouped by term in one flat list (a counting sort: no list per term)
            let mut offsets = vec![0u32; last - first + 1];
            let mut ends = cursors.clone();
            for (c, chunk) in self.chunks.iter().enumerate() {
                while let Some(&(term, _)) = chunk.runs.get(ends[c]).filter(|r| (r.0 as usize) < last) {
                    offsets[term as usize - first + 1] += 1;
                    ends[c] += 1;
                }
            }
            for i in 1..offsets.len() {
                offsets[i] += offsets[i - 1];
            }
            let mut pieces = vec![(0u32, 0u32, 0u32); offsets[last - first] as usize];
            let mut next = offsets.clone();
            for (c, chunk) in self.chunks.iter().enumerate() {
                for r in cursors[c]..ends[c] {
                    let (term, start) = chunk.runs[r];
                    let end = chunk.runs.get(r + 1).map_or(chunk.docs.len() as u32, |r| r.1);
                    let at = &mut next[term as usize - first];
                    pieces[*at as usize] = (c as u32, start, end);
                    *at += 1;
                }
            }
            cursors = ends;
            let entries: Vec<TermEntry> = (0..last - first)
                .into_par_iter()
                .map(|i| self.entry(first + i, &pieces[offsets[i] as usize..offsets[i + 1] as usize]))
                .collect();
            sink(entries);
            first = last;
        }
    }

    fn entry(&self, term: usize, pieces: &[(u32, u32, u32)]) -> TermEntry {
        let n = self.stats_count;
        let df = f64::from(self.dfs[term]);
        let idf = idf(n, df);
        let variants = self.vocabulary.variants(term);
        let many = variants.len() > 1;
        // chunks in order, documents in order within each: postings come out by document
        let mut postings = Vec::with_capacity(self.dfs[term] as usize);
        for &(c, start, end) in pieces {
            let chunk = &self.chunks[c as usize];
            for i in start as usize..end as usize {
                let w = f64::from(chunk.weights[i]);
                let score = idf * w * (K1 + 1.0) / (w + K1);
                let impact = impact(score * IMPACT_SCALE);
                let mask = if many { chunk.masks[i] } else { 0 };
                postings.push(Posting { doc: chunk.first_doc + u32::from(chunk.docs[i]), impact, mask });
            }
        }
        let text = &self.vocabulary.terms[term];
        let variants = variants.to_vec();
        TermEntry { term: text.clone(), variants, postings }
    }
}

/// `x` rounded half away from zero, in `1..=u16::MAX`: what
/// `x.round().clamp(1.0, 65535.0) as u16` gives, for every `x` but NaN
/// (1 here, 0 there; scores are never NaN), without `round`, a library
/// call on x86-64's baseline (no SSE4.1), once per posting.
fn impact(x: f64) -> u16 {
    // exact for x < 2^53; at and above it x is an integer and the difference 0
    let whole = x as u64;
    let rounded = if x - whole as f64 >= 0.5 { whole.saturating_add(1) } else { whole };
    rounded.clamp(1, u64::from(u16::MAX)) as u16
}

#[cfg(test)]
/// Builds the whole index of `docs` in memory (the writer streams instead).
pub(crate) fn build(docs: &[SearchDoc<'_>]) -> Index {
    let grouped = group(docs);
    let mut terms = Vec::with_capacity(grouped.dfs.len());
    grouped.for_each_batch(|batch| terms.extend(batch));
    Index { doc_count: docs.len(), terms }
}

/// UTF-16 code unit order: the order of JavaScript's `<` on strings, so the
/// script can binary-search the shard boundaries. (It differs from byte
/// order only between U+E000–U+FFFF and characters above U+FFFF.)
pub(crate) fn compare_terms(a: &str, b: &str) -> std::cmp::Ordering {
    if a.bytes().chain(b.bytes()).all(|x| x < 0xee) {
        return a.cmp(b);
    }
    a.encode_utf16().cmp(b.encode_utf16())
}

#[cfg(test)]
mod tests {
    use super::super::docs::Field;
    use super::super::docs::tests_support::doc;
    use super::*;

    fn entry<'a>(index: &'a Index, term: &str) -> &'a TermEntry {
        index.terms.iter().find(|t| t.term == term).unwrap_or_else(|| panic!("no term {term}"))
    }

    #[test]
    fn terms_are_sorted_folded_with_pairs() {
        let index = build(&[doc("Thuê bao", "Điện thoại 12345 tháng 8")]);
        let terms: Vec<&str> = index.terms.iter().map(|t| t.term.as_str()).collect();
        assert_eq!(
            terms,
            ["12345", "8", "bao", "dien", "dien thoai", "thang", "thang 8", "thoai", "thue", "thue bao"],
            "big figures make no pairs"
        );
    }

    #[test]
    fn title_outweighs_body() {
        let index = build(&[doc("Internet", "khác"), doc("Khác", "internet"), doc("Ba", "bốn")]);
        let postings = entry(&index, "internet").ranked();
        assert_eq!(postings[0].doc, 0, "the title match ranks first");
        assert!(2 * postings[0].impact > 3 * postings[1].impact);
    }

    #[test]
    fn a_document_number_outranks_a_mention() {
        let mut numbered = doc("Báo cáo tháng 8", "nội dung");
        numbered.fields.push((Field::Number, "285/BC-STTTT".into()));
        let mention = doc("Báo cáo tháng 9", "Theo báo cáo số 285/BC-STTTT tháng trước");
        let index = build(&[mention, numbered, doc("Khác", "khác")]);
        for term in ["285", "bc", "stttt"] {
            assert_eq!(entry(&index, term).ranked()[0].doc, 1, "{term}");
        }
    }

    #[test]
    fn rarer_terms_weigh_more() {
        let index = build(&[doc("a", "chung riêng"), doc("b", "chung"), doc("c", "chung")]);
        assert!(entry(&index, "rieng").postings[0].impact > entry(&index, "chung").postings[0].impact);
    }

    #[test]
    fn variants_and_masks() {
        let index = build(&[doc("Thuế", ""), doc("Thuê bao", ""), doc("thue", "thuê")]);
        let thue = entry(&index, "thue");
        assert_eq!(thue.variants, ["thue", "thuê", "thuế"]);
        let mask_of = |d: u32| thue.postings.iter().find(|p| p.doc == d).map(|p| p.mask);
        assert_eq!(mask_of(0), Some(0b100));
        assert_eq!(mask_of(1), Some(0b010));
        assert_eq!(mask_of(2), Some(0b011));
        // a single variant equal to the folded term is not stored
        assert!(entry(&index, "bao").variants.is_empty());
    }

    #[test]
    fn longer_bodies_weigh_less() {
        let long = "internet ".to_string() + &"chữ ".repeat(200);
        let index = build(&[doc("x", "internet chữ"), doc("y", &long)]);
        let p = entry(&index, "internet").ranked();
        assert_eq!(p[0].doc, 0);
    }

    #[test]
    fn impacts_round_as_round_does() {
        let cases = [0.0, -3.0, 0.4, 0.5, 0.49999999999999994, 1.5, 2.5, 99.49, 99.5, 65534.5, 65535.4, 1e300, 1e19];
        for x in cases.into_iter().chain((0..100_000).map(|i| f64::from(i) * 0.731_f64.sqrt())) {
            assert_eq!(impact(x), x.round().clamp(1.0, f64::from(u16::MAX)) as u16, "{x}");
        }
    }

    #[test]
    fn empty_input() {
        let index = build(&[]);
        assert_eq!(index.doc_count, 0);
        assert!(index.terms.is_empty());
        let index = build(&[doc("", "")]);
        assert!(index.terms.is_empty());
    }
}
