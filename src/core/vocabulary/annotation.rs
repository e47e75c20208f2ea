//! The annotations of SPEC sections 1 and 2, in one table: each one's name (and the older
//! name ECI still reads), the object it goes on, what its value is, and what it does.
//!
//! The readers take the names from here (the constants of `annotations.rs` and
//! `image_cache`, [`POD_ONLY`], the near-miss suggestions); the descriptions and examples
//! are only read by the generated `npm/vocabulary.json` (see `vocabulary/mod.rs`), so that
//! no WebAssembly build carries their text.

/// The object whose own `metadata.annotations` an annotation is read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// A pod, or a workload's pod template (SPEC section 2).
    Pod,
    /// An ImageCache (SPEC section 1).
    ImageCache,
}

/// What an annotation's value is. Every value is a string in the manifest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueKind {
    /// ECI's boolean: `true`/`false` in any case, `1`/`0`, `t`/`f`.
    Boolean,
    /// An image cache id: `imc-` followed by lower-case letters and digits.
    CacheId,
    /// A whole number from 1.
    PositiveInteger,
    /// A Kubernetes quantity, counted in whole GiB (`50Gi`).
    Quantity,
    /// One of a few words; the first is the default.
    OneOf(&'static [&'static str]),
}

impl ValueKind {
    /// The values a value of this kind is chosen from, when there are only a few: what an
    /// editor offers.
    pub const fn choices(self) -> &'static [&'static str] {
        match self {
            ValueKind::Boolean => &["true", "false"],
            ValueKind::OneOf(words) => words,
            ValueKind::CacheId | ValueKind::PositiveInteger | ValueKind::Quantity => &[],
        }
    }
}

/// The values of `k8s.aliyun.com/imc-cpu-arch`, the default first.
pub const CPU_ARCHITECTURES: [&str; 2] = ["amd64", "arm64"];
/// The values of `k8s.aliyun.com/imc-os-type`, the default first.
pub const OS_TYPES: [&str; 2] = ["linux", "windows"];

macro_rules! annotations {
    ($( $variant:ident = $name:literal, older: $older:expr, on: $target:ident, value: $value:expr,
        $description:literal, examples: [$($example:literal),*]; )*) => {
        /// Every annotation the core reads.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Annotation {
            $( $variant, )*
        }

        impl Annotation {
            pub const ALL: &'static [Annotation] = &[$(Annotation::$variant),*];

            /// The current name.
            pub const fn name(self) -> &'static str {
                match self { $(Annotation::$variant => $name,)* }
            }

            /// The older name of the same annotation, which ECI still reads (the current
            /// name wins when both are written).
            pub const fn older_name(self) -> Option<&'static str> {
                match self { $(Annotation::$variant => $older,)* }
            }

            pub const fn target(self) -> Target {
                match self { $(Annotation::$variant => Target::$target,)* }
            }

            pub const fn value(self) -> ValueKind {
                match self { $(Annotation::$variant => $value,)* }
            }

            /// What it does, in one sentence.
            pub fn description(self) -> &'static str {
                match self { $(Annotation::$variant => $description,)* }
            }

            /// Values as a manifest would hold them; each one reads without a diagnostic.
            pub fn examples(self) -> &'static [&'static str] {
                match self { $(Annotation::$variant => &[$($example),*],)* }
            }
        }
    };
}

annotations! {
    AutoMatch = "k8s.aliyun.com/eci-auto-imc", older: Some("k8s.aliyun.com/eci-image-cache"),
        on: Pod, value: ValueKind::Boolean,
        "Matches an image cache to the pod automatically; when no cache holds every image of the pod, ECI creates one.",
        examples: ["true", "false"];
    Pin = "k8s.aliyun.com/eci-imc-id", older: Some("k8s.aliyun.com/eci-image-snapshot-id"),
        on: Pod, value: ValueKind::CacheId,
        "Uses the image cache with this status.imageCacheId; a pin wins over automatic matching.",
        examples: ["imc-2ze5tm5gehgtiiga0001"];
    PerfectMatch = "k8s.aliyun.com/imc-perfect-match", older: None,
        on: Pod, value: ValueKind::Boolean,
        "With automatic matching, only a cache holding every image of the pod qualifies; it wins over the match count.",
        examples: ["true", "false"];
    MatchCount = "k8s.aliyun.com/imc-match-count-request", older: None,
        on: Pod, value: ValueKind::PositiveInteger,
        "With automatic matching, only a cache holding at least this many of the pod's images qualifies.",
        examples: ["2"];
    ExtraStorage = "k8s.aliyun.com/eci-extra-ephemeral-storage", older: None,
        on: Pod, value: ValueKind::Quantity,
        "Adds to the instance's temporary storage (30 GiB), the size automatic matching fits caches to and gives a cache ECI creates.",
        examples: ["50Gi"];
    CpuArch = "k8s.aliyun.com/imc-cpu-arch", older: None,
        on: ImageCache, value: ValueKind::OneOf(&CPU_ARCHITECTURES),
        "The CPU architecture of the cache's images: it serves only pods of that architecture (nodeSelector kubernetes.io/arch).",
        examples: ["amd64", "arm64"];
    OsType = "k8s.aliyun.com/imc-os-type", older: None,
        on: ImageCache, value: ValueKind::OneOf(&OS_TYPES),
        "The operating system of the cache's images: it serves only pods of that OS (nodeSelector kubernetes.io/os).",
        examples: ["linux", "windows"];
}

/// How many names the pod annotations have, older names included.
const POD_NAMES: usize = {
    let mut count = 0;
    let mut i = 0;
    while i < Annotation::ALL.len() {
        let annotation = Annotation::ALL[i];
        if matches!(annotation.target(), Target::Pod) {
            count += 1 + annotation.older_name().is_some() as usize;
        }
        i += 1;
    }
    count
};

/// Every name of every annotation that only has an effect on a pod, current and older.
pub const POD_ONLY: &[&str] = &POD_ONLY_NAMES;

const POD_ONLY_NAMES: [&str; POD_NAMES] = {
    let mut names = [""; POD_NAMES];
    let (mut i, mut n) = (0, 0);
    while i < Annotation::ALL.len() {
        let annotation = Annotation::ALL[i];
        if matches!(annotation.target(), Target::Pod) {
            names[n] = annotation.name();
            n += 1;
            if let Some(older) = annotation.older_name() {
                names[n] = older;
                n += 1;
            }
        }
        i += 1;
    }
    names
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_pod_name_once() {
        let mut names = POD_ONLY.to_vec();
        assert!(names.iter().all(|n| n.starts_with("k8s.aliyun.com/")));
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), POD_ONLY.len(), "a name is listed twice");
        assert_eq!(POD_ONLY.len(), 7);
        assert!(!POD_ONLY.contains(&Annotation::CpuArch.name()));
    }

    /// The cache reader accepts exactly the values of the platform annotations, the first
    /// one when the annotation is absent.
    #[test]
    fn the_cache_reader_takes_the_platform_values() {
        use crate::core::diagnostic::{Code, Severity};
        use crate::core::image_cache;
        use serde_json::json;
        let read = |annotations: serde_json::Value| {
            let cache = json!({"kind": "ImageCache", "metadata": {"annotations": annotations},
                "spec": {"images": ["nginx"]}});
            let mut diags = Vec::new();
            let read = image_cache::read(&cache, "", Severity::Error, &mut diags).expect("a cache");
            (read, diags)
        };
        for (annotation, words) in [
            (Annotation::CpuArch, &CPU_ARCHITECTURES),
            (Annotation::OsType, &OS_TYPES),
        ] {
            assert_eq!(annotation.value(), ValueKind::OneOf(words));
            let (cache, diags) = read(json!({}));
            assert!(diags.is_empty());
            let platform = |c: &image_cache::ImageCache| match annotation {
                Annotation::CpuArch => c.arch.to_string(),
                _ => c.os.to_string(),
            };
            assert_eq!(platform(&cache), words[0], "the default");
            for &word in words {
                let (cache, diags) = read(json!({annotation.name(): word}));
                assert!(diags.is_empty(), "{word}: {diags:?}");
                assert_eq!(platform(&cache), word);
            }
            let (_, diags) = read(json!({annotation.name(): "other"}));
            assert_eq!(diags.len(), 1);
            assert_eq!(diags[0].code, Code::CachePlatform);
            assert!(diags[0].message.contains(&words.join(" or ")));
        }
    }

    #[test]
    fn examples_of_a_closed_kind_are_its_choices() {
        for annotation in Annotation::ALL {
            let choices = annotation.value().choices();
            assert!(!annotation.examples().is_empty(), "{annotation:?}");
            if !choices.is_empty() {
                assert!(
                    annotation.examples().iter().all(|e| choices.contains(e)),
                    "{annotation:?}"
                );
            }
        }
    }
}
