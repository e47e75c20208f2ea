use super::*;

fn skips(text: &str, checked: bool) -> bool {
    let mut scanner = Scanner::new(text.as_bytes());
    scanner.skip(checked).is_ok() && scanner.at_end()
}

#[test]
fn skips_what_serde_json_accepts_and_gives_up_on_what_it_refuses() {
    let accepted = [
        r#"{"a": [1, -2.5e+3, 0, true, false, null, "x\"\\\/\b\f\n\r\t\u00e9"]}"#,
        r#" [ ] "#,
        r#"{}"#,
        "\"\u{e9}t\u{e9}\"",
        r#""\ud800""#,
    ];
    for text in accepted {
        assert!(serde_json::from_str::<serde::de::IgnoredAny>(text).is_ok());
        assert!(skips(text, false), "{text}");
    }
    let refused = [
        "[1,]",
        "{\"a\":1,}",
        "{\"a\" 1}",
        "01",
        "1.",
        "1e",
        "-",
        "tru",
        "\"a",
        "\"\\x\"",
        "\"\\u12g4\"",
        "\"\t\"",
        "[1 2]",
        "{1:2}",
        "",
        "nul",
    ];
    for text in refused {
        assert!(serde_json::from_str::<serde::de::IgnoredAny>(text).is_err());
        assert!(!skips(text, false), "{text}");
    }
}

#[test]
fn checked_gives_up_where_reading_within_the_limits_could_refuse() {
    for text in [
        r#""\ud800""#,
        "1e400",
        "1.5",
        "123456789012345678901",
        r#"{"\ud800":1}"#,
    ] {
        assert!(skips(text, false), "{text}");
        assert!(!skips(text, true), "{text}");
    }
    let invalid = [b'"', 0xff, b'"'];
    assert!(Scanner::new(&invalid).skip(false).is_ok());
    assert!(Scanner::new(&invalid).skip(true).is_err());
    let long = format!("\"{}\"", "x".repeat(MAX_STRING_BYTES + 1));
    assert!(skips(&long, false));
    assert!(!skips(&long, true));
}

#[test]
fn gives_up_on_deep_nesting_before_any_limit() {
    let nested = |depth: usize| format!("{}{}", "[".repeat(depth), "]".repeat(depth));
    assert!(skips(&nested(MAX_SCAN_DEPTH), false));
    assert!(!skips(&nested(MAX_SCAN_DEPTH + 1), false));
    assert!(!skips(&nested(100_000), false));
}

#[test]
fn reads_strings_without_escapes_and_whole_numbers_that_fit() {
    assert_eq!(Scanner::new(br#" "abc" "#).string(), Ok("abc"));
    assert_eq!(Scanner::new(br#""a\nb""#).string(), Err(Unusual));
    // Past ASCII, the bytes are checked as UTF-8.
    assert_eq!(
        Scanner::new("\"\u{e9}t\u{e9}\"".as_bytes()).string(),
        Ok("\u{e9}t\u{e9}")
    );
    assert_eq!(
        Scanner::new(&[b'"', b'a', 0xff, b'"']).string(),
        Err(Unusual)
    );
    assert_eq!(Scanner::new(&[b'"', 0xc3, b'"']).string(), Err(Unusual));
    for n in [0, 7, 10, 1_844_674_407_370_955_161, u64::MAX - 1, u64::MAX] {
        assert_eq!(Scanner::new(n.to_string().as_bytes()).whole_number(), Ok(n));
    }
    for text in [
        "18446744073709551616",
        "18446744073709551620",
        "184467440737095516150",
        "-1",
        "1.0",
        "1e2",
    ] {
        assert_eq!(
            Scanner::new(text.as_bytes()).whole_number(),
            Err(Unusual),
            "{text}"
        );
    }
}
