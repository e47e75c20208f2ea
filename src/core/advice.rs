//! Advice on the pod (SPEC section 5): what would waste the cache it is given.

use super::diagnostic::{Code, Diagnostic};
use super::patch::{Op, PatchOperation};
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
/// and returns the pull policies worth changing to `IfNotPresent`. `served` says, container
/// by container, whether the cache holds its image.
pub fn advise(
    containers: &[Container],
    served: &[bool],
    diags: &mut Vec<Diagnostic>,
) -> Vec<PullPolicyFix> {
    let mut fixes = Vec::new();
    for (c, _) in containers.iter().zip(served).filter(|(_, &served)| served) {
        let latest = c.image.is_latest();
        // Kubernetes pulls Always when told to, and by default for tag latest.
        let pulls_anyway = c.pull_policy == Some("Always") || c.pull_policy.is_none() && latest;
        if !pulls_anyway && !latest {
            continue;
        }
        let image = c.image.normalized();
        if pulls_anyway {
            let message = match c.pull_policy {
                Some(_) => format!(
                    "imagePullPolicy Always downloads the layers of {image} again although the cache holds them; set IfNotPresent"
                ),
                None => format!(
                    "with tag latest and no imagePullPolicy, Kubernetes pulls {image} Always, downloading what the cache holds; set imagePullPolicy: IfNotPresent"
                ),
            };
            let path = c.path.key("imagePullPolicy");
            let op = if c.pull_policy.is_some() {
                PatchOperation::replace(&path, "IfNotPresent".into())
            } else {
                PatchOperation {
                    op: Op::Add,
                    path: path.to_string(),
                    value: "IfNotPresent".into(),
                }
            };
            diags.push(
                Diagnostic::new(Code::PullPolicyAlways, &path, message)
                    .with_fix("set imagePullPolicy: IfNotPresent", vec![op]),
            );
            fixes.push(PullPolicyFix {
                path,
                written: c.pull_policy.is_some(),
            });
        }
        if latest {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::reference;
    use rstest::rstest;

    fn container<'a>(image: &str, policy: Option<&'a str>) -> Container<'a> {
        Container {
            path: Pointer::from_static("/spec/containers/0"),
            image: reference::parse(image).unwrap(),
            pull_policy: policy,
        }
    }

    /// Kubernetes defaults the pull policy to Always only for tag latest, written or implied,
    /// and never when a digest is given.
    #[rstest]
    #[case("nginx:1.25", Some("Always"), &["pull-policy-always"], Some(true))]
    #[case("nginx:1.25", None, &[], None)]
    #[case("nginx:1.25", Some("IfNotPresent"), &[], None)]
    #[case("nginx", None, &["pull-policy-always", "latest-tag-cached"], Some(false))]
    #[case("nginx:latest", Some("IfNotPresent"), &["latest-tag-cached"], None)]
    #[case("nginx:latest", Some("Never"), &["latest-tag-cached"], None)]
    #[case("nginx@sha256:0000000000000000000000000000000000000000000000000000000000000001", None, &[], None)]
    fn advice_follows_the_kubernetes_defaults(
        #[case] image: &str,
        #[case] policy: Option<&str>,
        #[case] codes: &[&str],
        #[case] fix_written: Option<bool>,
    ) {
        let c = container(image, policy);
        let mut diags = Vec::new();
        let fixes = advise(std::slice::from_ref(&c), &[true], &mut diags);
        let got: Vec<&str> = diags.iter().map(|d| d.code.as_str()).collect();
        assert_eq!(got, codes);
        assert_eq!(fixes.first().map(|f| f.written), fix_written);
        if let Some(fix) = fixes.first() {
            assert_eq!(fix.path.as_str(), "/spec/containers/0/imagePullPolicy");
        }
    }

    #[test]
    fn images_the_cache_does_not_serve_get_no_advice() {
        let c = container("nginx", Some("Always"));
        let mut diags = Vec::new();
        assert!(advise(&[c], &[false], &mut diags).is_empty());
        assert!(diags.is_empty());
    }
}
