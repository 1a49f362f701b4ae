//! The byline search of Readability.js (0.6), reproduced where dom_smoothie
//! differs: Readability looks for a byline element while it walks the page
//! and strips it, so an element inside something it removes first (hidden
//! content, modal dialogs, "unlikely candidates" such as comment sections,
//! footers, sidebars, related-post boxes, or menu/navigation roles) is never
//! taken as the article's byline. dom_smoothie scans the whole body instead,
//! which picks up comment authors, "Posted by" lines in post footers and
//! author boxes in sidebars.

use dom_query::{Document, NodeRef};

use crate::phrases::Phrases;

/// Class/id substrings of elements Readability strips as unlikely to be
/// content (its `unlikelyCandidates` expression).
static UNLIKELY: Phrases = Phrases::new(&[
    "-ad-",
    "ai2html",
    "banner",
    "breadcrumbs",
    "combx",
    "comment",
    "community",
    "cover-wrap",
    "disqus",
    "extra",
    "footer",
    "gdpr",
    "header",
    "legends",
    "menu",
    "related",
    "remark",
    "replies",
    "rss",
    "shoutbox",
    "sidebar",
    "skyscraper",
    "social",
    "sponsor",
    "supplemental",
    "ad-break",
    "agegate",
    "pagination",
    "pager",
    "popup",
    "yom-remote",
]);
/// ... unless they also contain one of these (`okMaybeItsACandidate`).
static MAYBE: Phrases = Phrases::new(&[
    "and", "article", "body", "column", "content", "main", "shadow",
]);
/// The phrase lists above, built by the warm-up ([`build_rules`]).
static PHRASE_LISTS: &[&Phrases] = &[&UNLIKELY, &MAYBE, &BYLINE];

/// Builds the automata of the phrase lists (the warm-up calls it).
pub(crate) fn build_rules() {
    for list in PHRASE_LISTS {
        list.build();
    }
}

/// Roles Readability strips.
const UNLIKELY_ROLES: &[&str] = &[
    "menu",
    "menubar",
    "complementary",
    "navigation",
    "alert",
    "alertdialog",
    "dialog",
];
/// Class/id substrings of a byline element.
static BYLINE: Phrases = Phrases::new(&["byline", "author", "dateline", "writtenby", "p-author"]);

/// The byline elements Readability.js would take from a page (whitespace-
/// normalised): in its first grab attempt, which strips "unlikely
/// candidates", and in a later attempt (run when the first one extracts
/// under 500 characters), which keeps them.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Found {
    pub first_attempt: Option<String>,
    pub later_attempt: Option<String>,
}

/// One walk in document order serves both attempts: the first byline
/// element outside stripped subtrees is the first attempt's, the first one
/// anywhere (still skipping hidden elements and dialogs) the later one's.
pub(crate) fn find(doc: &Document) -> Found {
    let mut found = Found::default();
    // (element, inside a subtree the first attempt strips)
    let mut stack: Vec<(NodeRef, bool)> =
        doc.root().children_it(true).map(|n| (n, false)).collect();
    while let Some((node, inside)) = stack.pop() {
        if !node.is_element() || removed(&node) {
            continue;
        }
        let key = match_string(&node);
        if is_byline(&node, &key) {
            let text = byline_text(&node);
            if found.later_attempt.is_none() {
                found.later_attempt = text.clone();
            }
            if !inside {
                found.first_attempt = text;
                return found;
            }
            // Readability removes the byline element: nothing inside it counts.
            continue;
        }
        let strip = inside || unlikely(&node, &key);
        stack.extend(node.children_it(true).map(|c| (c, strip)));
    }
    found
}

/// The element's text, or that of its first descendant whose `itemprop`
/// mentions "name".
fn byline_text(node: &NodeRef) -> Option<String> {
    let named = node
        .descendants_it()
        .find(|d| d.attr("itemprop").is_some_and(|p| p.contains("name")));
    let text = crate::util::norm_ws(&named.unwrap_or(*node).text());
    (!text.is_empty()).then_some(text)
}

/// A copy of the document without what the first attempt strips (hidden
/// elements, dialogs, unlikely candidates and roles), to measure what that
/// attempt would extract.
pub(crate) fn first_attempt_document(doc: &Document) -> Document {
    let copy = doc.clone();
    let mut strip = Vec::new();
    let mut stack: Vec<NodeRef> = copy.root().children_it(true).collect();
    while let Some(node) = stack.pop() {
        if !node.is_element() {
            continue;
        }
        if removed(&node) || unlikely(&node, &match_string(&node)) {
            strip.push(node);
            continue;
        }
        stack.extend(node.children_it(true));
    }
    for node in strip {
        node.remove_from_parent();
    }
    copy
}

/// Class and id, lower-cased, as Readability's `matchString`.
fn match_string(node: &NodeRef) -> String {
    let mut key = String::new();
    if let Some(c) = node.attr("class") {
        key.push_str(&c.to_lowercase());
    }
    key.push(' ');
    if let Some(i) = node.attr("id") {
        key.push_str(&i.to_lowercase());
    }
    key
}

/// Removed by every attempt with what it holds: scripts, styles and
/// noscripts (removed before the walk), hidden elements, modal dialogs.
fn removed(node: &NodeRef) -> bool {
    ["script", "style", "noscript", "template"]
        .iter()
        .any(|t| node.has_name(t))
        || !visible(node)
        || (node.attr("aria-modal").as_deref() == Some("true")
            && node.attr("role").as_deref() == Some("dialog"))
}

/// Stripped with what it holds by the first attempt: an unlikely candidate
/// (class/id) or role.
fn unlikely(node: &NodeRef, key: &str) -> bool {
    // `key` is " " for an element without class and id (most of them).
    let by_class = key.len() > 1
        && UNLIKELY.in_text(key)
        && !MAYBE.in_text(key)
        && !node.has_name("body")
        && !node.has_name("a")
        && !has_ancestor(node, "table")
        && !has_ancestor(node, "code");
    by_class
        || node
            .attr("role")
            .is_some_and(|r| UNLIKELY_ROLES.contains(&r.as_ref()))
}

/// `rel="author"`, an `itemprop` with "author", or a byline-like class/id;
/// with 1 to 99 characters of text (UTF-16 units, as in JavaScript).
fn is_byline(node: &NodeRef, match_string: &str) -> bool {
    let candidate = node.attr("rel").as_deref() == Some("author")
        || node.attr("itemprop").is_some_and(|p| p.contains("author"))
        || match_string.len() > 1 && BYLINE.in_text(match_string);
    if !candidate {
        return false;
    }
    let len = node.text().trim().encode_utf16().count();
    len > 0 && len < 100
}

/// Readability's `_isProbablyVisible`: no `display: none` / `visibility:
/// hidden` inline style, no `hidden` attribute, no `aria-hidden="true"`
/// (except on its "fallback-image" class).
fn visible(node: &NodeRef) -> bool {
    if let Some(style) = node.attr("style") {
        let style: String = style
            .to_ascii_lowercase()
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        if style.contains("display:none") || style.contains("visibility:hidden") {
            return false;
        }
    }
    if node.has_attr("hidden") {
        return false;
    }
    node.attr("aria-hidden").as_deref() != Some("true")
        || node
            .attr("class")
            .is_some_and(|c| c.contains("fallback-image"))
}

/// Readability's `_hasAncestorTag` with its default depth: the parent and
/// the three ancestors above it.
fn has_ancestor(node: &NodeRef, tag: &str) -> bool {
    let mut cur = node.parent();
    for _ in 0..4 {
        let Some(p) = cur else { return false };
        if p.node_name().is_some_and(|n| n.eq_ignore_ascii_case(tag)) {
            return true;
        }
        cur = p.parent();
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every phrase list of this module is in `PHRASE_LISTS`, so the
    /// warm-up builds it.
    #[test]
    fn every_phrase_list_is_listed() {
        let (defined, listed) =
            crate::util::statics_and_list(include_str!("byline.rs"), "Phrases", "PHRASE_LISTS");
        assert_eq!(defined, listed);
        assert_eq!(listed.len(), PHRASE_LISTS.len());
    }

    fn byline(html: &str) -> Option<String> {
        find(&Document::from(html)).first_attempt
    }

    #[test]
    fn finds_the_first_visible_byline() {
        assert_eq!(
            byline(r#"<body><p class="byline">By  Jane Doe</p><p class="author">Other</p></body>"#)
                .as_deref(),
            Some("By Jane Doe")
        );
        assert_eq!(
            byline(r#"<body><a rel="author" href="/x">Jo Smith</a></body>"#).as_deref(),
            Some("Jo Smith")
        );
        let named = r#"<body><div itemprop="author"><span>Posted by</span> <span itemprop="name">Ann Lee</span></div></body>"#;
        assert_eq!(byline(named).as_deref(), Some("Ann Lee"));
    }

    #[test]
    fn skips_what_readability_strips_first() {
        let footer = r#"<body><div class="post-footer"><span class="post-author">Posted by X</span></div></body>"#;
        assert_eq!(byline(footer), None);
        let comments = r#"<body><div id="comments"><span class="comment-author">Troll</span></div><p class="byline">Real Author</p></body>"#;
        assert_eq!(byline(comments).as_deref(), Some("Real Author"));
        assert_eq!(
            byline(r#"<body><div style="display: none"><p class="byline">Hidden</p></div></body>"#),
            None
        );
        assert_eq!(
            byline(r#"<body><nav role="navigation"><a rel="author">Nav</a></nav></body>"#),
            None
        );
        // "okMaybe": a footer class that also says article stays.
        let ok =
            r#"<body><div class="article-footer"><span class="byline">Kept</span></div></body>"#;
        assert_eq!(byline(ok).as_deref(), Some("Kept"));
        // Inside a table (up to four levels up), unlikely classes are not stripped.
        let table = r#"<body><table><tr><td><div class="sidebar"><span class="author">In table</span></div></td></tr></table></body>"#;
        assert_eq!(byline(table).as_deref(), Some("In table"));
    }

    #[test]
    fn later_attempts_keep_unlikely_candidates() {
        let html = r#"<body><div class="site_header"><span class="author_byline">By Ann</span><p>Text</p></div></body>"#;
        let found = find(&Document::from(html));
        assert_eq!(found.first_attempt, None);
        assert_eq!(found.later_attempt.as_deref(), Some("By Ann"));
        let first = first_attempt_document(&Document::from(html));
        assert_eq!(first.select("span").length(), 0);
        assert_eq!(first.select("body").length(), 1);
    }

    #[test]
    fn long_or_empty_candidates_are_not_bylines() {
        let long = format!(
            r#"<body><div class="author">{}</div><span class="byline">Short</span></body>"#,
            "word ".repeat(30)
        );
        assert_eq!(byline(&long).as_deref(), Some("Short"));
        assert_eq!(
            byline(r#"<body><span class="author"> </span></body>"#),
            None
        );
    }
}
