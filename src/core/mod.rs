//! The core: pure functions from a workload, the cluster's caches, settings and a time to
//! one [`Report`]. No I/O, no clock, no globals; it knows nothing of its front ends.

pub mod advice;
pub mod annotations;
pub mod catalogue;
pub mod diagnostic;
pub mod error;
pub mod evaluation;
pub mod hash;
pub mod headline;
pub mod hints;
pub mod image_cache;
pub mod indices;
pub mod input;
pub mod json;
pub mod json_writer;
pub mod limits;
pub mod patch;
pub mod pointer;
pub mod proposal;
pub mod quantity;
pub mod reference;
pub mod report;
pub mod resolve;
pub mod scanner;
pub mod settings;
pub mod sort;
pub mod suggest;
pub mod text;
pub mod time;
pub mod vocabulary;
pub mod workload;

/// The files generated from the core's tables (`docs/diagnostics.md`, `npm/vocabulary.json`):
/// a test fails when one differs from what the table renders; `make docs` rewrites them.
#[cfg(test)]
pub(crate) fn assert_generated(relative_path: &str, rendered: &str) {
    let path = format!("{}/{relative_path}", env!("CARGO_MANIFEST_DIR"));
    if std::env::var_os("UPDATE_DOCS").is_some() {
        std::fs::write(&path, rendered).unwrap();
    }
    let written = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        written == rendered,
        "{relative_path} is out of date: run `make docs`"
    );
}

use serde_json::Value;

pub use catalogue::Catalogue;
pub use diagnostic::{Code, Diagnostic, Severity};
pub use error::InputError;
pub use evaluation::Scope;
pub use input::Input;
pub use report::{CacheRow, Decision, ImageSet, Outcome, Reason, Report};
pub use settings::Settings;

/// Evaluates the input of SPEC section 7 (`object`, `imageCaches`, `settings`, `now`).
pub fn evaluate(input: &Value) -> Result<Report, InputError> {
    Ok(evaluate_input(&Input::from_json(input)?))
}

/// Evaluates input given as JSON bytes, as the policy and the benchmarks receive it.
pub fn evaluate_slice(bytes: &[u8]) -> Result<Report, InputError> {
    Ok(evaluate_input(&Input::from_slice(bytes)?))
}

/// Evaluates an input already read.
pub fn evaluate_input(input: &Input) -> Report {
    input.catalogue.evaluate(&input.object, input.now.as_ref())
}
