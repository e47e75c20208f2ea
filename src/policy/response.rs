//! The pure mapping from the core's [`Report`] to the `ValidationResponse` the host reads:
//! errors reject with a message naming the object, the field and the fix; warnings (and
//! the decision) travel as admission warnings, which `kubectl` prints; the report's patch
//! is applied to the original JSON of the object when the caller allows mutation.

use kubewarden_policy_sdk::response::ValidationResponse;
use std::collections::HashMap;

use serde_json::Value;

use crate::core::patch;
use crate::core::{Catalogue, Code, Diagnostic, Outcome, Report, Severity};

/// How many problems of the cluster's own ImageCache objects one response mentions; the
/// rest are counted. They are the cluster admin's to fix, not the pod author's.
pub const MAX_CACHE_WARNINGS: usize = 3;

/// The longest line a response repeats from one diagnostic, in characters: a value the
/// request carries (a pin of megabytes) is cut in its middle, so that the field in front
/// and the fix behind stay readable and a response never echoes a whole object.
pub const MAX_LINE_CHARS: usize = 1024;
/// The longest name or namespace a response repeats (Kubernetes allows 253).
pub const MAX_NAME_CHARS: usize = 253;

/// `text` whole when it has at most `max` characters; otherwise its first and last
/// `max / 2` characters around a note of how many were left out.
pub fn shorten(text: &str, max: usize) -> String {
    let count = text.chars().count();
    if count <= max {
        return text.to_owned();
    }
    let keep = max / 2;
    let head_end = text.char_indices().nth(keep).map_or(text.len(), |(i, _)| i);
    let tail_start = text
        .char_indices()
        .nth(count - keep)
        .map_or(text.len(), |(i, _)| i);
    format!(
        "{}…[{} characters left out]…{}",
        &text[..head_end],
        count - 2 * keep,
        &text[tail_start..]
    )
}

/// The object a response is about, as people name it: `Pod default/web`, `ImageCache c`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subject {
    pub kind: String,
    pub namespace: Option<String>,
    pub name: Option<String>,
}

impl std::fmt::Display for Subject {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kind = if self.kind.is_empty() {
            "object"
        } else {
            &self.kind
        };
        let kind = shorten(kind, MAX_NAME_CHARS);
        let name = shorten(
            self.name
                .as_deref()
                .filter(|n| !n.is_empty())
                .unwrap_or("(unnamed)"),
            MAX_NAME_CHARS,
        );
        match self.namespace.as_deref().filter(|n| !n.is_empty()) {
            Some(namespace) => {
                let namespace = shorten(namespace, MAX_NAME_CHARS);
                write!(f, "{kind} {namespace}/{name}")
            }
            None => write!(f, "{kind} {name}"),
        }
    }
}

/// A JSON Pointer as a field path people read: `/spec/containers/0/image` becomes
/// `spec.containers[0].image`, `/metadata/annotations/k8s.aliyun.com~1eci-imc-id` becomes
/// `metadata.annotations[k8s.aliyun.com/eci-imc-id]`.
pub fn field(pointer: &str) -> String {
    let mut out = String::new();
    for token in pointer.split('/').skip(1) {
        let token = token.replace("~1", "/").replace("~0", "~");
        let index = !token.is_empty() && token.bytes().all(|b| b.is_ascii_digit());
        if index || token.is_empty() || token.contains(['.', '/']) {
            out.push_str(&format!("[{token}]"));
        } else {
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str(&token);
        }
    }
    out
}

/// The index of the cluster cache a diagnostic is about, and the pointer inside it.
fn cache_entry(path: &str) -> Option<(usize, &str)> {
    Catalogue::entry_of(path)
}

fn cache_name(caches: &Catalogue, index: usize) -> String {
    caches
        .cache_at(index)
        .and_then(|c| c.name.as_deref().map(str::to_owned))
        .unwrap_or_else(|| format!("#{}", index + 1))
}

/// One diagnostic as a line: `field: message`, the field of a cluster cache prefixed by
/// the cache's name; at most [`MAX_LINE_CHARS`] characters.
pub fn render(diagnostic: &Diagnostic, caches: &Catalogue) -> String {
    let line = match cache_entry(&diagnostic.path) {
        Some((index, inner)) => {
            let at = field(inner);
            let at = if at.is_empty() {
                String::new()
            } else {
                format!(" {at}")
            };
            format!(
                "ImageCache {}{at}: {}",
                cache_name(caches, index),
                diagnostic.message
            )
        }
        None if diagnostic.path.is_empty() => diagnostic.message.clone(),
        None => format!("{}: {}", field(&diagnostic.path), diagnostic.message),
    };
    shorten(&line, MAX_LINE_CHARS)
}

/// An error with its fix, as one clause of a rejection message (without the final stop):
/// the fix the diagnostic carries, else the catalogue's.
fn render_error(diagnostic: &Diagnostic, caches: &Catalogue) -> String {
    let line = render(diagnostic, caches);
    let stop = if line.ends_with(['.', '?']) { "" } else { "." };
    let fix = match &diagnostic.fix {
        Some(fix) => fix.title.as_str(),
        None => diagnostic.code.entry().fix,
    };
    format!("{line}{stop} Fix: {}", fix.trim_end_matches('.'))
}

/// A warning, with the fix it carries when it has one.
fn render_warning(diagnostic: &Diagnostic, caches: &Catalogue) -> String {
    let line = render(diagnostic, caches);
    match &diagnostic.fix {
        Some(fix) => {
            let stop = if line.ends_with(['.', '?']) { "" } else { "." };
            shorten(&format!("{line}{stop} Fix: {}.", fix.title), MAX_LINE_CHARS)
        }
        None => line,
    }
}

/// The decision as the response's `auditAnnotations`, Kubernetes' record of what a webhook
/// decided (the API server prefixes each key with the webhook's name).
pub fn audit(report: &Report) -> HashMap<String, String> {
    let outcome = serde_json::to_value(report.decision.outcome)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default();
    let mut out = HashMap::from([
        ("outcome".to_owned(), outcome),
        (
            "decision".to_owned(),
            shorten(&report.decision.summary, MAX_LINE_CHARS),
        ),
    ]);
    if let Some(id) = &report.decision.image_cache_id {
        out.insert("image-cache-id".to_owned(), shorten(id, MAX_NAME_CHARS));
    }
    out
}

/// The admission warnings of a report: every warning, the information worth reading at
/// admission, and the decision itself when a cache is used. Problems of the cluster's
/// caches are capped at [`MAX_CACHE_WARNINGS`].
pub fn warnings(report: &Report, caches: &Catalogue) -> Vec<String> {
    let mut out = Vec::new();
    let mut cache_problems = 0usize;
    for d in &report.diagnostics {
        // Every pod without cache annotations would carry this one: it says nothing.
        if d.severity == Severity::Error || d.code == Code::NoCacheRequested {
            continue;
        }
        if cache_entry(&d.path).is_some() {
            cache_problems += 1;
            if cache_problems > MAX_CACHE_WARNINGS {
                continue;
            }
        }
        out.push(render_warning(d, caches));
    }
    if cache_problems > MAX_CACHE_WARNINGS {
        out.push(format!(
            "and {} more problem(s) in the cluster's ImageCache objects",
            cache_problems - MAX_CACHE_WARNINGS
        ));
    }
    if matches!(report.decision.outcome, Outcome::Pinned | Outcome::Matched)
        && !report.decision.summary.is_empty()
    {
        out.push(report.decision.summary.clone());
    }
    out
}

/// The rejection message for the errors of a report, or `None` when it has none.
pub fn rejection(subject: &Subject, report: &Report, caches: &Catalogue) -> Option<String> {
    let errors: Vec<String> = report
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| render_error(d, caches))
        .collect();
    (!errors.is_empty()).then(|| format!("{subject}: {}.", errors.join("; ")))
}

pub fn accept(warnings: Vec<String>) -> ValidationResponse {
    ValidationResponse {
        accepted: true,
        message: None,
        code: None,
        mutated_object: None,
        audit_annotations: None,
        warnings: (!warnings.is_empty()).then_some(warnings),
    }
}

pub fn reject(message: String, warnings: Vec<String>) -> ValidationResponse {
    ValidationResponse {
        accepted: false,
        message: Some(message),
        code: None,
        mutated_object: None,
        audit_annotations: None,
        warnings: (!warnings.is_empty()).then_some(warnings),
    }
}

/// The response for a report. `original` is the object as the request carried it, given
/// only when this request may be mutated: the report's patch is applied to it, so that
/// every field the core does not know survives; nothing is returned when the patch is empty
/// or does not apply.
pub fn respond(
    subject: &Subject,
    report: &Report,
    caches: &Catalogue,
    original: Option<Value>,
) -> ValidationResponse {
    let mut warnings = warnings(report, caches);
    if let Some(message) = rejection(subject, report, caches) {
        let mut response = reject(message, warnings);
        response.audit_annotations = Some(audit(report));
        return response;
    }
    let mutated = match original {
        Some(mut mutated) if !report.patch.is_empty() => {
            match patch::apply(&mut mutated, &report.patch) {
                Ok(()) => Some(mutated),
                Err(e) => {
                    warnings.push(format!(
                        "{subject} was not mutated: the patch does not apply ({e})"
                    ));
                    None
                }
            }
        }
        _ => None,
    };
    let mut response = accept(warnings);
    response.mutated_object = mutated;
    response.audit_annotations = Some(audit(report));
    response
}

#[cfg(test)]
mod tests;
