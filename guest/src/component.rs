//! The WebAssembly component: exports the `extractor-preinit` world of
//! `wit/extractor.wit` (the `extractor` world plus `preinit`) by converting
//! to and from the core types.

wit_bindgen::generate!({
    path: "../wit",
    world: "extractor-preinit",
});

use crate as core_api;

struct Component;

impl From<ExtractionMode> for core_api::Mode {
    fn from(m: ExtractionMode) -> Self {
        match m {
            ExtractionMode::Article => core_api::Mode::Article,
            ExtractionMode::Full => core_api::Mode::Full,
            ExtractionMode::Metadata => core_api::Mode::Metadata,
            ExtractionMode::Custom(selectors) => core_api::Mode::Custom(selectors),
        }
    }
}

impl From<core_api::Content> for ExtractedContent {
    fn from(c: core_api::Content) -> Self {
        ExtractedContent {
            url: c.url,
            title: c.title,
            byline: c.byline,
            published_iso: c.published_iso,
            markdown: c.markdown,
            text: c.text,
            links: c.links,
            media: c.media,
            language: c.language,
            reading_time: c.reading_time,
            quality_score: c.quality_score,
            word_count: c.word_count,
            categories: c.categories,
            site_name: c.site_name,
            description: c.description,
        }
    }
}

impl From<core_api::Error> for ExtractionError {
    fn from(e: core_api::Error) -> Self {
        match e {
            core_api::Error::InvalidHtml(m) => ExtractionError::InvalidHtml(m),
            core_api::Error::NetworkError(m) => ExtractionError::NetworkError(m),
            core_api::Error::ParseError(m) => ExtractionError::ParseError(m),
            core_api::Error::ResourceLimit(m) => ExtractionError::ResourceLimit(m),
            core_api::Error::ExtractorError(m) => ExtractionError::ExtractorError(m),
            core_api::Error::InternalError(m) => ExtractionError::InternalError(m),
            core_api::Error::UnsupportedMode(m) => ExtractionError::UnsupportedMode(m),
        }
    }
}

impl From<core_api::Stats> for ExtractionStats {
    fn from(s: core_api::Stats) -> Self {
        ExtractionStats {
            processing_time_ms: s.processing_time_ms,
            memory_used: s.memory_used,
            nodes_processed: s.nodes_processed,
            links_found: s.links_found,
            images_found: s.images_found,
        }
    }
}

impl Guest for Component {
    fn extract(
        html: String,
        url: String,
        mode: ExtractionMode,
    ) -> Result<ExtractedContent, ExtractionError> {
        core_api::extract(&html, &url, &mode.into())
            .map(Into::into)
            .map_err(Into::into)
    }

    fn extract_with_stats(
        html: String,
        url: String,
        mode: ExtractionMode,
    ) -> Result<(ExtractedContent, ExtractionStats), ExtractionError> {
        core_api::extract_with_stats(&html, &url, &mode.into())
            .map(|(c, s)| (c.into(), s.into()))
            .map_err(Into::into)
    }

    fn configure(options: ExtractOptions) {
        core_api::configure(core_api::Options {
            markdown: options.markdown,
            favor: match options.favor {
                Favor::Balanced => core_api::Favor::Balanced,
                Favor::Precision => core_api::Favor::Precision,
                Favor::Recall => core_api::Favor::Recall,
            },
        });
    }

    fn validate_html(html: String) -> Result<bool, ExtractionError> {
        core_api::validate_html(&html).map_err(Into::into)
    }

    fn health_check() -> HealthStatus {
        let h = core_api::health_check();
        HealthStatus {
            status: h.status,
            version: h.version,
            extractor_version: h.extractor_version,
            probe_ok: h.probe_ok,
            memory_usage: h.memory_usage,
        }
    }

    fn get_info() -> ComponentInfo {
        let i = core_api::info();
        ComponentInfo {
            name: i.name,
            version: i.version,
            component_model_version: i.component_model_version,
            features: i.features,
            supported_modes: i.supported_modes,
            build_profile: i.build_profile,
        }
    }

    fn reset_state() -> Result<String, ExtractionError> {
        Ok(core_api::reset_state())
    }

    fn get_modes() -> Vec<String> {
        core_api::supported_modes()
    }

    fn preinit() {
        core_api::warm_up();
    }
}

export!(Component);
