//! What every command reads before the workloads: the caches (files or the cluster), the
//! settings (file and `--set`) and the time; the cache problems placed in their files.

use serde_json::{Map, Value};

use super::args::Sources;
use super::engine::Engine;
use super::kubectl;
use super::load::{self, Problem, Source};
use super::yaml::{self, Pos, Positions};
use serde::de::DeserializeSeed;

use crate::core::json;
use crate::core::time::Timestamp;
use crate::core::{Diagnostic, Settings};

/// The name of the caches `--from-cluster` read.
pub const CLUSTER: &str = "<cluster>";

/// Where a cache of the merged list came from.
#[derive(Debug, Clone)]
pub struct Origin {
    pub file: String,
    pub document: usize,
    /// The cache's pointer in its document (`/items/3`, `/0` or `""`).
    pub prefix: String,
}

/// A diagnostic placed in a file.
#[derive(Debug, Clone)]
pub struct Finding {
    pub file: String,
    pub pos: Pos,
    pub document: usize,
    pub diagnostic: Diagnostic,
}

pub struct Run {
    pub engine: Engine,
    pub origins: Vec<Origin>,
    /// The problems of the caches, found once.
    pub cache_findings: Vec<Finding>,
    /// Problems in cache files that still let the run go on.
    pub problems: Vec<Problem>,
}

/// Reads the caches, settings and time. `Err` when the run cannot go on (bad settings, a
/// `--now` that is not a time, kubectl failing).
pub fn prepare(sources: &Sources) -> Result<Run, Vec<Problem>> {
    let settings = settings(sources).map_err(|p| vec![p])?;
    let now = match &sources.now {
        Some(text) => Some(Timestamp::parse(text).map_err(|m| vec![flag("--now", m)])?),
        None => Some(clock()),
    };
    let mut problems = Vec::new();
    let mut texts: Vec<(String, Result<String, Problem>)> = sources
        .caches
        .iter()
        .map(|path| {
            let source = Source::from_path(path);
            (source.name(), load::read(&source))
        })
        .collect();
    if sources.from_cluster {
        let text = kubectl::get_caches(sources.context.as_deref(), sources.kubeconfig.as_deref())
            .map_err(|m| vec![flag("--from-cluster", m)])?;
        texts.push((CLUSTER.to_owned(), Ok(text)));
    }
    let mut caches = Vec::new();
    let mut origins = Vec::new();
    let mut cache_positions = Vec::new();
    for (file, text) in texts {
        let text = match text {
            Ok(text) => text,
            Err(p) => {
                problems.push(p);
                continue;
            }
        };
        for doc in load::documents(&file, &text, true) {
            let doc = match doc {
                Ok(doc) => doc,
                Err(p) => {
                    problems.push(p);
                    continue;
                }
            };
            let number = doc.number;
            let entries: Vec<(String, Value)> = match doc.value {
                Value::Null => Vec::new(),
                Value::Array(items) => items
                    .into_iter()
                    .enumerate()
                    .map(|(i, v)| (format!("/{i}"), v))
                    .collect(),
                Value::Object(mut map) if map.get("items").is_some_and(Value::is_array) => {
                    match map.remove("items") {
                        Some(Value::Array(items)) => items
                            .into_iter()
                            .enumerate()
                            .map(|(i, v)| (format!("/items/{i}"), v))
                            .collect(),
                        _ => Vec::new(),
                    }
                }
                value => vec![(String::new(), value)],
            };
            // Lines of kubectl's output mean nothing to the user: cluster caches are named only.
            let positions = std::rc::Rc::new(if file == CLUSTER {
                Positions::default()
            } else {
                doc.positions
            });
            for (prefix, value) in entries {
                // Only the fields the core reads are kept (events and managedFields are most
                // of a real cache), as the core does when it reads the caches from bytes.
                let value = match json::CACHE.seed().deserialize(value) {
                    Ok(value) => value,
                    Err(e) => {
                        problems.push(Problem {
                            file: file.clone(),
                            pos: positions.locate(&prefix),
                            message: format!("document {number}: this cache cannot be read: {e}"),
                        });
                        continue;
                    }
                };
                caches.push(value);
                origins.push(Origin {
                    file: file.clone(),
                    document: number,
                    prefix,
                });
                cache_positions.push(positions.clone());
            }
        }
    }
    let engine = Engine::new(caches, settings, now);
    let cache_findings = engine
        .diagnostics()
        .into_iter()
        .map(|diagnostic| {
            let (index, rest) = split_cache_path(&diagnostic.path);
            let (file, document, pos) =
                match index.and_then(|i| Some((origins.get(i)?, cache_positions.get(i)?))) {
                    Some((o, positions)) => (
                        o.file.clone(),
                        o.document,
                        positions.locate(&format!("{}{rest}", o.prefix)),
                    ),
                    None => ("caches".to_owned(), 0, Pos::default()),
                };
            Finding {
                file,
                pos,
                document,
                diagnostic,
            }
        })
        .collect();
    Ok(Run {
        engine,
        origins,
        cache_findings,
        problems,
    })
}

/// `/imageCaches/3/spec/images` → (3, `/spec/images`).
fn split_cache_path(path: &str) -> (Option<usize>, &str) {
    let rest = path.strip_prefix("/imageCaches/").unwrap_or_default();
    let (index, tail) = rest.find('/').map_or((rest, ""), |at| rest.split_at(at));
    (index.parse().ok(), tail)
}

fn flag(name: &str, message: impl Into<String>) -> Problem {
    Problem {
        file: name.to_owned(),
        pos: Pos::default(),
        message: message.into(),
    }
}

/// The time now, from the system clock.
fn clock() -> Timestamp {
    let since = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    Timestamp::from_unix(
        i64::try_from(since.as_secs()).unwrap_or(i64::MAX),
        since.subsec_nanos(),
    )
}

/// The settings file, with each `--set key=value` over it.
fn settings(sources: &Sources) -> Result<Settings, Problem> {
    let mut object = Map::new();
    let mut positions = Positions::default();
    let mut file_name = String::new();
    if let Some(path) = &sources.settings {
        let source = Source::from_path(path);
        file_name = source.name();
        let text = load::read(&source)?;
        let first = load::documents(&file_name, &text, true).next();
        if let Some(doc) = first {
            let doc = doc?;
            match doc.value {
                Value::Object(map) => object = map,
                Value::Null => {}
                other => {
                    return Err(Problem {
                        file: file_name.clone(),
                        pos: doc.positions.locate(""),
                        message: format!(
                            "settings must be a mapping, not {}",
                            crate::core::settings::type_name(&other)
                        ),
                    })
                }
            }
            positions = doc.positions;
        }
    }
    let mut from_flags = Vec::new();
    for pair in &sources.set {
        let Some((key, value)) = pair.split_once('=') else {
            return Err(flag("--set", format!("\"{pair}\" is not KEY=VALUE")));
        };
        object.insert(key.to_owned(), yaml::plain_scalar(value));
        from_flags.push(key.to_owned());
    }
    Settings::from_json(&Value::Object(object), "").map_err(|e| {
        let key = e
            .path
            .trim_start_matches('/')
            .split('/')
            .next()
            .unwrap_or_default()
            .replace("~1", "/")
            .replace("~0", "~");
        if from_flags.contains(&key) || file_name.is_empty() {
            flag(&format!("--set {key}"), e.message)
        } else {
            Problem {
                file: file_name.clone(),
                pos: positions.locate(&e.path),
                message: e.message,
            }
        }
    })
}
