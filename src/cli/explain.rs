//! `explain`: one workload in full, as the playground shows it: the decision in a sentence,
//! every cache's match, size, age and reason, the diagnostics, the patch as a diff of the
//! manifest, and the ImageCache to create.

use std::io::{self, Write};

use serde_json::Value;
use similar::TextDiff;

use super::args::ExplainArgs;
use super::check::is_subject;
use super::emit::to_yaml;
use super::load::{self, Problem, Source};
use super::output::text::{finding_line, label, outcome};
use super::output::{self, place, Style};
use super::run::{Finding, Run};
use crate::core::patch;
use crate::core::time::Timestamp;
use crate::core::{CacheRow, Report};

pub fn explain(
    args: &ExplainArgs,
    run: &Run,
    out: &mut dyn Write,
    err: &mut dyn Write,
    color: bool,
) -> io::Result<u8> {
    let style = Style { color };
    let source = Source::from_path(&args.file);
    let file = source.name();
    let wanted = usize::try_from(args.document).unwrap_or(usize::MAX);
    let fail = |err: &mut dyn Write, message: String| {
        output::fatal(
            err,
            &[Problem {
                file: file.clone(),
                pos: Default::default(),
                message,
            }],
            color,
        )
    };
    let text = match load::read(&source) {
        Ok(text) => text,
        Err(p) => return output::fatal(err, &[p], color),
    };
    let mut count = 0;
    let mut found = None;
    for doc in load::documents(&file, &text, true) {
        count += 1;
        match doc {
            Ok(doc) if doc.number == wanted => {
                found = Some(doc);
                break;
            }
            Err(p) if count == wanted => return output::fatal(err, &[p], color),
            _ => {}
        }
    }
    let Some(doc) = found else {
        return fail(err, format!("has no document {wanted} (it has {count})"));
    };
    let (objects, positions, problems) = load::objects(&file, doc);
    if !problems.is_empty() {
        return output::fatal(err, &problems, color);
    }
    let subjects: Vec<_> = objects
        .into_iter()
        .filter(|o| is_subject(&o.value))
        .collect();
    if subjects.is_empty() {
        return fail(
            err,
            format!("document {wanted} holds no workload or ImageCache"),
        );
    }
    for p in &run.problems {
        writeln!(out, "{}: {p}", style.severity(crate::core::Severity::Error))?;
    }
    for (i, object) in subjects.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        let report = run.engine.evaluate(&object.value);
        let place_of = |path: &str| positions.locate(&format!("{}{path}", object.prefix));
        let findings: Vec<Finding> = report
            .diagnostics
            .iter()
            .filter(|d| !d.path.starts_with("/imageCaches"))
            .map(|d| Finding {
                file: file.clone(),
                pos: place_of(&d.path),
                document: wanted,
                diagnostic: d.clone(),
            })
            .collect();
        let at = place(&file, place_of(""));
        write_report(out, &style, run, &report, &at, wanted, &findings)?;
        write_patch(out, &style, &object.value, &report, &file, wanted)?;
    }
    Ok(if run.problems.is_empty() { 0 } else { 2 })
}

fn write_report(
    out: &mut dyn Write,
    style: &Style,
    run: &Run,
    report: &Report,
    at: &str,
    document: usize,
    findings: &[Finding],
) -> io::Result<()> {
    writeln!(
        out,
        "{}  {}",
        style.bold(&label(&report.workload)),
        style.dim(&format!("{at} (document {document})"))
    )?;
    writeln!(
        out,
        "decision: {} — {}",
        outcome(style, report.decision.outcome),
        report.decision.summary
    )?;
    if !report.images.is_empty() {
        writeln!(
            out,
            "images: {}; temporary storage {} GiB",
            report.images.join(", "),
            report.temporary_storage_gib
        )?;
    }
    if !report.caches.is_empty() {
        writeln!(out, "\n{}", style.bold("caches"))?;
        let rows: Vec<[String; 8]> = report
            .caches
            .iter()
            .map(|row| cache_row(row, run.engine.now().as_ref(), report.images.len()))
            .collect();
        let head = [
            "rank", "name", "id", "phase", "size", "age", "match", "reason",
        ]
        .map(str::to_owned);
        table(out, &head, &rows)?;
    }
    if !findings.is_empty() || !run.cache_findings.is_empty() {
        writeln!(out, "\n{}", style.bold("diagnostics"))?;
        for f in findings.iter().chain(&run.cache_findings) {
            writeln!(out, "  {}", finding_line(style, f))?;
        }
    }
    Ok(())
}

fn cache_row(row: &CacheRow, now: Option<&Timestamp>, images: usize) -> [String; 8] {
    let reason = match row.reason {
        Some(reason) => {
            let code = serde_json::to_value(reason)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default();
            format!("{code}: {}", row.explanation)
        }
        None => row.explanation.clone(),
    };
    let age = match (
        now,
        row.created
            .as_deref()
            .and_then(|c| Timestamp::parse(c).ok()),
    ) {
        (Some(now), Some(created)) => span(now.seconds_since(&created)),
        _ => "-".to_owned(),
    };
    [
        row.rank.map_or_else(|| "-".to_owned(), |r| r.to_string()),
        row.name.as_deref().unwrap_or("-").to_owned(),
        row.image_cache_id.as_deref().unwrap_or("-").to_owned(),
        row.phase.as_deref().unwrap_or("-").to_owned(),
        format!("{} GiB", row.size_gib),
        age,
        format!("{}/{images}", row.match_degree),
        reason,
    ]
}

/// An age such as `12d`, `5h` or `40m`.
fn span(seconds: i64) -> String {
    match seconds {
        s if s < 0 => "future".to_owned(),
        s if s >= 86_400 => format!("{}d", s / 86_400),
        s if s >= 3_600 => format!("{}h", s / 3_600),
        s => format!("{}m", s / 60),
    }
}

fn table(out: &mut dyn Write, head: &[String; 8], rows: &[[String; 8]]) -> io::Result<()> {
    let mut widths = head.clone().map(|h| h.chars().count());
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    for row in std::iter::once(head).chain(rows) {
        let mut line = String::from(" ");
        for (i, (cell, w)) in row.iter().zip(widths).enumerate() {
            line.push(' ');
            line.push_str(cell);
            if i + 1 < row.len() {
                line.extend(std::iter::repeat_n(' ', w - cell.chars().count()));
            }
        }
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(())
}

/// The patch as a diff of the manifest, and the ImageCache that would spare ECI creating one.
fn write_patch(
    out: &mut dyn Write,
    style: &Style,
    object: &Value,
    report: &Report,
    file: &str,
    document: usize,
) -> io::Result<()> {
    if report.patch.is_empty() {
        let why = if report.workload.kind == "Pod" || report.workload.kind == "ImageCache" {
            ""
        } else {
            " (the policy pins pods; --set mutateWorkloads=true to patch templates too)"
        };
        writeln!(out, "\n{} nothing would change{why}", style.bold("patch:"))?;
    } else {
        let mut patched = object.clone();
        match patch::apply(&mut patched, &report.patch) {
            Ok(()) => {
                writeln!(
                    out,
                    "\n{}",
                    style.bold("patch (what the policy in mutating mode would change)")
                )?;
                let (before, after) = (to_yaml(object), to_yaml(&patched));
                let diff = TextDiff::from_lines(&before, &after);
                let name = format!("{file} (document {document})");
                let text = diff
                    .unified_diff()
                    .context_radius(3)
                    .header(&name, "patched")
                    .to_string();
                for line in text.lines() {
                    let painted = match line.as_bytes().first() {
                        Some(b'+') if !line.starts_with("+++") => style.paint("32", line),
                        Some(b'-') if !line.starts_with("---") => style.paint("31", line),
                        Some(b'@') => style.paint("36", line),
                        _ => line.to_owned(),
                    };
                    writeln!(out, "{painted}")?;
                }
            }
            Err(e) => writeln!(out, "\npatch: cannot be shown: {e}")?,
        }
    }
    if let Some(cache) = &report.proposed_image_cache {
        writeln!(
            out,
            "\n{} (kubectl apply -f -)",
            style.bold("ImageCache to create")
        )?;
        // A manifest of strings and numbers: it always converts.
        let manifest = serde_json::to_value(cache).unwrap_or_default();
        write!(out, "{}", to_yaml(&manifest))?;
    }
    Ok(())
}
