# System packages and npm dependencies. Installs with apt-get when root, else prints the command.
APT_PACKAGES := wabt nasm clang lld qemu-system-x86 socat
APT_PROBES   := wasm2c nasm clang ld.lld qemu-system-x86_64 socat

.PHONY: deps
deps: node_modules/.package-lock.json
	@missing=""; i=0; probes=($(APT_PROBES)); pkgs=($(APT_PACKAGES)); \
	for p in "$${probes[@]}"; do command -v $$p >/dev/null || missing="$$missing $${pkgs[$$i]}"; i=$$((i+1)); done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing:$$missing"; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else echo "missing system packages; run: sudo apt-get install -y$$missing"; exit 1; fi; \
	fi

node_modules/.package-lock.json: package-lock.json
	npm ci --no-audit --no-fund
	@touch $@
