//! The fast way through a cache list given as bytes: the [`Scanner`] reads the list and its
//! caches into the same raw form as the serde reader (`list::ListSeed`), through the same
//! table of members (`RawCache::member`), and the caches are checked by the same rules as
//! they are read. Whatever is unusual (a list or part of another shape, an escape in a
//! key or in a value the rules read, a syntax error, a limit) gives up, and the caller reads
//! the list again with the serde reader: the answer, and every error, stay its.

use std::borrow::Cow;

use serde_json::Value;

use super::list::{Collected, Items, Shape, ITEMS_PATH, LIST_PATH};
use crate::core::error::InputError;
use crate::core::image_cache::raw::{Entry, Field, Listing, Member, Part, RawCache, Spare};
use crate::core::limits::{MAX_CACHES, MAX_CACHE_IMAGES, MAX_INPUT_BYTES};
use crate::core::scanner::{Scan, Scanner, Unusual};

/// Reads `bytes` with `fast`, the scanner, into `collected`; when it gives up, empties
/// `collected` and reads them again with `slow`, the serde reader, whose answer it then is.
/// Bytes past `MAX_INPUT_BYTES` go straight to `slow`, which refuses them unread.
pub fn or_serde<'de, T>(
    bytes: &[u8],
    collected: &mut Collected<'de>,
    fast: impl FnOnce(&mut Collected<'de>) -> Scan<T>,
    slow: impl FnOnce(&mut Collected<'de>) -> Result<T, InputError>,
) -> Result<T, InputError> {
    if bytes.len() <= MAX_INPUT_BYTES {
        if let Ok(read) = fast(collected) {
            return Ok(read);
        }
        *collected = Collected::default();
    }
    slow(collected)
}

/// Reads a whole cache list into `collected`, which must be empty. On [`Unusual`], what
/// `collected` holds is to be thrown away.
pub fn list<'de>(bytes: &'de [u8], collected: &mut Collected<'de>) -> Scan<Shape<'de>> {
    let mut scanner = Scanner::new(bytes);
    let shape = caches(&mut scanner, collected)?;
    if !scanner.at_end() {
        return Err(Unusual);
    }
    Ok(shape)
}

/// Reads a cache list, the input's `imageCaches`, into `collected`, which must be empty.
pub fn caches<'de>(scanner: &mut Scanner<'de>, collected: &mut Collected<'de>) -> Scan<Shape<'de>> {
    Ok(match scanner.peek() {
        Some(b'[') => {
            entries(scanner, LIST_PATH, collected)?;
            Shape::Array
        }
        Some(b'{') => {
            let (mut kind, mut items) = (None, None);
            scanner.members(&mut |scanner, key| {
                match key {
                    // The serde reader starts again at a second `items`: left to it.
                    b"items" if items.is_none() => {
                        entries(scanner, ITEMS_PATH, collected)?;
                        items = Some(Items::Array);
                    }
                    b"items" => return Err(Unusual),
                    b"kind" => kind = Some(field(scanner)?),
                    b"apiVersion" => scanner.skip(true)?,
                    _ => scanner.skip(false)?,
                }
                Ok(())
            })?;
            Shape::Object { kind, items }
        }
        Some(b'n') => {
            scanner.literal(b"null")?;
            Shape::Null
        }
        _ => return Err(Unusual),
    })
}

/// The entries of a list, each an ImageCache object, checked at `prefix/<index>`.
fn entries<'de>(
    scanner: &mut Scanner<'de>,
    prefix: &str,
    collected: &mut Collected<'de>,
) -> Scan<()> {
    scanner.elements(&mut |scanner, index| {
        if index >= MAX_CACHES {
            return Err(Unusual);
        }
        // Read inside its entry, which `add` checks where it is: a cache read apart and
        // then wrapped would be copied, some 800 bytes a cache.
        let mut entry = Entry::Cache(RawCache::default());
        if let Entry::Cache(cache) = &mut entry {
            part(scanner, cache, Part::Cache, &mut collected.spare)?;
        }
        collected.add(&mut entry, prefix, index);
        Ok(())
    })?;
    Ok(())
}

/// One part of a cache, an object, read member by member; listings fill vectors of `spare`.
fn part<'de>(
    scanner: &mut Scanner<'de>,
    cache: &mut RawCache<'de>,
    part_: Part,
    spare: &mut Spare<'de>,
) -> Scan<()> {
    // A part of another type counts as empty; rare enough to leave to the serde reader.
    if scanner.peek() != Some(b'{') {
        return Err(Unusual);
    }
    cache.reset(part_);
    scanner.members(&mut |scanner, key| {
        match cache.member(part_, key, MAX_CACHE_IMAGES) {
            Member::Field(slot) => *slot = Some(field(scanner)?),
            Member::Listing(slot, cap) => *slot = Some(listing(scanner, cap, spare)?),
            Member::Part(inner) => part(scanner, cache, inner, spare)?,
            Member::Skim => scanner.skip(true)?,
            Member::Skip => scanner.skip(false)?,
        }
        Ok(())
    })
}

/// A value the rules read: a string, a whole number, a boolean or null.
fn field<'de>(scanner: &mut Scanner<'de>) -> Scan<Field<'de>> {
    Ok(match scanner.peek().ok_or(Unusual)? {
        b'"' => Field::Str(Cow::Borrowed(scanner.string()?)),
        b'0'..=b'9' => Field::Uint(scanner.whole_number()?),
        b'n' => {
            scanner.literal(b"null")?;
            Field::Null
        }
        b't' => {
            scanner.literal(b"true")?;
            Field::Other(Value::Bool(true))
        }
        b'f' => {
            scanner.literal(b"false")?;
            Field::Other(Value::Bool(false))
        }
        _ => return Err(Unusual),
    })
}

/// A member that should be a list: its first `cap` items read, the rest skimmed.
fn listing<'de>(
    scanner: &mut Scanner<'de>,
    cap: usize,
    spare: &mut Spare<'de>,
) -> Scan<Listing<'de>> {
    if scanner.peek() != Some(b'[') {
        return field(scanner).map(Listing::Single);
    }
    let mut items = spare.take();
    let len = scanner.elements(&mut |scanner, index| {
        if index < cap {
            items.push(field(scanner)?);
            Ok(())
        } else {
            scanner.skip(true)
        }
    })?;
    Ok(Listing::List { items, len })
}

#[cfg(test)]
mod tests;
