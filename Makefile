# Two entry points, both self-installing: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: run test lint bench clean

run: $(VENV)/.app
	$(BIN)/intimacy

test: $(VENV)/.dev
	$(BIN)/ruff check intimacy_cli tests benchmarks
	$(BIN)/ruff format --check intimacy_cli tests benchmarks
	$(BIN)/mypy intimacy_cli
	$(BIN)/lint-imports
	$(BIN)/pytest

bench: $(VENV)/.dev
	$(BIN)/python benchmarks/bench.py

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.app: pyproject.toml | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.dev: pyproject.toml | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@ $(VENV)/.app

clean:
	rm -rf $(VENV) build dist .mypy_cache .pytest_cache .ruff_cache
