//! The pipeline of one extraction: the page is parsed and prepared once
//! (`prepare`), its metadata read (`meta`), its content taken by mode
//! (article: `choice`), and the result assembled.

use dom_query::{Document, Matcher, NodeRef};

use crate::choice::article_content;
use crate::content::{self, walk, WalkOptions};
use crate::css;
use crate::prepare::{limit_depth, unwrap_runaway_noscript};
use crate::readability::{readability_meta, ReadabilityMeta};
use crate::urls::Resolver;
use crate::util::{clean, count_words};
use crate::{lang, meta, quality_score, tables, Content, Error, Mode, Options};

/// Compiles the selectors of [`Mode::Custom`].
fn compile_selectors(selectors: &[String]) -> Result<Vec<Matcher>, Error> {
    if selectors.is_empty() {
        return Err(Error::UnsupportedMode(
            "custom mode needs at least one CSS selector, got an empty list".to_string(),
        ));
    }
    selectors
        .iter()
        .enumerate()
        .map(|(i, sel)| {
            if sel.trim().is_empty() {
                return Err(Error::UnsupportedMode(format!(
                    "custom selector #{} is empty",
                    i + 1
                )));
            }
            Matcher::new(sel).map_err(|e| {
                let kind = format!("{:?}", e.kind);
                let why = match kind.as_str() {
                    "Basic(EndOfInput)" => "the selector ends unexpectedly".to_string(),
                    k if k.starts_with("Basic(UnexpectedToken(") => {
                        format!("unexpected token: {k}")
                    }
                    k => format!("parse error: {k}"),
                };
                Error::UnsupportedMode(format!("invalid CSS selector #{} {sel:?}: {why}", i + 1))
            })
        })
        .collect()
}

/// The Markdown of `roots`, or the empty string when `options` skip it.
pub(crate) fn roots_markdown(roots: &[NodeRef], options: Options) -> String {
    if options.markdown {
        tables::mark_header_rows(roots);
        content::to_markdown(&roots_html(roots))
    } else {
        String::new()
    }
}

/// Serialises content roots to HTML for Markdown conversion.
fn roots_html(roots: &[NodeRef]) -> String {
    let mut out = String::new();
    for r in roots {
        let s = if r.is_document() || r.is_fragment() || r.has_name("body") || r.has_name("html") {
            r.inner_html()
        } else {
            r.html()
        };
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(&s);
    }
    out
}

pub(crate) const CONTENT: WalkOptions = WalkOptions {
    text: true,
    rewrite: true,
};

/// The whole pipeline; returns the content and the parsed document's node count.
pub(crate) fn run(
    html: &str,
    url: &str,
    mode: &Mode,
    options: Options,
) -> Result<(Content, u32), Error> {
    if html.trim().is_empty() {
        return Err(Error::InvalidHtml("empty document".to_string()));
    }
    let matchers = match mode {
        Mode::Custom(sels) => compile_selectors(sels)?,
        _ => Vec::new(),
    };
    let doc = crate::parse::parse(html)?;
    let nodes = limit_depth(&doc);
    unwrap_runaway_noscript(&doc);
    let base_href = css::BASE.select_single(&doc).attr("href");
    let resolver = Resolver::new(url, base_href.as_deref());
    let (page, raw_titles) = meta::collect(&doc, &resolver);
    let (doc, mut rmeta) = match mode {
        Mode::Article => (doc, ReadabilityMeta::default()),
        _ => readability_meta(doc),
    };

    let has_text = !matches!(mode, Mode::Metadata);
    let (walked, markdown) = match mode {
        Mode::Metadata => {
            let roots = content::full_roots(&doc);
            let mut w = walk(
                &roots,
                &resolver,
                WalkOptions {
                    text: false,
                    rewrite: false,
                },
            );
            if page.description.is_none() {
                w.first_substantial = first_substantial_paragraph_in(&doc);
            }
            (w, String::new())
        }
        Mode::Full => {
            let roots = content::full_roots(&doc);
            let w = walk(&roots, &resolver, CONTENT);
            let md = roots_markdown(&roots, options);
            (w, md)
        }
        Mode::Custom(_) => {
            let roots = content::custom_roots(&doc, &matchers);
            let w = walk(&roots, &resolver, CONTENT);
            let md = roots_markdown(&roots, options);
            (w, md)
        }
        Mode::Article => {
            let (w, md, m) = article_content(doc, &resolver, options);
            rmeta = m;
            (w, md)
        }
    };
    let page = meta::merge(page, rmeta, &raw_titles, walked.first_substantial);
    let description = page.description;

    let mut media = walked.media;
    for img in page.images {
        if !media.contains(&img) {
            media.push(img);
        }
    }

    let words = count_words(&walked.text);
    let language = page.language.or_else(|| {
        if has_text {
            lang::detect(&walked.text)
        } else {
            let sample = format!(
                "{} {}",
                page.title.as_deref().unwrap_or(""),
                description.as_deref().unwrap_or("")
            );
            lang::detect(&sample)
        }
    });

    let word_count = has_text.then(|| u32::try_from(words).unwrap_or(u32::MAX));
    let reading_time = (words > 0).then(|| {
        u32::try_from(words.div_ceil(200))
            .unwrap_or(u32::MAX)
            .max(1)
    });
    let quality = has_text.then(|| {
        quality_score(
            words,
            walked.substantial_paragraphs,
            walked.text_chars,
            walked.link_chars,
            page.title.is_some(),
            description.is_some(),
            page.byline.is_some() || page.published.is_some(),
        )
    });

    let url_out = if url.trim().is_empty() {
        page.canonical_url.clone().unwrap_or_default()
    } else {
        url.to_string()
    };

    let content = Content {
        url: url_out,
        title: page.title,
        byline: page.byline,
        published_iso: page.published,
        markdown,
        text: walked.text,
        links: walked.links,
        media,
        language,
        reading_time,
        quality_score: quality,
        word_count,
        categories: page.categories,
        site_name: page.site_name,
        description,
    };
    Ok((content, nodes))
}

/// Metadata-mode description fallback: the first `<p>` of the page with at
/// least 80 characters and 8 words.
fn first_substantial_paragraph_in(doc: &Document) -> Option<String> {
    css::BODY_PARAGRAPHS
        .select(doc)
        .nodes()
        .iter()
        .find_map(|p| {
            let t = clean(&p.text())?;
            (t.chars().count() >= content::SUBSTANTIAL_PARAGRAPH && count_words(&t) >= 8)
                .then_some(t)
        })
}
