#!/usr/bin/env python3
"""Suite 1, conformance corpus: every HTML input of html5lib-tests through the
C ABI in every mode.

  RX_CORPORA=/path/to/corpora python3 tests/robustness/conformance.py [--lib PATH] [--jobs N]

Inputs: tree-construction `#data` sections (scripted/ included), tokenizer
`.test` "input" strings (doubleEscaped ones unescaped; lone surrogates become
the invalid UTF-8 bytes of 'surrogatepass'), encoding `#data` sections and the
chardet sample. Modes: article, full, metadata, custom ["p", "div > span"];
encoding inputs run article mode with "with_stats": true, which also reports
how often the decoded encoding matches the test's #encoding (informational).

Pass: no crash; every call returns OK or a documented error status that is not
`panic`/`internal`; every output (result or error) is UTF-8 JSON with exactly
the documented keys and types, and out_len is right.
"""
import argparse
import collections
import glob
import json
import os
import re
import sys
import threading
from concurrent.futures import ThreadPoolExecutor

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import rxabi  # noqa: E402

SECTION_ENDS = {b"#errors", b"#new-errors", b"#document-fragment", b"#script-off", b"#script-on",
                b"#document", b"#encoding"}
MODES = [
    ("article", {"mode": "article"}),
    ("full", {"mode": "full"}),
    ("metadata", {"mode": "metadata"}),
    ("custom", {"mode": {"custom": ["p", "div > span"]}}),
]
CONFIG = {"timeout_ms": 10000}


def dat_sections(path, want=b"#encoding"):
    """(data, following section's first line) for every #data section of a .dat file."""
    out, data, after = [], None, False
    lines = open(path, "rb").read().split(b"\n")
    for i, line in enumerate(lines):
        if line == b"#data":
            data = []
        elif data is not None and line in SECTION_ENDS:
            extra = lines[i + 1].strip() if line == want and i + 1 < len(lines) else None
            out.append((b"\n".join(data), extra))
            data = None
        elif data is not None:
            data.append(line)
    return out


def unescape_double(s):
    return re.sub(r"\\u([0-9A-Fa-f]{4})", lambda m: chr(int(m.group(1), 16)), s)


def load_inputs(root):
    """[(part, case id, html bytes, expected encoding or None)]."""
    base = os.path.join(root, "html5lib-tests")
    if not os.path.isdir(base):
        raise SystemExit(f"{base} is missing: RX_CORPORA must hold html5lib-tests/")
    inputs = []
    for path in sorted(glob.glob(os.path.join(base, "tree-construction", "**", "*.dat"), recursive=True)):
        rel = os.path.relpath(path, base)
        for i, (data, _) in enumerate(dat_sections(path)):
            inputs.append(("tree-construction", f"{rel}#{i}", data, None))
    for path in sorted(glob.glob(os.path.join(base, "tokenizer", "*.test"))):
        rel = os.path.relpath(path, base)
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
        for key, tests in doc.items():
            if not isinstance(tests, list):
                continue
            for i, t in enumerate(tests):
                s = t["input"]
                if t.get("doubleEscaped"):
                    s = unescape_double(s)
                inputs.append(("tokenizer", f"{rel}:{key}#{i}", s.encode("utf-8", "surrogatepass"), None))
    for path in sorted(glob.glob(os.path.join(base, "encoding", "**", "*.dat"), recursive=True)):
        rel = os.path.relpath(path, base)
        for i, (data, enc) in enumerate(dat_sections(path)):
            inputs.append(("encoding", f"{rel}#{i}", data, enc.decode("ascii", "replace") if enc else None))
    for path in sorted(glob.glob(os.path.join(base, "encoding", "chardet", "*"))):
        with open(path, "rb") as f:
            inputs.append(("encoding", os.path.relpath(path, base), f.read(), None))
    return inputs


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--lib", default=rxabi.default_lib())
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--limit", type=int, default=0, help="only the first N inputs of each part (debugging)")
    args = ap.parse_args()
    root = rxabi.corpora_dir()
    if root is None:
        print("conformance: RX_CORPORA is not set: skipped")
        print("conformance: 0 passed, 0 failed")
        return 0
    clock = rxabi.Clock()
    inputs = load_inputs(root)
    if args.limit:
        seen = collections.Counter()
        inputs = [x for x in inputs if (seen.update([x[0]]) or seen[x[0]] <= args.limit)]
    lib = rxabi.Lib(args.lib)
    ex = lib.new(CONFIG)
    rxabi.reset_peak_rss()
    base_rss = rxabi.rss_bytes()

    calls = []  # (part, case, html, mode name, options, expected encoding)
    for part, case, html, enc in inputs:
        if part == "encoding":
            calls.append((part, case, html, "article+stats", {"mode": "article", "with_stats": True}, enc))
            modes = MODES[1:]
        else:
            modes = MODES
        for name, opts in modes:
            calls.append((part, case, html, name, opts, enc))

    lock = threading.Lock()
    cells = collections.defaultdict(lambda: {"calls": 0, "statuses": collections.Counter(), "worst": 0.0,
                                             "worst_case": "", "bad": 0})
    failures, enc_agree = [], collections.Counter()

    def run(call):
        part, case, html, mode, opts, enc = call
        t = rxabi.Clock()
        st, raw, out_len = ex.extract(html, f"http://html5lib.test/{case}", json.dumps(opts))
        ms = t.s() * 1e3
        problems = rxabi.check_output(st, raw, out_len, with_stats=opts.get("with_stats", False))
        with lock:
            c = cells[(part, mode)]
            c["calls"] += 1
            c["statuses"][rxabi.STATUS_NAMES[st] if 0 <= st < len(rxabi.STATUS_NAMES) else str(st)] += 1
            if ms > c["worst"]:
                c["worst"], c["worst_case"] = ms, case
            if problems:
                c["bad"] += 1
                failures.append(f"{case} [{mode}]: {'; '.join(problems)}: {raw[:200] if raw else None!r}")
            if enc and opts.get("with_stats") and st == rxabi.OK and not problems:
                got = json.loads(raw)["stats"]["input_encoding"].lower()
                enc_agree["agree" if got == enc.lower() else "differ"] += 1

    with ThreadPoolExecutor(max_workers=args.jobs) as pool:
        list(pool.map(run, calls, chunksize=64))

    peak = rxabi.peak_rss_bytes()
    stats = ex.stats()
    ex.free()
    parts = collections.Counter(p for p, _, _, _ in inputs)
    print(f"\nconformance: {len(inputs)} inputs ({', '.join(f'{p} {n}' for p, n in parts.items())}), "
          f"{len(calls)} calls, {args.jobs} threads, config {json.dumps(CONFIG)}")
    rows = []
    for (part, mode), c in sorted(cells.items()):
        st = ", ".join(f"{k} {v}" for k, v in c["statuses"].most_common())
        rows.append((f"{part}/{mode}", c["calls"], st, f"{c['worst']:.1f}", c["bad"]))
    rxabi.table(["part/mode", "calls", "statuses", "worst ms", "bad"], rows)
    worst = max(cells.values(), key=lambda c: c["worst"])
    print(f"worst latency: {worst['worst']:.1f} ms ({worst['worst_case']})")
    print(f"RSS: {base_rss / 2**20:.1f} MiB after the first extractor, peak {peak / 2**20:.1f} MiB")
    if enc_agree:
        print(f"encoding tests, decoded encoding equals #encoding (informational): "
              f"{enc_agree['agree']} of {sum(enc_agree.values())}")
    print(f"library counters: extractions {stats['extractions']}, failures {stats['failures']}, "
          f"traps {stats['traps']}, max {stats['max_time_ms']:.1f} ms")
    print(f"run time: {clock.s():.1f} s")
    for f in failures[:25]:
        print("FAIL", f, file=sys.stderr)
    if len(failures) > 25:
        print(f"... and {len(failures) - 25} more", file=sys.stderr)
    n_bad = len(failures)
    print(f"conformance: {len(calls) - n_bad} passed, {n_bad} failed")
    return 1 if n_bad else 0


if __name__ == "__main__":
    sys.exit(main())
