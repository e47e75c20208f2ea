//! Finding the bytes that end a plain run of a JSON string: a quote, a backslash or a
//! control character. The scanner's strings and the JSON writer's both stop there.

/// The quotes, backslashes and control characters of 64 bytes of the input, a bit each:
/// the strings of a value skipped are searched a window at a time, and most end in the
/// window that the string before them loaded, found with a shift and a bit scan instead
/// of a search of their own (a cache list's strings are short, and its events many).
#[cfg(target_arch = "x86_64")]
pub(super) struct Specials {
    start: usize,
    end: usize,
    bits: u64,
}

/// Where SSE2 is not, each string is searched on its own: the eight-byte search marks the
/// first special byte exactly, but not always those after it.
#[cfg(not(target_arch = "x86_64"))]
pub(super) struct Specials;

impl Specials {
    /// No window yet: the first search loads one.
    #[cfg(target_arch = "x86_64")]
    pub(super) const NONE: Specials = Specials {
        start: 0,
        end: 0,
        bits: 0,
    };
    #[cfg(not(target_arch = "x86_64"))]
    pub(super) const NONE: Specials = Specials;

    /// The position of the first special byte at or after `pos` (the input's length if none).
    #[cfg(target_arch = "x86_64")]
    #[inline(always)]
    pub(super) fn next(&mut self, bytes: &[u8], mut pos: usize) -> usize {
        loop {
            if pos >= self.start && pos < self.end {
                let bits = self.bits >> (pos - self.start);
                if bits != 0 {
                    return pos + bits.trailing_zeros() as usize;
                }
                pos = self.end;
            }
            match bytes.get(pos..).and_then(<[u8]>::first_chunk::<64>) {
                Some(window) => {
                    self.bits = specials_of_window(window);
                    (self.start, self.end) = (pos, pos + 64);
                }
                // Fewer than 64 bytes left: the end of the input, searched as it comes.
                None => return pos + to_special(bytes.get(pos..).unwrap_or_default()),
            }
        }
    }

    #[cfg(not(target_arch = "x86_64"))]
    #[inline(always)]
    pub(super) fn next(&mut self, bytes: &[u8], pos: usize) -> usize {
        pos + to_special(bytes.get(pos..).unwrap_or_default())
    }
}

/// The special bytes of a 64-byte `window`, a bit each, the first byte the lowest bit.
#[cfg(target_arch = "x86_64")]
#[inline(always)]
fn specials_of_window(window: &[u8; 64]) -> u64 {
    let mut bits = 0;
    for (i, chunk) in window.chunks_exact(16).enumerate() {
        // Always sixteen bytes: the conversion folds away.
        if let Ok(chunk) = <&[u8; 16]>::try_from(chunk) {
            bits |= u64::from(specials_of_chunk(chunk)) << (16 * i);
        }
    }
    bits
}

/// The special bytes of sixteen bytes, a bit each (SSE2: every x86-64 processor).
#[cfg(target_arch = "x86_64")]
#[inline(always)]
fn specials_of_chunk(chunk: &[u8; 16]) -> u16 {
    use std::arch::x86_64::{
        __m128i, _mm_cmpeq_epi8, _mm_loadu_si128, _mm_min_epu8, _mm_movemask_epi8, _mm_or_si128,
        _mm_set1_epi8,
    };
    // SAFETY: SSE2 is part of x86-64, and the sixteen bytes loaded are `chunk`'s.
    let found = unsafe {
        let chars = _mm_loadu_si128(chunk.as_ptr().cast::<__m128i>());
        let quote = _mm_cmpeq_epi8(chars, _mm_set1_epi8(b'"' as i8));
        let backslash = _mm_cmpeq_epi8(chars, _mm_set1_epi8(b'\\' as i8));
        // Below 0x20 exactly when its unsigned minimum with 0x1f is the byte itself.
        let control = _mm_cmpeq_epi8(_mm_min_epu8(chars, _mm_set1_epi8(0x1f)), chars);
        _mm_movemask_epi8(_mm_or_si128(_mm_or_si128(quote, backslash), control))
    };
    // The mask of sixteen bytes is sixteen bits.
    found as u16
}

/// The offset of the first quote, backslash or control character in `bytes` (its length if
/// none): sixteen bytes at a time where SSE2 is (every x86-64 processor), the rest as below.
#[cfg(target_arch = "x86_64")]
#[inline]
pub(crate) fn to_special(bytes: &[u8]) -> usize {
    let mut offset = 0;
    while let Some(chunk) = bytes.get(offset..offset + 16) {
        // Always sixteen bytes: the conversion folds away.
        let Ok(chunk) = <&[u8; 16]>::try_from(chunk) else {
            break;
        };
        let found = specials_of_chunk(chunk);
        if found != 0 {
            return offset + found.trailing_zeros() as usize;
        }
        offset += 16;
    }
    offset + to_special_in_tail(bytes.get(offset..).unwrap_or_default())
}

/// [`to_special`] in its last fifteen bytes or fewer, out of line: the scanner searches the
/// rest of a whole document and almost never gets here, and the registers the words take
/// would be saved and restored on every call of the sixteen-byte search (about twenty
/// instructions a string, a string for every twenty bytes of a cache list).
#[cfg(target_arch = "x86_64")]
#[inline(never)]
fn to_special_in_tail(bytes: &[u8]) -> usize {
    to_special_by_words(bytes)
}

/// [`to_special`] where SSE2 is not, as in the WebAssembly builds.
#[cfg(not(target_arch = "x86_64"))]
#[inline]
pub(crate) fn to_special(bytes: &[u8]) -> usize {
    to_special_by_words(bytes)
}

/// [`to_special`] eight bytes at a time, as serde_json searches.
#[inline]
fn to_special_by_words(bytes: &[u8]) -> usize {
    let mut chunks = bytes.chunks_exact(8);
    let mut offset = 0;
    for chunk in &mut chunks {
        let found = special_bytes(chunk);
        if found != 0 {
            return offset + found.trailing_zeros() as usize / 8;
        }
        offset += 8;
    }
    let rest = chunks.remainder();
    if rest.is_empty() {
        return offset;
    }
    match bytes.len().checked_sub(8) {
        // The last eight bytes, those already searched left out: the strings a report
        // writes are short, and most end in a partial chunk.
        Some(last) => {
            let last = bytes.get(last..).unwrap_or_default();
            let found = special_bytes(last) >> (8 * (8 - rest.len()));
            offset + (found.trailing_zeros() as usize / 8).min(rest.len())
        }
        None => {
            offset
                + rest
                    .iter()
                    .position(|&b| b == b'"' || b == b'\\' || b < 0x20)
                    .unwrap_or(rest.len())
        }
    }
}

/// The high bit of each byte of an eight-byte `chunk` that is a quote, a backslash or a
/// control character; exact for the first such byte, which is all that is used (a byte
/// after one may be marked wrongly, never one before).
#[inline(always)]
fn special_bytes(chunk: &[u8]) -> u64 {
    const ONES: u64 = u64::MAX / 255;
    let has_zero = |x: u64| x.wrapping_sub(ONES) & !x;
    let Ok(chunk) = <[u8; 8]>::try_from(chunk) else {
        return 0;
    };
    let chars = u64::from_le_bytes(chunk);
    let control = chars.wrapping_sub(ONES * 0x20) & !chars;
    let quote = has_zero(chars ^ (ONES * u64::from(b'"')));
    let backslash = has_zero(chars ^ (ONES * u64::from(b'\\')));
    (control | quote | backslash) & (ONES << 7)
}

#[cfg(test)]
mod tests;
