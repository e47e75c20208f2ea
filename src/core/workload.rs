//! The object to evaluate: which kind it is, where its pod lives, and the pod's images.

use serde::Serialize;
use serde_json::{Map, Value};

use super::annotations::POD_ONLY;
use super::diagnostic::{Code, Diagnostic, Fix};
use super::json::type_name;
use super::limits::MAX_CONTAINERS;
use super::patch::{self, PatchOperation};
use super::pointer::Pointer;
use super::reference::{self, ImageRef};
use super::vocabulary::annotation::{CPU_ARCHITECTURES, OS_TYPES};

/// Who the report is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "npm", derive(tsify::Tsify))]
#[cfg_attr(feature = "npm", tsify(missing_as_null))]
pub struct WorkloadId {
    pub kind: String,
    pub namespace: Option<String>,
    pub name: Option<String>,
}

/// What the evaluated object is.
pub enum Subject<'a> {
    /// A Pod or an object with a pod template.
    Workload(Workload<'a>),
    /// An ImageCache itself, to be checked against the rules of SPEC section 1.
    ImageCache,
    /// Anything else, with its kind as written.
    Unsupported(String),
}

/// A pod, or a pod template, found in the object.
pub struct Workload<'a> {
    pub id: WorkloadId,
    /// The pod (template) itself: `""` for a Pod, `/spec/template` for a Deployment.
    pub pod: Pointer,
    pub annotations: Option<&'a Value>,
    pub containers: Vec<Container<'a>>,
    pub arch: &'a str,
    pub os: &'a str,
}

/// One init container or container, with its image read and normalised.
pub struct Container<'a> {
    pub path: Pointer,
    pub image: ImageRef,
    pub pull_policy: Option<&'a str>,
}

/// Where each kind keeps its pod template: `None` for what is not a workload.
pub fn template_path(kind: &str) -> Option<&'static str> {
    match kind {
        "Pod" => Some(""),
        "Deployment"
        | "ReplicaSet"
        | "StatefulSet"
        | "DaemonSet"
        | "ReplicationController"
        | "Job" => Some("/spec/template"),
        "CronJob" => Some("/spec/jobTemplate/spec/template"),
        _ => None,
    }
}

pub fn identify(object: &Value) -> WorkloadId {
    let text = |v: Option<&Value>| v.and_then(Value::as_str).map(str::to_owned);
    let kind = text(object.get("kind")).unwrap_or_default();
    let metadata = object.get("metadata");
    let name = text(metadata.and_then(|m| m.get("name")))
        .or_else(|| text(metadata.and_then(|m| m.get("generateName"))));
    let namespace = match kind.as_str() {
        "ImageCache" => None,
        _ => Some(
            text(metadata.and_then(|m| m.get("namespace"))).unwrap_or_else(|| "default".into()),
        ),
    };
    WorkloadId {
        kind,
        namespace,
        name,
    }
}

/// Finds the pod in `object` and reads its images, reporting every unreadable field.
pub fn read<'a>(object: &'a Value, diags: &mut Vec<Diagnostic>) -> Subject<'a> {
    let id = identify(object);
    if id.kind == "ImageCache" {
        return Subject::ImageCache;
    }
    let Some(template) = template_path(&id.kind) else {
        return Subject::Unsupported(id.kind);
    };
    let pod_path = Pointer::from_static(template);
    let pod = pod_path.find(object);
    if id.kind != "Pod" {
        misplaced_annotations(object, &id.kind, &pod_path, diags);
    }
    let metadata = pod.and_then(|p| p.get("metadata"));
    let spec = pod.and_then(|p| p.get("spec"));
    let spec_path = pod_path.key("spec");
    let spec = match spec {
        Some(Value::Object(spec)) => Some(spec),
        other => {
            diags.push(Diagnostic::new(
                Code::InvalidField,
                &spec_path,
                match other {
                    None => "the pod spec is missing".to_owned(),
                    Some(v) => format!("the pod spec must be an object, not {}", type_name(v)),
                },
            ));
            None
        }
    };
    let mut containers = Vec::new();
    if let Some(spec) = spec {
        let listed = |list| spec.get(list).and_then(Value::as_array).map_or(0, Vec::len);
        // One allocation for a pod's containers (they are ~150 bytes each), not one for
        // each doubling; past the limit they are dropped below anyway.
        containers.reserve((listed("initContainers") + listed("containers")).min(MAX_CONTAINERS));
        for list in ["initContainers", "containers"] {
            read_containers(spec, &spec_path.key(list), list, &mut containers, diags);
        }
        if containers.len() > MAX_CONTAINERS {
            diags.push(Diagnostic::new(
                Code::InvalidField,
                &spec_path,
                format!(
                    "the pod has {} containers; only the first {MAX_CONTAINERS} are evaluated",
                    containers.len()
                ),
            ));
            containers.truncate(MAX_CONTAINERS);
        }
    }
    let selector = spec.and_then(|s| s.get("nodeSelector"));
    let platform = |key: &str, default: &'static str| {
        selector
            .and_then(|s| s.get(key))
            .and_then(Value::as_str)
            .unwrap_or(default)
    };
    Subject::Workload(Workload {
        id,
        annotations: metadata.and_then(|m| m.get("annotations")),
        pod: pod_path,
        containers,
        arch: platform("kubernetes.io/arch", CPU_ARCHITECTURES[0]),
        os: platform("kubernetes.io/os", OS_TYPES[0]),
    })
}

fn read_containers<'a>(
    spec: &'a Map<String, Value>,
    path: &Pointer,
    list: &str,
    containers: &mut Vec<Container<'a>>,
    diags: &mut Vec<Diagnostic>,
) {
    let items = match spec.get(list) {
        None | Some(Value::Null) => {
            if list == "containers" {
                diags.push(Diagnostic::new(
                    Code::InvalidField,
                    path,
                    "the pod has no containers",
                ));
            }
            return;
        }
        Some(Value::Array(items)) => items,
        Some(other) => {
            diags.push(Diagnostic::new(
                Code::InvalidField,
                path,
                format!(
                    "{list} must be a list of containers, not {}",
                    type_name(other)
                ),
            ));
            return;
        }
    };
    for (i, item) in items.iter().enumerate() {
        let at = path.index(i);
        let Some(text) = item.get("image") else {
            diags.push(Diagnostic::new(
                Code::InvalidField,
                &at,
                "the container has no image",
            ));
            continue;
        };
        let Some(text) = text.as_str() else {
            diags.push(Diagnostic::new(
                Code::InvalidField,
                at.key("image"),
                format!("image must be a string, not {}", type_name(text)),
            ));
            continue;
        };
        match reference::parse(text) {
            Ok(image) => containers.push(Container {
                path: at,
                image,
                pull_policy: item.get("imagePullPolicy").and_then(Value::as_str),
            }),
            Err(e) => diags.push(Diagnostic::new(
                Code::InvalidImageReference,
                at.key("image"),
                format!("\"{text}\": {e}"),
            )),
        }
    }
}

/// Cache annotations on a workload's own metadata do nothing: ECI reads the pod's. The
/// first warning carries the fix that moves all of them into the pod template; one the
/// template already sets is only removed, since the template's value is the one in effect.
fn misplaced_annotations(object: &Value, kind: &str, pod: &Pointer, diags: &mut Vec<Diagnostic>) {
    let own = Pointer::from_static("/metadata/annotations");
    let Some(Value::Object(annotations)) = own.find(object) else {
        return;
    };
    let template = pod.key("metadata").key("annotations");
    let misplaced: Vec<(&String, &Value)> = annotations
        .iter()
        .filter(|(k, _)| POD_ONLY.contains(&k.as_str()))
        .collect();
    let first = diags.len();
    let mut moved: Vec<(&str, String)> = Vec::new();
    let mut fix = Vec::new();
    for (key, value) in &misplaced {
        fix.push(PatchOperation::remove(&own.key(key)));
        if template.key(key).find(object).is_none() {
            let text = value
                .as_str()
                .map_or_else(|| value.to_string(), str::to_owned);
            moved.push((key.as_str(), text));
        }
        diags.push(Diagnostic::new(
            Code::MisplacedAnnotations,
            own.key(key),
            format!(
                "{key} on the {kind}'s own metadata has no effect: ECI reads only the pod's annotations; move it to the annotations of the pod template"
            ),
        ));
    }
    // Without a pod template to move them into, there is no mechanical fix.
    let template_exists = pod.find(object).is_some_and(Value::is_object);
    if !misplaced.is_empty() && template_exists {
        let pairs: Vec<(&str, &str)> = moved.iter().map(|(k, v)| (*k, v.as_str())).collect();
        if !pairs.is_empty() {
            fix.extend(patch::add_annotations(object, pod, &pairs));
        }
        let title = match misplaced.len() {
            1 => "move the annotation into the pod template".to_owned(),
            n => format!("move the {n} annotations into the pod template"),
        };
        if let Some(d) = diags.get_mut(first) {
            d.fix = Some(Fix { title, patch: fix });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;
    use serde_json::json;

    fn template(kind: &str, pod: Value) -> Value {
        match kind {
            "Pod" => {
                let mut p = pod;
                p["kind"] = json!("Pod");
                p
            }
            "CronJob" => {
                json!({"kind": kind, "spec": {"jobTemplate": {"spec": {"template": pod}}}})
            }
            _ => json!({"kind": kind, "spec": {"template": pod}}),
        }
    }

    #[rstest]
    #[case("Pod", "")]
    #[case("Deployment", "/spec/template")]
    #[case("ReplicaSet", "/spec/template")]
    #[case("StatefulSet", "/spec/template")]
    #[case("DaemonSet", "/spec/template")]
    #[case("ReplicationController", "/spec/template")]
    #[case("Job", "/spec/template")]
    #[case("CronJob", "/spec/jobTemplate/spec/template")]
    fn finds_the_pod_of_every_kind(#[case] kind: &str, #[case] pod_path: &str) {
        let pod = json!({"metadata": {"annotations": {"a": "b"}},
                         "spec": {"initContainers": [{"image": "busybox"}], "containers": [{"image": "nginx:1.25", "imagePullPolicy": "Always"}],
                                  "ephemeralContainers": [{"image": "alpine"}],
                                  "nodeSelector": {"kubernetes.io/arch": "arm64"}}});
        let mut diags = Vec::new();
        let object = template(kind, pod);
        let Subject::Workload(w) = read(&object, &mut diags) else {
            panic!("{kind}")
        };
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(w.pod.as_str(), pod_path);
        assert_eq!(w.annotations, Some(&json!({"a": "b"})));
        let paths: Vec<&str> = w.containers.iter().map(|c| c.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                format!("{pod_path}/spec/initContainers/0"),
                format!("{pod_path}/spec/containers/0")
            ]
        );
        assert_eq!(w.containers[1].pull_policy, Some("Always"));
        assert_eq!((w.arch, w.os), ("arm64", "linux"));
    }

    #[test]
    fn identifies_with_the_default_namespace_and_generate_name() {
        let id = identify(&json!({"kind": "Pod", "metadata": {"generateName": "web-"}}));
        assert_eq!(
            id,
            WorkloadId {
                kind: "Pod".into(),
                namespace: Some("default".into()),
                name: Some("web-".into())
            }
        );
        let id = identify(&json!({"kind": "ImageCache", "metadata": {"name": "c"}}));
        assert_eq!(id.namespace, None);
        let id = identify(&json!({"kind": 5}));
        assert_eq!((id.kind.as_str(), id.name), ("", None));
    }

    #[test]
    fn other_kinds_are_unsupported_and_imagecaches_are_recognised() {
        let mut diags = Vec::new();
        assert!(
            matches!(read(&json!({"kind": "Service"}), &mut diags), Subject::Unsupported(k) if k == "Service")
        );
        assert!(matches!(
            read(&json!({"kind": "ImageCache"}), &mut diags),
            Subject::ImageCache
        ));
        assert!(diags.is_empty());
    }
}
