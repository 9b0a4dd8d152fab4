//! The site language: UI strings, number and date formats (vi and en).
//!
//! Templates get the strings as the `t` map (`{{ t.reports }}`); numbers and
//! dates reach them already formatted by [`Locale`], so every page formats
//! the same value the same way.

use std::collections::BTreeMap;

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
}

/// (key, Vietnamese, English). Keys are the names templates use.
type Strings = &'static [(&'static str, &'static str, &'static str)];

/// Every table of UI strings; each area of the site keeps its own.
const TABLES: &[Strings] = &[CORE_STRINGS, INDICATOR_STRINGS, SEARCH_STRINGS, SERVE_STRINGS, OPEN_DATA_STRINGS];

/// Strings of open data, sharing and citation.
const OPEN_DATA_STRINGS: Strings = &[
    ("license", "Giấy phép", "Licence"),
    ("no_license", "Trang chưa công bố giấy phép sử dụng số liệu.", "The site has not declared a licence for its figures."),
    ("contact", "Liên hệ", "Contact"),
    ("data_catalog", "Danh mục dữ liệu mở", "Open data catalogue"),
    (
        "data_catalog_lead",
        "Mọi tệp số liệu tải về được, với định dạng, dung lượng, nội dung, giấy phép và cách trích dẫn.",
        "Every file of figures to download, with its format, size, contents, licence and how to cite it.",
    ),
    ("machine_readable", "Mô tả cho máy đọc", "Machine-readable descriptions"),
    ("all_figures", "Toàn bộ số liệu", "Every figure"),
    ("by_indicator", "Theo chỉ tiêu", "By indicator"),
    ("how_to_cite", "Cách trích dẫn", "How to cite"),
    ("cite_in_vietnamese", "Tiếng Việt", "In Vietnamese"),
    ("cite_in_english", "Tiếng Anh", "In English"),
    (
        "cite_note",
        "Điền ngày bạn truy cập vào chỗ trống.",
        "Fill in the date you consulted the page.",
    ),
    ("download_chart_png", "Tải ảnh biểu đồ (PNG)", "Download the chart (PNG)"),
    ("download_chart_svg", "Tải biểu đồ (SVG)", "Download the chart (SVG)"),
    ("embed_chart", "Nhúng biểu đồ vào trang khác", "Embed the chart in another page"),
    ("embed_note", "Dán đoạn mã dưới đây vào trang của bạn", "Paste the code below into your page"),
    ("embed_preview", "xem trước", "preview"),
];

/// Strings of the indicator pages.
const INDICATOR_STRINGS: Strings = &[
    (
        "indicators_lead",
        "Mọi chỉ tiêu trong các báo cáo, theo nhóm, với số liệu mới nhất và diễn biến.",
        "Every indicator in the reports, by group, with its latest figure and its trend.",
    ),
    ("compared_with", "so với", "since"),
    ("other_indicators", "Chỉ tiêu khác", "Other indicators"),
    ("key_indicators", "Chỉ tiêu chính", "Key indicators"),
    ("all_indicators", "Xem mọi chỉ tiêu", "See every indicator"),
    ("latest_value", "Số liệu mới nhất", "Latest figure"),
    ("change_since_previous", "Thay đổi so với kỳ trước", "Change since the previous report"),
    ("trend", "Diễn biến", "Trend"),
    ("charted_measure", "Số liệu trên biểu đồ", "Charted measure"),
    ("chart", "Biểu đồ", "Chart"),
    ("lowest", "Thấp nhất", "Lowest"),
    ("highest", "Cao nhất", "Highest"),
    ("first_period", "Kỳ đầu tiên", "First period"),
    ("last_period", "Kỳ gần nhất", "Latest period"),
    ("reports_with_figures", "Số kỳ có số liệu", "Periods with figures"),
    ("key_figures", "Tóm tắt", "Key figures"),
    ("parts", "Gồm các chỉ tiêu", "Made up of"),
    ("part_of", "Là thành phần của", "Part of"),
    ("change_month", "Chênh lệch với tháng trước", "Change from the previous month"),
    ("change_year", "Chênh lệch với cùng kỳ năm trước", "Change from a year earlier"),
    ("changes_of", "chênh lệch tính trên", "changes are in"),
    ("month_by_month", "Số liệu từng tháng", "Month by month"),
    ("newest_first", "kỳ mới nhất ở trên", "newest first"),
    ("no_figures", "Không có số liệu", "No figures"),
    ("not_available", "không có", "not available"),
    ("open_data", "Dữ liệu mở", "Open data"),
    (
        "open_data_note",
        "Tệp CSV (UTF-8) và JSON; số viết liền, dấu chấm thập phân, không có dấu phân cách hàng nghìn.",
        "CSV (UTF-8) and JSON files; plain numbers with a decimal point and no thousands separators.",
    ),
    ("indicator_csv", "Số liệu của chỉ tiêu (CSV)", "This indicator's figures (CSV)"),
    ("indicator_json", "Chỉ tiêu và số liệu (JSON)", "This indicator and its figures (JSON)"),
    ("report_csv", "Số liệu của báo cáo này (CSV)", "This report's figures (CSV)"),
    ("axis_starts_at", "Trục tung bắt đầu từ", "The vertical axis starts at"),
    ("axis_not_zero", ", không phải từ 0", ", not at zero"),
    ("publisher", "Đơn vị báo cáo", "Publisher"),
    ("compare_publishers", "So sánh các đơn vị", "Publishers compared"),
    ("other_publishers", "Các đơn vị khác", "Other publishers"),
    ("national_total", "Tổng các đơn vị", "Total of all publishers"),
    ("sum_of_publishers", "Tổng của {n} đơn vị", "Sum over {n} publishers"),
    ("total_over_time", "Tổng các đơn vị theo thời gian", "The total over time"),
    ("sort_by", "Sắp xếp theo", "Sort by"),
    ("history_of_publisher", "Diễn biến theo đơn vị", "History by publisher"),
    ("no_indicator_figures", "Chưa có số liệu cho chỉ tiêu này.", "There are no figures for this indicator yet."),
];

/// Strings of the search page and box. Keys starting `search_js_` go to the
/// search script (see [`Locale::search_strings_json`]), without the prefix.
const SEARCH_STRINGS: Strings = &[
    ("search_label", "Từ khóa", "Search terms"),
    (
        "search_help",
        "Gõ vài từ, có dấu hoặc không dấu: kết quả hiện ngay khi gõ. Đặt cụm từ trong dấu ngoặc kép (\"băng thông rộng\") để tìm đúng cụm; tìm được theo số văn bản (285/BC-STTTT) hoặc kỳ báo cáo (8/2014).",
        "Type a few words, with or without Vietnamese diacritics: results appear as you type. Put words in quotes (\"băng thông rộng\") to find them in that order; a document number (285/BC-STTTT) or a period (8/2014) finds that report.",
    ),
    (
        "search_needs_js",
        "Tìm kiếm cần JavaScript, mà trình duyệt của bạn đang tắt.",
        "Search needs JavaScript, which your browser has turned off.",
    ),
    ("search_filters", "Thu hẹp kết quả", "Narrow the results"),
    ("search_publisher", "Đơn vị báo cáo", "Publisher"),
    ("search_all_publishers", "Tất cả các đơn vị", "All publishers"),
    ("search_from", "Từ năm", "From year"),
    ("search_to", "Đến năm", "To year"),
    ("search_js_results_one", "1 kết quả", "1 result"),
    ("search_js_results_many", "{n} kết quả", "{n} results"),
    ("search_js_results_more", "Hơn {n} kết quả", "More than {n} results"),
    ("search_js_no_results", "Không tìm thấy kết quả cho “{q}”.", "No results for “{q}”."),
    ("search_js_loading", "Đang tìm…", "Searching…"),
    (
        "search_js_error",
        "Không tải được chỉ mục tìm kiếm. Hãy thử lại sau.",
        "The search index could not be loaded. Please try again later.",
    ),
    ("search_js_more", "Xem thêm kết quả", "More results"),
    ("search_js_all_results", "Xem tất cả kết quả", "See all results"),
    ("search_js_kind_report", "Báo cáo", "Report"),
    ("search_js_kind_indicator", "Chỉ tiêu", "Indicator"),
    ("search_js_number", "Số", "No."),
];

/// Strings of the preview server (error overlay of `annals serve`).
const SERVE_STRINGS: Strings = &[
    (
        "serve_problems_title",
        "Chưa cập nhật được bản xem trước: có lỗi trong tệp",
        "The preview is not updated: a file has errors",
    ),
    (
        "serve_problems_intro",
        "Trang đang hiển thị bản dựng đúng gần nhất. Sửa các lỗi dưới đây rồi lưu tệp, trang sẽ tự cập nhật.",
        "This is the last good version of the site. Fix the problems below and save; the page updates by itself.",
    ),
    ("serve_error", "Lỗi", "Error"),
    ("serve_warning", "Cảnh báo", "Warning"),
    ("serve_line", "dòng", "line"),
    ("serve_column", "cột", "column"),
    ("serve_hint", "Cách sửa:", "How to fix:"),
    ("serve_more", "Còn lỗi khác, xem trong cửa sổ dòng lệnh:", "More problems are listed in the terminal:"),
    ("serve_close", "Ẩn", "Hide"),
];

/// Strings of the archive pages.
const CORE_STRINGS: Strings = &[
    ("skip_to_content", "Bỏ qua, đến nội dung chính", "Skip to main content"),
    ("home", "Trang chủ", "Home"),
    ("reports", "Báo cáo", "Reports"),
    ("all_reports", "Tất cả báo cáo", "All reports"),
    ("indicators", "Chỉ tiêu", "Indicators"),
    ("search", "Tìm kiếm", "Search"),
    ("search_placeholder", "Tìm báo cáo, chỉ tiêu…", "Search reports, indicators…"),
    ("search_button", "Tìm", "Search"),
    ("latest_report", "Báo cáo mới nhất", "Latest report"),
    ("archive_by_year", "Lưu trữ theo năm", "Archive by year"),
    ("year", "Năm", "Year"),
    ("reports_of_year", "Báo cáo năm", "Reports of"),
    ("report_count_one", "báo cáo", "report"),
    ("report_count_many", "báo cáo", "reports"),
    ("number", "Số", "No."),
    ("issued", "Ngày ban hành", "Issued"),
    ("place", "Nơi ban hành", "Place"),
    ("organization", "Cơ quan", "Organization"),
    ("signer", "Người ký", "Signed by"),
    ("period", "Kỳ báo cáo", "Period"),
    ("recipients", "Nơi nhận", "Recipients"),
    ("tags", "Từ khóa", "Tags"),
    ("document_details", "Thông tin văn bản", "Document details"),
    ("figures", "Số liệu", "Figures"),
    ("figures_caption", "Các chỉ tiêu của báo cáo", "Indicators reported"),
    ("figures_of", "Số liệu kỳ", "Figures for"),
    ("all_figures_of", "Toàn bộ số liệu kỳ", "All figures for"),
    ("indicator", "Chỉ tiêu", "Indicator"),
    ("unit", "Đơn vị tính", "Unit"),
    ("row_number", "TT", "No."),
    ("previous_report", "Báo cáo trước", "Previous report"),
    ("next_report", "Báo cáo sau", "Next report"),
    ("report_navigation", "Chuyển báo cáo", "Report navigation"),
    ("read_report", "Đọc báo cáo", "Read the report"),
    ("no_reports", "Chưa có báo cáo nào.", "No reports yet."),
    ("not_found_title", "Không tìm thấy trang", "Page not found"),
    (
        "not_found_text",
        "Trang bạn tìm không có hoặc đã được chuyển đi.",
        "The page you are looking for does not exist or has moved.",
    ),
    ("go_home", "Về trang chủ", "Go to the home page"),
    ("browse_archive", "Xem toàn bộ lưu trữ", "Browse the archive"),
    ("feed", "Nguồn tin Atom", "Atom feed"),
    ("draft", "Bản nháp", "Draft"),
    ("breadcrumb", "Bạn đang ở", "You are here"),
    ("main_navigation", "Điều hướng chính", "Main navigation"),
    ("built_with", "Tạo bởi annals", "Built with annals"),
    ("download_data", "Tải dữ liệu", "Download data"),
    ("data_csv", "CSV", "CSV"),
    ("data_json", "JSON", "JSON"),
    ("all_observations", "Toàn bộ số liệu (CSV)", "Every figure (CSV)"),
    ("check_note", "Lưu ý kiểm tra", "Check note"),
    ("check_notes", "Số liệu chưa khớp", "Figures that do not add up"),
    ("month", "Tháng", "Month"),
    ("contents", "Mục lục", "Contents"),
    ("publishers", "Các đơn vị báo cáo", "Publishers"),
    ("search_results", "Kết quả tìm kiếm", "Search results"),
    ("publisher_indicators", "Chỉ tiêu của đơn vị", "This publisher's indicators"),
    ("reports_by_publisher_and_month", "Báo cáo theo đơn vị và tháng", "Reports by publisher and month"),
    ("print", "In", "Print"),
];

/// UI strings and formats for one language.
#[derive(Clone, Debug)]
pub struct Locale {
    pub language: Language,
}

impl Locale {
    pub fn new(language: Language) -> Self {
        Locale { language }
    }

    /// Every UI string, for templates.
    pub fn strings(&self) -> BTreeMap<&'static str, &'static str> {
        all_strings().map(|(key, vi, en)| (*key, if self.language == Language::Vi { *vi } else { *en })).collect()
    }

    pub fn text(&self, key: &str) -> &'static str {
        all_strings()
            .find(|(k, _, _)| *k == key)
            .map(|(_, vi, en)| if self.language == Language::Vi { *vi } else { *en })
            .unwrap_or("")
    }

    /// The search script's strings as a JSON object (`{"loading": "…", …}`).
    pub fn search_strings_json(&self) -> String {
        let strings: BTreeMap<&str, &str> = self
            .strings()
            .into_iter()
            .filter_map(|(key, text)| key.strip_prefix("search_js_").map(|k| (k, text)))
            .collect();
        serde_json::to_string(&strings).unwrap_or_else(|_| "{}".into())
    }

    fn separators(&self) -> (char, char) {
        match self.language {
            Language::Vi => ('.', ','),
            Language::En => (',', '.'),
        }
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
        let text = if abs.fract() == 0.0 && abs < 1e15 {
            (abs as u64).to_string()
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

fn all_strings() -> impl Iterator<Item = &'static (&'static str, &'static str, &'static str)> {
    TABLES.iter().flat_map(|table| table.iter())
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
    fn every_string_has_both_languages() {
        let mut keys = Vec::new();
        for (key, vi, en) in all_strings() {
            assert!(!vi.is_empty() && !en.is_empty(), "{key}");
            assert!(!keys.contains(key), "{key} is defined twice");
            keys.push(*key);
        }
    }
}
