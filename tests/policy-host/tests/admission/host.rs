//! The module in the waPC host: its protocol, and the host's answers timed.

use super::*;

#[test]
fn the_module_speaks_the_kubewarden_protocol() {
    assert_eq!(POLICY.protocol_version().unwrap(), json!("v1"));
    let valid = POLICY
        .validate_settings(&json!({"mutateWorkloads": true, "onLookupFailure": "reject"}))
        .unwrap();
    assert_eq!(valid["valid"], true);
    let invalid = POLICY
        .validate_settings(&json!({"mutateWorkload": true}))
        .unwrap();
    assert_eq!(invalid["valid"], false);
    assert!(
        invalid["message"]
            .as_str()
            .unwrap()
            .starts_with("unknown setting \"mutateWorkload\""),
        "{invalid}"
    );
    let invalid = POLICY
        .validate_settings(&json!({"onLookupFailure": "ignore"}))
        .unwrap();
    assert_eq!(
        invalid["message"],
        "onLookupFailure must be \"accept\" or \"reject\", not \"ignore\""
    );
}

/// The benchmark's instance: the time of the host's answers is counted, and only theirs.
#[test]
fn a_timed_instance_counts_the_hosts_answers_and_nothing_else() {
    let host_time = Arc::new(Mutex::new(Duration::ZERO));
    let instance = POLICY
        .timed_instance(Answerer::Callback(cluster()), host_time.clone())
        .unwrap();
    let payload = |name: &str| validation_payload(&request(name), &json!({})).unwrap();
    instance
        .call("validate", &payload("pod-create-no-cache.json"))
        .unwrap();
    assert_eq!(*host_time.lock().unwrap(), Duration::ZERO);
    let response = instance
        .call("validate", &payload("pod-create-auto-match.json"))
        .unwrap();
    let response: Value = serde_json::from_slice(&response).unwrap();
    assert_eq!(response["accepted"], true, "{response}");
    assert!(*host_time.lock().unwrap() > Duration::ZERO);
}

#[test]
fn answers_from_the_hosts_own_thread_are_the_callbacks_answers() {
    let payload = validation_payload(&request("pod-create-auto-match.json"), &json!({})).unwrap();
    let from_thread = Answerer::Thread(Arc::new(HostThread::answering(cluster())));
    let answered: Vec<(Value, Duration)> = [Answerer::Callback(cluster()), from_thread]
        .into_iter()
        .map(|answerer| {
            let host_time = Arc::new(Mutex::new(Duration::ZERO));
            let instance = POLICY.timed_instance(answerer, host_time.clone()).unwrap();
            let response = instance.call("validate", &payload).unwrap();
            let host_time = *host_time.lock().unwrap();
            (serde_json::from_slice(&response).unwrap(), host_time)
        })
        .collect();
    let (by_callback, by_thread) = (&answered[0], &answered[1]);
    assert_eq!(by_callback.0["accepted"], true, "{}", by_callback.0);
    assert!(
        by_callback.0.get("mutated_object").is_some(),
        "{}",
        by_callback.0
    );
    assert_eq!(by_thread.0, by_callback.0);
    assert!(by_thread.1 > Duration::ZERO && by_callback.1 > Duration::ZERO);
}
