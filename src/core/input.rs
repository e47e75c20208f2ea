//! The input of SPEC section 7, read from JSON. Misuse of the input itself (not an object,
//! settings of the wrong type, a `now` that is not a time) is an [`InputError`]; problems
//! inside the manifests are diagnostics in the report instead.

use serde::Serialize;
use serde_json::Value;

use super::limits::MAX_CACHES;
use super::settings::{type_name, Settings};
use super::time::Timestamp;

/// Misuse of the input, naming the field by its JSON Pointer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InputError {
    pub path: String,
    pub message: String,
}

impl InputError {
    pub fn new(path: &str, message: impl Into<String>) -> Self {
        InputError {
            path: path.to_owned(),
            message: message.into(),
        }
    }
}

impl std::fmt::Display for InputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.path.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

impl std::error::Error for InputError {}

/// The input, borrowed from the caller's JSON.
pub struct Input<'a> {
    pub object: &'a Value,
    /// The cache entries with the JSON Pointer of each in the input.
    pub caches: Vec<(String, &'a Value)>,
    pub settings: Settings,
    pub now: Option<Timestamp>,
}

const KEYS: &[&str] = &["object", "imageCaches", "settings", "now"];

impl<'a> Input<'a> {
    pub fn from_json(input: &'a Value) -> Result<Input<'a>, InputError> {
        let Value::Object(fields) = input else {
            return Err(InputError::new(
                "",
                format!(
                    "the input must be an object with the keys {}, not {}",
                    KEYS.join(", "),
                    type_name(input)
                ),
            ));
        };
        if let Some(key) = fields.keys().find(|k| !KEYS.contains(&k.as_str())) {
            return Err(InputError::new(
                &format!("/{}", super::pointer::escape(key)),
                format!(
                    "unknown input key \"{key}\"; the keys are {}",
                    KEYS.join(", ")
                ),
            ));
        }
        let object = match fields.get("object") {
            Some(object @ Value::Object(_)) => object,
            Some(other) => {
                return Err(InputError::new(
                    "/object",
                    format!(
                        "object must be a Kubernetes manifest (an object), not {}",
                        type_name(other)
                    ),
                ))
            }
            None => {
                return Err(InputError::new(
                    "/object",
                    "object is required: the manifest to evaluate",
                ))
            }
        };
        let caches = cache_entries(fields.get("imageCaches").unwrap_or(&Value::Null))?;
        if caches.len() > MAX_CACHES {
            return Err(InputError::new(
                "/imageCaches",
                format!(
                    "{} caches given; at most {MAX_CACHES} are evaluated (ECI allows a few hundred per region)",
                    caches.len()
                ),
            ));
        }
        let settings =
            Settings::from_json(fields.get("settings").unwrap_or(&Value::Null), "/settings")?;
        let now = match fields.get("now") {
            None | Some(Value::Null) => None,
            Some(Value::String(text)) => {
                Some(Timestamp::parse(text).map_err(|m| InputError::new("/now", m))?)
            }
            Some(other) => {
                return Err(InputError::new(
                    "/now",
                    format!(
                        "now must be an RFC 3339 time string, not {}",
                        type_name(other)
                    ),
                ))
            }
        };
        Ok(Input {
            object,
            caches,
            settings,
            now,
        })
    }
}

/// Flattens the accepted shapes of a cache list (array, `ImageCacheList`, `v1` `List`)
/// into its entries, each with its JSON Pointer in the input.
fn cache_entries(value: &Value) -> Result<Vec<(String, &Value)>, InputError> {
    let list_error = |found: &str| {
        InputError::new(
            "/imageCaches",
            format!(
                "imageCaches must be an array, an ImageCacheList or a v1 List (kubectl get imagecache -o yaml), not {found}"
            ),
        )
    };
    match value {
        Value::Null => Ok(Vec::new()),
        Value::Array(items) => Ok(items
            .iter()
            .enumerate()
            .map(|(i, item)| (format!("/imageCaches/{i}"), item))
            .collect()),
        Value::Object(list) => {
            let kind = list.get("kind").and_then(Value::as_str).unwrap_or_default();
            if kind != "List" && kind != "ImageCacheList" {
                return Err(list_error(&format!("an object of kind \"{kind}\"")));
            }
            match list.get("items") {
                None | Some(Value::Null) => Ok(Vec::new()),
                Some(Value::Array(items)) => Ok(items
                    .iter()
                    .enumerate()
                    .map(|(i, item)| (format!("/imageCaches/items/{i}"), item))
                    .collect()),
                Some(other) => Err(InputError::new(
                    "/imageCaches/items",
                    format!("items must be an array, not {}", type_name(other)),
                )),
            }
        }
        other => Err(list_error(type_name(other))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;
    use serde_json::json;

    #[test]
    fn the_number_of_caches_is_limited_at_its_edge() {
        let at = json!({"object": {}, "imageCaches": vec![json!({}); MAX_CACHES]});
        assert_eq!(
            Input::from_json(&at).map(|i| i.caches.len()).ok(),
            Some(MAX_CACHES)
        );
        let past = json!({"object": {}, "imageCaches": {"kind": "List", "items": vec![json!({}); MAX_CACHES + 1]}});
        let Err(err) = Input::from_json(&past) else {
            panic!("accepted")
        };
        assert_eq!(err.path, "/imageCaches");
        assert!(
            err.message.starts_with("10001 caches given; at most 10000"),
            "{}",
            err.message
        );
    }

    #[test]
    fn only_object_is_required() {
        let v = json!({"object": {"kind": "Pod"}});
        let input = Input::from_json(&v).unwrap();
        assert!(input.caches.is_empty() && input.now.is_none());
        assert_eq!(input.settings, Settings::default());
    }

    #[rstest]
    #[case(json!([{"kind": "ImageCache"}]), &["/imageCaches/0"])]
    #[case(json!({"kind": "List", "apiVersion": "v1", "items": [{}, {}]}), &["/imageCaches/items/0", "/imageCaches/items/1"])]
    #[case(json!({"kind": "ImageCacheList", "items": [{}]}), &["/imageCaches/items/0"])]
    #[case(json!({"kind": "ImageCacheList", "items": null}), &[])]
    #[case(json!(null), &[])]
    fn reads_every_list_shape(#[case] caches: Value, #[case] paths: &[&str]) {
        let v = json!({"object": {}, "imageCaches": caches});
        let input = Input::from_json(&v).unwrap();
        let got: Vec<&str> = input.caches.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(got, paths);
    }

    #[rstest]
    #[case(json!("pod"), "", "must be an object")]
    #[case(json!({}), "/object", "object is required")]
    #[case(json!({"object": "x"}), "/object", "not a string")]
    #[case(json!({"object": {}, "caches": []}), "/caches", "unknown input key \"caches\"")]
    #[case(json!({"object": {}, "imageCaches": {"kind": "Pod"}}), "/imageCaches", "not an object of kind \"Pod\"")]
    #[case(json!({"object": {}, "imageCaches": 3}), "/imageCaches", "not a number")]
    #[case(json!({"object": {}, "imageCaches": {"kind": "List", "items": {}}}), "/imageCaches/items", "must be an array")]
    #[case(json!({"object": {}, "now": "yesterday"}), "/now", "not an RFC 3339 time")]
    #[case(json!({"object": {}, "now": 5}), "/now", "not a number")]
    #[case(json!({"object": {}, "settings": {"x": 1}}), "/settings/x", "unknown setting")]
    fn misuse_names_the_field(#[case] v: Value, #[case] path: &str, #[case] part: &str) {
        let Err(err) = Input::from_json(&v) else {
            panic!("accepted {v}")
        };
        assert_eq!(err.path, path);
        assert!(err.message.contains(part), "{}", err.message);
    }
}
