//! JSON Pointers (RFC 6901): every diagnostic and patch operation names its place with one.

use std::borrow::Cow;

use serde_json::Value;

use super::json_writer::push_decimal;

/// Escapes one reference token: `~` becomes `~0` and `/` becomes `~1`.
pub fn escape(token: &str) -> String {
    let mut out = String::with_capacity(token.len());
    push_escaped(&mut out, token);
    out
}

fn push_escaped(out: &mut String, token: &str) {
    // Copied in runs between the bytes escaped, which are ASCII: each run is whole characters.
    let mut run = 0;
    for (at, byte) in token.bytes().enumerate() {
        let escaped = match byte {
            b'~' => "~0",
            b'/' => "~1",
            _ => continue,
        };
        out.push_str(token.get(run..at).unwrap_or_default());
        out.push_str(escaped);
        run = at + 1;
    }
    out.push_str(token.get(run..).unwrap_or_default());
}

/// The length of `token` escaped: a pointer is built in one allocation of that size.
fn escaped_len(token: &str) -> usize {
    token.len() + token.bytes().filter(|&b| b == b'~' || b == b'/').count()
}

/// A pointer built token by token, so that no caller has to remember the escaping.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Pointer(String);

impl Pointer {
    pub fn root() -> Self {
        Pointer(String::new())
    }

    /// Parses a pointer written by hand in this crate, such as `/spec/template`.
    pub fn from_static(path: &str) -> Self {
        Pointer(path.to_owned())
    }

    pub fn key(&self, token: &str) -> Self {
        let mut path = String::with_capacity(self.0.len() + escaped_len(token) + 1);
        path.push_str(&self.0);
        path.push('/');
        push_escaped(&mut path, token);
        Pointer(path)
    }

    /// The pointer `keys` below this one.
    pub fn keys(&self, keys: &[&str]) -> Self {
        Pointer::at(&self.0, keys)
    }

    /// The pointer `keys` below `base`, a pointer as text: built only when needed, since
    /// most of what is read has no problem to point at.
    pub fn at(base: &str, keys: &[&str]) -> Self {
        let mut path = String::with_capacity(
            base.len() + keys.iter().map(|k| escaped_len(k) + 1).sum::<usize>(),
        );
        path.push_str(base);
        for key in keys {
            path.push('/');
            push_escaped(&mut path, key);
        }
        Pointer(path)
    }

    pub fn index(&self, index: usize) -> Self {
        Pointer(Pointer::item(&self.0, index))
    }

    /// The pointer to item `index` of the array at `base`, as text: written without `format!`,
    /// which costs as much as checking a cache (this names every cache of a list).
    pub fn item(base: &str, index: usize) -> String {
        let mut path = String::new();
        Pointer::push_item(&mut path, base, index);
        path
    }

    /// Appends the pointer to item `index` of the array at `base` to `path`.
    pub fn push_item(path: &mut String, base: &str, index: usize) {
        // An index has at most 20 digits.
        path.reserve(base.len() + 21);
        path.push_str(base);
        path.push('/');
        push_decimal(path, index as u64);
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The pointer as text, without a copy.
    pub fn into_string(self) -> String {
        self.0
    }

    /// The value this pointer names in `value`, found as `Value::pointer` finds it. That one
    /// unescapes each token with `str::replace`, which compiles `replace` and one more
    /// instance of the two-way string searcher into the WebAssembly builds.
    pub fn find<'v>(&self, value: &'v Value) -> Option<&'v Value> {
        if self.0.is_empty() {
            return Some(value);
        }
        let mut found = value;
        for token in self.0.strip_prefix('/')?.split('/') {
            found = match found {
                Value::Object(map) => map.get(unescape(token).as_ref())?,
                Value::Array(items) => items.get(array_index(token)?)?,
                _ => return None,
            };
        }
        Some(found)
    }
}

/// One reference token read back: `~1` is `/` and `~0` is `~` (any other `~` is kept).
pub fn unescape(token: &str) -> Cow<'_, str> {
    if !token.contains('~') {
        return Cow::Borrowed(token);
    }
    let mut out = String::with_capacity(token.len());
    let mut chars = token.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, chars.peek()) {
            ('~', Some('1')) => out.push('/'),
            ('~', Some('0')) => out.push('~'),
            _ => {
                out.push(c);
                continue;
            }
        }
        chars.next();
    }
    Cow::Owned(out)
}

/// An array index token: digits without a sign or a leading zero.
fn array_index(token: &str) -> Option<usize> {
    if token.starts_with('+') || (token.starts_with('0') && token.len() != 1) {
        return None;
    }
    token.parse().ok()
}

impl std::fmt::Display for Pointer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_items_by_their_index() {
        for index in [0, 7, 10, 99, 12_345, usize::MAX] {
            assert_eq!(
                Pointer::item("/imageCaches", index),
                format!("/imageCaches/{index}")
            );
        }
        assert_eq!(Pointer::root().index(3).as_str(), "/3");
    }

    #[test]
    fn escapes_slash_and_tilde_in_keys() {
        let p = Pointer::root()
            .key("metadata")
            .key("annotations")
            .key("k8s.aliyun.com/eci-imc-id");
        assert_eq!(
            p.as_str(),
            "/metadata/annotations/k8s.aliyun.com~1eci-imc-id"
        );
        assert_eq!(Pointer::root().key("a~/b").as_str(), "/a~0~1b");
        assert_eq!(Pointer::root().key("c").index(3).as_str(), "/c/3");
    }

    #[test]
    fn finds_what_serde_json_finds() {
        let value = serde_json::json!({
            "a/b": {"~": [10, {"c": 1}]}, "": {"": 2}, "~01": 3, "~1": 4, "x": [5], "~": 6,
        });
        for path in [
            "",
            "/",
            "//",
            "/a~1b",
            "/a~1b/~0",
            "/a~1b/~0/0",
            "/a~1b/~0/1/c",
            "/a~1b/~0/2",
            "/a~1b/~0/01",
            "/a~1b/~0/+1",
            "/a~1b/~0/-",
            "/~001",
            "/~01",
            "/~1",
            "/~",
            "/~2",
            "/x/0",
            "/x/00",
            "/x/0/y",
            "/missing",
            "a",
            "/x/18446744073709551616",
        ] {
            assert_eq!(
                Pointer::from_static(path).find(&value),
                value.pointer(path),
                "{path}"
            );
        }
    }

    proptest::proptest! {
        #[test]
        fn any_token_escapes_and_reads_back(token in "[a~/é0-9]{0,12}") {
            let pointer = Pointer::root().key(&token);
            let escaped = &pointer.as_str()[1..];
            proptest::prop_assert!(!escaped.contains('/'));
            proptest::prop_assert_eq!(unescape(escaped), token.as_str());
            // Built in one allocation of the exact size.
            proptest::prop_assert_eq!(pointer.0.capacity(), pointer.0.len());
        }
    }
}
