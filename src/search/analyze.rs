//! Phase one of the index build: a chunk of documents tokenized once into a
//! chunk-local vocabulary and, per document, counts of (key, field).
//!
//! A chunk shares nothing with other chunks, so chunks run in parallel;
//! [`super::index`] merges their vocabularies. Each distinct raw token is
//! folded once per chunk (a hash lookup of the slice afterwards), tokens are
//! never copied, and counts are kept with a stamp per key instead of a map
//! per document.

use std::borrow::Cow;

use rustc_hash::FxHashMap;
use unicode_normalization::UnicodeNormalization;

use super::docs::SearchDoc;
use super::tokens::{self, is_nfc};

pub(crate) use super::docs::FIELDS;
/// `Key::exact` of keys that are not a word's exact form.
pub(crate) const NO_EXACT: u32 = u32::MAX;
/// Raw tokens that are not indexed map to this.
const DROPPED: u32 = u32::MAX;
/// A record's key when the key itself follows, in the next word.
pub(crate) const WIDE_KEY: u32 = (1 << 23) - 1;
/// A record counts at most this many; more start another record.
const MAX_COUNT: u32 = 63;

/// A term of one chunk: a folded word (or a synthetic term), or a pair of
/// two of the chunk's words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LocalTerm {
    Word(String),
    Pair(u32, u32),
}

/// What a record counts: a chunk term and, for a word, the exact form seen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Key {
    pub term: u32,
    /// Index in [`Chunk::exact`], or [`NO_EXACT`].
    pub exact: u32,
    /// The exact form is the folded word itself (`bao`, `2014`).
    pub plain: bool,
}

/// The analysis of consecutive documents (wherever they are: the first's
/// id is not part of it, so a block analyzed once serves at any place,
/// see [`super::cache`]).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Chunk {
    pub terms: Vec<LocalTerm>,
    pub exact: Vec<String>,
    pub keys: Vec<Key>,
    /// Per document: the end of its records.
    pub doc_ends: Vec<u32>,
    /// Per document: tokens per field.
    pub lengths: Vec<[u32; FIELDS]>,
    /// `key << 9 | field << 6 | count` (a key of [`WIDE_KEY`] or more is
    /// written as that, then alone in the next word), a document's after
    /// the previous one's. Four bytes a record: the build's largest buffer.
    pub records: Vec<u32>,
}

/// Unpacks records: (key, field, count).
pub(crate) fn records(words: &[u32]) -> impl Iterator<Item = (u32, usize, u32)> + '_ {
    let mut i = 0;
    std::iter::from_fn(move || {
        let word = *words.get(i)?;
        let mut key = word >> 9;
        i += 1;
        if key == WIDE_KEY {
            key = *words.get(i)?;
            i += 1;
        }
        Some((key, ((word >> 6) & 7) as usize, word & MAX_COUNT))
    })
}

struct Analyzer<'a> {
    chunk: Chunk,
    raw: FxHashMap<Cow<'a, str>, u32>,
    words: FxHashMap<String, u32>,
    exact_keys: FxHashMap<String, u32>,
    bare_keys: FxHashMap<u32, u32>,
    pair_keys: FxHashMap<(u32, u32), u32>,
    pairable: Vec<bool>,
    /// Per key: the text pass of its current record, and where that record is.
    stamp: Vec<u32>,
    slot: Vec<u32>,
    pass: u32,
    lengths: [u32; FIELDS],
}

/// The maps and buffers of [`analyze_with`], kept from one block to the
/// next (one per thread): they keep their capacity, so a block does not
/// grow them again from nothing (each growth is a fresh allocation, and
/// fresh memory costs the kernel's zeroing of its pages).
#[derive(Default)]
pub(crate) struct Scratch<'a> {
    raw: FxHashMap<Cow<'a, str>, u32>,
    words: FxHashMap<String, u32>,
    exact_keys: FxHashMap<String, u32>,
    bare_keys: FxHashMap<u32, u32>,
    pair_keys: FxHashMap<(u32, u32), u32>,
    pairable: Vec<bool>,
    stamp: Vec<u32>,
    slot: Vec<u32>,
    /// The records as they are made; the chunk gets a copy of its exact size.
    records: Vec<u32>,
}

#[cfg(test)]
/// Analyzes `docs`.
pub(crate) fn analyze(docs: &[SearchDoc<'_>]) -> Chunk {
    analyze_with(docs, &mut Scratch::default())
}

/// [`analyze`] with the buffers of `scratch` (what they held does not
/// matter: they are cleared first).
pub(crate) fn analyze_with<'a>(docs: &[SearchDoc<'a>], scratch: &mut Scratch<'a>) -> Chunk {
    let mut s = std::mem::take(scratch);
    s.raw.clear();
    s.words.clear();
    s.exact_keys.clear();
    s.bare_keys.clear();
    s.pair_keys.clear();
    s.pairable.clear();
    s.stamp.clear();
    s.slot.clear();
    s.records.clear();
    let mut a = Analyzer {
        chunk: Chunk { records: s.records, ..Chunk::default() },
        raw: s.raw,
        words: s.words,
        exact_keys: s.exact_keys,
        bare_keys: s.bare_keys,
        pair_keys: s.pair_keys,
        pairable: s.pairable,
        stamp: s.stamp,
        slot: s.slot,
        pass: 0,
        lengths: [0; FIELDS],
    };
    for doc in docs {
        a.lengths = [0; FIELDS];
        for (field, text) in &doc.fields {
            let borrowed = match text {
                Cow::Borrowed(text) => Some(*text),
                Cow::Owned(_) => None,
            };
            // the body: checked once, when its passages were made
            let body = doc.passages.text;
            let nfc = doc.passages.nfc && text.as_ptr() == body.as_ptr() && text.len() == body.len();
            a.add_text(*field as usize, text, borrowed, nfc);
        }
        a.pass += 1;
        for (field, term) in &doc.terms {
            let key = a.bare_key(term);
            a.bump(key, *field as usize);
            a.lengths[*field as usize] += 1;
        }
        a.chunk.doc_ends.push(a.chunk.records.len() as u32);
        a.chunk.lengths.push(a.lengths);
    }
    let (chunk, back) = a.finish();
    *scratch = back;
    chunk
}

impl<'a> Analyzer<'a> {
    /// The chunk, its words and exact forms moved out of the maps that
    /// found them; and the buffers, for the next block.
    fn finish(mut self) -> (Chunk, Scratch<'a>) {
        for (form, key) in self.exact_keys.drain() {
            let exact = self.chunk.keys[key as usize].exact as usize;
            self.chunk.exact[exact] = form;
        }
        for (word, term) in self.words.drain() {
            self.chunk.terms[term as usize] = LocalTerm::Word(word);
        }
        let exact_size = self.chunk.records.as_slice().to_vec();
        let records = std::mem::replace(&mut self.chunk.records, exact_size);
        let scratch = Scratch {
            raw: self.raw,
            words: self.words,
            exact_keys: self.exact_keys,
            bare_keys: self.bare_keys,
            pair_keys: self.pair_keys,
            pairable: self.pairable,
            stamp: self.stamp,
            slot: self.slot,
            records,
        };
        (self.chunk, scratch)
    }

    /// A field's text; `borrowed` is the same text when it outlives the
    /// analysis (then the raw-token cache keeps slices of it, not copies).
    fn add_text(&mut self, field: usize, text: &str, borrowed: Option<&'a str>, nfc: bool) {
        self.pass += 1;
        let mut previous = None;
        let nfc = nfc || is_nfc(text);
        match borrowed {
            Some(text) if nfc => {
                tokens::scan(text, |raw, sep| self.word(field, raw, sep, Some(raw), &mut previous));
            }
            _ if nfc => tokens::scan(text, |raw, sep| self.word(field, raw, sep, None, &mut previous)),
            _ => {
                let normalized: String = text.nfc().collect();
                tokens::scan(&normalized, |raw, sep| self.word(field, raw, sep, None, &mut previous));
            }
        }
    }

    /// One raw token: its key counted, and the pair it makes with the previous word.
    fn word(&mut self, field: usize, raw: &str, sep: bool, borrowed: Option<&'a str>, previous: &mut Option<u32>) {
        let key = match self.raw.get(raw) {
            Some(&key) => key,
            None => {
                let key = self.key_of_raw(raw, sep);
                let name = borrowed.map_or_else(|| Cow::Owned(raw.to_string()), Cow::Borrowed);
                self.raw.insert(name, key);
                key
            }
        };
        if key == DROPPED {
            return;
        }
        self.lengths[field] += 1;
        self.bump(key, field);
        let term = self.chunk.keys[key as usize].term;
        if let Some(before) = previous.replace(term)
            && self.pairable[before as usize]
            && self.pairable[term as usize]
        {
            let pair = match self.pair_keys.get(&(before, term)) {
                Some(&pair) => pair,
                None => {
                    let local = self.new_term(LocalTerm::Pair(before, term), false);
                    let pair = self.new_key(Key { term: local, exact: NO_EXACT, plain: true });
                    self.pair_keys.insert((before, term), pair);
                    pair
                }
            };
            self.bump(pair, field);
        }
    }

    fn key_of_raw(&mut self, raw: &str, sep: bool) -> u32 {
        let Some(token) = tokens::forms(raw, sep) else { return DROPPED };
        if let Some(&key) = self.exact_keys.get(&token.exact) {
            return key;
        }
        let plain = token.exact == token.folded;
        let term = self.word_term(token.folded);
        let key = self.new_key(Key { term, exact: self.chunk.exact.len() as u32, plain });
        self.chunk.exact.push(String::new()); // filled from `exact_keys` at the end
        self.exact_keys.insert(token.exact, key);
        key
    }

    fn word_term(&mut self, folded: String) -> u32 {
        if let Some(&term) = self.words.get(&folded) {
            return term;
        }
        let pairable = tokens::pairable(&folded);
        let term = self.new_term(LocalTerm::Word(String::new()), pairable); // filled from `words` at the end
        self.words.insert(folded, term);
        term
    }

    fn bare_key(&mut self, text: &str) -> u32 {
        let term = self.word_term(text.to_string());
        if let Some(&key) = self.bare_keys.get(&term) {
            return key;
        }
        let key = self.new_key(Key { term, exact: NO_EXACT, plain: true });
        self.bare_keys.insert(term, key);
        key
    }

    fn new_term(&mut self, term: LocalTerm, pairable: bool) -> u32 {
        self.chunk.terms.push(term);
        self.pairable.push(pairable);
        (self.chunk.terms.len() - 1) as u32
    }

    fn new_key(&mut self, key: Key) -> u32 {
        self.chunk.keys.push(key);
        self.stamp.push(u32::MAX);
        self.slot.push(0);
        (self.chunk.keys.len() - 1) as u32
    }

    /// Counts one occurrence of `key` in `field` (records are per text pass).
    fn bump(&mut self, key: u32, field: usize) {
        let k = key as usize;
        if self.stamp[k] == self.pass {
            let record = &mut self.chunk.records[self.slot[k] as usize];
            if *record & MAX_COUNT < MAX_COUNT {
                *record += 1;
                return;
            }
        }
        self.stamp[k] = self.pass;
        self.slot[k] = self.chunk.records.len() as u32;
        let field = (field as u32) << 6 | 1;
        if key < WIDE_KEY {
            self.chunk.records.push(key << 9 | field);
        } else {
            self.chunk.records.extend([WIDE_KEY << 9 | field, key]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::docs::Field;
    use super::super::docs::tests_support::doc;
    use super::*;

    #[test]
    fn counts_per_document_and_field() {
        let docs = [doc("Thuê bao", "thuê bao THUÊ"), doc("Khác", "thuế")];
        let chunk = analyze(&docs);
        assert_eq!(chunk.doc_ends.len(), 2);
        assert_eq!(chunk.lengths[0][Field::Title as usize], 2);
        assert_eq!(chunk.lengths[0][Field::Body as usize], 3);
        let words: Vec<&LocalTerm> = chunk.terms.iter().filter(|t| matches!(t, LocalTerm::Word(_))).collect();
        assert_eq!(
            words,
            [&LocalTerm::Word("thue".into()), &LocalTerm::Word("bao".into()), &LocalTerm::Word("khac".into())]
        );
        assert_eq!(chunk.exact, ["thuê", "bao", "khác", "thuế"]);
        // the body's "thuê" is counted twice in one record
        let first: Vec<(u32, usize, u32)> = records(&chunk.records[..chunk.doc_ends[0] as usize]).collect();
        assert!(first.contains(&(0, Field::Body as usize, 2)), "{first:?}");
    }

    #[test]
    fn large_counts_and_wide_keys_are_exact() {
        let chunk = analyze(&[doc("", &"thuê ".repeat(200))]);
        let thue: u32 = records(&chunk.records).filter(|r| r.0 == 0).map(|r| r.2).sum();
        assert_eq!(thue, 200);
        let words = [WIDE_KEY << 9 | 5 << 6 | 7, 1 << 30, 3 << 9 | 1 << 6 | 2];
        assert_eq!(records(&words).collect::<Vec<_>>(), [(1 << 30, 5, 7), (3, 1, 2)]);
    }

    #[test]
    fn dropped_tokens_do_not_break_pairs() {
        let long = "x".repeat(tokens::MAX_TOKEN_CHARS + 1);
        let chunk = analyze(&[doc("", &format!("a {long} b"))]);
        assert!(chunk.terms.contains(&LocalTerm::Pair(0, 1)));
    }
}
