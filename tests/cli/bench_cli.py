#!/usr/bin/env python3
"""Benchmark (not a test): riptide -j 1 and -j 2 on one WARC (gzip per
record) of the trafilatura-eval pages, against rx_batch on the same pages as
.html.gz files, alternated over ROUNDS rounds; prints each run, the best time
of each and the ratios.

    bench_cli.py RIPTIDE RX_BATCH HTML_DIR [ROUNDS]
"""
import os
import resource
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import corpus_warc  # noqa: E402

riptide, batch, html_dir = (os.path.abspath(a) for a in sys.argv[1:4])
rounds = int(sys.argv[4]) if len(sys.argv) > 4 else 3
tmp = tempfile.mkdtemp(prefix="riptide-bench-")
warc = os.path.join(tmp, "pages.warc.gz")
lst = os.path.join(tmp, "pages.tsv")
names = corpus_warc.write(html_dir, warc, lst, os.path.join(tmp, "batch"))

runs = {
    "rx_batch": [batch, lst],
    "riptide -j1": [riptide, "-q", "-j", "1", "-o", os.path.join(tmp, "j1.jsonl"), warc],
    "riptide -j2": [riptide, "-q", "-j", "2", "-o", os.path.join(tmp, "j2.jsonl"), warc],
}
times = {k: [] for k in runs}
cpu = {k: [] for k in runs}


def children_cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


# One untimed run of each warms the compiled-code cache and the page cache.
for cmd in runs.values():
    subprocess.run(cmd, check=True, capture_output=True)
for r in range(rounds):
    for name, cmd in runs.items():
        c0, t0 = children_cpu(), time.monotonic()
        subprocess.run(cmd, check=True, capture_output=True)
        times[name].append(time.monotonic() - t0)
        cpu[name].append(children_cpu() - c0)
        print(f"round {r + 1}: {name:12} {times[name][-1]:6.2f} s wall, {cpu[name][-1]:6.2f} s CPU", flush=True)
best = {k: min(v) for k, v in times.items()}
best_cpu = {k: min(v) for k, v in cpu.items()}
print(f"\n{len(names)} pages; best of {rounds} (the whole process, extractor creation included):")
for k, v in best.items():
    print(f"  {k:12} {v:6.2f} s wall  {len(names) / v:6.1f} pages/s  {best_cpu[k]:6.2f} s CPU")
print(f"  load average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
print(f"  riptide -j2 speed-up over -j1: {best['riptide -j1'] / best['riptide -j2']:.2f}x")
print(f"  riptide -j1 time / rx_batch time: {best['riptide -j1'] / best['rx_batch']:.3f} wall, {best_cpu['riptide -j1'] / best_cpu['rx_batch']:.3f} CPU")
subprocess.run(["rm", "-rf", tmp])
