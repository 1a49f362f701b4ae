# Robustness suites: included from the Makefile with
#     include tests/robustness/robustness.mk
# Uses the Makefile's LIBDIR, LIB_SO, LIB_A, STATIC_LIBS, HOSTILE, OUT, CC,
# CFLAGS, CARGO, VERSION and its `build` and `hostile` targets. See
# tests/robustness/README.md.
#
#   make robustness         suites 3 (faults, deadline), 4 (API misuse),
#                           5 (sanitizers), host bounds, the WASI-abuse
#                           evidence and the supply-chain audit; no corpus
#                           needed
#   make robustness-corpus  suites 1 (conformance) and 2 (bombs): need
#                           RX_CORPORA (unset: skipped; set to a missing path:
#                           failure)
#   make robustness-all     both
# and one target per suite: rb-faults, rb-misuse, rb-sanitizers, audit,
# rb-conformance, rb-bombs, rb-host-bounds, rb-wasi-abuse (rb-tools installs
# Valgrind for rb-sanitizers).
#   make soak               200,000 calls (SOAK_CALLS) of pages, bombs and
#                           hostile faults; report in target/c/robustness/
#   make fuzz FUZZ_SECONDS=1800   both cargo-fuzz targets side by side;
#                           report in target/fuzz/report.md
#   make memory-table       guest memory per input MiB in every mode
#                           (generated pages; with RX_CORPORA also real ones)
# soak and fuzz take half an hour or more: they and memory-table are in no
# aggregate target.

RB_DIR     := tests/robustness
RB_OUT     := $(OUT)/robustness
PYTHON     ?= python3
RB_FIXTURES := tests/fixtures
RB_VERSION := $(or $(VERSION),$(shell sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n1))
RB_DEFS    := -DRX_EXPECTED_VERSION='"$(RB_VERSION)"' $(if $(WASMTIME_VERSION),-DRX_EXPECTED_WASMTIME='"$(WASMTIME_VERSION)"')
RB_CFLAGS  := $(CFLAGS) -pthread -Iinclude -I$(RB_DIR)/c $(RB_DEFS)
# Sanitizer builds: -O1 keeps stacks readable; the library itself is the
# ordinary release .so (ASan still takes over malloc/free process-wide).
RB_SANFLAGS := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all \
               -Wall -Wextra -Werror -std=c11 -D_GNU_SOURCE -pthread -Iinclude -I$(RB_DIR)/c $(RB_DEFS)
# Absolute rpath: the programs are test artefacts, and OUT may be overridden.
RB_LINK    := -L$(LIBDIR) -lriptide_extractor -Wl,-rpath,'$(abspath $(LIBDIR))'
RB_PROGS   := api_misuse faults leak_canary
RB_HEADERS := include/riptide_extractor.h $(RB_DIR)/c/rx_robust.h

.PHONY: robustness robustness-corpus robustness-all rb-faults rb-misuse rb-sanitizers rb-conformance rb-bombs \
        audit rb-tools rb-wasi-abuse rb-host-bounds soak fuzz memory-table

robustness: rb-faults rb-misuse rb-sanitizers audit rb-wasi-abuse rb-host-bounds
robustness-corpus: rb-conformance rb-bombs
robustness-all: robustness robustness-corpus

$(RB_OUT) $(RB_OUT)/asan:
	@mkdir -p $@

# The C programs: against the shared library (suites 3 and 4), against the
# static one (suite 4 again, and Valgrind: the release .so is stripped of its
# symbol table, the .a is not, and the suppressions need function names), and
# with ASan+UBSan against the shared library. `build` is an order-only
# prerequisite so the library exists and is current first.
$(RB_OUT)/%: $(RB_DIR)/c/%.c $(RB_HEADERS) | build $(RB_OUT)
	$(CC) $(RB_CFLAGS) $< -o $@ $(RB_LINK)
$(RB_OUT)/%_static: $(RB_DIR)/c/%.c $(RB_HEADERS) | build $(RB_OUT)
	$(CC) $(RB_CFLAGS) $< -o $@ $(LIB_A) $(STATIC_LIBS)
$(RB_OUT)/test_api_static: tests/c/test_api.c include/riptide_extractor.h | build $(RB_OUT)
	$(CC) $(RB_CFLAGS) $< -o $@ $(LIB_A) $(STATIC_LIBS)
$(RB_OUT)/asan/%: $(RB_DIR)/c/%.c $(RB_HEADERS) | build $(RB_OUT)/asan
	$(CC) $(RB_SANFLAGS) $< -o $@ $(RB_LINK)
$(RB_OUT)/asan/test_api: tests/c/test_api.c include/riptide_extractor.h | build $(RB_OUT)/asan
	$(CC) $(RB_SANFLAGS) $< -o $@ $(RB_LINK)

# Valgrind is the one tool a fresh Debian machine may lack.
rb-tools:
	@command -v valgrind >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq valgrind; }

# Suite 3: 10,000 consecutive faults of the hostile component, and the
# accuracy of timeout_ms while every core is busy.
rb-faults: build hostile $(RB_OUT)/faults
	$(RB_OUT)/faults $(HOSTILE) 10000
	$(PYTHON) $(RB_DIR)/deadline.py $(HOSTILE) --lib $(LIB_SO)

# Suite 4: API misuse from C, against the shared and the static library.
rb-misuse: build hostile $(RB_OUT)/api_misuse $(RB_OUT)/api_misuse_static
	$(RB_OUT)/api_misuse $(RB_FIXTURES) $(HOSTILE)
	$(RB_OUT)/api_misuse_static $(RB_FIXTURES) $(HOSTILE)

# Suite 5: ASan+UBSan and Valgrind over the C tests.
rb-sanitizers: build hostile rb-tools $(addprefix $(RB_OUT)/,$(addsuffix _static,test_api $(RB_PROGS))) \
               $(addprefix $(RB_OUT)/asan/,test_api $(RB_PROGS))
	bash $(RB_DIR)/sanitizers.sh $(RB_OUT) $(RB_FIXTURES) $(HOSTILE)

# Supply chain: cargo audit against the offline RustSec snapshot.
audit:
	bash $(RB_DIR)/audit.sh

# Evidence for RUSTSEC-2026-0020: a component asking wasi:random for up to
# 1 TiB (the stock implementation allocates it on the host).
RB_ABUSE := target/guest/wasm32-wasip2/release/rx_wasi_abuse_component.wasm
rb-wasi-abuse: build
	cd $(RB_DIR)/components/wasi-abuse && $(or $(CARGO),cargo) build --release --locked --target wasm32-wasip2 --target-dir $(CURDIR)/target/guest
	$(PYTHON) $(RB_DIR)/wasi_abuse.py $(RB_ABUSE) --lib $(LIB_SO)

# What a component can make the host spend: an aliased result, a WASI
# pollable flood, a blocking WASI call (max_output_bytes, max_wasi_resources,
# the deadline inside host calls).
rb-host-bounds: build hostile
	$(PYTHON) $(RB_DIR)/host_bounds.py $(HOSTILE) --lib $(LIB_SO) --long

# Suites 1 and 2: only with RX_CORPORA.
rb-conformance: build
	$(PYTHON) $(RB_DIR)/conformance.py --lib $(LIB_SO)

rb-bombs: build
	$(PYTHON) $(RB_DIR)/bombs.py --lib $(LIB_SO)

# Soak: SOAK_CALLS calls on 2 threads (needs the corpora: RX_CORPORA, default
# ../shared/corpora). RSS samples to a CSV, figures to a report file.
SOAK_CALLS ?= 200000
SOAK_ARGS  ?=
soak: build hostile | $(RB_OUT)
	$(PYTHON) $(RB_DIR)/soak.py $(SOAK_CALLS) --lib $(LIB_SO) --hostile $(HOSTILE) \
	  --csv $(RB_OUT)/soak-rss.csv --report $(RB_OUT)/soak-report.md $(SOAK_ARGS)

# Fuzz: both targets of tests/fuzz for FUZZ_SECONDS each, in parallel. Rust is
# stable only: RUSTC_BOOTSTRAP=1 lets cargo-fuzz pass -Zsanitizer=address.
FUZZ_SECONDS ?= 1800
FUZZ_ENV := RUSTC_BOOTSTRAP=1 RX_GUEST_WASM=$(CURDIR)/target/guest/wasm32-wasip2/release/riptide_extractor_guest.wasm
fuzz: build
	@command -v cargo-fuzz >/dev/null || $(CARGO) install cargo-fuzz --locked
	$(FUZZ_ENV) $(CARGO) fuzz build --fuzz-dir tests/fuzz --target-dir $(CURDIR)/target/fuzz
	$(PYTHON) tests/fuzz/seeds.py
	$(PYTHON) tests/fuzz/run.py $(FUZZ_SECONDS)

# Guest memory per input MiB in every mode (generated prose pages; with
# RX_CORPORA also real pages and concatenations of them).
memory-table: build
	@if [ -n "$$RX_CORPORA" ]; then mkdir -p $(OUT)/memory-pages && $(PYTHON) -c 'import glob, gzip, os, sys; \
	  [open(os.path.join(sys.argv[2], os.path.basename(f)[:-3]), "wb").write(gzip.open(f).read()) \
	   for f in glob.glob(os.path.join(sys.argv[1], "trafilatura-eval/html/*.gz"))]' "$$RX_CORPORA" $(OUT)/memory-pages; fi
	RX_MEMORY_PAGES=$${RX_CORPORA:+$(CURDIR)/$(OUT)/memory-pages} $(CARGO) test --release --locked --test core \
	  guest_memory_per_input_mib -- --ignored --nocapture
