//! Content selection per mode and the DOM walk that turns content nodes into
//! plain text, links and media (and makes their URLs absolute for Markdown).

use dom_query::{Document, Matcher, NodeData, NodeRef};

use crate::css;
use crate::elements;
use crate::urls::{largest_srcset_candidate, Resolver};
use crate::util::count_words;

/// What the walk found under the content roots.
#[derive(Debug, Default)]
pub(crate) struct Walked {
    /// Paragraphs separated by `"\n\n"`.
    pub text: String,
    /// `<a href>`/`<area href>` targets, absolute, de-duplicated, document order.
    pub links: Vec<String>,
    /// Image/video/audio URLs, absolute, de-duplicated, document order.
    pub media: Vec<String>,
    /// Paragraphs of at least [`SUBSTANTIAL_PARAGRAPH`] characters.
    pub substantial_paragraphs: usize,
    /// The first such paragraph (description fallback).
    pub first_substantial: Option<String>,
    /// Non-whitespace characters of `text`.
    pub text_chars: usize,
    /// Non-whitespace characters of `text` that are link text.
    pub link_chars: usize,
}

/// Characters a paragraph needs to count as substantial.
pub(crate) const SUBSTANTIAL_PARAGRAPH: usize = 80;

/// Elements whose whole subtree is never content.
fn always_skipped(name: &str) -> bool {
    matches!(
        name,
        "script"
            | "style"
            | "noscript"
            | "template"
            | "head"
            | "title"
            | "meta"
            | "link"
            | "iframe"
            | "object"
            | "embed"
            | "svg"
            | "annotation"
            | "annotation-xml"
            | "canvas"
            | "map"
            | "select"
            | "textarea"
            | "input"
            | "button"
            | "datalist"
            | "dialog"
            | "base"
            | "param"
    )
}

/// Elements that start and end a paragraph of `text`.
fn is_block(name: &str) -> bool {
    elements::is_text_block(name)
}

/// Inline `style` hides the element (`display:none` / `visibility:hidden`).
fn style_hides(style: &str) -> bool {
    let compact: String = style
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_lowercase();
    compact.contains("display:none") || compact.contains("visibility:hidden")
}

/// Name of an element node (lower-case local name), `None` for other nodes.
fn element_info(node: &NodeRef) -> Option<(String, bool)> {
    node.query(|tn| match &tn.data {
        NodeData::Element(el) => {
            let name: &str = &el.name.local;
            let name = name.to_ascii_lowercase();
            let mut hidden = false;
            for a in &el.attrs {
                match &*a.name.local {
                    "hidden" => hidden = true,
                    "aria-hidden" => hidden |= a.value.trim().eq_ignore_ascii_case("true"),
                    "style" => hidden |= style_hides(&a.value),
                    _ => {}
                }
            }
            Some((name, hidden))
        }
        _ => None,
    })
    .flatten()
}

/// Invisible formatting characters dropped from `text`: soft hyphens
/// (hyphenation hints, `&shy;`), zero-width spaces, word joiners and stray
/// byte order marks. (ZWJ/ZWNJ stay: they change how some scripts render.)
pub(crate) fn is_invisible(c: char) -> bool {
    matches!(c, '\u{ad}' | '\u{200b}' | '\u{2060}' | '\u{feff}')
}

/// Builds paragraphs: inline whitespace collapsed, blocks separated by a
/// blank line, `<br>` kept as a line break, `<pre>` kept verbatim.
#[derive(Default)]
struct TextBuilder {
    out: String,
    para: String,
    pending_space: bool,
    paragraphs: usize,
    substantial: usize,
    first_substantial: Option<String>,
    text_chars: usize,
    link_chars: usize,
}

impl TextBuilder {
    fn push_text(&mut self, s: &str, in_link: bool) {
        for c in s.chars() {
            if is_invisible(c) {
                continue;
            }
            if c.is_whitespace() {
                self.pending_space = true;
            } else {
                if self.pending_space && !self.para.is_empty() && !self.para.ends_with('\n') {
                    self.para.push(' ');
                }
                self.pending_space = false;
                self.para.push(c);
                self.text_chars += 1;
                if in_link {
                    self.link_chars += 1;
                }
            }
        }
    }

    fn push_pre(&mut self, s: &str, in_link: bool) {
        if self.pending_space && !self.para.is_empty() && !self.para.ends_with('\n') {
            self.para.push(' ');
        }
        self.pending_space = false;
        for c in s.chars() {
            // Keep line structure; tabs and other spaces stay as they are.
            if c == '\r' {
                continue;
            }
            self.para.push(c);
            if !c.is_whitespace() {
                self.text_chars += 1;
                if in_link {
                    self.link_chars += 1;
                }
            }
        }
    }

    fn push_separator(&mut self, sep: &str) {
        let trimmed_len = self.para.trim_end_matches([' ', '\t']).len();
        self.para.truncate(trimmed_len);
        if !self.para.is_empty() && !self.para.ends_with('\n') {
            self.para.push_str(sep);
        }
        self.pending_space = false;
    }

    fn line_break(&mut self) {
        let trimmed_len = self.para.trim_end_matches([' ', '\t']).len();
        self.para.truncate(trimmed_len);
        if !self.para.is_empty() && !self.para.ends_with('\n') {
            self.para.push('\n');
        }
        self.pending_space = false;
    }

    fn flush(&mut self) {
        // Trim, and drop blank lines inside the paragraph (from <br>s / <pre>).
        let p = self.para.trim_matches(|c: char| c.is_whitespace());
        if !p.is_empty() {
            if !self.out.is_empty() {
                self.out.push_str("\n\n");
            }
            let start = self.out.len();
            let mut first = true;
            for line in p.split('\n') {
                let line = line.trim_end();
                if line.trim().is_empty() {
                    continue;
                }
                if !first {
                    self.out.push('\n');
                }
                first = false;
                self.out.push_str(line);
            }
            self.paragraphs += 1;
            let chars = self.out[start..].chars().count();
            if chars >= SUBSTANTIAL_PARAGRAPH {
                self.substantial += 1;
                if self.first_substantial.is_none() && count_words(&self.out[start..]) >= 8 {
                    self.first_substantial = Some(self.out[start..].replace('\n', " "));
                }
            }
        }
        self.para.clear();
        self.pending_space = false;
    }
}

/// What [`walk`] does besides collecting links and media.
#[derive(Clone, Copy)]
pub(crate) struct WalkOptions {
    /// Build `text`.
    pub text: bool,
    /// Rewrite `href`/`src` attributes to absolute URLs and remove hidden /
    /// non-content elements from the tree (so the subtree can be serialised
    /// for Markdown).
    pub rewrite: bool,
}

enum Step<'a> {
    Enter(NodeRef<'a>),
    Exit(ExitKind<'a>),
}

enum ExitKind<'a> {
    Block,
    Pre,
    /// A link, with the text and media counts when it was entered (a link
    /// with neither, e.g. an icon link, is dropped from the Markdown).
    Link(NodeRef<'a>, usize, usize),
    NoText,
    Row,
    Table,
    Other,
}

fn push_unique(list: &mut Vec<String>, seen: &mut std::collections::HashSet<String>, v: String) {
    if seen.insert(v.clone()) {
        list.push(v);
    }
}

/// Walks `roots` (each treated as a block) in document order.
pub(crate) fn walk(roots: &[NodeRef], resolver: &Resolver, opts: WalkOptions) -> Walked {
    let mut tb = TextBuilder::default();
    let mut links = Vec::new();
    let mut media = Vec::new();
    let mut seen_links = std::collections::HashSet::new();
    let mut seen_media = std::collections::HashSet::new();
    let mut to_remove: Vec<NodeRef> = Vec::new();
    let (mut pre_depth, mut link_depth, mut notext_depth) = (0usize, 0usize, 0usize);
    // Media elements visited (not de-duplicated), for empty-link detection.
    let mut media_elems = 0usize;
    // For each table being walked: whether its rows are lines (not layout).
    let mut row_tables: Vec<bool> = Vec::new();

    for root in roots {
        tb.flush();
        let mut stack = vec![Step::Enter(*root)];
        while let Some(step) = stack.pop() {
            let node = match step {
                Step::Enter(n) => n,
                Step::Exit(kind) => {
                    match kind {
                        ExitKind::Block => tb.flush(),
                        ExitKind::Pre => {
                            pre_depth -= 1;
                            tb.flush();
                        }
                        ExitKind::Link(node, chars, media_len) => {
                            link_depth -= 1;
                            if opts.rewrite
                                && opts.text
                                && tb.text_chars == chars
                                && media_elems == media_len
                            {
                                to_remove.push(node);
                            }
                        }
                        ExitKind::NoText => {
                            notext_depth -= 1;
                            tb.flush();
                        }
                        ExitKind::Row => tb.line_break(),
                        ExitKind::Table => {
                            row_tables.pop();
                            tb.flush();
                        }
                        ExitKind::Other => {}
                    }
                    continue;
                }
            };
            if node.is_text() {
                if opts.text && notext_depth == 0 {
                    let t = node.text();
                    if pre_depth > 0 {
                        tb.push_pre(&t, link_depth > 0);
                    } else {
                        tb.push_text(&t, link_depth > 0);
                    }
                }
                continue;
            }
            let Some((name, hidden)) = element_info(&node) else {
                // Document / fragment roots: descend; comments etc.: skip.
                if node.is_document() || node.is_fragment() {
                    stack.extend(node.children_it(true).map(Step::Enter));
                }
                continue;
            };
            let name = name.as_str();
            if always_skipped(name) || hidden {
                if opts.rewrite {
                    to_remove.push(node);
                }
                continue;
            }
            // Links and media.
            match name {
                "a" | "area" => {
                    if let Some(href) = node.attr("href") {
                        match resolver.resolve(&href) {
                            Some(abs) => {
                                if opts.rewrite && *abs != *href {
                                    node.set_attr("href", &abs);
                                }
                                push_unique(&mut links, &mut seen_links, abs);
                            }
                            None => {
                                // javascript:, fragment-only, unresolvable: plain text in Markdown.
                                if opts.rewrite {
                                    node.remove_attr("href");
                                }
                            }
                        }
                    }
                }
                "img" => {
                    media_elems += 1;
                    let src = node
                        .attr("src")
                        .filter(|s| !s.trim().is_empty() && !s.trim_start().starts_with("data:"));
                    let lazy = [
                        "data-src",
                        "data-lazy-src",
                        "data-original",
                        "data-url",
                        "data-hi-res-src",
                    ]
                    .iter()
                    .find_map(|a| node.attr(a).filter(|s| !s.trim().is_empty()));
                    let srcset = node.attr("srcset").or_else(|| node.attr("data-srcset"));
                    let largest = srcset
                        .as_deref()
                        .and_then(largest_srcset_candidate)
                        .map(str::to_string);
                    let mut first_abs: Option<String> = None;
                    for cand in [src.as_deref(), largest.as_deref(), lazy.as_deref()]
                        .into_iter()
                        .flatten()
                    {
                        if let Some(abs) = resolver.resolve(cand) {
                            if first_abs.is_none() {
                                first_abs = Some(abs.clone());
                            }
                            push_unique(&mut media, &mut seen_media, abs);
                        }
                    }
                    if opts.rewrite {
                        if let Some(abs) = first_abs {
                            node.set_attr("src", &abs);
                        }
                    }
                }
                "video" | "audio" | "source" | "track" | "embed" => {
                    media_elems += 1;
                    let mut attrs = vec!["src"];
                    if name == "video" {
                        attrs.push("poster");
                    }
                    for a in attrs {
                        if let Some(v) = node.attr(a) {
                            if let Some(abs) = resolver.resolve(&v) {
                                if opts.rewrite {
                                    node.set_attr(a, &abs);
                                }
                                if name != "track" {
                                    push_unique(&mut media, &mut seen_media, abs);
                                }
                            }
                        }
                    }
                    if name == "source" {
                        if let Some(ss) = node.attr("srcset") {
                            if let Some(abs) =
                                largest_srcset_candidate(&ss).and_then(|c| resolver.resolve(c))
                            {
                                push_unique(&mut media, &mut seen_media, abs);
                            }
                        }
                    }
                }
                _ => {}
            }
            // Text structure.
            let exit = if name == "br" {
                tb.line_break();
                ExitKind::Other
            } else if name == "video" || name == "audio" {
                // Fallback text ("your browser does not support...") is not content.
                tb.flush();
                notext_depth += 1;
                ExitKind::NoText
            } else if name == "pre" {
                tb.flush();
                pre_depth += 1;
                ExitKind::Pre
            } else if name == "a" {
                link_depth += 1;
                ExitKind::Link(node, tb.text_chars, media_elems)
            } else if name == "table" {
                // A table is one line per row, cells separated by " | ",
                // except a layout table: its cells are paragraphs.
                tb.flush();
                row_tables.push(!crate::tables::is_layout_table(&node));
                ExitKind::Table
            } else if row_tables.last() == Some(&true) && (name == "td" || name == "th") {
                tb.push_separator(" | ");
                ExitKind::Other
            } else if row_tables.last() == Some(&true) && name == "tr" {
                tb.line_break();
                ExitKind::Row
            } else if is_block(name) || name == "td" || name == "th" {
                tb.flush();
                ExitKind::Block
            } else {
                ExitKind::Other
            };
            stack.push(Step::Exit(exit));
            stack.extend(node.children_it(true).map(Step::Enter));
        }
        tb.flush();
    }
    for n in to_remove {
        n.remove_from_parent();
    }
    Walked {
        text: tb.out,
        links,
        media,
        substantial_paragraphs: tb.substantial,
        first_substantial: tb.first_substantial,
        text_chars: tb.text_chars,
        link_chars: tb.link_chars,
    }
}

/// Top-level elements matched by any of `matchers`, in document order; an
/// element inside an already-matched element is not listed again.
pub(crate) fn custom_roots<'a>(doc: &'a Document, matchers: &[Matcher]) -> Vec<NodeRef<'a>> {
    let mut out = Vec::new();
    let mut stack = vec![doc.root()];
    while let Some(node) = stack.pop() {
        if node.is_element() && matchers.iter().any(|m| node.is_match(m)) {
            out.push(node);
            continue;
        }
        if node.is_element() || node.is_document() || node.is_fragment() {
            stack.extend(node.children_it(true));
        }
    }
    out
}

/// Roots for the article-mode baseline: `<main>`/`[role=main]`, else a
/// single `<article>`, else `<body>`; navigation, asides, forms and
/// page-level headers/footers are removed first.
pub(crate) fn baseline_roots(doc: &Document) -> Vec<NodeRef<'_>> {
    // A furniture element around the page's main region or article is a
    // wrapper, not furniture: ASP.NET WebForms pages put the whole body in
    // one `<form>`. Its own furniture inside is still removed.
    let furniture: Vec<NodeRef> = css::BOILERPLATE
        .select(doc)
        .nodes()
        .iter()
        .filter(|n| !wraps_main(n))
        .copied()
        .collect();
    for n in furniture {
        n.remove_from_parent();
    }
    let chrome: Vec<NodeRef> = css::PAGE_CHROME
        .select(doc)
        .nodes()
        .iter()
        .filter(|n| {
            !n.ancestors_it(None)
                .any(|a| a.has_name("article") || a.has_name("main"))
        })
        .copied()
        .collect();
    for n in chrome {
        n.remove_from_parent();
    }
    if let Some(main) = css::MAIN_REGIONS.select(doc).nodes().first() {
        return vec![*main];
    }
    let articles = css::ARTICLES.select(doc);
    if articles.length() == 1 {
        return vec![articles.nodes()[0]];
    }
    full_roots(doc)
}

/// Whether `n` holds the page's main region or its article (`<main>`,
/// `[role=main]`, `<article>`): then it is a wrapper, not furniture.
pub(crate) fn wraps_main(n: &NodeRef) -> bool {
    n.descendants_it().any(|d| {
        d.has_name("main")
            || d.has_name("article")
            || d.attr("role")
                .is_some_and(|r| r.eq_ignore_ascii_case("main"))
    })
}

/// Roots for full mode: `<body>` (or the whole document when it has none).
pub(crate) fn full_roots(doc: &Document) -> Vec<NodeRef<'_>> {
    match doc.body() {
        Some(b) => vec![b],
        None => vec![doc.root()],
    }
}

/// Markdown of an HTML fragment (htmd; headings, lists, emphasis, links,
/// images, code blocks and tables).
pub(crate) fn to_markdown(html: &str) -> String {
    // The converter is built once per thread (once in the component, where
    // the warm-up builds it): building it costs as much as converting a
    // small article. It keeps no state between conversions.
    thread_local! {
        static CONVERTER: htmd::HtmlToMarkdown = htmd::HtmlToMarkdown::builder()
            .skip_tags(vec![
                "script", "style", "noscript", "template", "head", "title", "iframe", "object",
                "embed", "svg", "canvas", "button", "input", "select", "textarea", "dialog",
            ])
            .build();
    }
    match crate::parse::parse_for_markdown(html) {
        Ok(tree) => tidy_markdown(&CONVERTER.with(|c| c.tree_to_markdown(&tree))),
        Err(_) => String::new(),
    }
}

/// Drops list items with no content (`*` alone on a line, left by lists of
/// icon buttons) outside fenced code blocks, and collapses the blank lines
/// this leaves.
fn tidy_markdown(md: &str) -> String {
    let mut out = String::with_capacity(md.len());
    let mut in_fence = false;
    let mut blank_run = 0;
    for line in md.lines() {
        let t = line.trim();
        if t.starts_with("```") || t.starts_with("~~~") {
            in_fence = !in_fence;
        }
        if !in_fence && matches!(t, "*" | "-" | "+") {
            continue;
        }
        if !in_fence && t.is_empty() {
            blank_run += 1;
            if blank_run > 1 {
                continue;
            }
        } else {
            blank_run = 0;
        }
        out.push_str(line.trim_end_matches('\r'));
        out.push('\n');
    }
    out.trim().to_string()
}
