//! Fuzzes the configuration and options JSON: `Config::from_json`,
//! `ExtractOptions::from_json`, and the same text through the C ABI
//! (`rx_extractor_new`, `rx_extract`'s options), checking that both layers
//! agree.
//!
//! Input layout: byte 0 = selector (bits 0-1: which entry point), the rest =
//! the JSON text (raw bytes: the C ABI must refuse invalid UTF-8 itself).
//!
//! Checked: the Rust parsers never panic; a parsed Config validates and
//! survives a round trip through `to_json_value`; errors carry the documented
//! status (invalid_config; invalid_options or unsupported_mode); the C ABI
//! gives the status the Rust parser gives for the same text, with output as
//! in extract_ffi.
#![no_main]

#[path = "common.rs"]
mod common;

use common::*;
use libfuzzer_sys::fuzz_target;
use riptide_extractor::ffi::{rx_extract, RxExtractor};
use riptide_extractor::{Config, ExtractOptions, Mode, RxStatus};
use std::os::raw::c_char;
use std::ptr;
use std::sync::OnceLock;

const PAGE: &[u8] = include_bytes!("../../fixtures/article.html");
const CONFIG: &str = r#"{"timeout_ms": 5000, "cache_dir": ""}"#;

fn extractor() -> *const RxExtractor {
    static EX: OnceLock<Handle> = OnceLock::new();
    EX.get_or_init(|| new_extractor(CONFIG)).0
}

fn rust_config(text: &str) {
    match Config::from_json(text) {
        Ok(c) => {
            c.validate().expect("a parsed config validates");
            let mut back = Config::from_json(&c.to_json_value().to_string())
                .expect("to_json_value gives a config that parses");
            // to_json_value shows the resolved cache directory, not the setting.
            back.cache_dir = c.cache_dir.clone();
            assert_eq!(back, c, "config round trip");
        }
        Err(e) => {
            assert_eq!(e.status, RxStatus::InvalidConfig, "{e}");
            serde_json::from_str::<serde_json::Value>(&e.to_json()).expect("error JSON");
        }
    }
}

fn rust_options(text: &str) {
    match ExtractOptions::from_json(text) {
        Ok(o) => {
            if let Mode::Custom(sel) = &o.mode {
                assert!(!sel.is_empty(), "custom mode without selectors accepted");
            }
        }
        Err(e) => assert!(
            matches!(e.status, RxStatus::InvalidOptions | RxStatus::UnsupportedMode),
            "{e}"
        ),
    }
}

fn abi_config(raw: &[u8]) {
    let (cfg, st) = create_and_free(raw);
    let want = match cfg.to_str() {
        Ok(s) => match Config::from_json(s) {
            Ok(_) => RxStatus::Ok,
            Err(e) => e.status,
        },
        Err(_) => RxStatus::InvalidArgument,
    };
    assert_eq!(st, want as i32, "rx_extractor_new vs Config::from_json on {cfg:?}");
}

fn abi_options(raw: &[u8]) {
    let opts = cstr(raw);
    let parsed = opts.to_str().ok().map(ExtractOptions::from_json);
    let mut out: *mut c_char = ptr::null_mut();
    let mut out_len: usize = usize::MAX;
    let st = unsafe {
        rx_extract(
            extractor(),
            PAGE.as_ptr(),
            PAGE.len(),
            ptr::null(),
            opts.as_ptr(),
            ptr::null(),
            &mut out,
            &mut out_len,
        )
    } as i32;
    assert_documented(st, "rx_extract");
    let with_stats = match &parsed {
        None => {
            assert_eq!(st, RxStatus::InvalidArgument as i32, "options not UTF-8");
            false
        }
        Some(Err(e)) => {
            assert_eq!(st, e.status as i32, "rx_extract vs ExtractOptions::from_json: {e}");
            false
        }
        // Valid options on a fixture page: a result; fuzzed custom selectors
        // may also be refused or hit a limit inside the sandbox (a selector
        // nested thousands deep overflows the guest's stack).
        Some(Ok(o)) => {
            let custom_ok = [
                RxStatus::UnsupportedMode,
                RxStatus::Timeout,
                RxStatus::MemoryLimit,
                RxStatus::GuestTrap,
            ];
            assert!(
                st == 0
                    || (matches!(o.mode, Mode::Custom(_)) && custom_ok.iter().any(|s| *s as i32 == st)),
                "valid options {opts:?} gave status {st} ({})",
                name(st)
            );
            o.with_stats
        }
    };
    take_and_check(out, Some(out_len), st, with_stats && st == 0);
}

fuzz_target!(|data: &[u8]| {
    let Some((&sel, raw)) = data.split_first() else {
        return;
    };
    match sel & 0x03 {
        0 => {
            if let Ok(text) = std::str::from_utf8(raw) {
                rust_config(text);
            }
        }
        1 => {
            if let Ok(text) = std::str::from_utf8(raw) {
                rust_options(text);
            }
        }
        2 => abi_config(raw),
        _ => abi_options(raw),
    }
});
