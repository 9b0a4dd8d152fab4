//! `annals import`: past documents become reports of the contract. The
//! corpus is made here (a copy of the bundled seed text, its UTF-16 and
//! legacy-encoded versions, documents with unmatched rows), then imported
//! and compared field by field.

mod common;
mod serve_support;
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

/// A `.docx` made here: the seed's text laid out as Word lays out an
/// official report (header and footer as two-column tables, Roman headings
/// numbered automatically, the figures as a table, one paragraph typed in
/// the TCVN3 font `.VnTime`).
fn seed_docx() -> Vec<u8> {
    use std::io::Write;
    let text = seed_text();
    let lines: Vec<&str> = text.lines().collect();
    let title_at = lines.iter().position(|l| l.trim() == "BÁO CÁO").unwrap();
    let footer_at = lines.iter().position(|l| l.trim() == "Nơi nhận:").unwrap();
    let mut body = String::new();
    body.push_str(&table(&[
        vec![
            "UBND TỈNH QUẢNG NINH\nSỞ THÔNG TIN VÀ TRUYỀN THÔNG",
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc",
        ],
        vec!["Số: 285/BC-STTTT", "Quảng Ninh, ngày 19 tháng 8 năm 2014"],
    ]));
    let mut rows: Vec<Vec<&str>> = Vec::new();
    for line in &lines[title_at..footer_at] {
        if line.contains('\t') {
            rows.push(line.split('\t').collect());
            continue;
        }
        if !rows.is_empty() {
            body.push_str(&table(&rows));
            rows.clear();
        }
        let line = line.trim();
        let roman = ["I. ", "II. ", "III. "].iter().find(|r| line.starts_with(**r));
        if let Some(r) = roman {
            body.push_str(&format!(
                "<w:p><w:pPr><w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"1\"/></w:numPr></w:pPr>{}</w:p>",
                run(&line[r.len()..], None)
            ));
        } else if line.starts_with("Xây dựng dự toán ngân sách") {
            body.push_str(&format!("<w:p>{}</w:p>", run(&tcvn3_chars(line), Some(".VnTime"))));
        } else if line.is_empty() {
            body.push_str("<w:p/>");
        } else {
            body.push_str(&format!("<w:p>{}</w:p>", run(line, None)));
        }
    }
    let recipients: Vec<&str> = lines[footer_at..].iter().map(|l| l.trim()).filter(|l| l.starts_with('-')).collect();
    let left = format!("Nơi nhận:\n{}", recipients.join("\n"));
    body.push_str(&table(&[vec![&left, "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\n(Đã ký)\nĐỗ Ngọc Nam"]]));
    let document = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>{body}</w:body></w:document>"
    );
    let numbering = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:numbering xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:abstractNum w:abstractNumId=\"0\"><w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/><w:numFmt w:val=\"upperRoman\"/><w:lvlText w:val=\"%1.\"/></w:lvl></w:abstractNum><w:num w:numId=\"1\"><w:abstractNumId w:val=\"0\"/></w:num></w:numbering>";
    let styles = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:styles xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii=\"Times New Roman\" w:hAnsi=\"Times New Roman\"/></w:rPr></w:rPrDefault></w:docDefaults></w:styles>";
    let content_types = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>";
    let rels = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/></Relationships>";
    // Word and LibreOffice find the numbering and styles through these.
    let document_rels = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering\" Target=\"numbering.xml\"/><Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/></Relationships>";
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, text) in [
        ("[Content_Types].xml", content_types),
        ("_rels/.rels", rels),
        ("word/document.xml", document.as_str()),
        ("word/numbering.xml", numbering),
        ("word/styles.xml", styles),
        ("word/_rels/document.xml.rels", document_rels),
    ] {
        zip.start_file(name, options).unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

fn xml_escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

fn run(text: &str, font: Option<&str>) -> String {
    let props = font.map_or(String::new(), |f| format!("<w:rPr><w:rFonts w:ascii=\"{f}\" w:hAnsi=\"{f}\"/></w:rPr>"));
    format!("<w:r>{props}<w:t xml:space=\"preserve\">{}</w:t></w:r>", xml_escape(text))
}

fn table(rows: &[Vec<&str>]) -> String {
    let mut xml = String::from("<w:tbl>");
    for row in rows {
        xml.push_str("<w:tr>");
        for cell in row {
            xml.push_str("<w:tc>");
            for line in cell.split('\n') {
                xml.push_str(&format!("<w:p>{}</w:p>", run(line, None)));
            }
            xml.push_str("</w:tc>");
        }
        xml.push_str("</w:tr>");
    }
    xml.push_str("</w:tbl>");
    xml
}

/// Text as a `.VnTime` run holds it: each TCVN3 byte as the character of that code.
fn tcvn3_chars(text: &str) -> String {
    tcvn3(text).into_iter().map(char::from).collect()
}

#[test]
fn a_docx_made_here_gives_the_bundled_report() {
    let site = bundled_site();
    let inbox = Inbox::new();
    let path = inbox.put("Báo cáo tháng 8.DOCX", &seed_docx());
    let run = import(&site, &[&path], &[]).ok();
    run.says("wrote content/2014/2014-08.md and sources/2014/bao-cao-thang-8.docx; figures: 24 matched, 0 unmatched");
    let report = parsed(&site, "content/2014/2014-08.md");
    assert_like_bundled(&report);
    assert_eq!(report.organization.as_deref(), Some("Sở Thông Tin và Truyền Thông Quảng Ninh"));
    assert!(report.body.contains("\n\nXây dựng dự toán ngân sách nhà nước ngành Thông tin và Truyền thông năm 2015 trình Sở Tài chính thẩm định.\n\n"));
    site.build().ok();
    assert_eq!(std::fs::read(site.path("public/reports/2014/08/bao-cao-thang-8.docx")).unwrap(), seed_docx());
}

#[test]
fn a_file_that_is_not_what_its_name_says_fails_with_its_name() {
    let site = bundled_site();
    let inbox = Inbox::new();
    let path = inbox.put("hong.docx", b"not a zip");
    import(&site, &[&path], &[]).failed().says(&format!("error: {}: this is not a Word document", path.display()));
}

/// A minimal PDF written by hand: one page, the standard font Helvetica
/// (WinAnsi), each piece of text placed at (x, y) from the top left. Bytes
/// of 0x80 and above are written as octal escapes.
fn hand_pdf(pieces: &[(f64, f64, &[u8])]) -> Vec<u8> {
    let mut content = Vec::new();
    for (x, y, text) in pieces {
        content.extend_from_slice(format!("BT /F1 10 Tf 1 0 0 1 {x} {} Tm (", 842.0 - y).as_bytes());
        for &b in *text {
            match b {
                b'(' | b')' | b'\\' => content.extend_from_slice(&[b'\\', b]),
                0x20..=0x7E => content.push(b),
                _ => content.extend_from_slice(format!("\\{b:03o}").as_bytes()),
            }
        }
        content.extend_from_slice(b") Tj ET\n");
    }
    let objects: Vec<Vec<u8>> = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>".to_vec(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".to_vec(),
        [format!("<< /Length {} >>\nstream\n", content.len()).into_bytes(), content, b"\nendstream".to_vec()].concat(),
    ];
    let mut pdf = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, object) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        pdf.extend_from_slice(object);
        pdf.extend_from_slice(b"\nendobj\n");
    }
    let xref = pdf.len();
    pdf.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes());
    for offset in offsets {
        pdf.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
    }
    pdf.extend_from_slice(
        format!("trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n", objects.len() + 1).as_bytes(),
    );
    pdf
}

#[test]
fn a_text_pdf_typed_in_a_tcvn3_font_is_read() {
    // An old report printed to PDF from `.VnTime`: the PDF's text is the
    // TCVN3 bytes (`B¸o c¸o`), which the import converts.
    let line = |y: f64, text: &'static [u8]| (50.0, y, text);
    let pieces: Vec<(f64, f64, &[u8])> = vec![
        line(60.0, b"S\xE8: 12/BC-STTTT"),
        line(75.0, b"Qu\xB6ng Ninh, ng\xB5y 20 th\xB8ng 9 n\xA8m 2014"),
        line(110.0, b"B\x83O C\x83O"),
        line(125.0, b"Ho\xB9t \xAE\xE9ng th\xABng tin th\xB8ng 9 n\xA8m 2014"),
        line(160.0, b"I. T\xD7nh h\xD7nh chung"),
        line(190.0, b"S\xE8 li\xD6u c\xB8c ch\xD8 ti\xAAu:"),
        (50.0, 220.0, b"TT"),
        (90.0, 220.0, b"T\xAAn ch\xD8 ti\xAAu"),
        (300.0, 220.0, b"S\xE8 t\xA8ng trong k\xFA"),
        (430.0, 220.0, b"Hi\xD6n c\xE3 tr\xAAn m\xB9ng"),
        (50.0, 235.0, b"01"),
        (90.0, 235.0, b"\xA7T c\xE8 \xAE\xDEnh c\xE3 d\xA9y"),
        (300.0, 235.0, b"180"),
        (430.0, 235.0, b"135.370"),
        (50.0, 250.0, b"02"),
        (90.0, 250.0, b"Thu\xAA bao FTTH"),
        (300.0, 250.0, b"700"),
        (430.0, 250.0, b"8.259"),
        line(290.0, b"N\xACi nh\xCBn:"),
        line(305.0, b"- B\xE9 Th\xABng tin v\xB5 Truy\xD2n th\xABng;"),
        line(320.0, b"- L\xADu VT."),
        (350.0, 290.0, b"KT. GI\x83M \xA7\xFFC"),
        (350.0, 305.0, b"PH\x95 GI\x83M \xA7\xFFC"),
        (350.0, 350.0, b"\xA7\xE7 Ng\xE4c Nam"),
    ];
    let site = bundled_site();
    let inbox = Inbox::new();
    let path = inbox.put("thang-9.PDF", &hand_pdf(&pieces));
    import(&site, &[&path], &[]).ok().says("figures: 4 matched, 0 unmatched");
    let report = parsed(&site, "content/2014/2014-09.md");
    assert_eq!(report.number.as_deref(), Some("12/BC-STTTT"));
    assert_eq!(report.place.as_deref(), Some("Quảng Ninh"));
    assert_eq!(report.issued.map(|d| d.to_string()).as_deref(), Some("2014-09-20"));
    assert_eq!(report.title, "Báo cáo hoạt động thông tin tháng 9 năm 2014");
    assert_eq!(headings(&report.body), ["## I. Tình hình chung"]);
    assert!(
        report.body.contains("Số liệu các chỉ tiêu:\n\n{{ metrics fixed-wired broadband-ftth }}"),
        "{}",
        report.body
    );
    assert_eq!(report.value("fixed-wired", "added"), Some(180.0));
    assert_eq!(report.value("fixed-wired", "total"), Some(135_370.0));
    assert_eq!(report.value("broadband-ftth", "total"), Some(8259.0));
    assert_eq!(report.recipients, ["Bộ Thông tin và Truyền thông", "Lưu VT"]);
    let signer = report.signer.unwrap();
    assert_eq!(
        (signer.name.as_str(), signer.title.as_deref(), signer.on_behalf.as_deref()),
        ("Đỗ Ngọc Nam", Some("Phó Giám đốc"), Some("KT. Giám đốc"))
    );
}

#[test]
fn a_scanned_pdf_without_text_gets_a_clear_message() {
    let site = bundled_site();
    let inbox = Inbox::new();
    let path = inbox.put("scan.pdf", &hand_pdf(&[]));
    let run = import(&site, &[&path], &[]).failed();
    run.says(&format!("error: {}: this PDF holds no text, only images (a scan?)", path.display()));
    let broken = inbox.put("broken.pdf", b"%PDF-1.4\nnot really\n");
    import(&site, &[&broken], &[]).failed().says(&format!("error: {}:", broken.display()));
}

/// A document of `tests/fixtures/import/` (made by `make-documents.py`
/// with LibreOffice: a real Word 97-2003 file or a real exported PDF).
fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(repo().join("tests/fixtures/import").join(name)).unwrap()
}

/// The six rows of the September and October fixtures' figures table.
const FIGURES_09: [(&str, [f64; 4]); 6] = [
    ("fixed-wired", [165.0, 702.0, -1.0, 134_831.0]),
    ("fixed-wireless", [98.0, 310.0, -1.0, 28_023.0]),
    ("mobile-postpaid", [2987.0, 1204.0, 1.0, 159_957.0]),
    ("mobile-prepaid", [47_552.0, 30_118.0, 1.0, 1_423_045.0]),
    ("broadband-xdsl", [1803.0, 1911.0, 0.0, 96_331.0]),
    ("broadband-ftth", [702.0, 64.0, 8.0, 8197.0]),
];

fn assert_figures_09(report: &Report) {
    let ids: Vec<&str> = report.metrics.iter().map(|m| m.indicator.as_str()).collect();
    assert_eq!(ids, FIGURES_09.map(|(id, _)| id));
    for (id, values) in FIGURES_09 {
        for (measure, want) in ["added", "removed", "change_pct", "total"].iter().zip(values) {
            assert_eq!(report.value(id, measure), Some(want), "{id} {measure}");
        }
    }
}

#[test]
fn a_word_97_document_saved_by_libreoffice_gives_the_bundled_report() {
    // The seed .docx (seed_docx) saved as .doc by LibreOffice: tables as
    // cell and row marks, the Roman headings as a Word list, one paragraph
    // in `.VnTime` whose `ư` Word keeps as an optional hyphen.
    let site = bundled_site();
    let inbox = Inbox::new();
    let path = inbox.put("Báo cáo 285.DOC", &fixture("bao-cao-2014-08.doc"));
    let run = import(&site, &[&path], &[]).ok();
    run.says("wrote content/2014/2014-08.md and sources/2014/bao-cao-285.doc; figures: 24 matched, 0 unmatched");
    let report = parsed(&site, "content/2014/2014-08.md");
    assert_like_bundled(&report);
    assert!(report.body.contains("\n\nXây dựng dự toán ngân sách nhà nước ngành Thông tin và Truyền thông năm 2015 trình Sở Tài chính thẩm định.\n\n"));
    assert_eq!(report.source.as_ref().unwrap().sha256, sha256_hex(&fixture("bao-cao-2014-08.doc")));
    site.build().ok();
    assert_eq!(
        std::fs::read(site.path("public/reports/2014/08/bao-cao-285.doc")).unwrap(),
        fixture("bao-cao-2014-08.doc")
    );
}

#[test]
fn a_word_97_report_with_a_figures_table_and_numbered_headings() {
    let site = bundled_site();
    let inbox = Inbox::new();
    let path = inbox.put("bc-thang-9.doc", &fixture("bao-cao-2014-09.doc"));
    import(&site, &[&path], &[]).ok().says("figures: 24 matched, 0 unmatched");
    let report = parsed(&site, "content/2014/2014-09.md");
    assert!(!report.draft);
    assert_eq!(report.number.as_deref(), Some("312/BC-STTTT"));
    assert_eq!(report.issued.map(|d| d.to_string()).as_deref(), Some("2014-09-18"));
    assert_eq!(
        report.title,
        "Báo cáo hoạt động thông tin và truyền thông tháng 9 và nhiệm vụ trọng tâm tháng 10 năm 2014"
    );
    assert_eq!(
        headings(&report.body),
        [
            "## I. Đánh giá chung",
            "## II. Kết quả hoạt động thông tin và truyền thông tháng 9/2014",
            "### 1. Về Bưu chính, Viễn thông",
            "### 2. Về Công nghệ thông tin",
            "## III. Nhiệm vụ trọng tâm tháng 10/2014",
        ]
    );
    assert!(report.body.contains("Các chỉ tiêu ước thực hiện tháng 9 năm 2014:\n\n{{ metrics"), "{}", report.body);
    assert_figures_09(&report);
    assert_eq!(report.recipients, ["Bộ Thông tin và Truyền thông", "UBND tỉnh", "Lưu VT, VP"]);
    assert_eq!(report.signer.as_ref().map(|s| s.name.as_str()), Some("Đỗ Ngọc Nam"));
}

#[test]
fn a_word_97_report_typed_in_tcvn3_fonts_is_converted() {
    // The body in `.VnTime` (named by the style, not on the runs), the
    // capitals in `.VnTimeH` typed as lowercase codes.
    let site = bundled_site();
    let inbox = Inbox::new();
    let path = inbox.put("bc-thang-10.doc", &fixture("bao-cao-2014-10-tcvn3.doc"));
    import(&site, &[&path], &[]).ok().says("figures: 24 matched, 0 unmatched");
    let report = parsed(&site, "content/2014/2014-10.md");
    assert_eq!(report.number.as_deref(), Some("338/BC-STTTT"));
    assert_eq!(report.place.as_deref(), Some("Quảng Ninh"));
    assert_eq!(
        report.title,
        "Báo cáo hoạt động thông tin và truyền thông tháng 10 và nhiệm vụ trọng tâm tháng 11 năm 2014"
    );
    assert_eq!(report.organization.as_deref(), Some("Sở Thông Tin và Truyền Thông Quảng Ninh"));
    assert!(
        report.body.contains("## II. Kết quả hoạt động thông tin và truyền thông tháng 10/2014"),
        "{}",
        report.body
    );
    assert!(report.body.contains("### 1. Về Bưu chính, Viễn thông"), "{}", report.body);
    assert_figures_09(&report);
    assert_eq!(report.recipients, ["Bộ Thông tin và Truyền thông", "UBND tỉnh", "Lưu VT, VP"]);
    let signer = report.signer.unwrap();
    assert_eq!((signer.name.as_str(), signer.on_behalf.as_deref()), ("Đỗ Ngọc Nam", Some("KT. Giám đốc")));
}

/// A compound file with these streams, made with the `cfb` crate.
fn compound(streams: &[(&str, Vec<u8>)]) -> Vec<u8> {
    use std::io::Write;
    let mut file = cfb::CompoundFile::create(std::io::Cursor::new(Vec::new())).unwrap();
    for (name, bytes) in streams {
        file.create_stream(name).unwrap().write_all(bytes).unwrap();
    }
    file.flush().unwrap();
    file.into_inner().into_inner()
}

/// The streams of a `.doc` fixture.
fn streams_of(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    use std::io::Read;
    let mut file = cfb::CompoundFile::open(std::io::Cursor::new(bytes)).unwrap();
    let names: Vec<String> =
        file.walk().filter(|e| e.is_stream()).map(|e| e.path().to_string_lossy().into_owned()).collect();
    names
        .into_iter()
        .map(|name| {
            let mut data = Vec::new();
            file.open_stream(&name).unwrap().read_to_end(&mut data).unwrap();
            (name, data)
        })
        .collect()
}

#[test]
fn broken_encrypted_and_foreign_doc_files_fail_with_their_name_and_what_to_do() {
    let site = bundled_site();
    let inbox = Inbox::new();
    let good = fixture("bao-cao-2014-09.doc");
    let streams = streams_of(&good);
    let with = |name: &str, change: &dyn Fn(&mut Vec<u8>)| -> Vec<u8> {
        let changed: Vec<(&str, Vec<u8>)> = streams
            .iter()
            .map(|(n, d)| {
                let mut d = d.clone();
                if n == name {
                    change(&mut d);
                }
                (n.as_str(), d)
            })
            .collect();
        compound(&changed)
    };
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("cut.doc", good[..good.len() / 3].to_vec(), "save it as .docx"),
        ("not-ole.doc", b"Hello, this is plain text".to_vec(), "this is not a Word 97-2003 document (.doc)"),
        ("zip.doc", b"PK\x03\x04rest".to_vec(), "this is a .docx (a zip file) named .doc: rename it to .docx"),
        (
            "password.doc",
            with("/WordDocument", &|d| d[0x0B] |= 0x01),
            "this .doc is protected by a password: open it in Word, remove the password",
        ),
        (
            "agile.doc",
            compound(&[("/EncryptionInfo", vec![4, 0, 4, 0]), ("/EncryptedPackage", vec![0; 64])]),
            "protected by a password",
        ),
        (
            "excel.doc",
            compound(&[("/Workbook", vec![9, 8, 7])]),
            "holds no WordDocument stream: it is not a Word document",
        ),
        (
            "word95.doc",
            with("/WordDocument", &|d| d[2..4].copy_from_slice(&[0x65, 0])),
            "this is a Word 6.0/95 document",
        ),
        (
            "no-table.doc",
            {
                let kept: Vec<(&str, Vec<u8>)> =
                    streams.iter().filter(|(n, _)| n != "/1Table").map(|(n, d)| (n.as_str(), d.clone())).collect();
                compound(&kept)
            },
            "this .doc is damaged (its 1Table stream is missing): open it in Word or LibreOffice and save it as .docx",
        ),
        (
            "short-text.doc",
            with("/WordDocument", &|d| d.truncate(2200)),
            "this .doc is damaged (a piece of its text is out of bounds)",
        ),
    ];
    let mut paths = Vec::new();
    for (name, bytes, _) in &cases {
        paths.push(inbox.put(name, bytes));
    }
    let fine = inbox.put("fine.doc", &good);
    let mut all: Vec<&Path> = paths.iter().map(PathBuf::as_path).collect();
    all.push(&fine);
    let run = import(&site, &all, &[]).failed();
    for ((_, _, message), path) in cases.iter().zip(&paths) {
        run.says(&format!("error: {}: ", path.display())).says(message);
        let line = run.stderr.lines().chain(run.stdout.lines()).find(|l| l.contains(&*path.display().to_string()));
        assert!(line.is_some_and(|l| l.contains(message)), "{}: {line:?}", path.display());
    }
    // The good one is imported all the same.
    run.says("figures: 24 matched, 0 unmatched");
    assert!(site.path("content/2014/2014-09.md").exists());
}

#[test]
fn no_truncated_or_corrupted_doc_makes_the_reader_panic() {
    // Every failure is one of the reader's own messages, never its
    // catch-all for a panic; a few thousand damaged copies, deterministic.
    let good = fixture("bao-cao-2014-09.doc");
    let mut tried = 0;
    let mut check = |bytes: &[u8], what: &str| {
        tried += 1;
        if let Err(message) = annals::import::doc::read(bytes) {
            assert!(!message.contains("the .doc reader failed"), "{what}: {message}");
            assert!(message.contains(".docx") || message.contains(".doc"), "{what}: {message}");
        }
    };
    for len in (0..good.len()).step_by(97) {
        check(&good[..len], &format!("cut at {len}"));
    }
    let streams = streams_of(&good);
    let mut seed = 0x2545_f491_u32;
    for (name, data) in &streams {
        for round in 0..150 {
            let mut damaged = data.clone();
            for _ in 0..1 + round % 8 {
                seed ^= seed << 13;
                seed ^= seed >> 17;
                seed ^= seed << 5;
                if damaged.is_empty() {
                    break;
                }
                let at = seed as usize % damaged.len();
                damaged[at] = (seed >> 8) as u8;
            }
            if round % 5 == 4 {
                damaged.truncate(seed as usize % (damaged.len() + 1));
            }
            let changed: Vec<(&str, Vec<u8>)> = streams
                .iter()
                .map(|(n, d)| (n.as_str(), if n == name { damaged.clone() } else { d.clone() }))
                .collect();
            check(&compound(&changed), &format!("{name} round {round}"));
        }
    }
    assert!(tried > 500);
}

#[test]
fn serve_publishes_the_original_documents_as_build_does() {
    // The report page links `reports/2014/08/<name>`; serve answers it with
    // the file in sources/, follows its changes and says when it is gone.
    use serve_support::{Server, WAIT};
    let server = Server::start("serve");
    let events = server.events();
    let original = "Văn bản gốc, bản 1\n";
    server.write("sources/2014/bao-cao-285.txt", original);
    let august = "content/2014/2014-08.md";
    let text = server.read(august).replacen(
        "period: 2014-08\n",
        &format!(
            "period: 2014-08\nsource: {{ file: sources/2014/bao-cao-285.txt, sha256: {} }}\n",
            sha256_hex(original.as_bytes())
        ),
        1,
    );
    server.write(august, &text);
    events.expect("reload", WAIT);
    let page = server.get("/reports/2014/08/");
    assert!(
        page.body.contains("href=\"/reports/2014/08/bao-cao-285.txt\" download>bao-cao-285.txt</a>"),
        "{}",
        page.body
    );
    let served = server.get("/reports/2014/08/bao-cao-285.txt");
    assert_eq!((served.status, served.body.as_str()), (200, original));
    assert_eq!(served.header("content-type"), Some("text/plain; charset=utf-8"));
    // The same file that `annals build` publishes.
    let out = tempfile::tempdir().unwrap();
    let built = std::process::Command::new(env!("CARGO_BIN_EXE_annals"))
        .args(["build", "--root"])
        .arg(server.path(""))
        .arg("--out")
        .arg(out.path().join("site"))
        .output()
        .unwrap();
    assert!(built.status.success(), "{}", String::from_utf8_lossy(&built.stderr));
    assert_eq!(std::fs::read_to_string(out.path().join("site/reports/2014/08/bao-cao-285.txt")).unwrap(), original);
    // A new version of the original is served without touching the report.
    server.write("sources/2014/bao-cao-285.txt", "Văn bản gốc, bản 2\n");
    events.expect("reload", WAIT);
    assert_eq!(server.get("/reports/2014/08/bao-cao-285.txt").body, "Văn bản gốc, bản 2\n");
    // Gone: the rebuild fails, naming the report and the file; the last good site stays.
    std::fs::remove_file(server.path("sources/2014/bao-cao-285.txt")).unwrap();
    let problems = events.expect("problems", WAIT);
    assert!(problems.contains("sources/2014/bao-cao-285.txt") && problems.contains("2014-08.md"), "{problems}");
}

#[test]
fn a_pdf_exported_by_libreoffice_with_wrapped_table_cells_gives_every_figure() {
    // The clerk's way: the report typed in a word processor, its figures
    // table with narrow columns (indicator names and headers wrap onto two
    // lines), exported as PDF. The table's borders give its cells.
    let site = bundled_site();
    let inbox = Inbox::new();
    let path = inbox.put("bc-thang-9.pdf", &fixture("bao-cao-2014-09.pdf"));
    import(&site, &[&path], &[]).ok().says("figures: 24 matched, 0 unmatched");
    let report = parsed(&site, "content/2014/2014-09.md");
    assert!(!report.draft, "{}", site.read("content/2014/2014-09.md"));
    assert_figures_09(&report);
    assert_eq!(report.number.as_deref(), Some("312/BC-STTTT"));
    assert_eq!(report.issued.map(|d| d.to_string()).as_deref(), Some("2014-09-18"));
    // The header's layout table wraps "SỞ THÔNG TIN VÀ TRUYỀN / THÔNG".
    assert_eq!(report.organization.as_deref(), Some("Sở Thông Tin và Truyền Thông Quảng Ninh"));
    assert_eq!(report.recipients, ["Bộ Thông tin và Truyền thông", "UBND tỉnh", "Lưu VT, VP"]);
    assert_eq!(report.signer.as_ref().map(|s| s.name.as_str()), Some("Đỗ Ngọc Nam"));
    // The .doc saved from the same document gives the same report.
    let doc_site = bundled_site();
    let doc = inbox.put("bc-thang-9.doc", &fixture("bao-cao-2014-09.doc"));
    import(&doc_site, &[&doc], &[]).ok();
    let from_doc = parsed(&doc_site, "content/2014/2014-09.md");
    assert_eq!(
        (&report.title, &report.body, &report.recipients, &report.metrics),
        (&from_doc.title, &from_doc.body, &from_doc.recipients, &from_doc.metrics)
    );
}

#[test]
fn a_pdf_table_without_borders_whose_cell_wraps_is_imported_with_a_note_naming_the_row() {
    // No rules to tell cells: the wrapped name joins its row, and the
    // report says which row to check (a draft); no figure is made up.
    let pieces: Vec<(f64, f64, &[u8])> = vec![
        (50.0, 60.0, b"S\xF4: 12/BC-STTTT"),
        (50.0, 75.0, b"Qu\xE3ng Ninh, ng\xE0y 20 th\xE1ng 9 n\xE3m 2014"),
        (50.0, 110.0, b"B\xC1O C\xC1O"),
        (50.0, 125.0, b"Tinh hinh thang 9 nam 2014"),
        (50.0, 160.0, b"I. Chung"),
        (50.0, 220.0, b"TT"),
        (90.0, 220.0, b"Ten chi tieu"),
        (300.0, 220.0, b"So tang trong ky"),
        (430.0, 220.0, b"Hien co tren mang"),
        (50.0, 235.0, b"01"),
        (90.0, 235.0, b"DT co dinh co"),
        (300.0, 235.0, b"180"),
        (430.0, 235.0, b"135.370"),
        (90.0, 247.0, b"day"),
        (50.0, 262.0, b"02"),
        (90.0, 262.0, b"Thue bao FTTH"),
        (300.0, 262.0, b"700"),
        (430.0, 262.0, b"8.259"),
    ];
    let site = bundled_site();
    let inbox = Inbox::new();
    let path = inbox.put("thang-9.pdf", &hand_pdf(&pieces));
    let run = import(&site, &[&path], &[]).ok();
    run.says("figures: 4 matched, 0 unmatched").says("(draft)");
    run.says("the line \"day\" was read as the end of the row \"DT co dinh co\" (a cell whose text wraps); check that row's figures against the original");
    let report = parsed(&site, "content/2014/2014-09.md");
    assert!(report.draft);
    assert_eq!(report.value("fixed-wired", "added"), Some(180.0));
    assert_eq!(report.value("fixed-wired", "total"), Some(135_370.0));
    assert_eq!(report.value("broadband-ftth", "total"), Some(8259.0));
    assert!(
        site.read("content/2014/2014-09.md").contains("#   - a table of this PDF has no borders: the line \"day\"")
    );
}
