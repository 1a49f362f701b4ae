//! A native C entry point over the pure Rust core, for the sandbox-overhead
//! benchmark (`make bench`): the same extraction code as the component,
//! compiled for the host with the same release profile and `Cargo.lock`, so
//! that "through the sandbox" and "in-process" differ only by the sandbox.
//!
//! Only built with the `native-bench` feature on non-wasm targets. Not a
//! product API: the library's C API is `include/riptide_extractor.h`.

use std::ffi::{c_char, CStr, CString};
use std::panic::{catch_unwind, AssertUnwindSafe};

use crate::{extract, Mode};

static WARM_UP: std::sync::Once = std::sync::Once::new();

/// Extracts `html[0..len]` (bytes; invalid UTF-8 is replaced, which is
/// cheaper than the library's charset decoding, so the comparison favours the
/// native side) found at the NUL-terminated `url` in `mode` (`article`,
/// `full`, `metadata`), and returns the result as a JSON string (the
/// content, or `{"error": ...}`), to be freed with [`rxg_native_free`].
/// Returns NULL only for NULL/invalid arguments or a caught panic.
///
/// # Safety
///
/// `html` must point to `len` readable bytes; `url` and `mode` must be NULL
/// or NUL-terminated strings.
#[no_mangle]
pub unsafe extern "C" fn rxg_native_extract(
    html: *const u8,
    len: usize,
    url: *const c_char,
    mode: *const c_char,
) -> *mut c_char {
    if html.is_null() || url.is_null() || mode.is_null() {
        return std::ptr::null_mut();
    }
    // SAFETY: the caller guarantees the lengths and NUL terminators.
    let (bytes, url, mode) = unsafe {
        (
            std::slice::from_raw_parts(html, len),
            CStr::from_ptr(url),
            CStr::from_ptr(mode),
        )
    };
    let (Ok(url), Ok(mode)) = (url.to_str(), mode.to_str()) else {
        return std::ptr::null_mut();
    };
    let mode = match mode {
        "article" => Mode::Article,
        "full" => Mode::Full,
        "metadata" => Mode::Metadata,
        _ => return std::ptr::null_mut(),
    };
    let out = catch_unwind(AssertUnwindSafe(|| {
        // As the component's pre-initialisation does, once per process.
        WARM_UP.call_once(crate::warm_up);
        let html = String::from_utf8_lossy(bytes);
        let json = match extract(&html, url, &mode) {
            Ok(content) => serde_json::to_string(&content),
            Err(e) => serde_json::to_string(
                &serde_json::json!({ "error": e.kind(), "message": e.message() }),
            ),
        };
        json.ok().and_then(|s| CString::new(s).ok())
    }));
    match out {
        Ok(Some(s)) => s.into_raw(),
        _ => std::ptr::null_mut(),
    }
}

/// Frees a string returned by [`rxg_native_extract`]; NULL is ignored.
///
/// # Safety
///
/// `s` must come from [`rxg_native_extract`] and not have been freed.
#[no_mangle]
pub unsafe extern "C" fn rxg_native_free(s: *mut c_char) {
    if !s.is_null() {
        // SAFETY: `s` came from CString::into_raw in rxg_native_extract.
        drop(unsafe { CString::from_raw(s) });
    }
}
