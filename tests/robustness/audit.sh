#!/usr/bin/env bash
# Supply-chain audit: cargo audit, offline, against the RustSec snapshot in
# shared/advisory-db.bundle, with the accepted advisories of .cargo/audit.toml.
#
#   tests/robustness/audit.sh        (from the repository root; `make audit`)
#
# The advisory database is the first of:
#   RX_ADVISORY_DB          a clone of the advisory-db or a git bundle of it
#                           (set but missing: failure);
#   $RX_CORPORA/../advisory-db.bundle, ../shared/advisory-db.bundle;
# none found: the audit is skipped (the project's tests pass without shared/).
#
# Checks:
# 1. `cargo audit` with .cargo/audit.toml passes: no advisory besides the
#    accepted ones (a NEW advisory, vulnerability or informational, fails);
# 2. without the config, the advisories reported are exactly the accepted list
#    (no stale entries: an advisory that no longer applies must be removed).
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 2
passed=0 failed=0
pass() { passed=$((passed + 1)); printf '%-60s pass\n' "$1"; }
fail() { failed=$((failed + 1)); printf '%-60s FAIL\n' "$1"; [ $# -gt 1 ] && printf '%s\n' "$2" >&2; }
finish() { echo "audit: $passed passed, $failed failed"; [ "$failed" -eq 0 ]; exit $?; }

src=""
if [ -n "${RX_ADVISORY_DB:-}" ]; then
    src=$RX_ADVISORY_DB
    [ -e "$src" ] || { echo "audit: RX_ADVISORY_DB=$src does not exist" >&2; fail "advisory database"; finish; }
elif [ -n "${RX_CORPORA:-}" ] && [ -e "$RX_CORPORA/../advisory-db.bundle" ]; then
    src=$RX_CORPORA/../advisory-db.bundle
elif [ -e ../shared/advisory-db.bundle ]; then
    src=../shared/advisory-db.bundle
else
    echo "audit: no advisory database (set RX_ADVISORY_DB or RX_CORPORA): skipped"
    finish
fi

t0=$(date +%s)
if ! command -v cargo-audit >/dev/null; then
    echo "audit: installing cargo-audit (cargo install cargo-audit --locked; ~8 min of CPU on 2 cores)"
    cargo install cargo-audit --locked >&2 || { fail "install cargo-audit"; finish; }
fi
db=$src
if [ ! -d "$src/crates" ]; then
    db=target/robustness/advisory-db
    rm -rf "$db" && mkdir -p "$(dirname "$db")"
    git clone -q "$src" "$db" 2>/dev/null || { fail "clone $src"; finish; }
fi
db=$(cd "$db" && pwd)
echo "audit: cargo-audit $(cargo audit --version | awk '{print $2}'), database $src"

# 1. With the accepted list.
if out=$(cargo audit --db "$db" --no-fetch 2>&1); then
    pass "cargo audit with .cargo/audit.toml"
else
    fail "cargo audit with .cargo/audit.toml" "$out"
fi

# 2. Without it (run from an empty directory, so .cargo/audit.toml is not read):
# the reported IDs must be exactly the accepted ones.
tmp=$(mktemp -d)
lock=$PWD/Cargo.lock
( cd "$tmp" && CARGO_HOME="$tmp" cargo-audit audit --db "$db" --no-fetch --json -f "$lock" ) \
    > "$tmp/report.json" 2>/dev/null
python3 - "$tmp/report.json" .cargo/audit.toml <<'EOF' > "$tmp/cmp" 2>&1
import json, re, sys, tomllib
report = json.load(open(sys.argv[1]))
found = {v["advisory"]["id"]: (v["package"]["name"], v["package"]["version"], v["advisory"]["title"])
         for v in report["vulnerabilities"]["list"]}
for kind, ws in report.get("warnings", {}).items():
    for w in ws:
        if w.get("advisory"):
            found[w["advisory"]["id"]] = (w["package"]["name"], w["package"]["version"], kind + ": " + w["advisory"]["title"])
accepted = set(tomllib.load(open(sys.argv[2], "rb"))["advisories"]["ignore"])
print(f"{'advisory':<20} {'crate':<22} {'accepted':<9} title")
for i in sorted(set(found) | accepted):
    name, ver, title = found.get(i, ("-", "", "(no longer reported)"))
    print(f"{i:<20} {name + ' ' + ver:<22} {'yes' if i in accepted else 'NO':<9} {title[:70]}")
new, stale = sorted(set(found) - accepted), sorted(accepted - set(found))
print(f"reported {len(found)}, accepted {len(accepted)}, new {new}, stale {stale}")
sys.exit(1 if new or stale else 0)
EOF
rc=$?
cat "$tmp/cmp"
if [ $rc -eq 0 ]; then pass "reported advisories == accepted list"; else fail "reported advisories == accepted list"; fi
rm -rf "$tmp"
echo "run time: $(( $(date +%s) - t0 )) s"
finish
