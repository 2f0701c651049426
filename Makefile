# MigTD-Wasm build. Two commands do everything on a fresh machine: `make demo` and `make test`.
# Each area keeps its rules in mk/<area>.mk; this file holds the entry points only.

SHELL      := /bin/bash
BUILD      := build
ASC        := node_modules/.bin/asc
VITEST     := node_modules/.bin/vitest
# Where the read-only shared test data lives (quotes, event logs, Intel roots). Tests skip the
# suites that need it, with a message, when it is absent.
MIGTD_SHARED ?= $(abspath ../shared)
export MIGTD_SHARED

.PHONY: all deps core native test bench demo clean help
all: core native

help:
	@echo "make demo    build what is needed and run the demo on the embedded simulator"
	@echo "make test    install missing tools, build everything, run every test suite (what CI runs)"
	@echo "make core    build/migtd-core.wasm (release) and build/migtd-core.debug.wasm"
	@echo "make native  build/migtd-linux: the wasm2c-compiled core on the Linux platform"
	@echo "make bench   benchmarks (never part of make test)"
	@echo "make fuzz    libFuzzer over the native core's parsers (FUZZ_SECONDS per target; a smoke run is part of make test)"
	@echo "make deps    install missing system packages and npm dependencies"

include mk/deps.mk
include mk/core.mk
include mk/testwasm.mk
include mk/runtime.mk
include mk/raw.mk
-include mk/shim.mk
-include mk/raw-image.mk
include mk/fuzz.mk

test: deps core native test-wasm image firmware-parts fuzz-smoke
	$(VITEST) run

bench: deps core native test-wasm
	node_modules/.bin/tsx test/bench/run.ts

demo: deps core native
	node scripts/bin/migtd.mjs simulate --host native

clean:
	rm -rf $(BUILD)
