//! Scalars under the YAML 1.2 core schema, as the playground's parser reads them.

use saphyr_parser::{ScalarStyle, Tag};
use serde_json::{Number, Value};

/// A plain scalar's value, as in a document (for `--set key=value`).
pub fn plain_scalar(text: &str) -> Value {
    scalar(text, ScalarStyle::Plain, None)
}

/// A scalar under the YAML 1.2 core schema: quoted and block scalars are strings, plain
/// ones may be null, booleans or numbers; `!!str` keeps the text.
pub(super) fn scalar(text: &str, style: ScalarStyle, tag: Option<&Tag>) -> Value {
    let tagged_str = tag.is_some_and(|t| t.is_yaml_core_schema() && t.suffix == "str");
    if style != ScalarStyle::Plain || tagged_str {
        return Value::String(text.to_owned());
    }
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        "true" | "True" | "TRUE" => return Value::Bool(true),
        "false" | "False" | "FALSE" => return Value::Bool(false),
        _ => {}
    }
    number(text).unwrap_or_else(|| Value::String(text.to_owned()))
}

fn number(text: &str) -> Option<Value> {
    let first = text.as_bytes().first()?;
    if !(first.is_ascii_digit() || matches!(first, b'-' | b'+' | b'.')) {
        return None;
    }
    if let Some(hex) = text.strip_prefix("0x") {
        return u64::from_str_radix(hex, 16).ok().map(Value::from);
    }
    if let Some(oct) = text.strip_prefix("0o") {
        return u64::from_str_radix(oct, 8).ok().map(Value::from);
    }
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        if let Ok(i) = text.parse::<i64>() {
            return Some(Value::from(i));
        }
        if let Ok(u) = text.trim_start_matches('+').parse::<u64>() {
            return Some(Value::from(u));
        }
    }
    let float_like = digits.bytes().any(|b| b.is_ascii_digit())
        && digits
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'-' | b'+'));
    if !float_like {
        return None;
    }
    // Infinity and NaN (`.inf`, `.nan`) have no JSON form: they stay text.
    let f: f64 = text.trim_start_matches('+').parse().ok()?;
    Number::from_f64(f).map(Value::Number)
}
