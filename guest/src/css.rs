//! CSS selectors compiled once: `Document::select(&str)` parses its
//! selector on every call, which for a small page costs as much as the
//! search. A [`Css`] is the selector (data) and its compiled form, built on
//! first use; the component's warm-up runs every mode, so a snapshot of the
//! warmed-up instance already holds them.

use std::sync::OnceLock;

use dom_query::{Document, Matcher, Selection};

pub(crate) struct Css {
    selector: &'static str,
    matcher: OnceLock<Matcher>,
}

impl Css {
    pub(crate) const fn new(selector: &'static str) -> Self {
        Self {
            selector,
            matcher: OnceLock::new(),
        }
    }

    fn matcher(&self) -> &Matcher {
        self.matcher.get_or_init(|| {
            Matcher::new(self.selector)
                .unwrap_or_else(|_| panic!("invalid CSS selector {:?}", self.selector))
        })
    }

    /// The matching elements of `doc`, in document order (`doc.select`).
    pub(crate) fn select<'a>(&self, doc: &'a Document) -> Selection<'a> {
        doc.select_matcher(self.matcher())
    }

    /// The first matching element of `doc` (`doc.select_single`).
    pub(crate) fn select_single<'a>(&self, doc: &'a Document) -> Selection<'a> {
        doc.select_single_matcher(self.matcher())
    }
}

#[cfg(test)]
mod tests {
    use super::Css;

    static PARAGRAPHS: Css = Css::new("body p, [role=main]");

    /// The compiled selector finds what `Document::select` finds, on every
    /// call.
    #[test]
    fn selects_what_the_string_selects() {
        let doc = dom_query::Document::from(
            "<body><p>a</p><div role=main><p>b</p></div><section><p>c</p></section></body>",
        );
        for _ in 0..2 {
            let html = |s: dom_query::Selection| {
                s.nodes()
                    .iter()
                    .map(|n| n.html().to_string())
                    .collect::<Vec<_>>()
            };
            assert_eq!(
                html(PARAGRAPHS.select(&doc)),
                html(doc.select("body p, [role=main]"))
            );
            assert_eq!(
                html(PARAGRAPHS.select_single(&doc)),
                html(doc.select_single("body p, [role=main]"))
            );
        }
        assert_eq!(PARAGRAPHS.select(&doc).length(), 4);
    }
}
