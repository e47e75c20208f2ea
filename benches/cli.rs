//! `make cli-bench`: `eci-image-cache check` over 1 000, 10 000 and 100 000 workloads in
//! multi-document YAML against 1 000 realistic caches (benches/support/fixtures.rs), beside
//! the floor: reading the same files (workloads and caches) and parsing them into trees that
//! are dropped. Workloads come in files of at most 10 000 (a file may hold at most 64 MiB).
//! Peak memory (VmHWM) of a fresh process per size, beside the input's size. Prints a table.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use eci_image_cache::cli::{emit::to_yaml, yaml};

// The core's benchmark uses the pod of these fixtures; this one the caches and workloads.
#[allow(dead_code)]
#[path = "support/fixtures.rs"]
mod fixtures;

const NOW: &str = "2026-11-27T00:00:00Z";
const CACHES: usize = 1_000;
/// Workloads per file.
const PART: usize = 10_000;

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("target/cli-bench")
}

/// The folder of the `n` workloads' files.
fn workloads(n: usize) -> PathBuf {
    dir().join(format!("workloads-{n}"))
}

fn write_inputs(sizes: &[usize]) -> std::io::Result<()> {
    std::fs::create_dir_all(dir())?;
    let caches: Vec<_> = (0..CACHES).map(fixtures::realistic_cache).collect();
    std::fs::write(dir().join("caches.yaml"), to_yaml(&fixtures::list(caches)))?;
    for &n in sizes {
        let folder = workloads(n);
        if folder.exists() {
            continue;
        }
        std::fs::create_dir_all(&folder)?;
        for (part, start) in (0..n).step_by(PART).enumerate() {
            let mut text = String::new();
            for i in start..n.min(start + PART) {
                text.push_str("---\n");
                text.push_str(&to_yaml(&fixtures::realistic_workload(i)));
            }
            std::fs::write(folder.join(format!("part-{part:03}.yaml")), text)?;
        }
    }
    Ok(())
}

/// The files `check` reads for `n` workloads: the caches, then the workloads' files.
fn files(n: usize) -> Vec<PathBuf> {
    let mut parts: Vec<PathBuf> = std::fs::read_dir(workloads(n))
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    parts.sort();
    std::iter::once(dir().join("caches.yaml"))
        .chain(parts)
        .collect()
}

fn check(n: usize) -> u8 {
    let args = [
        "eci-image-cache",
        "check",
        "--now",
        NOW,
        "--fail-on",
        "never",
        "--caches",
    ]
    .iter()
    .map(Into::into)
    .chain([
        dir().join("caches.yaml").into_os_string(),
        workloads(n).into_os_string(),
    ]);
    eci_image_cache::cli::run(args, &mut std::io::sink(), &mut std::io::sink(), false)
}

/// Reading and parsing every file `check` reads into trees that are dropped.
fn floor(n: usize) -> usize {
    files(n)
        .iter()
        .map(|f| {
            let text = std::fs::read_to_string(f).unwrap_or_default();
            yaml::documents(&text, false).filter(Result::is_ok).count()
        })
        .sum()
}

fn best_of(runs: usize, mut f: impl FnMut()) -> Duration {
    (0..runs)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .min()
        .unwrap_or_default()
}

/// Peak resident memory of this process, in bytes (Linux).
fn peak_rss() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches(" kB").trim().parse::<u64>().ok())
        .map_or(0, |kb| kb * 1024)
}

/// Runs one check in a fresh process (this bench, with `--child N`) and reads its peak memory.
fn child_peak(n: usize) -> u64 {
    let out = std::process::Command::new(std::env::current_exe().expect("bench binary"))
        .args(["--child", &n.to_string()])
        .output()
        .expect("child runs");
    String::from_utf8_lossy(&out.stdout)
        .trim()
        .parse()
        .unwrap_or(0)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(n) = args
        .iter()
        .position(|a| a == "--child")
        .and_then(|i| args.get(i + 1)?.parse().ok())
    {
        let code = check(n);
        println!("{}", if code == 2 { 0 } else { peak_rss() });
        return;
    }
    let sizes: Vec<usize> = std::env::var("CLI_BENCH_SIZES")
        .ok()
        .map(|s| s.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![1_000, 10_000, 100_000]);
    write_inputs(&sizes).expect("bench inputs written");
    let caches_bytes = std::fs::metadata(dir().join("caches.yaml")).map_or(0, |m| m.len());
    println!(
        "check (text) against {CACHES} realistic caches ({:.1} MB of YAML), one thread; best of 3 (1 run at 100 000)",
        caches_bytes as f64 / 1e6
    );
    println!(
        "floor: reading and parsing the same files (caches and workloads) into trees, dropped"
    );
    println!(
        "{:>9} {:>9} {:>10} {:>10} {:>7} {:>11} {:>10} {:>8}",
        "workloads",
        "input MB",
        "floor ms",
        "check ms",
        "ratio",
        "µs/workload",
        "peak MB",
        "peak/in"
    );
    for &n in &sizes {
        let input: u64 = files(n)
            .iter()
            .map(|f| std::fs::metadata(f).map_or(0, |m| m.len()))
            .sum();
        let runs = if n >= 100_000 { 1 } else { 3 };
        assert_eq!(check(n), 0, "the check reads every input (no input errors)");
        let floor_time = best_of(runs, || {
            std::hint::black_box(floor(n));
        });
        let check_time = best_of(runs, || {
            std::hint::black_box(check(n));
        });
        let peak = child_peak(n);
        println!(
            "{n:>9} {:>9.1} {:>10.0} {:>10.0} {:>7.2} {:>11.1} {:>10.1} {:>8.2}",
            input as f64 / 1e6,
            floor_time.as_secs_f64() * 1e3,
            check_time.as_secs_f64() * 1e3,
            check_time.as_secs_f64() / floor_time.as_secs_f64(),
            check_time.as_secs_f64() * 1e6 / n as f64,
            peak as f64 / 1e6,
            peak as f64 / input as f64,
        );
    }
}
