//! Tera templates: the embedded default theme, a site's theme and overrides.
//!
//! Templates are looked up by file name in this order: the site's
//! `templates/`, the site's `themes/<theme>/templates/`, then the default
//! theme compiled into annals. They are parsed once per build.

use tera::{Context, Tera};

use crate::content::theme::ThemeFiles;

/// The default theme's templates, compiled in.
pub(crate) const DEFAULT_TEMPLATES: &[(&str, &str)] = &[
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
    ("coverage.html", include_str!("../../themes/default/templates/coverage.html")),
    ("partials/year_groups.html", include_str!("../../themes/default/templates/partials/year_groups.html")),
    ("partials/report_list.html", include_str!("../../themes/default/templates/partials/report_list.html")),
    ("partials/metrics_table.html", include_str!("../../themes/default/templates/partials/metrics_table.html")),
    ("embed.html", include_str!("../../themes/default/templates/embed.html")),
    ("data.html", include_str!("../../themes/default/templates/data.html")),
    ("partials/share_meta.html", include_str!("../../themes/default/templates/partials/share_meta.html")),
    ("partials/citation.html", include_str!("../../themes/default/templates/partials/citation.html")),
    ("partials/chart_downloads.html", include_str!("../../themes/default/templates/partials/chart_downloads.html")),
    ("partials/data_files.html", include_str!("../../themes/default/templates/partials/data_files.html")),
    ("partials/indicator_data.html", include_str!("../../themes/default/templates/partials/indicator_data.html")),
    ("partials/figure_marks.html", include_str!("../../themes/default/templates/partials/figure_marks.html")),
    ("partials/figure_legend.html", include_str!("../../themes/default/templates/partials/figure_legend.html")),
    ("partials/revision_list.html", include_str!("../../themes/default/templates/partials/revision_list.html")),
    (
        "partials/indicator_revisions.html",
        include_str!("../../themes/default/templates/partials/indicator_revisions.html"),
    ),
    ("partials/report_revisions.html", include_str!("../../themes/default/templates/partials/report_revisions.html")),
];

/// The default theme's static files, compiled in.
pub(crate) const DEFAULT_STATIC: &[(&str, &[u8])] = &[
    ("static/annals.css", include_bytes!("../../themes/default/static/static/annals.css")),
    ("static/search.js", include_bytes!("../../themes/default/static/static/search.js")),
    ("static/chart.js", include_bytes!("../../themes/default/static/static/chart.js")),
    ("static/sort.js", include_bytes!("../../themes/default/static/static/sort.js")),
    ("static/compare.js", include_bytes!("../../themes/default/static/static/compare.js")),
    ("favicon.svg", include_bytes!("../../themes/default/static/favicon.svg")),
];

/// A template that cannot be parsed or rendered, with what Tera found: one
/// [`TemplateProblem`] per distinct place (an error in base.html is one
/// problem, not one for each template that extends it).
#[derive(Debug)]
pub struct TemplateError {
    /// The template being loaded or rendered when it failed.
    pub template: String,
    /// The whole message, as Tera gave it.
    pub message: String,
}

/// One problem of a [`TemplateError`], located in the template that is wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TemplateProblem {
    /// The template's name (`base.html`, `partials/x.html`).
    pub template: String,
    /// 1-based; 0 when Tera gave no location.
    pub line: usize,
    pub column: usize,
    /// Tera's words, without its `error:` prefix and source excerpt.
    pub message: String,
}

impl TemplateError {
    /// The distinct problems, in Tera's order. Tera 2 writes each as
    /// `error: …` then ` --> name:line:column` and an excerpt.
    pub fn problems(&self) -> Vec<TemplateProblem> {
        let mut problems: Vec<TemplateProblem> = Vec::new();
        let lines: Vec<&str> = self.message.lines().collect();
        for (i, line) in lines.iter().enumerate() {
            let Some(message) = line.trim_start().strip_prefix("error: ") else { continue };
            let location = lines[i + 1..]
                .iter()
                .take_while(|l| !l.trim_start().starts_with("error: "))
                .find_map(|l| l.trim_start().strip_prefix("--> "))
                .and_then(parse_location);
            let (template, line, column) = location.unwrap_or_else(|| (self.template.clone(), 0, 0));
            let problem = TemplateProblem { template, line, column, message: message.trim().to_string() };
            if !problems.contains(&problem) {
                problems.push(problem);
            }
        }
        if problems.is_empty() {
            let message = self.message.lines().map(str::trim).filter(|l| !l.is_empty()).collect::<Vec<_>>().join(" ");
            problems.push(TemplateProblem { template: self.template.clone(), line: 0, column: 0, message });
        }
        problems
    }
}

/// `base.html:3:7` → (name, line, column).
fn parse_location(text: &str) -> Option<(String, usize, usize)> {
    let mut parts = text.trim().rsplitn(3, ':');
    let column = parts.next()?.parse().ok()?;
    let line = parts.next()?.parse().ok()?;
    Some((parts.next()?.to_string(), line, column))
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

pub(crate) fn render(tera: &Tera, template: &str, context: &Context) -> Result<String, TemplateError> {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn with_base_line(line: &str) -> ThemeFiles {
        let mut lines: Vec<&str> = DEFAULT_TEMPLATES[0].1.lines().collect();
        lines.insert(2, line);
        let mut files = ThemeFiles::default();
        files.templates.push(("base.html".into(), lines.join("\n")));
        files
    }

    #[test]
    fn a_syntax_error_in_the_base_is_one_problem_at_its_line() {
        let err = load(&with_base_line("{% if %}")).unwrap_err();
        let problems = err.problems();
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!((problems[0].template.as_str(), problems[0].line, problems[0].column), ("base.html", 3, 7));
        assert!(problems[0].message.starts_with("Found `%}` but expected one of"), "{problems:?}");
        assert!(!problems[0].message.contains("-->"));
    }

    #[test]
    fn a_render_error_points_at_the_template_that_is_wrong() {
        let tera = load(&with_base_line("{{ nope.x }}")).unwrap();
        let err = render(&tera, "404.html", &Context::new()).unwrap_err();
        let problems = err.problems();
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].template, "base.html");
        assert!(problems[0].line > 0 && problems[0].message.contains("is not defined"), "{problems:?}");
    }

    #[test]
    fn repeated_problems_are_told_once() {
        let text = "error: Bad\n --> base.html:3:7\n  |\n3 | x\nerror: Bad\n --> base.html:3:7\nerror: Other\n";
        let err = TemplateError { template: "report.html".into(), message: text.into() };
        let problems = err.problems();
        assert_eq!(problems.len(), 2);
        assert_eq!((problems[1].template.as_str(), problems[1].line), ("report.html", 0));
    }
}
