# Coverage-guided fuzzing of the core's parsers in their native (wasm2c) form, with libFuzzer.
#   make fuzz         each target for FUZZ_SECONDS (default 30) on its seed corpus
#   make fuzz-smoke   each target for FUZZ_SMOKE_RUNS executions (bounded; part of make test)
#                     plus every saved regression input (test/fuzz/regressions/<target>/*)
#   make fuzz-build   only build build/fuzz/migtd-fuzz and the seed corpora
# One binary serves every target: FUZZ_TARGET=<name> build/fuzz/migtd-fuzz [libFuzzer args]
# (or `build/fuzz/migtd-fuzz -target=<name> ...`). Targets are the fuzz_<name> exports of
# test/fuzz/targets.ts; seeds are made by scripts/gen/fuzz-corpus.ts into build/fuzz/corpus,
# and the shared test data (MIGTD_SHARED) is read in place as extra seed directories.
# libFuzzer's runtime is Debian's libclang-rt-<clang major>-dev: installed like mk/deps.mk's
# packages when root; otherwise the fuzz targets are skipped with a message.

FUZZ_DIR        := $(BUILD)/fuzz
FUZZ_BIN        := $(FUZZ_DIR)/migtd-fuzz
FUZZ_TARGETS    := quote x509 ccel tdreport policy json wait_response tls_server ratls
FUZZ_SECONDS    ?= 30
FUZZ_SMOKE_RUNS ?= 3000
# ... or this many seconds per target, whichever comes first (keeps make test under a minute).
FUZZ_SMOKE_SECONDS ?= 4
FUZZ_MAX_LEN    ?= 65536
# Each target's time and memory bound in the smoke run: a stuck target fails it, not hangs it.
FUZZ_SMOKE_TIMEOUT ?= 20
FUZZ_FLAGS      ?=
FUZZ_COV        := -fsanitize=fuzzer-no-link
FUZZ_GEN_DEPS   := scripts/gen/fuzz-corpus.ts $(wildcard scripts/sim/*.ts) config/policy.json \
  test/helpers/engine.ts test/helpers/test-wasm.ts
FUZZ_RT_PKG      = libclang-rt-$(shell $(NCC) -dumpversion 2>/dev/null | cut -d. -f1)-dev
# The hosted C library replaces two parts of the in-tree libc: abort() (the runtime's ends the
# process quietly through plat_panic; under the fuzzer an abort must be a crash libFuzzer sees)
# and the string functions (libFuzzer intercepts memcmp/strcmp to guide mutations).
FUZZ_ENGINE_OBJ  = $(filter-out $(NATIVE)/obj/libc/src/panic.o $(NATIVE)/obj/libc/src/string.o,$(ENGINE_OBJ))

.PHONY: fuzz fuzz-smoke fuzz-build fuzz-check
.PRECIOUS: $(NATIVE)/m/fuzz/mod.c $(NATIVE)/m/fuzz/mod.h

# Prints "ok" when clang can link a libFuzzer binary, after installing the runtime if needed.
define fuzz_probe
probe() { echo 'int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n) { return 0; }' \
  | $(NCC) -fsanitize=fuzzer -x c - -o $(FUZZ_DIR)/.probe 2>/dev/null; }; \
mkdir -p $(FUZZ_DIR); \
if ! probe && [ "$(MIGTD_SKIP_DEPS)" != 1 ] && [ "$$(id -u)" = 0 ]; then \
  echo "installing: $(FUZZ_RT_PKG) (libFuzzer runtime)" >&2; \
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(FUZZ_RT_PKG) >/dev/null; \
fi; \
if probe; then rm -f $(FUZZ_DIR)/.probe; echo ok; fi
endef

fuzz-check:
	@if [ "$$($(fuzz_probe))" != ok ]; then \
	  echo "SKIPPED fuzz targets: '$(NCC) -fsanitize=fuzzer' cannot link (libFuzzer runtime missing; run: sudo apt-get install -y $(FUZZ_RT_PKG))"; \
	  touch $(FUZZ_DIR)/.no-libfuzzer; \
	else rm -f $(FUZZ_DIR)/.no-libfuzzer; fi

fuzz-build: fuzz-check
	@if [ -f $(FUZZ_DIR)/.no-libfuzzer ]; then exit 0; fi; \
	$(MAKE) --no-print-directory -f $(firstword $(MAKEFILE_LIST)) $(FUZZ_BIN) $(FUZZ_DIR)/corpus.stamp


fuzz: fuzz-build
	@if [ -f $(FUZZ_DIR)/.no-libfuzzer ]; then exit 0; fi; \
	fail=""; \
	for t in $(FUZZ_TARGETS); do \
	  mkdir -p $(FUZZ_DIR)/found/$$t $(FUZZ_DIR)/artifacts/$$t; \
	  echo "== fuzz $$t ($(FUZZ_SECONDS) s)"; \
	  extra=$$(cat $(FUZZ_DIR)/shared-dirs/$$t 2>/dev/null); \
	  FUZZ_TARGET=$$t $(FUZZ_BIN) -max_total_time=$(FUZZ_SECONDS) -max_len=$(FUZZ_MAX_LEN) \
	    -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
	    -artifact_prefix=$(FUZZ_DIR)/artifacts/$$t/ $(FUZZ_FLAGS) \
	    $(FUZZ_DIR)/found/$$t $(FUZZ_DIR)/corpus/$$t $$extra \
	    > $(FUZZ_DIR)/$$t.log 2>&1 || fail="$$fail $$t"; \
	  grep -E '^stat::(number_of_executed_units|average_exec_per_sec|new_units_added)' $(FUZZ_DIR)/$$t.log | tr '\n' ' '; echo; \
	done; \
	if [ -n "$$fail" ]; then echo "fuzz: crashes in:$$fail (logs $(FUZZ_DIR)/<target>.log, inputs $(FUZZ_DIR)/artifacts/<target>/)"; exit 1; fi

# Bounded: -runs/-max_total_time stop each target (-seed=1 for repeatability),
# the outer timeout guards against a hang. New units go to a scratch directory, never the seeds.
fuzz-smoke: fuzz-build
	@if [ -f $(FUZZ_DIR)/.no-libfuzzer ]; then exit 0; fi; \
	fail=""; \
	for t in $(FUZZ_TARGETS); do \
	  rm -rf $(FUZZ_DIR)/smoke/$$t; mkdir -p $(FUZZ_DIR)/smoke/$$t $(FUZZ_DIR)/artifacts/$$t; \
	  extra=$$(cat $(FUZZ_DIR)/shared-dirs/$$t 2>/dev/null); \
	  regs=$$(ls -d test/fuzz/regressions/$$t/* 2>/dev/null); \
	  if [ -n "$$regs" ] && ! FUZZ_TARGET=$$t timeout $(FUZZ_SMOKE_TIMEOUT) $(FUZZ_BIN) $$regs \
	      > $(FUZZ_DIR)/$$t.smoke.log 2>&1; then \
	    echo "fuzz-smoke $$t: a regression input fails (see $(FUZZ_DIR)/$$t.smoke.log)"; fail="$$fail $$t"; continue; \
	  fi; \
	  if FUZZ_TARGET=$$t timeout $(FUZZ_SMOKE_TIMEOUT) $(FUZZ_BIN) -runs=$(FUZZ_SMOKE_RUNS) -max_total_time=$(FUZZ_SMOKE_SECONDS) -seed=1 \
	      -max_len=$(FUZZ_MAX_LEN) -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
	      -artifact_prefix=$(FUZZ_DIR)/artifacts/$$t/ \
	      $(FUZZ_DIR)/smoke/$$t $(FUZZ_DIR)/corpus/$$t $$extra >> $(FUZZ_DIR)/$$t.smoke.log 2>&1; then \
	    printf 'fuzz-smoke %-14s ok  %s\n' $$t "$$(awk '/^stat::number_of_executed_units/ {n=$$2} /^stat::average_exec_per_sec/ {r=$$2} END {print n " runs, " r " exec/s"}' $(FUZZ_DIR)/$$t.smoke.log)"; \
	  else \
	    echo "fuzz-smoke $$t: FAILED (see $(FUZZ_DIR)/$$t.smoke.log, inputs in $(FUZZ_DIR)/artifacts/$$t/)"; \
	    grep -E 'trapped|ERROR|SUMMARY' $(FUZZ_DIR)/$$t.smoke.log | head -3; fail="$$fail $$t"; \
	  fi; \
	done; \
	if [ -n "$$fail" ]; then echo "fuzz-smoke: failing targets:$$fail"; exit 1; fi

# ---- build ---------------------------------------------------------------------------------
$(FUZZ_DIR)/targets.wasm: test/fuzz/targets.ts $(CORE_SRC) test/wasm/asconfig.json | deps
	@mkdir -p $(@D)
	$(say) ASC $@
	$(Q)$(ASC) $< --config test/wasm/asconfig.json -o $@

$(NATIVE)/m/fuzz/mod.c $(NATIVE)/m/fuzz/mod.h &: $(FUZZ_DIR)/targets.wasm
	@mkdir -p $(@D)
	$(say) WASM2C $<
	$(Q)$(WASM2C) $< -n mod -o $(NATIVE)/m/fuzz/mod.c

# The module code carries libFuzzer's coverage instrumentation; the runtime does not need it.
$(NATIVE)/m/fuzz/mod-cov.o: $(NATIVE)/m/fuzz/mod.c $(NATIVE)/include/wasm-rt.h $(ENGINE_STAMP)
	$(say) CC $<
	$(Q)$(NCC) $(ENGINE_CFLAGS) $(FUZZ_COV) -w -c $< -o $@

$(FUZZ_DIR)/fixtures.h $(FUZZ_DIR)/corpus.stamp &: $(FUZZ_GEN_DEPS) $(BUILD)/test/tls.wasm
	@mkdir -p $(FUZZ_DIR)
	$(say) GEN $@
	$(Q)$(TSX) scripts/gen/fuzz-corpus.ts $(FUZZ_DIR)
	@touch $(FUZZ_DIR)/corpus.stamp

$(FUZZ_DIR)/obj/harness.o: test/fuzz/harness.c $(FUZZ_DIR)/fixtures.h runtime-c/include/engine.h
	@mkdir -p $(@D)
	$(say) CC $<
	$(Q)$(NCC) $(LINUX_CFLAGS) $(FUZZ_COV) -Iruntime-c/platform/linux -I$(FUZZ_DIR) -c $< -o $@

$(FUZZ_BIN): $(NATIVE)/m/fuzz/mod-cov.o $(NATIVE)/m/fuzz/glue.o $(FUZZ_ENGINE_OBJ) $(LINUX_LIB) \
    $(FUZZ_DIR)/obj/harness.o
	$(say) LD $@
	$(Q)$(NCC) -fsanitize=fuzzer $(NATIVE_LDFLAGS) $^ -o $@
