#!/usr/bin/env python3
"""Peer benchmark: trafilatura's single-thread throughput on trafilatura-eval's real pages.

    trafilatura_bench.py [CORPUS_HTML_DIR] [--limit N] [--warmup K] [--with-comments]

CORPUS_HTML_DIR holds NAME.gz pages (raw bytes in their own charsets); without it,
$RX_CORPORA/trafilatura-eval/html. URLs come from evaldata.json beside html/.

Every page is gunzipped into memory first (not timed). After a warm-up over the first K
pages (not counted), one pass over all pages is timed, on this one thread, calling

    trafilatura.extract(page_bytes, url=URL, output_format="txt", include_comments=False)

i.e. the defaults (fallback extractors on, tables on, no formatting) plus include_comments=False,
the settings of trafilatura's own evaluation (tests/comparison_small.py). The page is passed
as bytes: trafilatura decodes it itself (its load_html / charset detection), so decoding is
inside the timed call, as it is for our library. A page that raises or exceeds --page-timeout
counts as not ok; the run goes on. "ok" = a non-empty (after strip) text.

Prints one JSON line on stdout:
{"tool":"trafilatura","version":...,"pages":N,"ok":N_nonempty,"seconds":S,"pages_per_s":P,...}
(extra keys: cpu_seconds, errors, timeouts, runtime, settings). Details go to stderr.
"""
import argparse
import gzip
import json
import os
import platform
import signal
import sys
import time


def corpus_dir(arg):
    if arg:
        d = arg
    elif os.environ.get("RX_CORPORA"):
        d = os.path.join(os.environ["RX_CORPORA"], "trafilatura-eval", "html")
    else:
        sys.exit("trafilatura_bench: no corpus: pass CORPUS_HTML_DIR (trafilatura-eval/html) or set RX_CORPORA")
    if not os.path.isdir(d):
        sys.exit(f"trafilatura_bench: corpus directory does not exist: {d}")
    if not any(n.endswith(".gz") for n in os.listdir(d)) and os.path.isdir(os.path.join(d, "html")):
        d = os.path.join(d, "html")
    return d


def load_urls(d):
    """file name (without .gz) -> URL, from evaldata.json beside html/ (or inside it)."""
    for p in (os.path.join(d, "..", "evaldata.json"), os.path.join(d, "evaldata.json")):
        if os.path.isfile(p):
            with open(p, encoding="utf-8") as f:
                return {v["file"]: url for url, v in json.load(f).items()}
    print("trafilatura_bench: no evaldata.json found, using https://example.com/page as URL", file=sys.stderr)
    return {}


class PageTimeout(Exception):
    pass


def _on_alarm(signum, frame):
    raise PageTimeout()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("corpus", nargs="?", help="trafilatura-eval/html directory of NAME.gz pages")
    ap.add_argument("--limit", type=int, default=0, help="use only the first N pages (sorted by name)")
    ap.add_argument("--warmup", type=int, default=5, help="pages in the untimed warm-up pass (default 5)")
    ap.add_argument("--with-comments", action="store_true",
                    help="trafilatura's plain defaults (include_comments=True) instead of its eval setting")
    ap.add_argument("--page-timeout", type=float, default=60.0,
                    help="seconds before a page counts as not ok (0: none; default 60)")
    args = ap.parse_args()

    d = corpus_dir(args.corpus)
    names = sorted(n for n in os.listdir(d) if n.endswith(".gz"))
    if args.limit > 0:
        names = names[: args.limit]
    if not names:
        sys.exit(f"trafilatura_bench: no .gz pages in {d}")
    urls = load_urls(d)
    pages = []
    for n in names:
        with open(os.path.join(d, n), "rb") as f:
            pages.append((n[:-3], urls.get(n[:-3], "https://example.com/page"), gzip.decompress(f.read())))

    import trafilatura  # imported after loading so import time is not in anything measured
    from trafilatura import extract
    import lxml

    include_comments = bool(args.with_comments)

    def run(html, url):
        return extract(html, url=url, output_format="txt", include_comments=include_comments)

    use_alarm = args.page_timeout > 0 and hasattr(signal, "setitimer")
    if use_alarm:
        signal.signal(signal.SIGALRM, _on_alarm)

    for _, url, html in pages[: max(0, args.warmup)]:
        try:
            run(html, url)
        except Exception:
            pass

    ok = errors = timeouts = 0
    slow = []
    empty = []
    t0, c0 = time.perf_counter(), time.process_time()
    for name, url, html in pages:
        p0 = time.perf_counter()
        try:
            if use_alarm:
                signal.setitimer(signal.ITIMER_REAL, args.page_timeout)
            try:
                text = run(html, url)
            finally:
                if use_alarm:
                    signal.setitimer(signal.ITIMER_REAL, 0)
            if text and text.strip():
                ok += 1
            else:
                empty.append(name)
        except PageTimeout:
            timeouts += 1
            print(f"trafilatura_bench: {name}: timed out after {args.page_timeout}s", file=sys.stderr)
        except Exception as e:  # a page that crashes the tool counts as not ok
            errors += 1
            print(f"trafilatura_bench: {name}: {type(e).__name__}: {e}", file=sys.stderr)
        slow.append((time.perf_counter() - p0, name))
    seconds = time.perf_counter() - t0
    cpu = time.process_time() - c0

    slow.sort(reverse=True)
    if empty:
        print(f"trafilatura_bench: {len(empty)} pages with no text: " + ", ".join(empty[:10])
              + (", ..." if len(empty) > 10 else ""), file=sys.stderr)
    print("trafilatura_bench: slowest pages: "
          + ", ".join(f"{n} {s * 1e3:.0f} ms" for s, n in slow[:3]), file=sys.stderr)
    print(json.dumps({
        "tool": "trafilatura",
        "version": trafilatura.__version__,
        "pages": len(pages),
        "ok": ok,
        "seconds": round(seconds, 3),
        "pages_per_s": round(len(pages) / seconds, 1),
        "cpu_seconds": round(cpu, 3),
        "errors": errors,
        "timeouts": timeouts,
        "runtime": f"CPython {platform.python_version()}, lxml {lxml.__version__}",
        "settings": f"extract(bytes, url, output_format='txt', include_comments={include_comments})",
    }))


if __name__ == "__main__":
    main()
