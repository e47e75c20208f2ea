//! The input of SPEC section 7, read from JSON bytes or a `Value`. Misuse of the input
//! itself (not an object, settings of the wrong type, a `now` that is not a time) is an
//! [`InputError`]; problems inside the manifests are diagnostics in the report instead.
//!
//! From bytes, the input is read in one pass: the object and the settings whole, the caches
//! straight into the catalogue (see `catalogue::list`), never as JSON. Its problems are
//! then checked in the order the fields are named here, so that the same input gives the
//! same error read either way.

use std::borrow::Cow;
use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, Error, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

use super::catalogue::list::{check_shape, Collected, ListSeed, Shape, LIST_PATH};
use super::catalogue::{self, Catalogue};
use super::error::InputError;
use super::json::{self, type_name, Depth, Key};
use super::scanner::{Scan, Scanner, Unusual};
use super::settings::Settings;
use super::time::Timestamp;

/// The input: the object to evaluate, the catalogue of the cluster's caches with the
/// settings, and the time.
#[derive(Debug)]
pub struct Input<'a> {
    pub object: Cow<'a, Value>,
    pub catalogue: Catalogue,
    pub now: Option<Timestamp>,
}

const KEYS: &[&str] = &["object", "imageCaches", "settings", "now"];

impl<'a> Input<'a> {
    /// Reads an input given as a `Value`; the object is borrowed.
    pub fn from_json(input: &'a Value) -> Result<Input<'a>, InputError> {
        let Value::Object(fields) = input else {
            return Err(not_an_object(type_name(input), KEYS));
        };
        let unknown = fields.keys().find(|k| !KEYS.contains(&k.as_str()));
        let object = check_object(unknown.map(String::as_str), fields.get("object"), KEYS)?;
        let (collected, shape) =
            catalogue::read_value(fields.get("imageCaches").unwrap_or(&Value::Null))?;
        let (settings, now) = check_rest(fields.get("settings"), fields.get("now"))?;
        Ok(Input {
            object: Cow::Borrowed(object),
            catalogue: Catalogue::build(collected, &shape, settings),
            now,
        })
    }
}

impl Input<'static> {
    /// Reads an input given as JSON bytes, as the policy and the npm package receive it.
    pub fn from_slice(bytes: &[u8]) -> Result<Input<'static>, InputError> {
        let mut collected = Collected::default();
        let fields = catalogue::scan::or_serde(
            bytes,
            &mut collected,
            |collected| scan(bytes, collected),
            |collected| {
                json::read_input(bytes, "the input", InputSeed { collected })?
                    .map_err(|found| not_an_object(found, KEYS))
            },
        )?;
        check_object(fields.unknown.as_deref(), fields.object.as_ref(), KEYS)?;
        check_shape(&fields.caches, collected.entries)?;
        let (settings, now) = check_rest(fields.settings.as_ref(), fields.now.as_ref())?;
        Ok(Input {
            // Checked above to be an object.
            object: Cow::Owned(fields.object.unwrap_or_default()),
            catalogue: Catalogue::build(collected, &fields.caches, settings),
            now,
        })
    }
}

/// The keys of the input of one more object evaluated against a catalogue.
const OBJECT_KEYS: &[&str] = &["object", "now"];

/// Reads `{object, now}`, the input of one more object evaluated against a catalogue, with
/// the checks and messages of the whole input.
pub fn object_and_time(input: &mut Value) -> Result<(Value, Option<Timestamp>), InputError> {
    let found = type_name(input);
    let Value::Object(fields) = input else {
        return Err(not_an_object(found, OBJECT_KEYS));
    };
    let unknown = fields.keys().find(|k| !OBJECT_KEYS.contains(&k.as_str()));
    check_object(
        unknown.map(String::as_str),
        fields.get("object"),
        OBJECT_KEYS,
    )?;
    let (_, now) = check_rest(None, fields.get("now"))?;
    // Checked above to be there.
    Ok((fields.remove("object").unwrap_or_default(), now))
}

fn not_an_object(found: &str, keys: &[&str]) -> InputError {
    InputError::new(
        "",
        format!(
            "the input must be an object with the keys {}, not {found}",
            keys.join(", ")
        ),
    )
}

/// An input key that is none of `keys`, at its JSON Pointer.
pub fn unknown_key(key: &str, keys: &[&str]) -> InputError {
    InputError::new(
        &format!("/{}", super::pointer::escape(key)),
        format!(
            "unknown input key \"{key}\"; the keys are {}",
            keys.join(", ")
        ),
    )
}

/// The checks of the input's own keys and of `object`, in their order.
fn check_object<'v>(
    unknown: Option<&str>,
    object: Option<&'v Value>,
    keys: &[&str],
) -> Result<&'v Value, InputError> {
    if let Some(key) = unknown {
        return Err(unknown_key(key, keys));
    }
    match object {
        Some(object @ Value::Object(_)) => Ok(object),
        Some(other) => Err(InputError::new(
            "/object",
            format!(
                "object must be a Kubernetes manifest (an object), not {}",
                type_name(other)
            ),
        )),
        None => Err(InputError::new(
            "/object",
            "object is required: the manifest to evaluate",
        )),
    }
}

/// The checks of `settings` and `now`, after those of the caches.
fn check_rest(
    settings: Option<&Value>,
    now: Option<&Value>,
) -> Result<(Settings, Option<Timestamp>), InputError> {
    let settings = Settings::from_json(settings.unwrap_or(&Value::Null), "/settings")?;
    let now = match now {
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
    Ok((settings, now))
}

/// The input's fields as read from bytes (a later key of the same name wins, as in JSON).
#[derive(Default)]
struct Fields<'de> {
    object: Option<Value>,
    caches: Shape<'de>,
    settings: Option<Value>,
    now: Option<Value>,
    /// The first unknown key in the order of a JSON object's keys in `serde_json::Map`.
    unknown: Option<String>,
}

/// The input's fields read the fast way, as [`InputSeed`] reads them: the caches by the
/// catalogue's scanner, the object, the settings and the time by the serde reader from their
/// bytes. Whatever is unusual is left to [`InputSeed`] over all of the bytes (an unknown key
/// or a second `imageCaches` among it), so that its errors keep their places.
fn scan<'de>(bytes: &'de [u8], collected: &mut Collected<'de>) -> Scan<Fields<'de>> {
    let mut fields = Fields::default();
    let at = Depth::BYTES
        .below::<serde_json::Error>()
        .map_err(|_| Unusual)?;
    let whole = |scanner: &mut Scanner<'de>| scanner.value(at).map(Some);
    let mut scanner = Scanner::new(bytes);
    let mut caches_read = false;
    scanner.members(&mut |scanner, key| {
        match key {
            b"object" => fields.object = whole(scanner)?,
            b"settings" => fields.settings = whole(scanner)?,
            b"now" => fields.now = whole(scanner)?,
            b"imageCaches" if !caches_read => {
                caches_read = true;
                fields.caches = catalogue::scan::caches(scanner, collected)?;
            }
            _ => return Err(Unusual),
        }
        Ok(())
    })?;
    if !scanner.at_end() {
        return Err(Unusual);
    }
    Ok(fields)
}

/// Reads the input's root: an object, or the type of what it is instead.
struct InputSeed<'c, 'de> {
    collected: &'c mut Collected<'de>,
}

impl<'de> DeserializeSeed<'de> for InputSeed<'_, 'de> {
    type Value = Result<Fields<'de>, &'static str>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

/// Any root that is not an object, read within the limits for its type.
macro_rules! not_an_object {
    ($($method:ident($($ty:ty)?) => $found:literal;)*) => {$(
        fn $method<E: Error>(self $(, _: $ty)?) -> Result<Self::Value, E> {
            Ok(Err($found))
        }
    )*};
}

impl<'de> Visitor<'de> for InputSeed<'_, 'de> {
    type Value = Result<Fields<'de>, &'static str>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("the input of an evaluation")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut fields = Fields::default();
        let at = Depth::BYTES.below()?;
        while let Some(key) = map.next_key_seed(Key)? {
            match key.as_ref() {
                "object" => fields.object = Some(map.next_value_seed(at.value())?),
                "imageCaches" => {
                    fields.caches = map.next_value_seed(ListSeed {
                        collected: &mut *self.collected,
                        depth: at,
                        prefix: Some(LIST_PATH),
                    })?
                }
                "settings" => fields.settings = Some(map.next_value_seed(at.value())?),
                "now" => fields.now = Some(map.next_value_seed(at.value())?),
                other => {
                    map.next_value_seed(at.skim())?;
                    if fields.unknown.as_deref().is_none_or(|first| other < first) {
                        fields.unknown = Some(other.to_owned());
                    }
                }
            }
        }
        Ok(Ok(fields))
    }
    not_an_object! {
        visit_bool(bool) => "a boolean";
        visit_i64(i64) => "a number";
        visit_u64(u64) => "a number";
        visit_f64(f64) => "a number";
        visit_unit() => "null";
        visit_none() => "null";
    }
    fn visit_str<E: Error>(self, v: &str) -> Result<Self::Value, E> {
        Depth::BYTES.check_string(v)?;
        Ok(Err("a string"))
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        Depth::BYTES.skim().visit_seq(seq)?;
        Ok(Err("an array"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::limits::MAX_CACHES;
    use rstest::rstest;
    use serde_json::json;

    /// Reads `v` both ways; they must agree on everything but the object's ownership.
    fn read(v: &Value) -> Result<Input<'_>, InputError> {
        let from_value = Input::from_json(v);
        let from_bytes = Input::from_slice(&serde_json::to_vec(v).unwrap());
        match (&from_value, &from_bytes) {
            (Ok(a), Ok(b)) => {
                assert_eq!(a.object, b.object);
                assert_eq!(a.now, b.now);
                assert_eq!(a.catalogue.caches(), b.catalogue.caches());
                assert_eq!(a.catalogue.diagnostics(), b.catalogue.diagnostics());
                assert_eq!(a.catalogue.settings(), b.catalogue.settings());
            }
            (a, b) => assert_eq!(a.as_ref().err(), b.as_ref().err(), "{v}"),
        }
        from_value
    }

    #[test]
    fn the_number_of_caches_is_limited_at_its_edge() {
        let at = json!({"object": {}, "imageCaches": vec![json!({}); MAX_CACHES]});
        assert_eq!(
            read(&at).map(|i| i.catalogue.caches().len()).ok(),
            Some(MAX_CACHES)
        );
        let past = json!({"object": {}, "imageCaches": {"kind": "List", "items": vec![json!({}); MAX_CACHES + 1]}});
        let Err(err) = read(&past) else {
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
        let input = read(&v).unwrap();
        assert!(input.catalogue.caches().is_empty() && input.now.is_none());
        assert_eq!(input.catalogue.settings(), &Settings::default());
    }

    #[rstest]
    #[case(json!([{"kind": "ImageCache"}]), &["/imageCaches/0"])]
    #[case(json!({"kind": "List", "apiVersion": "v1", "items": [{}, {}]}), &["/imageCaches/items/0", "/imageCaches/items/1"])]
    #[case(json!({"kind": "ImageCacheList", "items": [{}]}), &["/imageCaches/items/0"])]
    #[case(json!({"kind": "ImageCacheList", "items": null}), &[])]
    #[case(json!(["not a cache", {}]), &["/imageCaches/1"])]
    #[case(json!(null), &[])]
    fn reads_every_list_shape(#[case] caches: Value, #[case] paths: &[&str]) {
        let v = json!({"object": {}, "imageCaches": caches});
        let input = read(&v).unwrap();
        let got: Vec<&str> = input.catalogue.caches().iter().map(|c| &*c.path).collect();
        assert_eq!(got, paths);
    }

    #[rstest]
    #[case(json!("pod"), "", "must be an object")]
    #[case(json!([]), "", "not an array")]
    #[case(json!({}), "/object", "object is required")]
    #[case(json!({"object": "x"}), "/object", "not a string")]
    #[case(json!({"object": {}, "caches": []}), "/caches", "unknown input key \"caches\"")]
    #[case(json!({"zz": 1, "object": {}, "aa": 2}), "/aa", "unknown input key \"aa\"")]
    #[case(json!({"object": {}, "imageCaches": {"kind": "Pod"}}), "/imageCaches", "not an object of kind \"Pod\"")]
    #[case(json!({"object": {}, "imageCaches": 3}), "/imageCaches", "not a number")]
    #[case(json!({"object": {}, "imageCaches": {"kind": "List", "items": {}}}), "/imageCaches/items", "must be an array, not an object")]
    #[case(json!({"object": {}, "imageCaches": {"kind": "List", "items": "x"}}), "/imageCaches/items", "must be an array, not a string")]
    #[case(json!({"object": {}, "now": "yesterday"}), "/now", "not an RFC 3339 time")]
    #[case(json!({"object": {}, "now": 5}), "/now", "not a number")]
    #[case(json!({"object": {}, "settings": {"x": 1}}), "/settings/x", "unknown setting")]
    #[case(json!({"object": 1, "imageCaches": 3, "now": 5}), "/object", "not a number")]
    #[case(json!({"object": {}, "imageCaches": 3, "now": 5}), "/imageCaches", "not a number")]
    fn misuse_names_the_field(#[case] v: Value, #[case] path: &str, #[case] part: &str) {
        let Err(err) = read(&v) else {
            panic!("accepted {v}")
        };
        assert_eq!(err.path, path);
        assert!(err.message.contains(part), "{}", err.message);
    }

    #[test]
    fn a_later_key_wins_in_bytes_as_in_a_json_object() {
        let bytes =
            br#"{"object": {"kind": "Job"}, "imageCaches": [{}, {}], "object": {"kind": "Pod"},
                        "imageCaches": {"kind": "List", "items": [{}], "items": null}}"#;
        let input = Input::from_slice(bytes).unwrap();
        assert_eq!(input.object["kind"], "Pod");
        assert!(input.catalogue.caches().is_empty());
    }

    #[test]
    fn the_fast_reader_reads_inputs_as_the_serde_reader_does() {
        let inputs = [
            r#"{"object": {"kind": "Pod", "metadata": {"name": "caf\u00e9"}}, "now": "2026-11-27T00:00:00Z",
                "imageCaches": {"kind": "List", "items": [{"metadata": {"name": "c"}, "spec": {"images": ["nginx"]}}]},
                "settings": {"minMatchCount": 1}}"#,
            r#"{"object": {}, "object": {"kind": "Job"}, "now": null}"#,
            r#" { "imageCaches" : [ ] , "object" : { } } "#,
        ];
        for text in inputs {
            let mut fast = Collected::default();
            let scanned = scan(text.as_bytes(), &mut fast).expect(text);
            let mut slow = Collected::default();
            let seed = InputSeed {
                collected: &mut slow,
            };
            let read = json::read_input(text.as_bytes(), "the input", seed)
                .unwrap()
                .unwrap();
            assert_eq!(scanned.object, read.object);
            assert_eq!(scanned.settings, read.settings);
            assert_eq!(scanned.now, read.now);
            assert_eq!(scanned.caches, read.caches);
            assert_eq!(fast.caches, slow.caches);
            assert_eq!(fast.diagnostics, slow.diagnostics);
        }
        // What only the serde reader words, or reads again from the start, is left to it.
        for text in [
            r#"{"object": {}, "extra": 1}"#,
            r#"{"object": {}, "imageCaches": [], "imageCaches": []}"#,
            r#"{"object": {"a": "\ud800"}}"#,
            r#"{"object": {}} {}"#,
            r#"[]"#,
        ] {
            assert!(
                scan(text.as_bytes(), &mut Collected::default()).is_err(),
                "{text}"
            );
        }
    }

    #[test]
    fn bytes_that_are_not_json_are_refused_unread() {
        for bytes in [&b"{"[..], b"{} {}", b"", b"{\"object\": {}} x"] {
            let err = Input::from_slice(bytes).unwrap_err();
            assert_eq!(err.path, "");
            assert!(
                err.message.starts_with("the input is not JSON"),
                "{}",
                err.message
            );
        }
    }
}
