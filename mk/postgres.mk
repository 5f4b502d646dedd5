# PostgreSQL: the store tests run every store test on SQLite and on a throwaway PostgreSQL
# cluster (tests/pg.py), and the Bluesky dev-env needs one too. Both need Debian's initdb/pg_ctl.
APT_SUDO ?= $$(if [ "$$(id -u)" = 0 ]; then echo; else echo sudo; fi)

.PHONY: postgres-server

test-deps:: postgres-server

postgres-server:
	@if ! command -v initdb >/dev/null 2>&1 && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then \
		echo "postgres: installing Debian postgresql (initdb, pg_ctl) for the store and Bluesky tests"; \
		$(APT_SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(APT_SUDO) apt-get install -y -qq postgresql >/dev/null; \
	fi
