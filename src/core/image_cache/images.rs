//! A cache's images: the references of a whole list, each distinct one parsed once, and
//! the ids each cache holds, checked against SPEC section 1 as they are read.

use std::borrow::Cow;
use std::ops::Range;

use super::raw::{Field, Listing, Spare};
use super::MAX_IMAGES;
use crate::core::diagnostic::Code;
use crate::core::hash::{Hashed, Map};
use crate::core::limits::MAX_CACHE_IMAGES;
use crate::core::pointer::Pointer;
use crate::core::reference::{self, ImageRef, ReferenceError};

/// The distinct image references of a cache list, each parsed once: the caches of a
/// cluster are built from the same images again and again. Texts are borrowed from the
/// input while it is read.
#[derive(Debug, Default)]
pub struct References<'de> {
    ids: Map<Cow<'de, str>, Result<u32, ReferenceError>>,
    parsed: Vec<ImageRef>,
    /// The references each cache holds, cache after cache (`ImageCache::images`).
    held: Vec<u32>,
}

const INITIAL_REFERENCES: usize = 64;

impl<'de> References<'de> {
    pub fn new() -> Self {
        Self::default()
    }

    fn intern(&mut self, text: Cow<'de, str>) -> Result<u32, &ReferenceError> {
        if self.ids.capacity() == 0 {
            // Room for the references of a list of a few dozen caches at once: grown from
            // nothing, the index would hash every reference again at each doubling.
            self.ids.reserve(INITIAL_REFERENCES);
            self.parsed.reserve(INITIAL_REFERENCES);
        }
        let parsed = &mut self.parsed;
        let key = Hashed::new(self.ids.hasher(), text);
        self.ids
            .entry(key)
            .or_insert_with_key(|key| {
                reference::parse(&key.key).map(|image| {
                    parsed.push(image);
                    // At most MAX_CACHES × MAX_CACHE_IMAGES references: far below u32::MAX.
                    u32::try_from(parsed.len() - 1).unwrap_or(u32::MAX)
                })
            })
            .as_ref()
            .copied()
    }

    /// The parsed references, and the ids the caches hold (`ImageCache::images`).
    pub fn into_parts(self) -> (Vec<ImageRef>, Vec<u32>) {
        (self.parsed, self.held)
    }

    fn held_len(&self) -> u32 {
        // At most MAX_CACHES × MAX_CACHE_IMAGES ids: far below u32::MAX.
        u32::try_from(self.held.len()).unwrap_or(u32::MAX)
    }
}

/// The ids of `held` that `range` (an `ImageCache::images`) covers.
pub fn held<'a>(held: &'a [u32], range: &Range<u32>) -> &'a [u32] {
    held.get(range.start as usize..range.end as usize)
        .unwrap_or_default()
}

/// Reads the images of one cache into `references`: the range of its ids in `held`.
pub(super) fn read_images<'de>(
    listing: Option<Listing<'de>>,
    base: &str,
    report: &mut impl FnMut(Code, &Pointer, String),
    references: &mut References<'de>,
    spare: &mut Spare<'de>,
) -> Range<u32> {
    let start = references.held_len();
    let path = || Pointer::at(base, &["spec", "images"]);
    let (mut items, len) = match listing {
        Some(Listing::List { items, len }) => (items, len),
        None | Some(Listing::Single(Field::Null)) => {
            report(
                Code::CacheImages,
                &path(),
                "spec.images is required: a cache holds 1 to 20 images".into(),
            );
            return start..start;
        }
        Some(Listing::Single(other)) => {
            report(
                Code::CacheImages,
                &path(),
                format!(
                    "spec.images must be a list of image references, not {}",
                    other.type_name()
                ),
            );
            return start..start;
        }
    };
    if len == 0 || len > MAX_IMAGES {
        report(
            Code::CacheImages,
            &path(),
            format!(
                "a cache holds 1 to {MAX_IMAGES} images, this one lists {len}{}",
                if len > MAX_CACHE_IMAGES {
                    format!("; only the first {MAX_CACHE_IMAGES} are read")
                } else {
                    String::new()
                }
            ),
        );
    }
    for (i, item) in items.drain(..).enumerate().take(MAX_CACHE_IMAGES) {
        let at = || path().index(i);
        match item {
            Field::Str(text) => match references.intern(text.clone()) {
                Ok(id) => references.held.push(id),
                Err(e) => report(
                    Code::InvalidImageReference,
                    &at(),
                    format!("\"{text}\": {e}"),
                ),
            },
            other => report(
                Code::InvalidImageReference,
                &at(),
                format!("an image must be a string, not {}", other.type_name()),
            ),
        }
    }
    spare.keep(items);
    start..references.held_len()
}
