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
mod choice;
mod content;
mod css;
mod dates;
mod elements;
mod lang;
mod meta;
mod parse;
mod phrases;
mod pipeline;
mod prepare;
mod probe;
mod readability;
mod tables;
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

pub use dates::normalize_date;
pub use prepare::MAX_DEPTH;
pub use probe::{health_check, info, reset_state, supported_modes, warm_up};

use dom_query::NodeRef;

use pipeline::run;

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
    /// What article mode's pruning favours.
    pub favor: Favor,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            markdown: true,
            favor: Favor::Balanced,
        }
    }
}

/// What article mode's pruning favours (mirrors the WIT `favor`); the
/// passes and thresholds of each are `boiler::vocab`'s `Strictness`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Favor {
    /// Photo credits, datelines, teasers and trailers go; captions stay.
    #[default]
    Balanced,
    /// Also every caption, short link-dense paragraphs and list items and
    /// short closing sentences; trailers are cut from the second half of the
    /// text.
    Precision,
    /// Photo credits stay, and a long readability result that holds under
    /// `RECALL_ARTICLE_MIN_PERCENT` of the baseline's text gives way to it.
    Recall,
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
    static OPTIONS: std::cell::Cell<Options> = std::cell::Cell::new(Options::default());
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
/// Only [`Error::InternalError`], if a panic is caught (native builds only)
/// or the parser cannot allocate.
pub fn validate_html(html: &str) -> Result<bool, Error> {
    guarded(|| {
        if html.trim().is_empty() {
            return Ok(false);
        }
        let doc = parse::parse(html)?;
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
