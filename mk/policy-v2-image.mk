# A V2 MigTD image (signed policy v2, docs/policy.md "enroll"), next to the V1 one:
#   make image POLICY_V2=<signed policy> POLICY_ISSUER_CHAIN=<pem>
#     -> build/migtd-v2.bin (+ .servtd_info_hash, build/migtd-v2.servtd_info_hash)
#   with INTERFACE=raw -> build/migtd-raw-v2.bin
# The payload is the same as the V1 image's (the core runs V2 when a policy issuer chain is
# enrolled, as Intel's policy_v2 build does), so MRTD is too; the CFV holds the policy and the
# issuer chain, whose boot measurements (RTMR1, RTMR2) and the MROWNER/MROWNERCONFIG the policy
# requires make SERVTD_HASH_INFO differ. scripts/image/build.ts verifies the policy against the
# chain with the core before anything is written (exit 2 naming the file and the reason).
POLICY_V2           ?=
POLICY_ISSUER_CHAIN ?=

ifneq ($(POLICY_V2),)
ifeq ($(POLICY_ISSUER_CHAIN),)
$(error POLICY_V2 needs POLICY_ISSUER_CHAIN=<the PEM issuer chain the policy's signature verifies with>)
endif
ifeq ($(INTERFACE),raw)
V2_IMAGE   := $(BUILD)/migtd-raw-v2.bin
V2_PAYLOAD := $(FW)/payload-raw.elf
else
V2_IMAGE   := $(EBUILD)/migtd-v2.bin
V2_PAYLOAD := $(FW)/payload.elf
endif
image: $(V2_IMAGE)

# Rebuilt when the option values or the content of an input change (as IMAGE_STAMP, mk/shim.mk).
V2_STAMP := $(V2_IMAGE).inputs
$(V2_STAMP): FORCE
	@mkdir -p $(@D)
	@{ echo "POLICY_V2=$(POLICY_V2) POLICY_ISSUER_CHAIN=$(POLICY_ISSUER_CHAIN) SERVTD_INFO=$(SERVTD_INFO)"; \
	  for f in $(POLICY_V2) $(POLICY_ISSUER_CHAIN) $(SERVTD_INFO); do if [ -f "$$f" ]; then sha256sum "$$f"; else echo "missing  $$f"; fi; done; } > $@.tmp
	@if cmp -s $@.tmp $@; then rm -f $@.tmp; else mv -f $@.tmp $@; fi

$(V2_IMAGE): $(FW)/resetvector.bin $(FW)/shim.elf $(V2_PAYLOAD) $(V2_STAMP) \
    $(wildcard scripts/image/*.ts) scripts/image/gen/layout.ts
	@$(TSX) scripts/image/build.ts --reset-vector $(FW)/resetvector.bin --shim $(FW)/shim.elf \
	  --payload $(V2_PAYLOAD) --policy-v2 $(POLICY_V2) --issuer-chain $(POLICY_ISSUER_CHAIN) \
	  --servtd-info $(SERVTD_INFO) -o $@
else ifneq ($(POLICY_ISSUER_CHAIN),)
$(error POLICY_ISSUER_CHAIN goes with POLICY_V2=<signed policy v2>)
endif
