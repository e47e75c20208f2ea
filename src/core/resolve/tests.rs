use rstest::rstest;
use serde_json::json;

use super::*;
use crate::core::diagnostic::Severity;
use crate::core::image_cache::{self, ARCH_ANNOTATION, OS_ANNOTATION};
use crate::core::reference;

fn pod_image(text: &str) -> PodImage {
    let image = reference::parse(text).expect("a reference");
    PodImage {
        key: image.identity(true).into(),
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

/// The pod of every case: three images, amd64 and Linux, 30 GiB of temporary storage.
fn sentence(reason: Option<Reason>, cache: &ImageCache) -> String {
    let images = [
        pod_image("nginx:1"),
        pod_image("redis:2"),
        pod_image("busybox:3"),
    ];
    let annotations = Pointer::root();
    let names = images.iter().map(|i| i.name.clone()).collect();
    let pod = Pod {
        images: &images,
        names: &names,
        arch: "amd64",
        os: "linux",
        temporary_storage_gib: 30,
        annotations_path: &annotations,
    };
    let a = Assessment {
        matched: [0, 2].into_iter().collect(),
        reason,
        eligible: reason.is_none(),
    };
    rows::explain(
        &pod,
        cache,
        &a,
        &count_of(images.len(), "image"),
        "w (imc-w)",
    )
}

#[rstest]
#[case(None, "holds 2 of 3 images")]
#[case(
    Some(Reason::NotReady),
    "phase is Creating, only Ready caches are usable"
)]
#[case(
    Some(Reason::NoId),
    "its status.imageCacheId \"IMC-C\" is not an id a pod can pin"
)]
#[case(Some(Reason::Expired), "expired at 2026-01-02T03:04:05Z")]
#[case(Some(Reason::Deleting), "is being deleted")]
#[case(
    Some(Reason::TooLarge),
    "25 GiB does not fit the pod's 30 GiB of temporary storage"
)]
#[case(Some(Reason::ArchMismatch), "built for arm64, the pod runs on amd64")]
#[case(Some(Reason::OsMismatch), "built for windows, the pod runs on linux")]
#[case(Some(Reason::NoCommonImage), "holds none of the pod's 3 images")]
#[case(
    Some(Reason::NotPerfect),
    "holds 2 of 3 images; perfect match needs all"
)]
#[case(
    Some(Reason::BelowMatchCount),
    "holds 2 of 3 images, below the match count requested"
)]
#[case(
    Some(Reason::LowerMatchDegree),
    "holds 2 of 3 images, fewer than w (imc-w)"
)]
#[case(
    Some(Reason::FartherSize),
    "25 GiB is farther from the 30 GiB of temporary storage than w (imc-w)"
)]
#[case(Some(Reason::Older), "created before w (imc-w)")]
#[case(Some(Reason::LaterId), "ties with w (imc-w), whose id sorts first")]
#[case(
    Some(Reason::NotPinned),
    "holds 2 of 3 images; the pod pins another cache"
)]
#[case(
    Some(Reason::MatchingOff),
    "holds 2 of 3 images; the pod does not ask for automatic matching"
)]
fn every_reason_has_its_sentence(#[case] reason: Option<Reason>, #[case] want: &str) {
    assert_eq!(sentence(reason, &cache(Some("IMC-C"))), want);
}

#[test]
fn a_cache_without_an_id_says_so() {
    assert_eq!(
        sentence(Some(Reason::NoId), &cache(None)),
        "has no status.imageCacheId yet"
    );
}
