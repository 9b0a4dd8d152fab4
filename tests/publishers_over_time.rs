//! Publishers over time: active months, successors and names by period
//! (content-format.md, "Publishers over time"), across a merge of provinces.

mod common;
use common::{Site, report};

const PUBLISHERS: &str = "publishers:
  bac-kan:
    name: Sở TTTT Bắc Kạn
    until: 2025-06
    merged_into: thai-nguyen
  thai-nguyen:
    name: Sở TTTT Thái Nguyên
    names: { 2025-07: Sở KH&CN Thái Nguyên }
  quang-ninh:
    name: Sở TTTT Quảng Ninh
    from: 2025-01
    names: { 2025-06: Sở KH&CN Quảng Ninh }
";

fn figures(publisher: &str, total: u32) -> String {
    format!("publisher: {publisher}\nmetrics:\n  fixed-wired: {{ total: {total} }}\n")
}

/// Bắc Kạn reports 2025-05 and 2025-06, then Thái Nguyên reports for both;
/// Quảng Ninh is renamed from 2025-06.
pub fn merged() -> Site {
    let mut files = Vec::new();
    for (month, bk, tn, qn) in [("2025-05", 100, 1000, 500), ("2025-06", 110, 1010, 510)] {
        files.push((format!("content/bk/{month}.md"), report(month, &figures("bac-kan", bk), "Bắc Kạn.\n")));
        files.push((format!("content/tn/{month}.md"), report(month, &figures("thai-nguyen", tn), "Thái Nguyên.\n")));
        files.push((format!("content/qn/{month}.md"), report(month, &figures("quang-ninh", qn), "Quảng Ninh.\n")));
    }
    for (month, tn, qn) in [("2025-07", 1130, 520), ("2025-08", 1140, 530)] {
        files.push((format!("content/tn/{month}.md"), report(month, &figures("thai-nguyen", tn), "Thái Nguyên.\n")));
        files.push((format!("content/qn/{month}.md"), report(month, &figures("quang-ninh", qn), "Quảng Ninh.\n")));
    }
    let refs: Vec<(&str, &str)> = files.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect();
    let site = Site::new(&refs);
    site.write("site.yaml", &format!("{}{PUBLISHERS}", common::SITE_YAML));
    site
}

#[test]
fn a_merged_archive_checks_clean() {
    merged().check().ok();
}

#[test]
fn a_report_outside_its_publishers_months_is_an_error_at_its_period() {
    let site = merged();
    site.write("content/bk/2025-07.md", &report("2025-07", "publisher: bac-kan\n", ""));
    site.write("content/qn/2024-12.md", &report("2024-12", "publisher: quang-ninh\n", ""));
    site.check()
        .failed()
        .has(
            "content/bk/2025-07.md:3:9",
            "period 2025-07 is after publisher `bac-kan` stopped reporting (it reports until 2025-06)",
        )
        .says("`bac-kan` was merged into `thai-nguyen`: write `publisher: thai-nguyen`, or correct the period")
        .has(
            "content/qn/2024-12.md:3:9",
            "period 2024-12 is before publisher `quang-ninh` starts reporting (it reports from 2025-01)",
        )
        .says("correct the period, or the `from`/`until` of `quang-ninh` in site.yaml");
}

#[test]
fn bad_publisher_keys_are_errors_in_site_yaml() {
    let site = merged();
    let yaml = format!(
        "{}publishers:\n  bac-kan: {{ name: A, until: 2025-6x, merged_into: thai-ngyen }}\n  thai-nguyen: {{ name: B, merged_into: bac-kan }}\n",
        common::SITE_YAML
    );
    site.write("site.yaml", &yaml);
    site.check()
        .failed()
        .has("site.yaml:6:30", "`until` \"2025-6x\" is not a month in the form YYYY-MM")
        .has("site.yaml:6:52", "`merged_into: thai-ngyen` of publisher `bac-kan` names no declared publisher")
        .says("did you mean `thai-nguyen`?")
        .has("site.yaml:7:40", "publisher `thai-nguyen` has `merged_into` but no `until`");
}
