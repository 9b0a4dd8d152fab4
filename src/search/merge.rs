//! Phase three of the index build: each chunk's counts turned into BM25F
//! weighted frequencies, grouped by term number.
//!
//! Terms have their final number (their place in the output) from
//! [`super::vocab`], so the postings of every chunk come out in that order
//! and [`super::index`] only concatenates them.

use super::analyze::{Chunk, FIELDS, records};
use super::docs::Field;
use super::vocab::{ChunkMap, NO_BIT};

/// One chunk's postings, grouped by term number.
#[derive(Debug, Default)]
pub(crate) struct ChunkPostings {
    pub first_doc: u32,
    /// (term number, start in the arrays below), by term number.
    pub runs: Vec<(u32, u32)>,
    /// Document, as an offset from `first_doc`.
    pub docs: Vec<u16>,
    pub masks: Vec<u16>,
    /// Σ field weight × count / length normalization (BM25F's weighted frequency).
    pub weights: Vec<f32>,
}

/// Mean tokens per field over every document.
pub(crate) fn average_lengths(chunks: &[std::sync::Arc<Chunk>], doc_count: usize) -> [f64; FIELDS] {
    let mut avg = [0f64; FIELDS];
    for lengths in chunks.iter().flat_map(|c| &c.lengths) {
        for (a, l) in avg.iter_mut().zip(lengths) {
            *a += f64::from(*l);
        }
    }
    avg.map(|a| if doc_count == 0 { 0.0 } else { a / doc_count as f64 })
}

#[cfg(test)]
/// BM25F's weighted term frequency: field weights, length normalization.
pub(crate) fn weighted(tf: &[u16; FIELDS], lengths: &[u32; FIELDS], avg: &[f64; FIELDS]) -> f64 {
    weighted_by(tf, &norms(lengths, avg))
}

/// A document's length normalization of each field (the divisors of [`weighted_by`]).
pub(crate) fn norms(lengths: &[u32; FIELDS], avg: &[f64; FIELDS]) -> [f64; FIELDS] {
    Field::ALL.map(|field| {
        let f = field as usize;
        let b = field.b();
        let norm = if avg[f] > 0.0 { 1.0 - b + b * f64::from(lengths[f]) / avg[f] } else { 1.0 };
        norm.max(0.05)
    })
}

/// [`weighted`] with the document's [`norms`] computed once for all its terms.
pub(crate) fn weighted_by(tf: &[u16; FIELDS], norms: &[f64; FIELDS]) -> f64 {
    let mut weighted = 0.0;
    for field in Field::ALL {
        let f = field as usize;
        if tf[f] == 0 {
            continue;
        }
        weighted += field.weight() * f64::from(tf[f]) / norms[f];
    }
    weighted
}

/// Reusable per-thread buffers of [`postings`], indexed by chunk term.
#[derive(Default)]
pub(crate) struct Scratch {
    stamp: Vec<u32>,
    tf: Vec<[u16; FIELDS]>,
    mask: Vec<u16>,
    touched: Vec<u32>,
}

/// A chunk's weighted postings, grouped by term number; its first document is `first_doc`.
pub(crate) fn postings(
    chunk: &Chunk,
    first_doc: u32,
    map: &ChunkMap,
    avg: &[f64; FIELDS],
    scratch: &mut Scratch,
) -> ChunkPostings {
    let local_terms = map.ranks.len();
    scratch.stamp.clear();
    scratch.stamp.resize(local_terms, u32::MAX);
    scratch.tf.resize(local_terms, [0; FIELDS]);
    scratch.mask.resize(local_terms, 0);
    let mut emitted: Vec<(u32, u16, u16, f32)> = Vec::with_capacity(chunk.records.len());
    let mut start = 0usize;
    for (d, &end) in chunk.doc_ends.iter().enumerate() {
        scratch.touched.clear();
        for (key, field, count) in records(&chunk.records[start..end as usize]) {
            let term = chunk.keys[key as usize].term as usize;
            if scratch.stamp[term] != d as u32 {
                scratch.stamp[term] = d as u32;
                scratch.tf[term] = [0; FIELDS];
                scratch.mask[term] = 0;
                scratch.touched.push(term as u32);
            }
            let tf = &mut scratch.tf[term][field];
            *tf = tf.saturating_add(count as u16);
            let bit = map.bits[key as usize];
            if bit != NO_BIT {
                scratch.mask[term] |= 1 << bit;
            }
        }
        let norms = norms(&chunk.lengths[d], avg);
        for &term in &scratch.touched {
            let t = term as usize;
            let w = weighted_by(&scratch.tf[t], &norms) as f32;
            emitted.push((term, d as u16, scratch.mask[t], w));
        }
        start = end as usize;
    }
    group_by_term(first_doc, emitted, &map.ranks)
}

/// Counting sort of a chunk's postings by chunk term, laid out in term-number order.
fn group_by_term(first_doc: u32, emitted: Vec<(u32, u16, u16, f32)>, ranks: &[u32]) -> ChunkPostings {
    let mut counts = vec![0u32; ranks.len()];
    for e in &emitted {
        counts[e.0 as usize] += 1;
    }
    let mut present: Vec<u32> = (0..ranks.len() as u32).filter(|t| counts[*t as usize] > 0).collect();
    present.sort_unstable_by_key(|t| ranks[*t as usize]);
    let mut next = vec![0u32; ranks.len()];
    let mut runs = Vec::with_capacity(present.len());
    let mut offset = 0u32;
    for &t in &present {
        runs.push((ranks[t as usize], offset));
        next[t as usize] = offset;
        offset += counts[t as usize];
    }
    let n = emitted.len();
    let mut out = ChunkPostings { first_doc, runs, docs: vec![0; n], masks: vec![0; n], weights: vec![0.0; n] };
    for (term, doc, mask, w) in emitted {
        let at = &mut next[term as usize];
        let i = *at as usize;
        *at += 1;
        (out.docs[i], out.masks[i], out.weights[i]) = (doc, mask, w);
    }
    out
}
