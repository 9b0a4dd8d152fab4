//! Figures that change: statuses, revisions and corrections, and no silent
//! change between builds (content-format.md, "Status and revisions").

mod common;
use common::{Site, report};

const JULY: &str =
    "metrics:\n  fixed-wired: { total: 100 }\n  mobile-prepaid: { total: 200 }\n  phone-subscribers: { total: 300 }\n";
/// An estimate whose total does not add up (110 + 210 = 320, not 325).
const AUGUST: &str = "status: estimate\nmetrics:\n  fixed-wired: { total: 110 }\n  mobile-prepaid: { total: 210 }\n  phone-subscribers: { total: 325 }\n";
/// A correction of the total, and a revision of two parts that keeps the sum.
const SEPTEMBER: &str = "number: 301/BC-STTTT\nissued: 2014-09-19\nmetrics:\n  fixed-wired: { total: 112 }\nrevisions:\n  - period: 2014-08\n    indicator: phone-subscribers\n    value: 320\n    kind: correction\n    reason: Cộng sai.\n  - { period: 2014-08, indicator: fixed-wired, measure: total, value: 111, status: final, reason: Số chính thức. }\n  - { period: 2014-08, indicator: mobile-prepaid, value: 209, reason: Số chính thức. }\n";

fn site(language: &str) -> Site {
    let site = Site::new(&[
        ("content/2014/2014-07.md", &report("2014-07", JULY, "Tháng 7.\n")),
        ("content/2014/2014-08.md", &report("2014-08", AUGUST, "Tháng 8.\n")),
        ("content/2014/2014-09.md", &report("2014-09", SEPTEMBER, "Tháng 9.\n")),
    ]);
    site.write("site.yaml", &common::SITE_YAML.replace("language: vi", &format!("language: {language}")));
    site
}

#[test]
fn a_correction_shows_the_latest_figure_and_keeps_the_published_one_vi() {
    let site = site("vi");
    let run = site.build().ok();
    assert!(!run.stderr.contains("sum of its parts"), "the latest figures add up:\n{}", run.stderr);
    let history = site.page("indicators/phone-subscribers/");
    // The 2014-08 row shows the corrected total, marked as an estimate and as revised.
    assert!(
        history.contains("data-measure=\"total\" data-value=\"320\">320<sup class=\"mark mark-estimate\""),
        "{history}"
    );
    assert!(history.contains("title=\"Đã điều chỉnh; số công bố ban đầu: 325\""));
    // The list of revisions: first published → revised, where, when, why.
    assert!(history.contains(
        "<span class=\"published\" title=\"Số công bố ban đầu\">325</span> → <strong class=\"revised\">320</strong>"
    ));
    assert!(history.contains("(đính chính, Ước tính)"));
    assert!(history.contains("href=\"/bao-cao/reports/2014/09/\">Tháng 9/2014 — Báo cáo tháng 2014-09</a>, ngày <time datetime=\"2014-09-19\">19/9/2014</time>"));
    assert!(history.contains("Lý do: Cộng sai."));
    assert!(history.contains("theo số công bố ban đầu"), "the as-published mismatch is noted");
    assert!(history.contains("số ước tính, có thể được điều chỉnh"), "legend");
    assert!(history.contains("class=\"line s0 provisional\""), "dashed segment to the estimate");
    assert!(history.contains("<circle class=\"provisional revised\""), "hollow, revised point");
    // The revised report keeps its figure as published, with a note.
    let august = site.page("reports/2014/08/");
    assert!(august.contains(
        "data-value=\"325\">325<sup class=\"mark mark-estimate\" title=\"Ước tính\"><span aria-hidden=\"true\">ư</span><span class=\"visually-hidden\"> (Ước tính)</span></sup><sup class=\"mark mark-revised\" role=\"note\" title=\"Đã đính chính trong báo cáo tháng 9/2014 (Số 301/BC-STTTT) ngày 19/9/2014 thành 320\">"
    ), "{august}");
    assert!(august.contains("<span class=\"badge-status status-estimate\">Ước tính</span>"));
    assert!(august.contains("Số liệu của báo cáo này đã được điều chỉnh"));
    // The revising report lists what it revised.
    assert!(site.page("reports/2014/09/").contains("Báo cáo này điều chỉnh số liệu đã công bố"));
    // A figure a revision made final is no longer marked as an estimate.
    let fixed = site.page("indicators/fixed-wired/");
    assert!(fixed.contains("data-measure=\"total\" data-value=\"111\">111<sup class=\"mark mark-revised\""), "{fixed}");
}

#[test]
fn a_correction_in_english() {
    let site = site("en");
    site.build().ok();
    let august = site.page("reports/2014/08/");
    assert!(
        august.contains(
            "title=\"Corrected in the report of September 2014 (No. 301/BC-STTTT) on 19 September 2014 to 320\""
        ),
        "{august}"
    );
    assert!(august.contains("<span aria-hidden=\"true\">e</span><span class=\"visually-hidden\"> (Estimate)</span>"));
    let history = site.page("indicators/phone-subscribers/");
    assert!(history.contains("title=\"Revised; as first published: 325\""));
    assert!(history.contains("(correction, Estimate)"));
    assert!(history.contains("Reason: Cộng sai."));
    assert!(history.contains("estimate, may be revised in later reports"));
    assert!(history.contains("as first published: "), "resolved note");
}

#[test]
fn open_data_carries_status_revised_and_the_log() {
    let site = site("vi");
    site.build().ok();
    assert_eq!(
        site.read("public/data/revisions.csv"),
        "\u{feff}period,indicator,measure,published,revised,kind,reason,revised_in,revised_on\r\n\
         2014-08,fixed-wired,total,110,111,revision,Số chính thức.,https://example.gov.vn/bao-cao/reports/2014/09/,2014-09-19\r\n\
         2014-08,mobile-prepaid,total,210,209,revision,Số chính thức.,https://example.gov.vn/bao-cao/reports/2014/09/,2014-09-19\r\n\
         2014-08,phone-subscribers,total,325,320,correction,Cộng sai.,https://example.gov.vn/bao-cao/reports/2014/09/,2014-09-19\r\n"
    );
    assert_eq!(
        site.read("public/data/phone-subscribers.csv"),
        "\u{feff}period,total,status,revised,report_url\r\n\
         2014-07,300,final,,https://example.gov.vn/bao-cao/reports/2014/07/\r\n\
         2014-08,320,estimate,total,https://example.gov.vn/bao-cao/reports/2014/08/\r\n"
    );
    // fixed-wired's revision made the figure final.
    assert!(site.read("public/data/fixed-wired.csv").contains("2014-08,111,final,total,"));
    let json: serde_json::Value = serde_json::from_str(&site.read("public/data/phone-subscribers.json")).unwrap();
    let august = &json["series"][1];
    assert_eq!(august["period"], "2014-08");
    assert_eq!(august["total"], 320);
    assert_eq!(august["published"]["total"], 325);
    assert_eq!(august["status"], "estimate");
    assert_eq!(august["revised"], serde_json::json!(["total"]));
    assert_eq!(json["revisions"][0]["kind"], "correction");
    assert_eq!(json["revisions"][0]["published"], 325);
    // Observations hold the latest figures; the report's own CSV keeps them as published.
    assert!(site.read("public/data/observations.csv").contains("2014-08,phone-subscribers,total,320,"));
    assert!(site.read("public/data/reports/2014-08.csv").contains("2014-08,phone-subscribers,total,325,"));
}

#[test]
fn revisions_of_figures_never_published_are_errors() {
    let site = site("vi");
    let bad = "revisions:\n  - { period: 2014-06, indicator: fixed-wired, value: 1, reason: r }\n  - { period: 2014-08, indicator: fixed-wired, measure: added, value: 1, reason: r }\n  - { period: 2014-08, indicator: mobile-prepaid, value: 209, reason: r }\n  - { period: 2014-10, indicator: fixed-wired, value: 1, reason: r }\n";
    site.write("content/2014/2014-10.md", &report("2014-10", bad, ""));
    let run = site.check().failed();
    run.has("content/2014/2014-10.md:5:15", "this revision names 2014-06 but no report was published for that month")
        .says("did you mean `period: 2014-07`?");
    run.has("content/2014/2014-10.md:6:57", "gives no `added` of `fixed-wired` to revise")
        .says("that report gives `fixed-wired` as: total");
    // 209 is the latest value (September revised 210 to 209).
    run.has("content/2014/2014-10.md:7:58", "the value it already has: 209");
    run.has("content/2014/2014-10.md:8:15", "a revision corrects an earlier month");
    site.write(
        "content/2014/2014-11.md",
        &report("2014-11", "revisions:\n  - { period: 2014-08, indicator: fixed-wire, value: 1, reason: r }\n", ""),
    );
    site.check()
        .failed()
        .has("content/2014/2014-11.md:5:35", "unknown indicator `fixed-wire` in a revision")
        .says("did you mean `fixed-wired`?");
    site.remove("content/2014/2014-11.md");
    // A revision to the value already there alone is a warning: the build goes on.
    site.write(
        "content/2014/2014-10.md",
        &report(
            "2014-10",
            "revisions:\n  - { period: 2014-08, indicator: mobile-prepaid, value: 209, reason: r }\n",
            "",
        ),
    );
    site.build().ok().has("content/2014/2014-10.md:5:58", "the value it already has: 209");
    site.run(&["build", "--strict"]).failed();
}

#[test]
fn a_figure_changed_without_a_revision_is_named() {
    let site = site("vi");
    site.build().ok();
    // A fix typed into a past report, with no revision.
    site.write(
        "content/2014/2014-07.md",
        &report("2014-07", &JULY.replace("fixed-wired: { total: 100 }", "fixed-wired: { total: 101 }"), "Tháng 7.\n"),
    );
    // --strict makes it an error, and the output stays as it was.
    let strict = site.run(&["build", "--strict"]).failed();
    strict.has("content/2014/2014-07.md:5:25", "with no revision to explain it");
    assert!(site.read("public/data/observations.csv").contains("2014-07,fixed-wired,total,100,"));
    let run = site.build().ok();
    run.has(
        "content/2014/2014-07.md:5:25",
        "2014-07: `total` of `fixed-wired` was 100 in the previous build and is now 101, with no revision to explain it",
    );
    assert!(site.read("public/data/observations.csv").contains("2014-07,fixed-wired,total,101,"));
    // The same change made by a revision is explained.
    site.write("content/2014/2014-07.md", &report("2014-07", JULY, "Tháng 7.\n"));
    site.build().ok();
    site.write(
        "content/2014/2014-10.md",
        &report("2014-10", "revisions:\n  - { period: 2014-07, indicator: fixed-wired, value: 101, reason: r }\n", ""),
    );
    let run = site.build().ok();
    assert!(!run.stderr.contains("previous build"), "{}", run.stderr);
    // A figure removed from a published report is named too.
    site.remove("content/2014/2014-10.md");
    site.build().ok();
    site.write(
        "content/2014/2014-07.md",
        &report("2014-07", &JULY.replace("  mobile-prepaid: { total: 200 }\n", ""), ""),
    );
    site.build().ok().has(
        "content/2014/2014-07.md:3:9",
        "`total` of `mobile-prepaid` was 200 in the previous build and is no longer given",
    );
}

#[path = "support/generate/mod.rs"]
mod generate;

mod generated {
    use super::generate::{self, Params};
    use annals::build::BuildOptions;
    use annals::diagnostics::Diagnostics;
    use annals::session::render_output;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 4, ..ProptestConfig::default() })]

        /// Every revision injected into a generated archive is on the
        /// history page, on the revised report's page and in revisions.csv.
        #[test]
        fn every_revision_is_shown_and_logged(seed in 1u64..1000, publishers in 1usize..3, revisions in 1usize..6) {
            let params = Params { years: 1, publishers, indicators: 6, body_bytes: 200, seed, revisions, ..Params::default() };
            let generated = generate::generate(&params);
            prop_assert_eq!(generated.revisions.len(), revisions);
            let dir = tempfile::tempdir().unwrap();
            generate::write(&generated, dir.path()).unwrap();
            let mut diags = Diagnostics::new();
            let (archive, output) =
                render_output(&BuildOptions { root: dir.path().to_path_buf(), ..BuildOptions::default() }, &mut diags)
                    .expect("the archive builds");
            prop_assert!(!diags.has_errors(), "{:?}", diags);
            let text = |path: &str| String::from_utf8(output.get(path).expect(path).to_vec()).unwrap();
            let log = text("data/revisions.csv");
            prop_assert_eq!(log.lines().count(), revisions + 1, "{}", log);
            let base = archive.config.base_url.path.clone();
            for r in &generated.revisions {
                let (history, original, by) = match &r.publisher {
                    Some(p) => (
                        format!("indicators/{}/{p}/index.html", r.indicator),
                        format!("reports/{p}/{:04}/{:02}/index.html", r.period.year, r.period.month),
                        format!("reports/{p}/{:04}/{:02}/", r.by.year, r.by.month),
                    ),
                    None => (
                        format!("indicators/{}/index.html", r.indicator),
                        format!("reports/{:04}/{:02}/index.html", r.period.year, r.period.month),
                        format!("reports/{:04}/{:02}/", r.by.year, r.by.month),
                    ),
                };
                let row = format!(
                    "{}{},{},{},{},{},{},",
                    r.period,
                    r.publisher.as_ref().map(|p| format!(",{p}")).unwrap_or_default(),
                    r.indicator,
                    r.measure,
                    r.published,
                    r.value,
                    r.kind
                );
                prop_assert!(log.contains(&row), "{} not in {}", row, log);
                prop_assert!(log.contains(&archive.config.base_url.absolute(&by)));
                let page = text(&history);
                let cell = format!("data-measure=\"{}\" data-value=\"{}\">", r.measure, r.value);
                prop_assert!(page.contains(&cell), "{} lacks {}", history, cell);
                prop_assert!(page.contains(&format!("href=\"{base}{by}\"")), "{} does not link {}", history, by);
                let report = text(&original);
                prop_assert!(report.contains("mark-revised"), "{} has no revision note", original);
                prop_assert!(report.contains(&format!("href=\"{base}{by}\"")), "{} does not link {}", original, by);
            }
        }
    }
}
