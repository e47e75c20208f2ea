//! The fields of an ImageCache the rules read (SPEC section 1; `image_cache/raw.rs` reads
//! them), each with what it means for matching. Only the generated vocabulary reads this
//! table; a test below keeps its examples readable by the cache reader.

/// One field of an ImageCache.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Field {
    /// From the object's root, dot-separated: `spec.imageCacheSize`.
    pub path: &'static str,
    /// What it means, in one sentence.
    pub description: &'static str,
    /// What the rules accept, in a few words.
    pub rule: &'static str,
    /// A value, as JSON (which YAML reads the same).
    pub example: &'static str,
    /// The values it takes, when there are only a few.
    pub choices: &'static [&'static str],
}

const fn field(
    path: &'static str,
    description: &'static str,
    rule: &'static str,
    example: &'static str,
) -> Field {
    Field {
        path,
        description,
        rule,
        example,
        choices: &[],
    }
}

/// The phases of a cache seen in clusters; only `Ready` is usable.
pub const PHASES: &[&str] = &[
    "Ready",
    "Pending",
    "Preparing",
    "Creating",
    "Updating",
    "UpdateFailed",
    "Failed",
];

pub const FIELDS: &[Field] = &[
    field(
        "metadata.name",
        "The cache's name in the cluster; pods never refer to it, only to status.imageCacheId.",
        "any name",
        r#""nginx-cache""#,
    ),
    field(
        "metadata.creationTimestamp",
        "When the cache was created: of two caches otherwise equal, the newer one wins.",
        "an RFC 3339 time",
        r#""2026-01-01T00:00:00Z""#,
    ),
    field(
        "metadata.deletionTimestamp",
        "Set while the cache is being deleted: it is not eligible, and a pin to it warns.",
        "an RFC 3339 time",
        r#""2026-01-02T00:00:00Z""#,
    ),
    field(
        "spec.images",
        "The images baked into the cache; a pod's images are compared with them after normalisation.",
        "required, 1 to 20 valid image references",
        r#"["nginx:1.25", "registry.cn-hangzhou.aliyuncs.com/shop/web:2.1"]"#,
    ),
    field(
        "spec.imageCacheSize",
        "The size of the cache disk in GiB: automatic matching prefers the size closest to the pod's temporary storage that fits it.",
        "a whole number from 20 to 32768; absent means 20",
        "25",
    ),
    field(
        "spec.retentionDays",
        "Days until the cache expires.",
        "a whole number from 1 to 65536; absent means never",
        "7",
    ),
    field(
        "spec.imagePullSecrets",
        "The secrets ECI uses to pull the images when it builds the cache.",
        "strings namespace:secretName, with DNS-1123 names",
        r#"["default:registry-secret"]"#,
    ),
    field(
        "status.imageCacheId",
        "The id pods pin the cache by (k8s.aliyun.com/eci-imc-id); absent until ECI accepted the cache.",
        "imc- followed by lower-case letters and digits",
        r#""imc-2ze5tm5gehgtiiga0001""#,
    ),
    Field {
        choices: PHASES,
        ..field(
            "status.phase",
            "Where the cache is in its lifecycle: only a Ready cache can serve a pod.",
            "Ready, or another phase that makes it unusable",
            r#""Ready""#,
        )
    },
    field(
        "status.expireDateTime",
        "When the cache expires (a failed cache: 24 hours after failing); a cache past it is not eligible.",
        "an RFC 3339 time",
        r#""2026-02-01T00:00:00Z""#,
    ),
    field(
        "status.startTime",
        "When ECI started building the cache: it stands for the creation time when metadata.creationTimestamp is absent.",
        "an RFC 3339 time",
        r#""2026-01-01T00:00:00Z""#,
    ),
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::diagnostic::Severity;
    use crate::core::image_cache;
    use serde_json::{json, Map, Value};

    /// An ImageCache holding every field's example.
    fn cache_of_examples() -> Value {
        let mut cache = json!({"apiVersion": "eci.alibabacloud.com/v1", "kind": "ImageCache"});
        for f in FIELDS {
            let (section, key) = f.path.split_once('.').expect("a dotted path");
            let example: Value = serde_json::from_str(f.example).expect(f.path);
            let object = cache.as_object_mut().expect("an object");
            let section = object
                .entry(section)
                .or_insert_with(|| Value::Object(Map::new()));
            section
                .as_object_mut()
                .expect("an object")
                .insert(key.to_owned(), example);
        }
        cache
    }

    #[test]
    fn the_examples_are_read_without_a_diagnostic() {
        let mut diags = Vec::new();
        let cache = image_cache::read(&cache_of_examples(), "", Severity::Error, &mut diags)
            .expect("an ImageCache");
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(cache.name.as_deref(), Some("nginx-cache"));
        assert_eq!(cache.id.as_deref(), Some("imc-2ze5tm5gehgtiiga0001"));
        assert_eq!(cache.phase.as_deref(), Some("Ready"));
        assert_eq!((cache.size_gib, cache.images.len()), (25, 2));
        assert!(cache.expires.is_some() && cache.created.is_some() && cache.deleting);
    }

    #[test]
    fn paths_are_distinct_and_under_a_section() {
        let mut paths: Vec<_> = FIELDS.iter().map(|f| f.path).collect();
        assert!(paths.iter().all(|p| ["metadata.", "spec.", "status."]
            .iter()
            .any(|s| p.starts_with(s))));
        paths.sort_unstable();
        paths.dedup();
        assert_eq!(paths.len(), FIELDS.len());
    }
}
