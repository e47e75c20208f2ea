//! Property tests of the laws a user relies on, over generated pods and cache lists.

use std::collections::BTreeSet;

use eci_image_cache::core::patch::{apply, PatchOperation};
use eci_image_cache::core::time::Timestamp;
use eci_image_cache::{evaluate, Catalogue, Outcome, Report, Settings};
use proptest::prelude::*;
use serde_json::{json, Value};

const IMAGES: &[&str] = &[
    "nginx:1.25",
    "docker.io/library/nginx:1.25",
    "busybox",
    "redis:7.2",
    "registry.cn-hangzhou.aliyuncs.com/acme/api:2.3.1",
    "registry-vpc.cn-hangzhou.aliyuncs.com/acme/api:2.3.1",
    "postgres@sha256:0000000000000000000000000000000000000000000000000000000000000001",
];
const PHASES: &[&str] = &["Ready", "Ready", "Ready", "Creating", "Failed"];

fn cache(id: usize) -> impl Strategy<Value = Value> {
    (
        prop::sample::subsequence(IMAGES, 1..=4),
        prop::sample::select(PHASES),
        prop::sample::select(vec![20u64, 25, 30, 40]),
        prop::option::of(0u32..5),
        prop::option::of(prop::sample::select(vec!["2026-11-20T00:00:00Z", "2026-12-20T00:00:00Z"])),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(move |(images, phase, size, day, expires, arm, deleting)| {
            let mut metadata = json!({ "name": format!("cache-{id}") });
            if let Some(day) = day {
                metadata["creationTimestamp"] = json!(format!("2026-11-0{}T00:00:00Z", day + 1));
            }
            if arm {
                metadata["annotations"] = json!({ "k8s.aliyun.com/imc-cpu-arch": "arm64" });
            }
            if deleting {
                metadata["deletionTimestamp"] = json!("2026-11-26T00:00:00Z");
            }
            let mut status = json!({ "imageCacheId": format!("imc-{id}"), "phase": phase });
            if let Some(expires) = expires {
                status["expireDateTime"] = json!(expires);
            }
            json!({ "metadata": metadata, "spec": { "images": images, "imageCacheSize": size }, "status": status })
        })
}

fn caches() -> impl Strategy<Value = Vec<Value>> {
    (0usize..8).prop_flat_map(|n| (0..n).map(cache).collect::<Vec<_>>())
}

fn pod(annotations: Value, images: &[&str], policies: &[Option<&str>]) -> Value {
    let containers: Vec<Value> = images
        .iter()
        .zip(policies.iter().cycle())
        .enumerate()
        .map(|(i, (image, policy))| {
            let mut c = json!({ "name": format!("c{i}"), "image": image, "unknownToK8sOpenapi": {"kept": i} });
            if let Some(p) = policy {
                c["imagePullPolicy"] = json!(p);
            }
            c
        })
        .collect();
    json!({ "apiVersion": "v1", "kind": "Pod", "metadata": { "name": "p", "annotations": annotations },
            "spec": { "containers": containers } })
}

fn pod_images() -> impl Strategy<Value = Vec<&'static str>> {
    prop::sample::subsequence(IMAGES, 1..=4)
}

fn policies() -> impl Strategy<Value = Vec<Option<&'static str>>> {
    prop::collection::vec(
        prop::option::of(prop::sample::select(vec![
            "Always",
            "IfNotPresent",
            "Never",
        ])),
        1..4,
    )
}

fn run(object: &Value, caches: &[Value], settings: Value) -> Report {
    evaluate(&json!({ "object": object, "imageCaches": caches, "settings": settings, "now": "2026-11-27T00:00:00Z" }))
        .expect("valid input")
}

/// What must not depend on the order of the list: everything but where each cache was.
fn order_free(report: &Report) -> (Value, Value, Value, Vec<Value>, BTreeSet<String>) {
    let strip = |row: &eci_image_cache::CacheRow| {
        let mut v = serde_json::to_value(row).unwrap();
        v.as_object_mut().unwrap().remove("path");
        v
    };
    let ranked = report
        .caches
        .iter()
        .filter(|r| r.rank.is_some())
        .map(strip)
        .collect();
    let all = report.caches.iter().map(|r| strip(r).to_string()).collect();
    (
        serde_json::to_value(&report.decision).unwrap(),
        serde_json::to_value(&report.patch).unwrap(),
        serde_json::to_value(&report.proposed_image_cache).unwrap(),
        ranked,
        all,
    )
}

/// A deterministic Fisher-Yates shuffle driven by `seed`.
fn shuffle<T>(items: &mut [T], seed: u64) {
    let mut state = seed | 1;
    for i in (1..items.len()).rev() {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        items.swap(i, (state % (i as u64 + 1)) as usize);
    }
}

/// Workloads of several kinds and annotations over the images the caches are made of.
fn workloads() -> impl Strategy<Value = Vec<Value>> {
    let one = (
        pod_images(),
        policies(),
        prop::sample::select(vec!["auto", "pin", "perfect", "none", "deployment"]),
        0usize..8,
    )
        .prop_map(|(images, pulls, how, pin)| {
            let annotations = match how {
                "auto" | "deployment" => json!({ "k8s.aliyun.com/eci-auto-imc": "true" }),
                "pin" => json!({ "k8s.aliyun.com/eci-imc-id": format!("imc-{pin}") }),
                "perfect" => json!({ "k8s.aliyun.com/eci-auto-imc": "true", "k8s.aliyun.com/imc-perfect-match": "true" }),
                _ => json!({}),
            };
            let pod = pod(annotations, &images, &pulls);
            if how == "deployment" {
                json!({ "apiVersion": "apps/v1", "kind": "Deployment", "metadata": { "name": "d" },
                        "spec": { "template": { "metadata": pod["metadata"], "spec": pod["spec"] } } })
            } else {
                pod
            }
        });
    prop::collection::vec(one, 1..8)
}

fn arbitrary_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Value::from),
        "[a-zA-Z0-9:/@._*-]{0,40}".prop_map(Value::from),
        prop::sample::select(vec![
            "Pod",
            "Deployment",
            "CronJob",
            "ImageCache",
            "List",
            "ImageCacheList",
            "true",
            "imc-a1",
            "k8s.aliyun.com/eci-auto-imc",
            "k8s.aliyun.com/eci-imc-id",
            "50Gi",
            "Ready",
            "2026-11-27T00:00:00Z",
        ])
        .prop_map(Value::from),
    ];
    leaf.prop_recursive(5, 64, 6, |inner| {
        let keys = prop::sample::select(vec![
            "kind",
            "metadata",
            "spec",
            "status",
            "annotations",
            "containers",
            "initContainers",
            "image",
            "imagePullPolicy",
            "template",
            "jobTemplate",
            "images",
            "imageCacheId",
            "phase",
            "items",
            "imageCacheSize",
            "nodeSelector",
            "k8s.aliyun.com/eci-auto-imc",
            "k8s.aliyun.com/eci-imc-id",
            "k8s.aliyun.com/imc-match-count-request",
            "k8s.aliyun.com/eci-extra-ephemeral-storage",
            "expireDateTime",
            "creationTimestamp",
            "deletionTimestamp",
            "other",
        ]);
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::from),
            prop::collection::btree_map(keys, inner, 0..6).prop_map(|m| Value::Object(
                m.into_iter().map(|(k, v)| (k.to_owned(), v)).collect()
            )),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn the_report_does_not_depend_on_the_order_of_the_caches(
        list in caches(),
        images in pod_images(),
        perfect in any::<bool>(),
        seed in any::<u64>(),
    ) {
        let mut annotations = json!({ "k8s.aliyun.com/eci-auto-imc": "true" });
        if perfect {
            annotations["k8s.aliyun.com/imc-perfect-match"] = json!("true");
        }
        let object = pod(annotations, &images, &[None]);
        let mut shuffled = list.clone();
        shuffle(&mut shuffled, seed);
        shuffled.reverse();
        let a = run(&object, &list, json!({}));
        let b = run(&object, &shuffled, json!({}));
        prop_assert_eq!(order_free(&a), order_free(&b));
        // The text every face hands on is serde_json's, byte for byte.
        prop_assert_eq!(a.to_json().unwrap(), serde_json::to_string(&a).unwrap());
    }

    #[test]
    fn a_catalogue_asked_about_many_objects_gives_the_reports_of_single_evaluations(
        list in caches(),
        objects in workloads(),
        seed in any::<u64>(),
        mutate in any::<bool>(),
    ) {
        let settings = json!({ "mutateWorkloads": mutate });
        let now = Timestamp::parse("2026-11-27T00:00:00Z").unwrap();
        let single: Vec<Report> = objects.iter().map(|o| run(o, &list, settings.clone())).collect();
        // The caches in another order, the objects in another order: each object's report
        // is the one it gets alone, but for where each cache was.
        let mut shuffled = list.clone();
        shuffle(&mut shuffled, seed);
        let catalogue = Catalogue::from_json(&json!(shuffled), Settings::from_json(&settings, "").unwrap()).unwrap();
        let mut order: Vec<usize> = (0..objects.len()).collect();
        shuffle(&mut order, seed.rotate_left(17));
        for i in order {
            let report = catalogue.evaluate(&objects[i], Some(&now));
            prop_assert_eq!(order_free(&report), order_free(&single[i]));
            let relevant = catalogue.evaluate_relevant(&objects[i], Some(&now));
            prop_assert_eq!(&relevant.decision, &single[i].decision);
            prop_assert_eq!(&relevant.patch, &single[i].patch);
            // Without rows, the findings are the whole report's, in its order.
            let findings = catalogue.evaluate_findings(&objects[i], Some(&now));
            let whole = catalogue.evaluate(&objects[i], Some(&now));
            prop_assert_eq!(findings, Report { caches: Vec::new(), ..whole });
        }
        // And in the given order, byte for byte.
        let catalogue = Catalogue::from_json(&json!(list), Settings::from_json(&settings, "").unwrap()).unwrap();
        for (object, alone) in objects.iter().zip(&single) {
            prop_assert_eq!(&catalogue.evaluate(object, Some(&now)), alone);
        }
    }

    #[test]
    fn a_pin_always_wins_over_automatic_matching(
        list in caches(),
        images in pod_images(),
        pick in any::<prop::sample::Index>(),
    ) {
        prop_assume!(!list.is_empty());
        let id = list[pick.index(list.len())]["status"]["imageCacheId"].as_str().unwrap().to_owned();
        let annotations = json!({ "k8s.aliyun.com/eci-auto-imc": "true", "k8s.aliyun.com/eci-imc-id": id });
        let report = run(&pod(annotations, &images, &[None]), &list, json!({}));
        prop_assert!(matches!(report.decision.outcome, Outcome::Pinned | Outcome::Rejected));
        prop_assert_eq!(report.decision.image_cache_id.as_deref(), Some(id.as_str()));
    }

    #[test]
    fn raising_the_match_count_never_adds_a_qualifying_cache(
        list in caches(),
        images in pod_images(),
        n in 1u64..5,
    ) {
        let qualifying = |count: u64| -> BTreeSet<String> {
            let annotations = json!({
                "k8s.aliyun.com/eci-auto-imc": "true",
                "k8s.aliyun.com/imc-match-count-request": count.to_string(),
            });
            run(&pod(annotations, &images, &[None]), &list, json!({}))
                .caches
                .iter()
                .filter(|r| r.rank.is_some())
                .filter_map(|r| r.image_cache_id.as_deref().map(str::to_owned))
                .collect()
        };
        let lower = qualifying(n);
        let higher = qualifying(n + 1);
        prop_assert!(higher.is_subset(&lower), "{higher:?} not within {lower:?}");
    }

    #[test]
    fn applying_the_patch_pins_the_same_cache_and_then_nothing_changes(
        list in caches(),
        images in pod_images(),
        pulls in policies(),
    ) {
        let object = pod(json!({ "k8s.aliyun.com/eci-auto-imc": "true" }), &images, &pulls);
        // One usable cache holding the pod's images, so that something is always matched.
        let mut list = list;
        list.push(json!({ "metadata": { "name": "usable" }, "spec": { "images": images },
                          "status": { "imageCacheId": "imc-usable", "phase": "Ready" } }));
        let first = run(&object, &list, json!({}));
        prop_assert_eq!(first.decision.outcome, Outcome::Matched);
        let mut patched = object.clone();
        apply(&mut patched, &first.patch).unwrap();
        let again = run(&patched, &list, json!({}));
        prop_assert_eq!(again.decision.outcome, Outcome::Pinned);
        prop_assert_eq!(&again.decision.image_cache_id, &first.decision.image_cache_id);
        prop_assert_eq!(again.patch, Vec::<PatchOperation>::new());
        // Only annotations and pull policies changed; unknown fields are untouched.
        for (before, after) in object["spec"]["containers"].as_array().unwrap().iter()
            .zip(patched["spec"]["containers"].as_array().unwrap()) {
            prop_assert_eq!(&before["unknownToK8sOpenapi"], &after["unknownToK8sOpenapi"]);
            prop_assert_eq!(&before["image"], &after["image"]);
        }
    }

    #[test]
    fn evaluate_never_panics_on_arbitrary_json(
        object in arbitrary_json(),
        list in arbitrary_json(),
        settings in arbitrary_json(),
        now in arbitrary_json(),
    ) {
        let _ = evaluate(&object);
        let _ = evaluate(&json!({ "object": object, "imageCaches": list, "settings": settings, "now": now }));
        let _ = evaluate(&json!({ "object": object, "imageCaches": list }));
        let _ = evaluate(&json!({ "object": { "kind": "Pod", "metadata": object, "spec": list } }));
        let _ = evaluate(&json!({ "object": { "kind": "CronJob", "spec": { "jobTemplate": { "spec": { "template": object } } } },
                                  "imageCaches": { "kind": "List", "items": [list.clone(), object.clone()] } }));
    }
}

/// The mistakes users make, as annotations: typos, bare numbers, unreadable booleans, pins
/// off by a little, by name, masked.
fn mistaken_annotations() -> impl Strategy<Value = Value> {
    let entries = prop::sample::subsequence(
        vec![
            ("k8s.aliyun.com/eci-image-cahce", "true"),
            ("k8s.aliyun.com/eci-auto-imc-enabled", "true"),
            ("K8S.ALIYUN.COM/ECI-AUTO-IMC", "true"),
            ("k8s.aliyun.com/eci-auto-imc", "yes"),
            ("k8s.aliyun.com/eci-image-cache", "on"),
            ("k8s.aliyun.com/eci-extra-ephemeral-storage", "20"),
            ("k8s.aliyun.com/eci-extra-ephemral-storage", "50GB"),
            ("k8s.aliyun.com/imc-perfect-match", "true"),
            ("k8s.aliyun.com/imc-match-count-request", "1"),
            ("k8s.aliyun.com/eci-imc-id", "imc-7"),
            ("k8s.aliyun.com/eci-image-snapshot-id", "cache-2"),
            ("k8s.aliyun.com/eci-imc-ids", "imc-****"),
        ],
        0..6,
    );
    entries.prop_map(|entries| {
        Value::Object(
            entries
                .into_iter()
                .map(|(k, v)| (k.to_owned(), Value::from(v)))
                .collect(),
        )
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Applying every fix a report offers and evaluating again never gives those
    /// diagnostics back, on a Pod or on a Deployment with the annotations misplaced.
    #[test]
    fn applied_fixes_remove_their_diagnostics(
        list in caches(),
        images in pod_images(),
        policies in policies(),
        annotations in mistaken_annotations(),
        deployment in any::<bool>(),
    ) {
        let mut object = pod(annotations.clone(), &images, &policies);
        if deployment {
            let template = json!({ "metadata": { "labels": { "app": "p" } }, "spec": object["spec"].clone() });
            object = json!({ "apiVersion": "apps/v1", "kind": "Deployment",
                             "metadata": { "name": "p", "annotations": annotations }, "spec": { "template": template } });
        }
        let input = json!({ "object": object, "imageCaches": list, "now": "2026-11-27T00:00:00Z" });
        let report = evaluate(&input).expect("valid input");
        let fixed: Vec<_> = report.diagnostics.iter().filter(|d| d.fix.is_some()).collect();
        let mut fixed_input = input.clone();
        for d in &fixed {
            let fix = d.fix.as_ref().unwrap();
            apply(&mut fixed_input["object"], &fix.patch).unwrap_or_else(|e| panic!("{e}: {d:?}"));
        }
        let again = evaluate(&fixed_input).expect("valid input");
        for d in &again.diagnostics {
            prop_assert!(
                !fixed.iter().any(|f| f.code == d.code && f.path == d.path),
                "{d:?} is back after {fixed:?}"
            );
        }
    }
}
