# The two commands a newcomer needs: `make site` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: site test install lint serve clean hugo browser-deps pdf-deps lock

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Exactly the lock, so that a fresh install is the install CI tested: every
# file's hash checked, wheels only (building an sdist would fetch its build
# backend from outside the lock). Then the project and its developer tools,
# editable, which cannot be hashed: with no dependencies of their own
# (--no-deps) and built by the locked setuptools (--no-build-isolation).
# pip compiles the packages it installs, but not an editable one; where
# PYTHONDONTWRITEBYTECODE is set (as on CI images) every start of `reports` or
# `mkdocs` would compile the generator again.
#
# `make site` and `make serve` install only when the lock or a pyproject.toml
# changed since the last install (the stamp below), so they run offline once
# installed; `make install` always installs.
INSTALLED := $(VENV)/.installed

install:
	@rm -f $(INSTALLED)
	@$(MAKE) --no-print-directory $(INSTALLED)

$(INSTALLED): requirements/lock.txt pyproject.toml tools/pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes --only-binary :all: -r requirements/lock.txt
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e . -e tools
	$(BIN)/python -m compileall -q generator tools/inspection_tools
	@touch $@

# Resolve requirements/lock.txt again from requirements/lock.in, after a
# change to the dependencies in pyproject.toml or tools/pyproject.toml: every
# other pin stays. `make lock UPGRADE=--upgrade` moves every pin to the newest
# release allowed, uv's own (requirements/uv.txt) too, and
# `make lock UPGRADE='--upgrade-package jinja2'` just one. One lock for every
# platform and every Python from 3.11 (--universal), with the hashes of all
# the files of each pinned release, so macOS and Windows install it too.
# uv runs from a venv of its own, from a hashed pin, outside .venv: the
# project's install stays exactly the lock.
UV_VENV := .cache/uv
UV := $(UV_VENV)/bin/uv
LOCK_FLAGS = --quiet --universal --python-version 3.11 --generate-hashes \
	--custom-compile-command 'make lock' $(UPGRADE)

$(UV): requirements/uv.txt
	$(PYTHON) -m venv $(UV_VENV)
	$(UV_VENV)/bin/pip install --quiet --require-hashes --only-binary :all: -r requirements/uv.txt
	@touch $@

lock: $(UV)
	$(UV) pip compile $(LOCK_FLAGS) --no-emit-package inspection-reports \
		--no-emit-package inspection-reports-tools requirements/lock.in -o requirements/lock.txt
	echo uv | $(UV) pip compile $(LOCK_FLAGS) - -o requirements/uv.txt

site: $(INSTALLED) pdf-deps
	INSPECTION_REPORTS_PDF=1 $(BIN)/mkdocs build --strict

serve: $(INSTALLED)
	$(BIN)/mkdocs serve

lint: $(INSTALLED)
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

browser-deps: $(INSTALLED) node_modules/.installed
	@test -x $(CHROMIUM) || ($(APT_INSTALL) chromium)
	@command -v java >/dev/null || ($(APT_INSTALL) default-jre-headless)

# --ignore-scripts: vnu-jar's postinstall would download a Java runtime of its
# own; the system Java is used instead.
node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null || ($(APT_INSTALL) npm)
	npm ci --no-audit --no-fund --ignore-scripts
	@touch $@

# Printing PDFs (generator/site/pdf.py): WeasyPrint needs Pango, and the PDF
# test reads the PDFs back with poppler-utils; print.css names Liberation Sans.
pdf-deps:
	@ldconfig -p | grep -q 'libpangoft2-1.0.so.0' || ($(APT_INSTALL) libpango-1.0-0 libpangoft2-1.0-0)
	@command -v pdfinfo >/dev/null || ($(APT_INSTALL) poppler-utils)
	@test -d /usr/share/fonts/truetype/liberation || ($(APT_INSTALL) fonts-liberation)

test: $(INSTALLED) lint hugo browser-deps pdf-deps
	$(BIN)/pytest -q

clean:
	rm -rf site .pytest_cache .mypy_cache .ruff_cache
