# trainwise — two set-up commands: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench load install clean browsers eval-ingest

$(STAMP): pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "trainwise needs Python 3.11 or newer")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install -q --disable-pip-version-check -c constraints.txt -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

## make run: install, migrate, load the built-in library into SQLite, serve http://127.0.0.1:8000 (single-person mode)
run: $(STAMP)
	$(BIN)/trainwise db upgrade
	$(BIN)/trainwise catalog load
	$(BIN)/trainwise serve --local --host 127.0.0.1 --port 8000

## browsers: Debian's chromium for the browser tests (never a downloaded browser).
browsers:
	@test -x /usr/bin/chromium || { [ "$$(id -u)" = 0 ] && (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) || echo "chromium missing: browser tests will skip (apt-get install chromium)"; }

## make test: lint (ruff), type-check (mypy --strict on src/) and every test.
test: $(STAMP) browsers
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy
	$(BIN)/python -m pytest -n 2 -q

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench || true
	$(BIN)/mypy

## make eval-ingest: field-level precision / recall of `trainwise ingest` on the labelled pages
## (tests/data/ingest/labels/); ARGS=--record writes tests/data/ingest/measured.json.
eval-ingest: $(STAMP)
	$(BIN)/python -m tests.ingest_eval $(ARGS)

## make bench: search latency against an indexed lookup, SQLite and PostgreSQL.
bench: $(STAMP)
	@command -v wrk >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get install -y -qq wrk >/dev/null; } || true
	$(BIN)/python -m bench.search_bench
	$(BIN)/python -m bench.web_bench
	$(BIN)/python -m bench.plan_bench
	$(BIN)/python -m bench.ingest_bench
	$(BIN)/python -m bench.log_bench

## make load: 50 simulated people for 60 s against `trainwise serve --workers 2` on PostgreSQL (locust, the `load` extra).
load: $(STAMP)
	@$(BIN)/python -c 'import importlib.util, sys; sys.exit(importlib.util.find_spec("locust") is None)' || $(BIN)/python -m pip install -q --disable-pip-version-check -c constraints.txt -e '.[dev,load]'
	$(BIN)/python -m bench.load.run

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache test-artifacts
