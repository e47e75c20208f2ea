use super::*;
use rstest::rstest;
use serde_json::json;

fn check(cache: Value) -> (Option<ImageCache>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let c = read(&cache, "/imageCaches/0", Severity::Error, &mut diags);
    (c, diags)
}

fn valid() -> Value {
    json!({
        "apiVersion": API_VERSION, "kind": "ImageCache",
        "metadata": {"name": "c", "creationTimestamp": "2026-11-01T00:00:00Z",
                     "annotations": {ARCH_ANNOTATION: "arm64"}},
        "spec": {"images": ["nginx:1.25"], "imageCacheSize": 40, "retentionDays": 7,
                 "imagePullSecrets": ["default:acr-secret"]},
        "status": {"imageCacheId": "imc-abc123", "phase": "Ready",
                   "expireDateTime": "2026-12-01T00:00:00Z", "events": [{"x": 1}], "extra": {}}
    })
}

#[test]
fn reads_what_matching_needs_and_ignores_the_rest() {
    let (c, d) = check(valid());
    assert!(d.is_empty(), "{d:?}");
    let c = c.unwrap();
    assert_eq!(c.name.as_deref(), Some("c"));
    assert_eq!(c.id.as_deref(), Some("imc-abc123"));
    assert_eq!(c.phase.as_deref(), Some("Ready"));
    assert_eq!(c.size_gib, 40);
    assert_eq!(c.images.len(), 1);
    assert_eq!((c.arch.as_ref(), c.os.as_ref()), ("arm64", "linux"));
    assert!(c.expires.is_some() && c.created.is_some() && !c.deleting);
}

#[test]
fn defaults_size_and_falls_back_to_start_time() {
    let (c, _) = check(
        json!({"spec": {"images": ["a"]}, "status": {"startTime": "2026-01-01T00:00:00Z"},
                              "metadata": {"deletionTimestamp": "2026-01-02T00:00:00Z"}}),
    );
    let c = c.unwrap();
    assert_eq!(c.size_gib, 20);
    assert_eq!(c.created.unwrap().to_string(), "2026-01-01T00:00:00Z");
    assert!(c.deleting);
}

#[rstest]
#[case("/spec/images", json!([]), Code::CacheImages, "/imageCaches/0/spec/images")]
#[case("/spec/images", json!((0..21).map(|i| format!("img{i}")).collect::<Vec<_>>()), Code::CacheImages, "/imageCaches/0/spec/images")]
#[case("/spec/images", json!("nginx"), Code::CacheImages, "/imageCaches/0/spec/images")]
#[case("/spec/images", json!(["nginx", "Nginx"]), Code::InvalidImageReference, "/imageCaches/0/spec/images/1")]
#[case("/spec/images", json!([3]), Code::InvalidImageReference, "/imageCaches/0/spec/images/0")]
#[case("/spec/imageCacheSize", json!(19), Code::CacheSize, "/imageCaches/0/spec/imageCacheSize")]
#[case("/spec/imageCacheSize", json!(32769), Code::CacheSize, "/imageCaches/0/spec/imageCacheSize")]
#[case("/spec/imageCacheSize", json!("40"), Code::CacheSize, "/imageCaches/0/spec/imageCacheSize")]
#[case("/spec/retentionDays", json!(0), Code::CacheRetention, "/imageCaches/0/spec/retentionDays")]
#[case("/spec/retentionDays", json!(65537), Code::CacheRetention, "/imageCaches/0/spec/retentionDays")]
#[case("/spec/imagePullSecrets", json!(["acr-secret"]), Code::CachePullSecret, "/imageCaches/0/spec/imagePullSecrets/0")]
#[case("/spec/imagePullSecrets", json!(["Default:acr"]), Code::CachePullSecret, "/imageCaches/0/spec/imagePullSecrets/0")]
#[case("/spec/imagePullSecrets", json!(["default:-acr"]), Code::CachePullSecret, "/imageCaches/0/spec/imagePullSecrets/0")]
#[case("/spec/imagePullSecrets", json!("default:acr"), Code::CachePullSecret, "/imageCaches/0/spec/imagePullSecrets")]
#[case("/spec/imagePullSecrets", json!(["default:acr..cn"]), Code::CachePullSecret, "/imageCaches/0/spec/imagePullSecrets/0")]
#[case("/spec/imagePullSecrets", json!(["default:acr.-cn"]), Code::CachePullSecret, "/imageCaches/0/spec/imagePullSecrets/0")]
#[case("/spec/imagePullSecrets", json!([":acr"]), Code::CachePullSecret, "/imageCaches/0/spec/imagePullSecrets/0")]
#[case("/spec/imagePullSecrets", json!(["default:"]), Code::CachePullSecret, "/imageCaches/0/spec/imagePullSecrets/0")]
#[case("/spec/imagePullSecrets", json!(["default:a:b"]), Code::CachePullSecret, "/imageCaches/0/spec/imagePullSecrets/0")]
#[case("/metadata/annotations", json!({ARCH_ANNOTATION: "x86"}), Code::CachePlatform, "/imageCaches/0/metadata/annotations/k8s.aliyun.com~1imc-cpu-arch")]
#[case("/metadata/annotations", json!({OS_ANNOTATION: "Linux"}), Code::CachePlatform, "/imageCaches/0/metadata/annotations/k8s.aliyun.com~1imc-os-type")]
#[case("/status/imageCacheId", json!("IMC-1"), Code::InvalidField, "/imageCaches/0/status/imageCacheId")]
#[case("/status/expireDateTime", json!("tomorrow"), Code::CacheTime, "/imageCaches/0/status/expireDateTime")]
#[case("/metadata/creationTimestamp", json!(12), Code::CacheTime, "/imageCaches/0/metadata/creationTimestamp")]
fn every_rule_of_the_table_is_checked(
    #[case] field: &str,
    #[case] value: Value,
    #[case] code: Code,
    #[case] path: &str,
) {
    let mut cache = valid();
    *cache.pointer_mut(field).unwrap() = value;
    let (c, d) = check(cache);
    assert!(
        c.is_some(),
        "a broken cache is still read, so it can be shown"
    );
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!((d[0].code, d[0].path.as_str()), (code, path));
}

#[test]
fn pull_secrets_may_name_a_secret_by_a_dotted_name() {
    let mut cache = valid();
    cache["spec"]["imagePullSecrets"] = json!(["kube-system:acr.cn-hangzhou", "a:b"]);
    let (_, d) = check(cache);
    assert!(d.is_empty(), "{d:?}");
}

#[test]
fn images_past_the_read_limit_are_said_to_be_left_out() {
    let images = |n: usize| json!({"spec": {"images": (0..n).map(|i| format!("img{i}")).collect::<Vec<_>>()}});
    let (c, d) = check(images(MAX_CACHE_IMAGES));
    assert_eq!(c.unwrap().images.len(), MAX_CACHE_IMAGES);
    assert!(!d[0].message.contains("only the first"));
    let (c, d) = check(images(MAX_CACHE_IMAGES + 1));
    assert_eq!(c.unwrap().images.len(), MAX_CACHE_IMAGES);
    assert_eq!(d.len(), 1);
    assert!(
        d[0].message
            .ends_with("lists 101; only the first 100 are read"),
        "{}",
        d[0].message
    );
}

#[test]
fn rule_violations_take_the_callers_severity() {
    let mut diags = Vec::new();
    read(
        &json!({"spec": {"images": []}}),
        "/imageCaches/3",
        Severity::Warning,
        &mut diags,
    );
    assert_eq!(diags[0].severity, Severity::Warning);
    assert_eq!(diags[0].path, "/imageCaches/3/spec/images");
}

#[test]
fn entries_that_are_not_caches_are_left_out() {
    let (c, d) = check(json!({"kind": "ConfigMap"}));
    assert!(c.is_none());
    assert_eq!(
        (d[0].code, d[0].path.as_str()),
        (Code::CacheInvalid, "/imageCaches/0/kind")
    );
    let (c, d) = check(json!("imc-1"));
    assert!(c.is_none());
    assert_eq!(d[0].path, "/imageCaches/0");
}

#[rstest]
#[case("imc-2ze5tm5gehgtiiga0001", true)]
#[case("imc-", false)]
#[case("imc-ABC", false)]
#[case("imc-2ze5tm5gehgtiiga****", false)]
#[case("snapshot-1", false)]
fn cache_ids(#[case] id: &str, #[case] ok: bool) {
    assert_eq!(is_cache_id(id), ok);
}
