//! The policy's behaviour per request, with the host capability mocked the way
//! Kubewarden's own policies mock it (mockall's `automock` on a module).

use std::sync::{Mutex, MutexGuard};

use kubewarden_policy_sdk::response::ValidationResponse;
use mockall::automock;
use serde_json::{json, Value};

use super::lookup::field_masks;
use super::response::MAX_LINE_CHARS;
use super::{admit, check_settings, validate, validate_settings, MAX_REQUEST_BYTES};
use crate::core::time::Timestamp;

#[automock]
pub mod wapc {
    use kubewarden_policy_sdk::wapc_guest::CallResult;

    #[allow(dead_code)]
    pub fn host_call(
        _binding: &str,
        _namespace: &str,
        _operation: &str,
        _payload: &[u8],
    ) -> CallResult {
        Err("not mocked".into())
    }
}

/// The mock's expectations are global: tests that set them run one at a time.
fn serial() -> MutexGuard<'static, ()> {
    static LOCK: Mutex<()> = Mutex::new(());
    LOCK.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn now() -> Timestamp {
    Timestamp::parse("2026-11-27T08:00:00Z").unwrap()
}

/// The cluster answers with these caches, once; the request must be the masked list of
/// `eci.alibabacloud.com/v1` `ImageCache`.
fn cluster(caches: Vec<Value>) -> mock_wapc::__host_call::Context {
    let ctx = mock_wapc::host_call_context();
    ctx.expect()
        .times(1)
        .returning(move |binding, namespace, operation, payload| {
            assert_eq!(
                (binding, namespace, operation),
                ("kubewarden", "kubernetes", "list_resources_all")
            );
            let req: Value = serde_json::from_slice(payload).unwrap();
            assert_eq!(
                (req["api_version"].as_str(), req["kind"].as_str()),
                (Some("eci.alibabacloud.com/v1"), Some("ImageCache"))
            );
            let masks: Vec<String> = serde_json::from_value(req["field_masks"].clone()).unwrap();
            assert!(masks.iter().eq(field_masks().iter()));
            let reply = json!({"apiVersion": "eci.alibabacloud.com/v1", "kind": "ImageCacheList",
                       "metadata": {}, "items": caches.clone()});
            Ok(serde_json::to_vec(&reply).unwrap())
        });
    ctx
}

/// The cluster cannot be asked: the host's error for a missing CRD.
fn cluster_fails() -> mock_wapc::__host_call::Context {
    let ctx = mock_wapc::host_call_context();
    ctx.expect().times(1).returning(|_, _, _, _| {
        Err("Host error: Cannot find resource eci.alibabacloud.com/v1/ImageCache".into())
    });
    ctx
}

/// The cluster must not be asked at all.
fn cluster_untouched() -> mock_wapc::__host_call::Context {
    let ctx = mock_wapc::host_call_context();
    ctx.expect().times(0);
    ctx
}

fn cache(name: &str, id: &str, images: &[&str], phase: &str) -> Value {
    json!({"metadata": {"name": name, "creationTimestamp": "2026-11-01T00:00:00Z"},
           "spec": {"images": images, "imageCacheSize": 20},
           "status": {"imageCacheId": id, "phase": phase, "expireDateTime": "2026-12-31T00:00:00Z"}})
}

fn pod(annotations: Value) -> Value {
    json!({"apiVersion": "v1", "kind": "Pod",
           "metadata": {"name": "web", "annotations": annotations},
           "spec": {"containers": [{"name": "web", "image": "nginx:1.25"}]}})
}

fn deployment(annotations: Value, image: &str) -> Value {
    json!({"apiVersion": "apps/v1", "kind": "Deployment",
           "metadata": {"name": "web", "namespace": "prod"},
           "spec": {"replicas": 2, "template": {
               "metadata": {"labels": {"app": "web"}, "annotations": annotations},
               "spec": {"containers": [{"name": "web", "image": image, "imagePullPolicy": "IfNotPresent"}]}}}})
}

fn request(operation: &str, object: Value, old: Value, settings: Value) -> Vec<u8> {
    let kind = object
        .get("kind")
        .or_else(|| old.get("kind"))
        .cloned()
        .unwrap_or_default();
    serde_json::to_vec(&json!({
        "settings": settings,
        "request": {"uid": "u-1", "kind": {"group": "", "version": "v1", "kind": kind},
                    "operation": operation, "namespace": "prod", "name": "web",
                    "object": object, "oldObject": old}
    }))
    .unwrap()
}

fn run(operation: &str, object: Value, old: Value, settings: Value) -> ValidationResponse {
    admit(&request(operation, object, old, settings), now())
}

fn warnings(response: &ValidationResponse) -> Vec<String> {
    response.warnings.clone().unwrap_or_default()
}

#[test]
fn a_pod_asking_for_automatic_matching_is_pinned_to_the_best_cache() {
    let _serial = serial();
    let _cluster = cluster(vec![
        cache("old", "imc-old1", &["nginx:1.25"], "Creating"),
        cache("web", "imc-web1", &["nginx:1.25"], "Ready"),
    ]);
    let mut object = pod(json!({"k8s.aliyun.com/eci-auto-imc": "true"}));
    object["spec"]["containers"][0]["imagePullPolicy"] = json!("Always");
    let response = run("CREATE", object, Value::Null, json!({}));
    assert!(response.accepted, "{:?}", response.message);
    let mutated = response.mutated_object.clone().unwrap();
    let annotations = &mutated["metadata"]["annotations"];
    assert_eq!(
        annotations["k8s.aliyun.com/eci-image-snapshot-id"],
        "imc-web1"
    );
    assert_eq!(
        annotations["eci-image-cache/decision"],
        "auto-matched web (imc-web1): holds 1 of 1 image"
    );
    assert_eq!(
        mutated["spec"]["containers"][0]["imagePullPolicy"],
        "IfNotPresent"
    );
    assert_eq!(
        warnings(&response).last().unwrap(),
        "auto-matched web (imc-web1): holds 1 of 1 image"
    );
}

#[test]
fn members_of_the_request_the_policy_never_reads_do_not_refuse_it() {
    let _serial = serial();
    let _cluster = cluster(vec![cache("web", "imc-web1", &["nginx:1.25"], "Ready")]);
    let mut payload: Value = serde_json::from_slice(&request(
        "CREATE",
        pod(json!({"k8s.aliyun.com/eci-auto-imc": "true"})),
        Value::Null,
        json!({}),
    ))
    .unwrap();
    payload["request"]["userInfo"] = json!({"username": 7, "groups": "system:masters"});
    payload["request"]["options"] = json!(["not", "a", "map"]);
    payload["request"]["dryRun"] = json!("yes");
    let response = admit(&serde_json::to_vec(&payload).unwrap(), now());
    assert!(response.accepted, "{:?}", response.message);
    assert_eq!(
        response.mutated_object.unwrap()["metadata"]["annotations"]
            ["k8s.aliyun.com/eci-image-snapshot-id"],
        "imc-web1"
    );
}

#[test]
fn members_the_policy_reads_are_still_checked() {
    let _serial = serial();
    let _cluster = cluster_untouched();
    for (member, value, said) in [
        (
            "operation",
            json!(1),
            "invalid type: integer `1`, expected a string",
        ),
        ("kind", json!("Pod"), "expected struct GroupVersionKind"),
        (
            "namespace",
            json!(null),
            "invalid type: null, expected a string",
        ),
    ] {
        let mut payload: Value =
            serde_json::from_slice(&request("CREATE", pod(json!({})), Value::Null, json!({})))
                .unwrap();
        payload["request"][member] = value;
        let response = admit(&serde_json::to_vec(&payload).unwrap(), now());
        let message = response.message.unwrap_or_default();
        assert!(!response.accepted, "{member}");
        assert!(
            message.starts_with("eci-image-cache cannot read the ValidationRequest: ")
                && message.contains(said),
            "{member}: {message}"
        );
    }
}

#[test]
fn a_pod_asking_for_no_cache_never_queries_the_cluster() {
    let _serial = serial();
    let _cluster = cluster_untouched();
    let response = run(
        "CREATE",
        pod(json!({"app": "web"})),
        Value::Null,
        json!({"onLookupFailure": "reject"}),
    );
    assert!(response.accepted);
    assert!(response.mutated_object.is_none() && response.warnings.is_none());
}

#[test]
fn auto_match_by_default_queries_the_cluster_for_plain_pods() {
    let _serial = serial();
    let _cluster = cluster(vec![cache("web", "imc-web1", &["nginx:1.25"], "Ready")]);
    let response = run(
        "CREATE",
        pod(json!({})),
        Value::Null,
        json!({"autoMatchByDefault": true}),
    );
    assert!(response.accepted);
    let mutated = response.mutated_object.unwrap();
    assert_eq!(
        mutated["metadata"]["annotations"]["k8s.aliyun.com/eci-image-snapshot-id"],
        "imc-web1"
    );
}

#[test]
fn a_pin_to_a_missing_cache_is_rejected_in_ecis_words() {
    let _serial = serial();
    let _cluster = cluster(vec![cache("web", "imc-web1", &["nginx:1.25"], "Ready")]);
    let response = run(
        "CREATE",
        pod(json!({"k8s.aliyun.com/eci-imc-id": "imc-gone1"})),
        Value::Null,
        json!({}),
    );
    assert!(!response.accepted);
    assert!(response.mutated_object.is_none());
    let message = response.message.unwrap();
    assert!(
        message.starts_with(
            "Pod prod/web: metadata.annotations[k8s.aliyun.com/eci-imc-id]: The specified image cache imc-gone1 does not exist. Fix: "
        ),
        "{message}"
    );
}

#[test]
fn a_pin_to_a_cache_not_ready_is_a_warning_without_reject_unusable_pin() {
    let _serial = serial();
    let _cluster = cluster(vec![cache("web", "imc-web1", &["nginx:1.25"], "Creating")]);
    let object = pod(json!({"k8s.aliyun.com/eci-imc-id": "imc-web1"}));
    let response = run(
        "CREATE",
        object,
        Value::Null,
        json!({"rejectUnusablePin": false}),
    );
    assert!(response.accepted);
    assert!(
        warnings(&response)[0]
            .contains("The production for specified image cache imc-web1 is not yet complete."),
        "{:?}",
        response.warnings
    );
}

#[test]
fn a_failed_lookup_admits_an_automatic_pod_with_a_warning_naming_the_failure() {
    let _serial = serial();
    let _cluster = cluster_fails();
    let response = run(
        "CREATE",
        pod(json!({"k8s.aliyun.com/eci-auto-imc": "true"})),
        Value::Null,
        json!({}),
    );
    assert!(response.accepted);
    assert!(response.mutated_object.is_none());
    let w = warnings(&response);
    assert_eq!(w.len(), 1, "{w:?}");
    assert_eq!(
        w[0],
        "image caches were not checked, Pod prod/web was admitted as it is: listing the cluster's \
         eci.alibabacloud.com/v1 ImageCache objects failed: Cannot find resource eci.alibabacloud.com/v1/ImageCache"
    );
}

#[test]
fn a_failed_lookup_rejects_an_automatic_pod_when_the_setting_says_so() {
    let _serial = serial();
    let _cluster = cluster_fails();
    let object = pod(json!({"k8s.aliyun.com/eci-auto-imc": "true"}));
    let response = run(
        "CREATE",
        object,
        Value::Null,
        json!({"onLookupFailure": "reject"}),
    );
    assert!(!response.accepted);
    let message = response.message.unwrap();
    assert!(
        message.starts_with("Pod prod/web: no image cache can be matched: listing the cluster's"),
        "{message}"
    );
    assert!(
        message.contains("Cannot find resource eci.alibabacloud.com/v1/ImageCache"),
        "{message}"
    );
}

#[test]
fn a_failed_lookup_rejects_a_pinned_pod_whatever_the_setting() {
    for on_failure in ["accept", "reject"] {
        let _serial = serial();
        let _cluster = cluster_fails();
        let object = pod(json!({"k8s.aliyun.com/eci-image-snapshot-id": "imc-web1"}));
        let response = run(
            "CREATE",
            object,
            Value::Null,
            json!({"onLookupFailure": on_failure}),
        );
        assert!(!response.accepted, "{on_failure}");
        let message = response.message.unwrap();
        assert!(
            message.starts_with(
                "Pod prod/web: the pinned image cache imc-web1 cannot be checked: listing"
            ),
            "{message}"
        );
        assert!(
            message.contains("Fix: install ECI's ImageCache CRD"),
            "{message}"
        );
    }
}

#[test]
fn a_failed_lookup_does_not_hide_errors_that_need_no_cache() {
    let _serial = serial();
    let _cluster = cluster_fails();
    let object = pod(
        json!({"k8s.aliyun.com/eci-auto-imc": "true", "k8s.aliyun.com/imc-match-count-request": "two"}),
    );
    let response = run("CREATE", object, Value::Null, json!({}));
    assert!(!response.accepted);
    assert!(response
        .message
        .as_deref()
        .unwrap_or_default()
        .contains("k8s.aliyun.com/imc-match-count-request must be a positive whole number"));
    assert!(warnings(&response)
        .iter()
        .any(|w| w.starts_with("image caches were not checked: listing")));
}

#[test]
fn a_pod_update_is_never_mutated_and_says_when_a_cache_annotation_changes() {
    let _serial = serial();
    let _cluster = cluster_untouched();
    let old = pod(json!({"k8s.aliyun.com/eci-auto-imc": "true"}));
    let new = pod(
        json!({"k8s.aliyun.com/eci-auto-imc": "true", "k8s.aliyun.com/eci-imc-id": "imc-gone1"}),
    );
    let response = run("UPDATE", new, old.clone(), json!({}));
    assert!(response.accepted && response.mutated_object.is_none());
    assert_eq!(
        warnings(&response),
        ["metadata.annotations[k8s.aliyun.com/eci-imc-id]: changing it on an existing pod has no effect: \
          ECI reads image cache annotations only when a pod is created; recreate the pod instead"]
    );
    let response = run("UPDATE", old.clone(), old, json!({}));
    assert!(response.accepted && response.warnings.is_none());
}

#[test]
fn delete_is_accepted_without_looking() {
    let _serial = serial();
    let _cluster = cluster_untouched();
    let response = run(
        "DELETE",
        Value::Null,
        pod(json!({"k8s.aliyun.com/eci-imc-id": "imc-x1"})),
        json!({}),
    );
    assert!(response.accepted && response.mutated_object.is_none() && response.message.is_none());
}

#[test]
fn workloads_are_mutated_only_with_mutate_workloads() {
    let _serial = serial();
    let caches = vec![cache("web", "imc-web1", &["nginx:1.25"], "Ready")];
    let object = deployment(json!({"k8s.aliyun.com/eci-auto-imc": "true"}), "nginx:1.25");
    {
        let _cluster = cluster(caches.clone());
        let response = run("CREATE", object.clone(), Value::Null, json!({}));
        assert!(response.accepted && response.mutated_object.is_none());
        assert_eq!(
            warnings(&response),
            ["auto-matched web (imc-web1): holds 1 of 1 image; the setting mutateWorkloads is off, so the Deployment is left as it is and each of its pods is matched when it is created"]
        );
    }
    let _cluster = cluster(caches);
    let response = run(
        "CREATE",
        object,
        Value::Null,
        json!({"mutateWorkloads": true}),
    );
    let mutated = response.mutated_object.unwrap();
    assert_eq!(
        mutated["spec"]["template"]["metadata"]["annotations"]
            ["k8s.aliyun.com/eci-image-snapshot-id"],
        "imc-web1"
    );
    assert_eq!(
        mutated["spec"]["template"]["metadata"]["labels"],
        json!({"app": "web"})
    );
}

#[test]
fn a_workload_update_is_mutated_only_when_its_template_changes() {
    let _serial = serial();
    let caches = vec![cache(
        "web",
        "imc-web1",
        &["nginx:1.25", "nginx:1.26"],
        "Ready",
    )];
    let settings = json!({"mutateWorkloads": true});
    let old = deployment(json!({"k8s.aliyun.com/eci-auto-imc": "true"}), "nginx:1.25");
    let mut scaled = old.clone();
    scaled["spec"]["replicas"] = json!(5);
    {
        let _cluster = cluster(caches.clone());
        let response = run("UPDATE", scaled, old.clone(), settings.clone());
        assert!(response.accepted && response.mutated_object.is_none());
    }
    let _cluster = cluster(caches);
    let new = deployment(json!({"k8s.aliyun.com/eci-auto-imc": "true"}), "nginx:1.26");
    let response = run("UPDATE", new, old, settings);
    assert!(response.mutated_object.is_some());
}

#[test]
fn a_workload_update_is_refused_only_for_errors_it_introduces() {
    let _serial = serial();
    let caches = vec![cache("web", "imc-web1", &["nginx:1.25"], "Ready")];
    let broken = deployment(
        json!({"k8s.aliyun.com/eci-imc-id": "imc-gone1"}),
        "nginx:1.25",
    );
    let mut relabelled = broken.clone();
    relabelled["metadata"]["labels"] = json!({"team": "a"});
    {
        let _cluster = cluster(caches.clone());
        let response = run("UPDATE", relabelled, broken.clone(), json!({}));
        assert!(response.accepted, "{:?}", response.message);
        assert!(warnings(&response)[0]
            .contains("does not exist. (so before this update too: not refused for it)"));
    }
    let _cluster = cluster(caches);
    let good = deployment(
        json!({"k8s.aliyun.com/eci-imc-id": "imc-web1"}),
        "nginx:1.25",
    );
    let response = run("UPDATE", broken, good, json!({}));
    assert!(!response.accepted);
    assert!(response.message.unwrap().starts_with("Deployment prod/web: spec.template.metadata.annotations[k8s.aliyun.com/eci-imc-id]: The specified image cache imc-gone1 does not exist."));
}

#[test]
fn a_cron_job_is_evaluated_through_its_job_template() {
    let _serial = serial();
    let _cluster = cluster(vec![cache("web", "imc-web1", &["nginx:1.25"], "Ready")]);
    let object = json!({"apiVersion": "batch/v1", "kind": "CronJob", "metadata": {"name": "nightly", "namespace": "prod"},
        "spec": {"schedule": "0 3 * * *", "jobTemplate": {"spec": {"template": {
            "metadata": {"annotations": {"k8s.aliyun.com/eci-auto-imc": "true"}},
            "spec": {"restartPolicy": "Never", "containers": [{"name": "c", "image": "nginx:1.25", "imagePullPolicy": "Always"}]}}}}}});
    let response = run(
        "CREATE",
        object,
        Value::Null,
        json!({"mutateWorkloads": true}),
    );
    assert!(response.accepted);
    let mutated = response.mutated_object.unwrap();
    let template = &mutated["spec"]["jobTemplate"]["spec"]["template"];
    assert_eq!(
        template["metadata"]["annotations"]["k8s.aliyun.com/eci-image-snapshot-id"],
        "imc-web1"
    );
    assert_eq!(
        template["spec"]["containers"][0]["imagePullPolicy"],
        "IfNotPresent"
    );
}

#[test]
fn image_caches_are_checked_against_the_rules_of_the_spec() {
    let _serial = serial();
    let _cluster = cluster_untouched();
    let bad = json!({"apiVersion": "eci.alibabacloud.com/v1", "kind": "ImageCache", "metadata": {"name": "big"},
                     "spec": {"images": (0..21).map(|i| format!("img{i}:1")).collect::<Vec<_>>(),
                              "imageCacheSize": 10, "imagePullSecrets": ["acr-secret"]}});
    let response = run("CREATE", bad.clone(), Value::Null, json!({}));
    assert!(!response.accepted);
    let message = response.message.unwrap();
    assert!(
        message.starts_with(
            "ImageCache big: spec.images: a cache holds 1 to 20 images, this one lists 21."
        ),
        "{message}"
    );
    assert!(message.contains("spec.imageCacheSize: imageCacheSize must be a whole number of GiB from 20 to 32768, not 10"));
    assert!(message.contains("spec.imagePullSecrets[0]: "));
    let good = cache("good", "imc-good1", &["nginx:1.25"], "Ready");
    let mut good = good;
    good["kind"] = json!("ImageCache");
    let response = run("CREATE", good, Value::Null, json!({}));
    assert!(response.accepted && response.warnings.is_none());
    // The controller's status update of a cache created before the policy goes through.
    let mut updated = bad.clone();
    updated["status"] = json!({"phase": "Failed"});
    let response = run("UPDATE", updated, bad, json!({}));
    assert!(response.accepted, "{:?}", response.message);
}

#[test]
fn other_kinds_and_subresources_are_accepted_untouched() {
    let _serial = serial();
    let _cluster = cluster_untouched();
    let service = json!({"apiVersion": "v1", "kind": "Service", "metadata": {"name": "s"}});
    let response = run("CREATE", service, Value::Null, json!({}));
    assert!(response.accepted && response.warnings.is_none());
    let mut payload: Value = serde_json::from_slice(&request(
        "UPDATE",
        pod(json!({"k8s.aliyun.com/eci-imc-id": "imc-gone1"})),
        Value::Null,
        json!({}),
    ))
    .unwrap();
    payload["request"]["subResource"] = json!("status");
    let response = admit(&serde_json::to_vec(&payload).unwrap(), now());
    assert!(response.accepted);
}

#[test]
fn validate_never_fails_even_on_garbage() {
    let _serial = serial();
    let _cluster = cluster_untouched();
    for payload in [
        &b"not json"[..],
        b"{}",
        b"{\"request\": 3}",
        b"{\"settings\": {\"x\": 1}, \"request\": {}}",
    ] {
        let bytes = validate(payload).expect("validate must answer, not fail");
        let response: ValidationResponse = serde_json::from_slice(&bytes).unwrap();
        assert!(!response.accepted, "{}", String::from_utf8_lossy(payload));
        assert!(response.message.is_some());
    }
    let response: ValidationResponse = serde_json::from_slice(
        &validate(&request("CREATE", pod(json!({})), Value::Null, json!({}))).unwrap(),
    )
    .unwrap();
    assert!(response.accepted, "the real clock is read without trouble");
}

#[test]
fn settings_are_checked_with_a_message_naming_the_key() {
    assert!(check_settings(b"{}").valid);
    assert!(check_settings(b"").valid);
    assert!(check_settings(br#"{"onLookupFailure": "reject", "mutateWorkloads": true}"#).valid);
    let r = check_settings(br#"{"onLookupFailur": "reject"}"#);
    assert!(!r.valid);
    assert!(r
        .message
        .unwrap()
        .starts_with("unknown setting \"onLookupFailur\""));
    let r = check_settings(br#"{"pinAnnotation": "x"}"#);
    assert!(r.message.unwrap().starts_with("pinAnnotation must be"));
    let r = check_settings(b"[");
    assert!(r.message.unwrap().starts_with("the settings are not JSON"));
    let bytes = validate_settings(br#"{"temporaryStorageGiB": 0}"#).unwrap();
    let r: Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(r["valid"], false);
    assert!(r["message"]
        .as_str()
        .unwrap()
        .starts_with("temporaryStorageGiB must be"));
}

#[test]
fn a_request_without_an_object_names_what_it_was() {
    let _serial = serial();
    let _cluster = cluster_untouched();
    let mut payload: Value =
        serde_json::from_slice(&request("CREATE", pod(json!({})), Value::Null, json!({}))).unwrap();
    payload["request"].as_object_mut().unwrap().remove("object");
    let response = admit(&serde_json::to_vec(&payload).unwrap(), now());
    assert!(!response.accepted);
    assert_eq!(
        response.message.as_deref(),
        Some("the CREATE request of Pod prod/web carries no object to evaluate")
    );
    let response = admit(br#"{"settings": {}, "request": {}}"#, now());
    assert_eq!(
        response.message.as_deref(),
        Some("the admission request carries no object to evaluate")
    );
}

/// A request of exactly `len` bytes: a pod asking for no cache, padded by an annotation.
fn request_of(len: usize) -> Vec<u8> {
    let bare = request(
        "CREATE",
        pod(json!({"acme.io/blob": ""})),
        Value::Null,
        json!({}),
    );
    let blob = "x".repeat(len - bare.len());
    let padded = request(
        "CREATE",
        pod(json!({ "acme.io/blob": blob })),
        Value::Null,
        json!({}),
    );
    assert_eq!(padded.len(), len);
    padded
}

#[test]
fn a_request_past_the_size_limit_is_refused_unread_with_its_size() {
    let _serial = serial();
    let _cluster = cluster_untouched();
    let response = admit(&request_of(MAX_REQUEST_BYTES), now());
    assert!(response.accepted, "{:?}", response.message);
    let response = admit(&request_of(MAX_REQUEST_BYTES + 1), now());
    assert!(!response.accepted);
    assert_eq!(
        response.message.as_deref(),
        Some(
            "eci-image-cache refuses the request unread: it is 8388609 bytes, more than the 8388608 the \
             policy reads (the API server accepts at most 3 MiB in one request)"
        )
    );
    // Not even JSON: the size is checked first.
    let response = admit(&vec![b'['; MAX_REQUEST_BYTES + 1], now());
    assert!(response
        .message
        .unwrap()
        .starts_with("eci-image-cache refuses the request unread: it is 8388609 bytes"));
}

#[test]
fn a_huge_value_is_cut_in_the_middle_of_the_message_that_repeats_it() {
    let _serial = serial();
    let _cluster = cluster(Vec::new());
    let pin = format!("imc-{}", "x".repeat(2 << 20));
    let mut object = pod(json!({ "k8s.aliyun.com/eci-imc-id": pin }));
    object["metadata"]["name"] = json!("n".repeat(1 << 20));
    let response = run("CREATE", object, Value::Null, json!({}));
    assert!(!response.accepted);
    let message = response.message.unwrap();
    assert!(
        message.len() < 2 * MAX_LINE_CHARS,
        "{} bytes",
        message.len()
    );
    assert!(
        message.starts_with(&format!(
            "Pod prod/{}…[1048324 characters left out]…{}: metadata.annotations[k8s.aliyun.com/eci-imc-id]: ",
            "n".repeat(126),
            "n".repeat(126)
        )),
        "{message}"
    );
    assert!(message.contains(" characters left out]…"), "{message}");
    assert!(message.contains(". Fix: "), "{message}");
}
