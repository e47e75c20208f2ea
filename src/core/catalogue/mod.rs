//! The catalogue: the cluster's caches read once, with the settings, and asked about any
//! number of objects. Reading checks every cache against its rules and indexes the images
//! they hold, so that evaluating an object costs what the caches sharing its images cost,
//! whatever the size of the list.

mod groups;
pub mod list;
pub(crate) mod scan;

use serde::de::DeserializeSeed;
use serde_json::Value;

use super::diagnostic::{Code, Diagnostic};
use super::error::InputError;
use super::image_cache::{self, ImageCache};
use super::json::{self, Depth};
use super::pointer::Pointer;
use super::reference::ImageRef;
use super::settings::Settings;
use groups::{Groups, Index};
use list::{check_shape, Collected, ListSeed, LIST_PATH};

pub struct Catalogue {
    settings: Settings,
    caches: Vec<ImageCache>,
    references: Vec<ImageRef>,
    /// The references each cache holds, cache after cache (`ImageCache::images`).
    held: Vec<u32>,
    /// Problems found in the caches while reading them, then the duplicate ids.
    diagnostics: Vec<Diagnostic>,
    /// The caches holding each image, by its identity (`ImageRef::identity` with the
    /// settings' ACR equivalence: what matching compares), in list order.
    by_image: Groups,
    /// The caches with each id, in list order.
    by_id: Groups,
    any_expiry: bool,
    /// The `kind` the list gave itself (`ImageCacheList`, `List`); `None` for an array.
    list_kind: Option<String>,
}

impl std::fmt::Debug for Catalogue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Catalogue")
            .field("caches", &self.caches.len())
            .field("references", &self.references.len())
            .field("diagnostics", &self.diagnostics.len())
            .finish_non_exhaustive()
    }
}

impl Catalogue {
    /// A catalogue without caches.
    pub fn empty(settings: Settings) -> Catalogue {
        Catalogue::build(Collected::default(), &list::Shape::Null, settings)
    }

    /// Reads a cache list given as JSON bytes: an array, an `ImageCacheList` or a `v1`
    /// `List`, as `kubectl get imagecache -o json` prints it and the policy's host returns
    /// it. Its caches are reported at `/imageCaches/…`, as if the list were the input's
    /// `imageCaches`, so that every way of giving the list gives the same report.
    pub fn from_slice(bytes: &[u8], settings: Settings) -> Result<Catalogue, InputError> {
        let mut collected = Collected::default();
        let shape = scan::or_serde(
            bytes,
            &mut collected,
            |collected| scan::list(bytes, collected),
            |collected| {
                let seed = ListSeed {
                    collected,
                    depth: Depth::BYTES,
                    prefix: Some(LIST_PATH),
                };
                json::read_input(bytes, "the cache list", seed)
            },
        )?;
        check_shape(&shape, collected.entries)?;
        Ok(Catalogue::build(collected, &shape, settings))
    }

    /// Reads a cache list given as a `Value` (from YAML, say), in the same shapes.
    pub fn from_json(list: &Value, settings: Settings) -> Result<Catalogue, InputError> {
        let (collected, shape) = read_value(list)?;
        Ok(Catalogue::build(collected, &shape, settings))
    }

    pub(crate) fn build(
        collected: Collected,
        shape: &list::Shape,
        settings: Settings,
    ) -> Catalogue {
        let Collected {
            references,
            caches,
            mut diagnostics,
            ..
        } = collected;
        let (references, held) = references.into_parts();
        // Each distinct reference's identity is written once, or is its text; a cache
        // listing one image twice (by two spellings) holds it once.
        let acr = settings.acr_vpc_equivalence;
        // Sized up front: each grows to at most one group per reference, or per cache.
        let mut index = Index::with_capacity(references.len());
        let mut identity = String::new();
        let group_of: Vec<u32> = references
            .iter()
            .zip(0u32..)
            .map(|(image, r)| match image.identity_text(acr) {
                Some(text) => index.group(text, Some(r), &references),
                None => {
                    image.write_identity(acr, &mut identity);
                    index.group(&identity, None, &references)
                }
            })
            .collect();
        // At most one pair per image held, then per cache: grown by doubling, the pairs of
        // a large list would be copied as often, on fresh memory each time.
        let mut pairs = Vec::with_capacity(held.len().max(caches.len()));
        let mut last_holder = vec![u32::MAX; index.len()];
        for (c, cache) in caches.iter().enumerate() {
            for &r in image_cache::held(&held, &cache.images) {
                let group = group_of[r as usize];
                if last_holder[group as usize] != c as u32 {
                    last_holder[group as usize] = c as u32;
                    pairs.push((group, c as u32));
                }
            }
        }
        let by_image = Groups::new(index, &pairs);
        let mut index = Index::with_capacity(caches.len());
        pairs.clear();
        for (c, cache) in caches.iter().enumerate() {
            if let Some(id) = &cache.id {
                let groups = index.len();
                let group = index.group(id, None, &[]);
                // An id seen before: an earlier cache of the list already has it.
                if (group as usize) < groups {
                    diagnostics.push(duplicate_id(cache, id));
                }
                pairs.push((group, c as u32));
            }
        }
        let by_id = Groups::new(index, &pairs);
        let any_expiry = caches.iter().any(|c| c.expires.is_some());
        Catalogue {
            settings,
            caches,
            references,
            held,
            diagnostics,
            by_image,
            by_id,
            any_expiry,
            list_kind: shape.kind().map(str::to_owned),
        }
    }

    /// The `kind` the list gave itself (`ImageCacheList`, `List`); `None` for an array.
    pub fn list_kind(&self) -> Option<&str> {
        self.list_kind.as_deref()
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// The caches, in the order of the list (entries that are not caches left out).
    pub fn caches(&self) -> &[ImageCache] {
        &self.caches
    }

    /// The images a cache holds.
    pub fn images_of<'a>(&'a self, cache: &'a ImageCache) -> impl Iterator<Item = &'a ImageRef> {
        image_cache::held(&self.held, &cache.images)
            .iter()
            .filter_map(|&r| self.references.get(r as usize))
    }

    /// The problems found in the caches while reading them (warnings: a broken cache must
    /// not block pods), with their paths under `/imageCaches`.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    /// Whether any cache has an expiry time, which only a time given can check.
    pub fn any_expiry(&self) -> bool {
        self.any_expiry
    }

    /// The cache at `index` of the list (entries that are not caches have none).
    pub fn cache_at(&self, index: usize) -> Option<&ImageCache> {
        let at = self
            .caches
            .binary_search_by(|c| list_index(&c.path).cmp(&index))
            .ok()?;
        Some(&self.caches[at])
    }

    /// The entry of the list a JSON Pointer of this catalogue's falls in (a diagnostic's
    /// `path`, a row's), and the rest of the pointer inside that entry.
    pub fn entry_of(pointer: &str) -> Option<(usize, &str)> {
        let rest = pointer.strip_prefix(LIST_PATH)?.strip_prefix('/')?;
        let rest = rest.strip_prefix("items/").unwrap_or(rest);
        let (index, inner) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
        Some((index.parse().ok()?, inner))
    }

    /// The caches holding an image whose identity (`ImageRef::identity` with this
    /// catalogue's settings) is `identity`, in list order.
    pub(crate) fn holders_of(&self, identity: &str) -> &[u32] {
        self.by_image.get(identity, &self.references)
    }

    /// The caches whose id is `id`, in list order.
    pub(crate) fn with_id(&self, id: &str) -> &[u32] {
        self.by_id.get(id, &[])
    }
}

/// The index of a cache in its list, from its path.
fn list_index(path: &str) -> usize {
    path.rsplit('/')
        .next()
        .and_then(|i| i.parse().ok())
        .unwrap_or(usize::MAX)
}

/// Reads a cache list given as a `Value`, with its caches checked.
pub(crate) fn read_value(list: &Value) -> Result<(Collected<'_>, list::Shape<'_>), InputError> {
    let mut collected = Collected::default();
    let shape = ListSeed {
        collected: &mut collected,
        depth: Depth::VALUE,
        prefix: Some(LIST_PATH),
    }
    .deserialize(list)
    // A `Value` read without limits satisfies every visitor: this cannot fail.
    .map_err(|e| InputError::new(LIST_PATH, format!("imageCaches cannot be read: {e}")))?;
    check_shape(&shape, collected.entries)?;
    Ok((collected, shape))
}

/// The warning at a cache whose id an earlier cache of the list already has.
fn duplicate_id(cache: &ImageCache, id: &str) -> Diagnostic {
    Diagnostic::new(
        Code::DuplicateCacheId,
        Pointer::from_static(&cache.path)
            .key("status")
            .key("imageCacheId"),
        format!("another cache in the list also has the id {id}"),
    )
}

#[cfg(test)]
mod tests;
