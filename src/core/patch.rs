//! The JSON Patch (RFC 6902) of the mutating mode, written against the original object
//! so that nothing else of it changes, and a small applier for the operations it writes.

use serde::ser::{SerializeStruct, Serializer};
use serde::Serialize;
use serde_json::{Map, Value};

use super::advice::PullPolicyFix;
use super::pointer::{self, Pointer};

/// The annotation that records, on a mutated object, what was decided and why.
pub const AUDIT_ANNOTATION: &str = "eci-image-cache/decision";

#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "npm", derive(tsify::Tsify))]
pub struct PatchOperation {
    pub op: Op,
    pub path: String,
    /// Null, and not written, for `remove`. Any other operation writes it, null too: a fix
    /// that renames an annotation moves its value, whatever it is.
    #[cfg_attr(feature = "npm", tsify(type = "unknown", optional))]
    pub value: Value,
}

impl Serialize for PatchOperation {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let remove = self.op == Op::Remove;
        let mut op = serializer.serialize_struct("PatchOperation", 3 - usize::from(remove))?;
        op.serialize_field("op", &self.op)?;
        op.serialize_field("path", &self.path)?;
        if remove {
            op.skip_field("value")?;
        } else {
            op.serialize_field("value", &self.value)?;
        }
        op.end()
    }
}

impl PatchOperation {
    /// Sets the member at `path`: `replace` when `object` has it, `add` otherwise.
    pub fn set(object: &Value, path: &Pointer, value: Value) -> Self {
        let op = if path.find(object).is_some() {
            Op::Replace
        } else {
            Op::Add
        };
        PatchOperation {
            op,
            path: path.to_string(),
            value,
        }
    }

    pub fn replace(path: &Pointer, value: Value) -> Self {
        PatchOperation {
            op: Op::Replace,
            path: path.to_string(),
            value,
        }
    }

    pub fn remove(path: &Pointer) -> Self {
        PatchOperation {
            op: Op::Remove,
            path: path.to_string(),
            value: Value::Null,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "npm", derive(tsify::Tsify))]
#[serde(rename_all = "lowercase")]
pub enum Op {
    Add,
    Replace,
    Remove,
}

impl Op {
    pub fn as_str(self) -> &'static str {
        match self {
            Op::Add => "add",
            Op::Replace => "replace",
            Op::Remove => "remove",
        }
    }
}

/// The operations that pin `pin` (annotation key, cache id) on the pod at `pod`, set the
/// pull policies in `fixes` to `IfNotPresent`, and record `audit`; empty when there is
/// nothing to change.
pub fn build(
    object: &Value,
    pod: &Pointer,
    pin: Option<(&str, &str)>,
    fixes: &[PullPolicyFix],
    audit: &str,
) -> Vec<PatchOperation> {
    let mut ops = Vec::new();
    let mut annotations: Vec<(&str, &str)> = Vec::new();
    if let Some(pin) = pin {
        annotations.push(pin);
    }
    for fix in fixes {
        ops.push(PatchOperation {
            op: if fix.written { Op::Replace } else { Op::Add },
            path: fix.path.to_string(),
            value: Value::from("IfNotPresent"),
        });
    }
    if annotations.is_empty() && ops.is_empty() {
        return ops;
    }
    annotations.push((AUDIT_ANNOTATION, audit));
    let mut annotation_ops = annotation_operations(object, pod, &annotations);
    annotation_ops.append(&mut ops);
    annotation_ops
}

/// Adds annotations, creating `metadata` and `metadata.annotations` only where absent.
fn annotation_operations(
    object: &Value,
    pod: &Pointer,
    annotations: &[(&str, &str)],
) -> Vec<PatchOperation> {
    let metadata = pod.key("metadata");
    let map_path = metadata.key("annotations");
    let as_map = || -> Value {
        // Inserted one by one: collecting into the map would sort (see `core::sort`).
        let mut map = Map::new();
        for (key, value) in annotations {
            map.insert((*key).to_owned(), Value::from(*value));
        }
        Value::Object(map)
    };
    let found_metadata = metadata.find(object);
    let found_map = map_path.find(object);
    match (found_metadata.map(Value::is_object), found_map) {
        (_, Some(Value::Object(map))) => annotations
            .iter()
            .map(|(key, value)| PatchOperation {
                op: if map.contains_key(*key) {
                    Op::Replace
                } else {
                    Op::Add
                },
                path: map_path.key(key).into_string(),
                value: Value::from(*value),
            })
            .collect(),
        (Some(true), found) => vec![PatchOperation {
            op: if found.is_some() {
                Op::Replace
            } else {
                Op::Add
            },
            path: map_path.into_string(),
            value: as_map(),
        }],
        _ => vec![PatchOperation {
            op: if found_metadata.is_some() {
                Op::Replace
            } else {
                Op::Add
            },
            path: metadata.into_string(),
            value: serde_json::json!({ "annotations": as_map() }),
        }],
    }
}

/// Adds annotations to the pod at `pod`, creating `metadata` and `metadata.annotations`
/// only where absent: the operations of a fix that writes annotations.
pub fn add_annotations(
    object: &Value,
    pod: &Pointer,
    annotations: &[(&str, &str)],
) -> Vec<PatchOperation> {
    annotation_operations(object, pod, annotations)
}

/// Applies operations of the kinds this crate writes (add, replace and remove of object
/// members).
pub fn apply(object: &mut Value, ops: &[PatchOperation]) -> Result<(), String> {
    for op in ops {
        let (parent, last) = op
            .path
            .rsplit_once('/')
            .ok_or_else(|| format!("{}: not a JSON Pointer", op.path))?;
        let key = pointer::unescape(last).into_owned();
        let target = object
            .pointer_mut(parent)
            .and_then(Value::as_object_mut)
            .ok_or_else(|| format!("{}: no object at {parent}", op.path))?;
        if op.op != Op::Add && !target.contains_key(&key) {
            return Err(format!("{}: nothing to {}", op.path, op.op.as_str()));
        }
        if op.op == Op::Remove {
            // Rebuilt without the key rather than `remove`d: the map's removal (rebalancing
            // its tree) is 5 KB of the policy's WebAssembly, for maps of a few annotations.
            for (k, v) in std::mem::take(target) {
                if k != key {
                    target.insert(k, v);
                }
            }
        } else {
            target.insert(key, op.value.clone());
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn pin() -> Option<(&'static str, &'static str)> {
        Some(("k8s.aliyun.com/eci-image-snapshot-id", "imc-a1"))
    }

    fn check(object: Value, pod: &str, fixes: &[PullPolicyFix]) -> (Vec<PatchOperation>, Value) {
        let ops = build(&object, &Pointer::from_static(pod), pin(), fixes, "pinned");
        let mut ours = object.clone();
        apply(&mut ours, &ops).unwrap();
        // The reference implementation must agree with ours.
        let mut reference = object.clone();
        let patch: json_patch::Patch =
            serde_json::from_value(serde_json::to_value(&ops).unwrap()).unwrap();
        json_patch::patch(&mut reference, &patch).unwrap();
        assert_eq!(ours, reference);
        (ops, ours)
    }

    #[test]
    fn adds_keys_to_existing_annotations() {
        let (ops, out) = check(
            json!({"metadata": {"annotations": {"a": "b"}}, "unknownField": {"kept": true}}),
            "",
            &[],
        );
        assert_eq!(ops.len(), 2);
        assert_eq!(
            ops[0].path,
            "/metadata/annotations/k8s.aliyun.com~1eci-image-snapshot-id"
        );
        assert_eq!(
            out,
            json!({"metadata": {"annotations": {"a": "b", "k8s.aliyun.com/eci-image-snapshot-id": "imc-a1",
                    AUDIT_ANNOTATION: "pinned"}}, "unknownField": {"kept": true}})
        );
    }

    /// An annotation the pod already has is replaced (its key holds a `/`, escaped in the
    /// path); the others are added.
    #[test]
    fn replaces_annotations_already_there() {
        let (ops, out) = check(
            json!({"metadata": {"annotations": {"k8s.aliyun.com/eci-image-snapshot-id": "imc-old"}}}),
            "",
            &[],
        );
        let kinds: Vec<Op> = ops.iter().map(|o| o.op).collect();
        assert_eq!(kinds, [Op::Replace, Op::Add]);
        assert_eq!(
            out["metadata"]["annotations"]["k8s.aliyun.com/eci-image-snapshot-id"],
            "imc-a1"
        );
    }

    #[test]
    fn creates_annotations_and_metadata_where_absent() {
        let (ops, out) = check(json!({"metadata": {"name": "p"}}), "", &[]);
        assert_eq!(ops.len(), 1);
        assert_eq!(out["metadata"]["annotations"][AUDIT_ANNOTATION], "pinned");
        let (ops, out) = check(
            json!({"spec": {"template": {"spec": {}}}}),
            "/spec/template",
            &[],
        );
        assert_eq!(ops[0].path, "/spec/template/metadata");
        assert_eq!(
            out["spec"]["template"]["metadata"]["annotations"]
                ["k8s.aliyun.com/eci-image-snapshot-id"],
            "imc-a1"
        );
        let (ops, _) = check(json!({"metadata": {"annotations": null}}), "", &[]);
        assert_eq!(ops[0].op, Op::Replace);
    }

    #[test]
    fn sets_pull_policies() {
        let object = json!({"metadata": {}, "spec": {"containers": [
            {"image": "a", "imagePullPolicy": "Always"}, {"image": "b"}]}});
        let fixes = [
            PullPolicyFix {
                path: Pointer::from_static("/spec/containers/0/imagePullPolicy"),
                written: true,
            },
            PullPolicyFix {
                path: Pointer::from_static("/spec/containers/1/imagePullPolicy"),
                written: false,
            },
        ];
        let (_, out) = check(object, "", &fixes);
        assert_eq!(
            out["spec"]["containers"][0]["imagePullPolicy"],
            "IfNotPresent"
        );
        assert_eq!(
            out["spec"]["containers"][1]["imagePullPolicy"],
            "IfNotPresent"
        );
    }

    #[test]
    fn writes_a_null_value_for_every_operation_but_remove() {
        let at = Pointer::from_static("/metadata/annotations/a");
        let ops = [
            PatchOperation::set(&json!({}), &at, Value::Null),
            PatchOperation::replace(&at, Value::Null),
            PatchOperation::remove(&at),
        ];
        assert_eq!(
            serde_json::to_value(&ops).unwrap(),
            json!([
                {"op": "add", "path": "/metadata/annotations/a", "value": null},
                {"op": "replace", "path": "/metadata/annotations/a", "value": null},
                {"op": "remove", "path": "/metadata/annotations/a"},
            ])
        );
        let patch: json_patch::Patch =
            serde_json::from_value(serde_json::to_value(&ops[..1]).unwrap()).unwrap();
        let mut object = json!({"metadata": {"annotations": {}}});
        json_patch::patch(&mut object, &patch).unwrap();
        assert_eq!(object, json!({"metadata": {"annotations": {"a": null}}}));
    }

    #[test]
    fn nothing_to_change_is_an_empty_patch() {
        let ops = build(&json!({}), &Pointer::root(), None, &[], "x");
        assert!(ops.is_empty());
    }

    #[test]
    fn apply_refuses_what_it_cannot_do() {
        let op = |op, path: &str| PatchOperation {
            op,
            path: path.into(),
            value: json!(1),
        };
        assert!(apply(&mut json!({}), &[op(Op::Replace, "/a")]).is_err());
        assert!(apply(&mut json!({}), &[op(Op::Add, "/a/b")]).is_err());
        assert!(apply(&mut json!({}), &[op(Op::Add, "a")]).is_err());
    }
}
