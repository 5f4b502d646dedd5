# Two commands set everything up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test lint check-tools clean messages
.DEFAULT_GOAL := run

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(PY) -m bot run

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

# Each mk/*.mk may add prerequisites to test-deps (double-colon rules), e.g. the Bluesky dev-env.
test-deps:: $(STAMP)

test: lint test-deps
	$(PY) -m pytest

# After adding or changing a user-facing message: merge it into bot/locale/*/LC_MESSAGES/*.po.
messages: $(STAMP)
	$(PY) -m bot.adapters.i18n

clean:
	rm -rf $(VENV) .pytest_cache

-include mk/*.mk
