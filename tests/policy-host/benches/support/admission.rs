//! What both policy benchmarks send: a pod with 5 images, admitted against a cluster of
//! realistic caches, and the same input pruned as the host prunes it, for the native core.

use std::path::PathBuf;
use std::sync::Arc;

use eci_image_cache_policy_host::{answer, prune, Cluster, Policy};
use serde_json::{json, Value};

/// The same inputs as the core's own benchmark.
#[path = "../../../../benches/support/fixtures.rs"]
mod fixtures;

use fixtures::{pod, realistic_cache};

pub const NOW: &str = "2026-11-27T00:00:00Z";

/// policy.wasm (or `$POLICY_WASM`), loaded; its size printed.
pub fn load_policy() -> Policy {
    let path = std::env::var_os("POLICY_WASM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../policy.wasm"));
    let module = std::fs::read(&path)
        .unwrap_or_else(|e| panic!("{}: {e}; build it with `make policy`", path.display()));
    println!(
        "policy.wasm: {} bytes ({:.2} MB)",
        module.len(),
        module.len() as f64 / 1_000_000.0
    );
    Policy::load(&module).expect("policy.wasm compiles")
}

pub fn admission_request() -> Value {
    json!({
        "uid": "bench", "kind": {"group": "", "version": "v1", "kind": "Pod"},
        "resource": {"group": "", "version": "v1", "resource": "pods"},
        "operation": "CREATE", "namespace": "default", "name": "bench", "object": pod(),
        "userInfo": {"username": "bench"}
    })
}

/// One size of the benchmark: the cluster the host answers from, and the core's inputs.
pub struct Case {
    pub cluster: Arc<Cluster>,
    /// The input with the caches as the host prunes them: what the policy reads.
    pub pruned: Vec<u8>,
    /// The input with the caches whole (for the criterion benchmark only).
    #[allow(dead_code)]
    pub full: Vec<u8>,
    /// The policy's `list_resources_all` request, as the policy sends it (for the
    /// criterion benchmark only: the interleaved one times the host inside each request).
    #[allow(dead_code)]
    pub list_request: Vec<u8>,
}

impl Case {
    pub fn new(n: usize) -> Case {
        // The fields the policy asks for: the core's cache mask (src/policy/lookup.rs).
        let masks: Vec<String> = eci_image_cache::core::json::CACHE.paths();
        let list_request = serde_json::to_vec(&json!({
            "api_version": "eci.alibabacloud.com/v1", "kind": "ImageCache",
            "label_selector": null, "field_selector": null, "field_masks": masks
        }))
        .unwrap();
        let caches: Vec<Value> = (0..n).map(realistic_cache).collect();
        let input = |caches: &[Value]| {
            serde_json::to_vec(&json!({"object": pod(), "imageCaches": caches, "now": NOW}))
                .unwrap()
        };
        let pruned_caches: Vec<Value> = caches
            .iter()
            .map(|c| {
                let mut c = c.clone();
                prune(&mut c, &masks);
                c
            })
            .collect();
        Case {
            pruned: input(&pruned_caches),
            full: input(&caches),
            cluster: Arc::new(Cluster::with_image_caches(caches)),
            list_request,
        }
    }

    /// The host's own share of a request: pruning and serialising the list.
    #[allow(dead_code)]
    pub fn host_share(&self) -> Vec<u8> {
        answer(
            &self.cluster,
            "kubewarden",
            "kubernetes",
            "list_resources_all",
            &self.list_request,
        )
        .unwrap()
    }

    /// Checks that the policy answers as the core does: a match, not a failure.
    pub fn check(&self, policy: &Policy, settings: &Value, request: &Value) {
        let (response, calls) = policy.validate(&self.cluster, settings, request).unwrap();
        assert!(response.allowed && calls.len() == 1, "{response:?}");
        let native = eci_image_cache::evaluate_slice(&self.pruned).unwrap();
        assert_eq!(
            response.warnings.last(),
            Some(&native.decision.summary),
            "{response:?}"
        );
    }
}
