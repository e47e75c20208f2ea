//! One small sort for the whole core. Each `sort` of the standard library (and each
//! `collect` into a `BTreeMap`, which sorts) is compiled anew for every element type and
//! comparison, 4 to 8 KB of WebAssembly apiece; the core sorts short lists (the caches one
//! pod can use, a few near-miss ids), so one merge sort of indices, compared through a
//! `dyn` closure, serves every caller in both WebAssembly builds.

use std::cmp::Ordering;

/// Sorts `items` by `compare`, stably, in O(n log n): a bottom-up merge sort.
pub fn sort_indices(items: &mut [usize], compare: &mut dyn FnMut(usize, usize) -> Ordering) {
    let len = items.len();
    let mut buffer = items.to_vec();
    let mut width = 1;
    // Each pass merges runs of `width` from `items` into `buffer`, then swaps their roles.
    let (mut from, mut to) = (items, buffer.as_mut_slice());
    let mut in_items = true;
    while width < len {
        let mut start = 0;
        while start < len {
            let middle = (start + width).min(len);
            let end = (start + 2 * width).min(len);
            let (mut left, mut right) = (start, middle);
            for slot in &mut to[start..end] {
                let take_left =
                    right == end || (left < middle && compare(from[left], from[right]).is_le());
                *slot = if take_left { from[left] } else { from[right] };
                if take_left {
                    left += 1;
                } else {
                    right += 1;
                }
            }
            start = end;
        }
        std::mem::swap(&mut from, &mut to);
        in_items = !in_items;
        width *= 2;
    }
    if !in_items {
        to.copy_from_slice(from);
    }
}

/// Sorts `items` by `compare`, stably, through [`sort_indices`].
pub fn sort_by<T: Clone>(items: &mut Vec<T>, compare: impl Fn(&T, &T) -> Ordering) {
    let mut order: Vec<usize> = (0..items.len()).collect();
    sort_indices(&mut order, &mut |a, b| compare(&items[a], &items[b]));
    *items = order.into_iter().map(|i| items[i].clone()).collect();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_as_the_standard_stable_sort_does() {
        // Pairs compared by their first half only, so that stability shows.
        let mut seed = 7u64;
        for len in [0usize, 1, 2, 3, 4, 5, 7, 8, 9, 16, 17, 31, 100, 257] {
            let items: Vec<(u8, usize)> = (0..len)
                .map(|i| {
                    seed = seed
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    ((seed >> 60) as u8, i)
                })
                .collect();
            let mut ours = items.clone();
            sort_by(&mut ours, |a, b| a.0.cmp(&b.0));
            let mut std_sorted = items;
            std_sorted.sort_by_key(|item| item.0);
            assert_eq!(ours, std_sorted, "{len} items");
        }
    }
}
