//! The site language: UI strings, number and date formats (vi and en).
//!
//! Templates get the strings as the `t` map (`{{ t.reports }}`); numbers and
//! dates reach them already formatted by [`Locale`], so every page formats
//! the same value the same way.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::{Arc, OnceLock};

use crate::period::{Date, Period};

/// A language of the theme: an entry of [`LANGUAGES`].
///
/// Adding a language is one line in [`LANGUAGES`] and one strings file,
/// `themes/default/i18n/<code>.yaml`, which holds the UI strings and the
/// language's formats (`format_*`, `month_name_*`, `month_abbr_*`, the
/// `og_locale` of pages and the EU authority URI of the language):
/// nothing else in the code names a language.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Hash, PartialOrd, Ord)]
pub struct Language(u8);

/// Each language: its code (the `language:` of site.yaml, `annals init
/// --language`) and the default theme's strings file.
pub const LANGUAGES: &[(&str, &str)] =
    &[("vi", include_str!("../themes/default/i18n/vi.yaml")), ("en", include_str!("../themes/default/i18n/en.yaml"))];

#[allow(non_upper_case_globals)]
impl Language {
    /// Vietnamese, the default.
    pub const Vi: Language = Language(0);
    /// English.
    pub const En: Language = Language(1);

    /// Every language, in [`LANGUAGES`] order.
    pub fn all() -> impl Iterator<Item = Language> {
        (0..LANGUAGES.len()).map(|i| Language(i as u8))
    }

    /// Every language's code: `vi`, `en`.
    pub fn codes() -> Vec<&'static str> {
        LANGUAGES.iter().map(|(code, _)| *code).collect()
    }

    pub fn parse(text: &str) -> Option<Self> {
        let text = text.trim().to_ascii_lowercase();
        Language::all().find(|l| l.code() == text)
    }

    pub fn code(self) -> &'static str {
        LANGUAGES.get(usize::from(self.0)).map_or("vi", |(code, _)| code)
    }

    /// The Open Graph locale of pages (`og:locale`): the strings file's `og_locale`.
    pub fn og_locale(self) -> &'static str {
        default_strings(self).get("og_locale").map_or("", String::as_str)
    }

    /// The EU authority URI of the language (DCAT-AP's `dct:language`):
    /// the strings file's `eu_language`.
    pub fn eu_authority(self) -> &'static str {
        default_strings(self).get("eu_language").map_or("", String::as_str)
    }
}

/// The UI strings of one language: key → text. A text may hold `{name}`
/// placeholders, filled by [`Locale::fill`].
pub type Strings = BTreeMap<String, String>;

/// The default strings of a language, parsed once.
pub fn default_strings(language: Language) -> &'static Arc<Strings> {
    static PARSED: OnceLock<Vec<Arc<Strings>>> = OnceLock::new();
    let parsed = PARSED.get_or_init(|| {
        LANGUAGES
            .iter()
            .map(|(_, text)| Arc::new(serde_saphyr::from_str::<Strings>(text).unwrap_or_default()))
            .collect()
    });
    // Every language has a file: `every_language_has_every_string` tests it.
    parsed.get(usize::from(language.0)).unwrap_or(&parsed[0])
}

/// A format of the strings file (`format_date: "{day}/{month}/{year}"`),
/// cut once into pieces.
#[derive(Clone, Debug, PartialEq)]
enum Piece {
    Text(String),
    Day,
    Month,
    MonthName,
    MonthAbbr,
    Year,
    Number,
}

#[derive(Clone, Debug, PartialEq, Default)]
struct Pattern(Vec<Piece>);

impl Pattern {
    fn parse(text: &str) -> Pattern {
        let mut pieces = Vec::new();
        let mut rest = text;
        while let Some(open) = rest.find('{') {
            let Some(close) = rest[open..].find('}').map(|c| open + c) else { break };
            let piece = match &rest[open + 1..close] {
                "day" => Piece::Day,
                "month" => Piece::Month,
                "month_name" => Piece::MonthName,
                "month_abbr" => Piece::MonthAbbr,
                "year" => Piece::Year,
                "number" => Piece::Number,
                _ => {
                    // Not a placeholder: kept as it is written.
                    pieces.push(Piece::Text(rest[..=close].to_string()));
                    rest = &rest[close + 1..];
                    continue;
                }
            };
            if open > 0 {
                pieces.push(Piece::Text(rest[..open].to_string()));
            }
            pieces.push(piece);
            rest = &rest[close + 1..];
        }
        if !rest.is_empty() {
            pieces.push(Piece::Text(rest.to_string()));
        }
        Pattern(pieces)
    }
}

/// The formats of a language, read from its strings (`format_*`).
#[derive(Clone, Debug, PartialEq, Default)]
struct Formats {
    thousands: String,
    decimal: String,
    percent: Pattern,
    date: Pattern,
    period: Pattern,
    period_short: Pattern,
    month_short: Pattern,
    month: Pattern,
    month_names: Vec<String>,
    month_abbrs: Vec<String>,
}

impl Formats {
    fn read(strings: &Strings) -> Formats {
        let text = |key: &str| strings.get(key).cloned().unwrap_or_default();
        let pattern = |key: &str| Pattern::parse(strings.get(key).map_or("", String::as_str));
        Formats {
            thousands: text("format_thousands"),
            decimal: text("format_decimal"),
            percent: pattern("format_percent"),
            date: pattern("format_date"),
            period: pattern("format_period"),
            period_short: pattern("format_period_short"),
            month_short: pattern("format_month_short"),
            month: pattern("format_month"),
            month_names: (1..=12).map(|m| text(&format!("month_name_{m}"))).collect(),
            month_abbrs: (1..=12).map(|m| text(&format!("month_abbr_{m}"))).collect(),
        }
    }

    /// `pattern` with the date's parts (`day` 0: none) and `number` filled in.
    fn fill(&self, pattern: &Pattern, day: u8, month: u8, year: i32, number: &str) -> String {
        let mut out = String::with_capacity(24);
        let index = usize::from(month.clamp(1, 12)) - 1;
        for piece in &pattern.0 {
            match piece {
                Piece::Text(text) => out.push_str(text),
                Piece::Day => {
                    let _ = write!(out, "{day}");
                }
                Piece::Month => {
                    let _ = write!(out, "{month}");
                }
                Piece::MonthName => out.push_str(self.month_names.get(index).map_or("", String::as_str)),
                Piece::MonthAbbr => out.push_str(self.month_abbrs.get(index).map_or("", String::as_str)),
                Piece::Year => {
                    let _ = write!(out, "{year}");
                }
                Piece::Number => out.push_str(number),
            }
        }
        out
    }
}

/// UI strings and formats for one language.
#[derive(Clone, Debug, PartialEq)]
pub struct Locale {
    pub language: Language,
    strings: Arc<Strings>,
    formats: Arc<Formats>,
}

impl Locale {
    /// The default theme's strings.
    pub fn new(language: Language) -> Self {
        static FORMATS: OnceLock<Vec<Arc<Formats>>> = OnceLock::new();
        let formats =
            FORMATS.get_or_init(|| Language::all().map(|l| Arc::new(Formats::read(default_strings(l)))).collect());
        let formats = Arc::clone(formats.get(usize::from(language.0)).unwrap_or(&formats[0]));
        Locale { language, strings: Arc::clone(default_strings(language)), formats }
    }

    /// The default strings with some replaced (a theme's or a site's own
    /// `i18n/<language>.yaml`).
    pub fn with_overrides(language: Language, overrides: Strings) -> Self {
        if overrides.is_empty() {
            return Locale::new(language);
        }
        let mut strings = default_strings(language).as_ref().clone();
        strings.extend(overrides);
        let formats = Arc::new(Formats::read(&strings));
        Locale { language, strings: Arc::new(strings), formats }
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

    /// The decimal separator: `,` in Vietnamese, `.` in English (`format_decimal`).
    pub fn decimal_separator(&self) -> char {
        self.formats.decimal.chars().next().unwrap_or('.')
    }

    /// 1727388 → `1.727.388` (vi) or `1,727,388` (en); 12.5 → `12,5` / `12.5`.
    /// Decimals keep up to `max_decimals` digits, trailing zeros dropped.
    pub fn number(&self, value: f64, max_decimals: usize) -> String {
        if !value.is_finite() {
            return String::new();
        }
        let (group, decimal) = (self.formats.thousands.as_str(), self.formats.decimal.as_str());
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
                out.push_str(group);
            }
            out.push(ch);
        }
        if !fraction.is_empty() {
            out.push_str(decimal);
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
        self.formats.fill(&self.formats.percent, 0, 1, 0, number)
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
        self.formats.fill(&self.formats.date, date.day, date.month, i32::from(date.year), "")
    }

    /// `tháng 8/2014` (vi) or `August 2014` (en).
    pub fn period(&self, period: Period) -> String {
        self.formats.fill(&self.formats.period, 0, period.month, i32::from(period.year), "")
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
        self.formats.fill(&self.formats.period_short, 0, period.month, i32::from(period.year), "")
    }

    /// A month for a table heading: `T8` / `Aug`.
    pub fn month_short(&self, month: u8) -> String {
        self.formats.fill(&self.formats.month_short, 0, month, 0, "")
    }

    /// The month alone: `Tháng 8` / `August`.
    pub fn month(&self, month: u8) -> String {
        self.formats.fill(&self.formats.month, 0, month, 0, "")
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
        for (language, text) in LANGUAGES {
            let strings: Strings = serde_saphyr::from_str(text).expect("the strings file is valid YAML");
            let keys: Vec<&String> = strings.keys().collect();
            assert_eq!(keys, vi.keys().collect::<Vec<_>>(), "{language:?} has other keys than vi");
            for (key, text) in &strings {
                assert!(!text.trim().is_empty(), "{language:?}: {key} is empty");
            }
        }
    }

    #[test]
    fn formats_are_data_a_site_may_override() {
        let overrides = Strings::from([
            ("format_thousands".into(), "\u{202f}".into()),
            ("format_decimal".into(), ",".into()),
            ("format_date".into(), "{year}-{month}-{day} {weekday}".into()),
            ("format_period".into(), "{month_abbr}. {year}".into()),
            ("format_percent".into(), "{number}\u{a0}%".into()),
        ]);
        let custom = Locale::with_overrides(Language::En, overrides);
        assert_eq!(custom.number(1727388.5, 2), "1\u{202f}727\u{202f}388,5");
        assert_eq!(custom.decimal_separator(), ',');
        // An unknown placeholder stays as written.
        assert_eq!(custom.date(Date::parse("2014-08-19").unwrap()), "2014-8-19 {weekday}");
        assert_eq!(custom.period(Period::parse("2014-08").unwrap()), "Aug. 2014");
        assert_eq!(custom.value_with_unit(-1.0, Some("%")), "-1\u{a0}%");
        // What is not overridden keeps the language's default.
        assert_eq!(custom.month(8), "August");
        assert_eq!(Locale::new(Language::Vi).month_short(12), "T12");
    }

    #[test]
    fn languages_come_from_the_table() {
        assert_eq!(Language::codes(), ["vi", "en"]);
        assert_eq!(Language::parse(" EN "), Some(Language::En));
        assert_eq!(Language::parse("fr"), None);
        assert_eq!(Language::Vi.og_locale(), "vi_VN");
        assert_eq!(Language::En.eu_authority(), "http://publications.europa.eu/resource/authority/language/ENG");
        assert_eq!(Language::default(), Language::Vi);
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
