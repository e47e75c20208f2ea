use super::*;
use proptest::prelude::*;
use serde_json::json;

const IMAGES: &[&str] = &["nginx:1", "redis:7", "busybox:1", "postgres:16"];

fn cache(i: usize, images: &[usize]) -> Value {
    json!({"apiVersion": "eci.alibabacloud.com/v1", "kind": "ImageCache",
           "metadata": {"name": format!("c{i}"), "creationTimestamp": format!("2026-01-{:02}T00:00:00Z", 1 + i % 28)},
           "spec": {"images": images.iter().map(|k| IMAGES[*k]).collect::<Vec<_>>(), "imageCacheSize": 20 + 5 * (i % 3)},
           "status": {"imageCacheId": format!("imc-c{i}"), "phase": if i % 5 == 4 { "Creating" } else { "Ready" }}})
}

fn pod(i: usize, images: &[usize], pin: Option<usize>) -> Value {
    let mut annotations = json!({"k8s.aliyun.com/eci-auto-imc": "true"});
    if let Some(p) = pin {
        annotations["k8s.aliyun.com/eci-imc-id"] = json!(format!("imc-c{p}"));
    }
    json!({"apiVersion": "v1", "kind": "Pod",
           "metadata": {"name": format!("p{i}"), "annotations": annotations},
           "spec": {"containers": images.iter().enumerate()
               .map(|(n, k)| json!({"name": format!("c{n}"), "image": IMAGES[*k]})).collect::<Vec<_>>()}})
}

fn images() -> impl Strategy<Value = Vec<usize>> {
    proptest::collection::vec(0..IMAGES.len(), 1..4)
}

/// What a workload's report says of the workload itself, whatever the order of the inputs:
/// the decision, the ranked rows, its own diagnostics and the patch.
fn essence(report: &Report) -> String {
    let ranked: Vec<_> = report
        .caches
        .iter()
        .filter(|r| r.rank.is_some())
        .map(|r| (&r.image_cache_id, r.rank))
        .collect();
    let mut diags: Vec<_> = report
        .diagnostics
        .iter()
        .map(|d| (d.code, &d.path, &d.message))
        .collect();
    diags.sort();
    format!(
        "{:?} {:?} {:?} {:?}",
        report.decision, ranked, diags, report.patch
    )
}

/// The order of `0..n` sorted by `keys` (cycled): a permutation drawn by proptest.
fn permutation(n: usize, keys: &[u32]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by_key(|i| (keys[i % keys.len()], *i));
    order
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn reports_do_not_depend_on_the_order_of_workloads_or_caches(
        caches in proptest::collection::vec(images(), 0..8),
        pods in proptest::collection::vec((images(), proptest::option::of(0usize..10)), 1..8),
        cache_keys in proptest::collection::vec(any::<u32>(), 8),
        pod_keys in proptest::collection::vec(any::<u32>(), 8),
    ) {
        let caches: Vec<Value> = caches.iter().enumerate().map(|(i, c)| cache(i, c)).collect();
        let pods: Vec<Value> = pods.iter().enumerate().map(|(i, (p, pin))| pod(i, p, *pin)).collect();
        let now = Timestamp::parse("2026-06-01T00:00:00Z").ok();
        let engine = |caches: Vec<Value>| Engine::new(caches, Settings::default(), now).expect("caches read");
        // Each workload on its own, against the caches in their order.
        let alone: Vec<String> = pods.iter().map(|p| essence(&engine(caches.clone()).evaluate_relevant(p))).collect();
        // The batch: caches read once, in another order, workloads asked in another order.
        let shuffled = permutation(caches.len(), &cache_keys).into_iter().map(|i| caches[i].clone()).collect();
        let batch = engine(shuffled);
        for i in permutation(pods.len(), &pod_keys) {
            prop_assert_eq!(&essence(&batch.evaluate_relevant(&pods[i])), &alone[i]);
        }
    }
}

#[test]
fn relevant_reports_keep_only_caches_sharing_an_image_and_no_cache_problems() {
    let caches = vec![
        cache(0, &[0]),
        cache(1, &[1]),
        json!({"metadata": {"name": "broken"}, "spec": {"images": "x"}}),
    ];
    let engine = Engine::new(caches, Settings::default(), None).expect("caches read");
    let report = engine.evaluate_relevant(&pod(0, &[0], None));
    let names: Vec<_> = report.caches.iter().map(|r| r.name.as_deref()).collect();
    assert_eq!(names, [Some("c0")]);
    assert!(report
        .diagnostics
        .iter()
        .all(|d| !d.path.starts_with("/imageCaches")));
    let problems = engine.diagnostics();
    assert!(
        !problems.is_empty()
            && problems
                .iter()
                .all(|d| d.path.starts_with("/imageCaches/2")),
        "{problems:?}"
    );
    assert_eq!(engine.evaluate(&pod(0, &[0], None)).caches.len(), 3);
}
