//! The common reference read in one pass over its bytes: `[host/]path[:tag]`, ASCII and
//! lower case, no digest. A cache list is made of such references, and the full parser
//! (split, normalise, join, split again, check each part) costs several times more on them.
//! Whatever is not plainly of that form gives `None`, and the caller asks the full parser,
//! whose answer it then is; where this gives a reference, it is the one the full parser
//! gives (the reference module's tests and the fuzz laws hold the two together).

use super::{
    ImageRef, DEFAULT_DOMAIN, LEGACY_DEFAULT_DOMAIN, LOCALHOST, OFFICIAL_REPO_PREFIX,
    REPOSITORY_NAME_TOTAL_LENGTH_MAX, TAG_LENGTH_MAX,
};

/// `input` parsed and normalised, when it is of the common form.
pub(super) fn parse(input: &str) -> Option<ImageRef> {
    let bytes = input.as_bytes();
    // Long enough for the path to pass its limit only through the `library/` prefix, upper
    // case, a digest, anything not ASCII: left to the full parser.
    if bytes.len() + OFFICIAL_REPO_PREFIX.len() > REPOSITORY_NAME_TOTAL_LENGTH_MAX
        || !bytes
            .iter()
            .all(|&b| b.is_ascii_graphic() && !b.is_ascii_uppercase() && b != b'@')
    {
        return None;
    }
    let (domain, remainder) = match input.split_once('/') {
        Some((first, rest)) if first.contains(['.', ':']) || first == LOCALHOST => {
            // Docker Hub's legacy name is rewritten, an IPv6 host is bracketed: both rare.
            if first == LEGACY_DEFAULT_DOMAIN || !is_domain(first.as_bytes()) {
                return None;
            }
            (first, rest)
        }
        _ => (DEFAULT_DOMAIN, input),
    };
    // A tag's `:` is the last one, after the last `/`; the path has none.
    let (path, tag) = match remainder.rsplit_once(':') {
        Some((path, tag)) if !tag.contains('/') => (path, Some(tag)),
        _ => (remainder, None),
    };
    if !path.split('/').all(|c| is_path_component(c.as_bytes())) || !tag.is_none_or(is_tag) {
        return None;
    }
    // An identifier (64 hexadecimal digits) is refused as a name: that error is the full
    // parser's to give. It has no `/` or `:`, so it is the whole input.
    if input.len() == 64 && bytes.iter().all(u8::is_ascii_hexdigit) {
        return None;
    }
    let prefix = if domain == DEFAULT_DOMAIN && !remainder.contains('/') {
        OFFICIAL_REPO_PREFIX
    } else {
        ""
    };
    let mut text = String::with_capacity(domain.len() + 1 + prefix.len() + remainder.len());
    for part in [domain, "/", prefix, remainder] {
        text.push_str(part);
    }
    let path_start = domain.len() + 1;
    let path_end = path_start + prefix.len() + path.len();
    Some(ImageRef {
        domain: (0, domain.len()),
        path: (path_start, path_end),
        tag: tag.map(|_| (path_end + 1, text.len())),
        digest: None,
        text,
    })
}

/// A host name of lower-case labels, then an optional port.
fn is_domain(domain: &[u8]) -> bool {
    let (host, port) = match domain.iter().position(|&b| b == b':') {
        Some(colon) => (&domain[..colon], Some(&domain[colon + 1..])),
        None => (domain, None),
    };
    let label_ok = |label: &[u8]| {
        matches!(
            (label.first(), label.last()),
            (Some(first), Some(last)) if first.is_ascii_alphanumeric() && last.is_ascii_alphanumeric()
        ) && label
            .iter()
            .all(|&b| b.is_ascii_alphanumeric() || b == b'-')
    };
    host.split(|&b| b == b'.').all(label_ok)
        && port.is_none_or(|port| !port.is_empty() && port.iter().all(u8::is_ascii_digit))
}

/// `[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*`, on bytes known to be lower case.
fn is_path_component(component: &[u8]) -> bool {
    let alphanumeric = |b: u8| b.is_ascii_lowercase() || b.is_ascii_digit();
    let mut previous_separator: Option<u8> = None;
    let mut separators = 0;
    for (i, &b) in component.iter().enumerate() {
        if alphanumeric(b) {
            previous_separator = None;
            separators = 0;
            continue;
        }
        // A separator never starts a component; `_` and `.` stand alone but for `__`.
        let allowed = match (b, previous_separator) {
            (b'.' | b'_' | b'-', None) => i > 0,
            (b'_', Some(b'_')) => separators == 1,
            (b'-', Some(b'-')) => true,
            _ => false,
        };
        if !allowed {
            return false;
        }
        previous_separator = Some(b);
        separators += 1;
    }
    previous_separator.is_none() && !component.is_empty()
}

/// `[\w][\w.-]{0,127}` on bytes known to be lower case.
fn is_tag(tag: &str) -> bool {
    let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let bytes = tag.as_bytes();
    matches!(bytes.first(), Some(&first) if word(first))
        && bytes.len() <= TAG_LENGTH_MAX
        && bytes.iter().all(|&b| word(b) || b == b'.' || b == b'-')
}

#[cfg(test)]
mod tests;
