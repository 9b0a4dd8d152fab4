//! Markdown bodies: pulldown-cmark to safe HTML, plain text, headings.
//!
//! Raw HTML is shown as text unless the site allows it; allowed, the body's
//! HTML goes through the ammonia sanitizer (no `<script>`, no event-handler
//! attributes, no `javascript:`, `vbscript:` or `data:` URLs). Such link and
//! image targets are never emitted from Markdown either (the link keeps its
//! text). Headings get ASCII anchors made from their text. A
//! paragraph holding only `{{ metrics }}` or `{{ metrics id id … }}` marks
//! where the report's figures table goes; the renderer puts the table there.

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::text::slugify;

/// One piece of a rendered body: HTML, or the place of a figures table.
#[derive(Clone, Debug, PartialEq)]
pub enum BodyPart {
    Html(String),
    /// Indicator ids to show, in order; empty: every indicator of the report.
    Metrics(Vec<String>),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub text: String,
}

#[derive(Clone, Debug, PartialEq, Default)]
pub struct RenderedBody {
    pub parts: Vec<BodyPart>,
    pub headings: Vec<Heading>,
    /// The text of the body without markup, for search and summaries.
    pub plain: String,
    /// The first paragraph's text.
    pub first_paragraph: String,
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_SMART_PUNCTUATION
}

/// Whether a link target may run code or smuggle content (any case, with
/// whitespace, control characters or percent-encoding inside).
pub fn is_unsafe_url(url: &str) -> bool {
    let decoded = crate::text::percent_decode_lossy(url);
    let cleaned: String =
        decoded.chars().filter(|c| !c.is_whitespace() && !c.is_control()).collect::<String>().to_ascii_lowercase();
    ["javascript:", "vbscript:", "data:"].iter().any(|scheme| cleaned.starts_with(scheme))
}

/// The ids of a `{{ metrics … }}` directive, if `text` is one.
fn metrics_directive(text: &str) -> Option<Vec<String>> {
    let inner = text.trim().strip_prefix("{{")?.strip_suffix("}}")?.trim();
    let mut words = inner.split_whitespace();
    (words.next()? == "metrics").then(|| words.map(str::to_string).collect())
}

pub fn render(body: &str, allow_html: bool) -> RenderedBody {
    let mut events: Vec<Event> = Parser::new_ext(body, options()).collect();
    let headings = assign_heading_ids(&mut events);
    let plain = plain_text(&events);
    let first_paragraph = first_paragraph(&events);
    let events = sanitize(drop_comments(events), allow_html);
    RenderedBody { parts: split_parts(events, allow_html), headings, plain, first_paragraph }
}

/// Gives every heading an id (its own `{#id}` or a slug of its text, made unique).
fn assign_heading_ids(events: &mut [Event]) -> Vec<Heading> {
    let mut headings = Vec::new();
    let mut used: Vec<String> = Vec::new();
    let mut i = 0;
    while i < events.len() {
        if let Event::Start(Tag::Heading { level, id, .. }) = &events[i] {
            let level = heading_level(*level);
            let own_id = id.as_ref().map(|s| s.to_string());
            let mut text = String::new();
            let mut j = i + 1;
            while j < events.len() && !matches!(events[j], Event::End(TagEnd::Heading(_))) {
                if let Event::Text(t) | Event::Code(t) = &events[j] {
                    text.push_str(t);
                }
                j += 1;
            }
            let base = own_id.unwrap_or_else(|| {
                let slug = slugify(&text);
                if slug.is_empty() { "section".to_string() } else { slug }
            });
            let mut unique = base.clone();
            let mut n = 2;
            while used.contains(&unique) {
                unique = format!("{base}-{n}");
                n += 1;
            }
            used.push(unique.clone());
            if let Event::Start(Tag::Heading { id, .. }) = &mut events[i] {
                *id = Some(CowStr::from(unique.clone()));
            }
            headings.push(Heading { level, id: unique, text: text.trim().to_string() });
            i = j;
        }
        i += 1;
    }
    headings
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

fn plain_text(events: &[Event]) -> String {
    let mut out = String::new();
    for event in events {
        match event {
            Event::Text(t) | Event::Code(t) if metrics_directive(t).is_none() => out.push_str(t),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            Event::End(
                TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item | TagEnd::TableCell | TagEnd::CodeBlock,
            ) if !out.ends_with(char::is_whitespace) => out.push('\n'),
            _ => {}
        }
    }
    out.trim().to_string()
}

fn first_paragraph(events: &[Event]) -> String {
    let mut inside = false;
    let mut out = String::new();
    for event in events {
        match event {
            Event::Start(Tag::Paragraph) => inside = true,
            Event::End(TagEnd::Paragraph) if inside => {
                if metrics_directive(&out).is_none() && !out.trim().is_empty() {
                    return out.trim().to_string();
                }
                out.clear();
                inside = false;
            }
            Event::Text(t) | Event::Code(t) if inside => out.push_str(t),
            Event::SoftBreak | Event::HardBreak if inside => out.push(' '),
            _ => {}
        }
    }
    String::new()
}

/// Removes `<!-- … -->` from a piece of raw HTML (an unclosed comment runs to its end).
fn strip_comments(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find("<!--") {
        out.push_str(&rest[..start]);
        match rest[start + 4..].find("-->") {
            Some(end) => rest = &rest[start + 4 + end + 3..],
            None => rest = "",
        }
    }
    out.push_str(rest);
    out
}

/// HTML comments are notes of the writer: never shown, whatever `allow_html`
/// says. A block holding only comments disappears; inline comments too.
fn drop_comments(events: Vec<Event>) -> Vec<Event> {
    let mut out = Vec::with_capacity(events.len());
    let mut block: Option<String> = None;
    for event in events {
        match event {
            Event::Start(Tag::HtmlBlock) => block = Some(String::new()),
            Event::Html(html) if block.is_some() => {
                if let Some(text) = block.as_mut() {
                    text.push_str(&html);
                }
            }
            Event::End(TagEnd::HtmlBlock) => {
                let kept = strip_comments(&block.take().unwrap_or_default());
                if !kept.trim().is_empty() {
                    out.push(Event::Start(Tag::HtmlBlock));
                    out.push(Event::Html(CowStr::from(kept)));
                    out.push(Event::End(TagEnd::HtmlBlock));
                }
            }
            Event::InlineHtml(html) if html.starts_with("<!--") => {}
            other => out.push(other),
        }
    }
    out
}

/// Raw HTML in `body` that a site without `allow_html` shows as text (comments
/// aside): the byte offset where each piece starts and its first line.
pub fn raw_html(body: &str) -> Vec<(usize, String)> {
    let mut found: Vec<(usize, String)> = Vec::new();
    let mut block_reported = false;
    for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
        let html = match &event {
            Event::Start(Tag::HtmlBlock) => {
                block_reported = false;
                continue;
            }
            Event::Html(_) if block_reported => continue,
            Event::Html(html) | Event::InlineHtml(html) => html.to_string(),
            _ => continue,
        };
        let kept = strip_comments(&html);
        let kept = kept.trim();
        if kept.is_empty() {
            continue;
        }
        block_reported = matches!(event, Event::Html(_));
        let offset = range.start + html.find(kept).unwrap_or(0);
        // One warning per line is enough to find it.
        if found.last().is_some_and(|(at, _)| !body[*at..offset].contains('\n')) {
            continue;
        }
        found.push((offset, kept.lines().next().unwrap_or_default().chars().take(60).collect()));
    }
    found
}

/// Raw HTML becomes text unless allowed; unsafe links and images lose their target.
fn sanitize(events: Vec<Event>, allow_html: bool) -> Vec<Event> {
    let mut out = Vec::with_capacity(events.len());
    let mut dropped_links: Vec<bool> = Vec::new();
    let mut in_unsafe_image = 0usize;
    for event in events {
        match event {
            Event::Html(html) | Event::InlineHtml(html) if !allow_html => out.push(Event::Text(html)),
            Event::Start(Tag::HtmlBlock) if !allow_html => out.push(Event::Start(Tag::Paragraph)),
            Event::End(TagEnd::HtmlBlock) if !allow_html => out.push(Event::End(TagEnd::Paragraph)),
            Event::Start(Tag::Link { ref dest_url, .. }) => {
                let unsafe_link = is_unsafe_url(dest_url);
                dropped_links.push(unsafe_link);
                if !unsafe_link {
                    out.push(event);
                }
            }
            Event::End(TagEnd::Link) => {
                if !dropped_links.pop().unwrap_or(false) {
                    out.push(event);
                }
            }
            Event::Start(Tag::Image { ref dest_url, .. }) if is_unsafe_url(dest_url) || in_unsafe_image > 0 => {
                in_unsafe_image += 1;
            }
            Event::End(TagEnd::Image) if in_unsafe_image > 0 => in_unsafe_image -= 1,
            other => out.push(other),
        }
    }
    out
}

/// Renders events to HTML, cutting at `{{ metrics }}` paragraphs.
fn split_parts(events: Vec<Event>, allow_html: bool) -> Vec<BodyPart> {
    let mut parts = Vec::new();
    let mut pending: Vec<Event> = Vec::new();
    let mut i = 0;
    while i < events.len() {
        if let (Event::Start(Tag::Paragraph), Some(Event::Text(t)), Some(Event::End(TagEnd::Paragraph))) =
            (&events[i], events.get(i + 1), events.get(i + 2))
            && let Some(ids) = metrics_directive(t)
        {
            flush(&mut pending, &mut parts, allow_html);
            parts.push(BodyPart::Metrics(ids));
            i += 3;
            continue;
        }
        pending.push(events[i].clone());
        i += 1;
    }
    flush(&mut pending, &mut parts, allow_html);
    parts
}

fn flush(pending: &mut Vec<Event>, parts: &mut Vec<BodyPart>, allow_html: bool) {
    if pending.is_empty() {
        return;
    }
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, pending.drain(..));
    if allow_html {
        html = sanitizer().clean(&html).to_string();
    }
    parts.push(BodyPart::Html(html));
}

/// The sanitizer for bodies with raw HTML: ammonia's safe defaults (no
/// script, style, event handlers or unsafe URL schemes), plus the `id` and
/// `class` attributes Markdown itself emits (heading anchors, footnotes,
/// code languages); links keep their `rel` as written.
fn sanitizer() -> &'static ammonia::Builder<'static> {
    static SANITIZER: std::sync::OnceLock<ammonia::Builder<'static>> = std::sync::OnceLock::new();
    SANITIZER.get_or_init(|| {
        let mut builder = ammonia::Builder::default();
        builder.add_generic_attributes(["id", "class"]).link_rel(None);
        builder.add_tag_attributes("th", ["scope", "style"]).add_tag_attributes("td", ["style"]);
        // Belt and braces: a URL that is unsafe once control characters and
        // encoding are taken out (`j\x1bavascript:`) is dropped too.
        builder.attribute_filter(|_, attribute, value| {
            let url = matches!(attribute, "href" | "src" | "cite" | "action" | "formaction" | "poster" | "srcset");
            if url && is_unsafe_url(value) { None } else { Some(value.into()) }
        });
        builder
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn html(body: &str, allow: bool) -> String {
        render(body, allow)
            .parts
            .into_iter()
            .map(|p| match p {
                BodyPart::Html(h) => h,
                BodyPart::Metrics(ids) => format!("[metrics {}]", ids.join(" ")),
            })
            .collect()
    }

    #[test]
    fn raw_html_is_text_unless_allowed() {
        assert!(
            html("a <b>x</b>\n\n<script>alert(1)</script>\n", false).contains("&lt;script&gt;alert(1)&lt;/script&gt;")
        );
        assert!(!html("<script>alert(1)</script>\n", false).contains("<script>"));
        assert!(html("a <b>x</b>\n", true).contains("<b>x</b>"));
    }

    #[test]
    fn comments_are_never_shown() {
        for allow in [false, true] {
            let out = html("Trước <!-- ghi chú --> sau\n\n<!-- khối\nhai dòng -->\n\nCuối\n", allow);
            assert!(!out.contains("ghi chú") && !out.contains("khối") && !out.contains("&lt;!--"), "{out}");
            assert!(out.contains("Trước") && out.contains("Cuối"), "{out}");
        }
        assert_eq!(html("<!-- a -->\n", false), "");
        assert!(html("<b>x</b> <!-- c -->\n", false).contains("&lt;b&gt;"));
    }

    #[test]
    fn raw_html_is_found_with_its_offset() {
        let body = "Đoạn một.\n\n<!-- chỉ ghi chú -->\n\nChữ <b>đậm</b>.\n\n<div>\nkhối\n</div>\n";
        let found = raw_html(body);
        let at: Vec<(&str, &str)> = found.iter().map(|(i, s)| (&body[*i..*i + 3], s.as_str())).collect();
        assert_eq!(at, [("<b>", "<b>"), ("<di", "<div>")], "{found:?}");
        assert!(raw_html("<!-- a -->\n\ntext\n").is_empty());
    }

    #[test]
    fn allowed_html_never_runs_code() {
        let body = "<a href=\"javascript:alert(1)\">a</a> <a href=\"VBScript:x\">v</a> <img src=\"data:image/png;base64,xx\" onerror=\"alert(1)\">\n\n\
                    <script>alert(1)</script>\n\n<div onclick=\"x()\" onmouseover=\"y()\"><b>kept</b></div>\n\n\
                    <iframe src=\"https://evil.example/\"></iframe><svg onload=\"x()\"></svg>\n";
        let out = html(body, true);
        let lower = out.to_lowercase();
        for banned in
            ["javascript:", "vbscript:", "data:", "<script", "onerror", "onclick", "onmouseover", "onload", "<iframe"]
        {
            assert!(!lower.contains(banned), "{banned} in {out}");
        }
        assert!(out.contains("<b>kept</b>") && out.contains(">a</a>"), "{out}");
        // What Markdown makes survives the sanitizer.
        let markdown =
            html("## Tiêu đề\n\n| a |\n|---|\n| 1 |\n\nx[^1] <sup>2</sup>\n\n[^1]: n\n\n```rust\nx\n```\n", true);
        assert!(markdown.contains("<h2 id=\"tieu-de\">"), "{markdown}");
        assert!(markdown.contains("<table>") && markdown.contains("<sup>2</sup>"), "{markdown}");
        assert!(markdown.contains("class=\"footnote-definition\"") && markdown.contains("href=\"#1\""), "{markdown}");
        assert!(markdown.contains("class=\"language-rust\""), "{markdown}");
    }

    #[test]
    fn unsafe_links_keep_only_their_text() {
        for target in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            "java%73cript:alert(1)",
            "%6A%61vascript:x",
            "data:text/html;base64,xx",
            "&#106;avascript:x",
            " javascript:x",
        ] {
            let out = html(&format!("[click](<{target}>) and ![img]({target})"), true);
            assert!(!out.to_lowercase().contains("href"), "{target}: {out}");
            assert!(!out.contains("<img"), "{target}: {out}");
            assert!(out.contains("click"), "{target}: {out}");
        }
        assert!(html("[ok](https://example.org/)", false).contains("href=\"https://example.org/\""));
    }

    #[test]
    fn headings_get_unique_ascii_ids() {
        let body = render("## I. Đánh giá chung\n\n## I. Đánh giá chung\n\n### Riêng {#own}\n", false);
        let ids: Vec<&str> = body.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["i-danh-gia-chung", "i-danh-gia-chung-2", "own"]);
        assert!(html("## Về Bưu chính\n", false).contains("<h2 id=\"ve-buu-chinh\">"));
    }

    #[test]
    fn metrics_directive_splits_the_body() {
        assert_eq!(html("Trước\n\n{{ metrics a b }}\n\nSau\n", false), "<p>Trước</p>\n[metrics a b]<p>Sau</p>\n");
        assert_eq!(html("{{metrics}}\n", false), "[metrics ]");
        assert!(html("Text {{ metrics }} inline\n", false).contains("{{ metrics }}"));
    }

    #[test]
    fn plain_text_and_first_paragraph() {
        let body = render("## Tiêu đề\n\nĐoạn *một*\ncòn tiếp.\n\nĐoạn hai.\n", false);
        assert_eq!(body.first_paragraph, "Đoạn một còn tiếp.");
        assert!(body.plain.starts_with("Tiêu đề\nĐoạn một còn tiếp."), "{}", body.plain);
    }

    #[test]
    fn tables_and_footnotes() {
        let out = html("| a | b |\n|---|---|\n| 1 | 2 |\n\nText[^1]\n\n[^1]: Note\n", false);
        assert!(out.contains("<table>") && out.contains("footnote"), "{out}");
    }
}
