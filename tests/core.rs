//! Tests of the safe Rust core (`riptide_extractor::Extractor`), with the
//! embedded default component and the hostile test component.

mod common;

use riptide_extractor::{
    Config, ExtractOptions, Extractor, Favor, InstanceAllocator, Mode, RxStatus,
};
use std::sync::Arc;

fn opts(mode: Mode) -> ExtractOptions {
    ExtractOptions {
        mode,
        with_stats: false,
        ..Default::default()
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
fn markdown_false_skips_the_conversion_and_keeps_everything_else() {
    let ex = Extractor::new(Config::default()).unwrap();
    let page = common::fixture("article.html");
    let url = "https://coastal.example/articles/x";
    let modes = [
        Mode::Article,
        Mode::Full,
        Mode::Metadata,
        Mode::Custom(vec!["h2".into(), "p".into()]),
    ];
    for mode in modes {
        for with_stats in [false, true] {
            let with = ExtractOptions {
                mode: mode.clone(),
                with_stats,
                ..Default::default()
            };
            let without = ExtractOptions {
                markdown: false,
                ..with.clone()
            };
            let a = ex.extract(&page, url, &with, None).unwrap();
            let b = ex.extract(&page, url, &without, None).unwrap();
            assert!(b.content.markdown.is_empty(), "{mode:?}");
            assert_eq!(b.stats.is_some(), with_stats, "{mode:?}");
            if mode != Mode::Metadata {
                assert!(!a.content.markdown.is_empty(), "{mode:?}");
            }
            let mut a = a.content;
            a.markdown = String::new();
            assert_eq!(a, b.content, "{mode:?} with_stats {with_stats}");
        }
    }
    // A component without `extract-with-options`: the host drops the
    // Markdown itself.
    let ex = hostile(Config::default());
    let options = ExtractOptions {
        markdown: false,
        ..Default::default()
    };
    let r = ex.extract(b"<p>hello</p>", "hostile://ok", &options, None);
    let r = r.unwrap().content;
    assert!(r.markdown.is_empty() && !r.text.is_empty(), "{r:?}");
    let r = ex.extract(b"<p>hello</p>", "hostile://ok", &opts(Mode::Article), None);
    assert!(!r.unwrap().content.markdown.is_empty());
}

#[test]
fn favor_changes_what_article_mode_prunes() {
    let ex = Extractor::new(Config::default()).unwrap();
    let para = "<p>The keeper climbed the one hundred and twelve steps of the tower every \
                evening, trimmed the wick, wound the clockwork and watched the beam sweep \
                across the bay until the morning boats came in.</p>";
    let page = format!(
        "<html><body><article><h1>The keeper</h1>{p}{p}\
         <figure><img src=\"/t.jpg\"><figcaption>The tower at dusk, seen from the pier</figcaption></figure>\
         {p}{p}<p>Foto: Jane Doe/dpa</p>{p}</article></body></html>",
        p = para
    );
    let run = |favor| {
        let options = ExtractOptions {
            favor,
            ..Default::default()
        };
        ex.extract(page.as_bytes(), "https://x.example/a", &options, None)
            .unwrap()
            .content
            .text
    };
    let (balanced, precision, recall) = (
        run(Favor::Balanced),
        run(Favor::Precision),
        run(Favor::Recall),
    );
    let caption = "The tower at dusk";
    let credit = "Foto: Jane Doe/dpa";
    assert!(
        balanced.contains(caption) && !balanced.contains(credit),
        "{balanced}"
    );
    assert!(
        !precision.contains(caption) && !precision.contains(credit),
        "{precision}"
    );
    assert!(
        recall.contains(caption) && recall.contains(credit),
        "{recall}"
    );
    for text in [&balanced, &precision, &recall] {
        assert!(text.contains("wound the clockwork"), "{text}");
    }
    // A component without `configure` cannot apply a favor: refused, and
    // the next call works.
    let ex = hostile(Config::default());
    let options = ExtractOptions {
        favor: Favor::Precision,
        ..Default::default()
    };
    let e = ex
        .extract(b"<p>hello</p>", "hostile://ok", &options, None)
        .unwrap_err();
    assert_eq!(e.status, RxStatus::UnsupportedMode, "{e}");
    assert!(e.message.contains("configure"), "{e}");
    let ok = ex.extract(b"<p>hello</p>", "hostile://ok", &opts(Mode::Article), None);
    assert!(ok.is_ok());
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
                ..Default::default()
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

    let first = Extractor::from_bytes(&bytes, config.clone()).unwrap();
    run(&first);
    let cache = &info(&first)["cache"];
    assert_eq!(
        (
            &cache["state"],
            &cache["misses"],
            &cache["stores"],
            &cache["hits"]
        ),
        (&"used".into(), &1.into(), &1.into(), &0.into()),
        "a miss, then the pre-initialised form stored: {cache}"
    );
    let entries: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(entries.len(), 1, "one cache entry: {entries:?}");
    let entry = &entries[0];
    assert!(entry.extension().unwrap() == "rxcc");
    let written = std::fs::metadata(entry).unwrap().modified().unwrap();

    // A second extractor loads it (the file is not rewritten).
    let second = Extractor::from_bytes(&bytes, config.clone()).unwrap();
    run(&second);
    assert_eq!(info(&second)["cache"]["hits"], 1);
    assert_eq!(
        std::fs::metadata(entry).unwrap().modified().unwrap(),
        written
    );

    // Corrupt it: the next extractor recompiles, works, and repairs the file.
    let mut data = std::fs::read(entry).unwrap();
    let mid = data.len() / 2;
    data[mid] ^= 0xff;
    std::fs::write(entry, &data).unwrap();
    let repaired = Extractor::from_bytes(&bytes, config.clone()).unwrap();
    run(&repaired);
    let cache = &info(&repaired)["cache"];
    assert_eq!(
        (&cache["rejected"], &cache["stores"]),
        (&1.into(), &1.into()),
        "{cache}"
    );
    assert!(
        cache["last_rejection"]
            .as_str()
            .unwrap()
            .contains("corrupt"),
        "{cache}"
    );
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
    let off = Extractor::from_bytes(&bytes, off).unwrap();
    run(&off);
    assert_eq!(info(&off)["cache"]["state"], "disabled");
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A cache directory others can write (mode 0775, as a umask-002 system
/// creates it) is not used, and `rx_extractor_info` says exactly why.
#[test]
fn a_group_writable_cache_directory_is_refused_with_its_reason() {
    use std::os::unix::fs::PermissionsExt;
    let dir = std::env::temp_dir().join(format!("rx-core-cache-0775-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir(&dir).unwrap();
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o775)).unwrap();
    let bytes = std::fs::read(common::hostile_component()).unwrap();
    let ex = Extractor::from_bytes(
        &bytes,
        Config {
            cache_dir: Some(dir.to_str().unwrap().into()),
            ..Config::default()
        },
    )
    .unwrap();
    let cache = &info(&ex)["cache"];
    assert_eq!(cache["state"], "refused", "{cache}");
    assert_eq!(cache["dir"], dir.to_str().unwrap());
    let reason = cache["reason"].as_str().unwrap();
    assert!(
        reason.contains("is writable by its group (mode 0775)") && reason.contains("chmod go-w"),
        "{reason}"
    );
    assert_eq!(
        std::fs::read_dir(&dir).unwrap().count(),
        0,
        "nothing written"
    );
    assert_eq!(
        title(&ex, "hostile://ok").as_deref(),
        Some("article"),
        "the extractor works"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

/// With `cache_warnings`, why the cache is not used goes to stderr once per
/// process however many extractors are created; without it, never. Runs
/// itself in a child process to see its stderr.
#[test]
fn cache_warnings_go_to_stderr_once_per_process_when_asked() {
    const CHILD: &str = "RX_TEST_CACHE_WARNINGS_CHILD";
    if let Some(dir) = std::env::var_os(CHILD) {
        let warnings = std::env::var("RX_TEST_CACHE_WARNINGS").unwrap() == "1";
        let bytes = std::fs::read(common::hostile_component()).unwrap();
        for _ in 0..3 {
            let config = Config {
                cache_dir: Some(dir.to_str().unwrap().into()),
                cache_warnings: warnings,
                preinit: false,
                ..Config::default()
            };
            Extractor::from_bytes(&bytes, config).unwrap();
        }
        return;
    }
    assert!(
        Config::from_json(r#"{"cache_warnings": true}"#)
            .unwrap()
            .cache_warnings
    );
    assert!(!Config::default().cache_warnings);
    use std::os::unix::fs::PermissionsExt;
    let dir = std::env::temp_dir().join(format!("rx-core-cache-warn-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir(&dir).unwrap();
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o777)).unwrap();
    for (opt_in, expected) in [("1", 1), ("0", 0)] {
        let out = std::process::Command::new(std::env::current_exe().unwrap())
            .args([
                "--exact",
                "cache_warnings_go_to_stderr_once_per_process_when_asked",
                "--nocapture",
            ])
            .env(CHILD, &dir)
            .env("RX_TEST_CACHE_WARNINGS", opt_in)
            .env("RX_HOSTILE_WASM", common::hostile_component())
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        let lines: Vec<_> = stderr
            .lines()
            .filter(|l| l.starts_with("riptide-extractor: the compiled-code cache is not used"))
            .collect();
        assert_eq!(lines.len(), expected, "cache_warnings={opt_in}: {stderr}");
        if expected == 1 {
            assert!(lines[0].contains("(mode 0777)"), "{}", lines[0]);
        }
    }
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

/// Peak resident memory of this process (VmHWM), in bytes.
fn peak_rss() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let line = status.lines().find(|l| l.starts_with("VmHWM:")).unwrap();
    line.split_whitespace()
        .nth(1)
        .unwrap()
        .parse::<u64>()
        .unwrap()
        * 1024
}

/// What one hostile call did, measured in a child process of its own (so
/// that other tests running in this one do not move its RSS figures).
#[derive(Debug)]
struct Measured {
    status: String,
    message: String,
    ms: u128,
    peak_rss_delta_mib: u64,
}

/// Runs `url` on the hostile component with `config` in a fresh test
/// process (`measured_child`), and returns what it measured.
fn measure(config: &str, url: &str) -> Measured {
    let out = std::process::Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "measured_child",
            "--nocapture",
            "--test-threads=1",
        ])
        .env("RX_MEASURE_CONFIG", config)
        .env("RX_MEASURE_URL", url)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let line = stdout
        .lines()
        .find_map(|l| l.split_once("RX_MEASURED ").map(|(_, json)| json))
        .unwrap_or_else(|| {
            panic!(
                "child died ({:?}): {stdout}\n{}",
                out.status,
                String::from_utf8_lossy(&out.stderr)
            )
        });
    let v: serde_json::Value = serde_json::from_str(line).unwrap();
    Measured {
        status: v["status"].as_str().unwrap().into(),
        message: v["message"].as_str().unwrap().into(),
        ms: v["ms"].as_u64().unwrap().into(),
        peak_rss_delta_mib: v["peak_rss_delta"].as_u64().unwrap() >> 20,
    }
}

/// The child side of `measure`: does nothing unless started by it.
#[test]
fn measured_child() {
    let (Ok(config), Ok(url)) = (
        std::env::var("RX_MEASURE_CONFIG"),
        std::env::var("RX_MEASURE_URL"),
    ) else {
        return;
    };
    let ex = hostile(Config::from_json(&config).unwrap());
    call(&ex, "hostile://ok").unwrap();
    std::fs::write("/proc/self/clear_refs", "5").unwrap();
    let before = peak_rss();
    let start = std::time::Instant::now();
    let r = ex.extract_json(b"x", &url, &ExtractOptions::default(), None);
    let ms = start.elapsed().as_millis() as u64;
    let delta = peak_rss().saturating_sub(before);
    let (status, message) = match &r {
        Ok(json) => ("ok", format!("{} bytes of JSON", json.len())),
        Err(e) => (e.status.name(), e.message.clone()),
    };
    println!(
        "RX_MEASURED {}",
        serde_json::json!({"status": status, "message": message, "ms": ms, "peak_rss_delta": delta})
    );
}

#[test]
fn aliased_result_strings_are_counted_before_they_are_copied() {
    // 64 (and 1,500) strings pointing into one 8 MiB buffer: 512 MiB (12 GiB)
    // if copied out one by one. max_output_bytes defaults to 4 x 16 MiB.
    let config =
        r#"{"max_memory_bytes": 16777216, "timeout_ms": 1000, "cache_dir": "", "preinit": false}"#;
    for n in [64, 1500] {
        let m = measure(config, &format!("hostile://links/{n}"));
        assert_eq!(m.status, "output_too_large", "{n} links: {m:?}");
        assert!(m.message.contains("67108864"), "{m:?}");
        // At most the limit (64 MiB) was copied out; the guest's own 16 MiB
        // and allocator slack are the rest.
        assert!(m.peak_rss_delta_mib <= 64 + 16 + 32, "{n} links: {m:?}");
    }
    let small = r#"{"max_memory_bytes": 16777216, "max_output_bytes": 4194304, "cache_dir": "", "preinit": false}"#;
    let m = measure(small, "hostile://links/2");
    assert_eq!(m.status, "output_too_large", "{m:?}");
    assert!(m.peak_rss_delta_mib <= 4 + 16 + 16, "{m:?}");
}

#[test]
fn one_result_string_within_the_limit_is_returned() {
    let ex = hostile(Config {
        max_memory_bytes: 16 << 20,
        preinit: false,
        ..Config::default()
    });
    let r = call(&ex, "hostile://links/1").unwrap();
    assert_eq!(r.content.links.len(), 1);
    assert_eq!(r.content.links[0].len(), 8 << 20);
    let ex = hostile(Config {
        max_memory_bytes: 16 << 20,
        max_output_bytes: Some(8 << 20),
        preinit: false,
        ..Config::default()
    });
    let e = call(&ex, "hostile://links/1").unwrap_err();
    assert_eq!(e.status, RxStatus::OutputTooLarge, "8 MiB + 24 bytes: {e}");
    let stats: serde_json::Value = serde_json::from_str(&ex.stats_json()).unwrap();
    assert_eq!(stats["limit_hits"]["output_size"], 1, "{stats}");
}

#[test]
fn result_json_is_bounded_after_escaping() {
    // 512 KiB of control characters: a JSON six times larger (text and
    // markdown both carry them), past a 4 MiB limit the strings fit in.
    let ctrl: Vec<u8> = (1u8..32).filter(|b| !matches!(b, 9 | 10 | 13)).collect();
    let mut page = b"<html><body><p>".to_vec();
    page.extend(ctrl.iter().cycle().take(512 << 10));
    page.extend(b"</p></body></html>");
    let ex = Extractor::new(Config {
        max_output_bytes: Some(4 << 20),
        ..Config::default()
    })
    .unwrap();
    let full = opts(Mode::Full);
    let e = ex
        .extract_json(&page, "https://example.com/", &full, None)
        .unwrap_err();
    assert_eq!(e.status, RxStatus::OutputTooLarge, "{e}");
    let stats: serde_json::Value = serde_json::from_str(&ex.stats_json()).unwrap();
    assert_eq!(stats["limit_hits"]["output_size"], 1, "{stats}");
    assert_eq!(stats["successes"], 0, "{stats}");
    // The same page within the default limit.
    let ex = Extractor::new(Config::default()).unwrap();
    let json = ex
        .extract_json(&page, "https://example.com/", &full, None)
        .unwrap();
    assert!(json.len() > 4 << 20, "{}", json.len());
}

#[test]
fn a_pollable_flood_hits_the_resource_cap_not_host_memory() {
    let config =
        r#"{"max_memory_bytes": 16777216, "timeout_ms": 1000, "cache_dir": "", "preinit": false}"#;
    let m = measure(config, "hostile://pollables");
    assert_eq!(m.status, "resource_limit", "{m:?}");
    assert!(m.message.contains("1000"), "{m:?}");
    assert!(m.ms < 1000, "fails at the cap, not at the deadline: {m:?}");
    assert!(m.peak_rss_delta_mib <= 16 + 16, "{m:?}");
    let ex = hostile(Config {
        max_wasi_resources: 10,
        ..Config::default()
    });
    let e = call(&ex, "hostile://pollables").unwrap_err();
    assert_eq!(e.status, RxStatus::ResourceLimit, "{e}");
    assert!(e.message.contains("subscribe-duration"), "{e}");
    let stats: serde_json::Value = serde_json::from_str(&ex.stats_json()).unwrap();
    assert_eq!(stats["limit_hits"]["wasi_resources"], 1, "{stats}");
    assert_eq!(title(&ex, "hostile://ok").as_deref(), Some("article"));
}

#[test]
fn a_poll_list_longer_than_the_cap_is_refused() {
    let ex = hostile(Config::default());
    let e = call(&ex, "hostile://poll-list/2000000").unwrap_err();
    assert_eq!(e.status, RxStatus::ResourceLimit, "{e}");
    assert!(e.message.contains("poll list"), "{e}");
    assert_eq!(
        title(&ex, "hostile://poll-list/10").as_deref(),
        Some("ready 10")
    );
}

#[test]
fn a_blocking_wasi_call_ends_at_the_deadline() {
    let ex = hostile(Config {
        timeout_ms: 1000,
        ..Config::default()
    });
    for url in [
        "hostile://block/10000",
        "hostile://block/100000000000",
        "hostile://block-instant/10000",
    ] {
        let start = std::time::Instant::now();
        let e = call(&ex, url).unwrap_err();
        let ms = start.elapsed().as_millis();
        assert_eq!(e.status, RxStatus::Timeout, "{url}: {e}");
        assert!((990..1150).contains(&ms), "{url}: timeout after {ms} ms");
    }
    // A short wait is a wait, not a timeout.
    let waited = title(&ex, "hostile://block/50").unwrap();
    let ms: u64 = waited
        .strip_prefix("waited ")
        .and_then(|w| w.strip_suffix(" ms"))
        .unwrap()
        .parse()
        .unwrap();
    assert!((50..900).contains(&ms), "{waited}");
}

#[test]
fn only_the_wasi_the_world_needs_is_linked() {
    // The default and hostile components (wasi io/clocks/cli/random) load;
    // one that also imports wasi:filesystem does not.
    Extractor::new(Config::default()).unwrap();
    hostile(Config::default());
    let e = Extractor::from_file(&common::hostile_filesystem_component(), Config::default())
        .err()
        .expect("a component importing wasi:filesystem must not load");
    assert_eq!(e.status, RxStatus::ComponentLoad, "{e}");
    assert!(e.message.contains("wasi:filesystem"), "{e}");
}

/// The compiled-code cache trusts the directory it opened, not its path: a
/// thread keeps exchanging (`renameat2(RENAME_EXCHANGE)`) the cache
/// directory with a directory owned by `nobody` that holds a valid entry
/// under the same name (the compiled default component, so a load from it
/// is visible in `info`), while 300 extractors load. None runs the foreign
/// code. Needs root (to make a directory owned by another user).
#[test]
fn cache_directory_swapped_mid_load_is_never_trusted() {
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } != 0 {
        eprintln!("SKIPPED cache_directory_swapped_mid_load_is_never_trusted: needs root to chown a directory to nobody");
        return;
    }
    let base = std::env::temp_dir().join(format!("rx-core-swap-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&base);
    let (trusted, foreign, staging) = (
        base.join("cache"),
        base.join("foreign"),
        base.join("staging"),
    );
    std::fs::create_dir_all(&staging).unwrap();
    let config = |dir: &std::path::Path| Config {
        cache_dir: Some(dir.to_str().unwrap().into()),
        preinit: false,
        ..Config::default()
    };
    let hostile_bytes = std::fs::read(common::hostile_component()).unwrap();
    let default_bytes = std::fs::read(env!("RX_DEFAULT_COMPONENT")).unwrap();
    let only_entry = |dir: &std::path::Path| {
        let mut e: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        assert_eq!(e.len(), 1, "{e:?}");
        e.pop().unwrap()
    };
    // The trusted directory holds the hostile component's entry; the
    // foreign one the default component's compiled code under that name.
    Extractor::from_bytes(&hostile_bytes, config(&trusted)).unwrap();
    let name = only_entry(&trusted).file_name().unwrap().to_owned();
    Extractor::from_bytes(&default_bytes, config(&staging)).unwrap();
    std::fs::create_dir(&foreign).unwrap();
    std::fs::copy(only_entry(&staging), foreign.join(&name)).unwrap();
    std::os::unix::fs::chown(&foreign, Some(65534), Some(65534)).unwrap();

    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let swapper = {
        let (stop, base) = (stop.clone(), base.clone());
        std::thread::spawn(move || {
            let c = |p: std::path::PathBuf| {
                std::ffi::CString::new(p.into_os_string().into_encoded_bytes()).unwrap()
            };
            let (a, b) = (c(base.join("cache")), c(base.join("foreign")));
            let mut swaps = 0u64;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                // SAFETY: both are valid NUL-terminated paths.
                let r = unsafe {
                    libc::renameat2(
                        libc::AT_FDCWD,
                        a.as_ptr(),
                        libc::AT_FDCWD,
                        b.as_ptr(),
                        libc::RENAME_EXCHANGE,
                    )
                };
                assert_eq!(r, 0, "renameat2: {}", std::io::Error::last_os_error());
                swaps += 1;
            }
            swaps
        })
    };
    let (mut foreign_loads, mut hits, mut refused) = (0, 0, 0);
    for _ in 0..300 {
        let ex = Extractor::from_bytes(&hostile_bytes, config(&trusted)).unwrap();
        let info = info(&ex);
        if info["component"]["name"] != "rx-hostile-component" {
            foreign_loads += 1;
        }
        match info["cache"]["state"].as_str().unwrap() {
            "used" => hits += info["cache"]["hits"].as_u64().unwrap(),
            "refused" => refused += 1,
            _ => panic!("{info}"),
        }
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let swaps = swapper.join().unwrap();
    eprintln!("cache swap: {foreign_loads} of 300 loads ran foreign code ({hits} cache hits, {refused} refused, {swaps} swaps)");
    assert_eq!(
        foreign_loads, 0,
        "loads that ran code from the foreign directory"
    );
    assert!(
        hits > 0 && refused > 0,
        "both directories seen: {hits} hits, {refused} refused"
    );
    std::fs::remove_dir_all(&base).unwrap();
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
            assert!(
                r.content.word_count.unwrap() > 100_000,
                "{name}: {:?}",
                r.content.word_count
            );
        }
        assert_eq!(
            r.content.title.as_deref(),
            Some("The Keepers of the Harbour Light"),
            "{name}"
        );
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
            .map(|p| {
                (
                    p.file_name().unwrap().to_string_lossy().into_owned(),
                    std::fs::read(&p).unwrap(),
                )
            })
            .collect();
        real.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.0.cmp(&b.0)));
        // Bodies of the pages, largest first, in one document.
        let body = |h: &[u8]| -> Vec<u8> {
            let low = h.to_ascii_lowercase();
            let find = |pat: &[u8]| low.windows(pat.len()).position(|w| w == pat);
            let start = find(b"<body")
                .and_then(|i| low[i..].iter().position(|&c| c == b'>').map(|j| i + j + 1));
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
            pages.push((
                format!("{n} real bodies, {:.1} MiB", doc.len() as f64 / MIB as f64),
                doc,
            ));
        }
        pages.extend(real.into_iter().take(4));
    }
    let base = ex
        .extract(
            &common::fixture("article.html"),
            "https://e.example/",
            &ExtractOptions {
                mode: Mode::Article,
                with_stats: true,
                ..Default::default()
            },
            None,
        )
        .unwrap()
        .stats
        .unwrap()
        .memory_used;
    println!(
        "fixed: {:.1} MiB of guest memory for a 3 KiB page",
        base as f64 / MIB as f64
    );
    println!("| page | input MiB | mode | guest MiB | MiB per input MiB | s |");
    println!("|---|---|---|---|---|---|");
    for (name, html) in &pages {
        let mib = html.len() as f64 / MIB as f64;
        for (mode_name, mode) in every_mode() {
            let t = std::time::Instant::now();
            let r = ex.extract(
                html,
                "https://e.example/page",
                &ExtractOptions {
                    mode,
                    with_stats: true,
                    ..Default::default()
                },
                None,
            );
            let secs = t.elapsed().as_secs_f64();
            match r {
                Ok(r) => {
                    let used = r.stats.unwrap().memory_used as f64 / MIB as f64;
                    println!(
                        "| {name} | {mib:.2} | {mode_name} | {used:.1} | {:.1} | {secs:.1} |",
                        used / mib
                    );
                }
                Err(e) => println!("| {name} | {mib:.2} | {mode_name} | {e} | | {secs:.1} |"),
            }
        }
    }
}
