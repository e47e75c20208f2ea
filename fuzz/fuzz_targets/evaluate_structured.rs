//! `evaluate` on inputs built with `arbitrary` (workloads of every kind, the real
//! annotations, realistic and broken references, cache lists, settings, `now`), checking
//! every law: the patch applies and is a fixed point, ranks, paths, the proposed cache.
#![no_main]

use eci_image_cache_fuzz::invariants::{check_value, KNOWN_ISSUES};
use eci_image_cache_fuzz::StructuredInput;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: StructuredInput| {
    let _ = check_value(&input.0.json(), KNOWN_ISSUES);
});
