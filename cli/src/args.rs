//! Command-line flags (clap). Defaults shown by `--help` come from the
//! library's own constants.

use clap::{Parser, ValueEnum};
use riptide_extractor::config::{
    DEFAULT_MAX_INPUT_BYTES, DEFAULT_MAX_MEMORY_BYTES, DEFAULT_TIMEOUT_MS,
};
use std::path::PathBuf;

/// Quality score (0-100) a page needs for `--only-articles`.
pub const ARTICLE_MIN_QUALITY: u8 = 50;

#[derive(Parser, Debug)]
#[command(
    name = "riptide",
    version,
    about = "Extract the content of crawled web pages (WARC files, directories, page files, lists) into JSONL, in a WebAssembly sandbox, on every core",
    after_help = "INPUTS: a WARC file (.warc, .warc.gz with one gzip member per record or one for the whole file, .warc.zst, .warc.lz4: recognised by content, not name), an HTML file (optionally .gz), a directory (searched recursively for *.warc*, *.htm, *.html, *.xhtml, *.shtml and their .gz), or - for standard input (WARC or one HTML page). --list FILE reads PATH<TAB>URL lines (- for standard input).\n\nEXIT STATUS: 0 every page was extracted or skipped; 1 some pages or records failed (each has an error line); 2 usage error, unreadable --config/--list, unwritable output or the extractor could not be created; 130 interrupted (Ctrl-C: pages in flight are finished, the output flushed and the summary printed)."
)]
pub struct Args {
    /// Inputs: WARC files, HTML files, directories, or - for standard input.
    pub inputs: Vec<PathBuf>,

    /// A list of pages, one `PATH<TAB>URL` per line (URL optional; `#` starts a comment); `-` reads standard input. Repeatable.
    #[arg(long, value_name = "FILE")]
    pub list: Vec<PathBuf>,

    /// Write the output here instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Output format: one JSON object per page (the extraction result plus a `source` object, or an `error` object), the plain text, or the Markdown of each page.
    #[arg(long, value_enum, default_value_t = Format::Jsonl)]
    pub format: Format,

    /// Write a WET-style WARC (one `conversion` record of plain text per page) instead of --format.
    #[arg(long)]
    pub wet: bool,

    /// Worker threads sharing one extractor [default: the number of cores].
    #[arg(short, long, value_name = "N")]
    pub jobs: Option<usize>,

    /// What to extract.
    #[arg(short, long, value_enum, default_value_t = ModeArg::Article)]
    pub mode: ModeArg,

    /// Extract what these CSS selectors match instead of --mode (custom mode). Repeatable.
    #[arg(long, value_name = "CSS")]
    pub selector: Vec<String>,

    /// Add each extraction's `stats` object to the JSONL.
    #[arg(long)]
    pub with_stats: bool,

    /// Skip the Markdown conversion: `markdown` is "" (for indexing `text` only; faster).
    #[arg(long)]
    pub no_markdown: bool,

    /// What article mode's pruning favours: balanced, precision (captions,
    /// link-dense lines and short closing sentences go too) or recall (photo
    /// credits stay, shorter lead blocks are taken; a readability result that
    /// misses much of the main region gives way to it).
    #[arg(long, value_enum, default_value_t = FavorArg::Balanced)]
    pub favor: FavorArg,

    /// Keep only pages with at least N words.
    #[arg(long, value_name = "N")]
    pub min_words: Option<u32>,

    /// Keep only pages in these languages (comma-separated codes, as in the result's `language`: en,de).
    #[arg(long, value_name = "LANGS", value_delimiter = ',')]
    pub lang: Vec<String>,

    #[arg(long, help = format!("Keep only pages that look like articles: quality score at least {ARTICLE_MIN_QUALITY} (see --min-quality)"))]
    pub only_articles: bool,

    /// Keep only pages whose quality score (0-100) is at least N; overrides the threshold of --only-articles.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u8).range(0..=100))]
    pub min_quality: Option<u8>,

    /// Also extract WARC responses whose HTTP status is not 2xx (redirects, errors).
    #[arg(long)]
    pub any_status: bool,

    /// The library's configuration JSON (the same as rx_extractor_new's); the limit flags below override its fields.
    #[arg(long, value_name = "FILE.json")]
    pub config: Option<PathBuf>,

    /// A component file (.wasm) to run instead of the embedded extractor.
    #[arg(long, value_name = "FILE.wasm")]
    pub component: Option<PathBuf>,

    #[arg(long, value_name = "MS", help = format!("Deadline of one page, in milliseconds [default: {DEFAULT_TIMEOUT_MS}]"))]
    pub timeout_ms: Option<u64>,

    #[arg(long, value_name = "BYTES", help = format!("Memory cap of one page's sandbox, in bytes [default: {DEFAULT_MAX_MEMORY_BYTES}]"))]
    pub max_memory_bytes: Option<u64>,

    /// Fuel budget of one page (roughly WebAssembly instructions) [default: off].
    #[arg(long, value_name = "N")]
    pub fuel: Option<u64>,

    #[arg(long, value_name = "BYTES", help = format!("Largest page accepted, in bytes (after HTTP decoding) [default: {DEFAULT_MAX_INPUT_BYTES}]"))]
    pub max_input_bytes: Option<u64>,

    /// Directory of the compiled-code cache ("" disables it) [default: $RX_CACHE_DIR, else $XDG_CACHE_HOME/riptide-extractor, else ~/.cache/riptide-extractor].
    #[arg(long, value_name = "DIR")]
    pub cache_dir: Option<String>,

    /// Use the pooling instance allocator (faster; pages of the run may see each other's memory: RUSTSEC-2026-0088) [default: on-demand].
    #[arg(long)]
    pub pooling: bool,

    /// Do not pre-initialise the component [default: pre-initialise].
    #[arg(long)]
    pub no_preinit: bool,

    /// No progress bar and no summary on standard error.
    #[arg(short, long)]
    pub quiet: bool,

    /// Also write the summary as JSON to this file.
    #[arg(long, value_name = "FILE")]
    pub summary_json: Option<PathBuf>,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Jsonl,
    Text,
    Markdown,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum FavorArg {
    Balanced,
    Precision,
    Recall,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum ModeArg {
    Article,
    Full,
    Metadata,
}
