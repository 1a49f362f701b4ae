//! The safe Rust core: an `Extractor` owns a sandboxed component and its
//! limits, and turns HTML bytes into `Extraction`s. The C ABI (`ffi.rs`) is a
//! thin layer over this type.

use crate::config::{Config, ExtractOptions};
use crate::content::{ComponentInfo, Extraction, HealthStatus};
use crate::decode;
use crate::error::{Error, Result};
use crate::sandbox::{ComponentSource, Limits, Sandbox};
use crate::status::RxStatus;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::time::Instant;

/// An extractor: a compiled component plus limits. `Send + Sync`: share one
/// between threads; every call runs in its own fresh sandbox instance.
pub struct Extractor {
    sandbox: Sandbox,
    config: Config,
    /// What loading did with the compiled-code cache (`info`'s `"cache"`).
    cache: serde_json::Value,
    stats: Counters,
}

#[derive(Default)]
struct Counters {
    extractions: AtomicU64,
    successes: AtomicU64,
    failures: AtomicU64,
    total_ns: AtomicU64,
    max_ns: AtomicU64,
    bytes_in: AtomicU64,
    timeouts: AtomicU64,
    memory_limit: AtomicU64,
    fuel_exhausted: AtomicU64,
    input_too_large: AtomicU64,
    output_too_large: AtomicU64,
    resource_limit: AtomicU64,
    traps: AtomicU64,
    /// Failures of the host, not the guest (`HostResources`).
    host_failures: AtomicU64,
}

impl Extractor {
    /// An extractor running the embedded default component.
    pub fn new(config: Config) -> Result<Extractor> {
        Self::load(ComponentSource::Embedded, config)
    }

    /// An extractor running the component in `path`.
    pub fn from_file(path: &Path, config: Config) -> Result<Extractor> {
        Self::load(ComponentSource::File(path), config)
    }

    /// An extractor running the component in `bytes` (copied; the caller keeps
    /// ownership).
    pub fn from_bytes(bytes: &[u8], config: Config) -> Result<Extractor> {
        Self::load(ComponentSource::Bytes(bytes), config)
    }

    fn load(source: ComponentSource<'_>, config: Config) -> Result<Extractor> {
        config.validate()?;
        let limits = Limits::from_config(&config);
        let cache = crate::cache::CacheDir::open(config.cache_dir.as_deref());
        let sandbox = Sandbox::load(source, limits, &cache, config.preinit);
        if config.cache_warnings {
            cache.warn_once();
        }
        Ok(Extractor {
            sandbox: sandbox?,
            cache: cache.to_json_value(),
            config,
            stats: Counters::default(),
        })
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Extracts content from `html` (raw bytes in any charset) found at `url`.
    /// `charset` is the caller's charset hint (a label or a `Content-Type`
    /// value), used after a byte order mark and before `<meta charset>`.
    pub fn extract(
        &self,
        html: &[u8],
        url: &str,
        options: &ExtractOptions,
        charset: Option<&str>,
    ) -> Result<Extraction> {
        self.precheck_input(html.len())?;
        let start = Instant::now();
        let result = self.extract_inner(html, url, options, charset, start);
        let ns = u64::try_from(start.elapsed().as_nanos()).unwrap_or(u64::MAX);
        let s = &self.stats;
        s.extractions.fetch_add(1, Relaxed);
        s.total_ns.fetch_add(ns, Relaxed);
        s.max_ns.fetch_max(ns, Relaxed);
        s.bytes_in.fetch_add(html.len() as u64, Relaxed);
        match &result {
            Ok(_) => s.successes.fetch_add(1, Relaxed),
            Err(e) => {
                match e.status {
                    RxStatus::Timeout => s.timeouts.fetch_add(1, Relaxed),
                    RxStatus::MemoryLimit => s.memory_limit.fetch_add(1, Relaxed),
                    RxStatus::FuelExhausted => s.fuel_exhausted.fetch_add(1, Relaxed),
                    RxStatus::GuestTrap => s.traps.fetch_add(1, Relaxed),
                    RxStatus::OutputTooLarge => s.output_too_large.fetch_add(1, Relaxed),
                    RxStatus::ResourceLimit => s.resource_limit.fetch_add(1, Relaxed),
                    RxStatus::HostResources => s.host_failures.fetch_add(1, Relaxed),
                    _ => 0,
                };
                s.failures.fetch_add(1, Relaxed)
            }
        };
        result
    }

    fn extract_inner(
        &self,
        html: &[u8],
        url: &str,
        options: &ExtractOptions,
        charset: Option<&str>,
        start: Instant,
    ) -> Result<Extraction> {
        let decoded = decode::decode(html, charset);
        let decode_ns = u64::try_from(start.elapsed().as_nanos()).unwrap_or(u64::MAX);
        let (content, stats) = self.sandbox.extract(&decoded.text, url, options)?;
        let stats = stats.map(|mut s| {
            s.input_encoding = decoded.encoding.name().to_string();
            s.decode_ns = decode_ns;
            s.host_total_us = u64::try_from(start.elapsed().as_micros()).unwrap_or(u64::MAX);
            s
        });
        Ok(Extraction { content, stats })
    }

    /// `InputTooLarge` when an input of `len` bytes exceeds `max_input_bytes`
    /// (counted in the statistics as a failed extraction). Callers holding a
    /// raw pointer and length check this before building a slice.
    pub fn precheck_input(&self, len: usize) -> Result<()> {
        let r = self.check_input_size(len);
        if r.is_err() {
            let s = &self.stats;
            s.extractions.fetch_add(1, Relaxed);
            s.failures.fetch_add(1, Relaxed);
            s.input_too_large.fetch_add(1, Relaxed);
        }
        r
    }

    fn check_input_size(&self, len: usize) -> Result<()> {
        if len as u64 > self.config.max_input_bytes {
            return Err(Error::new(
                RxStatus::InputTooLarge,
                format!(
                    "the HTML is {len} bytes, more than max_input_bytes ({})",
                    self.config.max_input_bytes
                ),
            ));
        }
        Ok(())
    }

    /// Extracts and serialises the result to JSON.
    pub fn extract_json(
        &self,
        html: &[u8],
        url: &str,
        options: &ExtractOptions,
        charset: Option<&str>,
    ) -> Result<String> {
        let extraction = self.extract(html, url, options, charset)?;
        let json = to_json_bounded(&extraction, self.config.output_limit());
        if json.is_err() {
            let s = &self.stats;
            s.successes.fetch_sub(1, Relaxed);
            s.failures.fetch_add(1, Relaxed);
            s.output_too_large.fetch_add(1, Relaxed);
        }
        json
    }

    /// Whether the component considers `html` a usable document.
    pub fn validate_html(&self, html: &[u8], charset: Option<&str>) -> Result<bool> {
        self.check_input_size(html.len())?;
        self.sandbox
            .validate_html(&decode::decode(html, charset).text)
    }

    pub fn info(&self) -> Result<ComponentInfo> {
        self.sandbox.info()
    }

    pub fn health(&self) -> Result<HealthStatus> {
        self.sandbox.health()
    }

    pub fn modes(&self) -> Result<Vec<String>> {
        self.sandbox.modes()
    }

    /// Component info plus the library's own version and limits, as JSON.
    pub fn info_json(&self) -> Result<String> {
        let info = self.info()?;
        to_json(&serde_json::json!({
            "component": info,
            "library_version": crate::VERSION,
            "wasmtime_version": crate::sandbox::WASMTIME_VERSION,
            "preinit": self.sandbox.preinit().to_json_value(),
            "cache": self.cache,
            "config": self.config.to_json_value(),
        }))
    }

    /// Counters since creation, as JSON.
    pub fn stats_json(&self) -> String {
        let s = &self.stats;
        let n = s.extractions.load(Relaxed);
        let total_ns = s.total_ns.load(Relaxed);
        serde_json::json!({
            "extractions": n,
            "successes": s.successes.load(Relaxed),
            "failures": s.failures.load(Relaxed),
            "total_time_ms": total_ns as f64 / 1e6,
            "mean_time_ms": if n == 0 { 0.0 } else { total_ns as f64 / 1e6 / n as f64 },
            "max_time_ms": s.max_ns.load(Relaxed) as f64 / 1e6,
            "bytes_in": s.bytes_in.load(Relaxed),
            "limit_hits": {
                "timeout": s.timeouts.load(Relaxed),
                "memory": s.memory_limit.load(Relaxed),
                "fuel": s.fuel_exhausted.load(Relaxed),
                "input_size": s.input_too_large.load(Relaxed),
                "output_size": s.output_too_large.load(Relaxed),
                "wasi_resources": s.resource_limit.load(Relaxed),
            },
            "traps": s.traps.load(Relaxed),
            "host_failures": s.host_failures.load(Relaxed),
        })
        .to_string()
    }
}

/// `value` as JSON of at most `limit` bytes (escaping can make the JSON up
/// to six times longer than the text it holds); past it `OutputTooLarge`,
/// with no more than `limit` bytes written.
pub(crate) fn to_json_bounded<T: serde::Serialize>(value: &T, limit: u64) -> Result<String> {
    struct Bounded {
        out: Vec<u8>,
        limit: usize,
    }
    impl std::io::Write for Bounded {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            if buf.len() > self.limit - self.out.len() {
                return Err(std::io::Error::other("max_output_bytes"));
            }
            self.out.extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let limit_usize = usize::try_from(limit).unwrap_or(usize::MAX);
    let mut w = Bounded {
        out: Vec::new(),
        limit: limit_usize,
    };
    match serde_json::to_writer(&mut w, value) {
        Ok(()) => Ok(String::from_utf8(w.out).expect("serde_json writes UTF-8")),
        Err(e) if e.is_io() => Err(crate::sandbox::OutputTooLarge { limit }.into_error()),
        Err(e) => Err(Error::new(
            RxStatus::Internal,
            format!("cannot serialise JSON: {e}"),
        )),
    }
}

pub(crate) fn to_json<T: serde::Serialize>(value: &T) -> Result<String> {
    serde_json::to_string(value)
        .map_err(|e| Error::new(RxStatus::Internal, format!("cannot serialise JSON: {e}")))
}
