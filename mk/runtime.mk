# The native runtime (runtime-c/, see runtime-c/README.md):
#   build/migtd-linux        the core (wasm2c) on the Linux platform, talking to the simulator
#   build/migtd-linux-debug  the same with the debug core (has debug_arm_trap)
#   build/test/<name>.native the test harness around a library test module (native-engine.ts)
#   build/runtime-test/...   runtime fixtures (test/runtime/fixtures) as harnesses and as cores
#
# Two layers with different rules:
#   engine   wasm-rt, import shims, supervisor, generated module code and the in-tree libc;
#            compiled freestanding against runtime-c/libc/include only, so it can go into the
#            firmware unchanged. Each module's engine is partially linked into one engine.o and
#            checked: its only undefined symbols may be plat_* (the platform interface).
#   platform runtime-c/platform/linux: hosted C, may use libc and syscalls.
# Everything generated lives under build/native.

NATIVE      := $(BUILD)/native
NCC         ?= clang
NLD         ?= ld.lld
WASM2C      ?= wasm2c
WAT2WASM    ?= wat2wasm
TSX         := node_modules/.bin/tsx
ENGINE      ?= wasm2c
# -O2: the generated code is large; -O3 costs much more compile time for little gain here.
NATIVE_OPT  ?= -O2
# Wasm call depth before a stack-exhaustion trap (explicit counting: no guard pages). 500 is
# wasm-rt's default; raise it only with a matching native stack (firmware stacks are small).
WASM_STACK_DEPTH ?= 500
# wasm-rt.h ships with wabt's wasm2c (Debian: /usr/include).
WASM_RT_H   ?= $(firstword $(wildcard $(dir $(shell command -v $(WASM2C) 2>/dev/null))../include/wasm-rt.h) /usr/include/wasm-rt.h)
CLANG_RES    = $(shell $(NCC) -print-resource-dir)/include

# The engine objects also go into the firmware payload (mk/shim.mk links m/core/engine.o), where
# interrupt handlers may run on the same stack: hence no red zone. ENGINE_EXTRA_CFLAGS is for
# further target flags.
ENGINE_EXTRA_CFLAGS ?=
ENGINE_CFLAGS = $(NATIVE_OPT) -g -ffreestanding -nostdinc -isystem $(CLANG_RES) -mno-red-zone \
  $(ENGINE_EXTRA_CFLAGS) \
  -Iruntime-c/libc/include -I$(NATIVE)/include -Iruntime-c/include -Iruntime-c/src -I$(NATIVE)/abi \
  -DWASM_RT_MEMCHECK_SIGNAL_HANDLER=0 -DWASM_RT_MAX_CALL_STACK_DEPTH=$(WASM_STACK_DEPTH) \
  -fno-stack-protector -fno-math-errno -ffunction-sections -fdata-sections -MMD -MP
ENGINE_WARN   = -Wall -Wextra -Wno-unused-parameter

# Objects depend on the flags they were built with: the stamp changes only when ENGINE_CFLAGS do,
# so changing NATIVE_OPT or WASM_STACK_DEPTH rebuilds the engine and the generated code.
ENGINE_STAMP := $(NATIVE)/engine-flags.txt
ifeq ($(filter clean,$(MAKECMDGOALS)),)
$(shell mkdir -p $(NATIVE) && (echo '$(ENGINE_CFLAGS)' | cmp -s - $(ENGINE_STAMP) || echo '$(ENGINE_CFLAGS)' > $(ENGINE_STAMP)))
endif
LINUX_CFLAGS  = $(NATIVE_OPT) -g -Iruntime-c/include -Wall -Wextra -ffunction-sections \
  -fdata-sections -MMD -MP
NATIVE_LDFLAGS = -Wl,--gc-sections

# The in-tree libc (runtime-c/libc): wasm2c's code needs string.c, math.c and panic.c; wasm3 also
# the allocator, number conversion, printf family, console sink and clock. --gc-sections drops
# what an executable does not use; test/runtime/libc.test.ts tests them on the host.
LIBC_C := $(addprefix runtime-c/libc/src/,string.c math.c panic.c malloc.c strto.c stdio.c \
  vsnprintf.c time.c)
ENGINE_C := runtime-c/src/wasm_rt_core.c runtime-c/src/wasm_rt_trap.c \
  runtime-c/src/wasm_rt_memory.c runtime-c/src/wasm_rt_table.c runtime-c/src/imports.c \
  runtime-c/src/shared_pool.c runtime-c/src/bounce.c runtime-c/src/supervisor.c runtime-c/src/debug_command.c \
  runtime-c/engine/w2c_engine.c $(LIBC_C)
ENGINE_OBJ := $(patsubst runtime-c/%.c,$(NATIVE)/obj/%.o,$(ENGINE_C)) \
  $(NATIVE)/obj/libc/src/setjmp_x86_64.o $(NATIVE)/obj/abi/abi_w2c.o
LINUX_C   := $(wildcard runtime-c/platform/linux/*.c)
LINUX_LIB := $(patsubst runtime-c/%.c,$(NATIVE)/obj/%.o,$(filter-out %/main.c %/harness_main.c,$(LINUX_C)))
LINUX_MAIN    := $(NATIVE)/obj/platform/linux/main.o
HARNESS_MAIN  := $(NATIVE)/obj/platform/linux/harness_main.o
ABI_GEN := $(NATIVE)/abi/abi_impl.h $(NATIVE)/abi/abi_w2c.c $(NATIVE)/abi/abi_m3.c
GEN_DEPS := scripts/native/gen.ts scripts/native/abi-header.ts runtime-c/include/migtd_abi.h

RT_FIXTURES := $(sort $(basename $(notdir $(wildcard test/runtime/fixtures/*.wat test/runtime/fixtures/*.ts))))

# ENGINE picks how Wasm runs: wasm2c (default: ahead-of-time C, what CI builds) or wasm3 (an
# interpreter, from WASM3_SRC; slower, smaller). Either engine is the same freestanding engine
# layer, so it goes into the Linux runtime, the test harnesses and the firmware payloads alike.
# EDIR is where each module's engine bundle goes (under build/native), EBUILD where the artefacts
# that embed it go: build/ for wasm2c, build/wasm3/ for wasm3, so both engines' builds coexist
# (scripts/host/artefacts.ts is the one place the tools and tests look them up).
ifeq ($(ENGINE),wasm2c)
EDIR   := m
EBUILD := $(BUILD)
else ifeq ($(ENGINE),wasm3)
ifeq ($(WASM3_SRC),)
$(error ENGINE=wasm3 needs WASM3_SRC=<directory holding wasm3.h and m3_*.c, i.e. wasm3's source/>; wasm3 is in no package registry, see runtime-c/README.md)
endif
ifeq ($(wildcard $(WASM3_SRC)/wasm3.h),)
$(error WASM3_SRC=$(WASM3_SRC) has no wasm3.h: point it at wasm3's source/ directory)
endif
EDIR   := m3
EBUILD := $(BUILD)/wasm3
# Targets that exist for wasm2c only stop here rather than quietly build wasm2c.
W3_REFUSED := $(filter native-skew fuzz fuzz-smoke fuzz-build test bench demo all,$(MAKECMDGOALS))
ifneq ($(W3_REFUSED),)
$(error ENGINE=wasm3 cannot build '$(W3_REFUSED)': native-skew and fuzzing are wasm2c builds, and make test/bench/demo run the default engine; to test the wasm3 build: MIGTD_ENGINE=wasm3 WASM3_SRC=$(WASM3_SRC) make test)
endif
else
$(error ENGINE must be wasm2c (default) or wasm3, not "$(ENGINE)")
endif

# MIGTD_ENGINE=wasm3 make test: the native and QEMU suites run against build/wasm3/ (the tests
# look it up in scripts/host/artefacts.ts), so build it there when WASM3_SRC is given, and say
# plainly that those suites are skipped when it is not.
.PHONY: engine-under-test
engine-under-test:
ifeq ($(MIGTD_ENGINE),wasm3)
ifneq ($(WASM3_SRC),)
	$(Q)$(MAKE) --no-print-directory ENGINE=wasm3 WASM3_SRC=$(WASM3_SRC) native firmware-parts image
else
	@echo "MIGTD_ENGINE=wasm3 without WASM3_SRC: no wasm3 build, the native and QEMU suites will be SKIPPED (give WASM3_SRC=<wasm3 source/> to run them on wasm3)"
endif
else ifneq ($(filter-out wasm2c,$(MIGTD_ENGINE)),)
	@echo "MIGTD_ENGINE must be wasm2c or wasm3, not '$(MIGTD_ENGINE)'" >&2; exit 2
endif

.PHONY: native native-test-modules native-fixtures
native: deps core $(EBUILD)/migtd-linux $(EBUILD)/migtd-linux-debug

native-test-modules: $(patsubst $(BUILD)/%.wasm,$(EBUILD)/%.native,$(TEST_WASM))
native-fixtures: $(foreach f,$(RT_FIXTURES),$(EBUILD)/runtime-test/$(f).native $(EBUILD)/runtime-test/$(f)-linux)

# Keep every intermediate: the generated C is slow to rebuild and useful to read.
.SECONDARY: $(ENGINE_OBJ) $(LINUX_LIB) $(LINUX_MAIN) $(HARNESS_MAIN)
# (.PRECIOUS patterns must be the rules' own target patterns.)
.PRECIOUS: $(NATIVE)/m/test-%/mod.c $(NATIVE)/m/test-%/mod.h $(NATIVE)/m/rt-%/mod.c \
  $(NATIVE)/m/rt-%/mod.h $(NATIVE)/m3/test-%/module.c $(NATIVE)/m3/rt-%/module.c \
  $(NATIVE)/m3/%/module.o $(NATIVE)/m3/%/engine.o $(NATIVE)/m/%/glue.c $(NATIVE)/m/%/mod.o \
  $(NATIVE)/m/%/glue.o $(NATIVE)/m/%/engine.o $(BUILD)/runtime-test/%.wasm

# ---- generated ABI shims and wasm-rt.h ---------------------------------------------------------
$(ABI_GEN) &: $(GEN_DEPS)
	$(say) GEN $@
	$(Q)$(TSX) scripts/native/gen.ts abi runtime-c/include/migtd_abi.h $(NATIVE)/abi

$(NATIVE)/include/wasm-rt.h:
	@mkdir -p $(@D)
	$(say) CP $@
	$(Q)cp $(WASM_RT_H) $@

# ---- engine layer (freestanding) ---------------------------------------------------------------
$(NATIVE)/obj/%.o: runtime-c/%.c $(NATIVE)/include/wasm-rt.h $(NATIVE)/abi/abi_impl.h $(ENGINE_STAMP)
	@mkdir -p $(@D)
	$(say) CC $<
	$(Q)$(NCC) $(ENGINE_CFLAGS) $(ENGINE_WARN) -c $< -o $@

$(NATIVE)/obj/libc/src/setjmp_x86_64.o: runtime-c/libc/src/setjmp_x86_64.S
	@mkdir -p $(@D)
	$(say) CC $<
	$(Q)$(NCC) -c $< -o $@

$(NATIVE)/obj/abi/abi_w2c.o: $(NATIVE)/abi/abi_w2c.c $(NATIVE)/include/wasm-rt.h $(ENGINE_STAMP)
	@mkdir -p $(@D)
	$(say) CC $<
	$(Q)$(NCC) $(ENGINE_CFLAGS) $(ENGINE_WARN) -c $< -o $@

# ---- platform layer (hosted) -------------------------------------------------------------------
$(NATIVE)/obj/platform/linux/%.o: runtime-c/platform/linux/%.c
	@mkdir -p $(@D)
	$(say) CC $<
	$(Q)$(NCC) $(LINUX_CFLAGS) -c $< -o $@

# ---- one Wasm module -> $(NATIVE)/m/<id>/engine.o ----------------------------------------------
# wasm2c names the module "core" for the MigTD binaries and "mod" otherwise; the glue hides it.
$(NATIVE)/m/core/mod.c $(NATIVE)/m/core/mod.h &: $(BUILD)/migtd-core.wasm
	@mkdir -p $(@D)
	$(say) WASM2C $<
	$(Q)$(WASM2C) $< -n core -o $(NATIVE)/m/core/mod.c

$(NATIVE)/m/core-debug/mod.c $(NATIVE)/m/core-debug/mod.h &: $(BUILD)/migtd-core.debug.wasm
	@mkdir -p $(@D)
	$(say) WASM2C $<
	$(Q)$(WASM2C) $< -n core -o $(NATIVE)/m/core-debug/mod.c

$(NATIVE)/m/test-%/mod.c $(NATIVE)/m/test-%/mod.h: $(BUILD)/test/%.wasm
	@mkdir -p $(@D)
	$(say) WASM2C $<
	$(Q)$(WASM2C) $< -n mod -o $(NATIVE)/m/test-$*/mod.c

$(NATIVE)/m/rt-%/mod.c $(NATIVE)/m/rt-%/mod.h: $(BUILD)/runtime-test/%.wasm
	@mkdir -p $(@D)
	$(say) WASM2C $<
	$(Q)$(WASM2C) $< -n mod -o $(NATIVE)/m/rt-$*/mod.c

$(NATIVE)/m/%/glue.c: $(NATIVE)/m/%/mod.h $(GEN_DEPS)
	$(say) GEN $@
	$(Q)$(TSX) scripts/native/gen.ts module $< runtime-c/include/migtd_abi.h $@

$(NATIVE)/m/%/mod.o: $(NATIVE)/m/%/mod.c $(NATIVE)/include/wasm-rt.h $(ENGINE_STAMP)
	$(say) CC $<
	$(Q)$(NCC) $(ENGINE_CFLAGS) -w -c $< -o $@

$(NATIVE)/m/%/glue.o: $(NATIVE)/m/%/glue.c $(NATIVE)/include/wasm-rt.h $(ENGINE_STAMP)
	$(say) CC $<
	$(Q)$(NCC) $(ENGINE_CFLAGS) $(ENGINE_WARN) -I$(NATIVE)/m/$* -c $< -o $@

# The self-containment check, for either engine: anything undefined other than plat_* is a host
# dependency (the firmware has nothing else).
define check_engine
	@bad=$$(nm -u $@ | awk '{print $$2}' | grep -v '^plat_' || true); \
	if [ -n "$$bad" ]; then echo "engine layer depends on symbols outside platform.h:" $$bad >&2; rm -f $@; exit 1; fi
endef
$(NATIVE)/m/%/engine.o: $(NATIVE)/m/%/mod.o $(NATIVE)/m/%/glue.o $(ENGINE_OBJ)
	$(say) LD $@
	$(Q)$(NLD) -r -o $@ $^
	$(check_engine)

# ---- executables ------------------------------------------------------------------------------
$(EBUILD)/migtd-linux: $(NATIVE)/$(EDIR)/core/engine.o $(LINUX_LIB) $(LINUX_MAIN)
	@mkdir -p $(@D)
	$(say) LD $@
	$(Q)$(NCC) $(NATIVE_LDFLAGS) $^ -o $@

$(EBUILD)/migtd-linux-debug: $(NATIVE)/$(EDIR)/core-debug/engine.o $(LINUX_LIB) $(LINUX_MAIN)
	@mkdir -p $(@D)
	$(say) LD $@
	$(Q)$(NCC) $(NATIVE_LDFLAGS) $^ -o $@

$(EBUILD)/test/%.native: $(NATIVE)/$(EDIR)/test-%/engine.o $(LINUX_LIB) $(HARNESS_MAIN)
	@mkdir -p $(@D)
	$(say) LD $@
	$(Q)$(NCC) $(NATIVE_LDFLAGS) $^ -o $@

$(EBUILD)/runtime-test/%.native: $(NATIVE)/$(EDIR)/rt-%/engine.o $(LINUX_LIB) $(HARNESS_MAIN)
	@mkdir -p $(@D)
	$(say) LD $@
	$(Q)$(NCC) $(NATIVE_LDFLAGS) $^ -o $@

$(EBUILD)/runtime-test/%-linux: $(NATIVE)/$(EDIR)/rt-%/engine.o $(LINUX_LIB) $(LINUX_MAIN)
	@mkdir -p $(@D)
	$(say) LD $@
	$(Q)$(NCC) $(NATIVE_LDFLAGS) $^ -o $@

# ---- offset linear memory (a test build) ------------------------------------------------------
# The debug core's harness with its linear memory LINEAR_SKEW bytes into the reservation
# (RT_LINEAR_SKEW in src/wasm_rt_memory.c), where wasm3 puts it: test/core/tdx-wrappers.test.ts
# runs the TDX wrappers on it against the simulator, proving the imports never depend on where an
# engine places linear memory (src/bounce.h).
LINEAR_SKEW := 24
SKEW_DIR    := $(NATIVE)/skew
.PHONY: native-skew
native-skew: $(BUILD)/native-skew/core-debug.native

$(SKEW_DIR)/wasm_rt_memory.o: runtime-c/src/wasm_rt_memory.c $(NATIVE)/include/wasm-rt.h $(ENGINE_STAMP)
	@mkdir -p $(@D)
	$(say) CC "$< (RT_LINEAR_SKEW=$(LINEAR_SKEW))"
	$(Q)$(NCC) $(ENGINE_CFLAGS) $(ENGINE_WARN) -DRT_LINEAR_SKEW=$(LINEAR_SKEW) -c $< -o $@

$(SKEW_DIR)/core-debug-engine.o: $(NATIVE)/m/core-debug/mod.o $(NATIVE)/m/core-debug/glue.o \
    $(filter-out $(NATIVE)/obj/src/wasm_rt_memory.o,$(ENGINE_OBJ)) $(SKEW_DIR)/wasm_rt_memory.o
	$(say) LD $@
	$(Q)$(NLD) -r -o $@ $^

$(BUILD)/native-skew/core-debug.native: $(SKEW_DIR)/core-debug-engine.o $(LINUX_LIB) $(HARNESS_MAIN)
	@mkdir -p $(@D)
	$(say) LD $@
	$(Q)$(NCC) $(NATIVE_LDFLAGS) $^ -o $@

# ---- wasm3 (ENGINE=wasm3): the module's bytes + the interpreter + the same imports -------------
# wasm3's core and the glue are engine layer like the rest: freestanding against libc/include
# (its allocator, printf-family console sink, strtod, rint, clock), no libm. Only the
# interpreter's own files are built; wasm3's WASI/libc/tracer host APIs (m3_api_*.c) are not
# used. m3_emit.c and m3_optimize.c exist in some versions only.
W3_CORE   := m3_bind m3_code m3_compile m3_core m3_emit m3_env m3_exec m3_function m3_info \
  m3_module m3_optimize m3_parse
W3_SRC_C  := $(wildcard $(addprefix $(WASM3_SRC)/,$(addsuffix .c,$(W3_CORE))))
W3_OBJ    := $(patsubst $(WASM3_SRC)/%.c,$(NATIVE)/wasm3/%.o,$(W3_SRC_C))
W3_CFLAGS  = $(ENGINE_CFLAGS) -I$(WASM3_SRC) -w
W3_GLUE_CFLAGS = $(ENGINE_CFLAGS) $(ENGINE_WARN) -I$(WASM3_SRC) -Iruntime-c/engine
W3_SHARED := $(filter-out $(NATIVE)/obj/engine/w2c_engine.o $(NATIVE)/obj/abi/abi_w2c.o \
  $(NATIVE)/obj/src/wasm_rt_memory.o $(NATIVE)/obj/src/wasm_rt_table.o,$(ENGINE_OBJ))

$(NATIVE)/wasm3/%.o: $(WASM3_SRC)/%.c $(ENGINE_STAMP)
	@mkdir -p $(@D)
	$(say) CC $<
	$(Q)$(NCC) $(W3_CFLAGS) -c $< -o $@

$(NATIVE)/m3-obj/wasm3_glue.o: runtime-c/engine/wasm3_glue.c $(NATIVE)/abi/abi_impl.h $(ENGINE_STAMP)
	@mkdir -p $(@D)
	$(say) CC $<
	$(Q)$(NCC) $(W3_GLUE_CFLAGS) -c $< -o $@

$(NATIVE)/m3-obj/abi_m3.o: $(NATIVE)/abi/abi_m3.c $(ENGINE_STAMP)
	@mkdir -p $(@D)
	$(say) CC $<
	$(Q)$(NCC) $(W3_GLUE_CFLAGS) -c $< -o $@

$(NATIVE)/m3/core/module.c: $(BUILD)/migtd-core.wasm $(GEN_DEPS)
	$(say) GEN $@
	$(Q)$(TSX) scripts/native/gen.ts embed $< $@
$(NATIVE)/m3/core-debug/module.c: $(BUILD)/migtd-core.debug.wasm $(GEN_DEPS)
	$(say) GEN $@
	$(Q)$(TSX) scripts/native/gen.ts embed $< $@
$(NATIVE)/m3/test-%/module.c: $(BUILD)/test/%.wasm $(GEN_DEPS)
	$(say) GEN $@
	$(Q)$(TSX) scripts/native/gen.ts embed $< $@
$(NATIVE)/m3/rt-%/module.c: $(BUILD)/runtime-test/%.wasm $(GEN_DEPS)
	$(say) GEN $@
	$(Q)$(TSX) scripts/native/gen.ts embed $< $@

$(NATIVE)/m3/%/module.o: $(NATIVE)/m3/%/module.c $(ENGINE_STAMP)
	$(say) CC $<
	$(Q)$(NCC) $(ENGINE_CFLAGS) -c $< -o $@

$(NATIVE)/m3/%/engine.o: $(NATIVE)/m3/%/module.o $(NATIVE)/m3-obj/wasm3_glue.o $(NATIVE)/m3-obj/abi_m3.o $(W3_SHARED) $(W3_OBJ)
	$(say) LD $@
	$(Q)$(NLD) -r -o $@ $^
	$(check_engine)

# ---- libc host test (test/runtime/libc.test.ts) ----------------------------------------------
LIBC_OBJ := $(patsubst runtime-c/%.c,$(NATIVE)/obj/%.o,$(LIBC_C))
$(NATIVE)/obj/libc-test/probe.o: test/runtime/libc/probe.c $(ENGINE_STAMP)
	@mkdir -p $(@D)
	$(say) CC $<
	$(Q)$(NCC) $(ENGINE_CFLAGS) $(ENGINE_WARN) -c $< -o $@
$(BUILD)/runtime-test/libc-test: test/runtime/libc/libc_test.c $(NATIVE)/obj/libc-test/probe.o $(LIBC_OBJ)
	@mkdir -p $(@D)
	$(say) LD $@
	$(Q)$(NCC) $(NATIVE_OPT) -g -Wall -Wextra -iquote runtime-c/include -iquote runtime-c/libc/include \
	  $^ -o $@ -lm

# ---- runtime fixtures: WAT (wat2wasm) or AssemblyScript --------------------------------------
$(BUILD)/runtime-test/%.wasm: test/runtime/fixtures/%.wat
	@mkdir -p $(@D)
	$(say) WAT2WASM $<
	$(Q)$(WAT2WASM) $< -o $@

# --config /dev/null: asconfig.json's entries would pull the whole core into each fixture. A
# failed assertion in a fixture is a plain `unreachable` (abort=).
$(BUILD)/runtime-test/%.wasm: test/runtime/fixtures/%.ts assembly/abi.ts
	@mkdir -p $(@D)
	$(say) ASC $@
	$(Q)$(ASC) $< -o $@ -t /dev/null --config /dev/null --runtime stub -O2 --use abort=

-include $(shell find $(NATIVE) -name '*.d' 2>/dev/null)
