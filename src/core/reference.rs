//! Container image references, parsed and normalised exactly as Docker does.
//!
//! A dependency-free port of `github.com/distribution/reference` — `ParseNormalizedNamed`,
//! the `Parse` it calls, and `TagNameOnly` — with the digest checks of
//! `github.com/opencontainers/go-digest` v1.0.0, the version that module pins.
//!
//! The grammar, from `reference.go`:
//!
//! ```text
//! reference            := name [ ":" tag ] [ "@" digest ]
//! name                 := [domain '/'] remote-name
//! domain               := host [':' port-number]
//! host                 := domain-name | "[" IPv6address "]"   ; [a-fA-F0-9:]+ between the brackets
//! domain-name          := domain-component ['.' domain-component]*
//! domain-component     := /([a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])/
//! port-number          := /[0-9]+/
//! path-component       := alpha-numeric [separator alpha-numeric]*
//! remote-name          := path-component ['/' path-component]*
//! alpha-numeric        := /[a-z0-9]+/
//! separator            := /[_.]|__|[-]+/
//! tag                  := /[\w][\w.-]{0,127}/
//! digest               := digest-algorithm ":" digest-hex
//! digest-algorithm     := /[A-Za-z][A-Za-z0-9]*/ joined by /[-_+.]/
//! digest-hex           := /[0-9a-fA-F]{32,}/
//! identifier           := /[a-f0-9]{64}/
//! ```
//!
//! Go matches this with one anchored regular expression. Here the string is split first and
//! each part checked on its own, in linear time and without a regex engine. That accepts the
//! same strings and gives the same parts, because the split is forced: `@` appears only before
//! the digest, and a tag's `:` is the last `:` that comes after the last `/` (a name holds a
//! `:` only in its domain, which a `/` always follows).
//!
//! Normalisation (`normalize.go`): a first component that contains `.` or `:`, is `localhost`,
//! or is not lower case is a registry host; otherwise the host is `docker.io`. `index.docker.io`
//! becomes `docker.io`, and on `docker.io` a one-component path gets `library/`. Like Go, the
//! result is then parsed again as `host/rest`. There a chosen host that fails the host grammar
//! but passes as a path component (say `my_registry.example.com`) becomes part of the path and
//! the domain is empty. Go does this too, so it is kept.

mod common;

use std::fmt;
use std::str;
use std::sync::Arc;

/// Docker Hub, as Docker writes it in fully qualified names.
const DEFAULT_DOMAIN: &str = "docker.io";
/// Docker Hub's legacy name, rewritten to [`DEFAULT_DOMAIN`].
const LEGACY_DEFAULT_DOMAIN: &str = "index.docker.io";
/// The namespace of Docker Hub's official images.
const OFFICIAL_REPO_PREFIX: &str = "library/";
/// Always a host when it is the first component.
const LOCALHOST: &str = "localhost";
/// The tag `TagNameOnly` adds when a reference has neither tag nor digest.
const DEFAULT_TAG: &str = "latest";
/// `RepositoryNameTotalLengthMax`: the most bytes a path (the name without its domain) may have.
const REPOSITORY_NAME_TOTAL_LENGTH_MAX: usize = 255;
/// A tag is 1 to 128 characters.
const TAG_LENGTH_MAX: usize = 128;
/// The grammar asks for at least 128 bits of digest.
const DIGEST_HEX_MIN: usize = 32;
/// Longer parts of the input are cut short in error messages.
const QUOTE_MAX_CHARS: usize = 80;

/// A parsed, normalised image reference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageRef {
    /// `domain/path[:tag][@digest]` as parsed (just `path…` when the domain is empty): one
    /// allocation per reference, the parts being ranges of it, since a cluster's cache list
    /// holds thousands of references. Shared: where it is the identity or the normalised
    /// form, the catalogue and the report take it as it is.
    text: Arc<str>,
    domain: Span,
    path: Span,
    tag: Option<Span>,
    digest: Option<Span>,
}

/// A byte range of `ImageRef::text`.
type Span = (usize, usize);

/// Why a string is not an image reference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReferenceError {
    pub message: String,
}

impl fmt::Display for ReferenceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ReferenceError {}

/// Parses an image reference as `ParseNormalizedNamed` does: `nginx` becomes
/// `docker.io/library/nginx`, and any tag and digest are kept as written.
pub fn parse(input: &str) -> Result<ImageRef, ReferenceError> {
    normalize(input, true).map_err(|failure| ReferenceError {
        message: failure.message,
    })
}

/// [`parse`] with Go's second parse of every name, the common form's too (see `common`):
/// for the tests that hold the two ways together.
pub fn parse_in_full(input: &str) -> Result<ImageRef, ReferenceError> {
    parse_normalized_named(input).map_err(|failure| ReferenceError {
        message: failure.message,
    })
}

impl ImageRef {
    /// The registry host, with its port if there is one: `docker.io` for Docker Hub (also
    /// when `index.docker.io` was written). Empty only where Go leaves it empty too: when the
    /// first component was taken for a host but is only valid as a path component.
    pub fn domain(&self) -> &str {
        self.part(self.domain)
    }

    /// The repository path without the domain, e.g. `library/nginx`.
    pub fn path(&self) -> &str {
        self.part(self.path)
    }

    /// The tag as written, or `None` when there is none.
    pub fn tag(&self) -> Option<&str> {
        self.tag.map(|t| self.part(t))
    }

    /// The digest (`sha256:…`) when there is one.
    pub fn digest(&self) -> Option<&str> {
        self.digest.map(|d| self.part(d))
    }

    fn part(&self, (start, end): Span) -> &str {
        self.text.get(start..end).unwrap_or_default()
    }

    /// The repository name with its domain, e.g. `docker.io/library/nginx`.
    pub fn name(&self) -> String {
        join_name(self.domain(), self.path())
    }

    /// The [`normalized`](Self::normalized) form, shared with the reference where it is its
    /// text (a tag or a digest was written).
    pub fn normalized_text(&self) -> Arc<str> {
        if self.tag.is_none() && self.digest.is_none() {
            Arc::from(self.normalized())
        } else {
            self.text.clone()
        }
    }

    /// The [`identity`](Self::identity) when it is the reference's own text (a tag and no
    /// digest, no VPC host to map): the catalogue keys its index on the text itself.
    pub fn identity_text(&self, acr_vpc_equivalence: bool) -> Option<&Arc<str>> {
        let mapped = acr_vpc_equivalence && acr_public_domain(self.domain()).is_some();
        (self.tag.is_some() && self.digest.is_none() && !mapped).then_some(&self.text)
    }

    /// Fully qualified form, as `docker pull` would print it, with the default tag
    /// applied: "docker.io/library/nginx:latest", "host/a/b:1@sha256:…", "docker.io/library/x@sha256:…".
    pub fn normalized(&self) -> String {
        let tag = match (self.tag(), self.digest()) {
            (Some(tag), _) => [":", tag],
            (None, None) => [":", DEFAULT_TAG],
            (None, Some(_)) => ["", ""],
        };
        let digest = self.digest().map_or(["", ""], |digest| ["@", digest]);
        join_name_with(
            self.domain(),
            self.path(),
            &[tag[0], tag[1], digest[0], digest[1]],
        )
    }

    /// The key two references are compared by: name + "@" + digest when there is a digest
    /// (the tag beside a digest does not count), otherwise name + ":" + tag (default "latest").
    /// With `acr_vpc_equivalence`, the Alibaba Container Registry VPC endpoints are mapped to
    /// the public ones: `registry-vpc.<region>.aliyuncs.com` -> `registry.<region>.aliyuncs.com`
    /// and `<instance>-registry-vpc.<region>.cr.aliyuncs.com` -> `<instance>-registry.<region>.cr.aliyuncs.com`
    /// (a port, if any, is kept).
    pub fn identity(&self, acr_vpc_equivalence: bool) -> String {
        let mut identity = String::new();
        self.write_identity(acr_vpc_equivalence, &mut identity);
        identity
    }

    /// The [`identity`](Self::identity), written over what `out` held: the catalogue
    /// writes every reference's into one buffer and keeps it shared, one allocation each.
    pub fn write_identity(&self, acr_vpc_equivalence: bool, out: &mut String) {
        let public = acr_vpc_equivalence
            .then(|| acr_public_domain(self.domain()))
            .flatten();
        let domain = public.as_deref().unwrap_or(self.domain());
        let version = match self.digest() {
            Some(digest) => ["@", digest],
            None => [":", self.tag().unwrap_or(DEFAULT_TAG)],
        };
        write_name_with(out, domain, self.path(), &version);
    }

    /// Whether `self` and `other` have the same [`identity`](Self::identity), compared
    /// part by part without building either string: matching runs once per cache image.
    pub fn same_image(&self, other: &ImageRef, acr_vpc_equivalence: bool) -> bool {
        let version = match (self.digest(), other.digest()) {
            (Some(a), Some(b)) => a == b,
            (None, None) => self.tag().unwrap_or(DEFAULT_TAG) == other.tag().unwrap_or(DEFAULT_TAG),
            _ => false,
        };
        if !version || self.path() != other.path() {
            return false;
        }
        if self.domain() == other.domain() {
            return true;
        }
        if !acr_vpc_equivalence {
            return false;
        }
        let public = |d: &str| acr_public_domain(d).unwrap_or_else(|| d.to_owned());
        public(self.domain()) == public(other.domain())
    }

    /// True when the effective tag is "latest" (explicit, or implied by no tag and no digest) and there is no digest.
    pub fn is_latest(&self) -> bool {
        self.digest.is_none() && self.tag().unwrap_or(DEFAULT_TAG) == DEFAULT_TAG
    }
}

/// `repository.Name()`: the path alone when there is no domain.
fn join_name(domain: &str, path: &str) -> String {
    join_name_with(domain, path, &[])
}

/// The name, then `rest`, in one allocation of the exact size: references are written
/// once per image of every cache and every container.
fn join_name_with(domain: &str, path: &str, rest: &[&str]) -> String {
    let mut out = String::new();
    write_name_with(&mut out, domain, path, rest);
    out
}

/// [`join_name_with`], written over what `out` held.
fn write_name_with(out: &mut String, domain: &str, path: &str, rest: &[&str]) {
    let slash = if domain.is_empty() { "" } else { "/" };
    write_parts(out, &[domain, slash, path], rest);
}

/// `parts` joined into one shared text, in one allocation of the exact size: joined on the
/// stack first when short, as a reference is.
fn shared(parts: &[&str]) -> Arc<str> {
    let mut buffer = [0u8; 256];
    let len = parts.iter().map(|part| part.len()).sum::<usize>();
    if let Some(joined) = buffer.get_mut(..len) {
        let mut at = 0;
        for part in parts {
            joined[at..at + part.len()].copy_from_slice(part.as_bytes());
            at += part.len();
        }
        // Whole strings joined are UTF-8: this check cannot fail, and costs little.
        if let Ok(text) = str::from_utf8(joined) {
            return Arc::from(text);
        }
    }
    let mut out = String::new();
    write_parts(&mut out, parts, &[]);
    Arc::from(out)
}

/// `head` then `tail`, written over what `out` held, which grows at most once.
fn write_parts(out: &mut String, head: &[&str], tail: &[&str]) {
    let len = |parts: &[&str]| parts.iter().map(|s| s.len()).sum::<usize>();
    out.clear();
    out.reserve_exact(len(head) + len(tail));
    for part in head.iter().chain(tail) {
        out.push_str(part);
    }
}

/// The public ACR endpoint for a VPC one, keeping case and port; `None` for any other host.
fn acr_public_domain(domain: &str) -> Option<String> {
    // Most hosts are not VPC endpoints: answer those without allocating.
    let bytes = domain.as_bytes();
    let vpc = |at: usize| {
        bytes
            .get(at + 1..at + 4)
            .is_some_and(|w| w.eq_ignore_ascii_case(b"vpc"))
    };
    if !bytes
        .iter()
        .enumerate()
        .any(|(at, &b)| b == b'-' && vpc(at))
    {
        return None;
    }
    let (host, port) = match domain.find(':') {
        Some(colon) => (domain.get(..colon)?, domain.get(colon..)?),
        None => (domain, ""),
    };
    // Hosts that reach here passed the domain grammar, so they are ASCII and lower-casing
    // keeps every byte where it was.
    let lower = host.to_ascii_lowercase();
    let labels: Vec<&str> = lower.split('.').collect();
    let vpc_end = match labels.as_slice() {
        // registry-vpc.<region>.aliyuncs.com
        ["registry-vpc", region, "aliyuncs", "com"] if !region.is_empty() => "registry-vpc".len(),
        // <instance>-registry-vpc.<region>.cr.aliyuncs.com
        [first, region, "cr", "aliyuncs", "com"] if !region.is_empty() => {
            let instance = first.strip_suffix("-registry-vpc")?;
            if instance.is_empty() {
                return None;
            }
            first.len()
        }
        _ => return None,
    };
    let vpc_start = vpc_end.checked_sub("-vpc".len())?;
    Some(format!(
        "{}{}{}",
        host.get(..vpc_start)?,
        host.get(vpc_end..)?,
        port
    ))
}

/// Which error Go returns. Kept apart from the message so the tests can check that the same
/// inputs fail for the same reason as in Go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// `ParseNormalizedNamed`: "invalid repository name (…), cannot specify 64-byte hexadecimal strings".
    Identifier,
    /// `ParseNormalizedNamed`: "invalid reference format: repository name (…) must be lowercase".
    RemoteUppercase,
    /// `ErrNameEmpty`.
    NameEmpty,
    /// `ErrReferenceInvalidFormat`.
    InvalidFormat,
    /// `ErrNameContainsUppercase`.
    NameContainsUppercase,
    /// `ErrNameTooLong`.
    NameTooLong,
    /// go-digest `ErrDigestInvalidFormat`.
    DigestInvalidFormat,
    /// go-digest `ErrDigestInvalidLength`.
    DigestInvalidLength,
    /// go-digest `ErrDigestUnsupported`.
    DigestUnsupported,
}

#[derive(Debug)]
struct Failure {
    /// Read by the tests, which check each input fails for the reason Go gives.
    #[cfg_attr(not(test), allow(dead_code))]
    kind: Kind,
    message: String,
}

impl Failure {
    fn new(kind: Kind, message: String) -> Self {
        Failure { kind, message }
    }
}

/// `ParseNormalizedNamed`.
fn parse_normalized_named(input: &str) -> Result<ImageRef, Failure> {
    normalize(input, false)
}

/// `ParseNormalizedNamed`; `direct` reads the common form without parsing the joined name
/// again (`common`).
fn normalize(input: &str, direct: bool) -> Result<ImageRef, Failure> {
    if is_identifier(input) {
        return Err(Failure::new(
            Kind::Identifier,
            format!(
                "invalid repository name {}, cannot specify 64-byte hexadecimal strings",
                quote(input)
            ),
        ));
    }
    let (domain, prefix, remainder) = split_docker_domain(input);
    // Go cuts at the first ':' of the remainder; with a digest but no tag that is the one
    // after the algorithm, so the algorithm is checked too. The `library/` prefix is lower case.
    let remote = remainder
        .split_once(':')
        .map_or(remainder, |(remote, _)| remote);
    if has_uppercase(remote) {
        return Err(remote_uppercase(&format!("{prefix}{remote}")));
    }
    let full = shared(&[domain, "/", prefix, remainder]);
    if let Some((path, tag)) = direct
        .then(|| common::spans(domain, prefix, remainder))
        .flatten()
    {
        return Ok(ImageRef {
            domain: (0, domain.len()),
            path,
            tag,
            digest: None,
            text: full,
        });
    }
    let plain = parse_plain(&full, input)?;
    // Every part is a slice of `full` but an empty domain, which Go leaves empty.
    let span = |part: &str| -> Span {
        let start = (part.as_ptr() as usize)
            .checked_sub(full.as_ptr() as usize)
            .filter(|start| start + part.len() <= full.len())
            .unwrap_or(0);
        (start, start + part.len())
    };
    let domain = if plain.domain.is_empty() {
        (0, 0)
    } else {
        span(plain.domain)
    };
    let (path, tag, digest) = (
        span(plain.path),
        plain.tag.map(span),
        plain.digest.map(span),
    );
    Ok(ImageRef {
        text: full,
        domain,
        path,
        tag,
        digest,
    })
}

/// The message for an upper-case remote name, naming the part that is upper-case.
fn remote_uppercase(remote: &str) -> Failure {
    let message = match remote.split_once('@') {
        Some((name, algorithm)) if !has_uppercase(name) => {
            format!(
                "invalid reference format: digest algorithm {} must be lowercase",
                quote(algorithm)
            )
        }
        Some((name, _)) => format!(
            "invalid reference format: repository name {} must be lowercase",
            quote(name)
        ),
        None => format!(
            "invalid reference format: repository name {} must be lowercase",
            quote(remote)
        ),
    };
    Failure::new(Kind::RemoteUppercase, message)
}

/// `splitDockerDomain`: the domain Docker assumes, the `library/` prefix it adds (or
/// nothing), and the rest as written (tag and digest included).
fn split_docker_domain(name: &str) -> (&str, &'static str, &str) {
    let Some((maybe_domain, maybe_remote)) = name.split_once('/') else {
        return (DEFAULT_DOMAIN, OFFICIAL_REPO_PREFIX, name);
    };
    let (domain, remote) = if maybe_domain == LOCALHOST {
        (maybe_domain, maybe_remote)
    } else if maybe_domain == LEGACY_DEFAULT_DOMAIN {
        (DEFAULT_DOMAIN, maybe_remote)
    } else if maybe_domain.bytes().any(|b| b == b'.' || b == b':') || has_uppercase(maybe_domain) {
        (maybe_domain, maybe_remote)
    } else {
        (DEFAULT_DOMAIN, name)
    };
    if domain == DEFAULT_DOMAIN && !remote.contains('/') {
        (domain, OFFICIAL_REPO_PREFIX, remote)
    } else {
        (domain, "", remote)
    }
}

/// What `Parse` returns for a valid reference.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Plain<'a> {
    domain: &'a str,
    path: &'a str,
    tag: Option<&'a str>,
    digest: Option<&'a str>,
}

/// `Parse`, not normalised. `shown` is what the user wrote, which error messages quote.
fn parse_plain<'a>(s: &'a str, shown: &str) -> Result<Plain<'a>, Failure> {
    if s.is_empty() {
        return Err(Failure::new(
            Kind::NameEmpty,
            "repository name must have at least one component".to_owned(),
        ));
    }
    let parts = Parts::split(s);
    let Some((domain, path)) = parts.matched() else {
        let lower: String = s.chars().map(go_to_lower).collect();
        if lower != s && Parts::split(&lower).matches() {
            let shown_name = Parts::split(shown).name;
            let message = if has_uppercase(shown_name) {
                format!(
                    "invalid reference format: repository name {} must be lowercase",
                    quote(shown_name)
                )
            } else {
                // Only a non-ASCII letter outside the name lower-cases into the grammar.
                invalid_format(&parts, shown)
            };
            return Err(Failure::new(Kind::NameContainsUppercase, message));
        }
        return Err(Failure::new(
            Kind::InvalidFormat,
            invalid_format(&parts, shown),
        ));
    };
    if path.len() > REPOSITORY_NAME_TOTAL_LENGTH_MAX {
        return Err(Failure::new(
            Kind::NameTooLong,
            format!(
                "repository name {} must not be more than {REPOSITORY_NAME_TOTAL_LENGTH_MAX} characters, it has {}",
                quote(path),
                path.len()
            ),
        ));
    }
    if let Some(digest) = parts.digest {
        validate_digest(digest)?;
    }
    Ok(Plain {
        domain,
        path,
        tag: parts.tag,
        digest: parts.digest,
    })
}

/// A reference cut into its three parts, before any of them is checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Parts<'a> {
    name: &'a str,
    tag: Option<&'a str>,
    digest: Option<&'a str>,
}

impl<'a> Parts<'a> {
    fn split(s: &'a str) -> Self {
        let (before, digest) = match s.split_once('@') {
            Some((before, digest)) => (before, Some(digest)),
            None => (s, None),
        };
        let (name, tag) = match before.rsplit_once(':') {
            Some((name, tag)) if !tag.contains('/') => (name, Some(tag)),
            _ => (before, None),
        };
        Parts { name, tag, digest }
    }

    /// The domain and path of the name when the anchored `ReferenceRegexp` matches.
    fn matched(&self) -> Option<(&'a str, &'a str)> {
        if self.tag.is_none_or(is_tag) && self.digest.is_none_or(is_digest) {
            split_domain(self.name)
        } else {
            None
        }
    }

    /// Whether the anchored `ReferenceRegexp` matches.
    fn matches(&self) -> bool {
        self.matched().is_some()
    }
}

/// `anchoredNameRegexp`: the domain and path of a name, or `None` when it is not a name.
/// The optional domain group is greedy, so a first component that is a valid host is the domain.
fn split_domain(name: &str) -> Option<(&str, &str)> {
    if let Some((first, rest)) = name.split_once('/') {
        if is_domain(first) && is_remote_name(rest) {
            return Some((first, rest));
        }
    }
    is_remote_name(name).then_some(("", name))
}

fn is_name(name: &str) -> bool {
    split_domain(name).is_some()
}

/// Path components joined by `/`. These checks run for every new reference of a cache
/// list: each is one pass over the bytes, as a regular expression engine would make it.
fn is_remote_name(name: &str) -> bool {
    let bytes = name.as_bytes();
    let mut at = 0;
    loop {
        match path_component_end(bytes, at) {
            Some(end) if end == bytes.len() => return true,
            Some(slash) => at = slash + 1,
            None => return false,
        }
    }
}

/// `[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*`
fn is_path_component(component: &str) -> bool {
    path_component_end(component.as_bytes(), 0) == Some(component.len())
}

/// Where the path component at `at` ends: the end of `bytes` or a `/`; `None` when what
/// comes before is not a component.
fn path_component_end(bytes: &[u8], mut at: usize) -> Option<usize> {
    loop {
        let run = at;
        while let Some(b'a'..=b'z' | b'0'..=b'9') = bytes.get(at) {
            at += 1;
        }
        if at == run {
            return None;
        }
        match bytes.get(at) {
            None | Some(b'/') => return Some(at),
            Some(b'_') if bytes.get(at + 1) == Some(&b'_') => at += 2,
            Some(b'.' | b'_') => at += 1,
            Some(b'-') => {
                while bytes.get(at) == Some(&b'-') {
                    at += 1;
                }
            }
            Some(_) => return None,
        }
    }
}

/// `domainAndPort`: a host name or a bracketed IPv6 address, then an optional `:port`.
fn is_domain(s: &str) -> bool {
    let (host_ok, port) = match s.strip_prefix('[') {
        Some(bracketed) => match bracketed.split_once(']') {
            Some((address, rest)) => {
                let port = match rest.strip_prefix(':') {
                    Some(port) => Some(port),
                    None if rest.is_empty() => None,
                    None => return false,
                };
                let address_ok = !address.is_empty()
                    && address.bytes().all(|b| b.is_ascii_hexdigit() || b == b':');
                (address_ok, port)
            }
            None => return false,
        },
        None => match s.split_once(':') {
            Some((host, port)) => (is_domain_name(host), Some(port)),
            None => (is_domain_name(s), None),
        },
    };
    host_ok && port.is_none_or(|port| !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit()))
}

/// `domainName`: labels joined by `.`, a label being `[a-zA-Z0-9]` or
/// `[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]`.
fn is_domain_name(s: &str) -> bool {
    // Each byte is checked against the one before: a label starts after a `.` (or at the
    // start) and ends before one (or at the end), and neither end may be a `-`.
    let mut previous = b'.';
    for &byte in s.as_bytes() {
        let fits = match byte {
            b'.' => previous.is_ascii_alphanumeric(),
            b'-' => previous != b'.',
            _ => byte.is_ascii_alphanumeric(),
        };
        if !fits {
            return false;
        }
        previous = byte;
    }
    previous.is_ascii_alphanumeric()
}

/// `[\w][\w.-]{0,127}`, where `\w` is ASCII.
fn is_tag(tag: &str) -> bool {
    let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let mut bytes = tag.bytes();
    matches!(bytes.next(), Some(first) if word(first))
        && tag.len() <= TAG_LENGTH_MAX
        && bytes.all(|b| word(b) || b == b'.' || b == b'-')
}

/// `digestPat`: `[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][[:xdigit:]]{32,}`.
fn is_digest(digest: &str) -> bool {
    let Some((algorithm, encoded)) = digest.split_once(':') else {
        return false;
    };
    let algorithm_ok = algorithm.split(['-', '_', '+', '.']).all(|component| {
        let mut bytes = component.bytes();
        matches!(bytes.next(), Some(first) if first.is_ascii_alphabetic())
            && bytes.all(|b| b.is_ascii_alphanumeric())
    });
    algorithm_ok
        && encoded.len() >= DIGEST_HEX_MIN
        && encoded.bytes().all(|b| b.is_ascii_hexdigit())
}

/// go-digest's `DigestRegexpAnchored`: `^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$`.
fn matches_go_digest_regexp(digest: &str) -> bool {
    let Some((algorithm, encoded)) = digest.split_once(':') else {
        return false;
    };
    algorithm.split(['.', '+', '_', '-']).all(|component| {
        !component.is_empty()
            && component
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
    }) && !encoded.is_empty()
        && encoded
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'=' | b'_' | b'-'))
}

/// The hex length of the registered algorithms, as go-digest's `Algorithm.Size() * 2`.
fn registered_hex_len(algorithm: &str) -> Option<usize> {
    match algorithm {
        "sha256" => Some(64),
        "sha384" => Some(96),
        "sha512" => Some(128),
        _ => None,
    }
}

/// go-digest v1.0.0 `Digest.Validate`, which `Parse` calls through `digest.Parse`.
fn validate_digest(digest: &str) -> Result<(), Failure> {
    let (algorithm, encoded) = match digest.split_once(':') {
        Some((algorithm, encoded)) if !algorithm.is_empty() && !encoded.is_empty() => {
            (algorithm, encoded)
        }
        _ => {
            return Err(Failure::new(
                Kind::DigestInvalidFormat,
                format!(
                    "invalid checksum digest format: {} is not algorithm:hex",
                    quote(digest)
                ),
            ))
        }
    };
    let Some(hex_len) = registered_hex_len(algorithm) else {
        if !matches_go_digest_regexp(digest) {
            let message = if has_uppercase(algorithm) {
                format!(
                    "invalid checksum digest format: digest algorithm {} must be lowercase",
                    quote(algorithm)
                )
            } else {
                format!(
                    "invalid checksum digest format: {} is not a valid digest",
                    quote(digest)
                )
            };
            return Err(Failure::new(Kind::DigestInvalidFormat, message));
        }
        return Err(Failure::new(
            Kind::DigestUnsupported,
            format!(
                "unsupported digest algorithm {}: use sha256, sha384 or sha512",
                quote(algorithm)
            ),
        ));
    };
    if encoded.len() != hex_len {
        return Err(Failure::new(
            Kind::DigestInvalidLength,
            format!(
                "invalid checksum digest length: {} has {} hex digits where {algorithm} needs {hex_len}",
                quote(digest),
                encoded.len()
            ),
        ));
    }
    if !encoded
        .bytes()
        .all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
    {
        return Err(Failure::new(
            Kind::DigestInvalidFormat,
            format!(
                "invalid checksum digest format: {} must be lowercase hexadecimal",
                quote(digest)
            ),
        ));
    }
    Ok(())
}

/// `^[a-f0-9]{64}$`: an image ID, which Docker refuses as a repository name.
fn is_identifier(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// Go's `unicode.ToLower` for one rune (the simple mapping: `İ` lower-cases to `i`).
fn go_to_lower(c: char) -> char {
    c.to_lowercase().next().unwrap_or(c)
}

/// Go's `strings.ToLower(s) != s`.
fn has_uppercase(s: &str) -> bool {
    // One pass for ASCII, the common case; an upper-case ASCII letter is one in any case.
    let mut ascii = true;
    for byte in s.bytes() {
        if byte.is_ascii_uppercase() {
            return true;
        }
        ascii &= byte.is_ascii();
    }
    !ascii && s.chars().any(|c| go_to_lower(c) != c)
}

/// Says which part of a reference breaks the grammar. `parts` is the string Go parses
/// (normalised); `shown` is what the user wrote.
fn invalid_format(parts: &Parts<'_>, shown: &str) -> String {
    let detail = if !is_name(parts.name) {
        name_problem(parts.name, shown)
    } else if let Some(tag) = parts.tag.filter(|tag| !is_tag(tag)) {
        format!(
            "invalid tag format {}: a tag is 1 to {TAG_LENGTH_MAX} of A-Z a-z 0-9 _ . - and does not start with '.' or '-'",
            quote(tag)
        )
    } else if let Some(digest) = parts.digest.filter(|digest| !is_digest(digest)) {
        format!(
            "invalid digest format {}: expected algorithm:hex with at least {DIGEST_HEX_MIN} hex digits",
            quote(digest)
        )
    } else {
        format!("{} is not a valid image reference", quote(shown))
    };
    format!("invalid reference format: {detail}")
}

/// Names the first part of an invalid name that is wrong.
fn name_problem(name: &str, shown: &str) -> String {
    let shown_name = Parts::split(shown).name;
    if shown_name.is_empty() {
        return "repository name must have at least one component".to_owned();
    }
    let shown_host = shown.split('@').next().unwrap_or(shown);
    if !shown.contains('/') && is_domain(shown_host) {
        return format!(
            "{} is a registry host without a repository path",
            quote(shown_host)
        );
    }
    if name.split('/').any(str::is_empty) {
        return format!(
            "repository name {} has an empty path component",
            quote(shown_name)
        );
    }
    let has_host = name.contains('/');
    for (index, component) in name.split('/').enumerate() {
        if index == 0 && has_host {
            if is_domain(component) || is_path_component(component) {
                continue;
            }
            if component.contains(['.', ':', '[', ']']) || has_uppercase(component) {
                return format!(
                    "registry host {} is not a valid host or host:port",
                    quote(component)
                );
            }
        }
        if !is_path_component(component) {
            return format!(
                "path component {} must be lowercase letters and digits separated by '.', '_', '__' or '-'",
                quote(component)
            );
        }
    }
    format!("repository name {} is not valid", quote(shown_name))
}

/// A part of the input in double quotes, escaped, and cut short when long.
fn quote(s: &str) -> String {
    match s.char_indices().nth(QUOTE_MAX_CHARS) {
        Some((cut, _)) => format!("{:?}", format!("{}…", s.get(..cut).unwrap_or_default())),
        None => format!("{s:?}"),
    }
}

#[cfg(test)]
mod tests;
