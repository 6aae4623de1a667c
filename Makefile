# Two commands set up and use everything on a fresh machine: `make site` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: site test serve bench records lint clean

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

## Build the whole site, both scripts, from the shipped sample archive into site/
site: $(STAMP)
	$(PY) -m generator build

## Run the test suite (what CI runs)
test: lint
	$(PY) -m pytest -q

## Static checks: ruff (rules in pyproject.toml) and mypy (strict on the model and the formats)
lint: $(STAMP)
	$(VENV)/bin/ruff check generator tests benchmarks
	$(VENV)/bin/mypy

## Re-parse the sample archive and rewrite the committed records
records: $(STAMP)
	$(PY) -m generator records

## Live preview with reload on edits to sources, corrections, bodies, phrases, templates and content
serve: $(STAMP)
	$(PY) -m generator serve

## Benchmark every stage on a synthetic corpus (N reports)
N ?= 1000
bench: $(STAMP)
	$(PY) benchmarks/bench.py --n $(N)

clean:
	rm -rf site build .pytest_cache
