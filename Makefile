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

# Build output: one short line per step (`CC file`, `LD target`, `ASC module`); `make V=1 ...`
# prints every command in full. Compiler errors and warnings show either way.
V ?= 0
ifeq ($(V),1)
Q   :=
say := @:
else
Q   := @
say := @printf '  %-8s %s\n'
endif

.PHONY: all deps core native cli test bench demo clean help
all: core native

help:
	@echo "make demo            build what is needed and run the demo on the embedded simulator"
	@echo "make test            install missing tools, build everything, run every test suite (what CI runs)"
	@echo "make all             core + native"
	@echo "make core            build/migtd-core.wasm (release) and build/migtd-core.debug.wasm"
	@echo "make native          build/migtd-linux(-debug): the core (wasm2c, or ENGINE=wasm3) on the Linux platform"
	@echo "make cli             build/cli: the migtd CLI compiled to dependency-free JavaScript"
	@echo "make image           build/migtd.bin: the TD firmware image (POLICY=, ROOT_CA=, SERVTD_INFO=)"
	@echo "                     POLICY_V2=<signed policy> POLICY_ISSUER_CHAIN=<pem>: also build/migtd-v2.bin, a V2 MigTD"
	@echo "make firmware-parts  reset vector, shim, payload and debug payload ELFs under build/fw"
	@echo "make layout          re-render shim/gen/* and scripts/image/gen/layout.ts from shim/memory-map.json"
	@echo "make layout-check    fail when those renderings are stale"
	@echo "make test-wasm       the library test modules build/test/*.wasm"
	@echo "make native-test-modules  their native (wasm2c) harnesses build/test/*.native"
	@echo "make native-fixtures      the runtime test fixtures under build/runtime-test"
	@echo "make native-skew     the debug core's harness with linear memory 24 bytes off (tests)"
	@echo "make bench           benchmarks (never part of make test)"
	@echo "make fuzz            libFuzzer over the native core's parsers (FUZZ_SECONDS per target)"
	@echo "make fuzz-smoke      a bounded fuzz run and the saved regressions (part of make test)"
	@echo "make fuzz-build      build/fuzz/migtd-fuzz and the seed corpora only"
	@echo "make fuzz-check      report whether clang can link libFuzzer binaries here"
	@echo "make deps            install missing system packages and npm dependencies"
	@echo "make engine-under-test  (part of make test) the MIGTD_ENGINE=wasm3 artefacts when WASM3_SRC is given"
	@echo "make clean           remove build/"
	@echo "Options: V=1 prints full commands; ENGINE=wasm2c|wasm3 (WASM3_SRC=<wasm3 source/>) for native,"
	@echo "         image, firmware-parts (wasm3 builds go to build/wasm3/); MIGTD_ENGINE=wasm3 make test"
	@echo "         runs the native and QEMU suites on the wasm3 build;"
	@echo "         MIGTD_SKIP_DEPS=1 skips the dependency check."

include mk/deps.mk
include mk/core.mk
include mk/testwasm.mk
include mk/runtime.mk
include mk/raw.mk
-include mk/shim.mk
-include mk/raw-image.mk
-include mk/policy-v2-image.mk
include mk/fuzz.mk

test: deps core native cli test-wasm image firmware-parts fuzz-smoke engine-under-test
	$(VITEST) run

bench: deps core native test-wasm image firmware-parts
	node_modules/.bin/tsx test/bench/run.ts $(BENCH)

demo: deps core native cli
	node scripts/bin/migtd.mjs simulate --host native

clean:
	rm -rf $(BUILD)

# The CLI compiled by esbuild (scripts/cli/build.mjs); scripts/bin/migtd.mjs runs it, falling back
# to the TypeScript sources through tsx when it is missing or stale.
cli: deps
	@node scripts/cli/build.mjs --if-stale
