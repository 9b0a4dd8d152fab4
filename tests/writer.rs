//! The writer's month: `annals init`, `annals new`, and what `check` says of
//! a new draft.

mod common;
use common::{Run, Site};
use std::process::Command;

fn annals(args: &[&str], cwd: &std::path::Path) -> Run {
    let output =
        Command::new(env!("CARGO_BIN_EXE_annals")).args(args).current_dir(cwd).env("NO_COLOR", "1").output().unwrap();
    Run::from(output)
}

/// A copy of the bundled site in a temporary folder.
fn bundled() -> Site {
    let site = Site::empty();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    site.write("site.yaml", &std::fs::read_to_string(root.join("site.yaml")).unwrap());
    site.write("content/indicators.yaml", &std::fs::read_to_string(root.join("content/indicators.yaml")).unwrap());
    site.write("content/2014/2014-08.md", &std::fs::read_to_string(root.join("content/2014/2014-08.md")).unwrap());
    site
}

#[test]
fn init_makes_a_site_that_builds_at_once() {
    for language in ["vi", "en"] {
        let dir = tempfile::tempdir().unwrap();
        annals(&["init", "archive", "--language", language, "--title", "Lưu trữ: thử"], dir.path()).ok();
        let site = dir.path().join("archive");
        for file in ["site.yaml", "content/indicators.yaml", ".gitignore"] {
            assert!(site.join(file).is_file(), "{file}");
        }
        assert!(std::fs::read_to_string(site.join(".gitignore")).unwrap().contains("public/"));
        assert!(std::fs::read_to_string(site.join("site.yaml")).unwrap().contains("title: \"Lưu trữ: thử\""));
        let run = annals(&["build"], &site).ok();
        assert!(!run.stderr.contains("warning:"), "{}", run.stderr);
        let home = std::fs::read_to_string(site.join("public/index.html")).unwrap();
        assert!(home.contains(&format!("<html lang=\"{language}\">")) && home.contains("Lưu trữ: thử"));
    }
}

#[test]
fn init_refuses_a_folder_that_is_not_empty() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.txt"), "mine").unwrap();
    annals(&["init", "."], dir.path()).failed().says("is not empty");
    assert_eq!(std::fs::read_to_string(dir.path().join("notes.txt")).unwrap(), "mine");
    assert!(!dir.path().join("site.yaml").exists());
}

#[test]
fn new_after_the_bundled_report_prefills_september() {
    let site = bundled();
    let run = site.run(&["new"]).ok();
    assert_eq!(run.stdout.trim(), "content/2014/2014-09.md");
    let text = site.read("content/2014/2014-09.md");
    let today = annals::new_report::today();
    for expected in [
        "title: Báo cáo hoạt động thông tin và truyền thông tháng 9 và nhiệm vụ trọng tâm tháng 10 năm 2014\n",
        "period: 2014-09\n",
        &format!("issued: {today}\n"),
        "number:  ",
        "place: Quảng Ninh\n",
        "  name: Đỗ Ngọc Nam\n",
        "  on_behalf: KT. Giám đốc\n",
        "  - HDND, UBND tỉnh\n",
        "draft: true",
        "  fixed-wired:\n    added:\n    removed:\n    change_pct:\n    total:\n",
        "  broadband-internet:\n    added:\n    total:\n    per_100_people:\n",
        "## II. Kết quả hoạt động thông tin và truyền thông tháng 9/2014\n",
        "## III. Nhiệm vụ trọng tâm tháng 10/2014\n",
        "{{ metrics fixed-wired fixed-wireless mobile-postpaid mobile-prepaid broadband-xdsl broadband-ftth }}",
    ] {
        assert!(text.contains(expected), "the new report lacks {expected:?}:\n{text}");
    }
    assert!(!text.contains("Trong tháng, các dịch vụ"), "only headings of the previous body are copied");
    // A draft with empty figures passes check, each empty figure a "to fill" warning.
    let check = site.check().ok();
    check.has("content/2014/2014-09.md:24:10", "to fill: `added` of `fixed-wired` is still empty");
    assert_eq!(check.stderr.matches("to fill:").count(), 30);
    // Once it is no longer a draft, an empty figure is an error.
    site.write("content/2014/2014-09.md", &text.replace("draft: true", "draft: false"));
    site.check().failed().has("content/2014/2014-09.md:24:10", "to fill: `added` of `fixed-wired` is still empty");
}

#[test]
fn new_refuses_to_overwrite() {
    let site = bundled();
    site.run(&["new", "2014-08"]).failed().says("content/2014/2014-08.md already holds the report of 2014-08");
    site.run(&["new", "2014-10"]).ok();
    site.remove("content/2014/2014-10.md");
    site.write("content/2014/2014-10.md", "---\ntitle: x\nperiod: 2014-11\n---\n");
    site.run(&["new", "2014-10"]).failed().says("already exists");
    site.run(&["new", "2014-13"]).failed().says("is not a month");
    let empty = Site::new(&[]);
    empty.run(&["new"]).failed().says("there is no report yet");
}
