# Two commands on a fresh machine: `make build` and `make test`. Each sets itself up.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
# Re-install when the package's dependencies change.
STAMP  := $(VENV)/.installed
# An editable install ships no bytecode, and Python writes none when PYTHONDONTWRITEBYTECODE is
# set: without this every build compiles the package's 7,000 lines again (60 ms). Only changed
# files are compiled.
COMPILE := $(BIN)/python -m compileall -q src

# Material 9.7+ prints a notice about MkDocs 2.0 on every run; it changes nothing here.
export NO_MKDOCS_2_WARNING := 1

# The engine that builds and serves the site: mkdocs, or properdocs, the maintained fork of
# MkDocs 1.6 (make build ENGINE=properdocs; docs/engines.md). ProperDocs is installed into the
# same venv on first use (scripts/engine_setup.sh); `archipelago build` reads ARCHIPELAGO_ENGINE.
ENGINE ?= mkdocs
ifeq ($(filter $(ENGINE),mkdocs properdocs),)
$(error ENGINE=$(ENGINE): choose mkdocs or properdocs)
endif
ENGINE_SETUP := $(if $(filter properdocs,$(ENGINE)),bash scripts/engine_setup.sh $(VENV))

.PHONY: build test e2e bench serve serve-full check schemas lint clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "Archipelago needs Python 3.11 or newer: run make PYTHON=python3.11 ..."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@touch $(STAMP)

## build: set up, then build the site from content/ into site/ (all or nothing)
build: $(STAMP)
	$(ENGINE_SETUP)
	$(COMPILE)
	ARCHIPELAGO_ENGINE=$(ENGINE) $(BIN)/archipelago build

## test: set up, then run every test
test: $(STAMP)
	bash scripts/test_setup.sh
	bash scripts/engine_setup.sh $(VENV)
	$(BIN)/python -m pytest

## e2e: set up Chromium and Playwright (apt and pip, as root), then run the browser tests
e2e: $(STAMP)
	bash scripts/e2e_setup.sh $(VENV)
	$(BIN)/python -m pytest tests/e2e -m e2e

## bench: the performance benchmark (about 10 minutes); writes bench-results.json
## (make bench ARGS=--quick: a smoke run of a minute or two; the package is scripts/bench/)
bench: $(STAMP)
	$(COMPILE)
	PYTHONPATH=scripts $(BIN)/python -m bench $(ARGS)

## serve: preview the site at http://127.0.0.1:8000; an edit re-renders the pages it changed
serve: $(STAMP)
	$(ENGINE_SETUP)
	$(COMPILE)
	$(BIN)/$(ENGINE) serve -f mkdocs.yml --dirty

## serve-full: the same preview, rebuilding every page on each edit (slow for big shows)
serve-full: $(STAMP)
	$(ENGINE_SETUP)
	$(COMPILE)
	$(BIN)/$(ENGINE) serve -f mkdocs.yml

## check: validate every content file without building, and fail if publish-lock.json is stale
check: $(STAMP)
	$(COMPILE)
	$(BIN)/archipelago check .
	$(BIN)/archipelago lock --check

## schemas: regenerate the JSON Schemas in schemas/ and docs/content-reference.md from the models
schemas: $(STAMP)
	$(BIN)/archipelago schema

## lint: ruff over the package, tests and scripts; mypy over the package
lint: $(STAMP)
	$(BIN)/ruff check src tests scripts
	$(BIN)/ruff format --check src tests scripts
	$(BIN)/mypy

clean:
	rm -rf site $(VENV) .pytest_cache .ruff_cache
