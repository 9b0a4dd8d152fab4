//! `check` = `build` for the names of output files.
//!
//! Indicator and publisher ids become folder and file names of the output
//! (`indicators/<id>/`, `data/<id>.json`, `publishers/<id>/`…). A name too
//! long for common file systems, a name Windows reserves (`CON`, `NUL`,
//! `COM1`…), or two parts of the site written to one path would make the
//! build fail or lose a file; [`check`] finds them in the loaded archive and
//! reports each at the id's own line, so that `check` fails where `build`
//! would. Pure: it reads the plan, never the disk.

use std::collections::BTreeMap;
use std::path::Path;

use crate::archive::Archive;
use crate::content::yaml::Pos;
use crate::diagnostics::{Diagnostic, Diagnostics};

/// The longest file name accepted, in bytes: ext4, APFS and NTFS take 255,
/// eCryptfs and some network shares less; the longest name made of an id
/// adds `.json`.
pub(crate) const MAX_NAME_BYTES: usize = 200;

/// Why `name` cannot be a file or folder name on common file systems.
pub(crate) fn problem(name: &str) -> Option<String> {
    if name.len() > MAX_NAME_BYTES {
        return Some(format!(
            "is {} bytes long; file names over {MAX_NAME_BYTES} bytes are refused by common file systems",
            name.len()
        ));
    }
    let stem = name.split('.').next().unwrap_or(name).to_ascii_uppercase();
    let reserved = matches!(stem.as_str(), "CON" | "PRN" | "AUX" | "NUL")
        || ((stem.starts_with("COM") || stem.starts_with("LPT"))
            && stem.len() == 4
            && stem.as_bytes()[3].is_ascii_digit()
            && stem.as_bytes()[3] != b'0');
    if reserved {
        return Some(format!("is `{stem}`, a name Windows reserves for a device: no file can have it"));
    }
    None
}

/// What the site writes that an id names: (kind, id, file, position).
struct Named<'a> {
    what: &'static str,
    id: &'a str,
    file: &'static str,
    pos: Pos,
}

fn named<B>(archive: &Archive<B>) -> Vec<Named<'_>> {
    let registry = archive.registry.indicators.iter().map(|i| Named {
        what: "indicator",
        id: &i.id,
        file: "content/indicators.yaml",
        pos: i.pos,
    });
    let publishers = archive.config.publishers.iter().map(|p| Named {
        what: "publisher",
        id: &p.id,
        file: crate::config::FILE_NAME,
        pos: p.pos,
    });
    registry.chain(publishers).collect()
}

/// Reports every id that would give a bad file name, and every output path
/// two parts of the site would both write.
pub(crate) fn check<B>(archive: &Archive<B>, diags: &mut Diagnostics) {
    let names = named(archive);
    for n in &names {
        // The longest name made of an id is `<id>.json` (open data).
        if let Some(why) = problem(n.id).or_else(|| problem(&format!("{}.json", n.id))) {
            diags.push(
                Diagnostic::error(Path::new(n.file), n.pos, format!("{} id \"{}\" {why}", n.what, shorten(n.id)))
                    .with_hint(format!(
                        "the id names the {}'s page and files: choose a shorter one that is not a device name",
                        n.what
                    )),
            );
        }
    }
    for (path, other) in collisions(&paths(archive)) {
        let blamed =
            names.iter().find(|n| mentions(&path, n.id)).or_else(|| names.iter().find(|n| mentions(&other, n.id)));
        let (file, pos, who) = match blamed {
            Some(n) => (n.file, n.pos, format!("{} `{}`", n.what, n.id)),
            None => (crate::config::FILE_NAME, Pos::default(), "the site".to_string()),
        };
        let clash = if path == other {
            "also written by another part of the site".to_string()
        } else {
            format!("also needed as a folder for {other}")
        };
        diags.push(
            Diagnostic::error(Path::new(file), pos, format!("{who} gives the output file {path}, which is {clash}"))
                .with_hint("choose another id: one of the two files would be lost"),
        );
    }
}

fn shorten(id: &str) -> String {
    if id.chars().count() > 40 { format!("{}…", id.chars().take(40).collect::<String>()) } else { id.to_string() }
}

/// Whether an id is a segment of `path`, or the stem of its file name.
fn mentions(path: &str, id: &str) -> bool {
    path.split('/').any(|segment| segment == id || segment.split_once('.').is_some_and(|(stem, _)| stem == id))
}

/// The files of the plan an id names a segment of: pages (as
/// `…/index.html`) and open data.
fn paths<B>(archive: &Archive<B>) -> Vec<String> {
    use crate::render::Entry;
    let entries = crate::render::plan(archive, None).into_iter();
    entries.filter(|entry| matches!(entry, Entry::Page(_) | Entry::Data(_))).map(|entry| entry.path(archive)).collect()
}

/// Pairs (path, other) where two outputs are one path, or one output's path
/// is a folder of another's; each clash once, in path order.
fn collisions(paths: &[String]) -> Vec<(String, String)> {
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    let mut found = Vec::new();
    for path in paths {
        *seen.entry(path).or_default() += 1;
    }
    for (path, count) in &seen {
        if *count > 1 {
            found.push((path.to_string(), path.to_string()));
        }
        let folder = format!("{path}/");
        if let Some((other, _)) = seen.range(folder.as_str()..).next().filter(|(o, _)| o.starts_with(&folder)) {
            found.push((path.to_string(), other.to_string()));
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_that_no_common_file_system_takes() {
        for bad in ["con", "CON", "con.csv", "nul.json", "aux", "prn", "com1", "lpt9.csv", &"a".repeat(201)] {
            assert!(problem(bad).is_some(), "{bad}");
        }
        for good in ["console", "com", "com10", "lpt0", "coma", "fixed-wired", &"a".repeat(200)] {
            assert_eq!(problem(good), None, "{good}");
        }
    }

    #[test]
    fn two_outputs_at_one_path_or_a_file_where_a_folder_goes() {
        let paths: Vec<String> =
            ["data/observations.csv", "data/a.csv", "data/observations.csv", "x/index.html", "x", "y"]
                .map(String::from)
                .to_vec();
        assert_eq!(
            collisions(&paths),
            [
                ("data/observations.csv".to_string(), "data/observations.csv".to_string()),
                ("x".to_string(), "x/index.html".to_string())
            ]
        );
        assert!(mentions("data/observations.csv", "observations"));
        assert!(!mentions("data/observations.csv", "obs"));
    }
}
