//! Reading the inputs on their own thread: files, directories, lists,
//! standard input and WARC records (through `fastwarc`), turned into jobs for
//! the workers. Only the WARC stream's own decompression and the copying of
//! raw record bodies happen here; HTTP decoding and extraction happen in the
//! workers.

use fastwarc::stream_io::gzip::GzipReader;
use fastwarc::stream_io::lz4::Lz4Reader;
use fastwarc::stream_io::traits::{IntoWarcReader, WarcRead};
use fastwarc::stream_io::zstd::ZstdReader;
use fastwarc::warc::record::{AutoDecode, WarcRecord, WarcRecordType};
use serde_json::{json, Value};
use std::io::{self, BufRead, BufReader, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

/// Longest WARC or HTTP header block accepted.
const MAX_HEADER_LEN: usize = 64 << 10;
/// Extra raw bytes allowed over `max_input_bytes` for chunked framing.
const CHUNK_SLACK: u64 = 64 << 10;
/// Names searched in directories (lower case, after removing `.gz`).
const PAGE_SUFFIXES: &[&str] = &[".htm", ".html", ".xhtml", ".shtml"];

/// Where a page or record came from; every output line carries it.
#[derive(Clone, Debug, Default)]
pub struct Source {
    pub file: String,
    pub record_id: Option<String>,
    pub offset: Option<u64>,
    pub target_uri: Option<String>,
    pub http_status: Option<u16>,
    pub warc_date: Option<String>,
}

impl Source {
    pub fn file(file: &str) -> Source {
        Source {
            file: file.to_string(),
            ..Source::default()
        }
    }

    pub fn to_json(&self) -> Value {
        json!({
            "file": self.file,
            "record_id": self.record_id,
            "offset": self.offset,
            "target_uri": self.target_uri,
            "http_status": self.http_status,
        })
    }
}

/// A page ready for a worker: raw body plus what HTTP said about it.
pub struct Page {
    pub source: Source,
    pub url: String,
    pub body: Vec<u8>,
    /// The whole HTTP `Content-Type` value (the charset hint), if any.
    pub content_type: Option<String>,
    /// `Transfer-Encoding` and `Content-Encoding` still to undo.
    pub transfer_encoding: Option<String>,
    pub content_encoding: Option<String>,
}

/// One unit of work, in input order.
pub enum Job {
    Page(Page),
    /// A record of a kind that is not extracted (`request`, `revisit`,
    /// `non_html`...).
    Skip(String),
    /// Something that failed before extraction: an error line.
    Fail {
        source: Source,
        code: &'static str,
        message: String,
    },
}

/// Codes of failures found while reading (extraction failures use the
/// library's status names).
pub mod codes {
    pub const READ_ERROR: &str = "read_error";
    pub const MALFORMED_RECORD: &str = "malformed_record";
    pub const MALFORMED_HTTP: &str = "malformed_http";
    pub const TRUNCATED_RECORD: &str = "truncated_record";
}

/// Sends jobs; returns `false` when the run is stopping (Ctrl-C or the
/// receivers are gone).
pub trait Sink {
    fn send(&mut self, job: Job) -> bool;
    fn stopping(&self) -> bool;
}

pub struct Reader<'a, S: Sink> {
    pub sink: &'a mut S,
    pub max_input_bytes: u64,
    pub any_status: bool,
}

/// A `Seek` that only reports the position, for standard input (fastwarc's
/// readers want `Seek` to tell offsets).
struct Forward<R> {
    inner: R,
    pos: u64,
}

impl<R: Read> Read for Forward<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.pos += n as u64;
        Ok(n)
    }
}

impl<R> Seek for Forward<R> {
    fn seek(&mut self, to: SeekFrom) -> io::Result<u64> {
        match to {
            SeekFrom::Current(0) => Ok(self.pos),
            _ => Err(io::Error::new(
                io::ErrorKind::Unsupported,
                "standard input cannot seek",
            )),
        }
    }
}

/// Wraps `raw` in the decoder its first bytes call for (gzip, zstd, lz4).
fn decoded_stream(raw: Box<dyn WarcRead>) -> io::Result<Box<dyn WarcRead>> {
    let mut raw = raw;
    let magic = raw.fill_buf()?;
    Ok(if magic.starts_with(b"\x1f\x8b") {
        GzipReader::new(raw).into_warc_reader()
    } else if magic.starts_with(b"\x28\xb5\x2f\xfd") {
        ZstdReader::new(raw).into_warc_reader()
    } else if magic.starts_with(b"\x04\x22\x4d\x18") {
        Lz4Reader::new(raw).into_warc_reader()
    } else {
        raw
    })
}

fn is_page_name(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let name = name.strip_suffix(".gz").unwrap_or(&name);
    name.contains(".warc") || PAGE_SUFFIXES.iter().any(|s| name.ends_with(s))
}

/// Page and WARC files under `dir`, recursively, sorted by path; hidden
/// entries skipped.
pub fn walk(dir: &Path, out: &mut Vec<PathBuf>, errors: &mut Vec<(PathBuf, io::Error)>) {
    // Symbolic links to directories are not followed (no loops).
    let mut entries: Vec<(PathBuf, bool)> = match std::fs::read_dir(dir) {
        Ok(rd) => rd
            .filter_map(|e| e.ok())
            .map(|e| (e.path(), e.file_type().is_ok_and(|t| t.is_dir())))
            .collect(),
        Err(e) => {
            errors.push((dir.to_path_buf(), e));
            return;
        }
    };
    entries.sort();
    for (p, is_dir) in entries {
        if p.file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with('.'))
        {
            continue;
        }
        if is_dir {
            walk(&p, out, errors);
        } else if is_page_name(&p) && !p.is_dir() {
            out.push(p);
        }
    }
}

impl<S: Sink> Reader<'_, S> {
    fn fail(&mut self, source: Source, code: &'static str, message: impl Into<String>) -> bool {
        self.sink.send(Job::Fail {
            source,
            code,
            message: message.into(),
        })
    }

    /// One input path (`-` = standard input) with an optional URL for a
    /// single page. Directories are walked. Returns `false` when stopping.
    pub fn input(&mut self, path: &Path, url: Option<&str>) -> bool {
        let name = path.display().to_string();
        if name == "-" {
            let stdin = Forward {
                inner: io::stdin(),
                pos: 0,
            };
            return self.stream(
                &name,
                BufReader::with_capacity(1 << 20, stdin).into_warc_reader(),
                url,
            );
        }
        if path.is_dir() {
            let (mut files, mut errors) = (Vec::new(), Vec::new());
            walk(path, &mut files, &mut errors);
            for (p, e) in errors {
                if !self.fail(
                    Source::file(&p.display().to_string()),
                    codes::READ_ERROR,
                    format!("cannot read directory: {e}"),
                ) {
                    return false;
                }
            }
            return files.iter().all(|f| self.input(f, None));
        }
        match std::fs::File::open(path) {
            Ok(f) => self.stream(
                &name,
                BufReader::with_capacity(1 << 20, f).into_warc_reader(),
                url,
            ),
            Err(e) => self.fail(
                Source::file(&name),
                codes::READ_ERROR,
                format!("cannot open: {e}"),
            ),
        }
    }

    /// A list file: `PATH<TAB>URL` lines.
    pub fn list(&mut self, path: &Path) -> io::Result<bool> {
        let text: Box<dyn BufRead> = if path.as_os_str() == "-" {
            Box::new(BufReader::new(io::stdin()))
        } else {
            Box::new(BufReader::new(std::fs::File::open(path)?))
        };
        for line in text.lines() {
            let line = line?;
            let line = line.trim_end_matches('\r');
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let (file, url) = match line.split_once('\t') {
                Some((f, u)) => (f, Some(u.split('\t').next().unwrap_or("").trim())),
                None => (line, None),
            };
            if !self.input(Path::new(file), url.filter(|u| !u.is_empty())) {
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// A file or standard input: a WARC stream if it starts with `WARC/`
    /// once decompressed, else one page.
    fn stream(&mut self, name: &str, raw: Box<dyn WarcRead>, url: Option<&str>) -> bool {
        let opened = decoded_stream(raw).and_then(|mut r| {
            let is_warc = r.fill_buf()?.starts_with(b"WARC/");
            Ok((r, is_warc))
        });
        match opened {
            Err(e) => self.fail(
                Source::file(name),
                codes::READ_ERROR,
                format!("cannot read: {e}"),
            ),
            Ok((r, true)) => self.warc(name, r),
            Ok((mut r, false)) => {
                let source = Source {
                    target_uri: url.map(str::to_string),
                    ..Source::file(name)
                };
                match read_capped(&mut r, self.max_input_bytes) {
                    Err(e) => self.fail(source, codes::READ_ERROR, format!("cannot read: {e}")),
                    Ok(body) => self.sink.send(Job::Page(Page {
                        url: url.unwrap_or("").to_string(),
                        source,
                        body,
                        content_type: None,
                        transfer_encoding: None,
                        content_encoding: None,
                    })),
                }
            }
        }
    }

    /// Every record of one WARC stream. A damaged record is an error line
    /// and reading goes on with the next record; a stream that cannot be
    /// read any further (a truncated gzip member) ends with an error line.
    fn warc(&mut self, name: &str, stream: Box<dyn WarcRead>) -> bool {
        let mut reader = stream;
        let mut failed_in_a_row = 0;
        loop {
            if self.sink.stopping() {
                return false;
            }
            let mut rec = WarcRecord::new();
            rec.attach_reader(reader);
            let parsed = rec.parse_warc_headers_with_opts(true, MAX_HEADER_LEN);
            let source = record_source(name, &rec);
            match parsed {
                Ok(0) => return true,
                Ok(_) => failed_in_a_row = 0,
                Err(e) => {
                    failed_in_a_row += 1;
                    let code = if e.kind() == io::ErrorKind::InvalidData {
                        codes::MALFORMED_RECORD
                    } else {
                        codes::READ_ERROR
                    };
                    if !self.fail(source, code, format!("cannot read a WARC record: {e}")) {
                        return false;
                    }
                    // A second failure with no record read in between: the
                    // stream itself is broken (truncated, corrupt).
                    if failed_in_a_row >= 2 {
                        return true;
                    }
                    match rec.detach_reader() {
                        Some(r) => {
                            reader = r;
                            continue;
                        }
                        None => return true,
                    }
                }
            }
            let job = self.record(&mut rec, source.clone());
            // What the record left unread, then what follows it.
            let consumed = rec.consume();
            let Some(mut next) = rec.detach_reader() else {
                return true;
            };
            let trailer = match consumed {
                Ok(_) => check_trailer(&mut next),
                Err(e) => Trailer::Error(e),
            };
            let job = match (job, trailer) {
                (job, Trailer::Clean) => job,
                (job, Trailer::Garbage) => {
                    if !self.sink.send(job) {
                        return false;
                    }
                    Job::Fail {
                        source: Source { record_id: None, target_uri: None, http_status: None, ..source },
                        code: codes::MALFORMED_RECORD,
                        message: "data that is not a WARC record after this record; skipped to the next record".into(),
                    }
                }
                (_, Trailer::BadLength) => Job::Fail {
                    source,
                    code: codes::MALFORMED_RECORD,
                    message: "the record is not followed by CRLF CRLF: its Content-Length is wrong; skipped to the next record".into(),
                },
                (_, Trailer::Error(e)) => Job::Fail { source, code: codes::READ_ERROR, message: format!("cannot read the record: {e}") },
            };
            if !self.sink.send(job) {
                return false;
            }
            reader = next;
        }
    }

    /// What to do with one record whose WARC headers are parsed.
    fn record(&mut self, rec: &mut WarcRecord, mut source: Source) -> Job {
        // fastwarc reads a header block cut short by the end of the stream
        // (a truncated gzip member ends quietly) as a record: one without a
        // valid Content-Length is damaged.
        let length = rec
            .headers()
            .get("Content-Length")
            .map(|v| v.trim().to_string());
        if !length.as_deref().is_some_and(|v| v.parse::<u64>().is_ok()) {
            return Job::Fail {
                source,
                code: codes::MALFORMED_RECORD,
                message: match length {
                    Some(v) => format!("invalid Content-Length {v:?}"),
                    None => {
                        "no Content-Length: the header is incomplete (truncated or corrupt stream)"
                            .into()
                    }
                },
            };
        }
        let kind = rec.record_type();
        if kind != WarcRecordType::Response {
            return Job::Skip(kind_name(kind, rec));
        }
        if !rec.is_http() {
            return Job::Skip("response_not_http".into());
        }
        if let Err(e) = rec.parse_http_with_opts(AutoDecode::None, MAX_HEADER_LEN, true) {
            return Job::Fail {
                source,
                code: codes::MALFORMED_HTTP,
                message: format!("cannot parse the HTTP headers: {e}"),
            };
        }
        let Some(http) = rec.http_headers() else {
            return Job::Fail {
                source,
                code: codes::MALFORMED_HTTP,
                message: "no HTTP headers".into(),
            };
        };
        let status = http.status_code();
        source.http_status = status;
        let header = |k: &str| {
            http.get(k)
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
        };
        let content_type = header("Content-Type");
        let transfer_encoding = header("Transfer-Encoding");
        let content_encoding = header("Content-Encoding");
        if !self.any_status && !status.is_some_and(|s| (200..300).contains(&s)) {
            return Job::Skip(match status {
                Some(s) => format!("http_{}xx", s / 100),
                None => "http_no_status".into(),
            });
        }
        if content_type.as_deref().is_some_and(|ct| !is_html_type(ct)) {
            return Job::Skip("non_html".into());
        }
        let remaining = rec.content_length();
        let cap = self.max_input_bytes
            + if transfer_encoding.is_some() {
                CHUNK_SLACK
            } else {
                0
            };
        let Some(r) = rec.reader_mut() else {
            return Job::Fail {
                source,
                code: codes::READ_ERROR,
                message: "record has no payload reader".into(),
            };
        };
        let body = match read_capped(r, cap) {
            Ok(b) => b,
            Err(e) => {
                return Job::Fail {
                    source,
                    code: codes::READ_ERROR,
                    message: format!("cannot read the payload: {e}"),
                }
            }
        };
        if (body.len() as u64) < remaining.min(cap + 1) {
            return Job::Fail {
                source,
                code: codes::TRUNCATED_RECORD,
                message: format!(
                    "the stream ends {} bytes into a {remaining}-byte payload",
                    body.len()
                ),
            };
        }
        let url = source.target_uri.clone().unwrap_or_default();
        Job::Page(Page {
            source,
            url,
            body,
            content_type,
            transfer_encoding,
            content_encoding,
        })
    }
}

fn kind_name(kind: WarcRecordType, rec: &WarcRecord) -> String {
    match kind {
        WarcRecordType::Unknown | WarcRecordType::NoType => rec
            .headers()
            .get("WARC-Type")
            .map(|t| t.to_ascii_lowercase())
            .unwrap_or_else(|| "unknown".into()),
        k => k.as_str().to_string(),
    }
}

fn record_source(name: &str, rec: &WarcRecord) -> Source {
    let h = rec.headers();
    let get = |k: &str| {
        h.get(k)
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
    };
    Source {
        file: name.to_string(),
        record_id: get("WARC-Record-ID"),
        offset: Some(rec.stream_pos()),
        target_uri: get("WARC-Target-URI")
            .map(|u| u.trim_start_matches('<').trim_end_matches('>').to_string()),
        http_status: None,
        warc_date: get("WARC-Date"),
    }
}

/// Whether a `Content-Type` value names HTML.
pub fn is_html_type(content_type: &str) -> bool {
    let essence = content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    matches!(
        essence.as_str(),
        "text/html" | "application/xhtml+xml" | "application/xhtml" | "text/xhtml"
    )
}

/// Reads to the end, but at most `cap + 1` bytes kept: a longer input is
/// read through (so the stream stays in step) and reported by its length,
/// as `[..cap + 1]` followed by nothing. The caller compares with `cap`.
pub fn read_capped(r: &mut dyn Read, cap: u64) -> io::Result<Vec<u8>> {
    let mut body = Vec::new();
    r.take(cap + 1).read_to_end(&mut body)?;
    if body.len() as u64 > cap {
        io::copy(r, &mut io::sink())?;
    }
    Ok(body)
}

enum Trailer {
    Clean,
    /// The record ended with CRLF CRLF but what follows is not a record.
    Garbage,
    /// The record's body is not followed by CRLF CRLF.
    BadLength,
    Error(io::Error),
}

/// Looks at what follows a record without consuming it.
fn check_trailer(r: &mut Box<dyn WarcRead>) -> Trailer {
    let buf = match r.fill_buf() {
        Ok(b) => b,
        Err(e) => return Trailer::Error(e),
    };
    if buf.is_empty() {
        return Trailer::Clean;
    }
    let eol = if buf.starts_with(b"\r\n\r\n") {
        4
    } else if buf.starts_with(b"\n\n") {
        2
    } else if buf.len() < 4 && b"\r\n\r\n".starts_with(buf) {
        return Trailer::Clean;
    } else {
        return Trailer::BadLength;
    };
    let rest = &buf[eol..];
    let start = rest
        .iter()
        .position(|&b| b != b'\r' && b != b'\n')
        .unwrap_or(rest.len());
    let rest = &rest[start..];
    let n = rest.len().min(5);
    if rest[..n] == b"WARC/"[..n] {
        Trailer::Clean
    } else {
        Trailer::Garbage
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Cursor, Write};

    #[derive(Default)]
    struct Collect(Vec<Job>);

    impl Sink for Collect {
        fn send(&mut self, job: Job) -> bool {
            self.0.push(job);
            true
        }
        fn stopping(&self) -> bool {
            false
        }
    }

    fn record(kind: &str, uri: &str, block: &[u8], declared: Option<usize>) -> Vec<u8> {
        let mut r = format!(
            "WARC/1.1\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <urn:uuid:{kind}-{}>\r\nWARC-Target-URI: {uri}\r\nContent-Type: application/http; msgtype={kind}\r\nContent-Length: {}\r\n\r\n",
            uri.len(),
            declared.unwrap_or(block.len())
        )
        .into_bytes();
        r.extend_from_slice(block);
        r.extend_from_slice(b"\r\n\r\n");
        r
    }

    fn http(status: &str, headers: &str, body: &[u8]) -> Vec<u8> {
        let mut r = format!("HTTP/1.1 {status}\r\n{headers}\r\n").into_bytes();
        r.extend_from_slice(body);
        r
    }

    fn read(bytes: Vec<u8>) -> Vec<Job> {
        let mut sink = Collect::default();
        let mut reader = Reader {
            sink: &mut sink,
            max_input_bytes: 1 << 20,
            any_status: false,
        };
        assert!(reader.stream("mem.warc", Cursor::new(bytes).into_warc_reader(), None));
        sink.0
    }

    fn gzip_members(parts: &[Vec<u8>]) -> Vec<u8> {
        let mut out = Vec::new();
        for p in parts {
            let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
            e.write_all(p).unwrap();
            out.extend(e.finish().unwrap());
        }
        out
    }

    const PAGE: &[u8] = b"<html><title>x</title><p>hello</p></html>";

    fn summary(jobs: &[Job]) -> Vec<String> {
        jobs.iter()
            .map(|j| match j {
                Job::Page(p) => format!(
                    "page {} {:?} {:?}",
                    p.url, p.source.http_status, p.content_type
                ),
                Job::Skip(k) => format!("skip {k}"),
                Job::Fail { code, .. } => format!("fail {code}"),
            })
            .collect()
    }

    fn sample() -> Vec<Vec<u8>> {
        vec![
            record(
                "request",
                "https://a.test/",
                b"GET / HTTP/1.1\r\nHost: a.test\r\n\r\n",
                None,
            ),
            record(
                "response",
                "https://a.test/",
                &http(
                    "200 OK",
                    "Content-Type: text/html; charset=ISO-8859-1\r\n",
                    PAGE,
                ),
                None,
            ),
            record(
                "response",
                "https://a.test/x.png",
                &http("200 OK", "Content-Type: image/png\r\n", b"\x89PNG"),
                None,
            ),
            record(
                "response",
                "https://a.test/old",
                &http("301 Moved", "Location: /\r\n", b""),
                None,
            ),
            record("revisit", "https://a.test/", b"", None),
        ]
    }

    const SAMPLE: [&str; 5] = [
        "skip request",
        "page https://a.test/ Some(200) Some(\"text/html; charset=ISO-8859-1\")",
        "skip non_html",
        "skip http_3xx",
        "skip revisit",
    ];

    #[test]
    fn records_are_classified() {
        assert_eq!(summary(&read(sample().concat())), SAMPLE);
    }

    #[test]
    fn gzip_per_record_and_whole_file_read_the_same() {
        assert_eq!(summary(&read(gzip_members(&sample()))), SAMPLE);
        assert_eq!(summary(&read(gzip_members(&[sample().concat()]))), SAMPLE);
    }

    #[test]
    fn page_body_and_offsets() {
        let recs = sample();
        let jobs = read(recs.concat());
        let Job::Page(p) = &jobs[1] else { panic!() };
        assert_eq!(p.body, PAGE);
        assert_eq!(p.source.offset, Some(recs[0].len() as u64));
        assert_eq!(
            p.source.record_id.as_deref(),
            Some("<urn:uuid:response-15>")
        );
    }

    #[test]
    fn a_short_content_length_fails_that_record_only() {
        let mut recs = sample();
        let block = http("200 OK", "Content-Type: text/html\r\n", PAGE);
        recs[1] = record("response", "https://a.test/", &block, Some(block.len() - 7));
        let s = summary(&read(recs.concat()));
        assert_eq!(s[1], "fail malformed_record");
        assert_eq!(s[2..], SAMPLE[2..]);
    }

    #[test]
    fn garbage_between_records_is_reported_and_skipped() {
        let mut recs = sample();
        recs[1].extend_from_slice(b"garbage line\r\nmore\r\n");
        let s = summary(&read(recs.concat()));
        assert_eq!(s[..2], SAMPLE[..2]);
        assert_eq!(s[2], "fail malformed_record");
        assert_eq!(s[3..], SAMPLE[2..]);
    }

    #[test]
    fn truncated_streams_end_with_an_error() {
        let all = sample().concat();
        let first = sample()[0].len();
        // Inside the page's body, then inside its WARC header.
        for cut in [first + 200, first + 40] {
            let s = summary(&read(all[..cut].to_vec()));
            assert_eq!(s[0], "skip request");
            assert!(
                s[1] == "fail truncated_record" || s[1] == "fail malformed_record",
                "{s:?}"
            );
            assert_eq!(s.len(), 2, "{s:?}");
        }
        let gz = gzip_members(&sample());
        let s = summary(&read(gz[..gz.len() - 40].to_vec()));
        assert!(s.last().unwrap().starts_with("fail"), "{s:?}");
    }

    #[test]
    fn oversized_bodies_are_read_through() {
        let mut recs = sample();
        let big = vec![b'a'; 5000];
        recs[1] = record(
            "response",
            "https://a.test/",
            &http("200 OK", "Content-Type: text/html\r\n", &big),
            None,
        );
        let mut sink = Collect::default();
        let mut reader = Reader {
            sink: &mut sink,
            max_input_bytes: 1000,
            any_status: false,
        };
        reader.stream("mem", Cursor::new(recs.concat()).into_warc_reader(), None);
        let Job::Page(p) = &sink.0[1] else { panic!() };
        assert_eq!(p.body.len(), 1001);
        assert_eq!(summary(&sink.0)[2..], SAMPLE[2..]);
    }

    #[test]
    fn a_page_that_is_not_a_warc_is_one_page() {
        let jobs = read(PAGE.to_vec());
        assert_eq!(summary(&jobs), ["page  None None"]);
    }

    #[test]
    fn html_content_types() {
        assert!(is_html_type("text/html"));
        assert!(is_html_type("TEXT/HTML; charset=utf-8"));
        assert!(is_html_type("application/xhtml+xml"));
        assert!(!is_html_type("text/plain"));
        assert!(!is_html_type("application/json; charset=utf-8"));
    }
}
