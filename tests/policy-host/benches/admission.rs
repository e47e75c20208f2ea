//! Time per admission request through the waPC host (a fresh instance, then `validate`,
//! answering one `list_resources_all`), for a pod with 5 images against 10, 100 and 1 000
//! realistic caches; beside it, the native `evaluate` of the core on the same input, and
//! the host's own share (pruning and serialising the list) on its own. Prints the size of
//! policy.wasm. Run with `make policy-bench`.

use std::path::PathBuf;
use std::sync::Arc;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use eci_image_cache_policy_host::{answer, prune, Cluster, Policy};
use serde_json::{json, Value};

const POOL: &[&str] = &[
    "nginx:1.25",
    "redis:7.2",
    "registry.cn-hangzhou.aliyuncs.com/acme/api:2.3.1",
    "registry.cn-hangzhou.aliyuncs.com/acme/worker:2.3.1",
    "busybox:1.36",
    "postgres:16",
    "grafana/grafana:11.0.0",
    "quay.io/prometheus/prometheus:v2.53.0",
    "ghcr.io/acme/sidecar@sha256:0000000000000000000000000000000000000000000000000000000000000001",
    "mysql:8.4",
];

/// A cache as the API server returns it, events and all (the shape of benches/evaluate.rs).
fn realistic_cache(i: usize) -> Value {
    let images: Vec<&str> = (0..1 + i % 6)
        .map(|k| POOL[(i + k * 3) % POOL.len()])
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
            "expireDateTime": "2099-12-31T00:00:00Z", "events": events
        }
    })
}

fn pod() -> Value {
    json!({
        "apiVersion": "v1", "kind": "Pod",
        "metadata": { "name": "bench", "namespace": "default", "annotations": { "k8s.aliyun.com/eci-auto-imc": "true" } },
        "spec": { "containers": POOL[..5].iter().enumerate()
            .map(|(i, image)| json!({ "name": format!("c{i}"), "image": image, "imagePullPolicy": "IfNotPresent" }))
            .collect::<Vec<_>>() }
    })
}

fn admission_request() -> Value {
    json!({
        "uid": "bench", "kind": {"group": "", "version": "v1", "kind": "Pod"},
        "resource": {"group": "", "version": "v1", "resource": "pods"},
        "operation": "CREATE", "namespace": "default", "name": "bench", "object": pod(),
        "userInfo": {"username": "bench"}
    })
}

fn bench(c: &mut Criterion) {
    let path = std::env::var_os("POLICY_WASM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../policy.wasm"));
    let module = std::fs::read(&path)
        .unwrap_or_else(|e| panic!("{}: {e}; build it with `make policy`", path.display()));
    println!(
        "policy.wasm: {} bytes ({:.2} MB)",
        module.len(),
        module.len() as f64 / 1_000_000.0
    );
    let policy = Policy::load(&module).expect("policy.wasm compiles");
    let settings = json!({});
    let request = admission_request();
    // The fields the policy asks for: the core's cache mask (src/policy/lookup.rs).
    let masks: Vec<String> = eci_image_cache::core::json::CACHE.paths();
    let list_request = serde_json::to_vec(&json!({
        "api_version": "eci.alibabacloud.com/v1", "kind": "ImageCache",
        "label_selector": null, "field_selector": null, "field_masks": masks
    }))
    .unwrap();

    let mut group = c.benchmark_group("admission");
    group.sample_size(20);
    for n in [10usize, 100, 1_000] {
        let caches: Vec<Value> = (0..n).map(realistic_cache).collect();
        let now = "2026-11-27T00:00:00Z";
        let full = serde_json::to_vec(&json!({"object": pod(), "imageCaches": caches, "now": now}))
            .unwrap();
        let pruned_caches: Vec<Value> = caches
            .iter()
            .map(|c| {
                let mut c = c.clone();
                prune(&mut c, &masks);
                c
            })
            .collect();
        let pruned =
            serde_json::to_vec(&json!({"object": pod(), "imageCaches": pruned_caches, "now": now}))
                .unwrap();
        let cluster = Arc::new(Cluster::with_image_caches(caches));

        // The policy must answer as the core does: a match, not a failure.
        let (response, calls) = policy.validate(&cluster, &settings, &request).unwrap();
        assert!(response.allowed && calls.len() == 1, "{response:?}");
        let native = eci_image_cache::evaluate_slice(&pruned).unwrap();
        assert_eq!(
            response.warnings.last(),
            Some(&native.decision.summary),
            "{response:?}"
        );

        group.bench_with_input(
            BenchmarkId::new("policy.wasm: fresh instance + validate", n),
            &n,
            |b, _| b.iter(|| policy.validate(&cluster, &settings, &request).unwrap()),
        );
        group.bench_with_input(
            BenchmarkId::new("host share: prune + serialise the list", n),
            &n,
            |b, _| {
                b.iter(|| {
                    answer(
                        &cluster,
                        "kubewarden",
                        "kubernetes",
                        "list_resources_all",
                        &list_request,
                    )
                    .unwrap()
                })
            },
        );
        group.bench_with_input(
            BenchmarkId::new("native evaluate_slice: pruned caches", n),
            &pruned,
            |b, bytes| b.iter(|| eci_image_cache::evaluate_slice(bytes).unwrap()),
        );
        group.bench_with_input(
            BenchmarkId::new("native evaluate_slice: full caches", n),
            &full,
            |b, bytes| b.iter(|| eci_image_cache::evaluate_slice(bytes).unwrap()),
        );
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
