//! Compact JSON text, byte for byte what `serde_json::to_string` writes, for the reports
//! every face serialises. A report is mostly short strings (a row per cache), which
//! serde_json's writer copies a byte at a time through `io::Write`, about a fifth of an
//! evaluation at 1 000 caches; here a string is copied in runs found eight bytes at a time
//! (the scanner's search), straight into one `String`.
//!
//! Floats are written by serde_json itself (they only occur in a `Value` taken from the
//! input), so that their digits are its; map keys as serde_json writes them (`key`).

use std::fmt;

use serde::ser::{self, Serialize};

use super::scanner::to_special;

/// A value that cannot be written as JSON: a map key that is not a string, a number or a
/// boolean, or an error of the value's own `Serialize`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error(String);

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl ser::Error for Error {
    fn custom<T: fmt::Display>(message: T) -> Self {
        Error(message.to_string())
    }
}

/// The decimal digits of `n`, as JSON writes a whole number (and a JSON Pointer an index).
pub(crate) fn push_decimal(out: &mut String, mut n: u64) {
    let mut digits = [0u8; 20];
    let mut start = digits.len();
    loop {
        start -= 1;
        digits[start] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend(digits[start..].iter().map(|&d| char::from(d)));
}

/// `value` as compact JSON text, as `serde_json::to_string` writes it.
pub fn to_string<T: Serialize + ?Sized>(value: &T) -> Result<String, Error> {
    to_string_sized(value, 128)
}

/// [`to_string`] into a `String` of `capacity` bytes to begin with: a caller that knows
/// roughly how long the text is saves its reallocations.
pub fn to_string_sized<T: Serialize + ?Sized>(value: &T, capacity: usize) -> Result<String, Error> {
    let mut writer = Writer(String::with_capacity(capacity), PlainNames::new());
    value.serialize(&mut writer)?;
    Ok(writer.0)
}

/// The text written so far, and the names found to need no escape.
struct Writer(String, PlainNames);

/// Names of members and variants already written without an escape, by address: a name is
/// `'static`, so the text at an address never changes, and each row of a report repeats the
/// same fifteen names, which would otherwise be searched a thousand times at 1 000 caches.
/// Names whose slots collide are searched again: slower, never wrong.
struct PlainNames([(usize, usize); 64]);

impl PlainNames {
    fn new() -> Self {
        PlainNames([(0, 0); 64])
    }

    fn slot(name: &'static str) -> usize {
        // Fibonacci hashing of the address: its top six bits.
        ((name.as_ptr() as usize as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 58) as usize
    }

    fn contains(&self, name: &'static str) -> bool {
        self.0[Self::slot(name)] == (name.as_ptr() as usize, name.len())
    }

    fn insert(&mut self, name: &'static str) {
        self.0[Self::slot(name)] = (name.as_ptr() as usize, name.len());
    }
}

impl Writer {
    /// A JSON string with `text` in it, escaped as serde_json escapes.
    fn string(&mut self, text: &str) {
        let out = &mut self.0;
        // Room for the string as it is, which almost every string of a report is: reserved
        // once, not by each run pushed.
        out.reserve(text.len() + 2);
        out.push('"');
        let mut rest = text;
        loop {
            let run = to_special(rest.as_bytes());
            // `to_special` stops only at an ASCII byte, a character boundary.
            let (plain, special) = rest.split_at(run);
            out.push_str(plain);
            let Some(&byte) = special.as_bytes().first() else {
                break;
            };
            match byte {
                b'"' => out.push_str("\\\""),
                b'\\' => out.push_str("\\\\"),
                b'\n' => out.push_str("\\n"),
                b'\r' => out.push_str("\\r"),
                b'\t' => out.push_str("\\t"),
                0x08 => out.push_str("\\b"),
                0x0c => out.push_str("\\f"),
                _ => {
                    const HEX: &[u8; 16] = b"0123456789abcdef";
                    out.push_str("\\u00");
                    out.push(char::from(HEX[usize::from(byte >> 4)]));
                    out.push(char::from(HEX[usize::from(byte & 0xf)]));
                }
            }
            rest = &special[1..];
        }
        out.push('"');
    }

    fn unsigned(&mut self, n: u64) {
        push_decimal(&mut self.0, n);
    }

    fn signed(&mut self, n: i64) {
        if n < 0 {
            self.0.push('-');
        }
        self.unsigned(n.unsigned_abs());
    }

    /// A float, by serde_json's own writer (`null` when not finite).
    fn float<F: Serialize>(&mut self, value: F) -> Result<(), Error> {
        let text = serde_json::to_string(&value).map_err(|e| Error(e.to_string()))?;
        self.0.push_str(&text);
        Ok(())
    }

    /// A name the serialised types spell (a struct's member, an enum's variant) as a JSON
    /// string, searched for escapes the first time only.
    fn name(&mut self, name: &'static str) {
        if self.1.contains(name) {
            let out = &mut self.0;
            out.reserve(name.len() + 2);
            out.push('"');
            out.push_str(name);
            out.push('"');
            return;
        }
        let start = self.0.len();
        self.string(name);
        if self.0.len() == start + name.len() + 2 {
            self.1.insert(name);
        }
    }

    /// `{"name":`, which opens an enum's newtype, tuple and struct variants.
    fn variant(&mut self, name: &'static str) {
        self.0.push('{');
        self.name(name);
        self.0.push(':');
    }

    /// Opens a compound; `variant` wraps it in `{"variant":…}`, as serde_json writes an
    /// enum's tuple and struct variants.
    fn open(&mut self, variant: Option<&'static str>, bracket: char) -> Compound<'_> {
        if let Some(name) = variant {
            self.variant(name);
        }
        self.0.push(bracket);
        Compound {
            writer: self,
            first: true,
            variant: variant.is_some(),
        }
    }
}

/// Integers written as the 64-bit integer they widen to.
macro_rules! widened {
    ($($method:ident: $type:ty => $wide:ident),*) => {
        $(fn $method(self, v: $type) -> Result<(), Error> {
            self.$wide(v.into())
        })*
    };
}

/// 128-bit integers, rare enough to be written by `Display`.
macro_rules! displayed {
    ($($method:ident: $type:ty),*) => {
        $(fn $method(self, v: $type) -> Result<(), Error> {
            self.0.push_str(&v.to_string());
            Ok(())
        })*
    };
}

impl<'a> ser::Serializer for &'a mut Writer {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Compound<'a>;
    type SerializeTuple = Compound<'a>;
    type SerializeTupleStruct = Compound<'a>;
    type SerializeTupleVariant = Compound<'a>;
    type SerializeMap = Compound<'a>;
    type SerializeStruct = Compound<'a>;
    type SerializeStructVariant = Compound<'a>;

    fn serialize_bool(self, v: bool) -> Result<(), Error> {
        self.0.push_str(if v { "true" } else { "false" });
        Ok(())
    }
    widened!(
        serialize_i8: i8 => serialize_i64, serialize_i16: i16 => serialize_i64,
        serialize_i32: i32 => serialize_i64, serialize_u8: u8 => serialize_u64,
        serialize_u16: u16 => serialize_u64, serialize_u32: u32 => serialize_u64
    );
    displayed!(serialize_i128: i128, serialize_u128: u128);
    fn serialize_i64(self, v: i64) -> Result<(), Error> {
        self.signed(v);
        Ok(())
    }
    fn serialize_u64(self, v: u64) -> Result<(), Error> {
        self.unsigned(v);
        Ok(())
    }
    fn serialize_f32(self, v: f32) -> Result<(), Error> {
        self.float(v)
    }
    fn serialize_f64(self, v: f64) -> Result<(), Error> {
        self.float(v)
    }
    fn serialize_char(self, v: char) -> Result<(), Error> {
        self.string(v.encode_utf8(&mut [0; 4]));
        Ok(())
    }
    fn serialize_str(self, v: &str) -> Result<(), Error> {
        self.string(v);
        Ok(())
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<(), Error> {
        use ser::SerializeSeq;
        let mut seq = self.serialize_seq(Some(v.len()))?;
        for byte in v {
            seq.serialize_element(byte)?;
        }
        seq.end()
    }
    fn serialize_none(self) -> Result<(), Error> {
        self.serialize_unit()
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Error> {
        self.0.push_str("null");
        Ok(())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), Error> {
        self.serialize_unit()
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<(), Error> {
        self.name(variant);
        Ok(())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.variant(variant);
        value.serialize(&mut *self)?;
        self.0.push('}');
        Ok(())
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Compound<'a>, Error> {
        Ok(self.open(None, '['))
    }
    fn serialize_tuple(self, _: usize) -> Result<Compound<'a>, Error> {
        Ok(self.open(None, '['))
    }
    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Compound<'a>, Error> {
        Ok(self.open(None, '['))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Compound<'a>, Error> {
        Ok(self.open(Some(variant), '['))
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Compound<'a>, Error> {
        Ok(self.open(None, '{'))
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Compound<'a>, Error> {
        Ok(self.open(None, '{'))
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Compound<'a>, Error> {
        Ok(self.open(Some(variant), '{'))
    }
}

/// An array or an object being written.
struct Compound<'a> {
    writer: &'a mut Writer,
    first: bool,
    /// Inside `{"variant":…}`, which `end` closes too.
    variant: bool,
}

impl Compound<'_> {
    /// The comma before every item but the first.
    fn next(&mut self) -> &mut Writer {
        if !self.first {
            self.writer.0.push(',');
        }
        self.first = false;
        self.writer
    }

    fn close(self, bracket: char) -> Result<(), Error> {
        self.writer.0.push(bracket);
        if self.variant {
            self.writer.0.push('}');
        }
        Ok(())
    }

    fn element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        value.serialize(self.next())
    }

    fn field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result<(), Error> {
        let writer = self.next();
        writer.name(key);
        writer.0.push(':');
        value.serialize(writer)
    }
}

/// The array-like compounds, whose items are written one after another.
macro_rules! elements {
    ($($trait:ident::$method:ident),*) => {
        $(impl ser::$trait for Compound<'_> {
            type Ok = ();
            type Error = Error;
            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
                self.element(value)
            }
            fn end(self) -> Result<(), Error> {
                self.close(']')
            }
        })*
    };
}

elements!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);

impl ser::SerializeMap for Compound<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Error> {
        key.serialize(key::KeyWriter(self.next()))?;
        self.writer.0.push(':');
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        value.serialize(&mut *self.writer)
    }
    fn end(self) -> Result<(), Error> {
        self.close('}')
    }
}

/// The object-like compounds, whose members have names known when compiled.
macro_rules! members {
    ($($trait:ident),*) => {
        $(impl ser::$trait for Compound<'_> {
            type Ok = ();
            type Error = Error;
            fn serialize_field<T: Serialize + ?Sized>(
                &mut self,
                key: &'static str,
                value: &T,
            ) -> Result<(), Error> {
                self.field(key, value)
            }
            fn end(self) -> Result<(), Error> {
                self.close('}')
            }
        })*
    };
}

members!(SerializeStruct, SerializeStructVariant);

mod key;

#[cfg(test)]
pub(crate) mod tests;
