# Firmware: reset vector (NASM) + shim (C, runs in place) + TD payload -> build/migtd.bin (16 MiB,
# Intel MigTD's address map), build/migtd.bin.servtd_info_hash and build/migtd.servtd_info_hash
# (tdx-tools' name; both hex). docs/firmware.md explains it.
#
#   make image [POLICY=<json>] [ROOT_CA=<der>]
#
# POLICY defaults to config/policy.json; ROOT_CA defaults to Intel's production SGX root CA as
# shipped by the npm package @phala/dcap-qvl (read at build time by scripts/image/root-ca.ts).
# Builds are reproducible: no paths, users, dates or build ids reach the image bytes.

POLICY      ?= config/policy.json
ROOT_CA     ?=
SERVTD_INFO ?= config/servtd_info.json
# Per engine (EBUILD, mk/runtime.mk): build/fw and build/migtd.bin for wasm2c, build/wasm3/fw and
# build/wasm3/migtd.bin for ENGINE=wasm3.
FW          := $(EBUILD)/fw
TSX         := node_modules/.bin/tsx
NASM        ?= nasm
CLANG       ?= clang
LLD         ?= ld.lld
MIGTD_VERSION := $(shell node -p "require('./package.json').version" 2>/dev/null)
# The engine layer (the core on ENGINE's engine + import shims + supervisor + libc) from
# mk/runtime.mk, linked into the payload; its only undefined symbols are plat_*, implemented by
# runtime-c/platform/td. FW_ENGINE= builds a payload that stops after the banner (no core).
FW_ENGINE   ?= $(NATIVE)/$(EDIR)/core/engine.o
FW_ENGINE_DEBUG := $(NATIVE)/$(EDIR)/core-debug/engine.o

LAYOUT_GEN  := shim/gen/layout.inc shim/gen/layout.h shim/gen/layout.ld scripts/image/gen/layout.ts

FW_CFLAGS_COMMON := --target=x86_64-unknown-none-elf -std=c11 -O2 -ffreestanding -nostdlib \
  -fno-stack-protector -fno-asynchronous-unwind-tables -fno-unwind-tables -mno-red-zone \
  -fno-ident -ffile-prefix-map=$(CURDIR)=. -Wall -Wextra -Werror -Ishim/gen -Ifirmware/common
# The shim runs in place at ~4 GiB with no writable data: position-independent code keeps every
# reference RIP-relative; general registers only, SSE state is the payload's business.
SHIM_CFLAGS := $(FW_CFLAGS_COMMON) -fpie -fvisibility=hidden -mgeneral-regs-only -fno-builtin
# The payload is linked at a fixed low RAM address (PayloadImage), small code model.
TD_CFLAGS   := $(FW_CFLAGS_COMMON) -fno-pic -mcmodel=small -Iruntime-c/include -Iruntime-c/platform/td \
  -DMIGTD_VERSION='"$(MIGTD_VERSION)"'
FW_LDFLAGS  := -static -nostdlib --build-id=none -z noexecstack -z norelro --no-dynamic-linker -Lshim/gen

# firmware/common: what the shim and the payload share (the TDCALL stub, port I/O, the UART, the
# config-volume reader, byte copies, the CCEL record layout), compiled once for each with its
# own flags.
FWC_C       := $(wildcard firmware/common/*.c)
FWC_HDR     := $(wildcard firmware/common/*.h)
RESET_SRC   := $(wildcard shim/reset/*.asm shim/reset/*.inc)
SHIM_C      := $(wildcard shim/src/*.c)
SHIM_OBJ    := $(patsubst shim/src/%.c,$(FW)/shim/%.o,$(SHIM_C)) \
  $(patsubst firmware/common/%.c,$(FW)/shim/common/%.o,$(FWC_C)) $(FW)/shim/common/tdcall.o
SHIM_HDR    := $(wildcard shim/src/*.h) $(FWC_HDR) shim/gen/layout.h
TD_C        := $(wildcard runtime-c/platform/td/*.c)
TD_ASM      := $(wildcard runtime-c/platform/td/*.asm)
TD_OBJ      := $(patsubst runtime-c/platform/td/%.c,$(FW)/td/%.o,$(TD_C)) \
  $(patsubst runtime-c/platform/td/%.asm,$(FW)/td/%.o,$(TD_ASM)) \
  $(patsubst firmware/common/%.c,$(FW)/td/common/%.o,$(FWC_C)) $(FW)/td/common/tdcall.o
TD_HDR      := $(wildcard runtime-c/platform/td/*.h) $(FWC_HDR) runtime-c/include/migtd_abi.h shim/gen/layout.h

.PHONY: image layout layout-check firmware-parts
image: $(EBUILD)/migtd.bin
firmware-parts: $(FW)/resetvector.bin $(FW)/shim.elf $(FW)/payload.elf $(FW)/payload-debug.elf

# The memory map is rendered from shim/memory-map.json; the outputs are committed.
layout: deps
	$(TSX) scripts/image/gen-layout.ts
layout-check: deps
	$(TSX) scripts/image/gen-layout.ts --check
$(LAYOUT_GEN) &: shim/memory-map.json scripts/image/memory-map.ts scripts/image/render-layout.ts scripts/image/gen-layout.ts
	$(say) GEN shim/gen/layout.*
	$(Q)$(TSX) scripts/image/gen-layout.ts
	@touch $(LAYOUT_GEN)

$(FW)/resetvector.bin: $(RESET_SRC) shim/gen/layout.inc
	@mkdir -p $(@D)
	$(say) NASM shim/reset/main.asm
	$(Q)$(NASM) -f bin -Ishim/gen/ -Ishim/reset/ shim/reset/main.asm -o $@

$(FW)/shim/%.o: shim/src/%.c $(SHIM_HDR)
	@mkdir -p $(@D)
	$(say) CC $<
	$(Q)$(CLANG) $(SHIM_CFLAGS) -c $< -o $@
$(FW)/shim/common/%.o: firmware/common/%.c $(SHIM_HDR)
	@mkdir -p $(@D)
	$(say) CC $<
	$(Q)$(CLANG) $(SHIM_CFLAGS) -c $< -o $@
$(FW)/shim/common/tdcall.o $(FW)/td/common/tdcall.o: firmware/common/tdcall.asm
	@mkdir -p $(@D)
	$(say) NASM $<
	$(Q)$(NASM) -f elf64 $< -o $@
$(FW)/td/%.o: runtime-c/platform/td/%.asm
	@mkdir -p $(@D)
	$(say) NASM $<
	$(Q)$(NASM) -f elf64 $< -o $@
$(FW)/shim.elf: $(SHIM_OBJ) shim/shim.ld shim/gen/layout.ld
	$(say) LD $@
	$(Q)$(LLD) $(FW_LDFLAGS) -T shim/shim.ld $(SHIM_OBJ) -o $@

$(FW)/td/%.o: runtime-c/platform/td/%.c $(TD_HDR)
	@mkdir -p $(@D)
	$(say) CC $<
	$(Q)$(CLANG) $(TD_CFLAGS) -c $< -o $@
# -fno-builtin: mem.c implements byte copies the compiler could turn back into calls to itself;
# MEM_NO_LIBC_ALIASES: the payload has memcpy/memset from the runtime's libc.
$(FW)/td/common/%.o: firmware/common/%.c $(TD_HDR)
	@mkdir -p $(@D)
	$(say) CC $<
	$(Q)$(CLANG) $(TD_CFLAGS) -fno-builtin -DMEM_NO_LIBC_ALIASES -c $< -o $@
$(FW)/payload.elf: $(TD_OBJ) $(FW_ENGINE) runtime-c/platform/td/payload.ld shim/gen/layout.ld
	$(say) LD $@
	$(Q)$(LLD) $(FW_LDFLAGS) --gc-sections -T runtime-c/platform/td/payload.ld $(TD_OBJ) $(FW_ENGINE) -o $@

# The same payload around the debug core (debug_arm_trap), for the trap-recovery scenario in QEMU.
$(FW)/payload-debug.elf: $(TD_OBJ) $(FW_ENGINE_DEBUG) runtime-c/platform/td/payload.ld shim/gen/layout.ld
	$(say) LD $@
	$(Q)$(LLD) $(FW_LDFLAGS) --gc-sections -T runtime-c/platform/td/payload.ld $(TD_OBJ) $(FW_ENGINE_DEBUG) -o $@

# What the image is made of besides the firmware parts: the option values and the content of every
# input file, one "sha256  path" line each. The stamp is rewritten only when that changes, so a
# different POLICY/ROOT_CA/SERVTD_INFO/FW_ENGINE, or an edited input, rebuilds the image even when
# the file is older than it (make compares times only).
IMAGE_STAMP  := $(EBUILD)/migtd.bin.inputs
IMAGE_INPUTS := $(POLICY) $(if $(ROOT_CA),$(ROOT_CA),$(wildcard node_modules/@phala/dcap-qvl/src/constants.js)) $(SERVTD_INFO)
$(IMAGE_STAMP): FORCE
	@mkdir -p $(@D)
	@{ echo "POLICY=$(POLICY) ROOT_CA=$(ROOT_CA) SERVTD_INFO=$(SERVTD_INFO) FW_ENGINE=$(FW_ENGINE)"; \
	  for f in $(IMAGE_INPUTS); do if [ -f "$$f" ]; then sha256sum "$$f"; else echo "missing  $$f"; fi; done; } > $@.tmp
	@if cmp -s $@.tmp $@; then rm -f $@.tmp; else mv -f $@.tmp $@; fi

FORCE:

# scripts/image/build.ts validates every input before it writes anything (exit 2 naming the file)
# and prints the one summary of the build.
$(EBUILD)/migtd.bin: $(FW)/resetvector.bin $(FW)/shim.elf $(FW)/payload.elf $(IMAGE_STAMP) \
    $(wildcard scripts/image/*.ts) scripts/image/gen/layout.ts
	@$(TSX) scripts/image/build.ts --reset-vector $(FW)/resetvector.bin --shim $(FW)/shim.elf \
	  --payload $(FW)/payload.elf --policy $(POLICY) $(if $(ROOT_CA),--root-ca $(ROOT_CA)) \
	  --servtd-info $(SERVTD_INFO) -o $@
