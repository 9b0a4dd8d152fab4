//! Indicators end to end, on generated archives: every figure on every
//! history page, CSV and JSON equals the front matter it came from; the
//! open data parses back to the same numbers; the checks fire on injected
//! mismatches and nowhere else; every SVG is well-formed XML; pages use the
//! site language's formats.

#[path = "support/generate/mod.rs"]
mod generate;

use std::collections::BTreeSet;

use annals::archive::Archive;
use annals::build::BuildOptions;
use annals::diagnostics::Diagnostics;
use annals::output::Output;
use annals::session::render_output;
use generate::{Expected, Generated, Params, indicator_id};
use proptest::prelude::*;

fn build(params: &Params) -> (Generated, Archive, Output) {
    let generated = generate::generate(params);
    let dir = tempfile::tempdir().unwrap();
    generate::write(&generated, dir.path()).unwrap();
    let options = BuildOptions { root: dir.path().to_path_buf(), ..BuildOptions::default() };
    let mut diags = Diagnostics::new();
    let (archive, output) = render_output(&options, &mut diags).unwrap_or_else(|| panic!("build failed: {diags:?}"));
    assert!(!diags.has_errors(), "{diags:?}");
    (generated, archive, output)
}

fn text(output: &Output, path: &str) -> String {
    let bytes = output.get(path).unwrap_or_else(|| panic!("{path} was not built"));
    String::from_utf8(bytes.to_vec()).unwrap()
}

fn plain(value: f64) -> String {
    annals::text::plain(value)
}

/// The value of `name="…"` after `from` in `html`.
fn attribute<'a>(html: &'a str, name: &str) -> Option<&'a str> {
    let start = html.find(&format!("{name}=\""))? + name.len() + 2;
    let end = html[start..].find('"')?;
    Some(&html[start..start + end])
}

/// The rows of a history table: period → [(measure, machine value, shown text)].
/// (measure, machine value, shown text).
type HistoryCell = (String, String, String);

fn history_rows(html: &str) -> Vec<(String, Vec<HistoryCell>)> {
    let table = &html[html.find("<table class=\"metrics history\">").expect("history table")..];
    let table = &table[..table.find("</table>").unwrap()];
    let body = &table[table.find("<tbody>").unwrap()..];
    let mut rows = Vec::new();
    for row in body.split("<tr").skip(1) {
        if row.starts_with(" class=\"gap\"") {
            continue;
        }
        let period = attribute(row, "datetime").unwrap().to_string();
        let mut cells = Vec::new();
        for cell in row.split("<td").skip(1) {
            let Some(measure) = attribute(cell, "data-measure") else { continue };
            let Some(value) = attribute(cell, "data-value") else { continue };
            let shown = &cell[cell.find('>').unwrap() + 1..];
            let shown = &shown[..shown.find('<').unwrap()];
            cells.push((measure.to_string(), value.to_string(), shown.to_string()));
        }
        rows.push((period, cells));
    }
    rows
}

fn read_csv(bytes: &[u8]) -> (Vec<String>, Vec<Vec<String>>) {
    let body = bytes.strip_prefix("\u{feff}".as_bytes()).expect("CSV starts with a byte-order mark");
    let mut reader = csv::Reader::from_reader(body);
    let header = reader.headers().unwrap().iter().map(str::to_string).collect();
    let rows = reader.records().map(|r| r.unwrap().iter().map(str::to_string).collect()).collect();
    (header, rows)
}

/// Every figure of the generated archive: (period, indicator, measure, value).
fn figures(generated: &Generated) -> BTreeSet<(String, String, String, String)> {
    generated
        .reports
        .iter()
        .flat_map(|r| {
            r.figures.iter().map(|f| (r.period.to_string(), f.indicator.clone(), f.measure.to_string(), plain(f.value)))
        })
        .collect()
}

fn assert_history_pages(generated: &Generated, archive: &Archive, output: &Output) {
    let locale = annals::locale::Locale::new(archive.config.language);
    let mut seen = BTreeSet::new();
    for indicator in &archive.registry.indicators {
        let html = text(output, &format!("indicators/{}/index.html", indicator.id));
        if !html.contains("<table class=\"metrics history\">") {
            assert!(generated.reports.iter().all(|r| r.figures.iter().all(|f| f.indicator != indicator.id)));
            continue;
        }
        for (period, cells) in history_rows(&html) {
            for (measure, value, shown) in cells {
                let want = generated.value(&period, &indicator.id, &measure).unwrap_or_else(|| {
                    panic!("{} {period} {measure}: on the page but not in the front matter", indicator.id)
                });
                assert_eq!(value, plain(want), "{} {period} {measure}", indicator.id);
                let unit = archive.registry.measure(&measure).and_then(|m| m.unit.as_deref());
                assert_eq!(shown, locale.value_with_unit(want, unit), "{} {period} {measure}", indicator.id);
                seen.insert((period.clone(), indicator.id.clone(), measure, value));
            }
        }
    }
    assert_eq!(seen, figures(generated), "history pages show every figure, once");
}

fn assert_open_data(generated: &Generated, archive: &Archive, output: &Output) {
    let all = figures(generated);
    let base = "https://example.gov.vn/bao-cao/reports/";
    // observations.csv: exactly the figures of the front matter.
    let (header, rows) = read_csv(output.get("data/observations.csv").unwrap());
    assert_eq!(header, ["period", "indicator", "measure", "value", "report_url"]);
    let mut observed = BTreeSet::new();
    for row in &rows {
        let value: f64 = row[3].parse().unwrap();
        assert_eq!(row[3], plain(value), "plain machine number");
        assert_eq!(row[4], format!("{base}{}/{}/", &row[0][..4], &row[0][5..]));
        observed.insert((row[0].clone(), row[1].clone(), row[2].clone(), plain(value)));
    }
    assert_eq!(observed.len(), rows.len(), "no figure twice");
    assert_eq!(observed, all);
    for indicator in &archive.registry.indicators {
        let id = &indicator.id;
        let mine: Vec<_> = all.iter().filter(|f| &f.1 == id).collect();
        let measures: Vec<&str> = archive
            .registry
            .measures
            .iter()
            .map(|m| m.id.as_str())
            .filter(|m| mine.iter().any(|f| f.2 == *m))
            .collect();
        let (header, rows) = read_csv(output.get(&format!("data/{id}.csv")).unwrap());
        let mut want_header = vec!["period"];
        want_header.extend(&measures);
        want_header.extend(["status", "revised", "report_url"]);
        assert_eq!(header, want_header, "{id}.csv header");
        let mut from_csv = BTreeSet::new();
        for row in &rows {
            for (measure, cell) in measures.iter().zip(&row[1..]) {
                if !cell.is_empty() {
                    let value: f64 = cell.parse().unwrap();
                    from_csv.insert((row[0].clone(), id.clone(), measure.to_string(), plain(value)));
                }
            }
        }
        let mine: BTreeSet<_> = mine.into_iter().cloned().collect();
        assert_eq!(from_csv, mine, "{id}.csv");
        let json: serde_json::Value = serde_json::from_slice(output.get(&format!("data/{id}.json")).unwrap()).unwrap();
        assert_eq!(json["id"], id.as_str());
        assert_eq!(json["name"], indicator.name.as_str());
        let mut from_json = BTreeSet::new();
        for point in json["series"].as_array().unwrap() {
            let period = point["period"].as_str().unwrap();
            assert_eq!(point["report_url"], format!("{base}{}/{}/", &period[..4], &period[5..]));
            for (measure, value) in point["values"].as_object().unwrap() {
                assert_eq!(&point[measure], value, "{id} {period}: the flat key and `values` agree");
                from_json.insert((period.to_string(), id.clone(), measure.clone(), plain(value.as_f64().unwrap())));
            }
        }
        assert_eq!(from_json, mine, "{id}.json");
    }
}

fn findings(archive: &Archive) -> BTreeSet<Expected> {
    archive
        .findings
        .iter()
        .map(|f| {
            let report = &archive.reports[f.report];
            (report.publisher.clone(), report.period.to_string(), f.indicator.clone(), f.measure.clone(), f.kind.id())
        })
        .collect()
}

/// Every `<svg>…</svg>` in every page parses as XML, names itself and has no inline style.
fn assert_svgs(output: &Output) -> usize {
    let mut count = 0;
    for (path, bytes) in output.iter().filter(|(p, _)| p.ends_with(".html")) {
        let html = std::str::from_utf8(bytes).unwrap();
        let mut rest = html;
        while let Some(start) = rest.find("<svg") {
            let end = rest[start..].find("</svg>").unwrap_or_else(|| panic!("unclosed svg in {path}")) + start + 6;
            let svg = &rest[start..end];
            let doc = roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("{path}: {e}\n{svg}"));
            let root = doc.root_element();
            assert_eq!(root.attribute("role"), Some("img"), "{path}");
            assert!(root.children().any(|n| n.has_tag_name("title")), "{path}: svg without a title");
            assert!(!svg.contains("style="), "{path}: inline style in an svg");
            count += 1;
            rest = &rest[end..];
        }
    }
    count
}

fn spec_strategy() -> impl Strategy<Value = Params> {
    (1usize..30, 1usize..12, any::<u64>(), proptest::collection::vec((0usize..30, 0usize..12, 0u8..4), 0..8)).prop_map(
        |(reports, indicators, seed, changes)| {
            let mut spec = Params::families(reports, indicators, seed);
            for (month, indicator, what) in changes {
                let (month, indicator) = (month % reports, indicator % indicators);
                match what {
                    0 => {
                        spec.missing_months.insert(month);
                    }
                    1 => {
                        spec.omitted.insert((month, indicator));
                    }
                    2 => {
                        spec.sum_errors.insert((month, indicator - indicator % 5));
                    }
                    _ => {
                        spec.continuity_errors.insert((month, indicator));
                    }
                }
            }
            spec
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn generated_archives_show_their_figures_and_only_their_findings(spec in spec_strategy()) {
        let (generated, archive, output) = build(&spec);
        assert_history_pages(&generated, &archive, &output);
        assert_open_data(&generated, &archive, &output);
        prop_assert_eq!(findings(&archive), generated.expected.clone());
        assert_svgs(&output);
    }
}

#[test]
fn checks_fire_on_injected_mismatches_and_nowhere_else() {
    let mut spec = Params::families(30, 10, 7);
    let (clean, archive, _) = build(&spec);
    assert!(clean.expected.is_empty());
    assert!(archive.findings.is_empty(), "{:?}", archive.findings);
    spec.missing_months.insert(12);
    spec.omitted.insert((20, 7));
    spec.sum_errors.insert((5, 0));
    spec.continuity_errors.insert((9, 2));
    let (generated, archive, output) = build(&spec);
    // A parent carries only its total: its sum breaks there; a part off by 7
    // breaks its own continuity (its parent, total only, has none).
    let want: BTreeSet<Expected> = [
        ("1990-06", "ind-000", "total", "sum"),
        ("1990-10", "ind-002", "total", "continuity"),
        ("1991-10", "ind-007", "total", "gap"),
    ]
    .into_iter()
    .map(|(p, i, m, k)| (None, p.to_string(), i.to_string(), m.to_string(), k))
    .chain((0..10).map(|i| (None, "1991-02".to_string(), indicator_id(i), "total".to_string(), "gap")))
    .collect();
    assert_eq!(generated.expected, want);
    assert_eq!(findings(&archive), want);
    // Readers see them: the figure is flagged on the history page, and the JSON lists the check.
    let page = text(&output, "indicators/ind-002/index.html");
    assert!(page.contains("class=\"num flagged\" data-measure=\"total\""), "flagged total on the history page");
    assert!(page.contains("class=\"check-notes\""));
    let json: serde_json::Value = serde_json::from_slice(output.get("data/ind-000.json").unwrap()).unwrap();
    let kinds: Vec<&str> = json["checks"].as_array().unwrap().iter().map(|c| c["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["sum", "gap"]);
    let gap_page = text(&output, "indicators/ind-007/index.html");
    assert!(gap_page.contains("<tr class=\"gap\">"), "a gap row in the table");
}

#[test]
fn pages_use_the_site_language() {
    let mut spec = Params::families(14, 5, 3);
    let (generated, _, vi) = build(&spec);
    spec.language = "en";
    let (_, _, en) = build(&spec);
    let total = generated.value("1991-02", "ind-001", "total").unwrap();
    let change = generated.value("1991-02", "ind-001", "change_pct").unwrap();
    let vi_page = text(&vi, "indicators/ind-001/index.html");
    let en_page = text(&en, "indicators/ind-001/index.html");
    let grouped = |sep: char| {
        let digits = plain(total);
        let mut out = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push(sep);
            }
            out.push(c);
        }
        out
    };
    assert!(total >= 1000.0);
    assert!(vi_page.contains(&format!(">{}<", grouped('.'))), "vi thousands separator");
    assert!(en_page.contains(&format!(">{}<", grouped(','))), "en thousands separator");
    let change_vi = format!(">{} %<", plain(change).replace('.', ","));
    assert!(vi_page.contains(&change_vi), "vi decimal comma and percent: {change_vi}");
    assert!(en_page.contains(&format!(">{}%<", plain(change))), "en percent");
    assert!(vi_page.contains("Tháng 2/1991") && vi_page.contains("tháng 1/1990"));
    assert!(en_page.contains("February 1991") && en_page.contains("January 1990"));
    assert!(vi_page.contains("<html lang=\"vi\">") && en_page.contains("<html lang=\"en\">"));
    assert!(vi_page.contains("Chênh lệch với tháng trước"));
    assert!(en_page.contains("Change from a year earlier"));
}

#[test]
fn indicator_pages_are_planned_linked_and_in_the_sitemap() {
    let (_, archive, output) = build(&Params::families(3, 6, 11));
    let sitemap = text(&output, "sitemap.xml");
    for indicator in &archive.registry.indicators {
        assert!(sitemap.contains(&format!("https://example.gov.vn/bao-cao/indicators/{}/", indicator.id)));
    }
    assert!(sitemap.contains("https://example.gov.vn/bao-cao/indicators/</loc>"));
    let home = text(&output, "index.html");
    assert!(home.contains("href=\"/bao-cao/indicators/ind-000/\""), "featured indicator on the home page");
    assert!(home.contains("class=\"sparkline\""));
    let report = text(&output, "reports/1990/03/index.html");
    assert!(report.contains("href=\"/bao-cao/indicators/ind-001/\""), "metrics link to their indicator");
    assert!(report.contains("href=\"/bao-cao/data/reports/1990-03.csv\""), "report data link");
    let (header, rows) = read_csv(output.get("data/reports/1990-03.csv").unwrap());
    assert_eq!(header, ["period", "indicator", "measure", "value", "report_url"]);
    assert!(rows.iter().all(|r| r[0] == "1990-03"));
    let history = text(&output, "indicators/ind-000/index.html");
    for link in ["/bao-cao/data/ind-000.csv", "/bao-cao/data/ind-000.json", "/bao-cao/indicators/ind-001/"] {
        assert!(history.contains(&format!("href=\"{link}\"")), "{link}");
    }
    let part = text(&output, "indicators/ind-002/index.html");
    assert!(part.contains("href=\"/bao-cao/indicators/ind-000/\""), "a part links to its parent");
    let index = text(&output, "indicators/index.html");
    assert!(index.contains("Nhóm 1") && index.contains("href=\"/bao-cao/indicators/ind-004/\""));
    assert!(assert_svgs(&output) > 6 + 6);
}

#[test]
fn builds_are_deterministic() {
    let spec = Params::families(20, 8, 5);
    let (_, _, first) = build(&spec);
    let (_, _, second) = build(&spec);
    assert!(first == second);
}

#[test]
fn an_archive_of_360_reports_and_50_indicators_builds_every_history_page() {
    let (generated, archive, output) = build(&Params::families(360, 50, 1));
    assert_eq!(generated.reports.len(), 360);
    for indicator in &archive.registry.indicators {
        let html = text(&output, &format!("indicators/{}/index.html", indicator.id));
        // The wide drawing (a narrow one for phones follows it).
        let start = html.find("<svg class=\"chart wide\"").unwrap();
        let svg = &html[start..start + html[start..].find("</svg>").unwrap() + 6];
        assert!(svg.len() < 12_000, "{}: chart of {} bytes", indicator.id, svg.len());
        // Years as ticks, thinned out: at most 10 labels under the axis.
        let labels = svg.matches("text-anchor=\"middle\">").count();
        assert!((3..=10).contains(&labels), "{}: {labels} x labels", indicator.id);
        roxmltree::Document::parse(svg).unwrap();
    }
}

#[test]
fn sites_with_publishers_compare_them_and_keep_each_history() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("content")).unwrap();
    std::fs::write(
        root.join("site.yaml"),
        "title: Bộ\nbase_url: https://example.org/\npublishers:\n  qn: { name: Quảng Ninh }\n  hn: { name: Hà Nội }\n",
    )
    .unwrap();
    std::fs::write(
        root.join("content/indicators.yaml"),
        "measures:\n  added: { integer: true }\n  total: { integer: true }\nindicators:\n  fixed: { name: Cố định }\n",
    )
    .unwrap();
    for (publisher, month, total) in [("qn", 7, 100), ("qn", 8, 110), ("hn", 7, 500), ("hn", 9, 520)] {
        std::fs::write(
            root.join(format!("content/{publisher}-{month}.md")),
            format!("---\ntitle: T\nperiod: 2014-{month:02}\npublisher: {publisher}\nmetrics:\n  fixed: {{ added: 1, total: {total} }}\n---\n"),
        )
        .unwrap();
    }
    let options = BuildOptions { root: root.to_path_buf(), ..BuildOptions::default() };
    let mut diags = Diagnostics::new();
    let (_, output) = render_output(&options, &mut diags).unwrap();
    let comparison = text(&output, "indicators/fixed/index.html");
    assert!(
        comparison.contains("href=\"/indicators/fixed/qn/\"") && comparison.contains("href=\"/indicators/fixed/hn/\"")
    );
    assert!(comparison.contains("class=\"line s0\"") && comparison.contains("class=\"line s1\""));
    let hn = text(&output, "indicators/fixed/hn/index.html");
    let rows = history_rows(&hn);
    assert_eq!(rows.iter().map(|r| r.0.as_str()).collect::<Vec<_>>(), ["2014-09", "2014-07"]);
    assert!(hn.contains("<tr class=\"gap\">"), "hn has no figure for 2014-08");
    let (header, rows) = read_csv(output.get("data/fixed.csv").unwrap());
    assert_eq!(header, ["period", "publisher", "added", "total", "status", "revised", "report_url"]);
    assert!(
        rows.contains(
            &["2014-09", "hn", "1", "520", "final", "", "https://example.org/reports/hn/2014/09/"]
                .map(String::from)
                .to_vec()
        )
    );
    let (header, _) = read_csv(output.get("data/observations.csv").unwrap());
    assert_eq!(header, ["period", "publisher", "indicator", "measure", "value", "report_url"]);
    assert!(output.get("data/reports/qn/2014-08.csv").is_some());
    assert!(text(&output, "sitemap.xml").contains("https://example.org/indicators/fixed/qn/"));
    assert_svgs(&output);
}
