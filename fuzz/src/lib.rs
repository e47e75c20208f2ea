//! The fuzz harness of eci-image-cache: the inputs the structured targets build, and the
//! laws every target checks ([`invariants`], shared with `tests/fuzz_regressions.rs`).

pub mod invariants;
#[cfg(feature = "policy")]
pub mod policy;
#[cfg(feature = "policy")]
pub mod policy_input;
pub mod structured;

use arbitrary::Arbitrary;

/// The input of `evaluate_structured`. Its `Debug` is the JSON input it builds, so that
/// `cargo fuzz fmt evaluate_structured <artifact>` prints what to keep as a regression
/// under `tests/fuzz-regressions/evaluate_structured/`.
#[derive(Arbitrary, Clone)]
pub struct StructuredInput(pub structured::Scenario);

impl std::fmt::Debug for StructuredInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let json = serde_json::to_string_pretty(&self.0.json()).map_err(|_| std::fmt::Error)?;
        f.write_str(&json)
    }
}
