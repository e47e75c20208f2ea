//! [`Indices`]: some of a pod's distinct images, by their index, as the bits of one word.
//! A pod's distinct images are at most its `limits::MAX_CONTAINERS` containers, so the
//! images a cache holds are kept without an allocation, and copied for free.

use super::limits::MAX_CONTAINERS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Indices(u128);

impl Indices {
    /// Indices from this one on are never members.
    pub const CAPACITY: usize = u128::BITS as usize;

    /// Every index below `n`.
    pub fn below(n: usize) -> Self {
        match u32::try_from(n) {
            Ok(n) if n < u128::BITS => Indices((1 << n) - 1),
            _ => Indices(u128::MAX),
        }
    }

    /// Adds `i`; an index from `CAPACITY` on is left out.
    pub fn insert(&mut self, i: usize) {
        if i < Self::CAPACITY {
            self.0 |= 1 << i;
        }
    }

    pub fn contains(self, i: usize) -> bool {
        i < Self::CAPACITY && self.0 >> i & 1 == 1
    }

    pub fn len(self) -> usize {
        self.0.count_ones() as usize
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The members below `n`.
    pub fn within(self, n: usize) -> Self {
        Indices(Self::below(n).0 & self.0)
    }

    /// The indices below `n` this one leaves out.
    pub fn complement(self, n: usize) -> Self {
        Indices(Self::below(n).0 & !self.0)
    }

    /// The members, smallest first.
    pub fn iter(self) -> impl Iterator<Item = usize> {
        let mut bits = self.0;
        std::iter::from_fn(move || {
            let i = bits.trailing_zeros();
            (i < u128::BITS).then(|| {
                bits &= bits - 1;
                i as usize
            })
        })
    }
}

impl FromIterator<usize> for Indices {
    fn from_iter<I: IntoIterator<Item = usize>>(indices: I) -> Self {
        let mut set = Indices::default();
        for i in indices {
            set.insert(i);
        }
        set
    }
}

// Every distinct image of a pod has an index below the capacity.
const _: () = assert!(MAX_CONTAINERS <= Indices::CAPACITY);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn members_in_order_and_their_complement() {
        let set: Indices = [5, 0, 3, 5].into_iter().collect();
        assert_eq!(set.iter().collect::<Vec<_>>(), [0, 3, 5]);
        assert_eq!(
            (set.len(), set.contains(3), set.contains(4)),
            (3, true, false)
        );
        assert_eq!(set.complement(6).iter().collect::<Vec<_>>(), [1, 2, 4]);
        assert_eq!(set.within(4).iter().collect::<Vec<_>>(), [0, 3]);
        assert!(Indices::default().is_empty());
        assert!(Indices::default().complement(0).is_empty());
    }

    #[test]
    fn the_edges_of_the_word() {
        let last = Indices::CAPACITY - 1;
        let set: Indices = [last, Indices::CAPACITY, 1000].into_iter().collect();
        assert_eq!(set.iter().collect::<Vec<_>>(), [last]);
        assert!(!set.contains(Indices::CAPACITY));
        assert_eq!(Indices::below(Indices::CAPACITY).len(), Indices::CAPACITY);
        assert_eq!(Indices::below(1000).len(), Indices::CAPACITY);
        assert_eq!(
            set.complement(Indices::CAPACITY).len(),
            Indices::CAPACITY - 1
        );
    }
}
