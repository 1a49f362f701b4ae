//! Page metadata: `<meta>` tags (OpenGraph, Twitter, Dublin Core, ...),
//! JSON-LD (`<script type="application/ld+json">`, objects, arrays and
//! `@graph`), microdata `itemprop`, and a few DOM conventions.
//!
//! Everything here only reads the document; it never mutates it.

use std::collections::HashMap;

use dom_query::{Document, NodeRef};
use serde_json::{Map, Value};

use crate::dates::normalize_date;
use crate::lang::normalize_tag;
use crate::urls::Resolver;
use crate::util::{clean, count_plain_words, norm_ws};

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

/// Decodes HTML entities left in an already-parsed value (pages often
/// double-encode meta content and JSON-LD strings: `&amp;quot;`).
fn decode_entities(s: &str) -> String {
    if s.contains('&') {
        html_escape::decode_html_entities(s).into_owned()
    } else {
        s.to_string()
    }
}

/// `<meta>` values by lower-cased key (`property`, `name`, `itemprop` and
/// `http-equiv`, space-separated keys split).
struct MetaTags {
    map: HashMap<String, Vec<String>>,
}

impl MetaTags {
    fn collect(doc: &Document) -> Self {
        let mut map: HashMap<String, Vec<String>> = HashMap::new();
        for node in doc.select("meta").nodes() {
            let Some(content) = node.attr("content").or_else(|| node.attr("value")) else {
                continue;
            };
            let content = content.trim();
            if content.is_empty() {
                continue;
            }
            for attr in ["property", "name", "itemprop", "http-equiv"] {
                if let Some(keys) = node.attr(attr) {
                    for key in keys.split_whitespace() {
                        let mut key = key.to_ascii_lowercase();
                        // `dc:title` and `DC.title` are the same thing.
                        for (from, to) in [("dc:", "dc."), ("dcterms:", "dcterms.")] {
                            if let Some(rest) = key.strip_prefix(from) {
                                key = format!("{to}{rest}");
                            }
                        }
                        map.entry(key).or_default().push(decode_entities(content));
                    }
                }
            }
        }
        MetaTags { map }
    }

    fn all(&self, key: &str) -> &[String] {
        self.map.get(key).map(Vec::as_slice).unwrap_or(&[])
    }

    /// First non-empty (whitespace-normalised) value among `keys`, in key order.
    fn first(&self, keys: &[&str]) -> Option<String> {
        keys.iter()
            .find_map(|k| self.all(k).iter().find_map(|v| clean(v)))
    }
}

/// All JSON-LD objects of the page, flattened (arrays and `@graph` expanded),
/// with an `@id` index.
struct JsonLd {
    objects: Vec<Map<String, Value>>,
    by_id: HashMap<String, usize>,
}

const MAX_JSONLD_OBJECTS: usize = 2000;

fn flatten(v: Value, out: &mut Vec<Map<String, Value>>, depth: usize) {
    if depth > 6 || out.len() >= MAX_JSONLD_OBJECTS {
        return;
    }
    match v {
        Value::Array(items) => {
            for item in items {
                flatten(item, out, depth + 1);
            }
        }
        Value::Object(mut obj) => {
            if let Some(graph) = obj.remove("@graph") {
                flatten(graph, out, depth + 1);
            }
            out.push(obj);
        }
        _ => {}
    }
}

fn strip_wrappers(s: &str) -> &str {
    let mut t = s.trim();
    for (open, close) in [
        ("<![CDATA[", "]]>"),
        ("<!--", "-->"),
        ("//<![CDATA[", "//]]>"),
    ] {
        if let Some(inner) = t.strip_prefix(open) {
            t = inner.strip_suffix(close).unwrap_or(inner).trim();
        }
    }
    t
}

impl JsonLd {
    fn collect(doc: &Document) -> Self {
        let mut objects = Vec::new();
        for node in doc.select("script[type]").nodes() {
            let is_ld = node
                .attr("type")
                .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/ld+json"));
            if !is_ld {
                continue;
            }
            let text = node.text();
            if let Ok(v) = serde_json::from_str::<Value>(strip_wrappers(&text)) {
                flatten(v, &mut objects, 0);
            }
        }
        let mut by_id = HashMap::new();
        for (i, o) in objects.iter().enumerate() {
            if let Some(id) = o.get("@id").and_then(Value::as_str) {
                by_id.entry(id.to_string()).or_insert(i);
            }
        }
        JsonLd { objects, by_id }
    }

    /// The name of a person/organisation value: a string, an object's `name`,
    /// an `@id` reference to an object with a `name`.
    fn name_of(&self, v: &Value) -> Option<String> {
        match v {
            Value::String(s) => clean(&decode_entities(s)),
            Value::Object(o) => {
                if let Some(n) = o.get("name") {
                    return match n {
                        Value::String(s) => clean(&decode_entities(s)),
                        Value::Array(a) => a.iter().find_map(|x| x.as_str().and_then(clean)),
                        _ => None,
                    };
                }
                let id = o.get("@id").and_then(Value::as_str)?;
                let target = &self.objects[*self.by_id.get(id)?];
                target.get("name").and_then(Value::as_str).and_then(clean)
            }
            _ => None,
        }
    }

    fn main_object(&self) -> Option<&Map<String, Value>> {
        self.objects
            .iter()
            .find(|o| has_type(o, is_article_type))
            .or_else(|| self.objects.iter().find(|o| has_type(o, is_page_type)))
            .or_else(|| self.objects.iter().find(|o| o.contains_key("headline")))
    }
}

fn type_names(o: &Map<String, Value>) -> impl Iterator<Item = &str> {
    let t = o.get("@type");
    let (one, many) = match t {
        Some(Value::String(s)) => (Some(s.as_str()), None),
        Some(Value::Array(a)) => (None, Some(a.iter().filter_map(Value::as_str))),
        _ => (None, None),
    };
    one.into_iter().chain(many.into_iter().flatten()).map(|s| {
        let s = s.rsplit(['/', ':', '#']).next().unwrap_or(s);
        s
    })
}

fn has_type(o: &Map<String, Value>, pred: fn(&str) -> bool) -> bool {
    type_names(o).any(pred)
}

fn is_article_type(t: &str) -> bool {
    t.ends_with("Article")
        || t.ends_with("Posting")
        || matches!(
            t,
            "Report" | "Recipe" | "Review" | "Blog" | "Thesis" | "Chapter" | "Book"
        )
}

fn is_page_type(t: &str) -> bool {
    t.ends_with("WebPage") || t.ends_with("Page")
}

/// Text of a JSON-LD scalar-ish value (string, number, first string of an array).
fn str_of(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => clean(&decode_entities(s)),
        Value::Number(n) => Some(n.to_string()),
        Value::Array(a) => a.iter().find_map(str_of),
        Value::Object(o) => o.get("@value").and_then(str_of),
        _ => None,
    }
}

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

/// Text of an element, whitespace-normalised.
fn node_text(n: &NodeRef) -> Option<String> {
    clean(&n.text())
}

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
        [
            "related",
            "sidebar",
            "comment",
            "recommend",
            "promo",
            "trending",
            "popular",
        ]
        .iter()
        .any(|w| cls.contains(w))
    })
}

fn in_svg(n: &NodeRef) -> bool {
    n.ancestors_it(None).any(|a| a.has_name("svg"))
}

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
pub(crate) fn strip_title_suffix(title: &str, site_name: Option<&str>, h1: Option<&str>) -> String {
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
fn strip_known_site(title: &str, site: Option<&str>) -> String {
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

/// Collects the metadata of `doc`. `resolver` resolves canonical and image URLs.
pub(crate) fn collect(doc: &Document, resolver: &Resolver) -> PageMeta {
    let tags = MetaTags::collect(doc);
    let ld = JsonLd::collect(doc);
    let main = ld.main_object();
    let main_get = |key: &str| main.and_then(|m| m.get(key));

    // --- site name -------------------------------------------------------
    let site_name = tags
        .first(&["og:site_name"])
        .or_else(|| main_get("publisher").and_then(|p| ld.name_of(p)))
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
        .or_else(|| tags.first(&["application-name", "apple-mobile-web-app-title"]));

    // --- title -----------------------------------------------------------
    let h1 = doc.select("h1").nodes().iter().find_map(node_text);
    let html_title = doc
        .select("title")
        .nodes()
        .iter()
        .find(|n| !in_svg(n))
        .and_then(node_text);
    // JSON-LD `headline`, or `name` for article types. When both exist and
    // only `name` appears in `<title>`/`<h1>` (Wikipedia puts a short
    // description in `headline`), `name` wins.
    let ld_headline = {
        let headline = main_get("headline").and_then(str_of);
        let name = main
            .filter(|m| has_type(m, is_article_type))
            .and_then(|m| m.get("name"))
            .and_then(str_of);
        let seen_in_page = |t: &str| {
            let t = t.to_lowercase();
            html_title
                .as_deref()
                .is_some_and(|h| h.to_lowercase().contains(&t))
                || h1.as_deref().is_some_and(|h| h.to_lowercase().contains(&t))
        };
        match (headline, name) {
            (Some(h), Some(n)) if !seen_in_page(&h) && seen_in_page(&n) => Some(n),
            (h, n) => h.or(n),
        }
    };
    let title = tags
        .first(&["og:title", "twitter:title"])
        .map(|t| strip_known_site(&t, site_name.as_deref()))
        .or(ld_headline)
        .or_else(|| {
            tags.first(&[
                "dc.title",
                "dcterms.title",
                "parsely-title",
                "sailthru.title",
            ])
        })
        .or_else(|| {
            html_title
                .as_deref()
                .map(|t| strip_title_suffix(t, site_name.as_deref(), h1.as_deref()))
        })
        .or_else(|| h1.clone())
        .filter(|t| !t.is_empty());

    // --- byline ----------------------------------------------------------
    let ld_author = main_get("author")
        .or_else(|| main_get("creator"))
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
    let byline = ld_author
        .and_then(|a| clean_byline(&a))
        .or_else(|| {
            ["dc.creator", "dcterms.creator", "author", "parsely-author", "sailthru.author", "article:author", "twitter:creator:name"]
                .iter()
                .flat_map(|k| tags.all(k).iter())
                .find_map(|v| clean_byline(v))
        })
        .or_else(|| {
            doc.select("[itemprop~=author]").nodes().iter().find_map(|n| {
                dom_query::Selection::from(*n)
                    .try_select("[itemprop~=name]")
                    .and_then(|s| s.nodes().first().and_then(itemprop_value))
                    .or_else(|| itemprop_value(n))
                    .and_then(|v| clean_byline(&v))
            })
        })
        .or_else(|| {
            doc.select("a[rel~=author], [rel~=author]")
                .nodes()
                .iter()
                .find_map(|n| node_text(n).and_then(|t| clean_byline(&t)))
        })
        .or_else(|| {
            doc.select(
                "body [class*=byline i], body [id*=byline i], body [class*=author i], body [id*=author i], body [class*=writtenby i]",
            )
            .nodes()
            .iter()
            .filter(|n| {
                !n.has_name("meta") && !n.has_name("link") && !n.has_name("script") && !n.has_name("style")
                    && !in_page_chrome(n)
            })
            .find_map(|n| node_text(n).and_then(|t| clean_byline(&t)))
        });

    // --- published date --------------------------------------------------
    let meta_date = |keys: &[&str]| {
        keys.iter()
            .flat_map(|k| tags.all(k).iter())
            .find_map(|v| normalize_date(v))
    };
    let published = meta_date(&[
        "article:published_time",
        "og:article:published_time",
        "article:published",
    ])
    .or_else(|| {
        main_get("datePublished")
            .and_then(str_of)
            .and_then(|d| normalize_date(&d))
    })
    .or_else(|| {
        ld.objects
            .iter()
            .filter_map(|o| o.get("datePublished"))
            .find_map(|d| str_of(d).and_then(|d| normalize_date(&d)))
    })
    .or_else(|| {
        doc.select("[itemprop~=datePublished]")
            .nodes()
            .iter()
            .find_map(|n| itemprop_value(n).and_then(|v| normalize_date(&v)))
    })
    .or_else(|| {
        meta_date(&[
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
        ])
    })
    .or_else(|| {
        doc.select("time[datetime]")
            .nodes()
            .iter()
            .find_map(|n| n.attr("datetime").and_then(|v| normalize_date(&v)))
    });

    // --- description -----------------------------------------------------
    let description = tags
        .first(&[
            "description",
            "og:description",
            "twitter:description",
            "dc.description",
            "dcterms.description",
        ])
        .or_else(|| main_get("description").and_then(str_of));

    // --- language --------------------------------------------------------
    let html_el = doc.select_single("html");
    let language = html_el
        .attr("lang")
        .or_else(|| html_el.attr("xml:lang"))
        .and_then(|l| normalize_tag(&l))
        .or_else(|| {
            ["content-language", "language", "dc.language", "og:locale"]
                .iter()
                .flat_map(|k| tags.all(k).iter())
                .find_map(|v| normalize_tag(v))
        })
        .or_else(|| {
            main_get("inLanguage")
                .and_then(str_of)
                .and_then(|l| normalize_tag(&l))
        });

    // --- categories ------------------------------------------------------
    let mut categories = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for v in tags.all("article:section") {
        push_category(&mut categories, &mut seen, v);
    }
    for v in tags.all("article:tag") {
        push_category(&mut categories, &mut seen, v);
    }
    for key in ["keywords", "news_keywords", "parsely-tags", "sailthru.tags"] {
        for v in tags.all(key) {
            for part in v.split(',') {
                push_category(&mut categories, &mut seen, part);
            }
        }
    }
    for key in ["articleSection", "keywords"] {
        match main_get(key) {
            Some(Value::String(s)) => {
                for part in s.split(',') {
                    push_category(&mut categories, &mut seen, part);
                }
            }
            Some(Value::Array(items)) => {
                for item in items {
                    if let Some(s) = str_of(item) {
                        push_category(&mut categories, &mut seen, &s);
                    }
                }
            }
            _ => {}
        }
    }

    // --- canonical URL and lead images -----------------------------------
    let canonical_url = doc
        .select("link[rel][href]")
        .nodes()
        .iter()
        .find(|n| {
            n.attr("rel").is_some_and(|r| {
                r.split_whitespace()
                    .any(|t| t.eq_ignore_ascii_case("canonical"))
            })
        })
        .and_then(|n| n.attr("href"))
        .and_then(|h| resolver.resolve(&h))
        .or_else(|| tags.first(&["og:url"]).and_then(|u| resolver.resolve(&u)));

    let mut images: Vec<String> = Vec::new();
    for key in ["og:image", "og:image:url", "og:image:secure_url"] {
        for v in tags.all(key) {
            if let Some(u) = resolver.resolve(v) {
                if !images.contains(&u) {
                    images.push(u);
                }
            }
        }
    }
    if images.is_empty() {
        if let Some(u) = tags
            .first(&["twitter:image", "twitter:image:src"])
            .and_then(|u| resolver.resolve(&u))
        {
            images.push(u);
        }
    }

    PageMeta {
        title,
        byline,
        published,
        description,
        site_name,
        language,
        categories,
        canonical_url,
        images,
    }
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
