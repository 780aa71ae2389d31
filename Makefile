# The two commands a newcomer needs: `make site` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: site test install lint serve clean hugo

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

install: $(BIN)/python
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'

site: install
	$(BIN)/mkdocs build --strict

serve: install
	$(BIN)/mkdocs serve

lint: install
	$(BIN)/ruff check generator tests
	$(BIN)/ruff format --check generator tests
	$(BIN)/mypy

# The benchmark test builds the same reports with Hugo (Debian package `hugo`).
hugo:
	command -v hugo >/dev/null || (apt-get update -qq && apt-get install -y -qq hugo)

test: install lint hugo
	$(BIN)/pytest -q

clean:
	rm -rf site .pytest_cache .mypy_cache .ruff_cache
