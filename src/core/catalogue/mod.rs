//! The catalogue: the cluster's caches read once, with the settings, and asked about any
//! number of objects. Reading checks every cache against its rules and indexes the images
//! they hold, so that evaluating an object costs what the caches sharing its images cost,
//! whatever the size of the list.

pub mod list;

use serde::de::DeserializeSeed;
use serde_json::Value;

use super::diagnostic::{Code, Diagnostic};
use super::error::InputError;
use super::image_cache::ImageCache;
use super::json::Depth;
use super::limits::MAX_INPUT_BYTES;
use super::pointer::Pointer;
use super::reference::ImageRef;
use super::settings::Settings;
use list::{check_shape, Collected, ListSeed, LIST_PATH};

pub struct Catalogue {
    settings: Settings,
    caches: Vec<ImageCache>,
    references: Vec<ImageRef>,
    /// Problems found in the caches while reading them, then the duplicate ids.
    diagnostics: Vec<Diagnostic>,
    /// Reference ids, sorted by repository path: the references a pod image may match.
    by_path: Vec<u32>,
    /// The caches holding each reference: those of reference `r` are
    /// `holders[holder_starts[r]..holder_starts[r + 1]]`, in list order.
    holder_starts: Vec<u32>,
    holders: Vec<u32>,
    /// Cache indices, sorted by id: the caches a pin may name.
    by_id: Vec<u32>,
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
        if bytes.len() > MAX_INPUT_BYTES {
            return Err(InputError::new(
                "",
                format!(
                    "the cache list is {} bytes; at most {MAX_INPUT_BYTES} are read",
                    bytes.len()
                ),
            ));
        }
        let mut collected = Collected::default();
        let mut de = serde_json::Deserializer::from_slice(bytes);
        let shape = ListSeed {
            collected: &mut collected,
            depth: Depth::BYTES,
            prefix: Some(LIST_PATH),
        }
        .deserialize(&mut de)
        .and_then(|shape| de.end().map(|()| shape))
        .map_err(|e| InputError::new("", format!("the cache list is not JSON: {e}")))?;
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
        let references = references.into_parsed();
        let mut by_path: Vec<u32> = (0..references.len() as u32).collect();
        by_path.sort_by(|&a, &b| {
            references[a as usize]
                .path()
                .cmp(references[b as usize].path())
        });

        // Counting sort of (reference, cache) pairs: linear in the images held.
        let mut holder_starts = vec![0u32; references.len() + 1];
        for cache in &caches {
            for &r in &cache.images {
                holder_starts[r as usize + 1] += 1;
            }
        }
        for r in 0..references.len() {
            holder_starts[r + 1] += holder_starts[r];
        }
        let mut next = holder_starts.clone();
        let mut holders = vec![0u32; holder_starts[references.len()] as usize];
        for (c, cache) in caches.iter().enumerate() {
            for &r in &cache.images {
                holders[next[r as usize] as usize] = c as u32;
                next[r as usize] += 1;
            }
        }

        let mut by_id: Vec<u32> = (0..caches.len() as u32)
            .filter(|&c| caches[c as usize].id.is_some())
            .collect();
        by_id.sort_by(|&a, &b| {
            caches[a as usize]
                .id
                .cmp(&caches[b as usize].id)
                .then(a.cmp(&b))
        });
        duplicate_ids(&caches, &by_id, &mut diagnostics);
        let any_expiry = caches.iter().any(|c| c.expires.is_some());
        Catalogue {
            settings,
            caches,
            references,
            diagnostics,
            by_path,
            holder_starts,
            holders,
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
        cache
            .images
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

    /// The caches holding an image identical to `image`, each with no repetition, in list order.
    pub(crate) fn holders_of(&self, image: &ImageRef, out: &mut Vec<u32>) {
        let acr = self.settings.acr_vpc_equivalence;
        let path = image.path();
        let start = self
            .by_path
            .partition_point(|&r| self.references[r as usize].path() < path);
        for &r in self.by_path[start..]
            .iter()
            .take_while(|&&r| self.references[r as usize].path() == path)
        {
            if image.same_image(&self.references[r as usize], acr) {
                let (from, to) = (
                    self.holder_starts[r as usize],
                    self.holder_starts[r as usize + 1],
                );
                out.extend_from_slice(&self.holders[from as usize..to as usize]);
            }
        }
    }

    /// The caches whose id is `id`, in list order.
    pub(crate) fn with_id<'a>(&'a self, id: &'a str) -> impl Iterator<Item = u32> + 'a {
        let start = self
            .by_id
            .partition_point(|&c| self.caches[c as usize].id.as_deref() < Some(id));
        self.by_id[start..]
            .iter()
            .copied()
            .take_while(move |&c| self.caches[c as usize].id.as_deref() == Some(id))
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

/// A warning at each cache whose id an earlier cache of the list already has.
fn duplicate_ids(caches: &[ImageCache], by_id: &[u32], diags: &mut Vec<Diagnostic>) {
    let mut repeated: Vec<u32> = by_id
        .windows(2)
        .filter(|w| caches[w[0] as usize].id == caches[w[1] as usize].id)
        .map(|w| w[1])
        .collect();
    repeated.sort_unstable();
    for c in repeated {
        let cache = &caches[c as usize];
        let id = cache.id.as_deref().unwrap_or_default();
        diags.push(Diagnostic::new(
            Code::DuplicateCacheId,
            Pointer::from_static(&cache.path)
                .key("status")
                .key("imageCacheId"),
            format!("another cache in the list also has the id {id}"),
        ));
    }
}
