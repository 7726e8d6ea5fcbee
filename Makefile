# Frontdesk — one gate for developers and CI: `make test`. `make run` serves on http://127.0.0.1:8000.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test lint typecheck layers pytest bench bench-full install clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	mkdir -p var
	$(BIN)/frontdesk db upgrade
	$(BIN)/frontdesk staff add --demo
	$(BIN)/frontdesk serve --host 127.0.0.1 --port 8000

lint: $(STAMP)
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .

typecheck: $(STAMP)
	$(BIN)/mypy

layers: $(STAMP)
	$(BIN)/lint-imports

pytest: $(STAMP)
	$(BIN)/python -m pytest -q -W error

test: lint typecheck layers pytest

bench: $(STAMP)
	$(BIN)/frontdesk bench all --quick

bench-full: $(STAMP)
	$(BIN)/frontdesk bench all --full

clean:
	rm -rf $(VENV) var .mypy_cache .ruff_cache .pytest_cache
