//! `evaluate_slice` on arbitrary bytes, as the policy receives them: never a panic, the
//! same result as the bytes read whole, and every law of the report or the input error.
#![no_main]

use eci_image_cache_fuzz::invariants::{check_slice, KNOWN_ISSUES};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let _ = check_slice(bytes, KNOWN_ISSUES);
});
