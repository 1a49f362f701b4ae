//! The probe and warm-up: the health check's built-in page, the warm-up run
//! behind `preinit`, and the component's static self-description.

use crate::{
    extract, extract_with_stats, memory_usage, validate_html, Health, Info, Mode,
    EXTRACTOR_VERSION, MODES, NAME, VERSION, WIT_PACKAGE,
};

/// The built-in probe page used by [`health_check`].
pub(crate) const PROBE_HTML: &str = r#"<!doctype html><html lang="en"><head>
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
pub(crate) const WARM_UP_LANGUAGES: &str = r#"<!doctype html><html><head><title>Warm-up</title></head><body><main>
<p>Это короткий абзац на русском языке, чтобы детектор языка построил свои таблицы заранее.</p>
<p>Dies ist ein kurzer deutscher Absatz, damit die Spracherkennung ihre Tabellen vorher aufbaut.</p>
<p>Ceci est un court paragraphe en français pour que la détection de langue prépare ses tables.</p>
<p>这是一个简短的中文段落，用于预先建立语言检测的表格。</p>
<p>これは言語検出の表を前もって作るための短い日本語の段落です。</p>
<p>هذه فقرة قصيرة باللغة العربية لكي يبني كاشف اللغة جداوله مسبقا.</p>
</main></body></html>"#;

/// Runs every mode once on built-in pages so that state built lazily on
/// first use (dom_smoothie's parsed selectors, whatlang's alphabet tables,
/// string_cache's atom set, the rules' automata and selectors) exists. The
/// component exports it as `preinit` for hosts that snapshot a warmed-up
/// instance; natively it only costs a few milliseconds. Results are
/// discarded; it never prints.
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
    // What the pages above may not reach: every rule's phrase automaton and
    // every selector of the passes.
    crate::boiler::build_rules();
    crate::byline::build_rules();
    crate::css::build_all();
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
