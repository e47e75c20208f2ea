//! `--format text`: one line per diagnostic, `file:line:column: severity[code]: message`,
//! then the workload's decision line; a closing line with the counts.

use std::io::{self, Write};

use super::{place, Sink, Style, Summary};
use crate::cli::check::Checked;
use crate::cli::load::Problem;
use crate::cli::run::Finding;
use crate::core::workload::WorkloadId;
use crate::core::{Outcome, Severity};

pub struct Text<'a> {
    out: &'a mut dyn Write,
    style: Style,
}

impl<'a> Text<'a> {
    pub fn new(out: &'a mut dyn Write, style: Style) -> Self {
        Text { out, style }
    }
}

/// `Deployment default/web`, `ImageCache web-stack`, `Pod default/(no name)`.
pub fn label(id: &WorkloadId) -> String {
    let name = id.name.as_deref().unwrap_or("(no name)");
    match &id.namespace {
        Some(ns) => format!("{} {ns}/{name}", id.kind),
        None => format!("{} {name}", id.kind),
    }
}

pub fn outcome(style: &Style, outcome: Outcome) -> String {
    let (code, word) = match outcome {
        Outcome::Pinned => ("32", "pinned"),
        Outcome::Matched => ("32", "matched"),
        Outcome::WillCreate => ("33", "will-create"),
        Outcome::None => ("2", "none"),
        Outcome::Rejected => ("1;31", "rejected"),
    };
    style.paint(code, word)
}

pub fn finding_line(style: &Style, f: &Finding) -> String {
    let d = &f.diagnostic;
    format!(
        "{}: {}[{}]: {}",
        place(&f.file, f.pos),
        style.severity(d.severity),
        d.code.as_str(),
        d.message
    )
}

impl Sink for Text<'_> {
    fn problem(&mut self, p: &Problem) -> io::Result<()> {
        let message = format!("{}: {}", place(&p.file, p.pos), p.message);
        writeln!(
            self.out,
            "{}: {}",
            self.style.severity(Severity::Error),
            message
        )
    }

    fn finding(&mut self, f: &Finding) -> io::Result<()> {
        writeln!(self.out, "{}", finding_line(&self.style, f))
    }

    fn workload(&mut self, c: &Checked) -> io::Result<()> {
        for f in &c.findings {
            self.finding(f)?;
        }
        writeln!(
            self.out,
            "{}: {} {}: {}",
            place(&c.file, c.pos),
            outcome(&self.style, c.report.decision.outcome),
            self.style.bold(&label(&c.report.workload)),
            c.report.decision.summary
        )
    }

    fn finish(&mut self, summary: &Summary) -> io::Result<()> {
        writeln!(self.out, "{}", self.style.dim(&summary.line()))
    }
}
