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
        while let Some(&byte) = self.bytes.get(self.pos) {
            match byte {
                b' ' | b'\n' | b'\t' | b'\r' => self.pos += 1,
                _ => return Some(byte),
            }
        }
        None
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
        if !self.bytes[self.pos..].starts_with(word) {
            return Err(Unusual);
        }
        self.pos += word.len();
        Ok(())
    }

    /// A string without escapes, as the serde reader borrows it.
    pub fn string(&mut self) -> Scan<&'de str> {
        let raw = self.plain_string()?;
        if raw.len() > MAX_STRING_BYTES {
            return Err(Unusual);
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

    #[inline]
    fn skip_string(&mut self, checked: bool) -> Scan<()> {
        if !checked {
            return self.skip_unchecked_string();
        }
        let raw = self.checked_string()?;
        // Escapes are ASCII, so the text is valid exactly when the bytes between them are.
        if !raw.is_ascii() && str::from_utf8(raw).is_err() {
            return Err(Unusual);
        }
        Ok(())
    }

    /// A string skipped as serde_json skips it, at its opening quote: the most common step,
    /// kept short.
    #[inline]
    fn skip_unchecked_string(&mut self) -> Scan<()> {
        self.pos += 1;
        loop {
            self.pos += to_special(self.bytes.get(self.pos..).unwrap_or_default());
            match self.bytes.get(self.pos) {
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(());
                }
                Some(b'\\') => self.escape(false)?,
                _ => return Err(Unusual),
            }
        }
    }

    /// The bytes between the quotes of a string read within the limits, escapes and all.
    fn checked_string(&mut self) -> Scan<&'de [u8]> {
        self.eat(b'"')?;
        let start = self.pos;
        loop {
            self.pos += to_special(self.bytes.get(self.pos..).unwrap_or_default());
            match self.bytes.get(self.pos) {
                Some(b'"') => break,
                Some(b'\\') => self.escape(true)?,
                // A control character, or the end of the input.
                _ => return Err(Unusual),
            }
        }
        let raw = &self.bytes[start..self.pos];
        self.pos += 1;
        // Unescaped, a string is no longer than its bytes: within the limit when they are.
        if raw.len() > MAX_STRING_BYTES {
            return Err(Unusual);
        }
        Ok(raw)
    }

    /// One escape, at its backslash: those serde_json skips. Read (`checked`), a `\u` escape
    /// of a surrogate must be paired; that is left to serde.
    fn escape(&mut self, checked: bool) -> Scan<()> {
        match self.bytes.get(self.pos + 1) {
            Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => self.pos += 2,
            Some(b'u') => {
                let hex = self.bytes.get(self.pos + 2..self.pos + 6).ok_or(Unusual)?;
                let mut code = 0;
                for &digit in hex {
                    code = code * 16 + char::from(digit).to_digit(16).ok_or(Unusual)?;
                }
                if checked && (0xD800..0xE000).contains(&code) {
                    return Err(Unusual);
                }
                self.pos += 6;
            }
            _ => return Err(Unusual),
        }
        Ok(())
    }

    /// A number, by JSON's grammar. Read (`checked`), only an integer of at most 20 digits:
    /// a longer one, a fraction or an exponent could pass `f64`'s range, which serde_json
    /// refuses there.
    fn number(&mut self, checked: bool) -> Scan<()> {
        let start = self.pos;
        if self.bytes.get(self.pos) == Some(&b'-') {
            self.pos += 1;
        }
        match self.bytes.get(self.pos) {
            Some(b'0') => self.pos += 1,
            Some(b'1'..=b'9') => self.digits(),
            _ => return Err(Unusual),
        }
        let integral = self.pos;
        if self.bytes.get(self.pos) == Some(&b'.') {
            self.pos += 1;
            self.some_digits()?;
        }
        if let Some(b'e' | b'E') = self.bytes.get(self.pos) {
            self.pos += 1;
            if let Some(b'+' | b'-') = self.bytes.get(self.pos) {
                self.pos += 1;
            }
            self.some_digits()?;
        }
        if checked && (self.pos != integral || integral - start > 20) {
            return Err(Unusual);
        }
        Ok(())
    }

    fn digits(&mut self) {
        while let Some(b'0'..=b'9') = self.bytes.get(self.pos) {
            self.pos += 1;
        }
    }

    fn some_digits(&mut self) -> Scan<()> {
        let start = self.pos;
        self.digits();
        if self.pos == start {
            return Err(Unusual);
        }
        Ok(())
    }

    /// A whole number that fits a `u64`, as serde_json gives it to `visit_u64`.
    pub fn whole_number(&mut self) -> Scan<u64> {
        self.peek();
        let start = self.pos;
        self.number(true)?;
        self.bytes[start..self.pos]
            .iter()
            .try_fold(0u64, |n, &digit| {
                let digit = digit.checked_sub(b'0').filter(|d| *d < 10)?;
                n.checked_mul(10)?.checked_add(u64::from(digit))
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

    /// Skips one value, `checked` or not (see the module's comment): one loop over the
    /// bytes, the containers open kept as bits (set for an object), not a recursion.
    pub fn skip(&mut self, checked: bool) -> Scan<()> {
        let mut open: u64 = 0;
        let mut depth = 0;
        loop {
            // A value is expected.
            match self.peek().ok_or(Unusual)? {
                b'"' => self.skip_string(checked)?,
                container @ (b'{' | b'[') => {
                    self.pos += 1;
                    depth += 1;
                    if self.depth + depth > MAX_SCAN_DEPTH {
                        return Err(Unusual);
                    }
                    let object = container == b'{';
                    open = open << 1 | u64::from(object);
                    let end = if object { b'}' } else { b']' };
                    if self.peek() == Some(end) {
                        self.pos += 1;
                        open >>= 1;
                        depth -= 1;
                    } else {
                        if object {
                            self.skip_key(checked)?;
                        }
                        continue;
                    }
                }
                b't' => self.literal(b"true")?,
                b'f' => self.literal(b"false")?,
                b'n' => self.literal(b"null")?,
                b'-' | b'0'..=b'9' => self.number(checked)?,
                _ => return Err(Unusual),
            }
            // A value was read: close what it ends.
            loop {
                if depth == 0 {
                    return Ok(());
                }
                let object = open & 1 == 1;
                match self.peek() {
                    Some(b',') => {
                        self.pos += 1;
                        if object {
                            self.skip_key(checked)?;
                        }
                        break;
                    }
                    Some(b'}') if object => {}
                    Some(b']') if !object => {}
                    _ => return Err(Unusual),
                }
                self.pos += 1;
                open >>= 1;
                depth -= 1;
            }
        }
    }

    /// A key skipped and its colon.
    fn skip_key(&mut self, checked: bool) -> Scan<()> {
        if self.peek() != Some(b'"') {
            return Err(Unusual);
        }
        self.skip_string(checked)?;
        self.eat(b':')
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

/// The offset of the first quote, backslash or control character in `bytes` (its length if
/// none), eight bytes at a time as serde_json finds it.
#[inline]
fn to_special(bytes: &[u8]) -> usize {
    const ONES: u64 = u64::MAX / 255;
    let has_zero = |x: u64| x.wrapping_sub(ONES) & !x;
    let mut chunks = bytes.chunks_exact(8);
    let mut offset = 0;
    for chunk in &mut chunks {
        let Ok(chunk) = <[u8; 8]>::try_from(chunk) else {
            break;
        };
        let chars = u64::from_le_bytes(chunk);
        // Each test is exact for the first byte it finds, which is all that is used.
        let control = chars.wrapping_sub(ONES * 0x20) & !chars;
        let quote = has_zero(chars ^ (ONES * u64::from(b'"')));
        let backslash = has_zero(chars ^ (ONES * u64::from(b'\\')));
        let found = (control | quote | backslash) & (ONES << 7);
        if found != 0 {
            return offset + found.trailing_zeros() as usize / 8;
        }
        offset += 8;
    }
    let rest = chunks.remainder();
    offset
        + rest
            .iter()
            .position(|&b| b == b'"' || b == b'\\' || b < 0x20)
            .unwrap_or(rest.len())
}

#[cfg(test)]
mod tests;
