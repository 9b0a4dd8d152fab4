//! `annals build` on small fixture sites: pages, values in both languages,
//! escaping, base paths, atomic output, determinism.

mod common;
use common::{Site, report};
use std::fs;

const FIGURES: &str = "metrics:\n  fixed-wired: { added: 178, removed: 619, change_pct: -1, total: 135368 }\n  mobile-prepaid: { added: 49119, removed: 26331, change_pct: 39.5, total: 1592020 }\n  phone-subscribers: { total: 1727388, per_100_people: 157.25 }\n";

fn two_reports() -> Site {
    Site::new(&[
        (
            "content/2014/2014-08.md",
            &report(
                "2014-08",
                &format!(
                    "number: 285/BC-STTTT\nissued: 2014-08-19\nplace: Quảng Ninh\nsigner: {{ name: Đỗ Ngọc Nam, title: Phó Giám đốc, on_behalf: KT. Giám đốc }}\nrecipients: [Tỉnh ủy Quảng Ninh, \"HĐND, UBND tỉnh\"]\n{FIGURES}"
                ),
                "## I. Đánh giá chung\n\nĐoạn đầu tiên.\n\nCác chỉ tiêu:\n\n{{ metrics fixed-wired mobile-prepaid }}\n\n## II. Kết quả\n\nĐoạn sau.\n",
            ),
        ),
        ("content/2014/2014-07.md", &report("2014-07", "metrics:\n  fixed-wired: { total: 135809 }\n", "Tháng bảy.\n")),
        ("content/2013/2013-12.md", &report("2013-12", "", "Tháng mười hai.\n")),
    ])
}

#[test]
fn every_page_of_the_contract_exists() {
    let site = two_reports();
    site.build().ok();
    for file in [
        "index.html",
        "reports/index.html",
        "reports/2014/index.html",
        "reports/2013/index.html",
        "reports/2014/08/index.html",
        "reports/2014/07/index.html",
        "reports/2013/12/index.html",
        "404.html",
        "robots.txt",
        "sitemap.xml",
        "atom.xml",
        "static/annals.css",
    ] {
        assert!(site.path("public").join(file).is_file(), "missing {file}");
    }
}

#[test]
fn report_page_shows_metadata_and_figures_in_vietnamese() {
    let site = two_reports();
    site.build().ok();
    let page = site.page("reports/2014/08/");
    for expected in [
        "<html lang=\"vi\">",
        "285/BC-STTTT",
        "<time datetime=\"2014-08-19\">19/8/2014</time>",
        "Tháng 8/2014",
        "Quảng Ninh",
        "Đỗ Ngọc Nam",
        "KT. Giám đốc",
        "HĐND, UBND tỉnh",
        ">135.368<",
        ">1.727.388<",
        ">-1 %<",
        ">39,5 %<",
        ">157,25<",
        "data-value=\"1727388\"",
        "href=\"/bao-cao/indicators/fixed-wired/\"",
        "<h2 id=\"i-danh-gia-chung\">",
        "<caption>",
        "<th scope=\"col\"",
        "<th scope=\"row\"",
    ] {
        assert!(page.contains(expected), "report page lacks {expected:?}");
    }
    // The body's table stands where the directive is, between the two paragraphs.
    let table = page.find("<table class=\"metrics\">").unwrap();
    assert!(page.find("Các chỉ tiêu:").unwrap() < table && table < page.find("Đoạn sau.").unwrap());
    // Previous report of the same archive, and none after the latest.
    assert!(page.contains("rel=\"prev\" href=\"/bao-cao/reports/2014/07/\""));
    assert!(!page.contains("rel=\"next\""));
    let july = site.page("reports/2014/07/");
    assert!(july.contains("rel=\"next\" href=\"/bao-cao/reports/2014/08/\""));
    assert!(july.contains("rel=\"prev\" href=\"/bao-cao/reports/2013/12/\""));
}

#[test]
fn english_sites_format_numbers_and_dates_in_english() {
    let site = two_reports();
    site.write("site.yaml", &common::SITE_YAML.replace("language: vi", "language: en"));
    site.build().ok();
    let page = site.page("reports/2014/08/");
    for expected in [
        "<html lang=\"en\">",
        ">1,727,388<",
        ">135,368<",
        ">-1%<",
        ">39.5%<",
        "19 August 2014",
        "August 2014",
        "Previous report",
    ] {
        assert!(page.contains(expected), "English page lacks {expected:?}");
    }
    assert!(site.page("").contains("Latest report"));
}

#[test]
fn home_and_archive_pages_list_reports_by_year() {
    let site = two_reports();
    site.build().ok();
    let home = site.page("");
    assert!(home.contains("href=\"/bao-cao/reports/2014/08/\""), "home links the latest report");
    assert!(home.contains("href=\"/bao-cao/reports/2014/\"") && home.contains("href=\"/bao-cao/reports/2013/\""));
    let all = site.page("reports/");
    let (y2014, y2013) = (all.find("id=\"y2014\"").unwrap(), all.find("id=\"y2013\"").unwrap());
    assert!(y2014 < y2013, "newest year first");
    let year = site.page("reports/2014/");
    assert!(year.contains("2 báo cáo"));
    assert!(year.find("/bao-cao/reports/2014/08/").unwrap() < year.find("/bao-cao/reports/2014/07/").unwrap());
    assert!(!year.contains("/bao-cao/reports/2013/12/"));
}

#[test]
fn content_is_escaped_in_every_context() {
    let evil = "<script>alert(1)</script> & \"quotes\"";
    let site = Site::new(&[(
        "content/a.md",
        &format!(
            "---\ntitle: '{evil}'\nperiod: 2014-08\nsummary: '<img src=x onerror=alert(1)>'\n---\nText <script>alert(2)</script> and <b>bold</b>.\n\n[link](javascript:alert(3)) [data](data:text/html,x) [ok](https://example.org/)\n"
        ),
    )]);
    site.build().ok();
    let page = site.page("reports/2014/08/");
    assert!(!page.contains("<script>alert"), "a script from content ran into the page");
    assert!(!page.contains("<img src=x"));
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;"));
    assert!(page.contains("Text &lt;script&gt;alert(2)&lt;/script&gt; and &lt;b&gt;bold&lt;/b&gt;."));
    assert!(!page.to_lowercase().contains("javascript:") && !page.contains("data:text"));
    assert!(page.contains("href=\"https://example.org/\""));
    let atom = site.read("public/atom.xml");
    assert!(atom.contains("&lt;script&gt;alert(1)&lt;/script&gt;") && !atom.contains("<script>"));
    assert!(!site.read("public/index.html").contains("<script>alert"));
}

#[test]
fn raw_html_is_kept_when_the_site_allows_it() {
    let site =
        Site::new(&[("content/a.md", &report("2014-08", "", "Text <b>bold</b>.\n\n[x](javascript:alert(1))\n"))]);
    site.write("site.yaml", &format!("{}allow_html: true\n", common::SITE_YAML));
    site.build().ok();
    let page = site.page("reports/2014/08/");
    assert!(page.contains("<b>bold</b>"));
    assert!(!page.contains("javascript:"), "javascript: targets are never emitted");
}

/// Every href and src of a page.
fn links(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    for attribute in ["href=\"", "src=\""] {
        let mut rest = html;
        while let Some(i) = rest.find(attribute) {
            rest = &rest[i + attribute.len()..];
            let end = rest.find('"').unwrap();
            found.push(rest[..end].to_string());
        }
    }
    found
}

#[test]
fn every_link_carries_the_sub_path_and_can_be_overridden() {
    let site = two_reports();
    site.build().ok();
    for page in ["", "reports/", "reports/2014/", "reports/2014/08/"] {
        for link in links(&site.page(page)) {
            assert!(
                link.starts_with("/bao-cao/")
                    || link.starts_with('#')
                    || link.starts_with("https://example.gov.vn/bao-cao/"),
                "{page}: {link}"
            );
        }
    }
    assert!(site.read("public/atom.xml").contains("href=\"https://example.gov.vn/bao-cao/reports/2014/08/\""));
    assert!(site.read("public/sitemap.xml").contains("<loc>https://example.gov.vn/bao-cao/reports/2014/08/</loc>"));
    assert!(site.read("public/robots.txt").contains("Sitemap: https://example.gov.vn/bao-cao/sitemap.xml"));
    site.run(&["build", "--base-url", "http://localhost:8000"]).ok();
    let page = site.page("reports/2014/08/");
    assert!(
        page.contains("href=\"/static/annals.css\"")
            && page.contains("<link rel=\"canonical\" href=\"http://localhost:8000/reports/2014/08/\">")
    );
}

#[test]
fn a_failed_build_leaves_the_previous_output_untouched() {
    let site = two_reports();
    site.build().ok();
    let before = site.page("reports/2014/08/");
    site.write(
        "content/2014/2014-08.md",
        &report("2014-08", "metrics:\n  fixed-wired: { total: \"1.000\" }\n", "Changed.\n"),
    );
    site.build().failed();
    assert_eq!(site.page("reports/2014/08/"), before);
    // No staging folder; what an incremental build keeps beside the output stays.
    let leftovers: Vec<String> = fs::read_dir(site.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| {
            n.contains("annals")
                && n != ".public.annals-inputs.json"
                && n != ".public.annals-charts"
                && n != ".public.annals-search"
                && n != ".public.annals-reports"
        })
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn a_template_failing_midway_leaves_the_previous_output_untouched() {
    // Pages are written as they are rendered: a failure after some were
    // written must still leave the old output whole and no staging folder.
    let site = two_reports();
    site.build().ok();
    let before = site.page("reports/2014/08/");
    site.write(
        "templates/report.html",
        "{% extends \"base.html\" %}{% block content %}{{ view.nonexistent.field }}{% endblock content %}",
    );
    site.build().failed().says("templates/report.html");
    assert_eq!(site.page("reports/2014/08/"), before);
    assert!(site.path("public/index.html").is_file());
    // No staging folder; the spare tree of incremental builds stays, and
    // still holds what its state says (the next build trusts it).
    let leftovers: Vec<String> = fs::read_dir(site.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| {
            n.contains("annals")
                && n != ".public.annals-spare"
                && n != ".public.annals-inputs.json"
                && n != ".public.annals-charts"
                && n != ".public.annals-search"
                && n != ".public.annals-reports"
        })
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    let spare = site.path(".public.annals-spare");
    assert!(annals::output_state::State::read(&spare).is_some(), "the spare keeps a state");
    site.write(
        "templates/report.html",
        "{% extends \"base.html\" %}{% block content %}<p>fixed</p>{% endblock content %}",
    );
    site.build().ok();
    assert!(site.page("reports/2014/08/").contains("<p>fixed</p>"));
}

#[test]
fn pages_of_deleted_reports_disappear() {
    let site = two_reports();
    site.build().ok();
    site.remove("content/2013/2013-12.md");
    site.build().ok();
    assert!(!site.path("public/reports/2013").exists());
    assert!(!site.page("reports/2014/07/").contains("/reports/2013/12/"));
}

#[test]
fn two_builds_are_byte_identical() {
    let site = two_reports();
    site.run(&["build", "--out", site.path("one").to_str().unwrap()]).ok();
    site.run(&["build", "--out", site.path("two").to_str().unwrap()]).ok();
    let list = |dir: &str| {
        let mut files: Vec<(String, Vec<u8>)> = walk(&site.path(dir))
            .into_iter()
            .map(|p| (p.strip_prefix(site.path(dir)).unwrap().display().to_string(), fs::read(&p).unwrap()))
            .collect();
        files.sort();
        files
    };
    assert_eq!(list("one"), list("two"));
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() { files.extend(walk(&path)) } else { files.push(path) }
    }
    files
}

#[test]
fn output_folders_that_would_destroy_input_are_refused() {
    let site = two_reports();
    site.run(&["build", "--out", site.path("content/public").to_str().unwrap()]).failed().says("is inside content/");
    site.run(&["build", "--out", site.root().to_str().unwrap()]).failed().says("holds the site folder");
    assert!(site.path("content/2014/2014-08.md").exists() && site.path("site.yaml").exists());
}

#[cfg(unix)]
#[test]
fn symbolic_links_out_of_the_site_are_refused() {
    let outside = tempfile::tempdir().unwrap();
    fs::write(outside.path().join("secret.md"), report("2014-01", "", "Secret.\n")).unwrap();
    let site = two_reports();
    std::os::unix::fs::symlink(outside.path().join("secret.md"), site.path("content/secret.md")).unwrap();
    site.build().failed().has("content/secret.md", "symbolic link leads out of the site folder");
    // A link that stays inside the site is fine.
    fs::remove_file(site.path("content/secret.md")).unwrap();
    site.write("notes/extra.md", &report("2012-05", "", "Inside.\n"));
    std::os::unix::fs::symlink(site.path("notes/extra.md"), site.path("content/extra.md")).unwrap();
    site.build().ok();
    assert!(site.path("public/reports/2012/05/index.html").exists());
}

#[test]
fn site_templates_override_and_static_files_are_copied() {
    let site = two_reports();
    site.write(
        "templates/404.html",
        "{% extends \"base.html\" %}{% block content %}<p>Không có trang này (tùy biến).</p>{% endblock content %}",
    );
    site.write("static/logo.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
    site.write("static/static/annals.css", "body{color:red}");
    site.build().ok();
    assert!(site.read("public/404.html").contains("Không có trang này (tùy biến)."));
    assert!(site.path("public/logo.svg").is_file());
    assert_eq!(site.read("public/static/annals.css"), "body{color:red}");
}

#[test]
fn a_broken_template_is_an_error_naming_it() {
    let site = two_reports();
    site.write(
        "templates/year.html",
        "{% extends \"base.html\" %}{% block content %}{{ view.nonexistent.field }}{% endblock content %}",
    );
    site.build().failed().says("templates/year.html").says("template error");
}

#[test]
fn drafts_are_built_only_when_asked() {
    let site = two_reports();
    site.write("content/2014/2014-09.md", &report("2014-09", "draft: true\n", "Bản nháp.\n"));
    site.build().ok();
    assert!(!site.path("public/reports/2014/09").exists());
    assert!(!site.read("public/atom.xml").contains("2014-09"));
    site.run(&["build", "--drafts"]).ok();
    assert!(site.page("reports/2014/09/").contains("Bản nháp"));
}

#[test]
fn the_feed_holds_the_latest_reports_up_to_the_limit() {
    let site = two_reports();
    site.write("site.yaml", &format!("{}feed_limit: 2\n", common::SITE_YAML));
    site.build().ok();
    let atom = site.read("public/atom.xml");
    assert_eq!(atom.matches("<entry>").count(), 2);
    assert!(atom.contains("<id>https://example.gov.vn/bao-cao/reports/2014/08/</id>"));
    assert!(!atom.contains("reports/2013/12/"));
    assert!(atom.contains("<updated>2014-08-19T00:00:00Z</updated>"));
    assert!(
        atom.starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\"")
    );
    let sitemap = site.read("public/sitemap.xml");
    assert!(!sitemap.contains("404"));
}

#[test]
fn every_page_has_a_content_security_policy() {
    let site = two_reports();
    site.build().ok();
    for page in ["index.html", "404.html", "reports/2014/08/index.html"] {
        let html = site.read(&format!("public/{page}"));
        assert!(html.contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'self'; script-src 'self'; style-src 'self';"), "{page}");
        assert!(!html.contains("style=\""), "{page} has an inline style");
        assert!(!html.contains("<script>"), "{page} has an inline script");
    }
}
