//! No input makes annals panic: arbitrary front matter, bodies and site
//! settings go through the same parsers as real files.

use std::path::Path;

use annals::config::Config;
use annals::content::{markdown, report, yaml};
use annals::diagnostics::Diagnostics;
use annals::registry::Registry;
use proptest::prelude::*;

const REGISTRY: &str = "measures:\n  added: { integer: true }\n  total: { integer: true }\n  pct: { unit: \"%\" }\nindicators:\n  a: { name: A }\n  b: { name: B, sum_of: [a] }\n";

fn config() -> Config {
    Config::parse("title: t\nbase_url: https://example.org/\n", Path::new("site.yaml"), &mut Diagnostics::new())
        .unwrap()
}

/// Fragments that make YAML and Markdown interesting.
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("---\n".to_string()),
        Just("title: x\n".to_string()),
        Just("period: 2014-08\n".to_string()),
        Just("metrics:\n".to_string()),
        Just("  a: { total: 1.5, added: \"1.000\" }\n".to_string()),
        Just("  b: .nan\n".to_string()),
        Just("  a: [1, {x: 2}]\n".to_string()),
        Just("signer: { name: [x] }\n".to_string()),
        Just("&x [*x, *x]\n".to_string()),
        Just("{{ metrics a zz }}\n".to_string()),
        Just("[l](javascript:x) <b>x</b> ![i](data:x)\n".to_string()),
        Just("| a |\n|---|\n| 1 |\n".to_string()),
        Just("[^1]\n\n[^1]: n\n".to_string()),
        "[ -~\\n\\t\u{00e0}-\u{1ef9}đĐ%]{0,40}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn reports_never_panic(parts in proptest::collection::vec(fragment(), 0..14)) {
        let text = parts.concat();
        let config = config();
        let registry = Registry::parse(REGISTRY, Path::new("r.yaml"), &mut Diagnostics::new());
        let mut diags = Diagnostics::new();
        if let Some(report) = report::parse_report(&text, Path::new("x.md"), &config, &registry, &mut diags) {
            let _ = markdown::render(&report.body, false);
            let _ = markdown::render(&report.body, true);
        }
        for d in diags.iter() {
            prop_assert!(!d.message.is_empty());
        }
    }

    #[test]
    fn yaml_never_panics(text in "[ -~\\n\u{00e0}-\u{00ff}]{0,200}") {
        let _ = yaml::parse(&text, 3);
        let mut diags = Diagnostics::new();
        let _ = Config::parse(&text, Path::new("site.yaml"), &mut diags);
        let _ = Registry::parse(&text, Path::new("indicators.yaml"), &mut diags);
    }

    #[test]
    fn markdown_never_panics(text in "[ -~\\n\u{00e0}-\u{1ef9}%]{0,300}") {
        let body = markdown::render(&text, false);
        for part in body.parts {
            if let markdown::BodyPart::Html(html) = part {
                prop_assert!(!html.to_lowercase().contains("<script"));
            }
        }
    }
}
