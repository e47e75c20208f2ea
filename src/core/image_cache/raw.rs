//! One ImageCache read straight from JSON into the fields its rules look at (those
//! `json::CACHE` names), borrowed from the input where the JSON has no escapes. Everything
//! else is skipped without being built; what the rules read but the limits also cover is
//! read within them, so that this reader refuses exactly what reading the cache whole
//! would. The same reader serves bytes and a `serde_json::Value` (serde_json's `&Value`
//! is a deserializer too), so the two can never disagree. Bytes are first tried by the
//! catalogue's own scanner (`catalogue::scan`), which fills the same [`RawCache`] through
//! the same [`RawCache::member`] table, and leaves to this reader whatever is unusual.

use std::borrow::Cow;
use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, Error, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::{Number, Value};

use super::{ARCH_ANNOTATION, OS_ANNOTATION};
use crate::core::json::{type_name, Depth, Key};

/// One value the rules read, as the JSON had it.
#[derive(Debug, Clone, PartialEq)]
pub enum Field<'de> {
    Null,
    Str(Cow<'de, str>),
    Uint(u64),
    /// Anything else (a negative or fractional number, a boolean, an array, an object),
    /// kept whole: the rules only quote it in a message.
    Other(Value),
}

impl Field<'_> {
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Field::Str(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_u64(&self) -> Option<u64> {
        match self {
            Field::Uint(n) => Some(*n),
            _ => None,
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(self, Field::Null)
    }

    pub fn type_name(&self) -> &'static str {
        match self {
            Field::Null => "null",
            Field::Str(_) => "a string",
            Field::Uint(_) => "a number",
            Field::Other(v) => type_name(v),
        }
    }
}

/// As JSON, the way `serde_json::Value` prints: messages quote values with it.
impl fmt::Display for Field<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Field::Null => f.write_str("null"),
            Field::Str(s) => fmt::Display::fmt(&Value::from(s.as_ref()), f),
            Field::Uint(n) => write!(f, "{n}"),
            Field::Other(v) => fmt::Display::fmt(v, f),
        }
    }
}

/// A member that should be a list: its first items, and how many it has in all.
#[derive(Debug, Clone, PartialEq)]
pub enum Listing<'de> {
    List {
        items: Vec<Field<'de>>,
        len: usize,
    },
    /// Not a list: null, or a value of another type.
    Single(Field<'de>),
}

/// What the caches of a list leave to the next ones: the item vectors of the listings they
/// are done with, to be filled again: two allocations less per cache.
#[derive(Debug, Default)]
pub struct Spare<'de> {
    items: Vec<Vec<Field<'de>>>,
}

impl<'de> Spare<'de> {
    /// An empty vector, one kept if there is one.
    pub fn take(&mut self) -> Vec<Field<'de>> {
        self.items.pop().unwrap_or_default()
    }

    /// Keeps `items`, emptied, for a later listing: a few at most.
    pub fn keep(&mut self, mut items: Vec<Field<'de>>) {
        if self.items.len() < 4 {
            items.clear();
            self.items.push(items);
        }
    }
}

/// An entry of a cache list: an object read as a cache, or the type of what it is instead.
// Each entry is checked as soon as it is read and never stored: boxing the common variant
// would cost an allocation per cache for nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum Entry<'de> {
    Cache(RawCache<'de>),
    NotObject(&'static str),
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct RawCache<'de> {
    pub api_version: Option<Field<'de>>,
    pub kind: Option<Field<'de>>,
    /// Each section is empty when it is absent or not an object.
    pub metadata: Metadata<'de>,
    pub spec: Spec<'de>,
    pub status: Status<'de>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Metadata<'de> {
    pub name: Option<Field<'de>>,
    pub creation_timestamp: Option<Field<'de>>,
    pub deletion_timestamp: Option<Field<'de>>,
    /// The two platform annotations; the others are only read within the limits.
    pub arch: Option<Field<'de>>,
    pub os: Option<Field<'de>>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Spec<'de> {
    pub images: Option<Listing<'de>>,
    pub image_cache_size: Option<Field<'de>>,
    pub retention_days: Option<Field<'de>>,
    pub image_pull_secrets: Option<Listing<'de>>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Status<'de> {
    pub image_cache_id: Option<Field<'de>>,
    pub phase: Option<Field<'de>>,
    pub expire_date_time: Option<Field<'de>>,
    pub start_time: Option<Field<'de>>,
}

/// Reads one entry of a cache list at `depth`, at most `max_images` of its `spec.images`.
#[derive(Debug, Clone, Copy)]
pub struct EntrySeed {
    pub depth: Depth,
    pub max_images: usize,
}

impl<'de> DeserializeSeed<'de> for EntrySeed {
    type Value = Entry<'de>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Entry<'de>, D::Error> {
        let mut cache = RawCache::default();
        let seed = PartSeed {
            cache: &mut cache,
            part: Part::Cache,
            depth: self.depth,
            max_images: self.max_images,
        };
        Ok(match seed.deserialize(d)? {
            Ok(()) => Entry::Cache(cache),
            Err(found) => Entry::NotObject(found),
        })
    }
}

/// The objects of a cache whose members the rules read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Cache,
    Metadata,
    Annotations,
    Spec,
    Status,
}

/// What the reader of a part does with one of its members: the one table of what the rules
/// read, for both readers (this one, and the catalogue's scanner).
pub enum Member<'c, 'de> {
    Field(&'c mut Option<Field<'de>>),
    /// A member that should be a list, its first `cap` items read.
    Listing(&'c mut Option<Listing<'de>>, usize),
    Part(Part),
    /// Not read, but within the limits.
    Skim,
    /// Not read, not built.
    Skip,
}

const ARCH_KEY: &[u8] = ARCH_ANNOTATION.as_bytes();
const OS_KEY: &[u8] = OS_ANNOTATION.as_bytes();

impl<'de> RawCache<'de> {
    /// Empties `part`, about to be read: a later member of the same name replaces an
    /// earlier one, as in a JSON object.
    pub fn reset(&mut self, part: Part) {
        match part {
            Part::Cache => *self = RawCache::default(),
            Part::Metadata => self.metadata = Metadata::default(),
            Part::Annotations => (self.metadata.arch, self.metadata.os) = (None, None),
            Part::Spec => self.spec = Spec::default(),
            Part::Status => self.status = Status::default(),
        }
    }

    /// What member `key` of `part` is to the rules; at most `max_images` images are read.
    pub fn member(&mut self, part: Part, key: &[u8], max_images: usize) -> Member<'_, 'de> {
        let field = match (part, key) {
            (Part::Cache, b"kind") => &mut self.kind,
            (Part::Cache, b"apiVersion") => &mut self.api_version,
            (Part::Cache, b"metadata") => return Member::Part(Part::Metadata),
            (Part::Cache, b"spec") => return Member::Part(Part::Spec),
            (Part::Cache, b"status") => return Member::Part(Part::Status),
            (Part::Metadata, b"annotations") => return Member::Part(Part::Annotations),
            (Part::Metadata, b"name") => &mut self.metadata.name,
            (Part::Metadata, b"creationTimestamp") => &mut self.metadata.creation_timestamp,
            (Part::Metadata, b"deletionTimestamp") => &mut self.metadata.deletion_timestamp,
            (Part::Annotations, ARCH_KEY) => &mut self.metadata.arch,
            (Part::Annotations, OS_KEY) => &mut self.metadata.os,
            (Part::Spec, b"imageCacheSize") => &mut self.spec.image_cache_size,
            (Part::Spec, b"retentionDays") => &mut self.spec.retention_days,
            (Part::Status, b"imageCacheId") => &mut self.status.image_cache_id,
            (Part::Status, b"phase") => &mut self.status.phase,
            (Part::Status, b"expireDateTime") => &mut self.status.expire_date_time,
            (Part::Status, b"startTime") => &mut self.status.start_time,
            (Part::Spec, b"images") => return Member::Listing(&mut self.spec.images, max_images),
            (Part::Spec, b"imagePullSecrets") => {
                return Member::Listing(&mut self.spec.image_pull_secrets, usize::MAX)
            }
            // The other annotations are not read, but the limits cover them.
            (Part::Annotations, _) => return Member::Skim,
            _ => return Member::Skip,
        };
        Member::Field(field)
    }
}

/// Reads one part of a cache into `cache`, member by member. A value that is not an object
/// is read within the limits and gives its type: the part then counts as empty, as the
/// rules read it. One visitor serves every part, so that it is built once per deserializer.
struct PartSeed<'c, 'de> {
    cache: &'c mut RawCache<'de>,
    part: Part,
    depth: Depth,
    max_images: usize,
}

impl<'de> DeserializeSeed<'de> for PartSeed<'_, 'de> {
    type Value = Result<(), &'static str>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        self.cache.reset(self.part);
        d.deserialize_any(self)
    }
}

impl<'de> PartSeed<'_, 'de> {
    /// Reads the value of member `key` of this part; members no rule reads are skipped unbuilt.
    fn member<A: MapAccess<'de>>(&mut self, key: &str, map: &mut A) -> Result<(), A::Error> {
        let below = self.depth.below()?;
        match self
            .cache
            .member(self.part, key.as_bytes(), self.max_images)
        {
            Member::Field(slot) => *slot = Some(map.next_value_seed(FieldSeed(below))?),
            Member::Listing(slot, cap) => {
                *slot = Some(map.next_value_seed(ListingSeed { depth: below, cap })?)
            }
            Member::Part(part) => {
                let seed = PartSeed {
                    cache: &mut *self.cache,
                    part,
                    depth: below,
                    max_images: self.max_images,
                };
                map.next_value_seed(seed)?.ok();
            }
            Member::Skim => map.next_value_seed(below.skim())?,
            Member::Skip => map.next_value::<IgnoredAny>().map(drop)?,
        }
        Ok(())
    }
}

impl<'de> Visitor<'de> for PartSeed<'_, 'de> {
    type Value = Result<(), &'static str>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_map<A: MapAccess<'de>>(mut self, mut map: A) -> Result<Self::Value, A::Error> {
        while let Some(key) = map.next_key_seed(Key)? {
            self.member(&key, &mut map)?;
        }
        Ok(Ok(()))
    }
    fn visit_bool<E: Error>(self, _: bool) -> Result<Self::Value, E> {
        Ok(Err("a boolean"))
    }
    fn visit_i64<E: Error>(self, _: i64) -> Result<Self::Value, E> {
        Ok(Err("a number"))
    }
    fn visit_u64<E: Error>(self, _: u64) -> Result<Self::Value, E> {
        Ok(Err("a number"))
    }
    fn visit_f64<E: Error>(self, _: f64) -> Result<Self::Value, E> {
        Ok(Err("a number"))
    }
    fn visit_str<E: Error>(self, v: &str) -> Result<Self::Value, E> {
        self.depth.check_string(v)?;
        Ok(Err("a string"))
    }
    fn visit_unit<E: Error>(self) -> Result<Self::Value, E> {
        Ok(Err("null"))
    }
    fn visit_none<E: Error>(self) -> Result<Self::Value, E> {
        Ok(Err("null"))
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        self.depth.skim().visit_seq(seq)?;
        Ok(Err("an array"))
    }
}

/// Reads one [`Field`] at a depth.
#[derive(Debug, Clone, Copy)]
pub struct FieldSeed(pub Depth);

impl<'de> DeserializeSeed<'de> for FieldSeed {
    type Value = Field<'de>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Field<'de>, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for FieldSeed {
    type Value = Field<'de>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E: Error>(self, v: bool) -> Result<Field<'de>, E> {
        Ok(Field::Other(Value::Bool(v)))
    }
    fn visit_i64<E: Error>(self, v: i64) -> Result<Field<'de>, E> {
        Ok(match u64::try_from(v) {
            Ok(n) => Field::Uint(n),
            Err(_) => Field::Other(Value::from(v)),
        })
    }
    fn visit_u64<E: Error>(self, v: u64) -> Result<Field<'de>, E> {
        Ok(Field::Uint(v))
    }
    fn visit_f64<E: Error>(self, v: f64) -> Result<Field<'de>, E> {
        Ok(Field::Other(
            Number::from_f64(v).map_or(Value::Null, Value::Number),
        ))
    }
    fn visit_borrowed_str<E: Error>(self, v: &'de str) -> Result<Field<'de>, E> {
        self.0.check_string(v)?;
        Ok(Field::Str(Cow::Borrowed(v)))
    }
    fn visit_str<E: Error>(self, v: &str) -> Result<Field<'de>, E> {
        self.0.check_string(v)?;
        Ok(Field::Str(Cow::Owned(v.to_owned())))
    }
    fn visit_string<E: Error>(self, v: String) -> Result<Field<'de>, E> {
        self.0.check_string(&v)?;
        Ok(Field::Str(Cow::Owned(v)))
    }
    fn visit_unit<E: Error>(self) -> Result<Field<'de>, E> {
        Ok(Field::Null)
    }
    fn visit_none<E: Error>(self) -> Result<Field<'de>, E> {
        Ok(Field::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Field<'de>, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Field<'de>, A::Error> {
        self.0.value().visit_seq(seq).map(Field::Other)
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Field<'de>, A::Error> {
        self.0.value().visit_map(map).map(Field::Other)
    }
}

/// Reads a member that should be a list: its first `cap` items as fields, the rest only
/// within the limits, counted.
#[derive(Debug, Clone, Copy)]
struct ListingSeed {
    depth: Depth,
    cap: usize,
}

impl<'de> DeserializeSeed<'de> for ListingSeed {
    type Value = Listing<'de>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Listing<'de>, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ListingSeed {
    type Value = Listing<'de>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Listing<'de>, A::Error> {
        let below = self.depth.below()?;
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(self.cap).min(32));
        let mut len = 0usize;
        while len < self.cap {
            match seq.next_element_seed(FieldSeed(below))? {
                Some(item) => items.push(item),
                None => return Ok(Listing::List { items, len }),
            }
            len += 1;
        }
        while seq.next_element_seed(below.skim())?.is_some() {
            len += 1;
        }
        Ok(Listing::List { items, len })
    }
    fn visit_bool<E: Error>(self, v: bool) -> Result<Listing<'de>, E> {
        FieldSeed(self.depth).visit_bool(v).map(Listing::Single)
    }
    fn visit_i64<E: Error>(self, v: i64) -> Result<Listing<'de>, E> {
        FieldSeed(self.depth).visit_i64(v).map(Listing::Single)
    }
    fn visit_u64<E: Error>(self, v: u64) -> Result<Listing<'de>, E> {
        FieldSeed(self.depth).visit_u64(v).map(Listing::Single)
    }
    fn visit_f64<E: Error>(self, v: f64) -> Result<Listing<'de>, E> {
        FieldSeed(self.depth).visit_f64(v).map(Listing::Single)
    }
    fn visit_borrowed_str<E: Error>(self, v: &'de str) -> Result<Listing<'de>, E> {
        FieldSeed(self.depth)
            .visit_borrowed_str(v)
            .map(Listing::Single)
    }
    fn visit_str<E: Error>(self, v: &str) -> Result<Listing<'de>, E> {
        FieldSeed(self.depth).visit_str(v).map(Listing::Single)
    }
    fn visit_unit<E: Error>(self) -> Result<Listing<'de>, E> {
        Ok(Listing::Single(Field::Null))
    }
    fn visit_none<E: Error>(self) -> Result<Listing<'de>, E> {
        Ok(Listing::Single(Field::Null))
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Listing<'de>, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Listing<'de>, A::Error> {
        FieldSeed(self.depth).visit_map(map).map(Listing::Single)
    }
}
