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

#[test]
fn every_page_shows_the_name_of_the_reports_period() {
    let site = merged();
    site.build().ok();
    // Report pages: the name valid in their month.
    let june = site.page("reports/thai-nguyen/2025/06/");
    assert!(june.contains("<a href=\"/bao-cao/reports/thai-nguyen/\">Sở TTTT Thái Nguyên</a>"), "{june}");
    let july = site.page("reports/thai-nguyen/2025/07/");
    assert!(july.contains("<a href=\"/bao-cao/reports/thai-nguyen/\">Sở KH&amp;CN Thái Nguyên</a>"), "{july}");
    assert!(!july.contains("Sở TTTT Thái Nguyên"));
    let qn_may = site.page("reports/quang-ninh/2025/05/");
    assert!(qn_may.contains(">Sở TTTT Quảng Ninh</a>") && !qn_may.contains("Sở KH&amp;CN Quảng Ninh"));
    // Lists: the publisher's year page holds cards of both names.
    let qn_year = site.page("reports/quang-ninh/2025/");
    assert!(qn_year.contains("<span class=\"publisher\">Sở TTTT Quảng Ninh</span>"), "{qn_year}");
    assert!(qn_year.contains("<span class=\"publisher\">Sở KH&amp;CN Quảng Ninh</span>"));
    // The year page: the name of the year's last month, and Bắc Kạn's months after the merge as inactive.
    let year = site.page("reports/2025/");
    assert!(year.contains(">Sở KH&amp;CN Thái Nguyên</a></th>") && year.contains(">Sở TTTT Bắc Kạn</a></th>"));
    let bac_kan_row = year.split("<tr>").find(|row| row.contains("Sở TTTT Bắc Kạn</a></th>")).unwrap();
    assert_eq!(bac_kan_row.matches("class=\"inactive\"").count(), 6, "{bac_kan_row}");
    assert_eq!(bac_kan_row.matches("●").count(), 2);
    let quang_ninh_row = year.split("<tr>").find(|row| row.contains("Quảng Ninh</a></th>")).unwrap();
    assert_eq!(quang_ninh_row.matches("class=\"inactive\"").count(), 0, "from 2025-01: all twelve months expected");
    // The feed names each entry's publisher as it was then.
    let feed = site.read("public/atom.xml");
    assert!(feed.contains("<author><name>Sở KH&amp;CN Thái Nguyên</name></author>"), "{feed}");
    assert!(feed.contains("<author><name>Sở KH&amp;CN Quảng Ninh</name></author>"));
    // The list of publishers: current names, and Bắc Kạn's end and successor.
    let reports = site.page("reports/");
    assert!(reports.contains(">Sở KH&amp;CN Thái Nguyên</a>"));
    assert!(
        reports.contains(
            "Báo cáo đến tháng 6/2025 → <a href=\"/bao-cao/reports/thai-nguyen/\">Sở KH&amp;CN Thái Nguyên</a>"
        ),
        "{reports}"
    );
    // Titles: the publisher's year page is titled with the year's name.
    assert!(site.page("reports/quang-ninh/2025/").contains("<title>Sở KH&amp;CN Quảng Ninh — năm 2025"));
}

#[test]
fn a_publishers_page_lists_its_names_predecessors_and_successor() {
    let site = merged();
    site.build().ok();
    let tn = site.page("reports/thai-nguyen/");
    assert!(tn.contains("<h1 class=\"page-title\">Sở KH&amp;CN Thái Nguyên</h1>"));
    assert!(
        tn.contains(
            "<li><span class=\"name\">Sở TTTT Thái Nguyên</span> <span class=\"when\">(đến tháng 6/2025)</span></li>"
        ),
        "{tn}"
    );
    assert!(tn.contains(
        "<li><span class=\"name\">Sở KH&amp;CN Thái Nguyên</span> <span class=\"when\">(từ tháng 7/2025)</span></li>"
    ));
    assert!(tn.contains("<li data-merged=\"2025-07\"><a href=\"/bao-cao/reports/bac-kan/\">Sở TTTT Bắc Kạn</a> — báo cáo đến tháng 6/2025, sáp nhập từ tháng 7/2025</li>"));
    let bk = site.page("reports/bac-kan/");
    assert!(bk.contains("2 báo cáo · Báo cáo đến tháng 6/2025"));
    assert!(
        bk.contains(
            "Từ tháng 7/2025, sáp nhập vào <a href=\"/bao-cao/reports/thai-nguyen/\">Sở KH&amp;CN Thái Nguyên</a>"
        ),
        "{bk}"
    );
    let qn = site.page("reports/quang-ninh/");
    assert!(qn.contains("Báo cáo từ tháng 1/2025"));
    assert!(qn.contains("(từ tháng 1/2025 đến tháng 5/2025)") && qn.contains("(từ tháng 6/2025)"));
}

#[test]
fn search_cards_carry_the_name_of_their_period() {
    let site = merged();
    site.build().ok();
    let manifest: serde_json::Value =
        serde_json::from_str(&site.read("public/search/index/manifest.json")).expect("manifest is JSON");
    // One entry per name, by id (the order of the documents); the script filters by
    // the id (first item). The prefix the names share is written once (`pn`).
    assert_eq!(manifest["pn"], "Sở ");
    assert_eq!(
        manifest["p"],
        serde_json::json!([
            ["bac-kan", "TTTT Bắc Kạn"],
            ["quang-ninh", "TTTT Quảng Ninh"],
            ["quang-ninh", "KH&CN Quảng Ninh"],
            ["thai-nguyen", "TTTT Thái Nguyên"],
            ["thai-nguyen", "KH&CN Thái Nguyên"],
        ])
    );
    // Documents in (publisher, period) order: bac-kan 2025-05..06, quang-ninh 05 (old
    // name) then 06..08 (new), thai-nguyen 05..06 (old) then 07..08 (new), the indicators;
    // each publisher's from a multiple of 16 ids (gaps between: no publisher, no year).
    // Runs [n, first publisher, first year, gap, counts]:
    assert_eq!(
        manifest["g"],
        serde_json::json!([
            [1, 0, 2025, 14, 2],
            [1, 1, 2025, 0, 1],
            [1, 2, 2025, 12, 3],
            [1, 3, 2025, 0, 2],
            [1, 4, 2025, 15, 2]
        ])
    );
    let page = site.page("search/");
    assert!(page.contains(r#"<option value="thai-nguyen">Sở KH&amp;CN Thái Nguyên</option>"#), "{page}");
    assert_eq!(page.matches(r#"<option value="thai-nguyen">"#).count(), 1);
}

#[test]
fn the_national_total_counts_the_publishers_active_each_month() {
    let site = merged();
    site.build().ok();
    let page = site.page("indicators/fixed-wired/");
    // After the merge Bắc Kạn is not expected: 2025-07 and 2025-08 have a total.
    let total = page.split("<tfoot>").nth(1).unwrap();
    assert!(total.contains("data-value=\"1670\"") && total.contains("datetime=\"2025-08\""), "{total}");
    assert!(total.contains("Tổng của 2 đơn vị"));
    // The chart draws the successor's combined series and no line for its predecessor.
    let legend = page.split("<ul class=\"legend\">").nth(1).unwrap().split("</ul>").next().unwrap();
    assert!(
        legend.contains("Sở KH&amp;CN Thái Nguyên (gộp)") && legend.contains("Sở KH&amp;CN Quảng Ninh"),
        "{legend}"
    );
    assert!(!legend.contains("Bắc Kạn"));
    // The merged publisher's latest figure says who reports now.
    assert!(page.contains(">Sở TTTT Bắc Kạn (Từ tháng 7/2025, sáp nhập vào Sở KH&amp;CN Thái Nguyên)</a>"), "{page}");
}

#[test]
fn a_successors_history_offers_the_combined_series_beside_its_own() {
    let site = merged();
    site.build().ok();
    let page = site.page("indicators/fixed-wired/thai-nguyen/");
    let section = page.split("<section class=\"combined-series\"").nth(1).unwrap().split("</section>").next().unwrap();
    assert!(section.contains("Sở TTTT Bắc Kạn"), "{section}");
    let rows: Vec<&str> = section.split("<tr").skip(2).collect();
    let row = |iso: &str| *rows.iter().find(|r| r.contains(&format!("datetime=\"{iso}\""))).unwrap();
    // Before the merge: its figure plus Bắc Kạn's, marked combined; after: its own.
    assert!(row("2025-05").starts_with(" class=\"is-combined\"") && row("2025-05").contains("data-value=\"1100\""));
    assert!(row("2025-05").contains("(gộp)") && row("2025-05").contains(">1.000</td>"), "{}", row("2025-05"));
    assert!(row("2025-06").contains("data-value=\"1120\""));
    assert!(!row("2025-07").contains("is-combined") && row("2025-07").contains("data-value=\"1130\""));
    assert_eq!(rows.len(), 4);
    // Its own series is still the page's main table and chart.
    assert!(page.contains("data-measure=\"total\" data-value=\"1000\""));
    // Publishers without predecessors have no combined series.
    assert!(!site.page("indicators/fixed-wired/quang-ninh/").contains("combined-series"));
    assert!(!site.page("indicators/fixed-wired/bac-kan/").contains("combined-series"));
}

#[test]
fn open_data_keeps_the_publisher_as_reported_with_its_successor() {
    let site = merged();
    site.build().ok();
    let csv = site.read("public/data/fixed-wired.csv");
    let lines: Vec<&str> = csv.trim_start_matches('\u{feff}').split("\r\n").collect();
    assert_eq!(lines[0], "period,publisher,successor,total,status,revised,report_url");
    assert!(
        lines.contains(
            &"2025-06,bac-kan,thai-nguyen,110,final,,https://example.gov.vn/bao-cao/reports/bac-kan/2025/06/"
        ),
        "{csv}"
    );
    assert!(
        lines.contains(&"2025-06,thai-nguyen,,1010,final,,https://example.gov.vn/bao-cao/reports/thai-nguyen/2025/06/")
    );
    let observations = site.read("public/data/observations.csv");
    assert!(observations.contains("period,publisher,successor,indicator,measure,value,report_url\r\n"));
    assert!(observations.contains("2025-05,bac-kan,thai-nguyen,fixed-wired,total,100,"));
    assert!(
        site.read("public/data/reports/bac-kan/2025-05.csv")
            .contains("2025-05,bac-kan,thai-nguyen,fixed-wired,total,100,")
    );
    let json: serde_json::Value = serde_json::from_str(&site.read("public/data/fixed-wired.json")).unwrap();
    let first = &json["series"][0];
    assert_eq!((first["publisher"].as_str(), first["successor"].as_str()), (Some("bac-kan"), Some("thai-nguyen")));
    assert!(json["series"][2].get("successor").is_none(), "{}", json["series"][2]);
}

#[test]
fn sites_without_merges_keep_their_columns() {
    let site = merged();
    site.write(
        "site.yaml",
        &format!(
            "{}publishers:\n  bac-kan: {{ name: A }}\n  thai-nguyen: {{ name: B }}\n  quang-ninh: {{ name: C }}\n",
            common::SITE_YAML
        ),
    );
    site.build().ok();
    assert!(
        site.read("public/data/fixed-wired.csv")
            .starts_with("\u{feff}period,publisher,total,status,revised,report_url\r\n")
    );
}

#[test]
fn continuity_across_a_merge_counts_the_predecessors_last_totals() {
    let site = merged();
    // Thái Nguyên's July: its June 1010 + Bắc Kạn's June 110 + 20 added = 1140, not 1130.
    let july = "publisher: thai-nguyen\nmetrics:\n  fixed-wired: { added: 20, removed: 0, total: 1140 }\n";
    site.write("content/tn/2025-07.md", &report("2025-07", july, "Thái Nguyên.\n"));
    let run = site.check().ok();
    assert!(!run.stderr.contains("warning:"), "{}", run.stderr);
    let wrong = "publisher: thai-nguyen\nmetrics:\n  fixed-wired: { added: 20, removed: 0, total: 1030 }\n";
    site.write("content/tn/2025-07.md", &report("2025-07", wrong, "Thái Nguyên.\n"));
    site.check().ok().says(
        "2025-07 (thai-nguyen): `total` of `fixed-wired` is 1030, but the total of 2025-06 (1120) + added (20) − removed (0) is 1140: difference -110",
    );
}

#[test]
fn coverage_shows_a_merged_publishers_later_months_as_inactive() {
    let site = merged();
    site.build().ok();
    let page = site.page("coverage/");
    let row = page
        .split("<tr>")
        .filter(|row| row.contains("cov-reported"))
        .find(|row| row.contains("/reports/bac-kan/\""))
        .unwrap();
    assert_eq!(row.matches("class=\"cov-inactive\"").count(), 2, "{row}");
    assert!(row.contains("Sở TTTT Bắc Kạn, tháng 7/2025: Ngoài kỳ hoạt động của đơn vị"));
    assert!(!row.contains("cov-missing"));
    assert!(page.contains("<span class=\"cov cov-inactive\" aria-hidden=\"true\">–</span> Ngoài kỳ hoạt động"));
    assert!(!page.contains("class=\"cov-missing\""), "nobody is missing across the merge");
}
