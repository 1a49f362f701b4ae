//! The byline search of Readability.js (0.6), reproduced where dom_smoothie
//! differs: Readability looks for a byline element while it walks the page
//! and strips it, so an element inside something it removes first (hidden
//! content, modal dialogs, "unlikely candidates" such as comment sections,
//! footers, sidebars, related-post boxes, or menu/navigation roles) is never
//! taken as the article's byline. dom_smoothie scans the whole body instead,
//! which picks up comment authors, "Posted by" lines in post footers and
//! author boxes in sidebars.

use dom_query::{Document, NodeRef};

/// Class/id substrings of elements Readability strips as unlikely to be
/// content (its `unlikelyCandidates` expression).
const UNLIKELY: &[&str] = &[
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
];
/// ... unless they also contain one of these (`okMaybeItsACandidate`).
const MAYBE: &[&str] = &[
    "and", "article", "body", "column", "content", "main", "shadow",
];
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
const BYLINE: &[&str] = &["byline", "author", "dateline", "writtenby", "p-author"];

/// The byline element Readability.js would take in one grab attempt:
/// `strip` is its first attempt, which removes "unlikely candidates"; later
/// attempts (run when the first one yields under 500 characters) keep them.
/// Whitespace-normalised; `None` when there is none.
pub(crate) fn scan(doc: &Document, strip: bool) -> Option<String> {
    let mut found = None;
    walk(doc, strip, |node| {
        let named =
            descendants(node).find(|d| d.attr("itemprop").is_some_and(|p| p.contains("name")));
        let text = crate::util::norm_ws(&named.unwrap_or(*node).text());
        found = (!text.is_empty()).then_some(text);
    });
    found
}

/// A copy of the document without what the first attempt strips (hidden
/// elements, modal dialogs, unlikely candidates and roles), to measure what
/// that attempt would extract.
pub(crate) fn first_attempt_document(doc: &Document) -> Document {
    let copy = doc.clone();
    let mut strip = Vec::new();
    let mut next = copy.root().first_element_child();
    while let Some(node) = next {
        if stripped(&node, true) {
            strip.push(node);
            next = following(&node, true);
        } else {
            next = following(&node, false);
        }
    }
    for node in strip {
        node.remove_from_parent();
    }
    copy
}

/// Readability's walk until its first byline element, which goes to `take`.
fn walk(doc: &Document, strip: bool, mut take: impl FnMut(&NodeRef)) {
    let mut next = doc.root().first_element_child();
    while let Some(node) = next {
        let name = node
            .node_name()
            .map(|n| n.to_ascii_lowercase())
            .unwrap_or_default();
        // Readability removes scripts, styles and noscripts before its walk.
        if matches!(name.as_str(), "script" | "style" | "noscript" | "template")
            || !visible(&node)
            || modal(&node)
        {
            next = following(&node, true);
            continue;
        }
        if is_byline(&node, &match_string(&node)) {
            take(&node);
            return;
        }
        next = following(&node, stripped(&node, strip));
    }
}

fn match_string(node: &NodeRef) -> String {
    format!(
        "{} {}",
        node.attr("class").as_deref().unwrap_or(""),
        node.attr("id").as_deref().unwrap_or("")
    )
    .to_lowercase()
}

fn modal(node: &NodeRef) -> bool {
    node.attr("aria-modal").as_deref() == Some("true")
        && node.attr("role").as_deref() == Some("dialog")
}

/// Whether an attempt removes `node` (and what it holds) before looking
/// inside: hidden, a modal dialog, or, when `strip`, an unlikely candidate.
fn stripped(node: &NodeRef, strip: bool) -> bool {
    let name = node
        .node_name()
        .map(|n| n.to_ascii_lowercase())
        .unwrap_or_default();
    if matches!(name.as_str(), "script" | "style" | "noscript" | "template")
        || !visible(node)
        || modal(node)
    {
        return true;
    }
    if !strip {
        return false;
    }
    let m = match_string(node);
    let unlikely = UNLIKELY.iter().any(|u| m.contains(u))
        && !MAYBE.iter().any(|k| m.contains(k))
        && !has_ancestor(node, "table")
        && !has_ancestor(node, "code")
        && name != "body"
        && name != "a";
    unlikely
        || node
            .attr("role")
            .is_some_and(|r| UNLIKELY_ROLES.contains(&r.as_ref()))
}

/// `rel="author"`, an `itemprop` with "author", or a byline-like class/id;
/// with 1 to 99 characters of text (UTF-16 units, as in JavaScript).
fn is_byline(node: &NodeRef, match_string: &str) -> bool {
    let candidate = node.attr("rel").as_deref() == Some("author")
        || node.attr("itemprop").is_some_and(|p| p.contains("author"))
        || BYLINE.iter().any(|b| match_string.contains(b));
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
    !(node.attr("aria-hidden").as_deref() == Some("true")
        && !node
            .attr("class")
            .is_some_and(|c| c.contains("fallback-image")))
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

/// The next element in document order; with `skip_children`, the next one
/// outside `node`'s subtree.
fn following<'a>(node: &NodeRef<'a>, skip_children: bool) -> Option<NodeRef<'a>> {
    if !skip_children {
        if let Some(child) = node.first_element_child() {
            return Some(child);
        }
    }
    let mut cur = Some(*node);
    while let Some(n) = cur {
        if let Some(sibling) = n.next_element_sibling() {
            return Some(sibling);
        }
        cur = n.parent();
    }
    None
}

/// The elements below `node`, in document order.
fn descendants<'a>(node: &NodeRef<'a>) -> impl Iterator<Item = NodeRef<'a>> + 'a {
    let root = node.id;
    let mut next = node.first_element_child();
    std::iter::from_fn(move || {
        let n = next?;
        next = n.first_element_child().or_else(|| {
            let mut cur = Some(n);
            while let Some(c) = cur {
                if c.id == root {
                    return None;
                }
                if let Some(s) = c.next_element_sibling() {
                    return Some(s);
                }
                cur = c.parent().filter(|p| p.id != root);
            }
            None
        });
        Some(n)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn byline(html: &str) -> Option<String> {
        scan(&Document::from(html), true)
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
        assert_eq!(scan(&Document::from(html), true), None);
        assert_eq!(
            scan(&Document::from(html), false).as_deref(),
            Some("By Ann")
        );
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
