# The two front-door commands: `make run` serves the demo, `make test` runs every test.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: run test lint toolchain browser bench clean

# durable_rules has no wheels: it compiles from source. Fail early, and say what to install.
toolchain:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' || { \
	  echo "safetynet needs Python 3.11 or newer (found: $$($(PYTHON) --version 2>&1)); set PYTHON=python3.11"; exit 1; }
	@command -v cc >/dev/null 2>&1 || command -v gcc >/dev/null 2>&1 || { \
	  echo "safetynet needs a C compiler to build durable_rules (no wheels exist)."; \
	  echo "  Debian/Ubuntu: sudo apt install build-essential python3-dev"; exit 1; }
	@$(PYTHON) -c 'import os, sys, sysconfig; sys.exit(0 if os.path.exists(os.path.join(sysconfig.get_paths()["include"], "Python.h")) else 1)' || { \
	  echo "safetynet needs the Python headers (Python.h) to build durable_rules (no wheels exist)."; \
	  echo "  Debian/Ubuntu: sudo apt install python3-dev"; exit 1; }

$(VENV)/.installed-run: pyproject.toml | toolchain
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml | toolchain
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	@touch $@ $(VENV)/.installed-run

run: $(VENV)/.installed-run
	$(BIN)/safetynet serve

lint: $(VENV)/.installed-test
	$(BIN)/ruff check service tests benchmarks
	$(BIN)/mypy

# The page tests (tests/web/) drive Debian's Chromium, with a font that writes Thai; installed here when absent
# (as root, with apt-get). Where they cannot be installed, those tests are skipped and say why.
browser:
	@if [ ! -x /usr/bin/chromium ] || ! fc-list :lang=th 2>/dev/null | grep -q .; then \
	  echo "installing Debian's chromium and a Thai font for the browser tests (tests/web/)"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo -n"; fi; \
	  ( $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq \
	      chromium fonts-tlwg-loma-ttf >/dev/null ) \
	    || echo "chromium could not be installed: the browser tests will be skipped, saying why"; \
	fi

test: lint browser
	$(BIN)/pytest

bench: $(VENV)/.installed-test
	$(BIN)/python benchmarks/rules_bench.py
	$(BIN)/python benchmarks/graph_bench.py

clean:
	rm -rf $(VENV) var/*.db .pytest_cache .mypy_cache .ruff_cache
