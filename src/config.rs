//! `site.yaml`: the site's configuration.
//!
//! Read from the located YAML tree into [`Config`]; unknown keys are errors
//! that name the nearest known key, because a typo must not pass silently.

use std::path::Path;

use crate::content::fields::Fields;
use crate::content::yaml::{self, Node, Pos};
use crate::diagnostics::{Diagnostic, Diagnostics, suggestion};
use crate::locale::{Language, Locale};

pub const FILE_NAME: &str = "site.yaml";

const KEYS: &[&str] = &[
    "title",
    "base_url",
    "language",
    "organization",
    "description",
    "theme",
    "feed_limit",
    "allow_html",
    "publishers",
    "license",
    "contact",
    "status",
    "due",
];

#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    pub title: String,
    pub base_url: BaseUrl,
    pub language: Language,
    pub organization: Option<String>,
    pub description: Option<String>,
    pub theme: String,
    pub feed_limit: usize,
    pub allow_html: bool,
    /// Declared publishers, in the order of site.yaml (empty: one publisher).
    pub publishers: Vec<Publisher>,
    /// The licence of the figures and texts (open data, pages, charts).
    pub license: Option<License>,
    /// Whom to ask about the data.
    pub contact: Option<Contact>,
    /// The default status of reports' figures (`None`: final).
    pub status: Option<crate::status::Status>,
    /// UI strings and formats: the language's defaults, with the theme's
    /// and the site's `i18n/<language>.yaml` (set by `content::load`).
    pub locale: Locale,
    /// When a report is due (`due: { day: 20, month: next }`), for `/coverage/`.
    pub due: Option<Due>,
}

/// The reporting calendar: a report is due by `day` of the month after its
/// period (`month: next`) or of the period's own month (`month: same`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Due {
    pub day: u8,
    pub next_month: bool,
}

impl Due {
    /// The last day a report of `period` is on time (`day` is clamped to the
    /// month's length: day 31 of February is its last day).
    pub fn date(self, period: crate::period::Period) -> crate::period::Date {
        let month = if self.next_month { period.next() } else { period };
        let day = self.day.min(crate::period::days_in_month(month.year, month.month));
        crate::period::Date { year: month.year, month: month.month, day }
    }
}

/// `license: { id: CC-BY-4.0, name: …, url: … }`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct License {
    /// An SPDX identifier where there is one (`CC-BY-4.0`).
    pub id: String,
    pub name: String,
    pub url: String,
}

/// `contact: { name: …, email: … }`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Contact {
    pub name: String,
    pub email: Option<String>,
}

pub use crate::publisher::Publisher;

/// The public address of the site: `https://host[:port]` and a path that
/// starts and ends with `/` (`/bao-cao/`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BaseUrl {
    pub origin: String,
    pub path: String,
}

impl BaseUrl {
    pub fn parse(text: &str) -> Result<Self, String> {
        let text = text.trim();
        let rest = text
            .strip_prefix("https://")
            .map(|r| ("https://", r))
            .or_else(|| text.strip_prefix("http://").map(|r| ("http://", r)));
        let Some((scheme, rest)) = rest else {
            return Err("it must start with https:// or http://".into());
        };
        let (host, path) = match rest.find('/') {
            Some(i) => (&rest[..i], &rest[i..]),
            None => (rest, "/"),
        };
        if host.is_empty() || host.contains(|c: char| c.is_whitespace() || "?#@\\".contains(c)) {
            return Err("it has no valid host name".into());
        }
        if path.contains(|c: char| c.is_whitespace() || "?#\\\"'<>".contains(c)) {
            return Err("its path may not contain spaces, quotes, `?` or `#`".into());
        }
        let mut path = path.to_string();
        if !path.ends_with('/') {
            path.push('/');
        }
        Ok(BaseUrl { origin: format!("{scheme}{host}"), path })
    }

    /// The absolute URL of a site path (`reports/2014/08/` → `https://…/bao-cao/reports/2014/08/`).
    pub fn absolute(&self, site_path: &str) -> String {
        format!("{}{}", self.origin, self.root_relative(site_path))
    }

    /// The root-relative URL of a site path, with the sub-path (`/bao-cao/reports/`).
    pub fn root_relative(&self, site_path: &str) -> String {
        format!("{}{}", self.path, site_path.trim_start_matches('/'))
    }
}

impl std::fmt::Display for BaseUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}{}", self.origin, self.path)
    }
}

impl Config {
    /// Parses the text of site.yaml; `file` is used in messages only.
    pub fn parse(text: &str, file: &Path, diags: &mut Diagnostics) -> Option<Config> {
        let node = match yaml::parse(text, 0) {
            Ok(node) => node,
            Err(err) => {
                diags.push(
                    Diagnostic::error(file, err.pos, format!("site.yaml is not valid YAML: {}", err.message))
                        .with_hint(
                            err.hint.unwrap_or_else(|| "check the indentation and quotes around this line".into()),
                        ),
                );
                return None;
            }
        };
        let fields = Fields::new(&node, file, KEYS, "site.yaml", diags)?;
        let errors_before = diags.error_count();
        let title = required(&fields, "title", "title: Lưu trữ báo cáo", diags);
        let base_url = required(&fields, "base_url", "base_url: https://example.gov.vn/bao-cao/", diags)
            .and_then(|text| {
                let node = fields.get("base_url")?;
                BaseUrl::parse(&text)
                    .map_err(|why| {
                        diags.push(
                            Diagnostic::error(file, node.pos, format!("base_url \"{text}\" is not a web address: {why}"))
                                .with_hint("write the full address the site is published at, e.g. `base_url: https://example.gov.vn/bao-cao/`"),
                        )
                    })
                    .ok()
            });
        let language = match fields.string("language", diags) {
            None => Language::Vi,
            Some(text) => Language::parse(&text).unwrap_or_else(|| {
                let pos = fields.get("language").map_or(Pos::default(), |n| n.pos);
                diags.push(Diagnostic::error(file, pos, format!("language \"{text}\" is not supported")).with_hint(
                    format!("write `language: vi` or `language: en` ({})", suggestion(&text, &["vi", "en"])),
                ));
                Language::Vi
            }),
        };
        let config = Config {
            title: title.unwrap_or_default(),
            base_url: base_url.unwrap_or(BaseUrl { origin: String::new(), path: "/".into() }),
            language,
            organization: fields.string("organization", diags),
            description: fields.string("description", diags),
            theme: fields.string("theme", diags).unwrap_or_else(|| "default".into()),
            feed_limit: fields.count("feed_limit", 1, diags).unwrap_or(20),
            allow_html: fields.bool("allow_html", diags).unwrap_or(false),
            status: crate::status::read(&fields, diags),
            publishers: fields.get("publishers").map(|n| crate::publisher::parse(n, file, diags)).unwrap_or_default(),
            license: fields.get("license").and_then(|n| license(n, file, diags)),
            contact: fields.get("contact").and_then(|n| contact(n, file, diags)),
            locale: Locale::new(language),
            due: fields.get("due").and_then(|n| due(n, file, diags)),
        };
        check_theme_name(&config.theme, &fields, diags);
        (diags.error_count() == errors_before).then_some(config)
    }

    /// The declared publisher `id`.
    pub fn publisher(&self, id: &str) -> Option<&Publisher> {
        crate::publisher::find(&self.publishers, id)
    }
}

fn required(fields: &Fields, key: &str, example: &str, diags: &mut Diagnostics) -> Option<String> {
    let value = fields.string(key, diags).filter(|s| !s.is_empty());
    if value.is_none() && fields.get(key).is_none_or(|n| n.as_str().is_some()) {
        let pos = fields.key(key).map_or(Pos { line: 1, column: 1 }, |k| k.pos);
        diags.push(
            Diagnostic::error(fields.file(), pos, format!("site.yaml needs a `{key}`"))
                .with_hint(format!("add a line such as `{example}`")),
        );
    }
    value
}

fn check_theme_name(theme: &str, fields: &Fields, diags: &mut Diagnostics) {
    if theme.is_empty() || theme.contains(['/', '\\']) || theme.starts_with('.') {
        let pos = fields.get("theme").map_or(Pos::default(), |n| n.pos);
        diags.push(
            Diagnostic::error(fields.file(), pos, format!("theme \"{theme}\" is not a folder name"))
                .with_hint("name a folder under themes/, e.g. `theme: default`"),
        );
    }
}

/// A string that must be there and not be empty, else an error with `example`.
fn needed(
    fields: &Fields,
    node: &Node,
    what: &str,
    key: &str,
    example: &str,
    diags: &mut Diagnostics,
) -> Option<String> {
    let value = fields.string(key, diags).filter(|s| !s.trim().is_empty());
    if value.is_none() && fields.get(key).is_none_or(|n| n.as_str().is_some()) {
        let pos = fields.get(key).map_or(node.pos, |n| n.pos);
        diags.push(
            Diagnostic::error(fields.file(), pos, format!("`{what}` needs a `{key}`"))
                .with_hint(format!("write it as `{what}: {example}`")),
        );
    }
    value
}

const LICENSE_EXAMPLE: &str =
    "{ id: CC-BY-4.0, name: Creative Commons Attribution 4.0, url: https://creativecommons.org/licenses/by/4.0/ }";

fn license(node: &Node, file: &Path, diags: &mut Diagnostics) -> Option<License> {
    let fields = Fields::new(node, file, &["id", "name", "url"], "license", diags)?;
    let id = needed(&fields, node, "license", "id", LICENSE_EXAMPLE, diags);
    let name = needed(&fields, node, "license", "name", LICENSE_EXAMPLE, diags);
    let url = needed(&fields, node, "license", "url", LICENSE_EXAMPLE, diags);
    if let (Some(text), Some(url_node)) = (&url, fields.get("url"))
        && !(text.starts_with("https://") || text.starts_with("http://"))
    {
        diags.push(
            Diagnostic::error(file, url_node.pos, format!("license url \"{text}\" is not a web address")).with_hint(
                "write the licence's full address, e.g. `url: https://creativecommons.org/licenses/by/4.0/`",
            ),
        );
        return None;
    }
    Some(License { id: id?, name: name?, url: url? })
}

fn contact(node: &Node, file: &Path, diags: &mut Diagnostics) -> Option<Contact> {
    const EXAMPLE: &str = "{ name: Văn phòng Sở, email: vanphong@example.gov.vn }";
    let fields = Fields::new(node, file, &["name", "email"], "contact", diags)?;
    let name = needed(&fields, node, "contact", "name", EXAMPLE, diags);
    let email = fields.string("email", diags).filter(|e| !e.trim().is_empty());
    if let (Some(text), Some(email_node)) = (&email, fields.get("email")) {
        let valid = text.split_once('@').is_some_and(|(user, host)| {
            !user.is_empty() && host.contains('.') && !text.contains(|c: char| c.is_whitespace() || "<>\"'".contains(c))
        });
        if !valid {
            diags.push(
                Diagnostic::error(file, email_node.pos, format!("contact email \"{text}\" is not an e-mail address"))
                    .with_hint("write an address such as `email: vanphong@example.gov.vn`"),
            );
            return None;
        }
    }
    Some(Contact { name: name?, email })
}

/// `due: { day: 20, month: next }`.
fn due(node: &Node, file: &Path, diags: &mut Diagnostics) -> Option<Due> {
    let example =
        "write `due: { day: 20, month: next }` (due by the 20th of the month after the period) or `month: same`";
    let Some(fields) = Fields::new(node, file, &["day", "month"], "due", &mut Diagnostics::new()) else {
        diags.push(
            Diagnostic::error(file, node.pos, "`due` must be a mapping with `day` and `month`").with_hint(example),
        );
        return None;
    };
    for (key, _) in fields.entries() {
        if !["day", "month"].contains(&key.name.as_str()) {
            diags.push(
                Diagnostic::error(file, key.pos, format!("unknown key `{}` in `due`", key.name))
                    .with_hint(format!("{} ({example})", suggestion(&key.name, &["day", "month"]))),
            );
        }
    }
    let day = match fields.get("day") {
        Some(n) => match n.value {
            crate::content::yaml::Value::Int(d) if (1..=31).contains(&d) => Some(d as u8),
            _ => {
                diags.push(
                    Diagnostic::error(file, n.pos, format!("due day \"{}\" is not a day of the month", n.raw))
                        .with_hint("write a whole number from 1 to 31, e.g. `day: 20`"),
                );
                None
            }
        },
        None => {
            diags.push(Diagnostic::error(file, node.pos, "`due` needs a `day`").with_hint(example));
            None
        }
    };
    let next_month = match fields.get("month") {
        Some(n) => match n.as_str() {
            Some("next") => Some(true),
            Some("same") => Some(false),
            _ => {
                diags.push(
                    Diagnostic::error(file, n.pos, format!("due month \"{}\" is neither `next` nor `same`", n.raw))
                        .with_hint(example),
                );
                None
            }
        },
        None => Some(true),
    };
    Some(Due { day: day?, next_month: next_month? })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls() {
        let url = BaseUrl::parse("https://example.gov.vn/bao-cao").unwrap();
        assert_eq!(url.path, "/bao-cao/");
        assert_eq!(url.absolute("reports/2014/08/"), "https://example.gov.vn/bao-cao/reports/2014/08/");
        assert_eq!(url.root_relative("/atom.xml"), "/bao-cao/atom.xml");
        assert_eq!(BaseUrl::parse("http://127.0.0.1:1111").unwrap().root_relative(""), "/");
        assert!(BaseUrl::parse("example.gov.vn").is_err());
        assert!(BaseUrl::parse("https:///x").is_err());
    }
}
