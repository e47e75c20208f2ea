//! `--format github`: GitHub Actions workflow commands, so each diagnostic becomes an
//! annotation on its line of the pull request.

use std::io::{self, Write};

use super::{is_pseudo, Sink, Summary};
use crate::cli::check::Checked;
use crate::cli::load::Problem;
use crate::cli::run::Finding;
use crate::cli::yaml::Pos;
use crate::core::Severity;

pub struct Github<'a> {
    out: &'a mut dyn Write,
}

impl<'a> Github<'a> {
    pub fn new(out: &'a mut dyn Write) -> Self {
        Github { out }
    }

    fn annotation(
        &mut self,
        level: &str,
        file: &str,
        pos: Pos,
        title: &str,
        message: &str,
    ) -> io::Result<()> {
        // Standard input and the cluster are no file of the repository: no place then.
        let mut props = String::new();
        if !is_pseudo(file) {
            props = format!("file={},", property(file));
            if pos != Pos::default() {
                props.push_str(&format!("line={},col={},", pos.line, pos.column));
            }
        }
        writeln!(
            self.out,
            "::{level} {props}title={}::{}",
            property(title),
            data(message)
        )
    }
}

/// Escapes a message as the runner reads it.
fn data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value (which also ends at `:` and `,`).
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    }
}

impl Sink for Github<'_> {
    fn problem(&mut self, p: &Problem) -> io::Result<()> {
        self.annotation("error", &p.file, p.pos, "input error", &p.message)
    }

    fn finding(&mut self, f: &Finding) -> io::Result<()> {
        let d = &f.diagnostic;
        self.annotation(
            level(d.severity),
            &f.file,
            f.pos,
            d.code.as_str(),
            &d.message,
        )
    }

    fn workload(&mut self, c: &Checked) -> io::Result<()> {
        for f in &c.findings {
            self.finding(f)?;
        }
        Ok(())
    }

    fn finish(&mut self, summary: &Summary) -> io::Result<()> {
        writeln!(self.out, "eci-image-cache: {}", summary.line())
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn messages_and_properties_are_escaped() {
        assert_eq!(super::data("50% of\nit"), "50%25 of%0Ait");
        assert_eq!(super::property("a:b,c"), "a%3Ab%2Cc");
    }
}
