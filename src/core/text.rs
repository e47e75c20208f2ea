//! [`Text`]: a string of the input that a catalogue keeps and its reports repeat.

use std::borrow::Borrow;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::ops::Deref;
use std::sync::Arc;

use serde::{Serialize, Serializer};

/// The longest text kept inline. A cache's id (`imc-` and 20 characters), a time as the
/// API server writes it, a cache's path in a list and most object names fit.
const INLINE: usize = 30;

/// A string kept by a catalogue and copied into its reports: inline when short, shared
/// when longer. The texts a list of caches holds are short, so reading one costs no
/// allocation (four for each cache when every text was an `Arc<str>`), and neither does
/// copying it into a report. Behaves as the `str` it holds.
#[derive(Clone)]
pub struct Text(Repr);

#[derive(Clone)]
enum Repr {
    /// `bytes[..len]` is always a whole `str`, copied by `From<&str>`.
    Inline {
        len: u8,
        bytes: [u8; INLINE],
    },
    Shared(Arc<str>),
}

impl From<&str> for Text {
    fn from(text: &str) -> Self {
        Text(match u8::try_from(text.len()) {
            Ok(len) if text.len() <= INLINE => {
                let mut bytes = [0; INLINE];
                copy_short(&mut bytes, text.as_bytes());
                Repr::Inline { len, bytes }
            }
            _ => Repr::Shared(Arc::from(text)),
        })
    }
}

/// Shares `text` as it is, however short: it is allocated already.
impl From<Arc<str>> for Text {
    fn from(text: Arc<str>) -> Self {
        Text(Repr::Shared(text))
    }
}

impl Deref for Text {
    type Target = str;
    fn deref(&self) -> &str {
        match &self.0 {
            Repr::Inline { len, bytes } => {
                let bytes = bytes.get(..usize::from(*len)).unwrap_or_default();
                // SAFETY: an inline text's bytes were copied whole from a `str` (`From<&str>`)
                // and are never changed.
                unsafe { std::str::from_utf8_unchecked(bytes) }
            }
            Repr::Shared(text) => text,
        }
    }
}

impl Borrow<str> for Text {
    fn borrow(&self) -> &str {
        self
    }
}

impl PartialEq for Text {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

impl Eq for Text {}

impl PartialOrd for Text {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Text {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (**self).cmp(&**other)
    }
}

impl Hash for Text {
    fn hash<H: Hasher>(&self, state: &mut H) {
        (**self).hash(state);
    }
}

impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        fmt::Debug::fmt(&**self, f)
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(self)
    }
}

impl Serialize for Text {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self)
    }
}

/// Copies `from` to the start of `to`, which must be at least as long (else nothing is
/// copied). Up to 32 bytes are moved as two overlapping pieces of a fixed size, which
/// compile to loads and stores: a copy of a length known only when run is a call of
/// `memcpy`, and in WebAssembly a call into the host, for texts of a few bytes each.
pub fn copy_short(to: &mut [u8], from: &[u8]) {
    let n = from.len();
    let Some(to) = to.get_mut(..n) else {
        return;
    };
    match n {
        0 => {}
        1..=3 => {
            for at in [0, n / 2, n - 1] {
                piece::<1>(to, from, at);
            }
        }
        4..=7 => {
            piece::<4>(to, from, 0);
            piece::<4>(to, from, n - 4);
        }
        8..=15 => {
            piece::<8>(to, from, 0);
            piece::<8>(to, from, n - 8);
        }
        16..=32 => {
            piece::<16>(to, from, 0);
            piece::<16>(to, from, n - 16);
        }
        _ => to.copy_from_slice(from),
    }
}

/// `from[at..at + N]` copied to `to[at..at + N]`, when both are there.
#[inline(always)]
fn piece<const N: usize>(to: &mut [u8], from: &[u8], at: usize) {
    let to = to.get_mut(at..).and_then(<[u8]>::first_chunk_mut::<N>);
    let from = from.get(at..).and_then(<[u8]>::first_chunk::<N>);
    if let (Some(to), Some(from)) = (to, from) {
        *to = *from;
    }
}

/// Whether `a` and `b` are the same text, compared eight bytes at a time: the keys of the
/// catalogue's indexes are compared on every hit, and in WebAssembly `==` on texts calls
/// wasi-libc's `memcmp`, a loop over single bytes.
pub fn same(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let (mut words_a, mut words_b) = (a.chunks_exact(8), b.chunks_exact(8));
    // Always eight bytes: the conversion folds away.
    let word = |chunk: &[u8]| <[u8; 8]>::try_from(chunk).map(u64::from_ne_bytes).ok();
    for (x, y) in (&mut words_a).zip(&mut words_b) {
        if word(x) != word(y) {
            return false;
        }
    }
    words_a.remainder() == words_b.remainder()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_copies_copy_every_byte_and_nothing_more() {
        let from: Vec<u8> = (1..=40).collect();
        for len in 0..=from.len() {
            let mut to = [0u8; 48];
            copy_short(&mut to, &from[..len]);
            assert_eq!(&to[..len], &from[..len], "{len}");
            assert!(to[len..].iter().all(|&b| b == 0), "{len}");
        }
        let mut short = [0u8; 4];
        copy_short(&mut short, &from[..8]);
        assert_eq!(short, [0; 4]);
    }

    #[test]
    fn same_texts_are_found_same_at_every_length_and_place_of_a_difference() {
        let text = "registry.cn-hangzhou.aliyuncs.com/acme/api:1.0";
        for len in 0..=text.len() {
            let a = &text[..len];
            // A copy elsewhere in memory: the bytes are compared, not the places.
            let copy = String::from(a);
            assert!(same(a, copy.as_str()));
            assert!(!same(a, text) || len == text.len());
            for at in 0..len {
                let mut other = a.as_bytes().to_vec();
                other[at] = b'#';
                let other = String::from_utf8(other).unwrap();
                assert!(!same(a, &other), "{a} ~ {other}");
            }
        }
    }
    use rstest::rstest;

    #[rstest]
    #[case::empty("")]
    #[case::cache_id("imc-2zebxkiifuyzzlhuwqdu")]
    #[case::thirty_bytes("abcdefghijklmnopqrstuvwxyz0123")]
    #[case::thirty_one_bytes("abcdefghijklmnopqrstuvwxyz01234")]
    #[case::multi_byte_at_the_edge("abcdefghijklmnopqrstuvwxyz012é")]
    #[case::long_name("a-name-far-longer-than-thirty-bytes-for-a-cache-of-the-cluster")]
    fn holds_the_string_it_was_given(#[case] given: &str) {
        let text = Text::from(given);
        assert_eq!(&*text, given);
        assert_eq!(&*text.clone(), given);
        assert_eq!(text.to_string(), given);
        assert_eq!(format!("{text:?}"), format!("{given:?}"));
        assert_eq!(
            serde_json::to_string(&text).unwrap(),
            serde_json::to_string(given).unwrap()
        );
    }

    #[test]
    fn short_texts_are_inline_and_long_ones_shared() {
        assert!(matches!(
            Text::from("imc-2zebxkiifuyzzlhuwqdu").0,
            Repr::Inline { len: 24, .. }
        ));
        assert!(matches!(Text::from(&*"x".repeat(31)).0, Repr::Shared(_)));
        assert_eq!(std::mem::size_of::<Option<Text>>(), 32);
    }

    #[test]
    fn compares_as_its_string_whatever_its_form() {
        let (a, long, z) = (
            Text::from("a"),
            Text::from(&*"y".repeat(40)),
            Text::from("z"),
        );
        assert_eq!(long, Text::from(&*"y".repeat(40)));
        assert!(a < long && long < z);
    }
}
