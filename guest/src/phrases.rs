//! Word lists searched as one automaton: a rule that asks whether a text
//! holds any phrase of a list (or starts with one) reads the text once,
//! however long the list, instead of once per phrase.
//!
//! Building an automaton (the `aho-corasick` crate, as a compact NFA) costs
//! far more than one call's scans of a short list (about 0.7 ms natively for
//! the boilerplate lists together), so only [`Phrases::build`] builds it: the
//! component's warm-up builds every list's (each module that defines lists
//! names them in one slice, checked by a test), and a snapshot of the
//! warmed-up instance holds them. An instance that starts without the
//! warm-up (a host that turns pre-initialisation off) answers by scanning
//! the text once per phrase, with the same answers.

use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};

/// A list of phrases (the data) and, once built, its automaton.
pub(crate) struct Phrases {
    list: &'static [&'static str],
    /// The automaton, and the length in bytes of the longest phrase.
    automaton: OnceLock<(AhoCorasick, usize)>,
}

impl Phrases {
    pub(crate) const fn new(list: &'static [&'static str]) -> Self {
        Self {
            list,
            automaton: OnceLock::new(),
        }
    }

    /// The phrases, in the order they are written.
    #[cfg(test)]
    pub(crate) fn list(&self) -> &'static [&'static str] {
        self.list
    }

    /// Builds the automaton now (the warm-up does, for every list); the
    /// searches use it from then on.
    pub(crate) fn build(&self) {
        self.automaton.get_or_init(|| {
            let automaton = AhoCorasickBuilder::new()
                .kind(Some(AhoCorasickKind::ContiguousNFA))
                .match_kind(MatchKind::Standard)
                .build(self.list)
                .expect("a phrase list is a few hundred short strings");
            let longest = self.list.iter().map(|p| p.len()).max().unwrap_or(0);
            (automaton, longest)
        });
    }

    /// Whether any phrase occurs in `text` (`list.iter().any(|p|
    /// text.contains(p))`).
    pub(crate) fn in_text(&self, text: &str) -> bool {
        match self.automaton.get() {
            Some((automaton, _)) => automaton.is_match(text),
            None => self.list.iter().any(|p| text.contains(p)),
        }
    }

    /// Whether `text` starts with a phrase (`at_start(text).next().is_some()`).
    /// A comparison per phrase: for this question that is cheaper than the
    /// automaton, whose search collects every match near the start.
    pub(crate) fn starts_any(&self, text: &str) -> bool {
        self.list.iter().any(|p| text.starts_with(p))
    }

    /// The phrases `text` starts with, in list order (`list.iter().filter(|p|
    /// text.starts_with(p))`).
    pub(crate) fn at_start(&self, text: &str) -> impl Iterator<Item = &'static str> {
        let ids: Vec<usize> = match self.automaton.get() {
            None => (0..self.list.len())
                .filter(|&i| text.starts_with(self.list[i]))
                .collect(),
            Some((automaton, longest)) => {
                // A phrase at the start lies within the first `longest` bytes.
                let end = text.len().min(*longest);
                let mut ids: Vec<usize> = automaton
                    .find_overlapping_iter(&text.as_bytes()[..end])
                    .filter(|m| m.start() == 0)
                    .map(|m| m.pattern().as_usize())
                    .collect();
                ids.sort_unstable();
                ids.dedup();
                ids
            }
        };
        ids.into_iter().map(|i| self.list[i])
    }

    /// Whether `hit` holds for an offset in `text` where a phrase starts
    /// (offsets in no fixed order and with repeats: every occurrence of every
    /// phrase; an empty phrase occurs at every offset). Stops at the first.
    pub(crate) fn any_start(&self, text: &str, mut hit: impl FnMut(usize) -> bool) -> bool {
        let Some((automaton, _)) = self.automaton.get() else {
            return self.list.iter().any(|p| {
                if p.is_empty() {
                    return (0..=text.len()).any(&mut hit);
                }
                // A phrase starts on a character boundary, so after each hit
                // the search goes on from the next character.
                let mut from = 0;
                while let Some(i) = text[from..].find(p) {
                    let at = from + i;
                    if hit(at) {
                        return true;
                    }
                    from = at + text[at..].chars().next().map_or(1, char::len_utf8);
                }
                false
            });
        };
        automaton
            .find_overlapping_iter(text)
            .any(|m| hit(m.start()))
    }
}

#[cfg(test)]
mod tests {
    use super::Phrases;

    const LIST: &[&str] = &["read more", "read", "mehr", "lesen sie", "ä", "", "aa"];
    const NO_EMPTY: &[&str] = &["share", "hare", "comment", "ad", "über", "aa"];

    /// Each answer, with and without the automaton, equals the naive scan it
    /// stands for, on texts around the phrases' edges.
    #[test]
    fn answers_equal_the_naive_scans() {
        let texts = [
            "",
            "read",
            "rea",
            "read more about it",
            "lesen sie auch",
            "weiterlesen mehr",
            "ärger",
            "sharecomment",
            "a shared ad",
            "über uns",
            "nothing here",
            "hare",
            "s",
            "aaa über",
        ];
        let (list, no_empty) = (Phrases::new(LIST), Phrases::new(NO_EMPTY));
        let (built, built_no_empty) = (Phrases::new(LIST), Phrases::new(NO_EMPTY));
        built.build();
        built_no_empty.build();
        for p in [&list, &no_empty, &built, &built_no_empty] {
            for t in texts {
                let any = p.list().iter().any(|w| t.contains(w));
                assert_eq!(p.in_text(t), any, "{t:?}");
                let starts: Vec<&str> = p
                    .list()
                    .iter()
                    .copied()
                    .filter(|w| t.starts_with(w))
                    .collect();
                assert_eq!(p.at_start(t).collect::<Vec<_>>(), starts, "{t:?}");
                assert_eq!(p.starts_any(t), !starts.is_empty(), "{t:?}");
                let mut offsets = Vec::new();
                assert!(!p.any_start(t, |i| {
                    offsets.push(i);
                    false
                }));
                offsets.sort_unstable();
                offsets.dedup();
                let naive: Vec<usize> = (0..=t.len())
                    .filter(|&i| {
                        p.list()
                            .iter()
                            .any(|w| t.as_bytes()[i..].starts_with(w.as_bytes()))
                    })
                    .collect();
                assert_eq!(offsets, naive, "{t:?}");
            }
        }
    }
}
