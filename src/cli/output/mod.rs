//! The output formats of `check`: each a [`Sink`] that is handed every result as it is known.

mod github;
mod json;
mod sarif;
pub mod text;

use std::io::{self, Write};

use super::args::Format;
use super::check::Checked;
use super::load::Problem;
use super::run::Finding;
use crate::core::Severity;

/// Counts for the closing line and the exit status.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Summary {
    pub files: usize,
    pub workloads: usize,
    pub skipped: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub problems: usize,
}

impl Summary {
    pub fn count(&mut self, severity: Severity) {
        match severity {
            Severity::Error => self.errors += 1,
            Severity::Warning => self.warnings += 1,
            Severity::Info => self.infos += 1,
        }
    }

    /// `3 workloads in 2 files (1 other object skipped): 1 error, 2 warnings, 0 info, 0 input errors`
    pub fn line(&self) -> String {
        let n = |count: usize, one: &str, many: &str| {
            format!("{count} {}", if count == 1 { one } else { many })
        };
        format!(
            "{} in {} ({} skipped): {}, {}, {}, {}",
            n(self.workloads, "workload", "workloads"),
            n(self.files, "file", "files"),
            n(self.skipped, "other object", "other objects"),
            n(self.errors, "error", "errors"),
            n(self.warnings, "warning", "warnings"),
            n(self.infos, "info", "infos"),
            n(self.problems, "input error", "input errors"),
        )
    }
}

pub trait Sink {
    fn problem(&mut self, problem: &Problem) -> io::Result<()>;
    /// A diagnostic of a cache, found once for the whole run.
    fn finding(&mut self, finding: &Finding) -> io::Result<()>;
    fn workload(&mut self, checked: &Checked) -> io::Result<()>;
    fn finish(&mut self, summary: &Summary) -> io::Result<()>;
}

pub fn sink<'a>(format: Format, out: &'a mut dyn Write, color: bool) -> Box<dyn Sink + 'a> {
    match format {
        Format::Text => Box::new(text::Text::new(out, Style { color })),
        Format::Json => Box::new(json::Json::new(out)),
        Format::Sarif => Box::new(sarif::Sarif::new(out)),
        Format::Github => Box::new(github::Github::new(out)),
    }
}

/// Problems that stop the run before any workload is read (bad settings, kubectl failing).
pub fn fatal(err: &mut dyn Write, problems: &[Problem], color: bool) -> io::Result<u8> {
    let style = Style { color };
    for p in problems {
        writeln!(err, "{}: {p}", style.severity(Severity::Error))?;
    }
    Ok(2)
}

/// Colours, only when asked for (a terminal without NO_COLOR, or --color always).
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub color: bool,
}

impl Style {
    pub fn paint(&self, code: &str, text: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_owned()
        }
    }

    pub fn severity(&self, severity: Severity) -> String {
        let (code, word) = match severity {
            Severity::Error => ("1;31", "error"),
            Severity::Warning => ("33", "warning"),
            Severity::Info => ("36", "info"),
        };
        self.paint(code, word)
    }

    pub fn bold(&self, text: &str) -> String {
        self.paint("1", text)
    }

    pub fn dim(&self, text: &str) -> String {
        self.paint("2", text)
    }
}

/// Where a finding is, as editors and CI logs read it: `file:line:column`.
pub fn place(file: &str, pos: super::yaml::Pos) -> String {
    if pos == super::yaml::Pos::default() {
        file.to_owned()
    } else {
        format!("{file}:{pos}")
    }
}

/// Whether a source's name is a stand-in (`<stdin>`, `<cluster>`), not a path.
pub fn is_pseudo(file: &str) -> bool {
    file.starts_with('<') && file.ends_with('>')
}
