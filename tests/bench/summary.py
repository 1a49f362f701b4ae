#!/usr/bin/env python3
"""Prints the targets of `make bench` side by side, from one run's outputs:
rx_bench's table (markdown) and the peer benchmark's JSON lines.

    summary.py RX_BENCH_OUTPUT.md PEERS.jsonl
"""
import json
import re
import sys


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    bench = open(sys.argv[1], encoding="utf-8").read()
    peers = [json.loads(l) for l in open(sys.argv[2], encoding="utf-8") if l.strip()]
    row = re.search(r"\| corpus, 1 thread, article[^|]*\| ([\d.]+) pages/s[^|]*\| ([\d.]+) pages/s[^|]*\| ([\d.]+)x", bench)
    if not row:
        sys.exit("summary.py: no corpus row in the rx_bench output (RX_CORPORA unset?)")
    ours, native, ratio = (float(x) for x in row.groups())
    two = re.search(r"\| corpus, 2 threads, one extractor \| [\d.]+ pages/s \(([\d.]+)x", bench)
    print("| target | measured in this run | goal |")
    print("|---|---|---|")
    print(f"| sandbox / native time, corpus, 1 thread | {ratio:.2f}x ({ours:.1f} vs {native:.1f} pages/s) | <= 1.25x |")
    kernel = re.search(r"\| parse kernel[^|]*\| ([\d.]+) pages/s[^|]*\| ([\d.]+) pages/s[^|]*\| ([\d.]+)x", bench)
    if kernel:
        k_ours, k_native, k_ratio = (float(x) for x in kernel.groups())
        print(f"| the engine alone: parse kernel sandbox / native | {k_ratio:.2f}x ({k_ours:.1f} vs {k_native:.1f} pages/s) | (floor of the row above) |")
    if two:
        print(f"| 2 threads / 1 thread, one extractor | {float(two.group(1)):.2f}x | >= 1.8x |")
    goals = {"trafilatura": 5, "readability.js": 6}
    for p in peers:
        if p.get("failed"):
            print(f"| vs {p['tool']} | peer run FAILED | |")
            continue
        wall = p["pages_per_s"]
        cpu = p["pages"] / p["cpu_seconds"] if p.get("cpu_seconds") else wall
        print(f"| pages/s vs {p['tool']} {p['version']} ({wall:.1f} pages/s wall, {cpu:.1f} per CPU-second) "
              f"| {ours / wall:.2f}x wall, {ours / cpu:.2f}x per CPU-second | >= {goals.get(p['tool'], '?')}x |")


if __name__ == "__main__":
    main()
