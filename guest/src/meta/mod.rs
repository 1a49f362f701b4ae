//! Page metadata: what the page says about itself ([`sources`]), one rule
//! per field ([`fields`]), and [`merge`], the one place that decides
//! between readability's metadata and the page's.
//!
//! Everything here only reads the document; it never mutates it.

mod fields;
mod sources;
mod title;

use dom_query::Document;

use crate::readability::ReadabilityMeta;
use crate::urls::Resolver;
use crate::util::truncate_at_char;
use sources::Sources;

/// Longest description kept (characters).
const MAX_DESCRIPTION_CHARS: usize = 1000;

/// Metadata found in the page itself (no content heuristics beyond a byline
/// element and the first `<h1>`).
#[derive(Debug, Default, Clone)]
pub(crate) struct PageMeta {
    pub title: Option<String>,
    pub byline: Option<String>,
    pub published: Option<String>,
    pub description: Option<String>,
    pub site_name: Option<String>,
    /// Declared language (normalised tag), not detected.
    pub language: Option<String>,
    pub categories: Vec<String>,
    pub canonical_url: Option<String>,
    /// `og:image` (or `twitter:image`) URLs, absolute.
    pub images: Vec<String>,
}

/// Collects the metadata of `doc`, and its raw titles. `resolver` resolves
/// canonical and image URLs.
pub(crate) fn collect(doc: &Document, resolver: &Resolver) -> (PageMeta, RawTitles) {
    let s = Sources::collect(doc);
    let site_name = fields::site_name(&s);
    let raw = RawTitles::of(&s.index);
    let page = PageMeta {
        title: fields::title(&s, site_name.as_deref()),
        byline: fields::byline(&s),
        published: fields::published(&s),
        description: fields::description(&s),
        language: fields::language(&s),
        categories: fields::categories(&s),
        canonical_url: fields::canonical_url(&s, resolver),
        images: fields::images(&s, resolver),
        site_name,
    };
    (page, raw)
}

/// The raw `<title>` and first `<h1>` texts (the first elements, as they
/// are), which the title choice compares readability's title with.
pub(crate) struct RawTitles {
    pub title: String,
    pub h1: String,
}

impl RawTitles {
    fn of(index: &crate::css::Index) -> Self {
        let first = |css| {
            index
                .get(css)
                .first()
                .map_or_else(String::new, |n| n.text().to_string())
        };
        RawTitles {
            title: first(&crate::css::TITLE),
            h1: first(&crate::css::H1),
        }
    }
}

/// The final metadata: readability's rules first (they decide between
/// competing sources the way Readability.js does), the page's own as
/// fallback. When readability extracted an article (`authoritative`), its
/// byline, site name and excerpt are final; otherwise the page's fill the
/// gaps, and the description falls back to `first_paragraph` (the first
/// substantial paragraph of the content). The description is cut at
/// [`MAX_DESCRIPTION_CHARS`].
pub(crate) fn merge(
    mut page: PageMeta,
    r: ReadabilityMeta,
    raw: &RawTitles,
    first_paragraph: Option<String>,
) -> PageMeta {
    page.title = title::choose_title(r.title, page.title, &raw.title, &raw.h1);
    page.published = r.published.or(page.published);
    let description = if r.authoritative {
        page.byline = r.byline;
        page.site_name = r.site_name;
        r.excerpt
    } else {
        page.byline = r.byline.or(page.byline);
        page.site_name = r.site_name.or(page.site_name);
        r.excerpt.or(page.description).or(first_paragraph)
    };
    page.description = description.map(|d| truncate_at_char(&d, MAX_DESCRIPTION_CHARS).to_string());
    page
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(head: &str, body: &str) -> PageMeta {
        let html = format!("<html><head>{head}</head><body>{body}</body></html>");
        let doc = Document::from(html.as_str());
        collect(&doc, &Resolver::new("https://example.org/a/b", None)).0
    }

    const LD: &str = r#"<script type="application/ld+json">{"@type":"NewsArticle","headline":"LD headline","author":[{"name":"Ann Lee"},{"name":"Bo Chen"}],"datePublished":"2024-03-05T10:00:00+01:00","publisher":{"name":"LD Times"},"inLanguage":"fr","articleSection":"World","description":"LD description"}</script>"#;

    /// Each field's sources in precedence order: (head, body, field, expected).
    #[test]
    fn each_field_takes_its_first_source() {
        type Field = fn(&PageMeta) -> Option<String>;
        let title: Field = |m| m.title.clone();
        let byline: Field = |m| m.byline.clone();
        let published: Field = |m| m.published.clone();
        let site: Field = |m| m.site_name.clone();
        let language: Field = |m| m.language.clone();
        let description: Field = |m| m.description.clone();
        let canonical: Field = |m| m.canonical_url.clone();
        let cases: &[(&str, &str, Field, Option<&str>)] = &[
            (
                r#"<meta property="og:title" content="OG | LD Times">"#,
                "",
                title,
                Some("OG | LD Times"),
            ),
            (
                &format!(r#"<meta property="og:title" content="OG | LD Times">{LD}"#),
                "",
                title,
                Some("OG"),
            ),
            (
                &format!("<title>T - Site</title>{LD}"),
                "<h1>H</h1>",
                title,
                Some("LD headline"),
            ),
            (
                "<title>Story - Site</title>",
                "<h1>Story</h1>",
                title,
                Some("Story"),
            ),
            ("", "<h1> First </h1><h1>Second</h1>", title, Some("First")),
            (
                &format!(r#"<meta name="author" content="Meta Name">{LD}"#),
                "",
                byline,
                Some("Ann Lee, Bo Chen"),
            ),
            (
                r#"<meta name="author" content="By Meta Name">"#,
                "",
                byline,
                Some("Meta Name"),
            ),
            (
                "",
                r#"<a rel="author" href="/x">Rel Name</a>"#,
                byline,
                Some("Rel Name"),
            ),
            (
                "",
                r#"<nav><span class="author">Nav Name</span></nav><p class="byline">By Body Name</p>"#,
                byline,
                Some("Body Name"),
            ),
            (
                &format!(
                    r#"<meta property="article:published_time" content="2024-01-02T03:04:05Z">{LD}"#
                ),
                "",
                published,
                Some("2024-01-02T03:04:05Z"),
            ),
            (LD, "", published, Some("2024-03-05T10:00:00+01:00")),
            (
                "",
                r#"<time datetime="2023-07-08">8 July</time>"#,
                published,
                Some("2023-07-08"),
            ),
            (
                &format!(r#"<meta property="og:site_name" content="OG Site">{LD}"#),
                "",
                site,
                Some("OG Site"),
            ),
            (LD, "", site, Some("LD Times")),
            (
                r#"<meta name="application-name" content="App">"#,
                "",
                site,
                Some("App"),
            ),
            (LD, "", language, Some("fr")),
            (
                r#"<meta http-equiv="content-language" content="de-DE">"#,
                "",
                language,
                Some("de-DE"),
            ),
            (
                &format!(r#"<meta name="description" content="Meta description">{LD}"#),
                "",
                description,
                Some("Meta description"),
            ),
            (LD, "", description, Some("LD description")),
            (
                r#"<link rel="canonical" href="/c"><meta property="og:url" content="https://example.org/og">"#,
                "",
                canonical,
                Some("https://example.org/c"),
            ),
            (
                r#"<meta property="og:url" content="https://example.org/og">"#,
                "",
                canonical,
                Some("https://example.org/og"),
            ),
        ];
        for (head, body, field, want) in cases {
            assert_eq!(field(&page(head, body)).as_deref(), *want, "{head} {body}");
        }
    }

    #[test]
    fn categories_and_images_are_deduplicated_in_order() {
        let m = page(
            &format!(
                r#"<meta property="article:section" content="World"><meta name="keywords" content="a, world, b">
                <meta property="og:image" content="/i.jpg"><meta property="og:image:url" content="/i.jpg">
                <meta name="twitter:image" content="/t.jpg">{LD}"#
            ),
            "",
        );
        assert_eq!(m.categories, ["World", "a", "b"]);
        assert_eq!(m.images, ["https://example.org/i.jpg"]);
    }

    fn readability(authoritative: bool) -> ReadabilityMeta {
        ReadabilityMeta {
            title: Some("R title".into()),
            byline: None,
            excerpt: None,
            site_name: Some("R site".into()),
            published: None,
            authoritative,
        }
    }

    #[test]
    fn merge_owns_precedence() {
        let page = PageMeta {
            title: Some("P title".into()),
            byline: Some("P byline".into()),
            published: Some("2020-01-01".into()),
            description: None,
            site_name: Some("P site".into()),
            ..PageMeta::default()
        };
        let raw = RawTitles {
            title: "R title".into(),
            h1: String::new(),
        };
        let long = "x".repeat(MAX_DESCRIPTION_CHARS + 10);
        // Readability extracted an article: its (missing) byline and excerpt are final.
        let m = merge(
            page.clone(),
            readability(true),
            &raw,
            Some("First paragraph".into()),
        );
        assert_eq!(m.title.as_deref(), Some("R title"));
        assert_eq!(m.byline, None);
        assert_eq!(m.site_name.as_deref(), Some("R site"));
        assert_eq!(m.description, None);
        assert_eq!(m.published.as_deref(), Some("2020-01-01"));
        // Otherwise the page's fill the gaps, then the first paragraph (cut).
        let m = merge(page, readability(false), &raw, Some(long));
        assert_eq!(m.byline.as_deref(), Some("P byline"));
        assert_eq!(m.site_name.as_deref(), Some("R site"));
        assert_eq!(
            m.description.map(|d| d.chars().count()),
            Some(MAX_DESCRIPTION_CHARS)
        );
    }
}
