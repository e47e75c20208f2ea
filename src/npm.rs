//! The npm package's WebAssembly layer (feature `npm`, target `wasm32-unknown-unknown`):
//! `evaluate` and `version` for JavaScript, over the same [`crate::evaluate`] as every
//! other front end. The TypeScript declarations come from the Rust types through tsify,
//! so they cannot drift from the report the core builds.
//!
//! The input crosses into WebAssembly as one JSON text (`JSON.stringify`, then the core's
//! own reader), so it has the semantics users expect of a plain object: a `Date` anywhere
//! becomes its ISO string, `undefined` members are left out. A cycle, a `BigInt` or a
//! throwing getter is a clean error, never a trap, and each cache keeps only the fields
//! the rules read (the core's `json::INPUT` mask, with its depth and string limits).
//! Reading the object through serde-wasm-bindgen instead was about a fifth faster on
//! 1 000 caches with long `status.events`, but turns a `Date` (js-yaml makes one of every
//! unquoted timestamp) into `{}`.
//!
//! The report goes back through serde-wasm-bindgen as plain objects (no `Map`), with
//! `null` for absent values, exactly as the native core prints it as JSON.

use js_sys::{Date, Reflect};
use serde_json::Value;
use tsify::{Ts, Tsify};
use wasm_bindgen::prelude::*;

use crate::core::{json, limits};
use crate::{InputError, Report};

/// The input of `evaluate`. Only `object` is required.
#[derive(Tsify)]
#[serde(rename_all = "camelCase")]
pub struct EvaluateInput {
    /// The manifest to evaluate: a Pod, a workload with a pod template (Deployment,
    /// ReplicaSet, StatefulSet, DaemonSet, ReplicationController, Job, CronJob), or an
    /// ImageCache to check against ECI's rules.
    #[tsify(type = "KubernetesObject")]
    pub object: Value,
    /// The cluster's ImageCaches: an array, an `ImageCacheList`, or a `v1` `List` (what
    /// `kubectl get imagecache -o json` prints). Absent means none.
    #[tsify(optional, type = "KubernetesObject[] | ImageCacheList | null")]
    pub image_caches: Option<Value>,
    /// Settings; every one is optional and has the default of the documentation.
    #[tsify(optional, type = "Partial<Settings> | null")]
    pub settings: Option<Value>,
    /// The time to check expiry against: an RFC 3339 string or a `Date`. Absent means
    /// the current time.
    #[tsify(optional, type = "string | Date | null")]
    pub now: Option<Value>,
}

/// Any Kubernetes object, as parsed from YAML or JSON.
#[derive(Tsify)]
#[tsify(
    type = "{ apiVersion?: string; kind?: string; metadata?: Record<string, unknown>; [field: string]: unknown }"
)]
pub struct KubernetesObject;

/// A list of ImageCaches as `kubectl get imagecache -o json` prints it.
#[derive(Tsify)]
#[tsify(
    type = "{ kind: \"ImageCacheList\" | \"List\"; apiVersion?: string; items?: KubernetesObject[] | null; [field: string]: unknown }"
)]
pub struct ImageCacheList;

#[wasm_bindgen(typescript_custom_section)]
const INPUT_ERROR: &str = r#"
/**
 * What `evaluate` throws on misuse of its input: an `Error` whose message starts with the
 * JSON Pointer of the field at fault, also given as `path` (empty for the input as a whole).
 */
export interface InputError extends Error {
    path: string;
}
"#;

#[wasm_bindgen]
extern "C" {
    /// `JSON.stringify`, typed loosely: it returns `undefined` for `undefined`, functions
    /// and symbols, and throws on cycles, `BigInt`s and throwing getters.
    #[wasm_bindgen(catch, js_namespace = JSON, js_name = stringify)]
    fn json_stringify(value: &JsValue) -> Result<JsValue, JsValue>;
}

/// Evaluates a workload (or an ImageCache) against the cluster's ImageCaches and returns
/// the report: the decision, every cache ranked or with the reason it was left out,
/// diagnostics with JSON Pointers into the input, and the JSON Patch of the mutating mode.
///
/// Problems in the manifests are diagnostics in the report. Misuse of the input itself
/// (not an object, an unknown key, settings of the wrong type, `now` that is not a time)
/// throws an `Error` whose message starts with the JSON Pointer of the field, also given
/// as its `path` property.
#[wasm_bindgen]
pub fn evaluate(input: Ts<EvaluateInput>) -> Result<Ts<Report>, JsValue> {
    let input = JsValue::from(input);
    let value = read_input(&input).map_err(to_js_error)?;
    let report = crate::evaluate(&value).map_err(to_js_error)?;
    Ts::from_rust(&report).map_err(|e| {
        to_js_error(InputError::new(
            "",
            format!("the report could not be converted: {e}"),
        ))
    })
}

/// The version of the package (and of the crate it is built from).
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}

/// Reads the JavaScript input as JSON, with `now` filled in from the clock when absent.
fn read_input(input: &JsValue) -> Result<Value, InputError> {
    let now = if input.is_object() {
        Reflect::get(input, &JsValue::from_str("now")).map_err(|e| unreadable("/now", &e))?
    } else {
        JsValue::UNDEFINED
    };
    if let Some(date) = now.dyn_ref::<Date>() {
        if date.get_time().is_nan() {
            return Err(InputError::new("/now", "now is an invalid Date"));
        }
    }
    let text = json_stringify(input).map_err(|e| unreadable("", &e))?;
    let Some(text) = text.as_string() else {
        // JSON.stringify gives no text for these three only.
        let found = if input.is_function() {
            "a function"
        } else if input.is_symbol() {
            "a symbol"
        } else {
            "undefined"
        };
        return Err(InputError::new(
            "",
            format!("the input must be an object with the keys object, imageCaches, settings, now, not {found}"),
        ));
    };
    if text.len() > limits::MAX_INPUT_BYTES {
        return Err(InputError::new(
            "",
            format!(
                "the input is {} bytes as JSON; at most {} are read",
                text.len(),
                limits::MAX_INPUT_BYTES
            ),
        ));
    }
    let mut value = json::from_slice(text.as_bytes(), json::INPUT).map_err(|e| {
        // The line and column are those of the JSON text made here, which the caller never sees.
        let detail = e.to_string();
        let detail = detail.split(" at line ").next().unwrap_or_default();
        InputError::new("", format!("the input cannot be read: {detail}"))
    })?;
    if let Value::Object(fields) = &mut value {
        if fields.get("now").is_none_or(Value::is_null) {
            let clock = Date::new_0().to_iso_string();
            fields.insert("now".to_owned(), Value::String(clock.into()));
        }
    }
    Ok(value)
}

/// An input that JavaScript refused to read (a cycle, a `BigInt`, a throwing getter).
fn unreadable(path: &str, error: &JsValue) -> InputError {
    let detail = error
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| error.as_string())
        .unwrap_or_else(|| "unknown error".to_owned());
    InputError::new(path, format!("the input cannot be read as JSON: {detail}"))
}

/// A JavaScript `Error` whose message names the field, with the field's JSON Pointer as
/// its `path` property.
fn to_js_error(error: InputError) -> JsValue {
    let js = js_sys::Error::new(&error.to_string());
    // Setting a property on a fresh Error cannot fail; were it to, the message still names the field.
    let _ = Reflect::set(
        &js,
        &JsValue::from_str("path"),
        &JsValue::from_str(&error.path),
    );
    js.into()
}
