//! Implements the riptide:extractor world and also imports
//! `wasi:random/random@0.2.6`, which the library links for every component.
//! `extract(html, url, mode)` with url `wasi://random/N` asks the host for N
//! random bytes (`get-random-bytes(N)`): the host allocates and fills N bytes
//! before anything is copied into the guest, outside the store's memory cap
//! and deadline (RUSTSEC-2026-0020). Any other url returns the html.

wit_bindgen::generate!({
    inline: r#"
        package rx:abuse;

        package wasi:random@0.2.6 {
            @since(version = 0.2.0)
            interface random {
                @since(version = 0.2.0)
                get-random-bytes: func(len: u64) -> list<u8>;
                @since(version = 0.2.0)
                get-random-u64: func() -> u64;
            }
            @since(version = 0.2.0)
            interface insecure {
                @since(version = 0.2.0)
                get-insecure-random-bytes: func(len: u64) -> list<u8>;
                @since(version = 0.2.0)
                get-insecure-random-u64: func() -> u64;
            }
            @since(version = 0.2.0)
            interface insecure-seed {
                @since(version = 0.2.0)
                insecure-seed: func() -> tuple<u64, u64>;
            }
        }

        world abuse {
            include riptide:extractor/extractor@0.2.0;
            import wasi:random/random@0.2.6;
        }
    "#,
    path: "../../../../wit",
    world: "rx:abuse/abuse",
    generate_all,
});

struct Abuse;

fn content(url: String, text: String) -> ExtractedContent {
    ExtractedContent {
        url,
        title: None,
        byline: None,
        published_iso: None,
        markdown: String::new(),
        word_count: None,
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

impl Guest for Abuse {
    fn extract(html: String, url: String, _mode: ExtractionMode) -> Result<ExtractedContent, ExtractionError> {
        if let Some(n) = url.strip_prefix("wasi://random/") {
            let n: u64 = n.parse().map_err(|_| ExtractionError::InvalidHtml(format!("bad length {n}")))?;
            let bytes = wasi::random::random::get_random_bytes(n);
            return Ok(content(url.clone(), format!("got {} bytes", bytes.len())));
        }
        Ok(content(url, html))
    }

    fn extract_with_stats(
        html: String,
        url: String,
        mode: ExtractionMode,
    ) -> Result<(ExtractedContent, ExtractionStats), ExtractionError> {
        let c = Self::extract(html, url, mode)?;
        Ok((c, ExtractionStats { processing_time_ms: 0, memory_used: 0, nodes_processed: None, links_found: 0, images_found: 0 }))
    }

    fn validate_html(html: String) -> Result<bool, ExtractionError> {
        Ok(!html.is_empty())
    }

    fn health_check() -> HealthStatus {
        HealthStatus {
            status: "degraded".into(),
            version: "0.0.0-abuse".into(),
            extractor_version: "abuse".into(),
            probe_ok: false,
            memory_usage: None,
        }
    }

    fn get_info() -> ComponentInfo {
        ComponentInfo {
            name: "rx-wasi-abuse-component".into(),
            version: "0.0.0".into(),
            component_model_version: "0.2.0".into(),
            features: vec![],
            supported_modes: vec!["article".into()],
            build_profile: "test".into(),
        }
    }

    fn reset_state() -> Result<String, ExtractionError> {
        Ok(String::new())
    }

    fn get_modes() -> Vec<String> {
        vec!["article".into()]
    }
}

export!(Abuse);
