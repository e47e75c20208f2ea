//! The policy's own time per request against the native core, measured interleaved: each
//! round times a request through policy.wasm (fresh instance + validate), the host's share
//! of it (pruning and serialising the list) and the native `evaluate_slice` on the pruned
//! input, back to back. The policy's own time is the request less the host's share, and
//! each figure is the median of 31 rounds; taken round by round, the drift of a shared or
//! virtual machine cancels, where criterion's groups (`benches/admission.rs`) time each
//! part seconds apart. It also counts the page faults of a request on a fresh instance and
//! on a warm one: a fresh instance's memory is new pages, and on a virtual machine each
//! costs microseconds. Run with `make policy-bench`. Figures, not asserts.

use std::hint::black_box;
use std::sync::Arc;

use serde_json::json;

mod support;
use eci_image_cache_policy_host::validation_payload;
use support::admission::{admission_request, load_policy, Case};

#[path = "../../../benches/support/timing.rs"]
mod timing;
use timing::{median, per_call, ROUNDS};

/// The process's minor page faults so far (Linux's `/proc/self/stat`, field 10; 0 where
/// there is none): a fresh instance's memory is new pages, each faulted in on first touch.
fn minor_faults() -> u64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // The fields after the command's name, which is in parentheses and may hold spaces.
    let after_name = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    after_name
        .split_whitespace()
        .nth(7)
        .and_then(|field| field.parse().ok())
        .unwrap_or(0)
}

fn main() {
    let policy = load_policy();
    let settings = json!({});
    let request = admission_request();
    println!("medians of {ROUNDS} interleaved rounds; own = request - host share");
    // What any request pays before the policy reads it: a fresh instance, and the
    // smallest call there is.
    let fresh: Vec<f64> = (0..ROUNDS)
        .map(|_| {
            per_call(200, || {
                black_box(policy.validate_settings(&settings).unwrap());
            })
        })
        .collect();
    println!(
        "fresh instance + validate_settings: {:.3} ms",
        median(fresh) * 1e3
    );
    for n in [10usize, 100, 1_000] {
        let case = Case::new(n);
        case.check(&policy, &settings, &request);
        let calls = (2_000 / n).max(2);
        let (mut request_ms, mut host_ms, mut native_ms, mut ratios) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        // The same request again and again on one instance: what the policy's work costs
        // once its memory is grown and touched.
        let payload = validation_payload(&request, &settings).unwrap();
        let warm = policy
            .instance(case.cluster.clone(), Arc::default())
            .unwrap();
        let mut warm_ms = Vec::new();
        let (mut fresh_faults, mut warm_faults) = (0, 0);
        for _ in 0..ROUNDS {
            let before = minor_faults();
            let whole = per_call(calls, || {
                black_box(policy.validate(&case.cluster, &settings, &request).unwrap());
            });
            fresh_faults += minor_faults().saturating_sub(before);
            let host = per_call(calls, || {
                black_box(case.host_share());
            });
            let native = per_call(calls, || {
                black_box(eci_image_cache::evaluate_slice(&case.pruned).unwrap());
            });
            let before = minor_faults();
            warm_ms.push(
                per_call(calls, || {
                    black_box(warm.call("validate", &payload).unwrap());
                }) * 1e3,
            );
            warm_faults += minor_faults().saturating_sub(before);
            ratios.push((whole - host) / native);
            request_ms.push(whole * 1e3);
            host_ms.push(host * 1e3);
            native_ms.push(native * 1e3);
        }
        let (whole, host) = (median(request_ms), median(host_ms));
        println!(
            "{n:>5} caches: request {whole:>8.3} ms, host share {host:>8.3} ms, \
             policy's own {:>8.3} ms, native evaluate_slice (pruned) {:>8.3} ms: own/native {:.2}×",
            whole - host,
            median(native_ms),
            median(ratios)
        );
        println!(
            "{:>13} the same request on a warm instance {:>8.3} ms, host share included",
            "",
            median(warm_ms)
        );
        let per_request = |faults: u64| faults as f64 / (ROUNDS * calls) as f64;
        println!(
            "{:>13} page faults per request: fresh instance {:.1}, warm {:.1}",
            "",
            per_request(fresh_faults),
            per_request(warm_faults)
        );
    }
}
