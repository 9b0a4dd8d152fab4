//! Phases two and three of the index build: the chunks' vocabularies merged
//! into one sorted term list, then each chunk's counts turned into weighted
//! postings grouped by term.
//!
//! Terms get their final number (their rank in [`super::index::compare_terms`]
//! order) here, so the postings of every chunk come out in that order and
//! [`super::index`] only concatenates them.

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::analyze::{Chunk, FIELDS, LocalTerm, NO_EXACT, records};
use super::docs::Field;
use super::index::{MAX_VARIANTS, PAIR_SEPARATOR, compare_terms};

/// `ChunkMap::bits` of a key that marks no variant.
const NO_BIT: u8 = u8::MAX;

/// Every term of the archive, in order.
#[derive(Debug, Default)]
pub struct Vocabulary {
    pub terms: Vec<String>,
    /// Per term: its exact forms, sorted, at most [`MAX_VARIANTS`].
    pub variants: Vec<Vec<String>>,
}

/// A chunk's terms and keys in the merged vocabulary.
#[derive(Debug, Default)]
pub struct ChunkMap {
    /// Chunk term → term number.
    pub ranks: Vec<u32>,
    /// Key → variant bit, or [`NO_BIT`].
    pub bits: Vec<u8>,
}

/// One chunk's postings, grouped by term number.
#[derive(Debug, Default)]
pub struct ChunkPostings {
    pub first_doc: u32,
    /// (term number, start in the arrays below), by term number.
    pub runs: Vec<(u32, u32)>,
    /// Document, as an offset from `first_doc`.
    pub docs: Vec<u16>,
    pub masks: Vec<u16>,
    /// Σ field weight × count / length normalization (BM25F's weighted frequency).
    pub weights: Vec<f32>,
}

enum GlobalTerm {
    Word(String),
    Pair(u32, u32),
}

/// Merges the chunks' vocabularies (taking their strings).
pub fn vocabulary(chunks: &mut [Chunk]) -> (Vocabulary, Vec<ChunkMap>) {
    let mut words: FxHashMap<String, u32> = FxHashMap::default();
    let mut pairs: FxHashMap<(u32, u32), u32> = FxHashMap::default();
    let mut exact: FxHashMap<String, u32> = FxHashMap::default();
    let mut terms: Vec<GlobalTerm> = Vec::new();
    let mut exact_term: Vec<u32> = Vec::new();
    let mut exact_text: Vec<String> = Vec::new();
    let mut locals: Vec<(Vec<u32>, Vec<u32>)> = Vec::with_capacity(chunks.len());
    for chunk in chunks.iter_mut() {
        let mut term_ids = Vec::with_capacity(chunk.terms.len());
        for term in std::mem::take(&mut chunk.terms) {
            let key = match term {
                LocalTerm::Word(text) => match words.get(&text) {
                    Some(&id) => id,
                    None => {
                        let id = terms.len() as u32;
                        words.insert(text.clone(), id);
                        terms.push(GlobalTerm::Word(text));
                        id
                    }
                },
                LocalTerm::Pair(a, b) => {
                    let pair = (term_ids[a as usize], term_ids[b as usize]);
                    *pairs.entry(pair).or_insert_with(|| {
                        terms.push(GlobalTerm::Pair(pair.0, pair.1));
                        terms.len() as u32 - 1
                    })
                }
            };
            term_ids.push(key);
        }
        let mut local_exact_term = vec![0u32; chunk.exact.len()];
        for key in &chunk.keys {
            if key.exact != NO_EXACT {
                local_exact_term[key.exact as usize] = term_ids[key.term as usize];
            }
        }
        let mut exact_ids = Vec::with_capacity(chunk.exact.len());
        for (form, term) in std::mem::take(&mut chunk.exact).into_iter().zip(local_exact_term) {
            let id = *exact.entry(form).or_insert_with_key(|form| {
                exact_text.push(form.clone());
                exact_term.push(term);
                exact_text.len() as u32 - 1
            });
            exact_ids.push(id);
        }
        locals.push((term_ids, exact_ids));
    }
    drop((words, pairs, exact));
    let texts: Vec<String> = terms
        .iter()
        .map(|t| match t {
            GlobalTerm::Word(text) => text.clone(),
            GlobalTerm::Pair(a, b) => format!("{}{PAIR_SEPARATOR}{}", word(&terms, *a), word(&terms, *b)),
        })
        .collect();
    let mut order: Vec<u32> = (0..texts.len() as u32).collect();
    order.par_sort_unstable_by(|a, b| compare_terms(&texts[*a as usize], &texts[*b as usize]));
    let mut rank = vec![0u32; texts.len()];
    for (r, id) in order.iter().enumerate() {
        rank[*id as usize] = r as u32;
    }
    // variants: each term's exact forms, sorted; the first MAX_VARIANTS get a bit
    let mut forms_of: Vec<Vec<u32>> = vec![Vec::new(); texts.len()];
    for (id, term) in exact_term.iter().enumerate() {
        forms_of[rank[*term as usize] as usize].push(id as u32);
    }
    let mut bit_of = vec![NO_BIT; exact_text.len()];
    let mut variants = Vec::with_capacity(texts.len());
    for forms in &mut forms_of {
        forms.sort_unstable_by(|a, b| exact_text[*a as usize].cmp(&exact_text[*b as usize]));
        forms.truncate(MAX_VARIANTS);
        for (bit, id) in forms.iter().enumerate() {
            bit_of[*id as usize] = bit as u8;
        }
        variants.push(forms.iter().map(|id| exact_text[*id as usize].clone()).collect());
    }
    let mut sorted_texts: Vec<String> = vec![String::new(); texts.len()];
    for (id, text) in texts.into_iter().enumerate() {
        sorted_texts[rank[id] as usize] = text;
    }
    let maps = chunks
        .iter()
        .zip(locals)
        .map(|(chunk, (term_ids, exact_ids))| ChunkMap {
            ranks: term_ids.iter().map(|id| rank[*id as usize]).collect(),
            bits: chunk
                .keys
                .iter()
                .map(|k| if k.exact == NO_EXACT { NO_BIT } else { bit_of[exact_ids[k.exact as usize] as usize] })
                .collect(),
        })
        .collect();
    (Vocabulary { terms: sorted_texts, variants }, maps)
}

fn word(terms: &[GlobalTerm], id: u32) -> &str {
    match &terms[id as usize] {
        GlobalTerm::Word(text) => text,
        GlobalTerm::Pair(..) => "",
    }
}

/// Mean tokens per field over every document.
pub fn average_lengths(chunks: &[Chunk], doc_count: usize) -> [f64; FIELDS] {
    let mut avg = [0f64; FIELDS];
    for lengths in chunks.iter().flat_map(|c| &c.lengths) {
        for (a, l) in avg.iter_mut().zip(lengths) {
            *a += f64::from(*l);
        }
    }
    avg.map(|a| if doc_count == 0 { 0.0 } else { a / doc_count as f64 })
}

/// BM25F's weighted term frequency: field weights, length normalization.
pub fn weighted(tf: &[u16; FIELDS], lengths: &[u32; FIELDS], avg: &[f64; FIELDS]) -> f64 {
    let mut weighted = 0.0;
    for field in Field::ALL {
        let f = field as usize;
        if tf[f] == 0 {
            continue;
        }
        let b = field.b();
        let norm = if avg[f] > 0.0 { 1.0 - b + b * f64::from(lengths[f]) / avg[f] } else { 1.0 };
        weighted += field.weight() * f64::from(tf[f]) / norm.max(0.05);
    }
    weighted
}

/// Reusable per-thread buffers of [`postings`], indexed by chunk term.
#[derive(Default)]
pub struct Scratch {
    stamp: Vec<u32>,
    tf: Vec<[u16; FIELDS]>,
    mask: Vec<u16>,
    touched: Vec<u32>,
}

/// A chunk's weighted postings, grouped by term number (consumes the chunk).
pub fn postings(chunk: Chunk, map: &ChunkMap, avg: &[f64; FIELDS], scratch: &mut Scratch) -> ChunkPostings {
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
        for &term in &scratch.touched {
            let t = term as usize;
            let w = weighted(&scratch.tf[t], &chunk.lengths[d], avg) as f32;
            emitted.push((term, d as u16, scratch.mask[t], w));
        }
        start = end as usize;
    }
    group_by_term(chunk.first_doc, emitted, &map.ranks)
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
