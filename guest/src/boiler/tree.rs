//! Tree helpers of the boilerplate passes: element names, class/id tokens,
//! text and link-text sizes, outermost matches, an element's short text.

use dom_query::{NodeData, NodeRef};

use super::vocab::NON_TEXT_ELEMENTS;
use crate::elements::{CONTAINER_BLOCKS, LIST_ITEMS};

/// The class and id tokens of an element, lower-cased.
pub(super) fn tokens(node: &NodeRef) -> Vec<String> {
    let mut out = Vec::new();
    for a in ["class", "id"] {
        if let Some(v) = node.attr(a) {
            out.extend(v.split_whitespace().map(|t| t.to_ascii_lowercase()));
        }
    }
    out
}

pub(super) fn name_of(node: &NodeRef) -> String {
    node.query(|tn| match &tn.data {
        NodeData::Element(el) => {
            let s: &str = &el.name.local;
            s.to_ascii_lowercase()
        }
        _ => String::new(),
    })
    .unwrap_or_default()
}

/// Non-whitespace characters of the text under `node`, and those inside links.
pub(super) fn text_and_link_chars(node: &NodeRef) -> (usize, usize) {
    let mut total = 0;
    let mut link = 0;
    let mut stack = vec![(*node, false)];
    while let Some((n, in_link)) = stack.pop() {
        if n.is_text() {
            let c = n.text().chars().filter(|c| !c.is_whitespace()).count();
            total += c;
            if in_link {
                link += c;
            }
            continue;
        }
        if n.is_element() {
            let nm = name_of(&n);
            if NON_TEXT_ELEMENTS.contains(&nm.as_str()) {
                continue;
            }
            let il = in_link || nm == "a";
            stack.extend(n.children_it(false).map(|c| (c, il)));
        } else if n.is_document() || n.is_fragment() {
            stack.extend(n.children_it(false).map(|c| (c, in_link)));
        }
    }
    (total, link)
}

/// The outermost elements under `root` (not `root` itself) for which
/// `hit(element, its lower-case name)` holds; what is inside them is not
/// visited. Depth-first from the last child, so the order is fixed.
pub(super) fn outermost_elements<'a>(
    root: &NodeRef<'a>,
    mut hit: impl FnMut(&NodeRef<'a>, &str) -> bool,
) -> Vec<NodeRef<'a>> {
    let mut found = Vec::new();
    let mut stack: Vec<NodeRef> = root.children_it(false).collect();
    while let Some(n) = stack.pop() {
        if !n.is_element() {
            continue;
        }
        if hit(&n, &name_of(&n)) {
            found.push(n);
        } else {
            stack.extend(n.children_it(false));
        }
    }
    found
}

/// Whether an element child of `n` is a block (then `n` is not a leaf
/// block: its text is several paragraphs).
pub(super) fn has_block_child(n: &NodeRef) -> bool {
    n.children_it(false)
        .any(|c| c.is_element() && is_block_name(&name_of(&c)))
}

pub(super) fn is_block_name(name: &str) -> bool {
    CONTAINER_BLOCKS.contains(&name) || LIST_ITEMS.contains(&name)
}

/// The text under `node` that is not inside a link.
pub(super) fn text_outside_links(node: &NodeRef) -> String {
    let mut out = String::new();
    let mut stack = vec![*node];
    while let Some(n) = stack.pop() {
        if n.is_text() {
            out.push_str(&n.text());
        } else if n.is_element() && !n.has_name("a") {
            stack.extend(n.children_it(true));
        }
    }
    out
}

/// The short text of one element, read once (`util::short_text` with the
/// largest limit any test needs) and cut to each test's limit: the tests of
/// `prune_classes` ask every element for its text several times.
pub(super) struct ShortText<'a, 'b> {
    node: &'a NodeRef<'b>,
    text: std::cell::OnceCell<Option<String>>,
}

impl<'a, 'b> ShortText<'a, 'b> {
    pub(super) const MAX: usize = 400;

    pub(super) fn new(node: &'a NodeRef<'b>) -> Self {
        Self {
            node,
            text: std::cell::OnceCell::new(),
        }
    }

    /// `util::short_text(node, max_chars)` for `max_chars <= MAX`.
    pub(super) fn get(&self, max_chars: usize) -> Option<&str> {
        debug_assert!(max_chars <= Self::MAX);
        self.text
            .get_or_init(|| crate::util::short_text(self.node, Self::MAX))
            .as_deref()
            .filter(|t| t.chars().count() <= max_chars)
    }
}
