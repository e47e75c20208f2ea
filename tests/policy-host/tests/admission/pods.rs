//! Pods created, updated and deleted: automatic matching, pins, and what a mutation keeps.

use super::*;

#[test]
fn a_pod_asking_for_automatic_matching_is_pinned_to_the_best_cache() {
    let (response, calls) = run("pod-create-auto-match.json", "default.json", &cluster());
    assert!(response.allowed, "{:?}", response.message);
    assert_eq!(
        response.patch,
        Some(pinned_to_web_stack(
            "/metadata/annotations",
            &[
                json!({"op": "replace", "path": "/spec/containers/0/imagePullPolicy", "value": "IfNotPresent"})
            ]
        ))
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
        Some(pinned_to_web_stack("/metadata/annotations", &[]))
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
