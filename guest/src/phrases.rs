//! Word lists searched as one automaton: a rule that asks whether a text
//! holds any phrase of a list (or starts with one) reads the text once,
//! however long the list, instead of once per phrase.
//!
//! The automaton (the `aho-corasick` crate, as a compact NFA) is built on
//! first use; the component's warm-up builds every list's (each module that
//! defines lists names them in one slice, checked by a test), so a snapshot
//! of the warmed-up instance holds them.

use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};

/// A list of phrases (the data) and its automaton.
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

    /// Builds the automaton now (the warm-up does, for every list).
    pub(crate) fn build(&self) {
        self.built();
    }

    fn built(&self) -> &(AhoCorasick, usize) {
        self.automaton.get_or_init(|| {
            let automaton = AhoCorasickBuilder::new()
                .kind(Some(AhoCorasickKind::ContiguousNFA))
                .match_kind(MatchKind::Standard)
                .build(self.list)
                .expect("a phrase list is a few hundred short strings");
            let longest = self.list.iter().map(|p| p.len()).max().unwrap_or(0);
            (automaton, longest)
        })
    }

    fn automaton(&self) -> &AhoCorasick {
        &self.built().0
    }

    /// Whether any phrase occurs in `text` (`list.iter().any(|p|
    /// text.contains(p))`).
    pub(crate) fn in_text(&self, text: &str) -> bool {
        self.automaton().is_match(text)
    }

    /// The phrases `text` starts with, in list order (`list.iter().filter(|p|
    /// text.starts_with(p))`).
    pub(crate) fn at_start(&self, text: &str) -> impl Iterator<Item = &'static str> {
        // A phrase at the start lies within the first `longest` bytes.
        let end = text.len().min(self.built().1);
        let mut ids: Vec<usize> = self
            .automaton()
            .find_overlapping_iter(&text.as_bytes()[..end])
            .filter(|m| m.start() == 0)
            .map(|m| m.pattern().as_usize())
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids.into_iter().map(|i| self.list[i])
    }

    /// The byte offsets in `text` where a phrase starts, in no fixed order
    /// and with repeats (every occurrence of every phrase; an empty phrase
    /// occurs at every offset).
    pub(crate) fn starts_in<'a>(&'a self, text: &'a str) -> impl Iterator<Item = usize> + 'a {
        self.automaton()
            .find_overlapping_iter(text)
            .map(|m| m.start())
    }
}

#[cfg(test)]
mod tests {
    use super::Phrases;

    static LIST: Phrases = Phrases::new(&["read more", "read", "mehr", "lesen sie", "ä", ""]);
    static NO_EMPTY: Phrases = Phrases::new(&["share", "hare", "comment", "ad", "über"]);

    /// Each answer equals the naive scan it replaces, on texts around the
    /// phrases' edges.
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
        ];
        for p in [&LIST, &NO_EMPTY] {
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
                let mut offsets: Vec<usize> = p.starts_in(t).collect();
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
