#!/usr/bin/env bash
# Installs the peer extractors for the peer benchmark into target/peers/ (gitignored):
#   target/peers/venv  Python venv with trafilatura (tests/bench/peers/requirements.txt)
#   target/peers/node  npm project with @mozilla/readability + linkedom (package.json + package-lock.json)
# Idempotent: each part is skipped when a stamp shows it was installed from the same pin files.
# Needs python3 (3.11 here) and node/npm (20 here), and PyPI + npm registries reachable.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../../.." && pwd)"
PEERS="$ROOT/target/peers"
PY="${PYTHON:-python3.11}"
command -v "$PY" >/dev/null 2>&1 || PY=python3
mkdir -p "$PEERS"

stamp_of() { cat "$@" | sha256sum | cut -d' ' -f1; }

# --- Python: trafilatura ---------------------------------------------------------------
VENV="$PEERS/venv"
want="$(stamp_of "$HERE/requirements.txt")"
if [ -x "$VENV/bin/python" ] && [ "$(cat "$VENV/.rx-stamp" 2>/dev/null)" = "$want" ] \
   && "$VENV/bin/python" -c 'import trafilatura' >/dev/null 2>&1; then
  echo "setup: trafilatura already installed in $VENV" >&2
else
  command -v "$PY" >/dev/null 2>&1 || { echo "setup: no python3 found" >&2; exit 1; }
  echo "setup: installing trafilatura into $VENV" >&2
  [ -x "$VENV/bin/python" ] || "$PY" -m venv "$VENV"
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r "$HERE/requirements.txt"
  "$VENV/bin/python" -c 'import trafilatura; print("setup: trafilatura", trafilatura.__version__)' >&2
  echo "$want" > "$VENV/.rx-stamp"
fi

# --- Node: Readability.js + linkedom ------------------------------------------------------
NODEP="$PEERS/node"
want="$(stamp_of "$HERE/package.json" "$HERE/package-lock.json")"
if [ -d "$NODEP/node_modules/@mozilla/readability" ] && [ -d "$NODEP/node_modules/linkedom" ] \
   && [ "$(cat "$NODEP/.rx-stamp" 2>/dev/null)" = "$want" ]; then
  echo "setup: readability.js already installed in $NODEP" >&2
else
  command -v npm >/dev/null 2>&1 || { echo "setup: no npm found" >&2; exit 1; }
  echo "setup: installing @mozilla/readability + linkedom into $NODEP" >&2
  mkdir -p "$NODEP"
  cp "$HERE/package.json" "$HERE/package-lock.json" "$NODEP/"
  (cd "$NODEP" && npm ci --no-audit --no-fund --loglevel=error)
  echo "$want" > "$NODEP/.rx-stamp"
fi
