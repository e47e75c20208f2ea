//! Limits on the input, so that no input can make an evaluation hang or run out of memory.
//!
//! Each is chosen from what real clusters hold, with a wide margin: ECI allows 20 images
//! per cache and a few hundred caches per region; the API server stores objects of at most
//! 1.5 MiB; real pods have a handful of containers. Past a limit the evaluation says so with
//! an error that names the field; it never truncates silently. `docs/limits.md` lists them.

/// Bytes of input that `evaluate_slice` reads (the whole input: object, caches, settings).
pub const MAX_INPUT_BYTES: usize = 64 << 20;
/// Nesting depth of any JSON value read from bytes (Kubernetes objects nest about 15 deep).
pub const MAX_DEPTH: usize = 100;
/// Bytes in any one string read from bytes (the API server's limit on all annotations is 256 KiB).
pub const MAX_STRING_BYTES: usize = 1 << 20;
/// Caches in one evaluation (ECI allows a few hundred per region).
pub const MAX_CACHES: usize = 10_000;
/// Init containers and containers of one pod that are read.
pub const MAX_CONTAINERS: usize = 100;
/// Images read from one cache (ECI allows 20).
pub const MAX_CACHE_IMAGES: usize = 100;

/// The limits as a Markdown table: the content of `docs/limits.md`, kept in step by a test.
pub fn markdown() -> String {
    let rows = [
        (
            "input bytes read by `evaluate_slice` (the policy refuses requests over 8 MiB first: docs/policy.md)",
            MAX_INPUT_BYTES,
            "the input is refused: an error naming the size",
        ),
        (
            "nesting depth of any JSON value",
            MAX_DEPTH,
            "the input is refused: an error naming the line and column",
        ),
        (
            "bytes in any one string",
            MAX_STRING_BYTES,
            "the input is refused: an error naming the line and column",
        ),
        (
            "caches in one evaluation",
            MAX_CACHES,
            "the input is refused: an error at /imageCaches",
        ),
        (
            "init containers and containers of one pod",
            MAX_CONTAINERS,
            "an invalid-field error; the first ones are evaluated",
        ),
        (
            "images read from one cache",
            MAX_CACHE_IMAGES,
            "a cache-images diagnostic; the first ones are read",
        ),
    ];
    let mut out = String::from(
        "# Limits\n\nGenerated from `src/core/limits.rs` by `make docs`. Chosen from what real clusters \
         hold (ECI allows 20 images per cache and a few hundred caches per region; the API server \
         stores objects of at most 1.5 MiB) with a wide margin. Each is tested at and past its edge.\n\n\
         | what | at most | past it |\n|---|---|---|\n",
    );
    for (what, limit, past) in rows {
        out.push_str(&format!("| {what} | {limit} | {past} |\n"));
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn docs_match_the_limits() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/limits.md");
        if std::env::var_os("UPDATE_DOCS").is_some() {
            std::fs::write(path, super::markdown()).unwrap();
        }
        let written = std::fs::read_to_string(path).unwrap_or_default();
        assert!(
            written == super::markdown(),
            "docs/limits.md is out of date: run `make docs`"
        );
    }
}
