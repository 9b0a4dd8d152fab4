//! The national view, the reporting coverage, per-publisher data, and what
//! writers see: on small sites built by the real binary.

mod common;
use common::{SITE_YAML, Site, report};

const PUBLISHERS: &str =
    "publishers:\n  a: { name: Sở TTTT Tỉnh A }\n  b: { name: Sở TTTT Tỉnh B }\n  c: { name: Sở TTTT Tỉnh C }\n";

fn national_site(due: &str) -> Site {
    let r = |p: &str, period: &str, issued: &str, total: u32| {
        (
            format!("content/{p}/{period}.md"),
            report(
                period,
                &format!("publisher: {p}\nissued: {issued}\nmetrics:\n  fixed-wired: {{ total: {total} }}\n"),
                "Nội dung.\n",
            ),
        )
    };
    let files = [
        r("a", "2014-07", "2014-07-10", 100),
        r("b", "2014-07", "2014-07-25", 200),
        r("c", "2014-07", "2014-07-15", 300),
        r("a", "2014-08", "2014-08-10", 110),
        r("b", "2014-08", "2014-08-12", 220),
    ];
    let files: Vec<(&str, &str)> = files.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect();
    let site = Site::new(&files);
    site.write("site.yaml", &format!("{SITE_YAML}{PUBLISHERS}{due}"));
    site
}

#[test]
fn home_gives_the_sum_of_the_latest_complete_month_and_the_count_of_the_latest() {
    let site = national_site("");
    site.build().ok();
    let home = site.page("");
    // July: every publisher reported, 100 + 200 + 300.
    assert!(home.contains("<data value=\"600\">600</data>"), "{home}");
    assert!(home.contains("Tổng của 3 đơn vị"), "{home}");
    // August: two of three, no sum, their range.
    assert!(home.contains("Tháng 8/2014: 2/3 đơn vị đã báo cáo: từ 110 đến 220"), "{home}");
    assert!(!home.contains("330"), "a partial month is never summed: {home}");
    // Every publisher named with its latest report; C is behind.
    for name in ["Sở TTTT Tỉnh A", "Sở TTTT Tỉnh B", "Sở TTTT Tỉnh C"] {
        assert!(home.contains(&format!(">{name}</a></h3>")), "{name}");
    }
    assert_eq!(home.matches("<li class=\"behind\">").count(), 1);
    assert!(home.contains("href=\"/bao-cao/coverage/\""));
    let index = site.page("indicators/");
    assert!(index.contains(">600<"), "{index}");
}

#[test]
fn coverage_says_on_time_late_and_missing_against_the_due_date() {
    let site = national_site("due: { day: 20, month: same }\n");
    site.build().ok();
    let page = site.page("coverage/");
    assert!(page.contains("Hạn nộp: ngày 20 của chính tháng báo cáo."), "{page}");
    assert!(page.contains("Sở TTTT Tỉnh B, tháng 7/2014: Muộn, muộn 5 ngày"), "{page}");
    assert!(page.contains("<span aria-hidden=\"true\">+5</span>"), "{page}");
    assert!(page.contains("Sở TTTT Tỉnh A, tháng 8/2014: Đúng hạn"), "{page}");
    assert!(page.contains("Sở TTTT Tỉnh C, tháng 8/2014: Thiếu"), "{page}");
    assert_eq!(page.matches("<td class=\"cov-missing\">").count(), 1);
    let without = national_site("");
    without.build().ok();
    let page = without.page("coverage/");
    assert!(!page.contains("cov-on-time") && !page.contains("cov-late"), "no due: only reported or missing");
    assert!(page.contains("Sở TTTT Tỉnh B, tháng 7/2014: Đã báo cáo"), "{page}");
}

#[test]
fn a_due_that_is_not_a_day_is_an_error_at_its_value() {
    let site = national_site("due: { day: 40, month: next }\n");
    site.check().failed().has("site.yaml:9:13", "due day \"40\" is not a day of the month").says("from 1 to 31");
    site.write("site.yaml", &format!("{SITE_YAML}{PUBLISHERS}due: {{ day: 20, month: later }}\n"));
    site.check().failed().has("site.yaml:9:24", "due month \"later\" is neither `next` nor `same`");
}

#[test]
fn each_publisher_has_its_own_data_and_the_comparison_its_table() {
    let site = national_site("");
    site.build().ok();
    let own = site.read("public/data/fixed-wired/publishers/b.csv");
    assert!(own.contains("2014-07,b,200,") && own.contains("2014-08,b,220,") && !own.contains(",a,"), "{own}");
    let json = site.read("public/data/fixed-wired/publishers/b.json");
    assert!(
        json.contains("\"csv_url\": \"https://example.gov.vn/bao-cao/data/fixed-wired/publishers/b.csv\""),
        "{json}"
    );
    let wide = site.read("public/data/fixed-wired/by-publisher.csv");
    assert_eq!(wide.trim_start_matches('\u{feff}'), "period,a,b,c\r\n2014-07,100,200,300\r\n2014-08,110,220,\r\n");
    let history = site.page("indicators/fixed-wired/b/");
    assert!(history.contains("href=\"/bao-cao/data/fixed-wired/publishers/b.csv\""), "{history}");
    assert!(history.contains("Số liệu trong báo cáo (như văn bản gốc)") && history.contains("Do trang lưu trữ tính"));
    let comparison = site.page("indicators/fixed-wired/");
    assert!(comparison.contains("href=\"/bao-cao/data/fixed-wired/by-publisher.csv\""));
    assert!(comparison.contains("<abbr title=\"Sở TTTT Tỉnh A\">A</abbr>"), "{comparison}");
    assert!(comparison.contains("name=\"p\" value=\"c\""), "the reader may choose the lines");
    assert!(comparison.contains("href=\"#data-heading\"") && comparison.contains("id=\"about-heading\""));
}

#[test]
fn comments_are_dropped_and_raw_html_is_warned_at_its_place() {
    let body = "Đoạn một.\n\n<!-- ghi chú của người viết -->\n\nChữ <b>đậm</b> ở đây.\n";
    let site = Site::new(&[("content/2014/2014-08.md", &report("2014-08", "", body))]);
    site.check().ok().has("content/2014/2014-08.md:9:5", "raw HTML \"<b>\" is shown to readers as text");
    let run = site.check();
    assert!(!run.stderr.contains("ghi chú"), "a comment is not warned about:\n{}", run.stderr);
    site.build().ok();
    let page = site.page("reports/2014/08/");
    assert!(!page.contains("ghi chú của người viết") && !page.contains("&lt;!--"), "{page}");
    assert!(page.contains("&lt;b&gt;đậm&lt;/b&gt;"));
}

#[test]
fn build_names_a_way_to_look_at_the_site_that_works() {
    let site = Site::new(&[("content/2014/2014-08.md", &report("2014-08", "", "Nội dung.\n"))]);
    let run = site.build().ok();
    assert!(run.stderr.contains("annals serve --root"), "{}", run.stderr);
    assert!(!run.stderr.contains("Open "), "{}", run.stderr);
}
