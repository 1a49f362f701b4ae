//! A test component implementing the riptide:extractor world badly on purpose.
//! `extract(html, url, mode)` behaves according to `url`:
//! - `hostile://ok`: a valid result whose `text` is the HTML and whose
//!   `title` is the mode name;
//! - `hostile://trap`: panics;
//! - `hostile://oob`: reads past the end of its linear memory (a guard-page
//!   fault, SIGSEGV, with the default address space);
//! - `hostile://loop`: loops forever;
//! - `hostile://alloc`: allocates (and touches) memory without bound;
//! - `hostile://recurse`: recurses without bound;
//! - `hostile://bad-utf8`: returns a string that is not UTF-8;
//! - `hostile://error/<kind>`: returns that extraction-error case;
//! - `hostile://stderr`: writes 1 MiB to stderr, then panics;
//! - `hostile://state`: counts its calls in a static and returns the count as
//!   the title (always "1" when every call gets a fresh instance);
//! - `hostile://scan`: grows memory by 4 MiB, counts the non-zero bytes of the
//!   new pages (title `dirty=N`, must be 0: fresh pages are zero), then fills
//!   them with 0xA5 so that a reused, unreset page would show next time;
//! - `hostile://preinit`: the title is "7" when the instance started from a
//!   snapshot taken after `preinit`, "0" otherwise;
//! - `hostile://links/N`: `links` is N strings that all point into one 8 MiB
//!   buffer (the guest's own post-return would free it N times: only for
//!   results the host refuses);
//! - `hostile://pollables`: creates `wasi:clocks` pollables
//!   (`subscribe-duration`) in a loop and never drops them;
//! - `hostile://block/MS`: blocks in `pollable.block()` on a
//!   `subscribe-duration` of MS milliseconds, then returns `ok`;
//! - `hostile://block-instant/MS`: the same with `subscribe-instant`;
//! - `hostile://poll-list/N`: calls `wasi:io/poll.poll` with a list of N
//!   handles (all the same pollable);
//! - `hostile://fs` (built with the `filesystem` feature): lists `/`;
//! - anything else: an `invalid-html` error naming the URL.
//!
//! `preinit` sets the marker read by `hostile://preinit` and leaves 8 MiB
//! allocated, so the snapshot starts with more than 8 MiB of memory (built
//! with the `preinit-loops` feature, it loops forever instead).

wit_bindgen::generate!({
    inline: r#"
        package rx:hostile;

        package wasi:io@0.2.6 {
            interface poll {
                resource pollable {
                    ready: func() -> bool;
                    block: func();
                }
                poll: func(in: list<borrow<pollable>>) -> list<u32>;
            }
        }

        package wasi:clocks@0.2.6 {
            interface monotonic-clock {
                use wasi:io/poll@0.2.6.{pollable};
                type instant = u64;
                type duration = u64;
                now: func() -> instant;
                resolution: func() -> duration;
                subscribe-instant: func(when: instant) -> pollable;
                subscribe-duration: func(when: duration) -> pollable;
            }
        }

        world hostile {
            // `extractor` and `preinit`, without `configure`: the host
            // applies per-call options itself for components like this one.
            include riptide:extractor/extractor@0.2.0;
            export preinit: func();
            import wasi:clocks/monotonic-clock@0.2.6;
        }
    "#,
    path: "../../../wit",
    world: "rx:hostile/hostile",
    generate_all,
});

use wasi::clocks::monotonic_clock;

use std::hint::black_box;
use std::sync::atomic::{AtomicU32, Ordering};

static CALLS: AtomicU32 = AtomicU32::new(0);
static PREINIT: AtomicU32 = AtomicU32::new(0);

struct Hostile;

fn content(url: String, title: String, text: String) -> ExtractedContent {
    ExtractedContent {
        url,
        title: Some(title),
        byline: None,
        published_iso: None,
        markdown: text.clone(),
        word_count: Some(text.split_whitespace().count() as u32),
        text,
        links: vec![],
        media: vec![],
        language: None,
        reading_time: None,
        quality_score: None,
        categories: vec![],
        site_name: None,
        description: None,
    }
}

#[allow(unconditional_recursion)]
fn recurse(n: u64) -> u64 {
    let local = [n; 16];
    black_box(&local);
    black_box(recurse(n + 1)) + local[3]
}

impl Guest for Hostile {
    fn extract(
        html: String,
        url: String,
        mode: ExtractionMode,
    ) -> Result<ExtractedContent, ExtractionError> {
        let mode_name = match &mode {
            ExtractionMode::Article => "article".to_string(),
            ExtractionMode::Full => "full".to_string(),
            ExtractionMode::Metadata => "metadata".to_string(),
            ExtractionMode::Custom(s) => format!("custom:{}", s.join("|")),
        };
        match url.as_str() {
            "hostile://ok" => Ok(content(url, mode_name, html)),
            "hostile://trap" => panic!("deliberate panic from the hostile component"),
            "hostile://oob" => {
                // SAFETY: none: deliberately out of bounds; the host must trap.
                let byte = unsafe { std::ptr::read_volatile(black_box(0xFFFF_FF00usize) as *const u8) };
                Ok(content(url, byte.to_string(), html))
            }
            "hostile://loop" => {
                let mut i: u64 = 0;
                loop {
                    i = black_box(i.wrapping_add(1));
                }
            }
            "hostile://alloc" => {
                let mut hoard: Vec<Vec<u8>> = Vec::new();
                loop {
                    hoard.push(vec![0xA5; 1 << 20]);
                    black_box(&hoard);
                }
            }
            "hostile://preinit" => Ok(content(
                url,
                PREINIT.load(Ordering::SeqCst).to_string(),
                html,
            )),
            "hostile://state" => {
                let n = CALLS.fetch_add(1, Ordering::SeqCst) + 1;
                Ok(content(url, n.to_string(), html))
            }
            "hostile://scan" => {
                const PAGES: usize = 64;
                let before = core::arch::wasm32::memory_grow(0, PAGES);
                if before == usize::MAX {
                    return Err(ExtractionError::ResourceLimit("memory.grow failed".into()));
                }
                // SAFETY: the pages were just added to memory 0 and nothing
                // else refers to them.
                let fresh = unsafe {
                    std::slice::from_raw_parts_mut((before * 65536) as *mut u8, PAGES * 65536)
                };
                let dirty = fresh.iter().filter(|&&b| b != 0).count();
                fresh.fill(0xA5);
                black_box(&fresh);
                Ok(content(url, format!("dirty={dirty}"), html))
            }
            "hostile://recurse" => Ok(content(url, recurse(0).to_string(), html)),
            #[cfg(feature = "filesystem")]
            "hostile://fs" => Ok(content(
                url,
                format!("{:?}", std::fs::read_dir("/").is_ok()),
                html,
            )),
            "hostile://pollables" => loop {
                // Forgotten, not dropped: the handle stays in the host's
                // table while the guest's own memory does not grow.
                std::mem::forget(black_box(monotonic_clock::subscribe_duration(
                    1_000_000_000,
                )));
            },
            u if u.starts_with("hostile://links/") => {
                let n: usize = u[16..].parse().unwrap_or(0);
                let buffer = "x".repeat(8 << 20);
                let (ptr, len) = (buffer.as_ptr() as *mut u8, buffer.len());
                std::mem::forget(buffer);
                let mut c = content(url.clone(), "links".into(), String::new());
                // SAFETY: deliberately not: N owners of one buffer (see above).
                c.links = (0..n)
                    .map(|_| unsafe { String::from_raw_parts(ptr, len, len) })
                    .collect();
                Ok(c)
            }
            u if u.starts_with("hostile://block/") => {
                let ms: u64 = u[16..].parse().unwrap_or(0);
                let start = monotonic_clock::now();
                monotonic_clock::subscribe_duration(ms * 1_000_000).block();
                let waited = (monotonic_clock::now() - start) / 1_000_000;
                Ok(content(url, format!("waited {waited} ms"), html))
            }
            u if u.starts_with("hostile://block-instant/") => {
                let ms: u64 = u[24..].parse().unwrap_or(0);
                let when = monotonic_clock::now().saturating_add(ms * 1_000_000);
                monotonic_clock::subscribe_instant(when).block();
                Ok(content(url, "woke".into(), html))
            }
            u if u.starts_with("hostile://poll-list/") => {
                let n: usize = u[20..].parse().unwrap_or(0);
                let p = monotonic_clock::subscribe_duration(0);
                let list = vec![&p; n];
                let ready = wasi::io::poll::poll(&list);
                Ok(content(url, format!("ready {}", ready.len()), html))
            }
            "hostile://bad-utf8" => {
                // SAFETY: deliberately not UTF-8; the host must reject it.
                let bad =
                    unsafe { String::from_utf8_unchecked(vec![b'o', b'k', 0xFF, 0xFE, 0xC0]) };
                Ok(content(url, "bad".into(), bad))
            }
            "hostile://stderr" => {
                use std::io::Write;
                let chunk = vec![b'x'; 1024];
                for _ in 0..1024 {
                    let _ = std::io::stderr().write_all(&chunk);
                }
                panic!("after stderr spam");
            }
            u if u.starts_with("hostile://error/") => {
                let msg = format!("deliberate {}", &u[16..]);
                Err(match &u[16..] {
                    "invalid-html" => ExtractionError::InvalidHtml(msg),
                    "network-error" => ExtractionError::NetworkError(msg),
                    "parse-error" => ExtractionError::ParseError(msg),
                    "resource-limit" => ExtractionError::ResourceLimit(msg),
                    "extractor-error" => ExtractionError::ExtractorError(msg),
                    "unsupported-mode" => ExtractionError::UnsupportedMode(msg),
                    _ => ExtractionError::InternalError(msg),
                })
            }
            other => Err(ExtractionError::InvalidHtml(format!(
                "hostile component: unknown behaviour {other:?}"
            ))),
        }
    }

    fn extract_with_stats(
        html: String,
        url: String,
        mode: ExtractionMode,
    ) -> Result<(ExtractedContent, ExtractionStats), ExtractionError> {
        let c = Self::extract(html, url, mode)?;
        Ok((
            c,
            ExtractionStats {
                processing_time_ms: 0,
                memory_used: 0,
                nodes_processed: None,
                links_found: 0,
                images_found: 0,
            },
        ))
    }

    fn validate_html(html: String) -> Result<bool, ExtractionError> {
        if html == "trap" {
            panic!("validate trap");
        }
        Ok(!html.is_empty())
    }

    fn health_check() -> HealthStatus {
        HealthStatus {
            status: "degraded".into(),
            version: "0.0.0-hostile".into(),
            extractor_version: "hostile".into(),
            probe_ok: false,
            memory_usage: None,
        }
    }

    fn get_info() -> ComponentInfo {
        ComponentInfo {
            name: "rx-hostile-component".into(),
            version: "0.0.0".into(),
            component_model_version: "0.2.0".into(),
            features: vec!["misbehaviour".into()],
            supported_modes: vec!["article".into()],
            build_profile: "test".into(),
        }
    }

    fn reset_state() -> Result<String, ExtractionError> {
        Ok("nothing to reset".into())
    }

    fn get_modes() -> Vec<String> {
        vec!["article".into()]
    }

    fn preinit() {
        if cfg!(feature = "preinit-loops") {
            let mut i: u64 = 0;
            loop {
                i = black_box(i.wrapping_add(1));
            }
        }
        if cfg!(feature = "preinit-logs") {
            eprintln!("hostile component: warming up");
        }
        PREINIT.store(7, Ordering::SeqCst);
        // Leave 8 MiB allocated: the snapshot then starts that large, which
        // lets the tests see the host fall back under a small memory cap.
        std::mem::forget(black_box(vec![0u8; 8 << 20]));
    }
}

export!(Hostile);
