//! A whole value read by the scanner into the `Value` that `json::Seed` builds: the
//! object an input evaluates, read in the pass that reads its caches instead of being
//! skipped and parsed again. A string with an escape and a number that is not a whole
//! `u64` are handed to serde_json one at a time, so that each reads exactly as it did;
//! what the scanner gives up on (a key with an escape, deep nesting, bad syntax) gives up
//! the whole value, which serde_json then reads whole.

use std::str;

use serde_json::{Map, Value};

use super::{Scan, Scanner, Unusual};
use crate::core::json::{self, Depth};

impl Scanner<'_> {
    /// One value at `depth`, as `json::read(bytes, depth.value())` reads it: by the scanner
    /// where it can, else whole by serde_json.
    pub fn value(&mut self, depth: Depth) -> Scan<Value> {
        let before = self.clone();
        self.scanned(depth)
            .or_else(|Unusual| self.by_serde(before, depth))
    }

    /// One value read by the scanner, each scalar it does not take handed to serde_json.
    fn scanned(&mut self, depth: Depth) -> Scan<Value> {
        let before = self.clone();
        let plain = match self.peek() {
            Some(b'{') => return self.object(depth),
            Some(b'[') => return self.array(depth),
            Some(b'"') => self.string().map(|text| Value::String(text.to_owned())),
            Some(b'0'..=b'9') => self.whole_number().map(Value::from),
            Some(b't') => self.literal(b"true").map(|()| Value::Bool(true)),
            Some(b'f') => self.literal(b"false").map(|()| Value::Bool(false)),
            Some(b'n') => self.literal(b"null").map(|()| Value::Null),
            _ => Err(Unusual),
        };
        plain.or_else(|Unusual| self.by_serde(before, depth))
    }

    /// The value that starts where `before` stood, read again by serde_json.
    fn by_serde(&mut self, before: Self, depth: Depth) -> Scan<Value> {
        *self = before;
        json::read(self.value_bytes()?, depth.value()).map_err(|_| Unusual)
    }

    fn object(&mut self, depth: Depth) -> Scan<Value> {
        let below = below(depth)?;
        let mut object = Map::new();
        self.members(&mut |scanner, key| {
            // The scanner gives only ASCII keys.
            let key = str::from_utf8(key).map_err(|_| Unusual)?;
            let value = scanner.scanned(below)?;
            object.insert(key.to_owned(), value);
            Ok(())
        })?;
        Ok(Value::Object(object))
    }

    fn array(&mut self, depth: Depth) -> Scan<Value> {
        let below = below(depth)?;
        let mut items = Vec::new();
        self.elements(&mut |scanner, _| {
            items.push(scanner.scanned(below)?);
            Ok(())
        })?;
        Ok(Value::Array(items))
    }
}

fn below(depth: Depth) -> Scan<Depth> {
    depth.below::<serde_json::Error>().map_err(|_| Unusual)
}

#[cfg(test)]
mod tests;
