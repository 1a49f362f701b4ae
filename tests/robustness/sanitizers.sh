#!/usr/bin/env bash
# Suite 5, sanitizers: the C tests (tests/c/test_api.c and the robustness C
# programs) under AddressSanitizer + UndefinedBehaviorSanitizer, and again
# under Valgrind memcheck --leak-check=full. Built by robustness.mk:
#
#   sanitizers.sh BIN_DIR FIXTURES_DIR HOSTILE.wasm
#
# BIN_DIR/asan/* are built with -fsanitize=address,undefined
# -fno-sanitize-recover=all against the shared library (not instrumented
# itself: ASan still replaces malloc/free for the whole process, so the
# library's heap is checked for leaks, double frees and frees of foreign
# pointers). BIN_DIR/*_static are plain builds (-O2 -g) against the static
# library, for Valgrind: the release .so has no symbol table (strip = true),
# the .a keeps it, and the suppressions match function names.
#
# Pass: every run exits 0 with zero reports, and the leak canaries (which leak
# a library string / handle on purpose) FAIL under both tools, which proves the
# options and suppressions below cannot hide a real leak.
#
# Valgrind is slow with JIT code (~30-50x), so it runs reduced workloads:
# test_api.c as it is (its own workload is small), api_misuse with 4 threads x
# 1 round, 2 corrupted components, 10 handles and no fuel engine, faults with
# 60 faults; the canaries use the small hostile component instead of the
# embedded extractor. Jobs run in parallel, one per core.
set -uo pipefail
bin=$1 fixtures=$2 hostile=$3
here=$(cd "$(dirname "$0")" && pwd)
logs=$bin/logs
mkdir -p "$logs"
t_all=$(date +%s)

# Wasmtime handles SIGSEGV (guard pages) and SIGILL (ud2 traps) itself:
# ASan must neither install its own SIGSEGV handler nor refuse Wasmtime's.
# use_sigaltstack=0: Wasmtime gives every thread that runs wasm its own
# alternate signal stack and unmaps it when the thread exits; ASan, by
# default, also unmaps "the" alternate signal stack of every thread it sees
# die. Both unmap the same range, the second time after glibc may have put a
# new thread's stack there: new threads then crash on their first TLS access
# and pthread_join finds glibc's stack list corrupted (10 of 10 runs with 64
# threads extracting at once; 0 of 10 with this option, and 0 of 20 without
# ASan). An artefact of the two runtimes, not of the library.
export ASAN_OPTIONS="handle_segv=0:handle_sigill=0:handle_sigbus=0:allow_user_segv_handler=1:use_sigaltstack=0:detect_leaks=1:abort_on_error=0:exitcode=23"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
# --smc-check: Cranelift writes code into fresh mappings at run time.
VALGRIND=(valgrind --tool=memcheck --leak-check=full --errors-for-leak-kinds=definite,possible
          --error-exitcode=1 --smc-check=all-non-file --num-callers=40
          --suppressions="$here/valgrind.supp")

# run N TOOL NAME EXPECT WORKLOAD CMD...   (in the background: one job per core)
#   EXPECT: clean (exit 0, no report) or leak (a report of a definite leak).
#   Writes "verdict<TAB>row" to $logs/N.row.
run() {
    local n=$1 tool=$2 name=$3 expect=$4 workload=$5
    shift 5
    local log="$logs/$tool-$name.log" t0 rc verdict reports summary
    t0=$(date +%s)
    "$@" >"$log" 2>&1
    rc=$?
    case $tool in
        asan) reports=$(grep -cE "ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:" "$log") ;;
        valgrind) reports=$(sed -n 's/.*ERROR SUMMARY: \([0-9]*\) errors.*/\1/p' "$log" | tail -n1); reports=${reports:-?} ;;
    esac
    if [ "$expect" = clean ]; then
        if [ $rc -eq 0 ] && [ "$reports" = 0 ]; then verdict=pass; else verdict=FAIL; fi
    else
        if [ $rc -ne 0 ] && grep -qE "Direct leak of|definitely lost in loss record" "$log"; then verdict=pass; else verdict=FAIL; fi
    fi
    if [ $verdict = FAIL ]; then
        { echo "---- $tool $name: exit $rc, $reports reports (want $expect); log $log"
          grep -E "ERROR|runtime error|definitely lost|Invalid|uninitialised|FAIL" "$log" | head -n 20
          # The first report itself, with its stack: Valgrind's begins with a
          # "lost in loss record" or an error title, ASan's with "ERROR:".
          grep -m1 -A30 -E "lost in loss record|== (Invalid|Conditional|Syscall|Mismatched|Use of|Source and destination|Argument)|ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:" "$log"; } >&2
    fi
    summary=$(grep -E "^[a-z-]+: [0-9]+ passed, [0-9]+ failed" "$log" | tail -n1)
    printf '%s\t%-8s %-14s %-6s %5ss %4s %7s  %-7s %s\n' "$verdict" "$tool" "$name" "$expect" \
        $(( $(date +%s) - t0 )) "$rc" "$reports" "$verdict" "$workload${summary:+ ($summary)}" > "$logs/$n.row"
}
jobs_max=$(nproc 2>/dev/null || echo 2)
n=0
spawn() {
    while [ "$(jobs -rp | wc -l)" -ge "$jobs_max" ]; do wait -n; done
    n=$((n + 1))
    run "$(printf %02d $n)" "$@" &
}
rm -f "$logs"/*.row

A=$bin/asan
if command -v valgrind >/dev/null; then
    # The longest jobs first.
    # The pooling allocator reserves ~4 TiB of address space, more than Valgrind can map.
    spawn valgrind test_api clean "tests/c/test_api.c, full but the pooling allocator; 3 s hostile deadline" env RX_TEST_NO_POOLING=1 RX_TEST_TIMEOUT_MS=3000 "${VALGRIND[@]}" "$bin/test_api_static" "$fixtures" "$hostile"
    spawn valgrind api_misuse clean "4 threads x 1 round, reduced" env RX_MISUSE_THREADS=4 RX_MISUSE_ROUNDS=1 \
        RX_MISUSE_CORRUPT=2 RX_MISUSE_CHURN=10 RX_MISUSE_FUEL=0 "${VALGRIND[@]}" "$bin/api_misuse_static" "$fixtures" "$hostile"
    spawn valgrind faults clean "60 faults (RSS not judged)" env RX_FAULTS=60 RX_FAULTS_WARMUP=6 RX_FLAT=0 \
        "${VALGRIND[@]}" "$bin/faults_static" "$hostile"
    spawn valgrind canary-string leak "leaks a result string" "${VALGRIND[@]}" "$bin/leak_canary_static" string "$hostile"
    spawn valgrind canary-handle leak "leaks a handle" "${VALGRIND[@]}" "$bin/leak_canary_static" handle "$hostile"
else
    echo "valgrind is not installed" >&2
    printf 'FAIL\tvalgrind is not installed\n' > "$logs/00.row"
fi
spawn asan test_api clean "tests/c/test_api.c, full" "$A/test_api" "$fixtures" "$hostile"
spawn asan api_misuse clean "64 threads x 4 rounds" "$A/api_misuse" "$fixtures" "$hostile"
spawn asan faults clean "600 faults (RSS not judged)" env RX_FAULTS=600 RX_FAULTS_WARMUP=60 RX_FLAT=0 "$A/faults" "$hostile"
spawn asan canary-none clean "frees everything" "$A/leak_canary" none
spawn asan canary-string leak "leaks a result string" "$A/leak_canary" string
spawn asan canary-handle leak "leaks a handle" "$A/leak_canary" handle
wait

passed=$(cat "$logs"/*.row | grep -c $'^pass\t')
failed=$(cat "$logs"/*.row | grep -vc $'^pass\t')
echo
printf '%-8s %-14s %-6s %6s %4s %7s  %-7s %s\n' tool program expect time exit reports verdict workload
cat "$logs"/*.row | cut -f2-
echo "logs: $logs"
echo "run time: $(( $(date +%s) - t_all )) s"
echo "sanitizers: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
