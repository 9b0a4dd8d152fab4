//! `annals new`: choosing the period and the previous report, then writing
//! the new file (the text itself comes from `scaffold`).

use std::path::{Path, PathBuf};

use crate::build::BuildOptions;
use crate::content::report::Report;
use crate::diagnostics::{Diagnostics, suggestion};
use crate::period::{Date, Period};
use crate::scaffold;

/// Writes the next report; returns the path written, or a message.
pub fn new_report(root: &Path, period: Option<&str>, publisher: Option<&str>, today: Date) -> Result<PathBuf, String> {
    let mut diags = Diagnostics::new();
    let options = BuildOptions { root: root.to_path_buf(), ..BuildOptions::default() };
    let archive = crate::session::load_archive(&options, true, &mut diags)
        .ok_or_else(|| "the site folder cannot be read: run `annals check` to see why".to_string())?;
    let declared: Vec<&str> = archive.config.publishers.iter().map(|p| p.id.as_str()).collect();
    if let Some(id) = publisher
        && !declared.contains(&id)
    {
        return Err(format!("publisher \"{id}\" is not declared in site.yaml: {}", suggestion(id, &declared)));
    }
    if publisher.is_none() && !declared.is_empty() {
        return Err(format!(
            "this site has several publishers: pass `--publisher` with one of {}",
            declared.join(", ")
        ));
    }
    let mine: Vec<&Report> =
        archive.reports.iter().map(|r| &**r).filter(|r| r.publisher.as_deref() == publisher).collect();
    let period = match period {
        Some(text) => Period::parse(text)
            .ok_or_else(|| format!("\"{text}\" is not a month: write it as YYYY-MM, e.g. 2014-09"))?,
        None => mine
            .iter()
            .map(|r| r.period)
            .max()
            .map(Period::next)
            .ok_or_else(|| "there is no report yet: name the month, e.g. `annals new 2014-09`".to_string())?,
    };
    if let Some(existing) = mine.iter().find(|r| r.period == period) {
        return Err(format!(
            "{} already holds the report of {period}: annals new never overwrites a report",
            existing.file.display()
        ));
    }
    let previous = mine.iter().filter(|r| r.period < period).max_by_key(|r| r.period);
    let text = match previous {
        Some(previous) => scaffold::next_report(previous, period, today),
        None => {
            let locale = &archive.config.locale;
            let title = locale.fill(
                "new_report_title",
                &[
                    ("month", &period.month.to_string()),
                    ("period", &locale.period(period)),
                    ("year", &period.year.to_string()),
                ],
            );
            format!("---\ntitle: {title}\nperiod: {period}\nissued: {today}\ndraft: true\n---\n")
        }
    };
    let mut relative = PathBuf::from("content");
    if let Some(p) = publisher {
        relative.push(p);
    }
    relative.push(period.year.to_string());
    relative.push(format!("{period}.md"));
    // Created, never replaced: a file that appeared meanwhile is kept.
    match crate::output::create_new(root, &relative, text.as_bytes()) {
        Ok(()) => Ok(relative),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            Err(format!("{} already exists: annals new never overwrites a file", relative.display()))
        }
        Err(e) => Err(format!("cannot write {}: {e}", root.join(&relative).display())),
    }
}

/// Today's date in the local time zone.
pub fn today() -> Date {
    let now = jiff::Zoned::now().date();
    Date { year: now.year(), month: u8::try_from(now.month()).unwrap_or(1), day: u8::try_from(now.day()).unwrap_or(1) }
}
