//! atom.xml, sitemap.xml and robots.txt, written directly (escaped for XML).

use std::fmt::Write as _;

use super::views::Views;
use super::{Page, PageKind};
use crate::text::escape_html as xml;

/// The latest `feed_limit` reports as an Atom 1.0 feed.
pub(crate) fn atom(views: &Views) -> String {
    let archive = views.archive;
    let config = &archive.config;
    let order = archive.newest_first();
    let entries: Vec<usize> = order.into_iter().take(config.feed_limit).collect();
    let updated = entries.iter().map(|&i| timestamp(archive, i)).max().unwrap_or_else(|| "1970-01-01T00:00:00Z".into());
    let mut out = String::new();
    out.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    let _ = writeln!(out, "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">", config.language.code());
    let _ = writeln!(out, "  <title>{}</title>", xml(&config.title));
    if let Some(description) = &config.description {
        let _ = writeln!(out, "  <subtitle>{}</subtitle>", xml(description));
    }
    let _ = writeln!(out, "  <id>{}</id>", xml(&config.base_url.absolute("")));
    let _ =
        writeln!(out, "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>", xml(&config.base_url.absolute("")));
    let _ = writeln!(
        out,
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>",
        xml(&config.base_url.absolute(crate::routes::ATOM))
    );
    let _ = writeln!(out, "  <updated>{updated}</updated>");
    let _ = writeln!(
        out,
        "  <author><name>{}</name></author>",
        xml(config.organization.as_deref().unwrap_or(&config.title))
    );
    let _ = writeln!(out, "  <generator>annals</generator>");
    for index in entries {
        let report = &archive.reports[index];
        let url = config.base_url.absolute(&archive.report_path(report));
        out.push_str("  <entry>\n");
        let _ = writeln!(out, "    <title>{}</title>", xml(&views.report_title(report)));
        let _ = writeln!(out, "    <id>{}</id>", xml(&url));
        let _ = writeln!(out, "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>", xml(&url));
        let _ = writeln!(out, "    <updated>{}</updated>", timestamp(archive, index));
        // The publisher under its name of that period, else the organization.
        let publisher = report.publisher.as_deref().and_then(|p| config.publisher(p)).map(|p| p.name_at(report.period));
        if let Some(author) = publisher.or(report.organization.as_deref()) {
            let _ = writeln!(out, "    <author><name>{}</name></author>", xml(author));
        }
        let _ = writeln!(out, "    <summary>{}</summary>", xml(&views.summary(index)));
        out.push_str("  </entry>\n");
    }
    out.push_str("</feed>\n");
    out
}

/// The date a report was issued, else the first day after its month: a
/// deterministic timestamp (builds must not depend on the clock).
fn timestamp(archive: &crate::archive::Archive, index: usize) -> String {
    let report = &archive.reports[index];
    let date = report.issued.map(|d| d.to_string()).unwrap_or_else(|| {
        let next = report.period.next();
        format!("{:04}-{:02}-01", next.year, next.month)
    });
    format!("{date}T00:00:00Z")
}

pub(crate) fn sitemap(views: &Views, pages: &[&Page]) -> String {
    let base = &views.archive.config.base_url;
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    // Embed pages are for frames, not for search engines (they say `noindex`).
    for page in pages.iter().filter(|p| !matches!(p.kind, PageKind::NotFound | PageKind::Embed(..))) {
        let _ = writeln!(out, "  <url><loc>{}</loc></url>", xml(&base.absolute(&page.path)));
    }
    out.push_str("</urlset>\n");
    out
}

pub(crate) fn robots(views: &Views) -> String {
    format!("User-agent: *\nAllow: /\n\nSitemap: {}\n", views.archive.config.base_url.absolute(crate::routes::SITEMAP))
}
