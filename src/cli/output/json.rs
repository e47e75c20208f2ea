//! `--format json`: one object whose `workloads` array is written one report per line as
//! the workloads are evaluated; each report carries its file, document and positions.

use std::io::{self, Write};

use serde_json::{json, Value};

use super::{Sink, Summary};
use crate::cli::check::Checked;
use crate::cli::load::Problem;
use crate::cli::run::Finding;
use crate::cli::yaml::Pos;

pub struct Json<'a> {
    out: &'a mut dyn Write,
    started: bool,
    cache_findings: Vec<Value>,
    problems: Vec<Value>,
}

impl<'a> Json<'a> {
    pub fn new(out: &'a mut dyn Write) -> Self {
        Json {
            out,
            started: false,
            cache_findings: Vec::new(),
            problems: Vec::new(),
        }
    }
}

fn at(file: &str, document: usize, pos: Pos) -> Value {
    json!({"file": file, "document": document, "line": pos.line, "column": pos.column})
}

/// A diagnostic as the report has it, with its place in the file beside it.
pub fn finding(f: &Finding) -> Value {
    let mut value = at(&f.file, f.document, f.pos);
    if let (Value::Object(map), Ok(Value::Object(d))) =
        (&mut value, serde_json::to_value(&f.diagnostic))
    {
        map.extend(d);
    }
    value
}

/// A workload's report with its place, and the line and column of each diagnostic.
pub fn workload(c: &Checked) -> Value {
    let mut report = serde_json::to_value(&c.report).unwrap_or(Value::Null);
    if let Some(Value::Array(diags)) = report.get_mut("diagnostics") {
        for (d, f) in diags.iter_mut().zip(&c.findings) {
            d["line"] = json!(f.pos.line);
            d["column"] = json!(f.pos.column);
        }
    }
    let mut value = at(&c.file, c.document, c.pos);
    value["pointer"] = json!(c.prefix);
    value["report"] = report;
    value
}

impl Sink for Json<'_> {
    fn problem(&mut self, p: &Problem) -> io::Result<()> {
        self.problems.push(
            json!({"file": p.file, "line": p.pos.line, "column": p.pos.column,
                                  "message": p.message}),
        );
        Ok(())
    }

    fn finding(&mut self, f: &Finding) -> io::Result<()> {
        self.cache_findings.push(finding(f));
        Ok(())
    }

    fn workload(&mut self, c: &Checked) -> io::Result<()> {
        let separator = if self.started {
            ",\n"
        } else {
            "{\"workloads\": [\n"
        };
        self.started = true;
        write!(self.out, "{separator}{}", workload(c))
    }

    fn finish(&mut self, s: &Summary) -> io::Result<()> {
        let head = if self.started {
            "\n],\n"
        } else {
            "{\"workloads\": [],\n"
        };
        let tail = json!({
            "summary": {"files": s.files, "workloads": s.workloads, "skipped": s.skipped,
                        "errors": s.errors, "warnings": s.warnings, "infos": s.infos,
                        "inputErrors": s.problems},
        });
        writeln!(
            self.out,
            "{head}\"cacheDiagnostics\": {},\n\"inputErrors\": {},\n\"summary\": {}}}",
            Value::Array(std::mem::take(&mut self.cache_findings)),
            Value::Array(std::mem::take(&mut self.problems)),
            tail["summary"]
        )
    }
}
