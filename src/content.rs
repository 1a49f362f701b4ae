//! The JSON shapes the library returns. Field names follow the WIT names in
//! snake_case.

use serde::Serialize;

/// The extraction result (`record extracted-content`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ExtractedContent {
    pub url: String,
    pub title: Option<String>,
    pub byline: Option<String>,
    pub published_iso: Option<String>,
    pub markdown: String,
    pub text: String,
    pub links: Vec<String>,
    pub media: Vec<String>,
    pub language: Option<String>,
    pub reading_time: Option<u32>,
    pub quality_score: Option<u8>,
    pub word_count: Option<u32>,
    pub categories: Vec<String>,
    pub site_name: Option<String>,
    pub description: Option<String>,
}

/// Figures about one extraction (`record extraction-stats`), plus what the host
/// measured around the sandbox.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ExtractionStats {
    /// Time inside the guest, as the guest measured it.
    pub processing_time_ms: u64,
    /// Guest linear memory after the extraction, in bytes.
    pub memory_used: u64,
    pub nodes_processed: Option<u32>,
    pub links_found: u32,
    pub images_found: u32,
    /// Host-measured wall time of the whole call (decode, instantiate, call,
    /// convert), in microseconds.
    pub host_total_us: u64,
    /// Host-measured breakdown, in nanoseconds: decoding the input to UTF-8,
    /// creating the store and instance, the guest call (copying the input in,
    /// the extraction, copying the result out), dropping the instance, and
    /// converting the result to the library's types. The result JSON is
    /// written after `host_total_us` is taken.
    pub decode_ns: u64,
    pub instantiate_ns: u64,
    pub guest_call_ns: u64,
    pub teardown_ns: u64,
    pub convert_ns: u64,
    /// Encoding the input was decoded from (`UTF-8`, `windows-1252`, ...).
    pub input_encoding: String,
}

/// One successful extraction: the content and, when asked for, its stats.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Extraction {
    #[serde(flatten)]
    pub content: ExtractedContent,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stats: Option<ExtractionStats>,
}

/// `record health-status`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct HealthStatus {
    pub status: String,
    pub version: String,
    pub extractor_version: String,
    pub probe_ok: bool,
    pub memory_usage: Option<u64>,
}

/// `record component-info`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ComponentInfo {
    pub name: String,
    pub version: String,
    pub component_model_version: String,
    pub features: Vec<String>,
    pub supported_modes: Vec<String>,
    pub build_profile: String,
}
