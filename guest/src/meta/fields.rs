//! One rule per metadata field, each reading the page's [`Sources`] in its
//! order of precedence.

use serde_json::Value;

use super::sources::{has_type, is_article_type, node_text, str_of, Sources};
use super::title::{strip_known_site, strip_title_suffix};
use crate::css;
use crate::dates::normalize_date;
use crate::lang::normalize_tag;
use crate::urls::Resolver;
use crate::util::{clean, norm_ws};
use dom_query::NodeRef;

fn looks_like_url(s: &str) -> bool {
    let l = s.trim().to_ascii_lowercase();
    l.starts_with("http://")
        || l.starts_with("https://")
        || l.starts_with("//")
        || l.starts_with("www.")
}

/// `By Jane Doe` -> `Jane Doe`; `None` when empty or too long to be a byline.
fn clean_byline(s: &str) -> Option<String> {
    let mut t = norm_ws(s);
    for prefix in ["by:", "by ", "written by ", "posted by ", "von "] {
        if t.len() > prefix.len()
            && t.get(..prefix.len())
                .is_some_and(|h| h.eq_ignore_ascii_case(prefix))
        {
            t = t[prefix.len()..].trim().to_string();
            break;
        }
    }
    let t = t
        .trim_matches(|c: char| c == ',' || c == '|' || c == '-' || c.is_whitespace())
        .to_string();
    if t.is_empty() || t.chars().count() > 100 || looks_like_url(&t) {
        return None;
    }
    Some(t)
}

/// Class/id words of the page's chrome around other articles' bylines.
const CHROME_CLASS_WORDS: &[&str] = &[
    "related",
    "sidebar",
    "comment",
    "recommend",
    "promo",
    "trending",
    "popular",
];

/// Inside navigation, asides, footers, comments or related-content blocks,
/// where author-looking elements belong to other articles.
fn in_page_chrome(n: &NodeRef) -> bool {
    n.ancestors_it(None).any(|a| {
        if crate::elements::CHROME_ELEMENTS
            .iter()
            .any(|e| a.has_name(e))
        {
            return true;
        }
        let cls = format!(
            "{} {}",
            a.attr("class").as_deref().unwrap_or(""),
            a.attr("id").as_deref().unwrap_or("")
        )
        .to_ascii_lowercase();
        CHROME_CLASS_WORDS.iter().any(|w| cls.contains(w))
    })
}

fn push_category(out: &mut Vec<String>, seen: &mut std::collections::HashSet<String>, raw: &str) {
    let c = norm_ws(raw);
    let c = c.trim_matches(|ch: char| ch == ',' || ch == ';' || ch.is_whitespace());
    if c.is_empty() || c.chars().count() > 100 {
        return;
    }
    if seen.insert(c.to_lowercase()) {
        out.push(c.to_string());
    }
}

/// Microdata value of an element: `content`, `datetime`, `href`/`src`, else its text.
fn itemprop_value(n: &NodeRef) -> Option<String> {
    n.attr("content")
        .or_else(|| n.attr("datetime"))
        .and_then(|v| clean(&v))
        .or_else(|| node_text(n))
}

/// `og:site_name`, the main object's publisher, any object's publisher, the
/// `WebSite` object's name, the web-app name.
pub(super) fn site_name(s: &Sources) -> Option<String> {
    let ld = &s.ld;
    s.tags
        .first(&["og:site_name"])
        .or_else(|| s.main_get("publisher").and_then(|p| ld.name_of(p)))
        .or_else(|| {
            ld.objects
                .iter()
                .filter_map(|o| o.get("publisher"))
                .find_map(|p| ld.name_of(p))
        })
        .or_else(|| {
            ld.objects
                .iter()
                .find(|o| has_type(o, |t| t == "WebSite"))
                .and_then(|o| o.get("name"))
                .and_then(str_of)
        })
        .or_else(|| {
            s.tags
                .first(&["application-name", "apple-mobile-web-app-title"])
        })
}

/// `og:title`/`twitter:title` (a known site name stripped), the JSON-LD
/// headline, Dublin Core and analytics titles, `<title>` without its
/// site-name suffix, the first `<h1>`.
pub(super) fn title(s: &Sources, site_name: Option<&str>) -> Option<String> {
    let (html_title, h1) = (s.html_title.as_deref(), s.h1.as_deref());
    // JSON-LD `headline`, or `name` for article types. When both exist and
    // only `name` appears in `<title>`/`<h1>` (Wikipedia puts a short
    // description in `headline`), `name` wins.
    let ld_headline = {
        let headline = s.main_get("headline").and_then(str_of);
        let name = s
            .main()
            .filter(|m| has_type(m, is_article_type))
            .and_then(|m| m.get("name"))
            .and_then(str_of);
        let seen_in_page = |t: &str| {
            let t = t.to_lowercase();
            html_title.is_some_and(|h| h.to_lowercase().contains(&t))
                || h1.is_some_and(|h| h.to_lowercase().contains(&t))
        };
        match (headline, name) {
            (Some(h), Some(n)) if !seen_in_page(&h) && seen_in_page(&n) => Some(n),
            (h, n) => h.or(n),
        }
    };
    s.tags
        .first(&["og:title", "twitter:title"])
        .map(|t| strip_known_site(&t, site_name))
        .or(ld_headline)
        .or_else(|| {
            s.tags.first(&[
                "dc.title",
                "dcterms.title",
                "parsely-title",
                "sailthru.title",
            ])
        })
        .or_else(|| html_title.map(|t| strip_title_suffix(t, site_name, h1)))
        .or_else(|| s.h1.clone())
        .filter(|t| !t.is_empty())
}

/// Meta-tag keys that name the author, in order.
const AUTHOR_KEYS: &[&str] = &[
    "dc.creator",
    "dcterms.creator",
    "author",
    "parsely-author",
    "sailthru.author",
    "article:author",
    "twitter:creator:name",
];

/// The main object's authors (or creator), the author meta tags, microdata
/// `author`, `rel=author` links, a byline/author element outside the page's
/// chrome.
pub(super) fn byline(s: &Sources) -> Option<String> {
    let ld = &s.ld;
    let ld_author = s
        .main_get("author")
        .or_else(|| s.main_get("creator"))
        .and_then(|a| {
            let names: Vec<String> = match a {
                Value::Array(items) => items.iter().filter_map(|x| ld.name_of(x)).collect(),
                other => ld.name_of(other).into_iter().collect(),
            };
            let mut uniq: Vec<String> = Vec::new();
            for n in names {
                if !looks_like_url(&n) && !uniq.iter().any(|u| u == &n) {
                    uniq.push(n);
                }
            }
            (!uniq.is_empty()).then(|| uniq.join(", "))
        });
    ld_author
        .and_then(|a| clean_byline(&a))
        .or_else(|| {
            AUTHOR_KEYS
                .iter()
                .flat_map(|k| s.tags.all(k).iter())
                .find_map(|v| clean_byline(v))
        })
        .or_else(|| {
            s.index.get(&css::ITEMPROP_AUTHOR).iter().find_map(|n| {
                dom_query::Selection::from(*n)
                    .try_select("[itemprop~=name]")
                    .and_then(|s| s.nodes().first().and_then(itemprop_value))
                    .or_else(|| itemprop_value(n))
                    .and_then(|v| clean_byline(&v))
            })
        })
        .or_else(|| {
            s.index
                .get(&css::REL_AUTHOR)
                .iter()
                .find_map(|n| node_text(n).and_then(|t| clean_byline(&t)))
        })
        .or_else(|| {
            s.index
                .get(&css::BYLINE_ELEMENTS)
                .iter()
                .filter(|n| {
                    !n.has_name("meta")
                        && !n.has_name("link")
                        && !n.has_name("script")
                        && !n.has_name("style")
                        && !in_page_chrome(n)
                })
                .find_map(|n| node_text(n).and_then(|t| clean_byline(&t)))
        })
}

/// OpenGraph article dates, first.
const PUBLISHED_KEYS: &[&str] = &[
    "article:published_time",
    "og:article:published_time",
    "article:published",
];

/// The other meta-tag keys that carry a publication date, in order.
const DATE_KEYS: &[&str] = &[
    "date",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "published_time",
    "dc.date",
    "dc.date.issued",
    "dc.date.created",
    "dcterms.date",
    "dcterms.issued",
    "dcterms.created",
    "parsely-pub-date",
    "sailthru.date",
    "og:published_time",
    "citation_publication_date",
    "citation_date",
];

/// OpenGraph article dates, the main object's `datePublished`, any
/// object's, microdata `datePublished`, the other date meta tags, the first
/// `<time datetime>`; each normalised (the first that parses wins).
pub(super) fn published(s: &Sources) -> Option<String> {
    let meta_date = |keys: &[&str]| {
        keys.iter()
            .flat_map(|k| s.tags.all(k).iter())
            .find_map(|v| normalize_date(v))
    };
    meta_date(PUBLISHED_KEYS)
        .or_else(|| {
            s.main_get("datePublished")
                .and_then(str_of)
                .and_then(|d| normalize_date(&d))
        })
        .or_else(|| {
            s.ld.objects
                .iter()
                .filter_map(|o| o.get("datePublished"))
                .find_map(|d| str_of(d).and_then(|d| normalize_date(&d)))
        })
        .or_else(|| {
            s.index
                .get(&css::ITEMPROP_PUBLISHED)
                .iter()
                .find_map(|n| itemprop_value(n).and_then(|v| normalize_date(&v)))
        })
        .or_else(|| meta_date(DATE_KEYS))
        .or_else(|| {
            s.index
                .get(&css::TIMES)
                .iter()
                .find_map(|n| n.attr("datetime").and_then(|v| normalize_date(&v)))
        })
}

/// The description meta tags, the main object's `description`.
pub(super) fn description(s: &Sources) -> Option<String> {
    s.tags
        .first(&[
            "description",
            "og:description",
            "twitter:description",
            "dc.description",
            "dcterms.description",
        ])
        .or_else(|| s.main_get("description").and_then(str_of))
}

/// The declared language (normalised tag): `<html lang>`, the language meta
/// tags, the main object's `inLanguage`.
pub(super) fn language(s: &Sources) -> Option<String> {
    let html_el = s.index.get(&css::HTML).first();
    html_el
        .and_then(|h| h.attr("lang").or_else(|| h.attr("xml:lang")))
        .and_then(|l| normalize_tag(&l))
        .or_else(|| {
            ["content-language", "language", "dc.language", "og:locale"]
                .iter()
                .flat_map(|k| s.tags.all(k).iter())
                .find_map(|v| normalize_tag(v))
        })
        .or_else(|| {
            s.main_get("inLanguage")
                .and_then(str_of)
                .and_then(|l| normalize_tag(&l))
        })
}

/// Sections and tags (meta tags, then the main object's `articleSection`
/// and `keywords`), comma lists split, duplicates (any case) dropped.
pub(super) fn categories(s: &Sources) -> Vec<String> {
    let mut categories = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for v in s.tags.all("article:section") {
        push_category(&mut categories, &mut seen, v);
    }
    for v in s.tags.all("article:tag") {
        push_category(&mut categories, &mut seen, v);
    }
    for key in ["keywords", "news_keywords", "parsely-tags", "sailthru.tags"] {
        for v in s.tags.all(key) {
            for part in v.split(',') {
                push_category(&mut categories, &mut seen, part);
            }
        }
    }
    for key in ["articleSection", "keywords"] {
        match s.main_get(key) {
            Some(Value::String(v)) => {
                for part in v.split(',') {
                    push_category(&mut categories, &mut seen, part);
                }
            }
            Some(Value::Array(items)) => {
                for item in items {
                    if let Some(v) = str_of(item) {
                        push_category(&mut categories, &mut seen, &v);
                    }
                }
            }
            _ => {}
        }
    }
    categories
}

/// `<link rel=canonical>`, else `og:url`, resolved.
pub(super) fn canonical_url(s: &Sources, resolver: &Resolver) -> Option<String> {
    s.index
        .get(&css::LINKS)
        .iter()
        .find(|n| {
            n.attr("rel").is_some_and(|r| {
                r.split_whitespace()
                    .any(|t| t.eq_ignore_ascii_case("canonical"))
            })
        })
        .and_then(|n| n.attr("href"))
        .and_then(|h| resolver.resolve(&h))
        .or_else(|| s.tags.first(&["og:url"]).and_then(|u| resolver.resolve(&u)))
}

/// The `og:image` URLs (absolute, deduplicated), else the first
/// `twitter:image`.
pub(super) fn images(s: &Sources, resolver: &Resolver) -> Vec<String> {
    let mut images: Vec<String> = Vec::new();
    for key in ["og:image", "og:image:url", "og:image:secure_url"] {
        for v in s.tags.all(key) {
            if let Some(u) = resolver.resolve(v) {
                if !images.contains(&u) {
                    images.push(u);
                }
            }
        }
    }
    if images.is_empty() {
        if let Some(u) = s
            .tags
            .first(&["twitter:image", "twitter:image:src"])
            .and_then(|u| resolver.resolve(&u))
        {
            images.push(u);
        }
    }
    images
}
