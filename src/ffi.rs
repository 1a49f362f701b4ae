//! The C ABI: argument checks, a panic guard and conversion over the safe core
//! in `extractor.rs`. cbindgen turns the doc comments below into
//! `include/riptide_extractor.h`.

use crate::config::{Config, ExtractOptions};
use crate::error::{Error, Result};
use crate::extractor::{to_json, Extractor};
use crate::status::RxStatus;
use std::ffi::{c_char, c_int, CStr, CString, OsStr};
use std::os::unix::ffi::OsStrExt;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;
use std::ptr;

/// An extractor handle: a compiled extractor component plus its limits.
/// Created by rx_extractor_new(), rx_extractor_new_from_file() or
/// rx_extractor_new_from_bytes(); released by rx_extractor_free().
/// Thread-safe: any number of threads may call rx_extract() and the other
/// query functions on one handle at the same time.
pub struct RxExtractor {
    inner: Extractor,
}

// ---------------------------------------------------------------------------
// Helpers (not exported).

/// Runs `f`, turning a panic into `RxStatus::Panic`.
fn guard<T>(f: impl FnOnce() -> Result<T>) -> Result<T> {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(r) => r,
        Err(payload) => {
            let msg = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".into());
            Err(Error::new(
                RxStatus::Panic,
                format!("internal panic (please report): {msg}"),
            ))
        }
    }
}

/// A NUL-terminated UTF-8 argument; `None` for NULL.
///
/// # Safety
/// `p` is NULL or points to a NUL-terminated string.
unsafe fn opt_str<'a>(p: *const c_char, what: &str) -> Result<Option<&'a str>> {
    if p.is_null() {
        return Ok(None);
    }
    CStr::from_ptr(p).to_str().map(Some).map_err(|e| {
        Error::new(
            RxStatus::InvalidArgument,
            format!("{what} is not valid UTF-8: {e}"),
        )
    })
}

/// A byte buffer argument. NULL is allowed only with length 0.
///
/// # Safety
/// `p` is NULL or points to `len` readable bytes.
unsafe fn byte_slice<'a>(p: *const u8, len: usize, what: &str) -> Result<&'a [u8]> {
    if len > isize::MAX as usize {
        return Err(Error::new(
            RxStatus::InvalidArgument,
            format!("{what} length {len} is impossible"),
        ));
    }
    if p.is_null() {
        if len == 0 {
            return Ok(&[]);
        }
        return Err(Error::new(
            RxStatus::InvalidArgument,
            format!("{what} is NULL but its length is {len}"),
        ));
    }
    Ok(std::slice::from_raw_parts(p, len))
}

/// A library-owned NUL-terminated copy of `s` (JSON never holds a raw NUL).
fn into_c_string(s: String) -> *mut c_char {
    match CString::new(s) {
        Ok(c) => c.into_raw(),
        Err(e) => {
            // Unreachable for JSON output; keep the text before the NUL.
            let mut v = e.into_vec();
            let cut = v.iter().position(|&b| b == 0).unwrap_or(v.len());
            v.truncate(cut);
            CString::new(v)
                .map(CString::into_raw)
                .unwrap_or(ptr::null_mut())
        }
    }
}

/// Stores `s` into `*out` (and its length into `*out_len` when given).
///
/// # Safety
/// `out` is non-NULL and writable; `out_len` is NULL or writable.
unsafe fn store_string(out: *mut *mut c_char, out_len: *mut usize, s: String) {
    let len = s.len();
    *out = into_c_string(s);
    if !out_len.is_null() {
        *out_len = if (*out).is_null() { 0 } else { len };
    }
}

/// Finishes a call that produces JSON into `out_json`: the result on success,
/// the error object on failure.
///
/// # Safety
/// As `store_string`, when `out_json` is non-NULL.
unsafe fn finish_json(
    result: Result<String>,
    out_json: *mut *mut c_char,
    out_len: *mut usize,
) -> RxStatus {
    match result {
        Ok(json) => {
            store_string(out_json, out_len, json);
            RxStatus::Ok
        }
        Err(e) => {
            store_string(out_json, out_len, e.to_json());
            e.status
        }
    }
}

/// Common prologue of calls with `out_json`/`out_len`: checks and clears them.
///
/// # Safety
/// `out_json` and `out_len` are NULL or writable.
unsafe fn begin_json(out_json: *mut *mut c_char, out_len: *mut usize) -> bool {
    if !out_len.is_null() {
        *out_len = 0;
    }
    if out_json.is_null() {
        return false;
    }
    *out_json = ptr::null_mut();
    true
}

/// # Safety
/// `ex` is NULL or a live handle from this library.
unsafe fn handle<'a>(ex: *const RxExtractor) -> Result<&'a Extractor> {
    ex.as_ref()
        .map(|h| &h.inner)
        .ok_or_else(|| Error::new(RxStatus::InvalidArgument, "extractor handle is NULL"))
}

/// Shared body of the three constructors.
///
/// # Safety
/// Pointer rules of the public constructors.
unsafe fn create(
    config_json: *const c_char,
    out_extractor: *mut *mut RxExtractor,
    out_error: *mut *mut c_char,
    make: impl FnOnce(Config) -> Result<Extractor>,
) -> RxStatus {
    if !out_error.is_null() {
        *out_error = ptr::null_mut();
    }
    let result = guard(|| {
        if out_extractor.is_null() {
            return Err(Error::new(
                RxStatus::InvalidArgument,
                "out_extractor is NULL",
            ));
        }
        *out_extractor = ptr::null_mut();
        let config = match opt_str(config_json, "config_json")? {
            Some(json) => Config::from_json(json)?,
            None => Config::default(),
        };
        let inner = make(config)?;
        *out_extractor = Box::into_raw(Box::new(RxExtractor { inner }));
        Ok(())
    });
    match result {
        Ok(()) => RxStatus::Ok,
        Err(e) => {
            if !out_error.is_null() {
                store_string(out_error, ptr::null_mut(), e.to_json());
            }
            e.status
        }
    }
}

/// Shared body of the query functions that return JSON.
///
/// # Safety
/// Pointer rules of the public query functions.
unsafe fn query(
    ex: *const RxExtractor,
    out_json: *mut *mut c_char,
    out_len: *mut usize,
    f: impl FnOnce(&Extractor) -> Result<String>,
) -> RxStatus {
    if !begin_json(out_json, out_len) {
        return RxStatus::InvalidArgument;
    }
    let result = guard(|| f(handle(ex)?));
    finish_json(result, out_json, out_len)
}

// ---------------------------------------------------------------------------
// Exported functions.

/// The library version as a static NUL-terminated string, e.g. "0.1.0".
///
/// Ownership: the string is static; do not free it. Thread-safe.
#[no_mangle]
pub extern "C" fn rx_version() -> *const c_char {
    concat!(env!("CARGO_PKG_VERSION"), "\0").as_ptr().cast()
}

/// The stable snake_case name of a status code ("ok", "timeout", ...), the
/// same text as "code" in error JSON; "unknown" for a value that is not an
/// RxStatus.
///
/// Ownership: the string is static; do not free it. Thread-safe.
#[no_mangle]
pub extern "C" fn rx_status_name(status: c_int) -> *const c_char {
    let name: &'static CStr = match RxStatus::from_code(i64::from(status)) {
        Some(s) => s.c_name(),
        None => c"unknown",
    };
    name.as_ptr()
}

/// Frees a string returned by this library (out_json / out_error). NULL is
/// accepted and ignored.
///
/// Ownership: takes ownership of `s`. Passing a pointer that did not come from
/// this library, or freeing twice, is undefined behaviour. Thread-safe.
#[no_mangle]
pub unsafe extern "C" fn rx_string_free(s: *mut c_char) {
    if s.is_null() {
        return;
    }
    let _ = catch_unwind(AssertUnwindSafe(|| drop(CString::from_raw(s))));
}

/// Creates an extractor running the embedded default extractor component.
///
/// - `config_json`: NUL-terminated UTF-8 JSON, or NULL for the defaults:
///   `{"max_memory_bytes": 134217728, "timeout_ms": 30000, "fuel": null,
///   "max_input_bytes": 4194304, "max_output_bytes": null,
///   "max_wasi_resources": 1000, "cache_dir": null, "cache_warnings": false,
///   "instance_allocator": "on-demand", "preinit": true,
///   "address_space": "large", "signal_check": true}` (every field
///   optional; unknown fields are an error; `cache_dir` null = the default
///   compiled-code cache `$RX_CACHE_DIR` /
///   `$XDG_CACHE_HOME/riptide-extractor` / `~/.cache/riptide-extractor`,
///   "" = none; `cache_warnings` true prints, once per process, to stderr
///   why the cache is not used; `instance_allocator` "pooling" is faster but exposed to
///   RUSTSEC-2026-0088, see the README; `preinit` starts every call from a
///   snapshot of the component taken after its warm-up, when it exports one;
///   `address_space` "compact" reserves ~130 MiB per concurrent call instead
///   of ~4.1 GiB, for processes under RLIMIT_AS, at some speed;
///   `signal_check` false skips the check described in rx_extract()).
///   Borrowed for the call only.
/// - `out_extractor`: required; receives the new handle (NULL on failure).
///   The caller owns it and must release it with rx_extractor_free().
/// - `out_error`: optional (may be NULL); on failure receives an error JSON
///   `{"code": ..., "message": ...}` owned by the caller (rx_string_free());
///   set to NULL on success.
///
/// Returns RX_STATUS_OK, RX_STATUS_INVALID_ARGUMENT, RX_STATUS_INVALID_CONFIG,
/// RX_STATUS_COMPONENT_LOAD, RX_STATUS_HOST_RESOURCES (not enough address
/// space or memory to compile: compiling needs ~115 MiB free for the default
/// component) or RX_STATUS_INTERNAL. The first extractor of a process
/// compiles the component (about a second) or loads it from the
/// compiled-code cache (milliseconds); later ones reuse it. A failure,
/// including a failed pre-initialisation, is not remembered: the next call
/// tries again. Thread-safe.
///
/// Process rules (details in the README, "Thread safety, fork and signals"):
/// the first extractor installs the library's SIGSEGV, SIGILL and SIGFPE
/// handlers, which catch guest traps and pass every other fault on to the
/// handler installed before them; a handler the host installs later must
/// call the one it replaced (with the same siginfo and context), see
/// RX_STATUS_SIGNAL_HANDLERS. fork() is supported: a child may use
/// extractors created before the fork and create new ones (compiling
/// serially there); fork() waits while another thread creates an extractor.
#[no_mangle]
pub unsafe extern "C" fn rx_extractor_new(
    config_json: *const c_char,
    out_extractor: *mut *mut RxExtractor,
    out_error: *mut *mut c_char,
) -> RxStatus {
    create(config_json, out_extractor, out_error, Extractor::new)
}

/// Creates an extractor running the WebAssembly component in the file at
/// `path` (a component implementing the `riptide:extractor/extractor` world
/// of wit/extractor.wit).
///
/// - `path`: required NUL-terminated path (any bytes, as the OS allows);
///   borrowed for the call only.
/// - `config_json`, `out_extractor`, `out_error`: as in rx_extractor_new().
///
/// Returns RX_STATUS_COMPONENT_LOAD when the file is missing, unreadable, not a
/// component, or does not implement the world. Thread-safe.
#[no_mangle]
pub unsafe extern "C" fn rx_extractor_new_from_file(
    path: *const c_char,
    config_json: *const c_char,
    out_extractor: *mut *mut RxExtractor,
    out_error: *mut *mut c_char,
) -> RxStatus {
    create(config_json, out_extractor, out_error, |config| {
        if path.is_null() {
            return Err(Error::new(RxStatus::InvalidArgument, "path is NULL"));
        }
        let p = Path::new(OsStr::from_bytes(CStr::from_ptr(path).to_bytes()));
        Extractor::from_file(p, config)
    })
}

/// Creates an extractor running the component in `bytes[0..len]`.
///
/// - `bytes`: required, `len` readable bytes; copied, so the caller may free
///   them as soon as the call returns.
/// - `config_json`, `out_extractor`, `out_error`: as in rx_extractor_new().
///
/// Returns RX_STATUS_INVALID_ARGUMENT for NULL bytes, RX_STATUS_COMPONENT_LOAD
/// when they are not a component implementing the world. Thread-safe.
#[no_mangle]
pub unsafe extern "C" fn rx_extractor_new_from_bytes(
    bytes: *const u8,
    len: usize,
    config_json: *const c_char,
    out_extractor: *mut *mut RxExtractor,
    out_error: *mut *mut c_char,
) -> RxStatus {
    create(config_json, out_extractor, out_error, |config| {
        if bytes.is_null() {
            return Err(Error::new(
                RxStatus::InvalidArgument,
                "component bytes are NULL",
            ));
        }
        Extractor::from_bytes(byte_slice(bytes, len, "component bytes")?, config)
    })
}

/// Releases an extractor. NULL is accepted and ignored.
///
/// Ownership: takes ownership of `extractor`. It must not be in use by another
/// thread, and must not be used or freed again afterwards (undefined
/// behaviour the library cannot detect).
#[no_mangle]
pub unsafe extern "C" fn rx_extractor_free(extractor: *mut RxExtractor) {
    if extractor.is_null() {
        return;
    }
    let _ = catch_unwind(AssertUnwindSafe(|| drop(Box::from_raw(extractor))));
}

/// Extracts structured content from one page, inside a fresh sandbox instance.
///
/// - `extractor`: required handle.
/// - `html`, `html_len`: the page as raw bytes in any charset (decoded by: byte
///   order mark, then `charset`, then `<meta charset>`, then UTF-8 or
///   detection). NULL is allowed only with `html_len` 0. Borrowed for the call.
/// - `url`: the page URL (NUL-terminated UTF-8) used to resolve relative links,
///   or NULL when unknown.
/// - `options_json`: NULL (article mode) or JSON: `{"mode": "article"}`,
///   `"full"`, `"metadata"`, `{"mode": {"custom": ["css selector", ...]}}`;
///   `"with_stats": true` adds a `"stats"` object to the result;
///   `"markdown": false` skips the Markdown conversion (`"markdown"` is `""`);
///   `"favor": "balanced"` (default), `"precision"` (captions, link-dense
///   lines and short closing sentences go too) or `"recall"` (photo credits
///   stay, shorter lead blocks are taken; a readability result that misses
///   much of the main region gives way to it)
///   sets what article mode's pruning favours (a component without
///   `configure` refuses all but `"balanced"` with RX_STATUS_UNSUPPORTED_MODE).
/// - `charset`: NULL, a charset label (`"iso-8859-1"`) or a whole HTTP
///   Content-Type value (`"text/html; charset=Shift_JIS"`).
/// - `out_json`: required; receives a NUL-terminated UTF-8 JSON string owned by
///   the caller (free it with rx_string_free()): on success the extracted
///   content `{"url", "title", "byline", "published_iso", "markdown", "text",
///   "links", "media", "language", "reading_time", "quality_score",
///   "word_count", "categories", "site_name", "description"}`, on failure an
///   error object `{"code", "message"}`.
/// - `out_len`: optional; receives the length of `*out_json` in bytes (without
///   the NUL).
///
/// Returns RX_STATUS_OK or the failure's status: bad arguments
/// (INVALID_ARGUMENT, INVALID_OPTIONS, UNSUPPORTED_MODE, INPUT_TOO_LARGE),
/// limits (TIMEOUT, MEMORY_LIMIT, FUEL_EXHAUSTED, OUTPUT_TOO_LARGE,
/// RESOURCE_LIMIT), a failing component
/// (GUEST_TRAP) or what the component reported (INVALID_HTML, PARSE_ERROR,
/// EXTRACTION_FAILED); the process: HOST_RESOURCES (no address space or
/// memory for the instance, e.g. under RLIMIT_AS; not counted as a trap),
/// SIGNAL_HANDLERS (a SIGSEGV/SIGILL/SIGFPE handler of the library was
/// replaced since the first extractor was created, so a guest trap could
/// not be caught: the guest is not run; unless the extractor was created
/// with "signal_check": false). After any failure the handle stays usable.
/// Thread-safe: call it from any number of threads on one handle. In a
/// child of fork() it works as in the parent (the deadline timer restarts
/// in the child on its first call).
#[no_mangle]
pub unsafe extern "C" fn rx_extract(
    extractor: *const RxExtractor,
    html: *const u8,
    html_len: usize,
    url: *const c_char,
    options_json: *const c_char,
    charset: *const c_char,
    out_json: *mut *mut c_char,
    out_len: *mut usize,
) -> RxStatus {
    if !begin_json(out_json, out_len) {
        return RxStatus::InvalidArgument;
    }
    let result = guard(|| {
        let ex = handle(extractor)?;
        // Check the length against the limit before forming a slice from it.
        ex.precheck_input(html_len)?;
        let html = byte_slice(html, html_len, "html")?;
        let url = opt_str(url, "url")?.unwrap_or("");
        let options = match opt_str(options_json, "options_json")? {
            Some(json) => ExtractOptions::from_json(json)?,
            None => ExtractOptions::default(),
        };
        let charset = opt_str(charset, "charset")?;
        ex.extract_json(html, url, &options, charset)
    });
    finish_json(result, out_json, out_len)
}

/// Asks the component whether `html` is a usable document: `{"valid": true}`
/// or `{"valid": false}` in `out_json`.
///
/// Arguments and ownership as in rx_extract(). Thread-safe.
#[no_mangle]
pub unsafe extern "C" fn rx_extractor_validate_html(
    extractor: *const RxExtractor,
    html: *const u8,
    html_len: usize,
    charset: *const c_char,
    out_json: *mut *mut c_char,
    out_len: *mut usize,
) -> RxStatus {
    query(extractor, out_json, out_len, |ex| {
        ex.precheck_input(html_len)?;
        let html = byte_slice(html, html_len, "html")?;
        let valid = ex.validate_html(html, opt_str(charset, "charset")?)?;
        Ok(serde_json::json!({ "valid": valid }).to_string())
    })
}

/// The component's self-description plus the library's version and limits:
/// `{"component": {"name", "version", "component_model_version", "features",
/// "supported_modes", "build_profile"}, "library_version", "wasmtime_version",
/// "preinit": {"state", "detail"}, "cache": {"dir", "state", "reason", "hits",
/// "misses", "rejected", "last_rejection", "stores", "store_errors",
/// "last_store_error", "stale_temporary_files_removed"}, "config": {...}}`;
/// `cache.state` is "used", "disabled", "refused" (the directory or an
/// ancestor is not private to this user; `reason` says which check failed)
/// or "unavailable" (it cannot be opened or created).
///
/// - `extractor`: required. `out_json`: required, caller-owned
///   (rx_string_free()); an error object on failure. `out_len`: optional.
/// Thread-safe.
#[no_mangle]
pub unsafe extern "C" fn rx_extractor_info(
    extractor: *const RxExtractor,
    out_json: *mut *mut c_char,
    out_len: *mut usize,
) -> RxStatus {
    query(extractor, out_json, out_len, Extractor::info_json)
}

/// Runs the component's health check (which extracts a built-in probe page):
/// `{"status": "healthy"|"degraded"|"unhealthy", "version",
/// "extractor_version", "probe_ok", "memory_usage"}`.
///
/// Ownership as in rx_extractor_info(). Thread-safe.
#[no_mangle]
pub unsafe extern "C" fn rx_extractor_health(
    extractor: *const RxExtractor,
    out_json: *mut *mut c_char,
    out_len: *mut usize,
) -> RxStatus {
    query(extractor, out_json, out_len, |ex| to_json(&ex.health()?))
}

/// The modes the component supports, as a JSON array of names
/// (`["article", "full", "metadata", "custom"]`).
///
/// Ownership as in rx_extractor_info(). Thread-safe.
#[no_mangle]
pub unsafe extern "C" fn rx_extractor_modes(
    extractor: *const RxExtractor,
    out_json: *mut *mut c_char,
    out_len: *mut usize,
) -> RxStatus {
    query(extractor, out_json, out_len, |ex| to_json(&ex.modes()?))
}

/// Counters of this extractor since it was created: `{"extractions",
/// "successes", "failures", "total_time_ms", "mean_time_ms", "max_time_ms",
/// "bytes_in", "limit_hits": {"timeout", "memory", "fuel", "input_size",
/// "output_size", "wasi_resources"},
/// "traps", "host_failures"}` (`host_failures`: calls that failed with
/// RX_STATUS_HOST_RESOURCES).
///
/// Ownership as in rx_extractor_info(). Thread-safe (counters are updated
/// atomically; a snapshot taken during concurrent calls may be mid-update).
#[no_mangle]
pub unsafe extern "C" fn rx_extractor_stats(
    extractor: *const RxExtractor,
    out_json: *mut *mut c_char,
    out_len: *mut usize,
) -> RxStatus {
    query(extractor, out_json, out_len, |ex| Ok(ex.stats_json()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn panics_become_the_panic_status() {
        let e = guard::<()>(|| panic!("boom")).unwrap_err();
        assert_eq!(e.status, RxStatus::Panic);
        assert!(e.message.contains("boom"));
        let e = guard::<()>(|| std::panic::panic_any(42u8)).unwrap_err();
        assert_eq!(e.status, RxStatus::Panic);
    }

    #[test]
    fn argument_helpers_check_null_length_and_utf8() {
        unsafe {
            assert_eq!(byte_slice(ptr::null(), 0, "x").unwrap(), &[] as &[u8]);
            assert_eq!(
                byte_slice(ptr::null(), 1, "x").unwrap_err().status,
                RxStatus::InvalidArgument
            );
            assert_eq!(
                byte_slice(b"a".as_ptr(), usize::MAX, "x")
                    .unwrap_err()
                    .status,
                RxStatus::InvalidArgument
            );
            assert_eq!(opt_str(ptr::null(), "x").unwrap(), None);
            assert_eq!(opt_str(c"ok".as_ptr(), "x").unwrap(), Some("ok"));
            let bad = b"\xff\0";
            assert_eq!(
                opt_str(bad.as_ptr().cast(), "url").unwrap_err().status,
                RxStatus::InvalidArgument
            );
        }
    }

    #[test]
    fn status_names_match_the_core() {
        for s in RxStatus::all() {
            let name = unsafe { CStr::from_ptr(rx_status_name(s as c_int)) };
            assert_eq!(name.to_str().unwrap(), s.name());
        }
        let unknown = unsafe { CStr::from_ptr(rx_status_name(-7)) };
        assert_eq!(unknown.to_str().unwrap(), "unknown");
        let v = unsafe { CStr::from_ptr(rx_version()) };
        assert_eq!(v.to_str().unwrap(), crate::VERSION);
    }

    #[test]
    fn strings_round_trip_through_the_c_allocator_functions() {
        let mut out: *mut c_char = ptr::null_mut();
        let mut len = 0usize;
        unsafe {
            store_string(&mut out, &mut len, "{\"a\":1}".into());
            assert_eq!(len, 7);
            assert_eq!(CStr::from_ptr(out).to_str().unwrap(), "{\"a\":1}");
            rx_string_free(out);
            rx_string_free(ptr::null_mut());
        }
        // A stray NUL (never produced by JSON) truncates instead of failing.
        let p = into_c_string("ab\0cd".into());
        unsafe {
            assert_eq!(CStr::from_ptr(p).to_str().unwrap(), "ab");
            rx_string_free(p);
        }
    }
}
