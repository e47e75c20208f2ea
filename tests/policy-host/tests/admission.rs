//! policy.wasm in a real waPC host, driven by the AdmissionReview fixtures of tests/policy/
//! (the same files a user runs with kwctl), answered from fixture caches or from the
//! kwctl replay sessions. Build policy.wasm first: `make policy` (or set POLICY_WASM).

use std::path::PathBuf;
use std::sync::{Arc, LazyLock};

use eci_image_cache_policy_host::{
    load_session, not_granted, prune, AdmissionResponse, Answers, Cluster, HostCall, Policy,
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
        13
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
        ["pinned to nginx-small (imc-2ze5tm5gehgtiiga0001): holds 1 of 1 images"]
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
    field_masks: [kind, metadata.name, metadata.creationTimestamp, metadata.deletionTimestamp, metadata.annotations,
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
        response.warnings[0]
            .contains("objects failed: the host's reply is not an ImageCacheList: invalid value"),
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
             "value": "auto-matched web-stack (imc-bp1a2b3c4d5e6f7g8h9i): holds 1 of 1 images"},
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
             on the workload's own metadata has no effect in ECI: move it to /spec/template/metadata/annotations",
            "auto-matched web-stack (imc-bp1a2b3c4d5e6f7g8h9i): holds 2 of 2 images"
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
             the layers of docker.io/library/nginx:1.25 again although the cache holds them; set IfNotPresent",
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
