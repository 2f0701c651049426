# The AssemblyScript core -> build/migtd-core.wasm (release) and build/migtd-core.debug.wasm.
CORE_SRC := $(shell find assembly -name '*.ts' 2>/dev/null) asconfig.json

.PHONY: core
core: $(BUILD)/migtd-core.wasm $(BUILD)/migtd-core.debug.wasm

$(BUILD)/migtd-core.wasm: $(CORE_SRC) | deps
	@mkdir -p $(BUILD)
	$(ASC) assembly/index.ts --target release

# The debug build adds the debug-only exports (assembly/debug.ts), e.g. the forced trap used to
# test trap recovery.
$(BUILD)/migtd-core.debug.wasm: $(CORE_SRC) | deps
	@mkdir -p $(BUILD)
	$(ASC) assembly/debug.ts --target debug
