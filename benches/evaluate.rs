//! `evaluate` for a pod with 5 images against 10 to 10 000 realistic caches (with long
//! `status.events`), beside the floor: serde_json reading the same bytes into IgnoredAny.
//! A second group shows that evaluation stays linear in the input at the widest shapes the
//! limits allow. Run with `make bench`; criterion prints each figure.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use serde::de::IgnoredAny;
use serde_json::{json, Value};

#[path = "support/fixtures.rs"]
mod fixtures;

use fixtures::{pod, realistic_cache};

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
