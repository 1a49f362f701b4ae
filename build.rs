//! Build script: (1) builds the default extractor component from `guest/` for
//! `wasm32-wasip2` so the library can embed it, (2) generates the C header with
//! cbindgen into OUT_DIR (a test compares it with the checked-in
//! `include/riptide_extractor.h`).
//!
//! `RX_GUEST_WASM=/path/to/component.wasm` skips the guest build and embeds
//! that file instead (for packagers who build the guest separately).

use std::env;
use std::path::{Path, PathBuf};
use std::process::Command;

fn main() {
    let root = PathBuf::from(env::var("CARGO_MANIFEST_DIR").unwrap());
    let out = PathBuf::from(env::var("OUT_DIR").unwrap());

    println!("cargo:rerun-if-env-changed=RX_GUEST_WASM");
    let wasm = match env::var_os("RX_GUEST_WASM") {
        Some(p) => {
            let p = PathBuf::from(p);
            println!("cargo:rerun-if-changed={}", p.display());
            p
        }
        None => build_guest(&root),
    };
    if !wasm.is_file() {
        panic!("default component not found at {}", wasm.display());
    }
    println!("cargo:rustc-env=RX_DEFAULT_COMPONENT={}", wasm.display());

    generate_header(&root, &out);

    // The shared library's SONAME carries the major version; the versioned
    // file name and symlinks are made by `make install`.
    let major = env::var("CARGO_PKG_VERSION_MAJOR").unwrap();
    println!("cargo:rustc-cdylib-link-arg=-Wl,-soname,libriptide_extractor.so.{major}");
}

fn build_guest(root: &Path) -> PathBuf {
    let guest = root.join("guest");
    for p in ["src", "Cargo.toml", "Cargo.lock", "mem", ".cargo", "build.rs", "csrc", "vendor"] {
        println!("cargo:rerun-if-changed={}", guest.join(p).display());
    }
    println!("cargo:rerun-if-changed={}", root.join("wit").display());

    // A target dir of its own: the outer cargo holds the lock on ours.
    let target_dir = env::var_os("RX_GUEST_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target").join("guest"));
    let cargo = env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut cmd = Command::new(cargo);
    cmd.current_dir(&guest)
        .args([
            "build",
            "--release",
            "--locked",
            "--target",
            "wasm32-wasip2",
        ])
        .arg("--target-dir")
        .arg(&target_dir);
    // Flags meant for the host build (sanitizers, coverage, a host target
    // triple) must not leak into the guest build.
    for var in [
        "RUSTFLAGS",
        "CARGO_ENCODED_RUSTFLAGS",
        "CARGO_BUILD_RUSTFLAGS",
        "CARGO_BUILD_TARGET",
        "CARGO_TARGET_DIR",
        "CARGO_BUILD_TARGET_DIR",
        "RUSTC_WORKSPACE_WRAPPER",
        "CARGO_MAKEFLAGS",
        "CARGO_PRIMARY_PACKAGE",
        "CARGO_PROFILE_RELEASE_PANIC",
        // C flags for the host (sanitizers, -march) would reach lexbor's
        // wasm32 build through the cc crate.
        "CFLAGS",
        "TARGET_CFLAGS",
        "CFLAGS_wasm32_wasip2",
        "CFLAGS_wasm32-wasip2",
    ] {
        cmd.env_remove(var);
    }
    let status = cmd
        .status()
        .unwrap_or_else(|e| panic!("cannot run cargo for the guest: {e}"));
    if !status.success() {
        panic!(
            "building the default extractor component failed ({status}). \
             Is the target installed? Run: rustup target add wasm32-wasip2"
        );
    }
    target_dir.join("wasm32-wasip2/release/riptide_extractor_guest.wasm")
}

fn generate_header(root: &Path, out: &Path) {
    let config_path = root.join("cbindgen.toml");
    println!("cargo:rerun-if-changed={}", config_path.display());
    let srcs = ["src/ffi.rs", "src/status.rs"];
    let mut config = cbindgen::Config::from_file(&config_path).expect("cbindgen.toml");
    let v = |part: &str| env::var(format!("CARGO_PKG_VERSION_{part}")).unwrap();
    config.after_includes = Some(format!(
        "\n/** Version of this header (the library's Cargo version); rx_version() gives the library's. */\n\
         #define RX_VERSION_MAJOR {}\n#define RX_VERSION_MINOR {}\n#define RX_VERSION_PATCH {}\n\
         #define RX_VERSION_STRING \"{}\"",
        v("MAJOR"),
        v("MINOR"),
        v("PATCH"),
        env::var("CARGO_PKG_VERSION").unwrap()
    ));
    let mut builder = cbindgen::Builder::new().with_config(config);
    for s in srcs {
        println!("cargo:rerun-if-changed={}", root.join(s).display());
        builder = builder.with_src(root.join(s));
    }
    let header = out.join("riptide_extractor.h");
    builder
        .generate()
        .expect("cbindgen could not generate the header")
        .write_to_file(&header);
    println!("cargo:rustc-env=RX_GENERATED_HEADER={}", header.display());
}
