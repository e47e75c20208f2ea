//! Scenario tests: every file in `tests/scenarios/` is a list of cases, each an input of
//! SPEC section 7 and what the report must say. The npm package's tests read the same
//! files, so the native core and the WebAssembly build are held to one set of facts.
//!
//! A case may name `objectFile` and `imageCachesFile` (relative to `tests/fixtures/`)
//! instead of writing the manifests inline. Every expectation listed is compared exactly;
//! `diagnostics`, `ranking` and `proposed` default to empty or null, so an unexpected
//! diagnostic fails the case. `messages` lists texts some diagnostic's message contains;
//! `fixes`, when given, the codes of the diagnostics that carry a fix. In every case,
//! applying every fix offered and evaluating again must not give those diagnostics back.

use std::path::{Path, PathBuf};

use serde_json::{json, Value};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn load_yaml(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The input of a case, with the files it names read in.
fn input_of(case: &Value) -> Value {
    let mut input = case.get("input").cloned().unwrap_or_else(|| json!({}));
    for (file_key, key) in [("objectFile", "object"), ("imageCachesFile", "imageCaches")] {
        if let Some(file) = case.get(file_key).and_then(Value::as_str) {
            input[key] = load_yaml(&fixtures().join(file));
        }
    }
    input
}

fn check_case(file: &str, case: &Value) -> Result<(), String> {
    let name = case["name"].as_str().unwrap_or("(unnamed)");
    let input = input_of(case);
    let expect = &case["expect"];
    let result = eci_image_cache::evaluate(&input);
    // Read from bytes in one pass, the caches never built as JSON, the input gives the same.
    let bytes = serde_json::to_vec(&input).map_err(|e| e.to_string())?;
    if eci_image_cache::evaluate_slice(&bytes) != result {
        return Err(format!(
            "{file}: {name}: from bytes the input gives another result"
        ));
    }
    let report = result.map_err(|e| format!("input error: {e}"))?;
    // The text every face hands on is serde_json's, byte for byte.
    let text = report.to_json().map_err(|e| e.to_string())?;
    if text != serde_json::to_string(&report).map_err(|e| e.to_string())? {
        return Err(format!(
            "{file}: {name}: Report::to_json writes another text than serde_json"
        ));
    }
    let report: Value = serde_json::from_str(&text).map_err(|e| e.to_string())?;
    let mut failures = Vec::new();
    let mut compare = |what: &str, got: Value, want: Value| {
        if got != want {
            failures.push(format!("  {what}:\n    got  {got}\n    want {want}"));
        }
    };
    compare(
        "outcome",
        report["decision"]["outcome"].clone(),
        expect["outcome"].clone(),
    );
    compare(
        "imageCacheId",
        report["decision"]["imageCacheId"].clone(),
        expect.get("imageCacheId").cloned().unwrap_or(Value::Null),
    );
    let rows = report["caches"].as_array().cloned().unwrap_or_default();
    let ranked: Vec<Value> = rows
        .iter()
        .filter(|r| !r["rank"].is_null())
        .map(|r| r["name"].clone())
        .collect();
    compare(
        "ranking",
        Value::from(ranked),
        expect.get("ranking").cloned().unwrap_or(json!([])),
    );
    if let Some(Value::Object(reasons)) = expect.get("reasons") {
        for (cache, want) in reasons {
            let got = rows
                .iter()
                .find(|r| r["name"] == json!(cache))
                .map(|r| r["reason"].clone())
                .unwrap_or(json!("(no such row)"));
            compare(&format!("reason of {cache}"), got, want.clone());
        }
    }
    let diagnostics: Vec<Value> = report["diagnostics"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|d| {
            Value::from(format!(
                "{} {} {}",
                d["severity"].as_str().unwrap_or_default(),
                d["code"].as_str().unwrap_or_default(),
                d["path"].as_str().unwrap_or_default()
            ))
        })
        .collect();
    compare(
        "diagnostics",
        Value::from(diagnostics),
        expect.get("diagnostics").cloned().unwrap_or(json!([])),
    );
    if let Some(patch) = expect.get("patch") {
        compare("patch", report["patch"].clone(), patch.clone());
    }
    compare(
        "proposed images",
        report["proposedImageCache"]["spec"]["images"].clone(),
        expect.get("proposed").cloned().unwrap_or(Value::Null),
    );
    for key in ["images", "temporaryStorageGiB"] {
        if let Some(want) = expect.get(key) {
            compare(key, report[key].clone(), want.clone());
        }
    }
    let fixed: Vec<Value> = report["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|d| d.get("fix").is_some())
        .map(|d| d["code"].clone())
        .collect();
    if let Some(want) = expect.get("fixes") {
        compare("codes with a fix", Value::from(fixed), want.clone());
    }
    let messages: Vec<&str> = report["diagnostics"]
        .as_array()
        .map(|ds| ds.iter().filter_map(|d| d["message"].as_str()).collect())
        .unwrap_or_default();
    for want in expect["messages"].as_array().into_iter().flatten() {
        let want = want.as_str().unwrap_or_default();
        if !messages.iter().any(|m| m.contains(want)) {
            failures.push(format!("  no message contains {want:?}: {messages:?}"));
        }
    }
    if let Err(e) = fixes_remove_their_diagnostics(&input, &report) {
        failures.push(format!("  {e}"));
    }
    if let Some(want) = expect.get("summary").and_then(Value::as_str) {
        let got = report["decision"]["summary"].as_str().unwrap_or_default();
        if !got.contains(want) {
            failures.push(format!("  summary: {got:?} does not contain {want:?}"));
        }
    }
    if failures.is_empty() {
        Ok(())
    } else {
        Err(format!("{file}: {name}\n{}", failures.join("\n")))
    }
}

/// Applying every fix the report offers, in order, and evaluating again gives none of the
/// fixed diagnostics back (same code at the same place).
fn fixes_remove_their_diagnostics(input: &Value, report: &Value) -> Result<(), String> {
    let diagnostics = report["diagnostics"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let fixed: Vec<&Value> = diagnostics
        .iter()
        .filter(|d| d.get("fix").is_some())
        .collect();
    if fixed.is_empty() {
        return Ok(());
    }
    let mut input = input.clone();
    for d in &fixed {
        let ops: json_patch::Patch = serde_json::from_value(d["fix"]["patch"].clone())
            .map_err(|e| format!("the fix of {} is not RFC 6902: {e}", d["code"]))?;
        json_patch::patch(&mut input["object"], &ops)
            .map_err(|e| format!("the fix of {} does not apply: {e}", d["code"]))?;
    }
    let again = eci_image_cache::evaluate(&input).map_err(|e| format!("after the fixes: {e}"))?;
    let again = serde_json::to_value(&again).map_err(|e| e.to_string())?;
    for d in again["diagnostics"].as_array().into_iter().flatten() {
        if fixed
            .iter()
            .any(|f| f["code"] == d["code"] && f["path"] == d["path"])
        {
            return Err(format!("the fix left {} at {}", d["code"], d["path"]));
        }
    }
    Ok(())
}

#[test]
fn every_scenario_holds() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/scenarios");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/scenarios")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    files.sort();
    let mut failures = Vec::new();
    let mut count = 0;
    for file in &files {
        let name = file
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        let cases = load_yaml(file);
        for case in cases
            .as_array()
            .unwrap_or_else(|| panic!("{name}: a list of cases"))
        {
            count += 1;
            if let Err(e) = check_case(&name, case) {
                failures.push(e);
            }
        }
    }
    assert!(count >= 60, "only {count} scenarios found");
    assert!(
        failures.is_empty(),
        "{} of {count} scenarios failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
