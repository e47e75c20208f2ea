//! policy.wasm in a real waPC host, driven by the AdmissionReview fixtures of tests/policy/
//! (the same files a user runs with kwctl), answered from fixture caches or from the
//! kwctl replay sessions. Build policy.wasm first: `make policy` (or set POLICY_WASM).

use std::path::PathBuf;
use std::sync::{Arc, LazyLock, Mutex};
use std::time::Duration;

use eci_image_cache_policy_host::{
    load_session, not_granted, prune, validation_payload, AdmissionResponse, Answerer, Answers,
    Cluster, HostCall, HostThread, Policy,
};
use serde_json::{json, Value};

mod failures;
mod host;
mod lookups;
mod pods;
mod workloads;

const LIST: &str = "kubewarden/kubernetes/list_resources_all";

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../policy")
}

static POLICY: LazyLock<Policy> = LazyLock::new(|| {
    let path = std::env::var_os("POLICY_WASM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../policy.wasm"));
    let module = std::fs::read(&path)
        .unwrap_or_else(|e| panic!("{}: {e}; build it with `make policy`", path.display()));
    Policy::load(&module).expect("policy.wasm compiles")
});

fn read_json(relative: &str) -> Value {
    let path = fixtures().join(relative);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The AdmissionRequest of an AdmissionReview fixture.
fn request(name: &str) -> Value {
    read_json(&format!("requests/{name}"))["request"].clone()
}

fn settings(name: &str) -> Value {
    read_json(&format!("settings/{name}"))
}

/// The cluster's ImageCache objects, as `kubectl get imagecache -o json` prints them.
fn cluster_caches() -> Vec<Value> {
    read_json("cluster/imagecaches.json")["items"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

fn cluster() -> Arc<Cluster> {
    Arc::new(Cluster::with_image_caches(cluster_caches()))
}

fn replay(session: &str) -> Arc<Cluster> {
    let text = std::fs::read_to_string(fixtures().join("sessions").join(session)).unwrap();
    Arc::new(Cluster::replaying(&text).unwrap())
}

fn run(
    name: &str,
    settings_file: &str,
    cluster: &Arc<Cluster>,
) -> (AdmissionResponse, Vec<HostCall>) {
    run_request(name, &request(name), settings_file, cluster)
}

/// `validate` of `req` (`what` names it in a failure); the policy must answer, not fail.
fn run_request(
    what: &str,
    req: &Value,
    settings_file: &str,
    cluster: &Arc<Cluster>,
) -> (AdmissionResponse, Vec<HostCall>) {
    let (response, calls) = POLICY
        .validate(cluster, &settings(settings_file), req)
        .unwrap();
    assert_ne!(
        response.code,
        Some(500),
        "{what}: the policy failed instead of answering: {:?}",
        response.message
    );
    (response, calls)
}

/// `validate` with a payload as given (not necessarily JSON); the policy must answer, not fail.
fn run_payload(payload: &[u8]) -> (AdmissionResponse, Vec<HostCall>) {
    let (response, calls) = POLICY.validate_payload(&cluster(), payload, None).unwrap();
    assert_ne!(
        response.code,
        Some(500),
        "the policy failed instead of answering: {:?}",
        response.message
    );
    (response, calls)
}

/// The response to a refusal: not allowed, this message, nothing else, no lookup.
fn assert_refused(response: &AdmissionResponse, calls: &[HostCall], message: &str) {
    assert_eq!(
        (
            response.allowed,
            response.message.as_deref(),
            response.code,
            response.warnings.len(),
            response.patch.as_ref(),
            calls.len()
        ),
        (false, Some(message), None, 0, None, 0)
    );
}

/// The patch that pins the cache the fixture cluster matches best for the auto-matching
/// fixtures (web-stack, both images), with its annotations under `annotations`, then `more`.
fn pinned_to_web_stack(annotations: &str, more: &[Value]) -> Value {
    let mut operations = vec![
        json!({"op": "add", "path": format!("{annotations}/eci-image-cache~1decision"),
               "value": "auto-matched web-stack (imc-bp1a2b3c4d5e6f7g8h9i): holds 2 of 2 images"}),
        json!({"op": "add", "path": format!("{annotations}/k8s.aliyun.com~1eci-image-snapshot-id"),
               "value": "imc-bp1a2b3c4d5e6f7g8h9i"}),
    ];
    operations.extend_from_slice(more);
    Value::Array(operations)
}

fn lists(calls: &[HostCall]) -> usize {
    calls.iter().filter(|c| c.capability == LIST).count()
}
