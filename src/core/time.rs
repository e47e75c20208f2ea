//! RFC 3339 timestamps, parsed by hand: the core never reads a clock, it only compares
//! the times it is given, and a date crate would cost more than these few lines.

use std::cmp::Ordering;

/// An instant, as seconds and nanoseconds since the Unix epoch, in UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Timestamp {
    seconds: i64,
    nanos: u32,
}

impl Timestamp {
    /// Parses `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`, as Kubernetes writes times.
    pub fn parse(text: &str) -> Result<Timestamp, String> {
        let b = text.as_bytes();
        let malformed =
            || format!("\"{text}\" is not an RFC 3339 time such as 2026-11-27T08:00:00Z");
        if b.len() < 20 || b.len() > 40 {
            return Err(malformed());
        }
        // At most four digits: 32 bits hold them (see `days_from_civil`).
        let num = |from: usize, to: usize| -> Option<i32> {
            let digits = b.get(from..to)?;
            digits.iter().try_fold(0i32, |acc, d| {
                d.is_ascii_digit().then(|| acc * 10 + i32::from(d - b'0'))
            })
        };
        let sep = |at: usize, allowed: &[u8]| b.get(at).is_some_and(|c| allowed.contains(c));
        if !(sep(4, b"-") && sep(7, b"-") && sep(10, b"Tt ") && sep(13, b":") && sep(16, b":")) {
            return Err(malformed());
        }
        let (Some(year), Some(month), Some(day), Some(hour), Some(minute), Some(second)) = (
            num(0, 4),
            num(5, 7),
            num(8, 10),
            num(11, 13),
            num(14, 16),
            num(17, 19),
        ) else {
            return Err(malformed());
        };
        if !(1..=12).contains(&month)
            || day < 1
            || day > days_in_month(year, month)
            || hour > 23
            || minute > 59
            || second > 60
        {
            return Err(format!("\"{text}\" is not a valid date and time"));
        }
        let mut at = 19;
        let mut nanos: u32 = 0;
        if b.get(at) == Some(&b'.') {
            at += 1;
            let start = at;
            while b.get(at).is_some_and(u8::is_ascii_digit) {
                if at - start < 9 {
                    nanos = nanos * 10 + u32::from(b[at] - b'0');
                }
                at += 1;
            }
            if at == start {
                return Err(malformed());
            }
            for _ in (at - start)..9 {
                nanos *= 10;
            }
        }
        let offset_seconds = match b.get(at) {
            Some(b'Z' | b'z') if at + 1 == b.len() => 0,
            Some(sign @ (b'+' | b'-')) if at + 6 == b.len() && sep(at + 3, b":") => {
                let (Some(h), Some(m)) = (num(at + 1, at + 3), num(at + 4, at + 6)) else {
                    return Err(malformed());
                };
                if h > 23 || m > 59 {
                    return Err(malformed());
                }
                let offset = h * 3600 + m * 60;
                if *sign == b'+' {
                    offset
                } else {
                    -offset
                }
            }
            _ => return Err(malformed()),
        };
        let days = days_from_civil(year, month, day);
        // A leap second is counted as the last second of its minute.
        let time_of_day = hour * 3600 + minute * 60 + second.min(59) - offset_seconds;
        let seconds = days * 86_400 + i64::from(time_of_day);
        Ok(Timestamp { seconds, nanos })
    }

    /// The instant `seconds` and `nanos` after the Unix epoch (for front ends that read a clock).
    pub fn from_unix(seconds: i64, nanos: u32) -> Timestamp {
        Timestamp {
            seconds,
            nanos: nanos.min(999_999_999),
        }
    }

    /// Seconds elapsed from `earlier` to `self` (negative when `earlier` is later).
    pub fn seconds_since(&self, earlier: &Timestamp) -> i64 {
        self.seconds - earlier.seconds
    }
}

impl std::fmt::Display for Timestamp {
    /// Formats in UTC as `YYYY-MM-DDTHH:MM:SSZ`, with the fraction when there is one.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let days = self.seconds.div_euclid(86_400);
        let secs = self.seconds.rem_euclid(86_400);
        let (y, m, d) = civil_from_days(days);
        write!(
            f,
            "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}",
            secs / 3600,
            secs % 3600 / 60,
            secs % 60
        )?;
        if self.nanos != 0 {
            let fraction = format!("{:09}", self.nanos);
            write!(f, ".{}", fraction.trim_end_matches('0'))?;
        }
        f.write_str("Z")
    }
}

/// Orders optional times so that a known time sorts before an unknown one when `newest_first`.
pub fn newest_first(a: Option<&Timestamp>, b: Option<&Timestamp>) -> Ordering {
    match (a, b) {
        (Some(a), Some(b)) => b.cmp(a),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i32, month: i32) -> i32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm), for
/// the four-digit years RFC 3339 writes. In 32 bits: their divisions by constants become
/// multiplications in WebAssembly too, where 64-bit ones stay divisions (it has no 64-bit
/// high multiply), and a cache list has two or three times for each cache.
fn days_from_civil(year: i32, month: i32, day: i32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    i64::from(era) * 146_097 + i64::from(doe) - 719_468
}

fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case("1970-01-01T00:00:00Z", 0, 0)]
    #[case("2026-11-27T08:00:00Z", 1_795_766_400, 0)]
    #[case("2026-11-27T10:00:00+02:00", 1_795_766_400, 0)]
    #[case("2026-11-27T07:30:00-00:30", 1_795_766_400, 0)]
    #[case("2024-02-29T12:00:00.5Z", 1_709_208_000, 500_000_000)]
    #[case("2024-02-29t12:00:00.123456789123z", 1_709_208_000, 123_456_789)]
    #[case("1969-12-31T23:59:59Z", -1, 0)]
    fn parses_rfc3339(#[case] text: &str, #[case] seconds: i64, #[case] nanos: u32) {
        assert_eq!(Timestamp::parse(text), Ok(Timestamp { seconds, nanos }));
    }

    #[rstest]
    #[case("")]
    #[case("2026-11-27")]
    #[case("2026-11-27T08:00:00")]
    #[case("2026-13-01T00:00:00Z")]
    #[case("2025-02-29T00:00:00Z")]
    #[case("2026-11-27T24:00:00Z")]
    #[case("2026-11-27T08:00:00.Z")]
    #[case("2026-11-27T08:00:00+0200")]
    #[case("2026-11-27T08:00:00Zjunk")]
    #[case("２０２６-11-27T08:00:00Z")]
    #[case("+2026-11-27T08:00:00Z")]
    fn rejects_what_is_not_rfc3339(#[case] text: &str) {
        assert!(Timestamp::parse(text).is_err(), "{text}");
    }

    #[test]
    fn every_day_of_every_four_digit_year_follows_the_one_before_and_formats_back() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        let mut expected = days_from_civil(0, 1, 1);
        for year in 0..=9999 {
            for month in 1..=12 {
                for day in 1..=days_in_month(year, month) {
                    let days = days_from_civil(year, month, day);
                    assert_eq!(days, expected, "{year}-{month}-{day}");
                    let written = (i64::from(year), i64::from(month), i64::from(day));
                    assert_eq!(civil_from_days(days), written);
                    expected += 1;
                }
            }
        }
    }

    #[test]
    fn formats_back_in_utc() {
        let t = Timestamp::parse("2026-11-27T10:00:00.250+02:00").unwrap();
        assert_eq!(t.to_string(), "2026-11-27T08:00:00.25Z");
        let t = Timestamp::parse("2000-03-01T00:00:00Z").unwrap();
        assert_eq!(t.to_string(), "2000-03-01T00:00:00Z");
    }

    #[test]
    fn orders_known_times_newest_first() {
        let old = Timestamp::parse("2026-01-01T00:00:00Z").unwrap();
        let new = Timestamp::parse("2026-06-01T00:00:00Z").unwrap();
        assert_eq!(newest_first(Some(&new), Some(&old)), Ordering::Less);
        assert_eq!(newest_first(None, Some(&old)), Ordering::Greater);
        assert_eq!(new.seconds_since(&old), 151 * 86_400);
    }
}
