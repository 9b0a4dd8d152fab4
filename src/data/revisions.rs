//! `/data/revisions.csv`: the log of every revision in effect.
//!
//! One row per revision, in the archive's order of the revised figures
//! (publisher, period, registry order of indicators and measures), then in
//! the order the revisions took effect. `published` is the figure as first
//! published, `revised` the value this revision gives; `revised_in` is the
//! revising report's page (absolute URL) and `revised_on` its `issued` date.

use std::io::{self, Write};

use crate::archive::Archive;

use super::{csv_writer, has_publishers, report_url};
use crate::text::plain;

pub(crate) const REVISIONS_PATH: &str = crate::routes::REVISIONS;

/// The columns of `revisions.csv`, in order (`publisher` only on a site
/// with several publishers). The writer's header comes from here.
pub(crate) fn revisions_csv_columns(publishers: bool) -> Vec<&'static str> {
    let mut columns = vec!["period"];
    if publishers {
        columns.push("publisher");
    }
    columns.extend(["indicator", "measure", "published", "revised", "kind", "reason", "revised_in", "revised_on"]);
    columns
}

pub(crate) fn write_revisions_csv(archive: &Archive, out: &mut dyn Write) -> io::Result<()> {
    let publishers = has_publishers(archive);
    let mut csv = csv_writer(out)?;
    csv.write_record(revisions_csv_columns(publishers))?;
    for applied in archive.revisions.all() {
        let target = &archive.reports[applied.target];
        let by = &archive.reports[applied.by];
        csv.write_field(target.period.to_string())?;
        if publishers {
            csv.write_field(target.publisher.as_deref().unwrap_or_default())?;
        }
        csv.write_record([
            applied.indicator.as_str(),
            applied.measure.as_str(),
            &plain(applied.published),
            &plain(applied.value),
            applied.kind.id(),
            applied.reason.as_deref().unwrap_or_default(),
            &report_url(archive, applied.by),
            &by.issued.map(|d| d.to_string()).unwrap_or_default(),
        ])?;
    }
    csv.flush()
}
