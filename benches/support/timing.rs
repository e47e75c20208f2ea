//! Timing for the interleaved ratio benchmarks (the core's `benches/ratio.rs`, the policy's
//! `tests/policy-host/benches/ratio.rs`): medians of rounds, each a batch of calls.

/// Rounds per figure: each figure is the median of this many.
pub const ROUNDS: usize = 31;

/// Seconds per call of `run`, over a batch long enough to be timed.
pub fn per_call(calls: usize, mut run: impl FnMut()) -> f64 {
    let start = std::time::Instant::now();
    for _ in 0..calls {
        run();
    }
    start.elapsed().as_secs_f64() / calls as f64
}

pub fn median(mut times: Vec<f64>) -> f64 {
    times.sort_by(f64::total_cmp);
    times[times.len() / 2]
}
