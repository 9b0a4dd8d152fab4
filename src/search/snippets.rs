//! Snippets from the passage that matched: for a term and one of its best
//! documents, the words around the term's first occurrence in the body,
//! within its paragraph, and the anchor of the heading above it.
//!
//! The index writer ([`super::shards`]) asks for the snippets of every
//! term's best documents (those whose cards its shard carries); each body
//! is scanned once for all the terms that want it. A pair term (`thue bao`)
//! matches its two words side by side, so a two-word query's snippet shows
//! them together. Pure: text in, snippets out.

use rustc_hash::FxHashMap;

use super::docs::Passages;
use super::tokens::{self, PAIR_SEPARATOR};

/// Longest snippet, in characters (the script shows about 220).
pub(crate) const SNIPPET_CHARS: usize = 200;
/// Characters kept before the match when the paragraph is longer.
const BEFORE_CHARS: usize = 60;

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Snippet {
    /// The heading anchor of the section ("" before the first heading).
    pub anchor: String,
    /// Part of one paragraph, `…` where it was cut.
    pub text: String,
}

/// A folded term as the words it matches: one, or the two of a pair.
fn words_of(term: &str) -> (&str, Option<&str>) {
    match term.split_once(PAIR_SEPARATOR) {
        Some((a, b)) => (a, Some(b)),
        None => (term, None),
    }
}

/// Per thread: raw token → the number of its folded form, and folded form →
/// number (the vocabulary is shared by most bodies, so each distinct token
/// is folded about once, and a body's tokens are compared as numbers).
#[derive(Default)]
pub(crate) struct FoldCache {
    raw: FxHashMap<String, u32>,
    folded: FxHashMap<String, u32>,
    /// Times the cache was emptied (numbers change then).
    epoch: u32,
    /// Per number: `stamp` when a term wanted by the current [`find`]
    /// ends with that word (most tokens of a body are wanted by none).
    marks: Vec<u32>,
    stamp: u32,
}

/// The number of tokens that are not indexed.
const NONE: u32 = u32::MAX;

impl FoldCache {
    fn of_raw(&mut self, raw: &str, sep: bool) -> u32 {
        if let Some(&id) = self.raw.get(raw) {
            return id;
        }
        if self.raw.len() > 200_000 {
            self.raw.clear();
            self.folded.clear();
            self.epoch += 1;
        }
        let id = tokens::forms(raw, sep).map_or(NONE, |t| self.of_folded(&t.folded));
        self.raw.insert(raw.to_string(), id);
        id
    }

    fn of_folded(&mut self, folded: &str) -> u32 {
        if let Some(&id) = self.folded.get(folded) {
            return id;
        }
        let id = self.folded.len() as u32;
        self.folded.insert(folded.to_string(), id);
        id
    }

    /// The wanted terms (numbered words, [`NONE`] as the second of a
    /// single word) by the number of their last word, marked in `marks`.
    fn by_last(&mut self, wanted: &[(u32, u32)]) -> Vec<(u32, u32)> {
        let mut by_last: Vec<(u32, u32)> =
            wanted.iter().enumerate().map(|(i, &(a, b))| (if b == NONE { a } else { b }, i as u32)).collect();
        by_last.sort_unstable();
        self.stamp = self.stamp.wrapping_add(1);
        if self.stamp == 0 {
            // a stamp of 0 marks nothing: start afresh
            self.marks.iter_mut().for_each(|m| *m = 0);
            self.stamp = 1;
        }
        for &(last, _) in &by_last {
            let at = last as usize;
            if self.marks.len() <= at {
                self.marks.resize(at + 1, 0);
            }
            self.marks[at] = self.stamp;
        }
        by_last
    }
}

/// The snippet of each term in `terms` (folded words or pairs) in one body,
/// `None` where the body does not hold it.
pub(crate) fn find(passages: &Passages<'_>, terms: &[&str], cache: &mut FoldCache) -> Vec<Option<Snippet>> {
    let mut found: Vec<Option<(usize, usize)>> = vec![None; terms.len()];
    let mut left = terms.len();
    let text = passages.text;
    if left == 0 || text.is_empty() {
        return vec![None; terms.len()];
    }
    let normalized;
    let text = if passages.nfc || tokens::is_nfc(text) {
        text
    } else {
        use unicode_normalization::UnicodeNormalization;
        normalized = text.nfc().collect::<String>();
        normalized.as_str()
    };
    // (first word, second word or NONE) per term, and the terms by their last word
    type Numbered = (Vec<(u32, u32)>, Vec<(u32, u32)>);
    let number = |cache: &mut FoldCache| -> Numbered {
        let wanted: Vec<(u32, u32)> = terms
            .iter()
            .map(|t| {
                let (a, b) = words_of(t);
                (cache.of_folded(a), b.map_or(NONE, |b| cache.of_folded(b)))
            })
            .collect();
        let by_last = cache.by_last(&wanted);
        (wanted, by_last)
    };
    let (mut wanted, mut by_last) = number(cache);
    let mut epoch = cache.epoch;
    let mut previous: Option<(u32, usize)> = None;
    let base = text.as_ptr() as usize;
    tokens::scan(text, |raw, sep| {
        if left == 0 {
            return;
        }
        let start = raw.as_ptr() as usize - base;
        let end = start + raw.len();
        let id = cache.of_raw(raw, sep);
        if cache.epoch != epoch {
            // the cache was emptied: numbers changed
            // the token's own number is already in the new numbering
            ((wanted, by_last), epoch, previous) = (number(cache), cache.epoch, None);
        }
        if id == NONE {
            return;
        }
        if cache.marks.get(id as usize) == Some(&cache.stamp) {
            let from = by_last.partition_point(|e| e.0 < id);
            for &(_, i) in by_last[from..].iter().take_while(|e| e.0 == id) {
                let i = i as usize;
                if found[i].is_some() {
                    continue;
                }
                let (a, b) = wanted[i];
                let hit = if b == NONE { Some(start) } else { previous.filter(|(p, _)| *p == a).map(|(_, s)| s) };
                if let Some(s) = hit {
                    found[i] = Some((s, end));
                    left -= 1;
                }
            }
        }
        previous = Some((id, start));
    });
    found.into_iter().map(|at| at.map(|(s, e)| cut(text, passages, s, e))).collect()
}

/// The paragraph (line) around `start..end`, cut to [`SNIPPET_CHARS`] on word boundaries.
fn cut(text: &str, passages: &Passages<'_>, start: usize, end: usize) -> Snippet {
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[end..].find('\n').map_or(text.len(), |i| end + i);
    let line = &text[line_start..line_end];
    let (s, e) = (start - line_start, end - line_start);
    // at most BEFORE_CHARS characters before the match
    let from = line[..s].char_indices().rev().take(BEFORE_CHARS).last().map_or(s, |(i, _)| i);
    let mut from = from;
    if from > 0 {
        // start after a space, so no word is cut
        from =
            line[from..s].char_indices().find(|(_, c)| c.is_whitespace()).map_or(s, |(i, c)| from + i + c.len_utf8());
    }
    let mut to = line.len();
    let budget = SNIPPET_CHARS.saturating_sub(line[from..e].chars().count());
    if let Some((i, _)) = line[e..].char_indices().nth(budget) {
        to = line[e..e + i].rfind(char::is_whitespace).map_or(e + i, |w| e + w);
    }
    let mut out = String::with_capacity(to - from + 8);
    if from > 0 {
        out.push_str("… ");
    }
    out.push_str(line[from..to].trim());
    if to < line.len() {
        out.push_str(" …");
    }
    // the anchor of the original text: the offsets agree unless the body was not NFC
    let anchor = if std::ptr::eq(text, passages.text) { passages.anchor_at(start) } else { "" };
    Snippet { anchor: anchor.to_string(), text: out }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn passages(text: &str) -> Passages<'_> {
        let sections = text.match_indices("## ").map(|(i, _)| (i, if i == 0 { "mot" } else { "hai" })).collect();
        Passages { text, sections, nfc: false }
    }

    #[test]
    fn words_and_pairs_find_their_passage() {
        let text = "## Một\nBáo cáo tháng này.\n## Hai\nSố thuê bao tăng. Dịch Ebola được phòng chống.";
        let p = passages(text);
        let mut cache = FoldCache::default();
        let got = find(&p, &["ebola", "thue bao", "bao", "khong"], &mut cache);
        assert_eq!(
            got[0].as_ref().map(|s| (s.anchor.as_str(), s.text.as_str())),
            Some(("hai", "Số thuê bao tăng. Dịch Ebola được phòng chống."))
        );
        assert_eq!(got[1].as_ref().map(|s| s.anchor.as_str()), Some("hai"), "the pair is the words side by side");
        assert_eq!(got[2].as_ref().map(|s| (s.anchor.as_str(), s.text.as_str())), Some(("mot", "Báo cáo tháng này.")));
        assert_eq!(got[3], None);
    }

    #[test]
    fn an_emptied_cache_renumbers() {
        let mut cache = FoldCache::default();
        // fill the cache up to its limit with other tokens
        let filler: String = (0..200_001).map(|i| format!("w{i} ")).collect();
        let p = Passages { text: &filler, sections: Vec::new(), nfc: false };
        assert_eq!(find(&p, &["zzz"], &mut cache), [None]);
        let text = format!("{} Thuê bao Ebola", "x ".repeat(3));
        let p = Passages { text: &text, sections: Vec::new(), nfc: false };
        let got = find(&p, &["ebola", "thue bao"], &mut cache);
        assert!(got.iter().all(Option::is_some), "{got:?}");
    }

    #[test]
    fn long_paragraphs_are_cut_around_the_match() {
        let before = "chữ ".repeat(60);
        let after = "sau ".repeat(100);
        let text = format!("{before}Ebola {after}");
        let p = Passages { text: &text, sections: Vec::new(), nfc: false };
        let got = find(&p, &["ebola"], &mut FoldCache::default()).remove(0).map(|s| s.text).unwrap_or_default();
        assert!(got.starts_with("… chữ"), "{got}");
        assert!(got.ends_with("sau …"), "{got}");
        assert!(got.contains("Ebola"));
        assert!(got.chars().count() <= SNIPPET_CHARS + 4, "{}", got.chars().count());
        // no word is cut
        assert!(got.split_whitespace().all(|w| ["…", "chữ", "Ebola", "sau"].contains(&w)), "{got}");
    }
}
