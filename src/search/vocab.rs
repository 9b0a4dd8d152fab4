//! Phase two of the index build: the chunks' vocabularies merged into one
//! list of terms in output order, each chunk term mapped to its number.
//!
//! An archive can hold millions of distinct terms (figures, names, pairs of
//! syllables), so the merge is made of parallel sorts, not one global map:
//! words are sorted and deduplicated (comparisons mostly settled by an
//! 8-byte prefix key); a pair `a~b` sorts by `a~` then by `b`, so pairs sort
//! as integers once words are ranked both ways; words and pairs are then
//! merged into one order. Exact (diacritic) forms are sorted within their
//! word to give each its variant bit.

use std::cmp::Ordering;
use std::iter::once;
use std::sync::Arc;

use rayon::prelude::*;

use super::analyze::{Chunk, Key, LocalTerm, NO_EXACT};
use super::tokens::{MAX_VARIANTS, PAIR_SEPARATOR};

/// `ChunkMap::bits` of a key that marks no variant.
pub(crate) const NO_BIT: u8 = u8::MAX;

/// (term number, its exact forms), by term number.
type Variants = Vec<(u32, Vec<String>)>;

/// Every term of the archive, in order.
#[derive(Debug, Default)]
pub(crate) struct Vocabulary {
    pub terms: Vec<String>,
    /// The exact forms of the words that have several, or one that is not
    /// the word itself (`Thuê` → `thue`), sorted, at most [`MAX_VARIANTS`].
    variants: Variants,
}

impl Vocabulary {
    /// A term's exact forms (none: the term is its only form).
    pub(crate) fn variants(&self, term: usize) -> &[String] {
        match self.variants.binary_search_by_key(&(term as u32), |v| v.0) {
            Ok(i) => &self.variants[i].1,
            Err(_) => &[],
        }
    }
}

/// A chunk's terms and keys in the merged vocabulary.
#[derive(Debug, Default)]
pub(crate) struct ChunkMap {
    /// Chunk term → term number.
    pub ranks: Vec<u32>,
    /// Key → variant bit, or [`NO_BIT`].
    pub bits: Vec<u8>,
}

/// String order: bytes, or UTF-16 code units (JavaScript's order) when some
/// word has a character above U+DFFF, where the two differ.
#[derive(Clone, Copy)]
struct Order {
    utf16: bool,
}

const SEP: u8 = PAIR_SEPARATOR as u8;

impl Order {
    fn words(self, a: &str, b: &str) -> Ordering {
        if self.utf16 { a.encode_utf16().cmp(b.encode_utf16()) } else { a.cmp(b) }
    }

    /// `a~` against `b~`.
    fn tilde(self, a: &str, b: &str) -> Ordering {
        if self.utf16 {
            let sep = u16::from(SEP);
            a.encode_utf16().chain(once(sep)).cmp(b.encode_utf16().chain(once(sep)))
        } else {
            a.bytes().chain(once(SEP)).cmp(b.bytes().chain(once(SEP)))
        }
    }

    /// A word against the pair `a~b`.
    fn word_pair(self, word: &str, a: &str, b: &str) -> Ordering {
        if self.utf16 {
            let pair = a.encode_utf16().chain(once(u16::from(SEP))).chain(b.encode_utf16());
            word.encode_utf16().cmp(pair)
        } else {
            word.bytes().cmp(a.bytes().chain(once(SEP)).chain(b.bytes()))
        }
    }
}

/// The first 8 bytes, zero-padded, as a number that sorts like the bytes.
fn prefix(bytes: impl Iterator<Item = u8>) -> u64 {
    let mut key = [0u8; 8];
    for (k, b) in key.iter_mut().zip(bytes) {
        *k = b;
    }
    u64::from_be_bytes(key)
}

/// Sorts `(prefix, item)` by the prefix, then by `full` where prefixes tie
/// (by `full` alone in UTF-16 order, where byte prefixes do not apply).
fn sort_by_prefix<T: Send>(items: &mut [(u64, T)], order: Order, full: impl Fn(&T, &T) -> Ordering + Sync) {
    if order.utf16 {
        items.par_sort_unstable_by(|x, y| full(&x.1, &y.1));
    } else {
        items.par_sort_unstable_by(|x, y| x.0.cmp(&y.0).then_with(|| full(&x.1, &y.1)));
    }
}

fn word(chunks: &[Arc<Chunk>], c: u32, l: u32) -> &str {
    match &chunks[c as usize].terms[l as usize] {
        LocalTerm::Word(text) => text,
        LocalTerm::Pair(..) => "",
    }
}

/// Merges the chunks' vocabularies.
pub(crate) fn vocabulary(chunks: &[Arc<Chunk>]) -> (Vocabulary, Vec<ChunkMap>) {
    let order = Order {
        utf16: chunks
            .par_iter()
            .any(|c| c.terms.iter().any(|t| matches!(t, LocalTerm::Word(w) if w.bytes().any(|b| b >= 0xee)))),
    };
    let all: &[Arc<Chunk>] = chunks;
    // words: sorted, deduplicated; `local[c][l]` = word number (pairs: pair number, below)
    let mut occurrences: Vec<(u64, (u32, u32))> = all
        .par_iter()
        .enumerate()
        .flat_map_iter(|(c, chunk)| {
            chunk.terms.iter().enumerate().filter_map(move |(l, t)| match t {
                LocalTerm::Word(w) => Some((prefix(w.bytes()), (c as u32, l as u32))),
                LocalTerm::Pair(..) => None,
            })
        })
        .collect();
    sort_by_prefix(&mut occurrences, order, |x, y| order.words(word(all, x.0, x.1), word(all, y.0, y.1)));
    let mut local: Vec<Vec<u32>> = all.iter().map(|c| vec![0; c.terms.len()]).collect();
    let mut firsts: Vec<(u32, u32)> = Vec::new();
    for (i, &(key, (c, l))) in occurrences.iter().enumerate() {
        let same = i > 0 && occurrences[i - 1].0 == key && {
            let (pc, pl) = occurrences[i - 1].1;
            word(all, pc, pl) == word(all, c, l)
        };
        if !same {
            firsts.push((c, l));
        }
        local[c as usize][l as usize] = firsts.len() as u32 - 1;
    }
    drop(occurrences);
    let words: Vec<&str> = firsts.iter().map(|&(c, l)| word(all, c, l)).collect();
    // pairs: by (rank of `a~`, rank of `b`)
    let mut tilde: Vec<(u64, u32)> = (0..words.len() as u32)
        .into_par_iter()
        .map(|w| (prefix(words[w as usize].bytes().chain(once(SEP))), w))
        .collect();
    sort_by_prefix(&mut tilde, order, |a, b| order.tilde(words[*a as usize], words[*b as usize]));
    let mut tilde_rank = vec![0u32; words.len()];
    for (r, &(_, w)) in tilde.iter().enumerate() {
        tilde_rank[w as usize] = r as u32;
    }
    let mut pair_occurrences: Vec<(u64, u32, u32)> = all
        .par_iter()
        .enumerate()
        .flat_map_iter(|(c, chunk)| {
            let (local, tilde_rank) = (&local[c], &tilde_rank);
            chunk.terms.iter().enumerate().filter_map(move |(l, t)| match t {
                LocalTerm::Pair(a, b) => {
                    let key = u64::from(tilde_rank[local[*a as usize] as usize]) << 32 | u64::from(local[*b as usize]);
                    Some((key, c as u32, l as u32))
                }
                LocalTerm::Word(_) => None,
            })
        })
        .collect();
    pair_occurrences.par_sort_unstable_by_key(|p| p.0);
    let mut pairs: Vec<(u32, u32)> = Vec::new();
    for (i, &(key, c, l)) in pair_occurrences.iter().enumerate() {
        if i == 0 || pair_occurrences[i - 1].0 != key {
            pairs.push((tilde[(key >> 32) as usize].1, key as u32));
        }
        local[c as usize][l as usize] = pairs.len() as u32 - 1;
    }
    drop(pair_occurrences);
    // one order: words and pairs merged (a word never equals a pair: no `~` in words)
    let mut slots: Vec<(bool, u32)> = Vec::with_capacity(words.len() + pairs.len());
    let (mut i, mut j) = (0, 0);
    while i < words.len() || j < pairs.len() {
        let take_word = j == pairs.len()
            || (i < words.len() && {
                let (a, b) = pairs[j];
                order.word_pair(words[i], words[a as usize], words[b as usize]).is_lt()
            });
        if take_word {
            slots.push((true, i as u32));
            i += 1;
        } else {
            slots.push((false, j as u32));
            j += 1;
        }
    }
    let mut word_number = vec![0u32; words.len()];
    let mut pair_number = vec![0u32; pairs.len()];
    for (n, &(is_word, k)) in slots.iter().enumerate() {
        let numbers = if is_word { &mut word_number } else { &mut pair_number };
        numbers[k as usize] = n as u32;
    }
    let terms: Vec<String> = slots
        .par_iter()
        .map(|&(is_word, k)| match is_word {
            true => words[k as usize].to_string(),
            false => {
                let (a, b) = pairs[k as usize];
                format!("{}{PAIR_SEPARATOR}{}", words[a as usize], words[b as usize])
            }
        })
        .collect();
    let (variants, bits) = variants(all, &local, &word_number, &terms);
    let maps = all
        .par_iter()
        .zip(local)
        .zip(bits)
        .map(|((chunk, local), bits)| ChunkMap {
            ranks: chunk
                .terms
                .iter()
                .zip(local)
                .map(|(t, k)| match t {
                    LocalTerm::Word(_) => word_number[k as usize],
                    LocalTerm::Pair(..) => pair_number[k as usize],
                })
                .collect(),
            bits,
        })
        .collect();
    (Vocabulary { terms, variants }, maps)
}

/// Each word's exact forms, sorted (the first [`MAX_VARIANTS`] get a bit),
/// kept only for words whose one form is not the word itself; and per
/// chunk, each key's bit.
fn variants(all: &[Arc<Chunk>], local: &[Vec<u32>], word_number: &[u32], terms: &[String]) -> (Variants, Vec<Vec<u8>>) {
    // words with a form other than themselves: only theirs are listed (most
    // words and every figure have one plain form, and no variants to store)
    let number_of = |c: usize, k: &Key| word_number[local[c][k.term as usize] as usize];
    let mut marked = vec![false; terms.len()];
    let others: Vec<u32> = all
        .par_iter()
        .enumerate()
        .flat_map_iter(|(c, chunk)| {
            chunk.keys.iter().filter(|k| k.exact != NO_EXACT && !k.plain).map(move |k| number_of(c, k))
        })
        .collect();
    for number in others {
        marked[number as usize] = true;
    }
    // (word number, exact form): (chunk, exact index); forms of one word sort by bytes
    let mut forms: Vec<(u64, (u32, u32, u32))> = all
        .par_iter()
        .enumerate()
        .flat_map_iter(|(c, chunk)| {
            let marked = &marked;
            chunk.keys.iter().filter(move |k| k.exact != NO_EXACT && marked[number_of(c, k) as usize]).map(move |k| {
                let number = word_number[local[c][k.term as usize] as usize];
                let start = prefix(chunk.exact[k.exact as usize].bytes()) >> 32;
                (u64::from(number) << 32 | start, (number, c as u32, k.exact))
            })
        })
        .collect();
    let text = |&(_, c, e): &(u32, u32, u32)| all[c as usize].exact[e as usize].as_str();
    sort_by_prefix(&mut forms, Order { utf16: false }, |x, y| text(x).cmp(text(y)));
    let mut variants: Variants = Vec::new();
    let mut exact_bits: Vec<Vec<u8>> = all.iter().map(|c| vec![NO_BIT; c.exact.len()]).collect();
    let mut i = 0;
    while i < forms.len() {
        let number = forms[i].1.0;
        let (mut j, mut bit, mut firsts) = (i, 0usize, Vec::new());
        while let Some(&(key, form)) = forms.get(j).filter(|f| f.1.0 == number) {
            if j > i && (forms[j - 1].0 != key || text(&forms[j - 1].1) != text(&form)) {
                bit += 1;
            }
            if bit < MAX_VARIANTS {
                if firsts.len() == bit {
                    firsts.push(form);
                }
                exact_bits[form.1 as usize][form.2 as usize] = bit as u8;
            }
            j += 1;
        }
        variants.push((number, firsts.iter().map(|f| text(f).to_string()).collect()));
        i = j;
    }
    let bits = all
        .par_iter()
        .zip(exact_bits)
        .map(|(chunk, exact_bits)| {
            chunk.keys.iter().map(|k| if k.exact == NO_EXACT { NO_BIT } else { exact_bits[k.exact as usize] }).collect()
        })
        .collect();
    (variants, bits)
}
