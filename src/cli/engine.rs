//! The one place the command line asks the core: the caches, settings and time are read
//! once, then each workload is evaluated against them.

use serde_json::{json, Value};

use crate::core::time::Timestamp;
use crate::core::{evaluate_input, Diagnostic, Input, Report, Settings};

/// The caches, settings and time of a run.
pub struct Engine {
    caches: Vec<Value>,
    paths: Vec<String>,
    settings: Settings,
    now: Option<Timestamp>,
}

/// What an audit needs to know of a cache.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CacheInfo {
    pub index: usize,
    pub name: Option<String>,
    pub id: Option<String>,
    pub phase: Option<String>,
    pub expires: Option<Timestamp>,
    pub deleting: bool,
}

/// The pointer of cache `index` in the reports.
pub fn cache_pointer(index: usize) -> String {
    format!("/imageCaches/{index}")
}

impl Engine {
    pub fn new(caches: Vec<Value>, settings: Settings, now: Option<Timestamp>) -> Engine {
        let paths = (0..caches.len()).map(cache_pointer).collect();
        Engine {
            caches,
            paths,
            settings,
            now,
        }
    }

    fn input<'a>(&'a self, object: &'a Value) -> Input<'a> {
        Input {
            object,
            caches: self.paths.iter().cloned().zip(&self.caches).collect(),
            settings: self.settings.clone(),
            now: self.now,
        }
    }

    /// The full report: a row for every cache, and the problems found in the caches.
    pub fn evaluate(&self, object: &Value) -> Report {
        evaluate_input(&self.input(object))
    }

    /// The report with rows only for the caches that share an image with the pod or that it
    /// pins, and without the problems of the caches (read those once from [`Self::diagnostics`]).
    pub fn evaluate_relevant(&self, object: &Value) -> Report {
        let mut report = self.evaluate(object);
        report.diagnostics.retain(|d| !is_cache_path(&d.path));
        let chosen = report.decision.image_cache_id.clone();
        report.caches.retain(|row| {
            !row.matched.is_empty()
                || row.rank.is_some()
                || (row.image_cache_id == chosen && chosen.is_some())
        });
        report
    }

    /// The problems found in the caches themselves, with paths under `/imageCaches/<i>`.
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        let probe = json!({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "probe"},
                           "spec": {"containers": []}});
        let mut diags = self.evaluate(&probe).diagnostics;
        diags.retain(|d| is_cache_path(&d.path));
        diags
    }

    /// Each cache as an audit lists it.
    pub fn caches(&self) -> Vec<CacheInfo> {
        let text = |v: &Value, p: &str| v.pointer(p).and_then(Value::as_str).map(str::to_owned);
        self.caches
            .iter()
            .enumerate()
            .map(|(index, c)| CacheInfo {
                index,
                name: text(c, "/metadata/name"),
                id: text(c, "/status/imageCacheId"),
                phase: text(c, "/status/phase"),
                expires: text(c, "/status/expireDateTime").and_then(|t| Timestamp::parse(&t).ok()),
                deleting: c
                    .pointer("/metadata/deletionTimestamp")
                    .is_some_and(|v| !v.is_null()),
            })
            .collect()
    }

    pub fn now(&self) -> Option<Timestamp> {
        self.now
    }
}

fn is_cache_path(path: &str) -> bool {
    path == "/imageCaches" || path.starts_with("/imageCaches/")
}

#[cfg(test)]
mod tests;
