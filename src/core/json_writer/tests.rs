use std::collections::BTreeMap;

use proptest::prelude::*;
use serde::Serialize;
use serde_json::{json, Value};

use super::*;

/// What serde_json writes, or its error message.
fn serde_json_text<T: Serialize + ?Sized>(value: &T) -> Result<String, String> {
    serde_json::to_string(value).map_err(|e| e.to_string())
}

fn ours<T: Serialize + ?Sized>(value: &T) -> Result<String, String> {
    to_string(value).map_err(|e| e.to_string())
}

#[test]
fn escapes_every_special_byte_where_it_stands() {
    let specials = (0u8..0x20).chain([b'"', b'\\']);
    for special in specials {
        for len in 1..20 {
            for at in 0..len {
                let mut text = vec![b'a'; len];
                text[at] = special;
                let text = String::from_utf8(text).unwrap();
                assert_eq!(ours(&text), serde_json_text(&text), "{text:?}");
            }
        }
    }
}

#[test]
fn copies_what_needs_no_escape() {
    for text in [
        "",
        "/",
        "\u{7f}",
        "é",
        "日本語/イメージ:1.0",
        "emoji 🦀 \u{2028}",
        "'<>&",
    ] {
        assert_eq!(ours(text), serde_json_text(text));
        assert!(ours(text).unwrap().contains(text));
    }
}

#[test]
fn writes_numbers_as_serde_json_does() {
    for n in [0u64, 7, 10, 99, 100, 12_345, u64::MAX] {
        assert_eq!(ours(&n), serde_json_text(&n));
    }
    for n in [0i64, -1, -10, i64::MIN, i64::MAX] {
        assert_eq!(ours(&n), serde_json_text(&n));
    }
    for n in [0.0f64, -0.0, 1.5, 1e300, 5e-324, f64::NAN, f64::INFINITY] {
        assert_eq!(ours(&n), serde_json_text(&n));
    }
    assert_eq!(ours(&0.1f32), serde_json_text(&0.1f32));
    assert_eq!(ours(&u128::MAX), serde_json_text(&u128::MAX));
    assert_eq!(ours(&i128::MIN), serde_json_text(&i128::MIN));
}

#[derive(Serialize)]
enum Shapes {
    Unit,
    Newtype(u8),
    Tuple(u8, String),
    Struct { a: Option<u8>, b: Vec<bool> },
}

#[derive(Serialize)]
struct Wrapper(&'static str);

#[derive(Serialize)]
struct UnitStruct;

#[derive(Serialize)]
struct Record {
    name: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    skipped: Option<u8>,
    shapes: Vec<Shapes>,
    wrapper: Wrapper,
    unit: UnitStruct,
    tuple: (u8, char),
    bytes: serde_bytes_like::Bytes,
    empty: Vec<u8>,
    nothing: Option<u8>,
}

/// Bytes serialised with `serialize_bytes`, without a crate for it.
mod serde_bytes_like {
    pub struct Bytes(pub &'static [u8]);
    impl serde::Serialize for Bytes {
        fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            s.serialize_bytes(self.0)
        }
    }
}

#[test]
fn writes_every_shape_serde_has_as_serde_json_does() {
    let record = Record {
        name: "x",
        skipped: None,
        shapes: vec![
            Shapes::Unit,
            Shapes::Newtype(1),
            Shapes::Tuple(2, "t".into()),
            Shapes::Struct {
                a: Some(3),
                b: vec![true, false],
            },
            Shapes::Struct { a: None, b: vec![] },
        ],
        wrapper: Wrapper("w"),
        unit: UnitStruct,
        tuple: (4, '"'),
        bytes: serde_bytes_like::Bytes(&[0, 255]),
        empty: Vec::new(),
        nothing: None,
    };
    assert_eq!(ours(&record), serde_json_text(&record));
}

/// A struct of many members whose names are given, as a derived `Serialize` gives them.
struct Members(Vec<&'static str>);

impl Serialize for Members {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut members = s.serialize_struct("Members", self.0.len())?;
        for (i, name) in self.0.iter().enumerate() {
            members.serialize_field(name, &i)?;
        }
        members.end()
    }
}

#[test]
fn writes_names_as_serde_json_does_however_often_and_however_many() {
    // More names than the writer remembers, some of them escaped, some of them the start of
    // another at the same address: every one is written right the first time and after.
    let text: &'static str = "name\"d\\n\nname";
    let mut names = vec![text, &text[..4], &text[..5], &text[..8], &text[4..6]];
    names.extend((0..200).map(|i| &*format!("member{i}").leak()));
    names.extend((0..20).map(|i| &*format!("esc\"aped{i}").leak()));
    let rows = vec![Members(names.clone()), Members(names), Members(vec![text])];
    assert_eq!(ours(&rows), serde_json_text(&rows));
    #[derive(Serialize)]
    enum Renamed {
        #[serde(rename = "quo\"ted")]
        Quoted,
        #[serde(rename = "plain")]
        Plain,
    }
    let variants = [
        Renamed::Quoted,
        Renamed::Plain,
        Renamed::Quoted,
        Renamed::Plain,
    ];
    assert_eq!(ours(&variants), serde_json_text(&variants));
}

#[test]
fn writes_map_keys_as_serde_json_does() {
    let numbers: BTreeMap<i32, u8> = [(-1, 1), (20, 2)].into();
    assert_eq!(ours(&numbers), serde_json_text(&numbers));
    let booleans: BTreeMap<bool, u8> = [(false, 1), (true, 2)].into();
    assert_eq!(ours(&booleans), serde_json_text(&booleans));
    let chars: BTreeMap<char, u8> = [('\n', 1)].into();
    assert_eq!(ours(&chars), serde_json_text(&chars));
    let wrapped: Vec<(Wrapper, u8)> = vec![(Wrapper("k\"ey"), 1)];
    let wrapped: Value = serde_json::to_value(
        wrapped
            .into_iter()
            .map(|(k, v)| (k.0, v))
            .collect::<BTreeMap<_, _>>(),
    )
    .unwrap();
    assert_eq!(ours(&wrapped), serde_json_text(&wrapped));
    let floats = FloatKeys(vec![(1.5, 1), (0.1, 2)]);
    assert_eq!(ours(&floats), serde_json_text(&floats));
    let infinite = FloatKeys(vec![(f64::INFINITY, 1)]);
    assert_eq!(ours(&infinite), serde_json_text(&infinite));
    let refused: BTreeMap<Vec<u8>, u8> = [(vec![1], 1)].into();
    assert_eq!(ours(&refused), serde_json_text(&refused));
    let unit: BTreeMap<(), u8> = [((), 1)].into();
    assert_eq!(ours(&unit), serde_json_text(&unit));
}

/// A map with float keys, which no std map holds.
struct FloatKeys(Vec<(f64, u8)>);

impl Serialize for FloatKeys {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.0.iter().map(|(k, v)| (*k, *v)))
    }
}

#[test]
fn passes_on_the_errors_of_a_value() {
    struct Failing;
    impl Serialize for Failing {
        fn serialize<S: serde::Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
            Err(serde::ser::Error::custom("cannot be written"))
        }
    }
    assert_eq!(ours(&json!([1])).unwrap(), "[1]");
    assert_eq!(ours(&vec![Failing]), serde_json_text(&vec![Failing]));
}

/// Any JSON value: every escape, numbers of every kind, nesting (also read back by the
/// scanner's value reader's tests).
pub(crate) fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        any::<String>().prop_map(Value::from),
        "[a\"\\\\\n\u{1}é/]{0,12}".prop_map(Value::from),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::from),
            prop::collection::btree_map(any::<String>(), inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn writes_any_json_as_serde_json_does(value in any_json()) {
        prop_assert_eq!(ours(&value), serde_json_text(&value));
    }

    #[test]
    fn writes_any_string_as_serde_json_does(text in any::<String>()) {
        prop_assert_eq!(ours(&text), serde_json_text(&text));
    }
}
