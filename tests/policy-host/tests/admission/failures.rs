//! Failure paths: each ends in a deliberate answer, never the host's opaque 500.

use super::*;

#[test]
fn a_payload_that_is_not_json_is_refused_saying_so() {
    for (payload, message) in [
        (
            &b"not json"[..],
            "eci-image-cache cannot read the ValidationRequest: expected ident at line 1 column 2",
        ),
        (
            b"\xff\xfe{}",
            "eci-image-cache cannot read the ValidationRequest: expected value at line 1 column 1",
        ),
        (
            b"",
            "eci-image-cache cannot read the ValidationRequest: EOF while parsing a value at line 1 column 0",
        ),
    ] {
        let (response, calls) = run_payload(payload);
        assert_refused(&response, &calls, message);
    }
}

#[test]
fn json_that_is_not_a_validation_request_is_refused_saying_what_is_missing() {
    for (payload, message) in [
        (
            r#"{"request": {"operation": "CREATE"}}"#,
            "missing field `settings` at line 1 column 36",
        ),
        (r#"{"settings": {}}"#, "missing field `request` at line 1 column 16"),
        (
            r#"{"settings": {}, "request": "CREATE"}"#,
            "invalid type: string \"CREATE\", expected struct KubernetesAdmissionRequest at line 1 column 36",
        ),
        (
            r#"{"settings": {}, "request": {"operation": ["CREATE"]}}"#,
            "invalid type: sequence, expected a string at line 1 column 42",
        ),
        (
            "[1, 2]",
            "invalid type: integer `2`, expected struct KubernetesAdmissionRequest at line 1 column 5",
        ),
    ] {
        let (response, calls) = run_payload(payload.as_bytes());
        assert_refused(
            &response,
            &calls,
            &format!("eci-image-cache cannot read the ValidationRequest: {message}"),
        );
    }
}

#[test]
fn a_request_without_an_object_is_refused_naming_the_request() {
    let mut without = request("pod-create-no-cache.json");
    without.as_object_mut().unwrap().remove("object");
    let (response, calls) = run("pod-create-no-cache.json", "default.json", &cluster());
    assert!(response.allowed, "the fixture itself is fine");
    assert!(calls.is_empty());
    for object in [
        None,
        Some(json!(null)),
        Some(json!("a pod")),
        Some(json!([])),
    ] {
        let mut req = without.clone();
        if let Some(object) = object {
            req["object"] = object;
        }
        let (response, calls) = run_request(
            "a request without a usable object",
            &req,
            "default.json",
            &cluster(),
        );
        assert_refused(
            &response,
            &calls,
            "the CREATE request of Pod shop/plain carries no object to evaluate",
        );
    }
    let (response, calls) = run_payload(br#"{"settings": {}, "request": {}}"#);
    assert_refused(
        &response,
        &calls,
        "the admission request carries no object to evaluate",
    );
}

/// Settings Kubewarden would refuse to load the policy with, and what the policy says of them.
const BAD_SETTINGS: [(&str, &str); 5] = [
    (
        r#"{"mutateWorkloads": "yes"}"#,
        "mutateWorkloads must be true or false, not a string",
    ),
    (
        r#"{"temporaryStorageGiB": "30Gi"}"#,
        "temporaryStorageGiB must be a whole number of GiB from 1 to 32768, not \"30Gi\"",
    ),
    (
        r#"{"mutateWorkload": true}"#,
        "unknown setting \"mutateWorkload\"; the settings are autoMatchByDefault, acrVpcEquivalence, \
         temporaryStorageGiB, pinResolvedCache, pinAnnotation, setIfNotPresent, mutateWorkloads, rejectUnusablePin, \
         onLookupFailure",
    ),
    (r#"["mutateWorkloads"]"#, "settings must be an object, not an array"),
    (r#""reject""#, "settings must be an object, not a string"),
];

#[test]
fn malformed_settings_are_refused_by_validate_settings_naming_the_key() {
    for (settings, message) in BAD_SETTINGS {
        let answer = POLICY
            .validate_settings_payload(settings.as_bytes())
            .unwrap();
        assert_eq!(
            answer,
            json!({"valid": false, "message": message}),
            "{settings}"
        );
    }
    let answer = POLICY
        .validate_settings_payload(b"{mutateWorkloads: true}")
        .unwrap();
    assert_eq!(
        answer,
        json!({"valid": false, "message": "the settings are not JSON: key must be a string at line 1 column 2"})
    );
    for settings in [&b"{}"[..], b"null", b""] {
        let answer = POLICY.validate_settings_payload(settings).unwrap();
        assert_eq!(
            answer["valid"],
            true,
            "{}",
            String::from_utf8_lossy(settings)
        );
    }
}

#[test]
fn a_request_with_malformed_settings_is_refused_as_misconfigured_without_a_lookup() {
    for (settings, message) in BAD_SETTINGS {
        let settings: Value = serde_json::from_str(settings).unwrap();
        for name in ["pod-create-auto-match.json", "pod-delete.json"] {
            let (response, calls) = POLICY
                .validate(&cluster(), &settings, &request(name))
                .unwrap();
            assert_refused(
                &response,
                &calls,
                &format!("the eci-image-cache policy is misconfigured: {message}"),
            );
        }
    }
}

#[test]
fn kinds_the_policy_does_not_evaluate_connect_and_subresources_pass_untouched() {
    let base = request("pod-create-no-cache.json");
    let config_map = json!({"apiVersion": "v1", "kind": "ConfigMap",
        "metadata": {"name": "web", "namespace": "shop",
                     "annotations": {"k8s.aliyun.com/eci-imc-id": "imc-2ze5tm5gehgtiiga9999"}},
        "data": {"k8s.aliyun.com/eci-auto-imc": "true"}});
    let mut cases = Vec::new();
    let mut req = base.clone();
    req["kind"] = json!({"group": "", "version": "v1", "kind": "ConfigMap"});
    req["resource"] = json!({"group": "", "version": "v1", "resource": "configmaps"});
    req["object"] = config_map;
    cases.push(("a ConfigMap", req));
    let mut req = base.clone();
    req["object"]["kind"] = json!("PodTemplate");
    req["object"]["metadata"]["annotations"] =
        json!({"k8s.aliyun.com/eci-imc-id": "imc-2ze5tm5gehgtiiga9999"});
    cases.push(("a kind named in the object only", req));
    let mut req = base.clone();
    req["operation"] = json!("CONNECT");
    req["subResource"] = json!("exec");
    req["object"] = json!({"kind": "PodExecOptions", "apiVersion": "v1", "command": ["sh"]});
    cases.push(("a CONNECT to pods/exec", req));
    let mut req = request("pod-create-pin-missing.json");
    req["operation"] = json!("UPDATE");
    req["subResource"] = json!("status");
    req["oldObject"] = req["object"].clone();
    cases.push(("an UPDATE of pods/status", req));
    for (what, req) in cases {
        let (response, calls) = run_request(what, &req, "mutate-workloads.json", &cluster());
        assert_eq!(
            (
                response.allowed,
                response.message,
                response.code,
                response.warnings.len(),
                response.patch,
                calls.len()
            ),
            (true, None, None, 0, None, 0),
            "{what}"
        );
    }
}

/// The auto-matching pod with an annotation of `bytes` bytes of `x` (not one the policy reads).
fn pod_with_annotation_of(bytes: usize) -> Value {
    let mut req = request("pod-create-auto-match.json");
    req["object"]["metadata"]["annotations"]["acme.io/notes"] = json!("x".repeat(bytes));
    req
}

/// The bytes the host hands the policy for this request.
fn payload_len(req: &Value, settings_file: &str) -> usize {
    validation_payload(req, &settings(settings_file))
        .unwrap()
        .len()
}

#[test]
fn a_ten_megabyte_object_is_refused_unread_with_its_size() {
    let big_annotation = pod_with_annotation_of(10 << 20);
    let mut many_containers = request("pod-create-auto-match.json");
    let container = many_containers["object"]["spec"]["containers"][0].clone();
    many_containers["object"]["spec"]["containers"] = Value::Array(vec![container; 120_000]);
    for req in [big_annotation, many_containers] {
        let size = payload_len(&req, "default.json");
        assert!(size > 10 << 20, "{size}");
        let (response, calls) =
            run_request("a request over 10 MiB", &req, "default.json", &cluster());
        assert_refused(
            &response,
            &calls,
            &format!(
                "eci-image-cache refuses the request unread: it is {size} bytes, more than the 8388608 the policy \
                 reads (the API server accepts at most 3 MiB in one request)"
            ),
        );
    }
}

#[test]
fn an_object_as_large_as_the_api_server_accepts_is_evaluated_as_any_other() {
    // 3 MiB, the API server's limit on a request body, in a place the policy does not read.
    let req = pod_with_annotation_of(3 << 20);
    let (response, calls) = run_request("a 3 MiB annotation", &req, "default.json", &cluster());
    let (normal, _) = run("pod-create-auto-match.json", "default.json", &cluster());
    assert_eq!(lists(&calls), 1);
    assert!(response.allowed);
    assert_eq!(
        response, normal,
        "the same answer and patch as without the annotation"
    );
    // The API server stores at most 1.5 MiB; past the policy's limit of 8 MiB is refused.
    let at_limit = 8 << 20;
    let fill = at_limit - payload_len(&pod_with_annotation_of(0), "default.json");
    let req = pod_with_annotation_of(fill);
    assert_eq!(payload_len(&req, "default.json"), at_limit);
    let (response, _) = run_request(
        "a request of exactly 8 MiB",
        &req,
        "default.json",
        &cluster(),
    );
    assert_eq!(response, normal, "a request of exactly 8 MiB is read");
    let req = pod_with_annotation_of(fill + 1);
    let (response, _) = run_request(
        "a request one byte over 8 MiB",
        &req,
        "default.json",
        &cluster(),
    );
    assert!(!response.allowed);
}

#[test]
fn a_huge_value_the_policy_repeats_is_cut_in_the_middle_of_its_message() {
    let mut req = request("pod-create-pin-missing.json");
    let pin = format!("imc-2ze5tm5gehgtiiga9999{}", "9".repeat(2 << 20));
    req["object"]["metadata"]["annotations"]["k8s.aliyun.com/eci-imc-id"] = json!(pin);
    let (response, _) = run_request("a 2 MiB pin", &req, "default.json", &cluster());
    assert!(!response.allowed);
    let message = response.message.unwrap();
    assert!(message.len() < 1500, "{} bytes", message.len());
    assert!(
        message.starts_with(
            "Pod shop/web-2: metadata.annotations[k8s.aliyun.com/eci-imc-id]: The specified image cache \
             imc-2ze5tm5gehgtiiga99999999"
        ),
        "{message}"
    );
    assert!(
        message.contains("…[2096243 characters left out]…"),
        "{message}"
    );
    assert!(
        message.ends_with(
            "9999 does not exist. Fix: Pin the status.imageCacheId of an existing cache, or use \
             k8s.aliyun.com/eci-auto-imc: \"true\"."
        ),
        "{message}"
    );
}

#[test]
fn a_pod_with_more_containers_than_the_core_reads_is_rejected_saying_so() {
    let mut req = request("pod-create-auto-match.json");
    let container = req["object"]["spec"]["containers"][0].clone();
    req["object"]["spec"]["containers"] = Value::Array(vec![container; 20_000]);
    let (response, _) = run_request("20 000 containers", &req, "default.json", &cluster());
    assert!(!response.allowed);
    assert_eq!(
        response.message.as_deref(),
        Some(
            "Pod shop/web-0: spec: the pod has 20000 containers; only the first 100 are evaluated. Fix: Give the \
             field the type Kubernetes expects (here: a list of containers)."
        )
    );
}
