use proptest::prelude::*;

use super::*;
use crate::core::catalogue::list::ListSeed;
use crate::core::diagnostic::Diagnostic;
use crate::core::image_cache::{self, ImageCache};
use crate::core::json::{self, Depth};
use crate::core::reference::ImageRef;

/// What reading a list gathered, comparable.
type Gathered = (
    Vec<ImageCache>,
    Vec<Diagnostic>,
    usize,
    Vec<ImageRef>,
    Vec<u32>,
);

fn gathered(collected: Collected) -> Gathered {
    let Collected {
        references,
        caches,
        diagnostics,
        entries,
        ..
    } = collected;
    let (parsed, held) = references.into_parts();
    (caches, diagnostics, entries, parsed, held)
}

/// Reads `text` both ways. When the scanner reads it, the serde reader must accept it and
/// gather exactly the same; gives whether the scanner read it.
fn agree(text: &[u8]) -> bool {
    let mut scanned = Collected::default();
    let fast = list(text, &mut scanned);
    let mut read = Collected::default();
    let seed = ListSeed {
        collected: &mut read,
        depth: Depth::BYTES,
        prefix: Some(LIST_PATH),
    };
    let slow = json::read_input(text, "the cache list", seed);
    let shown = String::from_utf8_lossy(text);
    let Ok(shape) = fast else { return false };
    match slow {
        Ok(slow) => assert_eq!(shape, slow, "{shown}"),
        Err(e) => panic!("the scanner read what the serde reader refuses ({e}): {shown}"),
    }
    assert_eq!(gathered(scanned), gathered(read), "{shown}");
    true
}

/// A cache as `kubectl get imagecache -o json` prints it: indented, with the annotation
/// kubectl writes (JSON in a string, all escapes), events in Chinese, managed fields.
const KUBECTL_CACHE: &str = r#"{
    "apiVersion": "eci.alibabacloud.com/v1",
    "kind": "ImageCache",
    "metadata": {
        "annotations": {
            "k8s.aliyun.com/imc-cpu-arch": "arm64",
            "kubectl.kubernetes.io/last-applied-configuration": "{\"apiVersion\":\"eci.alibabacloud.com/v1\",\"kind\":\"ImageCache\",\"metadata\":{\"name\":\"web\"},\"spec\":{\"images\":[\"nginx:1.27\"]}}\n"
        },
        "creationTimestamp": "2026-11-01T08:00:00Z",
        "generation": 1,
        "labels": {"team": "web", "tier": "\u524d\u7aef"},
        "managedFields": [{"apiVersion": "eci.alibabacloud.com/v1", "fieldsType": "FieldsV1", "fieldsV1": {"f:spec": {".": {}, "f:images": {}}}}],
        "name": "web",
        "resourceVersion": "123456",
        "uid": "2f5c8a4e-0000-4000-8000-000000000001"
    },
    "spec": {
        "images": ["nginx:1.27", "registry.cn-hangzhou.aliyuncs.com/acme/api:2.1", "nginx:1.27"],
        "imageCacheSize": 25,
        "retentionDays": 30,
        "imagePullSecrets": ["default:acr-credential"]
    },
    "status": {
        "events": [
            {"count": 1, "firstTimestamp": "2026-11-01T08:00:00Z", "message": "镜像缓存创建中，进度 12.5%", "reason": "Creating", "type": "Normal"},
            {"count": 2, "lastTimestamp": null, "message": "pulled \"nginx\"\tin 3.2e1 s", "reason": "Pulled", "type": "Normal", "ok": true, "ratio": -0.25E-3}
        ],
        "expireDateTime": "2026-12-31T00:00:00Z",
        "imageCacheId": "imc-2ze0123456789abcdef",
        "phase": "Ready",
        "progress": "100%",
        "startTime": "2026-11-01T08:00:00Z"
    }
}"#;

fn kubectl_list() -> String {
    let second = KUBECTL_CACHE
        .replace("\"web\"", "\"api\"")
        .replace("imc-2ze0123456789abcdef", "imc-2ze00000000000000ff");
    format!(
        "{{\n  \"apiVersion\": \"v1\",\n  \"items\": [{KUBECTL_CACHE}, {second}],\n  \"kind\": \"List\",\n  \"metadata\": {{\"resourceVersion\": \"\"}}\n}}\n"
    )
}

#[test]
fn reads_the_lists_kubectl_prints_the_fast_way() {
    let text = kubectl_list();
    assert!(agree(text.as_bytes()));
    let mut collected = Collected::default();
    let shape = list(text.as_bytes(), &mut collected).unwrap();
    assert_eq!(shape.kind(), Some("List"));
    let paths: Vec<&str> = collected.caches.iter().map(|c| &*c.path).collect();
    assert_eq!(paths, ["/imageCaches/items/0", "/imageCaches/items/1"]);
    assert_eq!(collected.caches[0].arch, "arm64");
    assert_eq!(collected.caches[0].images.len(), 3);
    for shape in [
        format!("[{KUBECTL_CACHE}]"),
        format!(r#"{{"kind": "ImageCacheList", "items": [{KUBECTL_CACHE}]}}"#),
        "null".to_owned(),
        "[]".to_owned(),
        r#"[{}, {"kind": "Pod"}, {"spec": {"images": "nginx"}}]"#.to_owned(),
    ] {
        assert!(agree(shape.as_bytes()), "{shape}");
    }
}

#[test]
fn values_the_rules_read_are_read_as_the_serde_reader_reads_them() {
    for cache in [
        r#"{"spec": {"imageCacheSize": 0, "retentionDays": 18446744073709551615}}"#,
        r#"{"spec": {"imageCacheSize": true, "retentionDays": null}}"#,
        r#"{"metadata": {"deletionTimestamp": false, "annotations": {}}}"#,
        r#"{"spec": {"images": ["nginx", null, 3, true], "imagePullSecrets": "x"}}"#,
        r#"{"kind": "ImageCache", "kind": "Pod"}"#,
        r#"{"metadata": {"name": "a"}, "metadata": {"creationTimestamp": "2026-11-01T00:00:00Z"}}"#,
        r#"{"status": {"imageCacheId": "imc-a"}, "status": {"phase": "Ready"}}"#,
        r#"{"metadata": {"annotations": {"k8s.aliyun.com/imc-cpu-arch": "amd64"}, "annotations": {}}}"#,
        r#"{"metadata": {"name": "é"}}"#,
    ] {
        assert!(agree(format!("[{cache}]").as_bytes()), "{cache}");
    }
    let images: Vec<String> = (0..150).map(|i| format!("\"nginx:{i}\"")).collect();
    let many = format!(r#"[{{"spec": {{"images": [{}]}}}}]"#, images.join(","));
    assert!(agree(many.as_bytes()));
}

#[test]
fn leaves_what_is_unusual_to_the_serde_reader() {
    let deep = format!(
        r#"[{{"status": {{"events": {}{}}}}}]"#,
        "[".repeat(60),
        "]".repeat(60)
    );
    for text in [
        r#"[{"metadata": {"name": "w\u0065b"}}]"#,
        r#"[{"metad\u0061ta": {"name": "web"}}]"#,
        r#"[{"metadata": null}]"#,
        r#"[{"spec": {"imageCacheSize": 20.0}}]"#,
        r#"[{"spec": {"imageCacheSize": -20}}]"#,
        r#"[{"spec": {"imageCacheSize": 1e400}}]"#,
        r#"[{"spec": {"images": [["nginx"]]}}]"#,
        r#"[{"metadata": {"annotations": {"x": "\ud800"}}}]"#,
        r#"[{"status": {"events": [1,]}}]"#,
        r#"["not a cache"]"#,
        r#"{"kind": "List", "items": [{}], "items": [{}, {}]}"#,
        r#"{"kind": "List", "items": null}"#,
        r#"3"#,
        r#"[{}] x"#,
        "[{\"metadata\": {\"name\": \"\u{1}\"}}]",
        &deep,
    ] {
        assert!(!agree(text.as_bytes()), "{text}");
    }
    let invalid = b"[{\"metadata\": {\"name\": \"\xff\"}}]";
    assert!(!agree(invalid));
    // In a member no rule reads, serde_json does not check the text: neither does the scanner.
    assert!(agree(b"[{\"status\": {\"message\": \"\xff \\ud800\"}}]"));
    let past_the_limit = format!("[{}{{}}]", "{},".repeat(MAX_CACHES));
    assert!(!agree(past_the_limit.as_bytes()));
}

/// A byte of the alphabet edits are made of: JSON's own, and what breaks it.
fn byte() -> impl Strategy<Value = u8> {
    prop::sample::select(b"{}[],:\"\\ u0123e.-+ntfal\x01\xc3\xa9\xff".to_vec())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// Whatever a list becomes after a few edits, the scanner reads it as the serde reader
    /// does, or leaves it to it.
    #[test]
    fn edited_lists_are_read_as_the_serde_reader_reads_them(
        edits in prop::collection::vec((any::<prop::sample::Index>(), 0..3u8, byte()), 1..4)
    ) {
        let mut text = kubectl_list().into_bytes();
        for (at, how, byte) in edits {
            let at = at.index(text.len());
            match how {
                0 => { text.remove(at); }
                1 => text.insert(at, byte),
                _ => text[at] = byte,
            }
        }
        agree(&text);
    }
}

#[test]
fn caches_of_a_list_share_their_references() {
    let cache = |id: &str| {
        serde_json::json!({"kind": "ImageCache", "metadata": {"name": id},
            "spec": {"images": ["nginx:1.25", "redis:7"], "imagePullSecrets": ["default:s"]},
            "status": {"imageCacheId": id, "phase": "Ready"}})
    };
    let bytes = serde_json::to_vec(&[cache("imc-a"), cache("imc-b"), cache("imc-c")]).unwrap();
    let mut collected = Collected::default();
    assert!(list(&bytes, &mut collected).is_ok());
    let read: Vec<_> = collected
        .caches
        .iter()
        .map(|c| (c.id.as_deref(), c.phase.as_deref()))
        .collect();
    assert_eq!(
        read,
        [
            (Some("imc-a"), Some("Ready")),
            (Some("imc-b"), Some("Ready")),
            (Some("imc-c"), Some("Ready"))
        ]
    );
    // Each cache holds the same two references, parsed once.
    let (parsed, held) = collected.references.into_parts();
    assert_eq!(parsed.len(), 2);
    assert!(collected
        .caches
        .iter()
        .all(|c| image_cache::held(&held, &c.images) == [0, 1]));
}
