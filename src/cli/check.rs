//! `check`: every workload and ImageCache of the given files against the caches, one
//! document at a time, each result handed to the output format as soon as it is known.

use std::io::{self, Write};

use serde_json::Value;

use super::args::{CheckArgs, FailOn, Format};
use super::load::{self, Problem};
use super::output::{self, Sink, Summary};
use super::run::{Finding, Run};
use super::yaml::Pos;
use crate::core::workload::template_path;
use crate::core::{Report, Scope, Severity};

/// One evaluated object, placed in its file.
pub struct Checked {
    pub file: String,
    pub document: usize,
    /// The object's pointer in its document (`/items/3` in a list).
    pub prefix: String,
    pub pos: Pos,
    pub report: Report,
    /// The report's diagnostics, in the same order, each placed in the file.
    pub findings: Vec<Finding>,
}

/// Whether the object is one the core evaluates; other kinds (Services, ConfigMaps, a
/// chart's values) are skipped.
pub fn is_subject(object: &Value) -> bool {
    let kind = object
        .get("kind")
        .and_then(Value::as_str)
        .unwrap_or_default();
    kind == "ImageCache" || template_path(kind).is_some()
}

/// What receives the objects of the given files as they are evaluated.
pub trait Visitor {
    fn subject(&mut self, checked: Checked) -> io::Result<()>;
    fn problem(&mut self, problem: Problem) -> io::Result<()>;
}

/// Reads every source and hands each object, evaluated with the rows of `scope`, and each
/// problem, to `visitor`; returns how many files were read and how many objects were skipped.
pub fn each_subject(
    paths: &[std::path::PathBuf],
    run: &Run,
    scope: Scope,
    visitor: &mut dyn Visitor,
) -> io::Result<(usize, usize)> {
    let mut listing = Vec::new();
    let sources = load::expand(paths, &mut listing);
    for p in listing {
        visitor.problem(p)?;
    }
    let (mut files, mut skipped) = (0, 0);
    for source in &sources {
        let file = source.name();
        let text = match load::read(source) {
            Ok(text) => text,
            Err(p) => {
                visitor.problem(p)?;
                continue;
            }
        };
        files += 1;
        for doc in load::documents(&file, &text, true) {
            let doc = match doc {
                Ok(doc) => doc,
                Err(p) => {
                    visitor.problem(p)?;
                    continue;
                }
            };
            let (objects, doc_positions, problems) = load::objects(&file, doc);
            for p in problems {
                visitor.problem(p)?;
            }
            for object in objects {
                if !is_subject(&object.value) {
                    skipped += 1;
                    continue;
                }
                let report = run.engine.evaluate_in(&object.value, scope);
                let place = |path: &str| doc_positions.locate(&format!("{}{path}", object.prefix));
                let findings = report
                    .diagnostics
                    .iter()
                    .map(|d| Finding {
                        file: file.clone(),
                        pos: place(&d.path),
                        document: object.document,
                        diagnostic: d.clone(),
                    })
                    .collect();
                visitor.subject(Checked {
                    pos: place(""),
                    file: file.clone(),
                    document: object.document,
                    prefix: object.prefix,
                    report,
                    findings,
                })?;
            }
        }
    }
    Ok((files, skipped))
}

/// Runs `check`; returns the exit status.
pub fn check(args: &CheckArgs, run: &Run, out: &mut dyn Write, color: bool) -> io::Result<u8> {
    let mut sink = output::sink(args.format, out, color);
    let mut summary = Summary::default();
    for p in &run.problems {
        summary.problems += 1;
        sink.problem(p)?;
    }
    for f in &run.cache_findings {
        summary.count(f.diagnostic.severity);
        sink.finding(f)?;
    }
    let mut visitor = CheckVisitor {
        sink: &mut *sink,
        summary: &mut summary,
    };
    // Only the JSON output prints cache rows; the other formats print decisions and findings.
    let scope = match args.format {
        Format::Json => Scope::Relevant,
        _ => Scope::Decision,
    };
    let (files, skipped) = each_subject(&args.paths, run, scope, &mut visitor)?;
    summary.files = files;
    summary.skipped = skipped;
    sink.finish(&summary)?;
    Ok(exit_status(&summary, args.fail_on))
}

struct CheckVisitor<'a> {
    sink: &'a mut dyn Sink,
    summary: &'a mut Summary,
}

impl Visitor for CheckVisitor<'_> {
    fn subject(&mut self, checked: Checked) -> io::Result<()> {
        self.summary.workloads += 1;
        for f in &checked.findings {
            self.summary.count(f.diagnostic.severity);
        }
        self.sink.workload(&checked)
    }

    fn problem(&mut self, problem: Problem) -> io::Result<()> {
        self.summary.problems += 1;
        self.sink.problem(&problem)
    }
}

/// 2 for input problems; 1 when a finding reaches `fail_on`; 0 otherwise.
pub fn exit_status(summary: &Summary, fail_on: FailOn) -> u8 {
    let worst = if summary.errors > 0 {
        Some(Severity::Error)
    } else if summary.warnings > 0 {
        Some(Severity::Warning)
    } else {
        None
    };
    let threshold = match fail_on {
        FailOn::Error => Some(Severity::Error),
        FailOn::Warning => Some(Severity::Warning),
        FailOn::Never => None,
    };
    if summary.problems > 0 {
        2
    } else if matches!((worst, threshold), (Some(w), Some(t)) if w <= t) {
        1
    } else {
        0
    }
}
