//! Evaluating one object against a catalogue: which kind it is, what its pod asks for, the
//! resolution, the advice, the patch and the cache to create (SPEC sections 2 to 7).

use std::sync::Arc;

use serde_json::Value;

use super::catalogue::Catalogue;
use super::diagnostic::{Code, Diagnostic, Severity};
use super::image_cache;
use super::indices::Indices;
use super::proposal::ProposedImageCache;
use super::report::{Decision, Outcome, Report};
use super::resolve::{self, Candidate, Pod, PodImage};
use super::sort;
use super::time::Timestamp;
use super::workload::{self, Subject, Workload};
use super::{advice, annotations, headline, hints, patch, suggest};

/// Which caches a report lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Every cache, and every problem of the cache list: the report of SPEC section 7.
    Every,
    /// Only the caches that hold one of the pod's images or that its pin names; the
    /// problems of the cache list are left to [`Catalogue::diagnostics`], to be reported
    /// once for many objects. The decision is the same.
    Relevant,
    /// As `Relevant`, without the rows: the decision, the object's diagnostics, the patch
    /// and the cache to create, for faces that print no ranking.
    Decision,
    /// The report of `Every` without its rows: every diagnostic, the problems of the cache
    /// list among them where `Every` puts them, for a face that answers one object with its
    /// findings and prints no ranking. Its cost does not grow with the caches that have
    /// nothing to do with the object.
    Findings,
}

impl Catalogue {
    /// The report of SPEC section 7 for `object`: every cache ranked or with the reason it
    /// was left out, and the problems of the cache list among the diagnostics.
    pub fn evaluate(&self, object: &Value, now: Option<&Timestamp>) -> Report {
        self.evaluate_scoped::<true>(object, now, Scope::Every)
    }

    /// The same decision, diagnostics of the object and patch, listing only the caches
    /// that share an image with the pod or that its pin names: its cost does not depend on
    /// the caches that have nothing to do with the object.
    pub fn evaluate_relevant(&self, object: &Value, now: Option<&Timestamp>) -> Report {
        self.evaluate_scoped::<true>(object, now, Scope::Relevant)
    }

    /// The report of [`Scope::Findings`]: every diagnostic, the decision and the patch,
    /// without rows. A face that calls only this one carries no code that writes rows.
    pub fn evaluate_findings(&self, object: &Value, now: Option<&Timestamp>) -> Report {
        self.evaluate_scoped::<false>(object, now, Scope::Findings)
    }

    pub fn evaluate_in(&self, object: &Value, now: Option<&Timestamp>, scope: Scope) -> Report {
        match scope {
            Scope::Every | Scope::Relevant => self.evaluate_scoped::<true>(object, now, scope),
            Scope::Decision | Scope::Findings => self.evaluate_scoped::<false>(object, now, scope),
        }
    }

    /// The report of `scope`, which has rows exactly when `ROWS` is true: known when
    /// compiled, so that a face that never shows rows does not carry the code that writes them.
    fn evaluate_scoped<const ROWS: bool>(
        &self,
        object: &Value,
        now: Option<&Timestamp>,
        scope: Scope,
    ) -> Report {
        let mut diags = Vec::new();
        // What is not a workload: `workload::read` identifies a workload itself.
        let empty = |outcome_summary: String, diags: Vec<Diagnostic>| Report {
            workload: workload::identify(object),
            images: Arc::from([]),
            temporary_storage_gib: self.settings().temporary_storage_gib,
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
        match workload::read(object, &mut diags) {
            Subject::ImageCache => {
                image_cache::read(object, "", Severity::Error, &mut diags);
                let summary = match diags.len() {
                    0 => "the ImageCache follows every rule".to_owned(),
                    n => format!("the ImageCache breaks {}", suggest::count(n, "rule")),
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
                let d = Diagnostic::new(Code::UnsupportedKind, "/kind", message);
                let d = hints::hint_kind(&kind, d);
                let message = d.message.clone();
                diags.push(d);
                empty(message, diags)
            }
            Subject::Workload(workload) => {
                self.evaluate_workload::<ROWS>(object, workload, now, scope, diags)
            }
        }
    }

    fn evaluate_workload<const ROWS: bool>(
        &self,
        object: &Value,
        workload: Workload,
        now: Option<&Timestamp>,
        scope: Scope,
        mut diags: Vec<Diagnostic>,
    ) -> Report {
        let settings = self.settings();
        let annotations_path = workload.pod.key("metadata").key("annotations");
        let request = annotations::read(workload.annotations, &annotations_path, &mut diags);
        if matches!(scope, Scope::Every | Scope::Findings) {
            diags.extend_from_slice(self.diagnostics());
        }
        if now.is_none() && self.any_expiry() {
            diags.push(Diagnostic::new(
                Code::ExpiryUnchecked,
                "/now",
                "no time was given, so no cache was checked for expiry",
            ));
        }

        let (images, image_of) = distinct_images(&workload, settings.acr_vpc_equivalence);
        let temporary_storage_gib = settings
            .temporary_storage_gib
            .saturating_add(request.extra_storage_gib);
        // The report lists the pod's images, and so do its rows and the cache it proposes.
        let names: Arc<[Arc<str>]> = images.iter().map(|i| i.name.clone()).collect();
        let pod = Pod {
            images: &images,
            names: &names,
            arch: workload.arch,
            os: workload.os,
            temporary_storage_gib,
            annotations_path: &annotations_path,
        };
        let pin = request.pin.as_ref().map(|p| p.value.trim());
        let candidates = self.candidates(&images, pin, scope);
        let resolution =
            resolve::resolve::<ROWS>(&pod, &request, candidates, settings, now, &mut diags);
        let served: Vec<bool> = image_of
            .iter()
            .map(|&i| resolution.served.contains(i))
            .collect();
        let fixes = advice::advise(&workload.containers, &served, &mut diags);

        if let Some(pin) = pin {
            self.hint_pins(pin, &mut diags);
        }
        let mut decision = resolution.decision;
        let context = headline::Context {
            kind: &workload.id.kind,
            auto_written: request.auto_written,
            has_images: !images.is_empty(),
        };
        headline::write(&mut decision, &diags, settings, &context);
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
            patch::build(object, &workload.pod, pin, &fixes, &decision.summary)
        } else {
            Vec::new()
        };
        let creates = decision.outcome == Outcome::WillCreate
            || (decision.outcome == Outcome::Matched && decision.match_degree < Some(images.len()));
        let proposed_image_cache = creates.then(|| {
            ProposedImageCache::new(
                workload.id.name.as_deref(),
                workload.arch,
                workload.os,
                Arc::clone(&names),
                temporary_storage_gib,
            )
        });
        Report {
            workload: workload.id,
            images: names,
            temporary_storage_gib,
            decision,
            caches: resolution.rows,
            diagnostics: diags,
            patch,
            proposed_image_cache,
        }
    }

    /// The caches to assess, in list order, each with the pod's images it holds: every
    /// cache, or only those holding one of the images or named by the pin.
    fn candidates(
        &self,
        images: &[PodImage],
        pin: Option<&str>,
        scope: Scope,
    ) -> Vec<Candidate<'_>> {
        let caches = self.caches();
        let holders: Vec<&[u32]> = images.iter().map(|i| self.holders_of(&i.key)).collect();
        match scope {
            Scope::Every => {
                let mut matched = vec![Indices::default(); caches.len()];
                for (i, holding) in holders.iter().enumerate() {
                    for &c in *holding {
                        matched[c as usize].insert(i);
                    }
                }
                caches
                    .iter()
                    .zip(matched)
                    .map(|(cache, matched)| Candidate { cache, matched })
                    .collect()
            }
            Scope::Relevant | Scope::Decision | Scope::Findings => {
                let mut relevant: Vec<u32> =
                    holders.iter().flat_map(|h| h.iter().copied()).collect();
                relevant.extend_from_slice(pin.map_or(&[][..], |id| self.with_id(id)));
                sort::sort_by(&mut relevant, u32::cmp);
                relevant.dedup();
                relevant
                    .into_iter()
                    .map(|c| Candidate {
                        cache: &caches[c as usize],
                        // Each group is in list order.
                        matched: (0..images.len())
                            .filter(|&i| holders[i].binary_search(&c).is_ok())
                            .collect(),
                    })
                    .collect()
            }
        }
    }
}

/// The pod's images, init containers first, de-duplicated after normalisation, and for each
/// container the index of its image among them.
fn distinct_images(workload: &Workload, acr_vpc_equivalence: bool) -> (Vec<PodImage>, Vec<usize>) {
    let mut images: Vec<PodImage> = Vec::with_capacity(workload.containers.len());
    let mut identity = String::new();
    let image_of = workload
        .containers
        .iter()
        .map(|c| {
            // The reference's own text when it is the identity, as the catalogue keys it.
            let key = match c.image.identity_text(acr_vpc_equivalence) {
                Some(text) => Arc::clone(text),
                None => {
                    c.image.write_identity(acr_vpc_equivalence, &mut identity);
                    Arc::from(identity.as_str())
                }
            };
            // A pod has at most `limits::MAX_CONTAINERS` containers, and most a handful: a
            // search of the few before is quicker than hashing.
            images.iter().position(|i| i.key == key).unwrap_or_else(|| {
                images.push(PodImage {
                    image: c.image.clone(),
                    key,
                    name: c.image.normalized_text(),
                });
                images.len() - 1
            })
        })
        .collect();
    (images, image_of)
}
