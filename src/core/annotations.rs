//! The pod annotations of SPEC section 2, read from a pod's (or template's) metadata.

use serde_json::Value;

use super::diagnostic::{Code, Diagnostic};
use super::json::type_name;
use super::patch::PatchOperation;
use super::pointer::Pointer;
use super::{quantity, suggest};

use super::vocabulary::annotation::Annotation;
pub use super::vocabulary::annotation::POD_ONLY;

pub const AUTO_CURRENT: &str = Annotation::AutoMatch.name();
pub const AUTO_OLDER: &str = older(Annotation::AutoMatch);
pub const PIN_CURRENT: &str = Annotation::Pin.name();
pub const PIN_OLDER: &str = older(Annotation::Pin);
pub const PERFECT_MATCH: &str = Annotation::PerfectMatch.name();
pub const MATCH_COUNT: &str = Annotation::MatchCount.name();
pub const EXTRA_STORAGE: &str = Annotation::ExtraStorage.name();

/// The older name of an annotation that has one (checked when compiling).
const fn older(annotation: Annotation) -> &'static str {
    match annotation.older_name() {
        Some(name) => name,
        None => panic!("this annotation has no older name"),
    }
}

/// An annotation value with where it was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located<T> {
    pub value: T,
    pub path: Pointer,
}

/// What the pod asks for. A value that could not be read is absent here and has a diagnostic.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CacheRequest {
    /// An automatic-matching annotation is written, whether or not its value could be read.
    pub auto_written: bool,
    pub auto: Option<Located<bool>>,
    pub pin: Option<Located<String>>,
    pub perfect_match: Option<Located<bool>>,
    pub match_count: Option<Located<u64>>,
    pub extra_storage_gib: u64,
}

/// Reads the cache annotations of `metadata.annotations` at `path`.
pub fn read(
    annotations: Option<&Value>,
    path: &Pointer,
    diags: &mut Vec<Diagnostic>,
) -> CacheRequest {
    let mut request = CacheRequest::default();
    let map = match annotations {
        None | Some(Value::Null) => return request,
        Some(Value::Object(map)) => map,
        Some(other) => {
            diags.push(Diagnostic::new(
                Code::InvalidField,
                path,
                format!(
                    "annotations must be a map of strings, not {}",
                    type_name(other)
                ),
            ));
            return request;
        }
    };
    near_misses(map, path, diags);
    let mut text = |key: &str| -> Option<Located<String>> {
        let value = map.get(key)?;
        let at = path.key(key);
        match value {
            Value::String(s) => Some(Located {
                value: s.clone(),
                path: at,
            }),
            other => {
                diags.push(Diagnostic::new(
                    Code::InvalidField,
                    &at,
                    format!(
                        "annotation {key} must be a string (quote it in YAML), not {}",
                        type_name(other)
                    ),
                ));
                None
            }
        }
    };
    let auto = (text(AUTO_CURRENT), text(AUTO_OLDER));
    let pin = (text(PIN_CURRENT), text(PIN_OLDER));
    let perfect = text(PERFECT_MATCH);
    let count = text(MATCH_COUNT);
    let extra = text(EXTRA_STORAGE);

    request.auto_written = map.contains_key(AUTO_CURRENT) || map.contains_key(AUTO_OLDER);
    request.auto = prefer_current(auto, diags).and_then(|a| boolean(a, diags));
    request.pin = prefer_current(pin, diags);
    request.perfect_match = perfect.and_then(|p| boolean(p, diags));
    request.match_count = count.and_then(|c| {
        let n = c.value.trim().parse::<u64>().ok().filter(|n| *n >= 1);
        if n.is_none() {
            diags.push(Diagnostic::new(
                Code::InvalidMatchCount,
                &c.path,
                format!(
                    "{MATCH_COUNT} must be a positive whole number, not \"{}\"",
                    c.value
                ),
            ));
        }
        n.map(|value| Located {
            value,
            path: c.path,
        })
    });
    if let Some(extra) = extra {
        storage(&extra, &mut request, diags);
    }
    request
}

/// Unknown names a few edits from a cache annotation: ECI ignores them, so the pod does
/// not get what its author wrote.
fn near_misses(map: &serde_json::Map<String, Value>, path: &Pointer, diags: &mut Vec<Diagnostic>) {
    for (key, value) in map {
        let Some(meant) = suggest::cache_annotation(key) else {
            continue;
        };
        let at = path.key(key);
        let (title, mut patch) = if map.contains_key(meant) {
            (format!("remove {key}: {meant} is already set"), Vec::new())
        } else {
            (
                format!("rename it to {meant}"),
                vec![PatchOperation::set(
                    &Value::Null,
                    &path.key(meant),
                    value.clone(),
                )],
            )
        };
        patch.insert(0, PatchOperation::remove(&at));
        diags.push(
            Diagnostic::new(
                Code::UnknownAnnotation,
                &at,
                format!(
                    "{key} is not an annotation ECI knows, so it is ignored: did you mean {meant}?"
                ),
            )
            .with_fix(title, patch),
        );
    }
}

/// The extra storage: a quantity, whose unit a bare number most likely forgot.
fn storage(extra: &Located<String>, request: &mut CacheRequest, diags: &mut Vec<Diagnostic>) {
    let text = extra.value.trim();
    match quantity::ceil_gib(text) {
        Ok(gib) => {
            request.extra_storage_gib = gib;
            // Below 64 Ki bytes no storage makes sense; as GiB, it is a plausible size.
            let bare = text
                .parse::<u64>()
                .ok()
                .filter(|n| (1..=65_536).contains(n));
            if let Some(n) = bare {
                diags.push(
                    Diagnostic::new(
                        Code::QuantityWithoutUnit,
                        &extra.path,
                        format!(
                            "{EXTRA_STORAGE} \"{text}\" has no unit, so Kubernetes reads {n} bytes (counted as {gib} GiB): did you mean {n}Gi?"
                        ),
                    )
                    .with_fix(
                        format!("write {n}Gi"),
                        vec![PatchOperation::replace(&extra.path, Value::from(format!("{n}Gi")))],
                    ),
                );
            }
        }
        Err(message) => {
            let mut d = Diagnostic::new(
                Code::InvalidQuantity,
                &extra.path,
                format!("{EXTRA_STORAGE}: {message}; no extra storage is counted"),
            );
            if let Some(meant) = quantity::near_miss(text) {
                d.message.push_str(&format!(": did you mean {meant}?"));
                d = d.with_fix(
                    format!("write {meant}"),
                    vec![PatchOperation::replace(&extra.path, Value::from(meant))],
                );
            }
            diags.push(d);
        }
    }
}

/// Of the current and the older name of one annotation, the current wins; a differing
/// older value is worth a warning, since one of the two is surely not what was meant.
fn prefer_current(
    (current, older): (Option<Located<String>>, Option<Located<String>>),
    diags: &mut Vec<Diagnostic>,
) -> Option<Located<String>> {
    match (current, older) {
        (Some(current), Some(older)) => {
            if current.value.trim() != older.value.trim() {
                diags.push(
                    Diagnostic::new(
                        Code::ConflictingAnnotations,
                        &older.path,
                        format!(
                            "\"{}\" here differs from \"{}\" under the current name, which wins; keep one of the two",
                            older.value, current.value
                        ),
                    )
                    .with_fix(
                        "remove the older name, which has no effect",
                        vec![PatchOperation::remove(&older.path)],
                    ),
                );
            }
            Some(current)
        }
        (current, older) => current.or(older),
    }
}

/// ECI's booleans: `true`/`false` in any case, `1`/`0`, `t`/`f`.
pub fn parse_bool(text: &str) -> Option<bool> {
    match text.trim().to_ascii_lowercase().as_str() {
        "true" | "t" | "1" => Some(true),
        "false" | "f" | "0" => Some(false),
        _ => None,
    }
}

fn boolean(text: Located<String>, diags: &mut Vec<Diagnostic>) -> Option<Located<bool>> {
    let parsed = parse_bool(&text.value);
    if parsed.is_none() {
        let mut d = Diagnostic::new(
            Code::InvalidBoolean,
            &text.path,
            format!(
                "\"{}\" is not a boolean: ECI would read it as false and turn caching off; write \"true\" or \"false\"",
                text.value
            ),
        );
        let meant = match text.value.trim().to_ascii_lowercase().as_str() {
            "yes" | "y" | "on" | "enable" | "enabled" => Some("true"),
            "no" | "n" | "off" | "disable" | "disabled" => Some("false"),
            _ => None,
        };
        if let Some(meant) = meant {
            d = d.with_fix(
                format!("write \"{meant}\""),
                vec![PatchOperation::replace(&text.path, Value::from(meant))],
            );
        }
        diags.push(d);
    }
    parsed.map(|value| Located {
        value,
        path: text.path,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;
    use serde_json::json;

    fn read_json(v: Value) -> (CacheRequest, Vec<Diagnostic>) {
        let mut diags = Vec::new();
        let base = Pointer::from_static("/metadata/annotations");
        let r = read(Some(&v), &base, &mut diags);
        (r, diags)
    }

    #[rstest]
    #[case("true", Some(true))]
    #[case("TRUE", Some(true))]
    #[case("True", Some(true))]
    #[case("t", Some(true))]
    #[case("T", Some(true))]
    #[case("1", Some(true))]
    #[case("false", Some(false))]
    #[case("F", Some(false))]
    #[case("0", Some(false))]
    #[case("yes", None)]
    #[case("on", None)]
    #[case("", None)]
    #[case("2", None)]
    fn booleans_as_eci_reads_them(#[case] text: &str, #[case] expected: Option<bool>) {
        assert_eq!(parse_bool(text), expected);
    }

    #[test]
    fn reads_the_older_names() {
        let (r, d) = read_json(json!({AUTO_OLDER: "true", PIN_OLDER: "imc-abc"}));
        assert!(d.is_empty());
        assert!(r.auto.unwrap().value);
        let pin = r.pin.unwrap();
        assert_eq!(pin.value, "imc-abc");
        assert_eq!(
            pin.path.as_str(),
            "/metadata/annotations/k8s.aliyun.com~1eci-image-snapshot-id"
        );
    }

    #[test]
    fn current_name_wins_and_a_different_older_value_warns() {
        let (r, d) = read_json(json!({PIN_CURRENT: "imc-new", PIN_OLDER: "imc-old"}));
        assert_eq!(r.pin.unwrap().value, "imc-new");
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].code, Code::ConflictingAnnotations);
        assert_eq!(
            d[0].path,
            "/metadata/annotations/k8s.aliyun.com~1eci-image-snapshot-id"
        );
        let (_, d) = read_json(json!({AUTO_CURRENT: "true", AUTO_OLDER: "true"}));
        assert!(d.is_empty(), "the same value twice is harmless");
    }

    #[rstest]
    #[case(json!({AUTO_CURRENT: "yes"}), Code::InvalidBoolean, "/metadata/annotations/k8s.aliyun.com~1eci-auto-imc")]
    #[case(json!({AUTO_CURRENT: true}), Code::InvalidField, "/metadata/annotations/k8s.aliyun.com~1eci-auto-imc")]
    #[case(json!({PERFECT_MATCH: "perfect"}), Code::InvalidBoolean, "/metadata/annotations/k8s.aliyun.com~1imc-perfect-match")]
    #[case(json!({MATCH_COUNT: "0"}), Code::InvalidMatchCount, "/metadata/annotations/k8s.aliyun.com~1imc-match-count-request")]
    #[case(json!({MATCH_COUNT: "two"}), Code::InvalidMatchCount, "/metadata/annotations/k8s.aliyun.com~1imc-match-count-request")]
    #[case(json!({MATCH_COUNT: "-1"}), Code::InvalidMatchCount, "/metadata/annotations/k8s.aliyun.com~1imc-match-count-request")]
    #[case(json!({EXTRA_STORAGE: "50GB"}), Code::InvalidQuantity, "/metadata/annotations/k8s.aliyun.com~1eci-extra-ephemeral-storage")]
    #[case(json!("a"), Code::InvalidField, "/metadata/annotations")]
    fn bad_values_are_errors_at_their_path(
        #[case] v: Value,
        #[case] code: Code,
        #[case] path: &str,
    ) {
        let (r, d) = read_json(v);
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!((d[0].code, d[0].path.as_str()), (code, path));
        assert_eq!(r.auto, None);
        assert_eq!(r.match_count, None);
    }

    #[test]
    fn reads_match_options_and_storage() {
        let (r, d) =
            read_json(json!({PERFECT_MATCH: "true", MATCH_COUNT: " 3 ", EXTRA_STORAGE: "50Gi"}));
        assert!(d.is_empty());
        assert!(r.perfect_match.unwrap().value);
        assert_eq!(r.match_count.unwrap().value, 3);
        assert_eq!(r.extra_storage_gib, 50);
    }
}
