//! riptide: extract crawled pages (WARC files, directories, page files,
//! lists) into JSONL, text, Markdown or WET with the sandboxed riptide
//! extractor, on every core.
//!
//! One reader thread turns the inputs into jobs (decompressing WARC streams
//! and copying record bodies), `-j N` workers share one `Extractor` (HTTP
//! decoding, extraction, formatting), and the main thread writes the results
//! in input order. Queues are bounded and the reader never runs more than a
//! fixed window of jobs ahead of the writer, so memory does not grow with the
//! input.

mod args;
mod http;
mod input;
mod output;

use args::{Args, FavorArg, Format, ModeArg, ARTICLE_MIN_QUALITY};
use clap::Parser;
use crossbeam_channel::{bounded, Receiver, Sender};
use input::{Job, Page, Reader, Sink, Source};
use output::{error_json, page_json, wet_info, wet_record, Outcome, Summary};
use riptide_extractor::{Config, Error, ExtractOptions, Extractor, Favor, InstanceAllocator, Mode};
use std::collections::BTreeMap;
use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

const EXIT_FAILURES: u8 = 1;
const EXIT_USAGE: u8 = 2;
const EXIT_INTERRUPTED: u8 = 130;

static STOP: AtomicBool = AtomicBool::new(false);

fn main() -> ExitCode {
    let args = Args::parse();
    match run(args) {
        Ok(code) => ExitCode::from(code),
        Err(message) => {
            eprintln!("riptide: {message}");
            ExitCode::from(EXIT_USAGE)
        }
    }
}

/// The library configuration: `--config` then the flags.
fn config(args: &Args) -> Result<Config, String> {
    let mut config = match &args.config {
        Some(p) => {
            let text = std::fs::read_to_string(p)
                .map_err(|e| format!("cannot read {}: {e}", p.display()))?;
            Config::from_json(&text).map_err(|e| format!("{}: {e}", p.display()))?
        }
        None => Config::default(),
    };
    if let Some(v) = args.timeout_ms {
        config.timeout_ms = v;
    }
    if let Some(v) = args.max_memory_bytes {
        config.max_memory_bytes = v;
    }
    if args.fuel.is_some() {
        config.fuel = args.fuel;
    }
    if let Some(v) = args.max_input_bytes {
        config.max_input_bytes = v;
    }
    if args.cache_dir.is_some() {
        config.cache_dir = args.cache_dir.clone();
    }
    if args.pooling {
        config.instance_allocator = InstanceAllocator::Pooling;
    }
    if args.no_preinit {
        config.preinit = false;
    }
    config.validate().map_err(|e| e.to_string())?;
    Ok(config)
}

/// What a page must satisfy to be written.
struct Filters {
    min_words: Option<u32>,
    langs: Vec<String>,
    min_quality: Option<u8>,
}

impl Filters {
    fn check(&self, result: &serde_json::Value) -> Option<&'static str> {
        let num = |k: &str| result.get(k).and_then(|v| v.as_u64());
        if let Some(min) = self.min_words {
            if num("word_count").unwrap_or(0) < u64::from(min) {
                return Some("min_words");
            }
        }
        if !self.langs.is_empty() {
            let lang = result
                .get("language")
                .and_then(|v| v.as_str())
                .unwrap_or("");
            if !self.langs.iter().any(|l| l.eq_ignore_ascii_case(lang)) {
                return Some("lang");
            }
        }
        if let Some(min) = self.min_quality {
            if num("quality_score").unwrap_or(0) < u64::from(min) {
                return Some("quality");
            }
        }
        None
    }
}

/// Everything a worker needs, shared.
struct Work {
    extractor: Extractor,
    options: ExtractOptions,
    filters: Filters,
    format: Format,
    wet: bool,
    wet_date: String,
}

impl Work {
    fn failed(&self, source: &Source, code: &str, message: &str) -> Outcome {
        let line = error_json(source, code, message);
        let mut bytes = line.to_string().into_bytes();
        bytes.push(b'\n');
        if self.wet || self.format != Format::Jsonl {
            // The output is text or WARC: the error line goes to stderr.
            let _ = io::stderr().write_all(&bytes);
            bytes.clear();
        }
        Outcome::Failed {
            code: code.to_string(),
            line: bytes,
        }
    }

    fn lib_failed(&self, source: &Source, e: &Error) -> Outcome {
        self.failed(source, e.status.name(), &e.message)
    }

    fn job(&self, job: Job) -> Outcome {
        match job {
            Job::Skip(kind) => Outcome::Skipped(kind),
            Job::Fail {
                source,
                code,
                message,
            } => self.failed(&source, code, &message),
            Job::Page(page) => self.page(page),
        }
    }

    fn page(&self, page: Page) -> Outcome {
        let Page {
            source,
            url,
            body,
            content_type,
            transfer_encoding,
            content_encoding,
        } = page;
        let max = self.extractor.config().max_input_bytes;
        let html = match http::decode_body(
            body,
            transfer_encoding.as_deref(),
            content_encoding.as_deref(),
            max,
        ) {
            Ok(h) => h,
            Err(e) => {
                return self.failed(
                    &source,
                    input::codes::MALFORMED_HTTP,
                    &format!("cannot decode the HTTP body: {e}"),
                )
            }
        };
        if html.len() as u64 > max {
            // The library's own error for an input past max_input_bytes.
            if let Err(e) = self.extractor.precheck_input(html.len()) {
                return self.lib_failed(&source, &e);
            }
        }
        if content_type.is_none() && source.record_id.is_some() && !http::sniff_html(&html) {
            return Outcome::Skipped("non_html".into());
        }
        let extraction =
            match self
                .extractor
                .extract(&html, &url, &self.options, content_type.as_deref())
            {
                Ok(x) => x,
                Err(e) => return self.lib_failed(&source, &e),
            };
        let result = match serde_json::to_value(&extraction) {
            Ok(v) => v,
            Err(e) => {
                return self.failed(
                    &source,
                    "internal",
                    &format!("cannot serialise the result: {e}"),
                )
            }
        };
        if let Some(why) = self.filters.check(&result) {
            return Outcome::Filtered(why);
        }
        let c = &extraction.content;
        let bytes = if self.wet {
            wet_record(&source, &c.text, &self.wet_date)
        } else {
            match self.format {
                Format::Jsonl => {
                    let mut b = page_json(&source, result).to_string().into_bytes();
                    b.push(b'\n');
                    b
                }
                Format::Text => format!("{}\n\n", c.text.trim_end()).into_bytes(),
                Format::Markdown => format!("{}\n\n", c.markdown.trim_end()).into_bytes(),
            }
        };
        Outcome::Extracted(bytes)
    }
}

/// Lets the reader run at most `size` jobs ahead of the writer.
struct Window {
    written: Mutex<u64>,
    moved: Condvar,
    size: u64,
}

impl Window {
    fn wait_for(&self, seq: u64) {
        let mut w = self.written.lock().unwrap();
        while seq >= *w + self.size && !STOP.load(Ordering::Relaxed) {
            w = self
                .moved
                .wait_timeout(w, Duration::from_millis(100))
                .unwrap()
                .0;
        }
    }

    fn advance(&self, to: u64) {
        *self.written.lock().unwrap() = to;
        self.moved.notify_all();
    }
}

struct ChannelSink {
    tx: Sender<(u64, Job)>,
    seq: u64,
    window: Arc<Window>,
}

impl Sink for ChannelSink {
    fn send(&mut self, job: Job) -> bool {
        self.window.wait_for(self.seq);
        if STOP.load(Ordering::Relaxed) || self.tx.send((self.seq, job)).is_err() {
            return false;
        }
        self.seq += 1;
        true
    }

    fn stopping(&self) -> bool {
        STOP.load(Ordering::Relaxed)
    }
}

fn open_output(args: &Args) -> Result<Box<dyn Write>, String> {
    Ok(match &args.output {
        Some(p) if p.as_os_str() != "-" => Box::new(io::BufWriter::with_capacity(
            1 << 20,
            std::fs::File::create(p).map_err(|e| format!("cannot create {}: {e}", p.display()))?,
        )),
        _ => Box::new(io::BufWriter::with_capacity(1 << 20, io::stdout().lock())),
    })
}

fn run(args: Args) -> Result<u8, String> {
    if args.inputs.is_empty() && args.list.is_empty() {
        return Err("no input: give WARC files, HTML files, directories, - (standard input) or --list FILE (see --help)".into());
    }
    let jobs = args.jobs.unwrap_or_else(|| {
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
    });
    if jobs == 0 {
        return Err("-j must be at least 1".into());
    }
    let config = config(&args)?;
    let mut options = ExtractOptions {
        mode: match args.mode {
            ModeArg::Article => Mode::Article,
            ModeArg::Full => Mode::Full,
            ModeArg::Metadata => Mode::Metadata,
        },
        with_stats: args.with_stats,
        markdown: !args.no_markdown,
        favor: match args.favor {
            FavorArg::Balanced => Favor::Balanced,
            FavorArg::Precision => Favor::Precision,
            FavorArg::Recall => Favor::Recall,
        },
    };
    if !args.selector.is_empty() {
        options.mode = Mode::Custom(args.selector.clone());
    }
    let extractor = match &args.component {
        Some(p) => Extractor::from_file(p, config),
        None => Extractor::new(config),
    }
    .map_err(|e| format!("cannot create the extractor: {e}"))?;
    let now = time::OffsetDateTime::now_utc()
        .replace_nanosecond(0)
        .ok()
        .and_then(|t| {
            t.format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
        .unwrap_or_default();
    let work = Arc::new(Work {
        extractor,
        options,
        filters: Filters {
            min_words: args.min_words,
            langs: args
                .lang
                .iter()
                .map(|l| l.trim().to_string())
                .filter(|l| !l.is_empty())
                .collect(),
            min_quality: args
                .min_quality
                .or(args.only_articles.then_some(ARTICLE_MIN_QUALITY)),
        },
        format: args.format,
        wet: args.wet,
        wet_date: now.clone(),
    });
    let mut out = open_output(&args)?;
    if args.wet {
        out.write_all(&wet_info(&now))
            .map_err(|e| format!("cannot write the output: {e}"))?;
    }

    ctrlc::set_handler(|| {
        if STOP.swap(true, Ordering::SeqCst) {
            // A second Ctrl-C: stop now.
            std::process::exit(i32::from(EXIT_INTERRUPTED));
        }
    })
    .map_err(|e| format!("cannot install the Ctrl-C handler: {e}"))?;

    let started = Instant::now();
    let window = Arc::new(Window {
        written: Mutex::new(0),
        moved: Condvar::new(),
        size: (4 * jobs + 16) as u64,
    });
    let (job_tx, job_rx) = bounded::<(u64, Job)>(2 * jobs);
    let (out_tx, out_rx) = bounded::<(u64, Outcome)>(window.size as usize);

    // Reader thread.
    let reader = {
        let window = window.clone();
        let inputs = args.inputs.clone();
        let lists = args.list.clone();
        let max_input_bytes = work.extractor.config().max_input_bytes;
        let any_status = args.any_status;
        std::thread::Builder::new()
            .name("riptide-reader".into())
            .spawn(move || -> Result<(), String> {
                let mut sink = ChannelSink {
                    tx: job_tx,
                    seq: 0,
                    window,
                };
                let mut reader = Reader {
                    sink: &mut sink,
                    max_input_bytes,
                    any_status,
                };
                for p in &inputs {
                    if !reader.input(p, None) {
                        return Ok(());
                    }
                }
                for l in &lists {
                    match reader.list(l) {
                        Ok(true) => {}
                        Ok(false) => return Ok(()),
                        Err(e) => return Err(format!("cannot read the list {}: {e}", l.display())),
                    }
                }
                Ok(())
            })
            .map_err(|e| format!("cannot start the reader thread: {e}"))?
    };

    // Workers.
    let workers: Vec<std::thread::JoinHandle<()>> = (0..jobs)
        .map(|i| {
            let (rx, tx, work): (Receiver<(u64, Job)>, Sender<(u64, Outcome)>, _) =
                (job_rx.clone(), out_tx.clone(), work.clone());
            std::thread::Builder::new()
                .name(format!("riptide-worker-{i}"))
                .spawn(move || {
                    for (seq, job) in rx {
                        if STOP.load(Ordering::Relaxed) && !matches!(job, Job::Skip(_)) {
                            // Interrupted: queued pages are not started.
                            continue;
                        }
                        // A panic must not leave a hole in the output order.
                        let source = match &job {
                            Job::Page(p) => p.source.clone(),
                            Job::Fail { source, .. } => source.clone(),
                            Job::Skip(_) => Source::default(),
                        };
                        let outcome =
                            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                                work.job(job)
                            }))
                            .unwrap_or_else(|_| {
                                work.failed(
                                    &source,
                                    "panic",
                                    "riptide panicked on this input (a bug: please report)",
                                )
                            });
                        if tx.send((seq, outcome)).is_err() {
                            return;
                        }
                    }
                })
        })
        .collect::<io::Result<_>>()
        .map_err(|e| format!("cannot start a worker thread: {e}"))?;
    drop(job_rx);
    drop(out_tx);

    let progress = (!args.quiet && io::stderr().is_terminal()).then(|| {
        let bar = indicatif::ProgressBar::new_spinner();
        bar.set_style(
            indicatif::ProgressStyle::with_template(
                "{spinner} {elapsed} {human_pos} records ({per_sec}) {msg}",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
        );
        bar.enable_steady_tick(Duration::from_millis(200));
        bar
    });

    // Writer: results in input order.
    let mut summary = Summary::default();
    let mut pending: BTreeMap<u64, Outcome> = BTreeMap::new();
    let mut next = 0u64;
    let mut write_error: Option<io::Error> = None;
    let mut emit = |outcome: Outcome, summary: &mut Summary, out: &mut Box<dyn Write>| {
        summary.count(&outcome);
        let bytes = match outcome {
            Outcome::Extracted(b) => b,
            Outcome::Failed { line, .. } => line,
            _ => Vec::new(),
        };
        if write_error.is_none() && !bytes.is_empty() {
            if let Err(e) = out.write_all(&bytes) {
                write_error = Some(e);
                STOP.store(true, Ordering::SeqCst);
            }
        }
        if let Some(bar) = &progress {
            bar.set_position(summary.records);
            bar.set_message(format!(
                "{} extracted, {} failed",
                summary.extracted,
                summary.failures()
            ));
        }
    };
    for (seq, outcome) in out_rx {
        pending.insert(seq, outcome);
        while let Some(o) = pending.remove(&next) {
            emit(o, &mut summary, &mut out);
            next += 1;
        }
        window.advance(next);
    }
    // Interrupted: what finished after a gap that was never started.
    for (_, o) in std::mem::take(&mut pending) {
        emit(o, &mut summary, &mut out);
    }
    let read_result = reader
        .join()
        .unwrap_or_else(|_| Err("the reader thread panicked".into()));
    for w in workers {
        let _ = w.join();
    }
    if let Some(bar) = &progress {
        bar.finish_and_clear();
    }
    let flushed = out.flush();
    summary.interrupted = STOP.load(Ordering::SeqCst) && write_error.is_none();
    let elapsed = started.elapsed();
    if !args.quiet {
        eprintln!("{}", summary.text(elapsed));
    }
    if let Some(p) = &args.summary_json {
        std::fs::write(p, format!("{}\n", summary.to_json(elapsed)))
            .map_err(|e| format!("cannot write {}: {e}", p.display()))?;
    }
    if let Some(e) = write_error.or(flushed.err()) {
        return Err(format!("cannot write the output: {e}"));
    }
    read_result?;
    Ok(if summary.interrupted {
        EXIT_INTERRUPTED
    } else if summary.failures() > 0 {
        EXIT_FAILURES
    } else {
        0
    })
}
