#!/usr/bin/env python3
"""Runs the fuzz targets side by side for SECONDS each and writes a report
(`make fuzz FUZZ_SECONDS=1800` builds them first and calls this).

  python3 tests/fuzz/run.py SECONDS [--max-len BYTES] [--report FILE]

Each target runs as one libFuzzer process (the binaries cargo-fuzz built
under target/fuzz) on its corpus folder target/fuzz-corpus/<target> (seeds
from tests/fuzz/seeds.py; inputs it finds are added there), with
-max_total_time=SECONDS, -max_len (extract_ffi: default 4 MiB, real pages are
up to 1.6 MiB; config_json: 4 KiB), -timeout=300 (the first input compiles the
component with no code cache, which takes a minute on a busy machine), and
-rss_limit_mb=4096. Crashes go to target/fuzz-artifacts/<target>/ (slow-unit-*
files there are inputs over 10 s, such as the first, and are not failures). Logs:
target/fuzz/<target>.log. The report gives, per target: the time it ran,
executions, the final coverage line, corpus size, peak RSS and every crash
artefact; exit 1 when a target found one.
"""
import argparse
import os
import re
import subprocess
import sys
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BIN = os.path.join(ROOT, "target", "fuzz", "x86_64-unknown-linux-gnu", "release")
TARGETS = {"extract_ffi": 4 << 20, "config_json": 4096}


def git(*args):
    try:
        return subprocess.run(["git", "-C", ROOT, *args], capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("seconds", type=int)
    ap.add_argument("--max-len", type=int, default=None, help="extract_ffi's -max_len")
    ap.add_argument("--report", default=os.path.join(ROOT, "target", "fuzz", "report.md"))
    args = ap.parse_args()
    lens = dict(TARGETS, **({"extract_ffi": args.max_len} if args.max_len else {}))
    started = time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime())
    commit = git("rev-parse", "HEAD") + (" (with uncommitted changes)" if git("status", "--porcelain",
                                                                           "--untracked-files=no") else "")
    procs = {}
    for name, max_len in lens.items():
        exe = os.path.join(BIN, name)
        if not os.path.isfile(exe):
            print(f"fuzz: {exe} missing (run `make fuzz`, which builds it)", file=sys.stderr)
            return 2
        corpus = os.path.join(ROOT, "target", "fuzz-corpus", name)
        arts = os.path.join(ROOT, "target", "fuzz-artifacts", name) + "/"
        os.makedirs(arts, exist_ok=True)
        cmd = [exe, corpus, f"-max_total_time={args.seconds}", f"-max_len={max_len}", "-timeout=300",
               "-rss_limit_mb=4096", "-print_final_stats=1", f"-artifact_prefix={arts}"]
        log = open(os.path.join(ROOT, "target", "fuzz", f"{name}.log"), "w")
        procs[name] = (subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT), time.monotonic(), cmd,
                       log, arts)
    lines, failed = [], []
    for name, (p, t0, cmd, log, arts) in procs.items():
        rc = p.wait()
        secs = time.monotonic() - t0
        log.close()
        text = open(log.name, errors="replace").read()
        stat = dict(re.findall(r"^stat::(\w+):\s+(\d+)", text, re.M))
        cov = re.findall(r"^#\d+\s+(?:DONE|pulse|NEW|REDUCE|INITED)\s+cov:.*$", text, re.M)
        inited = re.search(r"^#\d+\s+INITED\s+cov:.*$", text, re.M)
        found = sorted(os.listdir(arts))
        # slow-unit-*: an input slower than libFuzzer's -report_slow_units (10 s),
        # e.g. the first one, which compiles the component; not a failure.
        crashes = [f for f in found if not f.startswith("slow-unit-")]
        slow = [f for f in found if f.startswith("slow-unit-")]
        bad = rc != 0 or bool(crashes)
        if bad:
            failed.append(name)
        lines += [f"## {name}", "", f"- command: {' '.join(os.path.relpath(c, ROOT) if c.startswith(ROOT) else c for c in cmd)}",
                  f"- ran {secs:.0f} s (asked {args.seconds} s), exit {rc}",
                  f"- executions: {stat.get('number_of_executed_units', '?')} "
                  f"({int(stat.get('number_of_executed_units', 0)) / max(secs, 1):.0f}/s), "
                  f"peak RSS {stat.get('peak_rss_mb', '?')} MB, new units {stat.get('new_units_added', '?')}",
                  f"- after the seeds: {inited.group(0) if inited else '?'}",
                  f"- at the end: {cov[-1] if cov else '?'}",
                  f"- corpus files: {len(os.listdir(os.path.join(ROOT, 'target', 'fuzz-corpus', name)))}",
                  f"- crash/timeout/leak/oom artefacts: {', '.join(crashes) if crashes else 'none'}",
                  f"- slow units (> 10 s, not failures): {len(slow)}",
                  f"- result: {'FAILED (see ' + os.path.relpath(log.name, ROOT) + ')' if bad else 'passed'}", ""]
    head = ["# Fuzz report", "", f"- started: {started}",
            f"- commit (at the start): {commit}",
            f"- machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the end", ""]
    with open(args.report, "w") as f:
        f.write("\n".join(head + lines))
    print("\n".join(head + lines))
    print(f"fuzz: {len(procs) - len(failed)} passed, {len(failed)} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
