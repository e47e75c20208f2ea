//! The one place the command line asks the core: the caches are read once into a
//! [`Catalogue`], then each workload is evaluated against it.

use serde_json::Value;

use crate::core::image_cache::ImageCache;
use crate::core::time::Timestamp;
use crate::core::{Catalogue, Diagnostic, InputError, Report, Scope, Settings};

/// The caches, settings and time of a run.
pub struct Engine {
    catalogue: Catalogue,
    now: Option<Timestamp>,
}

impl Engine {
    /// The caches in list order; their problems are reported at `/imageCaches/<i>`.
    pub fn new(
        caches: Vec<Value>,
        settings: Settings,
        now: Option<Timestamp>,
    ) -> Result<Engine, InputError> {
        let catalogue = Catalogue::from_json(&Value::Array(caches), settings)?;
        Ok(Engine { catalogue, now })
    }

    /// The full report: a row for every cache, and the problems found in the caches.
    pub fn evaluate(&self, object: &Value) -> Report {
        self.catalogue.evaluate(object, self.now.as_ref())
    }

    /// The report with rows only for the caches that share an image with the pod or that it
    /// pins, and without the problems of the caches (read those once from [`Self::diagnostics`]).
    pub fn evaluate_relevant(&self, object: &Value) -> Report {
        self.catalogue.evaluate_relevant(object, self.now.as_ref())
    }

    /// The report listing what `scope` lists (see [`Scope`]).
    pub fn evaluate_in(&self, object: &Value, scope: Scope) -> Report {
        self.catalogue.evaluate_in(object, self.now.as_ref(), scope)
    }

    /// The problems found in the caches themselves, with paths under `/imageCaches/<i>`.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        self.catalogue.diagnostics()
    }

    /// The caches as matching reads them, each with its index in the list.
    pub fn caches(&self) -> impl Iterator<Item = (usize, &ImageCache)> {
        self.catalogue
            .caches()
            .iter()
            .filter_map(|c| Some((Catalogue::entry_of(&c.path)?.0, c)))
    }

    pub fn now(&self) -> Option<Timestamp> {
        self.now
    }
}

#[cfg(test)]
mod tests;
