# stancekg: `make serve` and `make test` do all the set-up on a fresh Debian 12 machine with Python 3.11.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
ASSETS := server/static/vendor/.built
HOST ?= 127.0.0.1
PORT ?= 7878
export STANCEKG_STORE ?= oxigraph:$(CURDIR)/data/store

# System packages the test suite uses (command:Debian package; installed only when the command is missing): Java for the OWL API/HermiT check, Chromium for the browser
# tests, Virtuoso for the remote-store tests, npm for the front-end assets.
SYSTEM_PACKAGES := javac:openjdk-17-jdk-headless chromium:chromium virtuoso-t:virtuoso-opensource npm:npm

.PHONY: help venv assets serve test lint system-deps docs bench bench-scale bench-ingest ingest clean

help:
	@echo "make serve   - set up, ingest the bundled article, serve http://$(HOST):$(PORT)/"
	@echo "make test    - set up (system packages included) and run the whole test suite"
	@echo "make lint    - ruff"
	@echo "make docs    - HTML documentation of the ontology into build/docs"
	@echo "make bench   - the benchmarks; results in benchmarks/results/"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[all]'
	touch $@

venv: $(STAMP)

$(ASSETS): server/frontend/package.json server/frontend/package-lock.json server/frontend/install.sh
	bash server/frontend/install.sh
	touch $@

assets: $(ASSETS)

ingest: venv
	$(BIN)/stancekg ingest --bundled

serve: venv assets ingest
	$(BIN)/stancekg serve --host $(HOST) --port $(PORT)

# Installs what is missing, as root (CI, a fresh machine) or through sudo; says what to install otherwise.
system-deps:
	@missing=$$(for pair in $(SYSTEM_PACKAGES); do command -v $${pair%%:*} >/dev/null || echo $${pair#*:}; done); \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	  elif command -v sudo >/dev/null; then sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	  else echo "install these Debian packages for the full suite: $$missing (tests that need them will skip)"; fi; \
	fi

test: system-deps venv assets
	$(BIN)/ruff check kg server tests benchmarks
	$(BIN)/pytest

lint: venv
	$(BIN)/ruff check kg server tests benchmarks

docs: venv
	$(BIN)/stancekg docs --out build/docs

bench: venv
	$(BIN)/python benchmarks/run_all.py

bench-scale: venv
	$(BIN)/python benchmarks/bench_scale.py --sizes 1000,10000,100000 --stores oxigraph --timeout 60
	$(BIN)/python benchmarks/bench_scale.py --sizes 1000 --stores memory,virtuoso --timeout 60
	$(BIN)/python benchmarks/bench_scale.py --report

bench-ingest: venv
	$(BIN)/python benchmarks/bench_ingest.py

clean:
	rm -rf build test-output .pytest_cache
