//! Titles: a `<title>`'s site-name suffix, and the choice between
//! readability's title and the page's.

use crate::util::{count_plain_words, norm_ws};

const TITLE_SEPARATORS: &[&str] = &[
    " | ", " - ", " — ", " – ", " :: ", " · ", " » ", " « ", " / ", " : ",
];

fn same_text(a: &str, b: &str) -> bool {
    norm_ws(a).to_lowercase() == norm_ws(b).to_lowercase()
}

/// Removes a site-name suffix (or prefix) from a `<title>`:
/// `Story - Site`, `Story | Site`, `Story — Site`, `Site | Story`.
///
/// The suffix is removed when it matches the known site name, when the part
/// before it equals the page's `<h1>`, or when it is short (<= 5 words) while
/// the rest has at least 2 words. A title equal to the `<h1>` is kept whole.
pub(super) fn strip_title_suffix(title: &str, site_name: Option<&str>, h1: Option<&str>) -> String {
    let title = norm_ws(title);
    if h1.is_some_and(|h| same_text(h, &title)) {
        return title;
    }
    // Last separator occurrence.
    let found = TITLE_SEPARATORS
        .iter()
        .filter_map(|sep| title.rfind(sep).map(|pos| (pos, *sep)))
        .max_by_key(|(pos, _)| *pos);
    let Some((pos, sep)) = found else {
        return title;
    };
    let head = title[..pos].trim();
    let tail = title[pos + sep.len()..].trim();
    if head.is_empty() || tail.is_empty() {
        return title;
    }
    if let Some(site) = site_name {
        if same_text(site, tail) {
            return head.to_string();
        }
        // Prefix form: `Site | Story` (first separator).
        if let Some((fpos, fsep)) = TITLE_SEPARATORS
            .iter()
            .filter_map(|sep| title.find(sep).map(|p| (p, *sep)))
            .min_by_key(|(p, _)| *p)
        {
            if same_text(site, &title[..fpos]) {
                let rest = title[fpos + fsep.len()..].trim();
                if !rest.is_empty() {
                    return rest.to_string();
                }
            }
        }
    }
    if h1.is_some_and(|h| same_text(h, head)) {
        return head.to_string();
    }
    if count_plain_words(tail) <= 5 && count_plain_words(head) >= 2 && sep != " : " && sep != " / "
    {
        return head.to_string();
    }
    title
}

/// Removes `site` from the end of an `og:title` only when it matches exactly.
pub(super) fn strip_known_site(title: &str, site: Option<&str>) -> String {
    let title = norm_ws(title);
    if let Some(site) = site {
        for sep in TITLE_SEPARATORS {
            if let Some(pos) = title.rfind(sep) {
                let (head, tail) = (title[..pos].trim(), title[pos + sep.len()..].trim());
                if !head.is_empty() && same_text(site, tail) {
                    return head.to_string();
                }
            }
        }
    }
    title
}

/// Readability's title (its rules decide between JSON-LD, meta tags and
/// `<title>`), except when it is the raw `<title>` whose part after the
/// site-name separator is exactly the page's first `<h1>` (a site header such
/// as `<h1 class="menu-title">The Rust Programming Language</h1>`): then the
/// page confirms that the suffix is the site name, and the stripped title
/// (`page_title`) is used.
pub(super) fn choose_title(
    readability: Option<String>,
    page_title: Option<String>,
    doc_title: &str,
    h1: &str,
) -> Option<String> {
    let Some(r) = readability else {
        return page_title;
    };
    let raw = norm_ws(doc_title);
    let h1 = norm_ws(h1);
    if let Some(p) = &page_title {
        let suffix_is_h1 = r.strip_prefix(p.as_str()).is_some_and(|rest| {
            let rest =
                rest.trim_start_matches(|c: char| c.is_whitespace() || "-|–—:·•/\\»".contains(c));
            !rest.is_empty() && rest == h1
        });
        if r == raw && p != &r && suffix_is_h1 {
            return page_title;
        }
    }
    Some(r)
}

#[cfg(test)]
mod tests {
    use super::strip_title_suffix as s;

    #[test]
    fn title_suffixes() {
        assert_eq!(
            s(
                "Variables and Mutability - The Rust Programming Language",
                None,
                None
            ),
            "Variables and Mutability"
        );
        assert_eq!(
            s("Big news today | Example Site", Some("Example Site"), None),
            "Big news today"
        );
        assert_eq!(
            s("Example Site | Big news today", Some("Example Site"), None),
            "Big news today"
        );
        assert_eq!(s("Hello — Blog", None, Some("Hello")), "Hello");
        assert_eq!(s("Foo - Bar", None, None), "Foo - Bar");
        assert_eq!(
            s("Rust: the good parts", None, None),
            "Rust: the good parts"
        );
        assert_eq!(s("A - B and C", None, Some("A - B and C")), "A - B and C");
    }
}
