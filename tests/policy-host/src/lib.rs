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
//!
//! What the host answers from is in `cluster`; `host_thread` computes the answers on a
//! thread of the host's own, as Kubewarden's callback handler does.

use std::error::Error;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use wapc::WapcHost;
use wasmtime_provider::{WasmtimeEngineProviderBuilder, WasmtimeEngineProviderPre};

mod cluster;
mod host_thread;
pub use cluster::{answer, load_session, not_granted, prune, Answers, Cluster, Exchange};
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

/// The strings of the array `key` of `object`, its other items left out; none without it.
fn strings(object: &Value, key: &str) -> Vec<String> {
    object
        .get(key)
        .and_then(Value::as_array)
        .map(|items| {
            items
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
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
    let warnings = strings(&response, "warnings");
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
