# Everyday commands. Each one sets up .venv first if it is missing or out of date.
#   make site   build the public site into site/
#   make test   run the whole test suite
#   make check  check all content (kb check) without building
#   make serve  preview the site at http://127.0.0.1:8000 with live reload; after an edit
#               it renders again only the item pages that show something that changed
#   make lock   write requirements.txt again after a change to the dependencies in pyproject.toml

PYTHON ?= python3

# Material prints a notice about its successor on every run; the README covers the plan.
export NO_MKDOCS_2_WARNING = 1
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

# The lock file: every Python package with its exact version and hashes, written by
# pip-compile (pip-tools) from pyproject.toml with the options in its [tool.pip-tools].
LOCK      := requirements.txt
PIP_TOOLS := pip-tools==7.6.2
LOCK_VENV := .venv-lock

.PHONY: site test check serve clean node-tools lock

# Installs exactly what the lock lists, each file checked against its hash, then the
# project itself (no build isolation: setuptools and wheel come from the lock too).
# check_lock.py stops here if pyproject.toml asks for something the lock does not give.
$(STAMP): pyproject.toml $(LOCK)
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed; found " + sys.version.split()[0])'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r $(LOCK)
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	$(BIN)/python scripts/check_lock.py
	@touch $(STAMP)

# After changing the dependencies in pyproject.toml. Keeps every pin that still fits;
# `make lock LOCK_ARGS=--upgrade` moves everything to the newest versions instead.
lock:
	@test -x $(LOCK_VENV)/bin/python || $(PYTHON) -m venv $(LOCK_VENV)
	$(LOCK_VENV)/bin/python -m pip install --quiet '$(PIP_TOOLS)'
	$(LOCK_VENV)/bin/pip-compile --quiet $(LOCK_ARGS) pyproject.toml

site: $(STAMP)
	$(BIN)/kb build

# Tools some tests run outside Python: the Nu HTML Checker (vnu-jar), pa11y and ical.js, a
# second iCalendar parser. Installed when npm is available; without them those tests
# are skipped with a reason, and CI (.ci/run) installs them and fails instead.
node-tools:
	@if [ -f node_modules/.package-lock.json ] && [ ! package-lock.json -nt node_modules/.package-lock.json ]; then :; \
	elif command -v npm >/dev/null 2>&1; then npm ci --no-audit --no-fund --loglevel=error \
	  || echo "npm ci failed: tests that need Node tools will be skipped."; \
	else echo "npm not found: tests that need Node tools will be skipped."; fi

test: $(STAMP) node-tools
	$(BIN)/python -m pytest

check: $(STAMP)
	$(BIN)/kb check

serve: $(STAMP)
	$(BIN)/mkdocs serve --livereload --dirty

clean:
	rm -rf site build $(VENV) $(LOCK_VENV) node_modules
