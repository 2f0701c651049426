# The firmware for the RAW host interface (after mk/shim.mk, whose variables it uses):
#   make image INTERFACE=raw    -> build/migtd-raw.bin (+ .servtd_info_hash), build/fw/payload-raw.elf
# The payload links the RAW build of the core (mk/raw.mk), so MRTD and SERVTD_HASH_INFO differ from
# the default image's; `migtd hash -v` names the interface (scripts/image/interface.ts).
INTERFACE ?= service
# The RAW payload is always among the firmware parts (QEMU tests need it; the engine is shared
# with build/migtd-linux-raw, so it costs a link).
firmware-parts: $(FW)/payload-raw.elf
ifeq ($(INTERFACE),raw)
image: $(BUILD)/migtd-raw.bin
else ifneq ($(INTERFACE),service)
$(error INTERFACE must be service (default) or raw, not "$(INTERFACE)")
endif

FW_ENGINE_RAW ?= $(BUILD)/native/m/core-raw/engine.o

$(FW)/payload-raw.elf: $(TD_OBJ) $(FW_ENGINE_RAW) runtime-c/platform/td/payload.ld shim/gen/layout.ld
	$(say) LD $@
	$(Q)$(LLD) $(FW_LDFLAGS) --gc-sections -T runtime-c/platform/td/payload.ld $(TD_OBJ) $(FW_ENGINE_RAW) -o $@

$(BUILD)/migtd-raw.bin: $(FW)/resetvector.bin $(FW)/shim.elf $(FW)/payload-raw.elf $(POLICY) $(ROOT_CA) $(SERVTD_INFO) \
    $(wildcard scripts/image/*.ts) scripts/image/gen/layout.ts
	@test -f "$(POLICY)" || { echo "make image: no policy at $(POLICY) (set POLICY=<file>)"; exit 2; }
	@$(TSX) scripts/image/build.ts --reset-vector $(FW)/resetvector.bin --shim $(FW)/shim.elf \
	  --payload $(FW)/payload-raw.elf --policy $(POLICY) $(if $(ROOT_CA),--root-ca $(ROOT_CA)) \
	  --servtd-info $(SERVTD_INFO) -o $@
