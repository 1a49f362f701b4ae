#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz targets (`make fuzz` runs it).

  python3 tests/fuzz/seeds.py [OUTDIR]   (default target/fuzz-corpus; one folder per target)

extract_ffi: the first two #data sections of every $RX_CORPORA/html5lib-tests/
tree-construction/*.dat file, tests/fixtures/*.html, a seeded sample of
--pages trafilatura-eval pages plus its --largest largest pages (real pages of
up to 1.6 MiB), and every readability-pages source.html; each framed as the
target reads its input: selector byte, url length, options/config length, url,
options/config bytes, html. Selectors cycle over the modes, charsets and the
fuzzed-config path. config_json: configurations and options (valid, edge and
malformed) behind each of its four selectors. RX_CORPORA unset:
../shared/corpora next to the repository; missing: exit 2. Nothing is written
into the repository's tracked tree.
"""
import argparse
import glob
import gzip
import os
import random
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
FRAMES = [  # (selector, url, options-or-config bytes)
    (0x00, b"https://example.org/a/b.html", b""),
    (0x01, b"https://example.org/", b""),
    (0x0A, b"http://x/", b""),  # full + with_stats
    (0x03, b"", b""),  # metadata
    (0x04, b"https://example.org/", b"p\ndiv > span\nh1, h2"),  # custom selectors
    (0x05, b"https://example.org/", b'{"mode": "full", "with_stats": true}'),  # raw options
    (0x16, b"https://example.org/", b'{"mode": {"custom": ["a[href]"]}}'),
    (0x31, b"https://example.org/", b"text/html; charset=windows-1252"),  # charset from bytes
    (0x21, b"https://example.org/", b""),  # Shift_JIS
    (0x87, b"", b'{"timeout_ms": 50, "fuel": 1000000, "max_input_bytes": 4096}'),  # fuzzed config
    (0xC7, b"", b'{"max_memory_bytes": 1, "cache_dir": null}'),
    (0x40, b"", b""),  # url NULL
]


def frame(sel, url, opt, html):
    assert len(url) < 96 and len(opt) < 160
    return bytes([sel, len(url), len(opt)]) + url + opt + html


CONFIGS = [
    b"", b"{}", b'{"timeout_ms": 50, "fuel": 1000000, "max_input_bytes": 4096}',
    b'{"max_memory_bytes": 1048576, "instance_allocator": "pooling", "preinit": false}',
    b'{"max_memory_bytes": 4294967296, "timeout_ms": 86400000, "max_input_bytes": 1073741824}',
    b'{"max_memory_bytes": 1, "cache_dir": null}', b'{"fuel": 0}', b'{"timeout_ms": -1}',
    b'{"instance_allocator": "on-demand", "preinit": true, "cache_dir": ""}', b'{"unknown": 1}',
    b'[1, 2]', b'{"max_input_bytes": 1e3}', b'{"max_memory_bytes": "64"}', b'{',
]
OPTIONS = [
    b"", b"{}", b'{"mode": "article"}', b'{"mode": "full", "with_stats": true}', b'{"mode": "metadata"}',
    b'{"mode": {"custom": ["p", "div > span", "h1, h2"]}}', b'{"mode": {"custom": []}}',
    b'{"mode": {"custom": ["p[[["]}}', b'{"mode": "custom"}', b'{"mode": "nope"}',
    b'{"with_stats": 1}', b'{"mode": {"custom": [1]}}', b'{"extra": true}', b'null', b'"article"',
]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", nargs="?", default=os.path.join(ROOT, "target", "fuzz-corpus"))
    ap.add_argument("--pages", type=int, default=120, help="trafilatura-eval pages sampled")
    ap.add_argument("--largest", type=int, default=10, help="plus this many of its largest pages")
    args = ap.parse_args()
    corpora = os.path.abspath(os.environ.get("RX_CORPORA") or os.path.join(ROOT, "..", "shared", "corpora"))
    tc = os.path.join(corpora, "html5lib-tests", "tree-construction")
    traf = sorted(glob.glob(os.path.join(corpora, "trafilatura-eval", "html", "*.gz")))
    rp = sorted(glob.glob(os.path.join(corpora, "readability-pages", "*", "source.html")))
    if not os.path.isdir(tc) or not traf or not rp:
        print(f"seeds: {corpora} lacks html5lib-tests, trafilatura-eval or readability-pages (set RX_CORPORA)",
              file=sys.stderr)
        return 2
    htmls = []
    for f in sorted(glob.glob(os.path.join(tc, "*.dat"))):
        data = open(f, "rb").read().split(b"#data\n")
        for sec in data[1:3]:  # the first two tests of every file
            htmls.append(sec.split(b"\n#errors")[0])
    for f in sorted(glob.glob(os.path.join(ROOT, "tests", "fixtures", "*.html"))):
        htmls.append(open(f, "rb").read())
    by_size = sorted(traf, key=os.path.getsize, reverse=True)
    chosen = by_size[:args.largest] + random.Random(7).sample(by_size[args.largest:], args.pages)
    for f in sorted(chosen):
        with gzip.open(f, "rb") as g:
            htmls.append(g.read())
    for f in rp:
        htmls.append(open(f, "rb").read())
    ffi = os.path.join(args.out, "extract_ffi")
    os.makedirs(ffi, exist_ok=True)
    for i, html in enumerate(htmls):
        sel, url, opt = FRAMES[i % len(FRAMES)]
        with open(os.path.join(ffi, f"seed-{i:04d}"), "wb") as g:
            g.write(frame(sel, url, opt, html))
    cfg = os.path.join(args.out, "config_json")
    os.makedirs(cfg, exist_ok=True)
    n = 0
    # Selector 0 / 2: Config::from_json / rx_extractor_new; 1 / 3: options.
    for sels, texts in (((0, 2), CONFIGS), ((1, 3), OPTIONS)):
        for sel in sels:
            for text in texts:
                with open(os.path.join(cfg, f"seed-{n:04d}"), "wb") as g:
                    g.write(bytes([sel]) + text)
                n += 1
    print(f"seeds: {len(htmls)} pages ({sum(map(len, htmls)) / (1 << 20):.1f} MiB, largest "
          f"{max(map(len, htmls)) / (1 << 20):.2f} MiB) in {ffi}; {n} in {cfg}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
