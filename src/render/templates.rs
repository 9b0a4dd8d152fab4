//! Tera templates: the embedded default theme, a site's theme and overrides.
//!
//! Templates are looked up by file name in this order: the site's
//! `templates/`, the site's `themes/<theme>/templates/`, then the default
//! theme compiled into annals. They are parsed once per build.

use tera::{Context, Tera};

use crate::content::theme::ThemeFiles;

/// The default theme's templates, compiled in.
pub const DEFAULT_TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../../themes/default/templates/base.html")),
    ("index.html", include_str!("../../themes/default/templates/index.html")),
    ("reports.html", include_str!("../../themes/default/templates/reports.html")),
    ("year.html", include_str!("../../themes/default/templates/year.html")),
    ("report.html", include_str!("../../themes/default/templates/report.html")),
    ("404.html", include_str!("../../themes/default/templates/404.html")),
    ("publisher.html", include_str!("../../themes/default/templates/publisher.html")),
    ("search.html", include_str!("../../themes/default/templates/search.html")),
    ("indicators.html", include_str!("../../themes/default/templates/indicators.html")),
    ("indicator.html", include_str!("../../themes/default/templates/indicator.html")),
    ("partials/year_groups.html", include_str!("../../themes/default/templates/partials/year_groups.html")),
    ("partials/report_list.html", include_str!("../../themes/default/templates/partials/report_list.html")),
    ("partials/metrics_table.html", include_str!("../../themes/default/templates/partials/metrics_table.html")),
    ("embed.html", include_str!("../../themes/default/templates/embed.html")),
    ("data.html", include_str!("../../themes/default/templates/data.html")),
    ("partials/share_meta.html", include_str!("../../themes/default/templates/partials/share_meta.html")),
    ("partials/citation.html", include_str!("../../themes/default/templates/partials/citation.html")),
    ("partials/chart_downloads.html", include_str!("../../themes/default/templates/partials/chart_downloads.html")),
    ("partials/data_files.html", include_str!("../../themes/default/templates/partials/data_files.html")),
];

/// The default theme's static files, compiled in.
pub const DEFAULT_STATIC: &[(&str, &[u8])] = &[
    ("static/annals.css", include_bytes!("../../themes/default/static/static/annals.css")),
    ("static/search.js", include_bytes!("../../themes/default/static/static/search.js")),
    ("static/chart.js", include_bytes!("../../themes/default/static/static/chart.js")),
    ("static/sort.js", include_bytes!("../../themes/default/static/static/sort.js")),
    ("favicon.svg", include_bytes!("../../themes/default/static/favicon.svg")),
];

#[derive(Debug)]
pub struct TemplateError {
    pub template: String,
    pub message: String,
}

/// Loads the templates: defaults first, then the theme's and the site's over them.
pub fn load(theme: &ThemeFiles) -> Result<Tera, TemplateError> {
    let mut tera = Tera::new();
    tera.autoescape_on(vec![".html", ".xml"]);
    let mut all: Vec<(String, String)> =
        DEFAULT_TEMPLATES.iter().map(|(n, t)| (n.to_string(), t.to_string())).collect();
    for (name, text) in &theme.templates {
        match all.iter_mut().find(|(n, _)| n == name) {
            Some(slot) => slot.1 = text.clone(),
            None => all.push((name.clone(), text.clone())),
        }
    }
    tera.add_raw_templates(all.iter().map(|(n, t)| (n.as_str(), t.as_str()))).map_err(|err| TemplateError {
        template: all
            .iter()
            .map(|(n, _)| n.as_str())
            .find(|n| err.to_string().contains(n))
            .unwrap_or("templates")
            .to_string(),
        message: error_chain(&err),
    })?;
    Ok(tera)
}

pub fn render(tera: &Tera, template: &str, context: &Context) -> Result<String, TemplateError> {
    tera.render(template, context)
        .map_err(|err| TemplateError { template: template.to_string(), message: error_chain(&err) })
}

fn error_chain(err: &dyn std::error::Error) -> String {
    let mut message = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        message.push_str(": ");
        message.push_str(&cause.to_string());
        source = cause.source();
    }
    message
}
