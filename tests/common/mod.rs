//! Helpers shared by the Rust integration tests.
#![allow(dead_code)]

use std::path::PathBuf;
use std::process::Command;
use std::sync::OnceLock;

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(root().join("tests/fixtures").join(name)).expect("fixture")
}

/// The misbehaving test component (tests/components/hostile): from
/// `RX_HOSTILE_WASM` when set (the Makefile builds it), else built here.
pub fn hostile_component() -> PathBuf {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    PATH.get_or_init(|| hostile_variant("RX_HOSTILE_WASM", None))
        .clone()
}

/// The hostile component built with its `preinit-loops` feature: from
/// `RX_HOSTILE_PREINIT_LOOPS_WASM` when set, else built here.
pub fn hostile_preinit_loops_component() -> PathBuf {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    PATH.get_or_init(|| hostile_variant("RX_HOSTILE_PREINIT_LOOPS_WASM", Some("preinit-loops")))
        .clone()
}

/// The hostile component built with its `preinit-logs` feature: from
/// `RX_HOSTILE_PREINIT_LOGS_WASM` when set, else built here.
pub fn hostile_preinit_logs_component() -> PathBuf {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    PATH.get_or_init(|| hostile_variant("RX_HOSTILE_PREINIT_LOGS_WASM", Some("preinit-logs")))
        .clone()
}

/// The hostile component built with its `filesystem` feature (it imports
/// wasi:filesystem): from `RX_HOSTILE_FILESYSTEM_WASM` when set, else built
/// here.
pub fn hostile_filesystem_component() -> PathBuf {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    PATH.get_or_init(|| hostile_variant("RX_HOSTILE_FILESYSTEM_WASM", Some("filesystem")))
        .clone()
}

fn hostile_variant(env: &str, feature: Option<&str>) -> PathBuf {
    if let Some(p) = std::env::var_os(env) {
        let p = PathBuf::from(p);
        assert!(p.is_file(), "{env}={} does not exist", p.display());
        return p;
    }
    let target = match feature {
        None => root().join("target/guest"),
        Some(f) => root().join("target/guest").join(f),
    };
    let mut cmd = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    cmd.current_dir(root().join("tests/components/hostile"))
        .args([
            "build",
            "--release",
            "--locked",
            "--target",
            "wasm32-wasip2",
            "--target-dir",
        ])
        .arg(&target)
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_ENCODED_RUSTFLAGS");
    if let Some(f) = feature {
        cmd.args(["--features", f]);
    }
    let status = cmd.status().expect("run cargo");
    assert!(
        status.success(),
        "building the hostile test component failed"
    );
    target.join("wasm32-wasip2/release/rx_hostile_component.wasm")
}
