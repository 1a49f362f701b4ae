//! The engine-floor kernel (see Cargo.toml): `kernel(html)` parses the page
//! with dom_query (html5ever) and counts its nodes and text characters.
//!
//! As a component it exports the `extractor` world: `extract` returns the
//! counts as `word-count` (nodes) and `reading-time` (text characters), and
//! an empty text. Natively it exports `rxg_native_extract`/`rxg_native_free`
//! with the signatures of the guest's `native-bench` entry points, returning
//! `{"nodes":N,"text_chars":M}`.

#[cfg(target_arch = "wasm32")]
extern crate rx_guest_mem;

/// Parses `html` and returns (element and text nodes, text characters).
pub fn kernel(html: &str) -> (usize, usize) {
    let doc = dom_query::Document::from(html);
    let root = doc.root();
    let nodes = root.descendants().len();
    let text_chars = root.text().chars().count();
    (nodes, text_chars)
}

#[cfg(target_arch = "wasm32")]
mod component {
    wit_bindgen::generate!({ path: "../../../wit", world: "extractor" });

    struct Kernel;

    fn u32_of(n: usize) -> u32 {
        u32::try_from(n).unwrap_or(u32::MAX)
    }

    impl Guest for Kernel {
        fn extract(
            html: String,
            url: String,
            _mode: ExtractionMode,
        ) -> Result<ExtractedContent, ExtractionError> {
            let (nodes, text_chars) = super::kernel(&html);
            Ok(ExtractedContent {
                url,
                title: None,
                byline: None,
                published_iso: None,
                markdown: String::new(),
                text: String::new(),
                links: vec![],
                media: vec![],
                language: None,
                reading_time: Some(u32_of(text_chars)),
                quality_score: None,
                word_count: Some(u32_of(nodes)),
                categories: vec![],
                site_name: None,
                description: None,
            })
        }
        fn extract_with_stats(
            html: String,
            url: String,
            mode: ExtractionMode,
        ) -> Result<(ExtractedContent, ExtractionStats), ExtractionError> {
            let c = Self::extract(html, url, mode)?;
            let nodes = c.word_count.unwrap_or(0);
            Ok((
                c,
                ExtractionStats {
                    processing_time_ms: 0,
                    memory_used: 0,
                    nodes_processed: Some(nodes),
                    links_found: 0,
                    images_found: 0,
                },
            ))
        }
        fn validate_html(html: String) -> Result<bool, ExtractionError> {
            Ok(super::kernel(&html).0 > 0)
        }
        fn health_check() -> HealthStatus {
            HealthStatus {
                status: "healthy".into(),
                version: env!("CARGO_PKG_VERSION").into(),
                extractor_version: "dom_query 0.29".into(),
                probe_ok: super::kernel("<p>probe</p>").1 == 5,
                memory_usage: None,
            }
        }
        fn get_info() -> ComponentInfo {
            ComponentInfo {
                name: "rx-bench-kernel".into(),
                version: env!("CARGO_PKG_VERSION").into(),
                component_model_version: "0.2.0".into(),
                features: vec!["parse".into()],
                supported_modes: Self::get_modes(),
                build_profile: "release".into(),
            }
        }
        fn reset_state() -> Result<String, ExtractionError> {
            Ok("stateless".into())
        }
        fn get_modes() -> Vec<String> {
            vec!["article".into()]
        }
    }

    export!(Kernel);
}

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use std::ffi::{c_char, CString};
    use std::panic::{catch_unwind, AssertUnwindSafe};

    /// Runs the kernel on `html[0..len]` (invalid UTF-8 replaced) and returns
    /// `{"nodes":N,"text_chars":M}`, to be freed with [`rxg_native_free`];
    /// NULL for a NULL `html` or a caught panic. `url` and `mode` are ignored.
    ///
    /// # Safety
    ///
    /// `html` must point to `len` readable bytes.
    #[no_mangle]
    pub unsafe extern "C" fn rxg_native_extract(
        html: *const u8,
        len: usize,
        _url: *const c_char,
        _mode: *const c_char,
    ) -> *mut c_char {
        if html.is_null() {
            return std::ptr::null_mut();
        }
        // SAFETY: the caller guarantees `len` readable bytes.
        let bytes = unsafe { std::slice::from_raw_parts(html, len) };
        catch_unwind(AssertUnwindSafe(|| {
            let (nodes, text_chars) = super::kernel(&String::from_utf8_lossy(bytes));
            CString::new(format!("{{\"nodes\":{nodes},\"text_chars\":{text_chars}}}")).ok()
        }))
        .ok()
        .flatten()
        .map_or(std::ptr::null_mut(), CString::into_raw)
    }

    /// Frees a string returned by [`rxg_native_extract`]; NULL is ignored.
    ///
    /// # Safety
    ///
    /// `s` must come from [`rxg_native_extract`] and not have been freed.
    #[no_mangle]
    pub unsafe extern "C" fn rxg_native_free(s: *mut c_char) {
        if !s.is_null() {
            // SAFETY: `s` came from CString::into_raw above.
            drop(unsafe { CString::from_raw(s) });
        }
    }
}
