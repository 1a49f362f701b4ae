//! Article mode's choice between readability's result and the baseline
//! (the page's main region without furniture), with the thresholds it uses.

use dom_query::{Document, NodeRef};

use crate::content::{self, walk, Walked};
use crate::css;
use crate::pipeline::{roots_markdown, CONTENT};
use crate::prepare::{limit_depth, unwrap_runaway_noscript};
use crate::readability::{readability_byline, ReadabilityMeta};
use crate::urls::Resolver;
use crate::{boiler, Favor, Options};

/// Non-space characters readability's result needs before it is trusted
/// without comparing against the baseline.
pub(crate) const MIN_ARTICLE_CHARS: usize = 1000;

/// `recall`: share (percent) of the baseline's text a long readability
/// result needs to be kept (else the baseline, the page's main region
/// without furniture, is taken).
pub(crate) const RECALL_ARTICLE_MIN_PERCENT: usize = 60;

/// Non-space characters a short readability result needs to be preferred
/// to the (longer) baseline.
pub(crate) const MIN_SHORT_ARTICLE_CHARS: usize = 100;

/// Share (percent) of a short readability result's text inside boilerplate
/// elements above which the result is page furniture (readability chose a
/// cookie banner or an author box over a short or link-heavy article), so
/// that a longer baseline wins. (Long results are kept: there such classes
/// are mostly a wrapper's, e.g. `<div class="read-more">` around a story.)
pub(crate) const BOILERPLATE_PICK_PERCENT: usize = 60;

/// Whether none of the longest paragraphs of `text` (a readability result)
/// is in `main` (the text of the page's `<main>`, whitespace removed) while
/// `main` holds text of its own: readability then picked something outside
/// the region the page declares as its main content (a login dialog, a
/// list of other threads).
pub(crate) fn outside_main(text: &str, main: &str) -> bool {
    if main.chars().count() < MAIN_MIN_CHARS {
        return false;
    }
    let probes = longest_paragraph_probes(text);
    !probes.is_empty() && !probes.iter().any(|p| main.contains(p.as_str()))
}

/// Whether all of the longest paragraphs of `text` (a readability result)
/// are in `furniture` (the text of the page's furniture, see
/// `boiler::furniture_text`): readability picked the inside of an author
/// box, a widget or a banner.
pub(crate) fn inside_furniture(text: &str, furniture: &str) -> bool {
    let probes = longest_paragraph_probes(text);
    !probes.is_empty() && probes.iter().all(|p| furniture.contains(p.as_str()))
}

/// The first 40 comparable characters of each of the (up to) three longest
/// paragraphs of `text` that have at least 40.
pub(crate) fn longest_paragraph_probes(text: &str) -> Vec<String> {
    let mut paras: Vec<String> = text
        .split("\n\n")
        // Table rows are rendered with separators of our own.
        .filter(|p| !p.contains('|'))
        .map(|p| p.chars().filter(|c| comparable(*c)).collect::<String>())
        .filter(|p| p.chars().count() >= 40)
        .collect();
    paras.sort_by_key(|p| std::cmp::Reverse(p.len()));
    paras
        .iter()
        .take(3)
        .map(|p| p.chars().take(40).collect())
        .collect()
}

/// Characters compared between a result and the page: not whitespace,
/// and not what the text walk drops (soft hyphens, zero-width spaces).
pub(crate) fn comparable(c: char) -> bool {
    !c.is_whitespace() && !content::is_invisible(c)
}

/// What readability's result looks like, before it is compared with the
/// baseline.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Pick {
    /// An article: long ones are taken, short ones compared.
    Article,
    /// Mostly boilerplate elements (`BOILERPLATE_PICK_PERCENT`): taken
    /// only when the baseline has less text.
    Furniture,
    /// Outside the page's `<main>` (`outside_main`): never taken.
    OutsideMain,
}

/// Characters (non-space) a page's `<main>` needs before a readability
/// result outside it is distrusted.
pub(crate) const MAIN_MIN_CHARS: usize = 500;

/// Article mode: readability, with the body baseline as fallback.
pub(crate) fn article_content(
    doc: Document,
    html: &str,
    resolver: &Resolver,
    options: Options,
) -> (Walked, String, ReadabilityMeta) {
    let (w, md, meta) = article_content_inner(doc, html, resolver, options);
    (w, md, meta.unwrap_or_default())
}

pub(crate) fn article_content_inner(
    doc: Document,
    html: &str,
    resolver: &Resolver,
    options: Options,
) -> (Walked, String, Option<ReadabilityMeta>) {
    // The candidate's Markdown is converted only once it is chosen.
    let article_md =
        |root: Option<NodeRef>| root.map_or_else(String::new, |r| roots_markdown(&[r], options));
    let base = resolver.base().map(|u| u.as_str().to_string());
    // Classes are kept so that htmd sees `language-*` on code blocks.
    let cfg = dom_smoothie::Config {
        keep_classes: true,
        ..Default::default()
    };
    // The text of the page's declared main regions, for `outside_main`
    // (readability changes the document).
    let mains = css::MAIN_REGIONS.select(&doc);
    let main_text: Option<String> = (mains.length() > 0).then(|| {
        let mut text = String::new();
        for m in mains.nodes() {
            text.extend(m.text().chars().filter(|c| comparable(*c)));
        }
        text
    });
    boiler::carry_furniture_names(&doc);
    let readability =
        dom_smoothie::Readability::with_document(doc, base.as_deref(), Some(cfg.clone()));
    let parsed = match readability {
        Ok(mut r) => {
            // Without a byline in the metadata, Readability.js takes the first
            // byline element it meets outside what it strips (see byline.rs);
            // dom_smoothie's own scan of the whole body is not used.
            let from_metadata = r.get_article_metadata(r.parse_json_ld()).byline.is_some();
            let scanned = if from_metadata {
                None
            } else {
                readability_byline(&r.doc, &cfg)
            };
            // The article stays in `r.doc` (under `#readability-page-1`):
            // it is used as it is, not serialised and parsed again.
            r.parse().ok().map(|mut a| {
                if !from_metadata {
                    a.byline = scanned;
                }
                (a, r.doc)
            })
        }
        // URL rejected by dom_smoothie (e.g. unusual scheme): run without it.
        Err(_) => None,
    };
    // `recall` compares every readability result with the baseline.
    let recall = options.favor == Favor::Recall;
    let mut candidate: Option<(Walked, Pick)> = None;
    let mut rmeta = None;
    // Readability's document, kept for the Markdown of its article.
    let mut rdoc: Option<Document> = None;
    if let Some((article, adoc)) = parsed {
        let mut m = ReadabilityMeta::from_parts(
            article.title,
            article.byline,
            article.excerpt,
            article.site_name,
            article.published_time,
        );
        m.authoritative = true;
        rmeta = Some(m);
        rdoc = Some(adoc);
    }
    let article_root = rdoc.as_ref().map(|adoc| {
        let page = css::READABILITY_PAGE.select_single(adoc);
        page.nodes().first().cloned().unwrap_or_else(|| adoc.root())
    });
    if let Some(root) = article_root {
        let (bad, total) = boiler::boilerplate_chars(&root);
        let furniture = bad * 100 >= total * BOILERPLATE_PICK_PERCENT;
        boiler::prune_article(&root, options.favor);
        let roots = [root];
        let w = walk(&roots, resolver, CONTENT);
        let pick = if main_text
            .as_deref()
            .is_some_and(|m| outside_main(&w.text, m))
        {
            Pick::OutsideMain
        } else if furniture {
            Pick::Furniture
        } else {
            Pick::Article
        };
        if w.text_chars >= MIN_ARTICLE_CHARS && pick != Pick::OutsideMain && !recall {
            return (w, roots_markdown(&roots, options), rmeta);
        }
        candidate = Some((w, pick));
    }
    let bdoc = Document::from(html);
    limit_depth(&bdoc);
    unwrap_runaway_noscript(&bdoc);
    if rmeta.is_none() {
        let r = dom_smoothie::Readability::with_document(bdoc.clone(), None, None).ok();
        rmeta = r.map(|r| {
            let m = r.get_article_metadata(r.parse_json_ld());
            ReadabilityMeta::from_parts(m.title, m.byline, m.excerpt, m.site_name, m.published_time)
        });
    }
    // A short article whose longest paragraphs all sit in page furniture
    // is furniture (checked on the unmodified page: readability's result
    // does not show the classes of the box it came from).
    if let Some((cw, pick)) = &mut candidate {
        if *pick == Pick::Article
            && inside_furniture(&cw.text, &boiler::furniture_text(&bdoc.root(), comparable))
        {
            *pick = Pick::Furniture;
        }
    }
    let roots = content::baseline_roots(&bdoc);
    for r in &roots {
        boiler::prune_article(r, options.favor);
    }
    let w = walk(&roots, resolver, CONTENT);
    // A short article found by readability beats a longer baseline unless it
    // is tiny: the baseline's extra text is mostly page furniture.
    match candidate {
        // `recall`: a long readability result wins unless the baseline has
        // much more text.
        Some((cw, Pick::Article)) if recall && cw.text_chars >= MIN_ARTICLE_CHARS => {
            if cw.text_chars * 100 >= w.text_chars * RECALL_ARTICLE_MIN_PERCENT {
                (cw, article_md(article_root), rmeta)
            } else {
                (w, roots_markdown(&roots, options), rmeta)
            }
        }
        // Readability's pick is furniture: the baseline wins when it has
        // more text (otherwise the class names were a wrapper's).
        Some((cw, Pick::Furniture)) if cw.text_chars >= w.text_chars => {
            (cw, article_md(article_root), rmeta)
        }
        Some((cw, Pick::Article))
            if cw.text_chars > 0
                && (cw.text_chars >= w.text_chars / 3
                    || cw.text_chars >= w.text_chars.min(MIN_SHORT_ARTICLE_CHARS)
                        && cw.text_chars < MIN_ARTICLE_CHARS / 4) =>
        {
            (cw, article_md(article_root), rmeta)
        }
        // Whatever readability's pick was, it beats an empty baseline.
        Some((cw, _)) if w.text_chars == 0 && cw.text_chars > 0 => {
            (cw, article_md(article_root), rmeta)
        }
        _ => (w, roots_markdown(&roots, options), rmeta),
    }
}
