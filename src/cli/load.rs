//! Reading the user's files: paths and directories into sources, sources into the objects
//! of their documents. Every problem becomes a [`Problem`] naming the file and place; the
//! other files and documents are still read.

use std::io::Read;
use std::path::{Path, PathBuf};

use serde_json::Value;

use super::yaml::{self, Document, ItemHook, Keep, Pos, Positions};
use crate::core::json::type_name;
use crate::core::limits::MAX_INPUT_BYTES;

/// Bytes read from one file or from standard input.
pub const MAX_FILE_BYTES: usize = MAX_INPUT_BYTES;

/// A problem with the input itself: the exit status becomes 2.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub file: String,
    pub pos: Pos,
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.pos == Pos::default() {
            write!(f, "{}: {}", self.file, self.message)
        } else {
            write!(f, "{}:{}: {}", self.file, self.pos, self.message)
        }
    }
}

/// Where text comes from: a file, or standard input (`-`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Source {
    File(PathBuf),
    Stdin,
}

impl Source {
    /// A path as the user gave it: `-` is standard input.
    pub fn from_path(path: &Path) -> Source {
        if path.as_os_str() == "-" {
            Source::Stdin
        } else {
            Source::File(path.to_owned())
        }
    }

    /// The name printed in front of every position.
    pub fn name(&self) -> String {
        match self {
            Source::File(path) => path.to_string_lossy().into_owned(),
            Source::Stdin => "<stdin>".to_owned(),
        }
    }
}

fn problem(file: &str, message: impl Into<String>) -> Problem {
    Problem {
        file: file.to_owned(),
        pos: Pos::default(),
        message: message.into(),
    }
}

/// The sources the paths name: files as given, directories searched recursively for
/// `.yaml`, `.yml` and `.json` files in name order (symbolic links to directories are not
/// followed, so a loop cannot hang the walk), `-` for standard input.
pub fn expand(paths: &[PathBuf], problems: &mut Vec<Problem>) -> Vec<Source> {
    let mut out = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            out.push(Source::Stdin);
        } else if path.is_dir() {
            walk(path, &mut out, problems);
        } else {
            out.push(Source::File(path.clone()));
        }
    }
    out
}

fn walk(dir: &Path, out: &mut Vec<Source>, problems: &mut Vec<Problem>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => return problems.push(problem(&dir.to_string_lossy(), e.to_string())),
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        let Ok(meta) = std::fs::symlink_metadata(&path) else {
            continue;
        };
        if meta.is_dir() {
            walk(&path, out, problems);
        } else if matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("yaml" | "yml" | "json")
        ) {
            out.push(Source::File(path));
        }
    }
}

/// The text of a source, refused when it is too large, not UTF-8, or binary.
pub fn read(source: &Source) -> Result<String, Problem> {
    let name = source.name();
    let mut bytes = Vec::new();
    let limit = MAX_FILE_BYTES as u64 + 1;
    let result = match source {
        Source::Stdin => std::io::stdin().lock().take(limit).read_to_end(&mut bytes),
        Source::File(path) => std::fs::File::open(path).and_then(|f| {
            match f.metadata() {
                Ok(m) if m.len() >= limit => return Ok(m.len() as usize),
                _ => {}
            }
            f.take(limit).read_to_end(&mut bytes)
        }),
    };
    match result {
        Err(e) => Err(problem(&name, format!("cannot be read: {e}"))),
        Ok(n) if n > MAX_FILE_BYTES => Err(problem(
            &name,
            format!(
                "is larger than {MAX_FILE_BYTES} bytes: split it, or check the parts one by one"
            ),
        )),
        Ok(_) => text(&name, bytes),
    }
}

fn text(name: &str, bytes: Vec<u8>) -> Result<String, Problem> {
    let at = |offset: usize, message: String| {
        let before = &bytes[..offset];
        let line = before.iter().filter(|b| **b == b'\n').count() + 1;
        let start = before
            .iter()
            .rposition(|b| *b == b'\n')
            .map_or(0, |p| p + 1);
        let column = String::from_utf8_lossy(&before[start..]).chars().count() + 1;
        Problem {
            file: name.to_owned(),
            pos: Pos { line, column },
            message,
        }
    };
    if let Some(nul) = bytes.iter().position(|b| *b == 0) {
        return Err(at(
            nul,
            "a binary file (it holds a NUL byte), not YAML or JSON".into(),
        ));
    }
    String::from_utf8(bytes.clone())
        .map_err(|e| at(e.utf8_error().valid_up_to(), "not UTF-8 text".into()))
}

/// One object of a document: the document itself, or an item of a `List`.
pub struct Object {
    pub document: usize,
    /// The object's JSON Pointer in its document: `""`, or `/items/3` in a list.
    pub prefix: String,
    pub value: Value,
}

/// The objects of one document: a `List` (or `…List`) gives its items; an empty document
/// gives none; anything but an object is a problem.
pub fn objects(file: &str, doc: Document) -> (Vec<Object>, Positions, Vec<Problem>) {
    let Document {
        number,
        value,
        positions,
    } = doc;
    let mut problems = Vec::new();
    let mut out = Vec::new();
    let not_object = |pointer: &str, value: &Value, positions: &Positions| Problem {
        file: file.to_owned(),
        pos: positions.locate(pointer),
        message: format!(
            "document {number}{}: {} is not a Kubernetes object",
            if pointer.is_empty() {
                String::new()
            } else {
                format!(" at {pointer}")
            },
            type_name(value)
        ),
    };
    match value {
        Value::Null => {}
        Value::Object(mut map) if is_list(&map) => {
            if let Some(Value::Array(items)) = map.remove("items") {
                for (i, item) in items.into_iter().enumerate() {
                    let prefix = format!("/items/{i}");
                    if item.is_object() {
                        out.push(Object {
                            document: number,
                            prefix,
                            value: item,
                        });
                    } else {
                        problems.push(not_object(&prefix, &item, &positions));
                    }
                }
            }
        }
        value @ Value::Object(_) => out.push(Object {
            document: number,
            prefix: String::new(),
            value,
        }),
        other => problems.push(not_object("", &other, &positions)),
    }
    (out, positions, problems)
}

fn is_list(map: &serde_json::Map<String, Value>) -> bool {
    let kind = map.get("kind").and_then(Value::as_str).unwrap_or_default();
    kind.ends_with("List") && map.get("items").is_some_and(Value::is_array)
}

/// The documents of a source, a problem for each that cannot be read.
pub fn documents<'t>(
    file: &'t str,
    text: &'t str,
    positions: bool,
) -> impl Iterator<Item = Result<Document, Problem>> + 't {
    let keep = if positions { Keep::All } else { Keep::Nothing };
    documents_with(file, text, keep, None)
}

/// The same, keeping the positions `keep` names, each list item through `item`.
pub fn documents_with<'t>(
    file: &'t str,
    text: &'t str,
    keep: Keep<'t>,
    item: Option<ItemHook>,
) -> impl Iterator<Item = Result<Document, Problem>> + 't {
    yaml::read(text, keep, item).map(move |d| {
        d.map_err(|e| Problem {
            file: file.to_owned(),
            pos: e.pos,
            message: format!("document {}: {}", e.number, e.message),
        })
    })
}

#[cfg(test)]
mod tests;
