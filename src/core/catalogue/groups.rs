//! The catalogue's indexes: cache indices grouped under string keys (an image's identity,
//! a cache's id), in list order.
//!
//! A group's key is, where it can be, the text of one of the list's parsed references,
//! named by its number: most images' identity is their reference's own text, and a list of
//! thousands of distinct images would otherwise count a second owner of each text, once
//! when the index is built and again when it is dropped, on memory long since left (a
//! tenth of reading a list of 5 000 caches of 20 distinct images each). The table holds
//! each group's number with its key's hash, so that growing it reads no key again.

use hashbrown::hash_table::{Entry, HashTable};

use crate::core::hash::Seeded;
use crate::core::reference::ImageRef;
use crate::core::text::{self, Text};

/// Where a group's key is.
#[derive(Debug, Clone, Copy)]
pub enum Key {
    /// The text of parsed reference `r` of the list.
    Reference(u32),
    /// Text `i` of the index's own.
    Owned(u32),
}

/// Groups while they are found, before their members are sorted in.
#[derive(Debug, Default)]
pub struct Index {
    /// Each group's key hash and number; the key is `keys[number]`.
    table: HashTable<(u64, u32)>,
    keys: Vec<Key>,
    owned: Vec<Text>,
    hasher: Seeded,
}

impl Index {
    /// An index with room for `capacity` groups.
    pub fn with_capacity(capacity: usize) -> Index {
        Index {
            table: HashTable::with_capacity(capacity),
            keys: Vec::with_capacity(capacity),
            ..Index::default()
        }
    }

    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// The group of the key `text`, made when new, its key the text of reference
    /// `reference` when given (whose text `text` must be), else a copy of `text`.
    pub fn group(&mut self, text: &str, reference: Option<u32>, references: &[ImageRef]) -> u32 {
        let hash = self.hasher.hash_text(text);
        let Index {
            table, keys, owned, ..
        } = self;
        let found = table.entry(
            hash,
            |&(h, g)| h == hash && text::same(key_text(keys, owned, references, g), text),
            |&(h, _)| h,
        );
        match found {
            Entry::Occupied(entry) => entry.get().1,
            Entry::Vacant(entry) => {
                // At most one group per reference or per cache: far below u32::MAX.
                let number = u32::try_from(keys.len()).unwrap_or(u32::MAX);
                keys.push(match reference {
                    Some(r) => Key::Reference(r),
                    None => {
                        owned.push(Text::from(text));
                        Key::Owned(u32::try_from(owned.len() - 1).unwrap_or(u32::MAX))
                    }
                });
                entry.insert((hash, number));
                number
            }
        }
    }
}

/// The key of group `g`.
fn key_text<'a>(keys: &[Key], owned: &'a [Text], references: &'a [ImageRef], g: u32) -> &'a str {
    match keys.get(g as usize) {
        Some(Key::Reference(r)) => references.get(*r as usize).map_or("", ImageRef::text),
        Some(Key::Owned(i)) => owned.get(*i as usize).map_or("", |text| &**text),
        None => "",
    }
}

/// Cache indices grouped under string keys: the members of group `g` are
/// `members[starts[g]..starts[g + 1]]`, in list order.
#[derive(Debug, Default)]
pub struct Groups {
    index: Index,
    starts: Vec<u32>,
    members: Vec<u32>,
}

impl Groups {
    /// Groups the caches of `pairs` (group, cache), given in cache order: a counting sort,
    /// linear in the pairs.
    pub fn new(index: Index, pairs: &[(u32, u32)]) -> Self {
        let groups = index.len();
        let mut starts = vec![0u32; groups + 1];
        for &(g, _) in pairs {
            starts[g as usize + 1] += 1;
        }
        for g in 0..groups {
            starts[g + 1] += starts[g];
        }
        let mut next = starts.clone();
        let mut members = vec![0u32; pairs.len()];
        for &(g, c) in pairs {
            members[next[g as usize] as usize] = c;
            next[g as usize] += 1;
        }
        Groups {
            index,
            starts,
            members,
        }
    }

    /// The members of the group of `key`, whose keys name `references` (the list's).
    pub fn get(&self, key: &str, references: &[ImageRef]) -> &[u32] {
        let Index {
            table,
            keys,
            owned,
            hasher,
        } = &self.index;
        let hash = hasher.hash_text(key);
        let found = table.find(hash, |&(h, g)| {
            h == hash && text::same(key_text(keys, owned, references, g), key)
        });
        match found {
            Some(&(_, g)) => self
                .starts
                .get(g as usize..g as usize + 2)
                .and_then(|range| self.members.get(range[0] as usize..range[1] as usize))
                .unwrap_or_default(),
            None => &[],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::reference;

    #[test]
    fn finds_each_group_by_its_key_whether_a_reference_or_its_own() {
        let references: Vec<ImageRef> = (0..300)
            .map(|i| reference::parse(&format!("registry.example/app:{i}")).unwrap())
            .collect();
        let mut index = Index::with_capacity(1);
        let mut pairs = Vec::new();
        // References by number, then the same texts again as owned keys: one group each.
        for (r, image) in references.iter().enumerate() {
            let g = index.group(image.text(), Some(r as u32), &references);
            pairs.push((g, r as u32));
        }
        for (r, image) in references.iter().enumerate() {
            let g = index.group(image.text(), None, &references);
            pairs.push((g, r as u32 + 1_000));
        }
        let owned = index.group("registry.example/other:1", None, &references);
        pairs.push((owned, 7));
        let groups = Groups::new(index, &pairs);
        for (r, image) in references.iter().enumerate() {
            assert_eq!(
                groups.get(image.text(), &references),
                [r as u32, r as u32 + 1_000]
            );
        }
        assert_eq!(groups.get("registry.example/other:1", &references), [7]);
        assert_eq!(
            groups.get("registry.example/app:300", &references),
            [0u32; 0]
        );
    }
}
