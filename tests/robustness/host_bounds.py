#!/usr/bin/env python3
"""What a *component* can make the host spend outside its own memory cap and
deadline: an aliased result, a WASI pollable flood, a blocking WASI call.

  python3 tests/robustness/host_bounds.py HOSTILE.wasm [--lib PATH] [--long]

HOSTILE is tests/components/hostile (built by `make hostile`). Each probe runs
in a child process (a crash is observed, not suffered), one call after a
warm-up call, with peak RSS (VmHWM, reset through /proc/self/clear_refs)
measured around it:

  links/64, links/1500  `links` = N strings into one 8 MiB buffer
                        (max_memory_bytes 16 MiB, default max_output_bytes,
                        i.e. 64 MiB): must be output_too_large with the peak
                        RSS delta at most 64 + 16 + 32 MiB;
  pollables             subscribe-duration in a loop, timeout_ms 1000 (and
                        10000 with --long): must be resource_limit within the
                        deadline, peak RSS delta at most 32 MiB;
  block/10000           pollable.block on a 10 s subscribe-duration,
                        timeout_ms 1000: must be timeout within 1,100 ms.

Prints a table, then `host-bounds: N passed, N failed`.
"""
import argparse
import json
import os
import subprocess
import sys
import time

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import rxabi  # noqa: E402

MIB = 1 << 20
BASE = {"max_memory_bytes": 16 * MIB, "timeout_ms": 1000, "preinit": False, "cache_dir": ""}
# (name, url, config changes, wanted status, most ms, most peak RSS delta in MiB)
PROBES = [
    ("aliased links x64", "hostile://links/64", {}, "output_too_large", 1100, 64 + 16 + 32),
    ("aliased links x1500", "hostile://links/1500", {}, "output_too_large", 1100, 64 + 16 + 32),
    ("pollable flood, 1 s", "hostile://pollables", {}, "resource_limit", 1100, 32),
    ("block 10 s, timeout 1 s", "hostile://block/10000", {}, "timeout", 1100, 32),
]
LONG = [("pollable flood, 10 s", "hostile://pollables", {"timeout_ms": 10000}, "resource_limit", 10100, 32)]


def child(lib_path, component, url, config):
    lib = rxabi.Lib(lib_path)
    ex = lib.new(config, component=component)
    ex.extract(b"x", "hostile://ok")
    rxabi.reset_peak_rss()
    before = rxabi.rss_bytes()
    t = time.monotonic()
    st, raw, _ = ex.extract(b"x", url)
    ms = (time.monotonic() - t) * 1e3
    peak = rxabi.peak_rss_bytes() - before
    after = rxabi.rss_bytes() - before
    message = json.loads(raw).get("message", "") if raw and st else f"{len(raw or b'')} bytes of JSON"
    print(json.dumps({"status": rxabi.STATUS_NAMES[st] if st < len(rxabi.STATUS_NAMES) else str(st),
                      "ms": ms, "peak": peak, "after": after, "message": message}))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("component")
    ap.add_argument("--lib", default=rxabi.default_lib())
    ap.add_argument("--long", action="store_true", help="also the 10 s pollable flood")
    ap.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(args.lib, args.component, args.child[0], json.loads(args.child[1]))
        return 0
    rows, passed, failed = [], 0, 0
    for name, url, changes, want, most_ms, most_mib in PROBES + (LONG if args.long else []):
        config = dict(BASE, **changes)
        t = time.monotonic()
        p = subprocess.run([sys.executable, __file__, args.component, "--lib", args.lib,
                            "--child", url, json.dumps(config)], capture_output=True, text=True, timeout=900)
        wall = (time.monotonic() - t) * 1e3
        if p.returncode == 0 and p.stdout.strip():
            r = json.loads(p.stdout.strip().splitlines()[-1])
            good = r["status"] == want and r["ms"] <= most_ms and r["peak"] <= most_mib * MIB
            rows.append((name, r["status"], f"{r['ms']:.0f}", f"{r['peak'] / MIB:+.0f}", f"{r['after'] / MIB:+.0f}",
                         "pass" if good else f"FAIL (want {want}, <= {most_ms} ms, <= {most_mib} MiB)",
                         r["message"][:60]))
        else:
            good = False
            sig = -p.returncode if p.returncode < 0 else None
            what = f"killed by signal {sig}" if sig else f"exit {p.returncode}"
            rows.append((name, "-", f"{wall:.0f}", "-", "-", f"FAIL: PROCESS DIED ({what})",
                         (p.stderr.strip().splitlines() or [""])[-1][:60]))
        passed, failed = passed + good, failed + (not good)
    print(f"\nhost-bounds: hostile component, config {json.dumps(BASE)}")
    rxabi.table(["probe", "status", "ms", "peak RSS MiB", "RSS after MiB", "verdict", "message"], rows)
    print(f"host-bounds: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
