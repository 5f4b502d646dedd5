# Web: the browser test (tests/web/test_browser.py) drives Debian's headless Chromium.
# Idempotent: does nothing when /usr/bin/chromium is already there.
CHROMIUM_BIN ?= /usr/bin/chromium

.PHONY: test-web
test-deps::
	@if [ ! -x "$(CHROMIUM_BIN)" ]; then \
		echo "web: installing Debian chromium for the browser tests"; \
		if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
		$$SUDO apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null && \
		echo "web: $$($(CHROMIUM_BIN) --version 2>/dev/null)"; \
	fi

test-web: test-deps
	$(PY) -m pytest tests/web -q
