//! Publication date normalisation to ISO 8601.
//!
//! Output forms:
//! * `YYYY-MM-DDTHH:MM:SS+HH:MM` when the source gives a time and an offset
//!   (the offset is kept as given; a zero offset is written `Z`);
//! * `YYYY-MM-DDTHH:MM:SS` when the source gives a time without any offset;
//! * `YYYY-MM-DD` when the source gives only a date.
//!
//! Anything that cannot be parsed as a real calendar date gives `None`.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime};

fn fmt_offset(dt: &DateTime<FixedOffset>) -> String {
    let secs = dt.offset().local_minus_utc();
    if secs == 0 {
        dt.format("%Y-%m-%dT%H:%M:%SZ").to_string()
    } else {
        dt.format("%Y-%m-%dT%H:%M:%S%:z").to_string()
    }
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
    // Full RFC 3339 (covers `Z`, fractional seconds, `+01:00`).
    if let Ok(dt) = DateTime::parse_from_rfc3339(s) {
        return plausible_year(chrono::Datelike::year(&dt)).then(|| fmt_offset(&dt));
    }
    // `Z` suffix on forms RFC 3339 does not accept (no seconds, space separator).
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
            return plausible_year(chrono::Datelike::year(&dt)).then(|| fmt_offset(&dt));
        }
    }
    if let Ok(dt) = DateTime::parse_from_rfc2822(s) {
        return plausible_year(chrono::Datelike::year(&dt)).then(|| fmt_offset(&dt));
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
    fn offsets_kept() {
        assert_eq!(
            n("2024-03-05T10:20:00+01:00").as_deref(),
            Some("2024-03-05T10:20:00+01:00")
        );
        assert_eq!(
            n("2024-03-05T10:20:00.123-0530").as_deref(),
            Some("2024-03-05T10:20:00-05:30")
        );
        assert_eq!(
            n("2024-03-05T10:20+02:00").as_deref(),
            Some("2024-03-05T10:20:00+02:00")
        );
        assert_eq!(
            n("2024-03-05 10:20:00 +0100").as_deref(),
            Some("2024-03-05T10:20:00+01:00")
        );
    }

    #[test]
    fn utc_is_z() {
        assert_eq!(
            n("2024-03-05T10:20:00Z").as_deref(),
            Some("2024-03-05T10:20:00Z")
        );
        assert_eq!(
            n("2024-03-05T10:20:00+00:00").as_deref(),
            Some("2024-03-05T10:20:00Z")
        );
        assert_eq!(
            n("2024-03-05T10:20Z").as_deref(),
            Some("2024-03-05T10:20:00Z")
        );
        assert_eq!(
            n("Tue, 05 Mar 2024 10:20:00 GMT").as_deref(),
            Some("2024-03-05T10:20:00Z")
        );
        assert_eq!(
            n("Tue, 05 Mar 2024 10:20:00 +0100").as_deref(),
            Some("2024-03-05T10:20:00+01:00")
        );
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
    fn garbage_is_none() {
        assert_eq!(n(""), None);
        assert_eq!(n("yesterday"), None);
        assert_eq!(n("2024-02-30"), None);
        assert_eq!(n("2024-13-01T00:00:00Z"), None);
        assert_eq!(n("12345"), None);
    }
}
