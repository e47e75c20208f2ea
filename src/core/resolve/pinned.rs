//! A pinned cache (SPEC section 4, step 1): the cache the pod names by id, checked as ECI
//! checks it when the pod is created, with ECI's own words for each way it fails.

use super::{compare, decision, is_expired, label, missing_list, Assessment, Pod};
use crate::core::annotations::CacheRequest;
use crate::core::diagnostic::{Code, Diagnostic, Severity};
use crate::core::image_cache::{is_cache_id, ImageCache};
use crate::core::report::{Decision, Outcome, Reason};
use crate::core::suggest::count as count_of;
use crate::core::time::Timestamp;

/// The decision of a pin, the cache it resolves to and the ranking (that cache alone).
pub(super) fn pinned(
    pod: &Pod,
    request: &CacheRequest,
    caches: &[&ImageCache],
    assessments: &mut [Assessment],
    reject_unusable_pin: bool,
    now: Option<&Timestamp>,
    diags: &mut Vec<Diagnostic>,
) -> (Decision, Option<usize>, Vec<usize>) {
    let Some(pin) = &request.pin else {
        return (
            decision(Outcome::None, None, None, String::new()),
            None,
            Vec::new(),
        );
    };
    let id = pin.value.trim();
    let severity = if reject_unusable_pin {
        Severity::Error
    } else {
        Severity::Warning
    };
    // Of several caches with this id (a list from two clusters), the most usable one, and
    // among those the one automatic matching would rank first, so that pinning the cache
    // it matched finds that same cache again.
    let found = (0..caches.len())
        .filter(|&i| caches[i].id.as_deref() == Some(id))
        .min_by(|&a, &b| {
            let usable = |i: usize| {
                caches[i].phase.as_deref() == Some("Ready") && !is_expired(caches[i], now)
            };
            let qualifies = |i: usize| assessments[i].eligible && assessments[i].reason.is_none();
            usable(b)
                .cmp(&usable(a))
                .then_with(|| qualifies(b).cmp(&qualifies(a)))
                .then_with(|| compare(pod, caches, assessments, a, b).0)
        });
    for (i, a) in assessments.iter_mut().enumerate() {
        if Some(i) != found {
            a.reason = Some(Reason::NotPinned);
        }
    }
    let problem = if id.contains('*') {
        Some((
            Code::MaskedPin,
            format!(
                "{id} looks copied from documentation: the asterisks mask a real id; pin the status.imageCacheId of one of your caches"
            ),
        ))
    } else if !is_cache_id(id) {
        Some((
            Code::InvalidPin,
            format!(
                "\"{id}\" is not an image cache id: imc- followed by lower-case letters and digits"
            ),
        ))
    } else if let Some(i) = found {
        let cache = &caches[i];
        if cache.phase.as_deref() != Some("Ready") {
            Some((
                Code::PinNotReady,
                format!(
                    "The production for specified image cache {id} is not yet complete. ({} is {})",
                    label(cache),
                    cache.phase.as_deref().unwrap_or("without a phase")
                ),
            ))
        } else if is_expired(cache, now) {
            Some((
                Code::PinExpired,
                format!(
                    "The specified image cache {id} has expired. ({} expired at {})",
                    label(cache),
                    cache.expires.map(|t| t.to_string()).unwrap_or_default()
                ),
            ))
        } else {
            None
        }
    } else {
        Some((
            Code::PinNotFound,
            format!("The specified image cache {id} does not exist."),
        ))
    };
    let cache = found.map(|i| caches[i]);
    if let Some((code, message)) = problem {
        diags.push(Diagnostic::new(code, &pin.path, message.clone()).with_severity(severity));
        if let Some(i) = found {
            assessments[i].eligible = false;
        }
        let outcome = if reject_unusable_pin {
            Outcome::Rejected
        } else {
            Outcome::Pinned
        };
        let mut d = decision(outcome, cache, None, message);
        d.image_cache_id = Some(id.to_owned());
        return (d, None, Vec::new());
    }
    let (Some(i), Some(cache)) = (found, cache) else {
        return (
            decision(Outcome::None, None, None, String::new()),
            None,
            Vec::new(),
        );
    };
    if cache.deleting {
        diags.push(Diagnostic::new(
            Code::PinDeleting,
            &pin.path,
            format!(
                "{} is being deleted: pods created after it is gone will fail",
                label(cache)
            ),
        ));
    }
    let a = &mut assessments[i];
    a.eligible = true;
    a.reason = None;
    let missing = missing_list(pod, a.matched);
    if !missing.is_empty() {
        diags.push(Diagnostic::new(
            Code::PinMissingImages,
            &pin.path,
            format!("{} lacks {}: pulled normally", label(cache), missing),
        ));
    }
    let degree = a.matched.len();
    let summary = format!(
        "pinned to {}: holds {degree} of {}",
        label(cache),
        count_of(pod.images.len(), "image")
    );
    (
        decision(Outcome::Pinned, Some(cache), Some(degree), summary),
        Some(i),
        vec![i],
    )
}
