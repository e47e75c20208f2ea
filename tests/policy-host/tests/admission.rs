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
    let (response, calls) = POLICY
        .validate(cluster, &settings(settings_file), &request(name))
        .unwrap();
    assert_ne!(
        response.code,
        Some(500),
        "{name}: the policy failed instead of answering: {:?}",
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

fn lists(calls: &[HostCall]) -> usize {
    calls.iter().filter(|c| c.capability == LIST).count()
}

#[test]
fn the_module_speaks_the_kubewarden_protocol() {
    assert_eq!(POLICY.protocol_version().unwrap(), json!("v1"));
    let valid = POLICY
        .validate_settings(&json!({"mutateWorkloads": true, "onLookupFailure": "reject"}))
        .unwrap();
    assert_eq!(valid["valid"], true);
    let invalid = POLICY
        .validate_settings(&json!({"mutateWorkload": true}))
        .unwrap();
    assert_eq!(invalid["valid"], false);
    assert!(
        invalid["message"]
            .as_str()
            .unwrap()
            .starts_with("unknown setting \"mutateWorkload\""),
        "{invalid}"
    );
    let invalid = POLICY
        .validate_settings(&json!({"onLookupFailure": "ignore"}))
        .unwrap();
    assert_eq!(
        invalid["message"],
        "onLookupFailure must be \"accept\" or \"reject\", not \"ignore\""
    );
}

#[test]
fn a_pod_asking_for_automatic_matching_is_pinned_to_the_best_cache() {
    let (response, calls) = run("pod-create-auto-match.json", "default.json", &cluster());
    assert!(response.allowed, "{:?}", response.message);
    assert_eq!(
        response.patch,
        Some(json!([
            {"op": "add", "path": "/metadata/annotations/eci-image-cache~1decision",
             "value": "auto-matched web-stack (imc-bp1a2b3c4d5e6f7g8h9i): holds 2 of 2 images"},
            {"op": "add", "path": "/metadata/annotations/k8s.aliyun.com~1eci-image-snapshot-id",
             "value": "imc-bp1a2b3c4d5e6f7g8h9i"},
            {"op": "replace", "path": "/spec/containers/0/imagePullPolicy", "value": "IfNotPresent"}
        ]))
    );
    assert_eq!(response.warnings.len(), 2, "{:?}", response.warnings);
    assert!(
        response.warnings[0].starts_with("spec.containers[0].imagePullPolicy: "),
        "{:?}",
        response.warnings
    );
    assert_eq!(
        response.warnings[1],
        "auto-matched web-stack (imc-bp1a2b3c4d5e6f7g8h9i): holds 2 of 2 images"
    );
    // One list, asking only for the fields the core reads.
    assert_eq!(lists(&calls), 1);
    assert_eq!(calls[0].payload["api_version"], "eci.alibabacloud.com/v1");
    assert_eq!(calls[0].payload["kind"], "ImageCache");
    assert_eq!(
        calls[0].payload["field_masks"].as_array().unwrap().len(),
        eci_image_cache::core::json::CACHE.paths().len()
    );
}

#[test]
fn the_replay_sessions_answer_as_the_cluster_does() {
    // The session's payload is the cluster's list pruned to the policy's field masks.
    let text = std::fs::read_to_string(fixtures().join("sessions/image-caches.yml")).unwrap();
    let exchange = &load_session(&text).unwrap()[0];
    let payload: Value = serde_json::from_str(exchange.response.as_ref().unwrap()).unwrap();
    assert_eq!(payload["kind"], "ImageCacheList");
    let masks: Vec<String> = exchange.request["field_masks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m.as_str().unwrap().to_owned())
        .collect();
    let mut expected = cluster_caches();
    expected.iter_mut().for_each(|c| prune(c, &masks));
    assert_eq!(payload["items"], Value::Array(expected));
    for name in [
        "pod-create-auto-match.json",
        "pod-create-pinned.json",
        "pod-create-pin-missing.json",
        "pod-create-unknown-fields.json",
        "cronjob-create.json",
    ] {
        let (from_cluster, _) = run(name, "mutate-workloads.json", &cluster());
        let (replayed, calls) = run(name, "mutate-workloads.json", &replay("image-caches.yml"));
        assert_eq!(lists(&calls), 1, "{name}");
        assert_eq!(replayed, from_cluster, "{name}");
    }
}

#[test]
fn a_pod_pinning_a_ready_cache_is_admitted_as_it_is() {
    let (response, _) = run("pod-create-pinned.json", "default.json", &cluster());
    assert!(response.allowed);
    assert_eq!(response.patch, None);
    assert_eq!(
        response.warnings,
        ["pinned to nginx-small (imc-2ze5tm5gehgtiiga0001): holds 1 of 1 image"]
    );
}

#[test]
fn a_pin_to_a_missing_cache_is_rejected_in_ecis_words() {
    let (response, _) = run("pod-create-pin-missing.json", "default.json", &cluster());
    assert!(!response.allowed);
    assert_eq!(response.patch, None);
    assert_eq!(
        response.message.as_deref(),
        Some(
            "Pod shop/web-2: metadata.annotations[k8s.aliyun.com/eci-imc-id]: The specified image cache \
             imc-2ze5tm5gehgtiiga9999 does not exist. Fix: Pin the status.imageCacheId of an existing cache, \
             or use k8s.aliyun.com/eci-auto-imc: \"true\"."
        )
    );
}

#[test]
fn a_pin_to_a_cache_still_being_built_is_rejected() {
    let (response, _) = run("pod-create-pin-not-ready.json", "default.json", &cluster());
    assert!(!response.allowed);
    let message = response.message.unwrap();
    assert!(
        message.starts_with(
            "Pod shop/api-canary: metadata.annotations[k8s.aliyun.com/eci-imc-id]: The production for specified \
             image cache imc-bp1zzzyyyxxxwww00001 is not yet complete."
        ),
        "{message}"
    );
    assert!(
        message.contains(" Fix: Wait until the cache is Ready"),
        "{message}"
    );
}

#[test]
fn a_pod_asking_for_no_cache_is_not_looked_up() {
    for cluster in [cluster(), Arc::new(Cluster::failing("unreachable"))] {
        let (response, calls) = run(
            "pod-create-no-cache.json",
            "reject-on-lookup-failure.json",
            &cluster,
        );
        assert!(response.allowed);
        assert_eq!(
            (response.patch, response.warnings.len(), calls.len()),
            (None, 0, 0)
        );
    }
}

/// The benchmark's instance: the time of the host's answers is counted, and only theirs.
#[test]
fn a_timed_instance_counts_the_hosts_answers_and_nothing_else() {
    let host_time = Arc::new(Mutex::new(Duration::ZERO));
    let instance = POLICY
        .timed_instance(Answerer::Callback(cluster()), host_time.clone())
        .unwrap();
    let payload = |name: &str| validation_payload(&request(name), &json!({})).unwrap();
    instance
        .call("validate", &payload("pod-create-no-cache.json"))
        .unwrap();
    assert_eq!(*host_time.lock().unwrap(), Duration::ZERO);
    let response = instance
        .call("validate", &payload("pod-create-auto-match.json"))
        .unwrap();
    let response: Value = serde_json::from_slice(&response).unwrap();
    assert_eq!(response["accepted"], true, "{response}");
    assert!(*host_time.lock().unwrap() > Duration::ZERO);
}

#[test]
fn answers_from_the_hosts_own_thread_are_the_callbacks_answers() {
    let payload = validation_payload(&request("pod-create-auto-match.json"), &json!({})).unwrap();
    let from_thread = Answerer::Thread(Arc::new(HostThread::answering(cluster())));
    let answered: Vec<(Value, Duration)> = [Answerer::Callback(cluster()), from_thread]
        .into_iter()
        .map(|answerer| {
            let host_time = Arc::new(Mutex::new(Duration::ZERO));
            let instance = POLICY.timed_instance(answerer, host_time.clone()).unwrap();
            let response = instance.call("validate", &payload).unwrap();
            let host_time = *host_time.lock().unwrap();
            (serde_json::from_slice(&response).unwrap(), host_time)
        })
        .collect();
    let (by_callback, by_thread) = (&answered[0], &answered[1]);
    assert_eq!(by_callback.0["accepted"], true, "{}", by_callback.0);
    assert!(
        by_callback.0.get("mutated_object").is_some(),
        "{}",
        by_callback.0
    );
    assert_eq!(by_thread.0, by_callback.0);
    assert!(by_thread.1 > Duration::ZERO && by_callback.1 > Duration::ZERO);
}

/// A cluster without ECI's ImageCache CRD: the host cannot find the kind.
fn without_crd() -> Arc<Cluster> {
    let mut cluster = Cluster::with_image_caches(Vec::new());
    cluster.answers = Answers::Objects(Default::default());
    Arc::new(cluster)
}

#[test]
fn a_failed_lookup_admits_an_automatic_pod_with_a_warning() {
    for cluster in [replay("lookup-failure.yml"), without_crd()] {
        let (response, calls) = run("pod-create-auto-match.json", "default.json", &cluster);
        assert_eq!(lists(&calls), 1);
        assert!(response.allowed);
        assert_eq!(response.patch, None);
        assert_eq!(
            response.warnings[0],
            "image caches were not checked, Pod shop/web-0 was admitted as it is: listing the cluster's \
             eci.alibabacloud.com/v1 ImageCache objects failed: Cannot find resource eci.alibabacloud.com/v1/ImageCache"
        );
    }
}

#[test]
fn a_reply_that_is_not_an_image_cache_list_is_a_failed_lookup_too() {
    let session = r#"
- type: Exchange
  request: |
    !KubernetesListResourceAll
    api_version: eci.alibabacloud.com/v1
    kind: ImageCache
    label_selector: null
    field_selector: null
    field_masks: [apiVersion, kind, metadata.name, metadata.creationTimestamp, metadata.deletionTimestamp, metadata.annotations,
                  spec.images, spec.imageCacheSize, spec.retentionDays, spec.imagePullSecrets, status.imageCacheId,
                  status.phase, status.expireDateTime, status.startTime]
  response:
    type: Success
    payload: '{"apiVersion":"v1","kind":"List","metadata":{},"items":[]}'
"#;
    let cluster = Arc::new(Cluster::replaying(session).unwrap());
    let (response, _) = run("pod-create-auto-match.json", "default.json", &cluster);
    assert!(response.allowed);
    assert!(
        response.warnings[0].contains(
            "objects failed: the host's reply is not an ImageCacheList: its kind is \"List\""
        ),
        "{:?}",
        response.warnings
    );
}

#[test]
fn a_failed_lookup_rejects_when_the_setting_says_so_and_always_for_a_pin() {
    let (response, _) = run(
        "pod-create-auto-match.json",
        "reject-on-lookup-failure.json",
        &replay("lookup-failure.yml"),
    );
    assert!(!response.allowed);
    let message = response.message.unwrap();
    assert!(
        message.starts_with("Pod shop/web-0: no image cache can be matched: listing the cluster's"),
        "{message}"
    );
    assert!(
        message.ends_with("or set the policy's onLookupFailure to accept."),
        "{message}"
    );
    for settings in ["default.json", "reject-on-lookup-failure.json"] {
        let (response, _) = run(
            "pod-create-pinned.json",
            settings,
            &replay("lookup-failure.yml"),
        );
        assert!(!response.allowed, "{settings}");
        let message = response.message.unwrap();
        assert!(
            message.starts_with("Pod shop/web-1: the pinned image cache imc-2ze5tm5gehgtiiga0001 cannot be checked: "),
            "{message}"
        );
    }
}

#[test]
fn a_kind_outside_context_aware_resources_is_refused_by_the_host_and_reported() {
    let mut cluster = Cluster::with_image_caches(cluster_caches());
    cluster.context_aware_resources.clear();
    let cluster = Arc::new(cluster);
    let (response, calls) = run("pod-create-auto-match.json", "default.json", &cluster);
    assert_eq!(lists(&calls), 1);
    assert!(response.allowed);
    let granted = not_granted("eci.alibabacloud.com/v1", "ImageCache");
    assert!(
        response.warnings[0].ends_with(&granted),
        "{:?}",
        response.warnings
    );
}

#[test]
fn fields_unknown_to_k8s_openapi_survive_the_mutation() {
    let object = request("pod-create-unknown-fields.json")["object"].clone();
    let (response, _) = run("pod-create-unknown-fields.json", "default.json", &cluster());
    assert!(response.allowed, "{:?}", response.message);
    let patch = response.patch.clone().unwrap();
    assert_eq!(
        patch,
        json!([
            {"op": "add", "path": "/metadata/annotations/eci-image-cache~1decision",
             "value": "auto-matched web-stack (imc-bp1a2b3c4d5e6f7g8h9i): holds 1 of 1 image"},
            {"op": "add", "path": "/metadata/annotations/k8s.aliyun.com~1eci-image-snapshot-id",
             "value": "imc-bp1a2b3c4d5e6f7g8h9i"},
            {"op": "replace", "path": "/spec/containers/0/imagePullPolicy", "value": "IfNotPresent"}
        ])
    );
    let mut patched = object.clone();
    json_patch::patch(
        &mut patched,
        &serde_json::from_value::<json_patch::Patch>(patch).unwrap(),
    )
    .unwrap();
    for pointer in [
        "/metadata/acme.io~1owner",
        "/spec/acme.io~1placement",
        "/spec/hostUsers",
        "/spec/containers/0/acme.io~1sidecarMode",
        "/spec/containers/0/futureProbe",
        "/status",
    ] {
        assert_eq!(
            patched.pointer(pointer),
            object.pointer(pointer),
            "{pointer}"
        );
        assert!(patched.pointer(pointer).is_some(), "{pointer}");
    }
}

#[test]
fn a_pod_created_by_a_replica_set_is_mutated_too() {
    let (response, _) = run(
        "pod-create-from-replicaset.json",
        "default.json",
        &cluster(),
    );
    assert!(response.allowed);
    assert_eq!(
        response.patch,
        Some(json!([
            {"op": "add", "path": "/metadata/annotations/eci-image-cache~1decision",
             "value": "auto-matched web-stack (imc-bp1a2b3c4d5e6f7g8h9i): holds 2 of 2 images"},
            {"op": "add", "path": "/metadata/annotations/k8s.aliyun.com~1eci-image-snapshot-id",
             "value": "imc-bp1a2b3c4d5e6f7g8h9i"}
        ]))
    );
}

#[test]
fn a_pod_update_is_never_mutated_and_not_looked_up() {
    let (response, calls) = run("pod-update-pin-changed.json", "default.json", &cluster());
    assert!(response.allowed);
    assert_eq!((response.patch, calls.len()), (None, 0));
    assert_eq!(
        response.warnings,
        ["metadata.annotations[k8s.aliyun.com/eci-image-snapshot-id]: changing it on an existing pod has no \
          effect: ECI reads image cache annotations only when a pod is created; recreate the pod instead"]
    );
}

#[test]
fn delete_is_accepted_without_a_lookup() {
    let (response, calls) = run("pod-delete.json", "mutate-workloads.json", &cluster());
    assert!(response.allowed);
    assert_eq!(
        (
            response.patch,
            response.message,
            response.warnings.len(),
            calls.len()
        ),
        (None, None, 0, 0)
    );
}

#[test]
fn a_deployment_is_mutated_only_with_mutate_workloads() {
    let (response, calls) = run("deployment-create.json", "default.json", &cluster());
    assert!(response.allowed);
    assert_eq!(lists(&calls), 1);
    assert_eq!(response.patch, None);
    assert_eq!(
        response.warnings,
        [
            "metadata.annotations[k8s.aliyun.com/eci-extra-ephemeral-storage]: k8s.aliyun.com/eci-extra-ephemeral-storage \
             on the Deployment's own metadata has no effect: ECI reads only the pod's annotations; move it to the \
             annotations of the pod template. Fix: move the annotation into the pod template.",
            "auto-matched web-stack (imc-bp1a2b3c4d5e6f7g8h9i): holds 2 of 2 images; the setting mutateWorkloads is off, \
             so the Deployment is left as it is and each of its pods is matched when it is created"
        ]
    );
    let (response, _) = run(
        "deployment-create.json",
        "mutate-workloads.json",
        &cluster(),
    );
    assert_eq!(
        response.patch,
        Some(json!([
            {"op": "add", "path": "/spec/template/metadata/annotations/eci-image-cache~1decision",
             "value": "auto-matched web-stack (imc-bp1a2b3c4d5e6f7g8h9i): holds 2 of 2 images"},
            {"op": "add", "path": "/spec/template/metadata/annotations/k8s.aliyun.com~1eci-image-snapshot-id",
             "value": "imc-bp1a2b3c4d5e6f7g8h9i"}
        ]))
    );
}

#[test]
fn a_deployment_update_of_its_template_is_mutated_with_mutate_workloads() {
    let (response, _) = run(
        "deployment-update-image.json",
        "mutate-workloads.json",
        &cluster(),
    );
    assert!(response.allowed);
    assert_eq!(
        response.patch,
        Some(json!([
            {"op": "add", "path": "/spec/template/metadata/annotations/eci-image-cache~1decision",
             "value": "auto-matched web-stack (imc-bp1a2b3c4d5e6f7g8h9i): holds 2 of 2 images"},
            {"op": "add", "path": "/spec/template/metadata/annotations/k8s.aliyun.com~1eci-image-snapshot-id",
             "value": "imc-bp1a2b3c4d5e6f7g8h9i"}
        ]))
    );
    let (response, _) = run("deployment-update-image.json", "default.json", &cluster());
    assert!(response.allowed);
    assert_eq!(response.patch, None);
}

#[test]
fn a_deployment_update_is_not_refused_for_an_error_it_already_had() {
    let (response, _) = run(
        "deployment-update-scale.json",
        "mutate-workloads.json",
        &cluster(),
    );
    assert!(response.allowed, "{:?}", response.message);
    assert_eq!(response.patch, None);
    assert_eq!(
        response.warnings,
        ["spec.template.metadata.annotations[k8s.aliyun.com/eci-imc-id]: The specified image cache \
          imc-2ze5tm5gehgtiiga9999 does not exist. (so before this update too: not refused for it)"]
    );
}

#[test]
fn a_cron_job_is_mutated_in_its_job_template() {
    let (response, _) = run("cronjob-create.json", "mutate-workloads.json", &cluster());
    assert!(response.allowed, "{:?}", response.message);
    let template = "/spec/jobTemplate/spec/template";
    assert_eq!(
        response.patch,
        Some(json!([
            {"op": "add", "path": format!("{template}/metadata/annotations/eci-image-cache~1decision"),
             "value": "auto-matched web-stack (imc-bp1a2b3c4d5e6f7g8h9i): holds 1 of 2 images"},
            {"op": "add", "path": format!("{template}/metadata/annotations/k8s.aliyun.com~1eci-image-snapshot-id"),
             "value": "imc-bp1a2b3c4d5e6f7g8h9i"},
            {"op": "replace", "path": format!("{template}/spec/containers/0/imagePullPolicy"), "value": "IfNotPresent"}
        ]))
    );
    // The expired cache holding the other image is not used; ECI builds a full one too.
    assert_eq!(
        response.warnings,
        [
            "spec.jobTemplate.spec.template.metadata.annotations: web-stack (imc-bp1a2b3c4d5e6f7g8h9i) lacks \
             registry.cn-hangzhou.aliyuncs.com/acme/report:1.0: they are pulled normally, and ECI also creates a \
             cache holding all of the pod's images",
            "spec.jobTemplate.spec.template.spec.containers[0].imagePullPolicy: imagePullPolicy Always downloads \
             the layers of docker.io/library/nginx:1.25 again although the cache holds them; set IfNotPresent. \
             Fix: set imagePullPolicy: IfNotPresent.",
            "auto-matched web-stack (imc-bp1a2b3c4d5e6f7g8h9i): holds 1 of 2 images",
        ]
    );
}

#[test]
fn image_caches_are_checked_before_eci_fails_them() {
    let (response, calls) = run("imagecache-create-invalid.json", "default.json", &cluster());
    assert!(!response.allowed);
    assert_eq!(calls.len(), 0);
    let message = response.message.unwrap();
    assert!(
        message.starts_with("ImageCache everything: spec.images: a cache holds 1 to 20 images, this one lists 21. Fix: "),
        "{message}"
    );
    assert!(message.contains(
        "Fix: Split the images over several caches; spec.imageCacheSize: imageCacheSize must be a whole number of \
         GiB from 20 to 32768, not 10. Fix: Use a size from 20 to 32768; spec.imagePullSecrets[0]: \"acr-credential\" \
         is not \"namespace:secretName\""
    ));
    assert!(
        message.ends_with("Fix: Write it as default:my-secret."),
        "{message}"
    );
    let (response, _) = run("imagecache-create-valid.json", "default.json", &cluster());
    assert!(response.allowed);
    assert_eq!((response.patch, response.warnings.len()), (None, 0));
}

// ---- failure paths: each ends in a deliberate answer, never the host's opaque 500 ----

#[test]
fn a_payload_that_is_not_json_is_refused_saying_so() {
    for (payload, message) in [
        (
            &b"not json"[..],
            "eci-image-cache cannot read the ValidationRequest: expected ident at line 1 column 2",
        ),
        (
            b"\xff\xfe{}",
            "eci-image-cache cannot read the ValidationRequest: expected value at line 1 column 1",
        ),
        (
            b"",
            "eci-image-cache cannot read the ValidationRequest: EOF while parsing a value at line 1 column 0",
        ),
    ] {
        let (response, calls) = run_payload(payload);
        assert_refused(&response, &calls, message);
    }
}

#[test]
fn json_that_is_not_a_validation_request_is_refused_saying_what_is_missing() {
    for (payload, message) in [
        (
            r#"{"request": {"operation": "CREATE"}}"#,
            "missing field `settings` at line 1 column 36",
        ),
        (r#"{"settings": {}}"#, "missing field `request` at line 1 column 16"),
        (
            r#"{"settings": {}, "request": "CREATE"}"#,
            "invalid type: string \"CREATE\", expected struct KubernetesAdmissionRequest at line 1 column 36",
        ),
        (
            r#"{"settings": {}, "request": {"operation": ["CREATE"]}}"#,
            "invalid type: sequence, expected a string at line 1 column 42",
        ),
        (
            "[1, 2]",
            "invalid type: integer `2`, expected struct KubernetesAdmissionRequest at line 1 column 5",
        ),
    ] {
        let (response, calls) = run_payload(payload.as_bytes());
        assert_refused(
            &response,
            &calls,
            &format!("eci-image-cache cannot read the ValidationRequest: {message}"),
        );
    }
}

#[test]
fn a_request_without_an_object_is_refused_naming_the_request() {
    let mut without = request("pod-create-no-cache.json");
    without.as_object_mut().unwrap().remove("object");
    let (response, calls) = run("pod-create-no-cache.json", "default.json", &cluster());
    assert!(response.allowed, "the fixture itself is fine");
    assert!(calls.is_empty());
    for object in [
        None,
        Some(json!(null)),
        Some(json!("a pod")),
        Some(json!([])),
    ] {
        let mut req = without.clone();
        if let Some(object) = object {
            req["object"] = object;
        }
        let (response, calls) = POLICY
            .validate(&cluster(), &settings("default.json"), &req)
            .unwrap();
        assert_refused(
            &response,
            &calls,
            "the CREATE request of Pod shop/plain carries no object to evaluate",
        );
    }
    let (response, calls) = run_payload(br#"{"settings": {}, "request": {}}"#);
    assert_refused(
        &response,
        &calls,
        "the admission request carries no object to evaluate",
    );
}

/// Settings Kubewarden would refuse to load the policy with, and what the policy says of them.
const BAD_SETTINGS: [(&str, &str); 5] = [
    (
        r#"{"mutateWorkloads": "yes"}"#,
        "mutateWorkloads must be true or false, not a string",
    ),
    (
        r#"{"temporaryStorageGiB": "30Gi"}"#,
        "temporaryStorageGiB must be a whole number of GiB from 1 to 32768, not \"30Gi\"",
    ),
    (
        r#"{"mutateWorkload": true}"#,
        "unknown setting \"mutateWorkload\"; the settings are autoMatchByDefault, acrVpcEquivalence, \
         temporaryStorageGiB, pinResolvedCache, pinAnnotation, setIfNotPresent, mutateWorkloads, rejectUnusablePin, \
         onLookupFailure",
    ),
    (r#"["mutateWorkloads"]"#, "settings must be an object, not an array"),
    (r#""reject""#, "settings must be an object, not a string"),
];

#[test]
fn malformed_settings_are_refused_by_validate_settings_naming_the_key() {
    for (settings, message) in BAD_SETTINGS {
        let answer = POLICY
            .validate_settings_payload(settings.as_bytes())
            .unwrap();
        assert_eq!(
            answer,
            json!({"valid": false, "message": message}),
            "{settings}"
        );
    }
    let answer = POLICY
        .validate_settings_payload(b"{mutateWorkloads: true}")
        .unwrap();
    assert_eq!(
        answer,
        json!({"valid": false, "message": "the settings are not JSON: key must be a string at line 1 column 2"})
    );
    for settings in [&b"{}"[..], b"null", b""] {
        let answer = POLICY.validate_settings_payload(settings).unwrap();
        assert_eq!(
            answer["valid"],
            true,
            "{}",
            String::from_utf8_lossy(settings)
        );
    }
}

#[test]
fn a_request_with_malformed_settings_is_refused_as_misconfigured_without_a_lookup() {
    for (settings, message) in BAD_SETTINGS {
        let settings: Value = serde_json::from_str(settings).unwrap();
        for name in ["pod-create-auto-match.json", "pod-delete.json"] {
            let (response, calls) = POLICY
                .validate(&cluster(), &settings, &request(name))
                .unwrap();
            assert_refused(
                &response,
                &calls,
                &format!("the eci-image-cache policy is misconfigured: {message}"),
            );
        }
    }
}

#[test]
fn kinds_the_policy_does_not_evaluate_connect_and_subresources_pass_untouched() {
    let base = request("pod-create-no-cache.json");
    let config_map = json!({"apiVersion": "v1", "kind": "ConfigMap",
        "metadata": {"name": "web", "namespace": "shop",
                     "annotations": {"k8s.aliyun.com/eci-imc-id": "imc-2ze5tm5gehgtiiga9999"}},
        "data": {"k8s.aliyun.com/eci-auto-imc": "true"}});
    let mut cases = Vec::new();
    let mut req = base.clone();
    req["kind"] = json!({"group": "", "version": "v1", "kind": "ConfigMap"});
    req["resource"] = json!({"group": "", "version": "v1", "resource": "configmaps"});
    req["object"] = config_map;
    cases.push(("a ConfigMap", req));
    let mut req = base.clone();
    req["object"]["kind"] = json!("PodTemplate");
    req["object"]["metadata"]["annotations"] =
        json!({"k8s.aliyun.com/eci-imc-id": "imc-2ze5tm5gehgtiiga9999"});
    cases.push(("a kind named in the object only", req));
    let mut req = base.clone();
    req["operation"] = json!("CONNECT");
    req["subResource"] = json!("exec");
    req["object"] = json!({"kind": "PodExecOptions", "apiVersion": "v1", "command": ["sh"]});
    cases.push(("a CONNECT to pods/exec", req));
    let mut req = request("pod-create-pin-missing.json");
    req["operation"] = json!("UPDATE");
    req["subResource"] = json!("status");
    req["oldObject"] = req["object"].clone();
    cases.push(("an UPDATE of pods/status", req));
    for (what, req) in cases {
        let (response, calls) = POLICY
            .validate(&cluster(), &settings("mutate-workloads.json"), &req)
            .unwrap();
        assert_eq!(
            (
                response.allowed,
                response.message,
                response.code,
                response.warnings.len(),
                response.patch,
                calls.len()
            ),
            (true, None, None, 0, None, 0),
            "{what}"
        );
    }
}

/// The auto-matching pod with an annotation of `bytes` bytes of `x` (not one the policy reads).
fn pod_with_annotation_of(bytes: usize) -> Value {
    let mut req = request("pod-create-auto-match.json");
    req["object"]["metadata"]["annotations"]["acme.io/notes"] = json!("x".repeat(bytes));
    req
}

/// The bytes the host hands the policy for this request.
fn payload_len(req: &Value, settings_file: &str) -> usize {
    validation_payload(req, &settings(settings_file))
        .unwrap()
        .len()
}

#[test]
fn a_ten_megabyte_object_is_refused_unread_with_its_size() {
    let big_annotation = pod_with_annotation_of(10 << 20);
    let mut many_containers = request("pod-create-auto-match.json");
    let container = many_containers["object"]["spec"]["containers"][0].clone();
    many_containers["object"]["spec"]["containers"] = Value::Array(vec![container; 120_000]);
    for req in [big_annotation, many_containers] {
        let size = payload_len(&req, "default.json");
        assert!(size > 10 << 20, "{size}");
        let (response, calls) = POLICY
            .validate(&cluster(), &settings("default.json"), &req)
            .unwrap();
        assert_refused(
            &response,
            &calls,
            &format!(
                "eci-image-cache refuses the request unread: it is {size} bytes, more than the 8388608 the policy \
                 reads (the API server accepts at most 3 MiB in one request)"
            ),
        );
    }
}

#[test]
fn an_object_as_large_as_the_api_server_accepts_is_evaluated_as_any_other() {
    // 3 MiB, the API server's limit on a request body, in a place the policy does not read.
    let req = pod_with_annotation_of(3 << 20);
    let (response, calls) = POLICY
        .validate(&cluster(), &settings("default.json"), &req)
        .unwrap();
    let (normal, _) = run("pod-create-auto-match.json", "default.json", &cluster());
    assert_eq!(lists(&calls), 1);
    assert!(response.allowed);
    assert_eq!(
        response, normal,
        "the same answer and patch as without the annotation"
    );
    // The API server stores at most 1.5 MiB; past the policy's limit of 8 MiB is refused.
    let at_limit = 8 << 20;
    let fill = at_limit - payload_len(&pod_with_annotation_of(0), "default.json");
    let req = pod_with_annotation_of(fill);
    assert_eq!(payload_len(&req, "default.json"), at_limit);
    let (response, _) = POLICY
        .validate(&cluster(), &settings("default.json"), &req)
        .unwrap();
    assert_eq!(response, normal, "a request of exactly 8 MiB is read");
    let req = pod_with_annotation_of(fill + 1);
    let (response, _) = POLICY
        .validate(&cluster(), &settings("default.json"), &req)
        .unwrap();
    assert!(!response.allowed);
}

#[test]
fn a_huge_value_the_policy_repeats_is_cut_in_the_middle_of_its_message() {
    let mut req = request("pod-create-pin-missing.json");
    let pin = format!("imc-2ze5tm5gehgtiiga9999{}", "9".repeat(2 << 20));
    req["object"]["metadata"]["annotations"]["k8s.aliyun.com/eci-imc-id"] = json!(pin);
    let (response, _) = POLICY
        .validate(&cluster(), &settings("default.json"), &req)
        .unwrap();
    assert!(!response.allowed);
    let message = response.message.unwrap();
    assert!(message.len() < 1500, "{} bytes", message.len());
    assert!(
        message.starts_with(
            "Pod shop/web-2: metadata.annotations[k8s.aliyun.com/eci-imc-id]: The specified image cache \
             imc-2ze5tm5gehgtiiga99999999"
        ),
        "{message}"
    );
    assert!(
        message.contains("…[2096243 characters left out]…"),
        "{message}"
    );
    assert!(
        message.ends_with(
            "9999 does not exist. Fix: Pin the status.imageCacheId of an existing cache, or use \
             k8s.aliyun.com/eci-auto-imc: \"true\"."
        ),
        "{message}"
    );
}

#[test]
fn a_pod_with_more_containers_than_the_core_reads_is_rejected_saying_so() {
    let mut req = request("pod-create-auto-match.json");
    let container = req["object"]["spec"]["containers"][0].clone();
    req["object"]["spec"]["containers"] = Value::Array(vec![container; 20_000]);
    let (response, _) = POLICY
        .validate(&cluster(), &settings("default.json"), &req)
        .unwrap();
    assert!(!response.allowed);
    assert_eq!(
        response.message.as_deref(),
        Some(
            "Pod shop/web-0: spec: the pod has 20000 containers; only the first 100 are evaluated. Fix: Give the \
             field the type Kubernetes expects (here: a list of containers)."
        )
    );
}
