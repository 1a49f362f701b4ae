//! What the page says about itself, collected once: its `<meta>` tags
//! (OpenGraph, Twitter, Dublin Core, ...), its JSON-LD (objects, arrays and
//! `@graph`), its `<title>` and first `<h1>`.

use std::collections::HashMap;

use dom_query::{Document, NodeRef};
use serde_json::{Map, Value};

use crate::css;
use crate::util::clean;

/// The page's metadata sources, read once and handed to every field rule.
pub(super) struct Sources<'a> {
    /// The page's elements that the rules ask for ([`css::METADATA`]).
    pub index: css::Index<'a>,
    pub tags: MetaTags,
    pub ld: JsonLd,
    /// Index in `ld.objects` of the main object (see [`JsonLd::main_object`]).
    main: Option<usize>,
    /// The first `<h1>` with text.
    pub h1: Option<String>,
    /// The first `<title>` outside SVG, with text.
    pub html_title: Option<String>,
}

impl<'a> Sources<'a> {
    pub fn collect(doc: &'a Document) -> Self {
        let index = css::Index::of(doc, css::METADATA);
        let tags = MetaTags::collect(&index);
        let ld = JsonLd::collect(&index);
        let main = ld.main_object();
        let h1 = index.get(&css::H1).iter().find_map(node_text);
        let html_title = index
            .get(&css::TITLE)
            .iter()
            .find(|n| !in_svg(n))
            .and_then(node_text);
        Sources {
            index,
            tags,
            ld,
            main,
            h1,
            html_title,
        }
    }

    /// The main JSON-LD object.
    pub fn main(&self) -> Option<&Map<String, Value>> {
        self.main.map(|i| &self.ld.objects[i])
    }

    /// `key` of the main JSON-LD object.
    pub fn main_get(&self, key: &str) -> Option<&Value> {
        self.main().and_then(|m| m.get(key))
    }
}

/// Decodes HTML entities left in an already-parsed value (pages often
/// double-encode meta content and JSON-LD strings: `&amp;quot;`).
pub(super) fn decode_entities(s: &str) -> String {
    if s.contains('&') {
        html_escape::decode_html_entities(s).into_owned()
    } else {
        s.to_string()
    }
}

/// `<meta>` values by lower-cased key (`property`, `name`, `itemprop` and
/// `http-equiv`, space-separated keys split).
pub(super) struct MetaTags {
    map: HashMap<String, Vec<String>>,
}

impl MetaTags {
    fn collect(index: &css::Index) -> Self {
        let mut map: HashMap<String, Vec<String>> = HashMap::new();
        for node in index.get(&css::META) {
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

    pub fn all(&self, key: &str) -> &[String] {
        self.map.get(key).map(Vec::as_slice).unwrap_or(&[])
    }

    /// First non-empty (whitespace-normalised) value among `keys`, in key order.
    pub fn first(&self, keys: &[&str]) -> Option<String> {
        keys.iter()
            .find_map(|k| self.all(k).iter().find_map(|v| clean(v)))
    }
}

/// All JSON-LD objects of the page, flattened (arrays and `@graph` expanded),
/// with an `@id` index.
pub(super) struct JsonLd {
    pub objects: Vec<Map<String, Value>>,
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
    fn collect(index: &css::Index) -> Self {
        let mut objects = Vec::new();
        for node in index.get(&css::TYPED_SCRIPTS) {
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
    pub fn name_of(&self, v: &Value) -> Option<String> {
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

    /// The first article-typed object, else the first page-typed one,
    /// else the first with a `headline`.
    fn main_object(&self) -> Option<usize> {
        let find = |pred: &dyn Fn(&Map<String, Value>) -> bool| self.objects.iter().position(pred);
        find(&|o| has_type(o, is_article_type))
            .or_else(|| find(&|o| has_type(o, is_page_type)))
            .or_else(|| find(&|o| o.contains_key("headline")))
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

pub(super) fn has_type(o: &Map<String, Value>, pred: fn(&str) -> bool) -> bool {
    type_names(o).any(pred)
}

pub(super) fn is_article_type(t: &str) -> bool {
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
pub(super) fn str_of(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => clean(&decode_entities(s)),
        Value::Number(n) => Some(n.to_string()),
        Value::Array(a) => a.iter().find_map(str_of),
        Value::Object(o) => o.get("@value").and_then(str_of),
        _ => None,
    }
}

/// Text of an element, whitespace-normalised.
pub(super) fn node_text(n: &NodeRef) -> Option<String> {
    clean(&n.text())
}

fn in_svg(n: &NodeRef) -> bool {
    n.ancestors_it(None).any(|a| a.has_name("svg"))
}
