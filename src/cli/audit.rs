//! `audit`: workloads (files, or `kubectl get … -A -o json` on standard input) against the
//! caches. Per cache, which workloads it would serve (unused caches cost money every day);
//! per workload, its outcome; the caches ECI would create, one per image set; and pins to
//! caches that are missing, not ready, expired, being deleted or expiring soon.

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde::Serialize;

use super::args::{AuditArgs, AuditFormat};
use super::check::{each_subject, Checked, Visitor};
use super::load::Problem;
use super::output::text::{label, outcome};
use super::output::{place, Style};
use super::run::Run;
use crate::core::image_cache::ImageCache;
use crate::core::text::Text;
use crate::core::{Code, Outcome, Scope, Severity};

#[derive(Default)]
struct Collected {
    workloads: Vec<Checked>,
    problems: Vec<Problem>,
}

impl Visitor for Collected {
    fn subject(&mut self, checked: Checked) -> io::Result<()> {
        if checked.report.workload.kind != "ImageCache" {
            self.workloads.push(checked);
        }
        Ok(())
    }

    fn problem(&mut self, problem: Problem) -> io::Result<()> {
        self.problems.push(problem);
        Ok(())
    }
}

/// What can go wrong with a pin, and the diagnostic that says so.
fn pin_risk(code: Code) -> Option<&'static str> {
    match code {
        Code::PinNotFound => Some("missing"),
        Code::PinNotReady => Some("not-ready"),
        Code::PinExpired => Some("expired"),
        Code::PinDeleting => Some("deleting"),
        _ => None,
    }
}

/// A cache's text, the audit's own copy.
fn owned(text: &Option<Text>) -> Option<String> {
    text.as_deref().map(str::to_owned)
}

pub fn audit(args: &AuditArgs, run: &Run, out: &mut dyn Write, color: bool) -> io::Result<u8> {
    let mut collected = Collected {
        problems: run.problems.clone(),
        ..Collected::default()
    };
    // The audit reads decisions, proposed caches and diagnostics, never the rows.
    each_subject(&args.paths, run, Scope::Decision, &mut collected)?;
    let caches: Vec<(usize, &ImageCache)> = run.engine.caches().collect();
    let now = run.engine.now();

    let mut served: Vec<Vec<String>> = vec![Vec::new(); caches.len()];
    let mut creates: BTreeMap<Vec<String>, Vec<String>> = BTreeMap::new();
    let mut audit = Audit::default();
    for c in &collected.workloads {
        let r = &c.report;
        let who = label(&r.workload);
        let chosen = r.decision.image_cache_id.clone();
        if matches!(r.decision.outcome, Outcome::Pinned | Outcome::Matched) {
            for ((_, cache), serves) in caches.iter().zip(&mut served) {
                if cache.id.is_some() && cache.id.as_deref() == chosen.as_deref() {
                    serves.push(who.clone());
                }
            }
        }
        if let Some(proposed) = &r.proposed_image_cache {
            let mut images: Vec<String> = proposed.images.iter().map(|i| i.to_string()).collect();
            images.sort();
            creates.entry(images).or_default().push(who.clone());
        }
        let risk = |at: String, risk: &'static str, message: String| Risk {
            workload: who.clone(),
            at,
            risk,
            image_cache_id: chosen.clone(),
            message,
        };
        for f in &c.findings {
            if let Some(kind) = pin_risk(f.diagnostic.code) {
                audit.pins_at_risk.push(risk(
                    place(&f.file, f.pos),
                    kind,
                    f.diagnostic.message.clone(),
                ));
            }
        }
        let pinned = caches
            .iter()
            .map(|(_, k)| k)
            .find(|k| k.id.is_some() && k.id.as_deref() == chosen.as_deref());
        if let (Outcome::Pinned, Some(cache), Some(now)) = (r.decision.outcome, pinned, now) {
            if let Some(expires) = cache
                .expires
                .filter(|e| (0..=args.expiring_within).contains(&e.seconds_since(&now)))
            {
                let name = cache.name.as_deref().unwrap_or("-");
                audit.pins_at_risk.push(risk(
                    place(&c.file, c.pos),
                    "expiring",
                    format!("the pinned cache {name} expires at {expires}"),
                ));
            }
        }
        audit.workloads.push(WorkloadLine {
            workload: who,
            at: place(&c.file, c.pos),
            outcome: r.decision.outcome,
            image_cache_id: chosen,
            summary: r.decision.summary.clone(),
        });
    }
    for ((index, k), workloads) in caches.iter().zip(served) {
        if workloads.is_empty() {
            audit.unused.push(owned(&k.name));
        }
        audit.caches.push(CacheUse {
            name: owned(&k.name),
            image_cache_id: owned(&k.id),
            phase: owned(&k.phase),
            serves: workloads.len(),
            workloads,
            from: run
                .origins
                .get(*index)
                .map(|o| format!("{} (document {})", o.file, o.document)),
        });
    }
    audit.will_create = creates
        .into_iter()
        .map(|(images, workloads)| Create { images, workloads })
        .collect();
    audit.input_errors = collected.problems.iter().map(ToString::to_string).collect();
    match args.format {
        AuditFormat::Json => {
            let text = serde_json::to_string_pretty(&audit).map_err(io::Error::other)?;
            writeln!(out, "{text}")?;
        }
        AuditFormat::Text => write_text(out, &Style { color }, &audit)?,
    }
    Ok(if audit.input_errors.is_empty() { 0 } else { 2 })
}

/// The audit, as `--format json` prints it and the text is written from.
#[derive(Serialize, Default)]
#[serde(rename_all = "camelCase")]
struct Audit {
    caches: Vec<CacheUse>,
    unused: Vec<Option<String>>,
    workloads: Vec<WorkloadLine>,
    /// One entry per cache ECI would create: the image set, and who needs it.
    will_create: Vec<Create>,
    pins_at_risk: Vec<Risk>,
    input_errors: Vec<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct CacheUse {
    name: Option<String>,
    image_cache_id: Option<String>,
    phase: Option<String>,
    serves: usize,
    workloads: Vec<String>,
    from: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct WorkloadLine {
    workload: String,
    at: String,
    outcome: Outcome,
    image_cache_id: Option<String>,
    summary: String,
}

#[derive(Serialize)]
struct Create {
    images: Vec<String>,
    workloads: Vec<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Risk {
    workload: String,
    at: String,
    risk: &'static str,
    image_cache_id: Option<String>,
    message: String,
}

fn heading(out: &mut dyn Write, style: &Style, title: &str) -> io::Result<()> {
    writeln!(out, "\n{}", style.bold(title))
}

fn write_text(out: &mut dyn Write, style: &Style, audit: &Audit) -> io::Result<()> {
    let or_dash = |v: &Option<String>| v.clone().unwrap_or_else(|| "-".to_owned());
    for p in &audit.input_errors {
        writeln!(out, "{}: {p}", style.severity(Severity::Error))?;
    }
    writeln!(
        out,
        "{}",
        style.bold(&format!(
            "caches ({}, {} unused)",
            audit.caches.len(),
            audit.unused.len()
        ))
    )?;
    for c in &audit.caches {
        let head = format!(
            "  {} ({}, {})",
            or_dash(&c.name),
            or_dash(&c.image_cache_id),
            or_dash(&c.phase)
        );
        match c.serves {
            0 => writeln!(out, "{}", style.paint("33", &format!("{head}: unused")))?,
            n => writeln!(out, "{head}: serves {n}: {}", c.workloads.join(", "))?,
        }
    }
    heading(
        out,
        style,
        &format!("workloads ({})", audit.workloads.len()),
    )?;
    for w in &audit.workloads {
        writeln!(
            out,
            "  {}: {} {}: {}",
            w.at,
            outcome(style, w.outcome),
            w.workload,
            w.summary
        )?;
    }
    heading(
        out,
        style,
        &format!("caches ECI would create ({})", audit.will_create.len()),
    )?;
    for c in &audit.will_create {
        writeln!(
            out,
            "  [{}] for {}",
            c.images.join(", "),
            c.workloads.join(", ")
        )?;
    }
    heading(
        out,
        style,
        &format!("pins at risk ({})", audit.pins_at_risk.len()),
    )?;
    for r in &audit.pins_at_risk {
        writeln!(
            out,
            "  {}: {} {}: {}",
            r.at,
            style.paint("31", r.risk),
            r.workload,
            r.message
        )?;
    }
    Ok(())
}
