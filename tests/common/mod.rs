//! Helpers shared by the integration tests: tiny sites in temporary folders
//! and the real `annals` binary run over them.
#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub const SITE_YAML: &str =
    "title: Lưu trữ thử\nbase_url: https://example.gov.vn/bao-cao/\nlanguage: vi\norganization: Sở Thử nghiệm\n";

pub const REGISTRY: &str = "\
measures:
  added:          { label: Số tăng trong kỳ, integer: true }
  removed:        { label: Số giảm trong kỳ, integer: true }
  change_pct:     { label: So với tháng trước, unit: \"%\" }
  total:          { label: Hiện có trên mạng, integer: true }
  per_100_people: { label: Trên 100 dân }
indicators:
  fixed-wired:    { name: Điện thoại cố định có dây, unit: thuê bao, group: Viễn thông }
  mobile-prepaid: { name: Điện thoại di động trả trước, unit: thuê bao, group: Viễn thông }
  phone-subscribers:
    name: Tổng số thuê bao điện thoại
    unit: thuê bao
    sum_of: [fixed-wired, mobile-prepaid]
";

/// A report file with the given period and extra front-matter lines.
pub fn report(period: &str, extra: &str, body: &str) -> String {
    format!("---\ntitle: Báo cáo tháng {period}\nperiod: {period}\n{extra}---\n{body}")
}

/// A site in a temporary folder.
pub struct Site {
    pub dir: tempfile::TempDir,
}

impl Site {
    /// A site with site.yaml, the registry and the given files (relative path, text).
    pub fn new(files: &[(&str, &str)]) -> Site {
        let site = Site::empty();
        site.write("site.yaml", SITE_YAML);
        site.write("content/indicators.yaml", REGISTRY);
        for (path, text) in files {
            site.write(path, text);
        }
        site
    }

    pub fn empty() -> Site {
        Site { dir: tempfile::tempdir().expect("temporary folder") }
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn path(&self, relative: &str) -> PathBuf {
        self.dir.path().join(relative)
    }

    pub fn write(&self, relative: &str, text: &str) {
        self.write_bytes(relative, text.as_bytes());
    }

    pub fn write_bytes(&self, relative: &str, bytes: &[u8]) {
        let path = self.path(relative);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, bytes).unwrap();
    }

    pub fn remove(&self, relative: &str) {
        fs::remove_file(self.path(relative)).unwrap();
    }

    /// Runs `annals <args> --root <site>`.
    pub fn run(&self, args: &[&str]) -> Run {
        let mut command = Command::new(env!("CARGO_BIN_EXE_annals"));
        command.args(args).arg("--root").arg(self.root()).env("NO_COLOR", "1");
        Run::from(command.output().expect("annals runs"))
    }

    pub fn build(&self) -> Run {
        self.run(&["build"])
    }

    pub fn check(&self) -> Run {
        self.run(&["check"])
    }

    /// A built file, as text.
    pub fn read(&self, relative: &str) -> String {
        let path = self.path(relative);
        fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    pub fn page(&self, site_path: &str) -> String {
        self.read(&format!("public/{site_path}index.html"))
    }
}

pub struct Run {
    pub status: i32,
    pub stdout: String,
    pub stderr: String,
}

impl From<Output> for Run {
    fn from(output: Output) -> Run {
        Run {
            status: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }
}

impl Run {
    pub fn ok(self) -> Run {
        assert_eq!(self.status, 0, "annals failed:\n{}\n{}", self.stdout, self.stderr);
        self
    }

    pub fn failed(self) -> Run {
        assert_eq!(self.status, 1, "annals should have failed with status 1:\n{}\n{}", self.stdout, self.stderr);
        assert!(!self.stderr.contains("panicked"), "{}", self.stderr);
        self
    }

    /// Asserts the human output has a diagnostic with this location and message part.
    pub fn has(&self, location: &str, message: &str) -> &Run {
        let found = self
            .stderr
            .split("\n\n")
            .any(|block| block.contains(&format!("--> {location}\n")) && block.contains(message));
        assert!(found, "no diagnostic at {location} saying {message:?} in:\n{}", self.stderr);
        self
    }

    pub fn says(&self, text: &str) -> &Run {
        assert!(self.stderr.contains(text), "expected {text:?} in:\n{}", self.stderr);
        self
    }
}
