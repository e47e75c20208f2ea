//! The Kubewarden admission policy (feature `policy`, built for `wasm32-wasip1`).
//!
//! Thin: read the `ValidationRequest`, decide by operation and kind, call the core, map
//! its report ([`response`]). The one host capability it uses is in [`lookup`]. Every path
//! ends in a deliberate response: `validate` never returns an error, which the host would
//! turn into an opaque "internal server error".
//!
//! What each request gets:
//! - DELETE and CONNECT, and requests for a subresource: accepted as they are.
//! - Pod CREATE: evaluated against the cluster's caches; errors reject, warnings are
//!   returned, and the report's patch (pin, `IfNotPresent`, audit annotation) is applied
//!   to the original JSON.
//! - Pod UPDATE: accepted and never mutated, since ECI reads the cache annotations only
//!   when a pod is created; changing one of them is answered with a warning saying so.
//!   Rejecting would buy nothing (the running pod keeps its cache) and could block the
//!   updates controllers make to pods (labels, finalizers).
//! - Workload CREATE and UPDATE (Deployment, ReplicaSet, StatefulSet, DaemonSet,
//!   ReplicationController, Job, CronJob): evaluated like a pod, mutated only with
//!   `mutateWorkloads`, and on UPDATE only when the pod template itself changes (a
//!   mutation of an unchanged template would start a rollout nobody asked for).
//! - ImageCache CREATE and UPDATE: checked against the rules of SPEC section 1.
//! - On every UPDATE, an error the old object already had is returned as a warning: an
//!   update never makes it worse, and refusing it would block controllers' updates
//!   (finalizers, owner references) of objects created before the policy.
//! - Any other kind: accepted, not evaluated.
//! - A payload over [`MAX_REQUEST_BYTES`] (refused unread), one that is no
//!   `ValidationRequest`, one without an object, and invalid settings: refused with a
//!   message saying which.

pub mod lookup;
pub mod request;
pub mod response;
#[cfg(test)]
mod tests;

use std::collections::HashSet;

use kubewarden_policy_sdk::response::ValidationResponse;
use kubewarden_policy_sdk::settings::SettingsValidationResponse;
use kubewarden_policy_sdk::wapc_guest::CallResult;
use serde_json::Value;

use crate::core::annotations::POD_ONLY;
use crate::core::settings::LookupFailure;
use crate::core::time::Timestamp;
use crate::core::{Catalogue, Code, Outcome, Report, Settings, Severity};
use request::{KubernetesAdmissionRequest, ValidationRequest};
use response::Subject;

/// The largest `validate` payload the policy reads: 8 MiB, more than twice what the API
/// server accepts in one request (3 MiB, to store objects of at most 1.5 MiB in etcd), so
/// that no request an API server sends is refused, yet no payload can make the policy
/// parse and hold tens of megabytes. A larger one is refused unread, with its size.
pub const MAX_REQUEST_BYTES: usize = 8 << 20;

/// Registers the waPC functions the Kubewarden host calls.
#[cfg(target_arch = "wasm32")]
#[no_mangle]
pub extern "C" fn wapc_init() {
    use kubewarden_policy_sdk::wapc_guest::register_function;
    register_function("validate", validate);
    register_function("validate_settings", validate_settings);
    register_function(
        "protocol_version",
        kubewarden_policy_sdk::protocol_version_guest,
    );
}

/// waPC `validate`: the response to one `ValidationRequest`, never an error.
pub fn validate(payload: &[u8]) -> CallResult {
    Ok(encode(&admit(payload, clock())))
}

/// waPC `validate_settings`: the settings of SPEC section 6, with a message naming the bad key.
pub fn validate_settings(payload: &[u8]) -> CallResult {
    let response = check_settings(payload);
    Ok(serde_json::to_vec(&response)
        .unwrap_or_else(|_| br#"{"valid":false,"message":"cannot encode"}"#.to_vec()))
}

/// The time now, from the WASI clock: the one place the policy reads a clock.
fn clock() -> Timestamp {
    use std::time::{SystemTime, UNIX_EPOCH};
    match SystemTime::now().duration_since(UNIX_EPOCH) {
        Ok(d) => Timestamp::from_unix(
            i64::try_from(d.as_secs()).unwrap_or(i64::MAX),
            d.subsec_nanos(),
        ),
        Err(e) => Timestamp::from_unix(
            -i64::try_from(e.duration().as_secs()).unwrap_or(i64::MAX),
            0,
        ),
    }
}

fn encode(response: &ValidationResponse) -> Vec<u8> {
    serde_json::to_vec(response).unwrap_or_else(|_| {
        br#"{"accepted":false,"message":"eci-image-cache could not encode its response"}"#.to_vec()
    })
}

pub fn check_settings(payload: &[u8]) -> SettingsValidationResponse {
    let invalid = |message: String| SettingsValidationResponse {
        valid: false,
        message: Some(message),
    };
    let value = if payload.iter().all(u8::is_ascii_whitespace) {
        Value::Null
    } else {
        match serde_json::from_slice::<Value>(payload) {
            Ok(value) => value,
            Err(e) => return invalid(format!("the settings are not JSON: {e}")),
        }
    };
    match Settings::from_json(&value, "") {
        Ok(_) => SettingsValidationResponse {
            valid: true,
            message: None,
        },
        Err(e) => invalid(e.message),
    }
}

/// One admission request, read.
struct Admission<'a> {
    subject: Subject,
    operation: &'a str,
    kind: &'a str,
    /// The request's object, taken out of it: a mutation is made to it, not to a copy.
    object: Value,
    /// The object before an UPDATE.
    old: Option<&'a Value>,
    settings: Settings,
    now: Timestamp,
}

/// The response to a `ValidationRequest` (the payload of `validate`) at the time `now`.
pub fn admit(payload: &[u8], now: Timestamp) -> ValidationResponse {
    if payload.len() > MAX_REQUEST_BYTES {
        return response::reject(
            format!(
                "eci-image-cache refuses the request unread: it is {} bytes, more than the {MAX_REQUEST_BYTES} \
                 the policy reads (the API server accepts at most 3 MiB in one request)",
                payload.len()
            ),
            Vec::new(),
        );
    }
    let mut request = match serde_json::from_slice::<ValidationRequest>(payload) {
        Ok(request) => request,
        Err(e) => {
            return response::reject(
                format!("eci-image-cache cannot read the ValidationRequest: {e}"),
                Vec::new(),
            )
        }
    };
    let settings = match Settings::from_json(&request.settings, "") {
        Ok(settings) => settings,
        Err(e) => {
            return response::reject(
                format!("the eci-image-cache policy is misconfigured: {}", e.message),
                Vec::new(),
            )
        }
    };
    let object = std::mem::take(&mut request.request.object);
    let req = &request.request;
    let operation = req.operation.as_str();
    if matches!(operation, "DELETE" | "CONNECT") || !req.sub_resource.is_empty() {
        return response::accept(Vec::new());
    }
    if !object.is_object() {
        let what = Subject {
            kind: req.kind.kind.clone(),
            namespace: Some(req.namespace.clone()),
            name: Some(req.name.clone()),
        };
        let of = if req.kind.kind.is_empty() && req.name.is_empty() {
            String::new()
        } else {
            format!(" of {what}")
        };
        let operation = if operation.is_empty() {
            "admission"
        } else {
            operation
        };
        let message = format!("the {operation} request{of} carries no object to evaluate");
        return response::reject(message, Vec::new());
    }
    let kind = object
        .get("kind")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    let a = Admission {
        subject: subject(&kind, &object, req),
        operation,
        kind: &kind,
        object,
        old: (operation == "UPDATE")
            .then_some(&req.old_object)
            .filter(|o| o.is_object()),
        settings,
        now,
    };
    match kind.as_str() {
        "Pod" if operation == "UPDATE" => pod_update(&a),
        "ImageCache" => image_cache(&a),
        "Pod"
        | "Deployment"
        | "ReplicaSet"
        | "StatefulSet"
        | "DaemonSet"
        | "ReplicationController"
        | "Job"
        | "CronJob" => workload(a),
        _ => response::accept(Vec::new()),
    }
}

/// The object as people name it, from the object and, where it lacks them (a pod created
/// without `metadata.namespace`), from the request.
fn subject(kind: &str, object: &Value, req: &KubernetesAdmissionRequest) -> Subject {
    let text = |pointer: &str| {
        object
            .pointer(pointer)
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
    };
    let or_request = |s: &str| (!s.is_empty()).then(|| s.to_owned());
    let namespace = match kind {
        "ImageCache" => None,
        _ => text("/metadata/namespace").or_else(|| or_request(&req.namespace)),
    };
    let name = text("/metadata/name")
        .or_else(|| or_request(&req.name))
        .or_else(|| text("/metadata/generateName"));
    Subject {
        kind: kind.to_owned(),
        namespace,
        name,
    }
}

/// The report without its rows, which no response shows: what an admission needs costs
/// what the caches sharing the object's images cost, not what the whole list does.
fn evaluate(a: &Admission, object: &Value, caches: &Catalogue) -> Report {
    caches.evaluate_findings(object, Some(&a.now))
}

/// Turns the errors the old object already had into warnings: an UPDATE is refused only
/// for what it makes worse.
fn forgive_preexisting(report: &mut Report, old: &Report) {
    let before: HashSet<(Code, &str, &str)> = old
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| (d.code, d.path.as_str(), d.message.as_str()))
        .collect();
    for d in report
        .diagnostics
        .iter_mut()
        .filter(|d| d.severity == Severity::Error)
    {
        if before.contains(&(d.code, d.path.as_str(), d.message.as_str())) {
            d.severity = Severity::Warning;
            d.message = format!(
                "{} (so before this update too: not refused for it)",
                d.message
            );
        }
    }
}

fn image_cache(a: &Admission) -> ValidationResponse {
    let none = Catalogue::empty(a.settings.clone());
    let mut report = evaluate(a, &a.object, &none);
    if let Some(old) = a.old {
        forgive_preexisting(&mut report, &evaluate(a, old, &none));
    }
    response::respond(&a.subject, &report, &none, None)
}

fn pod_update(a: &Admission) -> ValidationResponse {
    fn annotations(object: Option<&Value>) -> Option<&serde_json::Map<String, Value>> {
        object?.pointer("/metadata/annotations")?.as_object()
    }
    let (new, old) = (annotations(Some(&a.object)), annotations(a.old));
    let warnings = POD_ONLY
        .iter()
        .filter(|key| new.and_then(|m| m.get(**key)) != old.and_then(|m| m.get(**key)))
        .map(|key| {
            format!(
                "metadata.annotations[{key}]: changing it on an existing pod has no effect: \
                 ECI reads image cache annotations only when a pod is created; recreate the pod instead"
            )
        })
        .collect();
    response::accept(warnings)
}

/// Where the kind keeps its pod template.
fn template(kind: &str) -> &'static str {
    match kind {
        "CronJob" => "/spec/jobTemplate/spec/template",
        _ => "/spec/template",
    }
}

fn workload(a: Admission) -> ValidationResponse {
    // Evaluated without caches first: the outcome `none` means the pod asks for no cache
    // (no pin, no automatic matching), and then the cluster is not asked at all.
    let none = Catalogue::empty(a.settings.clone());
    let bare = evaluate(&a, &a.object, &none);
    let old_bare = a.old.map(|old| evaluate(&a, old, &none));
    let (mut report, caches, old_report) = if bare.decision.outcome == Outcome::None {
        (bare, none, old_bare)
    } else {
        match lookup::list_image_caches(&a.settings) {
            Ok(caches) => {
                let report = evaluate(&a, &a.object, &caches);
                let old_report = a.old.map(|old| evaluate(&a, old, &caches));
                (report, caches, old_report)
            }
            Err(e) => return lookup_failed(&a, bare, old_bare.as_ref(), &e),
        }
    };
    if let Some(old) = &old_report {
        forgive_preexisting(&mut report, old);
    }
    let may_mutate = match a.old {
        None => a.operation == "CREATE",
        Some(old) => {
            a.kind != "Pod" && a.object.pointer(template(a.kind)) != old.pointer(template(a.kind))
        }
    };
    response::respond(&a.subject, &report, &caches, may_mutate.then_some(a.object))
}

/// The response when the cluster's caches could not be listed: errors that do not depend
/// on the caches still reject; a pin is refused, since it cannot be checked; automatic
/// matching follows `onLookupFailure`. On UPDATE, only a changed cache request is refused.
fn lookup_failed(
    a: &Admission,
    mut bare: Report,
    old_bare: Option<&Report>,
    error: &str,
) -> ValidationResponse {
    let what = format!(
        "listing the cluster's {} {} objects failed: {error}",
        lookup::API_VERSION,
        lookup::KIND
    );
    let fix = format!(
        "install ECI's ImageCache CRD, let the PolicyServer's service account list imagecaches.{}, \
         and keep {} {} in the policy's contextAwareResources",
        lookup::GROUP,
        lookup::API_VERSION,
        lookup::KIND
    );
    // Without caches the pin is "not found" and ECI "will create" one: neither is known.
    bare.diagnostics
        .retain(|d| !matches!(d.code, Code::PinNotFound | Code::WillCreateCache));
    let none = Catalogue::empty(a.settings.clone());
    let mut warnings = response::warnings(&bare, &none);
    if let Some(message) = response::rejection(&a.subject, &bare, &none) {
        warnings.push(format!("image caches were not checked: {what}"));
        return response::reject(message, warnings);
    }
    let decision = &bare.decision;
    let pinned = matches!(decision.outcome, Outcome::Pinned | Outcome::Rejected);
    let unchanged = old_bare.is_some_and(|old| {
        old.decision.outcome == decision.outcome
            && old.decision.image_cache_id == decision.image_cache_id
    });
    if pinned && !unchanged {
        let id = decision.image_cache_id.as_deref().unwrap_or_default();
        let message = format!(
            "{}: the pinned image cache {id} cannot be checked: {what}. Fix: {fix}.",
            a.subject
        );
        return response::reject(message, warnings);
    }
    if !pinned && !unchanged && a.settings.on_lookup_failure == LookupFailure::Reject {
        let message = format!(
            "{}: no image cache can be matched: {what}. Fix: {fix}; or set the policy's onLookupFailure to accept.",
            a.subject
        );
        return response::reject(message, warnings);
    }
    warnings.insert(
        0,
        format!(
            "image caches were not checked, {} was admitted as it is: {what}",
            a.subject
        ),
    );
    response::accept(warnings)
}
