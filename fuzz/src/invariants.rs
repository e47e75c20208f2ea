//! The laws every fuzz target checks, shared with the regression tests of the normal test
//! suite (`tests/fuzz_regressions.rs` includes this file), so that an input kept from a
//! fuzzing run is checked by exactly the same code there.
//!
//! Each `check_*` function runs one entry of the crate and panics, naming the law and the
//! input, when the result breaks one. It depends only on the crate, `serde_json` and
//! `json_patch`, which the crate's own tests have too.

use std::collections::BTreeSet;

use eci_image_cache::core::diagnostic::Diagnostic;
use eci_image_cache::core::image_cache::is_cache_id;
use eci_image_cache::core::patch::{self, PatchOperation};
use eci_image_cache::core::reference::{self, ImageRef, ReferenceError};
use eci_image_cache::core::{
    evaluate, evaluate_slice, Catalogue, Code, Input, InputError, Outcome, Report, Settings,
    Severity,
};
use serde_json::{json, Value};

/// Error messages quote at most 80 characters of a reference, so a message stays short
/// however long the input is (80 characters escaped with `{:?}` are at most 800 bytes).
pub const MAX_REFERENCE_MESSAGE_BYTES: usize = 1024;

/// The annotations the patch may write: the pin (either name) and the audit record.
const PATCHED_ANNOTATIONS: &[&str] = &[
    "k8s.aliyun.com/eci-image-snapshot-id",
    "k8s.aliyun.com/eci-imc-id",
    patch::AUDIT_ANNOTATION,
];

/// The id given to the proposed ImageCache when it is checked as if ECI had built it.
const PROPOSED_ID: &str = "imc-proposedbyfuzz";

/// Core issues that fuzzing found and that are reported, but not fixed yet. Each is
/// recognised precisely, and only the law it breaks is left unchecked for an input that
/// shows it. The fuzz targets pass [`KNOWN_ISSUES`], so that they go on finding other
/// problems; the regression tests pass none, so the inputs kept for these issues
/// (`tests/fuzz-regressions/open/`) fail until the core is fixed. Delete an entry once its
/// fix is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Known {
    /// A cache whose `status.imageCacheId` is not `imc-` + lower-case letters and digits is
    /// matched automatically (only a warning says the id is malformed); the patch pins it,
    /// and the patched pod is then rejected by the same rules (`invalid-pin`).
    MalformedIdMatched,
    /// Of several caches with the same id (`duplicate-cache-id`), automatic matching picks
    /// the best eligible one, while a pin resolves to the newest Ready one: after the
    /// patch pins the id, the pod is pinned to another object, which may hold none of its
    /// images or be built for another architecture.
    DuplicateIdRepinned,
}

/// What the fuzz targets tolerate (see [`Known`]).
pub const KNOWN_ISSUES: &[Known] = &[];

// -------------------------------------------------------------------------------------
// Image references
// -------------------------------------------------------------------------------------

/// Parses `text`, as the full parser alone does too; when it parses, its normalised form
/// parses again to the same identity and is a fixed point; when it does not, the message is
/// short and says something.
pub fn check_reference(text: &str) -> Result<ImageRef, ReferenceError> {
    let parsed = reference::parse(text);
    assert_eq!(
        parsed,
        reference::parse_in_full(text),
        "{text:?}: the direct reading and the full parser disagree"
    );
    match &parsed {
        Err(e) => {
            assert!(!e.message.is_empty(), "{text:?}: an empty error message");
            assert!(
                e.message.len() <= MAX_REFERENCE_MESSAGE_BYTES,
                "{text:?}: an error message of {} bytes: {}",
                e.message.len(),
                e.message
            );
        }
        Ok(image) => {
            let normalized = image.normalized();
            let again = reference::parse(&normalized).unwrap_or_else(|e| {
                panic!("{text:?} normalises to {normalized:?}, which does not parse: {e}")
            });
            assert_eq!(
                again.normalized(),
                normalized,
                "{text:?}: normalized() is not a fixed point"
            );
            assert_eq!(
                (again.domain(), again.path(), again.digest()),
                (image.domain(), image.path(), image.digest()),
                "{text:?}: normalising changed the name or the digest"
            );
            let effective_tag = image.tag().or(image.digest().is_none().then_some("latest"));
            assert_eq!(
                again.tag(),
                effective_tag,
                "{text:?}: normalising changed the tag"
            );
            for acr in [false, true] {
                assert_eq!(
                    again.identity(acr),
                    image.identity(acr),
                    "{text:?}: the normalised form {normalized:?} has another identity (acr {acr})"
                );
                assert!(
                    image.same_image(&again, acr) && again.same_image(image, acr),
                    "{text:?}: not the same image as its normalised form (acr {acr})"
                );
            }
            assert_eq!(image.is_latest(), again.is_latest(), "{text:?}: is_latest");
            assert!(
                image.path().len() <= 255,
                "{text:?}: a path longer than 255"
            );
            if !image.domain().to_ascii_lowercase().contains("-vpc") {
                assert_eq!(
                    image.identity(true),
                    image.identity(false),
                    "{text:?}: ACR equivalence changed a host that is no VPC endpoint"
                );
            }
        }
    }
    parsed
}

/// What the `reference` target does with its text: checks it as one reference and, split at
/// its first newline, as two, whose comparison must agree with their identities. Returns
/// the result for the whole text.
pub fn check_reference_text(text: &str) -> Result<ImageRef, ReferenceError> {
    let whole = check_reference(text);
    if let Some((a, b)) = text.split_once('\n') {
        let _ = check_reference(a);
        let _ = check_reference(b);
        check_reference_pair(a, b);
    }
    whole
}

/// `same_image`, which compares part by part, agrees with comparing identities, both ways.
pub fn check_reference_pair(a: &str, b: &str) {
    let (Ok(x), Ok(y)) = (reference::parse(a), reference::parse(b)) else {
        return;
    };
    for acr in [false, true] {
        let same = x.identity(acr) == y.identity(acr);
        assert_eq!(
            x.same_image(&y, acr),
            same,
            "{a:?} and {b:?}: same_image disagrees with identity (acr {acr}: {} / {})",
            x.identity(acr),
            y.identity(acr)
        );
        assert_eq!(
            y.same_image(&x, acr),
            same,
            "{b:?} and {a:?}: same_image is not symmetric (acr {acr})"
        );
    }
}

// -------------------------------------------------------------------------------------
// Evaluation
// -------------------------------------------------------------------------------------

/// Whether the bytes were refused unread: not JSON, or past a limit of the reader.
fn refused_unread(result: &Result<Report, InputError>) -> bool {
    matches!(result, Err(e) if e.path.is_empty() && e.message.starts_with("the input is not JSON"))
}

/// `evaluate_slice` on bytes, as the policy calls it; checks the result against the same
/// bytes read whole as a `Value` (the one-pass reader never builds the caches), then every
/// law of the report or the error.
pub fn check_slice(bytes: &[u8], known: &[Known]) -> Result<Report, InputError> {
    let result = evaluate_slice(bytes);
    if refused_unread(&result) {
        return result;
    }
    // The one-pass reader skips what no rule reads with serde's `IgnoredAny`, and
    // serde_json does not check that a skipped string is UTF-8 or that its escapes are
    // whole characters (a lone surrogate `\ud800` is JSON text, RFC 8259 section 8.2, but
    // no `String`): such strings are read (harmlessly), where reading them whole fails.
    // Read whole, they are replaced, and nothing the rules read changes.
    let whole: Value = match serde_json::from_slice(bytes) {
        Ok(whole) => whole,
        Err(e) => serde_json::from_str(&replace_unbuildable(bytes)).unwrap_or_else(|_| {
            panic!("bytes the core reads as JSON are not JSON to serde_json: {e}")
        }),
    };
    assert_eq!(
        evaluate(&whole),
        result,
        "reading the input from bytes in one pass changed the result"
    );
    check_catalogue(&whole);
    check_result(&whole, &result, known, true);
    result
}

/// The input's cache list, given to a catalogue as bytes (read by the scanner where it can)
/// and as a `Value` (never): the same caches, problems and kind, or the same error.
fn check_catalogue(input: &Value) {
    let Some(list) = input.get("imageCaches") else {
        return;
    };
    let bytes = serde_json::to_vec(list).expect("a Value serialises");
    let from_bytes = Catalogue::from_slice(&bytes, Settings::default());
    let from_value = Catalogue::from_json(list, Settings::default());
    match (&from_bytes, &from_value) {
        (Ok(a), Ok(b)) => {
            assert_eq!(a.caches(), b.caches(), "caches read from bytes");
            assert_eq!(
                a.diagnostics(),
                b.diagnostics(),
                "cache problems from bytes"
            );
            assert_eq!(a.list_kind(), b.list_kind());
        }
        (a, b) => assert_eq!(
            a.as_ref().err(),
            b.as_ref().err(),
            "a cache list read from bytes and as a value"
        ),
    }
}

/// The bytes as text, with what no `String` can hold replaced by U+FFFD: bytes that are not
/// UTF-8, and escapes of a lone surrogate (a leading one not followed by the escape of a
/// trailing one, or a trailing one alone).
fn replace_unbuildable(bytes: &[u8]) -> String {
    /// The code unit of a `\\uXXXX` escape at the start of `s`, when it is a surrogate.
    fn surrogate(s: &str) -> Option<u16> {
        let hex = s.strip_prefix("\\u")?.get(..4)?;
        u16::from_str_radix(hex, 16)
            .ok()
            .filter(|unit| (0xD800..=0xDFFF).contains(unit))
    }
    let text = String::from_utf8_lossy(bytes);
    let mut out = String::with_capacity(text.len());
    let mut rest: &str = &text;
    while let Some(at) = rest.find('\\') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let len = match surrogate(rest) {
            Some(0xD800..=0xDBFF) if rest.get(6..).and_then(surrogate) >= Some(0xDC00) => 12,
            Some(_) => {
                out.push_str("\\ufffd");
                rest = &rest[6..];
                continue;
            }
            // Any other escape is copied whole: a `u` after `\\` (an escaped backslash) starts none.
            None => rest[1..].chars().next().map_or(1, |c| 1 + c.len_utf8()),
        };
        out.push_str(&rest[..len]);
        rest = &rest[len..];
    }
    out.push_str(rest);
    out
}

/// `evaluate` on an input value, and through bytes, checking every law.
pub fn check_value(input: &Value, known: &[Known]) -> Result<Report, InputError> {
    let result = evaluate(input);
    let bytes = serde_json::to_vec(input).expect("a Value serialises");
    let from_bytes = evaluate_slice(&bytes);
    if !refused_unread(&from_bytes) {
        // Read back whole first: serde_json's float parsing is not exact to the last bit
        // (no `float_roundtrip`), and messages quote numbers.
        let whole: Value = serde_json::from_slice(&bytes).expect("serialised JSON parses");
        assert_eq!(
            from_bytes,
            evaluate(&whole),
            "the same input read from bytes in one pass gave another result"
        );
        check_catalogue(&whole);
    }
    check_result(input, &result, known, true);
    if let Ok(report) = &result {
        check_relevant(input, report);
    }
    result
}

/// The report that lists only the relevant caches (what a catalogue asked about many
/// objects gives) decides exactly as the full one: the same decision, patch, proposed
/// cache and diagnostics of the object, and the same rows for every cache that holds one
/// of the pod's images.
pub fn check_relevant(input: &Value, full: &Report) {
    let Ok(read) = Input::from_json(input) else {
        panic!("an evaluated input cannot be read again")
    };
    let relevant = read
        .catalogue
        .evaluate_relevant(&read.object, read.now.as_ref());
    assert_eq!(
        relevant.decision, full.decision,
        "the relevant report decides otherwise"
    );
    assert_eq!(relevant.patch, full.patch);
    assert_eq!(relevant.proposed_image_cache, full.proposed_image_cache);
    let list_problems = read.catalogue.diagnostics();
    let own: Vec<&Diagnostic> = full
        .diagnostics
        .iter()
        .filter(|d| !list_problems.contains(d))
        .collect();
    assert_eq!(
        relevant.diagnostics.iter().collect::<Vec<_>>(),
        own,
        "the relevant report has other diagnostics of the object"
    );
    for row in &relevant.caches {
        assert!(full.caches.contains(row), "a relevant row differs: {row:?}");
    }
    for row in full.caches.iter().filter(|r| r.match_degree > 0) {
        assert!(
            relevant.caches.contains(row),
            "a cache holding one of the pod's images is missing from the relevant report: {row:?}"
        );
    }
    let findings = read
        .catalogue
        .evaluate_findings(&read.object, read.now.as_ref());
    assert_eq!(
        findings,
        Report {
            caches: Vec::new(),
            ..full.clone()
        },
        "the findings are not the whole report without its rows"
    );
}

fn check_result(input: &Value, result: &Result<Report, InputError>, known: &[Known], deep: bool) {
    match result {
        Err(error) => check_input_error(input, error),
        Ok(report) => check_report(input, report, known, deep),
    }
}

/// An input error names a field of the input, the input itself, or `object` when absent.
fn check_input_error(input: &Value, error: &InputError) {
    assert!(!error.message.is_empty(), "an empty input error");
    assert!(
        error.path.is_empty() || error.path == "/object" || input.pointer(&error.path).is_some(),
        "the input error {error:?} names a field that is not in the input"
    );
}

/// Where the kind keeps its pod: `None` for what is not a workload (the core's own table).
pub fn pod_path(kind: &str) -> Option<&'static str> {
    eci_image_cache::core::workload::template_path(kind)
}

/// The paths of the input's cache entries that are read as caches (objects of kind
/// ImageCache or of no kind), in input order.
fn cache_paths(input: &Value) -> Vec<String> {
    let (items, base) = match input.get("imageCaches") {
        Some(Value::Array(items)) => (items, "/imageCaches"),
        Some(Value::Object(list)) => match list.get("items") {
            Some(Value::Array(items)) => (items, "/imageCaches/items"),
            _ => return Vec::new(),
        },
        _ => return Vec::new(),
    };
    items
        .iter()
        .enumerate()
        .filter(|(_, item)| {
            item.as_object().is_some_and(|o| {
                matches!(
                    o.get("kind").and_then(Value::as_str),
                    None | Some("ImageCache")
                )
            })
        })
        .map(|(i, _)| format!("{base}/{i}"))
        .collect()
}

/// Every law of one report. `deep` also re-evaluates: the patched object (a fixed point)
/// and the proposed ImageCache (which would serve the pod).
pub fn check_report(input: &Value, report: &Report, known: &[Known], deep: bool) {
    let object = input
        .get("object")
        .expect("an evaluated input has an object");
    let settings = Settings::from_json(input.get("settings").unwrap_or(&Value::Null), "/settings")
        .expect("the settings of an evaluated input are valid");
    let kind = report.workload.kind.as_str();
    assert_eq!(
        Some(kind),
        object.get("kind").and_then(Value::as_str).or(Some("")),
        "the report names another kind"
    );
    assert!(
        !report.decision.summary.is_empty(),
        "an empty summary: {report:?}"
    );
    let text = serde_json::to_string(report).expect("a report serialises");
    assert_eq!(
        report.to_json().expect("a report is written"),
        text,
        "Report::to_json writes another text than serde_json"
    );

    if deep {
        check_fixes(input, report);
    }
    let Some(pod) = pod_path(kind) else {
        assert_eq!(report.decision.outcome, Outcome::None);
        assert!(report.caches.is_empty() && report.patch.is_empty() && report.images.is_empty());
        assert!(report.proposed_image_cache.is_none());
        if kind != "ImageCache" {
            assert!(
                report
                    .diagnostics
                    .iter()
                    .any(|d| d.code == Code::UnsupportedKind && d.path == "/kind"),
                "an unsupported kind without its diagnostic"
            );
        }
        check_diagnostics(input, object, None, report);
        return;
    };

    check_images(report);
    check_rows(input, report);
    check_decision(report, &settings);
    check_diagnostics(input, object, Some(pod), report);
    let patched = check_patch(object, pod, report, &settings);
    if deep {
        check_fixed_point(input, &patched, report, &settings, known);
        check_proposed(input, report, known);
    }
}

/// Every fix offered is RFC 6902 against the object; applying all of them, in order, and
/// evaluating again gives none of the fixed diagnostics back (same code, same place).
pub fn check_fixes(input: &Value, report: &Report) {
    let fixed: Vec<&Diagnostic> = report
        .diagnostics
        .iter()
        .filter(|d| d.fix.is_some())
        .collect();
    if fixed.is_empty() {
        return;
    }
    let mut input = input.clone();
    for d in &fixed {
        let patch = &d.fix.as_ref().expect("filtered").patch;
        let ops: json_patch::Patch =
            serde_json::from_value(serde_json::to_value(patch).expect("a fix serialises"))
                .expect("a fix is RFC 6902");
        json_patch::patch(&mut input["object"], &ops)
            .unwrap_or_else(|e| panic!("the fix of {d:?} does not apply: {e}"));
    }
    let again = eci_image_cache::evaluate(&input).expect("a fixed input evaluates");
    for d in &again.diagnostics {
        assert!(
            !fixed.iter().any(|f| f.code == d.code && f.path == d.path),
            "a fix left its diagnostic: {d:?} after {fixed:?}"
        );
    }
}

/// The pod's images are distinct and normalised.
fn check_images(report: &Report) {
    let distinct: BTreeSet<&str> = report.images.iter().map(|i| &**i).collect();
    assert_eq!(
        distinct.len(),
        report.images.len(),
        "repeated images: {:?}",
        report.images
    );
    for image in report.images.iter() {
        let parsed = reference::parse(image)
            .unwrap_or_else(|e| panic!("the report's image {image:?} does not parse: {e}"));
        assert_eq!(
            parsed.normalized(),
            **image,
            "an image that is not normalised"
        );
    }
}

/// Every cache is a row; ranks are 1..n without gaps and come first; matched and missing
/// split the pod's images.
fn check_rows(input: &Value, report: &Report) {
    let expected = cache_paths(input);
    let rows: Vec<&str> = report.caches.iter().map(|r| &*r.path).collect();
    let mut sorted_rows = rows.clone();
    sorted_rows.sort_unstable();
    let mut sorted_expected: Vec<&str> = expected.iter().map(String::as_str).collect();
    sorted_expected.sort_unstable();
    assert_eq!(sorted_rows, sorted_expected, "not every cache is a row");

    let ranked = report
        .caches
        .iter()
        .take_while(|r| r.rank.is_some())
        .count();
    for (i, row) in report.caches.iter().enumerate() {
        if i < ranked {
            assert_eq!(
                row.rank,
                Some(i + 1),
                "ranks are not 1..n in order: {rows:?}"
            );
            assert!(row.eligible, "a ranked cache that is not eligible: {row:?}");
        } else {
            assert_eq!(
                row.rank, None,
                "a ranked row after an unranked one: {rows:?}"
            );
        }
        let matched: BTreeSet<&str> = row.matched.iter().collect();
        let missing: BTreeSet<&str> = row.missing.iter().collect();
        assert_eq!(row.match_degree, row.matched.len());
        assert!(
            matched.is_disjoint(&missing),
            "an image both matched and missing"
        );
        let all: BTreeSet<&str> = matched.union(&missing).copied().collect();
        let images: BTreeSet<&str> = report.images.iter().map(|i| &**i).collect();
        assert_eq!(all, images, "matched and missing are not the pod's images");
        assert!(!row.explanation.is_empty());
    }
    // The unranked rows keep the input order.
    let unranked: Vec<&str> = rows[ranked..].to_vec();
    let in_order: Vec<&str> = expected
        .iter()
        .map(String::as_str)
        .filter(|p| unranked.contains(p))
        .collect();
    assert_eq!(unranked, in_order, "unranked rows out of input order");
}

const PIN_CODES: &[Code] = &[
    Code::MaskedPin,
    Code::InvalidPin,
    Code::PinNotFound,
    Code::PinNotReady,
    Code::PinExpired,
];

/// The decision agrees with the rows, the diagnostics and the proposed cache.
fn check_decision(report: &Report, settings: &Settings) {
    let d = &report.decision;
    let ranked = report.caches.iter().filter(|r| r.rank.is_some()).count();
    let first = report.caches.first();
    let pin_problem = |severity: Severity| {
        report
            .diagnostics
            .iter()
            .any(|x| PIN_CODES.contains(&x.code) && x.severity == severity)
    };
    let heads_the_ranking = || {
        let row = first.expect("a chosen cache is a row");
        assert_eq!(row.rank, Some(1), "the chosen cache is not ranked first");
        assert_eq!(
            row.image_cache_id.as_deref(),
            d.image_cache_id.as_deref(),
            "another cache ranked first"
        );
        assert_eq!(row.reason, None, "the chosen cache has a reason against it");
        assert_eq!(Some(row.match_degree), d.match_degree);
    };
    match d.outcome {
        Outcome::Matched => {
            assert!(d.image_cache_id.is_some(), "matched without an id");
            assert!(d
                .match_degree
                .is_some_and(|n| n >= 1 && n <= report.images.len()));
            heads_the_ranking();
        }
        Outcome::Pinned => {
            assert!(d.image_cache_id.is_some(), "pinned without an id");
            if ranked > 0 {
                assert_eq!(ranked, 1, "a pinned cache ranks alone");
                heads_the_ranking();
            } else {
                assert!(
                    !settings.reject_unusable_pin && pin_problem(Severity::Warning),
                    "pinned to nothing without a pin warning: {report:?}"
                );
            }
        }
        Outcome::Rejected => {
            assert!(
                settings.reject_unusable_pin,
                "rejected without rejectUnusablePin"
            );
            assert!(pin_problem(Severity::Error), "rejected without a pin error");
            assert_eq!(ranked, 0);
        }
        Outcome::WillCreate => {
            assert_eq!(ranked, 0);
            assert!(report
                .diagnostics
                .iter()
                .any(|x| x.code == Code::WillCreateCache));
        }
        Outcome::None => assert_eq!(ranked, 0),
    }
    let creates = d.outcome == Outcome::WillCreate
        || (d.outcome == Outcome::Matched && d.match_degree < Some(report.images.len()));
    assert_eq!(
        report.proposed_image_cache.is_some(),
        creates,
        "a proposed ImageCache exactly when ECI creates one"
    );
}

/// Every diagnostic names a place in the input, or one of the few documented places that
/// need not exist yet; problems in the cluster's cache list never reject a pod.
fn check_diagnostics(input: &Value, object: &Value, pod: Option<&str>, report: &Report) {
    for d in &report.diagnostics {
        assert!(!d.message.is_empty(), "an empty message: {d:?}");
        assert!(
            d.path.is_empty() || d.path.starts_with('/'),
            "not a JSON Pointer: {d:?}"
        );
        let in_caches = d.path.starts_with("/imageCaches/");
        if pod.is_some() && in_caches {
            assert_ne!(
                d.severity,
                Severity::Error,
                "a problem in the cache list rejects the pod: {d:?}"
            );
        }
        let resolves = if in_caches && pod.is_some() {
            input.pointer(&d.path).is_some()
        } else {
            object.pointer(&d.path).is_some()
        };
        if resolves || documented_place(object, pod, d) {
            continue;
        }
        panic!("the diagnostic's path is not in the input: {d:?}");
    }
}

/// The places a diagnostic may name although they are not (yet) in the input.
fn documented_place(object: &Value, pod: Option<&str>, d: &Diagnostic) -> bool {
    let parent = |path: &str| path.rsplit_once('/').map(|(p, _)| p.to_owned());
    let annotations = pod.map(|p| format!("{p}/metadata/annotations"));
    match d.code {
        // The kind is missing or not a string.
        Code::UnsupportedKind => d.path == "/kind",
        // `now` is absent.
        Code::ExpiryUnchecked => d.path == "/now",
        // Pod-wide findings name the pod's annotations, where the fix goes.
        Code::NoCacheRequested | Code::WillCreateCache | Code::PartialMatch => {
            Some(&d.path) == annotations.as_ref()
        }
        // The pull policy implied by tag latest: the field the fix adds to the container.
        Code::PullPolicyAlways => {
            d.path.ends_with("/imagePullPolicy")
                && parent(&d.path)
                    .and_then(|c| object.pointer(&c).map(Value::is_object))
                    .unwrap_or(false)
        }
        // A required field that is absent: the pod spec, its containers, a cache's images.
        Code::InvalidField => pod.is_some_and(|p| {
            d.path == format!("{p}/spec") || d.path == format!("{p}/spec/containers")
        }),
        Code::CacheImages => d.path.ends_with("/spec/images"),
        _ => false,
    }
}

/// The patch only writes the pin, the audit annotation and pull policies; it applies to the
/// object with the core's applier and with the reference implementation, alike. Returns
/// the patched object.
fn check_patch(object: &Value, pod: &str, report: &Report, settings: &Settings) -> Value {
    if report.workload.kind != "Pod" && !settings.mutate_workloads {
        assert!(
            report.patch.is_empty(),
            "a workload patched without mutateWorkloads"
        );
    }
    for op in &report.patch {
        assert!(
            allowed_operation(pod, op),
            "the patch writes more than it may: {op:?}"
        );
    }
    let mut ours = object.clone();
    patch::apply(&mut ours, &report.patch)
        .unwrap_or_else(|e| panic!("the patch does not apply: {e}: {:?}", report.patch));
    let mut reference = object.clone();
    let ops: json_patch::Patch =
        serde_json::from_value(serde_json::to_value(&report.patch).expect("a patch serialises"))
            .expect("the patch is RFC 6902");
    json_patch::patch(&mut reference, &ops).unwrap_or_else(|e| {
        panic!(
            "the patch is refused by json-patch: {e}: {:?}",
            report.patch
        )
    });
    assert_eq!(
        ours, reference,
        "the core's applier and json-patch disagree"
    );
    let pins = report.decision.outcome == Outcome::Matched && settings.pin_resolved_cache;
    if pins && !report.patch.is_empty() {
        let at = format!(
            "{pod}/metadata/annotations/{}",
            settings
                .pin_annotation
                .replace('~', "~0")
                .replace('/', "~1")
        );
        assert_eq!(
            ours.pointer(&at).and_then(Value::as_str),
            report.decision.image_cache_id.as_deref(),
            "the patch does not pin the matched cache"
        );
    }
    ours
}

fn allowed_operation(pod: &str, op: &PatchOperation) -> bool {
    allowed_write(pod, &op.path, &op.value)
}

/// Whether writing `value` at `path` (a JSON Pointer) is among what the patch may change
/// (SPEC section 6, SECURITY.md): the pin and audit annotations of the pod at `pod`, creating
/// its `metadata` or `metadata.annotations` for them, and pull policies set to `IfNotPresent`.
pub fn allowed_write(pod: &str, path: &str, value: &Value) -> bool {
    let Some(rest) = path.strip_prefix(pod) else {
        return false;
    };
    let annotation_map = |v: &Value| {
        v.as_object().is_some_and(|m| {
            m.iter()
                .all(|(k, v)| PATCHED_ANNOTATIONS.contains(&k.as_str()) && v.is_string())
        })
    };
    match rest.split('/').collect::<Vec<_>>().as_slice() {
        ["", "metadata"] => value
            .as_object()
            .is_some_and(|m| m.len() == 1 && m.get("annotations").is_some_and(annotation_map)),
        ["", "metadata", "annotations"] => annotation_map(value),
        ["", "metadata", "annotations", key] => {
            let key = key.replace("~1", "/").replace("~0", "~");
            PATCHED_ANNOTATIONS.contains(&key.as_str()) && value.is_string()
        }
        ["", "spec", "initContainers" | "containers", index, "imagePullPolicy"] => {
            index.parse::<usize>().is_ok() && value == "IfNotPresent"
        }
        _ => false,
    }
}

/// Applying the patch and evaluating again changes nothing more: the patch is then empty,
/// and a matched cache that the patch pins is now `pinned`, the same cache.
fn check_fixed_point(
    input: &Value,
    patched: &Value,
    report: &Report,
    settings: &Settings,
    known: &[Known],
) {
    if report.patch.is_empty() {
        return;
    }
    let first = &report.decision;
    let pinned_now = first.outcome == Outcome::Matched && settings.pin_resolved_cache;
    let id = first.image_cache_id.as_deref().unwrap_or_default();
    if pinned_now && known.contains(&Known::MalformedIdMatched) && !is_cache_id(id) {
        return;
    }
    let duplicated = report
        .caches
        .iter()
        .filter(|r| r.image_cache_id.as_deref() == Some(id))
        .count()
        > 1;
    let repinned = pinned_now && duplicated && known.contains(&Known::DuplicateIdRepinned);
    let mut again_input = input.clone();
    again_input["object"] = patched.clone();
    let again = evaluate(&again_input).expect("the patched object is still a valid input");
    check_report(&again_input, &again, known, false);
    let expected = if pinned_now {
        Outcome::Pinned
    } else {
        first.outcome
    };
    assert_eq!(
        (again.decision.outcome, &again.decision.image_cache_id),
        (expected, &first.image_cache_id),
        "after the patch: {:?}\nbefore: {first:?}\ndiagnostics after: {:?}",
        again.decision,
        again.diagnostics
    );
    if repinned {
        return;
    }
    assert!(
        again.patch.is_empty(),
        "evaluating the patched object patches again: {:?}\nfirst: {:?}",
        again.patch,
        report.patch
    );
    assert_eq!(
        again.decision.match_degree, first.match_degree,
        "the pinned cache holds another number of the pod's images"
    );
}

/// The proposed ImageCache, once built (Ready, with an id), serves every image of the pod.
fn check_proposed(input: &Value, report: &Report, known: &[Known]) {
    let Some(proposed) = &report.proposed_image_cache else {
        return;
    };
    let unreachable = report
        .diagnostics
        .iter()
        .any(|d| d.code == Code::UnreachableMatchCount);
    // Below 20 GiB of temporary storage no cache fits at all (the smallest is 20 GiB).
    if unreachable || report.temporary_storage_gib < 20 {
        return;
    }
    let mut built = serde_json::to_value(proposed).expect("a manifest converts to JSON");
    built["status"] = json!({ "imageCacheId": PROPOSED_ID, "phase": "Ready" });
    let mut with_it = input.clone();
    with_it["imageCaches"] = json!([built]);
    let again = evaluate(&with_it).expect("the proposed cache is a valid input");
    check_report(&with_it, &again, known, false);
    assert_eq!(
        (
            again.decision.outcome,
            again.decision.image_cache_id.as_deref()
        ),
        (Outcome::Matched, Some(PROPOSED_ID)),
        "the proposed ImageCache would not serve the pod: {:?}\n{proposed:?}",
        again.caches
    );
    assert_eq!(
        again.decision.match_degree,
        Some(report.images.len()),
        "the proposed ImageCache lacks some of the pod's images"
    );
}
