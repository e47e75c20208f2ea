use super::*;
use serde_json::json;

fn temp(name: &str, bytes: &[u8]) -> Source {
    let dir = std::env::temp_dir().join(format!("eci-load-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    Source::File(path)
}

#[test]
fn binary_and_non_utf8_files_are_refused_with_their_place() {
    let err = read(&temp("bin.yaml", b"a: 1\nb: \x00\x01")).unwrap_err();
    assert_eq!(
        (err.pos.to_string(), err.message.contains("binary")),
        ("2:4".into(), true)
    );
    let err = read(&temp("latin1.yaml", b"a: 1\nname: caf\xe9\n")).unwrap_err();
    assert_eq!(
        (err.pos.to_string(), err.message.as_str()),
        ("2:10".into(), "not UTF-8 text")
    );
}

#[test]
fn a_file_past_the_limit_is_refused_without_reading_it() {
    let source = temp("big.yaml", b"");
    let Source::File(path) = &source else {
        unreachable!()
    };
    let file = std::fs::File::create(path).unwrap();
    file.set_len(MAX_FILE_BYTES as u64 + 1).unwrap();
    let err = read(&source).unwrap_err();
    assert!(err.message.contains("larger than"), "{err}");
}

#[test]
fn an_unreadable_file_names_itself() {
    let err = read(&Source::File("/nonexistent/x.yaml".into())).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("/nonexistent/x.yaml: cannot be read"),
        "{err}"
    );
}

#[test]
fn lists_give_their_items_and_other_documents_are_problems() {
    let text = "kind: List\nitems:\n- kind: Pod\n- 3\n---\n- a\n---\n";
    let mut all = Vec::new();
    for doc in documents("f.yaml", text, true) {
        let (objects, _, problems) = objects("f.yaml", doc.unwrap());
        all.extend(objects.into_iter().map(|o| (o.document, o.prefix, o.value)));
        all.extend(
            problems
                .into_iter()
                .map(|p| (0, p.to_string(), json!(null))),
        );
    }
    assert_eq!(
        all,
        [
            (1, "/items/0".to_owned(), json!({"kind": "Pod"})),
            (
                0,
                "f.yaml:4:3: document 1 at /items/1: a number is not a Kubernetes object"
                    .to_owned(),
                json!(null)
            ),
            (
                0,
                "f.yaml:6:1: document 2: an array is not a Kubernetes object".to_owned(),
                json!(null)
            ),
        ]
    );
}

#[test]
fn directories_are_searched_in_name_order_for_manifests_only() {
    let dir = std::env::temp_dir().join(format!("eci-walk-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("b/c")).unwrap();
    for f in ["b/c/z.yml", "b/a.json", "a.yaml", "notes.txt"] {
        std::fs::write(dir.join(f), "").unwrap();
    }
    let mut problems = Vec::new();
    let names: Vec<String> = expand(&[dir.clone(), "-".into()], &mut problems)
        .iter()
        .map(|s| s.name().replace(&dir.to_string_lossy().into_owned(), "D"))
        .collect();
    assert_eq!(names, ["D/a.yaml", "D/b/a.json", "D/b/c/z.yml", "<stdin>"]);
    assert!(problems.is_empty());
}
