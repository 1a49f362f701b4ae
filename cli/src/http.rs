//! Undoing HTTP transfer- and content-encodings of a record body (fastwarc's
//! stream decoders) and sniffing HTML when no `Content-Type` was sent.

use fastwarc::stream_io::brotli::BrotliReader;
use fastwarc::stream_io::chunked::ChunkedReader;
use fastwarc::stream_io::gzip::{GzipReader, GzipReaderOptions, MAX_WBITS};
use fastwarc::stream_io::traits::{IntoWarcReader, WarcRead};
use fastwarc::stream_io::zstd::ZstdReader;
use std::io::{self, Cursor, Read};

/// The body with `Transfer-Encoding` then `Content-Encoding` undone (each a
/// comma-separated list, applied in order, so undone last first). At most
/// `cap + 1` bytes are produced: the caller compares the length with `cap`.
pub fn decode_body(
    body: Vec<u8>,
    transfer_encoding: Option<&str>,
    content_encoding: Option<&str>,
    cap: u64,
) -> io::Result<Vec<u8>> {
    let codings: Vec<String> = [content_encoding, transfer_encoding]
        .iter()
        .flatten()
        .flat_map(|v| v.split(','))
        .map(|c| c.trim().to_ascii_lowercase())
        .filter(|c| !c.is_empty() && c != "identity")
        .collect();
    if codings.is_empty() {
        return Ok(body);
    }
    // `codings` lists content codings first, then transfer codings; the
    // outermost (last applied) is the last one.
    let mut reader: Box<dyn WarcRead> = Cursor::new(body).into_warc_reader();
    for coding in codings.iter().rev() {
        reader = match coding.as_str() {
            "chunked" => ChunkedReader::new(reader).into_warc_reader(),
            "gzip" | "x-gzip" => GzipReader::new(reader).into_warc_reader(),
            "deflate" => GzipReader::with_options(
                reader,
                GzipReaderOptions {
                    window_bits: MAX_WBITS,
                    ..GzipReaderOptions::default()
                },
            )
            .into_warc_reader(),
            "br" => BrotliReader::new(reader).into_warc_reader(),
            "zstd" => ZstdReader::new(reader).into_warc_reader(),
            other => {
                return Err(io::Error::new(
                    io::ErrorKind::Unsupported,
                    format!("unsupported HTTP encoding {other:?}"),
                ))
            }
        };
    }
    let mut out = Vec::new();
    reader.take(cap + 1).read_to_end(&mut out)?;
    Ok(out)
}

/// Whether a body without a `Content-Type` looks like HTML: after an
/// optional byte order mark and whitespace, its first tag is a doctype,
/// `<html`, `<head`, `<body` or a comment followed by one of those within
/// the first 1024 bytes.
pub fn sniff_html(body: &[u8]) -> bool {
    let head = &body[..body.len().min(1024)];
    let head = head.strip_prefix(b"\xef\xbb\xbf").unwrap_or(head);
    let lower = head.to_ascii_lowercase();
    let trimmed = lower.trim_ascii_start();
    if !trimmed.starts_with(b"<") {
        return false;
    }
    [
        &b"<!doctype html"[..],
        b"<html",
        b"<head",
        b"<body",
        b"<title",
    ]
    .iter()
    .any(|tag| lower.windows(tag.len()).any(|w| w == *tag))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn gzip(data: &[u8]) -> Vec<u8> {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        e.write_all(data).unwrap();
        e.finish().unwrap()
    }

    fn chunked(data: &[u8], size: usize) -> Vec<u8> {
        let mut out = Vec::new();
        for c in data.chunks(size) {
            out.extend_from_slice(format!("{:x}\r\n", c.len()).as_bytes());
            out.extend_from_slice(c);
            out.extend_from_slice(b"\r\n");
        }
        out.extend_from_slice(b"0\r\n\r\n");
        out
    }

    const PAGE: &[u8] = b"<!doctype html><title>T</title><p>hello chunks and gzip</p>";

    #[test]
    fn identity_is_unchanged() {
        assert_eq!(
            decode_body(PAGE.to_vec(), None, Some("identity"), 1 << 20).unwrap(),
            PAGE
        );
    }

    #[test]
    fn chunked_then_gzip_is_undone() {
        let wire = chunked(&gzip(PAGE), 7);
        let got = decode_body(wire, Some("chunked"), Some("gzip"), 1 << 20).unwrap();
        assert_eq!(got, PAGE);
    }

    #[test]
    fn deflate_and_brotli_are_undone() {
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        z.write_all(PAGE).unwrap();
        assert_eq!(
            decode_body(z.finish().unwrap(), None, Some("deflate"), 1 << 20).unwrap(),
            PAGE
        );
        let mut br = Vec::new();
        brotli_compress(PAGE, &mut br);
        assert_eq!(decode_body(br, None, Some("br"), 1 << 20).unwrap(), PAGE);
    }

    fn brotli_compress(data: &[u8], out: &mut Vec<u8>) {
        let mut w = fastwarc::stream_io::brotli::BrotliWriter::new(Vec::new());
        w.write_all(data).unwrap();
        out.extend_from_slice(&w.into_inner().unwrap());
    }

    #[test]
    fn output_is_capped() {
        let big = vec![b'a'; 10_000];
        let got = decode_body(gzip(&big), None, Some("gzip"), 100).unwrap();
        assert_eq!(got.len(), 101);
    }

    #[test]
    fn corrupt_gzip_and_unknown_codings_are_errors() {
        let mut bad = gzip(PAGE);
        let n = bad.len();
        bad[n / 2] ^= 0xff;
        bad.truncate(n - 4);
        assert!(decode_body(bad, None, Some("gzip"), 1 << 20).is_err());
        assert!(decode_body(PAGE.to_vec(), None, Some("compress"), 1 << 20).is_err());
    }

    #[test]
    fn html_is_sniffed() {
        assert!(sniff_html(PAGE));
        assert!(sniff_html(b"\xef\xbb\xbf  <!-- x --><HTML><p>x"));
        assert!(!sniff_html(b"{\"json\": true}"));
        assert!(!sniff_html(b"%PDF-1.4 <html>"));
        assert!(!sniff_html(
            b"<svg xmlns='http://www.w3.org/2000/svg'></svg>"
        ));
    }
}
