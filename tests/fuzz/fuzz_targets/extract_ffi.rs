//! Fuzzes the C ABI entry points: rx_extract (every mode, options JSON,
//! charset, url, raw html bytes) on one shared extractor, and sometimes
//! rx_extractor_new with a fuzzed configuration JSON.
//!
//! Input layout: byte 0 = selector, byte 1 = url length (mod 96), byte 2 =
//! options/config length (mod 160), then the url bytes, then the
//! options/config bytes (only used by the selectors that want them), then the
//! html bytes (the rest).
//!
//! Checked per call: the status is a documented RxStatus value that function
//! can give and not panic/internal; the output string is non-NULL, UTF-8,
//! out_len equals its length, it parses with serde_json and has either the 15
//! result keys (+ "stats" when asked) or exactly {"code","message"} with
//! code = rx_status_name(status); every string is freed with rx_string_free.
#![no_main]

#[path = "common.rs"]
mod common;

use common::*;
use libfuzzer_sys::fuzz_target;
use riptide_extractor::ffi::{rx_extract, RxExtractor};
use riptide_extractor::RxStatus;
use serde_json::Value;
use std::ffi::CString;
use std::os::raw::c_char;
use std::ptr;
use std::sync::OnceLock;

// The default limits (inputs as large as real pages: max_input_bytes and
// max_memory_bytes as shipped), a short deadline, and no compiled-code cache:
// the fuzzer must not write outside target/.
const CONFIG: &str = r#"{"timeout_ms": 5000, "cache_dir": ""}"#;

fn extractor() -> *const RxExtractor {
    static EX: OnceLock<Handle> = OnceLock::new();
    EX.get_or_init(|| new_extractor(CONFIG)).0
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
                create_and_free(opt_raw);
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
    // Every documented status but the ones only creation gives.
    assert_documented(st, "rx_extract");
    assert!(
        st != RxStatus::ComponentLoad as i32 && st != RxStatus::InvalidConfig as i32,
        "rx_extract: status {st} ({})",
        name(st)
    );
    take_and_check(out, Some(out_len), st, stats_asked);
});
