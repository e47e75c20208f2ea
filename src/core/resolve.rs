//! Resolution (SPEC section 4): the pinned cache, or the best automatic match, or none.

use std::cmp::Ordering;
use std::sync::Arc;

use super::annotations::{CacheRequest, AUTO_CURRENT, PIN_CURRENT};
use super::diagnostic::{Code, Diagnostic};
use super::image_cache::{is_cache_id, ImageCache};
use super::indices::Indices;
use super::patch::PatchOperation;
use super::pointer::Pointer;
use super::reference::ImageRef;
use super::report::{CacheRow, Decision, Outcome, Reason};
use super::settings::Settings;
use super::sort;
use super::suggest::count as count_of;
use super::time::{newest_first, Timestamp};
use pinned::pinned;

/// One distinct image of the pod.
#[derive(Debug, Clone)]
pub struct PodImage {
    pub image: ImageRef,
    /// What references are compared by (see `ImageRef::identity`): most often the
    /// reference's own text, shared.
    pub key: Arc<str>,
    /// The normalised reference, as shown to people: shared by every row of the report.
    pub name: Arc<str>,
}

/// What the pod is, as far as matching goes.
pub struct Pod<'a> {
    pub images: &'a [PodImage],
    /// The images' names in their order, one list that the report, its rows and the
    /// proposed cache share.
    pub names: &'a Arc<[Arc<str>]>,
    pub arch: &'a str,
    pub os: &'a str,
    pub temporary_storage_gib: u64,
    /// Where the pod's annotations are (or would be): the place of pod-wide diagnostics.
    pub annotations_path: &'a Pointer,
}

/// A cache to assess, with the pod's images it holds (indices into `Pod::images`).
pub struct Candidate<'a> {
    pub cache: &'a ImageCache,
    pub matched: Indices,
}

pub struct Resolution {
    pub decision: Decision,
    pub rows: Vec<CacheRow>,
    /// The cache the pod will use, as an index into the candidates given.
    pub chosen: Option<usize>,
    /// The pod's images the chosen cache holds (indices into `Pod::images`).
    pub served: Indices,
}

/// How the pod asks for a cache.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Pinned,
    Auto,
    Off,
}

/// What one cache holds of the pod, and whether it may serve it.
struct Assessment {
    matched: Indices,
    reason: Option<Reason>,
    eligible: bool,
}

/// The resolution of SPEC section 4, with a row for every candidate when `ROWS`.
pub fn resolve<const ROWS: bool>(
    pod: &Pod,
    request: &CacheRequest,
    candidates: Vec<Candidate>,
    settings: &Settings,
    now: Option<&Timestamp>,
    diags: &mut Vec<Diagnostic>,
) -> Resolution {
    let mode = if request.pin.is_some() {
        Mode::Pinned
    } else if request.auto.as_ref().map_or(
        !request.auto_written && settings.auto_match_by_default,
        |a| a.value,
    ) {
        Mode::Auto
    } else {
        Mode::Off
    };
    check_options(pod, request, mode, diags);

    let (caches, mut assessments): (Vec<&ImageCache>, Vec<Assessment>) = candidates
        .into_iter()
        .map(|c| (c.cache, assess(pod, c.cache, c.matched, now)))
        .unzip();
    let qualification = |a: &Assessment| -> Option<Reason> {
        if a.matched.is_empty() {
            return Some(Reason::NoCommonImage);
        }
        match (&request.perfect_match, &request.match_count) {
            (Some(p), _) if p.value && a.matched.len() < pod.images.len() => {
                Some(Reason::NotPerfect)
            }
            (Some(p), _) if p.value => None,
            (_, Some(n)) if (a.matched.len() as u64) < n.value => Some(Reason::BelowMatchCount),
            _ => None,
        }
    };
    for a in assessments.iter_mut().filter(|a| a.eligible) {
        a.reason = qualification(a);
    }

    let (decision, chosen, ranking) = match mode {
        Mode::Auto if pod.images.is_empty() => {
            let summary = "the pod has no image to match".to_owned();
            (
                decision(Outcome::None, None, None, summary),
                None,
                Vec::new(),
            )
        }
        Mode::Pinned => pinned(
            pod,
            request,
            &caches,
            &mut assessments,
            settings.reject_unusable_pin,
            now,
            diags,
        ),
        Mode::Auto => automatic(pod, &caches, &mut assessments, diags),
        Mode::Off => {
            for a in assessments.iter_mut() {
                a.reason = Some(Reason::MatchingOff);
            }
            let summary = format!(
                "no image cache: set {AUTO_CURRENT}: \"true\" to match one automatically, or {PIN_CURRENT} to pin one"
            );
            diags.push(Diagnostic::new(
                Code::NoCacheRequested,
                pod.annotations_path,
                summary.clone(),
            ));
            (
                decision(Outcome::None, None, None, summary),
                None,
                Vec::new(),
            )
        }
    };
    let served = chosen.map(|c| assessments[c].matched).unwrap_or_default();
    let rows = if ROWS {
        rows::rows(pod, &caches, &assessments, &ranking)
    } else {
        Vec::new()
    };
    Resolution {
        decision,
        rows,
        chosen,
        served,
    }
}

fn decision(
    outcome: Outcome,
    cache: Option<&ImageCache>,
    degree: Option<usize>,
    summary: String,
) -> Decision {
    Decision {
        outcome,
        image_cache_id: cache.and_then(|c| c.id.as_deref().map(str::to_owned)),
        image_cache_name: cache.and_then(|c| c.name.as_deref().map(str::to_owned)),
        match_degree: degree,
        summary,
    }
}

fn label(cache: &ImageCache) -> String {
    match (&cache.name, &cache.id) {
        (Some(name), Some(id)) => format!("{name} ({id})"),
        (Some(name), None) => name.to_string(),
        (None, Some(id)) => id.to_string(),
        (None, None) => format!("the cache at {}", cache.path),
    }
}

fn assess(pod: &Pod, cache: &ImageCache, matched: Indices, now: Option<&Timestamp>) -> Assessment {
    let reason = if cache.phase.as_deref() != Some("Ready") {
        Some(Reason::NotReady)
    } else if !cache.id.as_deref().is_some_and(is_cache_id) {
        // A cache that cannot be pinned by its id cannot be chosen either: the patch pins it.
        Some(Reason::NoId)
    } else if is_expired(cache, now) {
        Some(Reason::Expired)
    } else if cache.deleting {
        Some(Reason::Deleting)
    } else if cache.size_gib > pod.temporary_storage_gib {
        Some(Reason::TooLarge)
    } else if cache.arch != pod.arch {
        Some(Reason::ArchMismatch)
    } else if cache.os != pod.os {
        Some(Reason::OsMismatch)
    } else {
        None
    };
    Assessment {
        matched,
        eligible: reason.is_none(),
        reason,
    }
}

fn is_expired(cache: &ImageCache, now: Option<&Timestamp>) -> bool {
    matches!((cache.expires, now), (Some(expires), Some(now)) if *now > expires)
}

/// Diagnostics about the match options themselves, before any cache is looked at.
fn check_options(pod: &Pod, request: &CacheRequest, mode: Mode, diags: &mut Vec<Diagnostic>) {
    let options = [
        request.perfect_match.as_ref().map(|p| &p.path),
        request.match_count.as_ref().map(|c| &c.path),
    ];
    if let (Some(pin), Some(auto)) = (&request.pin, &request.auto) {
        if auto.value {
            diags.push(
                Diagnostic::new(
                    Code::PinAndAuto,
                    &auto.path,
                    format!("the pin {} wins over automatic matching", pin.value),
                )
                .with_fix(
                    "remove the automatic-matching annotation, which has no effect",
                    vec![PatchOperation::remove(&auto.path)],
                ),
            );
        }
    }
    if mode != Mode::Auto {
        for path in options.into_iter().flatten() {
            diags.push(Diagnostic::new(
                Code::MatchOptionsWithoutAuto,
                path,
                match mode {
                    Mode::Pinned => "this does nothing: the pod pins its cache".to_owned(),
                    _ => format!("this does nothing without {AUTO_CURRENT}: \"true\""),
                },
            ));
        }
        return;
    }
    let perfect = request.perfect_match.as_ref().is_some_and(|p| p.value);
    match &request.match_count {
        Some(count) if perfect => diags.push(
            Diagnostic::new(
                Code::MatchCountIgnored,
                &count.path,
                "perfect match is on, so this match count is ignored",
            )
            .with_fix(
                "remove the match count, which has no effect",
                vec![PatchOperation::remove(&count.path)],
            ),
        ),
        Some(count) if count.value > pod.images.len() as u64 => diags.push(Diagnostic::new(
            Code::UnreachableMatchCount,
            &count.path,
            format!(
                "no cache can hold {} of this pod's {}: nothing will ever qualify",
                count.value,
                count_of(pod.images.len(), "image")
            ),
        )),
        _ => {}
    }
}

fn missing_images<'a>(pod: &'a Pod, matched: Indices) -> impl Iterator<Item = &'a Arc<str>> {
    (0..pod.images.len())
        .filter(move |&i| !matched.contains(i))
        .map(|i| &pod.images[i].name)
}

/// The pod's images `matched` lacks, as a phrase.
fn missing_list(pod: &Pod, matched: Indices) -> String {
    missing_images(pod, matched)
        .map(|name| &**name)
        .collect::<Vec<_>>()
        .join(", ")
}

/// The order of SPEC section 4, step 3; the first criterion that differs decides.
fn compare(
    pod: &Pod,
    caches: &[&ImageCache],
    assessments: &[Assessment],
    a: usize,
    b: usize,
) -> (Ordering, Reason) {
    let distance = |i: usize| pod.temporary_storage_gib.abs_diff(caches[i].size_gib);
    let steps = [
        (
            assessments[b]
                .matched
                .len()
                .cmp(&assessments[a].matched.len()),
            Reason::LowerMatchDegree,
        ),
        (distance(a).cmp(&distance(b)), Reason::FartherSize),
        (
            newest_first(caches[a].created.as_ref(), caches[b].created.as_ref()),
            Reason::Older,
        ),
        (caches[a].id.cmp(&caches[b].id), Reason::LaterId),
    ];
    steps
        .into_iter()
        .find(|(o, _)| o.is_ne())
        .unwrap_or((caches[a].path.cmp(&caches[b].path), Reason::LaterId))
}

fn automatic(
    pod: &Pod,
    caches: &[&ImageCache],
    assessments: &mut [Assessment],
    diags: &mut Vec<Diagnostic>,
) -> (Decision, Option<usize>, Vec<usize>) {
    let mut ranking: Vec<usize> = (0..caches.len())
        .filter(|&i| assessments[i].eligible && assessments[i].reason.is_none())
        .collect();
    sort::sort_indices(&mut ranking, &mut |a, b| {
        compare(pod, caches, assessments, a, b).0
    });
    let Some(&best) = ranking.first() else {
        let summary = format!(
            "no cache qualifies: ECI creates one with the pod's {} and {} GiB; the pod pulls its images normally this time",
            count_of(pod.images.len(), "image"),
            pod.temporary_storage_gib.max(20)
        );
        diags.push(Diagnostic::new(
            Code::WillCreateCache,
            pod.annotations_path,
            summary.clone(),
        ));
        return (
            decision(Outcome::WillCreate, None, None, summary),
            None,
            ranking,
        );
    };
    for &other in &ranking[1..] {
        assessments[other].reason = Some(compare(pod, caches, assessments, other, best).1);
    }
    let degree = assessments[best].matched.len();
    let cache = &caches[best];
    let name = label(cache);
    if degree < pod.images.len() {
        diags.push(Diagnostic::new(
            Code::PartialMatch,
            pod.annotations_path,
            format!(
                "{name} lacks {}: they are pulled normally, and ECI also creates a cache holding all of the pod's images",
                missing_list(pod, assessments[best].matched)
            ),
        ));
    }
    let summary = format!(
        "auto-matched {name}: holds {degree} of {}",
        count_of(pod.images.len(), "image")
    );
    (
        decision(Outcome::Matched, Some(cache), Some(degree), summary),
        Some(best),
        ranking,
    )
}

mod pinned;
mod rows;

#[cfg(test)]
mod tests;
