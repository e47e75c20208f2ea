use serde_json::json;

use super::*;
use crate::core::image_cache::{self, ARCH_ANNOTATION, OS_ANNOTATION};
use crate::core::reference;

fn pod_image(text: &str) -> PodImage {
    let image = reference::parse(text).expect("a reference");
    PodImage {
        key: image.identity(true),
        name: image.normalized_text(),
        image,
    }
}

/// A cache read as the catalogue reads one: 25 GiB, Creating, built for arm64 and Windows.
fn cache(id: Option<&str>) -> ImageCache {
    let value = json!({
        "apiVersion": "eci.alibabacloud.com/v1", "kind": "ImageCache",
        "metadata": { "name": "c", "annotations": { ARCH_ANNOTATION: "arm64", OS_ANNOTATION: "windows" } },
        "spec": { "images": ["nginx:1"], "imageCacheSize": 25 },
        "status": { "imageCacheId": id, "phase": "Creating", "expireDateTime": "2026-01-02T03:04:05Z" }
    });
    image_cache::read(&value, "/imageCaches/0", Severity::Warning, &mut Vec::new())
        .expect("an ImageCache")
}

#[test]
fn every_reason_has_its_sentence() {
    let images = [
        pod_image("nginx:1"),
        pod_image("redis:2"),
        pod_image("busybox:3"),
    ];
    let annotations = Pointer::root();
    let pod = Pod {
        images: &images,
        arch: "amd64",
        os: "linux",
        temporary_storage_gib: 30,
        annotations_path: &annotations,
    };
    let n = count_of(images.len(), "image");
    let winner = "w (imc-w)";
    let with_id = cache(Some("IMC-C"));
    let cases = [
        (None, "holds 2 of 3 images"),
        (
            Some(Reason::NotReady),
            "phase is Creating, only Ready caches are usable",
        ),
        (
            Some(Reason::NoId),
            "its status.imageCacheId \"IMC-C\" is not an id a pod can pin",
        ),
        (Some(Reason::Expired), "expired at 2026-01-02T03:04:05Z"),
        (Some(Reason::Deleting), "is being deleted"),
        (
            Some(Reason::TooLarge),
            "25 GiB does not fit the pod's 30 GiB of temporary storage",
        ),
        (
            Some(Reason::ArchMismatch),
            "built for arm64, the pod runs on amd64",
        ),
        (
            Some(Reason::OsMismatch),
            "built for windows, the pod runs on linux",
        ),
        (
            Some(Reason::NoCommonImage),
            "holds none of the pod's 3 images",
        ),
        (
            Some(Reason::NotPerfect),
            "holds 2 of 3 images; perfect match needs all",
        ),
        (
            Some(Reason::BelowMatchCount),
            "holds 2 of 3 images, below the match count requested",
        ),
        (
            Some(Reason::LowerMatchDegree),
            "holds 2 of 3 images, fewer than w (imc-w)",
        ),
        (
            Some(Reason::FartherSize),
            "25 GiB is farther from the 30 GiB of temporary storage than w (imc-w)",
        ),
        (Some(Reason::Older), "created before w (imc-w)"),
        (
            Some(Reason::LaterId),
            "ties with w (imc-w), whose id sorts first",
        ),
        (
            Some(Reason::NotPinned),
            "holds 2 of 3 images; the pod pins another cache",
        ),
        (
            Some(Reason::MatchingOff),
            "holds 2 of 3 images; the pod does not ask for automatic matching",
        ),
    ];
    for (reason, want) in cases {
        let a = Assessment {
            matched: vec![0, 2],
            reason,
            eligible: reason.is_none(),
        };
        assert_eq!(explain(&pod, &with_id, &a, &n, winner), want, "{reason:?}");
    }
    let a = Assessment {
        matched: Vec::new(),
        reason: Some(Reason::NoId),
        eligible: false,
    };
    assert_eq!(
        explain(&pod, &cache(None), &a, &n, winner),
        "has no status.imageCacheId yet"
    );
}
