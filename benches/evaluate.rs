//! `evaluate` for a pod with 5 images against 10 to 10 000 realistic caches (with long
//! `status.events`), beside the floor: serde_json reading the same bytes into IgnoredAny.
//! A second group shows that evaluation stays linear in the input at the widest shapes the
//! limits allow. Run with `make bench`; criterion prints each figure.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use serde::de::IgnoredAny;
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
            "annotations": { "k8s.aliyun.com/imc-cpu-arch": if i % 9 == 0 { "arm64" } else { "amd64" } },
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

pub fn pod() -> Value {
    json!({
        "apiVersion": "v1", "kind": "Pod",
        "metadata": { "name": "bench", "namespace": "default", "annotations": { "k8s.aliyun.com/eci-auto-imc": "true" } },
        "spec": { "containers": (0..5)
            .map(|i| json!({ "name": format!("c{i}"), "image": image(i, 0), "imagePullPolicy": "IfNotPresent" }))
            .collect::<Vec<_>>() }
    })
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("evaluate");
    group.sample_size(20);
    for n in [10usize, 100, 1_000, 10_000] {
        let caches: Vec<Value> = (0..n).map(realistic_cache).collect();
        let bytes = serde_json::to_vec(&json!({
            "object": pod(), "imageCaches": { "apiVersion": "v1", "kind": "List", "items": caches },
            "now": "2026-11-27T00:00:00Z"
        }))
        .unwrap();
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        group.bench_with_input(
            BenchmarkId::new("floor: serde_json into IgnoredAny", n),
            &bytes,
            |b, bytes| b.iter(|| serde_json::from_slice::<IgnoredAny>(bytes).unwrap()),
        );
        group.bench_with_input(
            BenchmarkId::new("evaluate from bytes", n),
            &bytes,
            |b, bytes| b.iter(|| eci_image_cache::evaluate_slice(bytes).unwrap()),
        );
    }
    group.finish();
}

/// The worst shape the limits allow per item: a pod of 100 images against caches of 20
/// images each, all sharing repository paths. Time per cache must stay flat as the list grows.
fn linear(c: &mut Criterion) {
    let mut group = c.benchmark_group("linear: 100-image pod, 20-image caches");
    group.sample_size(10);
    let wide = |i: usize| format!("registry.cn-hangzhou.aliyuncs.com/acme/app{}:{}", i % 10, i);
    let containers: Vec<Value> = (0..100)
        .map(|i| json!({ "name": format!("c{i}"), "image": wide(i), "imagePullPolicy": "IfNotPresent" }))
        .collect();
    let object = json!({ "kind": "Pod", "metadata": { "name": "wide", "annotations": { "k8s.aliyun.com/eci-auto-imc": "true" } },
                         "spec": { "containers": containers } });
    for n in [100usize, 1_000, 5_000] {
        let caches: Vec<Value> = (0..n)
            .map(|k| json!({ "metadata": { "name": format!("c{k}") },
                             "spec": { "images": (0..20).map(|j| wide(k * 7 + j)).collect::<Vec<_>>() },
                             "status": { "imageCacheId": format!("imc-{k}"), "phase": "Ready" } }))
            .collect();
        let bytes =
            serde_json::to_vec(&json!({ "object": object, "imageCaches": caches })).unwrap();
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(
            BenchmarkId::new("evaluate from bytes", n),
            &bytes,
            |b, bytes| b.iter(|| eci_image_cache::evaluate_slice(bytes).unwrap()),
        );
    }
    group.finish();
}

criterion_group!(benches, bench, linear);
criterion_main!(benches);
