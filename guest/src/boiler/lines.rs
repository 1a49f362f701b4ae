//! Rules on one element's short text: datelines, photo credits, figure
//! captions, advertisement labels.

use dom_query::NodeRef;

use super::tree::{has_block_child, name_of, ShortText};
use super::vocab::*;

/// A short element that only states a date/time ("23.10.2018",
/// "Publiziert: 03.04.2020, 12:35", "Oct 13, 2020 at 3:59 PM", "4 min read",
/// "Published 1 day ago"), outside code, tables and lists.
pub(super) fn is_date_line(n: &NodeRef, short: &ShortText) -> bool {
    if n.children_it(false)
        .any(|c| c.is_element() && !DATE_LINE_INLINE.contains(&name_of(&c).as_str()))
    {
        return false;
    }
    short.get(DATE_LINE_MAX_CHARS).is_some_and(is_date_text)
        && !n
            .ancestors_it(None)
            .any(|a| NOT_DATE_LINE_INSIDE.contains(&name_of(&a).as_str()))
}

/// Whether `text` only states a date, a time, a reading time or how long
/// ago something was published, with the words around them
/// ([`DATE_WORDS`], [`MONTHS`], [`TIME_ZONES`], [`RELATIVE_TIME_WORDS`]).
pub(super) fn is_date_text(text: &str) -> bool {
    if text.chars().count() < 4 {
        return false;
    }
    let digits = text.chars().filter(char::is_ascii_digit).count();
    // Every form below has a digit (most paragraphs: skip the word lists).
    if digits == 0 {
        return false;
    }
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let number = |w: &str| w.chars().all(|c| c.is_ascii_digit());
    // "Published 1 day ago", "vor 3 Stunden", "il y a 2 jours".
    let relative = digits >= 1
        && words.iter().any(|w| AGO_WORDS.contains(w))
        && words.iter().any(|w| RELATIVE_TIME_WORDS.contains(w))
        && words.iter().all(|w| {
            number(w)
                || AGO_WORDS.contains(w)
                || RELATIVE_TIME_WORDS.contains(w)
                || DATE_WORDS.contains(w)
        });
    // "4 min read", "Lesezeit: 5 Minuten".
    let reading_time = digits >= 1
        && words.iter().any(|w| READING_WORDS.contains(w))
        && words.iter().any(|w| RELATIVE_TIME_WORDS.contains(w))
        && words
            .iter()
            .all(|w| number(w) || READING_WORDS.contains(w) || RELATIVE_TIME_WORDS.contains(w));
    if relative || reading_time {
        return true;
    }
    if digits < 2 {
        return false;
    }
    let only_date_words = words.iter().all(|w| {
        number(w)
            || MONTHS.contains(w)
            || DATE_WORDS.contains(w)
            || TIME_ZONES.contains(w)
            || is_ordinal(w)
            || is_clock_word(w)
    });
    // A year, or a month name: "3.7.1" (a section number) is not a date.
    let year = words
        .iter()
        .any(|w| w.len() == 4 && (w.starts_with("19") || w.starts_with("20")) && number(w));
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
    only_date_words && (year || month || clock)
}

/// A clock time written as one word: "10pm", "4am", "10h30", "9h".
fn is_clock_word(w: &str) -> bool {
    let h = w.chars().take_while(char::is_ascii_digit).count();
    if !(1..=2).contains(&h) {
        return false;
    }
    let rest = &w[h..];
    ["am", "pm", "h"].iter().any(|s| {
        rest.strip_prefix(s)
            .is_some_and(|m| m.is_empty() || m.len() == 2 && m.chars().all(|c| c.is_ascii_digit()))
    })
}

/// A gallery or slide counter: "Image 1 of 8", "Foto 3 von 12", "2 / 9"
/// after a label, "1 of 8" alone.
pub(super) fn is_gallery_counter(text: &str) -> bool {
    if text.chars().count() > GALLERY_COUNTER_MAX_CHARS {
        return false;
    }
    let lower = text.trim().to_lowercase();
    let (labelled, rest) = match GALLERY_LABELS
        .at_start(&lower)
        .find_map(|l| lower.strip_prefix(l))
    {
        Some(r) => (true, r.trim_start_matches([' ', ':', '\u{a0}'])),
        None => (false, lower.as_str()),
    };
    let words: Vec<&str> = rest
        .split(|c: char| c.is_whitespace() || c == '/')
        .filter(|w| !w.is_empty())
        .collect();
    let number = |w: &str| !w.is_empty() && w.len() <= 4 && w.chars().all(|c| c.is_ascii_digit());
    match words.as_slice() {
        [a, of, b] => number(a) && number(b) && GALLERY_OF.contains(of),
        // "Image 2/9" (the slash split the words).
        [a, b] => labelled && rest.contains('/') && number(a) && number(b),
        _ => false,
    }
}

/// A link of an author box ("View author archive", "Email the author",
/// "Get author RSS feed"): short, mostly link text, naming the author's
/// archive, feed or contact.
pub(super) fn is_author_box_link(short: &ShortText, link_share_ok: impl FnOnce() -> bool) -> bool {
    short.get(AUTHOR_LINK_MAX_CHARS).is_some_and(|t| {
        let lower = t.to_lowercase();
        AUTHOR_BOX_LINKS.in_text(&lower)
    }) && link_share_ok()
}

/// A citation or copyright notice of the publisher ("Citation: <title>
/// (2019, November 18) retrieved … from https://…", "This document is
/// subject to copyright…", "© 2020 … All rights reserved.", "… protected by
/// copyright … all rights reserved" in any order), a licence notice ("This
/// work is licensed under a Creative Commons … License"), or a disclaimer of the
/// contributors' opinions ("… is not responsible for the opinions …
/// presented by contributors").
pub(super) fn is_legal_notice(text: &str) -> bool {
    let lower = text.trim().to_lowercase();
    if lower.starts_with("citation:") && lower.contains("retrieved") {
        return true;
    }
    if CITATION_STARTS.starts_any(&lower) {
        return true;
    }
    if LEGAL_NOTICES.in_text(&lower) || AD_DISCLOSURES.in_text(&lower) {
        return true;
    }
    if LICENCE_TERMS.in_text(&lower) && LICENCE_NAMES.in_text(&lower) {
        return true;
    }
    if DISCLAIMER_OPINIONS.in_text(&lower)
        && DISCLAIMER_DENIALS.in_text(&lower)
        && DISCLAIMER_PARTIES.in_text(&lower)
    {
        return true;
    }
    let copyright = lower.starts_with('©')
        || lower.starts_with("(c)")
        || lower.starts_with("copyright")
        || PROTECTED_BY_COPYRIGHT.in_text(&lower);
    copyright && RIGHTS_RESERVED.in_text(&lower)
}

/// A blog post's meta line ("This entry was posted in News and tagged …",
/// "Dieser Eintrag wurde veröffentlicht in …", "Abgelegt unter …").
pub(super) fn is_post_meta_line(text: &str) -> bool {
    let lower = text.trim().to_lowercase();
    POST_META_STARTS.starts_any(&lower)
}

pub(super) fn is_ordinal(w: &str) -> bool {
    let digits = w.chars().take_while(char::is_ascii_digit).count();
    digits > 0 && matches!(&w[digits..], "st" | "nd" | "rd" | "th" | "er" | "e")
}

/// Whether the short text of an element (`short`) is only an advertisement label.
pub(super) fn is_ad_label(short: &ShortText) -> bool {
    short.get(30).is_some_and(|t| {
        let t = t
            .trim_matches(|c: char| c.is_whitespace() || matches!(c, ':' | '-' | '–' | '*' | '|'))
            .to_lowercase();
        AD_LABELS.contains(&t.as_str())
    })
}

/// A photo credit: a caption-like element (`figcaption`, class/id with
/// caption/credit/copyright) whose short text names a source ("Foto: dpa",
/// "Judy Eddy/WENN.com", "(c) Getty Images").
pub(super) fn is_credit(name: &str, toks: &[String], n: &NodeRef, short: &ShortText) -> bool {
    if CREDIT_LINE_HOSTS.contains(&name) && is_credit_line(short) {
        return true;
    }
    if CAPTION_HOSTS.contains(&name)
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
    CREDIT_MARKERS.in_text(&lower) || (text.contains('/') && text.split_whitespace().count() <= 6)
}

/// Whether `text` (a short block) ends with a photo credit: a caption such
/// as "The minister at the briefing. Foto: Jane Doe/dpa" or "… (Quelle:
/// Unsplash)", "… der Schweiz. © AFP / Jane Doe". The credit is a label and
/// `:` or `©`, or a bare `©`, then up to 60 characters with no sentence
/// punctuation.
pub(super) fn ends_with_credit(text: &str) -> bool {
    // The credit is at the end: only the last 80 characters are searched.
    let text = text.trim_end().trim_end_matches(')');
    let tail_start = text.char_indices().rev().nth(79).map_or(0, |(i, _)| i);
    let tail = &text[tail_start..];
    // No label separator, no credit (most paragraphs: skip the searches).
    if !tail.contains([':', '©']) {
        return false;
    }
    let lower = tail.to_lowercase();
    let credit_after = |rest: &str| {
        let rest = rest.trim();
        (1..=60).contains(&rest.chars().count()) && !rest.contains(['.', '!', '?', ':'])
    };
    // A bare "©" and the holder: "… der Schweiz. © AFP / Jane Doe".
    let bare = tail.rfind('©').is_some_and(|i| {
        tail[..i]
            .chars()
            .next_back()
            .is_none_or(|c| c.is_whitespace() || "(.|/–-".contains(c))
            && credit_after(&tail[i + '©'.len_utf8()..])
    });
    bare || CREDIT_LABELS.iter().any(|l| {
        lower.match_indices(l).any(|(i, _)| {
            let before_ok = lower[..i]
                .chars()
                .next_back()
                .is_none_or(|c| c.is_whitespace() || "(.|/–-".contains(c));
            let after = lower[i + l.len()..].trim_start();
            let Some(rest) = after.strip_prefix([':', '©']) else {
                return false;
            };
            before_ok && credit_after(rest)
        })
    })
}

/// Whether `text` is a numbered or labelled figure caption: "Abbildung 4:
/// …", "Abb. 3: …", "Figure 2: …", "Fig. 1. …", "Tabelle 1: …".
pub(super) fn is_figure_caption(text: &str) -> bool {
    let lower = text.trim_start().to_lowercase();
    // The zoom control's label opens an image caption ("Vergrößern Eine
    // kleine runde Aussparung …"), or the caption says how to zoom.
    if lower.starts_with("vergrößern ")
        || lower.starts_with("enlarge ")
        || ZOOM_HINTS.in_text(&lower)
    {
        return true;
    }
    FIGURE_LABELS.at_start(&lower).any(|l| {
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
pub(super) fn is_credit_line(short: &ShortText) -> bool {
    short.get(100).is_some_and(is_credit_line_text)
}

/// [`is_credit_line`] for a text.
pub(super) fn is_credit_line_text(text: &str) -> bool {
    let lower = text.to_lowercase();
    CREDIT_LINE_STARTS.starts_any(&lower)
}

/// Whether `text` carries the ordinal `n` at its start ("1", "1.", "#1",
/// "(1)", "1Headline" when the number is its own element) or as its last
/// word: an item of a numbered list.
pub(super) fn numbered(text: &str, n: usize) -> bool {
    let is_n = |digits: &str| digits.len() <= 3 && digits.parse() == Ok(n);
    let lead = text.trim_start().trim_start_matches(['#', '(']);
    let lead_digits =
        &lead[..lead.len() - lead.trim_start_matches(|c: char| c.is_ascii_digit()).len()];
    let last = text
        .split_whitespace()
        .next_back()
        .map(|w| w.trim_matches(|c: char| matches!(c, '#' | '.' | ')' | '(' | ':' | '-')))
        .filter(|w| w.chars().all(|c| c.is_ascii_digit()));
    is_n(lead_digits) || last.is_some_and(is_n)
}

/// An all-caps promotion line ("GET THE NEWS ON THE GO BY CLICKING HERE",
/// an all-caps headline of another story as a link): at least
/// `CAPS_PROMO_MIN_LETTERS` letters, none lower-case, and either mostly
/// link text or naming a call to action.
pub(super) fn is_caps_promo(text: &str, mostly_links: impl FnOnce() -> bool) -> bool {
    let mut letters = 0;
    for c in text.chars().filter(|c| c.is_alphabetic()) {
        if c.is_lowercase() {
            return false;
        }
        letters += usize::from(c.is_uppercase());
    }
    if letters < CAPS_PROMO_MIN_LETTERS {
        return false;
    }
    let lower = text.to_lowercase();
    CAPS_PROMO_WORDS.in_text(&lower) || mostly_links()
}

#[cfg(test)]
mod tests {
    use super::{
        ends_with_credit, is_caps_promo, is_credit_line_text, is_date_text, is_figure_caption,
        is_gallery_counter, is_legal_notice, is_ordinal, is_post_meta_line, numbered,
    };

    #[test]
    fn gallery_counters() {
        let cases: &[(&str, bool)] = &[
            ("Image 1 of 8", true),
            ("Foto 3 von 12", true),
            ("Photo 2/9", true),
            ("1 of 8", true),
            ("Bild 4 / 10", true),
            ("1/8", false),
            ("1 of the 8 victims", false),
            ("Image of the day", false),
            ("Chapter 1 of 8 chapters", false),
        ];
        for &(text, counter) in cases {
            assert_eq!(is_gallery_counter(text), counter, "{text}");
        }
    }

    #[test]
    fn numbered_items() {
        let cases: &[(&str, usize, bool)] = &[
            ("1 Flood waters rise in the valley", 1, true),
            ("2. Flood waters rise", 2, true),
            ("#3 Flood waters rise", 3, true),
            ("Flood waters rise (4)", 4, true),
            ("Flood waters rise 5", 5, true),
            ("1 Flood waters rise", 2, false),
            ("Flood 2 waters rise", 2, false),
            ("2020 Flood waters rise", 2020, false),
            ("3Flood waters rise", 3, true),
            ("Flood waters rise in 2", 2, true),
            ("", 1, false),
        ];
        for &(text, n, hit) in cases {
            assert_eq!(numbered(text, n), hit, "{text} / {n}");
        }
    }

    #[test]
    fn caps_promotions() {
        // (text, mostly link text, promotion)
        let cases: &[(&str, bool, bool)] = &[
            ("GET THE NEWS ON THE GO BY CLICKING HERE", false, true),
            ("MAYOR RESIGNS OVER BUDGET ROW", true, true),
            ("MAYOR RESIGNS OVER BUDGET ROW", false, false),
            ("JETZT DIE APP HERUNTERLADEN: KLICKEN SIE HIER", false, true),
            ("Get the news on the go by clicking here", false, false),
            ("CLICK HERE", true, false),
            ("NASA AND ESA 2024", true, false),
        ];
        for &(text, links, promo) in cases {
            assert_eq!(is_caps_promo(text, || links), promo, "{text}");
        }
    }

    #[test]
    fn credit_lines() {
        let cases: &[(&str, bool)] = &[
            ("Foto: dpa", true),
            ("Titelbild: Geyres Christophe/ABACA/picture-alliance", true),
            (
                "Beitragsbild: Titelseite der FAZ vom 2.4.2019, Ausriss.",
                true,
            ),
            ("Photo : AFP", true),
            ("Photo d'illustration", true),
            ("Fot. PAP/Leszek Szymański", true),
            ("Photographers waited outside the court.", false),
            ("", false),
        ];
        for &(text, credit) in cases {
            assert_eq!(is_credit_line_text(text), credit, "{text}");
        }
    }

    #[test]
    fn post_meta_lines() {
        let cases: &[(&str, bool)] = &[
            ("Dieser Eintrag wurde veröffentlicht in Podcast und verschlagwortet mit Wissensmanagement von Simon Dückert. Setze ein Lesezeichen auf den Permalink.", true),
            ("This entry was posted in News and tagged bridges on May 3, 2021 by Anna.", true),
            ("Abgelegt unter Aktuelles", true),
            ("Filed under: Politics, Courts", true),
            ("Filed under seal, the documents were released in May.", false),
            ("Posted in 2019, the video has been watched a million times.", false),
        ];
        for &(text, meta) in cases {
            assert_eq!(is_post_meta_line(text), meta, "{text}");
        }
    }

    #[test]
    fn legal_notices() {
        let cases: &[(&str, bool)] = &[
            ("Citation: Bees learn to count (2019, November 18) retrieved 18 November 2019 from https://phys.org/news/2019-11-bees.html", true),
            ("This document is subject to copyright. Apart from any fair dealing for the purpose of private study or research, no part may be reproduced without the written permission.", true),
            ("© 2020 Vox Media, LLC. All rights reserved.", true),
            ("Copyright 2019 The Associated Press. All rights reserved. This material may not be published, broadcast, rewritten or redistributed.", true),
            ("The court ruled that the photographs were subject to copyright even though the museum owned them.", false),
            ("The label read: all rights reserved, which the artist disputed.", false),
            ("Materiał chroniony prawem autorskim - wszelkie prawa zastrzeżone. Dalsze rozpowszechnianie artykułu za zgodą wydawcy.", true),
            ("Dieser Beitrag ist urheberrechtlich geschützt. Alle Rechte vorbehalten.", true),
            ("Die Lizenzen stehen zwischen dem traditionellen Urheberrecht bzw. Copyright (all rights reserved) und dem Public Domain.", false),
            ("NOW Grenada is not responsible for the opinions, statements or media content presented by contributors. In case of abuse, click here to report.", true),
            ("Dieser Beitrag gibt die Meinung des Autors wieder, nicht notwendigerweise die der Redaktion des Freitag.", true),
            ("The views expressed in this article are those of the author and do not necessarily reflect the official policy of the agency.", true),
            ("Les opinions exprimées n'engagent que leurs auteurs.", true),
            ("In my opinion, the government is not necessarily wrong about the budget.", false),
            ("Dieser Text wurde veröffentlicht unter der Lizenz CC-BY-NC-ND-4.0-DE. Die Fotos sind von dieser Lizenz ausgenommen.", true),
            ("This work is licensed under a Creative Commons Attribution 4.0 International License.", true),
            ("Its source code is licensed under the Mozilla Public License.", false),
            ("(Alle Angaben ohne Gewähr)", true),
            ("SUGGESTED CITATION Sauer, Heiko: Expert*innen in der Krise, VerfBlog, 2020/3/31, https://verfassungsblog.de/expertinnen-in-der-krise/.", true),
            ("Zitiervorschlag: Müller, Recht im Wandel, 2021.", true),
            ("How to cite a source is taught in the first week.", false),
            ("*Werbung. Dieser Beitrag enthält Werbung für MYMARINI.", true),
            ("Anzeige, enthält Affiliate Links", true),
            ("This post may contain affiliate links. As an Amazon Associate I earn from qualifying purchases.", true),
            ("Die Sendung enthält Werbung für Alkohol, kritisierte der Verband.", false),
            ("Affiliate marketing pays bloggers a commission on each sale.", false),
        ];
        for &(text, notice) in cases {
            assert_eq!(is_legal_notice(text), notice, "{text}");
        }
    }

    #[test]
    fn date_texts() {
        let cases: &[(&str, bool)] = &[
            ("23.10.2018", true),
            ("Publiziert: 03.04.2020, 12:35", true),
            ("Veröffentlichung: 2. Februar 2022", true),
            ("Datum: 12.05.2021", true),
            ("Oct 13, 2020 at 3:59 PM", true),
            ("4 min read", true),
            ("Lesezeit: 5 Minuten", true),
            ("Read 5", false),
            ("19:49", true),
            ("Updated 5:27 am CST, Wednesday, November 20, 2019", true),
            ("November 18, 2019 | 4:10pm", true),
            ("Published 1 day ago", true),
            ("2 months ago", true),
            ("vor 3 Stunden", true),
            ("il y a 2 jours", true),
            ("hace 5 horas", true),
            ("Le 12 mars 2021 à 10h30", true),
            ("3.7.1", false),
            ("Chapter 12 of 2019", false),
            ("Two years ago the river flooded", false),
            ("1 day", false),
            ("In 2019 sales rose by 12 percent", false),
        ];
        for &(text, date) in cases {
            assert_eq!(is_date_text(text), date, "{text}");
        }
    }

    #[test]
    fn captions_ending_with_a_credit() {
        let cases: &[(&str, bool)] = &[
            ("The minister at the briefing. Foto: Jane Doe/dpa", true),
            ("Ein Blick auf den Hafen (Quelle: Unsplash)", true),
            ("Photo: Reuters", true),
            (
                "The photo: it shows the harbour at dawn. Then the ships left.",
                false,
            ),
            ("He said the following: nothing.", false),
            ("A caption without a credit", false),
            (
                "Marco Odermatt, Ski-Star aus der Schweiz. © AFP / Jane Doe",
                true,
            ),
            (
                "Lee Elder beim Masters 1975. | © Augusta National/Getty Images",
                true,
            ),
            ("© Nordex", true),
            ("Das Logo©Firma steht auf dem Dach", false),
            ("Text © 2020. All rights reserved.", false),
        ];
        for &(text, credit) in cases {
            assert_eq!(ends_with_credit(text), credit, "{text}");
        }
    }

    #[test]
    fn figure_captions() {
        let cases: &[(&str, bool)] = &[
            ("Abbildung 4: Der Versuchsaufbau", true),
            ("Abb. 3: Messwerte", true),
            ("Figure 2: The pipeline", true),
            ("Fig. 1. Overview of the system", true),
            ("Tabelle 1: Ergebnisse", true),
            ("Figures show the growth since 2010.", false),
            ("Tabellen sind hilfreich.", false),
            ("Vergrößern Eine kleine runde Aussparung", true),
            ("The figure is striking.", false),
        ];
        for &(text, caption) in cases {
            assert_eq!(is_figure_caption(text), caption, "{text}");
        }
    }

    #[test]
    fn ordinals() {
        let cases: &[(&str, bool)] = &[
            ("1st", true),
            ("22nd", true),
            ("3rd", true),
            ("4th", true),
            ("1er", true),
            ("2e", true),
            ("th", false),
            ("12", false),
            ("12x", false),
        ];
        for &(w, ord) in cases {
            assert_eq!(is_ordinal(w), ord, "{w}");
        }
    }
}
