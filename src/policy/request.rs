//! The parts of Kubewarden's `ValidationRequest` the policy reads. Read into these rather
//! than the SDK's `ValidationRequest`, whose every other field (the user's info and groups,
//! the options, the resource and request kinds) was 20 KB of the module's code to
//! deserialize and check, for fields no rule reads. The names and aliases are the SDK's;
//! what the policy does not read, it no longer refuses when malformed.

use serde::Deserialize;
use serde_json::Value;

#[derive(Debug, Deserialize)]
pub struct ValidationRequest {
    /// The policy's settings, as Kubewarden passes them.
    pub settings: Value,
    pub request: KubernetesAdmissionRequest,
}

/// Kubernetes' `AdmissionRequest`, as Kubewarden passes it (every field may be absent).
/// Named as the SDK names it, so that messages about a malformed request do not change.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct KubernetesAdmissionRequest {
    pub kind: GroupVersionKind,
    #[serde(alias = "subResource")]
    pub sub_resource: String,
    pub name: String,
    pub namespace: String,
    pub operation: String,
    pub object: Value,
    #[serde(alias = "oldObject")]
    pub old_object: Value,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct GroupVersionKind {
    pub kind: String,
}
