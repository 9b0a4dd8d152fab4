//! What the red-team run found, each kept found: YAML corners, `check` =
//! `build` for file names, located and safe messages.

mod common;
use common::{REGISTRY, Site, report};

fn fixture() -> Site {
    Site::new(&[(
        "content/2014/2014-08.md",
        &report("2014-08", "metrics:\n  fixed-wired: { total: 135368 }\n", "Tám.\n"),
    )])
}

/// `check` and `build` both fail with this diagnostic, and `check --format json` has its line and column.
fn both_fail(site: &Site, location: &str, message: &str) {
    site.check().failed().has(location, message);
    site.build().failed().has(location, message);
    let json = site.run(&["check", "--format", "json"]);
    let value: serde_json::Value = serde_json::from_str(&json.stdout).expect("json");
    let mut parts = location.rsplitn(3, ':');
    let column: u64 = parts.next().unwrap().parse().unwrap();
    let line: u64 = parts.next().unwrap().parse().unwrap();
    let file = parts.next().unwrap();
    let found = value["diagnostics"].as_array().unwrap().iter().any(|d| {
        d["file"] == file
            && d["line"] == line
            && d["column"] == column
            && d["message"].as_str().unwrap().contains(message)
    });
    assert!(found, "no {location} {message:?} in {}", json.stdout);
    assert!(!site.path("public").exists(), "a failed build wrote the output");
}

#[test]
fn merge_keys_are_errors() {
    let site = fixture();
    site.write(
        "content/indicators.yaml",
        &REGISTRY
            .replace("  phone-subscribers:\n", "  copy: &c { name: C }\n  other:\n    <<: *c\n  phone-subscribers:\n"),
    );
    both_fail(&site, "content/indicators.yaml:12:5", "merge keys (`<<`) are not accepted");
    site.check().says("help: write every entry out in full instead of `<<: *name`");
    // In front matter too: a figure copied from another would be silent.
    let site = site_with_front_matter("metrics:\n  fixed-wired: &f { total: 1 }\n  mobile-prepaid: { <<: *f }\n");
    site.check().failed().has("content/2014/2014-08.md:6:21", "merge keys (`<<`) are not accepted");
}

fn site_with_front_matter(extra: &str) -> Site {
    Site::new(&[("content/2014/2014-08.md", &report("2014-08", extra, "Tám.\n"))])
}

#[test]
fn keys_that_are_not_text_are_errors() {
    for (key, read_as, hint) in [
        ("~", "nothing (null)", "write a name before the colon"),
        ("true", "true/false", "`\"true\":`"),
        ("123", "a number", "`\"123\":`"),
    ] {
        let site = fixture();
        site.write("content/indicators.yaml", &format!("{REGISTRY}  {key}: {{ name: X }}\n"));
        both_fail(
            &site,
            "content/indicators.yaml:14:3",
            &format!("the key `{key}` is read as {read_as}, not as a name"),
        );
        site.check().says(hint);
    }
    // Quoted, a number is a name (and a valid slug).
    let site = fixture();
    site.write("content/indicators.yaml", &format!("{REGISTRY}  \"123\": {{ name: X }}\n"));
    site.check().ok();
}

#[test]
fn a_text_where_a_list_goes_is_an_error() {
    let site = fixture();
    site.write("content/indicators.yaml", &REGISTRY.replace("sum_of: [fixed-wired, mobile-prepaid]", "sum_of: xdsl"));
    both_fail(&site, "content/indicators.yaml:13:13", "`sum_of` must be a list, found the text \"xdsl\"");
    site.check().says("help: write it in brackets: `sum_of: [xdsl]`");
    let site = site_with_front_matter("tags: viễn thông\n");
    site.check().failed().has("content/2014/2014-08.md:4:7", "`tags` must be a list");
}

#[cfg(unix)]
#[test]
fn every_input_linked_out_of_the_site_is_refused() {
    let outside = tempfile::tempdir().unwrap();
    for file in ["site.yaml", "content/indicators.yaml"] {
        let site = fixture();
        let target = outside.path().join(file.replace('/', "_"));
        std::fs::rename(site.path(file), &target).unwrap();
        std::os::unix::fs::symlink(&target, site.path(file)).unwrap();
        site.check().failed().has(file, "this symbolic link leads out of the site folder, so it is not read");
        site.build().failed().has(file, "symbolic link leads out of the site folder");
    }
}

#[test]
fn ids_no_file_system_takes_fail_check_as_they_would_fail_build() {
    let long = "a".repeat(251);
    for (id, message) in [
        (long.as_str(), "is 251 bytes long; file names over 200 bytes are refused"),
        ("con", "is `CON`, a name Windows reserves for a device"),
        ("lpt1", "is `LPT1`, a name Windows reserves"),
    ] {
        let site = fixture();
        site.write("content/indicators.yaml", &format!("{REGISTRY}  {id}: {{ name: X }}\n"));
        both_fail(&site, "content/indicators.yaml:14:3", message);
    }
    let site = fixture();
    site.write("content/indicators.yaml", &format!("{REGISTRY}  observations: {{ name: X }}\n"));
    both_fail(
        &site,
        "content/indicators.yaml:14:3",
        "indicator `observations` gives the output file data/observations.csv, which is also written by another part of the site",
    );
    // Publishers are named in site.yaml.
    let site = fixture();
    site.write("site.yaml", &format!("{}publishers:\n  nul: {{ name: Sở A }}\n", common::SITE_YAML));
    site.write("content/2014/2014-08.md", &report("2014-08", "publisher: nul\n", "Tám.\n"));
    both_fail(&site, "site.yaml:6:3", "publisher id \"nul\" is `NUL`, a name Windows reserves");
}

#[test]
fn a_missing_theme_is_located() {
    let site = fixture();
    site.write("site.yaml", &format!("{}theme: nope\n", common::SITE_YAML));
    both_fail(&site, "site.yaml:5:8", "theme \"nope\" is not a folder under themes/");
}

#[test]
fn a_template_error_in_the_base_is_told_once_at_its_line() {
    let site = fixture();
    let base = include_str!("../themes/default/templates/base.html");
    let mut lines: Vec<&str> = base.lines().collect();
    lines.insert(2, "{% if %}");
    site.write("templates/base.html", &lines.join("\n"));
    let run = site.check().failed();
    run.has("templates/base.html:3:7", "template error: Found `%}` but expected one of");
    assert_eq!(run.stderr.matches("template error").count(), 1, "{}", run.stderr);
    assert!(!run.stderr.contains("-->  "), "{}", run.stderr);
    site.build().failed().has("templates/base.html:3:7", "template error:");
    // A rendering error too: at the line of the template that is wrong.
    lines[2] = "{{ nope.nothing }}";
    site.write("templates/base.html", &lines.join("\n"));
    let run = site.build().failed();
    run.has("templates/base.html:3:4", "template error: Variable `nope` is not defined");
    assert_eq!(run.stderr.matches("template error").count(), 1, "{}", run.stderr);
}

#[test]
fn control_characters_in_content_and_names_are_shown_escaped() {
    let site = fixture();
    site.write(
        "content/2014/2014-08\u{1b}]0;owned\u{7}.md",
        &report("2014-09", "metrics:\n  fixed-wird\u{1b}[2J: { total: 1 }\n", "x\n"),
    );
    let run = site.check().failed();
    assert!(!run.stderr.chars().any(|c| c.is_control() && c != '\n'), "{:?}", run.stderr);
    run.says("content/2014/2014-08\\u{1b}]0;owned\\u{7}.md:5:3");
    run.says("fixed-wird\\u{1b}[2J");
}
