//! Times the native core on an input file, for the npm package's benchmark
//! (`make npm-bench`), which gives it the very input it gives the WebAssembly build.
//!
//! Prints one JSON line: milliseconds per call of `evaluate_slice` on the JSON bytes plus
//! `Report::to_json`, the text the npm package hands to `JSON.parse` (bytes in, JSON out:
//! what crossing into and out of WebAssembly costs the npm package, natively), and of
//! `evaluate` alone on input already parsed; each the best and the median of 7 batches of
//! `iterations` calls, as the Node side measures.
//!
//! Usage: cargo run --release --example evaluate_timing -- <input.json> [iterations]

use std::time::Instant;

/// Milliseconds per call: the best and the median of 7 batches.
fn per_call_ms(iterations: u32, mut f: impl FnMut()) -> serde_json::Value {
    f(); // warm up
    let mut batches: Vec<f64> = (0..7)
        .map(|_| {
            let start = Instant::now();
            for _ in 0..iterations {
                f();
            }
            start.elapsed().as_secs_f64() * 1000.0 / f64::from(iterations)
        })
        .collect();
    batches.sort_by(f64::total_cmp);
    serde_json::json!({ "best": batches[0], "median": batches[3] })
}

fn main() -> Result<(), String> {
    let mut args = std::env::args().skip(1);
    let path = args
        .next()
        .ok_or("usage: evaluate_timing <input.json> [iterations]")?;
    let iterations: u32 = match args.next() {
        Some(n) => n.parse().map_err(|e| format!("iterations: {e}"))?,
        None => 200,
    };
    let bytes = std::fs::read(&path).map_err(|e| format!("{path}: {e}"))?;
    let value: serde_json::Value =
        serde_json::from_slice(&bytes).map_err(|e| format!("{path}: {e}"))?;
    eci_image_cache::evaluate(&value).map_err(|e| format!("{path}: {e}"))?;

    let bytes_in_json_out = per_call_ms(iterations, || {
        let report = eci_image_cache::evaluate_slice(&bytes).expect("checked above");
        std::hint::black_box(report.to_json().expect("a report is JSON"));
    });
    let evaluate_only = per_call_ms(iterations, || {
        std::hint::black_box(eci_image_cache::evaluate(&value).expect("checked above"));
    });
    println!(
        "{}",
        serde_json::json!({ "iterations": iterations, "bytesInJsonOutMs": bytes_in_json_out, "evaluateMs": evaluate_only })
    );
    Ok(())
}
