//! A site folder made on Windows: every input saved with a BOM and CRLF line
//! endings (Notepad, Word, git's `core.autocrlf`) builds the same bytes as the
//! same folder saved on Linux, and its diagnostics point at the same
//! line:column. The Windows binary itself is run under Wine by
//! tests/windows/smoke.sh (in CI), which compares its output with the Linux
//! build's.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use common::Site;

const MANIFEST: &str = env!("CARGO_MANIFEST_DIR");

/// The files of the bundled site, plus one of each other kind of text input:
/// a template override, a strings file, a multi-line YAML value.
fn inputs() -> Vec<(String, String)> {
    let bundled = |path: &str| fs::read_to_string(Path::new(MANIFEST).join(path)).expect("bundled site");
    let site_yaml = bundled("site.yaml").replace(
        "feed_limit: 20\n",
        "feed_limit: 20\n# a block scalar keeps its line breaks: they must be LF on every system\n",
    );
    let site_yaml = site_yaml
        .lines()
        .map(|line| {
            if line.starts_with("description:") {
                "description: |\n  Báo cáo tháng về bưu chính, viễn thông.\n  Dòng thứ hai.".to_string()
            } else {
                line.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n";
    let template = "{% extends \"base.html\" %}\n{% block content %}\n<h1 class=\"page-title\">{{ t.not_found_title }}</h1>\n<p>\n  {{ t.go_home }}\n</p>\n{% endblock content %}\n";
    vec![
        ("site.yaml".into(), site_yaml),
        ("content/indicators.yaml".into(), bundled("content/indicators.yaml")),
        ("content/2014/2014-08.md".into(), bundled("content/2014/2014-08.md")),
        ("templates/404.html".into(), template.into()),
        ("i18n/vi.yaml".into(), "# the site's own words\nnot_found_title: \"Không có trang này\"\n".into()),
    ]
}

/// The same text as Notepad saves it: a BOM, then CRLF line endings.
fn as_windows(text: &str) -> String {
    format!("\u{feff}{}", text.replace('\n', "\r\n"))
}

fn site(files: &[(String, String)], windows: bool) -> Site {
    let site = Site::empty();
    for (path, text) in files {
        site.write(path, &if windows { as_windows(text) } else { text.clone() });
    }
    site
}

/// Every file under `dir`, by slash-separated relative path.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        for entry in fs::read_dir(&folder).expect("output folder") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let name = path.strip_prefix(dir).expect("inside").to_string_lossy().replace('\\', "/");
                files.insert(name, fs::read(&path).expect("output file"));
            }
        }
    }
    files
}

#[test]
fn a_folder_saved_on_windows_builds_the_same_bytes() {
    let files = inputs();
    let linux = site(&files, false);
    let windows = site(&files, true);
    assert!(fs::read(windows.path("site.yaml")).expect("written").starts_with(b"\xef\xbb\xbf"));
    linux.build().ok();
    windows.build().ok();
    let (a, b) = (tree(&linux.path("public")), tree(&windows.path("public")));
    assert!(a.len() > 40, "the bundled site has over 40 output files, got {}", a.len());
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>(), "the same files");
    for (name, bytes) in &a {
        assert!(bytes == &b[name], "{name} differs between the LF and the CRLF+BOM folder");
    }
    // What each kind of input contributed is there, without a CR or a BOM.
    let home = linux.page("");
    assert!(home.contains("Báo cáo tháng về bưu chính, viễn thông.\nDòng thứ hai."), "{home}");
    let not_found = linux.read("public/404.html");
    assert!(not_found.contains("<h1 class=\"page-title\">Không có trang này</h1>\n<p>\n"), "{not_found}");
    for (name, bytes) in &b {
        if name.ends_with(".html") {
            assert!(!bytes.contains(&b'\r'), "{name} has a CR");
            assert!(!bytes.windows(3).any(|w| w == b"\xef\xbb\xbf"), "{name} has a BOM");
        }
    }
}

/// `check` of the LF and the CRLF+BOM folder, with the root left out.
fn check_both(files: &[(String, String)]) -> (common::Run, common::Run) {
    let (linux, windows) = (site(files, false), site(files, true));
    let (a, b) = (linux.check().failed(), windows.check().failed());
    assert!(!b.stderr.contains('\u{feff}') && !b.stderr.contains('\r'), "{}", b.stderr);
    let a_text = a.stderr.replace(&linux.root().display().to_string(), "ROOT");
    let b_text = b.stderr.replace(&windows.root().display().to_string(), "ROOT");
    assert_eq!(a_text, b_text, "the same diagnostics, at the same line:column");
    (a, b)
}

#[test]
fn diagnostics_in_a_windows_file_point_at_the_same_place() {
    let mut files = inputs();
    files[0].1 = files[0].1.replace("language: vi", "language: vn");
    let (_, site_yaml) = check_both(&files);
    site_yaml.has("site.yaml:5:11", "vn");

    let mut files = inputs();
    files[1].1 = files[1].1.replacen("measures:", "measures:\n  bad: { labl: X }", 1);
    files[2].1 = files[2].1.replacen("period: 2014-08", "period: 2014-13", 1);
    files[4].1.push_str("no_such_key: \"x\"\n");
    let (_, others) = check_both(&files);
    others.has("content/indicators.yaml:5:10", "labl");
    others.has("content/2014/2014-08.md:3:9", "2014-13");
    others.has("i18n/vi.yaml:3:1", "no_such_key");
}
