//! The one host capability the policy uses: listing the cluster's `ImageCache` objects.
//!
//! The request names, in `field_masks`, only the fields the core reads, so that a host
//! that honours them (Kubewarden 1.33 and later) prunes `status.events` and the rest
//! before the list crosses into the module. The host's reply is read straight into the
//! core's catalogue in one pass, the way the core reads any cache list: what the mask
//! leaves out is skipped without being built, so an older host that ignores
//! `field_masks` costs little more than a new one.

use std::collections::BTreeSet;

use kubewarden_policy_sdk::host_capabilities::kubernetes::ListAllResourcesRequest;

use crate::core::{json, Catalogue, Settings};

#[cfg(test)]
use super::tests::mock_wapc::host_call;
#[cfg(not(test))]
use kubewarden_policy_sdk::wapc_guest::host_call;

pub const API_VERSION: &str = "eci.alibabacloud.com/v1";
pub const GROUP: &str = "eci.alibabacloud.com";
pub const KIND: &str = "ImageCache";
pub const LIST_KIND: &str = "ImageCacheList";

/// Every field of an ImageCache that the core reads: the core's own cache mask, so the
/// host prunes exactly what the core would skip.
pub fn field_masks() -> BTreeSet<String> {
    // Inserted one by one: collecting into the set would sort (see `core::sort`).
    let mut masks = BTreeSet::new();
    for path in json::CACHE.paths() {
        masks.insert(path);
    }
    masks
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

/// [`request`] as the SDK writes it: the message every `validate` that reaches the cluster
/// sends. A constant, since building it (fourteen strings, a set of them, then JSON) was 6 %
/// of a request's time at 10 caches in a fresh instance, which never keeps anything from
/// one request to the next; a test holds it to [`request`], and so to the core's mask.
pub const REQUEST_MESSAGE: &str = concat!(
    r#"{"api_version":"eci.alibabacloud.com/v1","kind":"ImageCache","label_selector":null,"#,
    r#""field_selector":null,"field_masks":["apiVersion","kind","metadata.annotations","#,
    r#""metadata.creationTimestamp","metadata.deletionTimestamp","metadata.name","#,
    r#""spec.imageCacheSize","spec.imagePullSecrets","spec.images","spec.retentionDays","#,
    r#""status.expireDateTime","status.imageCacheId","status.phase","status.startTime"]}"#
);

/// Lists the cluster's ImageCache objects into a catalogue with `settings`. The error
/// says what failed, in the host's words (CRD not installed, permission not granted,
/// kind not in `contextAwareResources`, a reply that is not an `ImageCacheList`).
pub fn list_image_caches(settings: &Settings) -> Result<Catalogue, String> {
    let reply = host_call(
        "kubewarden",
        "kubernetes",
        "list_resources_all",
        REQUEST_MESSAGE.as_bytes(),
    )
    .map_err(|e| describe(&e.to_string()))?;
    read_reply(&reply, settings)
}

/// The host's reply, which must be an `ImageCacheList`.
pub fn read_reply(reply: &[u8], settings: &Settings) -> Result<Catalogue, String> {
    let not_a_list = |why: String| format!("the host's reply is not an {LIST_KIND}: {why}");
    let catalogue =
        Catalogue::from_slice(reply, settings.clone()).map_err(|e| not_a_list(e.to_string()))?;
    match catalogue.list_kind() {
        Some(LIST_KIND) => Ok(catalogue),
        Some(kind) => Err(not_a_list(format!("its kind is \"{kind}\""))),
        None => Err(not_a_list("it has no kind".to_owned())),
    }
}

/// The host's own words for a failed call, without waPC's framing.
fn describe(text: &str) -> String {
    text.strip_prefix("Host error: ").unwrap_or(text).to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_message_sent_is_the_request_as_the_sdk_writes_it() {
        let written = serde_json::to_string(&request()).unwrap();
        assert_eq!(REQUEST_MESSAGE, written);
    }

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
    fn an_unpruned_reply_reads_as_the_pruned_one() {
        let full = json!({
            "apiVersion": "eci.alibabacloud.com/v1", "kind": "ImageCache",
            "metadata": {"name": "web", "uid": "u", "managedFields": [{"x": 1}],
                         "annotations": {"k8s.aliyun.com/imc-cpu-arch": "arm64"},
                         "creationTimestamp": "2026-11-01T00:00:00Z"},
            "spec": {"images": ["nginx:1.25"], "imageCacheSize": 40, "retentionDays": 3},
            "status": {"imageCacheId": "imc-a1", "phase": "Ready", "progress": "100%",
                       "events": [{"message": "long"}], "startTime": "2026-11-01T00:00:02Z"}
        });
        let pruned = json!({
            "kind": "ImageCache",
            "metadata": {"name": "web", "annotations": {"k8s.aliyun.com/imc-cpu-arch": "arm64"},
                         "creationTimestamp": "2026-11-01T00:00:00Z"},
            "spec": {"images": ["nginx:1.25"], "imageCacheSize": 40, "retentionDays": 3},
            "status": {"imageCacheId": "imc-a1", "phase": "Ready", "startTime": "2026-11-01T00:00:02Z"}
        });
        let read = |item: serde_json::Value| {
            let reply = json!({"apiVersion": API_VERSION, "kind": LIST_KIND, "metadata": {}, "items": [item]});
            read_reply(&serde_json::to_vec(&reply).unwrap(), &Settings::default()).unwrap()
        };
        let (full, pruned) = (read(full), read(pruned));
        assert_eq!(full.caches(), pruned.caches());
        assert_eq!(full.caches()[0].size_gib, 40);
    }

    #[test]
    fn a_malformed_item_is_kept_for_the_core_to_report() {
        let reply = br#"{"kind":"ImageCacheList","items":[{"spec": {"images": "nginx", "imageCacheSize": "big"}, "status": 3}]}"#;
        let catalogue = read_reply(reply, &Settings::default()).unwrap();
        let paths: Vec<&str> = catalogue
            .diagnostics()
            .iter()
            .map(|d| d.path.as_str())
            .collect();
        assert_eq!(
            paths,
            [
                "/imageCaches/items/0/spec/images",
                "/imageCaches/items/0/spec/imageCacheSize"
            ]
        );
    }

    #[test]
    fn failures_are_told_in_the_hosts_words() {
        assert_eq!(
            describe("Host error: Cannot find resource eci.alibabacloud.com/v1/ImageCache"),
            "Cannot find resource eci.alibabacloud.com/v1/ImageCache"
        );
        assert_eq!(describe("timeout"), "timeout");
    }

    #[test]
    fn reads_the_hosts_image_cache_list_and_refuses_other_kinds() {
        let reply =
            br#"{"apiVersion":"eci.alibabacloud.com/v1","kind":"ImageCacheList","metadata":{},
                        "items":[{"metadata":{"name":"a"}},{"metadata":{"name":"b"}}]}"#;
        let catalogue = read_reply(reply, &Settings::default()).unwrap();
        assert_eq!(catalogue.caches().len(), 2);
        for (other, why) in [
            (
                &br#"{"apiVersion":"v1","kind":"List","items":[]}"#[..],
                "its kind is \"List\"",
            ),
            (b"[]", "it has no kind"),
            (b"{", "the cache list is not JSON"),
        ] {
            let error = read_reply(other, &Settings::default()).unwrap_err();
            assert!(
                error.starts_with("the host's reply is not an ImageCacheList: "),
                "{error}"
            );
            assert!(error.contains(why), "{error}");
        }
    }
}
