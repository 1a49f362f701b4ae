#!/usr/bin/env python3
"""Tests of the `riptide` command-line tool on WARC files written by real
tools at test time: Debian's `wget --warc-file` against a loopback
`python3 -m http.server` serving the repository's fixture pages, and
`warcio` (gzip per record, whole-file gzip, chunked and gzip-encoded
payloads, non-HTML, revisit and metadata records), plus damaged copies
(truncated, wrong Content-Length, garbage between records).

    test_cli.py RIPTIDE_BINARY

With RX_CORPORA set (and RX_BATCH naming tests/quality/rx_batch), also
writes the 990 trafilatura-eval pages into one WARC and checks that every
page's text equals rx_batch's on the files.
"""
import gzip
import io
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import zlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import corpus_warc  # noqa: E402

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
RIPTIDE = os.path.abspath(sys.argv[1])
PASSED = 0
FAILED = 0


def check(what, ok, detail=""):
    global PASSED, FAILED
    if ok:
        PASSED += 1
    else:
        FAILED += 1
        print(f"FAIL: {what} {detail}", file=sys.stderr)


def run(args, stdin=None):
    """Runs riptide; returns (exit status, JSONL lines, summary dict, stderr)."""
    fd, summary_path = tempfile.mkstemp(suffix=".json")
    os.close(fd)
    p = subprocess.run(
        [RIPTIDE, "--summary-json", summary_path, "--cache-dir", CACHE] + args,
        input=stdin, capture_output=True, timeout=600)
    try:
        with open(summary_path) as f:
            summary = json.loads(f.read() or "null")
    except (OSError, ValueError):
        summary = None
    os.unlink(summary_path)
    lines = []
    # Not splitlines(): JSON strings may hold U+2028 and other separators.
    for line in p.stdout.decode("utf-8", "replace").split("\n"):
        if not line:
            continue
        try:
            lines.append(json.loads(line))
        except ValueError:
            lines.append({"unparsed": line})
    return p.returncode, lines, summary, p.stderr.decode("utf-8", "replace")


def pages(lines):
    return [l for l in lines if "error" not in l]


def errors(lines):
    return [l for l in lines if "error" in l]


# ---------------------------------------------------------------- fixtures

ARTICLE = open(os.path.join(ROOT, "tests/fixtures/article.html"), "rb").read()
LATIN1 = open(os.path.join(ROOT, "tests/fixtures/latin1.html"), "rb").read()
BOOK = open(os.path.join(ROOT, "examples/pages/rust-book-variables-and-mutability.html"), "rb").read()
TITLES = {"article": "How Lighthouses Work", "latin1": "Café crème", "book": "Variables and Mutability"}


def chunked(data, size=700):
    out = b""
    for i in range(0, len(data), size):
        part = data[i:i + size]
        out += b"%x\r\n" % len(part) + part + b"\r\n"
    return out + b"0\r\n\r\n"


def write_warcio(path, gzip_records):
    """A WARC with every record kind the tool must handle."""
    with open(path, "wb") as f:
        w = WARCWriter(f, gzip=gzip_records)
        w.write_record(w.create_warcinfo_record("test.warc", {"software": "warcio test fixture"}))
        def response(uri, body, headers, status="200 OK"):
            http = StatusAndHeaders(status, headers, protocol="HTTP/1.1")
            rec = w.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=http)
            w.write_record(rec)
            return rec
        req = StatusAndHeaders("GET / HTTP/1.1", [("Host", "example.test")], is_http_request=True)
        w.write_record(w.create_warc_record("https://example.test/article", "request", payload=io.BytesIO(b""), http_headers=req))
        first = response("https://example.test/article", ARTICLE, [("Content-Type", "text/html; charset=utf-8")])
        # Chunked and gzip-encoded, charset only in the HTTP header.
        response("https://example.test/latin1", chunked(gzip.compress(LATIN1)),
                 [("Content-Type", "text/html; charset=iso-8859-1"), ("Transfer-Encoding", "chunked"), ("Content-Encoding", "gzip")])
        # deflate (zlib) encoded, no Content-Type: sniffed as HTML.
        response("https://example.test/book", zlib.compress(BOOK), [("Content-Encoding", "deflate")])
        response("https://example.test/data.json", b'{"not": "html"}', [("Content-Type", "application/json")])
        response("https://example.test/missing", b"<html><title>404</title></html>", [("Content-Type", "text/html")], "404 Not Found")
        revisit = w.create_revisit_record("https://example.test/article", digest=first.rec_headers.get_header("WARC-Payload-Digest"),
                                          refers_to_uri="https://example.test/article", refers_to_date="2024-01-01T00:00:00Z")
        w.write_record(revisit)
        w.write_record(w.create_warc_record("https://example.test/article", "metadata", payload=io.BytesIO(b"outlink: x\r\n"),
                                            warc_content_type="application/warc-fields"))


def records_of(path):
    """Byte ranges of the records of an uncompressed WARC (start, header end, end)."""
    data = open(path, "rb").read()
    out, pos = [], 0
    while pos < len(data):
        head_end = data.index(b"\r\n\r\n", pos) + 4
        head = data[pos:head_end].decode("latin-1")
        length = int([l.split(":", 1)[1] for l in head.split("\r\n") if l.lower().startswith("content-length:")][0])
        end = head_end + length + 4
        out.append((pos, head_end, end, head))
        pos = end
    return data, out


def serve_and_wget(tmp):
    """wget --warc-file against http.server on a loopback port."""
    if not shutil.which("wget"):
        check("wget installed", False)
        return None
    site = os.path.join(tmp, "site")
    os.makedirs(site)
    shutil.copy(os.path.join(ROOT, "tests/fixtures/article.html"), site)
    shutil.copy(os.path.join(ROOT, "tests/fixtures/latin1.html"), site)
    shutil.copy(os.path.join(ROOT, "examples/pages/rust-book-variables-and-mutability.html"), site)
    with open(os.path.join(site, "index.html"), "w") as f:
        f.write('<html><head><title>Index</title></head><body><a href="article.html">a</a> <a href="latin1.html">b</a> '
                '<a href="rust-book-variables-and-mutability.html">c</a> <a href="data.json">d</a> <a href="gone.html">e</a></body></html>')
    with open(os.path.join(site, "data.json"), "w") as f:
        f.write('{"a": 1}')
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    server = subprocess.Popen([sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1"], cwd=site,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.05)
        base = os.path.join(tmp, "wget")
        subprocess.run(["wget", "-q", "-r", "-l", "1", "-P", os.path.join(tmp, "dl"), "--warc-file=" + base,
                        f"http://127.0.0.1:{port}/index.html"], timeout=120)
    finally:
        server.terminate()
        server.wait()
    return base + ".warc.gz", port


# ---------------------------------------------------------------- tests

def test_wget(tmp):
    got = serve_and_wget(tmp)
    if not got:
        return
    warc, port = got
    rc, lines, summary, err = run([warc])
    check("wget: exit 0", rc == 0, f"rc={rc} {err}")
    urls = {l["source"]["target_uri"]: l for l in pages(lines)}
    base = f"http://127.0.0.1:{port}/"
    check("wget: four HTML pages", sorted(urls) == sorted(base + p for p in ["index.html", "article.html", "latin1.html", "rust-book-variables-and-mutability.html"]), str(sorted(urls)))
    check("wget: titles", urls.get(base + "article.html", {}).get("title") == TITLES["article"]
          and urls.get(base + "latin1.html", {}).get("title") == TITLES["latin1"]
          and urls.get(base + "rust-book-variables-and-mutability.html", {}).get("title") == TITLES["book"])
    src = urls.get(base + "article.html", {}).get("source", {})
    check("wget: source fields", src.get("http_status") == 200 and src.get("record_id", "").startswith("<urn:uuid:")
          and isinstance(src.get("offset"), int) and src.get("file") == warc, str(src))
    # The kinds and statuses of wget's records, as warcio reads them.
    from warcio.archiveiterator import ArchiveIterator
    kinds, status_4xx = {}, 0
    with open(warc, "rb") as f:
        for r in ArchiveIterator(f):
            kinds[r.rec_type] = kinds.get(r.rec_type, 0) + 1
            if r.rec_type == "response" and r.http_headers.get_statuscode().startswith("4"):
                status_4xx += 1
    check("wget: summary", summary and summary["extracted"] == 4 and summary["records"] == sum(kinds.values())
          and summary["skipped"].get("request") == kinds["request"] and summary["skipped"].get("metadata") == kinds["metadata"]
          and summary["skipped"].get("non_html") == 1 and summary["skipped"].get("http_4xx") == status_4xx >= 1
          and summary["skipped"].get("warcinfo") == 1 and summary["failed"] == {}, f"{summary} {kinds}")
    check("wget: human summary on stderr", "4 extracted" in err, err)
    # Input order is kept with several workers.
    order = [l["source"]["offset"] for l in lines]
    check("wget: output in input order (-j 2)", order == sorted(order))
    rc2, lines2, _, _ = run(["-j", "1", warc])
    check("wget: -j 1 gives the same output", [l["text"] for l in lines2] == [l["text"] for l in lines])
    # Text, markdown and WET formats.
    p = subprocess.run([RIPTIDE, "-q", "--cache-dir", CACHE, "--format", "text", warc], capture_output=True)
    check("wget: --format text", p.returncode == 0 and "Fresnel" in p.stdout.decode() and not p.stderr, p.stderr.decode()[:300])
    p = subprocess.run([RIPTIDE, "-q", "--cache-dir", CACHE, "--format", "markdown", warc], capture_output=True)
    check("wget: --format markdown", p.returncode == 0 and "[a](" in p.stdout.decode())
    wet = os.path.join(tmp, "out.wet")
    p = subprocess.run([RIPTIDE, "-q", "--cache-dir", CACHE, "--wet", "-o", wet, warc], capture_output=True)
    with open(wet, "rb") as f:
        recs = [(r.rec_type, r.rec_headers.get_header("WARC-Target-URI"), r.content_stream().read()) for r in ArchiveIterator(f)]
    conv = [r for r in recs if r[0] == "conversion"]
    check("wget: --wet readable by warcio", p.returncode == 0 and recs[0][0] == "warcinfo" and len(conv) == 4
          and any(b"Fresnel" in r[2] for r in conv) and conv[1][1] == base + "article.html", str([(r[0], r[1]) for r in recs]))
    # Filters.
    rc, lines, summary, _ = run(["--lang", "fr", warc])
    check("filter --lang fr", [l["title"] for l in lines] == [TITLES["latin1"]] and summary["filtered"].get("lang") == 3, str(summary))
    rc, lines, summary, _ = run(["--min-words", "200", warc])
    check("filter --min-words", all(l["word_count"] >= 200 for l in lines) and summary["filtered"].get("min_words", 0) >= 1
          and len(lines) + summary["filtered"]["min_words"] == 4, str(summary))
    rc, lines, summary, _ = run(["--only-articles", warc])
    check("filter --only-articles", all(l["quality_score"] >= 50 for l in lines) and summary["filtered"].get("quality", 0) >= 1, str(summary))
    return warc


def test_warcio(tmp):
    per_record = os.path.join(tmp, "records.warc.gz")
    plain = os.path.join(tmp, "plain.warc")
    whole = os.path.join(tmp, "whole.warc.gz")
    write_warcio(per_record, True)
    write_warcio(plain, False)
    with open(plain, "rb") as f, gzip.open(whole, "wb") as g:
        g.write(f.read())
    variants = [("gzip per record", per_record), ("uncompressed", plain), ("whole-file gzip", whole)]
    if shutil.which("zstd"):
        zst = os.path.join(tmp, "plain.warc.zst")
        subprocess.run(["zstd", "-q", "-f", plain, "-o", zst], check=True)
        variants.append(("zstd", zst))
    else:
        check("zstd installed", False)
    for name, path in variants:
        rc, lines, summary, err = run([path])
        titles = [l.get("title") for l in pages(lines)]
        check(f"warcio {name}: exit 0", rc == 0, f"rc={rc} {err}")
        check(f"warcio {name}: titles (chunked+gzip, deflate without Content-Type)", titles == [TITLES["article"], TITLES["latin1"], TITLES["book"]], str(titles))
        check(f"warcio {name}: latin-1 text via the HTTP charset", any("crème" in l.get("text", "") for l in lines))
        check(f"warcio {name}: summary", summary and summary["records"] == 9 and summary["extracted"] == 3
              and summary["skipped"] == {"http_4xx": 1, "metadata": 1, "non_html": 1, "request": 1, "revisit": 1, "warcinfo": 1}, str(summary))
    # Offsets of gzip-per-record are the members' offsets: seeking there and
    # inflating one member gives the record.
    rc, lines, _, _ = run([per_record])
    with open(per_record, "rb") as f:
        data = f.read()
    ok = True
    for l in lines:
        member = zlib.decompressobj(31).decompress(data[l["source"]["offset"]:])
        ok = ok and member.startswith(b"WARC/1") and l["source"]["record_id"].encode() in member
    check("gzip per record: offsets are member offsets", ok and len(lines) == 3)
    rc, lines, summary, _ = run(["--any-status", plain])
    check("--any-status extracts the 404 page", summary["extracted"] == 4 and any(l["source"]["http_status"] == 404 for l in lines), str(summary))
    # Standard input, a list file, a directory, plain and .gz HTML files.
    rc, lines, summary, _ = run(["-"], stdin=open(per_record, "rb").read())
    check("stdin WARC", rc == 0 and summary["extracted"] == 3, str(summary))
    rc, lines, summary, _ = run(["-"], stdin=ARTICLE)
    check("stdin HTML page", rc == 0 and [l["title"] for l in lines] == [TITLES["article"]])
    d = os.path.join(tmp, "dir", "sub")
    os.makedirs(d)
    shutil.copy(os.path.join(ROOT, "tests/fixtures/article.html"), d)
    with gzip.open(os.path.join(tmp, "dir", "book.html.gz"), "wb") as g:
        g.write(BOOK)
    shutil.copy(per_record, os.path.join(tmp, "dir", "sub"))
    with open(os.path.join(tmp, "dir", "notes.txt"), "w") as f:
        f.write("not a page")
    rc, lines, summary, _ = run([os.path.join(tmp, "dir")])
    check("directory: pages, .gz pages and WARCs, other files ignored", rc == 0 and summary["extracted"] == 5
          and [l["title"] for l in lines][:2] == [TITLES["book"], TITLES["article"]], str([l.get("title") for l in lines]))
    lst = os.path.join(tmp, "pages.tsv")
    with open(lst, "w") as f:
        f.write(f"# comment\n{ROOT}/tests/fixtures/article.html\thttps://coastal.example/a\n{os.path.join(tmp, 'dir', 'book.html.gz')}\thttps://book.example/x\n{tmp}/nope.html\thttps://x.example/\n")
    rc, lines, summary, _ = run(["--list", lst])
    check("list: URLs from the list", [l.get("url") for l in pages(lines)] == ["https://coastal.example/a", "https://book.example/x"], str(lines)[:300])
    check("list: unreadable file is an error line, exit 1", rc == 1 and errors(lines)[0]["error"]["code"] == "read_error"
          and errors(lines)[0]["source"]["file"].endswith("nope.html") and summary["failed"] == {"read_error": 1}, str(summary))
    return plain, per_record


def test_damaged(tmp, plain, per_record):
    data, recs = records_of(plain)
    art = [r for r in recs if "WARC-Type: response" in r[3]][0]
    # Truncated: the file cut in the middle of the first response's body.
    cut = os.path.join(tmp, "truncated.warc")
    with open(cut, "wb") as f:
        f.write(data[:art[1] + 500])
    rc, lines, summary, _ = run([cut])
    check("truncated WARC: error line, exit 1", rc == 1 and [l["error"]["code"] for l in errors(lines)] == ["truncated_record"]
          and errors(lines)[0]["source"]["target_uri"] == "https://example.test/article", str(lines)[:400])
    # Truncated gzip member, followed by a good file: the run goes on.
    cutgz = os.path.join(tmp, "truncated.warc.gz")
    with open(cutgz, "wb") as f:
        f.write(open(per_record, "rb").read()[:2500])
    rc, lines, summary, err = run([cutgz, plain])
    check("truncated gzip: error line, next file still extracted", rc == 1 and len(errors(lines)) >= 1
          and summary["extracted"] >= 3 and all(l["source"]["file"] == cutgz for l in errors(lines)), f"{summary} {err[-300:]}")
    # Wrong Content-Length: the first response says 10 bytes fewer.
    head = art[3]
    length = int([l.split(":", 1)[1] for l in head.split("\r\n") if l.lower().startswith("content-length:")][0])
    bad_head = head.replace(f"Content-Length: {length}", f"Content-Length: {length - 10}")
    bad = os.path.join(tmp, "badlength.warc")
    with open(bad, "wb") as f:
        f.write(data[:art[0]] + bad_head.encode("latin-1") + data[art[1]:])
    rc, lines, summary, _ = run([bad])
    check("wrong Content-Length: that record is an error, the others extracted", rc == 1
          and [l["error"]["code"] for l in errors(lines)] == ["malformed_record"]
          and errors(lines)[0]["source"]["target_uri"] == "https://example.test/article"
          and [l["title"] for l in pages(lines)] == [TITLES["latin1"], TITLES["book"]], str(summary))
    # Garbage between two records.
    junk = os.path.join(tmp, "garbage.warc")
    with open(junk, "wb") as f:
        f.write(data[:art[2]] + b"this is not a WARC record\r\n\x00\x01 binary junk\r\n" + data[art[2]:])
    rc, lines, summary, _ = run([junk])
    check("garbage between records: an error line, every page extracted", rc == 1
          and [l["error"]["code"] for l in errors(lines)] == ["malformed_record"]
          and [l["title"] for l in pages(lines)] == [TITLES["article"], TITLES["latin1"], TITLES["book"]], str(lines)[:500])
    # A page past max_input_bytes: the library's status.
    rc, lines, summary, _ = run(["--max-input-bytes", "2000", plain])
    check("--max-input-bytes: input_too_large lines", rc == 1 and summary["failed"].get("input_too_large", 0) >= 2, str(summary))


def test_usage(tmp):
    rc, _, _, err = run([])
    check("no input: exit 2", rc == 2 and "no input" in err, err)
    rc, _, _, err = run(["--timeout-ms", "0", os.path.join(ROOT, "tests/fixtures/article.html")])
    check("invalid limit: exit 2", rc == 2 and "timeout_ms" in err, err)
    cfg = os.path.join(tmp, "bad.json")
    with open(cfg, "w") as f:
        f.write('{"no_such_field": 1}')
    rc, _, _, err = run(["--config", cfg, os.path.join(ROOT, "tests/fixtures/article.html")])
    check("bad --config: exit 2", rc == 2 and "no_such_field" in err, err)
    with open(cfg, "w") as f:
        f.write('{"timeout_ms": 1000, "max_input_bytes": 100}')
    rc, lines, summary, _ = run(["--config", cfg, os.path.join(ROOT, "tests/fixtures/article.html")])
    check("--config is applied", rc == 1 and lines[0]["error"]["code"] == "input_too_large", str(lines)[:300])
    rc, _, _, err = run(["-o", "/nonexistent/dir/out.jsonl", os.path.join(ROOT, "tests/fixtures/article.html")])
    check("unwritable output: exit 2", rc == 2 and "cannot create" in err, err)
    p = subprocess.run([RIPTIDE, "--help"], capture_output=True, text=True)
    check("--help names defaults", "[default: 30000]" in p.stdout and "[default: 4194304]" in p.stdout and "EXIT STATUS" in p.stdout)


def test_progress(tmp, plain):
    """A progress bar only when standard error is a terminal (`script` gives one), none with -q."""
    if not shutil.which("script"):
        check("script (util-linux) installed", False)
        return
    logs = []
    for quiet in ([], ["-q"]):
        log = os.path.join(tmp, f"tty{len(logs)}.log")
        cmd = " ".join([RIPTIDE, "--cache-dir", CACHE, "-o", os.devnull] + quiet + [plain])
        subprocess.run(["script", "-qec", cmd, log], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, timeout=300)
        logs.append(open(log, "rb").read().decode("utf-8", "replace"))
    check("progress bar on a terminal", "records (" in logs[0] and "extracted, 0 failed" in logs[0], logs[0][-300:])
    check("no progress bar or summary with -q", "records" not in logs[1], logs[1][-300:])
    _, _, _, err = run([plain])
    check("no progress bar when stderr is not a terminal", "records (" not in err and "records read" in err, err)


def test_interrupt(tmp, plain):
    """Ctrl-C: the pages in flight finish, the output is flushed, the summary printed, exit 130."""
    d = os.path.join(tmp, "many")
    os.makedirs(d)
    for i in range(3000):
        shutil.copy(plain, os.path.join(d, f"{i:05}.warc"))
    out = os.path.join(tmp, "interrupted.jsonl")
    summ = os.path.join(tmp, "interrupted-summary.json")
    p = subprocess.Popen([RIPTIDE, "--cache-dir", CACHE, "-j", "2", "-o", out, "--summary-json", summ, d],
                         stderr=subprocess.PIPE)
    # Interrupt once the first output (1 MiB of buffered lines) is written.
    deadline = time.monotonic() + 300
    while p.poll() is None and time.monotonic() < deadline and not (os.path.exists(out) and os.path.getsize(out) > 0):
        time.sleep(0.2)
    p.send_signal(signal.SIGINT)
    try:
        _, err = p.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        p.kill()
        check("Ctrl-C: stops", False)
        return
    summary = json.load(open(summ))
    with open(out) as f:
        lines = [json.loads(l) for l in f]
    check("Ctrl-C: exit 130, summary says interrupted", p.returncode == 130 and summary["interrupted"] and b"interrupted" in err, f"rc={p.returncode}")
    check("Ctrl-C: every line written is whole and counted", 0 < len(lines) == summary["extracted"] < 9000, f"{len(lines)} {summary}")
    files = [l["source"]["file"] for l in lines]
    check("Ctrl-C: output in input order", files == sorted(files))


def test_corpus(tmp):
    corpora = os.environ.get("RX_CORPORA")
    batch = os.environ.get("RX_BATCH")
    if not corpora or not batch:
        return
    html_dir = os.path.join(corpora, "trafilatura-eval", "html")
    warc = os.path.join(tmp, "te.warc.gz")
    lst = os.path.join(tmp, "te.tsv")
    outdir = os.path.join(tmp, "te-batch")
    names = corpus_warc.write(html_dir, warc, lst, outdir)
    subprocess.run([batch, lst], check=True, capture_output=True)
    rc, lines, summary, _ = run([warc])
    same = 0
    for line in lines:
        name = line["source"]["target_uri"].rsplit("/", 1)[1][:-5]
        ref = json.load(open(os.path.join(outdir, name + ".json")))
        same += ref.get("text") == line.get("text") and ref.get("title") == line.get("title")
    check(f"corpus: {len(names)} pages in a WARC give rx_batch's text ({same} same)", rc == 0 and len(lines) == len(names) == same, str(summary))


CACHE = ""


def main():
    global CACHE
    tmp = tempfile.mkdtemp(prefix="riptide-cli-")
    CACHE = os.path.join(ROOT, "target", "cli-test-cache")
    try:
        test_wget(tmp)
        plain, per_record = test_warcio(tmp)
        test_damaged(tmp, plain, per_record)
        test_usage(tmp)
        test_progress(tmp, plain)
        test_interrupt(tmp, plain)
        test_corpus(tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"cli: {PASSED} passed, {FAILED} failed")
    return 1 if FAILED else 0


if __name__ == "__main__":
    sys.exit(main())
