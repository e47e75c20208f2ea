//! Reading a list of caches in any of the shapes `imageCaches` takes (an array, an
//! `ImageCacheList`, a `v1` `List`), each cache checked against its rules as soon as it is
//! read, so that no cache is ever held as JSON.

use serde::de::{DeserializeSeed, Deserializer, Error, IgnoredAny, MapAccess, SeqAccess, Visitor};
use std::fmt;

use crate::core::diagnostic::{Diagnostic, Severity};
use crate::core::error::InputError;
use crate::core::image_cache::raw::{Entry, EntrySeed, Field, FieldSeed, Spare};
use crate::core::image_cache::{self, ImageCache, References};
use crate::core::json::{Depth, Key};
use crate::core::limits::{MAX_CACHES, MAX_CACHE_IMAGES};
use crate::core::pointer::Pointer;
use crate::core::text::Text;

/// Where every cache of a list is said to be: the list is `imageCaches` of the input of
/// SPEC section 7, however it was given.
pub const LIST_PATH: &str = "/imageCaches";
/// Where the caches of a list object (`ImageCacheList`, `List`) are: its `items`.
pub const ITEMS_PATH: &str = "/imageCaches/items";

/// What reading a list gathered: its caches checked, the problems found in them, and the
/// references they hold.
#[derive(Debug, Default)]
pub struct Collected<'de> {
    pub references: References<'de>,
    pub caches: Vec<ImageCache>,
    pub diagnostics: Vec<Diagnostic>,
    /// Entries of the list, including those that are not caches and those past the limit.
    pub entries: usize,
    /// Where each cache's path is written before it is shared: one allocation per cache.
    path: String,
    /// The listings' vectors, from one cache to the next.
    pub spare: Spare<'de>,
}

impl<'de> Collected<'de> {
    /// A later member of the same name replaces an earlier one, as in a JSON object.
    fn restart(&mut self) {
        self.caches.clear();
        self.diagnostics.clear();
        self.entries = 0;
    }

    /// Checks entry `index` of the list, whose caches are at `prefix/<index>`.
    pub fn add(&mut self, entry: &mut Entry<'de>, prefix: &str, index: usize) {
        self.entries += 1;
        // Past the limit the input is refused; the entries are still read to the end, so
        // that a syntax error after them is the one reported, as before.
        if index < MAX_CACHES {
            self.path.clear();
            Pointer::push_item(&mut self.path, prefix, index);
            let cache = image_cache::check(
                entry,
                Text::from(self.path.as_str()),
                Severity::Warning,
                &mut self.diagnostics,
                &mut self.references,
                &mut self.spare,
            );
            if self.caches.capacity() == 0 {
                // Grown from nothing, a few dozen caches would be copied four times.
                self.caches.reserve(16);
            }
            self.caches.extend(cache);
        }
    }
}

/// The shape of what was given as the list.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Shape<'de> {
    /// Also what an input without `imageCaches` gives.
    #[default]
    Null,
    Array,
    Object {
        kind: Option<Field<'de>>,
        items: Option<Items>,
    },
    /// A value of another type.
    Other(&'static str),
}

impl Shape<'_> {
    /// The `kind` a list object gives itself.
    pub fn kind(&self) -> Option<&str> {
        match self {
            Shape::Object { kind, .. } => kind.as_ref().and_then(Field::as_str),
            _ => None,
        }
    }
}

/// The shape of a list object's `items`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Items {
    Null,
    Array,
    Other(&'static str),
}

/// Reads a list at `depth`. With `prefix`, its caches are collected, each at
/// `prefix/<index>`; without, they are only read within the limits (the items of an
/// `items` that is itself a list: an error in any case).
pub struct ListSeed<'c, 'de> {
    pub collected: &'c mut Collected<'de>,
    pub depth: Depth,
    pub prefix: Option<&'static str>,
}

impl<'de> DeserializeSeed<'de> for ListSeed<'_, 'de> {
    type Value = Shape<'de>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Shape<'de>, D::Error> {
        if self.prefix.is_some() {
            self.collected.restart();
        }
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ListSeed<'_, 'de> {
    type Value = Shape<'de>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list of ImageCaches")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Shape<'de>, A::Error> {
        let entry = EntrySeed {
            depth: self.depth.below()?,
            max_images: MAX_CACHE_IMAGES,
        };
        let mut index = 0usize;
        while let Some(mut entry) = seq.next_element_seed(entry)? {
            if let Some(prefix) = self.prefix {
                self.collected.add(&mut entry, prefix, index);
            }
            index += 1;
        }
        Ok(Shape::Array)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Shape<'de>, A::Error> {
        let (mut kind, mut items) = (None, None);
        while let Some(key) = map.next_key_seed(Key)? {
            match key.as_ref() {
                "items" => {
                    let seed = ListSeed {
                        collected: &mut *self.collected,
                        depth: self.depth.below()?,
                        // The items of an `items` object are an error in any case: not collected.
                        prefix: (self.prefix == Some(LIST_PATH)).then_some(ITEMS_PATH),
                    };
                    items = Some(match map.next_value_seed(seed)? {
                        Shape::Null => Items::Null,
                        Shape::Array => Items::Array,
                        Shape::Object { .. } => Items::Other("an object"),
                        Shape::Other(found) => Items::Other(found),
                    });
                }
                "kind" => kind = Some(map.next_value_seed(FieldSeed(self.depth.below()?))?),
                "apiVersion" => map.next_value_seed(self.depth.below()?.skim())?,
                _ => drop(map.next_value::<IgnoredAny>()?),
            }
        }
        Ok(Shape::Object { kind, items })
    }
    fn visit_bool<E: Error>(self, _: bool) -> Result<Shape<'de>, E> {
        Ok(Shape::Other("a boolean"))
    }
    fn visit_i64<E: Error>(self, _: i64) -> Result<Shape<'de>, E> {
        Ok(Shape::Other("a number"))
    }
    fn visit_u64<E: Error>(self, _: u64) -> Result<Shape<'de>, E> {
        Ok(Shape::Other("a number"))
    }
    fn visit_f64<E: Error>(self, _: f64) -> Result<Shape<'de>, E> {
        Ok(Shape::Other("a number"))
    }
    fn visit_str<E: Error>(self, v: &str) -> Result<Shape<'de>, E> {
        self.depth.check_string(v)?;
        Ok(Shape::Other("a string"))
    }
    fn visit_unit<E: Error>(self) -> Result<Shape<'de>, E> {
        Ok(Shape::Null)
    }
    fn visit_none<E: Error>(self) -> Result<Shape<'de>, E> {
        Ok(Shape::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Shape<'de>, D::Error> {
        d.deserialize_any(self)
    }
}

/// The error for a list of the wrong shape, or of too many entries; checked in the order
/// the input's fields are checked.
pub fn check_shape(shape: &Shape, entries: usize) -> Result<(), InputError> {
    let list_error = |found: &str| {
        InputError::new(
            LIST_PATH,
            format!(
                "imageCaches must be an array, an ImageCacheList or a v1 List (kubectl get imagecache -o yaml), not {found}"
            ),
        )
    };
    match shape {
        Shape::Null | Shape::Array => {}
        Shape::Object { kind, items } => {
            let kind = kind.as_ref().and_then(Field::as_str).unwrap_or_default();
            if kind != "List" && kind != "ImageCacheList" {
                return Err(list_error(&format!("an object of kind \"{kind}\"")));
            }
            if let Some(Items::Other(found)) = items {
                return Err(InputError::new(
                    ITEMS_PATH,
                    format!("items must be an array, not {found}"),
                ));
            }
        }
        Shape::Other(found) => return Err(list_error(found)),
    }
    if entries > MAX_CACHES {
        return Err(InputError::new(
            LIST_PATH,
            format!(
                "{entries} caches given; at most {MAX_CACHES} are evaluated (ECI allows a few hundred per region)"
            ),
        ));
    }
    Ok(())
}
