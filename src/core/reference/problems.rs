//! What is wrong with a reference, in words: the messages of Go's errors, naming the part
//! at fault and quoting what the user wrote.

use super::grammar::{
    has_uppercase, is_digest, is_domain, is_name, is_path_component, is_tag,
    matches_go_digest_regexp, registered_hex_len, Parts, DIGEST_HEX_MIN, TAG_LENGTH_MAX,
};

/// Longer parts of the input are cut short in error messages.
pub(super) const QUOTE_MAX_CHARS: usize = 80;

/// Which error Go returns. Kept apart from the message so the tests can check that the same
/// inputs fail for the same reason as in Go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
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
pub(super) struct Failure {
    /// Read by the tests, which check each input fails for the reason Go gives.
    #[cfg_attr(not(test), allow(dead_code))]
    pub(super) kind: Kind,
    pub(super) message: String,
}

impl Failure {
    pub(super) fn new(kind: Kind, message: String) -> Self {
        Failure { kind, message }
    }
}

/// The message for an upper-case remote name, naming the part that is upper-case.
pub(super) fn remote_uppercase(remote: &str) -> Failure {
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

/// go-digest v1.0.0 `Digest.Validate`, which `Parse` calls through `digest.Parse`.
pub(super) fn validate_digest(digest: &str) -> Result<(), Failure> {
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

/// Says which part of a reference breaks the grammar. `parts` is the string Go parses
/// (normalised); `shown` is what the user wrote.
pub(super) fn invalid_format(parts: &Parts<'_>, shown: &str) -> String {
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
pub(super) fn name_problem(name: &str, shown: &str) -> String {
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
pub(super) fn quote(s: &str) -> String {
    match s.char_indices().nth(QUOTE_MAX_CHARS) {
        Some((cut, _)) => format!("{:?}", format!("{}…", s.get(..cut).unwrap_or_default())),
        None => format!("{s:?}"),
    }
}
