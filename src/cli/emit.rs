//! JSON values written as block YAML, for `explain`'s diff and the ImageCache to create.
//! Strings are quoted (as JSON strings, which YAML reads the same) whenever a plain scalar
//! would read back as something else.

use serde_json::Value;

use super::yaml::plain_scalar;

pub fn to_yaml(value: &Value) -> String {
    let mut out = String::new();
    match value {
        Value::Object(map) if !map.is_empty() => mapping(map, 0, &mut out),
        Value::Array(items) if !items.is_empty() => sequence(items, 0, &mut out),
        other => {
            out.push_str(&scalar(other));
            out.push('\n');
        }
    }
    out
}

fn indent(n: usize, out: &mut String) {
    out.extend(std::iter::repeat_n(' ', n));
}

fn mapping(map: &serde_json::Map<String, Value>, level: usize, out: &mut String) {
    for (key, value) in map {
        indent(level, out);
        out.push_str(&string(key));
        out.push(':');
        child(value, level + 2, out);
    }
}

fn sequence(items: &[Value], level: usize, out: &mut String) {
    for item in items {
        indent(level, out);
        out.push('-');
        match item {
            // A mapping in a sequence starts on the dash's line.
            Value::Object(map) if !map.is_empty() => {
                let mut inner = String::new();
                mapping(map, level + 2, &mut inner);
                out.push(' ');
                out.push_str(inner.trim_start());
            }
            other => child(other, level + 2, out),
        }
    }
}

fn child(value: &Value, level: usize, out: &mut String) {
    match value {
        Value::Object(map) if !map.is_empty() => {
            out.push('\n');
            mapping(map, level, out);
        }
        Value::Array(items) if !items.is_empty() => {
            out.push('\n');
            sequence(items, level, out);
        }
        other => {
            out.push(' ');
            out.push_str(&scalar(other));
            out.push('\n');
        }
    }
}

fn scalar(value: &Value) -> String {
    match value {
        Value::String(s) => string(s),
        Value::Object(_) => "{}".to_owned(),
        Value::Array(_) => "[]".to_owned(),
        other => other.to_string(),
    }
}

fn string(s: &str) -> String {
    let plain_safe = !s.is_empty()
        && !s.starts_with(|c: char| "-?:,[]{}#&*!|>'\"%@` ".contains(c))
        && !s.ends_with([' ', ':'])
        && !s.contains(": ")
        && !s.contains(" #")
        && !s.chars().any(char::is_control)
        && plain_scalar(s) == Value::String(s.to_owned());
    if plain_safe {
        s.to_owned()
    } else {
        Value::String(s.to_owned()).to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::yaml::documents;
    use serde_json::json;

    #[test]
    fn what_is_written_reads_back_the_same() {
        let value = json!({"kind": "Pod", "metadata": {"annotations": {"a/b": "true", "n": "1", "s": "x: y", "e": ""}},
                           "spec": {"containers": [{"name": "c", "image": "nginx:1.25", "args": ["-c", "#x"]}], "empty": [], "none": null}});
        let text = to_yaml(&value);
        let read: Vec<_> = documents(&text, false)
            .map(|d| d.map(|d| d.value))
            .collect();
        assert_eq!(read, [Ok(value)], "{text}");
        assert!(
            text.contains("  containers:\n    - args:\n        - \"-c\"\n        - \"#x\"\n      image: nginx:1.25\n"),
            "{text}"
        );
    }
}
