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
mod grammar;
mod problems;

use std::fmt;
use std::str;
use std::sync::Arc;

use grammar::{go_to_lower, has_uppercase, is_identifier, Parts, REPOSITORY_NAME_TOTAL_LENGTH_MAX};
use problems::{invalid_format, quote, remote_uppercase, validate_digest, Failure, Kind};

use super::text;

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

/// A byte range of `ImageRef::text`, in 32 bits: a cache list holds tens of thousands of
/// references, and the parsed ones are kept for the catalogue's life.
type Span = (u32, u32);

/// The span of `start..end`; a text past 4 GiB (far beyond the input's limit) reads as empty.
fn span_of(start: usize, end: usize) -> Span {
    match (u32::try_from(start), u32::try_from(end)) {
        (Ok(start), Ok(end)) => (start, end),
        _ => (0, 0),
    }
}

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
        self.text
            .get(start as usize..end as usize)
            .unwrap_or_default()
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

    /// `domain/path[:tag][@digest]` as parsed.
    pub fn text(&self) -> &str {
        &self.text
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
            if let Some(rest) = joined.get_mut(at..) {
                text::copy_short(rest, part.as_bytes());
            }
            at += part.len();
        }
        // SAFETY: `joined` is whole `str`s one after another, so it is UTF-8. (Checked, it
        // was a tenth of the time of parsing a reference.)
        let text = unsafe { str::from_utf8_unchecked(joined) };
        return Arc::from(text);
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
    let remote = split_at_byte(remainder, b':').map_or(remainder, |(remote, _)| remote);
    if has_uppercase(remote) {
        return Err(remote_uppercase(&format!("{prefix}{remote}")));
    }
    let full = shared(&[domain, "/", prefix, remainder]);
    if let Some((path, tag)) = direct
        .then(|| common::spans(domain, prefix, remainder))
        .flatten()
    {
        return Ok(ImageRef {
            domain: span_of(0, domain.len()),
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
        span_of(start, start + part.len())
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

/// `splitDockerDomain`: the domain Docker assumes, the `library/` prefix it adds (or
/// nothing), and the rest as written (tag and digest included).
fn split_docker_domain(name: &str) -> (&str, &'static str, &str) {
    let Some((maybe_domain, maybe_remote)) = split_at_byte(name, b'/') else {
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
    if domain == DEFAULT_DOMAIN && !remote.as_bytes().contains(&b'/') {
        (domain, OFFICIAL_REPO_PREFIX, remote)
    } else {
        (domain, "", remote)
    }
}

/// `s` around the first `byte`, an ASCII one: `split_once` for the few bytes of a
/// reference, where the general search of a `char` cost more than the looking.
fn split_at_byte(s: &str, byte: u8) -> Option<(&str, &str)> {
    let at = s.as_bytes().iter().position(|&b| b == byte)?;
    Some((s.get(..at)?, s.get(at + 1..)?))
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

#[cfg(test)]
mod tests;
