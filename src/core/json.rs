//! Reading input into JSON, leaving out what no rule reads.
//!
//! Real ImageCache objects carry long `status.events`, `managedFields` and labels; the
//! cluster's list can hold thousands of them. Building a `Value` for those fields would
//! cost more than all of the evaluation, so each cache keeps only the fields the rules of
//! `image_cache` read, the way the policy's host prunes them with `field_masks`. The object
//! being evaluated is kept whole: its patch must be written against all of it.

use std::borrow::Cow;

use serde::de::{DeserializeSeed, Deserializer, Error, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

use super::limits::{MAX_DEPTH, MAX_STRING_BYTES};

/// Which members of a JSON value to keep while parsing it.
#[derive(Debug, Clone, Copy)]
pub enum Mask {
    /// Everything.
    All,
    /// The listed members, each with its own mask; the others only if `keep_rest`.
    Fields {
        fields: &'static [(&'static str, Mask)],
        keep_rest: bool,
    },
    /// A cache list: an array of caches, or an object whose `items` are caches.
    CacheList,
}

const fn only(fields: &'static [(&'static str, Mask)]) -> Mask {
    Mask::Fields {
        fields,
        keep_rest: false,
    }
}

/// The members of an ImageCache that `image_cache::read` looks at.
pub const CACHE: Mask = only(&[
    ("kind", Mask::All),
    (
        "metadata",
        only(&[
            ("name", Mask::All),
            ("creationTimestamp", Mask::All),
            ("deletionTimestamp", Mask::All),
            ("annotations", Mask::All),
        ]),
    ),
    (
        "spec",
        only(&[
            ("images", Mask::All),
            ("imageCacheSize", Mask::All),
            ("retentionDays", Mask::All),
            ("imagePullSecrets", Mask::All),
        ]),
    ),
    (
        "status",
        only(&[
            ("imageCacheId", Mask::All),
            ("phase", Mask::All),
            ("expireDateTime", Mask::All),
            ("startTime", Mask::All),
        ]),
    ),
]);

/// The input of SPEC section 7: every key is kept (unknown ones are reported), the caches pruned.
pub const INPUT: Mask = Mask::Fields {
    fields: &[("imageCaches", Mask::CacheList)],
    keep_rest: true,
};

/// Parses JSON bytes, keeping what `mask` keeps, within the depth and string limits.
pub fn from_slice(bytes: &[u8], mask: Mask) -> serde_json::Result<Value> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let value = mask.seed().deserialize(&mut de)?;
    de.end()?;
    Ok(value)
}

impl Mask {
    /// A seed that reads any serde format (JSON bytes, a JavaScript value) with this mask,
    /// refusing values nested deeper than `MAX_DEPTH` and strings longer than
    /// `MAX_STRING_BYTES`.
    pub fn seed(self) -> Seed {
        Seed {
            mask: self,
            depth: 0,
        }
    }

    /// The dotted paths this mask keeps, as Kubernetes `field_masks` name them
    /// (`metadata.name`, `spec.images`, …); empty for a mask that keeps everything.
    pub fn paths(self) -> Vec<String> {
        match self {
            Mask::Fields { fields, .. } => fields
                .iter()
                .flat_map(|(name, mask)| {
                    let below = mask.paths();
                    if below.is_empty() {
                        vec![(*name).to_owned()]
                    } else {
                        below.into_iter().map(|p| format!("{name}.{p}")).collect()
                    }
                })
                .collect(),
            Mask::All | Mask::CacheList => Vec::new(),
        }
    }

    /// The mask of member `key` of an object read with this mask; `None` to skip it.
    fn member(self, key: &str) -> Option<Mask> {
        match self {
            Mask::All => Some(Mask::All),
            Mask::Fields { fields, keep_rest } => fields
                .iter()
                .find(|(name, _)| *name == key)
                .map(|(_, mask)| *mask)
                .or(keep_rest.then_some(Mask::All)),
            Mask::CacheList => match key {
                "items" => Some(Mask::CacheList),
                "kind" | "apiVersion" => Some(Mask::All),
                _ => None,
            },
        }
    }

    /// The mask of the elements of an array read with this mask.
    fn element(self) -> Mask {
        match self {
            Mask::CacheList => CACHE,
            _ => Mask::All,
        }
    }
}

/// A [`Mask`] at a depth.
#[derive(Debug, Clone, Copy)]
pub struct Seed {
    mask: Mask,
    depth: usize,
}

impl Seed {
    fn below<E: Error>(self, mask: Mask) -> Result<Seed, E> {
        if self.depth >= MAX_DEPTH {
            return Err(E::custom(format_args!(
                "the input nests deeper than {MAX_DEPTH} levels"
            )));
        }
        Ok(Seed {
            mask,
            depth: self.depth + 1,
        })
    }
}

fn string<E: Error>(v: &str) -> Result<Value, E> {
    if v.len() > MAX_STRING_BYTES {
        return Err(E::custom(format_args!(
            "a string of {} bytes is longer than the {MAX_STRING_BYTES} allowed",
            v.len()
        )));
    }
    Ok(Value::String(v.to_owned()))
}

impl<'de> DeserializeSeed<'de> for Seed {
    type Value = Value;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Seed {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(Number::from_f64(v).map_or(Value::Null, Value::Number))
    }
    fn visit_str<E: Error>(self, v: &str) -> Result<Value, E> {
        string(v)
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let element = self.below(self.mask.element())?;
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        while let Some(item) = seq.next_element_seed(element)? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut object = Map::new();
        // Keys are borrowed from the input where possible: most of a cache's are skipped.
        while let Some(key) = map.next_key_seed(Key)? {
            match self.mask.member(&key) {
                Some(mask) => {
                    let value = map.next_value_seed(self.below(mask)?)?;
                    object.insert(key.into_owned(), value);
                }
                None => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(Value::Object(object))
    }
}

/// An object key, borrowed from the input when it holds no escapes.
struct Key;

impl<'de> DeserializeSeed<'de> for Key {
    type Value = Cow<'de, str>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for Key {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("an object key")
    }
    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn cache() -> Value {
        json!({
            "apiVersion": "eci.alibabacloud.com/v1", "kind": "ImageCache",
            "metadata": {"name": "c", "uid": "u", "managedFields": [{}], "annotations": {"a": "b"},
                         "creationTimestamp": "2026-01-01T00:00:00Z"},
            "spec": {"images": ["nginx"], "imageCacheSize": 20, "future": 1},
            "status": {"imageCacheId": "imc-1", "phase": "Ready", "events": [{"x": 1}], "progress": "100%"}
        })
    }

    fn pruned_cache() -> Value {
        json!({
            "kind": "ImageCache",
            "metadata": {"name": "c", "annotations": {"a": "b"}, "creationTimestamp": "2026-01-01T00:00:00Z"},
            "spec": {"images": ["nginx"], "imageCacheSize": 20},
            "status": {"imageCacheId": "imc-1", "phase": "Ready"}
        })
    }

    fn parse(value: &Value) -> Value {
        from_slice(&serde_json::to_vec(value).unwrap(), INPUT).unwrap()
    }

    #[test]
    fn keeps_the_object_whole_and_prunes_caches_in_every_list_shape() {
        let object = json!({"kind": "Pod", "metadata": {"managedFields": [1], "x": [1, -2, 3.5, true, null]}});
        for (list, pruned) in [
            (json!([cache()]), json!([pruned_cache()])),
            (
                json!({"kind": "List", "metadata": {"resourceVersion": ""}, "items": [cache()]}),
                json!({"kind": "List", "items": [pruned_cache()]}),
            ),
        ] {
            let input = json!({"object": object, "imageCaches": list, "now": "n", "unknown": 1});
            let expected =
                json!({"object": object, "imageCaches": pruned, "now": "n", "unknown": 1});
            assert_eq!(parse(&input), expected);
        }
    }

    #[test]
    fn names_the_kept_fields_as_dotted_paths() {
        let paths = CACHE.paths();
        assert_eq!(paths.len(), 13);
        for path in [
            "kind",
            "metadata.name",
            "metadata.annotations",
            "spec.images",
            "status.startTime",
        ] {
            assert!(paths.iter().any(|p| p == path), "{path} in {paths:?}");
        }
    }

    #[test]
    fn keeps_values_of_the_wrong_type_so_they_can_be_reported() {
        let input = json!({"object": {}, "imageCaches": ["x", {"spec": "y", "status": [1]}, 3]});
        assert_eq!(parse(&input), input);
    }

    #[test]
    fn rejects_what_is_not_json() {
        assert!(from_slice(b"{", INPUT).is_err());
        assert!(from_slice(b"{} {}", INPUT).is_err());
        assert!(from_slice(b"", INPUT).is_err());
    }

    #[test]
    fn refuses_deep_nesting_and_long_strings_at_their_edge() {
        let nested = |depth: usize| format!("{}1{}", "[".repeat(depth), "]".repeat(depth));
        assert!(from_slice(nested(MAX_DEPTH).as_bytes(), Mask::All).is_ok());
        let err = from_slice(nested(MAX_DEPTH + 1).as_bytes(), Mask::All).unwrap_err();
        assert!(
            err.to_string().contains("nests deeper than 100 levels"),
            "{err}"
        );
        // Far past the edge it still answers with an error, never a stack overflow.
        assert!(from_slice(nested(100_000).as_bytes(), Mask::All).is_err());
        let long = |n: usize| format!("{{\"a\": \"{}\"}}", "x".repeat(n));
        assert!(from_slice(long(MAX_STRING_BYTES).as_bytes(), Mask::All).is_ok());
        let err = from_slice(long(MAX_STRING_BYTES + 1).as_bytes(), Mask::All).unwrap_err();
        assert!(
            err.to_string().contains("longer than the 1048576 allowed"),
            "{err}"
        );
    }

    #[test]
    fn pruning_changes_no_report() {
        let input = json!({
            "object": {"kind": "Pod", "metadata": {"annotations": {"k8s.aliyun.com/eci-auto-imc": "true"}},
                       "spec": {"containers": [{"name": "n", "image": "nginx"}]}},
            "imageCaches": [cache()]
        });
        let whole = crate::core::evaluate(&input).unwrap();
        let pruned = crate::core::evaluate(&parse(&input)).unwrap();
        assert_eq!(whole, pruned);
    }
}
