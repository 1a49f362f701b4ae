#!/usr/bin/env python3
"""Suite 2, bombs: the hostile HTML of shared/tools/gen_bombs.py (scale 1 and
2) through the C ABI.

  RX_CORPORA=/path/to/corpora python3 tests/robustness/bombs.py [--lib PATH] [--scales 1,2]
      [--modes article,full] [--modes2 article]

Modes: article and full at scale 1, article at scale 2 (the larger inputs
mostly hit the same limits; each timeout costs 5 s, so this keeps the suite
near 3 minutes).

The generator is found at $RX_CORPORA/../tools/gen_bombs.py and writes into a
temporary directory that is removed afterwards (nothing is copied into the
repository). Config: {"timeout_ms": 5000, "max_memory_bytes": 64 MiB,
"max_input_bytes": 16 MiB}: the limits stated explicitly (the 16 MiB input cap,
above the default, lets the large bombs reach the sandbox).

Pass, for every bomb and mode:
- the call returns within timeout_ms + 10% (5.5 s), measured around rx_extract;
- its status is a result (ok, or invalid_html/parse_error/extraction_failed
  from the component) or a limit (timeout, memory_limit, input_too_large), or
  guest_trap for a guest stack overflow; never panic/internal; its output is
  UTF-8 JSON with the documented keys;
- the process's peak RSS during the call (VmHWM, reset before each call) stays
  under RSS-before-the-call + max_memory_bytes + margin, where
  margin = 32 MiB + 3 x the input size (see README.md for why);
- tests/fixtures/article.html extracts correctly right after it.
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import rxabi  # noqa: E402

TIMEOUT_MS = 5000
MAX_MEMORY = 64 << 20
CONFIG = {"timeout_ms": TIMEOUT_MS, "max_memory_bytes": MAX_MEMORY, "max_input_bytes": 16 << 20}
MARGIN_FIXED = 32 << 20
MARGIN_PER_INPUT_BYTE = 3
MODES = {
    "article": {"mode": "article"},
    "full": {"mode": "full"},
    "metadata": {"mode": "metadata"},
    "custom": {"mode": {"custom": ["p", "div > span"]}},
}
ACCEPTED = {"ok", "invalid_html", "parse_error", "extraction_failed", "timeout", "memory_limit", "input_too_large"}


def bomb_sources(tool):
    """file name -> the comment above it in gen_bombs.py (what it reproduces)."""
    out, comment = {}, ""
    for line in open(tool, encoding="utf-8"):
        s = line.strip()
        if s.startswith("#") and not s.startswith("#!"):
            comment = s.lstrip("# ").strip()
        for name in re.findall(r'["\']([\w.-]+\.html)["\']', s):
            out.setdefault(name, comment)
    return out


def normal_page_ok(ex, page):
    st, raw, _ = ex.extract(page, "https://coastal.example/articles/lighthouses", '{"mode":"article"}')
    if st != rxabi.OK:
        return False
    v = json.loads(raw)
    return v["title"] == "How Lighthouses Work" and "Augustin Fresnel" in v["text"]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--lib", default=rxabi.default_lib())
    ap.add_argument("--scales", default="1,2")
    ap.add_argument("--modes", default="article,full", help="modes at scale 1")
    ap.add_argument("--modes2", default="article", help="modes at scales above 1")
    args = ap.parse_args()
    root = rxabi.corpora_dir()
    if root is None:
        print("bombs: RX_CORPORA is not set: skipped")
        print("bombs: 0 passed, 0 failed")
        return 0
    tool = os.path.normpath(os.path.join(root, "..", "tools", "gen_bombs.py"))
    if not os.path.isfile(tool):
        print(f"bombs: {tool} is missing", file=sys.stderr)
        return 2
    clock = rxabi.Clock()
    page = open(os.path.join(rxabi.repo_root(), "tests", "fixtures", "article.html"), "rb").read()
    lib = rxabi.Lib(args.lib)
    ex = lib.new(CONFIG)
    if not normal_page_ok(ex, page):
        print("bombs: the normal page does not extract before any bomb", file=sys.stderr)
        return 1
    can_reset = rxabi.reset_peak_rss()
    base_rss = rxabi.rss_bytes()
    deadline_ms = TIMEOUT_MS * 1.1
    sources = bomb_sources(tool)
    rows, failures = [], []
    worst_ms, worst_delta, worst_abs, n = 0.0, 0, 0, 0

    for scale in [int(s) for s in args.scales.split(",")]:
        tmp = tempfile.mkdtemp(prefix=f"rx-bombs-{scale}-")
        try:
            subprocess.run([sys.executable, tool, tmp, str(scale)], check=True, stdout=subprocess.DEVNULL)
            for name in sorted(os.listdir(tmp)):
                with open(os.path.join(tmp, name), "rb") as f:
                    html = f.read()
                for mode in (args.modes if scale == 1 else args.modes2).split(","):
                    before = rxabi.rss_bytes()
                    rxabi.reset_peak_rss()
                    t = rxabi.Clock()
                    st, raw, out_len = ex.extract(html, f"http://bombs.test/{name}", json.dumps(MODES[mode]))
                    ms = t.s() * 1e3
                    peak = rxabi.peak_rss_bytes()
                    status = rxabi.STATUS_NAMES[st] if 0 <= st < len(rxabi.STATUS_NAMES) else str(st)
                    problems = rxabi.check_output(st, raw, out_len)
                    msg = ""
                    if st != rxabi.OK and raw:
                        try:
                            msg = json.loads(raw).get("message", "")
                        except ValueError:
                            pass
                    if status not in ACCEPTED and not (status == "guest_trap" and "stack" in msg):
                        problems.append(f"status {status} is neither a result nor a limit: {msg[:160]}")
                    if ms > deadline_ms:
                        problems.append(f"took {ms:.0f} ms, past the {deadline_ms:.0f} ms deadline")
                    delta = peak - before
                    allowed = MAX_MEMORY + MARGIN_FIXED + MARGIN_PER_INPUT_BYTE * len(html)
                    if can_reset and delta > allowed:
                        problems.append(f"peak RSS +{delta >> 20} MiB over the {allowed >> 20} MiB allowed")
                    after_ok = normal_page_ok(ex, page)
                    if not after_ok:
                        problems.append("the normal page does not extract right after")
                    n += 1
                    worst_ms = max(worst_ms, ms)
                    worst_delta = max(worst_delta, delta)
                    worst_abs = max(worst_abs, peak)
                    if problems:
                        failures.append(f"scale {scale} {name} [{mode}]: {'; '.join(problems)}")
                    out_kib = f"{len(raw) / 1024:.0f}" if raw else "-"
                    rows.append((f"{name} x{scale}", mode, f"{len(html) / 2**20:.2f}", status, f"{ms:.0f}",
                                 f"{delta / 2**20:+.1f}", f"{allowed / 2**20:.0f}", out_kib,
                                 "yes" if after_ok else "NO", "FAIL" if problems else "pass"))
        finally:
            shutil.rmtree(tmp, ignore_errors=True)

    stats = ex.stats()
    ex.free()
    print(f"\nbombs: {n} calls, config {json.dumps(CONFIG)} "
          f"deadline {deadline_ms:.0f} ms; peak RSS judged: {'yes' if can_reset else 'no (clear_refs refused)'}")
    rxabi.table(["bomb", "mode", "MiB in", "status", "ms", "peak RSS MiB", "allowed", "out KiB", "page after",
                 "verdict"], rows)
    print("\nwhat each bomb reproduces (the gen_bombs.py comment above it; one comment may head a group):")
    for name, src in sorted(sources.items()):
        print(f"  {name}: {src}")
    print(f"\nworst latency {worst_ms:.0f} ms; worst peak RSS over the pre-call RSS +{worst_delta / 2**20:.1f} MiB; "
          f"process peak RSS {worst_abs / 2**20:.1f} MiB (RSS after the first extractor {base_rss / 2**20:.1f} MiB)")
    lh = stats["limit_hits"]
    print(f"library counters: extractions {stats['extractions']}, failures {stats['failures']}, timeouts "
          f"{lh['timeout']}, memory {lh['memory']}, input_size {lh['input_size']}, traps {stats['traps']}")
    print(f"run time: {clock.s():.1f} s")
    for f in failures:
        print("FAIL", f, file=sys.stderr)
    print(f"bombs: {n - len(failures)} passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
