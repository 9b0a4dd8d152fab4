//! The site language: UI strings, number and date formats (vi and en).
//!
//! Templates get the strings as the `t` map (`{{ t.reports }}`); numbers and
//! dates reach them already formatted by [`Locale`], so every page formats
//! the same value the same way.

use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};

use crate::period::{Date, Period};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Language {
    #[default]
    Vi,
    En,
}

impl Language {
    pub fn parse(text: &str) -> Option<Self> {
        match text.trim().to_ascii_lowercase().as_str() {
            "vi" => Some(Language::Vi),
            "en" => Some(Language::En),
            _ => None,
        }
    }
    pub fn code(self) -> &'static str {
        match self {
            Language::Vi => "vi",
            Language::En => "en",
        }
    }

    /// The Open Graph locale of pages (`og:locale`).
    pub fn og_locale(self) -> &'static str {
        match self {
            Language::Vi => "vi_VN",
            Language::En => "en_US",
        }
    }

    /// The EU authority URI of the language (DCAT-AP's `dct:language`).
    pub fn eu_authority(self) -> &'static str {
        match self {
            Language::Vi => "http://publications.europa.eu/resource/authority/language/VIE",
            Language::En => "http://publications.europa.eu/resource/authority/language/ENG",
        }
    }
}

/// The UI strings of one language: key → text. A text may hold `{name}`
/// placeholders, filled by [`Locale::fill`].
pub type Strings = BTreeMap<String, String>;

/// The default theme's strings, one file per language (`themes/default/i18n/`).
const DEFAULT_STRINGS: &[(Language, &str)] = &[
    (Language::Vi, include_str!("../themes/default/i18n/vi.yaml")),
    (Language::En, include_str!("../themes/default/i18n/en.yaml")),
];

/// The default strings of a language, parsed once.
pub fn default_strings(language: Language) -> &'static Arc<Strings> {
    static PARSED: OnceLock<Vec<(Language, Arc<Strings>)>> = OnceLock::new();
    let parsed = PARSED.get_or_init(|| {
        DEFAULT_STRINGS
            .iter()
            .map(|(language, text)| (*language, Arc::new(serde_saphyr::from_str::<Strings>(text).unwrap_or_default())))
            .collect()
    });
    // Every language has a file: `every_language_has_every_string` tests it.
    &parsed.iter().find(|(l, _)| *l == language).unwrap_or(&parsed[0]).1
}

/// UI strings and formats for one language.
#[derive(Clone, Debug, PartialEq)]
pub struct Locale {
    pub language: Language,
    strings: Arc<Strings>,
}

impl Locale {
    /// The default theme's strings.
    pub fn new(language: Language) -> Self {
        Locale { language, strings: Arc::clone(default_strings(language)) }
    }

    /// The default strings with some replaced (a theme's or a site's own
    /// `i18n/<language>.yaml`).
    pub fn with_overrides(language: Language, overrides: Strings) -> Self {
        if overrides.is_empty() {
            return Locale::new(language);
        }
        let mut strings = default_strings(language).as_ref().clone();
        strings.extend(overrides);
        Locale { language, strings: Arc::new(strings) }
    }

    /// Every UI string, for templates (`{{ t.reports }}`).
    pub fn strings(&self) -> &Strings {
        &self.strings
    }

    /// The text of `key`; the key itself when no file has it (visible on
    /// the page, never blank: a test checks that every key used exists).
    pub fn text<'a>(&'a self, key: &'a str) -> &'a str {
        self.strings.get(key).map_or(key, String::as_str)
    }

    /// The text of `key` with its `{name}` placeholders replaced.
    pub fn fill(&self, key: &str, values: &[(&str, &str)]) -> String {
        let mut text = self.text(key).to_string();
        for (name, value) in values {
            text = text.replace(&format!("{{{name}}}"), value);
        }
        text
    }

    /// The search script's strings as a JSON object (`{"loading": "…", …}`).
    pub fn search_strings_json(&self) -> String {
        let strings: BTreeMap<&str, &str> = self
            .strings
            .iter()
            .filter_map(|(key, text)| key.strip_prefix("search_js_").map(|k| (k, text.as_str())))
            .collect();
        serde_json::to_string(&strings).unwrap_or_else(|_| "{}".into())
    }

    /// (thousands, decimal) separators: the language's formats entry.
    fn separators(&self) -> (char, char) {
        match self.language {
            Language::Vi => ('.', ','),
            Language::En => (',', '.'),
        }
    }

    /// The decimal separator: `,` in Vietnamese, `.` in English.
    pub fn decimal_separator(&self) -> char {
        self.separators().1
    }

    /// 1727388 → `1.727.388` (vi) or `1,727,388` (en); 12.5 → `12,5` / `12.5`.
    /// Decimals keep up to `max_decimals` digits, trailing zeros dropped.
    pub fn number(&self, value: f64, max_decimals: usize) -> String {
        if !value.is_finite() {
            return String::new();
        }
        let (group, decimal) = self.separators();
        let abs = value.abs();
        // Whole figures (most of them) skip the slow exact decimal formatting.
        let text = if let Some(whole) = crate::text::as_whole(abs) {
            whole.to_string()
        } else {
            format!("{:.*}", max_decimals, abs)
        };
        let (whole, fraction) = match text.split_once('.') {
            Some((w, f)) => (w, f.trim_end_matches('0')),
            None => (text.as_str(), ""),
        };
        let mut out = String::with_capacity(whole.len() + whole.len() / 3 + fraction.len() + 2);
        let negative = value < 0.0 && (whole != "0" || !fraction.is_empty());
        if negative {
            out.push('-');
        }
        let digits = whole.len();
        for (i, ch) in whole.chars().enumerate() {
            if i > 0 && (digits - i) % 3 == 0 {
                out.push(group);
            }
            out.push(ch);
        }
        if !fraction.is_empty() {
            out.push(decimal);
            out.push_str(fraction);
        }
        out
    }

    /// A value with its unit: percent as `-1 %` (vi) / `-1%` (en).
    pub fn value_with_unit(&self, value: f64, unit: Option<&str>) -> String {
        let number = self.number(value, 2);
        match unit {
            Some("%") => self.percent_text(&number),
            _ => number,
        }
    }

    fn percent_text(&self, number: &str) -> String {
        match self.language {
            Language::Vi => format!("{number} %"),
            Language::En => format!("{number}%"),
        }
    }

    /// A change in percent with its sign: `+3,2 %` / `-1%`.
    pub fn signed_percent(&self, value: f64) -> String {
        let number = self.number(value, 1);
        let signed = if value > 0.0 && number != "0" { format!("+{number}") } else { number };
        self.percent_text(&signed)
    }

    /// A change with its sign: `+1.234` / `-56`.
    pub fn signed_number(&self, value: f64, max_decimals: usize) -> String {
        let number = self.number(value, max_decimals);
        if value > 0.0 && number != "0" { format!("+{number}") } else { number }
    }

    /// `19/8/2014` (vi) or `19 August 2014` (en).
    pub fn date(&self, date: Date) -> String {
        match self.language {
            Language::Vi => format!("{}/{}/{}", date.day, date.month, date.year),
            Language::En => format!("{} {} {}", date.day, month_name(date.month), date.year),
        }
    }

    /// `tháng 8/2014` (vi) or `August 2014` (en).
    pub fn period(&self, period: Period) -> String {
        match self.language {
            Language::Vi => format!("tháng {}/{}", period.month, period.year),
            Language::En => format!("{} {}", month_name(period.month), period.year),
        }
    }

    /// `Tháng 8/2014` / `August 2014`, for the start of a line or a heading.
    pub fn period_title(&self, period: Period) -> String {
        let text = self.period(period);
        let mut chars = text.chars();
        match chars.next() {
            Some(first) => first.to_uppercase().chain(chars).collect(),
            None => text,
        }
    }

    /// A short month for chart axes: `8/2014` / `Aug 2014`.
    pub fn period_short(&self, period: Period) -> String {
        match self.language {
            Language::Vi => format!("{}/{}", period.month, period.year),
            Language::En => format!("{} {}", &month_name(period.month)[..3], period.year),
        }
    }

    /// A month for a table heading: `T8` / `Aug`.
    pub fn month_short(&self, month: u8) -> String {
        match self.language {
            Language::Vi => format!("T{month}"),
            Language::En => month_name(month)[..3].to_string(),
        }
    }

    /// The month alone: `Tháng 8` / `August`.
    pub fn month(&self, month: u8) -> String {
        match self.language {
            Language::Vi => format!("Tháng {month}"),
            Language::En => month_name(month).to_string(),
        }
    }

    /// "1 report" / "3 reports" / "3 báo cáo".
    pub fn report_count(&self, count: usize) -> String {
        let word = if count == 1 { self.text("report_count_one") } else { self.text("report_count_many") };
        format!("{} {word}", self.number(count as f64, 0))
    }
}

/// The English name of a month (1–12).
pub fn month_name(month: u8) -> &'static str {
    const NAMES: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    NAMES[usize::from(month.clamp(1, 12)) - 1]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_follow_cldr() {
        let vi = Locale::new(Language::Vi);
        let en = Locale::new(Language::En);
        let cases: [(f64, &str, &str); 10] = [
            (1727388.0, "1.727.388", "1,727,388"),
            (135368.0, "135.368", "135,368"),
            (12.5, "12,5", "12.5"),
            (-1.0, "-1", "-1"),
            (0.0, "0", "0"),
            (999.0, "999", "999"),
            (1000.0, "1.000", "1,000"),
            (-26331.0, "-26.331", "-26,331"),
            (1234567.891, "1.234.567,89", "1,234,567.89"),
            (-0.001, "0", "0"),
        ];
        for (value, want_vi, want_en) in cases {
            assert_eq!(vi.number(value, 2), want_vi, "{value}");
            assert_eq!(en.number(value, 2), want_en, "{value}");
        }
        assert_eq!(vi.value_with_unit(-1.0, Some("%")), "-1 %");
        assert_eq!(en.value_with_unit(-1.0, Some("%")), "-1%");
        assert_eq!(vi.signed_percent(3.26), "+3,3 %");
        assert_eq!(en.signed_number(1234.0, 0), "+1,234");
    }

    #[test]
    fn dates_and_periods() {
        let vi = Locale::new(Language::Vi);
        let en = Locale::new(Language::En);
        let date = Date::parse("2014-08-19").unwrap();
        let period = Period::parse("2014-08").unwrap();
        assert_eq!(vi.date(date), "19/8/2014");
        assert_eq!(en.date(date), "19 August 2014");
        assert_eq!(vi.period(period), "tháng 8/2014");
        assert_eq!(vi.period_title(period), "Tháng 8/2014");
        assert_eq!(en.period(period), "August 2014");
        assert_eq!(en.period_short(period), "Aug 2014");
    }

    #[test]
    fn every_language_has_every_string() {
        let vi = default_strings(Language::Vi);
        for (language, text) in DEFAULT_STRINGS {
            let strings: Strings = serde_saphyr::from_str(text).expect("the strings file is valid YAML");
            let keys: Vec<&String> = strings.keys().collect();
            assert_eq!(keys, vi.keys().collect::<Vec<_>>(), "{language:?} has other keys than vi");
            for (key, text) in &strings {
                assert!(!text.trim().is_empty(), "{language:?}: {key} is empty");
            }
        }
    }

    #[test]
    fn unknown_keys_show_themselves_and_placeholders_fill() {
        let en = Locale::new(Language::En);
        assert_eq!(en.text("no_such_key"), "no_such_key");
        assert_eq!(en.fill("sum_of_publishers", &[("n", "3")]), "Sum over 3 publishers");
        let custom = Locale::with_overrides(Language::En, Strings::from([("home".into(), "Start".into())]));
        assert_eq!(custom.text("home"), "Start");
        assert_eq!(custom.text("reports"), "Reports");
    }
}
