//! ImageCache objects: read from the cluster's list, and checked against SPEC section 1.

use std::collections::HashMap;

use serde_json::{Map, Value};

use super::diagnostic::{Code, Diagnostic, Severity};
use super::limits::MAX_CACHE_IMAGES;
use super::pointer::Pointer;
use super::reference::{self, ImageRef, ReferenceError};
use super::settings::type_name;
use super::time::Timestamp;

pub const ARCH_ANNOTATION: &str = "k8s.aliyun.com/imc-cpu-arch";
pub const OS_ANNOTATION: &str = "k8s.aliyun.com/imc-os-type";
pub const DEFAULT_SIZE_GIB: u64 = 20;
pub const MAX_IMAGES: usize = 20;

/// What matching needs of one cache; everything else of the object is ignored.
#[derive(Debug, Clone)]
pub struct ImageCache {
    /// The cache's JSON Pointer in the input.
    pub path: String,
    pub name: Option<String>,
    pub id: Option<String>,
    pub phase: Option<String>,
    pub size_gib: u64,
    pub images: Vec<ImageRef>,
    pub expires: Option<Timestamp>,
    /// `metadata.creationTimestamp`, else `status.startTime`, and that time as written.
    pub created: Option<Timestamp>,
    pub created_text: Option<String>,
    pub deleting: bool,
    pub arch: String,
    pub os: String,
}

/// Reads one cache. `severity` is that of rule violations: warnings for a cache in the
/// cluster's list (it must not block pods), errors for an ImageCache being admitted.
/// `None` when the entry is not an ImageCache at all.
pub fn read<'a>(
    value: &'a Value,
    path: &str,
    severity: Severity,
    diags: &mut Vec<Diagnostic>,
    references: &mut References<'a>,
) -> Option<ImageCache> {
    let base = Pointer::from_static(path);
    let mut report = |code: Code, at: &Pointer, message: String| {
        diags.push(Diagnostic::new(code, at, message).with_severity(severity));
    };
    let Value::Object(object) = value else {
        report(
            Code::CacheInvalid,
            &base,
            format!(
                "a cache must be an ImageCache object, not {}",
                type_name(value)
            ),
        );
        return None;
    };
    match object.get("kind").and_then(Value::as_str) {
        None | Some("ImageCache") => {}
        Some(kind) => {
            report(
                Code::CacheInvalid,
                &base.key("kind"),
                format!("\"{kind}\" is not an ImageCache"),
            );
            return None;
        }
    }
    let empty = Map::new();
    let section = |key: &str| match object.get(key) {
        Some(Value::Object(m)) => m,
        _ => &empty,
    };
    let (metadata, spec, status) = (section("metadata"), section("spec"), section("status"));
    let text =
        |m: &Map<String, Value>, key: &str| m.get(key).and_then(Value::as_str).map(str::to_owned);

    let images = read_images(object.get("spec"), &base, &mut report, references);
    let size_gib = match spec.get("imageCacheSize") {
        None | Some(Value::Null) => DEFAULT_SIZE_GIB,
        Some(v) => {
            let size = v.as_u64();
            if !size.is_some_and(|s| (20..=32_768).contains(&s)) {
                report(
                    Code::CacheSize,
                    &base.keys(&["spec", "imageCacheSize"]),
                    format!(
                        "imageCacheSize must be a whole number of GiB from 20 to 32768, not {v}"
                    ),
                );
            }
            size.unwrap_or(DEFAULT_SIZE_GIB)
        }
    };
    if let Some(v) = spec.get("retentionDays").filter(|v| !v.is_null()) {
        if !v.as_u64().is_some_and(|d| (1..=65_536).contains(&d)) {
            report(
                Code::CacheRetention,
                &base.keys(&["spec", "retentionDays"]),
                format!("retentionDays must be a whole number from 1 to 65536, not {v}"),
            );
        }
    }
    check_pull_secrets(spec, &base, &mut report);

    let annotations = metadata
        .get("annotations")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    let mut platform = |key: &str, allowed: [&str; 2]| {
        let value = annotations
            .get(key)
            .and_then(Value::as_str)
            .unwrap_or(allowed[0]);
        if !allowed.contains(&value) {
            report(
                Code::CachePlatform,
                &base.keys(&["metadata", "annotations", key]),
                format!(
                    "{key} must be {} or {}, not \"{value}\"",
                    allowed[0], allowed[1]
                ),
            );
        }
        value.to_owned()
    };
    let arch = platform(ARCH_ANNOTATION, ["amd64", "arm64"]);
    let os = platform(OS_ANNOTATION, ["linux", "windows"]);

    let id = text(status, "imageCacheId");
    if let Some(id) = &id {
        if !is_cache_id(id) {
            report(
                Code::InvalidField,
                &base.keys(&["status", "imageCacheId"]),
                format!("\"{id}\" is not an image cache id (imc- followed by lower-case letters and digits)"),
            );
        }
    }
    let mut time = |section: &str, key: &str| -> Option<(Timestamp, &str)> {
        let m = match section {
            "status" => status,
            _ => metadata,
        };
        let value = m.get(key).filter(|v| !v.is_null())?;
        let parsed = value
            .as_str()
            .ok_or_else(|| {
                format!(
                    "{key} must be an RFC 3339 time string, not {}",
                    type_name(value)
                )
            })
            .and_then(|text| Ok((Timestamp::parse(text)?, text)));
        match parsed {
            Ok(t) => Some(t),
            Err(message) => {
                diags.push(Diagnostic::new(
                    Code::CacheTime,
                    base.keys(&[section, key]),
                    message,
                ));
                None
            }
        }
    };
    let expires = time("status", "expireDateTime").map(|(t, _)| t);
    let created = time("metadata", "creationTimestamp").or_else(|| time("status", "startTime"));
    Some(ImageCache {
        path: path.to_owned(),
        name: text(metadata, "name"),
        id,
        phase: text(status, "phase"),
        size_gib,
        images,
        expires,
        created: created.map(|(t, _)| t),
        created_text: created.map(|(_, text)| text.to_owned()),
        deleting: metadata
            .get("deletionTimestamp")
            .is_some_and(|v| !v.is_null()),
        arch,
        os,
    })
}

/// References already parsed in this evaluation, by their text: the caches of a cluster
/// are built from the same images again and again.
pub type References<'a> = HashMap<&'a str, Result<ImageRef, ReferenceError>>;

fn read_images<'a>(
    spec: Option<&'a Value>,
    base: &Pointer,
    report: &mut impl FnMut(Code, &Pointer, String),
    references: &mut References<'a>,
) -> Vec<ImageRef> {
    // Pointers are built only for problems: most caches have none, and lists are long.
    let path = || base.keys(&["spec", "images"]);
    let items = match spec.and_then(|s| s.get("images")) {
        Some(Value::Array(items)) => items,
        None | Some(Value::Null) => {
            report(
                Code::CacheImages,
                &path(),
                "spec.images is required: a cache holds 1 to 20 images".into(),
            );
            return Vec::new();
        }
        Some(other) => {
            report(
                Code::CacheImages,
                &path(),
                format!(
                    "spec.images must be a list of image references, not {}",
                    type_name(other)
                ),
            );
            return Vec::new();
        }
    };
    if items.is_empty() || items.len() > MAX_IMAGES {
        report(
            Code::CacheImages,
            &path(),
            format!(
                "a cache holds 1 to {MAX_IMAGES} images, this one lists {}{}",
                items.len(),
                if items.len() > MAX_CACHE_IMAGES {
                    format!("; only the first {MAX_CACHE_IMAGES} are read")
                } else {
                    String::new()
                }
            ),
        );
    }
    let mut images = Vec::with_capacity(items.len().min(MAX_CACHE_IMAGES));
    for (i, item) in items.iter().enumerate().take(MAX_CACHE_IMAGES) {
        let at = || path().index(i);
        let parsed = item.as_str().map(|text| {
            references
                .entry(text)
                .or_insert_with(|| reference::parse(text))
        });
        match parsed {
            Some(Ok(image)) => images.push(image.clone()),
            Some(Err(e)) => report(
                Code::InvalidImageReference,
                &at(),
                format!("\"{}\": {e}", item.as_str().unwrap_or_default()),
            ),
            None => report(
                Code::InvalidImageReference,
                &at(),
                format!("an image must be a string, not {}", type_name(item)),
            ),
        }
    }
    images
}

fn check_pull_secrets(
    spec: &Map<String, Value>,
    base: &Pointer,
    report: &mut impl FnMut(Code, &Pointer, String),
) {
    let path = || base.keys(&["spec", "imagePullSecrets"]);
    let items = match spec.get("imagePullSecrets") {
        None | Some(Value::Null) => return,
        Some(Value::Array(items)) => items,
        Some(other) => {
            report(
                Code::CachePullSecret,
                &path(),
                format!(
                    "imagePullSecrets must be a list of \"namespace:secretName\" strings, not {}",
                    type_name(other)
                ),
            );
            return;
        }
    };
    for (i, item) in items.iter().enumerate() {
        let valid = item
            .as_str()
            .and_then(|s| s.split_once(':'))
            .is_some_and(|(ns, name)| is_dns1123_label(ns) && is_dns1123_subdomain(name));
        if !valid {
            report(
                Code::CachePullSecret,
                &path().index(i),
                format!("{item} is not \"namespace:secretName\" with DNS-1123 names, such as \"default:my-registry\""),
            );
        }
    }
}

/// `imc-` followed by lower-case letters and digits.
pub fn is_cache_id(id: &str) -> bool {
    id.strip_prefix("imc-").is_some_and(|rest| {
        !rest.is_empty()
            && rest
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
    })
}

fn is_dns1123_label(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && b.len() <= 63
        && b.iter()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-')
        && b[0] != b'-'
        && b[b.len() - 1] != b'-'
}

fn is_dns1123_subdomain(s: &str) -> bool {
    s.len() <= 253 && s.split('.').all(is_dns1123_label)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;
    use serde_json::json;

    fn check(cache: Value) -> (Option<ImageCache>, Vec<Diagnostic>) {
        let mut diags = Vec::new();
        let c = read(
            &cache,
            "/imageCaches/0",
            Severity::Error,
            &mut diags,
            &mut References::new(),
        );
        (c, diags)
    }

    fn valid() -> Value {
        json!({
            "apiVersion": "eci.alibabacloud.com/v1", "kind": "ImageCache",
            "metadata": {"name": "c", "creationTimestamp": "2026-11-01T00:00:00Z",
                         "annotations": {ARCH_ANNOTATION: "arm64"}},
            "spec": {"images": ["nginx:1.25"], "imageCacheSize": 40, "retentionDays": 7,
                     "imagePullSecrets": ["default:acr-secret"]},
            "status": {"imageCacheId": "imc-abc123", "phase": "Ready",
                       "expireDateTime": "2026-12-01T00:00:00Z", "events": [{"x": 1}], "extra": {}}
        })
    }

    #[test]
    fn reads_what_matching_needs_and_ignores_the_rest() {
        let (c, d) = check(valid());
        assert!(d.is_empty(), "{d:?}");
        let c = c.unwrap();
        assert_eq!(c.name.as_deref(), Some("c"));
        assert_eq!(c.id.as_deref(), Some("imc-abc123"));
        assert_eq!(c.phase.as_deref(), Some("Ready"));
        assert_eq!(c.size_gib, 40);
        assert_eq!(c.images.len(), 1);
        assert_eq!((c.arch.as_str(), c.os.as_str()), ("arm64", "linux"));
        assert!(c.expires.is_some() && c.created.is_some() && !c.deleting);
    }

    #[test]
    fn defaults_size_and_falls_back_to_start_time() {
        let (c, _) = check(
            json!({"spec": {"images": ["a"]}, "status": {"startTime": "2026-01-01T00:00:00Z"},
                                  "metadata": {"deletionTimestamp": "2026-01-02T00:00:00Z"}}),
        );
        let c = c.unwrap();
        assert_eq!(c.size_gib, 20);
        assert_eq!(c.created.unwrap().to_string(), "2026-01-01T00:00:00Z");
        assert!(c.deleting);
    }

    #[rstest]
    #[case("/spec/images", json!([]), Code::CacheImages, "/imageCaches/0/spec/images")]
    #[case("/spec/images", json!((0..21).map(|i| format!("img{i}")).collect::<Vec<_>>()), Code::CacheImages, "/imageCaches/0/spec/images")]
    #[case("/spec/images", json!("nginx"), Code::CacheImages, "/imageCaches/0/spec/images")]
    #[case("/spec/images", json!(["nginx", "Nginx"]), Code::InvalidImageReference, "/imageCaches/0/spec/images/1")]
    #[case("/spec/images", json!([3]), Code::InvalidImageReference, "/imageCaches/0/spec/images/0")]
    #[case("/spec/imageCacheSize", json!(19), Code::CacheSize, "/imageCaches/0/spec/imageCacheSize")]
    #[case("/spec/imageCacheSize", json!(32769), Code::CacheSize, "/imageCaches/0/spec/imageCacheSize")]
    #[case("/spec/imageCacheSize", json!("40"), Code::CacheSize, "/imageCaches/0/spec/imageCacheSize")]
    #[case("/spec/retentionDays", json!(0), Code::CacheRetention, "/imageCaches/0/spec/retentionDays")]
    #[case("/spec/retentionDays", json!(65537), Code::CacheRetention, "/imageCaches/0/spec/retentionDays")]
    #[case("/spec/imagePullSecrets", json!(["acr-secret"]), Code::CachePullSecret, "/imageCaches/0/spec/imagePullSecrets/0")]
    #[case("/spec/imagePullSecrets", json!(["Default:acr"]), Code::CachePullSecret, "/imageCaches/0/spec/imagePullSecrets/0")]
    #[case("/spec/imagePullSecrets", json!(["default:-acr"]), Code::CachePullSecret, "/imageCaches/0/spec/imagePullSecrets/0")]
    #[case("/spec/imagePullSecrets", json!("default:acr"), Code::CachePullSecret, "/imageCaches/0/spec/imagePullSecrets")]
    #[case("/metadata/annotations", json!({ARCH_ANNOTATION: "x86"}), Code::CachePlatform, "/imageCaches/0/metadata/annotations/k8s.aliyun.com~1imc-cpu-arch")]
    #[case("/metadata/annotations", json!({OS_ANNOTATION: "Linux"}), Code::CachePlatform, "/imageCaches/0/metadata/annotations/k8s.aliyun.com~1imc-os-type")]
    #[case("/status/imageCacheId", json!("IMC-1"), Code::InvalidField, "/imageCaches/0/status/imageCacheId")]
    #[case("/status/expireDateTime", json!("tomorrow"), Code::CacheTime, "/imageCaches/0/status/expireDateTime")]
    #[case("/metadata/creationTimestamp", json!(12), Code::CacheTime, "/imageCaches/0/metadata/creationTimestamp")]
    fn every_rule_of_the_table_is_checked(
        #[case] field: &str,
        #[case] value: Value,
        #[case] code: Code,
        #[case] path: &str,
    ) {
        let mut cache = valid();
        *cache.pointer_mut(field).unwrap() = value;
        let (c, d) = check(cache);
        assert!(
            c.is_some(),
            "a broken cache is still read, so it can be shown"
        );
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!((d[0].code, d[0].path.as_str()), (code, path));
    }

    #[test]
    fn images_past_the_read_limit_are_said_to_be_left_out() {
        let images = |n: usize| json!({"spec": {"images": (0..n).map(|i| format!("img{i}")).collect::<Vec<_>>()}});
        let (c, d) = check(images(MAX_CACHE_IMAGES));
        assert_eq!(c.unwrap().images.len(), MAX_CACHE_IMAGES);
        assert!(!d[0].message.contains("only the first"));
        let (c, d) = check(images(MAX_CACHE_IMAGES + 1));
        assert_eq!(c.unwrap().images.len(), MAX_CACHE_IMAGES);
        assert_eq!(d.len(), 1);
        assert!(
            d[0].message
                .ends_with("lists 101; only the first 100 are read"),
            "{}",
            d[0].message
        );
    }

    #[test]
    fn rule_violations_take_the_callers_severity() {
        let mut diags = Vec::new();
        read(
            &json!({"spec": {"images": []}}),
            "/imageCaches/3",
            Severity::Warning,
            &mut diags,
            &mut References::new(),
        );
        assert_eq!(diags[0].severity, Severity::Warning);
        assert_eq!(diags[0].path, "/imageCaches/3/spec/images");
    }

    #[test]
    fn entries_that_are_not_caches_are_left_out() {
        let (c, d) = check(json!({"kind": "ConfigMap"}));
        assert!(c.is_none());
        assert_eq!(
            (d[0].code, d[0].path.as_str()),
            (Code::CacheInvalid, "/imageCaches/0/kind")
        );
        let (c, d) = check(json!("imc-1"));
        assert!(c.is_none());
        assert_eq!(d[0].path, "/imageCaches/0");
    }

    #[rstest]
    #[case("imc-2ze5tm5gehgtiiga0001", true)]
    #[case("imc-", false)]
    #[case("imc-ABC", false)]
    #[case("imc-2ze5tm5gehgtiiga****", false)]
    #[case("snapshot-1", false)]
    fn cache_ids(#[case] id: &str, #[case] ok: bool) {
        assert_eq!(is_cache_id(id), ok);
    }
}
