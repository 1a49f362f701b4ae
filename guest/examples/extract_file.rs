//! Extracts one HTML file natively and prints the result as JSON.
//!
//! ```text
//! cargo run --release --features serde --example extract_file -- PAGE.html URL [MODE] [SELECTOR...]
//! ```
//!
//! MODE is `article` (default), `full`, `metadata` or `custom` (then the
//! remaining arguments are CSS selectors).

use riptide_extractor_guest::{extract_with_stats, Mode};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.is_empty() {
        eprintln!(
            "usage: extract_file PAGE.html [URL] [article|full|metadata|custom] [SELECTOR...]"
        );
        std::process::exit(2);
    }
    let html = match std::fs::read(&args[0]) {
        Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
        Err(e) => {
            eprintln!("cannot read {}: {e}", args[0]);
            std::process::exit(1);
        }
    };
    let url = args.get(1).map(String::as_str).unwrap_or("");
    let mode = match args.get(2).map(String::as_str).unwrap_or("article") {
        "article" => Mode::Article,
        "full" => Mode::Full,
        "metadata" => Mode::Metadata,
        "custom" => Mode::Custom(args[3..].to_vec()),
        other => {
            eprintln!("unknown mode {other}");
            std::process::exit(2);
        }
    };
    match extract_with_stats(&html, url, &mode) {
        Ok((content, stats)) => {
            let out = serde_json::json!({ "content": content, "stats": stats });
            println!("{}", serde_json::to_string_pretty(&out).unwrap_or_default());
        }
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
    }
}
