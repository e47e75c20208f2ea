//! Prints, as JSON, the native core's report for every case of `tests/scenarios/*.yaml`, so
//! that the npm package's tests can check the WebAssembly build gives the very same reports
//! (`make npm-test` runs it into `target/npm-package/scenario-reports.json`).
//!
//! Each case's input is built as `tests/scenarios.rs` builds it (`objectFile` and
//! `imageCachesFile` read from `tests/fixtures/`). A case without `now` gets [`FIXED_NOW`]:
//! the npm package reads the clock when `now` is absent, and the comparison must be exact.
//!
//! Usage: cargo run --example scenario_reports > target/npm-package/scenario-reports.json

use std::path::{Path, PathBuf};

use serde_json::{json, Value};

/// The time given to every case that has none.
const FIXED_NOW: &str = "2026-11-27T12:00:00Z";

fn load_yaml(path: &Path) -> Result<Value, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    serde_yaml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
}

fn input_of(case: &Value, fixtures: &Path) -> Result<Value, String> {
    let mut input = case.get("input").cloned().unwrap_or_else(|| json!({}));
    for (file_key, key) in [("objectFile", "object"), ("imageCachesFile", "imageCaches")] {
        if let Some(file) = case.get(file_key).and_then(Value::as_str) {
            input[key] = load_yaml(&fixtures.join(file))?;
        }
    }
    if input.get("now").is_none_or(Value::is_null) {
        input["now"] = json!(FIXED_NOW);
    }
    Ok(input)
}

fn main() -> Result<(), String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let fixtures = root.join("tests/fixtures");
    let mut files: Vec<PathBuf> = std::fs::read_dir(root.join("tests/scenarios"))
        .map_err(|e| format!("tests/scenarios: {e}"))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|x| x == "yaml"))
        .collect();
    files.sort();
    let mut cases = Vec::new();
    for path in &files {
        let file = path
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        let list = load_yaml(path)?;
        let list = list
            .as_array()
            .ok_or_else(|| format!("{file}: not a list of cases"))?;
        for (index, case) in list.iter().enumerate() {
            let input = input_of(case, &fixtures)?;
            let result = match eci_image_cache::evaluate(&input) {
                Ok(report) => json!({ "report": report }),
                Err(error) => json!({ "error": error }),
            };
            let mut entry =
                json!({ "file": file, "index": index, "name": case["name"], "input": input });
            if let (Value::Object(entry), Value::Object(result)) = (&mut entry, result) {
                entry.extend(result);
            }
            cases.push(entry);
        }
    }
    let out = json!({ "fixedNow": FIXED_NOW, "cases": cases });
    println!(
        "{}",
        serde_json::to_string(&out).map_err(|e| e.to_string())?
    );
    Ok(())
}
