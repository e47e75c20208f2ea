//! The one host capability the policy uses: listing the cluster's `ImageCache` objects.
//!
//! The request names, in `field_masks`, only the fields the core reads, so that a host
//! that honours them (Kubewarden 1.33 and later) prunes `status.events` and the rest
//! before the list crosses into the module. Each item is pruned again while it is
//! deserialised, the same way, so that an older host that ignores `field_masks` costs no
//! more than a new one: what the mask leaves out is skipped without building a value.

use std::collections::BTreeSet;

use kubewarden_policy_sdk::host_capabilities::kubernetes::ListAllResourcesRequest;
use serde::de::{DeserializeSeed, Deserializer};
use serde::Deserialize;
use serde_json::Value;

use crate::core::json;

#[cfg(test)]
use super::tests::mock_kubernetes_sdk::list_all_resources;
#[cfg(not(test))]
use kubewarden_policy_sdk::host_capabilities::kubernetes::list_all_resources;

pub const API_VERSION: &str = "eci.alibabacloud.com/v1";
pub const GROUP: &str = "eci.alibabacloud.com";
pub const KIND: &str = "ImageCache";
pub const LIST_KIND: &str = "ImageCacheList";

/// Every field of an ImageCache that the core reads: the core's own cache mask, so the
/// host prunes exactly what the core would skip.
pub fn field_masks() -> BTreeSet<String> {
    json::CACHE.paths().into_iter().collect()
}

/// The request for every ImageCache of the cluster, masked to [`field_masks`].
pub fn request() -> ListAllResourcesRequest {
    ListAllResourcesRequest {
        api_version: API_VERSION.to_owned(),
        kind: KIND.to_owned(),
        label_selector: None,
        field_selector: None,
        field_masks: Some(field_masks()),
    }
}

/// Lists the cluster's ImageCache objects as JSON, pruned to [`field_masks`]. The error
/// says what failed, in the host's words (CRD not installed, permission not granted,
/// kind not in `contextAwareResources`, a reply that is not an `ImageCacheList`).
pub fn list_image_caches() -> Result<Vec<Value>, String> {
    list_all_resources::<ImageCacheItem>(&request())
        .map(|list| list.items.into_iter().map(|item| item.0).collect())
        .map_err(describe)
}

/// The host's own words for a failed call, without the SDK's and waPC's framing.
fn describe(error: kubewarden_policy_sdk::Error) -> String {
    use kubewarden_policy_sdk::Error;
    match error {
        Error::HostCall { source, .. } => {
            let text = source.to_string();
            text.strip_prefix("Host error: ")
                .map_or_else(|| text.clone(), str::to_owned)
        }
        Error::Deserialization { source, .. } => {
            format!("the host's reply is not an {LIST_KIND}: {source}")
        }
        other => other.to_string(),
    }
}

/// One item of the host's `ImageCacheList`, kept as JSON: the core reads JSON, and a
/// typed struct would turn one malformed cache into a failure of the whole list.
#[derive(Debug, Clone, PartialEq)]
pub struct ImageCacheItem(pub Value);

impl k8s_openapi::Resource for ImageCacheItem {
    const API_VERSION: &'static str = API_VERSION;
    const GROUP: &'static str = GROUP;
    const KIND: &'static str = KIND;
    const VERSION: &'static str = "v1";
    const URL_PATH_SEGMENT: &'static str = "imagecaches";
    type Scope = k8s_openapi::ClusterResourceScope;
}

impl k8s_openapi::ListableResource for ImageCacheItem {
    const LIST_KIND: &'static str = LIST_KIND;
}

impl<'de> Deserialize<'de> for ImageCacheItem {
    /// Pruned while read with the core's cache mask (and its depth and string limits), so
    /// that a host that ignores `field_masks` costs no more than one that honours them.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        json::CACHE
            .seed()
            .deserialize(deserializer)
            .map(ImageCacheItem)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn asks_for_every_field_the_core_reads_and_nothing_else() {
        let req = serde_json::to_value(request()).unwrap();
        assert_eq!(req["api_version"], "eci.alibabacloud.com/v1");
        assert_eq!(req["kind"], "ImageCache");
        assert_eq!(
            req["field_masks"].as_array().unwrap().len(),
            json::CACHE.paths().len()
        );
        assert!(req["label_selector"].is_null() && req["field_selector"].is_null());
    }

    #[test]
    fn items_are_pruned_like_the_host_prunes_them() {
        let full = json!({
            "apiVersion": "eci.alibabacloud.com/v1", "kind": "ImageCache",
            "metadata": {"name": "web", "uid": "u", "managedFields": [{"x": 1}],
                         "annotations": {"k8s.aliyun.com/imc-cpu-arch": "arm64"},
                         "creationTimestamp": "2026-11-01T00:00:00Z"},
            "spec": {"images": ["nginx:1.25"], "imageCacheSize": 40, "retentionDays": 3},
            "status": {"imageCacheId": "imc-a1", "phase": "Ready", "progress": "100%",
                       "events": [{"message": "long"}], "startTime": "2026-11-01T00:00:02Z"}
        });
        let item: ImageCacheItem = serde_json::from_value(full).unwrap();
        assert_eq!(
            item.0,
            json!({
                "kind": "ImageCache",
                "metadata": {"name": "web", "annotations": {"k8s.aliyun.com/imc-cpu-arch": "arm64"},
                             "creationTimestamp": "2026-11-01T00:00:00Z"},
                "spec": {"images": ["nginx:1.25"], "imageCacheSize": 40, "retentionDays": 3},
                "status": {"imageCacheId": "imc-a1", "phase": "Ready", "startTime": "2026-11-01T00:00:02Z"}
            })
        );
    }

    #[test]
    fn a_malformed_item_is_kept_for_the_core_to_report() {
        let item: ImageCacheItem = serde_json::from_value(
            json!({"spec": {"images": "nginx", "imageCacheSize": "big"}, "status": 3}),
        )
        .unwrap();
        assert_eq!(
            item.0,
            json!({"spec": {"images": "nginx", "imageCacheSize": "big"}, "status": 3})
        );
    }

    #[test]
    fn failures_are_told_in_the_hosts_words() {
        use kubewarden_policy_sdk::Error;
        let e = Error::HostCall {
            operation: "kubernetes.list_resources_all".into(),
            source: "Host error: Cannot find resource eci.alibabacloud.com/v1/ImageCache".into(),
        };
        assert_eq!(
            describe(e),
            "Cannot find resource eci.alibabacloud.com/v1/ImageCache"
        );
        let bad = serde_json::from_slice::<k8s_openapi::List<ImageCacheItem>>(
            br#"{"kind":"List","items":[]}"#,
        );
        let e = Error::Deserialization {
            context: "list all resources response".into(),
            source: bad.unwrap_err(),
        };
        assert!(describe(e).starts_with("the host's reply is not an ImageCacheList: invalid value"));
    }

    #[test]
    fn reads_the_hosts_image_cache_list_and_refuses_other_kinds() {
        let reply =
            br#"{"apiVersion":"eci.alibabacloud.com/v1","kind":"ImageCacheList","metadata":{},
                        "items":[{"metadata":{"name":"a"}},{"metadata":{"name":"b"}}]}"#;
        let list: k8s_openapi::List<ImageCacheItem> = serde_json::from_slice(reply).unwrap();
        assert_eq!(list.items.len(), 2);
        let other = br#"{"apiVersion":"v1","kind":"List","items":[]}"#;
        assert!(serde_json::from_slice::<k8s_openapi::List<ImageCacheItem>>(other).is_err());
    }
}
