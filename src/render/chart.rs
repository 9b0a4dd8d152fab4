//! SVG charts, written at build time: the history line chart and sparklines.
//!
//! The output is self-contained XML (no inline `style`, only classes and
//! presentation attributes, so a `style-src 'self'` policy holds), scales
//! with its `viewBox`, and never invents a value: the line is broken across
//! months without a figure. The vertical axis starts at zero unless zero
//! would flatten the line, and then the chart says so in words. Tick labels
//! use the site's number and date formats. Pure functions of their input.

use std::fmt::Write as _;

use super::scale::{Axis, axis, x_ticks_at_most};
use crate::locale::Locale;
use crate::period::Period;
use crate::series::Dated;
use crate::status::Status;
use crate::text::escape_html as xml;

const RIGHT: f64 = 18.0;
const BOTTOM: f64 = 34.0;

/// The size a chart is drawn for. The page carries a wide and a narrow
/// drawing of each chart and shows the one that fits (CSS), so that text
/// keeps its size on a phone instead of a 640-unit drawing shrunk to 6 px.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Size {
    pub(crate) width: f64,
    pub(crate) height: f64,
    /// Width of one character of a tick label, in drawing units.
    pub(crate) char_width: f64,
    /// At most this many labels on the time axis.
    pub(crate) x_labels: i32,
    /// `wide` or `narrow`: the class the page's CSS switches on.
    pub(crate) class: &'static str,
}

/// A chart column of a desktop page (and the downloadable drawing).
pub(crate) const WIDE: Size = Size { width: 640.0, height: 300.0, char_width: 10.0, x_labels: 10, class: "wide" };
/// A phone: drawn about as wide as it is shown, with text of 14 units.
pub(crate) const NARROW: Size = Size { width: 360.0, height: 260.0, char_width: 9.0, x_labels: 5, class: "narrow" };
/// At most this many points get a marker; above it only isolated points do.
const MARKER_LIMIT: usize = 48;

/// The words of a chart: its accessible name and description, and the
/// prefix for its element ids (unique on the page).
#[derive(Clone, Debug)]
pub(crate) struct ChartText {
    pub(crate) id: String,
    pub(crate) title: String,
    pub(crate) desc: String,
    pub(crate) unit: Option<String>,
    /// The charted measure's id: lets the hover script find its column in the table.
    pub(crate) measure: Option<String>,
}

/// A number with at most one decimal, for coordinates: `format!("{value:.1}")`
/// without a trailing `.0` (and `0` for `-0`). Charts write tens of
/// thousands of them: away from a tie (…x5 in the second decimal, where the
/// exact rounding of the formatter is asked), the digits come from an integer.
fn c(value: f64) -> String {
    let tenths = value * 10.0;
    let fraction = tenths - tenths.floor();
    if value.abs() < 1e6 && (fraction - 0.5).abs() > 1e-6 {
        let n = tenths.round() as i64;
        let (whole, tenth) = (n.unsigned_abs() / 10, n.unsigned_abs() % 10);
        let sign = if n < 0 { "-" } else { "" };
        return if tenth == 0 { format!("{sign}{whole}") } else { format!("{sign}{whole}.{tenth}") };
    }
    let text = format!("{value:.1}");
    match text.strip_suffix(".0") {
        Some("-0") => "0".into(),
        Some(whole) => whole.to_string(),
        None => text,
    }
}

/// Splits points into runs of consecutive months.
fn runs(points: &[Dated]) -> Vec<&[Dated]> {
    let mut out = Vec::new();
    let mut start = 0;
    for i in 1..=points.len() {
        if i == points.len() || points[i - 1].period.months_until(points[i].period) != 1 {
            out.push(&points[start..i]);
            start = i;
        }
    }
    out.retain(|r| !r.is_empty());
    out
}

/// `M x y L x y …` for every run; `project` maps a point to coordinates.
fn path_data(points: &[Dated], project: &dyn Fn(&Dated) -> (f64, f64)) -> String {
    let mut d = String::new();
    for run in runs(points) {
        for (i, point) in run.iter().enumerate() {
            let (x, y) = project(point);
            let _ = write!(d, "{}{} {}", if i == 0 { "M" } else { "L" }, c(x), c(y));
        }
    }
    d
}

/// "The vertical axis starts at 1,700,000, not at zero", in the site language.
pub(crate) fn axis_note(locale: &Locale, low: f64, decimals: usize) -> String {
    format!("{} {}{}", locale.text("axis_starts_at"), locale.number(low, decimals), locale.text("axis_not_zero"))
}

/// The note a chart of `values` carries when its axis does not start at zero.
pub(crate) fn axis_note_for(values: impl Iterator<Item = f64> + Clone, locale: &Locale) -> Option<String> {
    let min = values.clone().fold(f64::INFINITY, f64::min);
    let max = values.fold(f64::NEG_INFINITY, f64::max);
    if !(min.is_finite() && max.is_finite()) {
        return None;
    }
    let axis = axis(min, max);
    axis.starts_above_zero().then(|| axis_note(locale, axis.low, axis.decimals))
}

/// One line of a chart: a publisher's series on a comparison chart.
#[derive(Clone, Debug)]
pub(crate) struct Line<'a> {
    /// Shown in point tooltips when the chart has several lines.
    pub(crate) label: Option<String>,
    pub(crate) points: &'a [Dated],
    /// Drawn thin and grey, under the others, without markers: the context
    /// of a chart that highlights a few of many lines.
    pub(crate) muted: bool,
    /// One per point when some figures are not final or were revised
    /// (empty: every figure final, none revised).
    pub(crate) marks: &'a [PointMark],
}

/// What a point's figure is: a non-final figure is drawn hollow and the
/// segment leading to it dashed; a revised one gets a ring.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct PointMark {
    pub(crate) status: Status,
    pub(crate) revised: bool,
}

/// The history chart of `points` (in period order).
pub(crate) fn line_chart(points: &[Dated], locale: &Locale, text: &ChartText) -> String {
    lines_chart(&[Line { label: None, points, muted: false, marks: &[] }], locale, text)
}

/// The line's path split in two: segments between final figures, and
/// segments that lead to or from a non-final one (drawn dashed).
fn split_path(points: &[Dated], marks: &[PointMark], project: &dyn Fn(&Dated) -> (f64, f64)) -> (String, String) {
    let (mut solid, mut dashed) = (String::new(), String::new());
    let mut open = false;
    for i in 1..points.len() {
        if points[i - 1].period.months_until(points[i].period) != 1 {
            open = false;
            continue;
        }
        let ((x0, y0), (x1, y1)) = (project(&points[i - 1]), project(&points[i]));
        if marks[i - 1].status.is_final() && marks[i].status.is_final() {
            if !open {
                let _ = write!(solid, "M{} {}", c(x0), c(y0));
            }
            let _ = write!(solid, "L{} {}", c(x1), c(y1));
            open = true;
        } else {
            let _ = write!(dashed, "M{} {}L{} {}", c(x0), c(y0), c(x1), c(y1));
            open = false;
        }
    }
    (solid, dashed)
}

/// The wide and the narrow drawing of a history chart, for a page.
pub(crate) fn responsive_line_chart(points: &[Dated], locale: &Locale, text: &ChartText) -> String {
    responsive_lines_chart(&[Line { label: None, points, muted: false, marks: &[] }], locale, text)
}

/// [`responsive_line_chart`] with a mark per point (statuses and revisions).
pub(crate) fn responsive_line_chart_marked(
    points: &[Dated],
    marks: &[PointMark],
    locale: &Locale,
    text: &ChartText,
) -> String {
    let marks = if marks.len() == points.len() { marks } else { &[] };
    responsive_lines_chart(&[Line { label: None, points, muted: false, marks }], locale, text)
}

/// The wide and the narrow drawing of a chart, for a page (the CSS shows one).
pub(crate) fn responsive_lines_chart(lines: &[Line], locale: &Locale, text: &ChartText) -> String {
    let narrow = ChartText { id: format!("{}-n", text.id), ..text.clone() };
    // The wide drawing is marked so a page's CSS can hide it on a phone
    // (a chart alone, without its narrow twin, is never hidden).
    let mut out =
        lines_chart_sized(lines, locale, text, WIDE).replacen("<svg class=\"chart\"", "<svg class=\"chart wide\"", 1);
    out.push_str(&lines_chart_sized(lines, locale, &narrow, NARROW));
    out
}

/// The frame of a chart: where the plot is and how values map onto it.
struct Frame {
    size: Size,
    /// Where the plot begins: below the unit, and the axis note when it needs a line of its own.
    top: f64,
    left: f64,
    first: Period,
    months: i32,
    axis: Axis,
}

impl Frame {
    fn plot(&self) -> (f64, f64) {
        (self.size.width - self.left - RIGHT, self.size.height - self.top - BOTTOM)
    }
    fn x(&self, period: Period) -> f64 {
        self.x_at(self.first.months_until(period))
    }
    /// The x of the month `i` months after the first.
    fn x_at(&self, i: i32) -> f64 {
        let (w, _) = self.plot();
        if self.months > 1 { self.left + w * f64::from(i) / f64::from(self.months - 1) } else { self.left + w / 2.0 }
    }
    fn y(&self, value: f64) -> f64 {
        let (_, h) = self.plot();
        self.top + h * (1.0 - (value - self.axis.low) / (self.axis.high - self.axis.low))
    }
}

/// A chart of one or more lines over shared axes (classes `s0`, `s1`… per line).
pub(crate) fn lines_chart(lines: &[Line], locale: &Locale, text: &ChartText) -> String {
    lines_chart_sized(lines, locale, text, WIDE)
}

/// Where the axis note goes: beside the unit on the first line, on a line
/// of its own, or nowhere when even that is too narrow (the page says it in
/// words under the chart). Widths are estimates from character counts.
fn note_line(size: Size, left: f64, unit: Option<&str>, note: &str) -> Option<f64> {
    // 12-unit bold text on a wide drawing, 14 on a narrow one.
    let note_width = note.chars().count() as f64 * if size == WIDE { 6.8 } else { 7.9 };
    let unit_width = unit.map_or(0.0, |u| u.chars().count() as f64 * size.char_width * 0.75);
    if left + unit_width + 16.0 + note_width <= size.width - RIGHT {
        Some(14.0)
    } else if note_width <= size.width - RIGHT - 4.0 {
        Some(30.0)
    } else {
        None
    }
}

/// [`lines_chart`] drawn for `size`.
pub(crate) fn lines_chart_sized(lines: &[Line], locale: &Locale, text: &ChartText, size: Size) -> String {
    let (width, height) = (size.width, size.height);
    let count: usize = lines.iter().map(|l| l.points.len()).sum();
    let mut out = String::with_capacity(2048 + count * 14);
    let all = || lines.iter().flat_map(|l| l.points.iter());
    let (Some(first), Some(last)) = (all().map(|p| p.period).min(), all().map(|p| p.period).max()) else {
        open_svg(&mut out, text, "", size);
        let _ = write!(
            out,
            "<text class=\"empty\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">—</text></svg>",
            width / 2.0,
            height / 2.0
        );
        return out;
    };
    let min = all().map(|p| p.value).fold(f64::INFINITY, f64::min);
    let max = all().map(|p| p.value).fold(f64::NEG_INFINITY, f64::max);
    let axis = axis(min, max);
    let labels: Vec<String> = axis.ticks().iter().map(|&v| locale.number(v, axis.decimals)).collect();
    let widest = labels.iter().map(|l| l.chars().count()).max().unwrap_or(1) as f64;
    let left = (widest * size.char_width + 14.0).clamp(40.0, 180.0);
    let note = axis.starts_above_zero().then(|| axis_note(locale, axis.low, axis.decimals));
    let note_y = note.as_deref().and_then(|n| note_line(size, left, text.unit.as_deref(), n));
    let top = if note_y == Some(30.0) { 46.0 } else { 34.0 };
    let frame = Frame { size, top, left, first, months: first.months_until(last) + 1, axis };
    // Where the months lie, for the optional hover script (static/chart.js).
    let geometry = format!(
        " data-first=\"{first}\" data-months=\"{}\" data-x0=\"{}\" data-x1=\"{}\" data-measure=\"{}\"",
        frame.months,
        c(frame.left),
        c(width - RIGHT),
        xml(text.measure.as_deref().unwrap_or_default())
    );
    open_svg(&mut out, text, if lines.len() == 1 { &geometry } else { "" }, size);
    axes(&mut out, &frame, &labels, locale, text, note.as_deref().zip(note_y));
    // `data-line` is the line's index in `lines`: a page script may recolour
    // or hide lines by it (the reader's choice of publishers).
    let several = lines.len() > 1;
    for (i, line) in lines.iter().enumerate().filter(|(_, l)| l.muted) {
        let project = |p: &Dated| (frame.x(p.period), frame.y(p.value));
        let tag = if several { format!(" data-line=\"{i}\"") } else { String::new() };
        let _ = write!(out, "<path class=\"line muted\"{tag} d=\"{}\"/>", path_data(line.points, &project));
    }
    for (n, (i, line)) in lines.iter().enumerate().filter(|(_, l)| !l.muted).enumerate() {
        let tag = if several { format!(" data-line=\"{i}\"") } else { String::new() };
        draw_line(&mut out, &frame, line, n, &tag, locale, text);
    }
    out.push_str("</svg>");
    out
}

fn open_svg(out: &mut String, text: &ChartText, extra: &str, size: Size) {
    let id = xml(&text.id);
    let (width, height, class) = (size.width, size.height, if size == WIDE { "chart" } else { "chart narrow" });
    let _ = write!(
        out,
        "<svg class=\"{class}\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" width=\"100%\" \
         role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" preserveAspectRatio=\"xMidYMid meet\"{extra}>\
         <title id=\"{id}-title\">{}</title><desc id=\"{id}-desc\">{}</desc>",
        xml(&text.title),
        xml(&text.desc)
    );
}

/// Unit, axis note, horizontal grid with value labels, time axis with ticks.
fn axes(
    out: &mut String,
    frame: &Frame,
    labels: &[String],
    locale: &Locale,
    text: &ChartText,
    note: Option<(&str, f64)>,
) {
    let (left, axis) = (frame.left, &frame.axis);
    let width = frame.size.width;
    let top = frame.top;
    let (_, plot_h) = frame.plot();
    if let Some(unit) = &text.unit {
        let _ = write!(out, "<text class=\"unit\" x=\"{}\" y=\"14\">{}</text>", c(left), xml(unit));
    }
    if let Some((note, y)) = note {
        let _ = write!(
            out,
            "<text class=\"axis-note\" x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>",
            c(width - RIGHT),
            c(y),
            xml(note)
        );
    }
    out.push_str("<g class=\"grid\">");
    for (&value, label) in axis.ticks().iter().zip(labels) {
        let ty = c(frame.y(value));
        let _ = write!(
            out,
            "<line x1=\"{}\" y1=\"{ty}\" x2=\"{}\" y2=\"{ty}\"/><text x=\"{}\" y=\"{ty}\" dy=\"0.35em\" text-anchor=\"end\">{}</text>",
            c(left),
            c(width - RIGHT),
            c(left - 6.0),
            xml(label)
        );
    }
    out.push_str("</g><g class=\"x-axis\">");
    let base = c(top + plot_h);
    let _ = write!(out, "<line x1=\"{}\" y1=\"{base}\" x2=\"{}\" y2=\"{base}\"/>", c(left), c(width - RIGHT));
    for (i, label, shown) in x_ticks_at_most(frame.first, frame.months, locale, frame.size.x_labels) {
        let tx = c(frame.x_at(i));
        let length = if shown { 6.0 } else { 3.0 };
        let _ = write!(out, "<line x1=\"{tx}\" y1=\"{base}\" x2=\"{tx}\" y2=\"{}\"/>", c(top + plot_h + length));
        if shown {
            let _ = write!(
                out,
                "<text x=\"{tx}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
                c(top + plot_h + 20.0),
                xml(&label)
            );
        }
    }
    out.push_str("</g>");
    if axis.starts_above_zero() {
        // A break mark on the vertical axis: it does not reach zero.
        let (bx, by) = (left, top + plot_h - 8.0);
        let _ = write!(
            out,
            "<path class=\"axis-break\" d=\"M{} {}l8 -4M{} {}l8 -4\"/>",
            c(bx - 4.0),
            c(by + 2.0),
            c(bx - 4.0),
            c(by + 6.0)
        );
    }
}

/// One line, broken across missing months, with markers where they help.
fn draw_line(out: &mut String, frame: &Frame, line: &Line, n: usize, tag: &str, locale: &Locale, text: &ChartText) {
    let named = !tag.is_empty();
    let points = line.points;
    let project = |p: &Dated| (frame.x(p.period), frame.y(p.value));
    let marks = line.marks;
    let plain = marks.iter().all(|m| *m == PointMark::default());
    if plain {
        let _ = write!(out, "<path class=\"line s{n}\"{tag} d=\"{}\"/>", path_data(points, &project));
    } else {
        let (solid, dashed) = split_path(points, marks, &project);
        let _ = write!(out, "<path class=\"line s{n}\"{tag} d=\"{solid}\"/>");
        if !dashed.is_empty() {
            let _ = write!(out, "<path class=\"line s{n} provisional\"{tag} d=\"{dashed}\" stroke-dasharray=\"5 4\"/>");
        }
    }
    let _ = write!(out, "<g class=\"points s{n}\"{tag}>");
    for (i, point) in points.iter().enumerate() {
        let joined_before = i > 0 && points[i - 1].period.months_until(point.period) == 1;
        let joined_after = i + 1 < points.len() && point.period.months_until(points[i + 1].period) == 1;
        let isolated = !joined_before && !joined_after;
        let mark = marks.get(i).copied().unwrap_or_default();
        let marked = mark != PointMark::default();
        if points.len() <= MARKER_LIMIT || isolated || i + 1 == points.len() || marked {
            let (px, py) = project(point);
            // Native tooltips: the figure on hover, no script needed.
            let mut label = format!(
                "{}: {}",
                locale.period(point.period),
                locale.value_with_unit(point.value, text.unit.as_deref())
            );
            if let Some(name) = line.label.as_ref().filter(|_| named) {
                label = format!("{name}, {label}");
            }
            let mut class = String::new();
            if !mark.status.is_final() {
                let key = if mark.status == Status::Estimate { "status_estimate" } else { "status_preliminary" };
                label = format!("{label} ({})", locale.text(key));
                class.push_str(" provisional");
            }
            if mark.revised {
                label = format!("{label} ({})", locale.text("kind_revision_done"));
                class.push_str(" revised");
            }
            // A hollow point: the paper's colour inside, the line's around.
            let attributes = if mark.status.is_final() { "" } else { " fill=\"#fff\" stroke-width=\"2\"" };
            let _ = write!(
                out,
                "<circle{} cx=\"{}\" cy=\"{}\" r=\"{}\"{attributes}><title>{}</title></circle>",
                if class.is_empty() { String::new() } else { format!(" class=\"{}\"", class.trim()) },
                c(px),
                c(py),
                if marked { "4" } else { "3" },
                xml(&label)
            );
        }
    }
    out.push_str("</g>");
}

/// A chart made by this module, placed at `(x, y)` in a box of `width` ×
/// `height` of a larger SVG (left-aligned, scaled to fit): for the images
/// to take away, which draw title and source around it.
pub(crate) fn placed(chart: &str, x: f64, y: f64, width: f64, height: f64) -> String {
    chart
        .replacen(
            " width=\"100%\"",
            &format!(" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"", c(x), c(y), c(width), c(height)),
            1,
        )
        .replacen("preserveAspectRatio=\"xMidYMid meet\"", "preserveAspectRatio=\"xMinYMin meet\"", 1)
}

/// The size of every history chart's `viewBox`.
pub(crate) const SIZE: (f64, f64) = (WIDE.width, WIDE.height);

/// A small trend line without axes; `label` is its accessible name.
pub(crate) fn sparkline(points: &[Dated], id: &str, label: &str) -> String {
    const W: f64 = 120.0;
    const H: f64 = 32.0;
    let mut out = format!(
        "<svg class=\"sparkline\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {W} {H}\" width=\"{W}\" height=\"{H}\" \
         role=\"img\" aria-labelledby=\"{0}\"><title id=\"{0}\">{1}</title>",
        xml(id),
        xml(label)
    );
    if let (Some(first), Some(last)) = (points.first(), points.last()) {
        let min = points.iter().map(|p| p.value).fold(f64::INFINITY, f64::min);
        let max = points.iter().map(|p| p.value).fold(f64::NEG_INFINITY, f64::max);
        let span = max - min;
        let months = first.period.months_until(last.period).max(1);
        let project = |p: &Dated| {
            let x = 3.0 + (W - 6.0) * f64::from(first.period.months_until(p.period)) / f64::from(months);
            let y = if span > 0.0 { 3.0 + (H - 6.0) * (1.0 - (p.value - min) / span) } else { H / 2.0 };
            (x, y)
        };
        let _ = write!(out, "<path d=\"{}\"/>", path_data(points, &project));
        let (lx, ly) = project(last);
        let _ = write!(out, "<circle cx=\"{}\" cy=\"{}\" r=\"2.5\"/>", c(lx), c(ly));
    }
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The integer path gives what the formatter gives, ties and signs included.
    #[test]
    fn a_coordinate_is_the_formatters_to_one_decimal() {
        let formatted = |value: f64| {
            let text = format!("{value:.1}");
            match text.strip_suffix(".0") {
                Some("-0") => "0".to_string(),
                Some(whole) => whole.to_string(),
                None => text,
            }
        };
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let mut values = vec![
            0.0,
            -0.0,
            0.05,
            -0.05,
            0.25,
            -0.25,
            0.35,
            1.25,
            2.5,
            12.45,
            -12.45,
            999_999.95,
            1e6,
            1e7 + 0.05,
            -0.04,
            -0.06,
            0.95,
            9.95,
            f64::NAN,
            f64::INFINITY,
        ];
        for _ in 0..200_000 {
            let scale = [1.0, 10.0, 1000.0, 1e6, 1e9][(next() % 5) as usize];
            let value = (next() as f64 / u64::MAX as f64 - 0.3) * scale;
            values.push(value);
            // Near ties: a multiple of 0.05 and its neighbours.
            let tie = (next() % 200_000) as f64 * 0.05 - 5000.0;
            values.extend([tie, f64::from_bits(tie.to_bits() + 1), f64::from_bits(tie.to_bits().saturating_sub(1))]);
        }
        for value in values {
            assert_eq!(c(value), formatted(value), "{value:?}");
        }
    }

    fn dated(text: &str, value: f64) -> Dated {
        Dated { period: Period::parse(text).unwrap(), value }
    }

    #[test]
    fn non_final_segments_are_drawn_apart() {
        let points = [dated("2014-01", 1.0), dated("2014-02", 2.0), dated("2014-03", 3.0), dated("2014-05", 4.0)];
        let fin = PointMark::default();
        let est = PointMark { status: Status::Estimate, revised: false };
        let cases: [([PointMark; 4], &str, &str); 3] = [
            ([fin, fin, fin, fin], "M1 1L2 2L3 3", ""),
            ([fin, fin, est, est], "M1 1L2 2", "M2 2L3 3"),
            ([est, fin, fin, fin], "M2 2L3 3", "M1 1L2 2"),
        ];
        for (marks, solid, dashed) in cases {
            let (s, d) = split_path(&points, &marks, &|p| (f64::from(p.period.month), p.value));
            assert_eq!((s.as_str(), d.as_str()), (solid, dashed), "{marks:?}");
        }
    }

    #[test]
    fn breaks_the_line_across_missing_months() {
        let points = [dated("2014-01", 1.0), dated("2014-02", 2.0), dated("2014-04", 3.0)];
        let d = path_data(&points, &|p| (f64::from(p.period.month), p.value));
        assert_eq!(d, "M1 1L2 2M4 3");
    }
}
