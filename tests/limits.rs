//! Every limit of `docs/limits.md`, at its edge and past it, through the public entries:
//! at the edge the evaluation runs as usual, past it the answer names what was too much.

use eci_image_cache::core::limits::{
    MAX_CACHES, MAX_CONTAINERS, MAX_DEPTH, MAX_INPUT_BYTES, MAX_STRING_BYTES,
};
use eci_image_cache::{evaluate, evaluate_slice, Code, Outcome};
use serde_json::{json, Value};

fn pod_with_containers(n: usize) -> Value {
    let containers: Vec<Value> = (0..n)
        .map(|i| json!({ "name": format!("c{i}"), "image": format!("app{i}:1.0"), "imagePullPolicy": "IfNotPresent" }))
        .collect();
    json!({ "kind": "Pod", "metadata": { "name": "big", "annotations": { "k8s.aliyun.com/eci-auto-imc": "true" } },
            "spec": { "containers": containers } })
}

#[test]
fn containers_past_the_limit_are_an_error_and_the_first_are_evaluated() {
    let at = evaluate(&json!({ "object": pod_with_containers(MAX_CONTAINERS) })).unwrap();
    assert_eq!(at.images.len(), MAX_CONTAINERS);
    assert!(at.diagnostics.iter().all(|d| d.code != Code::InvalidField));
    let past = evaluate(&json!({ "object": pod_with_containers(MAX_CONTAINERS + 1) })).unwrap();
    assert_eq!(past.images.len(), MAX_CONTAINERS);
    let d = past
        .diagnostics
        .iter()
        .find(|d| d.code == Code::InvalidField)
        .expect("a diagnostic");
    assert_eq!(d.path, "/spec");
    assert!(
        d.message.contains("101 containers; only the first 100"),
        "{}",
        d.message
    );
}

#[test]
fn caches_past_the_limit_are_refused_naming_the_field() {
    let cache = json!({ "spec": { "images": ["app0:1.0"] }, "status": { "imageCacheId": "imc-a", "phase": "Ready" } });
    let object = pod_with_containers(1);
    let at = evaluate(&json!({ "object": object, "imageCaches": vec![cache.clone(); MAX_CACHES] }))
        .unwrap();
    assert_eq!(at.caches.len(), MAX_CACHES);
    assert_eq!(at.decision.outcome, Outcome::Matched);
    let err = evaluate(&json!({ "object": object, "imageCaches": vec![cache; MAX_CACHES + 1] }))
        .unwrap_err();
    assert_eq!(err.path, "/imageCaches");
}

#[test]
fn input_bytes_past_the_limit_are_refused_before_parsing() {
    // A valid input padded with spaces up to the limit is read; one byte more is not.
    let mut bytes = br#"{"object": {"kind": "Pod", "spec": {"containers": [{"name": "a", "image": "nginx"}]}}}"#.to_vec();
    bytes.resize(MAX_INPUT_BYTES, b' ');
    assert!(evaluate_slice(&bytes).is_ok());
    bytes.push(b' ');
    let err = evaluate_slice(&bytes).unwrap_err();
    assert!(
        err.message.contains("at most 67108864 are read"),
        "{}",
        err.message
    );
}

#[test]
fn depth_and_string_limits_hold_through_evaluate_slice() {
    let deep = format!(
        r#"{{"object": {{"kind": "Pod", "metadata": {{"labels": {}1{}}}}}}}"#,
        "[".repeat(MAX_DEPTH),
        "]".repeat(MAX_DEPTH)
    );
    let err = evaluate_slice(deep.as_bytes()).unwrap_err();
    assert!(err.message.contains("nests deeper than"), "{}", err.message);
    let long = format!(
        r#"{{"object": {{"kind": "Pod", "metadata": {{"name": "{}"}}}}}}"#,
        "x".repeat(MAX_STRING_BYTES + 1)
    );
    let err = evaluate_slice(long.as_bytes()).unwrap_err();
    assert!(err.message.contains("longer than the"), "{}", err.message);
}
