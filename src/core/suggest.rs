//! "Did you mean": the known name a few edits away from what was written.

use super::vocabulary::annotation::POD_ONLY;

/// The longest text compared: a distance costs the product of the two lengths, and what
/// the input carries may be megabytes long.
const MAX_COMPARED: usize = 96;

/// The optimal string alignment distance: insertions, deletions, substitutions and swaps
/// of two neighbours, each one edit; `None` past `limit` (or for texts too long to compare).
pub fn distance(a: &str, b: &str, limit: usize) -> Option<usize> {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    if a.len() > MAX_COMPARED || b.len() > MAX_COMPARED || a.len().abs_diff(b.len()) > limit {
        return None;
    }
    let width = b.len() + 1;
    let mut rows = vec![vec![0usize; width]; 3];
    for (j, cell) in rows[1].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        let (cur, prev, prev2) = (i % 3, (i + 2) % 3, (i + 1) % 3);
        rows[cur][0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (rows[prev][j] + 1)
                .min(rows[cur][j - 1] + 1)
                .min(rows[prev][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(rows[prev2][j - 2] + 1);
            }
            rows[cur][j] = d;
        }
    }
    let d = rows[a.len() % 3][b.len()];
    (d <= limit).then_some(d)
}

/// How many edits a name of `len` characters may be off and still be a near miss.
pub fn edits_allowed(len: usize) -> usize {
    match len {
        0..=4 => 0,
        5..=9 => 1,
        _ => 2,
    }
}

/// The cache annotation an unknown annotation name most likely meant: the same name under
/// another prefix, a few edits away, or with a word added in front or behind. Names under
/// other domains, and other ECI annotations, are not near misses.
pub fn cache_annotation(key: &str) -> Option<&'static str> {
    let lower = key.to_ascii_lowercase();
    let (prefix, name) = match lower.rsplit_once('/') {
        Some((prefix, name)) => (Some(prefix), name),
        None => (None, lower.as_str()),
    };
    if let Some(prefix) = prefix {
        // Bytewise: a `str` pattern compiles one more instance of the two-way searcher.
        let aliyun = prefix.as_bytes().windows(6).any(|w| w == b"aliyun");
        if !aliyun && distance(prefix, "k8s.aliyun.com", 3).is_none() {
            return None;
        }
    }
    let mut best: Option<(usize, &'static str)> = None;
    for &known in POD_ONLY {
        if known == key {
            return None;
        }
        let known_name = known.rsplit('/').next().unwrap_or(known);
        let edits = if name == known_name {
            Some(0)
        } else if name.len() > known_name.len()
            && (name.starts_with(&format!("{known_name}-"))
                || name.ends_with(&format!("-{known_name}")))
        {
            Some(1)
        } else {
            distance(name, known_name, edits_allowed(known_name.len()))
        };
        if let Some(edits) = edits {
            if best.is_none_or(|(b, _)| edits < b) {
                best = Some((edits, known));
            }
        }
    }
    best.map(|(_, known)| known)
}

/// `n` and the noun, in the singular for one: "1 image", "2 images".
pub fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case("kitten", "sitting", 5, Some(3))]
    #[case("cache", "cahce", 2, Some(1))]
    #[case("abc", "abc", 0, Some(0))]
    #[case("abc", "", 2, None)]
    #[case("imc-a1", "imc-a2", 1, Some(1))]
    #[case("imc-a1", "imc-b2", 1, None)]
    fn distance_counts_edits_and_swaps(
        #[case] a: &str,
        #[case] b: &str,
        #[case] limit: usize,
        #[case] expected: Option<usize>,
    ) {
        assert_eq!(distance(a, b, limit), expected);
    }

    #[test]
    fn long_texts_are_not_compared() {
        let long = "a".repeat(100_000);
        assert_eq!(distance(&long, &long, 2), None);
    }

    #[rstest]
    #[case(
        "k8s.aliyun.com/eci-image-cahce",
        Some("k8s.aliyun.com/eci-image-cache")
    )]
    #[case(
        "k8s.aliyun.com/eci-auto-imc-enabled",
        Some("k8s.aliyun.com/eci-auto-imc")
    )]
    #[case("K8S.ALIYUN.COM/ECI-AUTO-IMC", Some("k8s.aliyun.com/eci-auto-imc"))]
    #[case("eci-auto-imc", Some("k8s.aliyun.com/eci-auto-imc"))]
    #[case("k8s.aliyun.com/eci-imc-ids", Some("k8s.aliyun.com/eci-imc-id"))]
    #[case(
        "k8s.aliyun.com/imc-perfect-matches",
        Some("k8s.aliyun.com/imc-perfect-match")
    )]
    #[case(
        "k8s.aliyun.com/eci-extra-ephemeral-storge",
        Some("k8s.aliyun.com/eci-extra-ephemeral-storage")
    )]
    #[case("aliyun.com/eci-imc-id", Some("k8s.aliyun.com/eci-imc-id"))]
    #[case("k8s.aliyun.com/eci-auto-imc", None)]
    #[case("k8s.aliyun.com/eci-use-specs", None)]
    #[case("k8s.aliyun.com/eci-spot-strategy", None)]
    #[case("k8s.aliyun.com/eci-vswitch", None)]
    #[case("k8s.aliyun.com/eci-security-group", None)]
    #[case("k8s.aliyun.com/eci-ram-role-name", None)]
    #[case("k8s.aliyun.com/imc-cpu-arch", None)]
    #[case("eci-image-cache/decision", None)]
    #[case("example.com/eci-auto-imc", None)]
    #[case("app", None)]
    fn near_misses_of_the_cache_annotations(#[case] key: &str, #[case] meant: Option<&str>) {
        assert_eq!(cache_annotation(key), meant);
    }

    #[rstest]
    #[case(0, "0 images")]
    #[case(1, "1 image")]
    #[case(2, "2 images")]
    fn plurals(#[case] n: usize, #[case] text: &str) {
        assert_eq!(count(n, "image"), text);
    }
}
