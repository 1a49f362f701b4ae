"""Python's faulthandler and the library's trap handlers (README, "Signals").

Each case runs in a subprocess: faulthandler.enable() before or after the
first extractor exists, with the library's check on or off, then a guest trap
(hostile://trap) and an ordinary call.
- before: faulthandler is the handler the library passes foreign faults to;
  the trap is an ordinary guest_trap;
- after, check on (the default): signal_handlers, the guest is not run;
- after, check off: faulthandler "chains" by restoring the old handler and
  re-raising from inside its own handler, so the library sees a signal raised
  outside guest code: the process dies (SIGILL). This is why the check exists.

    python3 signal_order.py --lib target/release/libriptide_extractor.so HOSTILE.wasm
"""
import argparse
import os
import signal
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))

CHILD = r"""
import ctypes, faulthandler, sys
sys.path.insert(0, {here!r})
import rxabi
lib = rxabi.Lib({lib!r})
if {order!r} == "before":
    faulthandler.enable()
ex = lib.new({{"signal_check": {check!r}}}, component={component!r})
if {order!r} == "after":
    faulthandler.enable()
for url in (b"hostile://trap", b"hostile://ok"):
    out = ctypes.c_void_p()
    st = lib.lib.rx_extract(ex.handle, b"x", 1, url, None, None, ctypes.byref(out), None)
    lib._take(out)
    print(rxabi.STATUS_NAMES.get(st, st), flush=True)
"""

# (order, check) -> (statuses printed, exit code)
CASES = {
    ("before", True): (["guest_trap", "ok"], 0),
    ("after", True): (["signal_handlers", "signal_handlers"], 0),
    ("after", False): ([], -signal.SIGILL),
}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--lib", required=True)
    ap.add_argument("component")
    args = ap.parse_args()
    failures = 0
    for (order, check), (want_out, want_rc) in CASES.items():
        code = CHILD.format(here=HERE, lib=os.path.abspath(args.lib), order=order, check=check,
                            component=os.path.abspath(args.component))
        p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
        got = p.stdout.split()
        ok = got == want_out and p.returncode == want_rc
        failures += not ok
        print(f"{'ok  ' if ok else 'FAIL'} faulthandler {order}, signal_check {check}: "
              f"{got or '-'} exit {p.returncode}" + ("" if ok else f" (want {want_out} exit {want_rc})"))
        if not ok:
            sys.stderr.write(p.stderr[-2000:])
    print(f"signal order: {len(CASES) - failures} passed, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
