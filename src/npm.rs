//! The npm package's WebAssembly layer (feature `npm`, target `wasm32-unknown-unknown`):
//! `evaluate`, the `Catalogue` class and `version` for JavaScript, over the same core
//! entries as every other front end. The TypeScript declarations come from the Rust types through tsify,
//! so they cannot drift from the report the core builds.
//!
//! The input crosses into WebAssembly as one JSON text (`JSON.stringify`, then the core's
//! own one-pass reader), so it has the semantics users expect of a plain object: a `Date`
//! anywhere becomes its ISO string, `undefined` members are left out. A cycle, a `BigInt`
//! or a throwing getter is a clean error, never a trap, and each cache is read straight
//! into the catalogue, within the core's depth and string limits.
//! Reading the object through serde-wasm-bindgen instead was about a fifth faster on
//! 1 000 caches with long `status.events`, but turns a `Date` (js-yaml makes one of every
//! unquoted timestamp) into `{}`.
//!
//! The report goes back the same way: serde_json's text, then `JSON.parse`, so that it is
//! exactly what the native core prints (plain objects, `null` for absent values). Through
//! serde-wasm-bindgen it was 4 KB bigger gzipped (a second serializer of every report type)
//! and slower on long reports (103 against 88 ms at 1 000 caches).

use js_sys::{Date, Object, Reflect};
use serde_json::Value;
use tsify::{Ts, Tsify};
use wasm_bindgen::prelude::*;

use crate::core::input::{object_and_time, unknown_key};
use crate::core::time::Timestamp;
use crate::core::{json, json_writer};
use crate::core::{limits, Input, Settings};
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

/// The input of `new Catalogue(…)`: the cluster's caches and the settings, read once.
#[derive(Tsify)]
#[serde(rename_all = "camelCase")]
pub struct CatalogueInput {
    /// The cluster's ImageCaches: an array, an `ImageCacheList`, or a `v1` `List`. Absent
    /// means none.
    #[tsify(optional, type = "KubernetesObject[] | ImageCacheList | null")]
    pub image_caches: Option<Value>,
    /// Settings; every one is optional and has the default of the documentation.
    #[tsify(optional, type = "Partial<Settings> | null")]
    pub settings: Option<Value>,
}

/// The input of `Catalogue.evaluate(…)`: one object, and the time.
#[derive(Tsify)]
pub struct ObjectInput {
    /// The manifest to evaluate, as for `evaluate`.
    #[tsify(type = "KubernetesObject")]
    pub object: Value,
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
    let text = json_text(&JsValue::from(input), INPUT_KEYS)?;
    let mut input = Input::from_slice(text.as_bytes()).map_err(|e| to_js_error(unread(e)))?;
    if input.now.is_none() {
        input.now = Some(clock());
    }
    to_js_report(&crate::evaluate_input(&input))
}

/// The cluster's caches and the settings, read once and asked about any number of objects:
/// what a Node service or a page that evaluates many manifests keeps. Each evaluation gives
/// the same report as `evaluate` with the same caches and settings.
#[wasm_bindgen]
pub struct Catalogue(crate::core::Catalogue);

#[wasm_bindgen]
impl Catalogue {
    /// Reads the caches and the settings. Misuse (an unknown key, a list of the wrong
    /// shape, settings of the wrong type) throws an `Error` whose `path` is the field's
    /// JSON Pointer, as `evaluate` would name it.
    #[wasm_bindgen(constructor)]
    pub fn new(input: Ts<CatalogueInput>) -> Result<Catalogue, JsValue> {
        let input = JsValue::from(input);
        check_keys(&input, &["imageCaches", "settings"])?;
        let member = |key: &str| {
            Reflect::get(&input, &JsValue::from_str(key))
                .map_err(|e| to_js_error(unreadable(&format!("/{key}"), &e)))
        };
        let settings = match json_text(&member("settings")?, &[])? {
            text if text.is_empty() => Settings::default(),
            text => {
                let value = json::from_slice(text.as_bytes())
                    .map_err(|e| to_js_error(cannot_read("/settings", &e)))?;
                Settings::from_json(&value, "/settings").map_err(to_js_error)?
            }
        };
        let caches = json_text(&member("imageCaches")?, &[])?;
        let caches = if caches.is_empty() { "null" } else { &caches };
        crate::core::Catalogue::from_slice(caches.as_bytes(), settings)
            .map(Catalogue)
            .map_err(|e| to_js_error(unread(e)))
    }

    /// Evaluates one object against the caches: the report of `evaluate`.
    pub fn evaluate(&self, input: Ts<ObjectInput>) -> Result<Ts<Report>, JsValue> {
        let (object, now) = self.read(input)?;
        to_js_report(&self.0.evaluate(&object, now.as_ref()))
    }

    /// The same decision and patch, listing only the caches that hold one of the pod's
    /// images or that its pin names, without the problems of the cache list (read those
    /// once from `diagnostics`): for evaluating many objects.
    #[wasm_bindgen(js_name = evaluateRelevant)]
    pub fn evaluate_relevant(&self, input: Ts<ObjectInput>) -> Result<Ts<Report>, JsValue> {
        let (object, now) = self.read(input)?;
        to_js_report(&self.0.evaluate_relevant(&object, now.as_ref()))
    }

    /// The problems found in the caches while reading them.
    #[wasm_bindgen(getter)]
    pub fn diagnostics(&self) -> Result<Ts<Diagnostics>, JsValue> {
        to_js(&Diagnostics(self.0.diagnostics().to_vec()), "diagnostics")
    }

    /// How many caches were read.
    #[wasm_bindgen(getter)]
    pub fn size(&self) -> usize {
        self.0.caches().len()
    }
}

impl Catalogue {
    fn read(&self, input: Ts<ObjectInput>) -> Result<(Value, Option<Timestamp>), JsValue> {
        let text = json_text(&JsValue::from(input), &["object", "now"])?;
        let mut value =
            json::from_slice(text.as_bytes()).map_err(|e| to_js_error(cannot_read("", &e)))?;
        let (object, now) = object_and_time(&mut value).map_err(to_js_error)?;
        Ok((object, Some(now.unwrap_or_else(clock))))
    }
}

/// The problems of a cache list.
#[derive(serde::Serialize, Tsify)]
pub struct Diagnostics(pub Vec<crate::Diagnostic>);

/// The version of the package (and of the crate it is built from).
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}

const INPUT_KEYS: &[&str] = &["object", "imageCaches", "settings", "now"];

/// A JavaScript value as JSON text (`JSON.stringify`), within the input's size limit; empty
/// for `undefined`. With `keys`, it must be an object, and a `Date` as its `now` must be valid.
fn json_text(value: &JsValue, keys: &[&str]) -> Result<String, JsValue> {
    if !keys.is_empty() && value.is_object() {
        let now = Reflect::get(value, &JsValue::from_str("now"))
            .map_err(|e| to_js_error(unreadable("/now", &e)))?;
        if now.dyn_ref::<Date>().is_some_and(|d| d.get_time().is_nan()) {
            return Err(to_js_error(InputError::new(
                "/now",
                "now is an invalid Date",
            )));
        }
    }
    let text = json_stringify(value).map_err(|e| to_js_error(unreadable("", &e)))?;
    let Some(text) = text.as_string() else {
        if keys.is_empty() && value.is_undefined() {
            return Ok(String::new());
        }
        // JSON.stringify gives no text for these three only.
        let found = if value.is_function() {
            "a function"
        } else if value.is_symbol() {
            "a symbol"
        } else {
            "undefined"
        };
        return Err(to_js_error(InputError::new(
            "",
            format!(
                "the input must be an object with the keys {}, not {found}",
                keys.join(", ")
            ),
        )));
    };
    if text.len() > limits::MAX_INPUT_BYTES {
        return Err(to_js_error(InputError::new(
            "",
            format!(
                "the input is {} bytes as JSON; at most {} are read",
                text.len(),
                limits::MAX_INPUT_BYTES
            ),
        )));
    }
    Ok(text)
}

/// Refuses a key of `input` that is none of `keys`, as the core refuses one of its input.
fn check_keys(input: &JsValue, keys: &[&str]) -> Result<(), JsValue> {
    let Some(object) = input.dyn_ref::<Object>() else {
        return Err(to_js_error(InputError::new(
            "",
            format!(
                "the input must be an object with the keys {}",
                keys.join(", ")
            ),
        )));
    };
    // The first in the order the core names them (a JSON object's keys, sorted).
    let unknown = Object::keys(object)
        .iter()
        .filter_map(|k| k.as_string())
        .filter(|k| !keys.contains(&k.as_str()))
        .min();
    match unknown {
        Some(key) => Err(to_js_error(unknown_key(&key, keys))),
        None => Ok(()),
    }
}

/// The time now, from JavaScript's clock: the one place the package reads a clock.
fn clock() -> Timestamp {
    let millis = Date::now();
    let seconds = (millis / 1000.0).floor();
    Timestamp::from_unix(seconds as i64, ((millis - seconds * 1000.0) * 1e6) as u32)
}

/// The core's "not JSON" error, in words that fit JSON text the caller never saw: the
/// line and column are those of the text made here.
fn unread(error: InputError) -> InputError {
    match error
        .message
        .strip_prefix("the input is not JSON: ")
        .or_else(|| error.message.strip_prefix("the cache list is not JSON: "))
    {
        Some(detail) => InputError::new(
            &error.path,
            format!("the input cannot be read: {}", without_position(detail)),
        ),
        None => error,
    }
}

fn cannot_read(path: &str, error: &serde_json::Error) -> InputError {
    let detail = error.to_string();
    let detail = without_position(&detail);
    InputError::new(path, format!("the input cannot be read: {detail}"))
}

/// A serde_json message without the " at line L column C" it ends with. Searched bytewise:
/// a `str` pattern compiles one more instance of the two-way searcher into the module.
fn without_position(detail: &str) -> &str {
    const AT: &[u8] = b" at line ";
    let end = detail
        .as_bytes()
        .windows(AT.len())
        .position(|w| w == AT)
        .unwrap_or(detail.len());
    detail.get(..end).unwrap_or(detail)
}

/// A report as JavaScript gets it: its text as `Report::to_json` writes it, sized for its rows.
fn to_js_report(report: &Report) -> Result<Ts<Report>, JsValue> {
    from_json_text(report.to_json(), "report")
}

fn to_js<T: serde::Serialize + Tsify>(value: &T, what: &str) -> Result<Ts<T>, JsValue> {
    from_json_text(json_writer::to_string(value), what)
}

/// A value as JavaScript gets it: its JSON text, written by the core's `json_writer`, parsed
/// by `JSON.parse`, so that the object is the one the native core prints (plain objects,
/// `null` for absent values).
fn from_json_text<T: Tsify>(
    text: Result<String, json_writer::Error>,
    what: &str,
) -> Result<Ts<T>, JsValue> {
    let failed = |e: &dyn std::fmt::Display| {
        to_js_error(InputError::new(
            "",
            format!("the {what} could not be converted: {e}"),
        ))
    };
    let text = text.map_err(|e| failed(&e))?;
    let parsed = js_sys::JSON::parse(&text).map_err(|e| failed(&format!("{e:?}")))?;
    Ok(Ts::new_unchecked(parsed))
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
