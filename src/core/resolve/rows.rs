//! The rows of a report (SPEC section 7): every cache the pod was assessed against, with
//! its rank or the reason it was left out, in a sentence.

use std::fmt::Write;
use std::sync::Arc;

use super::{label, Assessment, Pod};
use crate::core::image_cache::ImageCache;
use crate::core::report::{CacheRow, ImageSet, Reason};
use crate::core::suggest::count as count_of;

/// Every cache as a row: the ranked ones in rank order, then the rest in input order.
pub(super) fn rows(
    pod: &Pod,
    caches: &[&ImageCache],
    assessments: &[Assessment],
    ranking: &[usize],
) -> Vec<CacheRow> {
    let mut rank_of = vec![None; caches.len()];
    for (position, &i) in ranking.iter().enumerate() {
        rank_of[i] = Some(position + 1);
    }
    let winner = ranking
        .first()
        .map(|&b| label(caches[b]))
        .unwrap_or_default();
    let order: Vec<usize> = ranking
        .iter()
        .copied()
        .chain((0..caches.len()).filter(|&i| rank_of[i].is_none()))
        .collect();
    // Written once for every row's sentence.
    let images = count_of(pod.images.len(), "image");
    order
        .into_iter()
        .map(|i| {
            let cache = caches[i];
            let a = &assessments[i];
            let matched = ImageSet::new(Arc::clone(pod.names), a.matched);
            let missing = matched.complement();
            CacheRow {
                image_cache_id: cache.id.clone(),
                name: cache.name.clone(),
                path: cache.path.clone(),
                phase: cache.phase.clone(),
                size_gib: cache.size_gib,
                created: cache.created_text.clone(),
                matched,
                missing,
                match_degree: a.matched.len(),
                eligible: a.eligible,
                reason: a.reason,
                rank: rank_of[i],
                explanation: explain(pod, cache, a, &images, &winner),
            }
        })
        .collect()
}

/// Room for a row's sentence, most of which are 40 to 90 bytes: `format!` sizes its text
/// from the literal parts alone and grew it once or twice for almost every row.
const SENTENCE_BYTES: usize = 96;

/// The sentence of a row; `n` counts the pod's images ("3 images").
pub(super) fn explain(
    pod: &Pod,
    cache: &ImageCache,
    a: &Assessment,
    n: &str,
    winner: &str,
) -> String {
    let degree = a.matched.len();
    let mut out = String::with_capacity(SENTENCE_BYTES);
    // A String takes every write.
    let _ = match a.reason {
        None => write!(out, "holds {degree} of {n}"),
        Some(Reason::NotReady) => write!(
            out,
            "phase is {}, only Ready caches are usable",
            cache.phase.as_deref().unwrap_or("not set")
        ),
        Some(Reason::NoId) => match &cache.id {
            None => out.write_str("has no status.imageCacheId yet"),
            Some(id) => write!(
                out,
                "its status.imageCacheId \"{id}\" is not an id a pod can pin"
            ),
        },
        Some(Reason::Expired) => match cache.expires {
            Some(expires) => write!(out, "expired at {expires}"),
            None => out.write_str("expired at "),
        },
        Some(Reason::Deleting) => out.write_str("is being deleted"),
        Some(Reason::TooLarge) => write!(
            out,
            "{} GiB does not fit the pod's {} GiB of temporary storage",
            cache.size_gib, pod.temporary_storage_gib
        ),
        Some(Reason::ArchMismatch) => {
            write!(
                out,
                "built for {}, the pod runs on {}",
                cache.arch, pod.arch
            )
        }
        Some(Reason::OsMismatch) => {
            write!(out, "built for {}, the pod runs on {}", cache.os, pod.os)
        }
        Some(Reason::NoCommonImage) => write!(out, "holds none of the pod's {n}"),
        Some(Reason::NotPerfect) => {
            write!(out, "holds {degree} of {n}; perfect match needs all")
        }
        Some(Reason::BelowMatchCount) => {
            write!(
                out,
                "holds {degree} of {n}, below the match count requested"
            )
        }
        Some(Reason::LowerMatchDegree) => {
            write!(out, "holds {degree} of {n}, fewer than {winner}")
        }
        Some(Reason::FartherSize) => write!(
            out,
            "{} GiB is farther from the {} GiB of temporary storage than {winner}",
            cache.size_gib, pod.temporary_storage_gib
        ),
        Some(Reason::Older) => write!(out, "created before {winner}"),
        Some(Reason::LaterId) => write!(out, "ties with {winner}, whose id sorts first"),
        Some(Reason::NotPinned) => {
            write!(out, "holds {degree} of {n}; the pod pins another cache")
        }
        Some(Reason::MatchingOff) => {
            write!(
                out,
                "holds {degree} of {n}; the pod does not ask for automatic matching"
            )
        }
    };
    out
}
