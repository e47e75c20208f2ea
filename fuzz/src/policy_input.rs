//! The inputs of `policy_validate`, built with `arbitrary`: mostly an AdmissionRequest for a
//! workload of any kind (see [`structured`](crate::structured)), with settings, an operation
//! and, for UPDATE, an old object; sometimes bytes of any kind.

use arbitrary::{Arbitrary, Unstructured};
use serde_json::{json, Value};

use crate::policy::case_to_json;
use crate::structured::{Rare, Scalar, Settings, Workload};

#[derive(Debug, Clone)]
pub enum Operation {
    Create,
    Update,
    Delete,
    Connect,
    Other(String),
}

impl<'a> Arbitrary<'a> for Operation {
    fn arbitrary(u: &mut Unstructured<'a>) -> arbitrary::Result<Self> {
        Ok(match u8::arbitrary(u)? {
            0..=127 => Operation::Create,
            128..=207 => Operation::Update,
            208..=223 => Operation::Delete,
            224..=239 => Operation::Connect,
            _ => Operation::Other(String::arbitrary(u)?),
        })
    }
}

/// The object before an UPDATE.
#[derive(Arbitrary, Debug, Clone)]
pub enum Old {
    /// The same object (an update that changes nothing the policy reads).
    Same,
    Other(Box<Workload>),
    Absent,
}

#[derive(Arbitrary, Debug, Clone)]
pub struct Admission {
    pub operation: Operation,
    pub sub_resource: Rare<String>,
    pub object: Workload,
    pub old: Old,
    /// `request.object` of another type.
    pub broken_object: Rare<Scalar>,
    pub settings: Option<Settings>,
    /// No `settings` member: not a ValidationRequest.
    pub no_settings: Rare<()>,
    pub name: Option<String>,
    pub namespace: Option<String>,
}

impl Admission {
    pub fn payload(&self) -> Vec<u8> {
        let object = match &self.broken_object.0 {
            Some(v) => v.json(),
            None => self.object.json(),
        };
        let kind = object.get("kind").cloned().unwrap_or(json!(""));
        let old = match (&self.operation, &self.old) {
            (Operation::Update, Old::Same) => object.clone(),
            (Operation::Update, Old::Other(w)) => w.json(),
            _ => Value::Null,
        };
        let operation = match &self.operation {
            Operation::Create => "CREATE".to_owned(),
            Operation::Update => "UPDATE".to_owned(),
            Operation::Delete => "DELETE".to_owned(),
            Operation::Connect => "CONNECT".to_owned(),
            Operation::Other(s) => s.clone(),
        };
        let mut request = json!({
            "request": {
                "uid": "705ab4f5-6393-11e8-b7cc-42010a800002",
                "kind": {"group": "", "version": "v1", "kind": kind},
                "resource": {"group": "", "version": "v1", "resource": "pods"},
                "subResource": self.sub_resource.0.clone().unwrap_or_default(),
                "name": self.name.clone().unwrap_or_default(),
                "namespace": self.namespace.clone().unwrap_or_default(),
                "operation": operation,
                "userInfo": {"username": "system:serviceaccount:kube-system:replicaset-controller"},
                "object": object,
                "oldObject": old,
                "dryRun": false,
                "options": {}
            }
        });
        if self.no_settings.0.is_none() {
            request["settings"] = self.settings.as_ref().map_or(json!({}), Settings::json);
        }
        serde_json::to_vec(&request).expect("serialises")
    }
}

/// The input of `policy_validate`. Its `Debug` is the JSON of a kept case (see
/// [`case_from_json`](crate::policy::case_from_json)), so that `cargo fuzz fmt` prints what to
/// keep under `tests/fuzz-regressions/policy_validate/`.
#[derive(Clone)]
pub enum PolicyInput {
    Admission(Box<Admission>),
    Bytes(Vec<u8>),
}

impl<'a> Arbitrary<'a> for PolicyInput {
    fn arbitrary(u: &mut Unstructured<'a>) -> arbitrary::Result<Self> {
        Ok(match u8::arbitrary(u)? {
            0..=223 => PolicyInput::Admission(Box::new(Admission::arbitrary(u)?)),
            _ => PolicyInput::Bytes(Vec::arbitrary(u)?),
        })
    }
}

impl PolicyInput {
    pub fn payload(&self) -> Vec<u8> {
        match self {
            PolicyInput::Admission(a) => a.payload(),
            PolicyInput::Bytes(b) => b.clone(),
        }
    }
}

impl std::fmt::Debug for PolicyInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let json = serde_json::to_string_pretty(&case_to_json(&self.payload()))
            .map_err(|_| std::fmt::Error)?;
        f.write_str(&json)
    }
}
