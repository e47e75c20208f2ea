use super::*;
use crate::core::evaluate;
use rstest::rstest;
use serde_json::json;

fn subject() -> Subject {
    Subject {
        kind: "Pod".into(),
        namespace: Some("prod".into()),
        name: Some("web".into()),
    }
}

fn cache(name: &str, id: &str, images: &[&str]) -> Value {
    json!({"metadata": {"name": name, "creationTimestamp": "2026-11-01T00:00:00Z"},
           "spec": {"images": images, "imageCacheSize": 20},
           "status": {"imageCacheId": id, "phase": "Ready"}})
}

fn pod(annotations: Value, image: &str) -> Value {
    json!({"apiVersion": "v1", "kind": "Pod",
           "metadata": {"name": "web", "namespace": "prod", "annotations": annotations},
           "spec": {"containers": [{"name": "c", "image": image}], "futureField": {"kept": true}},
           "status": {"unknownToK8sOpenapi": 1}})
}

fn catalogue(caches: &[Value]) -> Catalogue {
    Catalogue::from_json(&json!(caches), crate::core::Settings::default()).unwrap()
}

fn report(object: &Value, caches: &[Value]) -> Report {
    evaluate(&json!({"object": object, "imageCaches": caches, "now": "2026-11-27T00:00:00Z"}))
        .unwrap()
}

#[rstest]
#[case(
    "/spec/containers/0/imagePullPolicy",
    "spec.containers[0].imagePullPolicy"
)]
#[case(
    "/metadata/annotations/k8s.aliyun.com~1eci-imc-id",
    "metadata.annotations[k8s.aliyun.com/eci-imc-id]"
)]
#[case(
    "/spec/jobTemplate/spec/template/metadata",
    "spec.jobTemplate.spec.template.metadata"
)]
#[case("", "")]
fn fields_read_like_kubectl_paths(#[case] pointer: &str, #[case] expected: &str) {
    assert_eq!(field(pointer), expected);
}

#[test]
fn long_text_is_cut_in_its_middle_on_character_boundaries() {
    assert_eq!(shorten("abcdef", 6), "abcdef");
    assert_eq!(shorten("abcdefgh", 6), "abc…[2 characters left out]…fgh");
    let wide = "é".repeat(3000);
    let short = shorten(&wide, MAX_LINE_CHARS);
    assert_eq!(
        short,
        format!(
            "{}…[1976 characters left out]…{}",
            "é".repeat(512),
            "é".repeat(512)
        )
    );
}

#[test]
fn subjects_name_kind_namespace_and_name() {
    assert_eq!(subject().to_string(), "Pod prod/web");
    let cluster = Subject {
        kind: "ImageCache".into(),
        namespace: None,
        name: Some("c".into()),
    };
    assert_eq!(cluster.to_string(), "ImageCache c");
    let unnamed = Subject {
        kind: "Pod".into(),
        namespace: Some("ns".into()),
        name: None,
    };
    assert_eq!(unnamed.to_string(), "Pod ns/(unnamed)");
}

#[test]
fn an_unusable_pin_rejects_in_ecis_words_with_field_and_fix() {
    let object = pod(
        json!({"k8s.aliyun.com/eci-imc-id": "imc-missing1"}),
        "nginx:1.25",
    );
    let r = report(&object, &[]);
    let response = respond(&subject(), &r, &catalogue(&[]), Some(object));
    assert!(!response.accepted);
    assert!(response.mutated_object.is_none());
    assert_eq!(
        response.message.as_deref(),
        Some(
            "Pod prod/web: metadata.annotations[k8s.aliyun.com/eci-imc-id]: The specified image cache \
             imc-missing1 does not exist. Fix: Pin the status.imageCacheId of an existing cache, or use \
             k8s.aliyun.com/eci-auto-imc: \"true\"."
        )
    );
}

#[test]
fn several_errors_are_all_named() {
    let object = pod(json!({"k8s.aliyun.com/eci-auto-imc": "yes"}), "Nginx:1.25");
    let r = report(&object, &[]);
    let message = rejection(&subject(), &r, &catalogue(&[])).unwrap();
    assert!(message.starts_with("Pod prod/web: "), "{message}");
    assert!(
        message.contains("metadata.annotations[k8s.aliyun.com/eci-auto-imc]: "),
        "{message}"
    );
    assert!(message.contains("spec.containers[0].image: "), "{message}");
    assert_eq!(message.matches(" Fix: ").count(), 2, "{message}");
}

#[test]
fn a_match_is_patched_onto_the_original_json_and_reported_as_warnings() {
    let object = pod(json!({"k8s.aliyun.com/eci-auto-imc": "true"}), "nginx");
    let caches = [cache("web", "imc-web1", &["nginx:latest"])];
    let r = report(&object, &caches);
    let response = respond(&subject(), &r, &catalogue(&caches), Some(object));
    assert!(response.accepted && response.message.is_none());
    let mutated = response.mutated_object.unwrap();
    assert_eq!(
        mutated["metadata"]["annotations"]["k8s.aliyun.com/eci-image-snapshot-id"],
        "imc-web1"
    );
    assert_eq!(
        mutated["spec"]["containers"][0]["imagePullPolicy"],
        "IfNotPresent"
    );
    assert_eq!(mutated["spec"]["futureField"], json!({"kept": true}));
    assert_eq!(mutated["status"], json!({"unknownToK8sOpenapi": 1}));
    let warnings = response.warnings.unwrap();
    assert!(
        warnings
            .iter()
            .any(|w| w.starts_with("spec.containers[0].imagePullPolicy: ")),
        "{warnings:?}"
    );
    assert_eq!(
        warnings.last().unwrap(),
        "auto-matched web (imc-web1): holds 1 of 1 image"
    );
}

#[test]
fn no_mutation_without_the_original_or_with_an_empty_patch() {
    let object = pod(json!({"k8s.aliyun.com/eci-auto-imc": "true"}), "nginx:1.25");
    let caches = [cache("web", "imc-web1", &["nginx:1.25"])];
    let r = report(&object, &caches);
    assert!(respond(&subject(), &r, &catalogue(&caches), None)
        .mutated_object
        .is_none());
    let plain = pod(json!({}), "nginx:1.25");
    let r = report(&plain, &caches);
    let response = respond(&subject(), &r, &catalogue(&caches), Some(plain));
    assert!(response.accepted && response.mutated_object.is_none());
    assert!(
        response.warnings.is_none(),
        "a pod without cache annotations gets no warning"
    );
}

#[test]
fn problems_of_cluster_caches_name_the_cache_and_are_capped() {
    let object = pod(json!({"k8s.aliyun.com/eci-auto-imc": "true"}), "nginx:1.25");
    let caches: Vec<Value> = (0..5)
        .map(|i| json!({"metadata": {"name": format!("broken-{i}")}, "spec": {"images": []}}))
        .collect();
    let r = report(&object, &caches);
    let w = warnings(&r, &catalogue(&caches));
    assert_eq!(
        w[0],
        "ImageCache broken-0 spec.images: a cache holds 1 to 20 images, this one lists 0"
    );
    assert_eq!(
        w.iter().filter(|w| w.starts_with("ImageCache ")).count(),
        MAX_CACHE_WARNINGS
    );
    assert!(
        w.contains(&"and 2 more problem(s) in the cluster's ImageCache objects".to_owned()),
        "{w:?}"
    );
    assert!(
        response_is_accepted(&r, &catalogue(&caches)),
        "problems of cluster caches never reject a pod"
    );
}

fn response_is_accepted(r: &Report, caches: &Catalogue) -> bool {
    respond(&subject(), r, caches, None).accepted
}

#[test]
fn will_create_is_reported_once() {
    let object = pod(json!({"k8s.aliyun.com/eci-auto-imc": "true"}), "redis:7");
    let r = report(&object, &[]);
    let w = warnings(&r, &catalogue(&[]));
    assert_eq!(
        w.iter()
            .filter(|w| w.contains("no cache qualifies"))
            .count(),
        1,
        "{w:?}"
    );
}
