//! Boilerplate pruning of an extracted article (the readability result or
//! the baseline), after the rules trafilatura applies to page furniture that
//! readability keeps when it sits inside the main container:
//!
//! * elements whose class/id names share bars, related-article teasers,
//!   comment threads, newsletter/subscription boxes, cookie banners, ad
//!   slots, author boxes, tag lists, pagination... (`aside`, `nav`,
//!   `footer`, `form` too), unless they hold 30% or more of the text;
//! * photo credits (short captions naming an agency or photographer);
//! * error messages the server printed into the page (PHP's warnings);
//! * the trailing section that starts at a label such as "Related
//!   articles", "Lesen Sie auch", "À lire aussi" or "Comments" in the last
//!   35% of the text, and single "Related: &lt;headline&gt;" teaser lines there.
//!
//! The vocabularies and thresholds are data in [`vocab`]; the passes that
//! read them are [`classes`] (furniture by element name and class/id),
//! [`lines`] (single-element text rules: datelines, credits, captions, ad
//! labels), [`errors`] (a server's error messages) and [`trailer`] (what
//! follows the story: related sections, read-also teasers, trailing
//! snippets and calls to action), over the tree helpers in [`tree`].

mod classes;
mod errors;
mod lines;
mod trailer;
mod tree;
mod vocab;

use dom_query::NodeRef;

use crate::Favor;
use tree::{outermost_elements, text_and_link_chars};

/// Removes boilerplate below `root` (an extracted article). Elements with a
/// boilerplate class/id are removed unless they hold a large share of the
/// article text (a wrapper such as `<div class="content has-comments">`);
/// photo credits and the trailing related/comments section go too.
///
/// How far it goes is `favor`'s ([`vocab::Strictness`]). (Pruning the page
/// before readability instead was measured worse: it changes readability's
/// choice of container.)
pub(crate) fn prune_article(root: &NodeRef, favor: Favor) {
    let strict = match favor {
        Favor::Balanced => &vocab::BALANCED,
        Favor::Precision => &vocab::PRECISION,
        Favor::Recall => &vocab::RECALL,
    };
    errors::drop_server_errors(root);
    classes::prune_classes(root, strict);
    trailer::cut_trailing_section(root, strict.trailer_start_percent);
    trailer::drop_read_also_teasers(root);
    trailer::trim_trailing_snippets(
        root,
        strict.snippet_max_chars,
        strict.snippet_sentence_max_chars,
    );
}

/// Builds the automata of the rules' phrase lists (the warm-up calls it).
pub(crate) fn build_rules() {
    for list in vocab::PHRASE_LISTS {
        list.build();
    }
}

/// Readability turns a `div` that holds only inline content into a new,
/// bare `<p>` (it wraps the content in one and puts it in the div's place),
/// so the class that marked the div as furniture is gone before
/// [`prune_article`] looks (`<div class="postmetadata">Filed under …`).
/// Run before readability, this wraps that content in a `<p>` that carries
/// the div's class and id: readability then finds the paragraph it would
/// have made, with the names.
pub(crate) fn carry_furniture_names(doc: &dom_query::Document) {
    let divs: Vec<_> = doc
        .root()
        .descendants_it()
        .filter(|n| n.has_name("div"))
        .collect();
    for div in &divs {
        classes::carry_names_into_paragraph(div);
    }
}

/// Characters of the text under `root` that sit in boilerplate elements
/// (boilerplate class/id, `aside`/`nav`/`footer`/`form`), whatever their
/// share, and the total: a readability result that is mostly boilerplate
/// (a cookie banner, an author box, an archive widget) picked the wrong
/// container.
pub(crate) fn boilerplate_chars(root: &NodeRef) -> (usize, usize) {
    let (total, _) = text_and_link_chars(root);
    let bad = outermost_elements(root, classes::is_furniture)
        .iter()
        .map(|n| text_and_link_chars(n).0)
        .sum();
    (bad, total)
}

/// The text (characters for which `keep` holds) of the page furniture in
/// `root`, a whole page: the outermost elements that `boilerplate_chars`
/// counts, except those around a `<main>`/`<article>` (wrappers, such as an
/// ASP.NET page's `<form>`). Readability's top candidate can be the inside
/// of such an element (an author box's description, with the box's class
/// on its parent), which the result's own classes do not show.
pub(crate) fn furniture_text(root: &NodeRef, keep: impl Fn(char) -> bool) -> String {
    let furniture = outermost_elements(root, |n, name| {
        !matches!(name, "body" | "html")
            && classes::is_furniture(n, name)
            && !crate::content::wraps_main(n)
    });
    let mut out = String::new();
    for n in furniture {
        out.extend(n.text().chars().filter(|c| keep(*c)));
        out.push('\u{1}');
    }
    out
}
