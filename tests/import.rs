//! `annals import`: past documents become reports of the contract. The
//! corpus is made here (a copy of the bundled seed text, its UTF-16 and
//! legacy-encoded versions, documents with unmatched rows), then imported
//! and compared field by field.

mod common;
use common::{Run, Site};

use std::path::{Path, PathBuf};

use annals::config::Config;
use annals::content::report::{Report, parse_report};
use annals::diagnostics::Diagnostics;
use annals::registry::Registry;

const SEED: &str = "bao-cao-stttt-quang-ninh-2014-08.txt";

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn seed_bytes() -> Vec<u8> {
    std::fs::read(repo().join("tests/fixtures/import").join(SEED)).unwrap()
}

fn seed_text() -> String {
    String::from_utf8(seed_bytes()).unwrap()
}

/// A site with the bundled site.yaml and registry and no report.
fn bundled_site() -> Site {
    let site = Site::empty();
    site.write("site.yaml", &std::fs::read_to_string(repo().join("site.yaml")).unwrap());
    site.write("content/indicators.yaml", &std::fs::read_to_string(repo().join("content/indicators.yaml")).unwrap());
    site
}

/// A document to import, outside the site folder.
struct Inbox {
    dir: tempfile::TempDir,
}

impl Inbox {
    fn new() -> Inbox {
        Inbox { dir: tempfile::tempdir().unwrap() }
    }

    fn put(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let path = self.dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, bytes).unwrap();
        path
    }
}

fn import(site: &Site, paths: &[&Path], extra: &[&str]) -> Run {
    let mut args: Vec<String> = vec!["import".into()];
    args.extend(paths.iter().map(|p| p.to_string_lossy().into_owned()));
    args.extend(extra.iter().map(|s| s.to_string()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    site.run(&args)
}

/// Parses a report file of `site` with the library, as `annals check` does.
fn parsed(site: &Site, relative: &str) -> Report {
    let mut diags = Diagnostics::new();
    let config = Config::parse(&site.read("site.yaml"), Path::new("site.yaml"), &mut diags).unwrap();
    let registry = Registry::parse(&site.read("content/indicators.yaml"), Path::new("indicators.yaml"), &mut diags);
    let report = parse_report(&site.read(relative), Path::new(relative), &config, &registry, &mut diags);
    assert!(!diags.has_errors(), "{diags:?}");
    report.unwrap()
}

fn bundled_report() -> Report {
    let mut diags = Diagnostics::new();
    let config =
        Config::parse(&std::fs::read_to_string(repo().join("site.yaml")).unwrap(), Path::new("site.yaml"), &mut diags)
            .unwrap();
    let registry = Registry::parse(
        &std::fs::read_to_string(repo().join("content/indicators.yaml")).unwrap(),
        Path::new("indicators.yaml"),
        &mut diags,
    );
    let file = "content/2014/2014-08.md";
    let text = std::fs::read_to_string(repo().join(file)).unwrap();
    parse_report(&text, Path::new(file), &config, &registry, &mut diags).unwrap()
}

fn headings(body: &str) -> Vec<&str> {
    body.lines().filter(|l| l.starts_with('#')).collect()
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// Every field the seed gives equals the bundled report's.
fn assert_like_bundled(report: &Report) {
    assert_like_bundled_with(report, &|s| s.to_string());
}

/// [`assert_like_bundled`], the bundled body passed through `fix` first
/// (characters an encoding cannot hold).
fn assert_like_bundled_with(report: &Report, fix: &dyn Fn(&str) -> String) {
    let mut bundled = bundled_report();
    bundled.body = fix(&bundled.body);
    assert_eq!(report.title, bundled.title);
    assert_eq!(report.period, bundled.period);
    assert_eq!(report.number.as_deref(), Some("285/BC-STTTT"));
    assert_eq!(report.number, bundled.number);
    assert_eq!(report.issued, bundled.issued);
    assert_eq!(report.place, bundled.place);
    assert_eq!(report.signer, bundled.signer);
    assert_eq!(report.recipients, bundled.recipients);
    assert_eq!(headings(&report.body), headings(&bundled.body));
    assert_eq!(headings(&report.body).len(), 10);
    let (got, want): (Vec<&str>, Vec<&str>) =
        (report.body.trim().lines().collect(), bundled.body.trim().lines().collect());
    for (i, (g, w)) in got.iter().zip(&want).enumerate() {
        assert_eq!(g, w, "body line {}", i + 1);
    }
    assert_eq!(got.len(), want.len(), "the body's lines");
    assert!(!report.draft);
    let table =
        ["fixed-wired", "fixed-wireless", "mobile-postpaid", "mobile-prepaid", "broadband-xdsl", "broadband-ftth"];
    let ids: Vec<&str> = report.metrics.iter().map(|m| m.indicator.as_str()).collect();
    assert_eq!(ids, table, "the six rows of the table, and no figure guessed from the prose");
    for id in table {
        for measure in ["added", "removed", "change_pct", "total"] {
            let got = report.value(id, measure);
            assert!(got.is_some(), "{id} {measure}");
            assert_eq!(got, bundled.value(id, measure), "{id} {measure}");
        }
    }
    assert_eq!(report.value("mobile-prepaid", "total"), Some(1_405_611.0));
    assert_eq!(report.value("fixed-wired", "change_pct"), Some(-1.0));
}

#[test]
fn the_seed_gives_the_bundled_report() {
    let site = bundled_site();
    let seed = repo().join("tests/fixtures/import").join(SEED);
    let run = import(&site, &[&seed], &[]).ok();
    run.says("wrote content/2014/2014-08.md and sources/2014/bao-cao-stttt-quang-ninh-2014-08.txt");
    run.says("figures: 24 matched, 0 unmatched");
    run.says("1 document imported (0 drafts), 0 skipped, 0 failed; check: 0 errors, 0 warnings.");
    let report = parsed(&site, "content/2014/2014-08.md");
    assert_like_bundled(&report);
    let source = report.source.as_ref().unwrap();
    assert_eq!(source.file, Path::new("sources/2014/bao-cao-stttt-quang-ninh-2014-08.txt"));
    assert_eq!(source.sha256, sha256_hex(&seed_bytes()));
    assert_eq!(std::fs::read(site.path("sources/2014/bao-cao-stttt-quang-ninh-2014-08.txt")).unwrap(), seed_bytes());
    assert!(site.read("content/2014/2014-08.md").contains(
        "{{ metrics fixed-wired fixed-wireless mobile-postpaid mobile-prepaid broadband-xdsl broadband-ftth }}\n"
    ));
    site.check().ok();
}

#[test]
fn the_shared_seed_is_the_fixture() {
    // The fixture is a copy of ../shared/seed/ (kept in the repository so
    // the suite runs anywhere); where the shared folder is present, they agree.
    let shared = repo().join("../shared/seed").join(SEED);
    if let Ok(bytes) = std::fs::read(&shared) {
        assert_eq!(bytes, seed_bytes());
    }
}

#[test]
fn the_build_publishes_the_original_beside_the_report_and_links_it() {
    let site = bundled_site();
    let inbox = Inbox::new();
    let seed = inbox.put("Báo cáo 285.txt", &seed_bytes());
    import(&site, &[&seed], &[]).ok().says("sources/2014/bao-cao-285.txt");
    site.build().ok();
    assert_eq!(std::fs::read(site.path("public/reports/2014/08/bao-cao-285.txt")).unwrap(), seed_bytes());
    let page = site.page("reports/2014/08/");
    assert!(
        page.contains("<dt>Văn bản gốc</dt><dd><a class=\"source-link\" href=\"/bao-cao/reports/2014/08/bao-cao-285.txt\" download>bao-cao-285.txt</a></dd>"),
        "{page}"
    );
    // In English.
    let yaml = site.read("site.yaml").replace("language: vi", "language: en");
    site.write("site.yaml", &yaml);
    site.build().ok();
    assert!(site.page("reports/2014/08/").contains("<dt>Original document</dt>"));
    // A source that went missing is an error naming the report and its line.
    site.remove("sources/2014/bao-cao-285.txt");
    let line = site.read("content/2014/2014-08.md").lines().position(|l| l.starts_with("source:")).unwrap() + 1;
    site.check()
        .failed()
        .has(&format!("content/2014/2014-08.md:{line}:9"), "source file sources/2014/bao-cao-285.txt does not exist");
}

#[test]
fn running_twice_skips_and_force_still_never_overwrites() {
    let site = bundled_site();
    let seed = repo().join("tests/fixtures/import").join(SEED);
    import(&site, &[&seed], &[]).ok();
    let first = site.read("content/2014/2014-08.md");
    import(&site, &[&seed], &[])
        .ok()
        .says("skipped, already imported as content/2014/2014-08.md (pass --force to import it again)");
    let run = import(&site, &[&seed], &["--force"]).failed();
    run.says("content/2014/2014-08.md already holds the report of 2014-08: annals import never overwrites a report");
    run.says(&format!("error: {}:", seed.display()));
    assert_eq!(site.read("content/2014/2014-08.md"), first);
    assert!(!site.path("sources/2014/bao-cao-stttt-quang-ninh-2014-08-2.txt").exists());
}

#[test]
fn an_existing_report_of_the_month_is_never_overwritten() {
    let site = bundled_site();
    let mine = "---\ntitle: Mine\nperiod: 2014-08\n---\nHand-written.\n";
    site.write("content/tay/thang-8.md", mine);
    let seed = repo().join("tests/fixtures/import").join(SEED);
    import(&site, &[&seed], &[]).failed().says("content/tay/thang-8.md already holds the report of 2014-08");
    assert_eq!(site.read("content/tay/thang-8.md"), mine);
    assert!(!site.path("content/2014/2014-08.md").exists());
    assert!(!site.path("sources").exists());
}

#[test]
fn dry_run_prints_and_writes_nothing() {
    let site = bundled_site();
    let seed = repo().join("tests/fixtures/import").join(SEED);
    let run = import(&site, &[&seed], &["--dry-run"]).ok();
    run.says("would write content/2014/2014-08.md");
    run.says("1 document would be imported");
    assert!(run.stdout.contains("==> content/2014/2014-08.md <==\n---\ntitle: Báo cáo hoạt động"), "{}", run.stdout);
    assert!(run.stdout.contains("number: 285/BC-STTTT\n"));
    assert!(!site.path("content/2014").exists());
    assert!(!site.path("sources").exists());
}

/// The seed moved to another month (title and date).
fn seed_for(month: u8) -> String {
    seed_text()
        .replace(
            "tháng 8\nvà nhiệm vụ trọng tâm tháng 9",
            &format!("tháng {month}\nvà nhiệm vụ trọng tâm tháng {}", month + 1),
        )
        .replace("ngày 19 tháng 8", &format!("ngày 19 tháng {month}"))
}

#[test]
fn several_paths_and_folders_each_failure_named_the_others_imported() {
    let site = bundled_site();
    let inbox = Inbox::new();
    inbox.put("2014/thang-9.txt", seed_for(9).as_bytes());
    inbox.put("2014/thang-10.TXT", seed_for(10).as_bytes());
    inbox.put("2014/notes.odt", b"not read in a folder");
    inbox.put("2014/.hidden.txt", b"hidden");
    let seed = repo().join("tests/fixtures/import").join(SEED);
    let missing = inbox.dir.path().join("missing.docx");
    let folder = inbox.dir.path().join("2014");
    let run = import(&site, &[&seed, &folder, &missing], &[]).failed();
    run.says(&format!("error: {}: there is no such file or folder", missing.display()));
    run.says("3 documents imported (0 drafts), 0 skipped, 1 failed");
    for period in ["2014-08", "2014-09", "2014-10"] {
        let report = parsed(&site, &format!("content/2014/{period}.md"));
        assert_eq!(report.period.to_string(), period);
    }
    assert!(site.path("sources/2014/thang-10.txt").is_file());
    let odt = inbox.put("x.odt", b"x");
    import(&site, &[&odt], &[]).failed().says("annals import reads .txt, .docx, .doc and .pdf files");
}

#[test]
fn what_cannot_be_matched_is_listed_and_the_report_is_a_draft() {
    let site = bundled_site();
    let inbox = Inbox::new();
    let text = seed_text()
        .replace("06\tThuê bao FTTH\t\t651", "06\tThuê bao truyền hình cáp\t\t651")
        .replace("Hiện có trên mạng\n", "Tổng số hiện có\n")
        .replace("-34%\t7.559", "n/a\t7.559");
    let path = inbox.put("thang-8.txt", text.as_bytes());
    let run = import(&site, &[&path], &[]).ok();
    run.says("wrote content/2014/2014-08.md (draft)");
    run.says("figures: 15 matched, 9 unmatched");
    run.says("column \"Tổng số hiện có\" matches no measure");
    run.says("row \"Thuê bao truyền hình cáp\" matches no indicator");
    run.says("1 document imported (1 draft)");
    let file = site.read("content/2014/2014-08.md");
    assert!(
        file.contains("# annals import: check these, then remove `draft: true`:\n#   - column \"Tổng số hiện có\""),
        "{file}"
    );
    assert!(file.contains("| 06 | Thuê bao truyền hình cáp |  | 651 | 70 | n/a | 7.559 |"), "{file}");
    let report = parsed(&site, "content/2014/2014-08.md");
    assert!(report.draft);
    assert_eq!(report.metrics.len(), 5);
    assert_eq!(report.value("fixed-wired", "total"), None);
    site.check().ok();

    // With aliases in the registry, the same document matches in full.
    let site = bundled_site();
    let registry = site
        .read("content/indicators.yaml")
        .replace(
            "total:          { label: Hiện có trên mạng, integer: true }",
            "total:          { label: Hiện có trên mạng, integer: true, aliases: [Tổng số hiện có] }",
        )
        .replace("    short: Thuê bao FTTH\n", "    short: Thuê bao FTTH\n    aliases: [Thuê bao truyền hình cáp]\n");
    site.write("content/indicators.yaml", &registry);
    let text = text.replace("n/a\t7.559", "-34%\t7.559");
    let path = inbox.put("thang-8b.txt", text.as_bytes());
    import(&site, &[&path], &[]).ok().says("figures: 24 matched, 0 unmatched");
    let report = parsed(&site, "content/2014/2014-08.md");
    assert!(!report.draft);
    assert_eq!(report.value("broadband-ftth", "total"), Some(7559.0));
    assert_eq!(report.value("fixed-wired", "total"), Some(135_368.0));
}

#[test]
fn utf16_and_legacy_encodings_read_like_the_seed() {
    use encoding_rs::WINDOWS_1258;
    let text = seed_text();
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    let mut utf8_bom = b"\xEF\xBB\xBF".to_vec();
    utf8_bom.extend_from_slice(text.replace('\n', "\r\n").as_bytes());
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("utf16.txt", utf16, ""),
        ("bom.txt", utf8_bom, ""),
        ("tcvn3.txt", tcvn3(&text), "read as TCVN3"),
        ("w1258.txt", windows_1258(&text, WINDOWS_1258), "read as Windows-1258"),
    ];
    for (name, bytes, says) in cases {
        let site = bundled_site();
        let inbox = Inbox::new();
        let path = inbox.put(name, &bytes);
        let run = import(&site, &[&path], &[]).ok();
        if !says.is_empty() {
            run.says(says);
        }
        let fix = |body: &str| if name == "tcvn3.txt" { without_non_tcvn3(body) } else { body.to_string() };
        assert_like_bundled_with(&parsed(&site, "content/2014/2014-08.md"), &fix);
    }
}

/// The characters TCVN3 has no code for become `"`.
fn without_non_tcvn3(text: &str) -> String {
    let known = tcvn3_reverse();
    text.chars().map(|c| if c.is_ascii() || known.contains_key(&c.to_string()) { c } else { '"' }).collect()
}

fn tcvn3_reverse() -> std::collections::BTreeMap<String, u8> {
    let mut reverse = std::collections::BTreeMap::new();
    for b in (0x01..=0xFFu8).rev() {
        reverse.insert(annals::import::legacy::tcvn3_bytes(&[b]), b);
    }
    reverse
}

/// The text in TCVN3 bytes, with the reverse of annals' own table (every
/// byte decoded once), checked against known words in the unit tests.
fn tcvn3(text: &str) -> Vec<u8> {
    let reverse = tcvn3_reverse();
    let mut out = Vec::new();
    for c in text.chars() {
        match reverse.get(&c.to_string()) {
            Some(b) => out.push(*b),
            None if c.is_ascii() => out.push(c as u8),
            // Quotes and dashes TCVN3 lacks.
            None => out.push(b'"'),
        }
    }
    out
}

/// Windows-1258 as Word writes it: base letters and combining tone marks.
fn windows_1258(text: &str, encoding: &'static encoding_rs::Encoding) -> Vec<u8> {
    use unicode_normalization::UnicodeNormalization;
    let mut out = Vec::new();
    for c in text.chars() {
        let one = c.to_string();
        let (bytes, _, failed) = encoding.encode(&one);
        if !failed {
            out.extend_from_slice(&bytes);
            continue;
        }
        // ộ → ô + dot below: compose the letter, keep the tone apart.
        let nfd: Vec<char> = c.to_string().nfd().collect();
        let tones = ['\u{300}', '\u{301}', '\u{303}', '\u{309}', '\u{323}'];
        let base: String = nfd.iter().filter(|m| !tones.contains(m)).collect::<String>().nfc().collect();
        let tone: String = nfd.iter().filter(|m| tones.contains(m)).collect();
        let (b1, _, f1) = encoding.encode(&base);
        let (b2, _, f2) = encoding.encode(&tone);
        if f1 || f2 {
            out.push(b'"');
        } else {
            out.extend_from_slice(&b1);
            out.extend_from_slice(&b2);
        }
    }
    out
}

#[test]
fn several_publishers_need_one_named() {
    let site = bundled_site();
    let yaml = format!(
        "{}publishers:\n  quang-ninh: {{ name: Sở Thông tin và Truyền thông Quảng Ninh }}\n  ha-noi: {{ name: Sở Hà Nội }}\n",
        site.read("site.yaml")
    );
    site.write("site.yaml", &yaml);
    let seed = repo().join("tests/fixtures/import").join(SEED);
    import(&site, &[&seed], &[])
        .failed()
        .says("this site has several publishers: pass `--publisher` with one of quang-ninh, ha-noi");
    import(&site, &[&seed], &["--publisher", "quang-nihn"])
        .failed()
        .says("publisher \"quang-nihn\" is not declared in site.yaml");
    import(&site, &[&seed], &["--publisher", "quang-ninh"])
        .ok()
        .says("wrote content/quang-ninh/2014/2014-08.md and sources/quang-ninh/2014/");
    let report = parsed(&site, "content/quang-ninh/2014/2014-08.md");
    assert_eq!(report.publisher.as_deref(), Some("quang-ninh"));
    // The same month of another publisher is another report.
    let inbox = Inbox::new();
    let other = inbox.put("hn.txt", seed_text().replace("285/BC-STTTT", "12/BC-STTTT").as_bytes());
    import(&site, &[&other], &["--publisher", "ha-noi"]).ok();
    assert_eq!(parsed(&site, "content/ha-noi/2014/2014-08.md").number.as_deref(), Some("12/BC-STTTT"));
    site.build().ok();
    assert!(site.path("public/reports/ha-noi/2014/08/hn.txt").is_file());
}

#[test]
fn a_document_without_a_month_fails_with_its_name() {
    let site = bundled_site();
    let inbox = Inbox::new();
    let path = inbox.put("ghi-chu.txt", "Một ghi chú không có ngày tháng.\n".as_bytes());
    let run = import(&site, &[&path], &[]).failed();
    run.says(&format!("error: {}: cannot tell which month this report is about", path.display()));
    // The month from the file name, then marked uncertain.
    let path = inbox.put("bao-cao-2014-07.txt", "BÁO CÁO\nCông tác tháng\n\nI. Chung\n\nNội dung.\n".as_bytes());
    let run = import(&site, &[&path], &[]).ok();
    run.says("the month 2014-07 was read from the file name");
    assert!(parsed(&site, "content/2014/2014-07.md").draft);
}
