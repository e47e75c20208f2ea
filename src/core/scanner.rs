//! A JSON scanner for the common case, at the speed of skipping bytes: the catalogue's fast
//! way through a cache list (`catalogue::scan`). It accepts JSON exactly as serde_json reads
//! it, but gives up ([`Unusual`]) on whatever it does not handle exactly as serde_json and
//! the limits would: an escape in a string it must return, a number that is not a whole
//! number where a value is read, nesting past half the depth limit, any syntax error. The
//! caller then reads the bytes again with the serde reader, which gives the answer, or the
//! error, it always gave. Giving up is always safe; accepting what that reader refuses, or
//! reading a value differently, never is (`catalogue::scan`'s tests hold the two together).
//!
//! Values are skipped in one of two ways, as the serde reader skips them: `checked`, as a
//! value read within the limits (`json::Skim`: strings and keys are valid UTF-8 and within
//! `MAX_STRING_BYTES`, escapes decode, numbers fit an `f64`), or not (`IgnoredAny`: serde_json
//! only checks the syntax).

use std::str;

use super::limits::{MAX_DEPTH, MAX_STRING_BYTES};

/// The input holds something the scanner leaves to the serde reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unusual;

pub type Scan<T> = Result<T, Unusual>;

/// Nesting past this is left to the serde reader: well inside both `MAX_DEPTH` and
/// serde_json's own limit (128), so that neither is ever reached here.
const MAX_SCAN_DEPTH: usize = MAX_DEPTH / 2;

#[derive(Clone)]
pub struct Scanner<'de> {
    bytes: &'de [u8],
    pos: usize,
    depth: usize,
}

impl<'de> Scanner<'de> {
    pub fn new(bytes: &'de [u8]) -> Self {
        Scanner {
            bytes,
            pos: 0,
            depth: 0,
        }
    }

    /// The next byte that is not whitespace, not consumed.
    #[inline]
    pub fn peek(&mut self) -> Option<u8> {
        self.pos = whitespace(self.bytes, self.pos);
        self.bytes.get(self.pos).copied()
    }

    /// Whether nothing but whitespace is left.
    pub fn at_end(&mut self) -> bool {
        self.peek().is_none()
    }

    #[inline]
    fn eat(&mut self, byte: u8) -> Scan<()> {
        if self.peek() != Some(byte) {
            return Err(Unusual);
        }
        self.pos += 1;
        Ok(())
    }

    /// `true`, `false` or `null`, spelled out in `word`.
    pub fn literal(&mut self, word: &[u8]) -> Scan<()> {
        self.peek();
        self.pos = literal(self.bytes, self.pos, word)?;
        Ok(())
    }

    /// A string without escapes, as the serde reader borrows it.
    pub fn string(&mut self) -> Scan<&'de str> {
        let raw = self.plain_string()?;
        if raw.len() > MAX_STRING_BYTES {
            return Err(Unusual);
        }
        if raw.is_ascii() {
            // SAFETY: ASCII is valid UTF-8. Checked a word at a time, it costs a fifth of
            // what `from_utf8` spends on the short strings a cache is made of.
            return Ok(unsafe { str::from_utf8_unchecked(raw) });
        }
        str::from_utf8(raw).map_err(|_| Unusual)
    }

    /// The bytes of a string without escapes or control characters, else left to serde.
    #[inline]
    fn plain_string(&mut self) -> Scan<&'de [u8]> {
        self.eat(b'"')?;
        let start = self.pos;
        self.pos += to_special(self.bytes.get(start..).unwrap_or_default());
        if self.bytes.get(self.pos) != Some(&b'"') {
            return Err(Unusual);
        }
        self.pos += 1;
        Ok(&self.bytes[start..self.pos - 1])
    }

    /// A key to match against names: ASCII without escapes, else left to serde.
    fn key(&mut self) -> Scan<&'de [u8]> {
        let key = self.plain_string()?;
        if !key.is_ascii() {
            return Err(Unusual);
        }
        Ok(key)
    }

    /// A whole number that fits a `u64`, as serde_json gives it to `visit_u64`.
    pub fn whole_number(&mut self) -> Scan<u64> {
        self.peek();
        let start = self.pos;
        self.pos = number(self.bytes, start, true)?;
        // Overflow is found by comparing with constants, not by a checked multiplication:
        // in WebAssembly, which has no 64-bit high multiply, that is a call of a 128-bit
        // one for every digit.
        const MAX_TENS: u64 = u64::MAX / 10;
        const MAX_LAST: u64 = u64::MAX % 10;
        self.bytes[start..self.pos]
            .iter()
            .try_fold(0u64, |n, &digit| {
                let digit = u64::from(digit.checked_sub(b'0').filter(|d| *d < 10)?);
                (n < MAX_TENS || (n == MAX_TENS && digit <= MAX_LAST)).then(|| n * 10 + digit)
            })
            .ok_or(Unusual)
    }

    /// The bytes of one value, skipped syntax only: for a reader that reads them again.
    pub fn value_bytes(&mut self) -> Scan<&'de [u8]> {
        self.peek();
        let start = self.pos;
        self.skip(false)?;
        Ok(&self.bytes[start..self.pos])
    }

    /// Skips one value, `checked` or not (see the module's comment).
    pub fn skip(&mut self, checked: bool) -> Scan<()> {
        self.pos = skip(
            self.bytes,
            self.pos,
            MAX_SCAN_DEPTH.saturating_sub(self.depth),
            checked,
        )?;
        Ok(())
    }

    fn enter(&mut self) -> Scan<()> {
        self.depth += 1;
        if self.depth > MAX_SCAN_DEPTH {
            return Err(Unusual);
        }
        Ok(())
    }

    /// An object: `each` is given every key, and must read its value.
    // `dyn`: one instance for every object read, the WebAssembly builds' size kept.
    pub fn members(&mut self, each: &mut dyn FnMut(&mut Self, &'de [u8]) -> Scan<()>) -> Scan<()> {
        self.eat(b'{')?;
        self.enter()?;
        if self.peek() == Some(b'}') {
            self.pos += 1;
        } else {
            loop {
                let key = self.key()?;
                self.eat(b':')?;
                each(self, key)?;
                if self.close(b'}')? {
                    break;
                }
            }
        }
        self.depth -= 1;
        Ok(())
    }

    /// An array: `each` is given every index, and must read its element. Gives the length.
    pub fn elements(&mut self, each: &mut dyn FnMut(&mut Self, usize) -> Scan<()>) -> Scan<usize> {
        self.eat(b'[')?;
        self.enter()?;
        let mut len = 0;
        if self.peek() == Some(b']') {
            self.pos += 1;
        } else {
            loop {
                each(self, len)?;
                len += 1;
                if self.close(b']')? {
                    break;
                }
            }
        }
        self.depth -= 1;
        Ok(len)
    }

    /// After a member or an element: a comma (`false`: another follows) or `end`.
    #[inline]
    fn close(&mut self, end: u8) -> Scan<bool> {
        match self.peek() {
            Some(b',') => {
                self.pos += 1;
                Ok(false)
            }
            Some(byte) if byte == end => {
                self.pos += 1;
                Ok(true)
            }
            _ => Err(Unusual),
        }
    }
}

// The steps below take the position and give the one after what they read, so that a
// value is skipped in one loop with the position in a register: the most common work.

#[inline(always)]
fn whitespace(bytes: &[u8], mut pos: usize) -> usize {
    while let Some(b' ' | b'\n' | b'\t' | b'\r') = bytes.get(pos) {
        pos += 1;
    }
    pos
}

/// One value, `checked` or not, with at most `room` containers open: one loop over the
/// bytes, the containers open kept as bits (set for an object), not a recursion.
fn skip(bytes: &[u8], mut pos: usize, room: usize, checked: bool) -> Scan<usize> {
    let mut open: u64 = 0;
    let mut depth = 0;
    let mut specials = Specials::NONE;
    loop {
        // A value is expected.
        pos = whitespace(bytes, pos);
        match bytes.get(pos).copied().ok_or(Unusual)? {
            b'"' => pos = string(bytes, pos, checked, &mut specials)?,
            container @ (b'{' | b'[') => {
                pos = whitespace(bytes, pos + 1);
                depth += 1;
                if depth > room {
                    return Err(Unusual);
                }
                let object = container == b'{';
                open = open << 1 | u64::from(object);
                let end = if object { b'}' } else { b']' };
                if bytes.get(pos) == Some(&end) {
                    pos += 1;
                    open >>= 1;
                    depth -= 1;
                } else {
                    if object {
                        pos = key(bytes, pos, checked, &mut specials)?;
                    }
                    continue;
                }
            }
            b't' => pos = literal(bytes, pos, b"true")?,
            b'f' => pos = literal(bytes, pos, b"false")?,
            b'n' => pos = literal(bytes, pos, b"null")?,
            b'-' | b'0'..=b'9' => pos = number(bytes, pos, checked)?,
            _ => return Err(Unusual),
        }
        // A value was read: close what it ends.
        loop {
            if depth == 0 {
                return Ok(pos);
            }
            let object = open & 1 == 1;
            pos = whitespace(bytes, pos);
            match bytes.get(pos) {
                Some(b',') => {
                    if object {
                        pos = key(bytes, whitespace(bytes, pos + 1), checked, &mut specials)?;
                    } else {
                        pos += 1;
                    }
                    break;
                }
                Some(b'}') if object => {}
                Some(b']') if !object => {}
                _ => return Err(Unusual),
            }
            pos += 1;
            open >>= 1;
            depth -= 1;
        }
    }
}

/// A key and its colon, at the key's opening quote.
#[inline(always)]
fn key(bytes: &[u8], pos: usize, checked: bool, specials: &mut Specials) -> Scan<usize> {
    if bytes.get(pos) != Some(&b'"') {
        return Err(Unusual);
    }
    let pos = whitespace(bytes, string(bytes, pos, checked, specials)?);
    if bytes.get(pos) != Some(&b':') {
        return Err(Unusual);
    }
    Ok(pos + 1)
}

/// A string, at its opening quote. Read (`checked`), within the limits: valid UTF-8, not
/// longer than `MAX_STRING_BYTES`.
#[inline(always)]
fn string(bytes: &[u8], mut pos: usize, checked: bool, specials: &mut Specials) -> Scan<usize> {
    pos += 1;
    let start = pos;
    loop {
        pos = specials.next(bytes, pos);
        match bytes.get(pos) {
            Some(b'"') => break,
            Some(b'\\') => pos = escape(bytes, pos, checked)?,
            // A control character, or the end of the input.
            _ => return Err(Unusual),
        }
    }
    if checked {
        let raw = &bytes[start..pos];
        // Unescaped, a string is no longer than its bytes: within the limit when they are.
        // Escapes are ASCII, so the text is valid exactly when the bytes between them are.
        if raw.len() > MAX_STRING_BYTES || !raw.is_ascii() && str::from_utf8(raw).is_err() {
            return Err(Unusual);
        }
    }
    Ok(pos + 1)
}

/// One escape, at its backslash: those serde_json skips. Read (`checked`), a `\u` escape of
/// a surrogate must be paired; that is left to serde.
fn escape(bytes: &[u8], pos: usize, checked: bool) -> Scan<usize> {
    match bytes.get(pos + 1) {
        Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => Ok(pos + 2),
        Some(b'u') => {
            let hex = bytes.get(pos + 2..pos + 6).ok_or(Unusual)?;
            let mut code = 0;
            for &digit in hex {
                code = code * 16 + char::from(digit).to_digit(16).ok_or(Unusual)?;
            }
            if checked && (0xD800..0xE000).contains(&code) {
                return Err(Unusual);
            }
            Ok(pos + 6)
        }
        _ => Err(Unusual),
    }
}

/// `true`, `false` or `null`, spelled out in `word`.
#[inline(always)]
fn literal(bytes: &[u8], pos: usize, word: &[u8]) -> Scan<usize> {
    if !bytes.get(pos..).unwrap_or_default().starts_with(word) {
        return Err(Unusual);
    }
    Ok(pos + word.len())
}

/// A number, by JSON's grammar. Read (`checked`), only an integer of at most 20 digits: a
/// longer one, a fraction or an exponent could pass `f64`'s range, which serde_json refuses
/// there.
fn number(bytes: &[u8], start: usize, checked: bool) -> Scan<usize> {
    let mut pos = start;
    if bytes.get(pos) == Some(&b'-') {
        pos += 1;
    }
    match bytes.get(pos) {
        Some(b'0') => pos += 1,
        Some(b'1'..=b'9') => pos = digits(bytes, pos),
        _ => return Err(Unusual),
    }
    let integral = pos;
    if bytes.get(pos) == Some(&b'.') {
        pos = some_digits(bytes, pos + 1)?;
    }
    if let Some(b'e' | b'E') = bytes.get(pos) {
        pos += 1;
        if let Some(b'+' | b'-') = bytes.get(pos) {
            pos += 1;
        }
        pos = some_digits(bytes, pos)?;
    }
    if checked && (pos != integral || integral - start > 20) {
        return Err(Unusual);
    }
    Ok(pos)
}

fn digits(bytes: &[u8], mut pos: usize) -> usize {
    while let Some(b'0'..=b'9') = bytes.get(pos) {
        pos += 1;
    }
    pos
}

fn some_digits(bytes: &[u8], start: usize) -> Scan<usize> {
    let pos = digits(bytes, start);
    if pos == start {
        return Err(Unusual);
    }
    Ok(pos)
}

mod search;
mod value;

pub(crate) use search::to_special;
use search::Specials;

#[cfg(test)]
mod tests;
