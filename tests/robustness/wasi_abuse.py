#!/usr/bin/env python3
"""Evidence for RUSTSEC-2026-0020 (guest-controlled resource exhaustion in
WASI) in this library's configuration: what a *component* (not a page) can do
to the host process through the WASI p2 functions the library links.

  python3 tests/robustness/wasi_abuse.py COMPONENT.wasm [--lib PATH]

COMPONENT is tests/robustness/components/wasi-abuse (built by `make
rb-wasi-abuse`): with url `wasi://random/N` it calls wasi:random
get-random-bytes(N). Wasmtime's stock implementation allocates and fills N
bytes on the host before anything is copied into the guest, outside
max_memory_bytes and timeout_ms; the library's own one refuses more than
1 MiB. Each probe runs in a child process, so a crash is observed, not
suffered. Config: {"timeout_ms": 1000, "max_memory_bytes": 16777216}.

Prints what happens, then `wasi-abuse: N passed, N failed`, where a probe
passes if the process survives with a status. Part of `make robustness`
(`make rb-wasi-abuse`).
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

CONFIG = {"timeout_ms": 1000, "max_memory_bytes": 16 << 20}
PROBES = [("1 KiB", 1 << 10), ("256 MiB", 256 << 20), ("1 GiB", 1 << 30), ("1 TiB", 1 << 40)]


def child(lib_path, component, n):
    lib = rxabi.Lib(lib_path)
    ex = lib.new(CONFIG, component=component)
    rxabi.reset_peak_rss()
    before = rxabi.rss_bytes()
    t = time.monotonic()
    st, raw, _ = ex.extract(b"<p>x</p>", f"wasi://random/{n}")
    print(json.dumps({"status": rxabi.STATUS_NAMES[st], "ms": (time.monotonic() - t) * 1e3,
                      "peak_rss_delta": rxabi.peak_rss_bytes() - before,
                      "message": json.loads(raw).get("message", "") if raw and st else ""}))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("component")
    ap.add_argument("--lib", default=rxabi.default_lib())
    ap.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child is not None:
        child(args.lib, args.component, args.child)
        return 0
    rows, passed, failed = [], 0, 0
    for name, n in PROBES:
        t = time.monotonic()
        p = subprocess.run([sys.executable, __file__, args.component, "--lib", args.lib, "--child", str(n)],
                           capture_output=True, text=True, timeout=600)
        wall = (time.monotonic() - t) * 1e3
        if p.returncode == 0 and p.stdout.strip():
            r = json.loads(p.stdout.strip().splitlines()[-1])
            rows.append((name, r["status"], f"{r['ms']:.0f}", f"{r['peak_rss_delta'] / 2**20:+.0f}", "survived",
                         r["message"][:70]))
            passed += 1
        else:
            sig = -p.returncode if p.returncode < 0 else None
            what = f"killed by signal {sig}" if sig else f"exit {p.returncode}"
            rows.append((name, "-", f"{wall:.0f}", "-", f"PROCESS DIED ({what})", (p.stderr.strip().splitlines() or [""])[0][:70]))
            failed += 1
    print(f"\nwasi-abuse: get-random-bytes(N) from a component, config {json.dumps(CONFIG)}")
    rxabi.table(["N", "status", "ms", "peak RSS MiB", "process", "message / last stderr line"], rows)
    print(f"wasi-abuse: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
