# Extraction-quality harness (tests/quality), included from the Makefile:
#   include tests/quality/quality.mk
# Uses LIBDIR, CC, CFLAGS and the `build` target of the Makefile.
#
#   make quality CORPUS=../shared/corpora/trafilatura-eval OUT=/tmp/te
#   make quality CORPUS=../shared/corpora/readability-pages OUT=/tmp/rp
#   make quality CORPUS=... OUT=... MODE=metadata     (timing of another mode)
#   make quality CORPUS=... OUT=... FAVOR=precision   (or recall: the favor option)
#
# OUT given on the command line is the results directory (one NAME.json per
# page); without it the results go to target/quality/<corpus name>.
# QUALITY_WASM=path/to/component.wasm runs that component file instead of the
# embedded extractor (e.g. a guest built from guest/ without rebuilding the
# library). RX_SCORE_TOOLS is the directory of the scorers.
#
#   make quality-compare A=/tmp/te-before B=/tmp/te-after
# lists the pages whose results differ between two results directories
# (exit 1 when any does; for refactors that must not change output).
CORPUS         ?=
MODE           ?= article
FAVOR          ?= balanced
QUALITY_WASM   ?=
RX_SCORE_TOOLS ?= $(abspath $(CURDIR)/../shared/tools)
QUALITY_BIN    := target/quality/rx_batch
ifeq ($(origin OUT),command line)
QUALITY_OUT    := $(OUT)
else
QUALITY_OUT    := target/quality/$(notdir $(patsubst %/,%,$(CORPUS)))
endif

.PHONY: quality quality-batch quality-compare

quality-batch: build
	@echo '#include <zlib.h>' | $(CC) -E - >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq zlib1g-dev; }
	@mkdir -p $(dir $(QUALITY_BIN))
	$(CC) $(CFLAGS) -Iinclude tests/quality/rx_batch.c -o $(QUALITY_BIN) -L$(LIBDIR) -lriptide_extractor -lz -Wl,-rpath,'$(abspath $(LIBDIR))'

quality: quality-batch
	@test -n "$(CORPUS)" || { echo "quality: set CORPUS=path/to/trafilatura-eval or path/to/readability-pages" >&2; exit 2; }
	@test -d "$(CORPUS)" || { echo "quality: corpus directory '$(CORPUS)' does not exist" >&2; exit 2; }
	RX_SCORE_TOOLS=$(RX_SCORE_TOOLS) python3 tests/quality/run_quality.py "$(CORPUS)" "$(QUALITY_OUT)" --mode $(MODE) --favor $(FAVOR) --batch $(QUALITY_BIN) $(if $(QUALITY_WASM),--wasm $(QUALITY_WASM))

quality-compare:
	@test -n "$(A)" -a -n "$(B)" || { echo "quality-compare: set A=results-dir B=results-dir" >&2; exit 2; }
	python3 tests/quality/compare.py "$(A)" "$(B)" $(if $(FIELDS),--fields $(FIELDS)) $(if $(SHOW),--show $(SHOW))
