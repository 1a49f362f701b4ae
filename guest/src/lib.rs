//! # riptide-extractor-guest
//!
//! The default extractor of riptide: turns one downloaded HTML page into clean
//! structured content (text, Markdown, links, media and metadata).
//!
//! The crate has two layers:
//!
//! * a pure Rust core, compiled on every target and usable natively (unit
//!   tests, benchmarks): [`extract`], [`extract_with_stats`],
//!   [`validate_html`], [`health_check`], [`info`], [`reset_state`],
//!   [`supported_modes`], with the plain types [`Mode`], [`Content`],
//!   [`Error`], [`Stats`], [`Health`] and [`Info`] that mirror
//!   `wit/extractor.wit`;
//! * on `wasm32` only, the WebAssembly component bindings (`component`
//!   module) exporting the `extractor` world by converting to and from the
//!   core types.
//!
//! Built with `cargo build --release --target wasm32-wasip2`, the output
//! `target/wasm32-wasip2/release/riptide_extractor_guest.wasm` is a component.
//!
//! ## Modes
//!
//! * [`Mode::Article`]: the main content found by readability
//!   ([`dom_smoothie`]); when readability finds nothing usable (an error or
//!   fewer than 250 non-space characters) a baseline is used instead when it
//!   has more text: `<main>`/`[role=main]`, else a single `<article>`, else
//!   `<body>`, without navigation, asides, forms and page-level
//!   headers/footers.
//! * [`Mode::Full`]: all visible content of `<body>` in document order
//!   (script/style/noscript/template, `hidden`, `aria-hidden="true"` and inline
//!   `display:none`/`visibility:hidden` elements dropped).
//! * [`Mode::Metadata`]: metadata, links and media only; `text` and
//!   `markdown` are empty and no readability / Markdown work is done.
//! * [`Mode::Custom`]: the elements matched by the CSS selectors, in
//!   document order, each once (an element nested in a match is part of
//!   that match).
//!
//! ## State
//!
//! The extractor keeps no state between calls: every call parses its own
//! document and nothing is cached, so one page can never leak into the next.

mod boiler;
mod byline;
mod content;
mod dates;
mod lang;
mod meta;
mod urls;
mod util;

#[cfg(target_arch = "wasm32")]
mod component;
// Links the component's memcpy/memmove/memset (see guest/mem).
#[cfg(target_arch = "wasm32")]
use rx_guest_mem as _;
#[cfg(all(feature = "native-bench", not(target_arch = "wasm32")))]
mod native;

use std::fmt;
use std::time::Instant;

use dom_query::{Document, Matcher, NodeRef};

use content::{walk, WalkOptions, Walked};
use urls::Resolver;
use util::{clean, count_words};

pub use dates::normalize_date;

/// Name of the component.
pub const NAME: &str = "riptide-extractor-guest";
/// Version of the component (the crate version).
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
/// The WIT package the component implements.
pub const WIT_PACKAGE: &str = "riptide:extractor@0.2.0";
/// Name and version of the extraction engine.
pub const EXTRACTOR_VERSION: &str =
    "dom_smoothie 0.19 (readability) + dom_query 0.29 + htmd 0.5 + whatlang 0.18";
/// Names of the supported modes, as reported by `get-modes`.
pub const MODES: [&str; 4] = ["article", "full", "metadata", "custom"];

/// What to extract (mirrors the WIT `extraction-mode`).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "kebab-case"))]
pub enum Mode {
    /// The main article content (readability-style), plus metadata.
    Article,
    /// All visible content of the page in document order, plus metadata.
    Full,
    /// Metadata only: `text` and `markdown` are empty.
    Metadata,
    /// The content of the elements matched by these CSS selectors, in
    /// document order, plus metadata.
    Custom(Vec<String>),
}

impl Mode {
    /// The mode's name (`article`, `full`, `metadata`, `custom`).
    pub fn name(&self) -> &'static str {
        match self {
            Mode::Article => "article",
            Mode::Full => "full",
            Mode::Metadata => "metadata",
            Mode::Custom(_) => "custom",
        }
    }
}

/// Per-call options (mirrors the WIT `extract-options`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// Build `markdown` (the default); when false it is the empty string and
    /// the conversion is skipped.
    pub markdown: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options { markdown: true }
    }
}

/// The extraction result (mirrors the WIT `extracted-content`). Every URL is
/// absolute.
///
/// ## `None` / `Some` rules
///
/// * `title`, `byline`, `published_iso`, `description`, `site_name`,
///   `language`: `Some` when the page provides them (see the field docs),
///   in every mode.
/// * `word_count`: `Some` in article/full/custom modes (possibly `Some(0)`),
///   `None` in metadata mode.
/// * `reading_time`: `Some(ceil(words / 200))` (at least 1) when there is at
///   least one word, else `None` (so always `None` in metadata mode).
/// * `quality_score`: `Some` in article/full/custom modes (see
///   [`quality_score`] for the formula), `None` in metadata mode, which has
///   no text to judge.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Content {
    /// The page URL as given by the caller; when the caller gave an empty
    /// URL, the canonical URL (`<link rel=canonical>`, else `og:url`) if any.
    pub url: String,
    /// `og:title`/`twitter:title`, JSON-LD `headline`, Dublin Core title,
    /// `<title>` without a site-name suffix, first `<h1>`.
    pub title: Option<String>,
    /// JSON-LD author(s), `<meta name=author>` (and similar), `article:author`
    /// when not a URL, microdata `itemprop=author`, `rel=author`, elements
    /// with byline/author classes or ids. In article mode, as Readability.js
    /// reports it: the metadata's author, else the first byline element
    /// outside page furniture (comments, footers, sidebars, related boxes,
    /// hidden parts), text kept as written ("By Jane Doe"). In the other
    /// modes, the first source found, with a leading "By" removed.
    pub byline: Option<String>,
    /// Publication date in ISO 8601, see [`normalize_date`].
    pub published_iso: Option<String>,
    /// The content as Markdown (htmd over the extracted content HTML).
    pub markdown: String,
    /// The content as plain text: one paragraph per block element, separated
    /// by a blank line; inline whitespace collapsed; no markup or URLs.
    pub text: String,
    /// `<a href>`/`<area href>` of the content (of the whole page in
    /// metadata and full modes); absolute, de-duplicated, document order;
    /// `javascript:`/`data:` and fragment-only links dropped.
    pub links: Vec<String>,
    /// Images (`src`, largest `srcset` candidate, lazy `data-src`...),
    /// video/audio/`<source>` `src`, video `poster` of the content, then
    /// `og:image`; absolute, de-duplicated.
    pub media: Vec<String>,
    /// Declared language (`<html lang>`, content-language meta, `og:locale`,
    /// normalised like `en-US`), else the language detected in the text
    /// (title and description in metadata mode) when the detection is
    /// reliable: ISO 639-1 code, or ISO 639-3 when there is none.
    pub language: Option<String>,
    /// Estimated reading time in minutes (200 words per minute).
    pub reading_time: Option<u32>,
    /// 0-100, see [`quality_score`].
    pub quality_score: Option<u8>,
    /// Words in `text`; each CJK/Thai-like character counts as one word.
    pub word_count: Option<u32>,
    /// `article:section`, `article:tag`, meta keywords, JSON-LD
    /// `articleSection`/`keywords`; trimmed, de-duplicated
    /// (case-insensitively), order kept.
    pub categories: Vec<String>,
    /// `og:site_name`, JSON-LD publisher name (or `WebSite` name),
    /// `application-name`.
    pub site_name: Option<String>,
    /// Meta/OpenGraph/Twitter description, JSON-LD description, else the
    /// first substantial paragraph (>= 80 characters) of the content.
    pub description: Option<String>,
}

/// Why an extraction failed (mirrors the WIT `extraction-error`). Each
/// variant carries a human-readable message.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "kebab-case"))]
pub enum Error {
    /// The input is not a usable HTML document (e.g. empty).
    InvalidHtml(String),
    /// Not produced by this extractor (it does no network access).
    NetworkError(String),
    /// The document could not be parsed.
    ParseError(String),
    /// An input or resource limit was exceeded.
    ResourceLimit(String),
    /// The extraction engine failed.
    ExtractorError(String),
    /// A bug: a panic caught natively, or an impossible state.
    InternalError(String),
    /// The mode cannot be run as given (e.g. empty or invalid CSS selectors).
    UnsupportedMode(String),
}

impl Error {
    /// The WIT case name (`invalid-html`, ...).
    pub fn kind(&self) -> &'static str {
        match self {
            Error::InvalidHtml(_) => "invalid-html",
            Error::NetworkError(_) => "network-error",
            Error::ParseError(_) => "parse-error",
            Error::ResourceLimit(_) => "resource-limit",
            Error::ExtractorError(_) => "extractor-error",
            Error::InternalError(_) => "internal-error",
            Error::UnsupportedMode(_) => "unsupported-mode",
        }
    }

    /// The message.
    pub fn message(&self) -> &str {
        match self {
            Error::InvalidHtml(m)
            | Error::NetworkError(m)
            | Error::ParseError(m)
            | Error::ResourceLimit(m)
            | Error::ExtractorError(m)
            | Error::InternalError(m)
            | Error::UnsupportedMode(m) => m,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.kind(), self.message())
    }
}

impl std::error::Error for Error {}

/// Figures about one extraction (mirrors the WIT `extraction-stats`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Stats {
    /// Time spent in [`extract_with_stats`], in milliseconds.
    pub processing_time_ms: u64,
    /// Linear memory size after the extraction on wasm32
    /// (`memory_size(0) * 65536`); 0 natively.
    pub memory_used: u64,
    /// Number of DOM nodes of the parsed document.
    pub nodes_processed: Option<u32>,
    /// `links.len()`.
    pub links_found: u32,
    /// `media.len()`.
    pub images_found: u32,
}

/// Result of [`health_check`] (mirrors the WIT `health-status`).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Health {
    /// `healthy` (probe answered correctly), `degraded` (probe extracted but
    /// the answer was wrong) or `unhealthy` (probe failed).
    pub status: String,
    /// [`VERSION`].
    pub version: String,
    /// [`EXTRACTOR_VERSION`].
    pub extractor_version: String,
    /// The probe page gave the expected title, text, link and date.
    pub probe_ok: bool,
    /// See [`memory_usage`].
    pub memory_usage: Option<u64>,
}

/// Result of [`info`] (mirrors the WIT `component-info`).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Info {
    /// [`NAME`].
    pub name: String,
    /// [`VERSION`].
    pub version: String,
    /// The WIT package implemented, [`WIT_PACKAGE`].
    pub component_model_version: String,
    /// Feature names.
    pub features: Vec<String>,
    /// [`MODES`].
    pub supported_modes: Vec<String>,
    /// `release` or `debug`.
    pub build_profile: String,
}

/// Guest linear memory size in bytes on wasm32; `None` natively.
pub fn memory_usage() -> Option<u64> {
    #[cfg(target_arch = "wasm32")]
    {
        Some(core::arch::wasm32::memory_size(0) as u64 * 65536)
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        None
    }
}

/// Extracts content from `html` found at `url`.
///
/// `url` should be the absolute page URL; a relative, invalid or empty URL
/// does not fail the extraction (relative links that cannot be resolved are
/// then dropped; absolute ones are kept).
///
/// # Errors
///
/// * [`Error::InvalidHtml`] `("empty document")` for empty or
///   whitespace-only `html`;
/// * [`Error::UnsupportedMode`] for [`Mode::Custom`] with no selectors, an
///   empty selector or an invalid one (the message names it and says why);
/// * [`Error::InternalError`] if a panic is caught (native builds only).
pub fn extract(html: &str, url: &str, mode: &Mode) -> Result<Content, Error> {
    guarded(|| run(html, url, mode, configured())).map(|(c, _)| c)
}

thread_local! {
    static OPTIONS: std::cell::Cell<Options> = std::cell::Cell::new(Options { markdown: true });
}

/// Sets the options of later [`extract`] and [`extract_with_stats`] calls
/// on this thread (the component's `configure`).
pub fn configure(options: Options) {
    OPTIONS.with(|o| o.set(options));
}

fn configured() -> Options {
    OPTIONS.with(std::cell::Cell::get)
}

/// [`extract`], plus figures about the extraction.
///
/// # Errors
///
/// As [`extract`].
pub fn extract_with_stats(html: &str, url: &str, mode: &Mode) -> Result<(Content, Stats), Error> {
    extract_with_options(html, url, mode, configured())
}

/// [`extract_with_stats`] under `options`.
///
/// # Errors
///
/// As [`extract`].
pub fn extract_with_options(
    html: &str,
    url: &str,
    mode: &Mode,
    options: Options,
) -> Result<(Content, Stats), Error> {
    let start = Instant::now();
    let (content, nodes) = guarded(|| run(html, url, mode, options))?;
    let stats = Stats {
        processing_time_ms: start.elapsed().as_millis().try_into().unwrap_or(u64::MAX),
        memory_used: memory_usage().unwrap_or(0),
        nodes_processed: Some(nodes),
        links_found: content.links.len().try_into().unwrap_or(u32::MAX),
        images_found: content.media.len().try_into().unwrap_or(u32::MAX),
    };
    Ok((content, stats))
}

/// `Ok(true)` when `html` parses to a document whose `<body>` has content
/// (non-whitespace text outside script/style/template, or an image, video,
/// audio, iframe, object, embed, canvas, svg or form control); `Ok(false)`
/// otherwise, including for empty input.
///
/// # Errors
///
/// Only [`Error::InternalError`] if a panic is caught (native builds only).
pub fn validate_html(html: &str) -> Result<bool, Error> {
    guarded(|| {
        if html.trim().is_empty() {
            return Ok(false);
        }
        let doc = Document::from(html);
        let Some(body) = doc.body() else {
            return Ok(false);
        };
        let mut stack: Vec<NodeRef> = body.children_it(true).collect();
        while let Some(n) = stack.pop() {
            if n.is_text() {
                if !n.text().trim().is_empty() {
                    return Ok(true);
                }
                continue;
            }
            if !n.is_element() {
                continue;
            }
            let name = n
                .node_name()
                .map(|s| s.to_ascii_lowercase())
                .unwrap_or_default();
            match name.as_str() {
                "script" | "style" | "template" | "noscript" => continue,
                "img" | "video" | "audio" | "iframe" | "object" | "embed" | "canvas" | "svg"
                | "input" | "textarea" | "select" | "picture" => return Ok(true),
                _ => stack.extend(n.children_it(true)),
            }
        }
        Ok(false)
    })
}

/// The built-in probe page used by [`health_check`].
const PROBE_HTML: &str = r#"<!doctype html><html lang="en"><head>
<title>Probe Article - Riptide</title>
<meta property="og:title" content="Probe Article">
<meta property="article:published_time" content="2024-03-05T10:20:00+01:00">
</head><body><nav><a href="/home">Home</a></nav>
<article><h1>Probe Article</h1>
<p>The riptide extractor probe checks that the article text is found, that paragraphs are kept apart and that links are resolved against the page address.</p>
<p>A second paragraph keeps readability happy with enough words, so the probe exercises the same code path as a real page would, <a href="/more">with a link</a>.</p>
</article></body></html>"#;

/// Runs [`extract`] in article mode on a small built-in page and checks the
/// answer.
pub fn health_check() -> Health {
    let (status, probe_ok) = match extract(
        PROBE_HTML,
        "https://probe.invalid/a/page.html",
        &Mode::Article,
    ) {
        Ok(c) => {
            let ok = c.title.as_deref() == Some("Probe Article")
                && c.text.contains("The riptide extractor probe checks")
                && c.text.contains("\n\nA second paragraph")
                && c.links.iter().any(|l| l == "https://probe.invalid/more")
                && c.published_iso.as_deref() == Some("2024-03-05T10:20:00+01:00")
                && c.language.as_deref() == Some("en");
            (if ok { "healthy" } else { "degraded" }, ok)
        }
        Err(_) => ("unhealthy", false),
    };
    Health {
        status: status.to_string(),
        version: VERSION.to_string(),
        extractor_version: EXTRACTOR_VERSION.to_string(),
        probe_ok,
        memory_usage: memory_usage(),
    }
}

/// Pages in several scripts, so that language detection builds its tables.
const WARM_UP_LANGUAGES: &str = r#"<!doctype html><html><head><title>Warm-up</title></head><body><main>
<p>Это короткий абзац на русском языке, чтобы детектор языка построил свои таблицы заранее.</p>
<p>Dies ist ein kurzer deutscher Absatz, damit die Spracherkennung ihre Tabellen vorher aufbaut.</p>
<p>Ceci est un court paragraphe en français pour que la détection de langue prépare ses tables.</p>
<p>这是一个简短的中文段落，用于预先建立语言检测的表格。</p>
<p>これは言語検出の表を前もって作るための短い日本語の段落です。</p>
<p>هذه فقرة قصيرة باللغة العربية لكي يبني كاشف اللغة جداوله مسبقا.</p>
</main></body></html>"#;

/// Runs every mode once on built-in pages so that state built lazily on
/// first use (dom_smoothie's parsed selectors, whatlang's alphabet tables,
/// string_cache's atom set) exists. The component exports it as `preinit`
/// for hosts that snapshot a warmed-up instance; natively it only costs a
/// few milliseconds. Results are discarded; it never prints.
pub fn warm_up() {
    let url = "https://warm-up.invalid/page.html";
    for mode in [
        Mode::Article,
        Mode::Full,
        Mode::Metadata,
        Mode::Custom(vec!["p".to_string(), "h1".to_string()]),
    ] {
        let _ = extract_with_stats(PROBE_HTML, url, &mode);
    }
    let _ = extract(WARM_UP_LANGUAGES, url, &Mode::Article);
    let _ = validate_html(PROBE_HTML);
}

/// Static description of the component.
pub fn info() -> Info {
    Info {
        name: NAME.to_string(),
        version: VERSION.to_string(),
        component_model_version: WIT_PACKAGE.to_string(),
        features: [
            "readability",
            "full-page",
            "css-selectors",
            "markdown",
            "json-ld",
            "opengraph",
            "microdata",
            "date-normalization",
            "language-detection",
            "quality-score",
            "stateless",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect(),
        supported_modes: supported_modes(),
        build_profile: if cfg!(debug_assertions) {
            "debug"
        } else {
            "release"
        }
        .to_string(),
    }
}

/// The extractor holds no caches: reports that there was nothing to reset.
pub fn reset_state() -> String {
    "nothing to reset: the extractor keeps no state between calls".to_string()
}

/// [`MODES`] as owned strings.
pub fn supported_modes() -> Vec<String> {
    MODES.iter().map(|s| s.to_string()).collect()
}

/// Quality score, 0-100: how likely `text` is clean main content.
///
/// ```text
/// length     40 * min(1, words / 300)
/// structure  20 * min(1, substantial_paragraphs / 4)    (paragraphs >= 80 chars)
/// links      25 * (1 - min(1, 2 * link_chars / text_chars))   (0 without text)
/// metadata    5 if a title, 5 if a description, 5 if a byline or a date
/// ```
///
/// rounded and capped at 100. A page of navigation links scores low (link
/// density), a long article with several paragraphs and metadata scores
/// high. Empty text scores at most 15 (metadata only).
pub fn quality_score(
    words: usize,
    substantial_paragraphs: usize,
    text_chars: usize,
    link_chars: usize,
    has_title: bool,
    has_description: bool,
    has_byline_or_date: bool,
) -> u8 {
    let length = 40.0 * (words as f64 / 300.0).min(1.0);
    let structure = 20.0 * (substantial_paragraphs as f64 / 4.0).min(1.0);
    let links = if text_chars == 0 {
        0.0
    } else {
        25.0 * (1.0 - (2.0 * link_chars as f64 / text_chars as f64).min(1.0))
    };
    let meta = 5.0
        * (has_title as u8 as f64 + has_description as u8 as f64 + has_byline_or_date as u8 as f64);
    (length + structure + links + meta)
        .round()
        .clamp(0.0, 100.0) as u8
}

/// Runs `f`, turning a panic into [`Error::InternalError`] where panics unwind
/// (native builds). On wasm32 panics abort the instance.
fn guarded<T>(f: impl FnOnce() -> Result<T, Error>) -> Result<T, Error> {
    #[cfg(panic = "unwind")]
    {
        match std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)) {
            Ok(r) => r,
            Err(p) => {
                let msg = p
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| p.downcast_ref::<String>().cloned())
                    .unwrap_or_else(|| "unknown panic".to_string());
                Err(Error::InternalError(format!("extractor panicked: {msg}")))
            }
        }
    }
    #[cfg(not(panic = "unwind"))]
    {
        f()
    }
}

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
fn roots_markdown(roots: &[NodeRef], options: Options) -> String {
    if options.markdown {
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

/// Deepest element nesting kept. Deeper subtrees are replaced by their text:
/// real pages stay far below this, and pathological nesting would otherwise
/// make readability quadratic and overflow the stack of the recursive
/// HTML-to-Markdown converter.
pub const MAX_DEPTH: usize = 200;

/// Counts the nodes of `doc` and flattens every element at depth
/// [`MAX_DEPTH`] that still has element children to its text. Linear in the
/// document size. Returns the node count (before flattening).
fn limit_depth(doc: &Document) -> u32 {
    let mut count: usize = 0;
    let mut too_deep: Vec<NodeRef> = Vec::new();
    let mut stack: Vec<(NodeRef, usize)> = vec![(doc.root(), 0)];
    while let Some((node, depth)) = stack.pop() {
        count += 1;
        if depth >= MAX_DEPTH && node.is_element() {
            if node.children_it(false).any(|c| c.is_element()) {
                too_deep.push(node);
            }
            // Still count the nodes below.
            count += node.descendants_it().count();
            continue;
        }
        stack.extend(node.children_it(false).map(|c| (c, depth + 1)));
    }
    for node in too_deep {
        let text = node.text();
        node.set_text(text);
    }
    u32::try_from(count.saturating_sub(1)).unwrap_or(u32::MAX)
}

/// Non-space characters readability's result needs before it is trusted
/// without comparing against the baseline.
const MIN_ARTICLE_CHARS: usize = 1000;

/// Non-space characters a short readability result needs to be preferred
/// to the (longer) baseline.
const MIN_SHORT_ARTICLE_CHARS: usize = 100;

/// Share (percent) of a short readability result's text inside boilerplate
/// elements above which the result is page furniture (readability chose a
/// cookie banner or an author box over a short or link-heavy article), so
/// that a longer baseline wins. (Long results are kept: there such classes
/// are mostly a wrapper's, e.g. `<div class="read-more">` around a story.)
const BOILERPLATE_PICK_PERCENT: usize = 60;

const CONTENT: WalkOptions = WalkOptions {
    text: true,
    rewrite: true,
};

/// A `<noscript>` that holds most of the page is a markup slip
/// (`<noscript><div id="nojs"></noscript>` parses with the rest of the body
/// inside the `<noscript>` when scripting is off); browsers with scripting
/// show that content, so it becomes a plain `<div>`.
fn unwrap_runaway_noscript(doc: &Document) {
    let Some(body) = doc.body() else { return };
    let noscripts = doc.select("body noscript");
    if noscripts.length() == 0 {
        return;
    }
    let count = |n: &NodeRef| n.text().chars().filter(|c| !c.is_whitespace()).count();
    // Most noscripts are tracking pixels: the body's text is only counted
    // when one of them is long enough to matter.
    let long: Vec<(&NodeRef, usize)> = noscripts
        .nodes()
        .iter()
        .map(|n| (n, count(n)))
        .filter(|&(_, c)| c >= 200)
        .collect();
    if long.is_empty() {
        return;
    }
    let total = count(&body);
    for (n, chars) in long {
        if chars * 2 >= total || sole_text_of_parent(n) {
            n.rename("div");
        }
    }
}

/// Whether `noscript` is all the text its parent shows: the place of
/// content that scripts render (Blogger's `<script type="text/template">`
/// beside a `<noscript>` copy of the post), which a browser without scripts
/// shows as the `<noscript>`'s content.
fn sole_text_of_parent(noscript: &NodeRef) -> bool {
    let Some(parent) = noscript.parent() else {
        return false;
    };
    parent.children_it(false).all(|c| {
        c.id == noscript.id
            || c.is_comment()
            || c.is_text() && c.text().trim().is_empty()
            || c.is_element()
                && (["script", "noscript", "template", "style"]
                    .iter()
                    .any(|t| c.has_name(t))
                    || c.text().trim().is_empty())
    })
}

/// Readability's own view of the metadata (JSON-LD, then meta tags, then
/// `<title>` with its separator heuristics), plus, in article mode, the byline
/// found in the content and the excerpt (first paragraph of the content when
/// the page has no description).
#[derive(Default)]
struct ReadabilityMeta {
    title: Option<String>,
    byline: Option<String>,
    excerpt: Option<String>,
    site_name: Option<String>,
    published: Option<String>,
    /// Readability extracted an article: its byline, excerpt and site name
    /// are final (no fallback to looser rules, which mostly add false
    /// positives such as comment authors or app names).
    authoritative: bool,
}

fn non_empty(s: Option<String>) -> Option<String> {
    s.map(|v| util::norm_ws(&invalid_char_refs_to_replacement(&v)))
        .filter(|v| !v.is_empty())
}

/// Numeric character references left undecoded because they name no
/// character (`&#x0;`, `&#xFFFFFFFF;`, surrogates) become U+FFFD, as an
/// HTML parser would decode them.
fn invalid_char_refs_to_replacement(s: &str) -> String {
    if !s.contains("&#") {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find("&#") {
        out.push_str(&rest[..i]);
        let tail = &rest[i + 2..];
        let (hex, digits_start) = match tail.as_bytes().first() {
            Some(b'x' | b'X') => (true, 1),
            _ => (false, 0),
        };
        let digits: String = tail[digits_start..]
            .chars()
            .take_while(|c| {
                if hex {
                    c.is_ascii_hexdigit()
                } else {
                    c.is_ascii_digit()
                }
            })
            .collect();
        let end = digits_start + digits.len();
        if !digits.is_empty() && tail[end..].starts_with(';') {
            let value = u64::from_str_radix(&digits, if hex { 16 } else { 10 }).unwrap_or(u64::MAX);
            let ch = u32::try_from(value)
                .ok()
                .filter(|v| *v != 0)
                .and_then(char::from_u32)
                .unwrap_or('\u{fffd}');
            out.push(ch);
            rest = &tail[end + 1..];
        } else {
            out.push_str("&#");
            rest = tail;
        }
    }
    out.push_str(rest);
    out
}

impl ReadabilityMeta {
    fn from_parts(
        title: String,
        byline: Option<String>,
        excerpt: Option<String>,
        site: Option<String>,
        published: Option<String>,
    ) -> Self {
        ReadabilityMeta {
            title: non_empty(Some(title)),
            byline: non_empty(byline),
            excerpt: non_empty(excerpt),
            site_name: non_empty(site),
            published: published.as_deref().and_then(normalize_date),
            authoritative: false,
        }
    }
}

/// Readability's title (its rules decide between JSON-LD, meta tags and
/// `<title>`), except when it is the raw `<title>` whose part after the
/// site-name separator is exactly the page's first `<h1>` (a site header such
/// as `<h1 class="menu-title">The Rust Programming Language</h1>`): then the
/// page confirms that the suffix is the site name, and the stripped title
/// (`page_title`) is used.
fn choose_title(
    readability: Option<String>,
    page_title: Option<String>,
    doc_title: &str,
    h1: &str,
) -> Option<String> {
    let Some(r) = readability else {
        return page_title;
    };
    let raw = util::norm_ws(doc_title);
    let h1 = util::norm_ws(h1);
    if let Some(p) = &page_title {
        let suffix_is_h1 = r.strip_prefix(p.as_str()).is_some_and(|rest| {
            let rest =
                rest.trim_start_matches(|c: char| c.is_whitespace() || "-|–—:·•/\\»".contains(c));
            !rest.is_empty() && rest == h1
        });
        if r == raw && p != &r && suffix_is_h1 {
            return page_title;
        }
    }
    Some(r)
}

/// Readability's metadata without extracting content (metadata, full and
/// custom modes). Gives the document back.
fn readability_meta(doc: Document) -> (Document, ReadabilityMeta) {
    match dom_smoothie::Readability::with_document(doc, None, None) {
        Ok(r) => {
            let m = r.get_article_metadata(r.parse_json_ld());
            let meta = ReadabilityMeta::from_parts(
                m.title,
                m.byline,
                m.excerpt,
                m.site_name,
                m.published_time,
            );
            (r.doc, meta)
        }
        Err(_) => unreachable!("no URL given, so the document is always accepted"),
    }
}

/// The byline Readability.js takes from the page's elements (when its
/// metadata has none): the first one outside what its first attempt strips;
/// if there is none there, the first one its next attempt sees, provided
/// the first attempt would extract under `char_threshold` characters and so
/// be retried (measured by running that attempt alone on a stripped copy).
fn readability_byline(doc: &Document, cfg: &dom_smoothie::Config) -> Option<String> {
    let found = byline::find(doc);
    if found.first_attempt.is_some() {
        return found.first_attempt;
    }
    let later = found.later_attempt?;
    let first = byline::first_attempt_document(doc);
    // With no threshold the first attempt's result is returned as is.
    let once = dom_smoothie::Config {
        char_threshold: 0,
        ..cfg.clone()
    };
    let chars = dom_smoothie::Readability::with_document(first, None, Some(once))
        .ok()
        .and_then(|mut r| r.parse().ok())
        .map_or(0, |a| util::norm_ws(&a.text_content).chars().count());
    (chars < cfg.char_threshold).then_some(later)
}

/// Whether none of the longest paragraphs of `text` (a readability result)
/// is in `main` (the text of the page's `<main>`, whitespace removed) while
/// `main` holds text of its own: readability then picked something outside
/// the region the page declares as its main content (a login dialog, a
/// list of other threads).
fn outside_main(text: &str, main: &str) -> bool {
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
fn inside_furniture(text: &str, furniture: &str) -> bool {
    let probes = longest_paragraph_probes(text);
    !probes.is_empty() && probes.iter().all(|p| furniture.contains(p.as_str()))
}

/// The first 40 comparable characters of each of the (up to) three longest
/// paragraphs of `text` that have at least 40.
fn longest_paragraph_probes(text: &str) -> Vec<String> {
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
fn comparable(c: char) -> bool {
    !c.is_whitespace() && !content::is_invisible(c)
}

/// What readability's result looks like, before it is compared with the
/// baseline.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Pick {
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
const MAIN_MIN_CHARS: usize = 500;

/// Article mode: readability, with the body baseline as fallback.
fn article_content(
    doc: Document,
    html: &str,
    resolver: &Resolver,
    options: Options,
) -> (Walked, String, ReadabilityMeta) {
    let (w, md, meta) = article_content_inner(doc, html, resolver, options);
    (w, md, meta.unwrap_or_default())
}

fn article_content_inner(
    doc: Document,
    html: &str,
    resolver: &Resolver,
    options: Options,
) -> (Walked, String, Option<ReadabilityMeta>) {
    // The candidate's Markdown is converted only once it is chosen.
    let article_md = |root: Option<NodeRef>| {
        root.map_or_else(String::new, |r| roots_markdown(&[r], options))
    };
    let base = resolver.base().map(|u| u.as_str().to_string());
    // Classes are kept so that htmd sees `language-*` on code blocks.
    let cfg = dom_smoothie::Config {
        keep_classes: true,
        ..Default::default()
    };
    // The text of the page's declared main regions, for `outside_main`
    // (readability changes the document).
    let mains = doc.select("main, [role=main]");
    let main_text: Option<String> = (mains.length() > 0).then(|| {
        let mut text = String::new();
        for m in mains.nodes() {
            text.extend(m.text().chars().filter(|c| comparable(*c)));
        }
        text
    });
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
        let page = adoc.select_single("#readability-page-1");
        page.nodes().first().cloned().unwrap_or_else(|| adoc.root())
    });
    if let Some(root) = article_root {
        let (bad, total) = boiler::boilerplate_chars(&root);
        let furniture = bad * 100 >= total * BOILERPLATE_PICK_PERCENT;
        boiler::prune_article(&root);
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
        if w.text_chars >= MIN_ARTICLE_CHARS && pick != Pick::OutsideMain {
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
        boiler::prune_article(r);
    }
    let w = walk(&roots, resolver, CONTENT);
    // A short article found by readability beats a longer baseline unless it
    // is tiny: the baseline's extra text is mostly page furniture.
    match candidate {
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

/// The whole pipeline; returns the content and the parsed document's node count.
fn run(html: &str, url: &str, mode: &Mode, options: Options) -> Result<(Content, u32), Error> {
    if html.trim().is_empty() {
        return Err(Error::InvalidHtml("empty document".to_string()));
    }
    let matchers = match mode {
        Mode::Custom(sels) => compile_selectors(sels)?,
        _ => Vec::new(),
    };
    let doc = Document::from(html);
    let nodes = limit_depth(&doc);
    unwrap_runaway_noscript(&doc);
    let base_href = doc.select_single("base[href]").attr("href");
    let resolver = Resolver::new(url, base_href.as_deref());
    let mut page = meta::collect(&doc, &resolver);
    let doc_title = doc.select_single("title").text().to_string();
    let first_h1 = doc.select_single("h1").text().to_string();
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
            let (w, md, m) = article_content(doc, html, &resolver, options);
            rmeta = m;
            (w, md)
        }
    };
    // Readability's metadata rules first (they decide between competing
    // sources the way Readability.js does), the page's own as fallback.
    page.title = choose_title(rmeta.title, page.title, &doc_title, &first_h1);
    page.published = rmeta.published.or(page.published);
    let authoritative = rmeta.authoritative;
    if authoritative {
        page.byline = rmeta.byline;
        page.site_name = rmeta.site_name;
        page.description = rmeta.excerpt;
    } else {
        page.byline = rmeta.byline.or(page.byline);
        page.site_name = rmeta.site_name.or(page.site_name);
        page.description = rmeta.excerpt.or(page.description);
    }

    let mut media = walked.media;
    for img in page.images {
        if !media.contains(&img) {
            media.push(img);
        }
    }

    let first_substantial = if authoritative {
        None
    } else {
        walked.first_substantial
    };
    let description = page.description.or(first_substantial);
    let description = description.map(|d| util::truncate_at_char(&d, 1000).to_string());

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
    doc.select("body p").nodes().iter().find_map(|p| {
        let t = clean(&p.text())?;
        (t.chars().count() >= content::SUBSTANTIAL_PARAGRAPH && count_words(&t) >= 8).then_some(t)
    })
}
