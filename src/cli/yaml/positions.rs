//! Positions in a file, and the table of every node's position by JSON Pointer.

use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use crate::core::pointer::escape;

/// A place in a file: line and column, both from 1 (columns count characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Pos {
    pub line: usize,
    pub column: usize,
}

impl std::fmt::Display for Pos {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

/// Where each node of a document starts, by JSON Pointer. A mapping member is placed at its
/// key, so that a diagnostic lands on the line that names the field.
///
/// Pointers are kept as their 64-bit FNV-1a hash, not as strings: a table of every node of
/// every document is then no allocation per node (the cost that mattered in `make
/// cli-bench`). Two pointers of one document sharing a hash would misplace a diagnostic;
/// with documents of thousands of nodes that chance is below one in 10^12.
#[derive(Debug, Default)]
pub struct Positions(HashMap<u64, Pos, BuildHasherDefault<Prehashed>>);

impl Positions {
    /// Records the node at `path` (or, with `key`, the member `key` of the mapping at `path`).
    pub(super) fn record(&mut self, path: &str, key: Option<&str>, pos: Pos) {
        let mut hash = fnv(FNV_START, path.as_bytes());
        if let Some(key) = key {
            hash = fnv(fnv(hash, b"/"), token(key).as_bytes());
        }
        self.0.insert(hash, pos);
    }

    /// The place of the node `pointer` names, or of its deepest ancestor that exists (a
    /// diagnostic may name a field the patch would add).
    pub fn locate(&self, pointer: &str) -> Pos {
        let mut p = pointer;
        loop {
            if let Some(pos) = self.0.get(&fnv(FNV_START, p.as_bytes())) {
                return *pos;
            }
            match p.rfind('/') {
                Some(at) => p = &p[..at],
                None => return Pos::default(),
            }
        }
    }
}

const FNV_START: u64 = 0xcbf2_9ce4_8422_2325;

/// FNV-1a over `bytes`, continuing from `hash`.
fn fnv(hash: u64, bytes: &[u8]) -> u64 {
    bytes.iter().fold(hash, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The keys of [`Positions`] are hashes already: the map uses them as they are.
#[derive(Default)]
pub struct Prehashed(u64);

impl Hasher for Prehashed {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        self.0 = fnv(self.0, bytes);
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// A key as a JSON Pointer token: `~` and `/` escaped, without allocating when neither occurs.
pub(super) fn token(key: &str) -> Cow<'_, str> {
    if key.contains(['~', '/']) {
        Cow::Owned(escape(key))
    } else {
        Cow::Borrowed(key)
    }
}
