# The two commands a newcomer needs: `make site` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: site test install lint serve clean hugo browser-deps

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# pip compiles the packages it installs, but not an editable one; where
# PYTHONDONTWRITEBYTECODE is set (as on CI images) every start of `reports` or
# `mkdocs` would compile the generator again.
install: $(BIN)/python
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]' -e tools
	$(BIN)/python -m compileall -q generator tools/inspection_tools

site: install
	$(BIN)/mkdocs build --strict

serve: install
	$(BIN)/mkdocs serve

lint: install
	$(BIN)/ruff check generator tools tests
	$(BIN)/ruff format --check generator tools tests
	$(BIN)/mypy

# The benchmark test builds the same reports with Hugo (Debian package `hugo`).
hugo:
	command -v hugo >/dev/null || (apt-get update -qq && apt-get install -y -qq hugo)

# Browser tests (tests/browser): Debian's Chromium, which Playwright drives as
# it is (never `playwright install`), Java for the Nu Html Checker, and the
# npm tools pinned in package-lock.json.
CHROMIUM ?= /usr/bin/chromium
APT_INSTALL := apt-get update -qq && apt-get install -y -qq

browser-deps: install node_modules/.installed
	@test -x $(CHROMIUM) || ($(APT_INSTALL) chromium)
	@command -v java >/dev/null || ($(APT_INSTALL) default-jre-headless)

# --ignore-scripts: vnu-jar's postinstall would download a Java runtime of its
# own; the system Java is used instead.
node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null || ($(APT_INSTALL) npm)
	npm ci --no-audit --no-fund --ignore-scripts
	@touch $@

test: install lint hugo browser-deps
	$(BIN)/pytest -q

clean:
	rm -rf site .pytest_cache .mypy_cache .ruff_cache
