//! Kubernetes resource quantities (`50Gi`, `1.5G`, `1e9`), read exactly, in integers,
//! because a storage size rounded the wrong way changes which cache fits.

const GIB: u128 = 1 << 30;

/// The number of whole GiB a quantity needs, rounded up.
pub fn ceil_gib(text: &str) -> Result<u64, String> {
    let bad = || format!("\"{text}\" is not a Kubernetes quantity such as 50Gi, 10G or 1073741824");
    let text_trim = text.trim();
    if text_trim.is_empty() || text_trim.len() > 64 {
        return Err(bad());
    }
    let (sign_negative, body) = match text_trim.as_bytes()[0] {
        b'-' => (true, &text_trim[1..]),
        b'+' => (false, &text_trim[1..]),
        _ => (false, text_trim),
    };
    let number_end = body
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(body.len());
    let (number, suffix) = body.split_at(number_end);
    let (whole, fraction) = number.split_once('.').unwrap_or((number, ""));
    if whole.is_empty() && fraction.is_empty() || fraction.contains('.') {
        return Err(bad());
    }
    // The value is numerator / 10^scale bytes, times the suffix's multiplier.
    let mut numerator: u128 = 0;
    for d in whole.bytes().chain(fraction.bytes()) {
        numerator = numerator
            .checked_mul(10)
            .and_then(|n| n.checked_add(u128::from(d - b'0')))
            .ok_or_else(too_large(text))?;
    }
    let mut scale = fraction.len() as u32;
    let (multiplier, decimal_exponent): (u128, i32) = match suffix {
        "" => (1, 0),
        "Ki" => (1 << 10, 0),
        "Mi" => (1 << 20, 0),
        "Gi" => (1 << 30, 0),
        "Ti" => (1 << 40, 0),
        "Pi" => (1 << 50, 0),
        "Ei" => (1 << 60, 0),
        "m" => (1, -3),
        "k" => (1, 3),
        "M" => (1, 6),
        "G" => (1, 9),
        "T" => (1, 12),
        "P" => (1, 15),
        "E" => (1, 18),
        exp if exp.starts_with(['e', 'E']) => {
            let digits = &exp[1..];
            let (negative, digits) = match digits.strip_prefix('-') {
                Some(rest) => (true, rest),
                None => (false, digits.strip_prefix('+').unwrap_or(digits)),
            };
            if digits.is_empty() || digits.len() > 3 || !digits.bytes().all(|d| d.is_ascii_digit())
            {
                return Err(bad());
            }
            let value: i32 = digits.parse().map_err(|_| bad())?;
            (1, if negative { -value } else { value })
        }
        _ => return Err(bad()),
    };
    if sign_negative && numerator != 0 {
        return Err(format!(
            "\"{text}\" is negative: storage cannot be taken away"
        ));
    }
    let mut value = numerator
        .checked_mul(multiplier)
        .ok_or_else(too_large(text))?;
    if decimal_exponent >= 0 {
        for _ in 0..decimal_exponent {
            if scale > 0 {
                scale -= 1;
            } else {
                value = value.checked_mul(10).ok_or_else(too_large(text))?;
            }
        }
    } else {
        scale += decimal_exponent.unsigned_abs();
    }
    let denominator = 10u128
        .checked_pow(scale)
        .and_then(|d| d.checked_mul(GIB))
        .ok_or_else(bad)?;
    let gib = value.div_ceil(denominator);
    u64::try_from(gib)
        .ok()
        .filter(|g| *g <= 1 << 40)
        .ok_or_else(too_large(text))
}

/// The quantity a text that is not one most likely meant: `50GB`, `50 gi`, `50GiB` → `50Gi`.
pub fn near_miss(text: &str) -> Option<String> {
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let end = compact
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(compact.len());
    let (number, suffix) = compact.split_at(end);
    let suffix = suffix.to_ascii_lowercase();
    let unit = suffix.strip_suffix('b').unwrap_or(&suffix);
    let unit = unit.strip_suffix('i').unwrap_or(unit);
    let binary = match unit {
        "k" => "Ki",
        "m" => "Mi",
        "g" => "Gi",
        "t" => "Ti",
        "p" => "Pi",
        "e" => "Ei",
        _ => return None,
    };
    let meant = format!("{number}{binary}");
    (meant != text && ceil_gib(&meant).is_ok()).then_some(meant)
}

fn too_large(text: &str) -> impl Fn() -> String + '_ {
    move || format!("\"{text}\" is larger than any storage ECI offers")
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case("50Gi", 50)]
    #[case("0", 0)]
    #[case("1", 1)]
    #[case("1Gi", 1)]
    #[case("1025Mi", 2)]
    #[case("1024Mi", 1)]
    #[case("1.5Gi", 2)]
    #[case("10G", 10)]
    #[case("1073741824", 1)]
    #[case("1073741825", 2)]
    #[case("1e9", 1)]
    #[case("2E9", 2)]
    #[case("100e-3", 1)]
    #[case("500m", 1)]
    #[case("1Ti", 1024)]
    #[case(".5Gi", 1)]
    #[case("+20Gi", 20)]
    #[case(" 20Gi ", 20)]
    fn rounds_up_to_whole_gib(#[case] text: &str, #[case] gib: u64) {
        assert_eq!(ceil_gib(text), Ok(gib));
    }

    #[rstest]
    #[case("50GB", Some("50Gi"))]
    #[case("50 Gi", Some("50Gi"))]
    #[case("50gi", Some("50Gi"))]
    #[case("20GiB", Some("20Gi"))]
    #[case("512mb", Some("512Mi"))]
    #[case("lots", None)]
    #[case("Gi", None)]
    #[case("1.2.3GB", None)]
    fn near_misses_suggest_the_binary_unit(#[case] text: &str, #[case] meant: Option<&str>) {
        assert_eq!(near_miss(text).as_deref(), meant);
        if let Some(meant) = meant {
            assert!(ceil_gib(text).is_err() && ceil_gib(meant).is_ok());
        }
    }

    #[rstest]
    #[case("")]
    #[case("Gi")]
    #[case("50GB")]
    #[case("50 Gi")]
    #[case("1.2.3Gi")]
    #[case("-5Gi")]
    #[case("1e")]
    #[case("1e99999")]
    #[case("99999999999999999999999999999999999999999999Ei")]
    #[case("ten")]
    #[case("５Gi")]
    fn rejects_what_is_not_a_quantity(#[case] text: &str) {
        assert!(ceil_gib(text).is_err(), "{text}");
    }
}
