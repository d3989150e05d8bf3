# Included by phpize's generated Makefile (PHP_ADD_MAKEFILE_FRAGMENT in config.m4):
# `make` also builds the Go library and `make install` puts it next to
# ephpm_kv.so in extension_dir, where the extension looks for it by default.

EPHPM_KV_GO_LIBRARY = $(phplibdir)/ephpm_kv_go.so

all: $(EPHPM_KV_GO_LIBRARY)

# Always delegated to go build, which knows what changed (its cache makes a
# no-op rebuild cheap).
$(EPHPM_KV_GO_LIBRARY): ephpm-kv-go-build
ephpm-kv-go-build:
	@mkdir -p $(phplibdir)
	cd $(top_srcdir) && PATH="$(dir $(EPHPM_KV_GO)):$$PATH" CGO_ENABLED=1 \
		$(EPHPM_KV_GO) build -buildmode=c-shared -o $(abspath $(EPHPM_KV_GO_LIBRARY)) ./gosrc/capi
	@rm -f $(phplibdir)/ephpm_kv_go.h

install: install-ephpm-kv-go
install-ephpm-kv-go: $(EPHPM_KV_GO_LIBRARY)
	$(mkinstalldirs) $(INSTALL_ROOT)$(EXTENSION_DIR)
	$(INSTALL) -m 0755 $(EPHPM_KV_GO_LIBRARY) $(INSTALL_ROOT)$(EXTENSION_DIR)/ephpm_kv_go.so
	@echo "Installing the Go library:        $(INSTALL_ROOT)$(EXTENSION_DIR)/ephpm_kv_go.so"

# phpize's `make test` runs the phpt suite of this project (in this source tree
# GNUmakefile takes `make test` for the whole suite: `make -f Makefile test`).
TESTS = $(top_srcdir)/phpt

.PHONY: ephpm-kv-go-build install-ephpm-kv-go
