use super::*;

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
