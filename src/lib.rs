//! riptide-extractor: turn downloaded web pages into clean, structured content
//! inside a WebAssembly component sandbox (Wasmtime 37), with a C ABI for C,
//! C++, Go and crawlers.
//!
//! Layout, one job per module:
//! - [`extractor`]: the safe core (`Extractor`), with its own Rust tests;
//! - [`config`]: configuration and per-call options from JSON;
//! - [`decode`]: bytes to UTF-8 following the WHATWG sniffing order;
//! - `sandbox`: every Wasmtime call (engine, limits, instances);
//! - `cache`: the persistent compiled-code cache's files and trust checks;
//! - `process`: fork handlers, the trap signal handlers check, address space;
//! - [`content`]: the JSON result shapes;
//! - [`status`], [`error`]: status codes and the error type;
//! - `ffi`: the thin `extern "C"` layer (argument checks, panic guard,
//!   conversion). Its header is `include/riptide_extractor.h`.

#[cfg(all(feature = "wasmtime-37", feature = "wasmtime-lts"))]
compile_error!("choose one engine: feature `wasmtime-37` (default) or `wasmtime-lts` (with --no-default-features)");
#[cfg(not(any(feature = "wasmtime-37", feature = "wasmtime-lts")))]
compile_error!("an engine feature is required: `wasmtime-37` (default) or `wasmtime-lts`");
// RUSTSEC-2026-0096: Cranelift 37.0.3 miscompiles guest heap accesses on
// aarch64 (sandbox escape); 36.0.20 is patched. See .cargo/audit.toml.
#[cfg(all(target_arch = "aarch64", feature = "wasmtime-37"))]
compile_error!("Wasmtime 37.0.3 must not be used on aarch64 (RUSTSEC-2026-0096): build with `--no-default-features --features wasmtime-lts`");
// With `wasmtime-lts` the LTS crates take the usual names, so src/sandbox/
// (and the code `bindgen!` generates) is the same for both engines.
#[cfg(all(feature = "wasmtime-lts", not(feature = "wasmtime-37")))]
extern crate wasmtime_lts as wasmtime;
#[cfg(all(feature = "wasmtime-lts", not(feature = "wasmtime-37")))]
extern crate wasmtime_wasi_lts as wasmtime_wasi;

mod cache;
pub mod config;
pub mod content;
pub mod decode;
pub mod error;
pub mod extractor;
pub mod ffi;
mod preinit;
mod process;
mod sandbox;
mod stack;
pub mod status;

pub use config::{AddressSpace, Config, ExtractOptions, Favor, InstanceAllocator, Mode};
pub use content::{ComponentInfo, ExtractedContent, Extraction, ExtractionStats, HealthStatus};
pub use error::{Error, Result};
pub use extractor::Extractor;
pub use sandbox::WASMTIME_VERSION;
pub use status::RxStatus;

/// The library version (Cargo package version).
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The header cbindgen generates now, for the staleness test.
#[cfg(test)]
const GENERATED_HEADER: &str = include_str!(env!("RX_GENERATED_HEADER"));

#[cfg(test)]
mod header_tests {
    /// Fails when include/riptide_extractor.h differs from what cbindgen
    /// generates from the current sources. `RX_UPDATE_HEADER=1` rewrites it.
    #[test]
    fn checked_in_header_is_current() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/include/riptide_extractor.h");
        let checked_in = std::fs::read_to_string(path).unwrap_or_default();
        if checked_in != super::GENERATED_HEADER {
            if std::env::var_os("RX_UPDATE_HEADER").is_some() {
                std::fs::write(path, super::GENERATED_HEADER).unwrap();
                return;
            }
            panic!("{path} is stale: run `make header` (RX_UPDATE_HEADER=1 cargo test --release --lib header) and commit it");
        }
    }
}
