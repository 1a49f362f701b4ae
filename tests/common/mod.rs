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

/// A generated article page of exactly `len` bytes (at least 2 KiB): the
/// markup of an ordinary long page (site navigation, headings, paragraphs of
/// prose with links and emphasis, lists, a footer), deterministic for a given
/// `len`. The tail is padded with newlines to reach the length exactly.
pub fn prose_page(len: usize) -> Vec<u8> {
    const WORDS: [&str; 64] = [
        "the",
        "harbour",
        "light",
        "keeper",
        "walked",
        "along",
        "a",
        "narrow",
        "stone",
        "path",
        "towards",
        "old",
        "tower",
        "where",
        "every",
        "evening",
        "lamp",
        "was",
        "lit",
        "before",
        "storm",
        "reached",
        "coast",
        "ships",
        "waited",
        "in",
        "bay",
        "for",
        "signal",
        "that",
        "would",
        "guide",
        "them",
        "past",
        "rocks",
        "and",
        "into",
        "safe",
        "water",
        "of",
        "village",
        "records",
        "show",
        "how",
        "families",
        "kept",
        "watch",
        "through",
        "long",
        "winters",
        "with",
        "oil",
        "brought",
        "by",
        "cart",
        "from",
        "town",
        "across",
        "hills",
        "while",
        "fishermen",
        "mended",
        "nets",
        "quietly",
    ];
    assert!(len >= 2048, "prose_page needs at least 2 KiB");
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15 ^ len as u64;
    let mut next = move |n: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n as u64) as usize
    };
    let mut s = String::with_capacity(len);
    s.push_str(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
        <title>The Keepers of the Harbour Light</title>\
        <meta name=\"description\" content=\"A long history of a coastal lighthouse.\">\
        <meta name=\"author\" content=\"Mara Quinn\"></head>\n<body><header><nav><ul>",
    );
    for i in 0..12 {
        s.push_str(&format!(
            "<li><a href=\"/section/{i}\">Section {i}</a></li>"
        ));
    }
    s.push_str(
        "</ul></nav></header>\n<main><article><h1>The Keepers of the Harbour Light</h1>\
        <p class=\"byline\">By Mara Quinn</p>\n",
    );
    const TAIL: &str = "</article></main>\n<footer><p>&copy; Coastal Histories. \
        <a href=\"/about\">About</a> <a href=\"/contact\">Contact</a></p></footer>\n</body></html>\n";
    let mut section = 0;
    // One section at most ~4 KiB: stop while the next one and the tail fit.
    while s.len() + 4096 + TAIL.len() < len {
        section += 1;
        s.push_str(&format!("<h2>Part {section}</h2>\n"));
        for para in 0..3 + next(4) {
            if para == 2 && next(3) == 0 {
                s.push_str("<ul>");
                for _ in 0..3 + next(3) {
                    s.push_str(&format!(
                        "<li>{} {} {}</li>",
                        WORDS[next(64)],
                        WORDS[next(64)],
                        WORDS[next(64)]
                    ));
                }
                s.push_str("</ul>\n");
            }
            s.push_str("<p>");
            for _ in 0..3 + next(5) {
                for w in 0..6 + next(12) {
                    let word = WORDS[next(64)];
                    if w > 0 {
                        s.push(' ');
                    }
                    match next(24) {
                        0 => s.push_str(&format!("<a href=\"/topic/{word}-{section}\">{word}</a>")),
                        1 => s.push_str(&format!("<em>{word}</em>")),
                        2 => s.push_str(&format!("<strong>{word}</strong>")),
                        _ => s.push_str(word),
                    }
                }
                s.push_str(". ");
            }
            s.push_str("</p>\n");
        }
    }
    s.push_str(TAIL);
    assert!(s.len() <= len);
    s.extend(std::iter::repeat('\n').take(len - s.len()));
    s.into_bytes()
}
