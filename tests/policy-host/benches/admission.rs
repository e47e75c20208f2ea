//! Time per admission request through the waPC host (a fresh instance, then `validate`,
//! answering one `list_resources_all`), for a pod with 5 images against 10, 100 and 1 000
//! realistic caches; beside it, the native `evaluate` of the core on the same input, and
//! the host's own share (pruning and serialising the list) on its own. Prints the size of
//! policy.wasm. Run with `make policy-bench`, which then prints the same figures measured
//! interleaved (`benches/ratio.rs`).

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use serde_json::json;

mod support;
use support::admission::{admission_request, load_policy, Case};

fn bench(c: &mut Criterion) {
    let policy = load_policy();
    let settings = json!({});
    let request = admission_request();

    let mut group = c.benchmark_group("admission");
    group.sample_size(20);
    for n in [10usize, 100, 1_000] {
        let case = Case::new(n);
        case.check(&policy, &settings, &request);
        group.bench_with_input(
            BenchmarkId::new("policy.wasm: fresh instance + validate", n),
            &n,
            |b, _| b.iter(|| policy.validate(&case.cluster, &settings, &request).unwrap()),
        );
        group.bench_with_input(
            BenchmarkId::new("host share: prune + serialise the list", n),
            &n,
            |b, _| b.iter(|| case.host_share()),
        );
        group.bench_with_input(
            BenchmarkId::new("native evaluate_slice: pruned caches", n),
            &case.pruned,
            |b, bytes| b.iter(|| eci_image_cache::evaluate_slice(bytes).unwrap()),
        );
        group.bench_with_input(
            BenchmarkId::new("native evaluate_slice: full caches", n),
            &case.full,
            |b, bytes| b.iter(|| eci_image_cache::evaluate_slice(bytes).unwrap()),
        );
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
