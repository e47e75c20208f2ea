//! Reading JSON within the limits, and the fields of an ImageCache that the rules read.
//!
//! Real ImageCache objects carry long `status.events`, `managedFields` and labels; the
//! cluster's list can hold thousands of them. The catalogue reads each cache straight into
//! the typed form the rules need (`image_cache::raw`, or from bytes its faster twin
//! `catalogue::scan`) and skips the rest unbuilt; [`CACHE`] names what it reads, so that
//! the policy's host prunes exactly the same fields (`field_masks`). The object being
//! evaluated is read whole with [`Seed`]: its patch must be written against all of it.

use std::borrow::Cow;

use serde::de::{DeserializeSeed, Deserializer, Error, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

use super::error::InputError;
use super::limits::{MAX_DEPTH, MAX_INPUT_BYTES, MAX_STRING_BYTES};

/// Which members of a JSON value the rules read: a description, for the policy's host
/// (`field_masks`) and for the tests that hold the cache reader to it.
#[derive(Debug, Clone, Copy)]
pub enum Mask {
    /// Everything.
    All,
    /// The listed members, each with its own mask.
    Fields(&'static [(&'static str, Mask)]),
}

/// The members of an ImageCache that `image_cache::raw` reads.
pub const CACHE: Mask = Mask::Fields(&[
    ("apiVersion", Mask::All),
    ("kind", Mask::All),
    (
        "metadata",
        Mask::Fields(&[
            ("name", Mask::All),
            ("creationTimestamp", Mask::All),
            ("deletionTimestamp", Mask::All),
            ("annotations", Mask::All),
        ]),
    ),
    (
        "spec",
        Mask::Fields(&[
            ("images", Mask::All),
            ("imageCacheSize", Mask::All),
            ("retentionDays", Mask::All),
            ("imagePullSecrets", Mask::All),
        ]),
    ),
    (
        "status",
        Mask::Fields(&[
            ("imageCacheId", Mask::All),
            ("phase", Mask::All),
            ("expireDateTime", Mask::All),
            ("startTime", Mask::All),
        ]),
    ),
]);

impl Mask {
    /// The dotted paths this mask keeps, as Kubernetes `field_masks` name them
    /// (`metadata.name`, `spec.images`, …); empty for a mask that keeps everything.
    pub fn paths(self) -> Vec<String> {
        match self {
            Mask::Fields(fields) => fields
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
            Mask::All => Vec::new(),
        }
    }
}

/// Parses JSON bytes whole, within the depth and string limits.
pub fn from_slice(bytes: &[u8]) -> serde_json::Result<Value> {
    read(bytes, Depth::BYTES.value())
}

/// Reads all of `bytes` with `seed`: one JSON value, nothing after it.
pub fn read<'de, S: DeserializeSeed<'de>>(
    bytes: &'de [u8],
    seed: S,
) -> serde_json::Result<S::Value> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let value = seed.deserialize(&mut de)?;
    de.end()?;
    Ok(value)
}

/// Reads `bytes`, "the input" or "the cache list" (`what`), with `seed`: refused unread past
/// `MAX_INPUT_BYTES`, and with serde_json's words when they are no JSON or pass a limit.
pub fn read_input<'de, S: DeserializeSeed<'de>>(
    bytes: &'de [u8],
    what: &str,
    seed: S,
) -> Result<S::Value, InputError> {
    if bytes.len() > MAX_INPUT_BYTES {
        return Err(InputError::new(
            "",
            format!(
                "{what} is {} bytes; at most {MAX_INPUT_BYTES} are read",
                bytes.len()
            ),
        ));
    }
    read(bytes, seed).map_err(|e| InputError::new("", format!("{what} is not JSON: {e}")))
}

/// Where a reader is: how deep below the input's root, and whether the limits apply (they
/// do to bytes; a `Value` the caller built is already in memory and is read as it is).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Depth {
    pub level: usize,
    pub checked: bool,
}

impl Depth {
    /// The root of input read from bytes.
    pub const BYTES: Depth = Depth {
        level: 0,
        checked: true,
    };
    /// The root of input given as a `Value`.
    pub const VALUE: Depth = Depth {
        level: 0,
        checked: false,
    };

    /// One level further down, refused past `MAX_DEPTH`.
    pub fn below<E: Error>(self) -> Result<Depth, E> {
        if self.checked && self.level >= MAX_DEPTH {
            return Err(E::custom(format_args!(
                "the input nests deeper than {MAX_DEPTH} levels"
            )));
        }
        Ok(Depth {
            level: self.level + 1,
            ..self
        })
    }

    /// Refuses a string longer than `MAX_STRING_BYTES`.
    pub fn check_string<E: Error>(self, v: &str) -> Result<(), E> {
        if self.checked && v.len() > MAX_STRING_BYTES {
            return Err(E::custom(format_args!(
                "a string of {} bytes is longer than the {MAX_STRING_BYTES} allowed",
                v.len()
            )));
        }
        Ok(())
    }

    /// A seed that reads a whole value at this depth.
    pub fn value(self) -> Seed {
        Seed(self)
    }

    /// A seed that reads a value at this depth within the limits and builds nothing.
    pub fn skim(self) -> Skim {
        Skim(self)
    }
}

/// Reads a whole value at a depth, within the limits.
#[derive(Debug, Clone, Copy)]
pub struct Seed(Depth);

impl Seed {
    fn string<E: Error>(self, v: &str) -> Result<Value, E> {
        self.0.check_string(v)?;
        Ok(Value::String(v.to_owned()))
    }
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
        self.string(v)
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
        let element = Seed(self.0.below()?);
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        while let Some(item) = seq.next_element_seed(element)? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut object = Map::new();
        while let Some(key) = map.next_key_seed(Key)? {
            let value = map.next_value_seed(Seed(self.0.below()?))?;
            object.insert(key.into_owned(), value);
        }
        Ok(Value::Object(object))
    }
}

/// Reads any value within the limits of its [`Depth`], building nothing: for what the
/// rules do not read but the limits still cover (the annotations of a cache besides its
/// platform, images past those read).
#[derive(Debug, Clone, Copy)]
pub struct Skim(Depth);

impl<'de> DeserializeSeed<'de> for Skim {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Skim {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_str<E: Error>(self, v: &str) -> Result<(), E> {
        self.0.check_string(v)
    }
    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_none<E>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let element = Skim(self.0.below()?);
        while seq.next_element_seed(element)?.is_some() {}
        Ok(())
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while map.next_key_seed(Key)?.is_some() {
            map.next_value_seed(Skim(self.0.below()?))?;
        }
        Ok(())
    }
}

/// An object key, borrowed from the input when it holds no escapes.
pub struct Key;

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

/// How a JSON value's type reads in an error message.
pub fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_the_kept_fields_as_dotted_paths() {
        let paths = CACHE.paths();
        assert_eq!(paths.len(), 14);
        for path in [
            "apiVersion",
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
    fn rejects_what_is_not_json() {
        assert!(from_slice(b"{").is_err());
        assert!(from_slice(b"{} {}").is_err());
        assert!(from_slice(b"").is_err());
    }

    fn skim(bytes: &[u8]) -> serde_json::Result<()> {
        let mut de = serde_json::Deserializer::from_slice(bytes);
        Depth::BYTES.skim().deserialize(&mut de)?;
        de.end()
    }

    #[test]
    fn refuses_deep_nesting_and_long_strings_at_their_edge() {
        let nested = |depth: usize| format!("{}1{}", "[".repeat(depth), "]".repeat(depth));
        let long = |n: usize| format!("{{\"a\": \"{}\"}}", "x".repeat(n));
        let read = |bytes: &[u8]| from_slice(bytes).map(drop);
        // Skimming refuses exactly what reading refuses, at the same place.
        for read in [&read as &dyn Fn(&[u8]) -> serde_json::Result<()>, &skim] {
            assert!(read(nested(MAX_DEPTH).as_bytes()).is_ok());
            let err = read(nested(MAX_DEPTH + 1).as_bytes()).unwrap_err();
            assert_eq!(
                err.to_string(),
                "the input nests deeper than 100 levels at line 1 column 101"
            );
            // Far past the edge it still answers with an error, never a stack overflow.
            assert!(read(nested(100_000).as_bytes()).is_err());
            assert!(read(long(MAX_STRING_BYTES).as_bytes()).is_ok());
            let err = read(long(MAX_STRING_BYTES + 1).as_bytes()).unwrap_err();
            assert!(
                err.to_string().contains("longer than the 1048576 allowed"),
                "{err}"
            );
        }
    }

    #[test]
    fn a_value_is_read_as_it_is() {
        let deep = (0..150).fold(Value::from(1), |v, _| Value::Array(vec![v]));
        let read = Depth::VALUE.value().deserialize(&deep).unwrap();
        assert_eq!(read, deep);
    }
}
