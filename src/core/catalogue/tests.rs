use serde_json::json;

use super::*;

fn cache(id: &str, images: serde_json::Value) -> serde_json::Value {
    json!({"apiVersion": "eci.alibabacloud.com/v1", "kind": "ImageCache",
           "metadata": {"name": id}, "spec": {"images": images},
           "status": {"imageCacheId": id, "phase": "Ready"}})
}

#[test]
fn each_cache_gives_its_own_images_in_the_order_listed() {
    let list = json!({"kind": "List", "items": [
        cache("imc-a", json!(["nginx:1.25", "redis:7"])),
        cache("imc-b", json!(["redis:7", "Not A Reference", "docker.io/library/nginx:1.25"])),
        cache("imc-c", json!([])),
    ]});
    let bytes = serde_json::to_vec(&list).unwrap();
    let catalogue = Catalogue::from_slice(&bytes, Settings::default()).unwrap();
    let images: Vec<Vec<String>> = catalogue
        .caches()
        .iter()
        .map(|c| catalogue.images_of(c).map(ImageRef::normalized).collect())
        .collect();
    assert_eq!(
        images,
        [
            vec!["docker.io/library/nginx:1.25", "docker.io/library/redis:7"],
            // The invalid reference is left out; the others keep their places.
            vec!["docker.io/library/redis:7", "docker.io/library/nginx:1.25"],
            vec![],
        ]
    );
}
