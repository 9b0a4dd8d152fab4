//! Several publishers in one archive: URLs, per-publisher pages and
//! histories, totals over publishers, checks per publisher, errors.

mod common;
use common::{Site, report};

const PUBLISHERS: &str =
    "publishers:\n  quang-ninh: { name: Sở TTTT Quảng Ninh }\n  ha-noi: { name: Sở TTTT Hà Nội }\n";

fn figures(publisher: &str, total: u32, added: u32) -> String {
    format!("publisher: {publisher}\nmetrics:\n  fixed-wired: {{ added: {added}, removed: 0, total: {total} }}\n")
}

fn ministry() -> Site {
    let site = Site::new(&[
        ("content/qn/2014-07.md", &report("2014-07", &figures("quang-ninh", 1000, 0), "Quảng Ninh tháng 7.\n")),
        ("content/qn/2014-08.md", &report("2014-08", &figures("quang-ninh", 1010, 10), "Quảng Ninh tháng 8.\n")),
        ("content/hn/2014-07.md", &report("2014-07", &figures("ha-noi", 5000, 0), "Hà Nội tháng 7.\n")),
        ("content/hn/2014-08.md", &report("2014-08", &figures("ha-noi", 5020, 20), "Hà Nội tháng 8.\n")),
        ("content/hn/2013-12.md", &report("2013-12", &figures("ha-noi", 4900, 0), "Hà Nội tháng 12.\n")),
    ]);
    site.write("site.yaml", &format!("{}{PUBLISHERS}", common::SITE_YAML));
    site
}

#[test]
fn reports_live_under_their_publisher() {
    let site = ministry();
    let run = site.build().ok();
    // Figures add up per publisher; the only warning is Hà Nội's missing months.
    assert_eq!(run.stderr.matches("warning:").count(), 1, "{}", run.stderr);
    run.says("2014-07 (ha-noi): `fixed-wired` has no figure for 2014-01 to 2014-06 (6 months)");
    for page in ["reports/quang-ninh/2014/08/", "reports/ha-noi/2014/07/", "reports/ha-noi/2013/12/"] {
        assert!(site.path(&format!("public/{page}index.html")).is_file(), "{page}");
    }
    assert!(!site.path("public/reports/2014/08").exists(), "no publisher-less report URL");
    let page = site.page("reports/ha-noi/2014/08/");
    assert!(page.contains("Sở TTTT Hà Nội") && page.contains("href=\"/bao-cao/reports/ha-noi/\""));
    // Previous and next stay within the publisher.
    assert!(page.contains("rel=\"prev\" href=\"/bao-cao/reports/ha-noi/2014/07/\""));
    let july = site.page("reports/ha-noi/2014/07/");
    assert!(july.contains("rel=\"prev\" href=\"/bao-cao/reports/ha-noi/2013/12/\""));
    assert!(july.contains("rel=\"next\" href=\"/bao-cao/reports/ha-noi/2014/08/\""));
}

#[test]
fn each_publisher_has_its_archive_pages() {
    let site = ministry();
    site.build().ok();
    let hanoi = site.page("reports/ha-noi/");
    assert!(hanoi.contains("<h1 class=\"page-title\">Sở TTTT Hà Nội</h1>") && hanoi.contains("3 báo cáo"));
    assert!(hanoi.contains("href=\"/bao-cao/reports/ha-noi/2014/08/\"") && !hanoi.contains("/reports/quang-ninh/2014"));
    assert!(hanoi.contains("href=\"/bao-cao/indicators/fixed-wired/ha-noi/\""));
    let year = site.page("reports/ha-noi/2014/");
    assert!(year.contains("2 báo cáo") && year.contains("rel=\"prev\" href=\"/bao-cao/reports/ha-noi/2013/\""));
    let all = site.page("reports/");
    assert!(all.contains("href=\"/bao-cao/reports/quang-ninh/\"") && all.contains("href=\"/bao-cao/reports/ha-noi/\""));
    // The year page: publishers × months, each cell a link to the report.
    let year_2014 = site.page("reports/2014/");
    assert!(year_2014.contains("class=\"year-matrix\""));
    assert!(
        year_2014.contains("href=\"/bao-cao/reports/quang-ninh/2014/07/\"")
            && year_2014.contains("href=\"/bao-cao/reports/ha-noi/2014/08/\"")
    );
}

#[test]
fn histories_per_publisher_and_totals_over_publishers() {
    let site = ministry();
    site.build().ok();
    let qn = site.page("indicators/fixed-wired/quang-ninh/");
    assert!(
        qn.contains("data-value=\"1010\"") && qn.contains("data-value=\"1000\"") && !qn.contains("data-value=\"5020\"")
    );
    let compare = site.page("indicators/fixed-wired/");
    // Latest of each publisher, and their total in August 2014 (1010 + 5020).
    assert!(compare.contains("href=\"/bao-cao/indicators/fixed-wired/ha-noi/\""));
    assert!(compare.contains(">6.030<") && compare.contains("data-value=\"6030\""), "total of the latest month");
    assert!(compare.contains("Tổng của 2 đơn vị"));
    let csv = site.read("public/data/fixed-wired.csv");
    let header = csv.trim_start_matches('\u{feff}').lines().next().unwrap().to_string();
    assert!(header.starts_with("period,publisher,"), "{header}");
    assert!(csv.contains("2014-08,ha-noi,20,0,5020,"), "{csv}");
    let observations = site.read("public/data/observations.csv");
    assert!(observations.contains("ha-noi") && observations.contains("quang-ninh"));
}

#[test]
fn checks_run_per_publisher() {
    let site = ministry();
    // Hà Nội's August total no longer follows from July; Quảng Ninh's still does.
    site.remove("content/hn/2013-12.md");
    site.write("content/hn/2014-08.md", &report("2014-08", &figures("ha-noi", 5025, 20), ""));
    let run = site.check().ok();
    run.has("content/hn/2014-08.md:6:48", "2014-08 (ha-noi): `total` of `fixed-wired` is 5025, but the total of 2014-07 (5000) + added (20) − removed (0) is 5020: difference +5");
    assert_eq!(run.stderr.matches("warning:").count(), 1, "{}", run.stderr);
}

#[test]
fn unknown_or_missing_publishers_are_errors() {
    let site = ministry();
    site.write("content/x.md", &report("2014-09", "publisher: ha-nio\n", ""));
    site.write("content/y.md", &report("2014-09", "", ""));
    site.check()
        .failed()
        .has("content/x.md:4:12", "publisher \"ha-nio\" is not declared in site.yaml")
        .says("did you mean `ha-noi`?")
        .has("content/y.md:2:1", "this report names no `publisher`, and site.yaml declares several");
}

#[test]
fn the_same_month_of_two_publishers_is_not_a_duplicate_but_twice_in_one_is() {
    let site = ministry();
    site.check().ok();
    site.write("content/hn/again.md", &report("2014-08", "publisher: ha-noi\n", ""));
    site.check().failed().says("period 2014-08 of publisher `ha-noi` is also the period of content/hn/2014-08.md");
}
