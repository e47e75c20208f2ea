use proptest::prelude::*;

use super::super::parse_in_full;
use super::*;

/// The direct reading either leaves `input` to the full parser or gives what it gives.
fn agrees(input: &str) -> Result<(), String> {
    match parse(input) {
        None => Ok(()),
        Some(fast) => match parse_in_full(input) {
            Ok(full) if full == fast => Ok(()),
            full => Err(format!(
                "{input:?}: read directly {fast:?}, by the full parser {full:?}"
            )),
        },
    }
}

#[test]
fn reads_the_references_of_a_cache_list_directly() {
    for input in [
        "nginx",
        "nginx:1.7.9",
        "library/nginx:latest",
        "grafana/grafana:10.2.0",
        "docker.io/nginx",
        "docker.io/library/redis:7",
        "registry.cn-hangzhou.aliyuncs.com/acme/api:1.3",
        "registry-vpc.cn-hangzhou.aliyuncs.com/acme/api",
        "acme-registry.cn-beijing.cr.aliyuncs.com/team/app_server__x:v1.0-rc.1",
        "localhost/app",
        "localhost:5000/a/b/c:tag_1",
        "quay.io/prometheus/prometheus:v2.45.0",
        "ghcr.io/acme/side-car--x/a.b:0",
        "[::1]:5000/app",
    ] {
        let fast = parse(input).unwrap_or_else(|| panic!("{input} left to the full parser"));
        assert_eq!(Ok(fast), parse_in_full(input), "{input}");
    }
}

#[test]
fn leaves_everything_else_to_the_full_parser() {
    for input in [
        "",
        "Nginx",
        "Registry.example.com/app",
        "nginx@sha256:0000000000000000000000000000000000000000000000000000000000000000",
        "index.docker.io/nginx",
        "my_registry.example.com/app",
        "nginx:",
        ":tag",
        "nginx:-x",
        "a//b",
        "a/",
        "/a",
        "a__-b",
        "a..b",
        "a___b",
        "_a",
        "a_",
        "host:/app",
        "host:50a/app",
        "-host.com/app",
        "host-.com/app",
        "host..com/app",
        "app name",
        "日本/app",
        "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
    ] {
        assert!(parse(input).is_none(), "{input} was read directly");
    }
    let long_tag = format!("nginx:{}", "t".repeat(129));
    assert!(parse(&long_tag).is_none());
    let long_path = format!("a/{}", "b".repeat(250));
    assert!(parse(&long_path).is_none());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4096))]

    #[test]
    fn gives_what_the_full_parser_gives(
        input in "(([a-z0-9]{1,4}|localhost|index\\.docker\\.io|docker\\.io|[a-z0-9.:_-]{1,8})/)?([a-z0-9._/-]{1,12})(:[a-zA-Z0-9._/-]{0,6})?",
    ) {
        prop_assert_eq!(agrees(&input), Ok(()));
    }

    #[test]
    fn gives_what_the_full_parser_gives_on_any_text(input in "[a-zA-Z0-9._:/@-]{0,24}") {
        prop_assert_eq!(agrees(&input), Ok(()));
    }
}
