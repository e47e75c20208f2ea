use super::*;
use serde_json::json;

fn ok(text: &str) -> Vec<Document> {
    documents(text, true)
        .map(|d| d.expect("document reads"))
        .collect()
}

#[test]
fn reads_every_document_with_its_number() {
    let docs = ok("---\n# Source: chart/a.yaml\na: 1\n---\nb: [x, 'y']\n...\n---\n");
    let values: Vec<&Value> = docs.iter().map(|d| &d.value).collect();
    assert_eq!(
        values,
        [&json!({"a": 1}), &json!({"b": ["x", "y"]}), &Value::Null]
    );
    assert_eq!(docs.iter().map(|d| d.number).collect::<Vec<_>>(), [1, 2, 3]);
}

#[test]
fn places_members_at_their_key_and_items_at_their_start() {
    let text = "kind: Pod\nspec:\n  containers:\n    - name: a\n      image: nginx\n";
    let docs = ok(&format!("x: 1\n---\n{text}"));
    let p = &docs[1].positions;
    let at = |ptr| p.locate(ptr).to_string();
    assert_eq!(at(""), "3:1");
    assert_eq!(at("/kind"), "3:1");
    assert_eq!(at("/spec/containers"), "5:3");
    assert_eq!(at("/spec/containers/0"), "6:7");
    assert_eq!(at("/spec/containers/0/image"), "7:7");
    // A field that does not exist lands on its deepest existing ancestor.
    assert_eq!(at("/spec/containers/0/imagePullPolicy"), "6:7");
    assert_eq!(at("/metadata/annotations/x"), "3:1");
}

#[test]
fn json_is_read_with_positions_too() {
    let docs = ok("{\n  \"kind\": \"Pod\",\n  \"spec\": {\"containers\": []}\n}\n");
    assert_eq!(
        docs[0].value,
        json!({"kind": "Pod", "spec": {"containers": []}})
    );
    assert_eq!(
        docs[0].positions.locate("/spec/containers").to_string(),
        "3:12"
    );
}

#[test]
fn scalars_follow_the_yaml_1_2_core_schema() {
    let docs = ok("a: yes\nb: on\nc: true\nd: ~\ne: 0x1f\nf: 1.5e3\ng: '1'\nh: !!str 2\ni: .inf\nj: 18446744073709551615\nk: 1_000\n");
    assert_eq!(
        docs[0].value,
        json!({"a": "yes", "b": "on", "c": true, "d": null, "e": 31, "f": 1500.0,
               "g": "1", "h": "2", "i": ".inf", "j": 18446744073709551615u64, "k": "1_000"})
    );
}

#[test]
fn a_syntax_error_ends_only_its_own_document() {
    let out: Vec<_> = documents("a: 1\n---\nb: [1, 2\n---\nc: 3\n", true).collect();
    assert_eq!(out.len(), 3);
    let err = out[1].as_ref().expect_err("broken document");
    assert_eq!(err.number, 2);
    assert!(err.pos.line >= 3, "{err:?}");
    assert_eq!(
        out[2].as_ref().map(|d| d.value.clone()).ok(),
        Some(json!({"c": 3}))
    );
}

#[test]
fn an_alias_bomb_is_refused_at_the_alias() {
    let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..9 {
        let refs = vec![format!("*a{}", i - 1); 10].join(", ");
        text.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
    }
    text.push_str("---\nafter: 1\n");
    let out: Vec<_> = documents(&text, true).collect();
    let err = out[0].as_ref().expect_err("refused");
    assert!(err.message.contains("aliases expand"), "{err:?}");
    assert_eq!(
        out[1].as_ref().map(|d| d.value.clone()).ok(),
        Some(json!({"after": 1}))
    );
}

#[test]
fn small_aliases_expand() {
    let docs = ok("base: &b {x: 1}\ncopy: *b\n");
    assert_eq!(docs[0].value, json!({"base": {"x": 1}, "copy": {"x": 1}}));
}

#[test]
fn duplicate_keys_deep_nesting_and_complex_keys_are_errors() {
    let cases = [
        ("a: 1\na: 2\n", "appears twice", "2:1"),
        (
            &format!("{}1{}", "[".repeat(200), "]".repeat(200)),
            "nested deeper",
            "1:101",
        ),
        ("? [a]\n: 1\n", "must be a scalar", "1:3"),
    ];
    for (text, part, at) in cases {
        let out: Vec<_> = documents(text, true).collect();
        let err = out[0].as_ref().expect_err(text);
        assert!(err.message.contains(part), "{err:?}");
        assert_eq!(err.pos.to_string(), at, "{text}");
    }
}

#[test]
fn directives_stay_with_their_document() {
    let docs = ok("a: 1\n%YAML 1.2\n---\nb: 2\n");
    assert_eq!(docs.len(), 2);
    assert_eq!(docs[1].positions.locate("/b").to_string(), "4:1");
}

#[test]
fn comments_before_the_first_marker_are_no_document() {
    let docs = ok("# header\n---\na: 1\n");
    assert_eq!(docs.len(), 1);
    assert_eq!(docs[0].number, 1);
}

#[test]
fn a_second_read_keeps_only_the_positions_asked_for() {
    let text = "a: 1\n---\nitems:\n- name: x\n  spec: {images: [Nginx]}\n";
    let wanted = HashMap::from([(
        2,
        HashSet::from(["/items/0/spec/images/0".to_owned(), "/items/0".to_owned()]),
    )]);
    let docs: Vec<Document> = read(text, Keep::Only(&wanted), None).flatten().collect();
    assert_eq!(docs[0].positions.locate("/a"), Pos::default());
    assert_eq!(
        docs[1]
            .positions
            .locate("/items/0/spec/images/0")
            .to_string(),
        "5:19"
    );
    // /items/0/name was not asked for: its ancestor /items/0 answers.
    assert_eq!(docs[1].positions.locate("/items/0/name").to_string(), "4:3");
}

#[test]
fn list_items_go_through_the_hook_as_they_are_read() {
    fn keep_name(item: Value) -> Value {
        json!({"name": item.get("name")})
    }
    let text = "kind: List\nitems:\n- {name: a, big: [1, 2, 3]}\n- {name: b, big: {x: 1}}\n";
    let docs: Vec<Document> = read(text, Keep::Nothing, Some(keep_name))
        .flatten()
        .collect();
    assert_eq!(
        docs[0].value,
        json!({"kind": "List", "items": [{"name": "a"}, {"name": "b"}]})
    );
}
