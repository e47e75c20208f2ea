use proptest::prelude::*;

use super::super::{parse, parse_in_full};
use super::*;

/// Both ways give the same reference, or the same error.
fn agrees(input: &str) -> Result<(), String> {
    let (direct, full) = (parse(input), parse_in_full(input));
    if direct == full {
        Ok(())
    } else {
        Err(format!("{input:?}: directly {direct:?}, in full {full:?}"))
    }
}

#[test]
fn reads_the_references_of_a_cache_list_directly() {
    for (domain, prefix, remainder) in [
        ("docker.io", "library/", "nginx"),
        ("docker.io", "library/", "nginx:1.7.9"),
        ("docker.io", "", "grafana/grafana:10.2.0"),
        ("registry.cn-hangzhou.aliyuncs.com", "", "acme/api:1.3"),
        (
            "acme-registry.cn-beijing.cr.aliyuncs.com",
            "",
            "team/app_server__x:v1.0-rc.1",
        ),
        ("localhost:5000", "", "a/b/c:tag_1"),
        ("[::1]:5000", "", "app"),
        ("Registry.Example.com", "", "app:Tag"),
    ] {
        assert!(
            spans(domain, prefix, remainder).is_some(),
            "{domain}/{prefix}{remainder}"
        );
    }
    for input in [
        "nginx",
        "nginx:1.7.9",
        "grafana/grafana:10.2.0",
        "registry.cn-hangzhou.aliyuncs.com/acme/api:1.3",
        "localhost:5000/a/b/c:tag_1",
        "index.docker.io/nginx:1",
        "Registry.Example.com/app:Tag",
    ] {
        assert_eq!(agrees(input), Ok(()));
        assert!(parse(input).is_ok(), "{input}");
    }
}

#[test]
fn a_tagged_reference_is_its_own_identity() {
    let text = "registry.cn-hangzhou.aliyuncs.com/acme/api:1.3";
    assert_eq!(
        parse(text).unwrap().identity_text(true).map(|t| &**t),
        Some(text)
    );
    let vpc = parse("registry-vpc.cn-hangzhou.aliyuncs.com/acme/api:1.3").unwrap();
    assert!(vpc.identity_text(true).is_none());
    assert!(vpc.identity_text(false).is_some());
    assert!(parse("nginx").unwrap().identity_text(false).is_none());
}

#[test]
fn leaves_everything_else_to_the_second_parse() {
    for (domain, prefix, remainder) in [
        (
            "docker.io",
            "",
            "nginx@sha256:0000000000000000000000000000000000000000000000000000000000000000",
        ),
        ("my_registry.example.com", "", "app"),
        ("host:", "", "app"),
        ("docker.io", "library/", "nginx:"),
        ("docker.io", "library/", "nginx:-x"),
        ("docker.io", "", "a//b"),
        ("docker.io", "", "a/"),
        ("docker.io", "library/", "Nginx"),
        ("docker.io", "library/", "a:b/c"),
        ("docker.io", "", "a b/c"),
    ] {
        assert!(
            spans(domain, prefix, remainder).is_none(),
            "{domain}/{prefix}{remainder}"
        );
    }
    let long_tag = "t".repeat(129);
    assert!(spans("docker.io", "library/", &format!("nginx:{long_tag}")).is_none());
    let long_path = "b".repeat(250);
    assert!(spans("docker.io", "library/", &long_path).is_none());
    assert!(spans("docker.io", "", &format!("a/{long_path}")).is_some());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4096))]

    #[test]
    fn gives_what_the_second_parse_gives(
        input in "(([a-zA-Z0-9]{1,4}|localhost|index\\.docker\\.io|docker\\.io|\\[::1\\]|[a-z0-9.:_-]{1,8})/)?([a-z0-9._/-]{1,12})(:[a-zA-Z0-9._/-]{0,6})?(@sha256:[0-9a-f]{64})?",
    ) {
        prop_assert_eq!(agrees(&input), Ok(()));
    }

    #[test]
    fn shares_its_text_only_as_the_identity_or_the_normal_form_it_is(
        input in "((registry-vpc\\.cn-hangzhou\\.aliyuncs\\.com|a-registry-vpc\\.cn-beijing\\.cr\\.aliyuncs\\.com|[a-z]{1,4}\\.io|localhost:5000)/)?[a-z]{1,6}(/[a-z]{1,6})?(:[a-z0-9][a-z0-9.]{0,5})?(@sha256:[0-9a-f]{64})?",
        acr in any::<bool>(),
    ) {
        let image = parse(&input).unwrap();
        if let Some(text) = image.identity_text(acr) {
            prop_assert_eq!(&**text, image.identity(acr));
        }
        prop_assert_eq!(&*image.normalized_text(), image.normalized());
    }

    #[test]
    fn gives_what_the_second_parse_gives_on_any_text(input in "[a-zA-Z0-9._:/@\\[\\]-]{0,24}") {
        prop_assert_eq!(agrees(&input), Ok(()));
    }

    #[test]
    fn gives_what_the_second_parse_gives_on_long_names(n in 240usize..260, library in any::<bool>()) {
        let input = if library { "b".repeat(n) } else { format!("a/{}", "b".repeat(n)) };
        prop_assert_eq!(agrees(&input), Ok(()));
    }
}

#[test]
fn the_default_domain_taken_as_valid_is() {
    assert!(is_domain(DEFAULT_DOMAIN));
}
