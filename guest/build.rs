//! Builds lexbor's HTML parser (vendored in `vendor/lexbor`, see its
//! `README.riptide.md`) and the bridge `csrc/rx_lexbor.c` into a static library.
//!
//! For `wasm32` the C compiler is Debian's `clang` with `wasi-libc`
//! (`--target=wasm32-wasi`; the objects link into the `wasm32-wasip2`
//! component as they are) and the archiver `llvm-ar`; natively it is the
//! host's `cc`. `RX_CLANG` and `RX_LLVM_AR` override the wasm tools.

use std::env;
use std::path::{Path, PathBuf};

/// lexbor's modules the HTML parser needs (`html` includes only these).
const MODULES: [&str; 5] = ["core", "dom", "html", "ns", "tag"];

fn c_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("reading {}: {e}", dir.display()))
        .map(|e| e.expect("directory entry").path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            c_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "c") {
            out.push(p);
        }
    }
}

fn main() {
    let root = PathBuf::from(env::var("CARGO_MANIFEST_DIR").unwrap());
    let src = root.join("vendor/lexbor/source");
    println!("cargo:rerun-if-changed=vendor/lexbor");
    println!("cargo:rerun-if-changed=csrc");
    println!("cargo:rerun-if-env-changed=RX_CLANG");
    println!("cargo:rerun-if-env-changed=RX_LLVM_AR");

    let mut files = Vec::new();
    for m in MODULES {
        c_files(&src.join("lexbor").join(m), &mut files);
    }
    files.push(src.join("lexbor/ports/posix/lexbor/core/memory.c"));
    files.push(root.join("csrc/rx_lexbor.c"));

    let wasm = env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("wasm32");
    let mut build = cc::Build::new();
    build
        .files(&files)
        .include(&src)
        .define("LEXBOR_STATIC", None)
        // Smaller first allocations than upstream's (vendor/lexbor/
        // README.riptide.md): every page's instance is fresh, so each byte
        // lexbor takes up front is new guest memory and a page fault when
        // touched. A page has a few tokens alive at once.
        .define("LXB_HTML_TKZ_DOBJ_CHUNK", "128")
        .define("LXB_DOM_DOCUMENT_MRAW_SIZE", "8192")
        .define("LXB_DOM_DOCUMENT_TEXT_SIZE", "8192")
        .define("LXB_DOM_DOCUMENT_HASH_SIZE", "32")
        .define("LEXBOR_MRAW_CACHE_SIZE", "32")
        .opt_level(2)
        .warnings(false);
    if wasm {
        let clang = env::var("RX_CLANG").unwrap_or_else(|_| "clang".into());
        let ar = env::var("RX_LLVM_AR").unwrap_or_else(|_| "llvm-ar".into());
        for (tool, pkg) in [(&clang, "clang"), (&ar, "llvm")] {
            if std::process::Command::new(tool)
                .arg("--version")
                .output()
                .is_err()
            {
                panic!(
                    "`{tool}` not found: the default component's HTML parser (lexbor, C) is built \
                     with Debian's clang, lld, wasi-libc and libclang-rt-dev-wasm32 \
                     (apt-get install clang lld llvm wasi-libc libclang-rt-dev-wasm32; `{pkg}` \
                     provides `{tool}`), or set RX_CLANG / RX_LLVM_AR"
                );
            }
        }
        build
            .compiler(&clang)
            .archiver(&ar)
            .no_default_flags(true)
            .flag("--target=wasm32-wasi")
            .flag("-O2")
            .flag("-ffunction-sections")
            .flag("-fdata-sections");
    }
    build.compile("rx_lexbor");
}
