//! `core::reference::parse` on arbitrary UTF-8: a parsed reference normalises to a fixed
//! point with the same identity; an error is short. The text is also split at its first
//! newline into two references, whose part-by-part comparison must agree with identities.
#![no_main]

use eci_image_cache_fuzz::invariants::check_reference_text;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let _ = check_reference_text(text);
});
