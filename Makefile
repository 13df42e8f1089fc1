# `make demo` and `make test` bootstrap .venv from requirements.lock on first use.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test

.PHONY: demo test lint typecheck unit bench bench-flights docs clean

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

# Test-only packages (followthemoney, playwright) on top of the runtime pins.
$(TEST_STAMP): $(STAMP) requirements-test.lock
	$(BIN)/python -m pip install --quiet -r requirements-test.lock
	touch $(TEST_STAMP)

demo: $(STAMP)
	$(BIN)/hybridwatch demo

test: lint typecheck unit

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

typecheck: $(TEST_STAMP)
	$(BIN)/mypy

unit: $(TEST_STAMP)
	$(BIN)/pytest -q

bench: $(STAMP)
	$(BIN)/python bench/ingest_aircraft.py
	$(BIN)/python bench/airlifts.py

# The traffic library (the peer) lives in its own venv, never in hybridwatch's dependencies.
.venv-bench/.installed: bench/requirements-traffic.txt
	$(PYTHON) -m venv .venv-bench
	.venv-bench/bin/python -m pip install --quiet --upgrade pip
	.venv-bench/bin/python -m pip install --quiet -r bench/requirements-traffic.txt
	touch .venv-bench/.installed

bench-flights: $(STAMP) .venv-bench/.installed
	$(BIN)/python bench/flights_pipeline.py --rows 5_000_000

docs: $(STAMP)
	$(BIN)/python -m hybridwatch.cli.docs > docs/cli.md

clean:
	rm -rf $(VENV) demo-case .mypy_cache .pytest_cache .ruff_cache
