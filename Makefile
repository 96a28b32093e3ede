# Kontaktstöd: the information site, the e-services and the staff side.
# `make` alone lists the targets. Everything installs what it needs first.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
CONTENT ?= content
OUT ?= build/site
PORT ?= 8000
STAFF_PORT ?= 8001

.DEFAULT_GOAL := help
.PHONY: help install run build serve check test lint format bench test-tools golden export-schema settings-tables translations clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-11s %s\n", $$1, $$2}'

$(INSTALLED): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test]"
	touch $@

install: $(INSTALLED) ## Create the virtual environment and install everything

run: $(INSTALLED) build ## Build and serve site and e-services on :8000, staff on :8001 (PORT=, STAFF_PORT=)
	$(BIN)/form-service migrate
	$(BIN)/python -m form_service.devserver --site $(OUT) --port $(PORT) --staff-port $(STAFF_PORT)

build: $(INSTALLED) ## Build the static site into build/site
	$(BIN)/site-builder build --content $(CONTENT) --out $(OUT)

serve: $(INSTALLED) ## Editor preview on http://127.0.0.1:5000/ (drafts shown, reloads on save)
	$(BIN)/site-builder serve --content $(CONTENT)

check: $(INSTALLED) ## List every content error without building
	$(BIN)/site-builder check --content $(CONTENT)

test-tools: ## Install the browser and HTML checker the browser tests use
	scripts/install-test-tools

test: $(INSTALLED) test-tools ## Set up and run lint and the whole test suite
	scripts/ensure-services
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest -n auto --durations=25

lint: $(INSTALLED) ## Check style with ruff
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(INSTALLED) ## Format the code with ruff
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: $(INSTALLED) ## Benchmarks: peers, CPU per request, exports (see bench/README.md)
	scripts/install-bench-tools
	$(BIN)/python bench/run.py
	$(BIN)/python bench/forms_load.py
	$(BIN)/python bench/request_cpu.py
	$(BIN)/python bench/export_bench.py

golden: $(INSTALLED) ## Regenerate the golden site after an intended change to the output
	$(BIN)/python -m tests.support.golden_site

export-schema: $(INSTALLED) ## Regenerate docs/export-schema.json from the e-services' declarations
	$(BIN)/python -m form_service.staff.export_schema

translations: $(INSTALLED) ## Extract the e-services' messages, update each language's catalog, compile
	$(BIN)/python -m form_service.translations_tool update

settings-tables: $(INSTALLED) ## Rewrite the README's settings tables from the apps' declarations
	$(BIN)/python -m form_service.settings_tables

clean: ## Remove built files (keeps the virtual environment)
	rm -rf build .pytest_cache
