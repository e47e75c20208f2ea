//! The decision's summary names the cause: when one diagnostic decides the result (the
//! annotations ECI does not read, an unreadable image or value, a pin that cannot work),
//! the summary is written from it; settings that changed the result are named.

use super::diagnostic::{Code, Diagnostic, Severity};
use super::report::{Decision, Outcome};
use super::settings::Settings;

/// The pin problems that make ECI fail the pod after admission.
const FAILING_PINS: &[Code] = &[
    Code::PinNotFound,
    Code::PinNotReady,
    Code::PinExpired,
    Code::InvalidPin,
    Code::MaskedPin,
];

/// What the report is about, as far as the headline goes.
pub struct Context<'a> {
    pub kind: &'a str,
    /// Whether the pod writes an automatic-matching annotation.
    pub auto_written: bool,
    pub has_images: bool,
}

/// Rewrites `decision.summary` from the diagnostic that decides it, and names the settings
/// that changed the result.
pub fn write(decision: &mut Decision, diags: &[Diagnostic], settings: &Settings, cx: &Context) {
    let on_object = |d: &&Diagnostic| !d.path.starts_with("/imageCaches/");
    let first = |codes: &[Code]| {
        diags
            .iter()
            .filter(on_object)
            .find(|d| codes.contains(&d.code))
    };
    let summary = &mut decision.summary;
    if let Some(pin) = first(FAILING_PINS) {
        let admitted = match decision.outcome {
            Outcome::Rejected => "the policy rejects it",
            _ => "the setting rejectUnusablePin is off, so the policy admits it",
        };
        *summary = format!(
            "the pod will fail to be created: {} ({admitted})",
            pin.message.trim_end_matches('.')
        );
        return;
    }
    if decision.outcome == Outcome::None {
        if first(&[Code::MisplacedAnnotations]).is_some()
            && first(&[Code::NoCacheRequested]).is_some()
        {
            *summary = format!(
                "no image cache: the cache annotations are on the {}'s own metadata, where ECI does not read them; move them into the annotations of the pod template",
                cx.kind
            );
            return;
        }
        if let Some(image) = first(&[Code::InvalidImageReference]).filter(|_| !cx.has_images) {
            *summary = format!(
                "no image to match: the image {}; correct it so a cache can serve the pod",
                image.message
            );
            return;
        }
    }
    let error = diags
        .iter()
        .filter(on_object)
        .find(|d| d.severity == Severity::Error);
    if let Some(error) = error {
        *summary = format!(
            "the policy rejects the pod: {}; apart from that, {summary}",
            error.message.trim_end_matches('.')
        );
    }
    let mut notes = Vec::new();
    let matched = decision.outcome == Outcome::Matched;
    if cx.kind != "Pod" && !settings.mutate_workloads && matched {
        notes.push(format!(
            "the setting mutateWorkloads is off, so the {} is left as it is and each of its pods is matched when it is created",
            cx.kind
        ));
    } else if matched && !settings.pin_resolved_cache {
        notes.push(
            "the setting pinResolvedCache is off, so the cache is not pinned and ECI matches again"
                .to_owned(),
        );
    }
    if matched && !cx.auto_written && settings.auto_match_by_default {
        notes.push("matched because the setting autoMatchByDefault is on".to_owned());
    }
    for note in notes {
        summary.push_str("; ");
        summary.push_str(&note);
    }
}
