#!/usr/bin/env bash
# Peer benchmark: pages/s of trafilatura (Python) and Readability.js (Node, on linkedom) on
# the same real pages, one thread each, printed as a markdown table.
#
#   tests/bench/peers/run.sh CORPUS_HTML_DIR [--limit N]
#   RX_CORPORA=../shared/corpora tests/bench/peers/run.sh [--limit N]
#
# CORPUS_HTML_DIR is trafilatura-eval/html (990 NAME.gz pages). Installs the peers first
# (setup.sh, into target/peers/, skipped when already there). Progress goes to stderr,
# the table to stdout. Exits non-zero if a bench fails (its row says so).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../../.." && pwd)"

usage() { echo "usage: $0 CORPUS_HTML_DIR [--limit N]   (or RX_CORPORA=.../corpora $0 [--limit N])" >&2; exit 2; }

CORPUS=""
LIMIT=()
while [ $# -gt 0 ]; do
  case "$1" in
    --limit) [ $# -ge 2 ] || usage; LIMIT=(--limit "$2"); shift 2 ;;
    --limit=*) LIMIT=(--limit "${1#--limit=}"); shift ;;
    -h|--help) usage ;;
    -*) echo "run.sh: unknown option $1" >&2; usage ;;
    *) [ -z "$CORPUS" ] || usage; CORPUS="$1"; shift ;;
  esac
done
if [ -z "$CORPUS" ]; then
  [ -n "${RX_CORPORA:-}" ] || { echo "run.sh: no corpus: pass CORPUS_HTML_DIR or set RX_CORPORA" >&2; usage; }
  CORPUS="$RX_CORPORA/trafilatura-eval/html"
fi
[ -d "$CORPUS" ] || { echo "run.sh: corpus directory does not exist: $CORPUS" >&2; exit 1; }

"$HERE/setup.sh" >&2

PY="$ROOT/target/peers/venv/bin/python"
results=()
fail=0
echo "run.sh: trafilatura..." >&2
if out="$("$PY" "$HERE/trafilatura_bench.py" "$CORPUS" ${LIMIT[@]+"${LIMIT[@]}"})"; then
  echo "run.sh: $out" >&2; results+=("$out")
else
  fail=1; results+=('{"tool":"trafilatura","failed":true}')
fi
echo "run.sh: readability.js..." >&2
# A large heap: with Node's default limit the 990-page run spends most of its
# time in garbage collection and takes 3x longer (51-56 s instead of 18 s,
# measured); the peer gets its best case.
if out="$(node --max-old-space-size=8192 "$HERE/readability_bench.mjs" "$CORPUS" ${LIMIT[@]+"${LIMIT[@]}"})"; then
  echo "run.sh: $out" >&2; results+=("$out")
else
  fail=1; results+=('{"tool":"readability.js","failed":true}')
fi

# RX_PEERS_OUT=FILE also keeps the JSON lines (make bench compares them).
[ -z "${RX_PEERS_OUT:-}" ] || printf '%s\n' "${results[@]}" > "$RX_PEERS_OUT"
printf '%s\n' "${results[@]}" | "$PY" -c '
import json, sys
print("| tool | version | pages | ok | seconds | pages/s (1 core) |")
print("|---|---|---|---|---|---|")
for line in sys.stdin:
    r = json.loads(line)
    tool = r["tool"]
    if r.get("failed"):
        print("| %s | FAILED (see stderr) | | | | |" % tool)
        continue
    extra = ", ".join(x for x in (r.get("dom"), r.get("runtime")) if x)
    version = "%s (%s)" % (r["version"], extra) if extra else r["version"]
    bad = r.get("errors", 0) + r.get("timeouts", 0)
    ok = "%d" % r["ok"] + (" (%d crashed)" % bad if bad else "")
    print("| %s | %s | %d | %s | %.2f | %.1f |" % (tool, version, r["pages"], ok, r["seconds"], r["pages_per_s"]))
'
exit "$fail"
