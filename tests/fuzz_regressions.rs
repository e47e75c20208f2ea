//! Every input the fuzz targets (fuzz/, `make fuzz`) ever crashed on, and a few hand-picked
//! hostile ones, run through the same entry and the same laws as the targets, so that the
//! normal test suite keeps them.
//!
//! Inputs live in `tests/fuzz-regressions/<target>/`, one file each:
//! - `reference/`: the text given to `core::reference::parse` (and, split at its first
//!   newline, two references compared);
//! - `evaluate_json/`: the bytes given to `evaluate_slice`;
//! - `evaluate_structured/`: the JSON input the structured target built (print it from a
//!   crash artifact with `cargo +nightly fuzz fmt evaluate_structured <artifact>`);
//! - `policy_validate/`: `{"payload": …}` (see `fuzz/src/policy.rs`), run with the feature
//!   `policy` on (`cargo test --features policy --test fuzz_regressions`);
//! - `open/<target>/`: inputs of core issues found by fuzzing and reported, not fixed yet.
//!   The fuzz targets tolerate exactly these issues (`invariants::KNOWN_ISSUES`); here they
//!   run, without that tolerance, in the ignored test `open_core_issues`
//!   (`cargo test --test fuzz_regressions -- --ignored`), which fails until the core is
//!   fixed. Then move the file up into `<target>/` with an expectation, and delete the entry
//!   of `KNOWN_ISSUES`.
//!
//! Beyond the laws, every file has an expectation in [`EXPECTED`] saying what it must give,
//! so none of them only checks that nothing panicked; a file without one fails the test.

#[path = "../fuzz/src/invariants.rs"]
#[allow(dead_code)]
mod invariants;
#[cfg(feature = "policy")]
#[path = "../fuzz/src/policy.rs"]
#[allow(dead_code)]
mod policy;

use std::path::{Path, PathBuf};

use eci_image_cache::{Code, InputError, Outcome, Report};
use serde_json::Value;

/// What one kept input must give.
enum Expect {
    /// The reference parses, to this normalised form.
    Reference(&'static str),
    /// The reference is refused with a message containing this.
    ReferenceError(&'static str),
    /// The input is refused: the error's path, and a part of its message.
    InputError(&'static str, &'static str),
    /// The policy accepts (or not), and its message or one of its warnings contains this
    /// (empty: it says nothing at all).
    #[cfg_attr(not(feature = "policy"), allow(dead_code))]
    Policy(bool, &'static str),
    /// A report with this outcome and cache id, holding each (code, path, part of message).
    Report {
        outcome: Outcome,
        id: Option<&'static str>,
        diagnostics: &'static [(Code, &'static str, &'static str)],
    },
}

const AUTO: &str = "/metadata/annotations/k8s.aliyun.com~1eci-auto-imc";
const PIN: &str = "/metadata/annotations/k8s.aliyun.com~1eci-imc-id";
const COUNT: &str = "/metadata/annotations/k8s.aliyun.com~1imc-match-count-request";
const STORAGE: &str = "/metadata/annotations/k8s.aliyun.com~1eci-extra-ephemeral-storage";

/// The report of the input whose skipped member `status.expireDateTimg` holds what no
/// `String` can: the same as with the member written plainly.
const PRUNED_FIELD_UNREAD: Expect = Expect::Report {
    outcome: Outcome::None,
    id: None,
    diagnostics: &[(
        Code::MatchOptionsWithoutAuto,
        COUNT,
        "this does nothing without k8s.aliyun.com/eci-auto-imc",
    )],
};

const EXPECTED: &[(&str, &str, Expect)] = &[
    // ---- reference ----
    (
        "reference",
        "image-id",
        Expect::ReferenceError("cannot specify 64-byte hexadecimal strings"),
    ),
    (
        "reference",
        "path-256",
        Expect::ReferenceError("must not be more than 255 characters, it has 256"),
    ),
    (
        "reference",
        "path-255-official",
        // `library/` counts: 8 + 247 characters is the longest official image.
        Expect::Reference(concat!(
            "docker.io/library/",
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            ":latest"
        )),
    ),
    (
        "reference",
        "nan",
        Expect::ReferenceError("repository name \"library/NaN\" must be lowercase"),
    ),
    (
        "reference",
        "unicode-uppercase",
        Expect::ReferenceError("must be lowercase"),
    ),
    (
        "reference",
        "fullwidth",
        Expect::ReferenceError("invalid reference format"),
    ),
    (
        "reference",
        "tag-129",
        Expect::ReferenceError("invalid tag format"),
    ),
    (
        "reference",
        "digest-uppercase-hex",
        Expect::ReferenceError("must be lowercase hexadecimal"),
    ),
    (
        "reference",
        "acr-vpc-pair",
        // The whole text holds a newline, so it is no reference; the two halves are
        // compared (the same image under ACR equivalence) by the laws.
        Expect::ReferenceError("invalid reference format"),
    ),
    (
        "reference",
        "long-garbage",
        // 4.8 KB of input, a message that quotes at most 80 characters of it.
        Expect::ReferenceError("…"),
    ),
    // ---- evaluate_json ----
    (
        "evaluate_json",
        "deep-nesting.json",
        Expect::InputError("", "nests deeper than 100 levels"),
    ),
    (
        "evaluate_json",
        "huge-setting.json",
        Expect::InputError(
            "/settings/temporaryStorageGiB",
            "from 1 to 32768, not 1.8446744073709552e+19",
        ),
    ),
    (
        "evaluate_json",
        "huge-numbers.json",
        Expect::Report {
            outcome: Outcome::Matched,
            id: Some("imc-a1"),
            diagnostics: &[
                (
                    Code::InvalidMatchCount,
                    COUNT,
                    "not \"99999999999999999999999\"",
                ),
                (Code::InvalidQuantity, STORAGE, "1e999"),
                (
                    Code::CacheSize,
                    "/imageCaches/0/spec/imageCacheSize",
                    "not 1e+308",
                ),
                (
                    Code::CacheRetention,
                    "/imageCaches/0/spec/retentionDays",
                    "not -9.223372036854776e+18",
                ),
            ],
        },
    ),
    (
        "evaluate_json",
        "float-out-of-range.json",
        Expect::InputError("", "the input is not JSON: number out of range"),
    ),
    (
        "evaluate_json",
        "nan-strings.json",
        Expect::Report {
            outcome: Outcome::None,
            id: None,
            diagnostics: &[
                (Code::InvalidBoolean, AUTO, "\"NaN\" is not a boolean"),
                (Code::InvalidMatchCount, COUNT, "not \"NaN\""),
                (Code::InvalidQuantity, STORAGE, "\"Infinity\""),
                (
                    Code::CacheSize,
                    "/imageCaches/0/spec/imageCacheSize",
                    "not \"NaN\"",
                ),
                (
                    Code::CacheTime,
                    "/imageCaches/0/status/expireDateTime",
                    "\"NaN\" is not an RFC 3339 time",
                ),
            ],
        },
    ),
    (
        "evaluate_json",
        "nan-now.json",
        Expect::InputError("/now", "\"NaN\" is not an RFC 3339 time"),
    ),
    (
        "evaluate_json",
        "unicode-pin.json",
        Expect::Report {
            outcome: Outcome::Rejected,
            id: Some("imc-ａｂｃ"),
            diagnostics: &[
                (Code::InvalidBoolean, AUTO, "\"ｔｒｕｅ\" is not a boolean"),
                (Code::InvalidPin, PIN, "\"imc-ａｂｃ\" is not an image cache id"),
            ],
        },
    ),
    (
        "evaluate_json",
        "unicode-setting-key.json",
        Expect::InputError(
            "/settings/autoMatchByDefault\u{200b}",
            "unknown setting \"autoMatchByDefault\u{200b}\"",
        ),
    ),
    (
        "evaluate_json",
        "alias-bomb.json",
        Expect::Report {
            outcome: Outcome::Matched,
            id: Some("imc-lol0"),
            diagnostics: &[
                (
                    Code::InvalidField,
                    "/spec",
                    "the pod has 120 containers; only the first 100 are evaluated",
                ),
                (
                    Code::CacheImages,
                    "/imageCaches/0/spec/images",
                    "this one lists 120; only the first 100 are read",
                ),
                (
                    Code::CacheImages,
                    "/imageCaches/8/spec/images",
                    "this one lists 120; only the first 100 are read",
                ),
            ],
        },
    ),
    (
        "evaluate_json",
        // Found by evaluate_json: bytes that are not UTF-8 inside a member the cache list's
        // pruning skips (`status.expireDateTimg`) are read, where serde_json reading the
        // whole input refuses them. Harmless (nothing reads that member), and kept: the
        // harness once took it for a difference between the two readings.
        "invalid-utf8-in-pruned-field",
        PRUNED_FIELD_UNREAD,
    ),
    (
        "evaluate_json",
        // Lone surrogate escapes (`\ud800`, `\udc00`) in the same skipped member: valid JSON
        // text (RFC 8259 section 8.2) that serde_json skips but will not build into a
        // `String`. The harness read them whole as an error of the core's; they are harmless
        // in the same way, and the same report comes out as with the member written plainly.
        "lone-surrogate-in-pruned-field.json",
        PRUNED_FIELD_UNREAD,
    ),
    // ---- evaluate_structured ----
    (
        "evaluate_structured",
        "acr-vpc-latest.json",
        Expect::Report {
            outcome: Outcome::Matched,
            id: Some("imc-acme1"),
            diagnostics: &[
                (
                    Code::PullPolicyAlways,
                    "/spec/initContainers/0/imagePullPolicy",
                    "imagePullPolicy Always downloads the layers of docker.io/library/busybox:latest",
                ),
                (
                    Code::PullPolicyAlways,
                    "/spec/containers/0/imagePullPolicy",
                    "with tag latest and no imagePullPolicy",
                ),
                (Code::LatestTagCached, "/spec/containers/0/image", "through tag latest"),
            ],
        },
    ),
    (
        "evaluate_structured",
        "cronjob-template-metadata-not-an-object.json",
        Expect::Report {
            outcome: Outcome::Matched,
            id: Some("imc-redis1"),
            diagnostics: &[(
                Code::MisplacedAnnotations,
                "/metadata/annotations/k8s.aliyun.com~1eci-auto-imc",
                "move it to the annotations of the pod template",
            )],
        },
    ),
    (
        "evaluate_structured",
        "annotation-renamed-with-a-null-value.json",
        // Its fix moves the null value to the right key: a patch `add` with `"value": null`,
        // which was written without `value`, and so no patch at all.
        Expect::Report {
            outcome: Outcome::None,
            id: None,
            diagnostics: &[
                (
                    Code::UnknownAnnotation,
                    "/metadata/annotations/k8s.aliyun.com~1eci-auto-imc ",
                    "did you mean k8s.aliyun.com/eci-auto-imc?",
                ),
                (
                    Code::MatchOptionsWithoutAuto,
                    "/metadata/annotations/k8s.aliyun.com~1imc-match-count-request",
                    "does nothing without",
                ),
                (Code::NoCacheRequested, "/metadata/annotations", "no image cache"),
            ],
        },
    ),
    // ---- policy_validate (off wasm, the SDK's host fails every call: no caches listed) ----
    (
        "policy_validate",
        "not-json.json",
        Expect::Policy(false, "cannot read the ValidationRequest: EOF while parsing"),
    ),
    (
        "policy_validate",
        "bytes-not-utf8.json",
        Expect::Policy(false, "cannot read the ValidationRequest"),
    ),
    (
        "policy_validate",
        "deep-object.json",
        Expect::Policy(false, "recursion limit exceeded"),
    ),
    (
        "policy_validate",
        "object-not-an-object.json",
        Expect::Policy(false, "carries no object to evaluate"),
    ),
    (
        "policy_validate",
        "misconfigured.json",
        Expect::Policy(false, "misconfigured: pinAnnotation must be"),
    ),
    ("policy_validate", "delete-masked-pin.json", Expect::Policy(true, "")),
    (
        "policy_validate",
        "masked-pin.json",
        Expect::Policy(false, "asterisks mask a real id"),
    ),
    (
        "policy_validate",
        "pin-lookup-fails.json",
        Expect::Policy(false, "the pinned image cache imc-a1 cannot be checked"),
    ),
    (
        "policy_validate",
        "auto-lookup-fails.json",
        Expect::Policy(true, "image caches were not checked"),
    ),
    (
        "policy_validate",
        "update-pod-annotation-changed.json",
        Expect::Policy(true, "changing it on an existing pod has no effect"),
    ),
];

fn regressions(target: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fuzz-regressions")
        .join(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.expect("a directory entry").path())
        // Hidden files (.keep) hold no input.
        .filter(|p| {
            p.is_file()
                && !p
                    .file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with('.'))
        })
        .collect();
    files.sort();
    files
}

fn expectation(target: &str, file: &Path) -> &'static Expect {
    let name = file
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    EXPECTED
        .iter()
        .find(|(t, n, _)| *t == target && *n == name)
        .map(|(_, _, e)| e)
        .unwrap_or_else(|| {
            panic!(
                "{}: no expectation in tests/fuzz_regressions.rs: add one to EXPECTED",
                file.display()
            )
        })
}

fn check_evaluation(file: &Path, result: &Result<Report, InputError>, expect: &Expect) {
    let at = file.display();
    match (expect, result) {
        (Expect::InputError(path, part), Err(e)) => {
            assert_eq!(e.path, *path, "{at}: {e:?}");
            assert!(e.message.contains(part), "{at}: {e:?}");
        }
        (
            Expect::Report {
                outcome,
                id,
                diagnostics,
            },
            Ok(report),
        ) => {
            assert_eq!(
                (
                    report.decision.outcome,
                    report.decision.image_cache_id.as_deref()
                ),
                (*outcome, *id),
                "{at}: {:?}",
                report.decision
            );
            for (code, path, part) in *diagnostics {
                assert!(
                    report
                        .diagnostics
                        .iter()
                        .any(|d| d.code == *code && d.path == *path && d.message.contains(part)),
                    "{at}: no {code:?} at {path} saying {part:?}: {:#?}",
                    report.diagnostics
                );
            }
        }
        (_, other) => panic!("{at}: unexpected {other:?}"),
    }
}

/// Every expectation names a file that exists, so none silently stops being checked.
#[test]
fn every_expectation_has_its_input() {
    for (target, name, _) in EXPECTED {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fuzz-regressions")
            .join(target)
            .join(name);
        assert!(path.is_file(), "{} is missing", path.display());
    }
}

#[test]
fn reference_inputs() {
    for file in regressions("reference") {
        let text = std::fs::read_to_string(&file).expect("the reference target reads UTF-8");
        let result = invariants::check_reference_text(&text);
        match (expectation("reference", &file), result) {
            (Expect::Reference(normalized), Ok(image)) => {
                assert_eq!(image.normalized(), *normalized, "{}", file.display())
            }
            (Expect::ReferenceError(part), Err(e)) => {
                assert!(e.message.contains(part), "{}: {e}", file.display())
            }
            (_, other) => panic!("{}: unexpected {other:?}", file.display()),
        }
    }
}

#[test]
fn evaluate_json_inputs() {
    for file in regressions("evaluate_json") {
        let bytes = std::fs::read(&file).expect("readable");
        let result = invariants::check_slice(&bytes, &[]);
        check_evaluation(&file, &result, expectation("evaluate_json", &file));
    }
}

#[test]
fn evaluate_structured_inputs() {
    for file in regressions("evaluate_structured") {
        let bytes = std::fs::read(&file).expect("readable");
        let input: Value = serde_json::from_slice(&bytes)
            .unwrap_or_else(|e| panic!("{}: not JSON: {e}", file.display()));
        let result = invariants::check_value(&input, &[]);
        check_evaluation(&file, &result, expectation("evaluate_structured", &file));
    }
}

/// The core issues that fuzzing found in `open/` (a malformed id auto-matched, a pin among
/// duplicate ids finding another cache): both fixed in `core::resolve`, so they run here with
/// every law and no tolerance; the scenarios in `tests/scenarios/ranking.yaml` pin the fix.
#[test]
fn open_core_issues() {
    let mut failures = Vec::new();
    for file in regressions("open/evaluate_structured") {
        let bytes = std::fs::read(&file).expect("readable");
        let input: Value = serde_json::from_slice(&bytes).expect("JSON");
        if let Err(panic) = std::panic::catch_unwind(|| invariants::check_value(&input, &[])) {
            let message = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                .unwrap_or_default();
            failures.push(format!("{}: {message}", file.display()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[cfg(feature = "policy")]
#[test]
fn policy_validate_inputs() {
    for file in regressions("policy_validate") {
        let bytes = std::fs::read(&file).expect("readable");
        let case: Value = serde_json::from_slice(&bytes)
            .unwrap_or_else(|e| panic!("{}: not JSON: {e}", file.display()));
        let payload = policy::case_from_json(&case);
        let response = policy::check_admission(&payload, &[]);
        match expectation("policy_validate", &file) {
            Expect::Policy(accepted, part) => {
                assert_eq!(
                    response.accepted,
                    *accepted,
                    "{}: {response:?}",
                    file.display()
                );
                let mut said = response
                    .message
                    .iter()
                    .chain(response.warnings.iter().flatten());
                if part.is_empty() {
                    assert!(said.next().is_none(), "{}: {response:?}", file.display());
                } else {
                    assert!(
                        said.any(|m| m.contains(part)),
                        "{}: nothing says {part:?}: {response:?}",
                        file.display()
                    );
                }
            }
            _ => panic!("{}: not a policy expectation", file.display()),
        }
    }
}
