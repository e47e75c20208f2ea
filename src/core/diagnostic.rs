//! Diagnostics: what the evaluation has to say about the input, each with a stable code.
//!
//! The catalogue below is the single source of `docs/diagnostics.md`: a test renders it
//! and fails when the file differs, so the documentation cannot drift from the code.

use serde::Serialize;

use super::patch::PatchOperation;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[cfg_attr(feature = "npm", derive(tsify::Tsify))]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

/// One finding, placed by a JSON Pointer into the input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "npm", derive(tsify::Tsify))]
pub struct Diagnostic {
    pub code: Code,
    pub severity: Severity,
    pub path: String,
    pub message: String,
    /// The mechanical fix, when there is one: absent from the JSON otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "npm", tsify(optional))]
    pub fix: Option<Fix>,
}

/// A fix as data: JSON Patch (RFC 6902) operations against the input object, which remove
/// the diagnostic once applied.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "npm", derive(tsify::Tsify))]
pub struct Fix {
    pub title: String,
    pub patch: Vec<PatchOperation>,
}

macro_rules! codes {
    ($( $variant:ident = $code:literal, $severity:ident, $title:literal, example: $example:literal, fix: $fix:literal; )*) => {
        /// Every diagnostic code. A code is stable once released.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
        #[cfg_attr(feature = "npm", derive(tsify::Tsify))]
        pub enum Code {
            $( #[serde(rename = $code)] $variant, )*
        }

        impl Code {
            pub const ALL: &'static [Code] = &[$(Code::$variant),*];

            pub fn as_str(self) -> &'static str {
                match self { $(Code::$variant => $code,)* }
            }

            /// The usual severity. A match of its own: taking it from `entry` links every
            /// title, example and fix text into the builds that only report (npm, policy).
            pub fn severity(self) -> Severity {
                match self { $(Code::$variant => Severity::$severity,)* }
            }

            /// The catalogue entry: usual severity, title, an example that raises it, and the fix.
            pub fn entry(self) -> Entry {
                match self {
                    $(Code::$variant => Entry {
                        severity: Severity::$severity,
                        title: $title,
                        example: $example,
                        fix: $fix,
                    },)*
                }
            }
        }
    };
}

impl Code {
    /// What the fix this code carries does, for the codes that carry one in the report
    /// (when the case allows a mechanical fix).
    pub fn automatic_fix(self) -> Option<&'static str> {
        Some(match self {
            Code::UnsupportedKind => "the kind a few edits away (`Deploymnet` → `Deployment`)",
            Code::InvalidBoolean => "`yes`/`on` → `\"true\"`, `no`/`off` → `\"false\"`",
            Code::InvalidPin | Code::MaskedPin | Code::PinNotFound => {
                "the id of the cache meant: a few edits away, the cache of that name, or the id the unmasked part begins"
            }
            Code::ConflictingAnnotations => "removes the older name, whose value has no effect",
            Code::PinAndAuto => "removes the automatic-matching annotation, which has no effect",
            Code::MisplacedAnnotations => "moves the annotations into the pod template",
            Code::MatchCountIgnored => "removes the match count, which has no effect",
            Code::InvalidQuantity => "the same number in Gi (`50GB` → `50Gi`) when the text is a near miss",
            Code::PullPolicyAlways => "sets imagePullPolicy: IfNotPresent",
            Code::UnknownAnnotation => "renames the annotation",
            Code::QuantityWithoutUnit => "adds Gi",
            Code::UnknownApiVersion => "writes eci.alibabacloud.com/v1 (on the ImageCache being evaluated)",
            _ => return None,
        })
    }
}

pub struct Entry {
    pub severity: Severity,
    pub title: &'static str,
    pub example: &'static str,
    pub fix: &'static str,
}

codes! {
    UnsupportedKind = "unsupported-kind", Error,
        "The object is not a Pod, a workload with a pod template, or an ImageCache.",
        example: "kind: Service",
        fix: "Evaluate a Pod, Deployment, ReplicaSet, StatefulSet, DaemonSet, ReplicationController, Job, CronJob or ImageCache.";
    InvalidField = "invalid-field", Error,
        "A field the evaluation needs has the wrong type or is missing.",
        example: "spec:\n  containers: nginx",
        fix: "Give the field the type Kubernetes expects (here: a list of containers).";
    InvalidImageReference = "invalid-image-reference", Error,
        "An image reference does not follow Docker's reference grammar.",
        example: "image: Nginx:1.25",
        fix: "Write the repository path in lower case, with a valid tag or digest (nginx:1.25).";
    InvalidBoolean = "invalid-boolean", Error,
        "A boolean annotation holds something other than true/false, 1/0 or t/f; ECI would read it as false and silently turn caching off.",
        example: "k8s.aliyun.com/eci-auto-imc: \"yes\"",
        fix: "Write \"true\" or \"false\".";
    InvalidPin = "invalid-pin", Error,
        "A pin annotation is not `imc-` followed by lower-case letters and digits.",
        example: "k8s.aliyun.com/eci-imc-id: imc_2ze5tm5gehgtiiga0001",
        fix: "Copy the id from the cache's `status.imageCacheId` (kubectl get imagecache -o wide).";
    MaskedPin = "masked-pin", Error,
        "A pin holds asterisks: it was copied from documentation, where they mask a real id.",
        example: "k8s.aliyun.com/eci-image-snapshot-id: imc-2ze5tm5gehgtiiga****",
        fix: "Replace it with the id of one of your caches (status.imageCacheId).";
    PinNotFound = "pin-not-found", Error,
        "No ImageCache has the pinned id; ECI fails the pod after admission.",
        example: "k8s.aliyun.com/eci-imc-id: imc-doesnotexist",
        fix: "Pin the status.imageCacheId of an existing cache, or use k8s.aliyun.com/eci-auto-imc: \"true\".";
    PinNotReady = "pin-not-ready", Error,
        "The pinned cache is not Ready; ECI fails the pod after admission.",
        example: "pinning a cache whose status.phase is Creating",
        fix: "Wait until the cache is Ready, or match a cache automatically.";
    PinExpired = "pin-expired", Error,
        "The pinned cache is past its status.expireDateTime.",
        example: "pinning a cache whose expireDateTime is yesterday",
        fix: "Recreate the cache or pin another one.";
    PinDeleting = "pin-deleting", Warning,
        "The pinned cache is being deleted; pods created after it is gone will fail.",
        example: "pinning a cache with metadata.deletionTimestamp set",
        fix: "Pin another cache, or match one automatically.";
    PinMissingImages = "pin-missing-images", Warning,
        "The pinned cache lacks some of the pod's images; those are pulled normally.",
        example: "a pod with nginx and redis pinned to a cache holding only nginx",
        fix: "Add the images to the cache, or accept the slower start of those containers.";
    PinAndAuto = "pin-and-auto", Info,
        "Both a pin and automatic matching are set; the pin wins.",
        example: "k8s.aliyun.com/eci-imc-id and k8s.aliyun.com/eci-auto-imc: \"true\" together",
        fix: "Remove the one you do not mean.";
    ConflictingAnnotations = "conflicting-annotations", Warning,
        "The current and the older name of the same annotation hold different values; the current name wins.",
        example: "k8s.aliyun.com/eci-imc-id: imc-a and k8s.aliyun.com/eci-image-snapshot-id: imc-b",
        fix: "Keep one of the two names.";
    MisplacedAnnotations = "misplaced-annotations", Warning,
        "Cache annotations on a workload's own metadata have no effect: ECI reads the pod's.",
        example: "metadata.annotations of a Deployment holding k8s.aliyun.com/eci-auto-imc",
        fix: "Move them to the pod template's metadata.annotations.";
    MatchOptionsWithoutAuto = "match-options-without-auto", Warning,
        "Perfect match or a match count is set but automatic matching is not on; they do nothing.",
        example: "k8s.aliyun.com/imc-perfect-match: \"true\" alone",
        fix: "Add k8s.aliyun.com/eci-auto-imc: \"true\", or remove them.";
    MatchCountIgnored = "match-count-ignored", Info,
        "Perfect match is on, so the match count request is ignored.",
        example: "imc-perfect-match: \"true\" with imc-match-count-request: \"2\"",
        fix: "Remove one of them.";
    InvalidMatchCount = "invalid-match-count", Error,
        "The match count request is not a positive integer.",
        example: "k8s.aliyun.com/imc-match-count-request: \"two\"",
        fix: "Write a whole number from 1 up to the pod's number of images.";
    UnreachableMatchCount = "unreachable-match-count", Warning,
        "The match count request is larger than the pod's number of images: no cache can ever meet it.",
        example: "imc-match-count-request: \"3\" on a pod with 2 images",
        fix: "Lower it to at most the pod's number of images, or use perfect match.";
    InvalidQuantity = "invalid-quantity", Error,
        "The extra ephemeral storage is not a Kubernetes quantity.",
        example: "k8s.aliyun.com/eci-extra-ephemeral-storage: \"50GB\"",
        fix: "Write a quantity such as 50Gi.";
    PullPolicyAlways = "pull-policy-always", Warning,
        "A container served by the cache pulls with imagePullPolicy Always, so it downloads its layers again.",
        example: "imagePullPolicy: Always, or no policy with tag latest",
        fix: "Set imagePullPolicy: IfNotPresent.";
    LatestTagCached = "latest-tag-cached", Warning,
        "An image is matched from the cache through tag latest; the cache may hold an older image than the registry.",
        example: "image: busybox (tag latest) served by a cache",
        fix: "Use a fixed tag or a digest.";
    NoCacheRequested = "no-cache-requested", Info,
        "The pod asks for no image cache.",
        example: "a pod without cache annotations",
        fix: "Add k8s.aliyun.com/eci-auto-imc: \"true\", or pin a cache with k8s.aliyun.com/eci-imc-id.";
    WillCreateCache = "will-create-cache", Info,
        "No cache qualifies: ECI creates one with the pod's images, and the pod pulls them normally this time.",
        example: "automatic matching with no cache holding the pod's images",
        fix: "Create the proposed ImageCache ahead of time so the first pod starts fast too.";
    PartialMatch = "partial-match", Info,
        "The best cache lacks some of the pod's images: it is used, and ECI also creates a cache holding all of them.",
        example: "a pod with nginx and redis, the best cache holding only nginx",
        fix: "Create the proposed ImageCache, or accept the slower start of the missing images.";
    ExpiryUnchecked = "expiry-unchecked", Info,
        "No time was given, so no cache was checked for expiry.",
        example: "an input without `now`, with caches that have status.expireDateTime",
        fix: "Pass `now` as an RFC 3339 time.";
    CacheInvalid = "cache-invalid", Warning,
        "An entry of the cache list is not a readable ImageCache; it is left out of matching.",
        example: "an item of kind ConfigMap in the list",
        fix: "Pass the output of kubectl get imagecache -o yaml.";
    CacheImages = "cache-images", Error,
        "An ImageCache must hold 1 to 20 images.",
        example: "spec.images with 21 entries",
        fix: "Split the images over several caches.";
    CacheSize = "cache-size", Error,
        "spec.imageCacheSize must be a whole number of GiB from 20 to 32768.",
        example: "imageCacheSize: 10",
        fix: "Use a size from 20 to 32768.";
    CacheRetention = "cache-retention", Error,
        "spec.retentionDays must be a whole number from 1 to 65536.",
        example: "retentionDays: 0",
        fix: "Use 1 to 65536 days, or leave it out so the cache never expires.";
    CachePullSecret = "cache-pull-secret", Error,
        "An entry of spec.imagePullSecrets is not namespace:secretName with DNS-1123 names.",
        example: "imagePullSecrets: [\"my-secret\"]",
        fix: "Write it as default:my-secret.";
    CachePlatform = "cache-platform", Error,
        "The cache's CPU architecture or OS annotation holds an unknown value.",
        example: "k8s.aliyun.com/imc-cpu-arch: x86",
        fix: "Use amd64 or arm64 for the architecture, linux or windows for the OS.";
    CacheTime = "cache-time", Warning,
        "A time in the cache is not RFC 3339; it is ignored.",
        example: "status.expireDateTime: tomorrow",
        fix: "Pass the objects as the API server returns them.";
    DuplicateCacheId = "duplicate-cache-id", Warning,
        "Two caches report the same status.imageCacheId.",
        example: "two list items with imageCacheId imc-a",
        fix: "Check that the list comes from one cluster.";
    UnknownAnnotation = "unknown-annotation", Warning,
        "An annotation name is a near miss of a cache annotation; ECI ignores it.",
        example: "k8s.aliyun.com/eci-image-cahce: \"true\"",
        fix: "Rename it to the cache annotation it resembles (here k8s.aliyun.com/eci-image-cache).";
    QuantityWithoutUnit = "quantity-without-unit", Warning,
        "The extra ephemeral storage is a bare number, which Kubernetes reads as bytes; it only makes sense in GiB.",
        example: "k8s.aliyun.com/eci-extra-ephemeral-storage: \"20\"",
        fix: "Write the unit: 20Gi.";
    UnknownApiVersion = "unknown-api-version", Warning,
        "An ImageCache gives an apiVersion other than eci.alibabacloud.com/v1; the cluster does not serve it.",
        example: "apiVersion: eci.aliyun.com/v1",
        fix: "Write apiVersion: eci.alibabacloud.com/v1.";
}

impl Diagnostic {
    pub fn new(code: Code, path: impl ToString, message: impl Into<String>) -> Self {
        Diagnostic {
            code,
            severity: code.severity(),
            path: path.to_string(),
            message: message.into(),
            fix: None,
        }
    }

    pub fn with_fix(mut self, title: impl Into<String>, patch: Vec<PatchOperation>) -> Self {
        self.fix = Some(Fix {
            title: title.into(),
            patch,
        });
        self
    }

    pub fn with_severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }
}

/// Renders the catalogue as Markdown: the content of `docs/diagnostics.md`.
pub fn catalogue_markdown() -> String {
    let mut out = String::from(
        "# Diagnostic codes\n\n\
         Generated from `src/core/diagnostic.rs` by `make docs`; a test fails when this file \
         and the code differ. A code is stable once released.\n\n\
         Severities: `error` makes the policy reject, `warning` is returned as an admission \
         warning, `info` only explains. Problems inside the cluster's cache list never reject \
         a pod: they are reported as warnings there, and as errors when the ImageCache itself \
         is being admitted.\n",
    );
    out.push_str(
        "\nA diagnostic whose code has an **Automatic fix** line carries `fix: { title, patch }` \
         in the report when its case allows one: JSON Patch (RFC 6902) operations against the \
         input object. Applying every fix offered and evaluating again never gives those \
         diagnostics back.\n",
    );
    for code in Code::ALL {
        let e = code.entry();
        let severity = match e.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        };
        out.push_str(&format!(
            "\n## `{}`\n\n{} (usually {severity})\n\nExample:\n\n```yaml\n{}\n```\n\nFix: {}\n",
            code.as_str(),
            e.title,
            e.example,
            e.fix
        ));
        if let Some(fix) = code.automatic_fix() {
            out.push_str(&format!("\nAutomatic fix: {fix}.\n"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serialised_code_is_the_catalogue_code() {
        for code in Code::ALL {
            assert_eq!(
                serde_json::to_value(code).unwrap(),
                serde_json::Value::from(code.as_str())
            );
        }
    }

    #[test]
    fn docs_match_the_catalogue() {
        crate::core::assert_generated("docs/diagnostics.md", &catalogue_markdown());
    }
}
