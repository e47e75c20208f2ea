use proptest::prelude::*;
use serde_json::{json, Value};

use super::*;
use crate::core::json_writer::tests::any_json;
use crate::core::limits::MAX_STRING_BYTES;

const AT: Depth = Depth {
    level: 1,
    checked: true,
};

/// Reads `text` both ways. When the scanner reads it, serde_json must read the same value;
/// when serde_json refuses it, so must the scanner. Gives whether the scanner read it
/// (without handing the whole value to serde_json, as `Scanner::value` then does).
fn agree(text: &[u8]) -> bool {
    let mut scanner = Scanner::new(text);
    let fast = scanner.scanned(AT).and_then(|value| {
        if scanner.at_end() {
            Ok(value)
        } else {
            Err(Unusual)
        }
    });
    let slow = json::read(text, AT.value());
    let shown = String::from_utf8_lossy(text);
    match (fast, slow) {
        (Ok(fast), Ok(slow)) => assert_eq!(fast, slow, "{shown}"),
        (Ok(_), Err(e)) => panic!("the scanner read what serde_json refuses ({e}): {shown}"),
        (Err(Unusual), _) => return false,
    }
    true
}

/// A pod as `kubectl apply` leaves it: JSON in an annotation (escapes), a float, a
/// negative number, a number past `u64`, a key given twice, non-ASCII text.
const POD: &str = r#"{
  "apiVersion": "v1", "kind": "Pod",
  "metadata": {
    "name": "web", "namespace": "default",
    "annotations": {
      "kubectl.kubernetes.io/last-applied-configuration": "{\"apiVersion\":\"v1\",\"kind\":\"Pod\"}\n",
      "k8s.aliyun.com/eci-auto-imc": "true",
      "note": "前端 \u00e9t\u00e9 \ud83d\ude00"
    },
    "labels": {"app": "web", "app": "web-2"}
  },
  "spec": {
    "containers": [
      {"name": "c0", "image": "nginx:1.27", "imagePullPolicy": "IfNotPresent",
       "ports": [{"containerPort": 8080}], "resources": {"limits": {"cpu": 0.5}}},
      {"name": "c1", "image": "redis", "args": ["-c", "x"], "priority": -3,
       "huge": 123456789012345678901234567890, "small": 1e-3, "zero": -0, "ok": true,
       "none": null, "empty": {}, "list": []}
    ]
  }
}"#;

#[test]
fn reads_a_pod_with_escapes_and_numbers_of_every_kind() {
    assert!(agree(POD.as_bytes()));
    let value = Scanner::new(POD.as_bytes()).value(AT).unwrap();
    assert_eq!(value["metadata"]["labels"], json!({"app": "web-2"}));
    assert_eq!(value["spec"]["containers"][1]["priority"], json!(-3));
    assert_eq!(
        value["metadata"]["annotations"]["note"],
        json!("前端 été 😀")
    );
}

/// What the scanner gives up on is read whole by serde_json (keys it does not read), or
/// left to the caller, which reads the whole input with serde_json (nesting past what the
/// scanner skips, bad syntax).
#[test]
fn gives_up_where_serde_json_must_read() {
    for (text, read_whole) in [
        (r#"{"a\"b": 1}"#.to_owned(), true),
        (r#"{"é": 1}"#.to_owned(), true),
        (format!("{}1{}", "[".repeat(60), "]".repeat(60)), false),
        (r#"{"a": 1,}"#.to_owned(), false),
        (r#"{"a": tru}"#.to_owned(), false),
    ] {
        assert!(!agree(text.as_bytes()), "{text}");
        let whole = Scanner::new(text.as_bytes()).value(AT).ok();
        assert_eq!(whole.is_some(), read_whole, "{text}");
        if let Some(whole) = whole {
            assert_eq!(whole, json::read(text.as_bytes(), AT.value()).unwrap());
        }
    }
}

#[test]
fn refuses_what_passes_the_limits() {
    let long = format!("\"{}\"", "a".repeat(MAX_STRING_BYTES + 1));
    let escaped = format!("\"\\n{}\"", "a".repeat(MAX_STRING_BYTES));
    let lone_surrogate = r#"{"a": "\ud800"}"#;
    for text in [long.as_str(), escaped.as_str(), lone_surrogate] {
        assert!(Scanner::new(text.as_bytes()).value(AT).is_err());
        assert!(json::read(text.as_bytes(), AT.value()).is_err());
    }
}

/// `value` with the letters and digits of its keys only: keys the scanner reads itself.
fn plain_keys(value: Value) -> Value {
    match value {
        Value::Object(object) => Value::Object(
            object
                .into_iter()
                .map(|(key, value)| {
                    let key = key.chars().filter(char::is_ascii_alphanumeric).collect();
                    (key, plain_keys(value))
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(plain_keys).collect()),
        other => other,
    }
}

fn text_of(value: &Value, pretty: bool) -> Vec<u8> {
    if pretty {
        serde_json::to_vec_pretty(value)
    } else {
        serde_json::to_vec(value)
    }
    .unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn any_value_reads_as_serde_json_reads_it(value in any_json(), pretty in any::<bool>()) {
        agree(&text_of(&value, pretty));
    }

    /// With keys it reads, the scanner reads every value: strings with escapes and
    /// numbers of every kind are handed to serde_json one at a time.
    #[test]
    fn values_with_plain_keys_are_read_by_the_scanner(
        value in any_json().prop_map(plain_keys),
        pretty in any::<bool>(),
    ) {
        prop_assert!(agree(&text_of(&value, pretty)));
    }

    #[test]
    fn edited_pods_read_as_serde_json_reads_them(
        edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..4)
    ) {
        let mut text = POD.as_bytes().to_vec();
        for (at, byte) in edits {
            let at = at.index(text.len());
            text[at] = byte;
        }
        agree(&text);
    }
}

#[test]
fn reads_the_values_of_a_whole_input_without_giving_up() {
    let value: Value = serde_json::from_str(POD).unwrap();
    let compact = serde_json::to_vec(&value).unwrap();
    assert!(agree(&compact));
}
