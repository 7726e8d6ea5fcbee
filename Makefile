# Frontdesk — one gate for developers and CI: `make test`. `make run` serves on http://127.0.0.1:8000
# (`make run PORT=8080` elsewhere). Installs come from the lock files, so every machine gets the
# same versions; `make lock` resolves them again from pyproject.toml.
PYTHON   ?= python3
HOST     ?= 127.0.0.1
PORT     ?= 8000
VENV     := .venv
BIN      := $(VENV)/bin
STAMP    := $(VENV)/.installed
LOCK     := requirements.lock
DEV_LOCK := requirements-dev.lock
# One resolution for every platform, for the Python of the Dockerfile, with hashes checked on install.
COMPILE  := pip compile pyproject.toml --universal --python-version 3.11 --generate-hashes --quiet

.PHONY: run test lint typecheck layers pytest bench bench-full install lock clean

$(STAMP): $(DEV_LOCK) pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --require-hashes -r $(DEV_LOCK)
	$(BIN)/pip install --quiet --no-deps -e .
	touch $(STAMP)

install: $(STAMP)

# After changing dependencies in pyproject.toml (or to take newer releases): re-resolve both
# lock files; the next `make` reinstalls from them.
lock:
	test -x $(BIN)/uv || { $(PYTHON) -m venv $(VENV) && $(BIN)/pip install --quiet uv; }
	$(BIN)/uv $(COMPILE) --extra redis -o $(LOCK)
	$(BIN)/uv $(COMPILE) --extra dev -o $(DEV_LOCK)
	rm -f $(STAMP)

run: $(STAMP)
	mkdir -p var
	$(BIN)/frontdesk db upgrade
	$(BIN)/frontdesk staff add --demo
	$(BIN)/frontdesk serve --host $(HOST) --port $(PORT)

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
