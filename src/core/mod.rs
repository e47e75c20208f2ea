//! The core: pure functions from a workload, the cluster's caches, settings and a time to
//! one [`Report`]. No I/O, no clock, no globals; it knows nothing of its front ends.

pub mod advice;
pub mod annotations;
pub mod diagnostic;
pub mod image_cache;
pub mod input;
pub mod json;
pub mod limits;
pub mod patch;
pub mod pointer;
pub mod quantity;
pub mod reference;
pub mod report;
pub mod resolve;
pub mod settings;
pub mod time;
pub mod workload;

use std::collections::HashSet;

use serde_json::{json, Value};

pub use diagnostic::{Code, Diagnostic, Severity};
pub use input::{Input, InputError};
pub use report::{CacheRow, Decision, Outcome, Reason, Report};
pub use settings::Settings;

use image_cache::ImageCache;
use pointer::Pointer;
use resolve::{Pod, PodImage};
use workload::{Subject, Workload};

/// Evaluates the input of SPEC section 7 (`object`, `imageCaches`, `settings`, `now`).
pub fn evaluate(input: &Value) -> Result<Report, InputError> {
    Ok(evaluate_input(&Input::from_json(input)?))
}

/// Evaluates input given as JSON bytes, as the policy and the benchmarks receive it.
pub fn evaluate_slice(bytes: &[u8]) -> Result<Report, InputError> {
    if bytes.len() > limits::MAX_INPUT_BYTES {
        return Err(InputError::new(
            "",
            format!(
                "the input is {} bytes; at most {} are read",
                bytes.len(),
                limits::MAX_INPUT_BYTES
            ),
        ));
    }
    let value = json::from_slice(bytes, json::INPUT)
        .map_err(|e| InputError::new("", format!("the input is not JSON: {e}")))?;
    evaluate(&value)
}

/// Evaluates an input already read.
pub fn evaluate_input(input: &Input) -> Report {
    let mut diags = Vec::new();
    let id = workload::identify(input.object);
    let settings = &input.settings;
    let empty = |outcome_summary: String, diags: Vec<Diagnostic>| Report {
        workload: id.clone(),
        images: Vec::new(),
        temporary_storage_gi_b: settings.temporary_storage_gi_b,
        decision: Decision {
            outcome: Outcome::None,
            image_cache_id: None,
            image_cache_name: None,
            match_degree: None,
            summary: outcome_summary,
        },
        caches: Vec::new(),
        diagnostics: diags,
        patch: Vec::new(),
        proposed_image_cache: None,
    };
    match workload::read(input.object, &mut diags) {
        Subject::ImageCache => {
            image_cache::read(
                input.object,
                "",
                Severity::Error,
                &mut diags,
                &mut image_cache::References::new(),
            );
            let summary = match diags.len() {
                0 => "the ImageCache follows every rule".to_owned(),
                n => format!("the ImageCache breaks {n} rule(s)"),
            };
            empty(summary, diags)
        }
        Subject::Unsupported(kind) => {
            let message = if kind.is_empty() {
                "the object has no kind: give a Pod, a workload with a pod template, or an ImageCache".to_owned()
            } else {
                format!(
                    "{kind} is neither a Pod, a workload with a pod template, nor an ImageCache"
                )
            };
            diags.push(Diagnostic::new(
                Code::UnsupportedKind,
                "/kind",
                message.clone(),
            ));
            empty(message, diags)
        }
        Subject::Workload(workload) => evaluate_workload(input, workload, diags),
    }
}

fn evaluate_workload(input: &Input, workload: Workload, mut diags: Vec<Diagnostic>) -> Report {
    let settings = &input.settings;
    let annotations_path = workload.pod.key("metadata").key("annotations");
    let request = annotations::read(workload.annotations, &annotations_path, &mut diags);
    let mut references = image_cache::References::new();
    let caches: Vec<ImageCache> = input
        .caches
        .iter()
        .filter_map(|(path, value)| {
            image_cache::read(value, path, Severity::Warning, &mut diags, &mut references)
        })
        .collect();
    check_duplicate_ids(&caches, &mut diags);
    if input.now.is_none() && caches.iter().any(|c| c.expires.is_some()) {
        diags.push(Diagnostic::new(
            Code::ExpiryUnchecked,
            "/now",
            "no time was given, so no cache was checked for expiry",
        ));
    }

    let images = distinct_images(&workload, settings.acr_vpc_equivalence);
    let temporary_storage_gib = settings
        .temporary_storage_gi_b
        .saturating_add(request.extra_storage_gib);
    let pod = Pod {
        images: &images,
        arch: &workload.arch,
        os: &workload.os,
        temporary_storage_gib,
        annotations_path: &annotations_path,
    };
    let resolution = resolve::resolve(
        &pod,
        &request,
        caches,
        settings,
        input.now.as_ref(),
        &mut diags,
    );
    let fixes = advice::advise(
        &workload.containers,
        &resolution.served,
        settings.acr_vpc_equivalence,
        &mut diags,
    );

    let decision = resolution.decision;
    let may_mutate = workload.id.kind == "Pod" || settings.mutate_workloads;
    let pin = match (&decision.outcome, &decision.image_cache_id) {
        (Outcome::Matched, Some(id)) if settings.pin_resolved_cache => {
            Some((settings.pin_annotation.as_str(), id.as_str()))
        }
        _ => None,
    };
    let fixes = if settings.set_if_not_present {
        fixes
    } else {
        Vec::new()
    };
    let patch = if may_mutate {
        patch::build(input.object, &workload.pod, pin, &fixes, &decision.summary)
    } else {
        Vec::new()
    };
    let creates = decision.outcome == Outcome::WillCreate
        || (decision.outcome == Outcome::Matched && decision.match_degree < Some(images.len()));
    let proposed_image_cache =
        creates.then(|| proposed_cache(&workload, &images, temporary_storage_gib));
    Report {
        workload: workload.id,
        images: images.into_iter().map(|i| i.name).collect(),
        temporary_storage_gi_b: temporary_storage_gib,
        decision,
        caches: resolution.rows,
        diagnostics: diags,
        patch,
        proposed_image_cache,
    }
}

/// The pod's images, init containers first, de-duplicated after normalisation.
fn distinct_images(workload: &Workload, acr_vpc_equivalence: bool) -> Vec<PodImage> {
    let mut seen = HashSet::new();
    workload
        .containers
        .iter()
        .filter_map(|c| {
            let key = c.image.identity(acr_vpc_equivalence);
            seen.insert(key.clone()).then(|| PodImage {
                image: c.image.clone(),
                key,
                name: c.image.normalized(),
            })
        })
        .collect()
}

fn check_duplicate_ids(caches: &[ImageCache], diags: &mut Vec<Diagnostic>) {
    let mut seen = HashSet::new();
    for cache in caches {
        if let Some(id) = &cache.id {
            if !seen.insert(id.as_str()) {
                diags.push(Diagnostic::new(
                    Code::DuplicateCacheId,
                    Pointer::from_static(&cache.path)
                        .key("status")
                        .key("imageCacheId"),
                    format!("another cache in the list also has the id {id}"),
                ));
            }
        }
    }
}

/// The ImageCache a user could apply so that ECI need not create one on the fly.
fn proposed_cache(workload: &Workload, images: &[PodImage], temporary_storage_gib: u64) -> Value {
    let base = workload.id.name.as_deref().unwrap_or("pod");
    let mut name: String = base
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    name.truncate(200);
    let name = format!("{}-cache", name.trim_matches('-'));
    let mut metadata = json!({ "name": name.trim_start_matches('-') });
    if workload.arch != "amd64" || workload.os != "linux" {
        metadata["annotations"] = json!({
            image_cache::ARCH_ANNOTATION: workload.arch,
            image_cache::OS_ANNOTATION: workload.os,
        });
    }
    json!({
        "apiVersion": "eci.alibabacloud.com/v1",
        "kind": "ImageCache",
        "metadata": metadata,
        "spec": {
            "images": images.iter().map(|i| i.name.as_str()).collect::<Vec<_>>(),
            "imageCacheSize": temporary_storage_gib.clamp(image_cache::DEFAULT_SIZE_GIB, 32_768),
        }
    })
}
