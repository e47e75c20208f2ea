//! The cluster the host answers from (fixture objects, a failure, or a replayed kwctl
//! session) and its answers to the policy's capability calls, as Kubewarden's host gives
//! them: kinds outside `contextAwareResources` refused in its words, every item pruned to
//! the request's `field_masks`.

use std::collections::{BTreeMap, VecDeque};
use std::sync::Mutex;

use serde_json::{json, Value};

use crate::{strings, HostError};

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
    let masks = strings(&req, "field_masks");
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
