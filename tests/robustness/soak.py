#!/usr/bin/env python3
"""Soak (suite 7 of issue 5, not in CI): COUNT extractions of real pages mixed
with HTML bombs, on THREADS threads sharing one extractor, with the process's
RSS sampled every --sample-every calls.

  RX_CORPORA=../shared/corpora python3 tests/robustness/soak.py [COUNT] [--threads 2]
      [--pages 300] [--bomb-every 2000] [--timeout-ms 2000] [--sample-every 5000]

Inputs: a seeded random sample of --pages files of
$RX_CORPORA/trafilatura-eval/html/*.gz (decompressed in memory; only those
up to --max-page-kib, default 40 KiB, 128 of the 990) plus
tests/fixtures/*.html; the bombs of $RX_CORPORA/../tools/gen_bombs.py (scale 1,
written to a temporary directory that is removed afterwards). RX_CORPORA unset:
../shared/corpora relative to the repository; missing: exit 2 (no silent skip).

Call i (0-based, in the order the threads take them) is a bomb when
i % bomb_every == bomb_every - 1 (cycling over the bombs), otherwise a page
(pseudo-random) in a mode cycling over article, full, metadata,
article+with_stats, custom ["p", "h1, h2"]. Config
{"timeout_ms": T, "max_memory_bytes": 67108864}.

Pass:
- every call: a documented status that is not panic/internal, output as
  rxabi.check_output (UTF-8 JSON with exactly the documented keys, out_len);
  a real page (not a bomb) is never `timeout`/`memory_limit`/`guest_trap`
  (--strict-pages; the default is to report them and fail);
- the extractor's own counter equals COUNT at the end;
- RSS flat after warm-up: warm-up = the first --warmup calls (default 10 % of
  COUNT, at least one sample); over the samples after it, max - min RSS
  <= --band-mib (default 64 MiB: a bomb's guest memory may be live in one
  thread at sampling time, up to the 64 MiB cap) and the mean RSS of the
  second half of those samples minus the mean of the first half <= --drift-mib
  (default 16 MiB; a leak of even 100 bytes per call over 200,000 calls is
  19 MiB and fails). Open fds and mappings are sampled too: fds after warm-up
  may not exceed the warm-up value + 4.
Output: a table of the RSS samples, the status counts per kind, and
`soak: N passed, N failed` (N = calls; a failed trend criterion counts as one
more failure).
"""
import argparse
import collections
import glob
import gzip
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import rxabi  # noqa: E402

MIB = 1 << 20
MODES = [
    ('{"mode": "article"}', False),
    ('{"mode": "full"}', False),
    ('{"mode": "metadata"}', False),
    ('{"mode": "article", "with_stats": true}', True),
    ('{"mode": {"custom": ["p", "h1, h2"]}}', False),
]
PAGE_BAD = {rxabi.STATUS["timeout"], rxabi.STATUS["memory_limit"], rxabi.STATUS["guest_trap"]}


def corpora():
    path = os.environ.get("RX_CORPORA") or os.path.join(rxabi.repo_root(), "..", "shared", "corpora")
    path = os.path.normpath(os.path.abspath(path))
    if not os.path.isdir(path):
        print(f"soak: corpora directory {path!r} does not exist (set RX_CORPORA)", file=sys.stderr)
        raise SystemExit(2)
    return path


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("count", nargs="?", type=int, default=200_000)
    ap.add_argument("--lib", default=rxabi.default_lib())
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--pages", type=int, default=120, help="trafilatura-eval pages sampled")
    ap.add_argument("--max-page-kib", type=int, default=40,
                    help="sample only pages up to this size decompressed (0: any); the default keeps "
                         "200,000 calls within ~20 min on 2 busy cores (the median page is 92 KiB)")
    ap.add_argument("--seed", type=int, default=5)
    ap.add_argument("--bomb-every", type=int, default=2000)
    ap.add_argument("--timeout-ms", type=int, default=2000)
    ap.add_argument("--sample-every", type=int, default=5000)
    ap.add_argument("--warmup", type=int, default=None, help="calls of warm-up (default 10%% of count)")
    ap.add_argument("--band-mib", type=float, default=64.0)
    ap.add_argument("--drift-mib", type=float, default=16.0)
    args = ap.parse_args()

    root = corpora()
    files = sorted(glob.glob(os.path.join(root, "trafilatura-eval", "html", "*.gz")))
    tool = os.path.normpath(os.path.join(root, "..", "tools", "gen_bombs.py"))
    if not files or not os.path.isfile(tool):
        print(f"soak: no pages under {root}/trafilatura-eval/html or no {tool}", file=sys.stderr)
        return 2
    rng = random.Random(args.seed)
    pages = []
    for f in files:
        with gzip.open(f, "rb") as g:
            html = g.read()
        if args.max_page_kib <= 0 or len(html) <= args.max_page_kib * 1024:
            pages.append((os.path.basename(f), html))
    pages = rng.sample(pages, min(args.pages, len(pages)))
    for f in sorted(glob.glob(os.path.join(rxabi.repo_root(), "tests", "fixtures", "*.html"))):
        with open(f, "rb") as g:
            pages.append((os.path.basename(f), g.read()))
    tmp = tempfile.mkdtemp(prefix="rx-soak-bombs-")
    try:
        subprocess.run([sys.executable, tool, tmp], check=True, stdout=subprocess.DEVNULL)
        bombs = []
        for name in sorted(os.listdir(tmp)):
            with open(os.path.join(tmp, name), "rb") as g:
                bombs.append((name, g.read()))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"soak: {args.count} calls, {args.threads} threads, {len(pages)} pages "
          f"({sum(len(p) for _, p in pages) / MIB:.1f} MiB), {len(bombs)} bombs "
          f"(1 in {args.bomb_every}), timeout_ms {args.timeout_ms}")

    lib = rxabi.Lib(args.lib)
    ex = lib.new({"timeout_ms": args.timeout_ms, "max_memory_bytes": 64 * MIB})
    order = [rng.randrange(len(pages)) for _ in range(7919)]  # a fixed pseudo-random page cycle

    lock = threading.Lock()
    state = {"next": 0, "done": 0}
    counts = collections.Counter()  # (kind, status name) -> n
    failures = []
    worst = {"page": (0.0, ""), "bomb": (0.0, "")}
    samples = []
    clock = rxabi.Clock()

    def sample(done):
        samples.append((done, clock.s(), rxabi.rss_bytes(), rxabi.open_fds(), rxabi.maps()))

    sample(0)

    def worker():
        while True:
            with lock:
                i = state["next"]
                if i >= args.count:
                    return
                state["next"] = i + 1
            if i % args.bomb_every == args.bomb_every - 1:
                kind = "bomb"
                name, html = bombs[(i // args.bomb_every) % len(bombs)]
                opts, stats = MODES[0]
            else:
                kind = "page"
                name, html = pages[order[i % len(order)]]
                opts, stats = MODES[i % len(MODES)]
            t0 = time.monotonic()
            st, raw, out_len = ex.extract(html, "https://example.org/soak/page.html", opts)
            ms = (time.monotonic() - t0) * 1000
            problems = rxabi.check_output(st, raw, out_len, with_stats=stats)
            if kind == "page" and st in PAGE_BAD:
                problems.append(f"real page gave {rxabi.STATUS_NAMES[st]}")
            sname = rxabi.STATUS_NAMES[st] if 0 <= st < len(rxabi.STATUS_NAMES) else str(st)
            with lock:
                counts[(kind, sname)] += 1
                if ms > worst[kind][0]:
                    worst[kind] = (ms, f"{name} [{opts}] {sname}")
                if problems:
                    failures.append(f"call {i} {kind} {name} [{opts}]: {'; '.join(problems)}")
                state["done"] += 1
                done = state["done"]
                if done % args.sample_every == 0 or done == args.count:
                    sample(done)
                    if done % (args.sample_every * 4) == 0:
                        print(f"  ... {done} calls, {clock.s():.0f} s, RSS {samples[-1][2] / MIB:.1f} MiB",
                              flush=True)

    ts = [threading.Thread(target=worker) for _ in range(args.threads)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    elapsed = clock.s()
    stats = ex.stats()
    ex.free()

    print("\nRSS samples (calls, elapsed s, RSS MiB, delta vs first post-warm-up sample, fds, maps):")
    warmup = args.warmup if args.warmup is not None else args.count // 10
    post = [s for s in samples if s[0] >= warmup and s[0] > 0]
    if len(post) < 2:
        post = samples[-2:]
    ref = post[0][2]
    rxabi.table(["calls", "s", "RSS MiB", "delta MiB", "fds", "maps"],
                [(d, f"{t:.0f}", f"{r / MIB:.1f}", "warm-up" if d < post[0][0] else f"{(r - ref) / MIB:+.1f}", fd, m)
                 for d, t, r, fd, m in samples])

    print("\nstatuses:")
    rxabi.table(["kind", "status", "calls"], [(k, s, n) for (k, s), n in sorted(counts.items())])
    print(f"\nslowest page call: {worst['page'][0]:.0f} ms ({worst['page'][1]})")
    print(f"slowest bomb call: {worst['bomb'][0]:.0f} ms ({worst['bomb'][1]})")
    print(f"extractor stats: extractions {stats['extractions']}, successes {stats['successes']}, "
          f"failures {stats['failures']}, mean {stats['mean_time_ms']} ms, limit_hits {stats['limit_hits']}, "
          f"traps {stats['traps']}")

    trend = []
    rss = [s[2] for s in post]
    band = (max(rss) - min(rss)) / MIB
    half = len(rss) // 2
    first, second = rss[:max(half, 1)], rss[half:] if len(rss) > 1 else rss
    drift = (sum(second) / len(second) - sum(first) / len(first)) / MIB
    fd_ref = post[0][3]
    print(f"RSS after warm-up ({warmup} calls, {len(post)} samples): min {min(rss) / MIB:.1f} MiB, "
          f"max {max(rss) / MIB:.1f} MiB, band {band:.1f} MiB (limit {args.band_mib:g}), "
          f"drift second-half minus first-half mean {drift:+.1f} MiB (limit {args.drift_mib:g})")
    if band > args.band_mib:
        trend.append(f"RSS band {band:.1f} MiB > {args.band_mib:g} MiB")
    if drift > args.drift_mib:
        trend.append(f"RSS drift {drift:+.1f} MiB > {args.drift_mib:g} MiB")
    if max(s[3] for s in post) > fd_ref + 4:
        trend.append(f"open fds grew: {fd_ref} -> {max(s[3] for s in post)}")
    if stats["extractions"] != args.count:
        trend.append(f"extractor counted {stats['extractions']} extractions, not {args.count}")

    for f in failures[:30]:
        print("FAIL", f)
    if len(failures) > 30:
        print(f"... and {len(failures) - 30} more")
    for t in trend:
        print("FAIL", t)
    print(f"duration {elapsed:.0f} s ({args.count / elapsed:.0f} calls/s)")
    nfail = len(failures) + len(trend)
    print(f"soak: {args.count - len(failures)} passed, {nfail} failed")
    return 1 if nfail else 0


if __name__ == "__main__":
    sys.exit(main())
