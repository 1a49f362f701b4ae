//! URL resolution against the page URL / `<base href>`.

use url::Url;

/// Resolves the URLs found in a page to absolute URLs.
///
/// The base is the page's `<base href>` (itself resolved against the page
/// URL), else the page URL. When there is no usable base (relative or invalid
/// page URL and no absolute `<base href>`), only URLs that are already
/// absolute are kept.
#[derive(Debug, Clone, Default)]
pub(crate) struct Resolver {
    base: Option<Url>,
}

/// Schemes that never make a useful link or media URL.
fn is_rejected_scheme(url: &Url) -> bool {
    matches!(
        url.scheme(),
        "javascript" | "data" | "vbscript" | "about" | "blob"
    )
}

impl Resolver {
    /// `page_url` is the caller's URL, `base_href` the first `<base href>` if any.
    pub(crate) fn new(page_url: &str, base_href: Option<&str>) -> Self {
        let page = Url::parse(page_url.trim())
            .ok()
            .filter(|u| !u.cannot_be_a_base());
        let base = match base_href.map(str::trim).filter(|b| !b.is_empty()) {
            Some(href) => match &page {
                Some(p) => p.join(href).ok().or_else(|| page.clone()),
                None => Url::parse(href).ok().filter(|u| !u.cannot_be_a_base()),
            },
            None => page,
        };
        Resolver { base }
    }

    /// The base URL in use, if any.
    pub(crate) fn base(&self) -> Option<&Url> {
        self.base.as_ref()
    }

    /// Resolves `raw` to an absolute URL string. Returns `None` for empty
    /// values, fragment-only links (`#top`), `javascript:`/`data:` URLs and
    /// relative URLs that cannot be resolved.
    pub(crate) fn resolve(&self, raw: &str) -> Option<String> {
        let s = raw.trim();
        if s.is_empty() || s.starts_with('#') {
            return None;
        }
        let parsed = match &self.base {
            Some(b) => b.join(s).ok()?,
            None => Url::parse(s).ok()?,
        };
        if is_rejected_scheme(&parsed) {
            return None;
        }
        Some(parsed.into())
    }
}

/// Picks the largest candidate of a `srcset` attribute (by `w` or `x`
/// descriptor; a candidate without a descriptor counts as `1x`). Follows the
/// HTML srcset tokenisation closely enough that URLs containing commas work.
pub(crate) fn largest_srcset_candidate(srcset: &str) -> Option<&str> {
    let mut best: Option<(&str, f64)> = None;
    let bytes = srcset.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        // Skip whitespace and commas.
        while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b',') {
            i += 1;
        }
        if i >= bytes.len() {
            break;
        }
        let start = i;
        while i < bytes.len() && !bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut url = &srcset[start..i];
        let mut descriptor = "";
        if url.ends_with(',') {
            url = url.trim_end_matches(',');
        } else {
            // Descriptors run until the next comma.
            let dstart = i;
            while i < bytes.len() && bytes[i] != b',' {
                i += 1;
            }
            descriptor = srcset[dstart..i].trim();
        }
        if url.is_empty() {
            continue;
        }
        let value = descriptor
            .split_whitespace()
            .find_map(|d| {
                let (num, unit) = d.split_at(d.len().saturating_sub(1));
                match unit {
                    "w" => num.parse::<f64>().ok(),
                    // Scale densities so they never beat a width descriptor.
                    "x" => num.parse::<f64>().ok().map(|x| x / 1000.0),
                    _ => None,
                }
            })
            .unwrap_or(0.001);
        if best.is_none_or(|(_, v)| value > v) {
            best = Some((url, value));
        }
    }
    best.map(|(u, _)| u)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_against_base_href() {
        let r = Resolver::new("https://example.com/a/page.html", Some("/static/"));
        assert_eq!(
            r.resolve("img.png").as_deref(),
            Some("https://example.com/static/img.png")
        );
        assert_eq!(r.resolve("#top"), None);
        assert_eq!(r.resolve("javascript:void(0)"), None);
        assert_eq!(r.resolve("data:image/png;base64,AAAA"), None);
        assert_eq!(r.resolve("mailto:a@b.c").as_deref(), Some("mailto:a@b.c"));
    }

    #[test]
    fn relative_page_url_keeps_only_absolute() {
        let r = Resolver::new("page.html", None);
        assert_eq!(r.resolve("other.html"), None);
        assert_eq!(
            r.resolve("https://x.org/y").as_deref(),
            Some("https://x.org/y")
        );
        let r = Resolver::new("", Some("https://cdn.example.org/base/"));
        assert_eq!(
            r.resolve("a.png").as_deref(),
            Some("https://cdn.example.org/base/a.png")
        );
    }

    #[test]
    fn srcset_largest() {
        assert_eq!(
            largest_srcset_candidate("a.jpg 300w, b.jpg 1200w, c.jpg 600w"),
            Some("b.jpg")
        );
        assert_eq!(largest_srcset_candidate("a.jpg, b.jpg 2x"), Some("b.jpg"));
        assert_eq!(
            largest_srcset_candidate("https://i.example/w_300,h_200/x.jpg 300w, https://i.example/w_900,h_600/x.jpg 900w"),
            Some("https://i.example/w_900,h_600/x.jpg")
        );
        assert_eq!(largest_srcset_candidate("  "), None);
    }
}
