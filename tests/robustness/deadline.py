#!/usr/bin/env python3
"""Deadline accuracy under CPU contention (part of suite 3): does timeout_ms
bound the wall time of a runaway guest when every core is busy, as it is in a
crawler that runs one extraction per core?

  python3 tests/robustness/deadline.py HOSTILE.wasm [--lib PATH] [--timeout-ms 1000] [--calls 5]

The hostile component's `hostile://loop` never returns. It runs with
timeout_ms (default 1000) first on an idle machine, then while 2 x nproc
busy-looping processes (bounded: they stop by themselves after 60 s and are
killed at the end) compete for the cores. Pass: every call returns `timeout`
within timeout_ms + 10%.
"""
import argparse
import json
import multiprocessing
import os
import sys
import time

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import rxabi  # noqa: E402


def burn(stop_at):
    x = 0
    while time.monotonic() < stop_at:
        for _ in range(10000):
            x = (x * 1103515245 + 12345) & 0xFFFFFFFF


def measure(ex, calls):
    out = []
    for _ in range(calls):
        t = rxabi.Clock()
        st, raw, _ = ex.extract(b"<p>x</p>", "hostile://loop")
        out.append((rxabi.STATUS_NAMES[st], t.s() * 1e3, raw))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("hostile")
    ap.add_argument("--lib", default=rxabi.default_lib())
    ap.add_argument("--timeout-ms", type=int, default=1000)
    ap.add_argument("--calls", type=int, default=5)
    args = ap.parse_args()
    clock = rxabi.Clock()
    lib = rxabi.Lib(args.lib)
    ex = lib.new({"timeout_ms": args.timeout_ms}, component=args.hostile)
    limit = args.timeout_ms * 1.1
    results = {"idle": measure(ex, args.calls)}
    n = 2 * (os.cpu_count() or 2)
    ctx = multiprocessing.get_context("fork")
    burners = [ctx.Process(target=burn, args=(time.monotonic() + 60,), daemon=True) for _ in range(n)]
    for p in burners:
        p.start()
    try:
        time.sleep(0.5)
        results[f"{n} busy processes"] = measure(ex, args.calls)
    finally:
        for p in burners:
            p.kill()
            p.join()
    ex.free()
    passed = failed = 0
    rows = []
    for load, rs in results.items():
        for status, ms, raw in rs:
            ok = status == "timeout" and ms <= limit
            passed += ok
            failed += not ok
        worst = max(ms for _, ms, _ in rs)
        statuses = ", ".join(sorted({s for s, _, _ in rs}))
        rows.append((load, len(rs), statuses, f"{min(ms for _, ms, _ in rs):.0f}", f"{worst:.0f}",
                     f"{worst / args.timeout_ms:.2f}x", "pass" if all(s == "timeout" and ms <= limit for s, ms, _ in rs) else "FAIL"))
    print(f"\ndeadline: hostile://loop with timeout_ms {args.timeout_ms}, limit {limit:.0f} ms")
    rxabi.table(["load", "calls", "status", "best ms", "worst ms", "worst/timeout", "verdict"], rows)
    print(f"run time: {clock.s():.1f} s")
    print(f"deadline: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
