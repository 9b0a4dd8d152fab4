//! Tokenizing for the search index: text to (exact, folded) syllables.
//!
//! The search script in the theme (`search.js`, `tokenize`) applies the same
//! rules to queries; both are tested against `tests/fixtures/tokens.tsv`, so a
//! change here must be made there too.
//!
//! Rules:
//! - a token is a run of letters, digits and combining marks
//!   (`char::is_alphanumeric` or a mark; JavaScript `[\p{Alphabetic}\p{N}\p{M}]`);
//! - digit groups joined by one `.` or `,` are one number: `1.727.388` is
//!   `1727388` (the Vietnamese thousands separator);
//! - an all-digit token loses its leading zeros: `08` is `8`, so `2014-08`
//!   and `8/2014` meet;
//! - the exact form is lowercase NFC (diacritics kept), the folded form is
//!   [`crate::text::fold`] of it;
//! - tokens longer than [`MAX_TOKEN_CHARS`] are dropped (URLs, hashes).

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use crate::text::fold;

/// Longer tokens are not indexed.
pub const MAX_TOKEN_CHARS: usize = 40;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    /// Lowercase, NFC, diacritics kept: `thuê`.
    pub exact: String,
    /// Folded: `thue`.
    pub folded: String,
}

fn is_token_char(c: char) -> bool {
    c.is_alphanumeric() || is_combining_mark(c)
}

/// Lowercase one character at a time (as the script does), then NFC.
fn exact_form(raw: &str) -> String {
    let lower: String = raw.nfc().flat_map(char::to_lowercase).collect();
    lower.nfc().collect()
}

/// The raw tokens of `text`, before forms are computed.
fn raw_tokens(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.nfc().collect();
    let mut tokens = Vec::new();
    let mut current = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if is_token_char(c) {
            current.push(c);
            continue;
        }
        let joins_digits = (c == '.' || c == ',')
            && i > 0
            && chars[i - 1].is_ascii_digit()
            && chars.get(i + 1).is_some_and(|n| n.is_ascii_digit())
            && current.chars().all(|d| d.is_ascii_digit());
        if joins_digits {
            continue;
        }
        if !current.is_empty() {
            tokens.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        tokens.push(current);
    }
    tokens
}

/// The tokens of `text`, in order.
pub fn tokenize(text: &str) -> Vec<Token> {
    raw_tokens(text)
        .into_iter()
        .filter(|raw| raw.chars().count() <= MAX_TOKEN_CHARS)
        .map(|raw| {
            let raw = if raw.chars().all(|c| c.is_ascii_digit()) {
                let trimmed = raw.trim_start_matches('0');
                if trimmed.is_empty() { "0".to_string() } else { trimmed.to_string() }
            } else {
                raw
            };
            let exact = exact_form(&raw);
            let folded = fold(&exact);
            Token { exact, folded }
        })
        .filter(|t| !t.folded.is_empty())
        .collect()
}

/// The synthetic term that marks a report's period (`p201408`); the script
/// makes the same term from `8/2014`, `2014-08` or `tháng 8/2014` in a query.
pub fn period_term(year: i16, month: u8) -> String {
    format!("p{year:04}{month:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `tests/fixtures/tokens.tsv`: input, then the folded tokens joined by spaces.
    #[test]
    fn shared_token_vectors() {
        let text = include_str!("../../tests/fixtures/tokens.tsv");
        let mut count = 0;
        for line in text.lines().filter(|l| !l.is_empty() && !l.starts_with('#')) {
            let (input, want) = line.split_once('\t').unwrap_or((line, ""));
            let got: Vec<String> = tokenize(input).into_iter().map(|t| t.folded).collect();
            assert_eq!(got.join(" "), want, "tokens of {input:?}");
            count += 1;
        }
        assert!(count >= 10, "too few vectors: {count}");
    }

    /// `tests/fixtures/folding.tsv`: input, then its folded form.
    #[test]
    fn shared_folding_vectors() {
        let text = include_str!("../../tests/fixtures/folding.tsv");
        let mut count = 0;
        for line in text.lines().filter(|l| !l.is_empty() && !l.starts_with('#')) {
            let (input, want) = line.split_once('\t').unwrap_or((line, ""));
            assert_eq!(fold(&unescape(input)), unescape(want), "fold of {input:?}");
            count += 1;
        }
        assert!(count >= 10, "too few vectors: {count}");
    }

    /// `\u{…}` escapes let the file hold decomposed input visibly.
    fn unescape(text: &str) -> String {
        let mut out = String::new();
        let mut rest = text;
        while let Some(start) = rest.find("\\u{") {
            out.push_str(&rest[..start]);
            let after = &rest[start + 3..];
            match after
                .find('}')
                .and_then(|end| u32::from_str_radix(&after[..end], 16).ok().and_then(char::from_u32).map(|c| (c, end)))
            {
                Some((c, end)) => {
                    out.push(c);
                    rest = &after[end + 1..];
                }
                None => {
                    out.push_str("\\u{");
                    rest = after;
                }
            }
        }
        out.push_str(rest);
        out
    }

    #[test]
    fn exact_forms_keep_diacritics() {
        let tokens = tokenize("Thuê BAO Điện thoại");
        let exact: Vec<&str> = tokens.iter().map(|t| t.exact.as_str()).collect();
        assert_eq!(exact, ["thuê", "bao", "điện", "thoại"]);
        // decomposed input gives the same exact form as precomposed
        assert_eq!(tokenize("thue\u{0302}")[0].exact, "thuê");
    }

    #[test]
    fn long_tokens_are_dropped() {
        let long = "a".repeat(MAX_TOKEN_CHARS + 1);
        assert_eq!(tokenize(&format!("x {long} y")).len(), 2);
    }

    #[test]
    fn period_terms() {
        assert_eq!(period_term(2014, 8), "p201408");
    }
}
