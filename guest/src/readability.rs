//! The adapter to readability (dom_smoothie): its view of the metadata
//! and Readability.js's byline search (see `byline`); `meta::merge` decides
//! between its metadata and the page's.

use dom_query::Document;

use crate::{byline, normalize_date, util};

/// Readability's own view of the metadata (JSON-LD, then meta tags, then
/// `<title>` with its separator heuristics), plus, in article mode, the byline
/// found in the content and the excerpt (first paragraph of the content when
/// the page has no description).
#[derive(Default)]
pub(crate) struct ReadabilityMeta {
    pub(crate) title: Option<String>,
    pub(crate) byline: Option<String>,
    pub(crate) excerpt: Option<String>,
    pub(crate) site_name: Option<String>,
    pub(crate) published: Option<String>,
    /// Readability extracted an article: its byline, excerpt and site name
    /// are final (no fallback to looser rules, which mostly add false
    /// positives such as comment authors or app names).
    pub(crate) authoritative: bool,
}

pub(crate) fn non_empty(s: Option<String>) -> Option<String> {
    s.map(|v| util::norm_ws(&invalid_char_refs_to_replacement(&v)))
        .filter(|v| !v.is_empty())
}

/// Numeric character references left undecoded because they name no
/// character (`&#x0;`, `&#xFFFFFFFF;`, surrogates) become U+FFFD, as an
/// HTML parser would decode them.
pub(crate) fn invalid_char_refs_to_replacement(s: &str) -> String {
    if !s.contains("&#") {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find("&#") {
        out.push_str(&rest[..i]);
        let tail = &rest[i + 2..];
        let (hex, digits_start) = match tail.as_bytes().first() {
            Some(b'x' | b'X') => (true, 1),
            _ => (false, 0),
        };
        let digits: String = tail[digits_start..]
            .chars()
            .take_while(|c| {
                if hex {
                    c.is_ascii_hexdigit()
                } else {
                    c.is_ascii_digit()
                }
            })
            .collect();
        let end = digits_start + digits.len();
        if !digits.is_empty() && tail[end..].starts_with(';') {
            let value = u64::from_str_radix(&digits, if hex { 16 } else { 10 }).unwrap_or(u64::MAX);
            let ch = u32::try_from(value)
                .ok()
                .filter(|v| *v != 0)
                .and_then(char::from_u32)
                .unwrap_or('\u{fffd}');
            out.push(ch);
            rest = &tail[end + 1..];
        } else {
            out.push_str("&#");
            rest = tail;
        }
    }
    out.push_str(rest);
    out
}

impl ReadabilityMeta {
    pub(crate) fn from_parts(
        title: String,
        byline: Option<String>,
        excerpt: Option<String>,
        site: Option<String>,
        published: Option<String>,
    ) -> Self {
        ReadabilityMeta {
            title: non_empty(Some(title)),
            byline: non_empty(byline),
            excerpt: non_empty(excerpt),
            site_name: non_empty(site),
            published: published.as_deref().and_then(normalize_date),
            authoritative: false,
        }
    }
}

/// Readability's metadata without extracting content (metadata, full and
/// custom modes). Gives the document back.
pub(crate) fn readability_meta(doc: Document) -> (Document, ReadabilityMeta) {
    match dom_smoothie::Readability::with_document(doc, None, None) {
        Ok(r) => {
            let m = r.get_article_metadata(r.parse_json_ld());
            let meta = ReadabilityMeta::from_parts(
                m.title,
                m.byline,
                m.excerpt,
                m.site_name,
                m.published_time,
            );
            (r.doc, meta)
        }
        Err(_) => unreachable!("no URL given, so the document is always accepted"),
    }
}

/// The byline Readability.js takes from the page's elements (when its
/// metadata has none): the first one outside what its first attempt strips;
/// if there is none there, the first one its next attempt sees, provided
/// the first attempt would extract under `char_threshold` characters and so
/// be retried (measured by running that attempt alone on a stripped copy).
pub(crate) fn readability_byline(doc: &Document, cfg: &dom_smoothie::Config) -> Option<String> {
    let found = byline::find(doc);
    if found.first_attempt.is_some() {
        return found.first_attempt;
    }
    let later = found.later_attempt?;
    let first = byline::first_attempt_document(doc);
    // With no threshold the first attempt's result is returned as is.
    let once = dom_smoothie::Config {
        char_threshold: 0,
        ..cfg.clone()
    };
    let chars = dom_smoothie::Readability::with_document(first, None, Some(once))
        .ok()
        .and_then(|mut r| r.parse().ok())
        .map_or(0, |a| util::norm_ws(&a.text_content).chars().count());
    (chars < cfg.char_threshold).then_some(later)
}
