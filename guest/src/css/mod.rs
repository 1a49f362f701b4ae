//! The CSS selectors of the passes, as data, each compiled once:
//! `Document::select(&str)` parses its selector on every call, which for a
//! small page costs as much as the search. A [`Css`] is the selector and
//! its compiled form; the component's warm-up compiles them all
//! ([`build_all`]), so a snapshot of the warmed-up instance holds them.
//! Selectors in the subset of [`simple`] are matched by it; others by
//! `dom_query`'s general matcher. An [`Index`] answers several selectors
//! from one walk of the page.

mod simple;

use std::sync::OnceLock;

use dom_query::{Document, Matcher, NodeData, NodeRef, Selection};

use simple::{Hit, SimpleList};

pub(crate) struct Css {
    selector: &'static str,
    matcher: OnceLock<Compiled>,
}

enum Compiled {
    Simple(SimpleList),
    General(Matcher),
}

impl Css {
    pub(crate) const fn new(selector: &'static str) -> Self {
        Self {
            selector,
            matcher: OnceLock::new(),
        }
    }

    fn matcher(&self) -> &Compiled {
        self.matcher
            .get_or_init(|| match SimpleList::parse(self.selector) {
                Some(list) => Compiled::Simple(list),
                None => Compiled::General(
                    Matcher::new(self.selector)
                        .unwrap_or_else(|_| panic!("invalid CSS selector {:?}", self.selector)),
                ),
            })
    }

    /// The matching elements of `doc`, in document order (`doc.select`).
    pub(crate) fn select<'a>(&self, doc: &'a Document) -> Selection<'a> {
        match self.matcher() {
            Compiled::Simple(list) => Selection::from(
                doc.root()
                    .descendants_it()
                    .filter(|n| list.matches(n))
                    .collect::<Vec<_>>(),
            ),
            Compiled::General(m) => doc.select_matcher(m),
        }
    }

    /// The first matching element of `doc` (`doc.select_single`).
    pub(crate) fn select_single<'a>(&self, doc: &'a Document) -> Selection<'a> {
        match self.matcher() {
            Compiled::Simple(list) => doc
                .root()
                .descendants_it()
                .find(|n| list.matches(n))
                .map_or_else(Selection::default, Selection::from),
            Compiled::General(m) => doc.select_single_matcher(m),
        }
    }
}

/// The matches of several selectors in one document, found in one walk:
/// a page's metadata asks a dozen selectors, and each walk of the whole
/// tree costs about as much as matching in it.
pub(crate) struct Index<'a> {
    found: Vec<(&'static Css, Vec<NodeRef<'a>>)>,
}

impl<'a> Index<'a> {
    /// The matches of each of `list` (simple selectors) in `doc`, in
    /// document order.
    pub(crate) fn of(doc: &'a Document, list: &[&'static Css]) -> Self {
        let lists: Vec<&SimpleList> = list
            .iter()
            .map(|css| match css.matcher() {
                Compiled::Simple(l) => l,
                Compiled::General(_) => panic!("{:?} is not a simple selector", css.selector),
            })
            .collect();
        let mut found: Vec<(&'static Css, Vec<NodeRef<'a>>)> =
            list.iter().map(|css| (*css, Vec::new())).collect();
        let mut hits = vec![Hit::No; list.len()];
        for n in doc.root().descendants_it() {
            let element = n.query_or(false, |tn| match &tn.data {
                NodeData::Element(el) => {
                    for (hit, l) in hits.iter_mut().zip(&lists) {
                        *hit = l.hit(el);
                    }
                    true
                }
                _ => false,
            });
            if !element {
                continue;
            }
            let mut inside_body = None;
            for (hit, (_, nodes)) in hits.iter().zip(found.iter_mut()) {
                let yes = match hit {
                    Hit::No => false,
                    Hit::Yes => true,
                    Hit::InBody => *inside_body.get_or_insert_with(|| simple::in_body(&n)),
                };
                if yes {
                    nodes.push(n);
                }
            }
        }
        Index { found }
    }

    /// The matches of `css`, which must be one of the index's selectors.
    pub(crate) fn get(&self, css: &Css) -> &[NodeRef<'a>] {
        self.found
            .iter()
            .find(|(c, _)| std::ptr::eq(*c, css))
            .map(|(_, nodes)| nodes.as_slice())
            .unwrap_or_else(|| panic!("{:?} is not in the index", css.selector))
    }
}

// The article-mode baseline (content.rs).

/// Elements that are page chrome rather than content, removed for the
/// article-mode baseline.
pub(crate) static BOILERPLATE: Css = Css::new(
    "nav, aside, form, menu, dialog, [role=navigation], [role=complementary], \
     [role=search], [role=menu], [role=menubar], [role=dialog], [role=alert]",
);
/// Page-level headers and footers, removed for the article-mode baseline
/// (unless they wrap the main region).
pub(crate) static PAGE_CHROME: Css = Css::new("header, footer, [role=banner], [role=contentinfo]");
pub(crate) static ARTICLES: Css = Css::new("article");

// Preparing the page (prepare.rs) and the pipeline (pipeline.rs).

pub(crate) static BODY_NOSCRIPTS: Css = Css::new("body noscript");
pub(crate) static BASE: Css = Css::new("base[href]");
pub(crate) static BODY_PARAGRAPHS: Css = Css::new("body p");

// Page metadata: its sources (meta/sources.rs) and fields (meta/fields.rs).

pub(crate) static TITLE: Css = Css::new("title");
pub(crate) static H1: Css = Css::new("h1");
pub(crate) static META: Css = Css::new("meta");
pub(crate) static TYPED_SCRIPTS: Css = Css::new("script[type]");
/// Elements whose class or id names a byline or an author.
pub(crate) static BYLINE_ELEMENTS: Css = Css::new("body [class*=byline i], body [id*=byline i], body [class*=author i], body [id*=author i], body [class*=writtenby i]");
pub(crate) static ITEMPROP_AUTHOR: Css = Css::new("[itemprop~=author]");
pub(crate) static REL_AUTHOR: Css = Css::new("a[rel~=author], [rel~=author]");
pub(crate) static ITEMPROP_PUBLISHED: Css = Css::new("[itemprop~=datePublished]");
pub(crate) static TIMES: Css = Css::new("time[datetime]");
pub(crate) static HTML: Css = Css::new("html");
pub(crate) static LINKS: Css = Css::new("link[rel][href]");
/// The selectors of the page's metadata, answered by one [`Index`].
pub(crate) static METADATA: &[&Css] = &[
    &TITLE,
    &H1,
    &META,
    &TYPED_SCRIPTS,
    &BYLINE_ELEMENTS,
    &ITEMPROP_AUTHOR,
    &REL_AUTHOR,
    &ITEMPROP_PUBLISHED,
    &TIMES,
    &HTML,
    &LINKS,
];

// The article choice (choice.rs) and the baseline.

/// The page's declared main regions.
pub(crate) static MAIN_REGIONS: Css = Css::new("main, [role=main]");
/// The element of readability's result that holds the article.
pub(crate) static READABILITY_PAGE: Css = Css::new("#readability-page-1");

/// Every selector above, compiled by [`build_all`] in the warm-up.
static ALL: &[&Css] = &[
    &BOILERPLATE,
    &PAGE_CHROME,
    &ARTICLES,
    &BODY_NOSCRIPTS,
    &BASE,
    &BODY_PARAGRAPHS,
    &TITLE,
    &H1,
    &META,
    &TYPED_SCRIPTS,
    &BYLINE_ELEMENTS,
    &ITEMPROP_AUTHOR,
    &REL_AUTHOR,
    &ITEMPROP_PUBLISHED,
    &TIMES,
    &HTML,
    &LINKS,
    &MAIN_REGIONS,
    &READABILITY_PAGE,
];

/// Compiles every selector of the passes (the warm-up calls it, so that a
/// snapshot of the warmed-up component holds them all).
pub(crate) fn build_all() {
    for css in ALL {
        css.matcher();
    }
}

#[cfg(test)]
mod tests {
    use super::{build_all, Compiled, Css, Index, ALL};
    use dom_query::{Document, Matcher};

    static PARAGRAPHS: Css = Css::new("body p, [role=main]");

    /// Pages with what the simple matcher must get as the general one does:
    /// case in names and values, namespaces (SVG, MathML, xlink), elements
    /// outside `<body>`, template contents, whitespace between words.
    const PAGES: &[&str] = &[
        "<html lang=EN><head><title>T</title><base href=/b/><base>\
         <meta name=author content=A><noscript><p>head</p></noscript>\
         <link rel='AUTHOR stylesheet' href=/a><link rel=author><script type=X>1</script></head>\
         <body class=byline><nav role=navigation><a rel=Author href=/x>a</a></nav>\
         <div class='ByLine x' id=xAUTHORx><p>p</p><noscript>n</noscript></div>\
         <aside role=complementary></aside><div role=MAIN></div><main id=readability-page-1></main>\
         <span itemprop='name author'>n</span><span itemprop=datepublished>d</span>\
         <time datetime=2020>t</time><time>u</time><h1>h</h1><article>a</article>\
         <a rel='nofollow\tauthor'>r</a><a rel='author\x0C'>f</a><a rel=authors>g</a>\
         <header><footer role=contentinfo></footer></header><form><dialog></dialog></form>\
         <menu></menu><div role=banner><div role=search></div></div></body></html>",
        "<body><svg><a rel=Author xlink:href=/s class=byline></a><nav role=navigation></nav>\
         <title>svg</title><p id=Readability-page-1>x</p></svg>\
         <math><mi role=main id=readability-page-1>m</mi><mtext class=WrittenBy>w</mtext></math>\
         <template><nav></nav><p class=author>t</p></template>\
         <div class=writtenby><p>w</p></div><p id=readability-page-1>p</p></body>",
        "<frameset><frame></frameset>",
        "plain text",
    ];

    /// Selectors in the subset besides the module's own.
    const MORE: &[&str] = &[
        "p#readability-page-1",
        "[id=readability-page-1]",
        "[class~=x][id*=author]",
        "body [rel=author]",
        "[type=x]",
        "[lang=en]",
    ];

    /// Over [`PAGES`], each selector of the module (and of [`MORE`]) finds
    /// what `dom_query`'s general matcher finds, in the same order.
    #[test]
    fn simple_matches_equal_the_general_matchers() {
        let mut simple = 0;
        let extra: Vec<Css> = MORE.iter().map(|s| Css::new(s)).collect();
        for css in ALL.iter().copied().chain(extra.iter()) {
            if matches!(css.matcher(), Compiled::Simple(_)) {
                simple += 1;
            }
            let general = Matcher::new(css.selector).unwrap();
            for page in PAGES {
                let doc = crate::parse::parse(page).unwrap();
                let ids =
                    |s: dom_query::Selection| s.nodes().iter().map(|n| n.id).collect::<Vec<_>>();
                assert_eq!(
                    ids(css.select(&doc)),
                    ids(doc.select_matcher(&general)),
                    "{} on {page}",
                    css.selector
                );
                assert_eq!(
                    ids(css.select_single(&doc)),
                    ids(doc.select_single_matcher(&general)),
                    "{} on {page}",
                    css.selector
                );
            }
        }
        assert_eq!(
            simple,
            ALL.len() + MORE.len(),
            "every selector here is simple"
        );
    }

    /// One [`Index`] of all the module's selectors finds what each finds
    /// alone.
    #[test]
    fn an_index_finds_what_each_selector_finds() {
        for page in PAGES {
            let doc = crate::parse::parse(page).unwrap();
            let index = Index::of(&doc, ALL);
            for css in ALL {
                let alone: Vec<_> = css.select(&doc).nodes().iter().map(|n| n.id).collect();
                let indexed: Vec<_> = index.get(css).iter().map(|n| n.id).collect();
                assert_eq!(indexed, alone, "{} on {page}", css.selector);
            }
        }
    }

    /// (selector, in the simple subset)
    #[test]
    fn the_simple_subset() {
        let rows: &[(&str, bool)] = &[
            ("nav, [role=main]", true),
            ("body [class*=byline i]", true),
            ("#a", true),
            ("div > p", false),
            ("p.lead", false),
            ("a:first-child", false),
            ("[title='a b']", false),
            ("[DATA-X]", false),
            ("html body p", false),
            ("*", false),
        ];
        for &(selector, simple) in rows {
            let css = Css::new(selector);
            assert_eq!(
                matches!(css.matcher(), Compiled::Simple(_)),
                simple,
                "{selector}"
            );
        }
    }

    /// Every selector of this module is in `ALL` (so the warm-up compiles
    /// it), and each compiles.
    #[test]
    fn every_selector_is_listed_and_compiles() {
        let (defined, listed) = crate::util::statics_and_list(include_str!("mod.rs"), "Css", "ALL");
        assert_eq!(defined, listed);
        assert_eq!(listed.len(), ALL.len());
        build_all();
        assert!(ALL.iter().all(|c| c.matcher.get().is_some()));
    }

    /// The compiled selector finds what `Document::select` finds, on every
    /// call.
    #[test]
    fn selects_what_the_string_selects() {
        let doc = Document::from(
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
