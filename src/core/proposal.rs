//! The ImageCache a report proposes (SPEC section 7, `proposedImageCache`): what a user could
//! apply so that ECI need not create one on the fly. Kept as its parts and written as the
//! manifest: built as a JSON tree, it cost a sixth of a pod's allocations.

use std::sync::Arc;

use serde::ser::{Serialize, SerializeStruct, Serializer};

use super::image_cache::{API_VERSION, ARCH_ANNOTATION, MAX_SIZE_GIB, MIN_SIZE_GIB, OS_ANNOTATION};
use super::vocabulary::annotation::{CPU_ARCHITECTURES, OS_TYPES};

/// An ImageCache manifest, kept as the parts that vary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProposedImageCache {
    /// `metadata.name`.
    pub name: String,
    /// The pod's architecture and operating system, written as the cache's annotations;
    /// `None` for amd64 and linux, the defaults.
    pub platform: Option<Platform>,
    /// `spec.images`: the pod's distinct images, normalised.
    pub images: Arc<[Arc<str>]>,
    /// `spec.imageCacheSize`.
    pub size_gib: u64,
}

/// Where the pod runs, as the cache's annotations name it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Platform {
    pub arch: String,
    pub os: String,
}

impl ProposedImageCache {
    /// The cache for a workload named `workload_name` (a pod without one is `pod`) that
    /// runs on `arch` and `os`, its size the pod's temporary storage within what ECI accepts.
    pub fn new(
        workload_name: Option<&str>,
        arch: &str,
        os: &str,
        images: Arc<[Arc<str>]>,
        temporary_storage_gib: u64,
    ) -> Self {
        let platform = (arch != CPU_ARCHITECTURES[0] || os != OS_TYPES[0]).then(|| Platform {
            arch: arch.to_owned(),
            os: os.to_owned(),
        });
        ProposedImageCache {
            name: cache_name(workload_name.unwrap_or("pod")),
            platform,
            images,
            size_gib: temporary_storage_gib.clamp(MIN_SIZE_GIB, MAX_SIZE_GIB),
        }
    }
}

/// `base` as an object name (lower-case letters, digits and dashes, at most 200 of them
/// before the suffix), with `-cache` added.
fn cache_name(base: &str) -> String {
    const SUFFIX: &str = "-cache";
    let mut name = String::with_capacity(base.len().min(200) + SUFFIX.len());
    name.extend(base.chars().take(200).map(|c| {
        if c.is_ascii_alphanumeric() {
            c.to_ascii_lowercase()
        } else {
            '-'
        }
    }));
    name.truncate(name.trim_end_matches('-').len());
    name.drain(..name.len() - name.trim_start_matches('-').len());
    // A name of dashes only leaves `cache`.
    name.push_str(if name.is_empty() { "cache" } else { SUFFIX });
    name
}

/// The manifest, its keys in the order `serde_json`'s maps write them (sorted), as the
/// report has always written it.
impl Serialize for ProposedImageCache {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut manifest = serializer.serialize_struct("ImageCache", 4)?;
        manifest.serialize_field("apiVersion", API_VERSION)?;
        manifest.serialize_field("kind", "ImageCache")?;
        manifest.serialize_field("metadata", &Metadata(self))?;
        manifest.serialize_field("spec", &Spec(self))?;
        manifest.end()
    }
}

struct Metadata<'a>(&'a ProposedImageCache);

impl Serialize for Metadata<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let cache = self.0;
        let fields = 1 + usize::from(cache.platform.is_some());
        let mut metadata = serializer.serialize_struct("Metadata", fields)?;
        if let Some(platform) = &cache.platform {
            metadata.serialize_field("annotations", platform)?;
        }
        metadata.serialize_field("name", &cache.name)?;
        metadata.end()
    }
}

impl Serialize for Platform {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut annotations = serializer.serialize_struct("Annotations", 2)?;
        // `…/imc-cpu-arch` sorts before `…/imc-os-type`.
        annotations.serialize_field(ARCH_ANNOTATION, &self.arch)?;
        annotations.serialize_field(OS_ANNOTATION, &self.os)?;
        annotations.end()
    }
}

struct Spec<'a>(&'a ProposedImageCache);

impl Serialize for Spec<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut spec = serializer.serialize_struct("Spec", 2)?;
        spec.serialize_field("imageCacheSize", &self.0.size_gib)?;
        spec.serialize_field("images", &self.0.images)?;
        spec.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;
    use serde_json::json;

    fn images(names: &[&str]) -> Arc<[Arc<str>]> {
        names.iter().map(|&n| Arc::from(n)).collect()
    }

    #[rstest]
    #[case(Some("web"), "web-cache")]
    #[case(None, "pod-cache")]
    #[case(Some("Web_Front.v2"), "web-front-v2-cache")]
    #[case(Some("--edge--"), "edge-cache")]
    #[case(Some("_"), "cache")]
    #[case(Some("café-über"), "caf---ber-cache")]
    #[case(Some("日本"), "cache")]
    fn the_name_is_an_object_name(#[case] workload: Option<&str>, #[case] want: &str) {
        let cache = ProposedImageCache::new(workload, "amd64", "linux", images(&[]), 0);
        assert_eq!(cache.name, want);
    }

    #[test]
    fn a_long_name_is_cut_before_the_suffix() {
        let cache =
            ProposedImageCache::new(Some(&"a".repeat(300)), "amd64", "linux", images(&[]), 0);
        assert_eq!(cache.name, format!("{}-cache", "a".repeat(200)));
    }

    #[rstest]
    #[case(0, 20)]
    #[case(30, 30)]
    #[case(40_000, 32_768)]
    fn the_size_is_the_temporary_storage_within_what_eci_accepts(
        #[case] storage: u64,
        #[case] want: u64,
    ) {
        let cache = ProposedImageCache::new(None, "amd64", "linux", images(&[]), storage);
        assert_eq!(cache.size_gib, want);
    }

    /// The JSON is the manifest as a JSON tree of it writes, keys sorted, with the platform's
    /// annotations only off amd64 Linux, through `serde_json` and the report's own writer alike.
    #[rstest]
    #[case("amd64", "linux", false)]
    #[case("arm64", "linux", true)]
    #[case("amd64", "windows", true)]
    fn it_is_written_as_the_manifest(
        #[case] arch: &str,
        #[case] os: &str,
        #[case] annotated: bool,
    ) {
        let names = ["docker.io/library/nginx:1.25", "docker.io/library/redis:7"];
        let cache = ProposedImageCache::new(Some("web"), arch, os, images(&names), 30);
        let mut metadata = json!({ "name": "web-cache" });
        if annotated {
            metadata["annotations"] = json!({ ARCH_ANNOTATION: arch, OS_ANNOTATION: os });
        }
        let tree = json!({
            "apiVersion": API_VERSION,
            "kind": "ImageCache",
            "metadata": metadata,
            "spec": { "images": names, "imageCacheSize": 30 },
        });
        let want = serde_json::to_string(&tree).unwrap();
        assert_eq!(serde_json::to_string(&cache).unwrap(), want);
        let written = crate::core::json_writer::to_string_sized(&cache, 0).unwrap();
        assert_eq!(written, want);
    }
}
