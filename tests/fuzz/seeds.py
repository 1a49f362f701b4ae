#!/usr/bin/env python3
"""Writes the seed corpus of the extract_ffi fuzz target (suite 7 of issue 5).

  python3 tests/fuzz/seeds.py [OUTDIR]   (default target/fuzz-corpus/extract_ffi)

Seeds: the first #data section of every $RX_CORPORA/html5lib-tests/
tree-construction/*.dat file (RX_CORPORA unset: ../shared/corpora next to the
repository; missing: exit 2) plus tests/fixtures/*.html, each framed as the
target reads its input: selector byte, url length, options/config length, url,
options/config bytes, html. Selectors cycle over the modes, charsets and the
fuzzed-config path. Nothing is written into the repository's tracked tree.
"""
import glob
import os
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


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "target", "fuzz-corpus", "extract_ffi")
    corpora = os.path.abspath(os.environ.get("RX_CORPORA") or os.path.join(ROOT, "..", "shared", "corpora"))
    tc = os.path.join(corpora, "html5lib-tests", "tree-construction")
    if not os.path.isdir(tc):
        print(f"seeds: {tc} does not exist (set RX_CORPORA)", file=sys.stderr)
        return 2
    htmls = []
    for f in sorted(glob.glob(os.path.join(tc, "*.dat"))):
        data = open(f, "rb").read().split(b"#data\n")
        for sec in data[1:3]:  # the first two tests of every file
            htmls.append(sec.split(b"\n#errors")[0])
    for f in sorted(glob.glob(os.path.join(ROOT, "tests", "fixtures", "*.html"))):
        htmls.append(open(f, "rb").read())
    os.makedirs(out, exist_ok=True)
    for i, html in enumerate(htmls):
        sel, url, opt = FRAMES[i % len(FRAMES)]
        with open(os.path.join(out, f"seed-{i:03d}"), "wb") as g:
            g.write(frame(sel, url, opt, html))
    print(f"seeds: {len(htmls)} files in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
