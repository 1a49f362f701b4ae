#!/usr/bin/env bash
# Packaging tests: `make install` into a temporary prefix, then build the C
# example with pkg-config (shared and static) and run both; run the installed
# riptide; check the SONAME,
# the versioned file names, the version macros and that the shared library
# exports only rx_ symbols.
set -euo pipefail
cd "$(dirname "$0")/../.."
CC=${CC:-cc}
VERSION=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n1)
MAJOR=${VERSION%%.*}
PAGE=examples/pages/rust-book-variables-and-mutability.html
URL=https://doc.rust-lang.org/book/ch03-01-variables-and-mutability.html
passed=0
failed=0
check() { # check DESCRIPTION COMMAND...
    local what=$1
    shift
    if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL: $what" >&2; fi
}

command -v pkg-config >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq pkg-config; }

prefix=$(mktemp -d)
work=$(mktemp -d)
trap 'rm -rf "$prefix" "$work"' EXIT
make --no-print-directory -s install PREFIX="$prefix" >/dev/null

lib="$prefix/lib"
check "versioned file" test -f "$lib/libriptide_extractor.so.$VERSION"
check "soname link" test "$(readlink "$lib/libriptide_extractor.so.$MAJOR")" = "libriptide_extractor.so.$VERSION"
check "dev link" test "$(readlink "$lib/libriptide_extractor.so")" = "libriptide_extractor.so.$MAJOR"
check "static lib" test -f "$lib/libriptide_extractor.a"
check "headers" test -f "$prefix/include/riptide_extractor.h" -a -f "$prefix/include/riptide_extractor.hpp"
soname=$(objdump -p "$lib/libriptide_extractor.so.$VERSION" | awk '$1 == "SONAME" {print $2}')
check "SONAME is libriptide_extractor.so.$MAJOR (got $soname)" test "$soname" = "libriptide_extractor.so.$MAJOR"

# Only rx_ symbols are exported.
others=$(nm -D --defined-only "$lib/libriptide_extractor.so.$VERSION" | awk '{print $3}' | grep -v '^rx_' || true)
check "only rx_ symbols exported (others: $others)" test -z "$others"
count=$(nm -D --defined-only "$lib/libriptide_extractor.so.$VERSION" | grep -c ' rx_')
check "rx_ symbols present ($count)" test "$count" -ge 10

# Version macros match Cargo.toml.
cat > "$work/version.c" <<'C'
#include <stdio.h>
#include <string.h>
#include "riptide_extractor.h"
int main(void) {
    char buf[64];
    snprintf(buf, sizeof buf, "%d.%d.%d", RX_VERSION_MAJOR, RX_VERSION_MINOR, RX_VERSION_PATCH);
    printf("%s\n", buf);
    return strcmp(buf, RX_VERSION_STRING) != 0 || strcmp(buf, rx_version()) != 0;
}
C
export PKG_CONFIG_PATH="$lib/pkgconfig"
check "pkg-config knows the package" pkg-config --exists riptide_extractor
check "pkg-config version" test "$(pkg-config --modversion riptide_extractor)" = "$VERSION"

# Shared: plain pkg-config flags.
$CC -O2 -Wall -Werror "$work/version.c" -o "$work/version" $(pkg-config --cflags --libs riptide_extractor)
check "version macros = Cargo.toml = rx_version()" test "$(LD_LIBRARY_PATH=$lib "$work/version")" = "$VERSION"
$CC -O2 -Wall -Werror examples/c/rx_extract.c -o "$work/rx_shared" $(pkg-config --cflags --libs riptide_extractor)
check "shared binary links the SONAME" sh -c "LD_LIBRARY_PATH=$lib ldd $work/rx_shared | grep -q 'libriptide_extractor.so.$MAJOR => $lib'"
check "shared example extracts" sh -c "LD_LIBRARY_PATH=$lib $work/rx_shared -u $URL $PAGE | grep -q '\"title\":\"Variables and Mutability'"

# Static: Libs.private must be enough to link the archive. The archive is
# chosen explicitly, as a prefix holding both .so and .a would give the .so.
static_flags=$(pkg-config --static --cflags --libs riptide_extractor | sed 's/-lriptide_extractor/-l:libriptide_extractor.a/')
$CC -O2 -Wall -Werror examples/c/rx_extract.c -o "$work/rx_static" $static_flags
check "static binary does not need the .so" sh -c "! ldd $work/rx_static | grep -q riptide"
check "static example extracts" sh -c "$work/rx_static -m metadata -u $URL < $PAGE | grep -q '\"text\":\"\"'"

# The command-line tool: installed, self-contained, extracts a page from stdin.
check "bin/riptide installed" test -x "$prefix/bin/riptide"
check "riptide does not need the .so" sh -c "! ldd $prefix/bin/riptide | grep -q riptide"
check "riptide --version" sh -c "$prefix/bin/riptide --version | grep -q '^riptide '"
check "installed riptide extracts" sh -c "$prefix/bin/riptide -q --cache-dir '' - < $PAGE | grep -q '\"title\":\"Variables and Mutability'"

# C++ through pkg-config too.
command -v c++ >/dev/null && {
    c++ -std=c++17 -O2 -Wall -Wextra -Werror -pedantic examples/cpp/rx_extract.cpp -o "$work/rx_cpp" $(pkg-config --cflags --libs riptide_extractor)
    check "C++ example via pkg-config" sh -c "LD_LIBRARY_PATH=$lib $work/rx_cpp $URL $PAGE | grep -q Mutability"
}

echo "package: $passed passed, $failed failed"
test "$failed" -eq 0
