# The RAW host interface build (GHCI 1.5 MigTD leaf, `vmcall-raw`; docs/host-interfaces.md). The
# interface is a build-time choice, like Intel's cargo feature: the same sources compiled with
# `--use MIGTD_HOST_INTERFACE=1` (assembly/service/host_interface.ts). Outputs sit next to the
# default ones:
#   build/migtd-core-raw.wasm, build/migtd-core-raw.debug.wasm   Node host (--interface raw)
#   build/migtd-linux-raw                                         native host (--interface raw)
#   make image INTERFACE=raw                                      the firmware (mk/shim.mk)
RAW_USE := --use MIGTD_HOST_INTERFACE=1

core: $(BUILD)/migtd-core-raw.wasm $(BUILD)/migtd-core-raw.debug.wasm
native: $(EBUILD)/migtd-linux-raw

$(BUILD)/migtd-core-raw.wasm: $(CORE_SRC) | deps
	@mkdir -p $(BUILD)
	$(say) ASC $@
	$(Q)$(ASC) assembly/index.ts --target release -o $@ -t $(BUILD)/migtd-core-raw.wat $(RAW_USE)

$(BUILD)/migtd-core-raw.debug.wasm: $(CORE_SRC) | deps
	@mkdir -p $(BUILD)
	$(say) ASC $@
	$(Q)$(ASC) assembly/debug.ts --target debug -o $@ -t $(BUILD)/migtd-core-raw.debug.wat $(RAW_USE)

$(NATIVE)/m/core-raw/mod.c $(NATIVE)/m/core-raw/mod.h &: $(BUILD)/migtd-core-raw.wasm
	@mkdir -p $(@D)
	$(say) WASM2C $<
	$(Q)$(WASM2C) $< -n core -o $(NATIVE)/m/core-raw/mod.c

$(NATIVE)/m3/core-raw/module.c: $(BUILD)/migtd-core-raw.wasm $(GEN_DEPS)
	$(say) GEN $@
	$(Q)$(TSX) scripts/native/gen.ts embed $< $@

.PRECIOUS: $(NATIVE)/m/core-raw/mod.c $(NATIVE)/m/core-raw/mod.h

$(EBUILD)/migtd-linux-raw: $(NATIVE)/$(EDIR)/core-raw/engine.o $(LINUX_LIB) $(LINUX_MAIN)
	$(say) LD $@
	$(Q)$(NCC) $(NATIVE_LDFLAGS) $^ -o $@ $(NATIVE_LIBS)
