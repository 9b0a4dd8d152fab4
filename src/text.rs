//! Text folding shared by slugs, heading anchors and the search index.
//!
//! Folding is Unicode NFD, combining marks removed, `đ`/`Đ` to `d`, then
//! lowercase: "Thuê bao ĐIỆN THOẠI" folds to "thue bao dien thoai". The search
//! script in the theme folds queries the same way; both are tested against
//! `tests/fixtures/folding.tsv`.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Case- and diacritic-insensitive form of `text`.
pub fn fold(text: &str) -> String {
    if text.is_ascii() {
        return text.to_ascii_lowercase();
    }
    text.nfd()
        .filter(|c| !is_combining_mark(*c))
        .map(|c| match c {
            'đ' | 'Đ' => 'd',
            _ => c,
        })
        .flat_map(char::to_lowercase)
        .collect()
}

/// An ASCII slug: folded, letters and digits kept, everything else one `-`.
pub fn slugify(text: &str) -> String {
    let mut slug = String::new();
    for c in fold(text).chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    while slug.ends_with('-') {
        slug.pop();
    }
    slug
}

/// HTML-escapes text for element content and attribute values.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Shortens text to at most `max` characters at a word boundary, adding `…`.
pub fn truncate_words(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max).collect();
    let cut = match cut.rfind(char::is_whitespace) {
        Some(i) if i > max / 2 => &cut[..i],
        _ => cut.as_str(),
    };
    format!("{}…", cut.trim_end_matches(|c: char| c.is_whitespace() || ",;:".contains(c)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding() {
        let cases = [
            ("Thuê bao", "thue bao"),
            ("THUÊ BAO", "thue bao"),
            ("Điện thoại", "dien thoai"),
            ("đường", "duong"),
            ("Quảng Ninh", "quang ninh"),
            ("ỨNG DỤNG", "ung dung"),
            // precomposed and decomposed input fold alike
            ("Vie\u{0302}\u{0323}t", "viet"),
            ("Việt", "viet"),
        ];
        for (input, want) in cases {
            assert_eq!(fold(input), want, "{input}");
        }
    }

    #[test]
    fn slugs() {
        assert_eq!(slugify("I. Đánh giá chung"), "i-danh-gia-chung");
        assert_eq!(slugify("  1. Về Bưu chính, Viễn thông "), "1-ve-buu-chinh-vien-thong");
        assert_eq!(slugify("---"), "");
    }

    #[test]
    fn truncation() {
        assert_eq!(truncate_words("một hai ba bốn", 8), "một hai…");
        assert_eq!(truncate_words("ngắn", 8), "ngắn");
    }
}
