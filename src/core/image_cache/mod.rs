//! ImageCache objects: read from the cluster's list, and checked against SPEC section 1.

mod images;
pub mod raw;

use std::borrow::Cow;
use std::ops::Range;

use serde::de::DeserializeSeed;
use serde_json::Value;

use super::diagnostic::{Code, Diagnostic, Severity};
use super::json::Depth;
use super::limits::MAX_CACHE_IMAGES;
use super::patch::PatchOperation;
use super::pointer::Pointer;
use super::suggest;
use super::text::Text;
use super::time::Timestamp;
use super::vocabulary::annotation::{Annotation, CPU_ARCHITECTURES, OS_TYPES};
use images::read_images;
pub use images::{held, References};
use raw::{Entry, EntrySeed, Field, Listing, RawCache, Spare};

pub const API_VERSION: &str = "eci.alibabacloud.com/v1";
pub const ARCH_ANNOTATION: &str = Annotation::CpuArch.name();
pub const OS_ANNOTATION: &str = Annotation::OsType.name();
pub const DEFAULT_SIZE_GIB: u64 = 20;
/// The sizes ECI accepts for `imageCacheSize`, in GiB.
pub const MIN_SIZE_GIB: u64 = 20;
pub const MAX_SIZE_GIB: u64 = 32_768;
pub const MAX_IMAGES: usize = 20;

/// What matching needs of one cache; everything else of the object is ignored.
#[derive(Debug, Clone, PartialEq)]
pub struct ImageCache {
    /// The cache's JSON Pointer in the input.
    pub path: Text,
    pub name: Option<Text>,
    pub id: Option<Text>,
    pub phase: Option<Text>,
    pub size_gib: u64,
    /// The images it holds: a range of the ids of the [`References`] it was read with,
    /// in their `held` list (one for a whole list of caches, not one for each cache).
    pub images: Range<u32>,
    pub expires: Option<Timestamp>,
    /// `metadata.creationTimestamp`, else `status.startTime`, and that time as written.
    pub created: Option<Timestamp>,
    pub created_text: Option<Text>,
    pub deleting: bool,
    pub arch: Cow<'static, str>,
    pub os: Cow<'static, str>,
}

/// Reads one cache given as a `Value`. `severity` is that of rule violations: warnings for
/// a cache in the cluster's list (it must not block pods), errors for an ImageCache being
/// admitted. `None` when the entry is not an ImageCache at all.
pub fn read(
    value: &Value,
    path: &str,
    severity: Severity,
    diags: &mut Vec<Diagnostic>,
) -> Option<ImageCache> {
    let seed = EntrySeed {
        depth: Depth::VALUE,
        max_images: MAX_CACHE_IMAGES,
    };
    // Through its JSON text, so that one instance of the reader serves every input (the
    // WebAssembly builds carry it once). Written by serde_json, the text reads back, unless
    // it nests deeper than serde_json reads (128 levels; bytes are refused past 100).
    let text = serde_json::to_vec(value).unwrap_or_default();
    match seed.deserialize(&mut serde_json::Deserializer::from_slice(&text)) {
        Ok(mut entry) => check(
            &mut entry,
            Text::from(path),
            severity,
            diags,
            &mut References::new(),
            &mut Spare::default(),
        ),
        Err(e) => {
            let message = format!("the ImageCache cannot be read: {e}");
            diags.push(Diagnostic::new(Code::CacheInvalid, path, message).with_severity(severity));
            None
        }
    }
}

/// Checks one entry of a cache list against the rules, reporting at `path` with
/// `severity`; `None` when it is not an ImageCache at all. The cache keeps `path`; the
/// vectors of its listings go to `spare`. The entry is read where it is: moved, its
/// parts would be copied, and in WebAssembly each copy is a call into the host.
pub fn check<'de>(
    entry: &mut Entry<'de>,
    path: Text,
    severity: Severity,
    diags: &mut Vec<Diagnostic>,
    references: &mut References<'de>,
    spare: &mut Spare<'de>,
) -> Option<ImageCache> {
    let at = |keys: &[&str]| Pointer::at(&path, keys);
    let mut report = |code: Code, at: &Pointer, message: String| {
        diags.push(Diagnostic::new(code, at, message).with_severity(severity));
    };
    let cache = match entry {
        Entry::Cache(cache) => cache,
        &mut Entry::NotObject(found) => {
            report(
                Code::CacheInvalid,
                &at(&[]),
                format!("a cache must be an ImageCache object, not {found}"),
            );
            return None;
        }
    };
    match cache.kind.as_ref().and_then(Field::as_str) {
        None | Some("ImageCache") => {}
        Some(kind) => {
            let hint = if kind.eq_ignore_ascii_case("ImageCache")
                || suggest::distance(kind, "ImageCache", 2).is_some()
            {
                ": did you mean ImageCache?"
            } else {
                ""
            };
            report(
                Code::CacheInvalid,
                &at(&["kind"]),
                format!("\"{kind}\" is not an ImageCache{hint}"),
            );
            return None;
        }
    }
    let api_warning = match cache.api_version.as_ref().and_then(Field::as_str) {
        None | Some(API_VERSION) => None,
        Some(version) => {
            let mut d = Diagnostic::new(
                Code::UnknownApiVersion,
                at(&["apiVersion"]),
                format!(
                    "apiVersion \"{version}\" is not served for ImageCache objects: did you mean {API_VERSION}?"
                ),
            );
            // A fix applies to the object evaluated, never to an entry of the cache list.
            if path.is_empty() {
                d = d.with_fix(
                    format!("write apiVersion: {API_VERSION}"),
                    vec![PatchOperation::replace(
                        &at(&["apiVersion"]),
                        API_VERSION.into(),
                    )],
                );
            }
            Some(d)
        }
    };
    let RawCache {
        metadata,
        spec,
        status,
        ..
    } = cache;

    let images = read_images(spec.images.take(), &path, &mut report, references, spare);
    let size_gib = match &spec.image_cache_size {
        None | Some(Field::Null) => DEFAULT_SIZE_GIB,
        Some(v) => {
            let size = v.as_u64();
            if !size.is_some_and(|s| (MIN_SIZE_GIB..=MAX_SIZE_GIB).contains(&s)) {
                report(
                    Code::CacheSize,
                    &at(&["spec", "imageCacheSize"]),
                    format!(
                        "imageCacheSize must be a whole number of GiB from 20 to 32768, not {v}"
                    ),
                );
            }
            size.unwrap_or(DEFAULT_SIZE_GIB)
        }
    };
    if let Some(v) = spec.retention_days.as_ref().filter(|v| !v.is_null()) {
        if !v.as_u64().is_some_and(|d| (1..=65_536).contains(&d)) {
            report(
                Code::CacheRetention,
                &at(&["spec", "retentionDays"]),
                format!("retentionDays must be a whole number from 1 to 65536, not {v}"),
            );
        }
    }
    check_pull_secrets(spec.image_pull_secrets.as_ref(), &path, &mut report);
    if let Some(Listing::List { items, .. }) = spec.image_pull_secrets.take() {
        spare.keep(items);
    }

    let mut platform = |key: &str, value: Option<&Field>, allowed: [&'static str; 2]| {
        let value = value.and_then(Field::as_str).unwrap_or(allowed[0]);
        if let Some(known) = allowed.iter().find(|a| **a == value) {
            return Cow::Borrowed(*known);
        }
        report(
            Code::CachePlatform,
            &at(&["metadata", "annotations", key]),
            format!(
                "{key} must be {} or {}, not \"{value}\"",
                allowed[0], allowed[1]
            ),
        );
        Cow::Owned(value.to_owned())
    };
    let arch = platform(ARCH_ANNOTATION, metadata.arch.as_ref(), CPU_ARCHITECTURES);
    let os = platform(OS_ANNOTATION, metadata.os.as_ref(), OS_TYPES);

    let text = |f: &Option<Field>| f.as_ref().and_then(Field::as_str).map(Text::from);
    let id = text(&status.image_cache_id);
    if let Some(id) = &id {
        if !is_cache_id(id) {
            report(
                Code::InvalidField,
                &at(&["status", "imageCacheId"]),
                format!("\"{id}\" is not an image cache id (imc- followed by lower-case letters and digits)"),
            );
        }
    }
    diags.extend(api_warning);
    let mut time = |section: &str, key: &str, value: &Option<Field>| -> Option<Timestamp> {
        let value = value.as_ref().filter(|v| !v.is_null())?;
        let parsed = value
            .as_str()
            .ok_or_else(|| {
                format!(
                    "{key} must be an RFC 3339 time string, not {}",
                    value.type_name()
                )
            })
            .and_then(Timestamp::parse);
        match parsed {
            Ok(t) => Some(t),
            Err(message) => {
                diags.push(Diagnostic::new(
                    Code::CacheTime,
                    at(&[section, key]),
                    message,
                ));
                None
            }
        }
    };
    let expires = time("status", "expireDateTime", &status.expire_date_time);
    // The time as written is kept for the creation time only: the one a report's rows show.
    let created = time(
        "metadata",
        "creationTimestamp",
        &metadata.creation_timestamp,
    )
    .map(|t| (t, &metadata.creation_timestamp))
    .or_else(|| time("status", "startTime", &status.start_time).map(|t| (t, &status.start_time)));
    let (created, created_text) = created
        .map(|(t, field)| (t, field.as_ref().and_then(Field::as_str).map(Text::from)))
        .unzip();
    let created_text = created_text.flatten();
    Some(ImageCache {
        path,
        name: text(&metadata.name),
        id,
        phase: status
            .phase
            .as_ref()
            .and_then(Field::as_str)
            .map(Text::from),
        size_gib,
        images,
        expires,
        created,
        created_text,
        deleting: metadata
            .deletion_timestamp
            .as_ref()
            .is_some_and(|v| !v.is_null()),
        arch,
        os,
    })
}

fn check_pull_secrets(
    listing: Option<&Listing>,
    base: &str,
    report: &mut impl FnMut(Code, &Pointer, String),
) {
    let path = || Pointer::at(base, &["spec", "imagePullSecrets"]);
    let items = match listing {
        None | Some(Listing::Single(Field::Null)) => return,
        Some(Listing::List { items, .. }) => items,
        Some(Listing::Single(other)) => {
            report(
                Code::CachePullSecret,
                &path(),
                format!(
                    "imagePullSecrets must be a list of \"namespace:secretName\" strings, not {}",
                    other.type_name()
                ),
            );
            return;
        }
    };
    for (i, item) in items.iter().enumerate() {
        let valid = item.as_str().is_some_and(is_pull_secret);
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

/// `namespace:secretName`, a DNS-1123 label and a DNS-1123 subdomain: checked byte by
/// byte, as these names are a few bytes long (a search for each separator costs a call).
fn is_pull_secret(s: &str) -> bool {
    let b = s.as_bytes();
    let Some(colon) = b.iter().position(|&c| c == b':') else {
        return false;
    };
    let (namespace, name) = (&b[..colon], &b[colon + 1..]);
    is_dns1123_label(namespace)
        && name.len() <= 253
        && name.split(|&c| c == b'.').all(is_dns1123_label)
}

fn is_dns1123_label(b: &[u8]) -> bool {
    !b.is_empty()
        && b.len() <= 63
        && b.iter()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-')
        && b[0] != b'-'
        && b[b.len() - 1] != b'-'
}

#[cfg(test)]
mod tests;
