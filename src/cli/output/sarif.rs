//! `--format sarif`: SARIF 2.1.0 for GitHub and GitLab code scanning. Rule ids are the
//! diagnostic codes, each with its documentation (title, example, fix); an input error
//! is rule `input-error`.

use std::io::{self, Write};

use serde_json::{json, Value};

use super::{is_pseudo, Sink, Summary};
use crate::cli::check::Checked;
use crate::cli::load::Problem;
use crate::cli::run::Finding;
use crate::cli::yaml::Pos;
use crate::core::{Code, Severity};

pub const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";
const INPUT_ERROR: &str = "input-error";

pub struct Sarif<'a> {
    out: &'a mut dyn Write,
    results: Vec<Value>,
}

impl<'a> Sarif<'a> {
    pub fn new(out: &'a mut dyn Write) -> Self {
        Sarif {
            out,
            results: Vec::new(),
        }
    }

    fn result(
        &mut self,
        rule: &str,
        index: usize,
        level: &str,
        message: &str,
        file: &str,
        pos: Pos,
    ) {
        let mut physical = json!({"artifactLocation": {"uri": uri(file)}});
        if pos != Pos::default() {
            physical["region"] = json!({"startLine": pos.line, "startColumn": pos.column});
        }
        // Standard input and the cluster are no file of the repository: no location then.
        let locations = if is_pseudo(file) {
            json!([])
        } else {
            json!([{"physicalLocation": physical}])
        };
        self.results.push(json!({
            "ruleId": rule, "ruleIndex": index, "level": level,
            "message": {"text": message},
            "locations": locations,
        }));
    }
}

/// A relative URI for a path as the user gave it (GitHub resolves it against the checkout).
fn uri(file: &str) -> String {
    let file = file.strip_prefix("./").unwrap_or(file).replace('\\', "/");
    file.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn rule_index(code: Code) -> usize {
    Code::ALL.iter().position(|c| *c == code).unwrap_or(0)
}

/// Every diagnostic code as a SARIF rule, in the catalogue's order, then `input-error`.
fn rules() -> Vec<Value> {
    let mut rules: Vec<Value> = Code::ALL
        .iter()
        .map(|code| {
            let e = code.entry();
            let help = format!("{}\n\nExample:\n{}\n\nFix: {}", e.title, e.example, e.fix);
            let markdown = format!(
                "{}\n\nExample:\n\n```yaml\n{}\n```\n\n**Fix:** {}",
                e.title, e.example, e.fix
            );
            json!({
                "id": code.as_str(), "name": code.as_str(),
                "shortDescription": {"text": e.title},
                "fullDescription": {"text": e.title},
                "help": {"text": help, "markdown": markdown},
                "defaultConfiguration": {"level": level(e.severity)},
            })
        })
        .collect();
    rules.push(json!({
        "id": INPUT_ERROR, "name": INPUT_ERROR,
        "shortDescription": {"text": "A file or document could not be read."},
        "help": {"text": "Fix the YAML or JSON at the place named; the other documents were still checked."},
        "defaultConfiguration": {"level": "error"},
    }));
    rules
}

impl Sink for Sarif<'_> {
    fn problem(&mut self, p: &Problem) -> io::Result<()> {
        self.result(
            INPUT_ERROR,
            Code::ALL.len(),
            "error",
            &p.message,
            &p.file,
            p.pos,
        );
        Ok(())
    }

    fn finding(&mut self, f: &Finding) -> io::Result<()> {
        let d = &f.diagnostic;
        self.result(
            d.code.as_str(),
            rule_index(d.code),
            level(d.severity),
            &d.message,
            &f.file,
            f.pos,
        );
        Ok(())
    }

    fn workload(&mut self, c: &Checked) -> io::Result<()> {
        for f in &c.findings {
            self.finding(f)?;
        }
        Ok(())
    }

    fn finish(&mut self, _: &Summary) -> io::Result<()> {
        let log = json!({
            "$schema": SCHEMA,
            "version": "2.1.0",
            "runs": [{
                "tool": {"driver": {
                    "name": "eci-image-cache",
                    "version": env!("CARGO_PKG_VERSION"),
                    "semanticVersion": env!("CARGO_PKG_VERSION"),
                    "rules": rules(),
                }},
                "results": std::mem::take(&mut self.results),
            }],
        });
        let text = serde_json::to_string_pretty(&log).map_err(io::Error::other)?;
        writeln!(self.out, "{text}")
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn uris_are_relative_and_escaped() {
        assert_eq!(super::uri("./k8s/my app.yaml"), "k8s/my%20app.yaml");
    }
}
