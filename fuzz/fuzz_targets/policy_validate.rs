//! The Kubewarden policy's `validate` payload handling (feature `policy`): structured
//! AdmissionRequests for workloads of every kind and arbitrary bytes. Off wasm, the SDK's
//! no-op host fails every capability call, so listing ImageCaches always fails here. Every
//! response must be deliberate (see `src/policy.rs`).
#![no_main]

use eci_image_cache_fuzz::invariants::KNOWN_ISSUES;
use eci_image_cache_fuzz::policy::check_admission;
use eci_image_cache_fuzz::policy_input::PolicyInput;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: PolicyInput| {
    let _ = check_admission(&input.payload(), KNOWN_ISSUES);
});
