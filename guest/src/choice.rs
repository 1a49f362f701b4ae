//! Article mode's choice between readability's result and the baseline
//! (the page's main region without furniture), with the thresholds it uses,
//! and the article's lead that the baseline has before readability's
//! result ([`prepend_lead`]).

use dom_query::{Document, NodeRef};

use crate::content::{self, walk, Walked};
use crate::css;
use crate::elements::is_text_block;
use crate::pipeline::{roots_markdown, CONTENT};
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

/// Which paragraphs of the baseline before the article count as its lead
/// ([`prepend_lead`]).
pub(crate) struct LeadRule {
    /// Fewest characters (non-space).
    pub min_chars: usize,
    /// Any leaf block (a `div` or heading without blocks inside) counts,
    /// not only `<p>`.
    pub leaf_blocks: bool,
}

/// The lead rule of each `favor`.
pub(crate) const fn lead_rule(favor: Favor) -> LeadRule {
    match favor {
        Favor::Balanced | Favor::Precision => LeadRule {
            min_chars: 150,
            leaf_blocks: false,
        },
        Favor::Recall => LeadRule {
            min_chars: 80,
            leaf_blocks: true,
        },
    }
}

/// Most link text (percent) a lead paragraph may hold.
pub(crate) const LEAD_MAX_LINK_PERCENT: usize = 30;

/// Paragraphs of the baseline (of [`PROBE_CHARS`] or more) looked for in
/// readability's article before the search for its start gives up: each
/// look searches the article, and a lead sits near the top.
pub(crate) const LEAD_MAX_BLOCKS: usize = 100;

/// The article's lead in the baseline (`baseline`): the paragraphs of prose
/// (`rule`, under [`LEAD_MAX_LINK_PERCENT`] link text) it has before the
/// first paragraph of readability's text (`article`, comparable characters
/// only): a standfirst, or the story's first paragraphs in a header that
/// readability's container left out. Empty when none of the first
/// [`LEAD_MAX_BLOCKS`] paragraphs of the baseline is in `article`.
fn lead_blocks<'a>(baseline: &[NodeRef<'a>], article: &str, rule: &LeadRule) -> Vec<NodeRef<'a>> {
    let block = |c: &NodeRef| c.node_name().is_some_and(|name| is_text_block(&name));
    let mut lead = Vec::new();
    let mut stack: Vec<NodeRef> = baseline.iter().rev().copied().collect();
    let mut blocks = 0;
    while let Some(n) = stack.pop() {
        if !n.is_element() {
            continue;
        }
        let leaf = n.has_name("p")
            || rule.leaf_blocks && block(&n) && !n.children_it(false).any(|c| block(&c));
        if !leaf {
            let children: Vec<NodeRef> = n.children_it(false).collect();
            stack.extend(children.into_iter().rev());
            continue;
        }
        let t = comparable_text(&n.text());
        let probe: String = t.chars().take(PROBE_CHARS).collect();
        if probe.chars().count() == PROBE_CHARS {
            if article.contains(probe.as_str()) {
                return lead;
            }
            blocks += 1;
            if blocks == LEAD_MAX_BLOCKS {
                break;
            }
        }
        let chars = t.chars().count();
        let links = || -> usize {
            n.descendants_it()
                .filter(|a| a.has_name("a"))
                .map(|a| comparable_text(&a.text()).chars().count())
                .sum()
        };
        if chars >= rule.min_chars && links() * 100 < chars * LEAD_MAX_LINK_PERCENT {
            lead.push(n);
        }
    }
    Vec::new()
}

/// Puts the article's lead ([`lead_blocks`] of the pruned `baseline`) at
/// the start of readability's article `root`, whose text is `article`
/// ([`comparable_text`]). Returns whether any paragraph was added.
pub(crate) fn prepend_lead(
    root: &NodeRef,
    baseline: &[NodeRef],
    article: &str,
    rule: &LeadRule,
) -> bool {
    let lead = lead_blocks(baseline, article, rule);
    if lead.is_empty() {
        return false;
    }
    root.prepend_html(
        lead.iter()
            .map(|n| n.html().to_string())
            .collect::<String>(),
    );
    true
}

/// [`prepend_lead`] into `root`, readability's article, whose walk is
/// `walked` and whose text is `article` ([`comparable_text`]): the walk of
/// the article with the lead when one was added.
fn with_lead(
    root: NodeRef,
    baseline: &[NodeRef],
    walked: Walked,
    article: &str,
    rule: &LeadRule,
    resolver: &Resolver,
) -> Walked {
    if prepend_lead(&root, baseline, article, rule) {
        walk(&[root], resolver, CONTENT)
    } else {
        walked
    }
}

/// The baseline of `page` (the prepared page): its main region without
/// furniture ([`content::baseline_roots`]), pruned as an article.
fn pruned_baseline(page: &Document, favor: Favor) -> Vec<NodeRef<'_>> {
    let roots = content::baseline_roots(page);
    prune_roots(&roots, favor);
    roots
}

fn prune_roots(roots: &[NodeRef], favor: Favor) {
    for r in roots {
        boiler::prune_article(r, favor);
    }
}

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

/// Comparable characters of a paragraph compared with another text.
pub(crate) const PROBE_CHARS: usize = 40;

/// The first [`PROBE_CHARS`] comparable characters of each of the (up to)
/// three longest paragraphs of `text` that have at least as many.
pub(crate) fn longest_paragraph_probes(text: &str) -> Vec<String> {
    let mut paras: Vec<String> = text
        .split("\n\n")
        // Table rows are rendered with separators of our own.
        .filter(|p| !p.contains('|'))
        .map(comparable_text)
        .filter(|p| p.chars().count() >= PROBE_CHARS)
        .collect();
    paras.sort_by_key(|p| std::cmp::Reverse(p.len()));
    paras
        .iter()
        .take(3)
        .map(|p| p.chars().take(PROBE_CHARS).collect())
        .collect()
}

/// The comparable characters of `text`.
pub(crate) fn comparable_text(text: &str) -> String {
    text.chars().filter(|c| comparable(*c)).collect()
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
    resolver: &Resolver,
    options: Options,
) -> (Walked, String, ReadabilityMeta) {
    let (w, md, meta) = article_content_inner(doc, resolver, options);
    (w, md, meta.unwrap_or_default())
}

pub(crate) fn article_content_inner(
    doc: Document,
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
    // The prepared page as it is before readability changes it: the
    // baseline's (a copy of the tree costs less than parsing the page again).
    let bdoc = doc.clone();
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
            // Most pages have no lead: the baseline is pruned only when it
            // has one before pruning.
            let rule = lead_rule(options.favor);
            let broots = content::baseline_roots(&bdoc);
            let article = comparable_text(&w.text);
            let w = if lead_blocks(&broots, &article, &rule).is_empty() {
                w
            } else {
                prune_roots(&broots, options.favor);
                with_lead(root, &broots, w, &article, &rule, resolver)
            };
            // The page's copy is done with: its memory goes before the
            // Markdown's parse takes more.
            drop(broots);
            drop(bdoc);
            return (w, roots_markdown(&roots, options), rmeta);
        }
        candidate = Some((w, pick));
    }
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
    let roots = pruned_baseline(&bdoc, options.favor);
    let w = walk(&roots, resolver, CONTENT);
    // Readability's article with the baseline's lead.
    let lead = |cw: Walked| match article_root {
        Some(r) => {
            let article = comparable_text(&cw.text);
            with_lead(r, &roots, cw, &article, &lead_rule(options.favor), resolver)
        }
        None => cw,
    };
    // A short article found by readability beats a longer baseline unless it
    // is tiny: the baseline's extra text is mostly page furniture.
    match candidate {
        // `recall`: a long readability result wins unless the baseline has
        // much more text.
        Some((cw, Pick::Article)) if recall && cw.text_chars >= MIN_ARTICLE_CHARS => {
            if cw.text_chars * 100 >= w.text_chars * RECALL_ARTICLE_MIN_PERCENT {
                (lead(cw), article_md(article_root), rmeta)
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
            (lead(cw), article_md(article_root), rmeta)
        }
        // Whatever readability's pick was, it beats an empty baseline.
        Some((cw, _)) if w.text_chars == 0 && cw.text_chars > 0 => {
            (cw, article_md(article_root), rmeta)
        }
        _ => (w, roots_markdown(&roots, options), rmeta),
    }
}

#[cfg(test)]
mod tests {
    use super::{prepend_lead, LeadRule, LEAD_MAX_BLOCKS};
    use dom_query::Document;

    const LONG: &str = "The town council decided on Tuesday evening to close the old stone \
        bridge for good, after engineers found deep cracks in two of its arches.";
    const STORY: &str = "Paragraph one of the story tells in detail how the river flooded.";

    /// [`prepend_lead`] from a page whose `<main>` is `baseline` into an
    /// article of [`STORY`] alone: whether it added a lead, and the
    /// article's text.
    fn lead_into_story(baseline: &str, min_chars: usize, leaf_blocks: bool) -> (bool, String) {
        let page = Document::from(format!("<body><main>{baseline}</main></body>").as_str());
        let roots: Vec<_> = page.select("main").nodes().to_vec();
        let article =
            Document::from(format!("<body><div id=a><p>{STORY}</p></div></body>").as_str());
        let root = *article.select("#a").nodes().first().unwrap();
        let rule = LeadRule {
            min_chars,
            leaf_blocks,
        };
        let added = prepend_lead(&root, &roots, &super::comparable_text(STORY), &rule);
        (added, root.text().to_string())
    }

    /// (baseline body, rule's leaf_blocks, lead expected before the article)
    #[test]
    fn leads_come_from_prose_before_the_first_shared_paragraph() {
        let rows: &[(&str, bool, Option<&str>)] = &[
            (&format!("<p>{LONG}</p><p>{STORY}</p>"), false, Some(LONG)),
            // No paragraph of the baseline is in the article: nothing.
            (&format!("<p>{LONG}</p>"), false, None),
            // After the article's first paragraph: not a lead.
            (&format!("<p>{STORY}</p><p>{LONG}</p>"), false, None),
            // Too short, or mostly link text.
            (&format!("<p>Short line.</p><p>{STORY}</p>"), false, None),
            (
                &format!("<p><a href=/x>{LONG}</a></p><p>{STORY}</p>"),
                false,
                None,
            ),
            // A leaf div counts only with leaf_blocks; a div of blocks never.
            (&format!("<div>{LONG}</div><p>{STORY}</p>"), false, None),
            (
                &format!("<div>{LONG}</div><p>{STORY}</p>"),
                true,
                Some(LONG),
            ),
            (
                &format!("<div><p>{LONG}</p></div><p>{STORY}</p>"),
                true,
                Some(LONG),
            ),
        ];
        // The start is searched for among the first LEAD_MAX_BLOCKS paragraphs.
        let before = |n: usize| {
            (0..n)
                .map(|i| format!("<p>Paragraph {i} of the page before the article, long enough for a lead.</p>"))
                .collect::<String>()
        };
        for (n, found) in [(LEAD_MAX_BLOCKS - 1, true), (LEAD_MAX_BLOCKS, false)] {
            let baseline = format!("{}<p>{STORY}</p>", before(n));
            let (added, _) = lead_into_story(&baseline, 40, false);
            assert_eq!(added, found, "{n} paragraphs before");
        }
        for (baseline, leaf_blocks, expected) in rows {
            let (added, text) = lead_into_story(baseline, 80, *leaf_blocks);
            assert_eq!(added, expected.is_some(), "{baseline}: {text}");
            if let Some(lead) = expected {
                assert!(
                    text.starts_with(lead) && text.ends_with(STORY),
                    "{baseline}: {text}"
                );
                assert_eq!(text.matches(lead).count(), 1, "{baseline}: {text}");
            } else {
                assert_eq!(text, STORY, "{baseline}");
            }
        }
    }
}
