# riptide-extractor: build, run and test everything.
#   make run    build the library + C example, extract a real page, print JSON
#   make cli    build the command-line tool target/release/riptide
#   make test   every test suite (Rust, C against .so and .a, header check)
#   make header regenerate include/riptide_extractor.h with cbindgen
# Both `run` and `test` install what they need on a fresh Debian machine with
# rustup (the wasm32-wasip2 target, a C compiler, clang and wasi-libc).

SHELL      := /bin/bash
CARGO      ?= cargo
CC         ?= cc
CFLAGS     ?= -O2 -g -Wall -Wextra -Werror -std=c11 -D_GNU_SOURCE
OUT        := target/c
LIBDIR     := target/release
LIB_SO     := $(LIBDIR)/libriptide_extractor.so
LIB_A      := $(LIBDIR)/libriptide_extractor.a
# What a static Rust library needs from the system (rustc --print native-static-libs).
STATIC_LIBS := -lgcc_s -lutil -lrt -lpthread -lm -ldl -lc
HOSTILE    := target/guest/wasm32-wasip2/release/rx_hostile_component.wasm
HOSTILE_PREINIT_LOOPS := target/guest/preinit-loops/wasm32-wasip2/release/rx_hostile_component.wasm
HOSTILE_PREINIT_LOGS := target/guest/preinit-logs/wasm32-wasip2/release/rx_hostile_component.wasm
HOSTILE_FILESYSTEM := target/guest/filesystem/wasm32-wasip2/release/rx_hostile_component.wasm
VERSION    := $(shell sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n1)
MAJOR      := $(firstword $(subst ., ,$(VERSION)))
PREFIX     ?= /usr/local
CXX        ?= c++
CXXFLAGS   ?= -O2 -g -std=c++17 -Wall -Wextra -Werror -pedantic
GO         ?= go
PAGE       := examples/pages/rust-book-variables-and-mutability.html
PAGE_URL   := https://doc.rust-lang.org/book/ch03-01-variables-and-mutability.html

.PHONY: all setup build lib cli examples run test guest-test rust-test c-test cpp-test package-test go-test lts-test cli-test cli-venv bench baseline-component bench-cli bench-process header hostile install clean

all: build cli examples

setup:
	@command -v $(CARGO) >/dev/null || { echo "cargo not found: install Rust with rustup (https://rustup.rs)"; exit 1; }
	@rustup target list --installed 2>/dev/null | grep -qx wasm32-wasip2 || rustup target add wasm32-wasip2
	@command -v $(CC) >/dev/null && command -v $(CXX) >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gcc g++ libc6-dev; }
	@# The default component's HTML parser (lexbor, C) is built for wasm32 with these.
	@command -v clang >/dev/null && command -v llvm-ar >/dev/null && test -f /usr/include/wasm32-wasi/stdlib.h || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq clang lld llvm wasi-libc libclang-rt-dev-wasm32; }

# CARGO_FEATURES selects the engine, e.g. "--no-default-features --features wasmtime-lts".
CARGO_FEATURES ?=
WASMTIME_VERSION ?= 37.0.3

build lib: setup
	$(CARGO) build --release --locked $(CARGO_FEATURES)
	@# Programs linked against the build tree find the library by its SONAME.
	ln -sf libriptide_extractor.so $(LIBDIR)/libriptide_extractor.so.$(MAJOR)

# The command-line tool (cli/, a crate of its own with its own Cargo.lock so
# the library's dependencies do not grow), built into the library's target dir.
CLI_BIN    := $(LIBDIR)/riptide
cli: setup
	cd cli && $(CARGO) build --release --locked $(CARGO_FEATURES) --target-dir $(abspath $(LIBDIR)/..)

$(OUT):
	@mkdir -p $(OUT)

examples: build | $(OUT)
	$(CC) $(CFLAGS) -Iinclude examples/c/rx_extract.c -o $(OUT)/rx_extract -L$(LIBDIR) -lriptide_extractor -Wl,-rpath,'$$ORIGIN/../release'
	$(CC) $(CFLAGS) -Iinclude examples/c/rx_extract.c -o $(OUT)/rx_extract_static $(LIB_A) $(STATIC_LIBS)

# Build output goes to stderr, so standard output is exactly the JSON.
run:
	@$(MAKE) --no-print-directory examples >&2
	@$(OUT)/rx_extract -u $(PAGE_URL) $(PAGE)

hostile: setup
	cd tests/components/hostile && $(CARGO) build --release --locked --target wasm32-wasip2 --target-dir $(CURDIR)/target/guest
	cd tests/components/hostile && $(CARGO) build --release --locked --target wasm32-wasip2 --target-dir $(CURDIR)/target/guest/preinit-loops --features preinit-loops
	cd tests/components/hostile && $(CARGO) build --release --locked --target wasm32-wasip2 --target-dir $(CURDIR)/target/guest/preinit-logs --features preinit-logs
	cd tests/components/hostile && $(CARGO) build --release --locked --target wasm32-wasip2 --target-dir $(CURDIR)/target/guest/filesystem --features filesystem

# The default component's own tests, run natively (its rules and pipeline).
guest-test: setup
	cd guest && $(CARGO) test --release --locked

rust-test: build hostile
	RX_HOSTILE_WASM=$(CURDIR)/$(HOSTILE) RX_HOSTILE_PREINIT_LOOPS_WASM=$(CURDIR)/$(HOSTILE_PREINIT_LOOPS) RX_HOSTILE_PREINIT_LOGS_WASM=$(CURDIR)/$(HOSTILE_PREINIT_LOGS) RX_HOSTILE_FILESYSTEM_WASM=$(CURDIR)/$(HOSTILE_FILESYSTEM) $(CARGO) test --release --locked $(CARGO_FEATURES)

c-test: build hostile | $(OUT)
	$(CC) $(CFLAGS) -pthread -Iinclude -DRX_EXPECTED_VERSION='"$(VERSION)"' -DRX_EXPECTED_WASMTIME='"$(WASMTIME_VERSION)"' tests/c/test_api.c -o $(OUT)/test_api_shared -L$(LIBDIR) -lriptide_extractor -Wl,-rpath,'$$ORIGIN/../release'
	$(CC) $(CFLAGS) -pthread -Iinclude -DRX_EXPECTED_VERSION='"$(VERSION)"' -DRX_EXPECTED_WASMTIME='"$(WASMTIME_VERSION)"' tests/c/test_api.c -o $(OUT)/test_api_static $(LIB_A) $(STATIC_LIBS)
	$(CC) $(CFLAGS) -pthread -Iinclude tests/c/test_stacks.c -o $(OUT)/test_stacks -L$(LIBDIR) -lriptide_extractor -Wl,-rpath,'$$ORIGIN/../release'
	$(CC) $(CFLAGS) -pthread -Iinclude tests/c/test_process.c -o $(OUT)/test_process -L$(LIBDIR) -lriptide_extractor -Wl,-rpath,'$$ORIGIN/../release'
	$(OUT)/test_api_shared tests/fixtures $(HOSTILE)
	$(OUT)/test_api_static tests/fixtures $(HOSTILE)
	$(OUT)/test_stacks tests/fixtures $(HOSTILE)
	@# fork, signal handlers installed after the library, RLIMIT_AS (each case in a child under a watchdog).
	$(OUT)/test_process tests/fixtures $(HOSTILE)
	$(or $(PYTHON),python3) tests/robustness/signal_order.py --lib $(LIBDIR)/libriptide_extractor.so $(HOSTILE)
	@# The example program, shared and static, on the shipped page.
	$(MAKE) --no-print-directory examples
	$(OUT)/rx_extract -u $(PAGE_URL) $(PAGE) | grep -q '"title":"Variables and Mutability'
	$(OUT)/rx_extract_static -m metadata -u $(PAGE_URL) < $(PAGE) | grep -q '"text":""'
	@echo "examples: 2 passed, 0 failed"

cpp-test: build | $(OUT)
	$(CXX) $(CXXFLAGS) -Iinclude tests/cpp/test_hpp.cpp tests/cpp/second_tu.cpp -o $(OUT)/test_hpp -L$(LIBDIR) -lriptide_extractor -pthread -Wl,-rpath,'$$ORIGIN/../release'
	$(CXX) $(CXXFLAGS) -fno-exceptions -Iinclude tests/cpp/test_hpp.cpp tests/cpp/second_tu.cpp -o $(OUT)/test_hpp_noexcept $(LIB_A) $(STATIC_LIBS) -pthread
	$(CXX) $(CXXFLAGS) -Iinclude examples/cpp/rx_extract.cpp -o $(OUT)/rx_extract_cpp -L$(LIBDIR) -lriptide_extractor -Wl,-rpath,'$$ORIGIN/../release'
	$(OUT)/test_hpp tests/fixtures/article.html
	$(OUT)/test_hpp_noexcept tests/fixtures/article.html
	$(OUT)/rx_extract_cpp $(PAGE_URL) $(PAGE) | grep -q '"title":"Variables and Mutability'
	@echo "c++ example: 1 passed, 0 failed"

package-test: build
	tests/package/test_install.sh

# -count=1: Go's build cache does not notice a rebuilt libriptide_extractor.a.
go-test: build hostile
	@command -v $(GO) >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq golang-go; }
	cd go && CGO_ENABLED=1 $(GO) vet ./...
	cd go && CGO_ENABLED=1 RX_HOSTILE_WASM=$(CURDIR)/$(HOSTILE) $(GO) test -count=1 ./...
	cd go && CGO_ENABLED=1 RX_HOSTILE_WASM=$(CURDIR)/$(HOSTILE) $(GO) test -race -count=1 ./...
	cd go && CGO_ENABLED=1 RX_HOSTILE_WASM=$(CURDIR)/$(HOSTILE) $(GO) test -count=1 -tags riptide_dynamic ./...
	cd go && $(GO) run ./cmd/rx-extract -url $(PAGE_URL) ../$(PAGE) | grep -q '"title":"Variables and Mutability'
	@echo "go example: 1 passed, 0 failed"

# The same suites on Wasmtime's LTS line (36.0.x), in a target dir of its own.
lts-test:
	CARGO_TARGET_DIR=$(CURDIR)/target/lts $(MAKE) --no-print-directory rust-test c-test cpp-test \
	  CARGO_FEATURES="--no-default-features --features wasmtime-lts" WASMTIME_VERSION=36.0.20 \
	  LIBDIR=target/lts/release OUT=target/lts/c

# riptide's tests: its unit tests, then WARCs written by wget (from a loopback
# http.server) and warcio (PyPI, in a venv under target/), damaged copies,
# formats, filters, exit statuses, Ctrl-C; with RX_CORPORA also the 990
# trafilatura-eval pages in one WARC against rx_batch on the files.
CLI_VENV   := target/cli-venv
WARCIO_VERSION := 1.8.1
# A venv under target/ with warcio, for cli-test and bench-cli.
cli-venv:
	@test -x $(CLI_VENV)/bin/pip || python3 -m venv --clear $(CLI_VENV) || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv && python3 -m venv --clear $(CLI_VENV); }
	@$(CLI_VENV)/bin/python -c 'import importlib.metadata as m; assert m.version("warcio") == "$(WARCIO_VERSION)"' 2>/dev/null || $(CLI_VENV)/bin/pip install -q warcio==$(WARCIO_VERSION)

cli-test: cli cli-venv $(if $(RX_CORPORA),quality-batch)
	cd cli && $(CARGO) test --release --locked $(CARGO_FEATURES) --target-dir $(abspath $(LIBDIR)/..)
	@command -v wget >/dev/null && command -v zstd >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wget zstd; }
	RX_BATCH=$(if $(RX_CORPORA),$(abspath $(QUALITY_BIN))) $(CLI_VENV)/bin/python tests/cli/test_cli.py $(CLI_BIN)

test: guest-test rust-test c-test cpp-test package-test go-test lts-test cli-test robustness robustness-corpus

# Benchmarks (not tests: no timing is asserted). With RX_CORPORA set, also
# throughput over trafilatura-eval's pages.
# The guest's extraction code is also built natively (same Cargo.lock and
# release profile, feature native-bench) so the table can show the sandbox's
# cost against the same code run in-process.
# The parse kernel (tests/bench/kernel: the same HTML parser, nothing else) is
# built both ways too: the engine's own cost on a pure compute kernel.
NATIVE_GUEST := guest/target/release/libriptide_extractor_guest.so
KERNEL_WASM  := target/bench-kernel/wasm32-wasip2/release/rx_bench_kernel.wasm
KERNEL_NATIVE := target/bench-kernel/release/librx_bench_kernel.so
# RX_BASELINE=<commit> (or RX_BASELINE_WASM=<component file>) adds a table
# comparing that commit's default component with this one, call for call.
RX_BASELINE ?=
BASELINE_WASM = target/baseline/$(RX_BASELINE)/wasm32-wasip2/release/riptide_extractor_guest.wasm
bench: build $(if $(RX_BASELINE),baseline-component) | $(OUT)
	cd guest && $(CARGO) build --release --locked --features native-bench
	cd tests/bench/kernel && $(CARGO) build --release --locked --target wasm32-wasip2 --target-dir $(CURDIR)/target/bench-kernel
	cd tests/bench/kernel && $(CARGO) build --release --locked --target-dir $(CURDIR)/target/bench-kernel
	$(CC) $(CFLAGS) -pthread -Iinclude tests/bench/rx_bench.c -o $(OUT)/rx_bench -L$(LIBDIR) -lriptide_extractor -ldl -Wl,-rpath,'$$ORIGIN/../release'
	@if [ -n "$$RX_CORPORA" ]; then \
	  test -d "$$RX_CORPORA/trafilatura-eval/html" || { echo "RX_CORPORA=$$RX_CORPORA has no trafilatura-eval/html" >&2; exit 1; }; \
	  mkdir -p $(OUT)/bench-corpus; \
	  for f in "$$RX_CORPORA"/trafilatura-eval/html/*.gz; do b=$$(basename "$$f" .gz); \
	    [ -f "$(OUT)/bench-corpus/$$b" ] || gzip -dc "$$f" > "$(OUT)/bench-corpus/$$b"; done; \
	  RX_NATIVE_LIB=$(NATIVE_GUEST) RX_KERNEL_WASM=$(KERNEL_WASM) RX_KERNEL_NATIVE=$(KERNEL_NATIVE) \
	    $(if $(RX_BASELINE),RX_BASELINE_WASM=$(abspath $(BASELINE_WASM))) $(OUT)/rx_bench $(PAGE_URL) $(PAGE) $(OUT)/bench-corpus | tee $(OUT)/bench.md; \
	  echo; echo "Peers on the same pages (one core each; setup installs them into target/peers):"; \
	  RX_PEERS_OUT=$(OUT)/peers.jsonl tests/bench/peers/run.sh "$$RX_CORPORA/trafilatura-eval/html" || exit 1; \
	  echo; python3 tests/bench/summary.py $(OUT)/bench.md $(OUT)/peers.jsonl; \
	else RX_NATIVE_LIB=$(NATIVE_GUEST) $(OUT)/rx_bench $(PAGE_URL) $(PAGE); fi

# The default component of commit RX_BASELINE, built from that commit's guest/
# and wit/ (git archive) into target/baseline/<commit>/.
baseline-component: setup
	@test -n "$(RX_BASELINE)" || { echo "baseline-component: set RX_BASELINE=<commit>" >&2; exit 2; }
	@if [ ! -f $(BASELINE_WASM) ]; then \
	  rm -rf target/baseline/$(RX_BASELINE)/src && mkdir -p target/baseline/$(RX_BASELINE)/src && \
	  git archive $(RX_BASELINE) guest wit | tar -x -C target/baseline/$(RX_BASELINE)/src && \
	  cd target/baseline/$(RX_BASELINE)/src/guest && \
	  $(CARGO) build --release --locked --target wasm32-wasip2 --target-dir $(CURDIR)/target/baseline/$(RX_BASELINE); \
	fi
	@ls -l $(BASELINE_WASM)

# riptide -j1 and -j2 on a WARC of the 990 trafilatura-eval pages against
# rx_batch on the same pages (not a test: prints times and ratios).
bench-cli: cli cli-venv quality-batch
	@test -n "$$RX_CORPORA" || { echo "bench-cli: set RX_CORPORA (e.g. ../shared/corpora)" >&2; exit 2; }
	$(CLI_VENV)/bin/python tests/cli/bench_cli.py $(CLI_BIN) $(QUALITY_BIN) "$$RX_CORPORA/trafilatura-eval/html"

# What "address_space": "compact" and "signal_check" cost, side by side (not a test).
bench-process: build hostile | $(OUT)
	$(CC) $(CFLAGS) -pthread -Iinclude tests/bench/process_costs.c -o $(OUT)/process_costs -L$(LIBDIR) -lriptide_extractor -Wl,-rpath,'$$ORIGIN/../release'
	$(OUT)/process_costs $(PAGE) $(HOSTILE)

# Installs the shared library (versioned, with SONAME and dev symlinks), the
# static library, both headers, a pkg-config file and bin/riptide.
install: build cli
	install -d $(DESTDIR)$(PREFIX)/lib/pkgconfig $(DESTDIR)$(PREFIX)/include $(DESTDIR)$(PREFIX)/bin
	install -m 755 $(CLI_BIN) $(DESTDIR)$(PREFIX)/bin/riptide
	install -m 755 $(LIB_SO) $(DESTDIR)$(PREFIX)/lib/libriptide_extractor.so.$(VERSION)
	ln -sf libriptide_extractor.so.$(VERSION) $(DESTDIR)$(PREFIX)/lib/libriptide_extractor.so.$(MAJOR)
	ln -sf libriptide_extractor.so.$(MAJOR) $(DESTDIR)$(PREFIX)/lib/libriptide_extractor.so
	install -m 644 $(LIB_A) $(DESTDIR)$(PREFIX)/lib/libriptide_extractor.a
	install -m 644 include/riptide_extractor.h include/riptide_extractor.hpp $(DESTDIR)$(PREFIX)/include/
	printf '%s\n' 'prefix=$(PREFIX)' 'libdir=$${prefix}/lib' 'includedir=$${prefix}/include' '' \
	  'Name: riptide_extractor' \
	  'Description: Sandboxed web-page content extraction (WebAssembly components on Wasmtime 37)' \
	  'Version: $(VERSION)' \
	  'Cflags: -I$${includedir}' \
	  'Libs: -L$${libdir} -lriptide_extractor' \
	  'Libs.private: $(STATIC_LIBS)' > $(DESTDIR)$(PREFIX)/lib/pkgconfig/riptide_extractor.pc

header: setup
	RX_UPDATE_HEADER=1 $(CARGO) test --release --locked --lib header

clean:
	$(CARGO) clean

include tests/quality/quality.mk
include tests/robustness/robustness.mk
