//! The cache list: every `--caches` file and the cluster's caches merged into one list,
//! each cache with where it came from. Positions are not kept while reading (a cluster's
//! list is one large document); the few a finding needs are found by a second read.

use std::collections::{HashMap, HashSet};

use serde_json::Value;

use super::args::Sources;
use super::kubectl;
use super::load::{self, Problem, Source};
use super::run::{flag, Finding};
use super::yaml::{self, Keep, Pos};
use crate::core::json::{self, Mask};
use crate::core::{Catalogue, Diagnostic};

/// The name of the caches `--from-cluster` read.
pub const CLUSTER: &str = "<cluster>";

/// Where a cache of the merged list came from.
#[derive(Debug, Clone)]
pub struct Origin {
    pub file: String,
    /// Which of the texts read.
    source: usize,
    pub document: usize,
    /// The cache's pointer in its document (`/items/3`, `/0` or `""`).
    pub prefix: String,
}

pub struct Loaded {
    pub origins: Vec<Origin>,
    /// Problems in cache files that still let the run go on.
    pub problems: Vec<Problem>,
    texts: Vec<(String, String)>,
}

/// Reads the caches: the values (in list order) and where each came from. `Err` when
/// kubectl fails: the run cannot go on without the caches it was asked to read.
pub fn load(sources: &Sources) -> Result<(Vec<Value>, Loaded), Vec<Problem>> {
    let mut problems = Vec::new();
    let mut texts = Vec::new();
    for path in &sources.caches {
        let source = Source::from_path(path);
        match load::read(&source) {
            Ok(text) => texts.push((source.name(), text)),
            Err(p) => problems.push(p),
        }
    }
    if sources.from_cluster {
        let text = kubectl::get_caches(sources.context.as_deref(), sources.kubeconfig.as_deref())
            .map_err(|m| vec![flag("--from-cluster", m)])?;
        texts.push((CLUSTER.to_owned(), text));
    }
    let mut values = Vec::new();
    let mut origins = Vec::new();
    for (source, (file, text)) in texts.iter().enumerate() {
        for doc in load::documents_with(file, text, Keep::Nothing, Some(prune)) {
            let doc = match doc {
                Ok(doc) => doc,
                Err(p) => {
                    problems.push(p);
                    continue;
                }
            };
            for (prefix, value) in entries(doc.value) {
                values.push(value);
                origins.push(Origin {
                    file: file.clone(),
                    source,
                    document: doc.number,
                    prefix,
                });
            }
        }
    }
    Ok((
        values,
        Loaded {
            origins,
            problems,
            texts,
        },
    ))
}

/// A cache with only the members the core reads (events and managedFields are most of a
/// real cache), as the core's [`json::CACHE`] names them; what is not an object is kept as
/// it is, for the catalogue to report.
fn prune(cache: Value) -> Value {
    fn keep(value: Value, mask: Mask) -> Value {
        match (mask, value) {
            (Mask::Fields(fields), Value::Object(mut map)) => Value::Object(
                fields
                    .iter()
                    .filter_map(|(name, mask)| {
                        Some(((*name).to_owned(), keep(map.remove(*name)?, *mask)))
                    })
                    .collect(),
            ),
            (_, value) => value,
        }
    }
    keep(cache, json::CACHE)
}

/// The caches of one document (a list's items, an array's elements, or the document
/// itself), each with its pointer in the document.
fn entries(value: Value) -> Vec<(String, Value)> {
    let numbered = |items: Vec<Value>, base: &str| -> Vec<(String, Value)> {
        items
            .into_iter()
            .enumerate()
            .map(|(i, v)| (format!("{base}/{i}"), v))
            .collect()
    };
    match value {
        Value::Null => Vec::new(),
        Value::Array(items) => numbered(items, ""),
        Value::Object(mut map) if map.get("items").is_some_and(Value::is_array) => {
            match map.remove("items") {
                Some(Value::Array(items)) => numbered(items, "/items"),
                _ => Vec::new(),
            }
        }
        value => vec![(String::new(), value)],
    }
}

impl Loaded {
    /// Places the diagnostics of the caches in their files. Lines of kubectl's output mean
    /// nothing to the user: the cluster's caches are named, not placed.
    pub fn place(&self, diagnostics: &[Diagnostic]) -> Vec<Finding> {
        let located: Vec<(Option<&Origin>, String)> = diagnostics
            .iter()
            .map(|d| {
                let (index, rest) = Catalogue::entry_of(&d.path).unwrap_or((usize::MAX, ""));
                let origin = self.origins.get(index);
                (
                    origin,
                    origin
                        .map(|o| format!("{}{rest}", o.prefix))
                        .unwrap_or_default(),
                )
            })
            .collect();
        // Each pointer and its ancestors, by source and document, for the second read.
        let mut wanted: HashMap<usize, HashMap<usize, HashSet<String>>> = HashMap::new();
        for (origin, pointer) in &located {
            let Some(o) = origin.filter(|o| o.file != CLUSTER) else {
                continue;
            };
            let set = wanted
                .entry(o.source)
                .or_default()
                .entry(o.document)
                .or_default();
            let mut p = pointer.as_str();
            set.insert(p.to_owned());
            while let Some(at) = p.rfind('/') {
                p = &p[..at];
                set.insert(p.to_owned());
            }
        }
        let mut positions = HashMap::new();
        for (source, docs) in &wanted {
            for doc in yaml::read(&self.texts[*source].1, Keep::Only(docs), Some(prune)).flatten() {
                if docs.contains_key(&doc.number) {
                    positions.insert((*source, doc.number), doc.positions);
                }
            }
        }
        diagnostics
            .iter()
            .cloned()
            .zip(located)
            .map(|(diagnostic, (origin, pointer))| match origin {
                Some(o) => Finding {
                    file: o.file.clone(),
                    pos: positions
                        .get(&(o.source, o.document))
                        .map(|p| p.locate(&pointer))
                        .unwrap_or_default(),
                    document: o.document,
                    diagnostic,
                },
                None => Finding {
                    file: "caches".to_owned(),
                    pos: Pos::default(),
                    document: 0,
                    diagnostic,
                },
            })
            .collect()
    }
}
