//! The cluster's list of caches: replayed kwctl sessions, and each way a lookup fails.

use super::*;

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
