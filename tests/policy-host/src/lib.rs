//! A Kubewarden-like waPC host for `policy.wasm`, built from the crates Kubewarden's own
//! host (policy-evaluator) is built from: `wapc` and `wasmtime-provider` with WASI.
//!
//! It does what the real host does around a policy, as far as this policy can tell:
//! - compiles the module once, and makes a fresh instance for every request;
//! - calls `validate` with `{"request": <AdmissionRequest>, "settings": <settings>}`;
//! - answers the host capability `kubewarden`/`kubernetes`/`list_resources_all` from
//!   fixture objects, refusing kinds outside the policy's `contextAwareResources` with the
//!   host's own message, and pruning every item to the request's `field_masks`;
//! - turns `mutated_object` into a JSON Patch with `json_patch::diff` against the request's
//!   object, refuses a mutation of a DELETE, and turns an error from `validate` into the
//!   opaque "internal server error" rejection with code 500.

use std::collections::{BTreeMap, VecDeque};
use std::error::Error;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use wapc::WapcHost;
use wasmtime_provider::{WasmtimeEngineProviderBuilder, WasmtimeEngineProviderPre};

mod host_thread;
pub use host_thread::HostThread;

pub type HostError = Box<dyn Error + Send + Sync>;

/// Who computes the host's answers to the policy's capability calls.
#[derive(Clone)]
pub enum Answerer {
    /// The waPC callback itself, on the policy's thread: the host's work then runs through
    /// the caches of the core the policy runs on.
    Callback(Arc<Cluster>),
    /// A thread of the host's own, the callback polling for the answer, as in Kubewarden.
    Thread(Arc<HostThread>),
}

/// What the cluster holds and allows, as the host sees it.
#[derive(Debug)]
pub struct Cluster {
    /// The `(apiVersion, kind)` pairs of the policy's `contextAwareResources`.
    pub context_aware_resources: Vec<(String, String)>,
    /// Where the answers come from.
    pub answers: Answers,
}

/// How the host answers the capability calls it lets through.
#[derive(Debug)]
pub enum Answers {
    /// From these objects, by `(apiVersion, kind)`; a kind absent here is not installed.
    Objects(BTreeMap<(String, String), Vec<Value>>),
    /// Every list fails with this error.
    Failure(String),
    /// Replayed from a kwctl session, in order, as `kwctl run --replay-host-capabilities-interactions` does.
    Replay(Mutex<VecDeque<Exchange>>),
}

fn image_cache_kind() -> (String, String) {
    (
        "eci.alibabacloud.com/v1".to_owned(),
        "ImageCache".to_owned(),
    )
}

impl Cluster {
    /// A cluster with these ImageCache objects, the policy allowed to list them.
    pub fn with_image_caches(caches: Vec<Value>) -> Self {
        Cluster {
            context_aware_resources: vec![image_cache_kind()],
            answers: Answers::Objects(BTreeMap::from([(image_cache_kind(), caches)])),
        }
    }

    /// A cluster whose lists fail with `error`, the policy allowed to list ImageCaches.
    pub fn failing(error: &str) -> Self {
        Cluster {
            context_aware_resources: vec![image_cache_kind()],
            answers: Answers::Failure(error.to_owned()),
        }
    }

    /// A kwctl replay session (the YAML `kwctl run --record-host-capabilities-interactions`
    /// writes), the policy allowed to list ImageCaches.
    pub fn replaying(session: &str) -> Result<Self, HostError> {
        Ok(Cluster {
            context_aware_resources: vec![image_cache_kind()],
            answers: Answers::Replay(Mutex::new(load_session(session)?.into())),
        })
    }
}

/// One recorded exchange of a kwctl session.
#[derive(Debug, Clone, PartialEq)]
pub struct Exchange {
    /// The YAML tag of the recorded request, such as `KubernetesListResourceAll`.
    pub request_type: String,
    /// The recorded request's fields, as JSON.
    pub request: Value,
    /// The recorded answer: the payload, or the host's error message.
    pub response: Result<String, String>,
}

/// Reads a kwctl session: a YAML list of `{type: Exchange, request: <tagged YAML text>,
/// response: {type: Success, payload} | {type: Error, message}}`.
pub fn load_session(text: &str) -> Result<Vec<Exchange>, HostError> {
    let entries: Vec<serde_yaml::Value> = serde_yaml::from_str(text)?;
    let mut out = Vec::new();
    for entry in entries {
        let field = |key: &str| entry.get(key).cloned().unwrap_or(serde_yaml::Value::Null);
        let request_text = field("request")
            .as_str()
            .map(str::to_owned)
            .ok_or("an exchange without request")?;
        let serde_yaml::Value::Tagged(tagged) =
            serde_yaml::from_str::<serde_yaml::Value>(&request_text)?
        else {
            return Err("a recorded request without its !Type tag".into());
        };
        let response = field("response");
        let text = |key: &str| {
            response
                .get(key)
                .and_then(serde_yaml::Value::as_str)
                .unwrap_or_default()
                .to_owned()
        };
        let response = match text("type").as_str() {
            "Success" => Ok(text("payload")),
            "Error" => Err(text("message")),
            other => return Err(format!("a response of type {other:?}").into()),
        };
        out.push(Exchange {
            request_type: tagged.tag.to_string().trim_start_matches('!').to_owned(),
            request: serde_json::to_value(&tagged.value)?,
            response,
        });
    }
    Ok(out)
}

/// One host capability call the policy made: `binding/namespace/operation` and the payload.
#[derive(Debug, Clone, PartialEq)]
pub struct HostCall {
    pub capability: String,
    pub payload: Value,
}

/// The part of Kubernetes' AdmissionResponse the host builds from the policy's answer.
#[derive(Debug, Clone, PartialEq)]
pub struct AdmissionResponse {
    pub allowed: bool,
    pub message: Option<String>,
    pub code: Option<u64>,
    pub warnings: Vec<String>,
    /// The JSON Patch the host sends to the API server, as JSON.
    pub patch: Option<Value>,
}

/// A policy module compiled once, instantiated afresh for every request.
pub struct Policy {
    pre: WasmtimeEngineProviderPre,
}

/// The message of Kubewarden's host for a kind the policy was not granted.
pub fn not_granted(api_version: &str, kind: &str) -> String {
    format!(
        "Policy has not been granted access to Kubernetes {api_version}/{kind} resources. The violation has been reported."
    )
}

/// A field mask as a tree of its dotted paths; a leaf keeps its whole subtree.
#[derive(Debug, Default)]
struct MaskNode(BTreeMap<String, MaskNode>);

impl MaskNode {
    fn new(paths: &[String]) -> Self {
        let mut root = MaskNode::default();
        for path in paths {
            let mut node = &mut root;
            for part in path.split('.') {
                node = node.0.entry(part.to_owned()).or_default();
            }
        }
        root
    }

    /// The part of `value` the mask keeps, built without copying what it drops.
    fn keep(&self, value: &Value) -> Value {
        if self.0.is_empty() {
            return value.clone();
        }
        match value {
            Value::Object(map) => Value::Object(
                map.iter()
                    .filter_map(|(key, child)| {
                        self.0.get(key).map(|node| (key.clone(), node.keep(child)))
                    })
                    .collect(),
            ),
            Value::Array(items) => Value::Array(items.iter().map(|item| self.keep(item)).collect()),
            other => other.clone(),
        }
    }
}

/// Prunes `value` to the dotted `paths`, as the host's `field_masks` do: members not in
/// the mask are dropped, arrays are transparent, a leaf of the mask keeps its subtree.
pub fn prune(value: &mut Value, paths: &[String]) {
    *value = MaskNode::new(paths).keep(value);
}

/// The request as kwctl compares it with a recorded one: `field_masks` as a set.
fn comparable(request: &Value) -> Value {
    let field = |key: &str| request.get(key).cloned().unwrap_or(Value::Null);
    let masks = field("field_masks").as_array().map(|m| {
        let mut m: Vec<Value> = m.clone();
        m.sort_by(|a, b| a.as_str().cmp(&b.as_str()));
        m.dedup();
        Value::Array(m)
    });
    json!({
        "api_version": field("api_version"), "kind": field("kind"),
        "label_selector": field("label_selector"), "field_selector": field("field_selector"),
        "field_masks": masks.unwrap_or(Value::Null),
    })
}

fn list_resources_all(cluster: &Cluster, payload: &[u8]) -> Result<Vec<u8>, HostError> {
    let req: Value = serde_json::from_slice(payload)?;
    let text = |key: &str| {
        req.get(key)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned()
    };
    let (api_version, kind) = (text("api_version"), text("kind"));
    let key = (api_version.clone(), kind.clone());
    if !cluster.context_aware_resources.contains(&key) {
        return Err(not_granted(&api_version, &kind).into());
    }
    let objects = match &cluster.answers {
        Answers::Failure(failure) => return Err(failure.clone().into()),
        Answers::Replay(exchanges) => {
            let next = exchanges.lock().map_err(|_| "poisoned")?.pop_front();
            let Some(exchange) = next else {
                return Err("the list of recorded responses is empty".into());
            };
            if exchange.request_type != "KubernetesListResourceAll"
                || comparable(&exchange.request) != comparable(&req)
            {
                return Err(format!(
                    "Replay error: unexpected request. Was expecting {} {}, got {req} instead",
                    exchange.request_type, exchange.request
                )
                .into());
            }
            return exchange
                .response
                .map(String::into_bytes)
                .map_err(HostError::from);
        }
        Answers::Objects(objects) => match objects.get(&key) {
            Some(objects) => objects,
            None => return Err(format!("Cannot find resource {api_version}/{kind}").into()),
        },
    };
    let masks: Vec<String> = req
        .get("field_masks")
        .and_then(Value::as_array)
        .map(|m| {
            m.iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default();
    let mask = MaskNode::new(&masks);
    let items: Vec<Value> = objects.iter().map(|object| mask.keep(object)).collect();
    let list = json!({"apiVersion": api_version, "kind": format!("{kind}List"), "metadata": {}, "items": items});
    Ok(serde_json::to_vec(&list)?)
}

/// The host's answer to one capability call of the policy.
pub fn answer(
    cluster: &Cluster,
    binding: &str,
    namespace: &str,
    operation: &str,
    payload: &[u8],
) -> Result<Vec<u8>, HostError> {
    match (binding, namespace, operation) {
        ("kubewarden", "kubernetes", "list_resources_all") => list_resources_all(cluster, payload),
        ("kubewarden", "kubernetes", _) => Err(format!("unknown operation: {operation}").into()),
        ("kubewarden", _, _) => Err(format!("unknown namespace: {namespace}").into()),
        _ => Err(format!("unknown binding: {binding}").into()),
    }
}

/// The `validate` payload the host sends: a `ValidationRequest` of `request` and `settings`.
pub fn validation_payload(request: &Value, settings: &Value) -> Result<Vec<u8>, HostError> {
    Ok(serde_json::to_vec(
        &json!({"request": request, "settings": settings}),
    )?)
}

impl Policy {
    /// Compiles the module (once; the expensive part).
    pub fn load(module: &[u8]) -> Result<Self, HostError> {
        let pre = WasmtimeEngineProviderBuilder::new()
            .module_bytes(module)
            .build_pre()?;
        Ok(Policy { pre })
    }

    /// A fresh instance whose host capability calls are answered from `cluster` and
    /// recorded in `calls`.
    pub fn instance(
        &self,
        cluster: Arc<Cluster>,
        calls: Arc<Mutex<Vec<HostCall>>>,
    ) -> Result<WapcHost, HostError> {
        self.instance_answering(
            move |_id: u64, binding: &str, namespace: &str, operation: &str, payload: &[u8]| {
                if let Ok(mut calls) = calls.lock() {
                    calls.push(HostCall {
                        capability: format!("{binding}/{namespace}/{operation}"),
                        payload: serde_json::from_slice(payload).unwrap_or(Value::Null),
                    });
                }
                answer(&cluster, binding, namespace, operation, payload)
            },
        )
    }

    /// A fresh instance whose answers `answerer` computes, adding the time the host spends
    /// on each (as the policy's thread sees it) to `host_time`: what a benchmark subtracts
    /// from a request, measured in the request itself rather than apart from it.
    pub fn timed_instance(
        &self,
        answerer: Answerer,
        host_time: Arc<Mutex<Duration>>,
    ) -> Result<WapcHost, HostError> {
        self.instance_answering(
            move |_id: u64, binding: &str, namespace: &str, operation: &str, payload: &[u8]| {
                let start = Instant::now();
                let answer = match &answerer {
                    Answerer::Callback(cluster) => {
                        answer(cluster, binding, namespace, operation, payload)
                    }
                    Answerer::Thread(host) => host.ask(binding, namespace, operation, payload),
                };
                if let Ok(mut host_time) = host_time.lock() {
                    *host_time += start.elapsed();
                }
                answer
            },
        )
    }

    /// A fresh instance whose host capability calls `callback` answers.
    fn instance_answering(
        &self,
        callback: impl Fn(u64, &str, &str, &str, &[u8]) -> Result<Vec<u8>, HostError>
            + Send
            + Sync
            + 'static,
    ) -> Result<WapcHost, HostError> {
        let engine = self.pre.rehydrate(None)?;
        Ok(WapcHost::new(Box::new(engine), Some(Box::new(callback)))?)
    }

    /// One admission request through a fresh instance, answered as the host answers the
    /// API server; also returns the host capability calls the policy made.
    pub fn validate(
        &self,
        cluster: &Arc<Cluster>,
        settings: &Value,
        request: &Value,
    ) -> Result<(AdmissionResponse, Vec<HostCall>), HostError> {
        self.validate_payload(
            cluster,
            &validation_payload(request, settings)?,
            request.get("object"),
        )
    }

    /// `validate` with the payload as given, bytes that need not be a `ValidationRequest`
    /// nor even JSON; `object` is the request's object the host diffs a mutation against.
    pub fn validate_payload(
        &self,
        cluster: &Arc<Cluster>,
        payload: &[u8],
        object: Option<&Value>,
    ) -> Result<(AdmissionResponse, Vec<HostCall>), HostError> {
        let calls = Arc::new(Mutex::new(Vec::new()));
        let host = self.instance(cluster.clone(), calls.clone())?;
        let response = match host.call("validate", payload) {
            Ok(raw) => from_policy_response(object.filter(|o| !o.is_null()), &raw)?,
            Err(e) => AdmissionResponse {
                allowed: false,
                message: Some(format!("internal server error: {e}")),
                code: Some(500),
                warnings: Vec::new(),
                patch: None,
            },
        };
        let calls = calls.lock().map(|c| c.clone()).unwrap_or_default();
        Ok((response, calls))
    }

    /// `validate_settings` through a fresh instance: the policy's JSON answer.
    pub fn validate_settings(&self, settings: &Value) -> Result<Value, HostError> {
        self.validate_settings_payload(&serde_json::to_vec(settings)?)
    }

    /// `validate_settings` with the payload as given, which need not be JSON.
    pub fn validate_settings_payload(&self, payload: &[u8]) -> Result<Value, HostError> {
        let host = self.instance(
            Arc::new(Cluster::with_image_caches(Vec::new())),
            Arc::default(),
        )?;
        let raw = host.call("validate_settings", payload)?;
        Ok(serde_json::from_slice(&raw)?)
    }

    /// `protocol_version` through a fresh instance.
    pub fn protocol_version(&self) -> Result<Value, HostError> {
        let host = self.instance(
            Arc::new(Cluster::with_image_caches(Vec::new())),
            Arc::default(),
        )?;
        Ok(serde_json::from_slice(
            &host.call("protocol_version", &[])?,
        )?)
    }
}

/// What policy-evaluator makes of a policy's `ValidationResponse`.
fn from_policy_response(
    object: Option<&Value>,
    raw: &[u8],
) -> Result<AdmissionResponse, HostError> {
    let response: Value = serde_json::from_slice(raw)?;
    let mutated = response.get("mutated_object").filter(|m| !m.is_null());
    let text = |key: &str| response.get(key).and_then(Value::as_str).map(str::to_owned);
    let warnings = response
        .get("warnings")
        .and_then(Value::as_array)
        .map(|w| {
            w.iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default();
    let patch = match (mutated, object) {
        (Some(_), None) => {
            return Ok(AdmissionResponse {
                allowed: false,
                message: Some(
                    "Incoming object is null, which happens only with DELETE operations, but the policy is attempting a mutation. This is not allowed"
                        .to_owned(),
                ),
                code: None,
                warnings: Vec::new(),
                patch: None,
            })
        }
        (Some(mutated), Some(object)) => {
            let diff = json_patch::diff(object, mutated);
            (!diff.0.is_empty()).then(|| serde_json::to_value(&diff)).transpose()?
        }
        (None, _) => None,
    };
    Ok(AdmissionResponse {
        allowed: response
            .get("accepted")
            .and_then(Value::as_bool)
            .unwrap_or(false),
        message: text("message"),
        code: response.get("code").and_then(Value::as_u64),
        warnings,
        patch,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prunes_like_the_hosts_field_masks() {
        let mut v = json!({"a": {"b": 1, "c": 2}, "d": 3, "users": [{"name": "x", "age": 1}], "e": {"f": {"g": 1}}});
        prune(
            &mut v,
            &["a.b".into(), "d".into(), "users.name".into(), "e".into()],
        );
        assert_eq!(
            v,
            json!({"a": {"b": 1}, "d": 3, "users": [{"name": "x"}], "e": {"f": {"g": 1}}})
        );
    }
}
