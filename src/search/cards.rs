//! What a result shows, as index data: cards (in their own files, and copied
//! into term shards for the best documents of common terms) and the
//! per-document publisher and year that results are narrowed by.
//!
//! ```text
//! d/<j>.json   [[kind, title, period, number, path, snippet source], …]   documents j·c … j·c + c − 1
//! manifest "g" [[publisher, first year, documents of that year, of the next, …], …]   in document order
//! ```

use rayon::prelude::*;

use super::docs::Card;
use super::json;

/// Each card as JSON: `[kind,title,period,number,path,text]`, and for an
/// indicator with figures `latest,trend` after them.
pub(crate) fn encode_all(cards: &[&Card]) -> Vec<String> {
    cards
        .par_iter()
        .map(|card| {
            if card.is_gap() {
                // an unused id: never shown, it only keeps its place in card files
                return "0".to_string();
            }
            let mut out = String::with_capacity(64 + card.title.len() + card.text.len() + card.path.len());
            out.push('[');
            let extra = if card.latest.is_empty() { 0 } else { 2 };
            for (i, text) in
                [card.kind, &card.title, &card.period, &card.number, &card.path, &card.text, &card.latest, &card.trend]
                    .into_iter()
                    .take(6 + extra)
                    .enumerate()
            {
                if i > 0 {
                    out.push(',');
                }
                json::push_str(&mut out, text);
            }
            out.push(']');
            out
        })
        .collect()
}

/// Documents per card file: about `file_bytes` each, or all in one while
/// they fit in `single_file_bytes` (then any result needs one card request).
pub(crate) fn per_file(encoded: &[String], file_bytes: usize, single_file_bytes: usize) -> usize {
    let total: usize = encoded.iter().map(|c| c.len() + 1).sum();
    if total <= single_file_bytes || encoded.is_empty() {
        return encoded.len().max(1);
    }
    // the mean of the cards shown (gaps are `0`), so that gaps coming and going change nothing
    let shown = encoded.iter().filter(|c| c.as_str() != "0");
    let (count, bytes) = shown.fold((0usize, 0usize), |(n, b), c| (n + 1, b + c.len() + 1));
    let mean = bytes / count.max(1);
    (file_bytes / mean.max(1)).max(1)
}

/// The card files: (file number, JSON).
pub(crate) fn files(encoded: &[String], per_file: usize) -> Vec<(usize, String)> {
    encoded
        .par_chunks(per_file.max(1))
        .enumerate()
        .map(|(i, chunk)| {
            let mut out = String::with_capacity(chunk.iter().map(|c| c.len() + 1).sum::<usize>() + 2);
            out.push('[');
            for (k, card) in chunk.iter().enumerate() {
                if k > 0 {
                    out.push(',');
                }
                out.push_str(card);
            }
            out.push(']');
            (i, out)
        })
        .collect()
}

/// The smallest document frequency whose terms carry their best documents'
/// cards in their shard, so that copies stay under `copies` × the number of
/// documents (1 when every term fits). `dfs` is in any order.
pub(crate) fn inline_min_df(dfs: &[u32], per_term: usize, copies: usize, doc_count: usize) -> u32 {
    let budget = copies.saturating_mul(doc_count);
    let mut by_df: Vec<u32> = dfs.to_vec();
    by_df.sort_unstable_by(|a, b| b.cmp(a));
    let mut used = 0usize;
    for df in by_df {
        used += (df as usize).min(per_term);
        if used > budget {
            // the terms of this df do not all fit: only more frequent ones
            return df + 1;
        }
    }
    1
}

/// A card inside a term shard: `[doc,kind,title,…]`.
pub(crate) fn push_with_doc(out: &mut String, doc: u32, encoded: &str) {
    out.push('[');
    super::json::push_int(out, i64::from(doc));
    out.push(',');
    out.push_str(&encoded[1..]);
}

/// Runs of documents by (publisher, year), in document order, compactly:
/// each run is `[n, publisher index or -1, first year or 0, gap, count, …]`,
/// standing for `n` segments, the k-th of publisher `publisher + k` (or none
/// for -1), each with `count, …` documents in the years from the first (one
/// count per year, zeros for years without documents; a count written
/// `[c, r]` stands for `r` years of `c`), then `gap` documents of no
/// publisher and no year (unused ids, or the indicators). A site whose
/// publishers all have the same number of reports each year is one run,
/// whatever the number of publishers.
pub(crate) fn segments(cards: &[&Card]) -> String {
    let mut segments: Vec<(i32, i32, Vec<u32>)> = Vec::new();
    for card in cards {
        let publisher = card.publisher.map_or(-1, i32::from);
        let year = card.year.map_or(0, i32::from);
        match segments.last_mut() {
            Some((p, first, counts))
                if *p == publisher && year != 0 && *first != 0 && year >= *first + counts.len() as i32 - 1 =>
            {
                let at = (year - *first) as usize;
                if counts.len() <= at {
                    counts.resize(at + 1, 0);
                }
                counts[at] += 1;
            }
            Some((p, 0, counts)) if *p == publisher && year == 0 => counts[0] += 1,
            _ => segments.push((publisher, year, vec![1])),
        }
    }
    // each segment with the documents of neither publisher nor year after it:
    // (publisher, first year, counts, gap)
    type Group = (i32, i32, Vec<u32>, u32);
    let mut groups: Vec<Group> = Vec::new();
    for (publisher, year, counts) in segments {
        match groups.last_mut() {
            Some((p, y, _, gap)) if publisher == -1 && year == 0 && *gap == 0 && !(*p == -1 && *y == 0) => {
                *gap = counts[0];
            }
            _ => groups.push((publisher, year, counts, 0)),
        }
    }
    // runs of groups alike but for the publisher, which goes up by one
    let mut runs: Vec<(u32, Group)> = Vec::new();
    for group in groups {
        match runs.last_mut() {
            Some((n, first))
                if first.1 == group.1
                    && first.2 == group.2
                    && first.3 == group.3
                    && if first.0 < 0 { group.0 == -1 } else { group.0 == first.0 + *n as i32 } =>
            {
                *n += 1
            }
            _ => runs.push((1, group)),
        }
    }
    let mut out = String::from("[");
    for (i, (n, (publisher, year, counts, gap))) in runs.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        json::push_ints(&mut out, [*n as i32, *publisher, *year, *gap as i32]);
        out.pop();
        let mut k = 0;
        while k < counts.len() {
            let same = counts[k..].iter().take_while(|c| **c == counts[k]).count();
            out.push(',');
            if same > 1 {
                json::push_ints(&mut out, [counts[k], same as u32]);
                k += same;
            } else {
                json::push_int(&mut out, counts[k].into());
                k += 1;
            }
        }
        out.push(']');
    }
    out.push(']');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn card(publisher: Option<u16>, year: Option<i16>) -> Card {
        Card {
            kind: if year.is_some() { "r" } else { "i" },
            title: "T".into(),
            period: String::new(),
            number: String::new(),
            path: "p/".into(),
            text: String::new(),
            publisher,
            year,
            latest: String::new(),
            trend: String::new(),
        }
    }

    #[test]
    fn segments_follow_publishers_and_years() {
        let cards = [
            card(Some(0), Some(2012)),
            card(Some(0), Some(2012)),
            card(Some(0), Some(2014)),
            card(Some(1), Some(2010)),
            card(None, None),
            card(None, None),
        ];
        let refs: Vec<&Card> = cards.iter().collect();
        assert_eq!(segments(&refs), "[[1,0,2012,0,2,0,1],[1,1,2010,2,1]]");
        // a year going back starts a new segment
        let back = [card(None, Some(2014)), card(None, Some(2013))];
        let refs: Vec<&Card> = back.iter().collect();
        assert_eq!(segments(&refs), "[[1,-1,2014,0,1],[1,-1,2013,0,1]]");
        // publishers alike are one run: 3 publishers × 2 reports in each of 3 years, 4 gaps each
        let mut alike = Vec::new();
        for p in 0..3 {
            for year in 2010..2013 {
                alike.extend([card(Some(p), Some(year)), card(Some(p), Some(year))]);
            }
            alike.extend((0..4).map(|_| card(None, None)));
        }
        alike.push(card(None, None));
        let refs: Vec<&Card> = alike.iter().collect();
        assert_eq!(segments(&refs), "[[2,0,2010,4,[2,3]],[1,2,2010,5,[2,3]]]");
    }

    #[test]
    fn cards_per_file() {
        let encoded: Vec<String> = (0..100).map(|_| "x".repeat(99)).collect();
        assert_eq!(per_file(&encoded, 1000, 100_000), 100, "small: one file");
        assert_eq!(per_file(&encoded, 1000, 0), 10);
        let files = files(&encoded[..25], 10);
        assert_eq!(files.len(), 3);
        assert_eq!(files[2].0, 2);
    }

    #[test]
    fn the_inline_budget_keeps_common_terms_first() {
        assert_eq!(inline_min_df(&[5, 3, 1], 10, 4, 10), 1, "everything fits");
        // budget 10 copies: df 100 takes 10, the rest does not fit
        assert_eq!(inline_min_df(&[100, 50, 2], 10, 1, 10), 51);
        assert_eq!(inline_min_df(&[], 10, 1, 10), 1);
    }

    #[test]
    fn cards_are_json_arrays() {
        let c = card(Some(3), Some(2014));
        let encoded = encode_all(&[&c]);
        assert_eq!(encoded[0], r#"["r","T","","","p/",""]"#);
        let mut out = String::new();
        push_with_doc(&mut out, 42, &encoded[0]);
        assert_eq!(out, r#"[42,"r","T","","","p/",""]"#);
        let indicator = Card { latest: "1.727.388 · Tháng 8/2014".into(), trend: "0159".into(), ..card(None, None) };
        assert_eq!(encode_all(&[&indicator])[0], r#"["i","T","","","p/","","1.727.388 · Tháng 8/2014","0159"]"#);
    }
}
