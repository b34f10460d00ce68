# Two entry points, both self-installing: `make run` and `make test`.
# PYTHON makes the venv; VENV names it, so each Python can have its own:
#   make test PYTHON=/path/to/python3.12 VENV=.venv-3.12   (as .ci/run does)
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
# One pytest-xdist worker per CPU; the coverage report is printed at the end.
PYTEST_ARGS ?= -n auto --dist worksteal --cov --cov-report=term-missing:skip-covered

.PHONY: run test lint bench clean

run: $(VENV)/.app
	$(BIN)/intimacy

test: $(VENV)/.dev
	$(BIN)/ruff check intimacy_cli tests benchmarks
	$(BIN)/ruff format --check intimacy_cli tests benchmarks
	$(BIN)/mypy intimacy_cli
	# Layer contract (import-linter, [tool.importlinter] in pyproject.toml).
	$(BIN)/lint-imports
	$(BIN)/pytest $(PYTEST_ARGS)

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
	rm -rf $(VENV) .venv-3.* build dist .mypy_cache .pytest_cache .ruff_cache .coverage .coverage.*
