//! The grammar of `reference.go` and go-digest, each rule a check of its own in one pass
//! over the bytes. The grammar itself, and why splitting a reference first is sound, are in
//! the documentation of `reference`.

/// `RepositoryNameTotalLengthMax`: the most bytes a path (the name without its domain) may have.
pub(super) const REPOSITORY_NAME_TOTAL_LENGTH_MAX: usize = 255;
/// A tag is 1 to 128 characters.
pub(super) const TAG_LENGTH_MAX: usize = 128;
/// The grammar asks for at least 128 bits of digest.
pub(super) const DIGEST_HEX_MIN: usize = 32;

/// A reference cut into its three parts, before any of them is checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Parts<'a> {
    pub(super) name: &'a str,
    pub(super) tag: Option<&'a str>,
    pub(super) digest: Option<&'a str>,
}

impl<'a> Parts<'a> {
    pub(super) fn split(s: &'a str) -> Self {
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
    pub(super) fn matched(&self) -> Option<(&'a str, &'a str)> {
        if self.tag.is_none_or(is_tag) && self.digest.is_none_or(is_digest) {
            split_domain(self.name)
        } else {
            None
        }
    }

    /// Whether the anchored `ReferenceRegexp` matches.
    pub(super) fn matches(&self) -> bool {
        self.matched().is_some()
    }
}

/// `anchoredNameRegexp`: the domain and path of a name, or `None` when it is not a name.
/// The optional domain group is greedy, so a first component that is a valid host is the domain.
pub(super) fn split_domain(name: &str) -> Option<(&str, &str)> {
    if let Some((first, rest)) = name.split_once('/') {
        if is_domain(first) && is_remote_name(rest) {
            return Some((first, rest));
        }
    }
    is_remote_name(name).then_some(("", name))
}

pub(super) fn is_name(name: &str) -> bool {
    split_domain(name).is_some()
}

/// Path components joined by `/`. These checks run for every new reference of a cache
/// list: each is one pass over the bytes, as a regular expression engine would make it.
pub(super) fn is_remote_name(name: &str) -> bool {
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
pub(super) fn is_path_component(component: &str) -> bool {
    path_component_end(component.as_bytes(), 0) == Some(component.len())
}

/// Where the path component at `at` ends: the end of `bytes` or a `/`; `None` when what
/// comes before is not a component.
pub(super) fn path_component_end(bytes: &[u8], mut at: usize) -> Option<usize> {
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
pub(super) fn is_domain(s: &str) -> bool {
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
pub(super) fn is_domain_name(s: &str) -> bool {
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
pub(super) fn is_tag(tag: &str) -> bool {
    let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let mut bytes = tag.bytes();
    matches!(bytes.next(), Some(first) if word(first))
        && tag.len() <= TAG_LENGTH_MAX
        && bytes.all(|b| word(b) || b == b'.' || b == b'-')
}

/// `digestPat`: `[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][[:xdigit:]]{32,}`.
pub(super) fn is_digest(digest: &str) -> bool {
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
pub(super) fn matches_go_digest_regexp(digest: &str) -> bool {
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
pub(super) fn registered_hex_len(algorithm: &str) -> Option<usize> {
    match algorithm {
        "sha256" => Some(64),
        "sha384" => Some(96),
        "sha512" => Some(128),
        _ => None,
    }
}

/// `^[a-f0-9]{64}$`: an image ID, which Docker refuses as a repository name.
pub(super) fn is_identifier(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// Go's `unicode.ToLower` for one rune (the simple mapping: `İ` lower-cases to `i`).
pub(super) fn go_to_lower(c: char) -> char {
    c.to_lowercase().next().unwrap_or(c)
}

/// Go's `strings.ToLower(s) != s`.
pub(super) fn has_uppercase(s: &str) -> bool {
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
