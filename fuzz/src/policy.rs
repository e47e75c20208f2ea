//! The Kubewarden policy's `validate` payload handling (`policy::admit`). Off wasm the
//! policy SDK links its own no-op waPC host, whose every call fails with an empty message:
//! so here listing the cluster's ImageCaches always fails, and the lookup-failure path is
//! the one exercised after the request is read. Shared with `tests/fuzz_regressions.rs`,
//! which includes this file with the feature on.
//!
//! The laws: every payload gets a deliberate response (never a panic, never an `Err` that
//! the host would turn into "internal server error"), the same one twice; a rejection says
//! why; invalid settings say why; DELETE, CONNECT and subresources are let through
//! untouched; a payload that is no ValidationRequest is refused; a mutation changes only the
//! pin, the audit annotation and pull policies, and admitting the mutated object again
//! changes nothing more.

use eci_image_cache::core::image_cache::is_cache_id;
use eci_image_cache::core::time::Timestamp;
use eci_image_cache::core::Settings;
use eci_image_cache::policy::request::ValidationRequest;
use eci_image_cache::policy::{admit, check_settings, validate};
use kubewarden_policy_sdk::response::ValidationResponse;
use serde_json::{json, Value};

use crate::invariants::{allowed_write, pod_path, Known};

/// The time the policy is asked at (the WASI clock in a real host).
pub fn now() -> Timestamp {
    Timestamp::parse("2026-11-27T08:00:00Z").expect("a valid time")
}

/// Admits `payload`, checks every law, and returns the response.
pub fn check_admission(payload: &[u8], known: &[Known]) -> ValidationResponse {
    let response = admit(payload, now());
    let encoded = serde_json::to_value(&response).expect("a response serialises");
    assert_eq!(
        serde_json::to_value(admit(payload, now())).expect("serialises"),
        encoded,
        "the same request got another response"
    );
    assert!(
        validate(payload).is_ok(),
        "validate returned an error, which the host turns into an opaque internal error"
    );
    let settings = check_settings(payload);
    assert!(
        settings.valid || settings.message.as_deref().is_some_and(|m| !m.is_empty()),
        "invalid settings without a message"
    );

    if !response.accepted {
        assert!(
            response.message.as_deref().is_some_and(|m| !m.is_empty()),
            "a rejection that does not say why: {encoded}"
        );
        assert!(
            response.mutated_object.is_none(),
            "a rejection that mutates"
        );
    }
    for w in response.warnings.iter().flatten() {
        assert!(!w.is_empty(), "an empty warning");
    }

    let Ok(request) = serde_json::from_slice::<ValidationRequest>(payload) else {
        assert!(
            !response.accepted,
            "a payload that is no ValidationRequest was accepted"
        );
        return response;
    };
    let req = &request.request;
    // A misconfigured policy refuses everything (Kubewarden checks settings when it loads
    // the policy, so this is never reached there); otherwise these pass untouched.
    let settings_ok = Settings::from_json(&request.settings, "").is_ok();
    let passes_through =
        matches!(req.operation.as_str(), "DELETE" | "CONNECT") || !req.sub_resource.is_empty();
    if settings_ok && passes_through {
        assert!(
            response.accepted && response.mutated_object.is_none(),
            "a {} (subresource {:?}) was not let through untouched: {encoded}",
            req.operation,
            req.sub_resource
        );
    }
    if let Some(mutated) = &response.mutated_object {
        check_mutation(payload, &request, mutated, known);
    }
    response
}

/// A mutation writes only what the patch may write, on a workload being created (or a
/// workload's template being changed), and is a fixed point.
fn check_mutation(payload: &[u8], request: &ValidationRequest, mutated: &Value, known: &[Known]) {
    let req = &request.request;
    let original = &req.object;
    let kind = original
        .get("kind")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let pod = pod_path(kind).unwrap_or_else(|| panic!("a {kind} was mutated"));
    assert!(
        req.operation == "CREATE" || (req.operation == "UPDATE" && kind != "Pod"),
        "mutated on {}",
        req.operation
    );
    let mut changes = Vec::new();
    diff(original, mutated, String::new(), &mut changes);
    assert!(
        !changes.is_empty(),
        "a mutated object equal to the original"
    );
    for (path, value) in &changes {
        match value {
            Some(value) => assert!(
                allowed_write(pod, path, value),
                "the mutation writes {value} at {path}"
            ),
            None => panic!("the mutation removes {path}"),
        }
    }

    // Admitting the mutated object again changes nothing more.
    let pins_malformed = mutated
        .pointer(&format!("{pod}/metadata/annotations"))
        .and_then(Value::as_object)
        .is_some_and(|m| {
            [
                "k8s.aliyun.com/eci-image-snapshot-id",
                "k8s.aliyun.com/eci-imc-id",
            ]
            .iter()
            .filter_map(|k| m.get(*k).and_then(Value::as_str))
            .any(|id| !is_cache_id(id))
        });
    if pins_malformed && known.contains(&Known::MalformedIdMatched) {
        return;
    }
    // The same payload, every member kept, with the mutated object.
    let mut again: Value = serde_json::from_slice(payload).expect("a ValidationRequest is JSON");
    again["request"]["object"] = mutated.clone();
    let payload = serde_json::to_vec(&again).expect("serialises");
    let second = admit(&payload, now());
    assert!(
        second.accepted && second.mutated_object.is_none(),
        "admitting the mutated object again: {}",
        serde_json::to_string(&second).unwrap_or_default()
    );
}

/// The places where `b` differs from `a`: the new value, or `None` where `a` had a member
/// that `b` lacks.
fn diff(a: &Value, b: &Value, path: String, out: &mut Vec<(String, Option<Value>)>) {
    let key = |k: &str| format!("{path}/{}", k.replace('~', "~0").replace('/', "~1"));
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for (k, v) in y {
                match x.get(k) {
                    Some(old) => diff(old, v, key(k), out),
                    None => out.push((key(k), Some(v.clone()))),
                }
            }
            for k in x.keys().filter(|k| !y.contains_key(*k)) {
                out.push((key(k), None));
            }
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            for (i, (old, new)) in x.iter().zip(y).enumerate() {
                diff(old, new, format!("{path}/{i}"), out);
            }
        }
        _ if a == b => {}
        _ => out.push((path, Some(b.clone()))),
    }
}

/// A kept input of `policy_validate` (`tests/fuzz-regressions/policy_validate/*.json`):
/// `{"payload": <JSON, sent serialised>}`, `{"payloadText": "<the bytes as text>"}` or
/// `{"payloadBytes": [<byte>, …]}`.
pub fn case_from_json(case: &Value) -> Vec<u8> {
    if let Some(p) = case.get("payload") {
        serde_json::to_vec(p).expect("serialises")
    } else if let Some(t) = case.get("payloadText").and_then(Value::as_str) {
        t.as_bytes().to_vec()
    } else if let Some(b) = case.get("payloadBytes").and_then(Value::as_array) {
        b.iter()
            .map(|n| {
                n.as_u64()
                    .and_then(|n| u8::try_from(n).ok())
                    .expect("a byte")
            })
            .collect()
    } else {
        panic!("a policy case needs payload, payloadText or payloadBytes")
    }
}

/// The JSON form [`case_from_json`] reads.
pub fn case_to_json(payload: &[u8]) -> Value {
    match serde_json::from_slice::<Value>(payload) {
        Ok(v) if serde_json::to_vec(&v).ok().as_deref() == Some(payload) => json!({"payload": v}),
        _ => match std::str::from_utf8(payload) {
            Ok(text) => json!({"payloadText": text}),
            Err(_) => json!({"payloadBytes": payload}),
        },
    }
}
