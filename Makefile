# eebot: the two commands a newcomer needs are `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# The PostgreSQL server the database tests use (they create and drop their own databases there).
EEBOT_TEST_POSTGRES_URL ?= postgresql://postgres@127.0.0.1:5432/postgres
export EEBOT_TEST_POSTGRES_URL

.PHONY: run test install lint serve clean

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
test: $(STAMP) lint
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/mypy

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache *.egg-info
