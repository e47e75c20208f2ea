//! Advice on the pod (SPEC section 5): what would waste the cache it is given.

use std::collections::HashSet;

use super::diagnostic::{Code, Diagnostic};
use super::pointer::Pointer;
use super::workload::Container;

/// A container whose pull policy makes it download what the cache holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PullPolicyFix {
    /// `…/imagePullPolicy` of the container.
    pub path: Pointer,
    /// Whether the field is written (replace) or only implied by the tag (add).
    pub written: bool,
}

/// Warns about containers served by the cache that pull anyway or trust `latest`,
/// and returns the pull policies worth changing to `IfNotPresent`.
pub fn advise(
    containers: &[Container],
    served: &HashSet<String>,
    acr_vpc_equivalence: bool,
    diags: &mut Vec<Diagnostic>,
) -> Vec<PullPolicyFix> {
    let mut fixes = Vec::new();
    for c in containers {
        if !served.contains(&c.image.identity(acr_vpc_equivalence)) {
            continue;
        }
        let image = c.image.normalized();
        let path = c.path.key("imagePullPolicy");
        let always = match c.pull_policy.as_deref() {
            Some("Always") => Some(format!(
                "imagePullPolicy Always downloads the layers of {image} again although the cache holds them; set IfNotPresent"
            )),
            None if c.image.is_latest() => Some(format!(
                "with tag latest and no imagePullPolicy, Kubernetes pulls {image} Always, downloading what the cache holds; set imagePullPolicy: IfNotPresent"
            )),
            _ => None,
        };
        if let Some(message) = always {
            diags.push(Diagnostic::new(Code::PullPolicyAlways, &path, message));
            fixes.push(PullPolicyFix {
                path,
                written: c.pull_policy.is_some(),
            });
        }
        if c.image.is_latest() {
            diags.push(Diagnostic::new(
                Code::LatestTagCached,
                c.path.key("image"),
                format!(
                    "{image} is served from the cache through tag latest: the cache may hold an older image than the registry; use a fixed tag or a digest"
                ),
            ));
        }
    }
    fixes
}
