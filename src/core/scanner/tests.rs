use super::*;

fn skips(text: &str, checked: bool) -> bool {
    let mut scanner = Scanner::new(text.as_bytes());
    scanner.skip(checked).is_ok() && scanner.at_end()
}

#[test]
fn finds_the_first_special_byte_in_any_position() {
    // Past two sixteen-byte chunks and their eight-byte tails, in both searches.
    for search in [to_special, to_special_by_words] {
        for len in 0..48 {
            for at in 0..len {
                for special in [b'"', b'\\', 0x00, 0x1f] {
                    let mut bytes = vec![b'a'; len];
                    bytes[at] = special;
                    // A second one later must not hide the first.
                    if at + 1 < len {
                        bytes[len - 1] = b'"';
                    }
                    assert_eq!(search(&bytes), at, "{bytes:?}");
                }
            }
            for plain in [b'a', b' ', b'!', b'#', b'[', b']', 0x7f, 0x80, 0xff] {
                assert_eq!(search(&vec![plain; len]), len, "{plain:#x} × {len}");
            }
        }
    }
}

#[test]
fn finds_each_special_byte_in_turn_across_windows() {
    // Strings searched one after another, as a value's are: from past each special byte
    // found, the next one, whether the searches share a window, cross one, or reach the
    // end of the input, where fewer than 64 bytes are left.
    let naive = |bytes: &[u8], from: usize| {
        bytes[from..]
            .iter()
            .position(|&b| b == b'"' || b == b'\\' || b < 0x20)
            .map_or(bytes.len(), |i| from + i)
    };
    let mut seed = 0x2545_f491_4f6c_dd1d_u64;
    let mut random = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for len in 0..300 {
        for one_in in [2, 7, 31, 97, 1_000] {
            let bytes: Vec<u8> = (0..len)
                .map(|_| {
                    let r = random();
                    if r % one_in == 0 {
                        [b'"', b'\\', 0x00, 0x1f][(r >> 8) as usize % 4]
                    } else {
                        [b'a', b' ', b'{', 0x7f, 0x80, 0xff][(r >> 8) as usize % 6]
                    }
                })
                .collect();
            let mut specials = Specials::NONE;
            let mut pos = 0;
            loop {
                let found = specials.next(&bytes, pos);
                assert_eq!(found, naive(&bytes, pos), "{bytes:?} from {pos}");
                if found >= len {
                    break;
                }
                // Past the byte found, an escape (two or six bytes), or a run of others.
                pos = (found + [1, 2, 6, 70][random() as usize % 4]).min(len);
            }
        }
    }
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
    assert_eq!(
        Scanner::new(b"18446744073709551615").whole_number(),
        Ok(u64::MAX)
    );
    for text in ["18446744073709551616", "-1", "1.0", "1e2"] {
        assert_eq!(
            Scanner::new(text.as_bytes()).whole_number(),
            Err(Unusual),
            "{text}"
        );
    }
}
