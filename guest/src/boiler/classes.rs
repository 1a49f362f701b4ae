//! Page furniture by element name and class/id token, and the pass that
//! removes it (with the single-element rules of [`super::lines`]).

use dom_query::{NodeData, NodeRef};

use super::lines::{
    is_ad_label, is_author_box_link, is_caps_promo, is_credit, is_date_line, is_gallery_counter,
    is_legal_notice, is_post_meta_line, numbered,
};
use super::tree::{has_block_child, name_of, text_and_link_chars, tokens, ShortText};
use super::vocab::*;

pub(super) fn prune_classes(root: &NodeRef, strict: &Strictness) {
    let (total, _) = text_and_link_chars(root);
    if total == 0 {
        return;
    }
    let mut remove: Vec<NodeRef> = Vec::new();
    let mut removed_chars = 0usize;
    let mut stack: Vec<NodeRef> = root.children_it(false).collect();
    while let Some(n) = stack.pop() {
        if !n.is_element() {
            continue;
        }
        let name = name_of(&n);
        let bad_name = furniture_name(&name) || name == "button";
        let toks = tokens(&n);
        let short = ShortText::new(&n);
        if DATE_LINE_HOSTS.contains(&name.as_str()) && is_date_line(&n, &short) {
            removed_chars += text_and_link_chars(&n).0;
            remove.push(n);
            continue;
        }
        if AD_LABEL_HOSTS.contains(&name.as_str()) && is_ad_label(&short) {
            remove.push(n);
            continue;
        }
        if NOTICE_HOSTS.contains(&name.as_str()) && !has_block_child(&n) {
            let notice = short.get(LEGAL_NOTICE_MAX_CHARS).is_some_and(|t| {
                is_gallery_counter(t) || is_legal_notice(t) || is_post_meta_line(t)
            });
            let mostly_links = || {
                let (chars, links) = text_and_link_chars(&n);
                links > 0 && links * 2 >= chars
            };
            if notice || is_author_box_link(&short, mostly_links) {
                removed_chars += text_and_link_chars(&n).0;
                remove.push(n);
                continue;
            }
        }
        let caps_promo = || {
            CAPS_PROMO_HOSTS.contains(&name.as_str())
                && !has_block_child(&n)
                && short.get(CAPS_PROMO_MAX_CHARS).is_some_and(|t| {
                    is_caps_promo(t, || {
                        let (chars, links) = text_and_link_chars(&n);
                        links * 2 >= chars
                    })
                })
        };
        if caps_promo() || LINK_LIST_HOSTS.contains(&name.as_str()) && is_numbered_link_list(&n) {
            removed_chars += text_and_link_chars(&n).0;
            remove.push(n);
            continue;
        }
        if strict.captions && is_caption(&name, &toks)
            || strict.credits && is_credit(&name, &toks, &n, &short)
            || strict.link_dense && is_link_dense(&name, &n)
        {
            removed_chars += text_and_link_chars(&n).0;
            remove.push(n);
            continue;
        }
        // Short link-dominated paragraphs and list items (trafilatura's link
        // density test) go only under `precision`: measured, removing them
        // by default cost more recall (link lists that are content) than it
        // gained in precision.
        let bad_class = toks.iter().any(|t| token_is_bad(t));
        if bad_name || bad_class {
            let (chars, _) = text_and_link_chars(&n);
            if chars * 100 <= total * FURNITURE_MAX_PERCENT {
                removed_chars += chars;
                remove.push(n);
                continue;
            }
        }
        stack.extend(n.children_it(false));
    }
    // Pieces that add up to nearly all of the article are not furniture: the
    // class names are then a site's own vocabulary.
    if removed_chars * 100 > total * FURNITURE_ALL_PERCENT {
        return;
    }
    for n in remove {
        n.remove_from_parent();
    }
}

/// A numbered list of links to other stories ("Most read": "1 &lt;headline&gt;",
/// "2 &lt;headline&gt;", ...): at least `LINK_LIST_MIN_ITEMS` element children,
/// each mostly link text and numbered with its position. (A numbered list
/// of the story itself is prose, not links; a table of contents links
/// within the page, and stays.)
fn is_numbered_link_list(n: &NodeRef) -> bool {
    let items: Vec<NodeRef> = n.children_it(false).filter(|c| c.is_element()).collect();
    items.len() >= LINK_LIST_MIN_ITEMS
        && items.iter().enumerate().all(|(i, item)| {
            let (chars, links) = text_and_link_chars(item);
            chars > 0
                && links * 100 >= chars * LINK_LIST_ITEM_LINK_PERCENT
                && numbered(&item.text(), i + 1)
                && !links_within_page(item)
        })
}

/// Whether a link under `n` points into the page (`href="#..."`).
fn links_within_page(n: &NodeRef) -> bool {
    n.descendants_it().any(|a| {
        a.has_name("a")
            && a.attr("href")
                .is_some_and(|h| h.trim_start().starts_with('#'))
    })
}

/// A caption: `figcaption`, or a class/id naming a caption.
fn is_caption(name: &str, toks: &[String]) -> bool {
    name == "figcaption" || toks.iter().any(|t| t.contains("caption"))
}

/// A short leaf paragraph or list item that is mostly link text.
fn is_link_dense(name: &str, n: &NodeRef) -> bool {
    if !matches!(name, "p" | "li" | "dd" | "dt") || has_block_child(n) {
        return false;
    }
    let (chars, links) = text_and_link_chars(n);
    chars > 0 && chars <= LINK_DENSE_MAX_CHARS && links * 100 >= chars * LINK_DENSE_PERCENT
}

pub(super) fn token_is_bad(t: &str) -> bool {
    if LAYOUT_TOKENS.contains(&t) || OWN_TEXT_TOKENS.contains(&t) {
        return false;
    }
    if let Some(rest) = LAYOUT_PREFIXES.iter().find_map(|p| t.strip_prefix(p)) {
        return token_is_bad(rest);
    }
    if BAD_TOKENS.contains(&t) {
        return true;
    }
    // Long slugs (`sharing-with-a-single-developer`, ids made from
    // headings) are not class names.
    if t.split(['-', '_']).filter(|s| !s.is_empty()).count() > 3 && t.len() > 24 {
        return false;
    }
    BAD_PARTS.any_start(t, |i| at_segment_start(t, i))
        || t.starts_with("ad-")
        || t.starts_with("ads-")
}

/// Whether byte offset `i` of `token` starts a segment: 0, or just after a
/// character that is not ASCII alphanumeric. A boilerplate part counts when
/// it starts a segment (`has-comments`, `c-newsletter`, `commentlist`), not
/// inside a word (`apageroot` does not hold `pager`).
pub(super) fn at_segment_start(token: &str, i: usize) -> bool {
    i == 0
        || i < token.len()
            && token[..i]
                .chars()
                .next_back()
                .is_some_and(|c| !c.is_ascii_alphanumeric())
}

/// Whether element `n` (named `name`) is page furniture: `aside`, `nav`,
/// `footer`, `form`, or a boilerplate class/id. An article's or main's
/// classes are state flags (`node--promoted`, `paywall-on`,
/// `has-comments`), not furniture; a paragraph is text whatever its class
/// (`<p class="teasertext">`).
pub(super) fn is_furniture(n: &NodeRef, name: &str) -> bool {
    let container = NOT_FURNITURE_BY_CLASS.contains(&name);
    furniture_name(name) || !container && tokens(n).iter().any(|t| token_is_bad(t))
}

/// [`super::carry_furniture_names`] for one `div`: when it is furniture by
/// a class/id token that holds no [`NOT_CARRIED`] part, and all its content
/// is inline (readability's phrasing content),
/// that content (without the whitespace around it) moves into a new `<p>`
/// with the div's `class` and `id`.
pub(super) fn carry_names_into_paragraph(div: &NodeRef) {
    let children: Vec<NodeRef> = div.children_it(false).collect();
    let blank = |n: &NodeRef| n.is_text() && !n.is_nonempty_text() || n.is_comment();
    let Some(first) = children.iter().position(|c| !blank(c)) else {
        return;
    };
    let last = children.iter().rposition(|c| !blank(c)).unwrap_or(first);
    // The content test first: most divs hold blocks, and it is cheaper.
    if !children[first..=last].iter().all(phrasing) {
        return;
    }
    let carried = |t: &String| token_is_bad(t) && !NOT_CARRIED.iter().any(|p| t.contains(p));
    if !tokens(div).iter().any(carried) {
        return;
    }
    let p = div.tree.new_element("p");
    for a in ["class", "id"] {
        if let Some(v) = div.attr(a) {
            p.set_attr(a, &v);
        }
    }
    children[first].insert_before(&p);
    for c in &children[first..=last] {
        p.append_child(c);
    }
}

/// Readability's phrasing content: text, inline elements, and links (and
/// `del`/`ins`) that hold only phrasing content. (Element names are read
/// in place: this runs on every div of the page.)
fn phrasing(n: &NodeRef) -> bool {
    if n.is_text() {
        return true;
    }
    let kind = n.query(|tn| match &tn.data {
        NodeData::Element(el) => {
            let s: &str = &el.name.local;
            if PHRASING_ELEMENTS.contains(&s) {
                Some(true)
            } else if matches!(s, "a" | "del" | "ins") {
                None
            } else {
                Some(false)
            }
        }
        _ => Some(false),
    });
    match kind.flatten() {
        Some(k) => k,
        None => n.first_child().is_some() && n.children_it(false).all(|c| phrasing(&c)),
    }
}

/// Elements that are page furniture whatever their class.
pub(super) fn furniture_name(name: &str) -> bool {
    crate::elements::FURNITURE_ELEMENTS.contains(&name)
}

#[cfg(test)]
mod tests {
    use super::token_is_bad;

    #[test]
    fn class_tokens() {
        let cases: &[(&str, bool)] = &[
            ("share", true),
            ("has-comments", true),
            ("c-newsletter", true),
            ("commentlist", true),
            ("ad", true),
            ("ad-slot-top", true),
            ("ads-wrapper", true),
            ("apageroot", false),
            ("header", false),
            ("content", false),
            ("entry-content", false),
            ("adventure", false),
            ("sharing-with-a-single-developer", false),
            ("kommentar-box", true),
            ("c-flyout__foot", true),
            ("elementor-widget", false),
            ("elementor-widget-wrap", false),
            ("elementor-widget-text-editor", false),
            ("elementor-widget-share-buttons", true),
            ("elementor-widget-sidebar", true),
            ("widget", true),
            ("teaser-text", false),
            ("article-teaser", false),
            ("teaser", true),
            ("teaser-list__item", true),
            ("aawp-disclaimer", true),
        ];
        for &(token, bad) in cases {
            assert_eq!(token_is_bad(token), bad, "{token}");
        }
    }
}
