//! The hasher of the catalogue's maps, which index the references and ids of a whole cache
//! list: foldhash, a few times faster than the standard library's SipHash on short keys,
//! seeded per map from the standard library's random keys, so that which references
//! collide cannot be known when a list is written (and a list is bounded by `limits`
//! anyway). foldhash's own random seeding is not used: it reads the clock, which the core
//! never does.

use std::collections::HashMap;
use std::hash::{BuildHasher, Hash, Hasher, RandomState};

use foldhash::fast::SeedableRandomState;
use foldhash::SharedSeed;

use super::text;

/// A `HashMap` keyed by [`Hashed`] texts: each key's hash is computed once, by the
/// [`Seeded`] hasher the map keeps, and the map places the key by that hash as it is.
pub type Map<K, V> = HashMap<Hashed<K>, V, Keyed>;

/// foldhash with a per-map seed drawn from the standard library's random keys, over
/// foldhash's fixed shared seed.
#[derive(Clone, Debug)]
pub struct Seeded(SeedableRandomState);

impl Default for Seeded {
    fn default() -> Self {
        let seed = RandomState::new().hash_one(0u8);
        Seeded(SeedableRandomState::with_seed(
            seed,
            SharedSeed::global_fixed(),
        ))
    }
}

impl BuildHasher for Seeded {
    type Hasher = foldhash::fast::FoldHasher<'static>;

    fn build_hasher(&self) -> Self::Hasher {
        self.0.build_hasher()
    }
}

impl Seeded {
    /// The hash of `text`, a whole key: its bytes alone, without the end mark that
    /// `Hash for str` adds for keys made of several fields. In WebAssembly that mark is a
    /// 128-bit shift and one more multiplication for every key hashed.
    pub fn hash_text(&self, text: &str) -> u64 {
        let mut hasher = self.build_hasher();
        hasher.write(text.as_bytes());
        hasher.finish()
    }
}

/// The hasher of a [`Map`]: it keeps the [`Seeded`] hasher its keys are made with, and
/// hands the map each key's kept hash instead of hashing that hash again.
#[derive(Clone, Debug, Default)]
pub struct Keyed(Seeded);

impl BuildHasher for Keyed {
    type Hasher = KeptHash;

    fn build_hasher(&self) -> KeptHash {
        KeptHash(0)
    }
}

/// The hash a [`Hashed`] key writes, as it is.
#[derive(Debug)]
pub struct KeptHash(u64);

impl Hasher for KeptHash {
    fn write(&mut self, bytes: &[u8]) {
        // Only `write_u64` comes here, from `Hashed`; any other bytes are folded in.
        for &byte in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(byte);
        }
    }

    fn write_u64(&mut self, hash: u64) {
        self.0 ^= hash;
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// A key kept with its hash, computed once by the map's hasher: as the map grows, it moves
/// its entries without hashing their keys again, which for texts borrowed from a large
/// input would read them again from all over it (a tenth of reading a list of 5 000 caches
/// of 20 distinct images each went into that).
#[derive(Debug)]
pub struct Hashed<K> {
    hash: u64,
    pub key: K,
}

impl<K: AsRef<str>> Hashed<K> {
    /// `key` with its hash by the hasher of the map it is for.
    pub fn new(hasher: &Keyed, key: K) -> Self {
        Hashed {
            hash: hasher.0.hash_text(key.as_ref()),
            key,
        }
    }
}

impl<K: AsRef<str>> PartialEq for Hashed<K> {
    fn eq(&self, other: &Self) -> bool {
        self.hash == other.hash && text::same(self.key.as_ref(), other.key.as_ref())
    }
}

impl<K: AsRef<str>> Eq for Hashed<K> {}

impl<K> Hash for Hashed<K> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_u64(self.hash);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashed_keys_find_equal_keys_and_only_them() {
        let mut map: Map<String, u32> = Map::default();
        // Past several doublings, each moving every entry by its kept hash.
        for i in 0..1_000u32 {
            let key = Hashed::new(map.hasher(), format!("registry.example/app:{i}"));
            map.insert(key, i);
        }
        for i in 0..1_000u32 {
            let key = Hashed::new(map.hasher(), format!("registry.example/app:{i}"));
            assert_eq!(map.get(&key), Some(&i));
        }
        let absent = Hashed::new(map.hasher(), "registry.example/app:1000".to_owned());
        assert_eq!(map.get(&absent), None);
        assert_eq!(map.len(), 1_000);
    }
}
