#![allow(dead_code)]
//! Checks shared by the fuzz targets: every string the library returns is
//! copied, freed with rx_string_free and judged against the documented shapes.

use riptide_extractor::ffi::{
    rx_extractor_free, rx_extractor_new, rx_status_name, rx_string_free, RxExtractor,
};
use riptide_extractor::RxStatus;
use serde_json::Value;
use std::ffi::{CStr, CString};
use std::os::raw::c_char;
use std::ptr;

pub const RESULT_KEYS: [&str; 15] = [
    "url", "title", "byline", "published_iso", "markdown", "text", "links", "media",
    "language", "reading_time", "quality_score", "word_count", "categories", "site_name",
    "description",
];

pub struct Handle(pub *mut RxExtractor);
unsafe impl Send for Handle {}
unsafe impl Sync for Handle {}

/// An extractor from a fixed configuration (the test's own, never fuzzed).
pub fn new_extractor(config: &str) -> Handle {
    let cfg = CString::new(config).unwrap();
    let mut ex: *mut RxExtractor = ptr::null_mut();
    let mut err: *mut c_char = ptr::null_mut();
    let st = unsafe { rx_extractor_new(cfg.as_ptr(), &mut ex, &mut err) } as i32;
    assert_eq!(st, 0, "rx_extractor_new({config}) failed");
    assert!(err.is_null());
    Handle(ex)
}

pub fn name(st: i32) -> String {
    unsafe { CStr::from_ptr(rx_status_name(st)) }.to_str().unwrap().to_owned()
}

/// A status the header documents (any of RxStatus, so codes appended later
/// count too) that is not a library bug (panic, internal).
pub fn assert_documented(st: i32, what: &str) {
    assert!(
        RxStatus::all().iter().any(|s| *s as i32 == st),
        "{what}: undocumented status {st}"
    );
    assert!(
        st != RxStatus::Panic as i32 && st != RxStatus::Internal as i32,
        "{what}: status {st} ({}) is a library bug",
        name(st)
    );
}

/// Copies and frees a library string; checks UTF-8, JSON and the key set.
pub fn take_and_check(p: *mut c_char, len: Option<usize>, st: i32, with_stats: bool) {
    assert!(!p.is_null(), "status {st}: no output string");
    let bytes = unsafe { CStr::from_ptr(p) }.to_bytes().to_vec();
    unsafe { rx_string_free(p) };
    if let Some(len) = len {
        assert_eq!(len, bytes.len(), "out_len differs from the string length");
    }
    let text = std::str::from_utf8(&bytes).expect("output is not UTF-8");
    let v: Value = serde_json::from_str(text).expect("output is not JSON");
    let obj = v.as_object().expect("output is not a JSON object");
    if st == 0 {
        for k in RESULT_KEYS {
            assert!(obj.contains_key(k), "result lacks {k}: {text}");
        }
        let want = RESULT_KEYS.len() + usize::from(with_stats);
        assert_eq!(obj.len(), want, "result keys: {:?}", obj.keys().collect::<Vec<_>>());
        if with_stats {
            assert!(obj.get("stats").map_or(false, Value::is_object), "no stats object");
        }
    } else {
        assert_eq!(obj.len(), 2, "error keys: {text}");
        assert_eq!(obj.get("code").and_then(Value::as_str), Some(name(st).as_str()), "{text}");
        assert!(obj.get("message").map_or(false, Value::is_string), "{text}");
    }
}

/// NUL-free C string from fuzz bytes (interior NULs cut the string, as C would).
pub fn cstr(b: &[u8]) -> CString {
    let end = b.iter().position(|&c| c == 0).unwrap_or(b.len());
    CString::new(&b[..end]).unwrap()
}

/// A fuzzed config with any `cache_dir` replaced by `""`: a fuzzed path could
/// make the library write anywhere.
pub fn without_cache_dir(raw: &[u8]) -> CString {
    let cfg = cstr(raw);
    if let Ok(Value::Object(mut m)) = serde_json::from_slice::<Value>(cfg.as_bytes()) {
        if m.contains_key("cache_dir") {
            m.insert("cache_dir".into(), Value::String(String::new()));
            return CString::new(Value::Object(m).to_string()).unwrap();
        }
    }
    cfg
}

/// `rx_extractor_new` with a fuzzed config (`cache_dir` forced to `""`): the
/// status is documented, a handle comes with OK only (and is freed), an error
/// JSON otherwise. Returns the config given and the status.
pub fn create_and_free(raw: &[u8]) -> (CString, i32) {
    let cfg = without_cache_dir(raw);
    let mut ex: *mut RxExtractor = ptr::null_mut();
    let mut err: *mut c_char = ptr::null_mut();
    let st = unsafe { rx_extractor_new(cfg.as_ptr(), &mut ex, &mut err) } as i32;
    assert_documented(st, "rx_extractor_new");
    if st == 0 {
        assert!(!ex.is_null() && err.is_null());
        unsafe { rx_extractor_free(ex) };
    } else {
        assert!(ex.is_null());
        take_and_check(err, None, st, false);
    }
    (cfg, st)
}
