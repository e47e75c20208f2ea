//! The hasher of the catalogue's maps, which index the references and ids of a whole cache
//! list: foldhash, a few times faster than the standard library's SipHash on short keys,
//! seeded per map from the standard library's random keys, so that which references
//! collide cannot be known when a list is written (and a list is bounded by `limits`
//! anyway). foldhash's own random seeding is not used: it reads the clock, which the core
//! never does.

use std::collections::HashMap;
use std::hash::{BuildHasher, RandomState};

use foldhash::fast::SeedableRandomState;
use foldhash::SharedSeed;

/// A `HashMap` with [`Seeded`] hashing.
pub type Map<K, V> = HashMap<K, V, Seeded>;

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

/// An empty map with room for `capacity` entries.
pub fn map_with_capacity<K, V>(capacity: usize) -> Map<K, V> {
    HashMap::with_capacity_and_hasher(capacity, Seeded::default())
}
