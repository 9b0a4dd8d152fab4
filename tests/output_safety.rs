//! The output is only ever an output, and replacing it is safe: `build`
//! refuses every `--out` that would eat the site, marks its outputs,
//! replaces them in one step for readers, and removes what killed builds
//! left behind.

mod common;
use common::{Site, report};
use std::fs;
use std::path::Path;
use std::time::{Duration, Instant};

fn site() -> Site {
    Site::new(&[
        ("content/2014/2014-08.md", &report("2014-08", "metrics:\n  fixed-wired: { total: 135368 }\n", "Tám.\n")),
        ("content/2014/2014-07.md", &report("2014-07", "", "Bảy.\n")),
        ("static/logo.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>"),
        ("templates/.keep", ""),
        ("themes/mine/templates/.keep", ""),
        (".git/HEAD", "ref: refs/heads/main\n"),
        ("docs/guide.md", "# Guide\n"),
    ])
}

/// Every file under `dir` with its bytes, sorted.
fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    for entry in walk(dir) {
        files.push((entry.strip_prefix(dir).unwrap().display().to_string(), fs::read(&entry).unwrap()));
    }
    files.sort();
    files
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() && !path.is_symlink() { files.extend(walk(&path)) } else { files.push(path) }
    }
    files
}

fn refused(site: &Site, out: &Path, why: &str) {
    let before = snapshot(site.root());
    let run = site.run(&["build", "--out", out.to_str().unwrap()]);
    let run = run.failed();
    run.says(why);
    run.says(&out.display().to_string());
    assert_eq!(snapshot(site.root()), before, "--out {} changed the site", out.display());
}

#[test]
fn each_hazard_of_the_site_is_refused_and_left_as_it_was() {
    let site = site();
    let cases = [
        ("site.yaml", "is a file, not a folder"),
        ("content/indicators.yaml", "is a file, not a folder"),
        ("content/2014/2014-08.md", "is a file, not a folder"),
        ("static", "is `static` of the site folder"),
        ("static/logo.svg", "is a file, not a folder"),
        ("templates", "is `templates` of the site folder"),
        ("themes", "is `themes` of the site folder"),
        ("themes/mine", "is inside `themes` of the site folder"),
        (".git", "is `.git` of the site folder"),
        ("docs", "is `docs` of the site folder"),
        ("content", "is inside content/"),
        ("content/public", "is inside content/"),
        ("", "holds the site folder (it is the site folder)"),
    ];
    for (relative, why) in cases {
        refused(&site, &site.path(relative), why);
    }
    // The parents of the site.
    refused(&site, site.root().parent().unwrap(), "holds the site folder");
    refused(&site, Path::new("/"), "holds the site folder");
    // A relative path that climbs out and back in names the same folder.
    let climbing = site.path("public/../static");
    refused(&site, &climbing, "of the site folder");
}

#[test]
fn a_folder_of_someone_else_is_refused_and_an_output_is_replaced() {
    let site = site();
    let dir = tempfile::tempdir().unwrap();
    // One level down, so what a build keeps beside its output stays inside `dir`.
    let outside = dir.path().join("outside");
    let theirs = outside.join("theirs");
    fs::create_dir_all(&theirs).unwrap();
    fs::write(theirs.join("thesis.docx"), "years of work").unwrap();
    refused(&site, &theirs, "already holds files and was not made by `annals build`");
    assert_eq!(fs::read_to_string(theirs.join("thesis.docx")).unwrap(), "years of work");
    // An empty folder, or a new one, may be an output; once made, it is marked and replaced.
    let empty = outside.join("empty");
    fs::create_dir_all(&empty).unwrap();
    site.run(&["build", "--out", empty.to_str().unwrap()]).ok();
    assert!(empty.join(".annals-output").is_file());
    assert!(empty.join("reports/2014/08/index.html").is_file());
    fs::write(empty.join("stray.html"), "x").unwrap();
    site.run(&["build", "--out", empty.to_str().unwrap()]).ok();
    assert!(!empty.join("stray.html").exists(), "a marked output is replaced whole");
    // The default output too.
    site.build().ok();
    site.build().ok();
    assert!(site.path("public/.annals-output").is_file());
    // A marker put by hand in a folder of the site does not make it an output.
    fs::write(site.path("static/.annals-output"), "").unwrap();
    refused(&site, &site.path("static"), "is `static` of the site folder");
}

#[test]
fn a_new_output_inside_an_existing_folder_of_the_site_is_refused() {
    let site = site();
    site.write("notes/today.txt", "mine");
    refused(&site, &site.path("notes/public"), "is inside `notes` of the site folder");
    site.build().ok();
    refused(&site, &site.path("public/nested"), "is inside `public` of the site folder");
}

#[test]
fn leftovers_of_killed_builds_are_removed_by_the_next_build() {
    let site = site();
    site.build().ok();
    for name in [".public.annals-new-31337", ".public.annals-old-4", ".public.annals-new-1"] {
        site.write(&format!("{name}/index.html"), "half a build");
        site.write(&format!("{name}/.annals-output"), "");
    }
    site.build().ok();
    let mut names: Vec<String> =
        fs::read_dir(site.root()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    // What an incremental build keeps beside the output is no leftover.
    names.retain(|n| {
        n != ".public.annals-inputs.json"
            && n != ".public.annals-spare"
            && n != ".public.annals-charts"
            && n != ".public.annals-search"
            && n != ".public.annals-reports"
    });
    assert_eq!(names, [".git", "content", "docs", "public", "site.yaml", "static", "templates", "themes"]);
}

#[cfg(unix)]
#[test]
fn a_build_killed_at_any_moment_leaves_the_previous_output_and_the_next_build_cleans_up() {
    let site = site();
    // Enough reports that the build takes a while.
    for month in 1..=12 {
        for year in 2000..2014 {
            let period = format!("{year}-{month:02}");
            site.write(&format!("content/{year}/{period}.md"), &report(&period, "", &"Đoạn văn.\n\n".repeat(40)));
        }
    }
    site.build().ok();
    let index = fs::read(site.path("public/index.html")).unwrap();
    for delay in [5u64, 30, 80, 150, 300] {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_annals"))
            .args(["build", "--root"])
            .arg(site.root())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay));
        let _ = child.kill();
        let _ = child.wait();
        // Old or new: both have this page, and nothing else is missing.
        assert_eq!(fs::read(site.path("public/index.html")).unwrap(), index, "after a kill at {delay} ms");
        assert!(site.path("public/.annals-output").is_file());
    }
    site.build().ok();
    let leftovers: Vec<String> = fs::read_dir(site.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| {
            n.contains("annals-")
                && n != ".public.annals-inputs.json"
                && n != ".public.annals-spare"
                && n != ".public.annals-charts"
                && n != ".public.annals-search"
                && n != ".public.annals-reports"
        })
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn a_reader_never_finds_the_output_missing_during_rebuilds() {
    let site = site();
    site.build().ok();
    let index = site.path("public/index.html");
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let reader = {
        let (index, stop) = (index.clone(), stop.clone());
        std::thread::spawn(move || {
            let (mut reads, mut missing) = (0usize, 0usize);
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                match fs::read(&index) {
                    Ok(bytes) if !bytes.is_empty() => reads += 1,
                    _ => missing += 1,
                }
            }
            (reads, missing)
        })
    };
    let started = Instant::now();
    for round in 0..15 {
        site.write("content/2014/2014-07.md", &report("2014-07", "", &format!("Lần {round}.\n")));
        site.build().ok();
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let (reads, missing) = reader.join().unwrap();
    assert!(reads > 0, "the reader read nothing in {:?}", started.elapsed());
    assert_eq!(missing, 0, "index.html was missing {missing} times out of {}", reads + missing);
}
