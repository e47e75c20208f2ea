//! Realistic inputs shared by the core's benchmark and the policy's (tests/policy-host):
//! a pod with 5 images, and caches as the API server returns them, events and all.

use serde_json::{json, Value};

const POOL: &[&str] = &[
    "nginx",
    "redis",
    "registry.cn-hangzhou.aliyuncs.com/acme/api",
    "registry.cn-hangzhou.aliyuncs.com/acme/worker",
    "busybox",
    "postgres",
    "grafana/grafana",
    "quay.io/prometheus/prometheus",
    "ghcr.io/acme/sidecar",
    "mysql",
];

/// Image `k` of the pool at version `v`: 10 repositories in 20 versions, so that a long
/// list holds about 200 distinct references, as caches built by several teams would.
fn image(k: usize, v: usize) -> String {
    format!("{}:{}.{}", POOL[k % POOL.len()], 1 + v % 4, v % 5)
}

/// Caches as `kubectl get imagecache -o json` prints them: a v1 `List`.
#[allow(dead_code)]
pub fn list(caches: Vec<Value>) -> Value {
    json!({ "apiVersion": "v1", "kind": "List", "items": caches })
}

/// A cache as the API server returns it, events and all.
pub fn realistic_cache(i: usize) -> Value {
    let images: Vec<String> = (0..1 + i % 6)
        .map(|k| image(i + k * 3, i / 7 + k))
        .collect();
    let events: Vec<Value> = (0..12)
        .map(|e| {
            json!({
                "type": "Normal", "reason": format!("Step{e}"),
                "message": format!("image cache imc-bench{i:05} step {e}: pulling layers, {}% done", e * 8),
                "firstTimestamp": "2026-11-01T00:00:00Z", "lastTimestamp": "2026-11-01T00:05:00Z", "count": e + 1
            })
        })
        .collect();
    json!({
        "apiVersion": "eci.alibabacloud.com/v1", "kind": "ImageCache",
        "metadata": {
            "name": format!("cache-{i}"), "uid": format!("2f5c8a4e-0000-4000-8000-{i:012}"),
            "resourceVersion": format!("{}", 100_000 + i), "generation": 1,
            "creationTimestamp": format!("2026-{:02}-{:02}T08:00:00Z", 1 + i % 11, 1 + i % 28),
            "annotations": { "k8s.aliyun.com/imc-cpu-arch": if i.is_multiple_of(9) { "arm64" } else { "amd64" } },
            "labels": { "team": format!("team-{}", i % 7) }
        },
        "spec": { "images": images, "imageCacheSize": 20 + (i % 4) * 5, "retentionDays": 30,
                  "imagePullSecrets": ["default:acr-credential"] },
        "status": {
            "imageCacheId": format!("imc-bench{i:05}"),
            "phase": if i % 10 == 3 { "Creating" } else { "Ready" },
            "progress": "100%", "startTime": "2026-11-01T00:00:00Z", "lastUpdatedTime": "2026-11-01T00:05:00Z",
            "expireDateTime": "2026-12-31T00:00:00Z", "events": events
        }
    })
}

/// A cache like [`realistic_cache`] whose images no pod of [`pod_of`] runs (the core's
/// benchmark only: the others that include this file do not use it).
#[allow(dead_code)]
pub fn unrelated_cache(i: usize) -> Value {
    let mut cache = realistic_cache(i);
    cache["metadata"]["name"] = json!(format!("unrelated-{i}"));
    cache["status"]["imageCacheId"] = json!(format!("imc-other{i:05}"));
    cache["spec"]["images"] = json!([format!(
        "registry.example.com/team-{}/tool:{}",
        i % 50,
        i % 7
    )]);
    cache
}

pub fn pod() -> Value {
    pod_of(0)
}

/// Pod `k`: 5 images of the pool, at versions that vary with `k`.
pub fn pod_of(k: usize) -> Value {
    json!({
        "apiVersion": "v1", "kind": "Pod",
        "metadata": { "name": format!("bench-{k}"), "namespace": "default", "annotations": { "k8s.aliyun.com/eci-auto-imc": "true" } },
        "spec": { "containers": (0..5)
            .map(|i| json!({ "name": format!("c{i}"), "image": image(i + k, k / 3), "imagePullPolicy": "IfNotPresent" }))
            .collect::<Vec<_>>() }
    })
}

/// Workload `i` of a cluster: Deployments, StatefulSets and Pods of one to three images
/// from the same pool as the caches, most matching automatically, some pinning a cache.
/// Only the CLI's benchmark uses it.
#[allow(dead_code)]
pub fn realistic_workload(i: usize) -> Value {
    let mut annotations = json!({ "k8s.aliyun.com/eci-auto-imc": "true" });
    if i % 10 == 7 {
        annotations = json!({ "k8s.aliyun.com/eci-imc-id": format!("imc-bench{:05}", i % 1000) });
    }
    let containers: Vec<Value> = (0..1 + i % 3)
        .map(|k| {
            json!({ "name": format!("c{k}"), "image": image(i + k * 3, i / 7 + k),
                    "imagePullPolicy": if i.is_multiple_of(4) { "Always" } else { "IfNotPresent" },
                    "ports": [{ "containerPort": 8080 + k }],
                    "resources": { "requests": { "cpu": "250m", "memory": "256Mi" } } })
        })
        .collect();
    let pod = json!({ "metadata": { "labels": { "app": format!("app-{i}") }, "annotations": annotations },
                      "spec": { "containers": containers } });
    let metadata = json!({ "name": format!("app-{i}"), "namespace": format!("team-{}", i % 7),
                           "labels": { "app": format!("app-{i}"), "team": format!("team-{}", i % 7) } });
    match i % 3 {
        0 => json!({ "apiVersion": "v1", "kind": "Pod", "metadata": {
                        "name": format!("app-{i}"), "namespace": format!("team-{}", i % 7),
                        "annotations": pod["metadata"]["annotations"] },
                     "spec": pod["spec"] }),
        1 => json!({ "apiVersion": "apps/v1", "kind": "Deployment", "metadata": metadata,
                     "spec": { "replicas": 2, "selector": { "matchLabels": { "app": format!("app-{i}") } }, "template": pod } }),
        _ => json!({ "apiVersion": "apps/v1", "kind": "StatefulSet", "metadata": metadata,
                     "spec": { "serviceName": format!("app-{i}"), "template": pod } }),
    }
}

/// The widest shape the limits allow per item, as bytes of a whole input: a pod of 100
/// images against `n` caches of 20 images each, all sharing repository paths, about 7
/// distinct images per cache. Time per cache must stay flat as the list grows.
#[allow(dead_code)]
pub fn wide_input(n: usize) -> Vec<u8> {
    let wide = |i: usize| format!("registry.cn-hangzhou.aliyuncs.com/acme/app{}:{}", i % 10, i);
    let containers: Vec<Value> = (0..100)
        .map(|i| json!({ "name": format!("c{i}"), "image": wide(i), "imagePullPolicy": "IfNotPresent" }))
        .collect();
    let object = json!({ "kind": "Pod", "metadata": { "name": "wide", "annotations": { "k8s.aliyun.com/eci-auto-imc": "true" } },
                         "spec": { "containers": containers } });
    let caches: Vec<Value> = (0..n)
        .map(|k| {
            json!({ "metadata": { "name": format!("c{k}") },
                         "spec": { "images": (0..20).map(|j| wide(k * 7 + j)).collect::<Vec<_>>() },
                         "status": { "imageCacheId": format!("imc-{k}"), "phase": "Ready" } })
        })
        .collect();
    serde_json::to_vec(&json!({ "object": object, "imageCaches": caches })).unwrap_or_default()
}
