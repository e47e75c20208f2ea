//! Reading input bytes into JSON, leaving out what matching never reads.
//!
//! Real ImageCache objects carry long `status.events` and `metadata.managedFields`; the
//! cluster's list can hold thousands of them. Building a `Value` for those fields would
//! cost more than all of the evaluation, so they are skipped while parsing.

use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

/// Keys whose values no rule reads, wherever they appear.
const SKIPPED: &[&str] = &["events", "managedFields"];

/// Parses JSON bytes, dropping the members named in `SKIPPED`.
pub fn from_slice(bytes: &[u8]) -> serde_json::Result<Value> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let value = Pruned.deserialize(&mut de)?;
    de.end()?;
    Ok(value)
}

struct Pruned;

impl<'de> DeserializeSeed<'de> for Pruned {
    type Value = Value;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Pruned {
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
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        while let Some(item) = seq.next_element_seed(Pruned)? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut object = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if SKIPPED.contains(&key.as_str()) {
                map.next_value::<IgnoredAny>()?;
            } else {
                let value = map.next_value_seed(Pruned)?;
                object.insert(key, value);
            }
        }
        Ok(Value::Object(object))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn keeps_everything_but_the_skipped_members() {
        let text = br#"{"a": [1, -2, 3.5, true, null, "s"], "status": {"phase": "Ready", "events": [{"x": 1}]},
                       "metadata": {"managedFields": [{}], "name": "n"}}"#;
        assert_eq!(
            from_slice(text).unwrap(),
            json!({"a": [1, -2, 3.5, true, null, "s"], "status": {"phase": "Ready"}, "metadata": {"name": "n"}})
        );
    }

    #[test]
    fn rejects_what_is_not_json() {
        assert!(from_slice(b"{").is_err());
        assert!(from_slice(b"{} {}").is_err());
        assert!(from_slice(b"").is_err());
    }
}
