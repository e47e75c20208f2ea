//! The names the core knows, for editors and other tools: every annotation it reads, the
//! ImageCache fields its rules read, and every diagnostic code. One table each, in the core
//! ([`annotation`], [`field`], and the `codes!` catalogue of `diagnostic.rs`); rendered as
//! JSON into `npm/vocabulary.json` by `make docs`, and a test fails when that file and the
//! code differ. No WebAssembly export carries it (docs/decisions.md says why).

pub mod annotation;
pub mod field;

use serde::Serialize;
use serde_json::Value;

use super::diagnostic::{Code, Severity};
use annotation::{Annotation, Target, ValueKind};
use field::FIELDS;

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Vocabulary {
    #[serde(rename = "$comment")]
    comment: &'static str,
    annotations: Vec<AnnotationEntry>,
    image_cache_fields: Vec<FieldEntry>,
    codes: Vec<CodeEntry>,
}

/// One name of an annotation: the current and the older name of one annotation are two
/// entries, each naming the other.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct AnnotationEntry {
    name: &'static str,
    /// `pod` or `ImageCache`.
    on: &'static str,
    description: String,
    value: ValueEntry,
    examples: &'static [&'static str],
    #[serde(skip_serializing_if = "Option::is_none")]
    older_name: Option<&'static str>,
    /// On an older name: the name that replaced it.
    #[serde(skip_serializing_if = "Option::is_none")]
    current_name: Option<&'static str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ValueEntry {
    kind: &'static str,
    description: String,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    choices: &'static [&'static str],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct FieldEntry {
    path: &'static str,
    description: &'static str,
    rule: &'static str,
    example: Value,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    choices: &'static [&'static str],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct CodeEntry {
    code: &'static str,
    severity: Severity,
    title: &'static str,
    example: &'static str,
    fix: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    automatic_fix: Option<&'static str>,
}

fn value_entry(kind: ValueKind) -> ValueEntry {
    let (name, description) = match kind {
        ValueKind::Boolean => (
            "boolean",
            "\"true\" or \"false\" (ECI also reads 1/0 and t/f, in any case)".to_owned(),
        ),
        ValueKind::CacheId => (
            "cache-id",
            "an image cache id: imc- followed by lower-case letters and digits".to_owned(),
        ),
        ValueKind::PositiveInteger => (
            "positive-integer",
            "a whole number from 1, as a string".to_owned(),
        ),
        ValueKind::Quantity => (
            "quantity",
            "a Kubernetes quantity such as 50Gi, rounded up to whole GiB".to_owned(),
        ),
        ValueKind::OneOf(words) => {
            let (first, rest) = words.split_first().unwrap_or((&"", &[]));
            (
                "one-of",
                format!("{first} (the default) or {}", rest.join(" or ")),
            )
        }
    };
    ValueEntry {
        kind: name,
        description,
        choices: kind.choices(),
    }
}

fn annotation_entries(annotation: Annotation) -> Vec<AnnotationEntry> {
    let entry = |name, description: String, older_name, current_name| AnnotationEntry {
        name,
        on: match annotation.target() {
            Target::Pod => "pod",
            Target::ImageCache => "ImageCache",
        },
        description,
        value: value_entry(annotation.value()),
        examples: annotation.examples(),
        older_name,
        current_name,
    };
    let current = annotation.name();
    let mut entries = vec![entry(
        current,
        annotation.description().to_owned(),
        annotation.older_name(),
        None,
    )];
    if let Some(older) = annotation.older_name() {
        entries.push(entry(
            older,
            format!(
                "The older name of {current}, still read; the current name wins when both are set. {}",
                annotation.description()
            ),
            None,
            Some(current),
        ));
    }
    entries
}

/// The vocabulary as pretty-printed JSON: the content of `npm/vocabulary.json`.
pub fn json() -> String {
    let vocabulary = Vocabulary {
        comment: "Generated from src/core (vocabulary/, diagnostic.rs) by `make docs`; a test fails when this file and the code differ.",
        annotations: Annotation::ALL
            .iter()
            .flat_map(|a| annotation_entries(*a))
            .collect(),
        image_cache_fields: FIELDS
            .iter()
            .map(|f| FieldEntry {
                path: f.path,
                description: f.description,
                rule: f.rule,
                example: serde_json::from_str(f.example).unwrap_or(Value::Null),
                choices: f.choices,
            })
            .collect(),
        codes: Code::ALL
            .iter()
            .map(|code| {
                let entry = code.entry();
                CodeEntry {
                    code: code.as_str(),
                    severity: entry.severity,
                    title: entry.title,
                    example: entry.example,
                    fix: entry.fix,
                    automatic_fix: code.automatic_fix(),
                }
            })
            .collect(),
    };
    let mut text = serde_json::to_string_pretty(&vocabulary).unwrap_or_default();
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::annotations;
    use crate::core::pointer::Pointer;
    use serde_json::json;

    #[test]
    fn docs_match_the_vocabulary() {
        crate::core::assert_generated("npm/vocabulary.json", &json());
    }

    #[test]
    fn every_name_and_code_is_in_it() {
        let v: Value = serde_json::from_str(&json()).unwrap();
        let names: Vec<&str> = v["annotations"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["name"].as_str().unwrap())
            .collect();
        for name in annotation::POD_ONLY {
            assert!(names.contains(name), "{name}");
        }
        assert_eq!(v["codes"].as_array().unwrap().len(), Code::ALL.len());
        assert!(v["imageCacheFields"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| !f["example"].is_null()));
        let older = v["annotations"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["name"] == "k8s.aliyun.com/eci-image-snapshot-id")
            .unwrap();
        assert_eq!(older["currentName"], "k8s.aliyun.com/eci-imc-id");
    }

    /// Every example of a pod annotation, written on a pod, reads without a diagnostic.
    #[test]
    fn pod_examples_read_cleanly() {
        for a in Annotation::ALL.iter().filter(|a| a.target() == Target::Pod) {
            for example in a.examples() {
                let mut diags = Vec::new();
                let base = Pointer::from_static("/metadata/annotations");
                annotations::read(Some(&json!({a.name(): example})), &base, &mut diags);
                assert!(diags.is_empty(), "{a:?} {example}: {diags:?}");
            }
        }
    }
}
