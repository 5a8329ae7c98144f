# eebot: the two commands a newcomer needs are `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# The PostgreSQL server the database tests use (they create and drop their own databases there).
EEBOT_TEST_POSTGRES_URL ?= postgresql://postgres@127.0.0.1:5432/postgres
export EEBOT_TEST_POSTGRES_URL

E2E := tests/e2e
E2E_STAMP := $(E2E)/node_modules/.installed

.PHONY: run test install lint serve clean e2e screenshots chromium

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

## make run: install, migrate the SQLite database, load the demo if it is empty, serve on 3978
run: $(STAMP)
	$(BIN)/eebot db upgrade
	$(BIN)/eebot demo --if-empty
	EEBOT_DEV_ANONYMOUS=1 $(BIN)/eebot serve

## make test: install, lint, check the architecture and types, run the whole suite
test: $(STAMP) lint $(E2E_STAMP) chromium
	$(BIN)/pytest

## make e2e: only the end-to-end tests in Microsoft's Teams emulator and headless Chromium
e2e: $(STAMP) $(E2E_STAMP) chromium
	$(BIN)/pytest -m e2e

## make screenshots: regenerate the pictures in docs/screenshots from the end-to-end scenarios
screenshots: $(STAMP) $(E2E_STAMP) chromium
	EEBOT_E2E_SCREENSHOTS=docs/screenshots $(BIN)/pytest -m e2e $(E2E)/test_conversations.py $(E2E)/test_visits.py

# The Teams emulator and the Adaptive Cards renderer, pinned in tests/e2e/package-lock.json.
$(E2E_STAMP): $(E2E)/package.json $(E2E)/package-lock.json
	cd $(E2E) && npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Debian's Chromium for the end-to-end tests (never a browser download).
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	  else \
	    echo "the end-to-end tests need Chromium: sudo apt-get install chromium"; exit 1; \
	  fi; }

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/mypy

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache *.egg-info $(E2E)/node_modules e2e-artifacts
