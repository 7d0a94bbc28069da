# Two commands do everything on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
KG_STORE ?= .kg/store
KG_OUT ?= build

.PHONY: run build test browser clean

run: $(VENV)/.installed
	$(BIN)/kg build --seeds seeds --out $(KG_OUT) --store $(KG_STORE)
	$(BIN)/kg serve --store $(KG_STORE)

test: $(VENV)/.dev-installed
	$(BIN)/python -m pytest

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.dev-installed: pyproject.toml | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(VENV)/.installed $@

browser:
	bash scripts/install-browser.sh

clean:
	rm -rf $(VENV) $(KG_OUT) .kg .pytest_cache
