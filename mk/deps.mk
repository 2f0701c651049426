# System packages and npm dependencies. Installs with apt-get when root, else prints the command.
# MIGTD_SKIP_DEPS=1 skips all of it (builds of a copied tree that shares this node_modules).
APT_PACKAGES := wabt nasm clang lld qemu-system-x86 socat libvirt-clients libxml2-utils chromium
APT_PROBES   := wasm2c nasm clang ld.lld qemu-system-x86_64 socat virt-xml-validate xmllint chromium
# npm ci runs when node_modules was installed from another package-lock.json (by content, not
# mtime: a touched lock file must not wipe a working node_modules).
LOCK_SUM     := $(shell sha256sum package-lock.json 2>/dev/null | cut -c1-64)
LOCK_STAMP   := node_modules/.migtd-lock-$(LOCK_SUM)

.PHONY: deps
ifeq ($(MIGTD_SKIP_DEPS),1)
deps: ;
else
deps: $(LOCK_STAMP)
	@missing=""; i=0; probes=($(APT_PROBES)); pkgs=($(APT_PACKAGES)); \
	for p in "$${probes[@]}"; do command -v $$p >/dev/null || missing="$$missing $${pkgs[$$i]}"; i=$$((i+1)); done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing:$$missing"; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else echo "missing system packages; run: sudo apt-get install -y$$missing"; exit 1; fi; \
	fi
endif

# No prerequisite: the lock file's hash is in the stamp's name, so the stamp's existence is the
# whole test (a lock file newer than the stamp, e.g. after a checkout, must not reinstall).
$(LOCK_STAMP):
	npm ci --no-audit --no-fund
	@touch $@
