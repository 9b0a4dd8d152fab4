//! The bundled site (one real report, 2014-08) through the `annals` binary:
//! its real `sum_of` mismatch (broadband total 103 988 against parts adding
//! up to 103 998) is a warning with period, measure, both figures and the
//! difference, and readers see it beside the figure on the history page.

use std::path::Path;
use std::process::Command;

fn annals(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_annals"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run annals")
}

#[test]
fn the_bundled_site_warns_about_its_real_mismatch_and_shows_it() {
    let check = annals(&["check"]);
    assert!(check.status.success());
    let stderr = String::from_utf8_lossy(&check.stderr);
    assert!(
        stderr.contains(
            "2014-08: `total` of `broadband-internet` is 103988, but the sum of its parts (broadband-xdsl + broadband-ftth) is 103998: difference -10"
        ),
        "{stderr}"
    );
    assert!(!annals(&["check", "--strict"]).status.success(), "--strict turns the warning into an error");

    let out = tempfile::tempdir().unwrap();
    let out_dir = out.path().join("public");
    let build = annals(&["build", "--quiet", "--out", out_dir.to_str().unwrap()]);
    assert!(build.status.success(), "{}", String::from_utf8_lossy(&build.stderr));
    let read = |path: &str| std::fs::read_to_string(Path::new(&out_dir).join(path)).unwrap();
    let page = read("indicators/broadband-internet/index.html");
    assert!(
        page.contains("class=\"num flagged\" data-measure=\"total\" data-value=\"103988\">103.988"),
        "flagged cell"
    );
    assert!(page.contains("nhưng tổng các thành phần"), "the note says what does not add up");
    assert!(page.contains("103.998") && page.contains("chênh lệch -10"));
    assert!(page.contains("href=\"/bao-cao/indicators/broadband-xdsl/\""), "links to its parts");
    let part = read("indicators/broadband-ftth/index.html");
    assert!(part.contains("href=\"/bao-cao/indicators/broadband-internet/\""), "links to its parent");
    assert!(part.contains("class=\"check-notes\"") && part.contains("103.998"), "a part notes the sum it belongs to");
    let csv = std::fs::read(out_dir.join("data/broadband-internet.csv")).unwrap();
    assert_eq!(
        String::from_utf8(csv).unwrap(),
        "\u{feff}period,added,total,per_100_people,status,revised,report_url\r\n2014-08,2611,103988,9,final,,https://example.gov.vn/bao-cao/reports/2014/08/\r\n"
    );
    let report = read("reports/2014/08/index.html");
    assert!(report.contains("href=\"/bao-cao/data/reports/2014-08.csv\""));
    let home = read("index.html");
    assert!(home.contains("href=\"/bao-cao/indicators/phone-subscribers/\""), "featured on the home page");
    assert!(home.contains("<data value=\"1727388\">1.727.388</data>"));
}
