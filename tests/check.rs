//! `annals check`: one test per rule of the contract, asserting the message,
//! its file:line:column and the fix it suggests.

mod common;
use common::{Site, report};

fn site_with_report(extra: &str) -> Site {
    Site::new(&[("content/2014/2014-08.md", &report("2014-08", extra, "Nội dung.\n"))])
}

#[test]
fn a_clean_site_passes() {
    let site = site_with_report("metrics:\n  fixed-wired: { added: 1, total: 10 }\n");
    let run = site.check().ok();
    run.says("Checked 1 report: no errors.");
}

#[test]
fn unknown_key_in_site_yaml_names_the_nearest() {
    let site = site_with_report("");
    site.write("site.yaml", &format!("{}feed_limt: 10\n", common::SITE_YAML));
    site.check()
        .failed()
        .has("site.yaml:5:1", "unknown key `feed_limt` in site.yaml")
        .says("did you mean `feed_limit`?");
}

#[test]
fn unknown_front_matter_key() {
    site_with_report("sumary: x\n")
        .check()
        .failed()
        .has("content/2014/2014-08.md:4:1", "unknown key `sumary` in the front matter")
        .says("did you mean `summary`?");
}

#[test]
fn unknown_indicator_suggests_the_nearest() {
    site_with_report("metrics:\n  fixed-wird: { total: 5 }\n")
        .check()
        .failed()
        .has("content/2014/2014-08.md:5:3", "unknown indicator `fixed-wird`")
        .says("did you mean `fixed-wired`?");
}

#[test]
fn unknown_measure_suggests_the_nearest() {
    site_with_report("metrics:\n  fixed-wired: { totl: 5 }\n")
        .check()
        .failed()
        .has("content/2014/2014-08.md:5:18", "unknown measure `totl` for indicator `fixed-wired`")
        .says("did you mean `total`?");
}

#[test]
fn number_written_as_text_shows_the_plain_number() {
    site_with_report("metrics:\n  fixed-wired: { total: \"1.727.388\" }\n")
        .check()
        .failed()
        .has(
            "content/2014/2014-08.md:5:25",
            "`total` of `fixed-wired` is written as text \"1.727.388\", not as a number",
        )
        .says("write `total: 1727388`");
    site_with_report("metrics:\n  fixed-wired: { total: \"135,368\" }\n")
        .check()
        .failed()
        .has("content/2014/2014-08.md:5:25", "\"135,368\"")
        .says("write `total: 135368`");
}

#[test]
fn dot_as_thousands_separator_in_a_count() {
    site_with_report("metrics:\n  fixed-wired: { total: 135.368 }\n")
        .check()
        .failed()
        .has(
            "content/2014/2014-08.md:5:25",
            "`total` of `fixed-wired` is 135.368, a decimal number, but it counts whole units",
        )
        .says("write `total: 135368`");
}

#[test]
fn decimals_are_fine_where_the_measure_is_not_whole() {
    site_with_report("metrics:\n  fixed-wired: { per_100_people: 12.5 }\n").check().ok();
}

#[test]
fn indicator_integer_overrides_the_measure() {
    let site = site_with_report("metrics:\n  fines: { total: 12.5 }\n");
    site.write(
        "content/indicators.yaml",
        &format!("{}  fines: {{ name: Tiền phạt, integer: false }}\n", common::REGISTRY),
    );
    site.check().ok();
}

#[test]
fn bad_period() {
    site_with_report("").check().ok();
    let site = Site::new(&[("content/a.md", "---\ntitle: x\nperiod: 8/2014\n---\n")]);
    site.check()
        .failed()
        .has("content/a.md:3:9", "period \"8/2014\" is not a month in the form YYYY-MM")
        .says("write `period: 2014-08`");
    let site = Site::new(&[("content/a.md", "---\ntitle: x\nperiod: 2014-13\n---\n")]);
    site.check().failed().has("content/a.md:3:9", "period \"2014-13\" is not a month");
}

#[test]
fn missing_period_and_title() {
    let site = Site::new(&[("content/a.md", "---\nnumber: 1\n---\n")]);
    site.check().failed().says("this report has no `period`").says("this report has no `title`");
}

#[test]
fn bad_date() {
    site_with_report("issued: 2014-02-30\n")
        .check()
        .failed()
        .has("content/2014/2014-08.md:4:9", "issued \"2014-02-30\" is not a date")
        .says("YYYY-MM-DD");
}

#[test]
fn duplicate_period_names_both_files() {
    let site = Site::new(&[
        ("content/2014/2014-08.md", &report("2014-08", "", "")),
        ("content/old/bao-cao-thang-8.md", &report("2014-08", "", "")),
    ]);
    site.check()
        .failed()
        .has("content/old/bao-cao-thang-8.md:3:9", "period 2014-08 is also the period of content/2014/2014-08.md");
}

#[test]
fn invalid_yaml_is_located() {
    site_with_report("tags: [a, b\nplace: x\n")
        .check()
        .failed()
        .says("content/2014/2014-08.md:")
        .says("not valid YAML");
}

#[test]
fn a_file_that_is_not_utf8() {
    let site = Site::new(&[]);
    site.write_bytes("content/a.md", b"---\ntitle: x\nperiod: 2014-08\nplace: Qu\xe1ng Ninh\n---\n");
    site.check().failed().has("content/a.md:4:10", "this file is not UTF-8 text").says("save it again as UTF-8");
}

#[test]
fn a_report_without_front_matter() {
    Site::new(&[("content/a.md", "Chỉ có nội dung.\n")])
        .check()
        .failed()
        .has("content/a.md:1:1", "this report has no front matter");
}

#[test]
fn an_indicator_id_that_is_not_a_slug() {
    let site = site_with_report("");
    site.write("content/indicators.yaml", "measures:\n  total: {}\nindicators:\n  Fixed_Wired: { name: X }\n");
    site.check()
        .failed()
        .has("content/indicators.yaml:4:3", "indicator id \"Fixed_Wired\" is not a slug")
        .says("e.g. `fixed-wired`");
}

#[test]
fn a_key_given_twice_names_both_lines() {
    site_with_report(
        "metrics:\n  fixed-wired: { total: 5 }\n  mobile-prepaid: { total: 6 }\n  fixed-wired: { total: 7 }\n",
    )
    .check()
    .failed()
    .has("content/2014/2014-08.md:7:3", "key `fixed-wired` is given twice in `metrics`: on line 5 and on line 7");
    site_with_report("metrics:\n  fixed-wired: { total: 5, total: 6 }\n")
        .check()
        .failed()
        .has("content/2014/2014-08.md:5:28", "key `total` is given twice");
}

#[test]
fn non_finite_values() {
    for value in [".nan", ".inf", "-.inf", ".NaN"] {
        site_with_report(&format!("metrics:\n  fixed-wired: {{ total: {value} }}\n")).check().failed().has(
            "content/2014/2014-08.md:5:25",
            &format!("`total` of `fixed-wired` is {value}, which is not a number"),
        );
    }
}

#[test]
fn oversized_and_deep_input_is_refused() {
    let big_front = format!("---\ntitle: x\nperiod: 2014-08\nsummary: \"{}\"\n---\n", "a".repeat(70 * 1024));
    Site::new(&[("content/a.md", &big_front)]).check().failed().has("content/a.md:1:1", "larger than 64 KiB");
    let site = Site::new(&[]);
    site.write("content/big.md", &format!("---\ntitle: x\nperiod: 2014-08\n---\n{}", "x".repeat(11 * 1024 * 1024)));
    site.check().failed().has("content/big.md", "files over 10 MiB are not read");
    let deep = format!("---\ntitle: x\nperiod: 2014-08\ntags: {}1{}\n---\n", "[".repeat(100), "]".repeat(100));
    Site::new(&[("content/a.md", &deep)]).check().failed().says("nesting deeper than 64 levels");
}

#[test]
fn every_problem_in_one_run() {
    let site = Site::new(&[
        ("content/a.md", &report("2014-08", "sumary: x\nmetrics:\n  fixed-wird: 5\n", "")),
        ("content/b.md", &report("2014-09", "issued: yesterday\n", "")),
    ]);
    let run = site.check().failed();
    run.has("content/a.md:4:1", "unknown key `sumary`")
        .has("content/a.md:6:3", "unknown indicator `fixed-wird`")
        .has("content/b.md:4:9", "issued \"yesterday\" is not a date")
        .says("3 errors, 0 warnings in 2 files");
}

#[test]
fn sum_of_mismatch_is_a_warning_with_both_figures() {
    let site = site_with_report(
        "metrics:\n  fixed-wired: { total: 100 }\n  mobile-prepaid: { total: 50 }\n  phone-subscribers: { total: 140 }\n",
    );
    let run = site.check().ok();
    run.has(
        "content/2014/2014-08.md:7:31",
        "2014-08: `total` of `phone-subscribers` is 140, but the sum of its parts (fixed-wired + mobile-prepaid) is 150: difference -10",
    );
    let strict = site.run(&["check", "--strict"]);
    assert_eq!(strict.status, 1, "{}", strict.stderr);
}

#[test]
fn continuity_break_is_a_warning() {
    let site = Site::new(&[
        ("content/a.md", &report("2014-07", "metrics:\n  fixed-wired: { total: 1000 }\n", "")),
        ("content/b.md", &report("2014-08", "metrics:\n  fixed-wired: { added: 10, removed: 5, total: 1010 }\n", "")),
    ]);
    site.check().ok().has(
        "content/b.md:5:48",
        "2014-08: `total` of `fixed-wired` is 1010, but the total of 2014-07 (1000) + added (10) − removed (5) is 1005: difference +5",
    );
}

#[test]
fn no_warning_when_figures_add_up() {
    let site = Site::new(&[
        ("content/a.md", &report("2014-07", "metrics:\n  fixed-wired: { total: 1000 }\n", "")),
        ("content/b.md", &report("2014-08", "metrics:\n  fixed-wired: { added: 10, removed: 5, total: 1005 }\n", "")),
    ]);
    let run = site.check().ok();
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
}

#[test]
fn json_diagnostics_carry_locations() {
    let site = site_with_report("sumary: x\n");
    let run = site.run(&["check", "--format", "json"]);
    assert_eq!(run.status, 1);
    let value: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON on stdout");
    let first = &value["diagnostics"][0];
    assert_eq!(first["file"], "content/2014/2014-08.md");
    assert_eq!(first["line"], 4);
    assert_eq!(first["column"], 1);
    assert_eq!(first["severity"], "error");
    assert_eq!(first["message"], "unknown key `sumary` in the front matter");
    assert_eq!(value["errors"], 1);
}

#[test]
fn build_refuses_on_errors_with_the_same_messages() {
    let site = site_with_report("sumary: x\n");
    site.build().failed().has("content/2014/2014-08.md:4:1", "unknown key `sumary`").says("Nothing was written");
    assert!(!site.path("public").exists());
}

#[test]
fn a_missing_site_yaml_says_what_to_do() {
    let site = Site::empty();
    site.check().failed().says("site.yaml").says("annals init");
}

#[test]
fn figures_need_a_registry() {
    let site = Site::new(&[("content/a.md", &report("2014-08", "metrics:\n  fixed-wired: 5\n", ""))]);
    site.remove("content/indicators.yaml");
    site.check()
        .failed()
        .has("content/a.md:5:3", "unknown indicator `fixed-wired`")
        .says("declare it in content/indicators.yaml");
}

#[test]
fn crlf_and_bom_are_accepted() {
    let text = "\u{feff}---\r\ntitle: x\r\nperiod: 2014-08\r\nsumary: y\r\n---\r\nBody\r\n";
    Site::new(&[("content/a.md", text)]).check().failed().has("content/a.md:4:1", "unknown key `sumary`");
}
