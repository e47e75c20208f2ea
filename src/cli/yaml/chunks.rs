//! Cutting a text into documents before parsing, so that a syntax error ends only its own.

/// The text cut at lines that start a document (`---` alone or followed by a space), each
/// piece with the number of lines before it. Directive lines (`%YAML`) stay with the
/// document they introduce.
pub(super) fn chunks(text: &str) -> Vec<(usize, &str)> {
    let mut cuts = vec![(0usize, 0usize)];
    let mut offset = 0;
    let mut directives_from: Option<(usize, usize)> = None;
    for (line, content) in text.split_inclusive('\n').enumerate() {
        let bare = content.trim_end_matches(['\n', '\r']);
        if bare.starts_with('%') {
            directives_from.get_or_insert((line, offset));
        } else if let Some(rest) = bare.strip_prefix("---") {
            if line > 0 && (rest.is_empty() || rest.starts_with([' ', '\t'])) {
                cuts.push(directives_from.unwrap_or((line, offset)));
            }
            directives_from = None;
        } else if !bare.trim_start().starts_with('#') && !bare.trim().is_empty() {
            directives_from = None;
        }
        offset += content.len();
    }
    cuts.dedup_by_key(|c| c.1);
    let ends = cuts.iter().skip(1).map(|c| c.1).chain([text.len()]);
    cuts.iter()
        .zip(ends)
        .map(|(&(line, start), end)| (line, &text[start..end]))
        .collect()
}
