//! The common reference, `[host/]path[:tag]` without a digest, read without the second
//! parse. Go joins the normalised parts into one name and parses that again with its whole
//! grammar; for the references a cache list is made of, the parts already known decide it,
//! and the second parse (split, match, check each part again) cost more than the rest. Where
//! these parts do not plainly pass, the caller parses the joined name as Go does, and that
//! answer, error included, is the one given (the reference module's tests and the fuzz laws
//! hold the two ways together).

use super::grammar::{is_domain, is_remote_name, is_tag, REPOSITORY_NAME_TOTAL_LENGTH_MAX};
use super::{span_of, Span, DEFAULT_DOMAIN};

/// The spans of the path and the tag in `domain/prefix+remainder`, the name Go parses
/// again, when `remainder` has no digest and every part passes its grammar.
pub(super) fn spans(domain: &str, prefix: &str, remainder: &str) -> Option<(Span, Option<Span>)> {
    let rest = remainder.as_bytes();
    // Docker's default domain, the most common, passes the grammar.
    if rest.contains(&b'@') || domain != DEFAULT_DOMAIN && !is_domain(domain) {
        return None;
    }
    // A tag's `:` is the last one, after the last `/`; the path has none.
    let last_slash = rest.iter().rposition(|&b| b == b'/');
    let (path, tag) = match rest.iter().rposition(|&b| b == b':') {
        Some(colon) if last_slash.is_none_or(|slash| slash < colon) => {
            (&remainder[..colon], Some(&remainder[colon + 1..]))
        }
        _ => (remainder, None),
    };
    if prefix.len() + path.len() > REPOSITORY_NAME_TOTAL_LENGTH_MAX
        || !is_remote_name(path)
        || !tag.is_none_or(is_tag)
    {
        return None;
    }
    let start = domain.len() + 1;
    let end = start + prefix.len() + path.len();
    Some((
        span_of(start, end),
        tag.map(|tag| span_of(end + 1, end + 1 + tag.len())),
    ))
}

#[cfg(test)]
mod tests;
