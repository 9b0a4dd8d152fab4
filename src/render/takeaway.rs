//! Charts to take away: `/indicators/<id>/chart.svg` and `chart.png` (and
//! `/indicators/<id>/<publisher>/…` with several publishers), and the
//! site's share card `/card.png`.
//!
//! Each image is 1200 × 630 (the size link previews expect) and carries
//! what a chart needs once it has left the site: the title, the measure and
//! unit, the months covered, the publisher, the source reports, the site's
//! address and the licence are drawn into it, not left to the page around
//! it. The chart itself is the page's own (`chart.rs`), placed in the
//! frame. Styles are written into the SVG with plain colours (no CSS
//! variables, no fonts from elsewhere), so resvg draws the PNG exactly as a
//! browser shows the SVG.

use std::fmt::Write as _;

use super::chart::{self, ChartText, Line};
use super::cite;
use super::history::highlighted;
use super::indicator_views::headline_unit;
use super::raster::FONT_FAMILY;
use super::views::Views;
use crate::archive::Archive;
use crate::series::{Dated, Series};
use crate::text::escape_html as xml;

pub(crate) const WIDTH: u32 = 1200;
pub(crate) const HEIGHT: u32 = 630;
const MARGIN: f64 = 48.0;
/// The share card of pages that have no chart of their own.
pub(crate) const CARD_PATH: &str = crate::routes::CARD;

/// One chart to take away.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChartImage {
    /// The indicator's chart (on a site with publishers: the comparison).
    Indicator(usize),
    /// One publisher's history: indices in the registry and in site.yaml's publishers.
    Publisher(usize, usize),
}

/// Every chart image of the site: one per indicator, and one per indicator
/// and publisher where there are several publishers.
pub fn images<B>(archive: &Archive<B>) -> Vec<ChartImage> {
    let mut images = Vec::new();
    for i in 0..archive.registry.indicators.len() {
        images.push(ChartImage::Indicator(i));
        images.extend((0..archive.config.publishers.len()).map(|p| ChartImage::Publisher(i, p)));
    }
    images
}

impl ChartImage {
    pub(crate) fn indicator(self) -> usize {
        match self {
            ChartImage::Indicator(i) | ChartImage::Publisher(i, _) => i,
        }
    }

    /// The publisher's id, for a publisher's chart.
    pub(crate) fn publisher<B>(self, archive: &Archive<B>) -> Option<&str> {
        match self {
            ChartImage::Indicator(_) => None,
            ChartImage::Publisher(_, p) => archive.config.publishers.get(p).map(|p| p.id.as_str()),
        }
    }

    /// The folder of the page the chart belongs to (`indicators/<id>/`).
    pub(crate) fn dir<B>(self, archive: &Archive<B>) -> String {
        crate::routes::chart_page(&archive.registry.indicators[self.indicator()].id, self.publisher(archive))
    }

    pub(crate) fn svg_path<B>(self, archive: &Archive<B>) -> String {
        crate::routes::chart_svg(&archive.registry.indicators[self.indicator()].id, self.publisher(archive))
    }

    pub(crate) fn png_path<B>(self, archive: &Archive<B>) -> String {
        crate::routes::chart_png(&archive.registry.indicators[self.indicator()].id, self.publisher(archive))
    }
}

/// The styles of every image (plain colours; the theme's palette).
const STYLE: &str = "text{font-family:'DejaVu Sans',sans-serif}\
.title{font-size:32px;font-weight:bold;fill:#17375e}\
.subtitle{font-size:20px;fill:#4a5561}\
.source{font-size:17px;fill:#1b1f24}\
.footer{font-size:15px;fill:#4a5561}\
.label{font-size:15px;fill:#4a5561}\
.big{font-size:30px;font-weight:bold;fill:#17375e}\
.rule{stroke:#d5dbe1;stroke-width:1}\
.chart text{fill:#4a5561;font-size:13px}\
.chart .grid line{stroke:#d5dbe1;stroke-width:1}\
.chart .x-axis line{stroke:#4a5561;stroke-width:1}\
.chart .line{fill:none;stroke:#17375e;stroke-width:2;stroke-linejoin:round;stroke-linecap:round}\
.chart .line.muted{stroke:#b8c0c8;stroke-width:1}\
.chart .points circle{fill:#17375e;stroke:#ffffff;stroke-width:1}\
.chart .axis-note{fill:#7a4b00;font-weight:bold}\
.chart .axis-break{fill:none;stroke:#1b1f24;stroke-width:1.5}\
.chart .empty{font-size:40px}";

/// The colour of line `s<n>` (as in the theme's stylesheet).
const COLOURS: &[&str] = &["#17375e", "#a3161a", "#1d6b2f", "#b7791f", "#6b3fa0", "#0f7c8c", "#5c5c5c", "#c2185b"];

fn line_styles() -> String {
    let mut css = String::new();
    for (n, colour) in COLOURS.iter().enumerate().skip(1) {
        let _ = write!(css, ".chart .line.s{n}{{stroke:{colour}}}.chart .points.s{n} circle{{fill:{colour}}}");
    }
    css
}

/// Splits `text` into at most `lines` lines of about `width` characters;
/// the last line ends with `…` when the text does not fit.
pub(crate) fn wrap(text: &str, width: usize, lines: usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut current = String::new();
    for word in text.split_whitespace() {
        let fits = current.chars().count() + 1 + word.chars().count() <= width;
        if current.is_empty() || fits {
            if !current.is_empty() {
                current.push(' ');
            }
            current.push_str(word);
        } else {
            out.push(std::mem::take(&mut current));
            current.push_str(word);
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    if out.len() > lines {
        out.truncate(lines);
        if let Some(last) = out.last_mut() {
            let kept: String = last.chars().take(width.saturating_sub(1)).collect();
            *last = format!("{}…", kept.trim_end());
        }
    }
    out
}

fn open(out: &mut String, title: &str) {
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{WIDTH}\" height=\"{HEIGHT}\" viewBox=\"0 0 {WIDTH} {HEIGHT}\" \
         font-family=\"{FONT_FAMILY}\" role=\"img\" aria-labelledby=\"image-title\"><title id=\"image-title\">{}</title>\
         <style>{STYLE}{}</style><rect width=\"{WIDTH}\" height=\"{HEIGHT}\" fill=\"#ffffff\"/>",
        xml(title),
        line_styles()
    );
}

/// Lines of text from `y` down, `step` apart; returns the y after the last.
fn text_lines(out: &mut String, class: &str, x: f64, y: f64, step: f64, lines: &[String]) -> f64 {
    for (n, line) in lines.iter().enumerate() {
        let _ = write!(out, "<text class=\"{class}\" x=\"{x}\" y=\"{}\">{}</text>", y + step * n as f64, xml(line));
    }
    y + step * lines.len() as f64
}

/// What the image shows beside the chart.
enum Side {
    /// The latest figure: label, value, period.
    Latest(String, String, String),
    /// The lines of a comparison chart: name and colour.
    Legend(Vec<(String, &'static str)>),
    None,
}

/// The chart of `image` as a standalone SVG of [`WIDTH`] × [`HEIGHT`].
pub fn svg(views: &Views, image: ChartImage) -> String {
    let archive = views.archive;
    let l = &views.locale;
    let indicator = &archive.registry.indicators[image.indicator()];
    let publisher = image.publisher(archive);
    let unit = headline_unit(archive, indicator);
    let measure = archive.registry.measure(&indicator.headline).map_or(indicator.headline.as_str(), |m| &m.label);
    let title = match publisher.and_then(|p| cite::publisher_name(archive, p)) {
        Some(name) => format!("{} — {name}", indicator.name),
        None => indicator.name.clone(),
    };
    let several = publisher.is_none() && !archive.config.publishers.is_empty();
    let mut series: Vec<(String, Vec<Dated>)> = if several {
        archive
            .config
            .publishers
            .iter()
            .map(|p| (p.name.clone(), Series::new(archive, indicator, Some(&p.id)).headline()))
            .filter(|(_, points)| !points.is_empty())
            .collect()
    } else {
        vec![(title.clone(), Series::new(archive, indicator, publisher).headline())]
    };
    series.retain(|(_, points)| !points.is_empty());
    let chosen = highlighted(&series);
    let lines: Vec<Line> = series
        .iter()
        .enumerate()
        .map(|(i, (name, points))| Line { label: Some(name.clone()), points, muted: !chosen.contains(&i), marks: &[] })
        .collect();
    let all = || series.iter().flat_map(|(_, p)| p.iter());
    let first = all().map(|d| d.period).min();
    let last = all().map(|d| d.period).max();
    let mut subtitle = match unit {
        Some(unit) => format!("{measure} ({unit})"),
        None => measure.to_string(),
    };
    match (first, last) {
        (Some(first), Some(last)) if first == last => {
            let _ = write!(subtitle, " · {}", l.period(first));
        }
        (Some(first), Some(last)) => {
            let _ = write!(subtitle, " · {} – {}", l.period(first), l.period(last));
        }
        _ => {}
    }
    let side = if several {
        Side::Legend(
            chosen.iter().enumerate().map(|(n, &i)| (series[i].0.clone(), COLOURS[n % COLOURS.len()])).collect(),
        )
    } else {
        match series.first().and_then(|(_, points)| points.last()) {
            Some(latest) => Side::Latest(
                l.text("latest_value").to_string(),
                l.value_with_unit(latest.value, unit),
                l.period_title(latest.period),
            ),
            None => Side::None,
        }
    };
    let text = ChartText {
        id: "takeaway".into(),
        title: format!("{title} — {subtitle}"),
        desc: cite::chart_source(archive, indicator, publisher),
        unit: unit.map(str::to_string),
        measure: None,
    };
    let inner = chart::lines_chart(&lines, l, &text);
    compose(views, &title, &subtitle, &inner, side, &text.desc)
}

fn compose(views: &Views, title: &str, subtitle: &str, inner: &str, side: Side, source: &str) -> String {
    let archive = views.archive;
    let mut out = String::with_capacity(inner.len() + 4096);
    open(&mut out, &format!("{title} — {subtitle}"));
    let y = text_lines(&mut out, "title", MARGIN, 62.0, 40.0, &wrap(title, 62, 2));
    let y = text_lines(&mut out, "subtitle", MARGIN, y - 4.0, 26.0, &wrap(subtitle, 100, 1));
    let (chart_w, chart_h) = chart::SIZE;
    let top = y + 2.0;
    let bottom = f64::from(HEIGHT) - 96.0;
    let height = bottom - top;
    let width = height * chart_w / chart_h;
    out.push_str(&chart::placed(inner, MARGIN - 8.0, top, width, height));
    let side_x = MARGIN + width + 16.0;
    match side {
        Side::Latest(label, value, period) => {
            let _ = write!(
                out,
                "<text class=\"label\" x=\"{side_x}\" y=\"{}\">{}</text><text class=\"big\" x=\"{side_x}\" y=\"{}\">{}</text>\
                 <text class=\"label\" x=\"{side_x}\" y=\"{}\">{}</text>",
                top + 60.0,
                xml(&label),
                top + 98.0,
                xml(&value),
                top + 124.0,
                xml(&period)
            );
        }
        Side::Legend(entries) => {
            for (n, (name, colour)) in entries.iter().enumerate() {
                let ly = top + 50.0 + 30.0 * n as f64;
                let _ = write!(
                    out,
                    "<rect x=\"{side_x}\" y=\"{}\" width=\"22\" height=\"5\" fill=\"{colour}\"/><text class=\"label\" x=\"{}\" y=\"{ly}\">{}</text>",
                    ly - 7.0,
                    side_x + 30.0,
                    xml(&wrap(name, 24, 1).join(""))
                );
            }
        }
        Side::None => {}
    }
    let _ = write!(
        out,
        "<line class=\"rule\" x1=\"{MARGIN}\" y1=\"{bottom}\" x2=\"{}\" y2=\"{bottom}\"/>",
        f64::from(WIDTH) - MARGIN
    );
    let y = text_lines(&mut out, "source", MARGIN, bottom + 26.0, 22.0, &wrap(source, 118, 2));
    let mut footer = archive.config.base_url.to_string();
    if let Some(license) = cite::license_line(archive) {
        footer = format!("{footer} · {license}");
    }
    text_lines(&mut out, "footer", MARGIN, y + 2.0, 20.0, &wrap(&footer, 130, 1));
    out.push_str("</svg>");
    out
}

/// The site's share card: its title, organization, description and address.
pub(crate) fn card_svg(archive: &Archive) -> String {
    let config = &archive.config;
    let mut out = String::with_capacity(2048);
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{WIDTH}\" height=\"{HEIGHT}\" viewBox=\"0 0 {WIDTH} {HEIGHT}\" \
         font-family=\"{FONT_FAMILY}\"><style>text{{font-family:'DejaVu Sans',sans-serif}}\
         .t{{font-size:50px;font-weight:bold;fill:#ffffff}}.o{{font-size:28px;fill:#ffffff}}\
         .d{{font-size:24px;fill:#dfe6ee}}.a{{font-size:22px;fill:#ffffff}}</style>\
         <rect width=\"{WIDTH}\" height=\"{HEIGHT}\" fill=\"#17375e\"/><rect y=\"{}\" width=\"{WIDTH}\" height=\"12\" fill=\"#a3161a\"/>",
        HEIGHT - 12
    );
    let mut y = text_lines(&mut out, "t", 64.0, 130.0, 62.0, &wrap(&config.title, 40, 3));
    if let Some(organization) = &config.organization {
        y = text_lines(&mut out, "o", 64.0, y + 10.0, 36.0, &wrap(organization, 70, 2));
    }
    if let Some(description) = &config.description {
        text_lines(&mut out, "d", 64.0, y + 20.0, 32.0, &wrap(description, 80, 3));
    }
    let mut footer = config.base_url.to_string();
    if let Some(license) = cite::license_line(archive) {
        footer = format!("{footer} · {license}");
    }
    text_lines(&mut out, "a", 64.0, f64::from(HEIGHT) - 48.0, 28.0, &wrap(&footer, 90, 1));
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_words_and_cuts_the_rest() {
        assert_eq!(wrap("một hai ba bốn", 7, 3), ["một hai", "ba bốn"]);
        assert_eq!(wrap("một hai ba bốn năm sáu", 7, 2), ["một hai", "ba bốn…"]);
        assert_eq!(wrap("", 7, 2), Vec::<String>::new());
        assert_eq!(wrap("Điệnthoạicốđịnh", 5, 1), ["Điệnthoạicốđịnh"]);
    }
}
