//! Shows what `evaluate_structured` builds from fuzzer bytes, for triage:
//!
//!   cargo run --manifest-path fuzz/Cargo.toml --example structured -- <artifact>
//!       prints the JSON input (keep it under tests/fuzz-regressions/evaluate_structured/);
//!   cargo run --manifest-path fuzz/Cargo.toml --example structured -- --outcomes <dir>
//!       counts the outcomes the inputs of a corpus reach, and why caches were not chosen.

use std::collections::BTreeMap;

use arbitrary::{Arbitrary, Unstructured};
use eci_image_cache::evaluate;
use eci_image_cache_fuzz::StructuredInput;

fn input(bytes: &[u8]) -> Option<serde_json::Value> {
    StructuredInput::arbitrary_take_rest(Unstructured::new(bytes))
        .ok()
        .map(|i| i.0.json())
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.as_slice() {
        [flag, dir] if flag == "--outcomes" => {
            let mut counts: BTreeMap<String, usize> = BTreeMap::new();
            for entry in std::fs::read_dir(dir).expect("a corpus directory") {
                let bytes = std::fs::read(entry.expect("an entry").path()).expect("readable");
                let outcome = match input(&bytes).map(|v| evaluate(&v)) {
                    None => "not built".to_owned(),
                    Some(Err(e)) => format!("input error at {:?}", e.path),
                    Some(Ok(r)) => {
                        for row in &r.caches {
                            *counts
                                .entry(format!("  cache row: {:?}", row.reason))
                                .or_default() += 1;
                        }
                        format!("{:?} {}", r.decision.outcome, r.workload.kind)
                    }
                };
                *counts.entry(outcome).or_default() += 1;
            }
            for (outcome, n) in counts {
                println!("{n:6}  {outcome}");
            }
        }
        [file] => {
            let bytes = std::fs::read(file).expect("a readable artifact");
            let value = input(&bytes).expect("the bytes build an input");
            println!("{}", serde_json::to_string_pretty(&value).expect("JSON"));
        }
        _ => eprintln!("usage: structured <artifact> | structured --outcomes <corpus dir>"),
    }
}
