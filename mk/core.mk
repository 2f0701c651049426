# The AssemblyScript core -> build/migtd-core.wasm (release) and build/migtd-core.debug.wasm.
CORE_SRC := $(shell find assembly -name '*.ts' 2>/dev/null) asconfig.json

# The AssemblyScript and TypeScript renderings of migtd_abi.h, sim_link.h and cc-event.h
# (committed; test/abi.test.ts fails when they are stale, this re-renders them on a build).
ABI_RENDERED := assembly/abi.ts scripts/host/gen/abi.ts scripts/sim/gen/sim-link.ts scripts/sim/gen/cc-event.ts
$(ABI_RENDERED) &: runtime-c/include/migtd_abi.h runtime-c/include/sim_link.h firmware/common/cc-event.h scripts/gen/abi.ts \
    scripts/native/abi-header.ts | deps
	$(Q)$(TSX) scripts/gen/abi.ts
	@touch $(ABI_RENDERED)

.PHONY: core
core: $(BUILD)/migtd-core.wasm $(BUILD)/migtd-core.debug.wasm

$(BUILD)/migtd-core.wasm: $(CORE_SRC) | deps
	@mkdir -p $(BUILD)
	$(say) ASC $@
	$(Q)$(ASC) assembly/index.ts --target release

# The debug build adds the debug-only exports (assembly/debug.ts), e.g. the forced trap used to
# test trap recovery.
$(BUILD)/migtd-core.debug.wasm: $(CORE_SRC) | deps
	@mkdir -p $(BUILD)
	$(say) ASC $@
	$(Q)$(ASC) assembly/debug.ts --target debug
