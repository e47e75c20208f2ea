use super::grammar::{is_domain, is_remote_name, is_tag, split_domain};
use super::*;

// ---------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------

const SHA256_DBCC: &str = "sha256:dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9c";
const SHA256_E669: &str = "sha256:e6693c20186f837fc393390135d8a598a96a833917917789d63766cab6c59582";
const SHA256_F: &str = "sha256:ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff";
const SHA512_F: &str = "sha512:ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff";

// Go's strings.Repeat inputs, spelled out with macros so the tables stay `const`.
macro_rules! a16 {
    () => {
        "aaaaaaaaaaaaaaaa"
    };
}
macro_rules! a64 {
    () => {
        concat!(a16!(), a16!(), a16!(), a16!())
    };
}
macro_rules! a255 {
    () => {
        concat!(
            a64!(),
            a64!(),
            a64!(),
            a16!(),
            a16!(),
            a16!(),
            "aaaaaaaaaaaaaaa"
        )
    };
}
macro_rules! a_slash16 {
    () => {
        "a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/"
    };
}
/// strings.Repeat("a/", 127) + "a"
macro_rules! a_slash127_a {
    () => {
        concat!(
            a_slash16!(),
            a_slash16!(),
            a_slash16!(),
            a_slash16!(),
            a_slash16!(),
            a_slash16!(),
            a_slash16!(),
            "a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/",
            "a"
        )
    };
}
const A255: &str = a255!();
const A256: &str = concat!(a255!(), "a");
const A_SLASH127_A: &str = a_slash127_a!();
/// strings.Repeat("a/", 128) + "a"
const A_SLASH128_A: &str = concat!("a/", a_slash127_a!());

#[test]
fn repeated_inputs_have_the_lengths_of_go_strings_repeat() {
    assert_eq!(A255.len(), 255);
    assert_eq!(A256.len(), 256);
    assert_eq!(A_SLASH127_A, format!("{}a", "a/".repeat(127)));
    assert_eq!(A_SLASH128_A, format!("{}a", "a/".repeat(128)));
}

fn ok(input: &str) -> ImageRef {
    parse(input).unwrap_or_else(|e| panic!("{input:?} should parse: {e}"))
}

fn kind(input: &str) -> Option<Kind> {
    parse_normalized_named(input).err().map(|f| f.kind)
}

fn message(input: &str) -> String {
    match parse(input) {
        Ok(r) => panic!("{input:?} should not parse, got {r:?}"),
        Err(e) => e.message,
    }
}

/// Go's `String()` of what `ParseNormalizedNamed` returns (no default tag).
fn go_string(r: &ImageRef) -> String {
    let mut out = r.name();
    if let Some(tag) = r.tag() {
        out.push(':');
        out.push_str(tag);
    }
    if let Some(digest) = r.digest() {
        out.push('@');
        out.push_str(digest);
    }
    out
}

/// Go's `FamiliarName` (helpers.go / familiarizeName).
fn familiar_name(r: &ImageRef) -> String {
    if r.domain() != DEFAULT_DOMAIN {
        return r.name();
    }
    match r.path().strip_prefix(OFFICIAL_REPO_PREFIX) {
        Some(rest) if !rest.contains('/') => rest.to_owned(),
        _ => r.path().to_owned(),
    }
}

/// Go's `String()` of what `Parse` returns.
fn plain_string(p: &Plain<'_>) -> String {
    let mut out = join_name(p.domain, p.path);
    if let Some(tag) = p.tag {
        out.push(':');
        out.push_str(tag);
    }
    if let Some(digest) = p.digest {
        out.push('@');
        out.push_str(digest);
    }
    out
}

// ---------------------------------------------------------------------------------------
// Ported from distribution/reference reference_test.go, TestReferenceParse (the newest
// revision, which limits the path rather than the whole name to 255 characters).
// Go calls `Parse`, which does not normalise; each row keeps Go's expectation for `Parse`
// (checked against the private port `parse_plain`) and adds what `ParseNormalizedNamed`
// (our `parse`) gives for the same input.
// ---------------------------------------------------------------------------------------

struct ReferenceRow {
    input: &'static str,
    /// Go `Parse`: the error, or (domain, repository) where repository is `Name()`.
    plain: Result<(&'static str, &'static str), Kind>,
    tag: Option<&'static str>,
    digest: Option<&'static str>,
    /// `ParseNormalizedNamed`: the error, or (domain, path).
    normalized: Result<(&'static str, &'static str), Kind>,
}

const fn row(
    input: &'static str,
    plain: Result<(&'static str, &'static str), Kind>,
    tag: Option<&'static str>,
    digest: Option<&'static str>,
    normalized: Result<(&'static str, &'static str), Kind>,
) -> ReferenceRow {
    ReferenceRow {
        input,
        plain,
        tag,
        digest,
        normalized,
    }
}

const REFERENCE_PARSE: &[ReferenceRow] = &[
    row("test_com", Ok(("", "test_com")), None, None, Ok(("docker.io", "library/test_com"))),
    row("test.com:tag", Ok(("", "test.com")), Some("tag"), None, Ok(("docker.io", "library/test.com"))),
    row("test.com:5000", Ok(("", "test.com")), Some("5000"), None, Ok(("docker.io", "library/test.com"))),
    row("test.com/repo:tag", Ok(("test.com", "test.com/repo")), Some("tag"), None, Ok(("test.com", "repo"))),
    row("test:5000/repo", Ok(("test:5000", "test:5000/repo")), None, None, Ok(("test:5000", "repo"))),
    row("test:5000/repo:tag", Ok(("test:5000", "test:5000/repo")), Some("tag"), None, Ok(("test:5000", "repo"))),
    row(
        "test:5000/repo@sha256:ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
        Ok(("test:5000", "test:5000/repo")),
        None,
        Some(SHA256_F),
        Ok(("test:5000", "repo")),
    ),
    row(
        "test:5000/repo:tag@sha256:ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
        Ok(("test:5000", "test:5000/repo")),
        Some("tag"),
        Some(SHA256_F),
        Ok(("test:5000", "repo")),
    ),
    row("test:5000/repo", Ok(("test:5000", "test:5000/repo")), None, None, Ok(("test:5000", "repo"))),
    // Parse("") is ErrNameEmpty; ParseNormalizedNamed("") parses "docker.io/library/".
    row("", Err(Kind::NameEmpty), None, None, Err(Kind::InvalidFormat)),
    row(":justtag", Err(Kind::InvalidFormat), None, None, Err(Kind::InvalidFormat)),
    row(
        "@sha256:ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
        Err(Kind::InvalidFormat),
        None,
        None,
        Err(Kind::InvalidFormat),
    ),
    row(
        "repo@sha256:ffffffffffffffffffffffffffffffffff",
        Err(Kind::DigestInvalidLength),
        None,
        None,
        Err(Kind::DigestInvalidLength),
    ),
    row(
        "validname@invaliddigest:ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
        Err(Kind::DigestUnsupported),
        None,
        None,
        Err(Kind::DigestUnsupported),
    ),
    row("Uppercase:tag", Err(Kind::NameContainsUppercase), None, None, Err(Kind::RemoteUppercase)),
    // (Go keeps "Uppercase/lowercase:tag" commented out: "Uppercase" is taken for a host.)
    row(
        "test:5000/Uppercase/lowercase:tag",
        Err(Kind::NameContainsUppercase),
        None,
        None,
        Err(Kind::RemoteUppercase),
    ),
    row(
        "lowercase:Uppercase",
        Ok(("", "lowercase")),
        Some("Uppercase"),
        None,
        Ok(("docker.io", "library/lowercase")),
    ),
    row(
        concat!("domain/", a255!(), "a", ":tag"),
        Err(Kind::NameTooLong),
        None,
        None,
        Err(Kind::NameTooLong),
    ),
    // Go's Parse takes "a" for a host (path 253 long); normalised, the path is 255 long.
    row(
        concat!(a_slash127_a!(), ":tag-puts-this-over-max"),
        Ok(("a", a_slash127_a!())),
        Some("tag-puts-this-over-max"),
        None,
        Ok(("docker.io", a_slash127_a!())),
    ),
    row("aa/asdf$$^/aa", Err(Kind::InvalidFormat), None, None, Err(Kind::InvalidFormat)),
    row(
        "sub-dom1.foo.com/bar/baz/quux",
        Ok(("sub-dom1.foo.com", "sub-dom1.foo.com/bar/baz/quux")),
        None,
        None,
        Ok(("sub-dom1.foo.com", "bar/baz/quux")),
    ),
    row(
        "sub-dom1.foo.com/bar/baz/quux:some-long-tag",
        Ok(("sub-dom1.foo.com", "sub-dom1.foo.com/bar/baz/quux")),
        Some("some-long-tag"),
        None,
        Ok(("sub-dom1.foo.com", "bar/baz/quux")),
    ),
    row(
        "b.gcr.io/test.example.com/my-app:test.example.com",
        Ok(("b.gcr.io", "b.gcr.io/test.example.com/my-app")),
        Some("test.example.com"),
        None,
        Ok(("b.gcr.io", "test.example.com/my-app")),
    ),
    row(
        "xn--n3h.com/myimage:xn--n3h.com",
        Ok(("xn--n3h.com", "xn--n3h.com/myimage")),
        Some("xn--n3h.com"),
        None,
        Ok(("xn--n3h.com", "myimage")),
    ),
    row(
        "xn--7o8h.com/myimage:xn--7o8h.com@sha512:ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
        Ok(("xn--7o8h.com", "xn--7o8h.com/myimage")),
        Some("xn--7o8h.com"),
        Some(SHA512_F),
        Ok(("xn--7o8h.com", "myimage")),
    ),
    row(
        "foo_bar.com:8080",
        Ok(("", "foo_bar.com")),
        Some("8080"),
        None,
        Ok(("docker.io", "library/foo_bar.com")),
    ),
    row(
        "foo/foo_bar.com:8080",
        Ok(("foo", "foo/foo_bar.com")),
        Some("8080"),
        None,
        Ok(("docker.io", "foo/foo_bar.com")),
    ),
    row("192.168.1.1", Ok(("", "192.168.1.1")), None, None, Ok(("docker.io", "library/192.168.1.1"))),
    row(
        "192.168.1.1:tag",
        Ok(("", "192.168.1.1")),
        Some("tag"),
        None,
        Ok(("docker.io", "library/192.168.1.1")),
    ),
    row(
        "192.168.1.1:5000",
        Ok(("", "192.168.1.1")),
        Some("5000"),
        None,
        Ok(("docker.io", "library/192.168.1.1")),
    ),
    row(
        "192.168.1.1/repo",
        Ok(("192.168.1.1", "192.168.1.1/repo")),
        None,
        None,
        Ok(("192.168.1.1", "repo")),
    ),
    row(
        "192.168.1.1:5000/repo",
        Ok(("192.168.1.1:5000", "192.168.1.1:5000/repo")),
        None,
        None,
        Ok(("192.168.1.1:5000", "repo")),
    ),
    row(
        "192.168.1.1:5000/repo:5050",
        Ok(("192.168.1.1:5000", "192.168.1.1:5000/repo")),
        Some("5050"),
        None,
        Ok(("192.168.1.1:5000", "repo")),
    ),
    row("[2001:db8::1]", Err(Kind::InvalidFormat), None, None, Err(Kind::InvalidFormat)),
    row("[2001:db8::1]:5000", Err(Kind::InvalidFormat), None, None, Err(Kind::InvalidFormat)),
    row("[2001:db8::1]:tag", Err(Kind::InvalidFormat), None, None, Err(Kind::InvalidFormat)),
    row(
        "[2001:db8::1]/repo",
        Ok(("[2001:db8::1]", "[2001:db8::1]/repo")),
        None,
        None,
        Ok(("[2001:db8::1]", "repo")),
    ),
    row(
        "[2001:db8:1:2:3:4:5:6]/repo:tag",
        Ok(("[2001:db8:1:2:3:4:5:6]", "[2001:db8:1:2:3:4:5:6]/repo")),
        Some("tag"),
        None,
        Ok(("[2001:db8:1:2:3:4:5:6]", "repo")),
    ),
    row(
        "[2001:db8::1]:5000/repo",
        Ok(("[2001:db8::1]:5000", "[2001:db8::1]:5000/repo")),
        None,
        None,
        Ok(("[2001:db8::1]:5000", "repo")),
    ),
    row(
        "[2001:db8::1]:5000/repo:tag",
        Ok(("[2001:db8::1]:5000", "[2001:db8::1]:5000/repo")),
        Some("tag"),
        None,
        Ok(("[2001:db8::1]:5000", "repo")),
    ),
    row(
        "[2001:db8::1]:5000/repo@sha256:ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
        Ok(("[2001:db8::1]:5000", "[2001:db8::1]:5000/repo")),
        None,
        Some(SHA256_F),
        Ok(("[2001:db8::1]:5000", "repo")),
    ),
    row(
        "[2001:db8::1]:5000/repo:tag@sha256:ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
        Ok(("[2001:db8::1]:5000", "[2001:db8::1]:5000/repo")),
        Some("tag"),
        Some(SHA256_F),
        Ok(("[2001:db8::1]:5000", "repo")),
    ),
    row(
        "[2001:db8::]:5000/repo",
        Ok(("[2001:db8::]:5000", "[2001:db8::]:5000/repo")),
        None,
        None,
        Ok(("[2001:db8::]:5000", "repo")),
    ),
    row(
        "[::1]:5000/repo",
        Ok(("[::1]:5000", "[::1]:5000/repo")),
        None,
        None,
        Ok(("[::1]:5000", "repo")),
    ),
    row("[fe80::1%eth0]:5000/repo", Err(Kind::InvalidFormat), None, None, Err(Kind::InvalidFormat)),
    row(
        "[fe80::1%@invalidzone]:5000/repo",
        Err(Kind::InvalidFormat),
        None,
        None,
        Err(Kind::InvalidFormat),
    ),
    row(
        concat!("example.com/", a255!(), ":tag"),
        Ok(("example.com", concat!("example.com/", a255!()))),
        Some("tag"),
        None,
        Ok(("example.com", a255!())),
    ),
];

#[test]
fn reference_parse_table() {
    assert_eq!(REFERENCE_PARSE.len(), 47);
    for row in REFERENCE_PARSE {
        let input = row.input;
        // Go's Parse.
        match (parse_plain(input, input), row.plain) {
            (Ok(plain), Ok((domain, repository))) => {
                assert_eq!(plain_string(&plain), input, "Parse({input:?}).String()");
                assert_eq!(plain.domain, domain, "Parse({input:?}) domain");
                assert_eq!(
                    join_name(plain.domain, plain.path),
                    repository,
                    "Parse({input:?}) name"
                );
                assert_eq!(plain.tag, row.tag, "Parse({input:?}) tag");
                assert_eq!(plain.digest, row.digest, "Parse({input:?}) digest");
            }
            (Err(failure), Err(want)) => {
                assert_eq!(failure.kind, want, "Parse({input:?}): {}", failure.message)
            }
            (got, want) => panic!("Parse({input:?}): got {got:?}, want {want:?}"),
        }
        // ParseNormalizedNamed.
        match (parse_normalized_named(input), row.normalized) {
            (Ok(r), Ok((domain, path))) => {
                assert_eq!((r.domain(), r.path()), (domain, path), "{input:?}");
                assert_eq!(r.tag(), row.tag, "{input:?} tag");
                assert_eq!(r.digest(), row.digest, "{input:?} digest");
            }
            (Err(failure), Err(want)) => {
                assert_eq!(failure.kind, want, "{input:?}: {}", failure.message)
            }
            (got, want) => panic!("{input:?}: got {got:?}, want {want:?}"),
        }
    }
}

// Ported from distribution/reference reference_test.go, TestWithNameFailure. Go checks that
// `WithName` (a bare name, no tag or digest) fails; we parse a whole reference, so a tag is
// fine and a digest is checked.
const WITH_NAME_FAILURE: &[(&str, Result<&str, Kind>)] = &[
    ("", Err(Kind::InvalidFormat)),
    (":justtag", Err(Kind::InvalidFormat)),
    (
        "@sha256:ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
        Err(Kind::InvalidFormat),
    ),
    (
        "validname@invaliddigest:ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
        Err(Kind::DigestUnsupported),
    ),
    // WithName refuses the tag; as a reference it is valid.
    ("example.com/repo:tag", Ok("example.com/repo:tag")),
    (
        concat!("example.com/", a255!(), "a"),
        Err(Kind::NameTooLong),
    ),
    ("aa/asdf$$^/aa", Err(Kind::InvalidFormat)),
];

#[test]
fn with_name_failure_table() {
    for &(input, want) in WITH_NAME_FAILURE {
        match want {
            Ok(normalized) => assert_eq!(ok(input).normalized(), normalized),
            Err(want) => assert_eq!(kind(input), Some(want), "{input:?}"),
        }
    }
}

// Ported from distribution/reference reference_test.go, TestDomainAndPath (WithName, not
// normalised: "test_com/foo" has no domain there; normalised it is on docker.io).
const DOMAIN_AND_PATH: &[(&str, &str, &str)] = &[
    ("test.com/foo", "test.com", "foo"),
    ("test_com/foo", "docker.io", "test_com/foo"),
    ("test:8080/foo", "test:8080", "foo"),
    ("test.com:8080/foo", "test.com:8080", "foo"),
    ("test-com:8080/foo", "test-com:8080", "foo"),
    ("xn--n3h.com:18080/foo", "xn--n3h.com:18080", "foo"),
];

#[test]
fn domain_and_path_table() {
    for &(input, domain, path) in DOMAIN_AND_PATH {
        let r = ok(input);
        assert_eq!((r.domain(), r.path()), (domain, path), "{input:?}");
    }
}

// Ported from distribution/reference reference_test.go, TestSerialization:
// (input, name, tag, digest); the empty value is an error.
const SERIALIZATION: &[(&str, &str, Option<&str>, Option<&str>)] = &[
    (
        "example.com:8000/named",
        "example.com:8000/named",
        None,
        None,
    ),
    (
        "example.com:8000/named:tagged",
        "example.com:8000/named",
        Some("tagged"),
        None,
    ),
    (
        "other.com/named@sha256:1234567890098765432112345667890098765432112345667890098765432112",
        "other.com/named",
        None,
        Some("sha256:1234567890098765432112345667890098765432112345667890098765432112"),
    ),
];

#[test]
fn serialization_table() {
    assert_eq!(kind(""), Some(Kind::InvalidFormat), "empty value");
    for &(input, name, tag, digest) in SERIALIZATION {
        let r = ok(input);
        assert_eq!(
            (r.name().as_str(), r.tag(), r.digest()),
            (name, tag, digest),
            "{input:?}"
        );
        assert_eq!(go_string(&r), input, "round trip of {input:?}");
    }
}

// Ported from distribution/reference reference_test.go, TestWithTag and TestWithDigest:
// the combined strings, parsed. Go builds them with WithDigest, which checks only the
// digest grammar; their 37-hex-digit sha256 digests fail go-digest's length check, which
// `Parse` applies, so parsing them fails exactly as Go's Parse would.
const WITH_TAG_AND_DIGEST: &[(&str, Result<&str, Kind>)] = &[
    // TestWithTag
    ("test.com/foo:tag", Ok("test.com/foo:tag")),
    ("foo:tag2", Ok("docker.io/library/foo:tag2")),
    ("test.com:8000/foo:tag4", Ok("test.com:8000/foo:tag4")),
    ("test.com:8000/foo:TAG5", Ok("test.com:8000/foo:TAG5")),
    (
        "test.com:8000/foo:TAG5@sha256:1234567890098765432112345667890098765",
        Err(Kind::DigestInvalidLength),
    ),
    // TestWithDigest
    (
        "test.com/foo@sha256:1234567890098765432112345667890098765",
        Err(Kind::DigestInvalidLength),
    ),
    (
        "foo@sha256:1234567890098765432112345667890098765",
        Err(Kind::DigestInvalidLength),
    ),
    (
        "test.com:8000/foo@sha256:1234567890098765432112345667890098765",
        Err(Kind::DigestInvalidLength),
    ),
    (
        "test.com:8000/foo:latest@sha256:1234567890098765432112345667890098765",
        Err(Kind::DigestInvalidLength),
    ),
];

#[test]
fn with_tag_and_with_digest_tables() {
    for &(input, want) in WITH_TAG_AND_DIGEST {
        match want {
            Ok(normalized) => assert_eq!(ok(input).normalized(), normalized),
            Err(want) => assert_eq!(kind(input), Some(want), "{input:?}"),
        }
    }
}

// Ported from distribution/reference reference_test.go, TestParseNamed: ParseNamed is
// ParseNormalizedNamed plus "the input must already be canonical" (ErrNameNotCanonical).
const PARSE_NAMED: &[(&str, Option<(&str, &str)>)] = &[
    ("test.com/foo", Some(("test.com", "foo"))),
    ("test:8080/foo", Some(("test:8080", "foo"))),
    ("test_com/foo", None),
    ("test.com", None),
    ("foo", None),
    ("library/foo", None),
    ("docker.io/library/foo", Some(("docker.io", "library/foo"))),
    // Ambiguous case, parser will add "library/" to foo
    ("docker.io/foo", None),
];

#[test]
fn parse_named_table() {
    for &(input, canonical) in PARSE_NAMED {
        let r = ok(input);
        match canonical {
            Some((domain, path)) => {
                assert_eq!(go_string(&r), input, "{input:?} is canonical");
                assert_eq!((r.domain(), r.path()), (domain, path), "{input:?}");
            }
            None => assert_ne!(go_string(&r), input, "{input:?} is not canonical"),
        }
    }
}

// ---------------------------------------------------------------------------------------
// Ported from distribution/reference normalize_test.go
// ---------------------------------------------------------------------------------------

// normalize_test.go, TestValidateReferenceName: valid names.
const VALID_REFERENCE_NAMES: &[&str] = &[
    "docker/docker",
    "library/debian",
    "debian",
    "docker.io/docker/docker",
    "docker.io/library/debian",
    "docker.io/debian",
    "index.docker.io/docker/docker",
    "index.docker.io/library/debian",
    "index.docker.io/debian",
    "127.0.0.1:5000/docker/docker",
    "127.0.0.1:5000/library/debian",
    "127.0.0.1:5000/debian",
    "192.168.0.1",
    "192.168.0.1:80",
    "192.168.0.1:8/debian",
    "192.168.0.2:25000/debian",
    "thisisthesongthatneverendsitgoesonandonandonthisisthesongthatnev",
    "[fc00::1]:5000/docker",
    "[fc00::1]:5000/docker/docker",
    "[fc00:1:2:3:4:5:6:7]:5000/library/debian",
    // This test case was moved from invalid to valid since it is valid input
    // when specified with a hostname, it removes the ambiguity from about
    // whether the value is an identifier or repository name
    "docker.io/1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a",
    "Docker/docker",
    "DOCKER/docker",
];

// normalize_test.go, TestValidateReferenceName: invalid names (Go only asserts an error;
// the kind is what Go returns).
const INVALID_REFERENCE_NAMES: &[(&str, Kind)] = &[
    ("https://github.com/docker/docker", Kind::InvalidFormat),
    ("docker/Docker", Kind::RemoteUppercase),
    ("-docker", Kind::InvalidFormat),
    ("-docker/docker", Kind::InvalidFormat),
    ("-docker.io/docker/docker", Kind::InvalidFormat),
    ("docker///docker", Kind::InvalidFormat),
    ("docker.io/docker/Docker", Kind::RemoteUppercase),
    ("docker.io/docker///docker", Kind::InvalidFormat),
    ("[fc00::1]", Kind::InvalidFormat),
    ("[fc00::1]:5000", Kind::InvalidFormat),
    ("fc00::1:5000/debian", Kind::InvalidFormat),
    ("[fe80::1%eth0]:5000/debian", Kind::InvalidFormat),
    (
        "[2001:db8:3:4::192.0.2.33]:5000/debian",
        Kind::InvalidFormat,
    ),
    (
        "1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a",
        Kind::Identifier,
    ),
];

#[test]
fn validate_reference_name_table() {
    assert_eq!(
        (VALID_REFERENCE_NAMES.len(), INVALID_REFERENCE_NAMES.len()),
        (23, 14)
    );
    for &input in VALID_REFERENCE_NAMES {
        ok(input);
    }
    for &(input, want) in INVALID_REFERENCE_NAMES {
        assert_eq!(kind(input), Some(want), "{input:?}");
    }
}

// normalize_test.go, TestValidateRemoteName: valid names.
const VALID_REMOTE_NAMES: &[&str] = &[
    // Sanity check.
    "docker/docker",
    // Allow 64-character non-hexadecimal names (hexadecimal names are forbidden).
    "thisisthesongthatneverendsitgoesonandonandonthisisthesongthatnev",
    // Allow embedded hyphens.
    "docker-rules/docker",
    // Allow multiple hyphens as well.
    "docker---rules/docker",
    // Username doc and image name docker being tested.
    "doc/docker",
    // single character names are now allowed.
    "d/docker",
    "jess/t",
    // Consecutive underscores.
    "dock__er/docker",
];

// normalize_test.go, TestValidateRemoteName: invalid names.
const INVALID_REMOTE_NAMES: &[(&str, Kind)] = &[
    // Disallow capital letters.
    ("docker/Docker", Kind::RemoteUppercase),
    // Only allow one slash.
    ("docker///docker", Kind::InvalidFormat),
    // Disallow 64-character hexadecimal.
    ("1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a", Kind::Identifier),
    // Disallow leading and trailing hyphens in namespace.
    ("-docker/docker", Kind::InvalidFormat),
    ("docker-/docker", Kind::InvalidFormat),
    ("-docker-/docker", Kind::InvalidFormat),
    // Don't allow underscores everywhere (as opposed to hyphens).
    ("____/____", Kind::InvalidFormat),
    ("_docker/_docker", Kind::InvalidFormat),
    // Disallow consecutive periods.
    ("dock..er/docker", Kind::InvalidFormat),
    ("dock_.er/docker", Kind::InvalidFormat),
    ("dock-.er/docker", Kind::InvalidFormat),
    // No repository.
    ("docker/", Kind::InvalidFormat),
    // namespace too long
    ("this_is_not_a_valid_namespace_because_its_lenth_is_greater_than_255_this_is_not_a_valid_namespace_because_its_lenth_is_greater_than_255_this_is_not_a_valid_namespace_because_its_lenth_is_greater_than_255_this_is_not_a_valid_namespace_because_its_lenth_is_greater_than_255/docker", Kind::NameTooLong),
];

#[test]
fn validate_remote_name_table() {
    assert_eq!(
        (VALID_REMOTE_NAMES.len(), INVALID_REMOTE_NAMES.len()),
        (8, 13)
    );
    for &input in VALID_REMOTE_NAMES {
        ok(input);
    }
    for &(input, want) in INVALID_REMOTE_NAMES {
        assert_eq!(kind(input), Some(want), "{input:?}");
    }
}

// normalize_test.go, TestParseRepositoryInfo:
// (RemoteName, FamiliarName, FullName, AmbiguousName, Domain).
const PARSE_REPOSITORY_INFO: &[(&str, &str, &str, &str, &str)] = &[
    (
        "fooo/bar",
        "fooo/bar",
        "docker.io/fooo/bar",
        "index.docker.io/fooo/bar",
        "docker.io",
    ),
    (
        "library/ubuntu",
        "ubuntu",
        "docker.io/library/ubuntu",
        "library/ubuntu",
        "docker.io",
    ),
    (
        "nonlibrary/ubuntu",
        "nonlibrary/ubuntu",
        "docker.io/nonlibrary/ubuntu",
        "",
        "docker.io",
    ),
    (
        "other/library",
        "other/library",
        "docker.io/other/library",
        "",
        "docker.io",
    ),
    (
        "private/moonbase",
        "127.0.0.1:8000/private/moonbase",
        "127.0.0.1:8000/private/moonbase",
        "",
        "127.0.0.1:8000",
    ),
    (
        "privatebase",
        "127.0.0.1:8000/privatebase",
        "127.0.0.1:8000/privatebase",
        "",
        "127.0.0.1:8000",
    ),
    (
        "private/moonbase",
        "example.com/private/moonbase",
        "example.com/private/moonbase",
        "",
        "example.com",
    ),
    (
        "privatebase",
        "example.com/privatebase",
        "example.com/privatebase",
        "",
        "example.com",
    ),
    (
        "private/moonbase",
        "example.com:8000/private/moonbase",
        "example.com:8000/private/moonbase",
        "",
        "example.com:8000",
    ),
    (
        "privatebasee",
        "example.com:8000/privatebasee",
        "example.com:8000/privatebasee",
        "",
        "example.com:8000",
    ),
    (
        "library/ubuntu-12.04-base",
        "ubuntu-12.04-base",
        "docker.io/library/ubuntu-12.04-base",
        "index.docker.io/library/ubuntu-12.04-base",
        "docker.io",
    ),
    (
        "library/foo",
        "foo",
        "docker.io/library/foo",
        "docker.io/foo",
        "docker.io",
    ),
    (
        "library/foo/bar",
        "library/foo/bar",
        "docker.io/library/foo/bar",
        "",
        "docker.io",
    ),
    (
        "store/foo/bar",
        "store/foo/bar",
        "docker.io/store/foo/bar",
        "",
        "docker.io",
    ),
    ("bar", "Foo/bar", "Foo/bar", "", "Foo"),
    ("bar", "FOO/bar", "FOO/bar", "", "FOO"),
];

#[test]
fn parse_repository_info_table() {
    assert_eq!(PARSE_REPOSITORY_INFO.len(), 16);
    for &(remote, familiar, full, ambiguous, domain) in PARSE_REPOSITORY_INFO {
        for input in [familiar, full, ambiguous] {
            if input.is_empty() {
                continue;
            }
            let r = ok(input);
            assert_eq!(familiar_name(&r), familiar, "FamiliarName of {input:?}");
            assert_eq!(go_string(&r), full, "FullName of {input:?}");
            assert_eq!(r.domain(), domain, "Domain of {input:?}");
            assert_eq!(r.path(), remote, "RemoteName of {input:?}");
        }
    }
}

// normalize_test.go, TestParseReferenceWithTagAndDigest.
#[test]
fn parse_reference_with_tag_and_digest() {
    let short =
        "busybox:latest@sha256:86e0e091d0da6bde2456dbb48306f3956bbeb2eae1b5b9a43045843f69fe4aaa";
    let r = ok(short);
    assert_eq!(go_string(&r), format!("docker.io/library/{short}"));
    assert_eq!(r.tag(), Some("latest"));
    assert_eq!(
        r.digest(),
        Some("sha256:86e0e091d0da6bde2456dbb48306f3956bbeb2eae1b5b9a43045843f69fe4aaa")
    );
    let familiar = format!(
        "{}:{}@{}",
        familiar_name(&r),
        r.tag().unwrap_or_default(),
        r.digest().unwrap_or_default()
    );
    assert_eq!(familiar, short);
    assert_eq!(r.normalized(), format!("docker.io/library/{short}"));
    // Both tag and digest: is_latest looks only at tag-only references.
    assert!(!r.is_latest());
}

// normalize_test.go, TestInvalidReferenceComponents: "-foo" as a name, "-foo" as a tag
// (WithTag) and "foo" as a digest (WithDigest), written as references.
const INVALID_REFERENCE_COMPONENTS: &[(&str, Kind)] = &[
    ("-foo", Kind::InvalidFormat),
    ("busybox:-foo", Kind::InvalidFormat),
    ("busybox@foo", Kind::InvalidFormat),
];

#[test]
fn invalid_reference_components_table() {
    ok("busybox");
    for &(input, want) in INVALID_REFERENCE_COMPONENTS {
        assert_eq!(kind(input), Some(want), "{input:?}");
    }
    assert!(message("busybox:-foo").contains("invalid tag format \"-foo\""));
    assert!(message("busybox@foo").contains("invalid digest format \"foo\""));
}

// normalize_test.go, TestParseAnyReference: (Reference, Equivalent, what
// ParseNormalizedNamed gives). ParseAnyReference also takes a bare image ID or a bare
// digest as a digest reference; ParseNormalizedNamed, which `parse` ports, refuses the ID
// and reads "sha256:<hex>" as the repository "sha256" with a tag.
const PARSE_ANY_REFERENCE: &[(&str, &str, Result<&str, Kind>)] = &[
    ("redis", "docker.io/library/redis", Ok("docker.io/library/redis")),
    ("redis:latest", "docker.io/library/redis:latest", Ok("docker.io/library/redis:latest")),
    (
        "docker.io/library/redis:latest",
        "docker.io/library/redis:latest",
        Ok("docker.io/library/redis:latest"),
    ),
    (
        "redis@sha256:dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9c",
        "docker.io/library/redis@sha256:dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9c",
        Ok("docker.io/library/redis@sha256:dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9c"),
    ),
    (
        "docker.io/library/redis@sha256:dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9c",
        "docker.io/library/redis@sha256:dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9c",
        Ok("docker.io/library/redis@sha256:dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9c"),
    ),
    ("dmcgowan/myapp", "docker.io/dmcgowan/myapp", Ok("docker.io/dmcgowan/myapp")),
    ("dmcgowan/myapp:latest", "docker.io/dmcgowan/myapp:latest", Ok("docker.io/dmcgowan/myapp:latest")),
    (
        "docker.io/mcgowan/myapp:latest",
        "docker.io/mcgowan/myapp:latest",
        Ok("docker.io/mcgowan/myapp:latest"),
    ),
    (
        "dmcgowan/myapp@sha256:dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9c",
        "docker.io/dmcgowan/myapp@sha256:dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9c",
        Ok("docker.io/dmcgowan/myapp@sha256:dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9c"),
    ),
    (
        "docker.io/dmcgowan/myapp@sha256:dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9c",
        "docker.io/dmcgowan/myapp@sha256:dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9c",
        Ok("docker.io/dmcgowan/myapp@sha256:dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9c"),
    ),
    (
        "dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9c",
        "sha256:dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9c",
        Err(Kind::Identifier),
    ),
    (
        "sha256:dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9c",
        "sha256:dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9c",
        Ok("docker.io/library/sha256:dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9c"),
    ),
    (
        "dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9",
        "docker.io/library/dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9",
        Ok("docker.io/library/dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9"),
    ),
    ("dbcc1", "docker.io/library/dbcc1", Ok("docker.io/library/dbcc1")),
];

#[test]
fn parse_any_reference_table() {
    assert_eq!(PARSE_ANY_REFERENCE.len(), 14);
    for &(input, equivalent, want) in PARSE_ANY_REFERENCE {
        match want {
            Ok(string) => {
                let r = ok(input);
                assert_eq!(go_string(&r), string, "{input:?}");
                if !equivalent.starts_with("sha256:") {
                    assert_eq!(string, equivalent, "{input:?}");
                }
            }
            Err(want) => assert_eq!(kind(input), Some(want), "{input:?}"),
        }
    }
    assert_eq!(
        ok(&format!("redis@{SHA256_DBCC}")).digest(),
        Some(SHA256_DBCC)
    );
}

// normalize_test.go, TestNormalizedSplitHostname: (input, domain, path).
const NORMALIZED_SPLIT_HOSTNAME: &[(&str, &str, &str)] = &[
    ("test.com/foo", "test.com", "foo"),
    ("test_com/foo", "docker.io", "test_com/foo"),
    ("docker/migrator", "docker.io", "docker/migrator"),
    ("test.com:8080/foo", "test.com:8080", "foo"),
    ("test-com:8080/foo", "test-com:8080", "foo"),
    ("foo", "docker.io", "library/foo"),
    ("xn--n3h.com/foo", "xn--n3h.com", "foo"),
    ("xn--n3h.com:18080/foo", "xn--n3h.com:18080", "foo"),
    ("docker.io/foo", "docker.io", "library/foo"),
    ("docker.io/library/foo", "docker.io", "library/foo"),
    ("docker.io/library/foo/bar", "docker.io", "library/foo/bar"),
];

#[test]
fn normalized_split_hostname_table() {
    assert_eq!(NORMALIZED_SPLIT_HOSTNAME.len(), 11);
    for &(input, domain, path) in NORMALIZED_SPLIT_HOSTNAME {
        let r = ok(input);
        assert_eq!((r.domain(), r.path()), (domain, path), "{input:?}");
    }
}

// normalize_test.go, TestParseDockerRef: (name, input, expected). ParseDockerRef drops the
// tag beside a digest, which is what `identity(false)` does; `normalized()` keeps that tag
// (it prints the reference as written, fully qualified), so only the last row differs.
const PARSE_DOCKER_REF: &[(&str, &str, &str)] = &[
    ("nothing", "busybox", "docker.io/library/busybox:latest"),
    ("tag only", "busybox:latest", "docker.io/library/busybox:latest"),
    (
        "digest only",
        "busybox@sha256:e6693c20186f837fc393390135d8a598a96a833917917789d63766cab6c59582",
        "docker.io/library/busybox@sha256:e6693c20186f837fc393390135d8a598a96a833917917789d63766cab6c59582",
    ),
    ("path only", "library/busybox", "docker.io/library/busybox:latest"),
    ("hostname only", "docker.io/busybox", "docker.io/library/busybox:latest"),
    ("no tag", "docker.io/library/busybox", "docker.io/library/busybox:latest"),
    ("no path", "docker.io/busybox:latest", "docker.io/library/busybox:latest"),
    ("no hostname", "library/busybox:latest", "docker.io/library/busybox:latest"),
    ("full reference with tag", "docker.io/library/busybox:latest", "docker.io/library/busybox:latest"),
    ("gcr reference without tag", "gcr.io/library/busybox", "gcr.io/library/busybox:latest"),
    (
        "both tag and digest",
        "gcr.io/library/busybox:latest@sha256:e6693c20186f837fc393390135d8a598a96a833917917789d63766cab6c59582",
        "gcr.io/library/busybox@sha256:e6693c20186f837fc393390135d8a598a96a833917917789d63766cab6c59582",
    ),
];

#[test]
fn parse_docker_ref_table() {
    assert_eq!(PARSE_DOCKER_REF.len(), 11);
    for &(name, input, expected) in PARSE_DOCKER_REF {
        let r = ok(input);
        assert_eq!(r.identity(false), expected, "{name}");
        if r.tag().is_some() && r.digest().is_some() {
            assert_eq!(r.normalized(), input, "{name}");
        } else {
            assert_eq!(r.normalized(), expected, "{name}");
        }
        // The output must itself be a valid reference.
        assert_eq!(ok(expected).identity(false), expected, "{name}");
    }
}

// (normalize_test.go TestMatch and TestMatchError test FamiliarMatch, a path.Match glob over
// familiar names; there is no such function here.)

// ---------------------------------------------------------------------------------------
// Ported from distribution/reference regexp_test.go: the grammar pieces on their own.
// ---------------------------------------------------------------------------------------

// regexp_test.go, TestDomainRegexp: (input, matches `^domainAndPort$`).
const DOMAIN_REGEXP: &[(&str, bool)] = &[
    ("test.com", true),
    ("test.com:10304", true),
    ("test.com:http", false),
    ("localhost", true),
    ("localhost:8080", true),
    ("a", true),
    ("a.b", true),
    ("ab.cd.com", true),
    ("a-b.com", true),
    ("-ab.com", false),
    ("ab-.com", false),
    ("ab.c-om", true),
    ("ab.-com", false),
    ("ab.com-", false),
    ("0101.com", true),
    ("001a.com", true),
    ("b.gbc.io:443", true),
    ("b.gbc.io", true),
    ("xn--n3h.com", true),
    ("Asdf.com", true),
    ("192.168.1.1:75050", true),
    ("192.168.1.1:750050", true),
    ("[fd00:1:2::3]:75050", true),
    ("[fd00:1:2::3]75050", false),
    ("[fd00:1:2::3]::75050", false),
    ("[fd00:1:2::3%eth0]:75050", false),
    ("[fd00123123123]:75050", true),
    ("[2001:0db8:85a3:0000:0000:8a2e:0370:7334]:75050", true),
    ("[2001:0db8:85a3:0000:0000:8a2e:0370:7334]:750505", true),
    ("fd00:1:2::3:75050", false),
];

#[test]
fn domain_regexp_table() {
    for &(input, want) in DOMAIN_REGEXP {
        assert_eq!(is_domain(input), want, "{input:?}");
    }
}

// regexp_test.go, TestFullNameRegexp: (input, `anchoredNameRegexp` sub-matches or no match).
const FULL_NAME_REGEXP: &[(&str, Option<(&str, &str)>)] = &[
    ("", None),
    ("short", Some(("", "short"))),
    ("simple/name", Some(("simple", "name"))),
    ("library/ubuntu", Some(("library", "ubuntu"))),
    ("docker/stevvooe/app", Some(("docker", "stevvooe/app"))),
    (
        "aa/aa/aa/aa/aa/aa/aa/aa/aa/bb/bb/bb/bb/bb/bb",
        Some(("aa", "aa/aa/aa/aa/aa/aa/aa/aa/bb/bb/bb/bb/bb/bb")),
    ),
    ("aa/aa/bb/bb/bb", Some(("aa", "aa/bb/bb/bb"))),
    ("a/a/a/a", Some(("a", "a/a/a"))),
    ("a/a/a/a/", None),
    ("a//a/a", None),
    ("a", Some(("", "a"))),
    ("a/aa", Some(("a", "aa"))),
    ("a/aa/a", Some(("a", "aa/a"))),
    ("foo.com", Some(("", "foo.com"))),
    ("foo.com/", None),
    ("foo.com:8080/bar", Some(("foo.com:8080", "bar"))),
    ("foo.com:http/bar", None),
    ("foo.com/bar", Some(("foo.com", "bar"))),
    ("foo.com/bar/baz", Some(("foo.com", "bar/baz"))),
    ("localhost:8080/bar", Some(("localhost:8080", "bar"))),
    (
        "sub-dom1.foo.com/bar/baz/quux",
        Some(("sub-dom1.foo.com", "bar/baz/quux")),
    ),
    ("blog.foo.com/bar/baz", Some(("blog.foo.com", "bar/baz"))),
    ("a^a", None),
    ("aa/asdf$$^/aa", None),
    ("asdf$$^/aa", None),
    ("aa-a/a", Some(("aa-a", "a"))),
    (A_SLASH128_A, Some(("a", A_SLASH127_A))),
    ("a-/a/a/a", None),
    ("foo.com/a-/a/a", None),
    ("-foo/bar", None),
    ("foo/bar-", None),
    ("foo-/bar", None),
    ("foo/-bar", None),
    ("_foo/bar", None),
    ("foo_bar", Some(("", "foo_bar"))),
    ("foo_bar.com", Some(("", "foo_bar.com"))),
    ("foo_bar.com:8080", None),
    ("foo_bar.com:8080/app", None),
    ("foo.com/foo_bar", Some(("foo.com", "foo_bar"))),
    ("____/____", None),
    ("_docker/_docker", None),
    ("docker_/docker_", None),
    (
        "b.gcr.io/test.example.com/my-app",
        Some(("b.gcr.io", "test.example.com/my-app")),
    ),
    ("xn--n3h.com/myimage", Some(("xn--n3h.com", "myimage"))),
    ("xn--7o8h.com/myimage", Some(("xn--7o8h.com", "myimage"))),
    (
        "example.com/xn--7o8h.com/myimage",
        Some(("example.com", "xn--7o8h.com/myimage")),
    ),
    (
        "example.com/some_separator__underscore/myimage",
        Some(("example.com", "some_separator__underscore/myimage")),
    ),
    ("example.com/__underscore/myimage", None),
    ("example.com/..dots/myimage", None),
    ("example.com/.dots/myimage", None),
    ("example.com/nodouble..dots/myimage", None),
    ("example.com/nodouble..dots/myimage", None),
    ("docker./docker", None),
    (".docker/docker", None),
    ("docker-/docker", None),
    ("-docker/docker", None),
    ("do..cker/docker", None),
    ("do__cker:8080/docker", None),
    ("do__cker/docker", Some(("", "do__cker/docker"))),
    (
        "b.gcr.io/test.example.com/my-app",
        Some(("b.gcr.io", "test.example.com/my-app")),
    ),
    (
        "registry.io/foo/project--id.module--name.ver---sion--name",
        Some((
            "registry.io",
            "foo/project--id.module--name.ver---sion--name",
        )),
    ),
    ("Asdf.com/foo/bar", Some(("Asdf.com", "foo/bar"))),
    ("Foo/FarB", None),
];

#[test]
fn full_name_regexp_table() {
    assert_eq!(FULL_NAME_REGEXP.len(), 63);
    for &(input, want) in FULL_NAME_REGEXP {
        assert_eq!(split_domain(input), want, "{input:?}");
    }
}

/// `ReferenceRegexp`'s sub-matches: name, tag and digest ("" when absent).
type Submatches = Option<(&'static str, &'static str, &'static str)>;

// regexp_test.go, TestReferenceRegexp: (input, `ReferenceRegexp` sub-matches
// (name, tag, digest) or no match).
const REFERENCE_REGEXP: &[(&str, Submatches)] = &[
    ("registry.com:8080/myapp:tag", Some(("registry.com:8080/myapp", "tag", ""))),
    (
        "registry.com:8080/myapp@sha256:be178c0543eb17f5f3043021c9e5fcf30285e557a4fc309cce97ff9ca6182912",
        Some((
            "registry.com:8080/myapp",
            "",
            "sha256:be178c0543eb17f5f3043021c9e5fcf30285e557a4fc309cce97ff9ca6182912",
        )),
    ),
    (
        "registry.com:8080/myapp:tag2@sha256:be178c0543eb17f5f3043021c9e5fcf30285e557a4fc309cce97ff9ca6182912",
        Some((
            "registry.com:8080/myapp",
            "tag2",
            "sha256:be178c0543eb17f5f3043021c9e5fcf30285e557a4fc309cce97ff9ca6182912",
        )),
    ),
    ("registry.com:8080/myapp@sha256:badbadbadbad", None),
    ("registry.com:8080/myapp:invalid~tag", None),
    ("bad_hostname.com:8080/myapp:tag", None),
    // localhost treated as name, missing tag with 8080 as tag
    (
        "localhost:8080@sha256:be178c0543eb17f5f3043021c9e5fcf30285e557a4fc309cce97ff9ca6182912",
        Some((
            "localhost",
            "8080",
            "sha256:be178c0543eb17f5f3043021c9e5fcf30285e557a4fc309cce97ff9ca6182912",
        )),
    ),
    (
        "localhost:8080/name@sha256:be178c0543eb17f5f3043021c9e5fcf30285e557a4fc309cce97ff9ca6182912",
        Some((
            "localhost:8080/name",
            "",
            "sha256:be178c0543eb17f5f3043021c9e5fcf30285e557a4fc309cce97ff9ca6182912",
        )),
    ),
    (
        "localhost:http/name@sha256:be178c0543eb17f5f3043021c9e5fcf30285e557a4fc309cce97ff9ca6182912",
        None,
    ),
    // localhost will be treated as an image name without a host
    (
        "localhost@sha256:be178c0543eb17f5f3043021c9e5fcf30285e557a4fc309cce97ff9ca6182912",
        Some((
            "localhost",
            "",
            "sha256:be178c0543eb17f5f3043021c9e5fcf30285e557a4fc309cce97ff9ca6182912",
        )),
    ),
    ("registry.com:8080/myapp@bad", None),
    ("registry.com:8080/myapp@2bad", None),
];

#[test]
fn reference_regexp_table() {
    assert_eq!(REFERENCE_REGEXP.len(), 12);
    for &(input, want) in REFERENCE_REGEXP {
        let parts = Parts::split(input);
        let got = parts.matches().then(|| {
            (
                parts.name,
                parts.tag.unwrap_or(""),
                parts.digest.unwrap_or(""),
            )
        });
        assert_eq!(got, want, "{input:?}");
    }
}

// regexp_test.go, TestIdentifierRegexp.
const IDENTIFIER_REGEXP: &[(&str, bool)] = &[
    (
        "da304e823d8ca2b9d863a3c897baeb852ba21ea9a9f1414736394ae7fcaf9821",
        true,
    ),
    (
        "7EC43B381E5AEFE6E04EFB0B3F0693FF2A4A50652D64AEC573905F2DB5889A1C",
        false,
    ),
    (
        "da304e823d8ca2b9d863a3c897baeb852ba21ea9a9f1414736394ae7fcaf",
        false,
    ),
    (
        "sha256:da304e823d8ca2b9d863a3c897baeb852ba21ea9a9f1414736394ae7fcaf9821",
        false,
    ),
    (
        "da304e823d8ca2b9d863a3c897baeb852ba21ea9a9f1414736394ae7fcaf98218482",
        false,
    ),
];

#[test]
fn identifier_regexp_table() {
    for &(input, want) in IDENTIFIER_REGEXP {
        assert_eq!(is_identifier(input), want, "{input:?}");
    }
}

// ---------------------------------------------------------------------------------------
// Digests (go-digest v1.0.0 Digest.Validate, as Parse calls it).
// ---------------------------------------------------------------------------------------

const DIGESTS: &[(&str, Result<(), Kind>)] = &[
    ("sha256:e6693c20186f837fc393390135d8a598a96a833917917789d63766cab6c59582", Ok(())),
    (
        "sha384:ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
        Ok(()),
    ),
    (SHA512_F, Ok(())),
    // Registered algorithms: exact length first, then lower-case hex.
    ("sha256:ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff", Err(Kind::DigestInvalidLength)),
    ("sha256:fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff0", Err(Kind::DigestInvalidLength)),
    ("sha512:ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff", Err(Kind::DigestInvalidLength)),
    ("sha256:E6693C20186F837FC393390135D8A598A96A833917917789D63766CAB6C59582", Err(Kind::DigestInvalidFormat)),
    // Unknown algorithms: go-digest's own regexp wants a lower-case algorithm.
    ("md5:d41d8cd98f00b204e9800998ecf8427e", Err(Kind::DigestUnsupported)),
    ("sha256+b64:ffffffffffffffffffffffffffffffff", Err(Kind::DigestUnsupported)),
    ("SHA256:e6693c20186f837fc393390135d8a598a96a833917917789d63766cab6c59582", Err(Kind::DigestInvalidFormat)),
    ("Md5:d41d8cd98f00b204e9800998ecf8427e", Err(Kind::DigestInvalidFormat)),
    // Not even the shape.
    (":ffff", Err(Kind::DigestInvalidFormat)),
    ("sha256:", Err(Kind::DigestInvalidFormat)),
    ("sha256", Err(Kind::DigestInvalidFormat)),
];

#[test]
fn digest_validation_table() {
    for &(digest, want) in DIGESTS {
        assert_eq!(
            validate_digest(digest).map_err(|f| f.kind),
            want,
            "{digest:?}"
        );
    }
}

#[test]
fn digests_in_references() {
    let sha384 = "sha384:ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff";
    assert_eq!(ok(&format!("nginx@{sha384}")).digest(), Some(sha384));
    assert_eq!(ok(&format!("nginx@{SHA512_F}")).digest(), Some(SHA512_F));
    // Shorter than the grammar's 32 hex digits: a format error before go-digest runs.
    assert_eq!(kind("nginx@sha256:abc"), Some(Kind::InvalidFormat));
    assert_eq!(
        kind("nginx@sha256:ffffffffffffffffffffffffffffffffff"),
        Some(Kind::DigestInvalidLength)
    );
    assert_eq!(
        kind("nginx@md5:d41d8cd98f00b204e9800998ecf8427e"),
        Some(Kind::DigestUnsupported)
    );
    let upper_hex = "nginx@sha256:E6693C20186F837FC393390135D8A598A96A833917917789D63766CAB6C59582";
    assert_eq!(kind(upper_hex), Some(Kind::DigestInvalidFormat));
    // Without a tag, Go's lower-case check on "library/nginx@SHA256" fires first; with a
    // tag it does not, and go-digest refuses the upper-case algorithm.
    let hex = "e6693c20186f837fc393390135d8a598a96a833917917789d63766cab6c59582";
    assert_eq!(
        kind(&format!("nginx@SHA256:{hex}")),
        Some(Kind::RemoteUppercase)
    );
    assert_eq!(
        kind(&format!("nginx:1@SHA256:{hex}")),
        Some(Kind::DigestInvalidFormat)
    );
    assert_eq!(
        kind(&format!("nginx@sha256:{hex}@sha256:{hex}")),
        Some(Kind::InvalidFormat)
    );
}

// ---------------------------------------------------------------------------------------
// The API beyond Go: normalized, identity, is_latest.
// ---------------------------------------------------------------------------------------

const NORMALIZED: &[(&str, &str)] = &[
    ("nginx", "docker.io/library/nginx:latest"),
    ("nginx:1.25", "docker.io/library/nginx:1.25"),
    ("library/nginx", "docker.io/library/nginx:latest"),
    ("index.docker.io/nginx", "docker.io/library/nginx:latest"),
    ("index.docker.io/bitnami/redis:7", "docker.io/bitnami/redis:7"),
    ("localhost/foo", "localhost/foo:latest"),
    ("localhost:5000/foo:dev", "localhost:5000/foo:dev"),
    (
        "host.example/a/b:1@sha256:e6693c20186f837fc393390135d8a598a96a833917917789d63766cab6c59582",
        "host.example/a/b:1@sha256:e6693c20186f837fc393390135d8a598a96a833917917789d63766cab6c59582",
    ),
    (
        "x@sha256:e6693c20186f837fc393390135d8a598a96a833917917789d63766cab6c59582",
        "docker.io/library/x@sha256:e6693c20186f837fc393390135d8a598a96a833917917789d63766cab6c59582",
    ),
    ("registry.cn-hangzhou.aliyuncs.com/ns/app", "registry.cn-hangzhou.aliyuncs.com/ns/app:latest"),
    ("Foo/bar", "Foo/bar:latest"),
    // Go leaves the domain empty when the host candidate is only a valid path component.
    ("foo_bar.com/baz", "foo_bar.com/baz:latest"),
];

#[test]
fn normalized_table() {
    for &(input, want) in NORMALIZED {
        let r = ok(input);
        assert_eq!(r.normalized(), want, "{input:?}");
        // Normalising is idempotent.
        assert_eq!(ok(want).normalized(), want, "{want:?}");
    }
    // Without a '.', a ':' or a capital letter the first component is not a host.
    let not_a_host = ok("host/a/b");
    assert_eq!(
        (not_a_host.domain(), not_a_host.path()),
        ("docker.io", "host/a/b")
    );
    let odd = ok("foo_bar.com/baz");
    assert_eq!(
        (odd.domain(), odd.path(), odd.name().as_str()),
        ("", "foo_bar.com/baz", "foo_bar.com/baz")
    );
}

#[test]
fn same_image_agrees_with_identity() {
    let refs = [
        "nginx",
        "nginx:latest",
        "docker.io/library/nginx",
        "index.docker.io/library/nginx:latest",
        "nginx:1.25",
        "nginx:1.25@sha256:0000000000000000000000000000000000000000000000000000000000000001",
        "nginx@sha256:0000000000000000000000000000000000000000000000000000000000000001",
        "nginx@sha256:0000000000000000000000000000000000000000000000000000000000000002",
        "registry.cn-hangzhou.aliyuncs.com/acme/api:2",
        "registry-vpc.cn-hangzhou.aliyuncs.com/acme/api:2",
        "REGISTRY-VPC.cn-hangzhou.aliyuncs.com/acme/api:2",
        "acme-registry-vpc.cn-hangzhou.cr.aliyuncs.com/acme/api:2",
        "acme-registry.cn-hangzhou.cr.aliyuncs.com/acme/api:2",
        "registry-vpc.cn-hangzhou.aliyuncs.com:5000/acme/api:2",
        "registry.cn-hangzhou.aliyuncs.com:5000/acme/api:2",
        "foo_bar.com/baz",
        "localhost/baz",
    ];
    let parsed: Vec<ImageRef> = refs.iter().map(|r| parse(r).unwrap()).collect();
    for acr in [false, true] {
        for a in &parsed {
            for b in &parsed {
                assert_eq!(
                    a.same_image(b, acr),
                    a.identity(acr) == b.identity(acr),
                    "{a:?} vs {b:?} (acr {acr})"
                );
            }
        }
    }
}

#[test]
fn identity_ignores_the_tag_beside_a_digest() {
    let with_tag = ok(&format!("nginx:1.25@{SHA256_E669}"));
    let other_tag = ok(&format!("docker.io/library/nginx:other@{SHA256_E669}"));
    let digest_only = ok(&format!("index.docker.io/library/nginx@{SHA256_E669}"));
    let want = format!("docker.io/library/nginx@{SHA256_E669}");
    for r in [&with_tag, &other_tag, &digest_only] {
        assert_eq!(r.identity(false), want);
        assert_eq!(r.identity(true), want);
    }
    // ...but the reference itself still differs, and keeps its tag.
    assert_ne!(with_tag, digest_only);
    assert_eq!(with_tag.tag(), Some("1.25"));
}

#[test]
fn identity_of_tags() {
    let latest = [
        "nginx",
        "nginx:latest",
        "docker.io/library/nginx:latest",
        "index.docker.io/library/nginx",
    ];
    for input in latest {
        assert_eq!(
            ok(input).identity(false),
            "docker.io/library/nginx:latest",
            "{input:?}"
        );
    }
    // Tag-only and digest-only references differ, even when they name the same image.
    let tagged = ok("nginx:1.25");
    let digested = ok(&format!("nginx@{SHA256_E669}"));
    assert_eq!(tagged.identity(false), "docker.io/library/nginx:1.25");
    assert_ne!(tagged.identity(false), digested.identity(false));
    // Tags are case-sensitive.
    assert_ne!(
        ok("nginx:V1").identity(false),
        ok("nginx:v1").identity(false)
    );
    // Other registries are not Docker Hub.
    assert_ne!(
        ok("nginx").identity(false),
        ok("quay.io/nginx").identity(false)
    );
}

// (input, identity without the setting, identity with it)
const ACR_IDENTITY: &[(&str, &str, &str)] = &[
    (
        "registry-vpc.cn-hangzhou.aliyuncs.com/ns/app:1",
        "registry-vpc.cn-hangzhou.aliyuncs.com/ns/app:1",
        "registry.cn-hangzhou.aliyuncs.com/ns/app:1",
    ),
    (
        "registry-vpc.cn-hangzhou.aliyuncs.com:443/ns/app",
        "registry-vpc.cn-hangzhou.aliyuncs.com:443/ns/app:latest",
        "registry.cn-hangzhou.aliyuncs.com:443/ns/app:latest",
    ),
    (
        "myinst-registry-vpc.cn-shanghai.cr.aliyuncs.com/ns/app@sha256:e6693c20186f837fc393390135d8a598a96a833917917789d63766cab6c59582",
        "myinst-registry-vpc.cn-shanghai.cr.aliyuncs.com/ns/app@sha256:e6693c20186f837fc393390135d8a598a96a833917917789d63766cab6c59582",
        "myinst-registry.cn-shanghai.cr.aliyuncs.com/ns/app@sha256:e6693c20186f837fc393390135d8a598a96a833917917789d63766cab6c59582",
    ),
    (
        "my-inst-1-registry-vpc.ap-southeast-1.cr.aliyuncs.com:5000/ns/app:v2",
        "my-inst-1-registry-vpc.ap-southeast-1.cr.aliyuncs.com:5000/ns/app:v2",
        "my-inst-1-registry.ap-southeast-1.cr.aliyuncs.com:5000/ns/app:v2",
    ),
    // Host names are written in any case; the mapping keeps the case it found.
    (
        "Registry-VPC.cn-beijing.aliyuncs.com/ns/app:1",
        "Registry-VPC.cn-beijing.aliyuncs.com/ns/app:1",
        "Registry.cn-beijing.aliyuncs.com/ns/app:1",
    ),
    // Public endpoints and look-alikes stay as they are.
    (
        "registry.cn-hangzhou.aliyuncs.com/ns/app:1",
        "registry.cn-hangzhou.aliyuncs.com/ns/app:1",
        "registry.cn-hangzhou.aliyuncs.com/ns/app:1",
    ),
    (
        "myinst-registry.cn-shanghai.cr.aliyuncs.com/ns/app:1",
        "myinst-registry.cn-shanghai.cr.aliyuncs.com/ns/app:1",
        "myinst-registry.cn-shanghai.cr.aliyuncs.com/ns/app:1",
    ),
    ("registry-vpc.aliyuncs.com/ns/app:1", "registry-vpc.aliyuncs.com/ns/app:1", "registry-vpc.aliyuncs.com/ns/app:1"),
    (
        "registry-vpc.cn-hangzhou.cr.aliyuncs.com/ns/app:1",
        "registry-vpc.cn-hangzhou.cr.aliyuncs.com/ns/app:1",
        "registry-vpc.cn-hangzhou.cr.aliyuncs.com/ns/app:1",
    ),
    (
        "registry-vpc.cn-hangzhou.aliyuncs.com.evil.example/ns/app:1",
        "registry-vpc.cn-hangzhou.aliyuncs.com.evil.example/ns/app:1",
        "registry-vpc.cn-hangzhou.aliyuncs.com.evil.example/ns/app:1",
    ),
    (
        "registry-vpc.cn-hangzhou.example.com/ns/app:1",
        "registry-vpc.cn-hangzhou.example.com/ns/app:1",
        "registry-vpc.cn-hangzhou.example.com/ns/app:1",
    ),
    (
        "inst-registry-vpc-x.cn-hangzhou.cr.aliyuncs.com/ns/app:1",
        "inst-registry-vpc-x.cn-hangzhou.cr.aliyuncs.com/ns/app:1",
        "inst-registry-vpc-x.cn-hangzhou.cr.aliyuncs.com/ns/app:1",
    ),
    ("[::1]:5000/ns/app:1", "[::1]:5000/ns/app:1", "[::1]:5000/ns/app:1"),
    ("nginx", "docker.io/library/nginx:latest", "docker.io/library/nginx:latest"),
];

#[test]
fn identity_maps_acr_vpc_endpoints_only_when_asked() {
    for &(input, without, with) in ACR_IDENTITY {
        let r = ok(input);
        assert_eq!(r.identity(false), without, "{input:?} without the setting");
        assert_eq!(r.identity(true), with, "{input:?} with the setting");
    }
    let vpc = ok("registry-vpc.cn-hangzhou.aliyuncs.com/ns/app:1");
    let public = ok("registry.cn-hangzhou.aliyuncs.com/ns/app:1");
    assert_ne!(vpc.identity(false), public.identity(false));
    assert_eq!(vpc.identity(true), public.identity(true));
    // The reference itself is untouched.
    assert_eq!(vpc.domain(), "registry-vpc.cn-hangzhou.aliyuncs.com");
    assert_eq!(
        vpc.normalized(),
        "registry-vpc.cn-hangzhou.aliyuncs.com/ns/app:1"
    );
}

const IS_LATEST: &[(&str, bool)] = &[
    ("nginx", true),
    ("nginx:latest", true),
    ("docker.io/library/nginx:latest", true),
    ("quay.io/org/app", true),
    ("nginx:1.25", false),
    ("nginx:LATEST", false),
    ("nginx:latest-alpine", false),
    (
        "nginx@sha256:e6693c20186f837fc393390135d8a598a96a833917917789d63766cab6c59582",
        false,
    ),
    (
        "nginx:latest@sha256:e6693c20186f837fc393390135d8a598a96a833917917789d63766cab6c59582",
        false,
    ),
];

#[test]
fn is_latest_table() {
    for &(input, want) in IS_LATEST {
        assert_eq!(ok(input).is_latest(), want, "{input:?}");
    }
}

#[test]
fn accessors() {
    let r = ok(&format!("Example.com:8443/team/app:v1@{SHA256_E669}"));
    assert_eq!(r.domain(), "Example.com:8443");
    assert_eq!(r.path(), "team/app");
    assert_eq!(r.tag(), Some("v1"));
    assert_eq!(r.digest(), Some(SHA256_E669));
    assert_eq!(r.name(), "Example.com:8443/team/app");
    let bare = ok("alpine");
    assert_eq!((bare.tag(), bare.digest()), (None, None));
    assert_eq!(bare.name(), "docker.io/library/alpine");
}

// ---------------------------------------------------------------------------------------
// IPv6 hosts
// ---------------------------------------------------------------------------------------

// (input, domain, path, tag)
const IPV6_VALID: &[(&str, &str, &str, Option<&str>)] = &[
    (
        "[fe80::1]:5000/foo:bar",
        "[fe80::1]:5000",
        "foo",
        Some("bar"),
    ),
    ("[fe80::1]:5000/foo", "[fe80::1]:5000", "foo", None),
    ("[fe80::1]/foo:bar", "[fe80::1]", "foo", Some("bar")),
    ("[FE80::1]:5000/foo", "[FE80::1]:5000", "foo", None),
    ("[::]/foo", "[::]", "foo", None),
    ("[::1]:5000/a/b/c:1.0", "[::1]:5000", "a/b/c", Some("1.0")),
    (
        "[2001:db8:85a3:0:0:8a2e:370:7334]:443/x",
        "[2001:db8:85a3:0:0:8a2e:370:7334]:443",
        "x",
        None,
    ),
];

const IPV6_INVALID: &[&str] = &[
    "[fe80::1]",
    "[fe80::1]:5000",
    "[fe80::1]:5000:bar",
    "[fe80::1%eth0]:5000/foo",
    "[fe80::1]:/foo",
    "[fe80::1]x/foo",
    "[fe80::1]:50a/foo",
    "[]:5000/foo",
    "[fe80::1/foo",
    "fe80::1]/foo",
    "[::ffff:192.0.2.1]/foo",
    "[fe80::g]/foo",
    "[[fe80::1]]/foo",
];

#[test]
fn ipv6_hosts() {
    for &(input, domain, path, tag) in IPV6_VALID {
        let r = ok(input);
        assert_eq!(
            (r.domain(), r.path(), r.tag()),
            (domain, path, tag),
            "{input:?}"
        );
    }
    assert_eq!(
        ok("[fe80::1]:5000/foo:bar").normalized(),
        "[fe80::1]:5000/foo:bar"
    );
    assert_eq!(
        ok("[fe80::1]:5000/foo").normalized(),
        "[fe80::1]:5000/foo:latest"
    );
    for &input in IPV6_INVALID {
        assert_eq!(kind(input), Some(Kind::InvalidFormat), "{input:?}");
    }
    assert!(message("[fe80::1]:5000")
        .contains("\"[fe80::1]:5000\" is a registry host without a repository path"));
    assert!(message("[fe80::1%eth0]:5000/foo").contains("registry host \"[fe80::1%eth0]:5000\""));
}

// ---------------------------------------------------------------------------------------
// The 255-character limit on the path, after normalisation.
// ---------------------------------------------------------------------------------------

#[test]
fn path_length_limit_at_and_past_the_edge() {
    // A bare name gets "library/" (8 characters): 247 fit, 248 do not.
    let fits = "a".repeat(247);
    assert_eq!(ok(&fits).path().len(), 255);
    assert_eq!(kind(&"a".repeat(248)), Some(Kind::NameTooLong));
    // Written out on docker.io, the same limit.
    assert_eq!(
        ok(&format!("docker.io/library/{fits}:tag")).path().len(),
        255
    );
    assert_eq!(
        kind(&format!("docker.io/library/{}a", fits)),
        Some(Kind::NameTooLong)
    );
    // On another registry the host does not count.
    assert_eq!(ok(&format!("example.com/{A255}")).path(), A255);
    assert_eq!(
        ok(&format!("example.com:5000/{A255}@{SHA256_E669}"))
            .path()
            .len(),
        255
    );
    assert_eq!(
        kind(&format!("example.com/{A256}")),
        Some(Kind::NameTooLong)
    );
    // A path of many components, normalised onto docker.io: Go's Parse accepts
    // "a/"*128+"a" (it takes the first "a" for a host), ParseNormalizedNamed does not.
    assert_eq!(ok(A_SLASH127_A).path().len(), 255);
    assert!(parse_plain(A_SLASH128_A, A_SLASH128_A).is_ok());
    assert_eq!(kind(A_SLASH128_A), Some(Kind::NameTooLong));
    // The tag and digest do not count.
    let long_tag = "t".repeat(128);
    assert_eq!(
        ok(&format!("{fits}:{long_tag}@{SHA512_F}")).tag(),
        Some(long_tag.as_str())
    );
    let too_long = message(&"a".repeat(300));
    assert!(
        too_long.contains("must not be more than 255 characters, it has 308"),
        "{too_long}"
    );
    assert!(
        too_long.starts_with("repository name \"library/aaa"),
        "{too_long}"
    );
    assert!(
        too_long.len() < 200,
        "the message quotes only the start: {too_long}"
    );
}

#[test]
fn tag_length_limit() {
    assert_eq!(
        ok(&format!("nginx:{}", "t".repeat(128)))
            .tag()
            .map(str::len),
        Some(128)
    );
    assert_eq!(
        kind(&format!("nginx:{}", "t".repeat(129))),
        Some(Kind::InvalidFormat)
    );
    for tag in ["_x", "9", "A.b-c_D", "x..--"] {
        assert_eq!(ok(&format!("nginx:{tag}")).tag(), Some(tag));
    }
    for tag in ["", ".x", "-x", "x/y", "x~", "é"] {
        assert!(kind(&format!("nginx:{tag}")).is_some(), "{tag:?}");
    }
}

// ---------------------------------------------------------------------------------------
// Error messages
// ---------------------------------------------------------------------------------------

// (input, start of the message, a part of it)
const MESSAGES: &[(&str, &str, &str)] = &[
    (
        "",
        "invalid reference format",
        "repository name must have at least one component",
    ),
    (
        ":latest",
        "invalid reference format",
        "at least one component",
    ),
    (
        "Nginx",
        "invalid reference format",
        "repository name \"library/Nginx\" must be lowercase",
    ),
    (
        "docker.io/Library/nginx",
        "invalid reference format",
        "\"Library/nginx\" must be lowercase",
    ),
    (
        "Foo_Bar.com/app",
        "invalid reference format",
        "repository name \"Foo_Bar.com/app\" must be lowercase",
    ),
    (
        "nginx@SHA256:e6693c20186f837fc393390135d8a598a96a833917917789d63766cab6c59582",
        "invalid reference format",
        "digest algorithm \"SHA256\" must be lowercase",
    ),
    (
        "nginx:-1",
        "invalid reference format",
        "invalid tag format \"-1\"",
    ),
    (
        "nginx:",
        "invalid reference format",
        "invalid tag format \"\"",
    ),
    (
        "nginx@sha256:abc",
        "invalid reference format",
        "invalid digest format \"sha256:abc\"",
    ),
    (
        "nginx@",
        "invalid reference format",
        "invalid digest format \"\"",
    ),
    (
        "docker///docker",
        "invalid reference format",
        "\"docker///docker\" has an empty path component",
    ),
    ("/nginx", "invalid reference format", "empty path component"),
    (
        "aa/asdf$$^/aa",
        "invalid reference format",
        "path component \"asdf$$^\"",
    ),
    (
        "-docker",
        "invalid reference format",
        "path component \"-docker\"",
    ),
    (
        "dock..er/docker",
        "invalid reference format",
        "registry host \"dock..er\"",
    ),
    (
        "https://github.com/docker/docker",
        "invalid reference format",
        "empty path component",
    ),
    (
        "[2001:db8::1]",
        "invalid reference format",
        "registry host without a repository path",
    ),
    (
        "nginx latest",
        "invalid reference format",
        "path component \"nginx latest\"",
    ),
    (
        "nginx@sha256:ffffffffffffffffffffffffffffffffff",
        "invalid checksum digest length",
        "has 34 hex digits where sha256 needs 64",
    ),
    (
        "nginx@sha256:E6693C20186F837FC393390135D8A598A96A833917917789D63766CAB6C59582",
        "invalid checksum digest format",
        "must be lowercase hexadecimal",
    ),
    (
        "nginx:1@SHA256:e6693c20186f837fc393390135d8a598a96a833917917789d63766cab6c59582",
        "invalid checksum digest format",
        "digest algorithm \"SHA256\" must be lowercase",
    ),
    (
        "nginx@md5:d41d8cd98f00b204e9800998ecf8427e",
        "unsupported digest algorithm",
        "\"md5\"",
    ),
    (
        "1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a",
        "invalid repository name \"1a3f5e7d",
        "cannot specify 64-byte hexadecimal strings",
    ),
    ("a\"b\n", "invalid reference format", "\"a\\\"b\\n\""),
];

#[test]
fn error_messages_name_the_offending_part() {
    for &(input, start, part) in MESSAGES {
        let text = message(input);
        assert!(text.starts_with(start), "{input:?}: {text}");
        assert!(text.contains(part), "{input:?}: {text}");
        assert!(!text.contains('\n'), "{input:?}: one line: {text:?}");
    }
    let error = parse("Nginx").unwrap_err();
    assert_eq!(error.to_string(), error.message);
    let boxed: Box<dyn std::error::Error> = Box::new(error.clone());
    assert_eq!(boxed.to_string(), error.message);
    // Long parts are cut short.
    let long = message(&format!("{}$", "a".repeat(10_000)));
    assert!(long.len() < 250, "{long}");
    assert!(long.contains('…'), "{long}");
}

// ---------------------------------------------------------------------------------------
// Unicode and case: Go lower-cases with unicode.ToLower.
// ---------------------------------------------------------------------------------------

#[test]
fn non_ascii_input() {
    // Capitals outside ASCII still make the name "not lower case".
    assert_eq!(kind("nginÉ"), Some(Kind::RemoteUppercase));
    assert_eq!(kind("ngin\u{212A}"), Some(Kind::RemoteUppercase)); // KELVIN SIGN
    assert_eq!(kind("nginé"), Some(Kind::InvalidFormat));
    assert_eq!(kind("🐳/nginx"), Some(Kind::InvalidFormat));
    // "İ" lower-cases to "i" in Go, so the host "İ.com" reads as an upper-case name.
    assert_eq!(kind("\u{130}.com/app"), Some(Kind::NameContainsUppercase));
    // KELVIN SIGN in a tag: Go reports the name; the message names the tag.
    assert_eq!(kind("nginx:\u{212A}"), Some(Kind::NameContainsUppercase));
    assert!(message("nginx:\u{212A}").contains("invalid tag format"));
    // Host names may be upper case; the grammar is ASCII.
    assert_eq!(ok("EXAMPLE.COM/app").domain(), "EXAMPLE.COM");
    assert_eq!(kind("exämple.com/app"), Some(Kind::InvalidFormat));
}

// ---------------------------------------------------------------------------------------
// No input makes it panic, and whatever parses is consistent.
// ---------------------------------------------------------------------------------------

const FRAGMENTS: &[&str] = &[
    "a",
    "z9",
    "A",
    "Z",
    "/",
    "//",
    ":",
    "::",
    "@",
    ".",
    "..",
    "-",
    "--",
    "_",
    "__",
    "___",
    "[",
    "]",
    "[::1]",
    "::1",
    "%",
    "$",
    "^",
    "~",
    "+",
    "=",
    " ",
    "\t",
    "\n",
    "\0",
    "\u{7f}",
    "localhost",
    "docker.io",
    "index.docker.io",
    "library",
    "sha256",
    "sha512",
    "md5",
    "SHA256",
    "5000",
    "65536",
    "latest",
    "é",
    "É",
    "\u{212A}",
    "\u{130}",
    "Σ",
    "ß",
    "🐳",
    "日本",
    "\u{200B}",
    "\u{FEFF}",
    "\u{10FFFF}",
    "ffffffffffffffffffffffffffffffff",
    "e6693c20186f837fc393390135d8a598a96a833917917789d63766cab6c59582",
    "registry-vpc.cn-hangzhou.aliyuncs.com",
    "x-registry-vpc.cn-hangzhou.cr.aliyuncs.com",
];

fn odd_inputs() -> Vec<String> {
    let mut inputs: Vec<String> = FRAGMENTS.iter().map(|s| s.to_string()).collect();
    // Deterministic pseudo-random concatenations of fragments.
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = || {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (state >> 33) as usize
    };
    for _ in 0..600 {
        let count = next() % 12;
        let mut s = String::new();
        for _ in 0..count {
            s.push_str(FRAGMENTS[next() % FRAGMENTS.len()]);
        }
        inputs.push(s);
    }
    // Only punctuation.
    for punctuation in [
        "", ":", "@", "/", ":@/", "@:", "/:", "...", "---", "___", "[]", "[:]", "@@", "::/::",
    ] {
        inputs.push(punctuation.to_owned());
    }
    let printable: String = (0x20u8..0x7f).map(char::from).collect();
    inputs.push(printable.clone());
    inputs.push(printable.chars().rev().collect());
    // Very long.
    inputs.push("a".repeat(100_000));
    inputs.push("/".repeat(100_000));
    inputs.push(":".repeat(100_000));
    inputs.push("@".repeat(100_000));
    inputs.push("[".repeat(100_000));
    inputs.push("a/".repeat(50_000));
    inputs.push(format!("{}:tag", "a.".repeat(50_000)));
    inputs.push(format!("example.com/app:{}", "t".repeat(100_000)));
    inputs.push(format!("example.com/app@sha256:{}", "f".repeat(100_000)));
    inputs.push(format!(
        "example.com/app@{}:{}",
        "a+".repeat(50_000),
        "f".repeat(64)
    ));
    inputs.push("🐳".repeat(30_000));
    inputs.push(format!("[{}]:5000/app", "1:".repeat(50_000)));
    inputs
}

#[test]
fn no_panic_on_odd_input() {
    let inputs = odd_inputs();
    assert!(inputs.len() > 600);
    let mut accepted = 0;
    for input in &inputs {
        let Ok(r) = parse(input) else { continue };
        accepted += 1;
        // Whatever parses is made of valid parts...
        assert!(r.domain().is_empty() || is_domain(r.domain()), "{input:?}");
        assert!(
            is_remote_name(r.path()) && r.path().len() <= 255,
            "{input:?}"
        );
        assert!(r.tag().is_none_or(is_tag), "{input:?}");
        assert!(
            r.digest().is_none_or(|d| validate_digest(d).is_ok()),
            "{input:?}"
        );
        // ...and its normalised form parses back to itself.
        let normalized = r.normalized();
        let again = ok(&normalized);
        assert_eq!(again.normalized(), normalized, "{input:?}");
        assert_eq!(again.identity(true), r.identity(true), "{input:?}");
        assert_eq!(again.is_latest(), r.is_latest(), "{input:?}");
    }
    assert!(
        accepted > 20,
        "some of the odd inputs are references: {accepted}"
    );
}

/// The one-pass checks against the grammar spelled out part by part, as the regular
/// expressions read (split at the separators, each part checked whole).
mod one_pass {
    use super::*;
    use crate::core::reference::grammar::{is_domain_name, is_path_component};
    use proptest::prelude::*;

    fn component(part: &str) -> bool {
        // `[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*`: runs of [a-z0-9] between separators.
        let alnum = |b: u8| b.is_ascii_lowercase() || b.is_ascii_digit();
        let bytes = part.as_bytes();
        let mut at = 0;
        loop {
            let run = bytes[at..].iter().take_while(|&&b| alnum(b)).count();
            if run == 0 {
                return false;
            }
            at += run;
            let separator = bytes[at..].iter().take_while(|&&b| !alnum(b)).count();
            let sep = &part[at..at + separator];
            at += separator;
            match sep {
                "" => return true,
                "." | "_" | "__" => {}
                _ if sep.bytes().all(|b| b == b'-') => {}
                _ => return false,
            }
        }
    }

    fn domain_name(s: &str) -> bool {
        s.split('.').all(|label| {
            let bytes = label.as_bytes();
            !bytes.is_empty()
                && bytes[0].is_ascii_alphanumeric()
                && bytes[bytes.len() - 1].is_ascii_alphanumeric()
                && bytes
                    .iter()
                    .all(|b| b.is_ascii_alphanumeric() || *b == b'-')
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(8192))]

        #[test]
        fn path_components_and_names(s in "[a-c0-9._/A\\-]{0,14}") {
            prop_assert_eq!(is_path_component(&s), component(&s), "{:?}", s);
            prop_assert_eq!(is_remote_name(&s), s.split('/').all(component), "{:?}", s);
        }

        #[test]
        fn upper_case_as_go_lower_cases(s in "[a-cA-C0-9İéΣ/:]{0,10}") {
            let lowered: String = s.chars().map(go_to_lower).collect();
            prop_assert_eq!(has_uppercase(&s), lowered != s, "{:?}", s);
        }

        #[test]
        fn domain_names(s in "[a-cA-C0-9.\\-_:]{0,14}") {
            prop_assert_eq!(is_domain_name(&s), domain_name(&s), "{:?}", s);
        }
    }
}
