//! Preparing the parsed page once, before any step reads it: nesting
//! depth bounded, runaway `<noscript>` unwrapped.

use dom_query::{Document, NodeRef};

use crate::css;

/// Deepest element nesting kept. Deeper subtrees are replaced by their text:
/// real pages stay far below this, and pathological nesting would otherwise
/// make readability quadratic and overflow the stack of the recursive
/// HTML-to-Markdown converter.
pub const MAX_DEPTH: usize = 200;

/// Counts the nodes of `doc` and flattens every element at depth
/// [`MAX_DEPTH`] that still has element children to its text. Linear in the
/// document size. Returns the node count (before flattening).
pub(crate) fn limit_depth(doc: &Document) -> u32 {
    let mut count: usize = 0;
    let mut too_deep: Vec<NodeRef> = Vec::new();
    let mut stack: Vec<(NodeRef, usize)> = vec![(doc.root(), 0)];
    while let Some((node, depth)) = stack.pop() {
        count += 1;
        if depth >= MAX_DEPTH && node.is_element() {
            if node.children_it(false).any(|c| c.is_element()) {
                too_deep.push(node);
            }
            // Still count the nodes below.
            count += node.descendants_it().count();
            continue;
        }
        stack.extend(node.children_it(false).map(|c| (c, depth + 1)));
    }
    for node in too_deep {
        let text = node.text();
        node.set_text(text);
    }
    u32::try_from(count.saturating_sub(1)).unwrap_or(u32::MAX)
}

/// A `<noscript>` that holds most of the page is a markup slip
/// (`<noscript><div id="nojs"></noscript>` parses with the rest of the body
/// inside the `<noscript>` when scripting is off); browsers with scripting
/// show that content, so it becomes a plain `<div>`.
pub(crate) fn unwrap_runaway_noscript(doc: &Document) {
    let Some(body) = doc.body() else { return };
    let noscripts = css::BODY_NOSCRIPTS.select(doc);
    if noscripts.length() == 0 {
        return;
    }
    let count = |n: &NodeRef| n.text().chars().filter(|c| !c.is_whitespace()).count();
    // Most noscripts are tracking pixels: the body's text is only counted
    // when one of them is long enough to matter.
    let long: Vec<(&NodeRef, usize)> = noscripts
        .nodes()
        .iter()
        .map(|n| (n, count(n)))
        .filter(|&(_, c)| c >= 200)
        .collect();
    if long.is_empty() {
        return;
    }
    let total = count(&body);
    for (n, chars) in long {
        if chars * 2 >= total || sole_text_of_parent(n) {
            n.rename("div");
        }
    }
}

/// Whether `noscript` is all the text its parent shows: the place of
/// content that scripts render (Blogger's `<script type="text/template">`
/// beside a `<noscript>` copy of the post), which a browser without scripts
/// shows as the `<noscript>`'s content.
pub(crate) fn sole_text_of_parent(noscript: &NodeRef) -> bool {
    let Some(parent) = noscript.parent() else {
        return false;
    };
    parent.children_it(false).all(|c| {
        c.id == noscript.id
            || c.is_comment()
            || c.is_text() && c.text().trim().is_empty()
            || c.is_element()
                && (["script", "noscript", "template", "style"]
                    .iter()
                    .any(|t| c.has_name(t))
                    || c.text().trim().is_empty())
    })
}
