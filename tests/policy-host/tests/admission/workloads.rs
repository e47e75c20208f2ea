//! Workloads with pod templates, and ImageCache objects admitted themselves.

use super::*;

#[test]
fn a_deployment_is_mutated_only_with_mutate_workloads() {
    let (response, calls) = run("deployment-create.json", "default.json", &cluster());
    assert!(response.allowed);
    assert_eq!(lists(&calls), 1);
    assert_eq!(response.patch, None);
    assert_eq!(
        response.warnings,
        [
            "metadata.annotations[k8s.aliyun.com/eci-extra-ephemeral-storage]: k8s.aliyun.com/eci-extra-ephemeral-storage \
             on the Deployment's own metadata has no effect: ECI reads only the pod's annotations; move it to the \
             annotations of the pod template. Fix: move the annotation into the pod template.",
            "auto-matched web-stack (imc-bp1a2b3c4d5e6f7g8h9i): holds 2 of 2 images; the setting mutateWorkloads is off, \
             so the Deployment is left as it is and each of its pods is matched when it is created"
        ]
    );
    let (response, _) = run(
        "deployment-create.json",
        "mutate-workloads.json",
        &cluster(),
    );
    assert_eq!(
        response.patch,
        Some(pinned_to_web_stack(
            "/spec/template/metadata/annotations",
            &[]
        ))
    );
}

#[test]
fn a_deployment_update_of_its_template_is_mutated_with_mutate_workloads() {
    let (response, _) = run(
        "deployment-update-image.json",
        "mutate-workloads.json",
        &cluster(),
    );
    assert!(response.allowed);
    assert_eq!(
        response.patch,
        Some(pinned_to_web_stack(
            "/spec/template/metadata/annotations",
            &[]
        ))
    );
    let (response, _) = run("deployment-update-image.json", "default.json", &cluster());
    assert!(response.allowed);
    assert_eq!(response.patch, None);
}

#[test]
fn a_deployment_update_is_not_refused_for_an_error_it_already_had() {
    let (response, _) = run(
        "deployment-update-scale.json",
        "mutate-workloads.json",
        &cluster(),
    );
    assert!(response.allowed, "{:?}", response.message);
    assert_eq!(response.patch, None);
    assert_eq!(
        response.warnings,
        ["spec.template.metadata.annotations[k8s.aliyun.com/eci-imc-id]: The specified image cache \
          imc-2ze5tm5gehgtiiga9999 does not exist. (so before this update too: not refused for it)"]
    );
}

#[test]
fn a_cron_job_is_mutated_in_its_job_template() {
    let (response, _) = run("cronjob-create.json", "mutate-workloads.json", &cluster());
    assert!(response.allowed, "{:?}", response.message);
    let template = "/spec/jobTemplate/spec/template";
    assert_eq!(
        response.patch,
        Some(json!([
            {"op": "add", "path": format!("{template}/metadata/annotations/eci-image-cache~1decision"),
             "value": "auto-matched web-stack (imc-bp1a2b3c4d5e6f7g8h9i): holds 1 of 2 images"},
            {"op": "add", "path": format!("{template}/metadata/annotations/k8s.aliyun.com~1eci-image-snapshot-id"),
             "value": "imc-bp1a2b3c4d5e6f7g8h9i"},
            {"op": "replace", "path": format!("{template}/spec/containers/0/imagePullPolicy"), "value": "IfNotPresent"}
        ]))
    );
    // The expired cache holding the other image is not used; ECI builds a full one too.
    assert_eq!(
        response.warnings,
        [
            "spec.jobTemplate.spec.template.metadata.annotations: web-stack (imc-bp1a2b3c4d5e6f7g8h9i) lacks \
             registry.cn-hangzhou.aliyuncs.com/acme/report:1.0: they are pulled normally, and ECI also creates a \
             cache holding all of the pod's images",
            "spec.jobTemplate.spec.template.spec.containers[0].imagePullPolicy: imagePullPolicy Always downloads \
             the layers of docker.io/library/nginx:1.25 again although the cache holds them; set IfNotPresent. \
             Fix: set imagePullPolicy: IfNotPresent.",
            "auto-matched web-stack (imc-bp1a2b3c4d5e6f7g8h9i): holds 1 of 2 images",
        ]
    );
}

#[test]
fn image_caches_are_checked_before_eci_fails_them() {
    let (response, calls) = run("imagecache-create-invalid.json", "default.json", &cluster());
    assert!(!response.allowed);
    assert_eq!(calls.len(), 0);
    let message = response.message.unwrap();
    assert!(
        message.starts_with("ImageCache everything: spec.images: a cache holds 1 to 20 images, this one lists 21. Fix: "),
        "{message}"
    );
    assert!(message.contains(
        "Fix: Split the images over several caches; spec.imageCacheSize: imageCacheSize must be a whole number of \
         GiB from 20 to 32768, not 10. Fix: Use a size from 20 to 32768; spec.imagePullSecrets[0]: \"acr-credential\" \
         is not \"namespace:secretName\""
    ));
    assert!(
        message.ends_with("Fix: Write it as default:my-secret."),
        "{message}"
    );
    let (response, _) = run("imagecache-create-valid.json", "default.json", &cluster());
    assert!(response.allowed);
    assert_eq!((response.patch, response.warnings.len()), (None, 0));
}
