#!/usr/bin/env python3
"""Soak (`make soak`, not part of `make test`): COUNT calls on THREADS
threads mixing real pages (small and large), HTML bombs and hostile-component
faults, with the process's RSS sampled to a CSV and a report file written.

  RX_CORPORA=../shared/corpora python3 tests/robustness/soak.py [COUNT] [--threads 2]
      [--hostile rx_hostile_component.wasm] [--csv FILE] [--report FILE] ...

Inputs: a seeded sample of --pages trafilatura-eval pages of at most
--max-page-kib (the bulk of the calls), every page of at least --large-kib
(the corpus's large pages, up to 1.6 MiB), tests/fixtures/*.html, the bombs
of $RX_CORPORA/../tools/gen_bombs.py (scale 1, in a temporary directory removed
afterwards) and the hostile component's faults (trap, recurse, loop, alloc,
bad-utf8, stderr). RX_CORPORA unset: ../shared/corpora relative to the
repository; missing, or no hostile component: exit 2 (never a silent skip).

Three handles, shared by the threads: pages on the default config (`{}`: the
defaults must fit real pages), bombs on {"timeout_ms": --timeout-ms,
"max_memory_bytes": 64 MiB, "max_input_bytes": 16 MiB}, faults on
the hostile component with {"timeout_ms": 50, "max_memory_bytes": 16 MiB}.
Call i (0-based, in the order the threads take them) is a bomb when
i % bomb_every == bomb_every - 1 (cycling over the bombs, article mode), else a
large page when i % large_every == large_every // 2, else a fault when
i % fault_every == fault_every // 3 (cycling over the faults), else a small
page (pseudo-random). Pages cycle over the modes article, full, metadata,
article+with_stats, custom ["p", "h1, h2"].

Pass:
- every call: a documented status that is not panic/internal, output as
  rxabi.check_output (UTF-8 JSON with exactly the documented keys, out_len);
  a real page is never `timeout`/`memory_limit`/`guest_trap`; a fault gives
  exactly its status;
- each handle's own counter equals its number of calls;
- RSS flat after warm-up (the first --warmup calls, default 10 %): over the
  samples after it, max - min RSS <= --band-mib (default: threads x the
  largest memory cap + 32 MiB, i.e. every thread's guest memory live at
  sampling time plus the host's copies) and the mean of the second half of the
  samples minus the mean of the first half <= --drift-mib (default 16 MiB; a
  leak of 100 bytes per call over 200,000 calls is 19 MiB); open fds at most
  the warm-up value + 4.
Output: the RSS samples (also to --csv), the statuses per kind, and the
summary line `soak: N passed, N failed` (a failed trend criterion counts as one
more failure); --report writes all of it with the date, the commit and the
command.
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
# The hostile component's faults (as in c/faults.c), the status each must give
# and its handle: "loop" has a 50 ms deadline, "fault" 10 s (a stack overflow
# or a 16 MiB allocation can take 100 ms on a loaded machine).
FAULTS = [
    ("trap", "guest_trap", "fault"), ("recurse", "guest_trap", "fault"), ("loop", "timeout", "loop"),
    ("alloc", "memory_limit", "fault"), ("bad-utf8", "guest_trap", "fault"), ("stderr", "guest_trap", "fault"),
]
FAULT_CONFIG = {"timeout_ms": 10000, "max_memory_bytes": 16 * MIB}
LOOP_CONFIG = {"timeout_ms": 50, "max_memory_bytes": 16 * MIB}
# As in bombs.py: the large bombs reach the sandbox instead of input_too_large.
BOMB_CONFIG = {"max_memory_bytes": 64 * MIB, "max_input_bytes": 16 * MIB}


def corpora():
    path = os.environ.get("RX_CORPORA") or os.path.join(rxabi.repo_root(), "..", "shared", "corpora")
    path = os.path.normpath(os.path.abspath(path))
    if not os.path.isdir(path):
        print(f"soak: corpora directory {path!r} does not exist (set RX_CORPORA)", file=sys.stderr)
        raise SystemExit(2)
    return path


def git(*args):
    try:
        return subprocess.run(["git", "-C", rxabi.repo_root(), *args], capture_output=True, text=True,
                              check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("count", nargs="?", type=int, default=200_000)
    ap.add_argument("--lib", default=rxabi.default_lib())
    ap.add_argument("--hostile", default=os.path.join(rxabi.repo_root(), "target", "guest", "wasm32-wasip2",
                                                      "release", "rx_hostile_component.wasm"))
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--pages", type=int, default=120, help="small trafilatura-eval pages sampled")
    ap.add_argument("--max-page-kib", type=int, default=40,
                    help="small pages: at most this size decompressed; keeps 200,000 calls within ~30 min "
                         "on 2 busy cores (the median page is 92 KiB)")
    ap.add_argument("--large-kib", type=int, default=512, help="large pages: every page of at least this size")
    ap.add_argument("--seed", type=int, default=5)
    ap.add_argument("--bomb-every", type=int, default=2000)
    ap.add_argument("--large-every", type=int, default=1000)
    ap.add_argument("--fault-every", type=int, default=100)
    ap.add_argument("--timeout-ms", type=int, default=2000, help="deadline of the bombs' handle")
    ap.add_argument("--sample-every", type=int, default=1000)
    ap.add_argument("--warmup", type=int, default=None, help="calls of warm-up (default 10%% of count)")
    ap.add_argument("--band-mib", type=float, default=None)
    ap.add_argument("--drift-mib", type=float, default=16.0)
    ap.add_argument("--max-seconds", type=float, default=0,
                    help="stop taking calls after this long (0: never); a stopped run fails: it did not "
                         "make COUNT calls")
    ap.add_argument("--csv", help="write the RSS samples here")
    ap.add_argument("--report", help="write the report (date, commit, figures) here")
    args = ap.parse_args()
    out = []

    def log(line=""):
        print(line, flush=True)
        out.append(line)

    root = corpora()
    files = sorted(glob.glob(os.path.join(root, "trafilatura-eval", "html", "*.gz")))
    tool = os.path.normpath(os.path.join(root, "..", "tools", "gen_bombs.py"))
    if not files or not os.path.isfile(tool):
        print(f"soak: no pages under {root}/trafilatura-eval/html or no {tool}", file=sys.stderr)
        return 2
    if not os.path.isfile(args.hostile):
        print(f"soak: no hostile component at {args.hostile} (run `make hostile`)", file=sys.stderr)
        return 2
    rng = random.Random(args.seed)
    small, large = [], []
    for f in files:
        with gzip.open(f, "rb") as g:
            html = g.read()
        if len(html) <= args.max_page_kib * 1024:
            small.append((os.path.basename(f), html))
        elif len(html) >= args.large_kib * 1024:
            large.append((os.path.basename(f), html))
    pages = rng.sample(small, min(args.pages, len(small)))
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

    lib = rxabi.Lib(args.lib)
    handles = {
        "page": lib.new({}),
        "bomb": lib.new(BOMB_CONFIG | {"timeout_ms": args.timeout_ms}),
        "fault": lib.new(FAULT_CONFIG, component=args.hostile),
        "loop": lib.new(LOOP_CONFIG, component=args.hostile),
    }
    handles["large"] = handles["page"]
    page_cap = handles["page"].info()["config"]["max_memory_bytes"]
    band_limit = args.band_mib if args.band_mib is not None else (args.threads * page_cap + 32 * MIB) / MIB
    log(f"soak: {args.count} calls, {args.threads} threads; {len(pages)} small pages "
        f"({sum(len(p) for _, p in pages) / MIB:.1f} MiB), {len(large)} large pages of "
        f"{min(len(p) for _, p in large) / MIB:.2f}-{max(len(p) for _, p in large) / MIB:.2f} MiB "
        f"(1 in {args.large_every}), {len(bombs)} bombs (1 in {args.bomb_every}, timeout_ms "
        f"{args.timeout_ms}), {len(FAULTS)} hostile faults (1 in {args.fault_every}); pages on the "
        f"default config (max_memory_bytes {page_cap})")
    order = [rng.randrange(len(pages)) for _ in range(7919)]  # a fixed pseudo-random page cycle

    lock = threading.Lock()
    state = {"next": 0, "done": 0, "stopped": False}
    counts = collections.Counter()  # (kind, status name) -> n
    calls = collections.Counter()  # handle kind -> calls
    failures = []
    worst = {k: (0.0, "") for k in ("page", "large", "bomb", "fault")}
    samples = []
    clock = rxabi.Clock()

    def sample(done):
        samples.append((done, clock.s(), rxabi.rss_bytes(), rxabi.open_fds(), rxabi.maps(), rxabi.threads()))

    sample(0)

    def pick(i):
        """(kind, name, html, url, options, with_stats, expected status or None) of call i."""
        if i % args.bomb_every == args.bomb_every - 1:
            name, html = bombs[(i // args.bomb_every) % len(bombs)]
            return "bomb", name, html, "https://example.org/soak/bomb.html", MODES[0][0], False, None
        if i % args.large_every == args.large_every // 2:
            n = i // args.large_every
            name, html = large[n % len(large)]
            opts, stats = MODES[(n // len(large) + n) % len(MODES)]
            return "large", name, html, "https://example.org/soak/large.html", opts, stats, None
        if i % args.fault_every == args.fault_every // 3:
            fault, want, handle = FAULTS[(i // args.fault_every) % len(FAULTS)]
            return handle, fault, b"<p>x</p>", f"hostile://{fault}", None, False, rxabi.STATUS[want]
        name, html = pages[order[i % len(order)]]
        opts, stats = MODES[i % len(MODES)]
        return "page", name, html, "https://example.org/soak/page.html", opts, stats, None

    def worker():
        while True:
            with lock:
                i = state["next"]
                if i >= args.count:
                    return
                if args.max_seconds and clock.s() > args.max_seconds:
                    state["stopped"] = True
                    return
                state["next"] = i + 1
            kind, name, html, url, opts, stats, want = pick(i)
            t0 = time.monotonic()
            st, raw, out_len = handles[kind].extract(html, url, opts)
            kind = "fault" if kind == "loop" else kind
            ms = (time.monotonic() - t0) * 1000
            problems = rxabi.check_output(st, raw, out_len, with_stats=stats)
            sname = rxabi.STATUS_NAMES[st] if 0 <= st < len(rxabi.STATUS_NAMES) else str(st)
            if kind in ("page", "large") and st in PAGE_BAD:
                problems.append(f"real page gave {sname}")
            if want is not None and st != want:
                problems.append(f"fault gave {sname}, not {rxabi.STATUS_NAMES[want]}")
            with lock:
                counts[(kind, sname)] += 1
                calls[{"large": "page", "fault": "loop" if name == "loop" else "fault"}.get(kind, kind)] += 1
                if ms > worst[kind][0]:
                    worst[kind] = (ms, f"{name} [{opts}] {sname}")
                if problems:
                    failures.append(f"call {i} {kind} {name} [{opts}]: {'; '.join(problems)}")
                state["done"] += 1
                done = state["done"]
                if done % args.sample_every == 0:
                    sample(done)
                    if done % (args.sample_every * 20) == 0:
                        print(f"  ... {done} calls, {clock.s():.0f} s, RSS {samples[-1][2] / MIB:.1f} MiB",
                              flush=True)

    started = time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime())
    commit = git("rev-parse", "HEAD") + (" (with uncommitted changes)" if git("status", "--porcelain",
                                                                           "--untracked-files=no") else "")
    load0 = os.getloadavg()
    ts = [threading.Thread(target=worker) for _ in range(args.threads)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    done = state["done"]
    if samples[-1][0] != done:
        sample(done)
    elapsed = clock.s()
    load1 = os.getloadavg()
    hstats = {k: handles[k].stats() for k in ("page", "bomb", "fault", "loop")}
    for k in hstats:
        handles[k].free()

    if args.csv:
        with open(args.csv, "w") as f:
            f.write("calls,elapsed_s,rss_bytes,open_fds,maps,threads\n")
            for d, t, r, fd, m, th in samples:
                f.write(f"{d},{t:.1f},{r},{fd},{m},{th}\n")

    warmup = args.warmup if args.warmup is not None else args.count // 10
    post = [s for s in samples if s[0] >= warmup and s[0] > 0]
    if len(post) < 2:
        post = samples[-2:]
    ref = post[0][2]
    every = max(1, len(samples) // 20)
    log(f"\nRSS samples, every {every * args.sample_every} calls of {len(samples)} samples "
        f"(calls, elapsed s, RSS MiB, delta vs first post-warm-up sample, fds, maps, threads):")
    shown = samples[::every] + ([samples[-1]] if (len(samples) - 1) % every else [])
    rows = [(d, f"{t:.0f}", f"{r / MIB:.1f}", "warm-up" if d < post[0][0] else f"{(r - ref) / MIB:+.1f}", fd, m, th)
            for d, t, r, fd, m, th in shown]
    for line in table_lines(["calls", "s", "RSS MiB", "delta MiB", "fds", "maps", "threads"], rows):
        log(line)

    log("\nstatuses:")
    for line in table_lines(["kind", "status", "calls"], [(k, s, n) for (k, s), n in sorted(counts.items())]):
        log(line)
    log("")
    for k in ("page", "large", "bomb", "fault"):
        log(f"slowest {k} call: {worst[k][0]:.0f} ms ({worst[k][1]})")
    for k, st in hstats.items():
        log(f"{k} handle stats: extractions {st['extractions']}, successes {st['successes']}, "
            f"failures {st['failures']}, mean {st['mean_time_ms']} ms, limit_hits {st['limit_hits']}, "
            f"traps {st['traps']}")

    trend = []
    rss = [s[2] for s in post]
    band = (max(rss) - min(rss)) / MIB
    half = len(rss) // 2
    first, second = rss[:max(half, 1)], rss[half:] if len(rss) > 1 else rss
    drift = (sum(second) / len(second) - sum(first) / len(first)) / MIB
    fd_ref = post[0][3]
    log(f"RSS after warm-up ({warmup} calls, {len(post)} samples): min {min(rss) / MIB:.1f} MiB, "
        f"max {max(rss) / MIB:.1f} MiB, band {band:.1f} MiB (limit {band_limit:g}), "
        f"drift second-half minus first-half mean {drift:+.1f} MiB (limit {args.drift_mib:g}); "
        f"fds {fd_ref} -> {max(s[3] for s in post)}, maps {min(s[4] for s in post)}-{max(s[4] for s in post)}, "
        f"threads {min(s[5] for s in post)}-{max(s[5] for s in post)}")
    if band > band_limit:
        trend.append(f"RSS band {band:.1f} MiB > {band_limit:g} MiB")
    if drift > args.drift_mib:
        trend.append(f"RSS drift {drift:+.1f} MiB > {args.drift_mib:g} MiB")
    if max(s[3] for s in post) > fd_ref + 4:
        trend.append(f"open fds grew: {fd_ref} -> {max(s[3] for s in post)}")
    for k, st in hstats.items():
        if st["extractions"] != calls[k]:
            trend.append(f"{k} handle counted {st['extractions']} extractions, not {calls[k]}")

    for f in failures[:30]:
        log(f"FAIL {f}")
    if len(failures) > 30:
        log(f"... and {len(failures) - 30} more")
    if state["stopped"]:
        trend.append(f"stopped by --max-seconds {args.max_seconds:g} after {done} of {args.count} calls")
    for t in trend:
        log(f"FAIL {t}")
    log(f"duration {elapsed:.0f} s ({done / elapsed:.0f} calls/s), load average "
        f"{load0[0]:.1f} at the start, {load1[0]:.1f} at the end")
    nfail = len(failures) + len(trend)
    log(f"soak: {done - len(failures)} passed, {nfail} failed")
    if args.report:
        head = [f"# Soak report", "", f"- started: {started}",
                f"- commit (at the start): {commit}",
                f"- command: {' '.join([os.path.basename(sys.argv[0])] + sys.argv[1:])}",
                f"- library: {args.lib}", f"- machine: {os.cpu_count()} cores, {os.uname().release}",
                f"- RSS samples: {args.csv or '(not written)'}", "", "```"]
        with open(args.report, "w") as f:
            f.write("\n".join(head + out + ["```", ""]))
    return 1 if nfail else 0


def table_lines(headers, rows):
    """rxabi.table's layout, as lines."""
    import contextlib
    import io
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        rxabi.table(headers, rows)
    return buf.getvalue().splitlines()


if __name__ == "__main__":
    sys.exit(main())
