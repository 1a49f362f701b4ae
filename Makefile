# riptide-extractor: build, run and test everything.
#   make run    build the library + C example, extract a real page, print JSON
#   make test   every test suite (Rust, C against .so and .a, header check)
#   make header regenerate include/riptide_extractor.h with cbindgen
# Both `run` and `test` install what they need on a fresh Debian machine with
# rustup (the wasm32-wasip2 target, a C compiler).

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
VERSION    := $(shell sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n1)
PAGE       := examples/pages/rust-book-variables-and-mutability.html
PAGE_URL   := https://doc.rust-lang.org/book/ch03-01-variables-and-mutability.html

.PHONY: all setup build lib examples run test rust-test c-test header hostile clean

all: build examples

setup:
	@command -v $(CARGO) >/dev/null || { echo "cargo not found: install Rust with rustup (https://rustup.rs)"; exit 1; }
	@rustup target list --installed 2>/dev/null | grep -qx wasm32-wasip2 || rustup target add wasm32-wasip2
	@command -v $(CC) >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gcc libc6-dev; }

build lib: setup
	$(CARGO) build --release --locked

$(OUT):
	@mkdir -p $(OUT)

examples: build | $(OUT)
	$(CC) $(CFLAGS) -Iinclude examples/c/rx_extract.c -o $(OUT)/rx_extract -L$(LIBDIR) -lriptide_extractor -Wl,-rpath,'$$ORIGIN/../release'
	$(CC) $(CFLAGS) -Iinclude examples/c/rx_extract.c -o $(OUT)/rx_extract_static $(LIB_A) $(STATIC_LIBS)

run: examples
	@$(OUT)/rx_extract -u $(PAGE_URL) $(PAGE)

hostile: setup
	cd tests/components/hostile && $(CARGO) build --release --locked --target wasm32-wasip2 --target-dir $(CURDIR)/target/guest

rust-test: build hostile
	RX_HOSTILE_WASM=$(CURDIR)/$(HOSTILE) $(CARGO) test --release --locked

c-test: build hostile | $(OUT)
	$(CC) $(CFLAGS) -pthread -Iinclude -DRX_EXPECTED_VERSION='"$(VERSION)"' tests/c/test_api.c -o $(OUT)/test_api_shared -L$(LIBDIR) -lriptide_extractor -Wl,-rpath,'$$ORIGIN/../release'
	$(CC) $(CFLAGS) -pthread -Iinclude -DRX_EXPECTED_VERSION='"$(VERSION)"' tests/c/test_api.c -o $(OUT)/test_api_static $(LIB_A) $(STATIC_LIBS)
	$(OUT)/test_api_shared tests/fixtures $(HOSTILE)
	$(OUT)/test_api_static tests/fixtures $(HOSTILE)
	@# The example program, shared and static, on the shipped page.
	$(MAKE) --no-print-directory examples
	$(OUT)/rx_extract -u $(PAGE_URL) $(PAGE) | grep -q '"title":"Variables and Mutability'
	$(OUT)/rx_extract_static -m metadata -u $(PAGE_URL) < $(PAGE) | grep -q '"text":""'
	@echo "examples: 2 passed, 0 failed"

test: rust-test c-test

header: setup
	RX_UPDATE_HEADER=1 $(CARGO) test --release --locked --lib header

clean:
	$(CARGO) clean
