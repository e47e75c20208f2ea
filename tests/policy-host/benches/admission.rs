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

/// The same inputs as the core's own benchmark.
#[path = "../../../benches/support/fixtures.rs"]
mod fixtures;

use fixtures::{pod, realistic_cache};

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
