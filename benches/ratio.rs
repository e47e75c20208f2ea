//! The core's ratios to its floor, measured interleaved: each round times the floor
//! (serde_json into `IgnoredAny`) and the core on the same bytes back to back, and the
//! medians of 31 rounds are compared. On a shared or virtual machine, whose speed drifts
//! between criterion's groups (`benches/evaluate.rs` times the floor, then the core), the
//! ratio of two figures taken seconds apart is only as good as the drift allows; taken
//! round by round, the drift cancels. Run with `make bench` (after the criterion groups) or
//! `cargo bench --bench ratio`. Figures, not asserts.

use std::hint::black_box;

use serde::de::IgnoredAny;
use serde_json::{json, Value};

#[path = "support/fixtures.rs"]
mod fixtures;

#[path = "support/timing.rs"]
mod timing;
use timing::{median, per_call, ROUNDS};

/// The medians of the floor and of `run` on `bytes`, interleaved round by round.
fn beside_floor(bytes: &[u8], calls: usize, mut run: impl FnMut(&[u8])) -> (f64, f64) {
    let (mut floor, mut ours) = (Vec::new(), Vec::new());
    for _ in 0..ROUNDS {
        floor.push(per_call(calls, || {
            black_box(serde_json::from_slice::<IgnoredAny>(bytes).unwrap());
        }));
        ours.push(per_call(calls, || run(bytes)));
    }
    (median(floor), median(ours))
}

fn print(what: &str, n: usize, (floor, ours): (f64, f64)) {
    println!(
        "{what:<34} {n:>6} caches: {:>9.3} ms, floor {:>9.3} ms: {:.2}×",
        ours * 1e3,
        floor * 1e3,
        ours / floor
    );
}

fn list(n: usize) -> Value {
    fixtures::list((0..n).map(fixtures::realistic_cache).collect())
}

fn main() {
    println!(
        "medians of {ROUNDS} interleaved rounds (floor: serde_json into IgnoredAny, same bytes)"
    );
    for n in [10usize, 100, 1_000, 10_000] {
        let calls = (20_000 / n).max(1);
        let caches = serde_json::to_vec(&list(n)).unwrap();
        let input = serde_json::to_vec(&json!({
            "object": fixtures::pod(), "imageCaches": list(n), "now": "2026-11-27T00:00:00Z"
        }))
        .unwrap();
        print(
            "catalogue from bytes",
            n,
            beside_floor(&caches, calls, |bytes| {
                black_box(
                    eci_image_cache::Catalogue::from_slice(
                        bytes,
                        eci_image_cache::Settings::default(),
                    )
                    .unwrap(),
                );
            }),
        );
        print(
            "evaluate, report serialised",
            n,
            beside_floor(&input, calls, evaluate),
        );
    }
    // The widest shape per cache: the time per cache must not grow with the list.
    let mut per_cache = Vec::new();
    for n in [1_000usize, 5_000] {
        let input = fixtures::wide_input(n);
        let (floor, ours) = beside_floor(&input, (20_000 / n).max(1), evaluate);
        print("linear shape (wide_input)", n, (floor, ours));
        per_cache.push((n, ours / n as f64, floor / n as f64));
    }
    if let [(small, ours_small, floor_small), (large, ours_large, floor_large)] = per_cache[..] {
        println!(
            "linear shape, time per cache from {small} to {large} caches: {:.2}× (floor {:.2}×)",
            ours_large / ours_small,
            floor_large / floor_small
        );
    }
}

/// One evaluation from bytes, its report serialised.
fn evaluate(bytes: &[u8]) {
    black_box(
        eci_image_cache::evaluate_slice(bytes)
            .unwrap()
            .to_json()
            .unwrap(),
    );
}
