//! Open data and sharing: the licence and contact, `/datapackage.json`
//! (validated by `frictionless`), `/catalog.jsonld` and the pages' JSON-LD
//! (read by rdflib), the chart images, the `/data/` and `/embed/` pages,
//! Open Graph tags and citations — all under a base_url with a sub-path.
//!
//! The Python tools are pinned in tests/opendata/requirements.txt. Without
//! them the tests that need them say so and pass, except under CI
//! (`CI=true`), where a missing tool is a failure.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::{Site, report};
use serde_json::Value;

const BASE: &str = "https://example.gov.vn/bao-cao/";
const LICENSE: &str = "license: { id: CC-BY-4.0, name: Creative Commons Attribution 4.0, url: https://creativecommons.org/licenses/by/4.0/ }\n\
                       contact: { name: Văn phòng Sở, email: vanphong@example.gov.vn }\n";

fn figures(total: u32, added: u32, prepaid: u32) -> String {
    format!(
        "number: {n}/BC-STTTT\nissued: 2014-{m:02}-19\nplace: Quảng Ninh\nmetrics:\n  fixed-wired: {{ added: {added}, removed: 0, total: {total} }}\n  mobile-prepaid: {{ total: {prepaid}, change_pct: 1.5 }}\n",
        n = 280 + added,
        m = if added > 5 { 8 } else { 7 },
    )
}

/// One publisher, two months, a licence and a contact.
fn single() -> Site {
    let site = Site::new(&[
        ("content/2014-07.md", &report("2014-07", &figures(1000, 0, 5000), "Tháng 7.\n")),
        ("content/2014-08.md", &report("2014-08", &figures(1010, 10, 5100), "Tháng 8.\n")),
    ]);
    site.write("site.yaml", &format!("{}{LICENSE}", common::SITE_YAML));
    site
}

/// Two publishers.
fn ministry() -> Site {
    let of = |p: &str, total: u32| {
        format!(
            "publisher: {p}\nnumber: {total}/BC\nmetrics:\n  fixed-wired: {{ added: 0, removed: 0, total: {total} }}\n"
        )
    };
    let site = Site::new(&[
        ("content/qn/2014-07.md", &report("2014-07", &of("quang-ninh", 1000), "QN 7.\n")),
        ("content/qn/2014-08.md", &report("2014-08", &of("quang-ninh", 1000), "QN 8.\n")),
        ("content/hn/2014-08.md", &report("2014-08", &of("ha-noi", 5000), "HN 8.\n")),
    ]);
    site.write(
        "site.yaml",
        &format!(
            "{}{LICENSE}publishers:\n  quang-ninh: {{ name: Sở TTTT Quảng Ninh }}\n  ha-noi: {{ name: Sở TTTT Hà Nội }}\n",
            common::SITE_YAML
        ),
    );
    site
}

fn json(site: &Site, path: &str) -> Value {
    serde_json::from_str(&site.read(&format!("public/{path}"))).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Every file of the output, by site path.
fn files(root: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.push(path.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/"));
            }
        }
    }
    out.sort();
    out
}

/// The value of `<meta property|name="key" content="…">` in a page.
fn meta<'a>(page: &'a str, key: &str) -> Option<&'a str> {
    ["property", "name"].iter().find_map(|attr| {
        let prefix = format!("<meta {attr}=\"{key}\" content=\"");
        let start = page.find(&prefix)? + prefix.len();
        page[start..].split('"').next()
    })
}

/// A tool from tests/opendata/requirements.txt: present, or the test fails
/// saying how to install it.
fn require_tool(program: &str, args: &[&str]) {
    let ok = Command::new(program).args(args).output().is_ok_and(|o| o.status.success());
    assert!(
        ok,
        "`{program} {}` is not available: install the test tools with `pip install -r tests/opendata/requirements.txt`",
        args.join(" ")
    );
}

#[test]
fn licence_and_contact_are_on_pages_and_in_every_machine_readable_file() {
    let site = single();
    site.build().ok();
    for page in ["", "reports/2014/08/", "indicators/fixed-wired/", "data/"] {
        let html = site.page(page);
        assert!(
            html.contains("<a href=\"https://creativecommons.org/licenses/by/4.0/\" rel=\"license\">Creative Commons Attribution 4.0</a>"),
            "{page}"
        );
        assert!(html.contains("Liên hệ: <a href=\"mailto:vanphong@example.gov.vn\">Văn phòng Sở</a>"), "{page}");
    }
    let package = json(&site, "datapackage.json");
    assert_eq!(package["licenses"][0]["name"], "CC-BY-4.0");
    assert_eq!(package["licenses"][0]["path"], "https://creativecommons.org/licenses/by/4.0/");
    assert_eq!(package["contributors"][1]["email"], "vanphong@example.gov.vn");
    let catalog = json(&site, "catalog.jsonld");
    assert_eq!(catalog["dct:license"]["@id"], "https://creativecommons.org/licenses/by/4.0/");
    assert_eq!(catalog["dcat:contactPoint"]["vcard:hasEmail"]["@id"], "mailto:vanphong@example.gov.vn");
    let svg = site.read("public/indicators/fixed-wired/chart.svg");
    assert!(svg.contains("Giấy phép: Creative Commons Attribution 4.0 (CC-BY-4.0)"));
    let jsonld = page_jsonld(&site.page("indicators/fixed-wired/"));
    assert_eq!(jsonld["license"], "https://creativecommons.org/licenses/by/4.0/");
    // Without a licence nothing claims one.
    let bare = Site::new(&[("content/2014-08.md", &report("2014-08", &figures(1010, 10, 5100), "x\n"))]);
    bare.build().ok();
    assert!(json(&bare, "datapackage.json").get("licenses").is_none());
    assert!(bare.page("data/").contains("Trang chưa công bố giấy phép sử dụng số liệu."));
    assert!(!bare.page("").contains("rel=\"license\""));
}

#[test]
fn site_yaml_licence_and_contact_errors_name_the_place() {
    let site = single();
    site.write(
        "site.yaml",
        &format!(
            "{}license: {{ id: CC-BY-4.0, name: CC BY }}\ncontact: {{ name: VP, email: not-an-address }}\n",
            common::SITE_YAML
        ),
    );
    let run = site.check().failed();
    run.has("site.yaml:5:10", "`license` needs a `url`");
    run.has("site.yaml:6:29", "contact email \"not-an-address\" is not an e-mail address");
    site.write("site.yaml", &format!("{}licence: CC-BY\n", common::SITE_YAML));
    site.check().failed().has("site.yaml:5:1", "unknown key `licence`");
}

#[test]
fn the_data_package_describes_every_csv_with_the_columns_it_has() {
    for site in [single(), ministry()] {
        site.build().ok();
        let package = json(&site, "datapackage.json");
        assert_eq!(package["$schema"], "https://datapackage.org/profiles/2.0/datapackage.json");
        let resources = package["resources"].as_array().unwrap();
        let listed: Vec<&str> = resources.iter().map(|r| r["path"].as_str().unwrap()).collect();
        let csvs: Vec<String> = files(&site.path("public")).into_iter().filter(|f| f.ends_with(".csv")).collect();
        assert_eq!(listed.iter().map(|s| s.to_string()).collect::<Vec<_>>(), {
            let mut sorted = csvs.clone();
            sorted.sort_by_key(|p| listed.iter().position(|l| l == p));
            sorted
        });
        assert_eq!(listed.len(), csvs.len(), "every CSV and only those: {listed:?} {csvs:?}");
        for resource in resources {
            let path = resource["path"].as_str().unwrap();
            let bytes = fs::read(site.path(&format!("public/{path}"))).unwrap();
            assert_eq!(resource["bytes"].as_u64(), Some(bytes.len() as u64), "{path}");
            let text = String::from_utf8(bytes).unwrap();
            let header: Vec<&str> = text.trim_start_matches('\u{feff}').lines().next().unwrap().split(',').collect();
            let schema = match &resource["schema"] {
                Value::String(schema_path) => json(&site, schema_path),
                schema => schema.clone(),
            };
            let names: Vec<&str> =
                schema["fields"].as_array().unwrap().iter().map(|f| f["name"].as_str().unwrap()).collect();
            assert_eq!(names, header, "{path}: the schema follows the CSV's own header");
            assert_eq!(schema["missingValues"], serde_json::json!([""]));
            assert!(!schema["primaryKey"].as_array().unwrap().is_empty(), "{path}");
        }
        let wired = resources.iter().find(|r| r["path"] == "data/fixed-wired.csv").unwrap();
        let fields = wired["schema"]["fields"].as_array().unwrap();
        let kind =
            |name: &str| fields.iter().find(|f| f["name"] == name).map(|f| f["type"].as_str().unwrap().to_string());
        assert_eq!(kind("period").as_deref(), Some("yearmonth"));
        assert_eq!(kind("total").as_deref(), Some("integer"));
        assert_eq!(kind("report_url").as_deref(), Some("string"));
        let several = site.read("site.yaml").contains("publishers:");
        let key: Vec<&str> =
            wired["schema"]["primaryKey"].as_array().unwrap().iter().map(|k| k.as_str().unwrap()).collect();
        assert_eq!(key, if several { vec!["period", "publisher"] } else { vec!["period"] });
    }
    let site = single();
    site.build().ok();
    let package = json(&site, "datapackage.json");
    let prepaid =
        package["resources"].as_array().unwrap().iter().find(|r| r["path"] == "data/mobile-prepaid.csv").unwrap();
    let fields = prepaid["schema"]["fields"].as_array().unwrap();
    assert_eq!(fields.iter().find(|f| f["name"] == "change_pct").unwrap()["type"], "number");
}

#[test]
#[ignore = "needs frictionless: pip install -r tests/opendata/requirements.txt; CI runs it with --ignored"]
fn frictionless_finds_the_data_package_valid() {
    require_tool("frictionless", &["--version"]);
    for site in [single(), ministry()] {
        site.build().ok();
        let output = Command::new("frictionless")
            .args(["validate", "--json", "datapackage.json"])
            .current_dir(site.path("public"))
            .output()
            .unwrap();
        let report: Value = serde_json::from_slice(&output.stdout)
            .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&output.stderr)));
        let tasks = report["tasks"].as_array().unwrap();
        assert!(tasks.len() >= 4, "{report}");
        assert_eq!(report["valid"], true, "{}", serde_json::to_string_pretty(&report["tasks"]).unwrap());
    }
    // The validator is not a rubber stamp: a wrong byte size fails.
    let site = single();
    site.build().ok();
    let path = site.path("public/data/fixed-wired.csv");
    let mut csv = fs::read(&path).unwrap();
    csv.extend_from_slice(b"2014-09,1,0,1011,x\r\n");
    fs::write(&path, csv).unwrap();
    let output = Command::new("frictionless")
        .args(["validate", "--json", "datapackage.json"])
        .current_dir(site.path("public"))
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["valid"], false);
}

fn page_jsonld(html: &str) -> Value {
    let start = html.find("<script type=\"application/ld+json\">").expect("a JSON-LD script") + 35;
    let end = start + html[start..].find("</script>").unwrap();
    serde_json::from_str(&html[start..end]).unwrap()
}

#[test]
fn the_catalogue_has_dcat_ap_properties() {
    let site = ministry();
    site.build().ok();
    let catalog = json(&site, "catalog.jsonld");
    assert_eq!(catalog["@type"], "dcat:Catalog");
    assert_eq!(catalog["@id"], format!("{BASE}catalog.jsonld"));
    let datasets = catalog["dcat:dataset"].as_array().unwrap();
    let ids: Vec<&str> = datasets.iter().map(|d| d["@id"].as_str().unwrap()).collect();
    for id in [
        "indicators/fixed-wired/#dataset",
        "indicators/fixed-wired/quang-ninh/#dataset",
        "indicators/fixed-wired/ha-noi/#dataset",
        "data/#observations",
    ] {
        assert!(ids.contains(&format!("{BASE}{id}").as_str()), "{id} in {ids:?}");
    }
    for dataset in datasets {
        let id = dataset["@id"].as_str().unwrap();
        for key in [
            "dct:title",
            "dct:description",
            "dcat:keyword",
            "dct:publisher",
            "dcat:contactPoint",
            "dct:accrualPeriodicity",
            "dcat:distribution",
            "dct:license",
        ] {
            assert!(dataset.get(key).is_some(), "{id} has {key}");
        }
        assert_eq!(
            dataset["dct:accrualPeriodicity"]["@id"],
            "http://publications.europa.eu/resource/authority/frequency/MONTHLY"
        );
        for dist in dataset["dcat:distribution"].as_array().unwrap() {
            let url = dist["dcat:downloadURL"]["@id"].as_str().unwrap();
            let path = url.strip_prefix(BASE).unwrap_or_else(|| panic!("{url} under {BASE}"));
            let size = fs::metadata(site.path(&format!("public/{path}"))).unwrap().len();
            assert_eq!(dist["dcat:byteSize"]["@value"], size.to_string(), "{url}");
            assert!(
                dist["dcat:mediaType"]["@id"]
                    .as_str()
                    .unwrap()
                    .starts_with("http://www.iana.org/assignments/media-types/")
            );
            assert_eq!(dist["dct:license"]["@id"], "https://creativecommons.org/licenses/by/4.0/");
        }
    }
    let hanoi = datasets.iter().find(|d| d["@id"] == format!("{BASE}indicators/fixed-wired/ha-noi/#dataset")).unwrap();
    assert_eq!(hanoi["dct:temporal"]["dcat:startDate"]["@value"], "2014-08-01");
    assert_eq!(hanoi["dct:temporal"]["dcat:endDate"]["@value"], "2014-08-31");
    assert_eq!(hanoi["dct:publisher"]["foaf:name"], "Sở TTTT Hà Nội");
    assert_eq!(hanoi["dct:isPartOf"]["@id"], format!("{BASE}indicators/fixed-wired/#dataset"));
    let wired = datasets.iter().find(|d| d["@id"] == format!("{BASE}indicators/fixed-wired/#dataset")).unwrap();
    assert_eq!(wired["dct:temporal"]["dcat:startDate"]["@value"], "2014-07-01");
    // No `issued` dates: modified is the first day after the latest month.
    assert_eq!(wired["dct:modified"]["@value"], "2014-09-01");
}

#[test]
#[ignore = "needs rdflib: pip install -r tests/opendata/requirements.txt; CI runs it with --ignored"]
fn rdflib_reads_the_catalogue_and_the_page_dataset() {
    require_tool("python3", &["-c", "import rdflib"]);
    let site = single();
    site.build().ok();
    let page = site.path("page.jsonld");
    fs::write(&page, page_jsonld(&site.page("indicators/fixed-wired/")).to_string()).unwrap();
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/opendata/check_rdf.py");
    let output =
        Command::new("python3").arg(script).arg(site.path("public/catalog.jsonld")).arg(&page).output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let found: Value = serde_json::from_slice(&output.stdout).unwrap();
    let catalog = &found["catalog"];
    assert_eq!(catalog["catalogs"], serde_json::json!([format!("{BASE}catalog.jsonld")]));
    let datasets: BTreeMap<&str, &Value> =
        catalog["datasets"].as_array().unwrap().iter().map(|d| (d["id"].as_str().unwrap(), d)).collect();
    // One per indicator, and one of every figure.
    assert_eq!(datasets.len(), 4, "{:?}", datasets.keys());
    let wired = datasets[format!("{BASE}indicators/fixed-wired/#dataset").as_str()];
    assert_eq!(wired["title"], "Điện thoại cố định có dây");
    assert!(!wired["description"].as_str().unwrap().is_empty());
    assert_eq!(wired["start"], "2014-07-01");
    assert_eq!(wired["end"], "2014-08-31");
    assert_eq!(wired["modified"], "2014-08-19");
    assert_eq!(wired["periodicity"], "http://publications.europa.eu/resource/authority/frequency/MONTHLY");
    assert_eq!(wired["publisher"], "Sở Thử nghiệm");
    assert_eq!(wired["contact_name"], "Văn phòng Sở");
    assert_eq!(wired["contact_email"], "mailto:vanphong@example.gov.vn");
    assert_eq!(wired["license"], "https://creativecommons.org/licenses/by/4.0/");
    assert!(wired["keywords"].as_array().unwrap().iter().any(|k| k == "Viễn thông"));
    let dists = wired["distributions"].as_array().unwrap();
    let csv = dists.iter().find(|d| d["media_type"] == "http://www.iana.org/assignments/media-types/text/csv").unwrap();
    assert_eq!(csv["download_url"], format!("{BASE}data/fixed-wired.csv"));
    assert_eq!(csv["access_url"], format!("{BASE}indicators/fixed-wired/"));
    assert_eq!(csv["byte_size"].as_u64(), Some(fs::metadata(site.path("public/data/fixed-wired.csv")).unwrap().len()));
    assert_eq!(csv["format"], "http://publications.europa.eu/resource/authority/file-type/CSV");
    assert!(dists.iter().any(|d| d["media_type"] == "http://www.iana.org/assignments/media-types/image/png"));
    let page = &found["page"];
    assert_eq!(page["datasets"], 1);
    let properties: Vec<&str> = page["properties"].as_array().unwrap().iter().map(|p| p.as_str().unwrap()).collect();
    for property in [
        "name",
        "description",
        "url",
        "creator",
        "temporalCoverage",
        "spatialCoverage",
        "variableMeasured",
        "license",
        "distribution",
    ] {
        assert!(properties.contains(&property), "{property} in {properties:?}");
    }
}

#[test]
fn indicator_pages_embed_a_schema_org_dataset() {
    let site = ministry();
    site.build().ok();
    let dataset = page_jsonld(&site.page("indicators/fixed-wired/quang-ninh/"));
    assert_eq!(dataset["@context"], "https://schema.org");
    assert_eq!(dataset["@type"], "Dataset");
    assert_eq!(dataset["name"], "Điện thoại cố định có dây — Sở TTTT Quảng Ninh");
    assert_eq!(dataset["url"], format!("{BASE}indicators/fixed-wired/quang-ninh/"));
    assert_eq!(dataset["creator"]["name"], "Sở TTTT Quảng Ninh");
    assert_eq!(dataset["temporalCoverage"], "2014-07/2014-08");
    assert_eq!(dataset["spatialCoverage"]["name"], "Sở TTTT Quảng Ninh");
    let measured: Vec<&str> =
        dataset["variableMeasured"].as_array().unwrap().iter().map(|v| v["propertyID"].as_str().unwrap()).collect();
    assert_eq!(measured, ["added", "removed", "total"]);
    assert_eq!(dataset["variableMeasured"][2]["unitText"], "thuê bao");
    assert_eq!(dataset["distribution"][0]["contentUrl"], format!("{BASE}data/fixed-wired.csv"));
    assert_eq!(dataset["distribution"][0]["encodingFormat"], "text/csv");
    assert!(dataset["description"].as_str().unwrap().len() > 50);
    // Only indicator pages carry one.
    assert!(!site.page("reports/quang-ninh/2014/08/").contains("application/ld+json"));
}

fn png_size(bytes: &[u8]) -> (u32, u32) {
    let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    let mut reader = decoder.read_info().expect("a PNG");
    let mut pixels = vec![0; reader.output_buffer_size().expect("a buffer size")];
    let info = reader.next_frame(&mut pixels).expect("a whole image");
    (info.width, info.height)
}

#[test]
fn charts_to_take_away_carry_their_source_and_decode_to_their_size() {
    let site = ministry();
    site.build().ok();
    for dir in ["indicators/fixed-wired/", "indicators/fixed-wired/quang-ninh/", "indicators/fixed-wired/ha-noi/"] {
        let page = site.page(dir);
        let width: u32 = meta(&page, "og:image:width").unwrap().parse().unwrap();
        let height: u32 = meta(&page, "og:image:height").unwrap().parse().unwrap();
        assert_eq!(meta(&page, "og:image"), Some(format!("{BASE}{dir}chart.png").as_str()));
        let png = fs::read(site.path(&format!("public/{dir}chart.png"))).unwrap();
        assert_eq!(png_size(&png), (width, height), "{dir}");
        assert_eq!((width, height), (1200, 630));
        // Download buttons beside the chart.
        assert!(page.contains(&format!("<a class=\"button\" href=\"/bao-cao/{dir}chart.png\" download>")), "{dir}");
        assert!(page.contains(&format!("href=\"/bao-cao/{dir}chart.svg\" download>")), "{dir}");
    }
    let svg = site.read("public/indicators/fixed-wired/quang-ninh/chart.svg");
    let doc = roxmltree::Document::parse(&svg).expect("well-formed SVG");
    let texts: Vec<&str> = doc.descendants().filter(|n| n.has_tag_name("text")).filter_map(|n| n.text()).collect();
    let all = texts.join("\n");
    for expected in [
        "Điện thoại cố định có dây — Sở TTTT Quảng Ninh",
        "Hiện có trên mạng (thuê bao) · tháng 7/2014 – tháng 8/2014",
        "Nguồn: Sở TTTT Quảng Ninh, các báo cáo tháng 7/2014 – tháng 8/2014; mới nhất: báo cáo số 1000/BC",
        "https://example.gov.vn/bao-cao/ · Giấy phép: Creative Commons Attribution 4.0 (CC-BY-4.0)",
    ] {
        assert!(all.contains(expected), "{expected:?} in\n{all}");
    }
    // The comparison names how many publishers it draws from.
    let comparison = site.read("public/indicators/fixed-wired/chart.svg");
    assert!(comparison.contains("Nguồn: báo cáo tháng của 2 đơn vị, tháng 7/2014 – tháng 8/2014"));
    // The same input gives the same image, byte for byte.
    let before = fs::read(site.path("public/indicators/fixed-wired/chart.png")).unwrap();
    site.build().ok();
    assert_eq!(before, fs::read(site.path("public/indicators/fixed-wired/chart.png")).unwrap());
    // The site's card for pages without a chart.
    assert_eq!(png_size(&fs::read(site.path("public/card.png")).unwrap()), (1200, 630));
}

/// The chart cache beside the output: `<key>.png` → (inode, bytes).
#[cfg(unix)]
fn kept_charts(site: &Site) -> BTreeMap<String, (u64, Vec<u8>)> {
    use std::os::unix::fs::MetadataExt;
    let folder = site.path(".public.annals-charts");
    fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap())
        .map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            (name, (e.metadata().unwrap().ino(), fs::read(e.path()).unwrap()))
        })
        .collect()
}

#[cfg(unix)]
#[test]
fn chart_images_are_rasterized_once_per_svg_and_taken_from_the_cache() {
    let site = ministry();
    site.build().ok();
    let kept = kept_charts(&site);
    // One per chart image published (and the share card), each the file published.
    let published: Vec<String> = files(&site.path("public")).into_iter().filter(|f| f.ends_with(".png")).collect();
    assert!(published.len() >= 4, "{published:?}");
    assert_eq!(kept.len(), published.len(), "{:?}", kept.keys());
    for dir in ["indicators/fixed-wired/", "indicators/fixed-wired/quang-ninh/", "indicators/fixed-wired/ha-noi/"] {
        let png = fs::read(site.path(&format!("public/{dir}chart.png"))).unwrap();
        assert!(kept.values().any(|(_, bytes)| *bytes == png), "{dir}");
    }
    // Only a report's text changes: a full build draws nothing again (every
    // kept file is the same file, not one written anew).
    site.write(
        "content/hn/2014-08.md",
        &report(
            "2014-08",
            "publisher: ha-noi\nnumber: 5000/BC\nmetrics:\n  fixed-wired: { added: 0, removed: 0, total: 5000 }\n",
            "HN 8, sửa lời.\n",
        ),
    );
    site.run(&["build", "--full"]).ok();
    let again = kept_charts(&site);
    assert_eq!(again.keys().collect::<Vec<_>>(), kept.keys().collect::<Vec<_>>());
    for (name, (inode, bytes)) in &again {
        assert_eq!((inode, bytes), (&kept[name].0, &kept[name].1), "{name} was made again");
    }
    // A figure of Hà Nội changes: its chart and the comparison are drawn
    // anew, Quảng Ninh's is the kept one.
    let qn = fs::read(site.path("public/indicators/fixed-wired/quang-ninh/chart.png")).unwrap();
    let hn = fs::read(site.path("public/indicators/fixed-wired/ha-noi/chart.png")).unwrap();
    site.write(
        "content/hn/2014-08.md",
        &report(
            "2014-08",
            "publisher: ha-noi\nnumber: 5000/BC\nmetrics:\n  fixed-wired: { added: 0, removed: 0, total: 7000 }\n",
            "HN 8.\n",
        ),
    );
    site.build().ok();
    assert_eq!(fs::read(site.path("public/indicators/fixed-wired/quang-ninh/chart.png")).unwrap(), qn);
    let new_hn = fs::read(site.path("public/indicators/fixed-wired/ha-noi/chart.png")).unwrap();
    assert_ne!(new_hn, hn);
    let after = kept_charts(&site);
    assert!(after.values().any(|(_, bytes)| *bytes == new_hn), "the new image is kept");
    assert_eq!(after.len(), kept.len() + 2, "the old ones stay until a full build finds them unused and old");
    // Damaged kept images are never used: made again, put right, same output.
    for name in after.keys() {
        let file = site.path(&format!(".public.annals-charts/{name}"));
        let bytes = fs::read(&file).unwrap();
        fs::write(&file, &bytes[..bytes.len() / 2]).unwrap();
    }
    site.write(
        "content/hn/2014-08.md",
        &report(
            "2014-08",
            "publisher: ha-noi\nnumber: 5000/BC\nmetrics:\n  fixed-wired: { added: 0, removed: 0, total: 7000 }\n",
            "HN 8, lần nữa.\n",
        ),
    );
    site.run(&["build", "--full"]).ok();
    assert_eq!(fs::read(site.path("public/indicators/fixed-wired/ha-noi/chart.png")).unwrap(), new_hn);
    assert_eq!(fs::read(site.path("public/indicators/fixed-wired/quang-ninh/chart.png")).unwrap(), qn);
    // Those this build used are put right (the two unused ones stay as they are, never used unchecked).
    let kept = kept_charts(&site);
    for png in published.iter().map(|f| fs::read(site.path(&format!("public/{f}"))).unwrap()) {
        assert_eq!(png_size(&png), (1200, 630));
        assert!(kept.values().any(|(_, bytes)| *bytes == png), "put right");
    }
}

#[test]
fn every_page_has_open_graph_and_twitter_tags_with_absolute_urls() {
    let site = ministry();
    site.build().ok();
    let public = site.path("public");
    let pages: Vec<String> = files(&public).into_iter().filter(|f| f.ends_with(".html")).collect();
    assert!(pages.len() > 15);
    for file in &pages {
        let html = site.read(&format!("public/{file}"));
        for key in ["og:title", "og:type", "og:url", "og:image", "og:description", "og:site_name", "twitter:card"] {
            assert!(meta(&html, key).is_some_and(|v| !v.is_empty()), "{file}: {key}");
        }
        let image = meta(&html, "og:image").unwrap();
        let path = image.strip_prefix(BASE).unwrap_or_else(|| panic!("{file}: og:image {image} under {BASE}"));
        assert!(public.join(path).is_file(), "{file}: {image} exists");
        assert_eq!(meta(&html, "twitter:image"), Some(image));
        let url = meta(&html, "og:url").unwrap();
        assert!(url.starts_with(BASE), "{file}: og:url {url}");
    }
    let report = site.page("reports/ha-noi/2014/08/");
    assert_eq!(meta(&report, "og:type"), Some("article"));
    assert_eq!(meta(&report, "og:url"), Some(format!("{BASE}reports/ha-noi/2014/08/").as_str()));
    assert_eq!(meta(&report, "og:image"), Some(format!("{BASE}card.png").as_str()));
    assert_eq!(meta(&report, "twitter:card"), Some("summary_large_image"));
}

#[test]
fn report_and_indicator_pages_say_how_to_cite_them() {
    let site = single();
    site.build().ok();
    let report_page = site.page("reports/2014/08/");
    assert!(report_page.contains(
        "Sở Thử nghiệm, Báo cáo số 290/BC-STTTT ngày 19/8/2014, «Báo cáo tháng 2014-08», https://example.gov.vn/bao-cao/reports/2014/08/, truy cập ngày …/…/…."
    ), "{report_page}");
    assert!(report_page.contains(
        "Sở Thử nghiệm, Report No. 290/BC-STTTT of 19 August 2014, “Báo cáo tháng 2014-08”, https://example.gov.vn/bao-cao/reports/2014/08/, accessed on …"
    ));
    let indicator = site.page("indicators/fixed-wired/");
    assert!(indicator.contains(
        "Sở Thử nghiệm, «Điện thoại cố định có dây (Hiện có trên mạng)», tháng 7/2014 – tháng 8/2014, tổng hợp từ các báo cáo tháng, https://example.gov.vn/bao-cao/indicators/fixed-wired/, truy cập ngày …/…/…."
    ));
    assert!(indicator.contains(
        "“Điện thoại cố định có dây (Hiện có trên mạng)”, July 2014 – August 2014, compiled from the monthly reports"
    ));
    // English sites too, with English labels.
    site.write("site.yaml", &format!("{}{LICENSE}", common::SITE_YAML.replace("language: vi", "language: en")));
    site.build().ok();
    let english = site.page("reports/2014/08/");
    assert!(english.contains("How to cite") && english.contains("Report No. 290/BC-STTTT of 19 August 2014"));
}

#[test]
fn the_data_page_lists_every_download_with_format_size_and_citation() {
    let site = single();
    site.build().ok();
    let page = site.page("data/");
    for path in [
        "datapackage.json",
        "catalog.jsonld",
        "data/observations.csv",
        "data/fixed-wired.csv",
        "data/fixed-wired.json",
        "indicators/fixed-wired/chart.png",
    ] {
        let size = fs::metadata(site.path(&format!("public/{path}"))).unwrap().len();
        let link = format!("href=\"/bao-cao/{path}\"");
        let at = page.find(&link).unwrap_or_else(|| panic!("{link}"));
        let after = &page[at..];
        assert!(after.contains(&format!("data-bytes=\"{size}\"")), "{path}: {size} bytes");
    }
    assert!(page.contains("CSV · <span data-bytes="));
    assert!(page.contains("Mỗi báo cáo có số liệu còn có tệp CSV riêng (2 tệp"));
    assert!(page.contains(
        "Sở Thử nghiệm, «Lưu trữ thử», dữ liệu mở, https://example.gov.vn/bao-cao/data/, truy cập ngày …/…/…."
    ));
    assert!(page.contains("Creative Commons Attribution 4.0</a> (CC-BY-4.0)"));
    assert!(site.page("").contains("href=\"/bao-cao/data/\""), "the menu links the catalogue");
}

#[test]
fn embed_pages_show_the_chart_with_its_source_alone() {
    let site = ministry();
    site.build().ok();
    for (dir, chart) in [
        ("embed/fixed-wired/", "indicators/fixed-wired/"),
        ("embed/fixed-wired/ha-noi/", "indicators/fixed-wired/ha-noi/"),
    ] {
        let page = site.page(dir);
        assert!(
            page.contains(&format!("<img src=\"/bao-cao/{chart}chart.svg\" width=\"1200\" height=\"630\"")),
            "{dir}"
        );
        assert!(page.contains(&format!("<a href=\"{BASE}{chart}\" target=\"_top\">")), "{dir}");
        assert!(!page.contains("site-header") && !page.contains("<script src"), "{dir}: the chart alone");
    }
    let embed = site.page("embed/fixed-wired/ha-noi/");
    assert!(embed.contains("alt=\"Điện thoại cố định có dây — Sở TTTT Hà Nội. Nguồn: Sở TTTT Hà Nội, các báo cáo tháng 8/2014; mới nhất: báo cáo số 5000/BC.\""));
    let indicator = site.page("indicators/fixed-wired/ha-noi/");
    assert!(indicator.contains("&lt;iframe src=&quot;https://example.gov.vn/bao-cao/embed/fixed-wired/ha-noi/&quot;"));
}
