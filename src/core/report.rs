//! The report of SPEC section 7: the one result every front end returns.

use std::sync::Arc;

use serde::Serialize;

use super::diagnostic::Diagnostic;
use super::json_writer;
use super::patch::PatchOperation;
use super::proposal::ProposedImageCache;
use super::text::Text;
use super::workload::WorkloadId;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "npm", derive(tsify::Tsify))]
// The npm layer converts with these options: absent values are `null` (as in the JSON the
// core prints) and the manifests inside (`proposedImageCache`) become plain objects, not `Map`s.
#[cfg_attr(feature = "npm", tsify(missing_as_null, hashmap_as_object))]
#[serde(rename_all = "camelCase")]
pub struct Report {
    pub workload: WorkloadId,
    /// The pod's distinct images, normalised, in the order of the pod.
    #[cfg_attr(feature = "npm", tsify(type = "string[]"))]
    pub images: Vec<Arc<str>>,
    #[serde(rename = "temporaryStorageGiB")]
    pub temporary_storage_gib: u64,
    pub decision: Decision,
    pub caches: Vec<CacheRow>,
    pub diagnostics: Vec<Diagnostic>,
    pub patch: Vec<PatchOperation>,
    #[cfg_attr(feature = "npm", tsify(type = "Record<string, unknown> | null"))]
    pub proposed_image_cache: Option<ProposedImageCache>,
}

impl Report {
    /// The report as compact JSON text, exactly as `serde_json::to_string` writes it, in a
    /// fraction of its time ([`json_writer`]): what every face hands on.
    pub fn to_json(&self) -> Result<String, json_writer::Error> {
        // Rows are most of a report, about 500 bytes each with a pod of five images; the
        // rest (its images, diagnostics, patch and proposal) is about 1.1 KB. Too small a
        // guess costs a copy of everything written so far.
        json_writer::to_string_sized(self, 2048 + 512 * self.caches.len())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "npm", derive(tsify::Tsify))]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    /// The pod pins a cache, and that cache is used.
    Pinned,
    /// Automatic matching chose a cache.
    Matched,
    /// No cache qualifies: ECI creates one, the pod pulls normally this time.
    WillCreate,
    /// No cache is asked for, or the object is not a pod.
    None,
    /// The pin cannot work (with `rejectUnusablePin`).
    Rejected,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "npm", derive(tsify::Tsify))]
#[cfg_attr(feature = "npm", tsify(missing_as_null))]
#[serde(rename_all = "camelCase")]
pub struct Decision {
    pub outcome: Outcome,
    pub image_cache_id: Option<String>,
    pub image_cache_name: Option<String>,
    pub match_degree: Option<usize>,
    pub summary: String,
}

/// Why a cache was not eligible, or did not qualify.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "npm", derive(tsify::Tsify))]
#[serde(rename_all = "kebab-case")]
pub enum Reason {
    NotReady,
    NoId,
    Expired,
    Deleting,
    TooLarge,
    ArchMismatch,
    OsMismatch,
    NoCommonImage,
    NotPerfect,
    BelowMatchCount,
    /// Qualifies, but the chosen cache holds more of the pod's images.
    LowerMatchDegree,
    /// Qualifies with as many images, but its size is farther from the temporary storage.
    FartherSize,
    /// Qualifies and ties on images and size, but was created earlier.
    Older,
    /// Ties on everything else; the smaller id wins so the result never depends on order.
    LaterId,
    /// The pod pins another cache.
    NotPinned,
    /// The pod does not ask for automatic matching.
    MatchingOff,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "npm", derive(tsify::Tsify))]
#[cfg_attr(feature = "npm", tsify(missing_as_null))]
#[serde(rename_all = "camelCase")]
pub struct CacheRow {
    #[cfg_attr(feature = "npm", tsify(type = "string | null"))]
    pub image_cache_id: Option<Text>,
    #[cfg_attr(feature = "npm", tsify(type = "string | null"))]
    pub name: Option<Text>,
    /// The cache's JSON Pointer in the input.
    #[cfg_attr(feature = "npm", tsify(type = "string"))]
    pub path: Text,
    #[cfg_attr(feature = "npm", tsify(type = "string | null"))]
    pub phase: Option<Text>,
    #[serde(rename = "sizeGiB")]
    pub size_gib: u64,
    #[cfg_attr(feature = "npm", tsify(type = "string | null"))]
    pub created: Option<Text>,
    /// The pod's images this cache holds, and those it lacks.
    // Shared by the rows that hold none of them: most rows of a long list.
    pub matched: Arc<[Arc<str>]>,
    pub missing: Arc<[Arc<str>]>,
    pub match_degree: usize,
    /// Whether the cache could serve this pod at all (SPEC section 4, step 2).
    pub eligible: bool,
    pub reason: Option<Reason>,
    pub rank: Option<usize>,
    /// The reason in a sentence, for people.
    pub explanation: String,
}
