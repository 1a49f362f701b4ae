//! Boilerplate pruning of an extracted article (the readability result or
//! the baseline), after the rules trafilatura applies to page furniture that
//! readability keeps when it sits inside the main container:
//!
//! * elements whose class/id names share bars, related-article teasers,
//!   comment threads, newsletter/subscription boxes, cookie banners, ad
//!   slots, author boxes, tag lists, pagination... (`aside`, `nav`,
//!   `footer`, `form` too), unless they hold 30% or more of the text;
//! * photo credits (short captions naming an agency or photographer);
//! * the trailing section that starts at a label such as "Related
//!   articles", "Lesen Sie auch", "À lire aussi" or "Comments" in the last
//!   35% of the text, and single "Related: <headline>" teaser lines there.

use dom_query::{NodeData, NodeRef};

/// Substrings of a class/id token that mark boilerplate.
const BAD_PARTS: &[&str] = &[
    "related",
    "share",
    "sharing",
    "social",
    "comment",
    "newsletter",
    "subscri",
    "cookie",
    "consent",
    "gdpr",
    "breadcrumb",
    "sidebar",
    "widget",
    "popup",
    "modal",
    "advert",
    "sponsor",
    "promo",
    "paywall",
    "recommend",
    "popular",
    "mostpopular",
    "mostread",
    "most-read",
    "readmore",
    "read-more",
    "also-read",
    "tagcloud",
    "tag-list",
    "taglist",
    "author-bio",
    "authorbio",
    "author-box",
    "authorbox",
    "about-author",
    "signup",
    "sign-up",
    "login",
    "pagination",
    "pager",
    "navigation",
    "skip-link",
    "skiplink",
    "screen-reader",
    "sr-only",
    "visually-hidden",
    "print-only",
    "outbrain",
    "taboola",
    "disqus",
    "donate",
    "rating",
    "further-reading",
    "more-stories",
    "more-articles",
    "morestories",
    "next-post",
    "prev-post",
    "nextprev",
    "post-nav",
    "postnav",
    "toolbar",
    "banner",
    "teaser",
    "footer",
    "-tags",
    "tags-",
    "meta-tags",
    "trending",
    "inline-ad",
    "ad-slot",
    "adslot",
    "ad-container",
    "adcontainer",
    "ad-wrapper",
    "anzeige",
    "werbung",
    "jp-relatedposts",
    "follow",
    "feedback",
    "copyright",
    // Post metadata lines and author boxes (WordPress and friends).
    "postmeta",
    "entry-meta",
    "post-meta",
    "entry-utility",
    "entryfooter",
    "author-info",
    "authorinfo",
    "author-card",
    "entry-author",
    "saboxplugin",
    // Disclosures, reading-time badges, wish lists.
    "affiliate",
    "disclosure",
    "read-time",
    "readingtime",
    "reading-time",
    "nextstory",
    "next-story",
    "wishlist",
    "akismet",
    "recipe-print",
    // "comment" in German, Spanish/Portuguese and Polish class names.
    "kommentar",
    "comentario",
    "komentarz",
];

/// Whole class/id tokens that mark boilerplate.
const BAD_TOKENS: &[&str] = &[
    "ad",
    "ads",
    "advertisement",
    "nav",
    "menu",
    "tags",
    "tag",
    "share",
    "social",
    "related",
    "comments",
    "byline",
    "author",
    "hidden",
    "hide",
    "meta",
];

fn token_is_bad(t: &str) -> bool {
    if BAD_TOKENS.contains(&t) {
        return true;
    }
    // Long slugs (`sharing-with-a-single-developer`, ids made from
    // headings) are not class names.
    if t.split(['-', '_']).filter(|s| !s.is_empty()).count() > 3 && t.len() > 24 {
        return false;
    }
    segment_starts(t).any(|i| BAD_PARTS.iter().any(|p| t[i..].starts_with(p)))
        || t.starts_with("ad-")
        || t.starts_with("ads-")
}

/// Byte offsets in `token` where a segment starts: 0 and after each
/// character that is not ASCII alphanumeric. A boilerplate part counts when
/// it starts a segment (`has-comments`, `c-newsletter`, `commentlist`), not
/// inside a word (`apageroot` does not hold `pager`).
fn segment_starts(token: &str) -> impl Iterator<Item = usize> + '_ {
    std::iter::once(0).chain(
        token
            .char_indices()
            .filter(|(_, c)| !c.is_ascii_alphanumeric())
            .map(|(i, c)| i + c.len_utf8())
            .filter(move |&i| i < token.len()),
    )
}

/// The class and id tokens of an element, lower-cased.
fn tokens(node: &NodeRef) -> Vec<String> {
    let mut out = Vec::new();
    for a in ["class", "id"] {
        if let Some(v) = node.attr(a) {
            out.extend(v.split_whitespace().map(|t| t.to_ascii_lowercase()));
        }
    }
    out
}

fn name_of(node: &NodeRef) -> String {
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
fn text_and_link_chars(node: &NodeRef) -> (usize, usize) {
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
            if matches!(nm.as_str(), "script" | "style" | "noscript" | "template") {
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

/// Removes boilerplate below `root` (an extracted article). Elements with a
/// boilerplate class/id are removed unless they hold a large share of the
/// article text (a wrapper such as `<div class="content has-comments">`);
/// photo credits and the trailing related/comments section go too.
///
/// (Pruning the page before readability instead was measured worse: it
/// changes readability's choice of container.)
pub(crate) fn prune_article(root: &NodeRef) {
    prune_classes(root);
    cut_trailing_section(root);
    drop_read_also_teasers(root);
    trim_trailing_snippets(root);
}

/// "Read also" markers that introduce a teaser of another article inside
/// a story ("Lea también: …", "Lesen Sie auch: …", "Czytaj też: …").
const READ_ALSO: &[&str] = &[
    "read more",
    "read also",
    "also read",
    "read",
    // Not "related": inline "Related: …" lines are kept by Readability.js
    // (readability-pages, cnn), and a trailing "Related" section is cut
    // by `cut_trailing_section` anyway.
    "see also",
    "lesen sie auch",
    "lies auch",
    "weiterlesen",
    "mehr dazu",
    "mehr zum thema",
    "auch interessant",
    "siehe auch",
    "à lire aussi",
    "a lire aussi",
    "lire aussi",
    "voir aussi",
    "lea también",
    "lee también",
    "lea más",
    "lee más",
    "lea",
    "lee",
    "mira también",
    "ver también",
    "te puede interesar",
    "le puede interesar",
    "más información",
    "leia também",
    "leia mais",
    "veja também",
    "leggi anche",
    "lees ook",
    "czytaj też",
    "czytaj także",
    "czytaj więcej",
    "zobacz też",
    "zobacz także",
    "dowiedz się więcej",
    "lesen sie hier",
    "lesenswert",
    "vea también",
    "puedes ver",
    "mira",
];

/// Removes short blocks that are a "read also" marker, punctuation and a
/// teaser of another article, wherever they are in the story (the trailing
/// ones are cut with what follows them by `cut_trailing_section`).
fn drop_read_also_teasers(root: &NodeRef) {
    let leaves = outermost_elements(root, |n, name| {
        matches!(name, "p" | "li" | "div" | "h2" | "h3" | "h4" | "h5" | "h6") && !has_block_child(n)
    });
    for n in leaves {
        if crate::util::short_text(&n, 300).is_some_and(|t| is_read_also_teaser(&t)) {
            n.remove_from_parent();
        }
    }
}

/// The outermost elements under `root` (not `root` itself) for which
/// `hit(element, its lower-case name)` holds; what is inside them is not
/// visited. Depth-first from the last child, so the order is fixed.
fn outermost_elements<'a>(
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

/// `text` is a read-also marker, then `:`/`»`/`|`/`>`/`…`/dashes, then a
/// teaser of at least three words.
fn is_read_also_teaser(text: &str) -> bool {
    let t = text.trim().to_lowercase();
    READ_ALSO.iter().any(|m| {
        let Some(rest) = t.strip_prefix(m) else {
            return false;
        };
        let rest = rest.trim_start();
        let Some(after) = rest.strip_prefix([':', '»', '|', '>', '…', '–', '-']) else {
            return false;
        };
        let after = after.trim_start_matches(['.', '>', '»', ' ', '\u{a0}']);
        // One-word markers are also names ("Lea:", "Mira:" in an interview):
        // there the teaser must read like a headline, not end a sentence.
        if !m.contains(' ') && after.trim_end().ends_with('.') {
            return false;
        }
        after
            .split_whitespace()
            .filter(|w| w.chars().any(char::is_alphanumeric))
            .count()
            >= 3
    })
}

/// Characters of the text under `root` that sit in boilerplate elements
/// (boilerplate class/id, `aside`/`nav`/`footer`/`form`), whatever their
/// share, and the total: a readability result that is mostly boilerplate
/// (a cookie banner, an author box, an archive widget) picked the wrong
/// container.
pub(crate) fn boilerplate_chars(root: &NodeRef) -> (usize, usize) {
    let (total, _) = text_and_link_chars(root);
    let bad = outermost_elements(root, is_furniture)
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
        !matches!(name, "body" | "html") && is_furniture(n, name) && !crate::content::wraps_main(n)
    });
    let mut out = String::new();
    for n in furniture {
        out.extend(n.text().chars().filter(|c| keep(*c)));
        out.push('\u{1}');
    }
    out
}

/// Whether element `n` (named `name`) is page furniture: `aside`, `nav`,
/// `footer`, `form`, or a boilerplate class/id. An article's or main's
/// classes are state flags (`node--promoted`, `paywall-on`,
/// `has-comments`), not furniture; a paragraph is text whatever its class
/// (`<p class="teasertext">`).
fn is_furniture(n: &NodeRef, name: &str) -> bool {
    let container = matches!(name, "article" | "main" | "p");
    furniture_name(name) || !container && tokens(n).iter().any(|t| token_is_bad(t))
}

/// Elements that are page furniture whatever their class.
fn furniture_name(name: &str) -> bool {
    matches!(name, "aside" | "nav" | "footer" | "form")
}

/// Whether an element child of `n` is a block (then `n` is not a leaf
/// block: its text is several paragraphs).
fn has_block_child(n: &NodeRef) -> bool {
    n.children_it(false)
        .any(|c| c.is_element() && is_block_name(&name_of(&c)))
}

fn is_block_name(name: &str) -> bool {
    matches!(
        name,
        "p" | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "li"
            | "div"
            | "dd"
            | "dt"
            | "blockquote"
            | "pre"
            | "section"
            | "article"
            | "ul"
            | "ol"
            | "dl"
            | "table"
            | "figure"
            | "header"
            | "footer"
    )
}

/// After the last paragraph of real prose (150+ characters), the trailing
/// run of short blocks that are mostly link text or do not end like a
/// sentence is page furniture ("Tags: ...", "Back to overview", a list of
/// related headlines); it stops at the first block that reads like prose.
fn trim_trailing_snippets(root: &NodeRef) {
    // Leaf blocks in document order.
    let mut leaves: Vec<(NodeRef, String)> = Vec::new();
    let mut stack: Vec<NodeRef> = root.children_it(true).collect();
    while let Some(n) = stack.pop() {
        if !n.is_element() {
            continue;
        }
        let name = name_of(&n);
        if matches!(
            name.as_str(),
            "script" | "style" | "noscript" | "template" | "pre" | "table"
        ) {
            continue;
        }
        if is_block_name(&name) && !has_block_child(&n) {
            leaves.push((n, crate::util::norm_ws(&n.text())));
            continue;
        }
        stack.extend(n.children_it(true));
    }
    let total: usize = leaves.iter().map(|(_, t)| t.chars().count()).sum();
    if total < 500 {
        return;
    }
    // Calls to action at the very end (subscribe, download the app, log in
    // to comment, share the article) go first, prose or not.
    while let Some((n, t)) = leaves.last() {
        if t.is_empty() {
            leaves.pop();
            continue;
        }
        // Only the block's own words count, not its links' ("Order
        // Reprints | Today's Paper | Subscribe" under a story is a print
        // note that Readability keeps).
        if t.chars().count() > 400 || !is_call_to_action(&text_outside_links(n)) {
            break;
        }
        n.remove_from_parent();
        leaves.pop();
    }
    let Some(last_long) = leaves.iter().rposition(|(_, t)| t.chars().count() >= 150) else {
        return;
    };
    // Walk back from the end: remove the trailing run of snippets, stop at
    // the first block that reads like prose.
    for (n, t) in leaves[last_long + 1..].iter().rev() {
        let len = t.chars().count();
        if len == 0 {
            continue;
        }
        if len >= 80 {
            break;
        }
        let sentence_end = t.trim_end().ends_with([
            '.', '!', '?', ':', ';', '"', '”', '“', '»', '«', ')', '…', '。', '！', '？', '」',
            '』',
        ]);
        let (chars, link) = text_and_link_chars(n);
        let link_dominated = link * 2 >= chars && link > 0;
        let name = name_of(n);
        let heading = name.len() == 2 && name.starts_with('h') && name != "hr";
        if link_dominated || heading || (!sentence_end && name != "li") {
            n.remove_from_parent();
        } else {
            break;
        }
    }
}

/// Stems of the words of a call to action: subscriptions, newsletters,
/// apps and channels, logging in to comment, sharing, rating (English,
/// German, French, Spanish, Portuguese, Italian, Polish).
const CALL_TO_ACTION: &[&str] = &[
    "subscribe",
    "subscriber",
    "subscription",
    "newsletter",
    "abonnier",
    "abonnement",
    "abonnez",
    "abonne",
    "suscríb",
    "suscrib",
    "suscripc",
    "assine",
    "abbonati",
    "subskrypc",
    "prenumer",
    "download the",
    "our app",
    "unsere app",
    "telegram",
    "whatsapp",
    "einloggen",
    "eingeloggt",
    "log in",
    "sign in",
    "anmelden",
    "kommentieren",
    "in den kommentaren",
    "akismet",
    "artikel teilen",
    "share this",
    "war der artikel",
    "was this article",
    "hilfreich?",
    "helpful?",
    "enjoyed",
    "gefällt dir",
    "gefällt ihnen",
    "unterstützen sie",
    "support our",
    "support us",
    "donate",
];

/// The text under `node` that is not inside a link.
fn text_outside_links(node: &NodeRef) -> String {
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

/// Whether `text` (a short block at the end of an article) asks the reader
/// to do something other than read.
fn is_call_to_action(text: &str) -> bool {
    let t = text.to_lowercase();
    CALL_TO_ACTION.iter().any(|k| t.contains(k))
}

fn prune_classes(root: &NodeRef) {
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
        if matches!(name.as_str(), "p" | "div" | "span" | "time" | "small")
            && is_date_line(&n, &short)
        {
            removed_chars += text_and_link_chars(&n).0;
            remove.push(n);
            continue;
        }
        if matches!(
            name.as_str(),
            "p" | "div"
                | "span"
                | "li"
                | "small"
                | "strong"
                | "b"
                | "em"
                | "h2"
                | "h3"
                | "h4"
                | "h5"
                | "h6"
        ) && is_ad_label(&short)
        {
            remove.push(n);
            continue;
        }
        if is_credit(&name, &toks, &n, &short) {
            removed_chars += text_and_link_chars(&n).0;
            remove.push(n);
            continue;
        }
        // Short link-dominated paragraphs and list items (trafilatura's link
        // density test) stay: measured, removing them cost more recall (link
        // lists that are content) than it gained in precision.
        let bad_class = toks.iter().any(|t| token_is_bad(t));
        if bad_name || bad_class {
            let (chars, _) = text_and_link_chars(&n);
            if chars * 100 <= total * 30 {
                removed_chars += chars;
                remove.push(n);
                continue;
            }
        }
        stack.extend(n.children_it(false));
    }
    // Pieces that add up to nearly all of the article are not furniture: the
    // class names are then a site's own vocabulary.
    if removed_chars * 100 > total * 90 {
        return;
    }
    for n in remove {
        n.remove_from_parent();
    }
}

/// Starts of the headings/labels that introduce what follows an article:
/// related stories, "read also" teasers, comment sections, source lists,
/// newsletters (English, German, French, Spanish, Italian, Portuguese,
/// Dutch, Polish).
const TRAILER_MARKERS: &[&str] = &[
    "related",
    "read more",
    "read also",
    "read next",
    "also read",
    "more from",
    "more stories",
    "more articles",
    "you may also like",
    "you might also like",
    "you may like",
    "recommended",
    "more on this",
    "trending",
    "most popular",
    "most read",
    "share this",
    "leave a reply",
    "leave a comment",
    "comments",
    "about the author",
    "sign up for",
    "subscribe to",
    "auch interessant",
    "das könnte dich",
    "das könnte sie",
    "lesen sie auch",
    "lies auch",
    "mehr zum thema",
    "mehr themen",
    "weitere artikel",
    "weitere beiträge",
    "ähnliche beiträge",
    "ähnliche artikel",
    "neueste artikel",
    "neueste beiträge",
    "das thema könnte",
    "passend dazu",
    "teilen sie dies",
    "teilen mit",
    "kommentare",
    "kommentar verfassen",
    "quellenangaben",
    "weiterführende links",
    "beliebte artikel",
    "empfohlene artikel",
    "themen:",
    "schlagwörter",
    "à lire aussi",
    "a lire aussi",
    "lire aussi",
    "sur le même sujet",
    "articles similaires",
    "commentaires",
    "lea también",
    "lee también",
    "le puede interesar",
    "te puede interesar",
    "noticias relacionadas",
    "artículos relacionados",
    "comentarios",
    "leggi anche",
    "potrebbe interessarti",
    "articoli correlati",
    "leia também",
    "veja também",
    "lees ook",
    "gerelateerde artikelen",
    "czytaj także",
    "czytaj też",
    "zobacz też",
    "polecamy",
    "continue reading",
    "keep reading",
    "read this next",
    "what to read next",
    "see more",
    "more:",
    "editor's picks",
    "don't miss",
    "top stories",
    "latest news",
    "latest stories",
    "recent posts",
    "follow us",
    "tags",
    "source:",
    "sources",
    "weiterlesen",
    "zum thema",
    "mehr dazu",
    "auch lesenswert",
    "weitere informationen",
    "weitere news",
    "weitere nachrichten",
    "folge uns",
    "folgen sie uns",
    "quelle:",
    "quellen",
    "schlagworte",
    "anzeige",
    "werbung",
    "newsletter",
    "lire la suite",
    "à voir aussi",
    "voir aussi",
    "dans la même rubrique",
    "mira también",
    "ver también",
    "más noticias",
    "leia mais",
    "saiba mais",
    "czytaj więcej",
    "zobacz także",
    "dowiedz się więcej",
    "weitere",
    "empfohlene",
    "empfehlungen",
    "ähnliche",
    "verwandte",
    "lea más",
    "lee más",
    "permalink",
    "permalien",
    "drucken",
    "drukuj",
    "print",
    "keine kommentare",
    "no comments",
    "subscribe now",
    "meistgelesen",
    "meistgelesene",
    "meist gelesen",
    "meistdiskutiert",
    "meistdiskutierte",
    "meist-diskutiert",
    "meistkommentiert",
    "meistkommentierte",
    "schon gelesen",
    "entdecke weitere",
    "entdecken sie weitere",
    "kommentar hinzufügen",
    "valora esta noticia",
    "kommentieren",
    "kommentar schreiben",
    "post a comment",
    "add a comment",
    "write a comment",
    "deja tu comentario",
    "deja un comentario",
    "laisser un commentaire",
    "dodaj komentarz",
    "zostaw komentarz",
    "zum weiterlesen",
    "auch lesen",
    "źródło:",
    "fuente:",
    "fonte:",
    "bron:",
    "von:",
];

/// `Some(true)` when `text` is only a trailer label ("Related articles",
/// "Lesen Sie auch:"), `Some(false)` when it is a label followed by a teaser
/// ("Related: Chicago is America's most segregated city"), `None` otherwise.
fn trailer_label(text: &str) -> Option<bool> {
    let t = text.trim().to_lowercase();
    if t.is_empty() || t.chars().count() > 80 {
        return None;
    }
    TRAILER_MARKERS.iter().find_map(|m| {
        let rest = t.strip_prefix(m)?;
        if rest.chars().next().is_some_and(|c| c.is_alphanumeric()) {
            return None;
        }
        let words_after = rest
            .split_whitespace()
            .filter(|w| w.chars().any(char::is_alphanumeric))
            .count();
        Some(words_after <= 2)
    })
}

/// Cuts the article at a heading or short label such as "Related
/// articles", "Lesen Sie auch:" or "Comments" when what starts there is the
/// last 35% (or less) of the text: everything from the label to the end goes.
fn cut_trailing_section(root: &NodeRef) {
    let (total, _) = text_and_link_chars(root);
    if total < 200 {
        return;
    }
    // Pre-order walk, counting the text seen before each element.
    let mut before = 0usize;
    let mut stack: Vec<NodeRef> = root.children_it(true).collect();
    while let Some(n) = stack.pop() {
        if n.is_text() {
            before += n.text().chars().filter(|c| !c.is_whitespace()).count();
            continue;
        }
        if !n.is_element() {
            continue;
        }
        let name = name_of(&n);
        let label_like = matches!(
            name.as_str(),
            "h1" | "h2"
                | "h3"
                | "h4"
                | "h5"
                | "h6"
                | "p"
                | "strong"
                | "b"
                | "div"
                | "span"
                | "section"
                | "header"
                | "dt"
                | "legend"
        );
        let late = before * 100 >= total * 65;
        if label_like {
            let text = crate::util::short_text(&n, 80);
            let label = text.as_deref().and_then(trailer_label);
            let teaser_line = label == Some(false)
                && matches!(
                    name.as_str(),
                    "p" | "div" | "h2" | "h3" | "h4" | "h5" | "h6"
                )
                && late;
            if teaser_line {
                // A single teaser line: only it goes.
                before += text
                    .as_deref()
                    .unwrap_or("")
                    .chars()
                    .filter(|c| !c.is_whitespace())
                    .count();
                n.remove_from_parent();
                continue;
            }
            if late && label == Some(true) {
                // A box of links under the label ("Related" and three
                // headlines) with the story going on after it: only the
                // box goes.
                if let Some(b) = link_box(root, &n).filter(|b| prose_follows(root, b)) {
                    before += text_and_link_chars(&b).0;
                    b.remove_from_parent();
                    continue;
                }
                // Remove n and everything after it, up to the root.
                let mut cur = n;
                loop {
                    let mut next = cur.next_sibling();
                    while let Some(sib) = next {
                        next = sib.next_sibling();
                        sib.remove_from_parent();
                    }
                    let parent = cur.parent();
                    match parent {
                        Some(p) if p.id != root.id => cur = p,
                        _ => break,
                    }
                }
                n.remove_from_parent();
                return;
            }
        }
        if matches!(name.as_str(), "script" | "style" | "noscript" | "template") {
            continue;
        }
        stack.extend(n.children_it(true));
    }
}

/// The largest ancestor of `label` below `root` that holds more than the
/// label and is link text for at least half of the rest (a teaser box).
fn link_box<'a>(root: &NodeRef<'a>, label: &NodeRef<'a>) -> Option<NodeRef<'a>> {
    let (label_chars, _) = text_and_link_chars(label);
    let mut best = None;
    let mut cur = *label;
    while let Some(p) = cur.parent() {
        if p.id == root.id {
            break;
        }
        let (chars, links) = text_and_link_chars(&p);
        let rest = chars.saturating_sub(label_chars);
        if rest == 0 || links * 2 < rest {
            break;
        }
        best = Some(p);
        cur = p;
    }
    best
}

/// Whether a paragraph of prose (150+ characters, under 30% link text)
/// comes after `node` (outside it) below `root`.
fn prose_follows(root: &NodeRef, node: &NodeRef) -> bool {
    let mut cur = *node;
    loop {
        let mut next = cur.next_sibling();
        while let Some(sib) = next {
            let mut stack = vec![sib];
            while let Some(n) = stack.pop() {
                if !n.is_element() {
                    continue;
                }
                if name_of(&n) == "p" {
                    let (chars, links) = text_and_link_chars(&n);
                    if chars >= 150 && links * 10 < chars * 3 {
                        return true;
                    }
                    continue;
                }
                stack.extend(n.children_it(false));
            }
            next = sib.next_sibling();
        }
        match cur.parent() {
            Some(p) if p.id != root.id => cur = p,
            _ => return false,
        }
    }
}

/// A photo credit: a caption-like element (`figcaption`, class/id with
/// caption/credit/copyright) whose short text names a source ("Foto: dpa",
/// "Judy Eddy/WENN.com", "(c) Getty Images").
fn is_credit(name: &str, toks: &[String], n: &NodeRef, short: &ShortText) -> bool {
    if matches!(name, "p" | "small" | "em" | "i" | "span" | "div") && is_credit_line(short) {
        return true;
    }
    if matches!(name, "p" | "figcaption" | "small" | "span" | "div")
        && !has_block_child(n)
        && short.get(400).is_some_and(|t| {
            t.chars().count() <= 300 && ends_with_credit(t) || is_figure_caption(t)
        })
    {
        return true;
    }
    let credit_class = toks
        .iter()
        .any(|t| t.contains("credit") || t.contains("copyright") || t.contains("source"));
    let caption = name == "figcaption" || toks.iter().any(|t| t.contains("caption"));
    if !credit_class && !caption {
        return false;
    }
    let Some(text) = short.get(100) else {
        return false;
    };
    if credit_class {
        return true;
    }
    let lower = text.to_lowercase();
    const MARKERS: &[&str] = &[
        "©",
        "(c)",
        "foto:",
        "fotos:",
        "photo:",
        "photos:",
        "bild:",
        "bild via",
        "quelle:",
        "source:",
        "credit",
        "getty",
        "shutterstock",
        "istock",
        "dpa",
        "reuters",
        "afp",
        "imago",
        "unsplash",
        "pixabay",
        "wenn.com",
        "image:",
        "images:",
        "/ap",
        "ap photo",
        "picture alliance",
        "keystone",
        "epa",
    ];
    MARKERS.iter().any(|m| lower.contains(m))
        || (text.contains('/') && text.split_whitespace().count() <= 6)
}

/// Whether `text` (a short block) ends with a photo credit: a caption such
/// as "The minister at the briefing. Foto: Jane Doe/dpa" or "… (Quelle:
/// Unsplash)". The credit is a label, `:` or `©`, and up to 60 characters
/// with no sentence punctuation.
fn ends_with_credit(text: &str) -> bool {
    const LABELS: &[&str] = &[
        "foto", "fotos", "photo", "photos", "bild", "imagen", "image", "quelle", "fuente",
        "crédit", "crédits", "credit", "kuva", "zdjęcie",
    ];
    // The credit is at the end: only the last 80 characters are searched.
    let text = text.trim_end().trim_end_matches(')');
    let tail_start = text.char_indices().rev().nth(79).map_or(0, |(i, _)| i);
    let tail = &text[tail_start..];
    // No label separator, no credit (most paragraphs: skip the searches).
    if !tail.contains([':', '©']) {
        return false;
    }
    let lower = tail.to_lowercase();
    LABELS.iter().any(|l| {
        lower.match_indices(l).any(|(i, _)| {
            let before_ok = lower[..i]
                .chars()
                .next_back()
                .is_none_or(|c| c.is_whitespace() || "(.|/–-".contains(c));
            let after = lower[i + l.len()..].trim_start();
            let Some(rest) = after.strip_prefix([':', '©']) else {
                return false;
            };
            let rest = rest.trim();
            let n = rest.chars().count();
            before_ok && (1..=60).contains(&n) && !rest.contains(['.', '!', '?', ':'])
        })
    })
}

/// The short text of one element, read once (`util::short_text` with the
/// largest limit any test needs) and cut to each test's limit: the tests of
/// `prune_classes` ask every element for its text several times.
struct ShortText<'a, 'b> {
    node: &'a NodeRef<'b>,
    text: std::cell::OnceCell<Option<String>>,
}

impl<'a, 'b> ShortText<'a, 'b> {
    const MAX: usize = 400;

    fn new(node: &'a NodeRef<'b>) -> Self {
        Self {
            node,
            text: std::cell::OnceCell::new(),
        }
    }

    /// `util::short_text(node, max_chars)` for `max_chars <= MAX`.
    fn get(&self, max_chars: usize) -> Option<&str> {
        debug_assert!(max_chars <= Self::MAX);
        self.text
            .get_or_init(|| crate::util::short_text(self.node, Self::MAX))
            .as_deref()
            .filter(|t| t.chars().count() <= max_chars)
    }
}

/// Labels of advertisement slots ("Anzeige", "- Advertisement -"), whose
/// ads scripts fill in.
const AD_LABELS: &[&str] = &[
    "advertisement",
    "advertising",
    "ad",
    "ads",
    "sponsored",
    "anzeige",
    "werbung",
    "gesponsert",
    "externer inhalt",
    "publicité",
    "publicidad",
    "publicidade",
    "pubblicità",
    "reklama",
    "reklame",
    "advertentie",
];

/// Whether the short text of an element (`short`) is only an advertisement label.
fn is_ad_label(short: &ShortText) -> bool {
    short.get(30).is_some_and(|t| {
        let t = t
            .trim_matches(|c: char| c.is_whitespace() || matches!(c, ':' | '-' | '–' | '*' | '|'))
            .to_lowercase();
        AD_LABELS.contains(&t.as_str())
    })
}

/// Whether `text` is a numbered or labelled figure caption: "Abbildung 4:
/// …", "Abb. 3: …", "Figure 2: …", "Fig. 1. …", "Tabelle 1: …".
fn is_figure_caption(text: &str) -> bool {
    const LABELS: &[&str] = &[
        "abbildung",
        "abb.",
        "figure",
        "fig.",
        "grafik",
        "grafika",
        "schaubild",
        "tabelle",
        "table",
        "illustration",
        "image",
        "imagen",
        "foto",
        "bild",
        "photo",
    ];
    let lower = text.trim_start().to_lowercase();
    // The zoom control's label opens an image caption ("Vergrößern Eine
    // kleine runde Aussparung …"), or the caption says how to zoom.
    const ZOOM: &[&str] = &[
        "zum vergrößern",
        "click to enlarge",
        "cliquez pour agrandir",
    ];
    if lower.starts_with("vergrößern ")
        || lower.starts_with("enlarge ")
        || ZOOM.iter().any(|z| lower.contains(z))
    {
        return true;
    }
    LABELS.iter().any(|l| {
        let Some(rest) = lower.strip_prefix(l) else {
            return false;
        };
        // "Figures show…" or "Tabellen…" are words, not labels.
        if !l.ends_with('.') && rest.chars().next().is_some_and(char::is_alphabetic) {
            return false;
        }
        let rest = rest.trim_start();
        let rest = rest.trim_start_matches(|c: char| c.is_ascii_digit());
        let rest = rest
            .strip_prefix(|c: char| c.is_ascii_lowercase())
            .unwrap_or(rest);
        let rest = rest.trim_start();
        // "Abb. 3:" / "Figure 2:" / "Fig. 1." / "Abb.: …"
        let labelled =
            rest.starts_with(':') || rest.starts_with('.') && rest.len() < lower.len() - l.len();
        labelled && rest[1..].split_whitespace().count() >= 1
    })
}

/// A short line that only credits a picture or names a source:
/// "Foto: dpa", "Titelbild: ...", "Photo: ...", "© Jane Doe", "Quelle: ...".
fn is_credit_line(short: &ShortText) -> bool {
    let Some(text) = short.get(100) else {
        return false;
    };
    if text.is_empty() {
        return false;
    }
    let lower = text.to_lowercase();
    const STARTS: &[&str] = &[
        "foto:",
        "fotos:",
        "foto ©",
        "fotos ©",
        "bild:",
        "bilder:",
        "titelbild:",
        "photo:",
        "photos:",
        "photo credit",
        "image:",
        "images:",
        "image credit",
        "credit:",
        "credits:",
        "©",
        "(c) ",
        "quelle:",
        "bildquelle",
        "source:",
        "crédit",
        "crédits photo",
        "fuente:",
        "foto di",
        "zdjęcie:",
    ];
    STARTS.iter().any(|p| lower.starts_with(p))
}

/// Month names and abbreviations (en, de, fr, es).
const MONTHS: &[&str] = &[
    "jan",
    "feb",
    "mar",
    "apr",
    "may",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "january",
    "february",
    "march",
    "april",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "januar",
    "februar",
    "märz",
    "mai",
    "juni",
    "juli",
    "oktober",
    "dezember",
    "janvier",
    "février",
    "mars",
    "avril",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
    // Polish (genitive, as in dates), Italian, Portuguese, Dutch.
    "stycznia",
    "lutego",
    "marca",
    "kwietnia",
    "maja",
    "czerwca",
    "lipca",
    "sierpnia",
    "września",
    "października",
    "listopada",
    "grudnia",
    "gennaio",
    "febbraio",
    "aprile",
    "maggio",
    "giugno",
    "luglio",
    "settembre",
    "ottobre",
    "dicembre",
    "janeiro",
    "fevereiro",
    "março",
    "maio",
    "junho",
    "julho",
    "setembro",
    "outubro",
    "novembro",
    "dezembro",
    "januari",
    "februari",
    "maart",
    "mei",
    "augustus",
];

/// Other words that may surround a date in a dateline.
const DATE_WORDS: &[&str] = &[
    "am",
    "pm",
    "uhr",
    "um",
    "at",
    "on",
    "le",
    "de",
    "del",
    "el",
    "published",
    "updated",
    "posted",
    "publiziert",
    "aktualisiert",
    "veröffentlicht",
    "erstellt",
    "stand",
    "publié",
    "mis",
    "à",
    "jour",
    "publicado",
    "actualizado",
    "gmt",
    "utc",
    "cet",
    "cest",
    "est",
    "edt",
    "pst",
    "pdt",
    "bst",
    "min",
    "read",
    "lesezeit",
    "minutes",
    "minuten",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "montag",
    "dienstag",
    "mittwoch",
    "donnerstag",
    "freitag",
    "samstag",
    "sonntag",
    // Polish, Dutch, Italian, Portuguese labels of publication dates.
    "publikacja",
    "aktualizacja",
    "opublikowano",
    "zaktualizowano",
    "dodano",
    "gepubliceerd",
    "bijgewerkt",
    "op",
    "om",
    "pubblicato",
    "aggiornato",
    "il",
    "alle",
    "atualizado",
    "em",
    "às",
];

/// A short element that only states a date/time ("23.10.2018",
/// "Publiziert: 03.04.2020, 12:35", "Oct 13, 2020 at 3:59 PM", "4 min read").
fn is_date_line(n: &NodeRef, short: &ShortText) -> bool {
    if n.children_it(false).any(|c| {
        c.is_element()
            && !matches!(
                name_of(&c).as_str(),
                "time" | "span" | "b" | "strong" | "em" | "abbr"
            )
    }) {
        return false;
    }
    let Some(text) = short.get(60) else {
        return false;
    };
    if text.chars().count() < 4 {
        return false;
    }
    let digits = text.chars().filter(char::is_ascii_digit).count();
    if digits < 2 {
        return false;
    }
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let only_date_words = words.iter().all(|w| {
        w.chars().all(|c| c.is_ascii_digit())
            || MONTHS.contains(w)
            || DATE_WORDS.contains(w)
            || is_ordinal(w)
    });
    // A year, or a month name: "3.7.1" (a section number) is not a date.
    let year = words.iter().any(|w| {
        w.len() == 4
            && (w.starts_with("19") || w.starts_with("20"))
            && w.chars().all(|c| c.is_ascii_digit())
    });
    let month = words.iter().any(|w| MONTHS.contains(w));
    // A clock time alone ("3:59 PM", "19:49").
    let clock = {
        let t = lower.trim_end_matches(|c: char| {
            c.is_whitespace() || c == 'a' || c == 'p' || c == 'm' || c == '.'
        });
        let (h, m) = t.split_once(':').unwrap_or(("", ""));
        !h.is_empty()
            && h.len() <= 2
            && m.len() == 2
            && h.chars().chain(m.chars()).all(|c| c.is_ascii_digit())
    };
    only_date_words
        && (year || month || clock)
        && !n
            .ancestors_it(None)
            .any(|a| matches!(name_of(&a).as_str(), "pre" | "code" | "table" | "li"))
}

fn is_ordinal(w: &str) -> bool {
    let digits = w.chars().take_while(char::is_ascii_digit).count();
    digits > 0 && matches!(&w[digits..], "st" | "nd" | "rd" | "th" | "er" | "e")
}
