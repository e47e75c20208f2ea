//! The policy's own time per request against the native core, measured interleaved: each
//! round times requests through policy.wasm (fresh instance, `validate`, the instance
//! dropped) and the native `evaluate_slice` on the pruned input, back to back. The host's
//! share (pruning and serialising the list for the policy's capability call) is timed
//! inside each request, around the host's answer, and taken out of it: timed apart, it
//! would be a second figure with its own drift, and at 1 000 caches, where it is four
//! times the policy's own, that drift made the difference swing from 2.5× to 3.9× the
//! native core between runs. The host's answer is computed two ways: in the waPC callback,
//! on the policy's thread, where its work (four times the policy's at 1 000 caches) runs
//! through the caches of the policy's core just before the policy reads the reply; and on
//! a thread of the host's own, the callback polling for it, as Kubewarden's
//! policy-evaluator does. Each figure is the median of 31 rounds. It also counts the
//! page faults of a request on a fresh instance and on a warm one: a fresh instance's
//! memory is new pages, and on a virtual machine each costs microseconds. Run with
//! `make policy-bench`. Figures, not asserts.

use std::hint::black_box;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::json;

mod support;
use eci_image_cache_policy_host::{validation_payload, Answerer, HostThread};
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

/// The time the host spent answering, since the last call: taken, and set back to zero.
fn take(host_time: &Mutex<Duration>) -> Duration {
    host_time
        .lock()
        .map(|mut t| std::mem::take(&mut *t))
        .unwrap_or_default()
}

/// Seconds per call of the policy's own and of the host's answers, over `calls` calls of
/// `request`, whose host adds the time of its answers to `host_time`.
fn own_per_call(calls: usize, host_time: &Mutex<Duration>, request: impl FnMut()) -> (f64, f64) {
    take(host_time);
    let whole = per_call(calls, request);
    let host = take(host_time).as_secs_f64() / calls as f64;
    (whole - host, host)
}

fn main() {
    let policy = load_policy();
    let settings = json!({});
    let request = admission_request();
    println!("medians of {ROUNDS} interleaved rounds; own = fresh instance + validate + drop, less the host's answer");
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
    let host_time = Arc::new(Mutex::new(Duration::ZERO));
    for n in [10usize, 100, 1_000] {
        let case = Case::new(n);
        case.check(&policy, &settings, &request);
        let payload = validation_payload(&request, &settings).unwrap();
        let calls = (2_000 / n).max(2);
        let (mut own_ms, mut host_ms, mut native_ms, mut ratios) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        let in_callback = Answerer::Callback(case.cluster.clone());
        let on_thread = Answerer::Thread(Arc::new(HostThread::answering(case.cluster.clone())));
        let (mut apart_ms, mut apart_ratios) = (Vec::new(), Vec::new());
        // The same request again and again on one instance: what the policy's work costs
        // once its memory is grown and touched. Answered on the host's thread, so that the
        // host's work does not run through the policy's core between its requests either.
        let warm = policy
            .timed_instance(on_thread.clone(), host_time.clone())
            .unwrap();
        let (mut warm_ms, mut warm_ratios) = (Vec::new(), Vec::new());
        let (mut fresh_faults, mut warm_faults) = (0, 0);
        for _ in 0..ROUNDS {
            let before = minor_faults();
            let (own, host) = own_per_call(calls, &host_time, || {
                let instance = policy
                    .timed_instance(in_callback.clone(), host_time.clone())
                    .unwrap();
                black_box(instance.call("validate", &payload).unwrap());
            });
            fresh_faults += minor_faults().saturating_sub(before);
            let (apart, _) = own_per_call(calls, &host_time, || {
                let instance = policy
                    .timed_instance(on_thread.clone(), host_time.clone())
                    .unwrap();
                black_box(instance.call("validate", &payload).unwrap());
            });
            let native = per_call(calls, || {
                black_box(eci_image_cache::evaluate_slice(&case.pruned).unwrap());
            });
            let before = minor_faults();
            let (warm_own, _) = own_per_call(calls, &host_time, || {
                black_box(warm.call("validate", &payload).unwrap());
            });
            warm_faults += minor_faults().saturating_sub(before);
            ratios.push(own / native);
            warm_ratios.push(warm_own / native);
            apart_ratios.push(apart / native);
            apart_ms.push(apart * 1e3);
            own_ms.push(own * 1e3);
            host_ms.push(host * 1e3);
            native_ms.push(native * 1e3);
            warm_ms.push(warm_own * 1e3);
        }
        println!(
            "{n:>5} caches: policy's own {:>8.3} ms (host's answer {:>8.3} ms taken out), \
             native evaluate_slice (pruned) {:>8.3} ms: own/native {:.2}×",
            median(own_ms),
            median(host_ms),
            median(native_ms),
            median(ratios)
        );
        println!(
            "{:>13} the host answering on its own thread, as Kubewarden's: own {:>8.3} ms, {:.2}× native",
            "",
            median(apart_ms),
            median(apart_ratios)
        );
        println!(
            "{:>13} on a warm instance, the same request again (host on its thread): own {:>8.3} ms, {:.2}× native",
            "",
            median(warm_ms),
            median(warm_ratios)
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
