//! The core's speed beside its floor, serde_json reading the same bytes into `IgnoredAny`
//! (the least any reader of them must do), for caches as the API server returns them (with
//! long `status.events`). Run with `make bench`; criterion prints each figure, the floor
//! first in every group.
//! - `catalogue`: building the catalogue from the bytes of a cache list;
//! - `evaluate`: one evaluation from the bytes of a whole input (a pod with 5 images), the
//!   report serialised;
//! - `each further workload`: 1 000 workloads against a built catalogue, whose cost must not
//!   depend on the caches that share none of their images;
//! - `linear`: the widest shapes the limits allow, per cache.

use criterion::measurement::WallTime;
use criterion::{
    criterion_group, criterion_main, BenchmarkGroup, BenchmarkId, Criterion, Throughput,
};
use eci_image_cache::core::time::Timestamp;
use eci_image_cache::{Catalogue, Settings};
use serde::de::IgnoredAny;
use serde_json::{json, Value};

#[path = "support/fixtures.rs"]
mod fixtures;

use fixtures::{list, pod, pod_of, realistic_cache, unrelated_cache, wide_input};

const SIZES: [usize; 4] = [10, 100, 1_000, 10_000];

/// The floor, then `name` doing `run` on the same bytes, in one group.
fn beside_floor<R>(
    group: &mut BenchmarkGroup<WallTime>,
    name: &str,
    n: usize,
    bytes: &[u8],
    run: impl Fn(&[u8]) -> R,
) {
    group.throughput(Throughput::Bytes(bytes.len() as u64));
    group.bench_with_input(
        BenchmarkId::new("floor: serde_json into IgnoredAny", n),
        bytes,
        |b, bytes| b.iter(|| serde_json::from_slice::<IgnoredAny>(bytes).unwrap()),
    );
    group.bench_with_input(BenchmarkId::new(name, n), bytes, |b, bytes| {
        b.iter(|| run(bytes))
    });
}

fn catalogue(c: &mut Criterion) {
    let mut group = c.benchmark_group("catalogue");
    group.sample_size(20);
    for n in SIZES[1..].iter().copied() {
        let bytes = serde_json::to_vec(&list((0..n).map(realistic_cache).collect())).unwrap();
        beside_floor(&mut group, "Catalogue::from_slice", n, &bytes, |bytes| {
            Catalogue::from_slice(bytes, Settings::default()).unwrap()
        });
    }
    group.finish();
}

fn evaluate(c: &mut Criterion) {
    let mut group = c.benchmark_group("evaluate");
    group.sample_size(20);
    for n in SIZES {
        let bytes = serde_json::to_vec(&json!({
            "object": pod(), "imageCaches": list((0..n).map(realistic_cache).collect()),
            "now": "2026-11-27T00:00:00Z"
        }))
        .unwrap();
        beside_floor(
            &mut group,
            "evaluate from bytes, report serialised",
            n,
            &bytes,
            |bytes| {
                eci_image_cache::evaluate_slice(bytes)
                    .unwrap()
                    .to_json()
                    .unwrap()
            },
        );
    }
    group.finish();
}

/// 1 000 workloads of the realistic pool against 1 000 caches that share their images, and
/// against the same 1 000 with 9 000 more that share none: the time must not change.
fn each_further_workload(c: &mut Criterion) {
    let mut group = c.benchmark_group("each further workload (1 000 workloads)");
    group.sample_size(20);
    let now = Timestamp::parse("2026-11-27T00:00:00Z").unwrap();
    let workloads: Vec<Value> = (0..1_000).map(pod_of).collect();
    group.throughput(Throughput::Elements(workloads.len() as u64));
    for unrelated in [0usize, 9_000] {
        let caches: Vec<Value> = (0..1_000)
            .map(realistic_cache)
            .chain((0..unrelated).map(unrelated_cache))
            .collect();
        let bytes = serde_json::to_vec(&list(caches)).unwrap();
        let catalogue = Catalogue::from_slice(&bytes, Settings::default()).unwrap();
        let label = format!("1 000 sharing + {unrelated} unrelated caches");
        group.bench_function(BenchmarkId::new("evaluate_relevant", &label), |b| {
            b.iter(|| {
                workloads
                    .iter()
                    .map(|w| catalogue.evaluate_relevant(w, Some(&now)).caches.len())
                    .sum::<usize>()
            })
        });
    }
    group.finish();
}

/// The worst shape the limits allow per item (`fixtures::wide_input`). Time per cache must
/// stay flat as the list grows.
fn linear(c: &mut Criterion) {
    let mut group = c.benchmark_group("linear: 100-image pod, 20-image caches");
    group.sample_size(10);
    for n in [100usize, 1_000, 5_000] {
        let bytes = wide_input(n);
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(
            BenchmarkId::new("evaluate from bytes", n),
            &bytes,
            |b, bytes| b.iter(|| eci_image_cache::evaluate_slice(bytes).unwrap()),
        );
    }
    group.finish();
}

criterion_group!(benches, catalogue, evaluate, each_further_workload, linear);
criterion_main!(benches);
