//! The common reference read straight from its text: `[host/]path[:tag]`, ASCII and lower
//! case, no digest. A cache list is made of such references, and the full parser (split,
//! normalise, join, split again, check each part and say what is wrong) costs several times
//! more on them.
//! Whatever is not plainly of that form gives `None`, and the caller asks the full parser,
//! whose answer it then is; where this gives a reference, it is the one the full parser
//! gives (the reference module's tests and the fuzz laws hold the two together).

use super::{
    is_domain, is_identifier, is_path_component, is_tag, ImageRef, DEFAULT_DOMAIN,
    LEGACY_DEFAULT_DOMAIN, LOCALHOST, OFFICIAL_REPO_PREFIX, REPOSITORY_NAME_TOTAL_LENGTH_MAX,
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
            // Docker Hub's legacy name is rewritten: rare.
            if first == LEGACY_DEFAULT_DOMAIN || !is_domain(first) {
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
    if !path.split('/').all(is_path_component) || !tag.is_none_or(is_tag) {
        return None;
    }
    // An identifier is refused as a name: that error is the full parser's to give.
    if is_identifier(input) {
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

#[cfg(test)]
mod tests;
