//! What every command reads before the workloads: the caches (files or the cluster), the
//! settings (file and `--set`) and the time; the cache problems placed in their files.

use serde_json::{Map, Value};

use super::args::Sources;
use super::caches::{self, Origin};
use super::engine::Engine;
use super::load::{self, Problem, Source};
use super::yaml::{self, Pos, Positions};

use crate::core::time::Timestamp;
use crate::core::{Diagnostic, Settings};

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
    let (values, caches) = caches::load(sources)?;
    let engine =
        Engine::new(values, settings, now).map_err(|e| vec![flag("--caches", e.to_string())])?;
    let cache_findings = caches.place(engine.diagnostics());
    Ok(Run {
        engine,
        origins: caches.origins,
        cache_findings,
        problems: caches.problems,
    })
}

pub(super) fn flag(name: &str, message: impl Into<String>) -> Problem {
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
                            crate::core::json::type_name(&other)
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
