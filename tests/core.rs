//! Tests of the safe Rust core (`riptide_extractor::Extractor`), with the
//! embedded default component and the hostile test component.

mod common;

use riptide_extractor::{Config, ExtractOptions, Extractor, InstanceAllocator, Mode, RxStatus};
use std::sync::Arc;

fn opts(mode: Mode) -> ExtractOptions {
    ExtractOptions {
        mode,
        with_stats: false,
    }
}

fn hostile(config: Config) -> Extractor {
    Extractor::from_file(&common::hostile_component(), config).expect("hostile component loads")
}

/// One call on a hostile component: `url` chooses its behaviour.
fn call(ex: &Extractor, url: &str) -> riptide_extractor::Result<riptide_extractor::Extraction> {
    ex.extract(b"x", url, &ExtractOptions::default(), None)
}

/// `rx_extractor_info`'s JSON, parsed.
fn info(ex: &Extractor) -> serde_json::Value {
    serde_json::from_str(&ex.info_json().unwrap()).unwrap()
}

/// Asserts that `rx_extractor_info` reports a failed pre-initialisation
/// whose reason mentions `reason`.
fn assert_preinit_failed(ex: &Extractor, reason: &str) {
    let info = info(ex);
    assert_eq!(info["preinit"]["state"], "failed", "{info}");
    let detail = info["preinit"]["detail"].as_str().unwrap();
    assert!(detail.contains(reason), "{detail}");
}

/// The title a hostile call returns (its answer to `url`).
fn title(ex: &Extractor, url: &str) -> Option<String> {
    call(ex, url).unwrap().content.title
}

#[test]
fn extractor_is_send_and_sync() {
    fn check<T: Send + Sync>() {}
    check::<Extractor>();
}

#[test]
fn default_component_extracts_the_fixture_article() {
    let ex = Extractor::new(Config::default()).unwrap();
    let page = common::fixture("article.html");
    let r = ex
        .extract(
            &page,
            "https://coastal.example/articles/lighthouses",
            &ExtractOptions::default(),
            None,
        )
        .unwrap();
    let c = &r.content;
    assert_eq!(c.url, "https://coastal.example/articles/lighthouses");
    assert_eq!(c.title.as_deref(), Some("How Lighthouses Work"));
    assert!(c.text.contains("Augustin Fresnel"), "{}", c.text);
    assert!(!c.text.contains("All rights reserved"));
    assert!(!c.text.contains("Subscribe"));
    assert!(
        c.text.contains("\n\n"),
        "paragraphs are separated by blank lines"
    );
    assert!(c.markdown.contains("## Rotating beams"), "{}", c.markdown);
    assert!(
        c.links
            .iter()
            .any(|l| l == "https://coastal.example/articles/lists/light-lists.html"),
        "{:?}",
        c.links
    );
    assert!(
        c.media
            .iter()
            .any(|m| m == "https://coastal.example/articles/fresnel-lens.jpg"),
        "{:?}",
        c.media
    );
    assert_eq!(c.language.as_deref(), Some("en"));
    assert_eq!(
        c.published_iso.as_deref(),
        Some("2024-03-05T10:20:00+01:00")
    );
    assert_eq!(c.site_name.as_deref(), Some("The Coastal Review"));
    assert_eq!(c.byline.as_deref(), Some("Maria Keeper"));
    assert!(c
        .description
        .as_deref()
        .unwrap_or("")
        .starts_with("A short history"));
    assert!(
        c.categories.iter().any(|k| k == "Engineering"),
        "{:?}",
        c.categories
    );
    let words = c.word_count.unwrap();
    assert!((150..400).contains(&words), "word count {words}");
    assert!(c.reading_time.unwrap() >= 1);
    assert!(c.quality_score.unwrap() <= 100);
    assert!(r.stats.is_none());
}

#[test]
fn modes_differ_as_documented() {
    let ex = Extractor::new(Config::default()).unwrap();
    let page = common::fixture("article.html");
    let url = "https://coastal.example/articles/x";
    let full = ex
        .extract(&page, url, &opts(Mode::Full), None)
        .unwrap()
        .content;
    assert!(full.text.contains("Harbours of the north"));
    let meta = ex
        .extract(&page, url, &opts(Mode::Metadata), None)
        .unwrap()
        .content;
    assert!(meta.text.is_empty() && meta.markdown.is_empty());
    assert_eq!(meta.title.as_deref(), Some("How Lighthouses Work"));
    let custom = ex
        .extract(
            &page,
            url,
            &opts(Mode::Custom(vec!["h2".into(), "ul li".into()])),
            None,
        )
        .unwrap()
        .content;
    assert!(custom.text.contains("Rotating beams") && custom.text.contains("Fixed lights"));
    assert!(!custom.text.contains("Fresnel"));
    let bad = ex
        .extract(&page, url, &opts(Mode::Custom(vec!["p[[[".into()])), None)
        .unwrap_err();
    assert_eq!(bad.status, RxStatus::UnsupportedMode, "{bad}");
}

#[test]
fn stats_are_returned_when_asked() {
    let ex = Extractor::new(Config::default()).unwrap();
    let page = common::fixture("latin1.html");
    let r = ex
        .extract(
            &page,
            "http://x.example/",
            &ExtractOptions {
                mode: Mode::Article,
                with_stats: true,
            },
            None,
        )
        .unwrap();
    let s = r.stats.expect("stats");
    assert_eq!(s.input_encoding, "windows-1252");
    assert!(s.memory_used > 0);
    assert!(s.host_total_us > 0);
    assert!(s.decode_ns > 0 && s.instantiate_ns > 0 && s.guest_call_ns > 0 && s.teardown_ns > 0);
    let parts = s.decode_ns + s.instantiate_ns + s.guest_call_ns + s.teardown_ns + s.convert_ns;
    assert!(parts / 1000 <= s.host_total_us + 1, "{s:?}");
    assert!(s.guest_call_ns > s.instantiate_ns, "{s:?}");
    assert!(
        r.content.text.contains("Le café crème"),
        "{}",
        r.content.text
    );
    let json = riptide_extractor::extractor::mode_name(&Mode::Article);
    assert_eq!(json, "article");
}

#[test]
fn input_size_limit_is_enforced_and_counted() {
    let ex = Extractor::new(Config {
        max_input_bytes: 10,
        ..Config::default()
    })
    .unwrap();
    let e = ex
        .extract(
            b"<p>far more than ten bytes</p>",
            "",
            &ExtractOptions::default(),
            None,
        )
        .unwrap_err();
    assert_eq!(e.status, RxStatus::InputTooLarge);
    let stats: serde_json::Value = serde_json::from_str(&ex.stats_json()).unwrap();
    assert_eq!(stats["limit_hits"]["input_size"], 1);
    assert_eq!(stats["failures"], 1);
}

#[test]
fn invalid_components_are_component_load_errors() {
    for bytes in [
        &b""[..],
        b"\0asm\x01\0\0\0",
        b"\0asm\x0d\0\x01\0",
        b"garbage",
    ] {
        let e = Extractor::from_bytes(bytes, Config::default())
            .err()
            .expect("must fail");
        assert_eq!(e.status, RxStatus::ComponentLoad, "{e}");
    }
    let e = Extractor::from_file(
        std::path::Path::new("/no/such/file.wasm"),
        Config::default(),
    )
    .err()
    .unwrap();
    assert_eq!(e.status, RxStatus::ComponentLoad);
    assert!(e.message.contains("/no/such/file.wasm"));
}

#[test]
fn hostile_behaviours_map_to_statuses_and_the_next_call_works() {
    let ex = hostile(Config {
        timeout_ms: 250,
        max_memory_bytes: 16 << 20,
        ..Config::default()
    });
    let cases = [
        ("hostile://trap", RxStatus::GuestTrap),
        ("hostile://loop", RxStatus::Timeout),
        ("hostile://alloc", RxStatus::MemoryLimit),
        ("hostile://recurse", RxStatus::GuestTrap),
        ("hostile://bad-utf8", RxStatus::GuestTrap),
        ("hostile://error/invalid-html", RxStatus::InvalidHtml),
        ("hostile://error/parse-error", RxStatus::ParseError),
        (
            "hostile://error/unsupported-mode",
            RxStatus::UnsupportedMode,
        ),
        ("hostile://error/internal-error", RxStatus::ExtractionFailed),
    ];
    for (url, status) in cases {
        let e = ex
            .extract(b"<p>x</p>", url, &ExtractOptions::default(), None)
            .unwrap_err();
        assert_eq!(e.status, status, "{url}: {e}");
        let ok = ex
            .extract(
                b"<p>x</p>",
                "hostile://ok",
                &ExtractOptions::default(),
                None,
            )
            .unwrap();
        assert_eq!(ok.content.text, "<p>x</p>");
    }
    let trap = ex
        .extract(b"x", "hostile://trap", &ExtractOptions::default(), None)
        .unwrap_err();
    assert!(
        trap.message.contains("deliberate panic"),
        "panic message is captured: {trap}"
    );
    let stats: serde_json::Value = serde_json::from_str(&ex.stats_json()).unwrap();
    assert_eq!(stats["limit_hits"]["timeout"], 1);
    assert_eq!(stats["limit_hits"]["memory"], 1);
}

#[test]
fn fuel_limit_stops_a_loop() {
    let ex = hostile(Config {
        fuel: Some(2_000_000),
        ..Config::default()
    });
    let e = ex
        .extract(b"x", "hostile://loop", &ExtractOptions::default(), None)
        .unwrap_err();
    assert_eq!(e.status, RxStatus::FuelExhausted, "{e}");
    // Fuel is per call: the next call gets a full budget again.
    ex.extract(b"x", "hostile://ok", &ExtractOptions::default(), None)
        .unwrap();
}

#[test]
fn mode_is_passed_to_the_component() {
    let ex = hostile(Config::default());
    let c = ex
        .extract(
            b"x",
            "hostile://ok",
            &opts(Mode::Custom(vec!["a b".into(), "c".into()])),
            None,
        )
        .unwrap()
        .content;
    assert_eq!(c.title.as_deref(), Some("custom:a b|c"));
}

#[test]
fn one_extractor_many_threads() {
    let ex = Arc::new(Extractor::new(Config::default()).unwrap());
    let page = Arc::new(common::fixture("article.html"));
    let threads: Vec<_> = (0..4)
        .map(|i| {
            let (ex, page) = (ex.clone(), page.clone());
            std::thread::spawn(move || {
                for j in 0..5 {
                    let mode = if (i + j) % 2 == 0 {
                        Mode::Article
                    } else {
                        Mode::Metadata
                    };
                    let c = ex
                        .extract(&page, "https://coastal.example/", &opts(mode), None)
                        .unwrap()
                        .content;
                    assert_eq!(c.title.as_deref(), Some("How Lighthouses Work"));
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    let stats: serde_json::Value = serde_json::from_str(&ex.stats_json()).unwrap();
    assert_eq!(stats["extractions"], 20);
    assert_eq!(stats["successes"], 20);
}

#[test]
fn info_health_and_modes() {
    let ex = Extractor::new(Config::default()).unwrap();
    let modes = ex.modes().unwrap();
    for m in ["article", "full", "metadata", "custom"] {
        assert!(modes.iter().any(|x| x == m), "{modes:?}");
    }
    let h = ex.health().unwrap();
    assert_eq!(h.status, "healthy");
    assert!(h.probe_ok);
    let info: serde_json::Value = serde_json::from_str(&ex.info_json().unwrap()).unwrap();
    let engine = if cfg!(feature = "wasmtime-lts") {
        "36.0.20"
    } else {
        "37.0.3"
    };
    assert_eq!(info["wasmtime_version"], engine);
    assert_eq!(info["config"]["max_memory_bytes"], 128 << 20);
    assert!(ex
        .validate_html(b"<html><body><p>Hello</p></body></html>", None)
        .unwrap());
}

#[test]
fn compiled_code_cache_is_written_reused_and_survives_corruption() {
    let dir = std::env::temp_dir().join(format!("rx-core-cache-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let config = Config {
        cache_dir: Some(dir.to_str().unwrap().into()),
        ..Config::default()
    };
    let bytes = std::fs::read(common::hostile_component()).unwrap();
    let run = |ex: &Extractor| {
        ex.extract(b"x", "hostile://ok", &ExtractOptions::default(), None)
            .unwrap()
    };

    run(&Extractor::from_bytes(&bytes, config.clone()).unwrap());
    let entries: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(entries.len(), 1, "one cache entry: {entries:?}");
    let entry = &entries[0];
    assert!(entry.extension().unwrap() == "rxcc");
    let written = std::fs::metadata(entry).unwrap().modified().unwrap();

    // A second extractor loads it (the file is not rewritten).
    run(&Extractor::from_bytes(&bytes, config.clone()).unwrap());
    assert_eq!(
        std::fs::metadata(entry).unwrap().modified().unwrap(),
        written
    );

    // Corrupt it: the next extractor recompiles, works, and repairs the file.
    let mut data = std::fs::read(entry).unwrap();
    let mid = data.len() / 2;
    data[mid] ^= 0xff;
    std::fs::write(entry, &data).unwrap();
    run(&Extractor::from_bytes(&bytes, config.clone()).unwrap());
    assert_ne!(
        std::fs::read(entry).unwrap(),
        data,
        "corrupt entry rewritten"
    );
    // Foreign junk under the right name: same.
    std::fs::write(entry, b"RXCC0001 but then nothing sensible at all........").unwrap();
    run(&Extractor::from_bytes(&bytes, config.clone()).unwrap());

    // "" disables the cache.
    let off = Config {
        cache_dir: Some(String::new()),
        ..Config::default()
    };
    run(&Extractor::from_bytes(&bytes, off).unwrap());
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Both instance allocators: every call sees a fresh instance (statics
/// reset, new memory pages zero even after a previous call dirtied them),
/// limits still fire and the next call works.
#[test]
fn every_call_gets_a_fresh_instance_with_either_allocator() {
    for allocator in [InstanceAllocator::OnDemand, InstanceAllocator::Pooling] {
        let ex = hostile(Config {
            instance_allocator: allocator,
            timeout_ms: 250,
            max_memory_bytes: 16 << 20,
            ..Config::default()
        });
        for _ in 0..20 {
            assert_eq!(
                title(&ex, "hostile://state").as_deref(),
                Some("1"),
                "{allocator:?}: state leaked"
            );
            assert_eq!(
                title(&ex, "hostile://scan").as_deref(),
                Some("dirty=0"),
                "{allocator:?}: memory leaked"
            );
        }
        assert_eq!(
            call(&ex, "hostile://alloc").unwrap_err().status,
            RxStatus::MemoryLimit
        );
        assert_eq!(
            call(&ex, "hostile://loop").unwrap_err().status,
            RxStatus::Timeout
        );
        assert_eq!(
            call(&ex, "hostile://trap").unwrap_err().status,
            RxStatus::GuestTrap
        );
        assert_eq!(title(&ex, "hostile://scan").as_deref(), Some("dirty=0"));
        let info = info(&ex);
        let name = if allocator == InstanceAllocator::Pooling {
            "pooling"
        } else {
            "on-demand"
        };
        assert_eq!(info["config"]["instance_allocator"], name);
    }
    // The default page gives the same result either way.
    let html = common::fixture("article.html");
    let url = "https://example.com/a";
    let plain = Extractor::new(Config::default()).unwrap();
    let pooled = Extractor::new(Config {
        instance_allocator: InstanceAllocator::Pooling,
        ..Config::default()
    })
    .unwrap();
    let a = plain
        .extract_json(&html, url, &ExtractOptions::default(), None)
        .unwrap();
    let b = pooled
        .extract_json(&html, url, &ExtractOptions::default(), None)
        .unwrap();
    assert_eq!(a, b);
}

#[test]
fn instance_allocator_is_parsed_and_checked() {
    let c = Config::from_json(r#"{"instance_allocator": "pooling"}"#).unwrap();
    assert_eq!(c.instance_allocator, InstanceAllocator::Pooling);
    let c = Config::from_json(r#"{"instance_allocator": "on-demand"}"#).unwrap();
    assert_eq!(c.instance_allocator, InstanceAllocator::OnDemand);
    let e = Config::from_json(r#"{"instance_allocator": "magic"}"#).unwrap_err();
    assert_eq!(e.status, RxStatus::InvalidConfig);
    assert!(e.message.contains("magic"), "{e}");
}

#[test]
fn preinit_option_is_parsed_and_checked() {
    assert!(Config::default().preinit);
    assert!(!Config::from_json(r#"{"preinit": false}"#).unwrap().preinit);
    let e = Config::from_json(r#"{"preinit": "yes"}"#).unwrap_err();
    assert_eq!(e.status, RxStatus::InvalidConfig);
    assert!(
        e.message.contains("preinit") || e.message.contains("boolean"),
        "{e}"
    );
}

/// Pre-initialisation: the default and the hostile component (both export
/// `preinit`) start every call from the warmed-up snapshot; turning it off
/// gives the same results; calls still get fresh instances, panics still
/// reach the error message (no stale stderr handle in the snapshot), and
/// limits still fire.
#[test]
fn preinit_snapshots_and_keeps_calls_fresh() {
    let default = Extractor::new(Config::default()).unwrap();
    assert_eq!(info(&default)["preinit"]["state"], "applied");
    let cold = Extractor::new(Config {
        preinit: false,
        ..Config::default()
    })
    .unwrap();
    assert_eq!(info(&cold)["preinit"]["state"], "disabled");
    let html = common::fixture("article.html");
    for mode in [
        Mode::Article,
        Mode::Full,
        Mode::Metadata,
        Mode::Custom(vec!["p".into()]),
    ] {
        let o = opts(mode);
        let a = default
            .extract_json(&html, "https://example.com/a", &o, None)
            .unwrap();
        let b = cold
            .extract_json(&html, "https://example.com/a", &o, None)
            .unwrap();
        assert_eq!(a, b);
    }

    let ex = hostile(Config {
        timeout_ms: 300,
        max_memory_bytes: 16 << 20,
        ..Config::default()
    });
    assert_eq!(info(&ex)["preinit"]["state"], "applied");
    for _ in 0..5 {
        assert_eq!(title(&ex, "hostile://preinit").as_deref(), Some("7"));
        assert_eq!(title(&ex, "hostile://state").as_deref(), Some("1"));
        assert_eq!(title(&ex, "hostile://scan").as_deref(), Some("dirty=0"));
    }
    let trap = call(&ex, "hostile://trap").unwrap_err();
    assert!(trap.message.contains("deliberate panic"), "{trap}");
    let spam = call(&ex, "hostile://stderr").unwrap_err();
    assert!(spam.message.contains("guest stderr"), "{spam}");
    assert_eq!(
        call(&ex, "hostile://alloc").unwrap_err().status,
        RxStatus::MemoryLimit
    );
    assert_eq!(
        call(&ex, "hostile://loop").unwrap_err().status,
        RxStatus::Timeout
    );

    let off = hostile(Config {
        preinit: false,
        ..Config::default()
    });
    assert_eq!(title(&off, "hostile://preinit").as_deref(), Some("0"));
}

/// A component whose `preinit` never returns: creation stops it at the
/// deadline, reports why, and the extractor works without a snapshot.
#[test]
fn a_failing_preinit_falls_back_to_the_component_as_given() {
    let dir = std::env::temp_dir().join(format!("rx-preinit-{}", std::process::id()));
    let path = common::hostile_preinit_loops_component();
    let start = std::time::Instant::now();
    let ex = Extractor::from_file(
        &path,
        Config {
            timeout_ms: 300,
            cache_dir: Some(dir.to_str().unwrap().into()),
            ..Config::default()
        },
    )
    .unwrap();
    assert!(start.elapsed() < std::time::Duration::from_secs(20));
    assert_preinit_failed(&ex, "pre-initialisation failed");
    assert_eq!(title(&ex, "hostile://preinit").as_deref(), Some("0"));
    let ok = ex
        .extract(
            b"<p>x</p>",
            "hostile://ok",
            &ExtractOptions::default(),
            None,
        )
        .unwrap();
    assert_eq!(ok.content.text, "<p>x</p>");
    let _ = std::fs::remove_dir_all(&dir);
}

/// A warm-up that writes to stderr leaves the guest holding a stream
/// handle: the snapshot is refused (its handles would be stale in every
/// later instance), info says why, and calls that write to stderr work.
#[test]
fn a_preinit_that_keeps_wasi_handles_is_not_snapshotted() {
    let dir = std::env::temp_dir().join(format!("rx-preinit-logs-{}", std::process::id()));
    let ex = Extractor::from_file(
        &common::hostile_preinit_logs_component(),
        Config {
            cache_dir: Some(dir.to_str().unwrap().into()),
            ..Config::default()
        },
    )
    .unwrap();
    assert_preinit_failed(&ex, "WASI resources");
    assert_eq!(title(&ex, "hostile://preinit").as_deref(), Some("0"));
    // The guest's stderr works: the panic message is captured.
    let err = ex
        .extract(
            b"<p>x</p>",
            "hostile://trap",
            &ExtractOptions::default(),
            None,
        )
        .unwrap_err();
    assert!(err.message.contains("deliberate panic"), "{}", err.message);
    let _ = std::fs::remove_dir_all(&dir);
}

/// A snapshot that starts with more memory than max_memory_bytes allows
/// would fail every call: the component then runs as given, and info says
/// why.
#[test]
fn preinit_falls_back_when_the_snapshot_exceeds_the_memory_cap() {
    let ex = hostile(Config {
        max_memory_bytes: 4 << 20,
        ..Config::default()
    });
    assert_preinit_failed(&ex, "max_memory_bytes");
    assert_eq!(title(&ex, "hostile://preinit").as_deref(), Some("0"));
    // With room for it, the same component is pre-initialised.
    let roomy = hostile(Config::default());
    assert_eq!(title(&roomy, "hostile://preinit").as_deref(), Some("7"));
}

/// The four modes, as the tests of the defaults run them.
fn every_mode() -> [(&'static str, Mode); 4] {
    [
        ("article", Mode::Article),
        ("full", Mode::Full),
        ("metadata", Mode::Metadata),
        ("custom", Mode::Custom(vec!["p".into(), "h1, h2".into()])),
    ]
}

/// The defaults fit together: an ordinary page of `max_input_bytes - 1`
/// bytes extracts in every mode with the default config.
#[test]
fn default_config_extracts_a_prose_page_of_max_input_bytes_in_every_mode() {
    let config = Config::default();
    let page = common::prose_page(config.max_input_bytes as usize - 1);
    let ex = Extractor::new(config).unwrap();
    for (name, mode) in every_mode() {
        let t = std::time::Instant::now();
        let r = ex.extract(&page, "https://coastal.example/history", &opts(mode), None);
        let r = r.unwrap_or_else(|e| panic!("{name}: {e}"));
        if name != "metadata" {
            assert!(r.content.word_count.unwrap() > 100_000, "{name}: {:?}", r.content.word_count);
        }
        assert_eq!(r.content.title.as_deref(), Some("The Keepers of the Harbour Light"), "{name}");
        eprintln!("{name}: {} ms", t.elapsed().as_millis());
    }
}

/// Guest linear memory per input MiB, every mode (`make memory-table`):
/// generated prose pages of 1-16 MiB (4 MiB: the default max_input_bytes), and with `RX_MEMORY_PAGES` (a directory
/// of decompressed real pages) its largest pages and concatenations of their
/// bodies. Run without a memory cap; prints a Markdown table.
#[test]
#[ignore]
fn guest_memory_per_input_mib() {
    const MIB: usize = 1 << 20;
    let ex = Extractor::new(Config {
        max_memory_bytes: 4096 * MIB as u64,
        max_input_bytes: 1024 * MIB as u64,
        timeout_ms: 3_600_000,
        ..Config::default()
    })
    .unwrap();
    let mut pages: Vec<(String, Vec<u8>)> = [1, 2, 4, 5, 10, 16]
        .iter()
        .map(|&m| (format!("prose {m} MiB"), common::prose_page(m * MIB - 1)))
        .collect();
    if let Some(dir) = std::env::var_os("RX_MEMORY_PAGES").filter(|d| !d.is_empty()) {
        let mut real: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
            .expect("RX_MEMORY_PAGES")
            .map(|e| e.unwrap().path())
            .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read(&p).unwrap()))
            .collect();
        real.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.0.cmp(&b.0)));
        // Bodies of the pages, largest first, in one document.
        let body = |h: &[u8]| -> Vec<u8> {
            let low = h.to_ascii_lowercase();
            let find = |pat: &[u8]| low.windows(pat.len()).position(|w| w == pat);
            let start = find(b"<body").and_then(|i| low[i..].iter().position(|&c| c == b'>').map(|j| i + j + 1));
            let end = find(b"</body");
            match (start, end) {
                (Some(s), Some(e)) if s < e => h[s..e].to_vec(),
                _ => Vec::new(),
            }
        };
        for &m in &[5usize, 16] {
            let mut doc = b"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Concatenated</title></head><body>".to_vec();
            let mut n = 0;
            for (_, h) in real.iter().cycle().take(real.len() * 8) {
                let b = body(h);
                if doc.len() + b.len() + 16 > m * MIB - 1 {
                    continue;
                }
                doc.extend_from_slice(&b);
                n += 1;
            }
            doc.extend_from_slice(b"</body></html>");
            pages.push((format!("{n} real bodies, {:.1} MiB", doc.len() as f64 / MIB as f64), doc));
        }
        pages.extend(real.into_iter().take(4));
    }
    let base = ex
        .extract(&common::fixture("article.html"), "https://e.example/", &ExtractOptions { mode: Mode::Article, with_stats: true }, None)
        .unwrap()
        .stats
        .unwrap()
        .memory_used;
    println!("fixed: {:.1} MiB of guest memory for a 3 KiB page", base as f64 / MIB as f64);
    println!("| page | input MiB | mode | guest MiB | MiB per input MiB | s |");
    println!("|---|---|---|---|---|---|");
    for (name, html) in &pages {
        let mib = html.len() as f64 / MIB as f64;
        for (mode_name, mode) in every_mode() {
            let t = std::time::Instant::now();
            let r = ex.extract(html, "https://e.example/page", &ExtractOptions { mode, with_stats: true }, None);
            let secs = t.elapsed().as_secs_f64();
            match r {
                Ok(r) => {
                    let used = r.stats.unwrap().memory_used as f64 / MIB as f64;
                    println!("| {name} | {mib:.2} | {mode_name} | {used:.1} | {:.1} | {secs:.1} |", used / mib);
                }
                Err(e) => println!("| {name} | {mib:.2} | {mode_name} | {e} | | {secs:.1} |"),
            }
        }
    }
}
