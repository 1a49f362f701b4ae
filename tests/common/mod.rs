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
    PATH.get_or_init(|| {
        if let Some(p) = std::env::var_os("RX_HOSTILE_WASM") {
            let p = PathBuf::from(p);
            assert!(
                p.is_file(),
                "RX_HOSTILE_WASM={} does not exist",
                p.display()
            );
            return p;
        }
        let target = root().join("target/guest");
        let status = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
            .current_dir(root().join("tests/components/hostile"))
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
            .env_remove("CARGO_ENCODED_RUSTFLAGS")
            .status()
            .expect("run cargo");
        assert!(
            status.success(),
            "building the hostile test component failed"
        );
        target.join("wasm32-wasip2/release/rx_hostile_component.wasm")
    })
    .clone()
}
