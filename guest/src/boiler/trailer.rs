//! What follows the story inside the article: a trailing related/comments
//! section, read-also teasers, the trailing run of snippets and calls to
//! action.

use dom_query::NodeRef;

use super::tree::*;
use super::vocab::*;

/// Cuts the article at a heading or short label such as "Related
/// articles", "Lesen Sie auch:" or "Comments", or at a paywall's prompt
/// ("To view the full story, please subscribe …"), when `start_percent` of
/// the text or more comes before it: everything from there to the end goes.
pub(super) fn cut_trailing_section(root: &NodeRef, start_percent: usize) {
    let (total, _) = text_and_link_chars(root);
    if total < TRAILER_MIN_CHARS {
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
        let label_like = LABEL_HOSTS.contains(&name.as_str());
        let late = before * 100 >= total * start_percent;
        if label_like {
            let text = crate::util::short_text(&n, LABEL_MAX_CHARS);
            let label = text.as_deref().and_then(trailer_label);
            let teaser_line =
                label == Some(false) && TEASER_LINE_HOSTS.contains(&name.as_str()) && late;
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
            // A label-length text is already read; a longer one is read up
            // to the prompt's limit.
            let gate = || {
                label.is_none()
                    && text
                        .clone()
                        .or_else(|| crate::util::short_text(&n, GATE_MAX_CHARS))
                        .is_some_and(|t| is_paywall_gate(&t))
            };
            if before * 100 >= total * GATE_START_PERCENT && gate() {
                cut_from(root, &n);
                return;
            }
            if label == Some(true) {
                // A box of links under the label ("Related" and three
                // headlines) with the story going on after it: only the
                // box goes, wherever it stands.
                if let Some(b) = link_box(root, &n).filter(|b| prose_follows(root, b)) {
                    before += text_and_link_chars(&b).0;
                    b.remove_from_parent();
                    continue;
                }
                if late {
                    cut_from(root, &n);
                    return;
                }
            }
        }
        if NON_TEXT_ELEMENTS.contains(&name.as_str()) {
            continue;
        }
        stack.extend(n.children_it(true));
    }
}

/// Removes `n` and everything after it, up to `root`.
fn cut_from(root: &NodeRef, n: &NodeRef) {
    let mut cur = *n;
    loop {
        let mut next = cur.next_sibling();
        while let Some(sib) = next {
            next = sib.next_sibling();
            sib.remove_from_parent();
        }
        match cur.parent() {
            Some(p) if p.id != root.id => cur = p,
            _ => break,
        }
    }
    n.remove_from_parent();
}

/// Whether `text` is a paywall's prompt: it tells the reader how to read
/// on and asks them to subscribe, log in or register.
pub(super) fn is_paywall_gate(text: &str) -> bool {
    let t = text.to_lowercase();
    GATE_READING.in_text(&t) && GATE_ACTIONS.in_text(&t)
}

/// `Some(true)` when `text` is only a trailer label ("Related articles",
/// "Lesen Sie auch:"), `Some(false)` when it is a label followed by a teaser
/// ("Related: Chicago is America's most segregated city"), `None` otherwise.
pub(super) fn trailer_label(text: &str) -> Option<bool> {
    let t = text.trim().to_lowercase();
    if t.is_empty() || t.chars().count() > LABEL_MAX_CHARS {
        return None;
    }
    TRAILER_MARKERS.at_start(&t).find_map(|m| {
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

/// The largest ancestor of `label` below `root` that holds more than the
/// label and is link text for at least half of the rest (a teaser box).
pub(super) fn link_box<'a>(root: &NodeRef<'a>, label: &NodeRef<'a>) -> Option<NodeRef<'a>> {
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
pub(super) fn prose_follows(root: &NodeRef, node: &NodeRef) -> bool {
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
                    if chars >= PROSE_CHARS && links * 100 < chars * PROSE_MAX_LINK_PERCENT {
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

/// Removes short blocks that are a "read also" marker, punctuation and a
/// teaser of another article, wherever they are in the story (the trailing
/// ones are cut with what follows them by `cut_trailing_section`).
pub(super) fn drop_read_also_teasers(root: &NodeRef) {
    let leaves = outermost_elements(root, |n, name| {
        TEASER_HOSTS.contains(&name) && !has_block_child(n)
    });
    for n in leaves {
        if crate::util::short_text(&n, TEASER_MAX_CHARS).is_some_and(|t| is_read_also_teaser(&t)) {
            n.remove_from_parent();
        }
    }
}

/// `text` is a read-also marker, then `:`/`»`/`|`/`>`/`…`/dashes, then a
/// teaser of at least three words.
pub(super) fn is_read_also_teaser(text: &str) -> bool {
    let t = text.trim().to_lowercase();
    READ_ALSO.at_start(&t).any(|m| {
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

/// After the last paragraph of real prose (150+ characters), the trailing
/// run of short blocks that are mostly link text or do not end like a
/// sentence is page furniture ("Tags: ...", "Back to overview", a list of
/// related headlines); it stops at the first block that reads like prose.
/// Blocks shorter than `sentence_max_chars` go even when they end like a
/// sentence.
pub(super) fn trim_trailing_snippets(root: &NodeRef, max_chars: usize, sentence_max_chars: usize) {
    // Leaf blocks in document order.
    let mut leaves: Vec<(NodeRef, String)> = Vec::new();
    let mut stack: Vec<NodeRef> = root.children_it(true).collect();
    while let Some(n) = stack.pop() {
        if !n.is_element() {
            continue;
        }
        let name = name_of(&n);
        if NOT_SNIPPETS.contains(&name.as_str()) {
            continue;
        }
        if is_block_name(&name) && !has_block_child(&n) {
            leaves.push((n, crate::util::norm_ws(&n.text())));
            continue;
        }
        stack.extend(n.children_it(true));
    }
    let total: usize = leaves.iter().map(|(_, t)| t.chars().count()).sum();
    if total < SNIPPETS_MIN_CHARS {
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
        if t.chars().count() > CALL_TO_ACTION_MAX_CHARS
            || !is_call_to_action(&text_outside_links(n))
        {
            break;
        }
        n.remove_from_parent();
        leaves.pop();
    }
    let Some(last_long) = leaves
        .iter()
        .rposition(|(_, t)| t.chars().count() >= PROSE_CHARS)
    else {
        return;
    };
    // Walk back from the end: remove the trailing run of snippets, stop at
    // the first block that reads like prose.
    for (n, t) in leaves[last_long + 1..].iter().rev() {
        let len = t.chars().count();
        if len == 0 {
            continue;
        }
        if len >= max_chars {
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
        if link_dominated || heading || len < sentence_max_chars || (!sentence_end && name != "li")
        {
            n.remove_from_parent();
        } else {
            break;
        }
    }
}

/// Whether `text` (a short block at the end of an article) asks the reader
/// to do something other than read.
pub(super) fn is_call_to_action(text: &str) -> bool {
    let t = text.to_lowercase();
    CALL_TO_ACTION.in_text(&t)
}

#[cfg(test)]
mod tests {
    use super::{is_call_to_action, is_paywall_gate, is_read_also_teaser, trailer_label};

    #[test]
    fn paywall_gates() {
        let cases: &[(&str, bool)] = &[
            ("To view the full story, please subscribe to The Haitian Times. You can choose a $60 Annual Subscription or a $5 Weekly Pass.", true),
            ("Pour lire la suite et accéder gratuitement à 3 articles par mois, créez votre compte", true),
            ("Um weiterzulesen, melden Sie sich mit Ihrem Konto an.", true),
            ("To continue reading, log in or create a free account.", true),
            ("To continue reading the report, she skipped to the appendix.", false),
            ("Subscribe to our newsletter", false),
        ];
        for &(text, gate) in cases {
            assert_eq!(is_paywall_gate(text), gate, "{text}");
        }
    }

    #[test]
    fn read_also_teasers() {
        let cases: &[(&str, bool)] = &[
            (
                "Lesen Sie auch: Die Bahn erhöht die Preise im Dezember",
                true,
            ),
            ("Read more: How the city rebuilt its harbour", true),
            ("À lire aussi » Le gouvernement présente son budget", true),
            ("Lea: Ayer fuimos al mercado.", false),
            ("Lea: Cinco claves del nuevo presupuesto", true),
            ("Read more: here", false),
            ("Reading the report, she found three errors in it.", false),
        ];
        for &(text, teaser) in cases {
            assert_eq!(is_read_also_teaser(text), teaser, "{text}");
        }
    }

    #[test]
    fn trailer_labels() {
        let cases: &[(&str, Option<bool>)] = &[
            ("Related articles", Some(true)),
            ("Lesen Sie auch:", Some(true)),
            ("Comments", Some(true)),
            (
                "Related: Chicago is America's most segregated city",
                Some(false),
            ),
            ("Relatedness of species is measured by", None),
            ("Disclaimer", Some(true)),
            ("Haftungsbeschränkung für externe Links", Some(true)),
            ("The council met on Tuesday.", None),
            ("", None),
        ];
        for &(text, label) in cases {
            assert_eq!(trailer_label(text), label, "{text}");
        }
    }

    #[test]
    fn calls_to_action() {
        let cases: &[(&str, bool)] = &[
            ("Subscribe to our newsletter", true),
            ("Jetzt die App herunterladen: unsere App für iOS", true),
            ("Was this article helpful?", true),
            ("The minister resigned on Friday.", false),
            ("We want to hear what you think about this article.", true),
            (
                "Submit a letter to the editor or write to letters@example.com.",
                true,
            ),
            ("¡Mira lo que tiene nuestro canal de YouTube!", true),
            (
                "Get the latest news straight to your phone with our reader.",
                true,
            ),
            (
                "Du musst eingeloggt sein, um Kommentare zu schreiben!",
                true,
            ),
            ("Digital ab 4,99 € im Monat, jederzeit kündbar.", true),
            ("The video was first shared on YouTube in May.", false),
            (
                "Google verlangt, dass sich jeder Nutzer mit seinem bürgerlichen Namen anmelden muss.",
                false,
            ),
        ];
        for &(text, cta) in cases {
            assert_eq!(is_call_to_action(text), cta, "{text}");
        }
    }
}
