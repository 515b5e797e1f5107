# Everyday commands. Each one sets up .venv first if it is missing or out of date.
#   make site   build the public site into site/
#   make test   run the whole test suite
#   make check  check all content (kb check) without building
#   make serve  preview the site at http://127.0.0.1:8000 with live reload

PYTHON ?= python3

# Material prints a notice about its successor on every run; the README covers the plan.
export NO_MKDOCS_2_WARNING = 1
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: site test check serve clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed; found " + sys.version.split()[0])'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

site: $(STAMP)
	$(BIN)/kb build

test: $(STAMP)
	$(BIN)/python -m pytest

check: $(STAMP)
	$(BIN)/kb check

serve: $(STAMP)
	$(BIN)/mkdocs serve --livereload

clean:
	rm -rf site $(VENV)
