//! Publication dates as ISO 8601.
//!
//! A date the page writes in ISO 8601's extended form (`YYYY-MM-DD`,
//! optionally `THH:MM[:SS[.fraction]]` and `Z` or `±HH:MM`, as in
//! `<time datetime>`, `article:published_time` and JSON-LD) is kept as
//! written: its offset (`Z` stays `Z`, `+00:00` stays `+00:00`) and its
//! fractional seconds. Only what is not ISO 8601 is rewritten:
//! * missing seconds are written `:00`, a space or `t` separator `T`, a
//!   comma before the fraction `.`, a basic offset `+0100` (or `+01`)
//!   `+01:00`, a lower-case `z` `Z`;
//! * other forms (RFC 2822 `Tue, 05 Mar 2024 10:20:00 +0100`, `2024/03/05
//!   10:20`, `March 5, 2024`) become `YYYY-MM-DDTHH:MM:SS±HH:MM` with the
//!   offset given (`Z` for `GMT`/`UTC`/`UT`), `YYYY-MM-DDTHH:MM:SS`
//!   without one, or `YYYY-MM-DD` when only a date is given.
//!
//! Anything that cannot be parsed as a real calendar date gives `None`.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime};

/// A date/time that the page gave in another form, written with its offset
/// (`Z` only when the source named UTC).
fn fmt_offset(dt: &DateTime<FixedOffset>, utc_named: bool) -> String {
    if utc_named && dt.offset().local_minus_utc() == 0 {
        dt.format("%Y-%m-%dT%H:%M:%SZ").to_string()
    } else {
        dt.format("%Y-%m-%dT%H:%M:%S%:z").to_string()
    }
}

/// `s` (trimmed) when it is an ISO 8601 extended date or date-time, with
/// only the non-ISO parts rewritten (see the module docs); `None` when it
/// is another form or not a real date and time.
fn iso_extended(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let digits = |at: usize, n: usize| digits_of(s.get(at..at + n)?);
    let (y, mo, d) = (digits(0, 4)?, digits(5, 2)?, digits(8, 2)?);
    if b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let year: i32 = y.parse().ok()?;
    if !plausible_year(year) {
        return None;
    }
    NaiveDate::from_ymd_opt(year, mo.parse().ok()?, d.parse().ok()?)?;
    let date = &s[..10];
    if b.len() == 10 {
        return Some(date.to_string());
    }
    let (hh, mm) = (digits(11, 2)?, digits(14, 2)?);
    if !matches!(b[10], b'T' | b't' | b' ') || b[13] != b':' {
        return None;
    }
    let mut rest = &s[16..];
    let mut ss = "00";
    let mut frac = "";
    if let Some(r) = rest.strip_prefix(':') {
        ss = digits(17, 2)?;
        rest = &r[2..];
        if let Some(r) = rest.strip_prefix(['.', ',']) {
            let n = r.bytes().take_while(u8::is_ascii_digit).count();
            if n == 0 {
                return None;
            }
            frac = &r[..n];
            rest = &r[n..];
        }
    }
    NaiveTime::from_hms_opt(hh.parse().ok()?, mm.parse().ok()?, ss.parse().ok()?)?;
    let offset = match rest.trim_start_matches(' ') {
        "" => String::new(),
        "Z" | "z" => "Z".to_string(),
        o => {
            let sign = o.get(..1).filter(|c| matches!(*c, "+" | "-"))?;
            let (oh, om) = match o.len() {
                3 => (digits_of(o.get(1..3)?)?, "00"),
                5 => (digits_of(o.get(1..3)?)?, digits_of(o.get(3..5)?)?),
                6 if o.as_bytes()[3] == b':' => {
                    (digits_of(o.get(1..3)?)?, digits_of(o.get(4..6)?)?)
                }
                _ => return None,
            };
            if oh > "23" || om > "59" {
                return None;
            }
            format!("{sign}{oh}:{om}")
        }
    };
    let dot = if frac.is_empty() { "" } else { "." };
    Some(format!("{date}T{hh}:{mm}:{ss}{dot}{frac}{offset}"))
}

/// `s` when it is all ASCII digits.
fn digits_of(s: &str) -> Option<&str> {
    (!s.is_empty() && s.bytes().all(|c| c.is_ascii_digit())).then_some(s)
}

fn plausible_year(y: i32) -> bool {
    (1000..=9999).contains(&y)
}

const OFFSET_FORMATS: &[&str] = &[
    "%Y-%m-%dT%H:%M:%S%.f%:z",
    "%Y-%m-%dT%H:%M:%S%.f%z",
    "%Y-%m-%dT%H:%M%:z",
    "%Y-%m-%dT%H:%M%z",
    "%Y-%m-%d %H:%M:%S%.f%:z",
    "%Y-%m-%d %H:%M:%S%.f%z",
    "%Y-%m-%d %H:%M:%S%.f %:z",
    "%Y-%m-%d %H:%M:%S%.f %z",
    "%Y-%m-%d %H:%M%:z",
    "%Y-%m-%d %H:%M %z",
    "%Y%m%dT%H%M%S%z",
];

const NAIVE_DATETIME_FORMATS: &[&str] = &[
    "%Y-%m-%dT%H:%M:%S%.f",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%d %H:%M:%S%.f",
    "%Y-%m-%d %H:%M",
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d %H:%M",
    "%Y%m%dT%H%M%S",
];

const DATE_FORMATS: &[&str] = &[
    "%Y-%m-%d",
    "%Y/%m/%d",
    "%Y.%m.%d",
    "%Y%m%d",
    "%B %d, %Y",
    "%B %d %Y",
    "%b %d, %Y",
    "%b %d %Y",
    "%b. %d, %Y",
    "%d %B %Y",
    "%d %b %Y",
    "%d. %B %Y",
    "%A, %B %d, %Y",
    "%a, %b %d, %Y",
    "%A, %d %B %Y",
    "%a, %d %b %Y",
];

/// Normalises a date string found in a page to ISO 8601 (see module docs).
pub fn normalize_date(raw: &str) -> Option<String> {
    let s = raw.trim();
    if s.is_empty() || s.len() > 100 {
        return None;
    }
    if let Some(iso) = iso_extended(s) {
        return Some(iso);
    }
    // A `Z`, ` UTC` or ` GMT` suffix on forms the offset formats do not
    // accept: written as `+00:00` for parsing, and as `Z` in the result.
    let utc_named = ["Z", "z", "UTC", "GMT", "UT"]
        .iter()
        .any(|z| s.ends_with(z));
    let zless;
    let s_off: &str = if let Some(stripped) = s.strip_suffix('Z').or_else(|| s.strip_suffix('z')) {
        zless = format!("{}+00:00", stripped.trim_end());
        &zless
    } else if let Some(stripped) = s.strip_suffix(" UTC").or_else(|| s.strip_suffix(" GMT")) {
        zless = format!("{}+00:00", stripped.trim_end());
        &zless
    } else {
        s
    };
    for f in OFFSET_FORMATS {
        if let Ok(dt) = DateTime::parse_from_str(s_off, f) {
            return plausible_year(chrono::Datelike::year(&dt)).then(|| fmt_offset(&dt, utc_named));
        }
    }
    if let Ok(dt) = DateTime::parse_from_rfc2822(s) {
        return plausible_year(chrono::Datelike::year(&dt)).then(|| fmt_offset(&dt, utc_named));
    }
    for f in NAIVE_DATETIME_FORMATS {
        if let Ok(dt) = NaiveDateTime::parse_from_str(s, f) {
            return plausible_year(chrono::Datelike::year(&dt))
                .then(|| dt.format("%Y-%m-%dT%H:%M:%S").to_string());
        }
    }
    for f in DATE_FORMATS {
        if let Ok(d) = NaiveDate::parse_from_str(s, f) {
            return plausible_year(chrono::Datelike::year(&d))
                .then(|| d.format("%Y-%m-%d").to_string());
        }
    }
    // A leading `YYYY-MM-DD` followed by something we do not understand
    // (e.g. `2024-03-05T10:20:00 CET`): keep the valid date part only.
    if s.len() > 10 && s.is_char_boundary(10) {
        let (head, rest) = s.split_at(10);
        if rest.starts_with(['T', ' ', 't']) {
            if let Ok(d) = NaiveDate::parse_from_str(head, "%Y-%m-%d") {
                return plausible_year(chrono::Datelike::year(&d))
                    .then(|| d.format("%Y-%m-%d").to_string());
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::normalize_date as n;

    #[test]
    fn iso_8601_kept_as_written() {
        let cases: &[(&str, &str)] = &[
            ("2024-03-05T10:20:00+01:00", "2024-03-05T10:20:00+01:00"),
            ("2024-03-05T10:20:00Z", "2024-03-05T10:20:00Z"),
            ("2024-03-05T10:20:00+00:00", "2024-03-05T10:20:00+00:00"),
            ("2024-03-05T10:20:00-00:00", "2024-03-05T10:20:00-00:00"),
            ("2024-03-05T09:20:00.000Z", "2024-03-05T09:20:00.000Z"),
            ("2020-02-29T23:59:59.5+05:30", "2020-02-29T23:59:59.5+05:30"),
            (
                "2024-03-05T10:20:00.123456789-08:00",
                "2024-03-05T10:20:00.123456789-08:00",
            ),
            ("2024-03-05T10:20:00", "2024-03-05T10:20:00"),
            ("2024-03-05", "2024-03-05"),
            (" 2024-03-05T10:20:00Z\n", "2024-03-05T10:20:00Z"),
        ];
        for &(raw, iso) in cases {
            assert_eq!(n(raw).as_deref(), Some(iso), "{raw}");
        }
    }

    #[test]
    fn only_the_non_iso_parts_are_rewritten() {
        let cases: &[(&str, &str)] = &[
            (
                "2024-03-05T10:20:00.123-0530",
                "2024-03-05T10:20:00.123-05:30",
            ),
            ("2024-03-05T10:20+02:00", "2024-03-05T10:20:00+02:00"),
            ("2024-03-05T10:20Z", "2024-03-05T10:20:00Z"),
            ("2024-03-05 10:20:00 +0100", "2024-03-05T10:20:00+01:00"),
            ("2024-03-05 10:20:00+01", "2024-03-05T10:20:00+01:00"),
            ("2024-03-05t10:20:00z", "2024-03-05T10:20:00Z"),
            ("2024-03-05T10:20:00,5+01:00", "2024-03-05T10:20:00.5+01:00"),
            ("2024-03-05 10:20:00 UTC", "2024-03-05T10:20:00Z"),
            ("Tue, 05 Mar 2024 10:20:00 GMT", "2024-03-05T10:20:00Z"),
            (
                "Tue, 05 Mar 2024 10:20:00 +0000",
                "2024-03-05T10:20:00+00:00",
            ),
            (
                "Tue, 05 Mar 2024 10:20:00 +0100",
                "2024-03-05T10:20:00+01:00",
            ),
        ];
        for &(raw, iso) in cases {
            assert_eq!(n(raw).as_deref(), Some(iso), "{raw}");
        }
    }

    #[test]
    fn naive_and_date_only() {
        assert_eq!(
            n("2018-04-05T06:00").as_deref(),
            Some("2018-04-05T06:00:00")
        );
        assert_eq!(n("2024-03-05").as_deref(), Some("2024-03-05"));
        assert_eq!(n(" 2024/03/05 ").as_deref(), Some("2024-03-05"));
        assert_eq!(n("March 5, 2024").as_deref(), Some("2024-03-05"));
        assert_eq!(n("5 March 2024").as_deref(), Some("2024-03-05"));
        assert_eq!(n("2024-03-05T10:20:00 CET").as_deref(), Some("2024-03-05"));
    }

    #[test]
    fn a_bad_time_keeps_the_date() {
        for raw in [
            "2024-03-05T25:00:00Z",
            "2024-03-05T10:20:00+24:00",
            "2024-03-05T10:20:00.Z",
            "2024-03-05T10:20:00 CET",
            "2024-03-05T1é:20",
            "2024-03-05T10:20:00+1é1",
        ] {
            assert_eq!(n(raw).as_deref(), Some("2024-03-05"), "{raw}");
        }
    }

    #[test]
    fn garbage_is_none() {
        assert_eq!(n(""), None);
        assert_eq!(n("yesterday"), None);
        assert_eq!(n("2024-02-30"), None);
        assert_eq!(n("2024-13-01T00:00:00Z"), None);
        assert_eq!(n("12345"), None);
        assert_eq!(n("0999-03-05"), None);
        assert_eq!(n("2024-02-30T10:20:00Z"), None);
    }
}
