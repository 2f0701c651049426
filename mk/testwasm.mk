# Library test modules: test/wasm/<name>.ts -> build/test/<name>.wasm (release options, same
# runtime and abort routing as the core). They export internal functions for tests and benches.
TEST_WASM_SRC := $(wildcard test/wasm/*.ts)
TEST_WASM     := $(patsubst test/wasm/%.ts,$(BUILD)/test/%.wasm,$(TEST_WASM_SRC))

.PHONY: test-wasm
test-wasm: $(TEST_WASM)

$(BUILD)/test/%.wasm: test/wasm/%.ts $(CORE_SRC)
	@mkdir -p $(BUILD)/test
	$(say) ASC $@
	$(Q)$(ASC) $< --config test/wasm/asconfig.json -o $@
