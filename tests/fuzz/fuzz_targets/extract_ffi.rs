//! Fuzzes the C ABI entry points: rx_extract (every mode, options JSON,
//! charset, url, raw html bytes) on one shared extractor, and sometimes
//! rx_extractor_new with a fuzzed configuration JSON.
//!
//! Input layout: byte 0 = selector, byte 1 = url length (mod 96), byte 2 =
//! options/config length (mod 160), then the url bytes, then the
//! options/config bytes (only used by the selectors that want them), then the
//! html bytes (the rest).
//!
//! Checked per call: the status is one of the documented RxStatus values for
//! that function and not panic/internal; the output string is non-NULL, UTF-8,
//! out_len equals its length, it parses with serde_json and has either the 15
//! result keys (+ "stats" when asked) or exactly {"code","message"} with
//! code = rx_status_name(status); every string is freed with rx_string_free.
#![no_main]

use libfuzzer_sys::fuzz_target;
use riptide_extractor::ffi::{
    rx_extract, rx_extractor_free, rx_extractor_new, rx_status_name, rx_string_free, RxExtractor,
};
use serde_json::Value;
use std::ffi::{CStr, CString};
use std::os::raw::c_char;
use std::ptr;
use std::sync::OnceLock;

const RESULT_KEYS: [&str; 15] = [
    "url", "title", "byline", "published_iso", "markdown", "text", "links", "media",
    "language", "reading_time", "quality_score", "word_count", "categories", "site_name",
    "description",
];
// No compiled-code cache: the fuzzer must not write outside target/.
const CONFIG: &str = r#"{"timeout_ms": 2000, "max_memory_bytes": 33554432, "max_input_bytes": 1048576, "cache_dir": ""}"#;

struct Handle(*mut RxExtractor);
unsafe impl Send for Handle {}
unsafe impl Sync for Handle {}

fn extractor() -> *const RxExtractor {
    static EX: OnceLock<Handle> = OnceLock::new();
    EX.get_or_init(|| {
        let cfg = CString::new(CONFIG).unwrap();
        let mut ex: *mut RxExtractor = ptr::null_mut();
        let mut err: *mut c_char = ptr::null_mut();
        let st = unsafe { rx_extractor_new(cfg.as_ptr(), &mut ex, &mut err) } as i32;
        assert_eq!(st, 0, "rx_extractor_new(fixed config) failed");
        assert!(err.is_null());
        Handle(ex)
    })
    .0
}

fn name(st: i32) -> String {
    unsafe { CStr::from_ptr(rx_status_name(st)) }.to_str().unwrap().to_owned()
}

/// Copies and frees a library string; checks UTF-8, JSON and the key set.
fn take_and_check(p: *mut c_char, len: Option<usize>, st: i32, with_stats: bool) {
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
fn cstr(b: &[u8]) -> CString {
    let end = b.iter().position(|&c| c == 0).unwrap_or(b.len());
    CString::new(&b[..end]).unwrap()
}

fn fuzz_config(raw: &[u8]) {
    // A fuzzed cache_dir could make the library write anywhere: force "" then.
    let mut cfg = cstr(raw);
    if let Ok(Value::Object(mut m)) = serde_json::from_slice::<Value>(cfg.as_bytes()) {
        if m.contains_key("cache_dir") {
            m.insert("cache_dir".into(), Value::String(String::new()));
            cfg = CString::new(Value::Object(m).to_string()).unwrap();
        }
    }
    let mut ex: *mut RxExtractor = ptr::null_mut();
    let mut err: *mut c_char = ptr::null_mut();
    let st = unsafe { rx_extractor_new(cfg.as_ptr(), &mut ex, &mut err) } as i32;
    // Documented: OK, INVALID_ARGUMENT, INVALID_CONFIG, COMPONENT_LOAD, INTERNAL;
    // internal would mean the engine failed, which fixed inputs never do here.
    assert!(matches!(st, 0 | 1 | 2 | 6), "rx_extractor_new: status {st} ({})", name(st));
    if st == 0 {
        assert!(!ex.is_null() && err.is_null());
        unsafe { rx_extractor_free(ex) };
    } else {
        assert!(ex.is_null());
        take_and_check(err, None, st, false);
    }
}

fuzz_target!(|data: &[u8]| {
    if data.len() < 3 {
        return;
    }
    let (sel, url_len, opt_len) = (data[0], data[1] as usize % 96, data[2] as usize % 160);
    let rest = &data[3..];
    let url_len = url_len.min(rest.len());
    let (url, rest) = rest.split_at(url_len);
    let opt_len = opt_len.min(rest.len());
    let (opt_raw, html) = rest.split_at(opt_len);

    // Selector: bits 0-2 options, bit 3 with_stats, bits 4-5 charset, bit 6 url NULL,
    // bit 7 with options selector 7 = fuzzed config for rx_extractor_new.
    let with_stats = sel & 0x08 != 0;
    let ws = if with_stats { r#", "with_stats": true"# } else { "" };
    let options: Option<CString> = match sel & 0x07 {
        0 => None,
        1 => Some(cstr(format!(r#"{{"mode": "article"{ws}}}"#).as_bytes())),
        2 => Some(cstr(format!(r#"{{"mode": "full"{ws}}}"#).as_bytes())),
        3 => Some(cstr(format!(r#"{{"mode": "metadata"{ws}}}"#).as_bytes())),
        4 => {
            // Custom mode with fuzzed selectors (the bytes as one JSON string).
            let s = String::from_utf8_lossy(opt_raw);
            let sels = Value::Array(s.split('\n').map(|x| Value::String(x.into())).collect());
            Some(cstr(format!(r#"{{"mode": {{"custom": {sels}}}{ws}}}"#).as_bytes()))
        }
        5 | 6 => Some(cstr(opt_raw)), // raw fuzzed options JSON
        _ => {
            if sel & 0x80 != 0 {
                fuzz_config(opt_raw);
                return;
            }
            Some(cstr(format!(r#"{{"mode": "article"{ws}}}"#).as_bytes()))
        }
    };
    // Raw options only ask for stats when they parse and say so.
    let stats_asked = match sel & 0x07 {
        5 | 6 => serde_json::from_slice::<Value>(opt_raw.split(|&c| c == 0).next().unwrap_or(&[]))
            .ok()
            .and_then(|v| v.get("with_stats").and_then(Value::as_bool))
            .unwrap_or(false),
        0 => false,
        _ => with_stats,
    };
    let charset: Option<CString> = match (sel >> 4) & 0x03 {
        0 => None,
        1 => Some(cstr(b"iso-8859-1")),
        2 => Some(cstr(b"text/html; charset=Shift_JIS")),
        _ => Some(cstr(opt_raw)),
    };
    let url_c = cstr(url);
    let url_p = if sel & 0x40 != 0 { ptr::null() } else { url_c.as_ptr() };

    let mut out: *mut c_char = ptr::null_mut();
    let mut out_len: usize = usize::MAX;
    let html_p = if html.is_empty() && sel & 0x01 != 0 { ptr::null() } else { html.as_ptr() };
    let st = unsafe {
        rx_extract(
            extractor(),
            html_p,
            html.len(),
            url_p,
            options.as_ref().map_or(ptr::null(), |o| o.as_ptr()),
            charset.as_ref().map_or(ptr::null(), |c| c.as_ptr()),
            &mut out,
            &mut out_len,
        )
    } as i32;
    // Documented for rx_extract: every status but component_load, invalid_config,
    // panic and internal (the last two are library bugs by the README).
    assert!(
        matches!(st, 0 | 1 | 3 | 4 | 5 | 7 | 8 | 9 | 10 | 11 | 12 | 13 | 16 | 17),
        "rx_extract: status {st} ({})",
        name(st)
    );
    take_and_check(out, Some(out_len), st, stats_asked);
});
