//! Splitting a report file into its YAML front matter and Markdown body.

/// Largest front matter accepted, in bytes.
pub const MAX_FRONT_MATTER: usize = 64 * 1024;

#[derive(Debug, PartialEq)]
pub struct Split<'a> {
    /// The YAML between the fences.
    pub yaml: &'a str,
    /// Number of file lines before the YAML (the opening fence): add it to
    /// YAML line numbers to get file line numbers.
    pub yaml_line_offset: usize,
    pub body: &'a str,
    /// The file line on which the body starts.
    pub body_line: usize,
}

#[derive(Debug, PartialEq)]
pub enum SplitError {
    /// The file does not start with a `---` line.
    NoFrontMatter,
    /// The opening `---` has no closing `---`.
    Unclosed,
    /// The front matter is larger than [`MAX_FRONT_MATTER`]; the line of its end.
    TooLarge,
}

/// `text` must already have its BOM removed and line endings normalised.
pub fn split(text: &str) -> Result<Split<'_>, SplitError> {
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().unwrap_or("");
    if first.trim_end() != "---" {
        return Err(SplitError::NoFrontMatter);
    }
    let start = first.len();
    let mut offset = start;
    let mut line_number = 1;
    for line in lines {
        line_number += 1;
        let fence = line.trim_end();
        if fence == "---" || fence == "..." {
            let yaml = &text[start..offset];
            if yaml.len() > MAX_FRONT_MATTER {
                return Err(SplitError::TooLarge);
            }
            return Ok(Split {
                yaml,
                yaml_line_offset: 1,
                body: &text[offset + line.len()..],
                body_line: line_number + 1,
            });
        }
        offset += line.len();
        if offset - start > MAX_FRONT_MATTER {
            return Err(SplitError::TooLarge);
        }
    }
    Err(SplitError::Unclosed)
}

/// Removes a leading BOM and turns CRLF and lone CR into LF (line numbers are kept).
pub fn normalize(text: &str) -> std::borrow::Cow<'_, str> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.contains('\r') {
        std::borrow::Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_and_counts_lines() {
        let split = split("---\ntitle: x\nperiod: 2014-08\n---\nBody\n").unwrap();
        assert_eq!(split.yaml, "title: x\nperiod: 2014-08\n");
        assert_eq!(split.body, "Body\n");
        assert_eq!(split.body_line, 5);
        assert_eq!(split.yaml_line_offset, 1);
    }

    #[test]
    fn errors() {
        assert_eq!(split("title: x\n"), Err(SplitError::NoFrontMatter));
        assert_eq!(split("---\ntitle: x\n"), Err(SplitError::Unclosed));
        let big = format!("---\n{}---\n", "a: b\n".repeat(20_000));
        assert_eq!(split(&big), Err(SplitError::TooLarge));
    }

    #[test]
    fn normalizes_bom_and_crlf() {
        assert_eq!(normalize("\u{feff}---\r\na: 1\r\n---\r\n"), "---\na: 1\n---\n");
    }
}
