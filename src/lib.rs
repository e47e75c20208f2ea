//! Resolve and validate Alibaba Cloud ECI image caches.
//!
//! The [`core`] module holds all behaviour, as pure functions over JSON; every front end
//! is a thin adapter over [`evaluate`], or over a [`Catalogue`] (the cluster's caches read
//! once, asked about many objects):
//! - `policy` (feature `policy`, target `wasm32-wasip1`): the Kubewarden admission policy;
//! - `npm` (feature `npm`, target `wasm32-unknown-unknown`): the wasm-bindgen layer of the
//!   npm package, which the browser playground in `www/` uses too.

#[cfg(feature = "cli")]
pub mod cli;
pub mod core;
#[cfg(feature = "npm")]
pub mod npm;
#[cfg(feature = "policy")]
pub mod policy;

pub use crate::core::{
    evaluate, evaluate_input, evaluate_slice, CacheRow, Catalogue, Code, Decision, Diagnostic,
    Input, InputError, Outcome, Reason, Report, Scope, Settings, Severity,
};
