#!/usr/bin/env bash
# Compares Wasmtime versions on the same component and pages (not part of
# `make bench`: each version is a separate ~4-8 minute build).
#
#   tests/bench/engine-versions/run.sh COMPONENT.wasm CORPUS_DIR VERSION...
#   e.g. run.sh target/bench-kernel/wasm32-wasip2/release/rx_bench_kernel.wasm \
#          target/c/bench-corpus 37.0.3 48.0.8
#
# Each version gets its own crate under target/engine-versions/VERSION (the
# dependency is pinned with `=`); the runs alternate between versions, twice,
# with epoch checks on, then once each with them off.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
[ $# -ge 3 ] || { sed -n '4,8p' "$0" >&2; exit 2; }
wasm="$(realpath "$1")"; corpus="$(realpath "$2")"; shift 2
[ -f "$wasm" ] || { echo "run.sh: no component at $wasm" >&2; exit 1; }
[ -d "$corpus" ] || { echo "run.sh: no corpus directory at $corpus" >&2; exit 1; }
bins=()
for v in "$@"; do
  d="$root/target/engine-versions/$v"
  mkdir -p "$d/src"
  sed "s#\"../../../../wit\"#\"$root/wit\"#" "$here/main.rs" > "$d/src/main.rs"
  cat > "$d/Cargo.toml" <<TOML
[package]
name = "wt"
version = "0.1.0"
edition = "2021"
publish = false
[dependencies]
wasmtime = { version = "=$v", default-features = false, features = ["runtime", "cranelift", "component-model", "std", "parallel-compilation"] }
wasmtime-wasi = { version = "=$v" }
[profile.release]
opt-level = 3
[workspace]
TOML
  echo "run.sh: building against Wasmtime $v" >&2
  (cd "$d" && RX_WASMTIME_VERSION="$v" cargo build --release --quiet)
  bins+=("$d/target/release/wt")
done
for round in 1 2; do
  for b in "${bins[@]}"; do "$b" "$wasm" "$corpus" 1 2>/dev/null; done
done
for b in "${bins[@]}"; do "$b" "$wasm" "$corpus" 0 2>/dev/null; done
