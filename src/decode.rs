//! Bytes to UTF-8, following the WHATWG encoding-sniffing order:
//! 1. a byte order mark;
//! 2. the caller's charset (transport layer: a label such as `iso-8859-1` or a
//!    whole `Content-Type` value such as `text/html; charset=Shift_JIS`);
//! 3. a `<meta charset>` / `<meta http-equiv="content-type">` declaration in
//!    the first 1024 bytes (the HTML "prescan") — except that bytes which are
//!    valid UTF-8 and contain non-ASCII text are taken as UTF-8 whatever the
//!    meta says (a page re-encoded to UTF-8 that kept its old declaration is
//!    common; legacy multi-byte text that happens to be valid UTF-8 is not);
//! 4. otherwise UTF-8 when the bytes are valid UTF-8, else a guess by
//!    `chardetng` (the detector Firefox uses).
//!
//! Malformed sequences become U+FFFD; decoding never fails.

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8, WINDOWS_1252, X_USER_DEFINED};
use std::borrow::Cow;

/// How the encoding was chosen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    Bom,
    CallerHint,
    MetaPrescan,
    Utf8Valid,
    Detected,
}

/// The decoded text, the encoding used and why it was chosen.
pub struct Decoded<'a> {
    pub text: Cow<'a, str>,
    pub encoding: &'static Encoding,
    pub source: Source,
    pub had_errors: bool,
}

/// Decodes `bytes` to UTF-8 (borrowing when they already are valid UTF-8).
pub fn decode<'a>(bytes: &'a [u8], hint: Option<&str>) -> Decoded<'a> {
    let (encoding, source) = sniff(bytes, hint);
    let (text, had_errors) = if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        debug_assert!(std::ptr::eq(enc, encoding));
        enc.decode_without_bom_handling(&bytes[bom_len..])
    } else {
        encoding.decode_without_bom_handling(bytes)
    };
    Decoded {
        text,
        encoding,
        source,
        had_errors,
    }
}

/// Chooses the encoding without decoding.
pub fn sniff(bytes: &[u8], hint: Option<&str>) -> (&'static Encoding, Source) {
    if let Some((enc, _)) = Encoding::for_bom(bytes) {
        return (enc, Source::Bom);
    }
    if let Some(enc) = hint.and_then(encoding_from_hint) {
        return (enc, Source::CallerHint);
    }
    let valid_utf8 = std::str::from_utf8(bytes).is_ok();
    if let Some(enc) = prescan(&bytes[..bytes.len().min(1024)]) {
        if !(valid_utf8 && enc != UTF_8 && !bytes.is_ascii()) {
            return (enc, Source::MetaPrescan);
        }
    }
    if valid_utf8 {
        return (UTF_8, Source::Utf8Valid);
    }
    let mut detector = chardetng::EncodingDetector::new();
    detector.feed(bytes, true);
    (detector.guess(None, true), Source::Detected)
}

/// A charset label, or a `Content-Type` header value carrying `charset=`.
fn encoding_from_hint(hint: &str) -> Option<&'static Encoding> {
    let hint = hint.trim();
    if hint.is_empty() {
        return None;
    }
    let label = match find_ascii_ci(hint.as_bytes(), b"charset") {
        Some(i) => extract_charset_value(&hint.as_bytes()[i..])?,
        None => hint.as_bytes(),
    };
    Encoding::for_label(label)
}

/// The value after `charset` `=` in a content attribute (HTML's "algorithm for
/// extracting a character encoding from a meta element"), given bytes that
/// start at `charset`.
fn extract_charset_value(s: &[u8]) -> Option<&[u8]> {
    let mut i = "charset".len();
    while i < s.len() && is_space(s[i]) {
        i += 1;
    }
    if s.get(i) != Some(&b'=') {
        return None;
    }
    i += 1;
    while i < s.len() && is_space(s[i]) {
        i += 1;
    }
    match s.get(i) {
        Some(&q @ (b'"' | b'\'')) => {
            let rest = &s[i + 1..];
            let end = rest.iter().position(|&c| c == q)?;
            Some(&rest[..end])
        }
        Some(_) => {
            let rest = &s[i..];
            let end = rest
                .iter()
                .position(|&c| is_space(c) || c == b';')
                .unwrap_or(rest.len());
            Some(&rest[..end])
        }
        None => None,
    }
}

/// A simplified but faithful version of the HTML prescan: walks comments,
/// `<meta>` tags and other tags in `bytes`, returning the first declared
/// encoding. UTF-16 declarations mean UTF-8 and x-user-defined means
/// windows-1252, as the standard says.
fn prescan(bytes: &[u8]) -> Option<&'static Encoding> {
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'<' {
            i += 1;
            continue;
        }
        let rest = &bytes[i..];
        if rest.starts_with(b"<!--") {
            match find(&rest[4..], b"-->") {
                Some(end) => i += 4 + end + 3,
                None => return None,
            }
            continue;
        }
        if rest.len() > 5
            && rest[..5].eq_ignore_ascii_case(b"<meta")
            && (is_space(rest[5]) || rest[5] == b'/')
        {
            let (attrs, consumed) = parse_attributes(&rest[5..]);
            i += 5 + consumed;
            if let Some(enc) = meta_encoding(&attrs) {
                return Some(fix_up(enc));
            }
            continue;
        }
        if rest.len() > 1
            && (rest[1].is_ascii_alphabetic()
                || (rest[1] == b'/' && rest.get(2).is_some_and(|c| c.is_ascii_alphabetic())))
        {
            // Skip the tag name and its attributes.
            let start = if rest[1] == b'/' { 2 } else { 1 };
            let mut j = start;
            while j < rest.len() && !is_space(rest[j]) && rest[j] != b'>' {
                j += 1;
            }
            let (_, consumed) = parse_attributes(&rest[j..]);
            i += j + consumed;
            continue;
        }
        if rest.starts_with(b"<!") || rest.starts_with(b"</") || rest.starts_with(b"<?") {
            match rest.iter().position(|&c| c == b'>') {
                Some(end) => i += end + 1,
                None => return None,
            }
            continue;
        }
        i += 1;
    }
    None
}

fn meta_encoding(attrs: &[(Vec<u8>, Vec<u8>)]) -> Option<&'static Encoding> {
    let get = |name: &[u8]| {
        attrs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_slice())
    };
    if let Some(cs) = get(b"charset") {
        return Encoding::for_label(cs);
    }
    let is_content_type =
        get(b"http-equiv").is_some_and(|v| v.eq_ignore_ascii_case(b"content-type"));
    if is_content_type {
        let content = get(b"content")?;
        let at = find_ascii_ci(content, b"charset")?;
        return Encoding::for_label(extract_charset_value(&content[at..])?);
    }
    None
}

fn fix_up(enc: &'static Encoding) -> &'static Encoding {
    if enc == UTF_16BE || enc == UTF_16LE {
        UTF_8
    } else if enc == X_USER_DEFINED {
        WINDOWS_1252
    } else {
        enc
    }
}

/// Parses attributes up to and including the closing `>`. Returns
/// (lowercased name, raw value) pairs (first occurrence wins) and the number
/// of bytes consumed.
fn parse_attributes(s: &[u8]) -> (Vec<(Vec<u8>, Vec<u8>)>, usize) {
    let mut attrs: Vec<(Vec<u8>, Vec<u8>)> = Vec::new();
    let mut i = 0;
    loop {
        while i < s.len() && (is_space(s[i]) || s[i] == b'/') {
            i += 1;
        }
        if i >= s.len() {
            return (attrs, i);
        }
        if s[i] == b'>' {
            return (attrs, i + 1);
        }
        let name_start = i;
        while i < s.len() && !is_space(s[i]) && !matches!(s[i], b'=' | b'>' | b'/') {
            i += 1;
        }
        let name = s[name_start..i].to_ascii_lowercase();
        while i < s.len() && is_space(s[i]) {
            i += 1;
        }
        let mut value = Vec::new();
        if i < s.len() && s[i] == b'=' {
            i += 1;
            while i < s.len() && is_space(s[i]) {
                i += 1;
            }
            if i < s.len() && (s[i] == b'"' || s[i] == b'\'') {
                let q = s[i];
                i += 1;
                let start = i;
                while i < s.len() && s[i] != q {
                    i += 1;
                }
                value.extend_from_slice(&s[start..i]);
                i = (i + 1).min(s.len());
            } else {
                let start = i;
                while i < s.len() && !is_space(s[i]) && s[i] != b'>' {
                    i += 1;
                }
                value.extend_from_slice(&s[start..i]);
            }
        }
        if !name.is_empty() && !attrs.iter().any(|(n, _)| *n == name) {
            attrs.push((name, value));
        }
    }
}

fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c')
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn find_ascii_ci(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(bytes: &[u8], hint: Option<&str>) -> (&'static str, Source) {
        let (e, s) = sniff(bytes, hint);
        (e.name(), s)
    }

    #[test]
    fn bom_wins_over_everything() {
        let mut b = vec![0xEF, 0xBB, 0xBF];
        b.extend_from_slice(b"<meta charset=latin1>caf\xC3\xA9");
        assert_eq!(name(&b, Some("shift_jis")), ("UTF-8", Source::Bom));
        let d = decode(&b, None);
        assert!(d.text.ends_with("café"));
        assert!(!d.text.starts_with('\u{feff}'));
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("<p>hé</p>".encode_utf16().flat_map(|u| u.to_le_bytes()))
            .collect();
        assert_eq!(decode(&utf16, None).text, "<p>hé</p>");
    }

    #[test]
    fn caller_hint_label_or_content_type() {
        let b = b"<p>caf\xE9</p>";
        assert_eq!(
            name(b, Some("iso-8859-1")),
            ("windows-1252", Source::CallerHint)
        );
        assert_eq!(
            name(b, Some("text/html; charset=\"ISO-8859-2\"")),
            ("ISO-8859-2", Source::CallerHint)
        );
        assert_eq!(
            decode(b, Some("text/html;charset=latin1")).text,
            "<p>café</p>"
        );
        // Unknown labels are ignored, not fatal.
        assert_eq!(name(b"<p>x</p>", Some("no-such-charset")).0, "UTF-8");
        assert_eq!(name(b"<p>x</p>", Some("text/html")).0, "UTF-8");
    }

    #[test]
    fn meta_prescan_forms() {
        assert_eq!(
            name(b"<html><head><meta charset=\"windows-1251\">", None),
            ("windows-1251", Source::MetaPrescan)
        );
        assert_eq!(
            name(
                b"<meta http-equiv='Content-Type' content='text/html; charset=EUC-JP'>",
                None
            )
            .0,
            "EUC-JP"
        );
        assert_eq!(name(b"<META CHARSET=koi8-r>", None).0, "KOI8-R");
        // UTF-16 declared in meta means UTF-8.
        assert_eq!(name(b"<meta charset=utf-16>", None).0, "UTF-8");
        // A meta inside a comment does not count; an attribute value mentioning
        // charset in another tag does not count.
        assert_eq!(
            name(
                b"<!-- <meta charset=koi8-r> --><p title='charset=koi8-r'>x</p>",
                None
            ),
            ("UTF-8", Source::Utf8Valid)
        );
        // Beyond 1024 bytes the declaration is not seen.
        let mut late = vec![b' '; 1100];
        late.extend_from_slice(b"<meta charset=koi8-r>");
        assert_eq!(name(&late, None).1, Source::Utf8Valid);
    }

    #[test]
    fn valid_non_ascii_utf8_beats_a_stale_meta_declaration() {
        let page = "<meta charset=gb2312><title>腾讯新闻</title>".as_bytes();
        assert_eq!(name(page, None), ("UTF-8", Source::Utf8Valid));
        assert_eq!(
            decode(page, None).text,
            "<meta charset=gb2312><title>腾讯新闻</title>"
        );
        // The same declaration with real GB2312 bytes (not valid UTF-8) is followed.
        assert_eq!(
            name(
                b"<meta charset=gb2312><title>\xcc\xda\xd1\xb6</title>",
                None
            )
            .0,
            "GBK"
        );
        // The caller's hint still wins.
        assert_eq!(name(page, Some("gb2312")).0, "GBK");
    }

    #[test]
    fn default_is_utf8_then_detection() {
        assert_eq!(
            name("<p>日本語</p>".as_bytes(), None),
            ("UTF-8", Source::Utf8Valid)
        );
        let (enc, src) = sniff(
            b"<p>Gr\xFC\xDFe aus M\xFCnchen, sch\xF6ne Gr\xFC\xDFe</p>",
            None,
        );
        assert_eq!(src, Source::Detected);
        assert_eq!(enc.name(), "windows-1252");
    }

    #[test]
    fn invalid_sequences_are_replaced_not_fatal() {
        let d = decode(b"<p>ok \xFF\xFE\xC3 end</p><meta charset=utf-8>", None);
        assert!(d.had_errors);
        assert!(d.text.contains('\u{FFFD}'));
        assert!(d.text.ends_with("end</p><meta charset=utf-8>"));
        // Truncated input never panics.
        for cut in 0..12 {
            let _ = decode(&b"<meta charset"[..cut.min(13)], None);
            let _ = sniff(&b"<meta charset='"[..cut.min(15)], Some("charset="));
        }
    }
}
