# corpus-analysis: `make reproduce` rebuilds every result, `make test` runs the tests.
# Both build the environment first when it is missing or out of date.
SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DELETE_ON_ERROR:
.DEFAULT_GOAL := help
MAKEFLAGS += --no-builtin-rules

# --- environment ------------------------------------------------------------
# An active virtualenv or (non-base) conda env is used as it is; otherwise .venv.
ifneq ($(strip $(VIRTUAL_ENV)),)
ENV_PREFIX := $(VIRTUAL_ENV)
else ifneq ($(filter-out base,$(strip $(CONDA_DEFAULT_ENV))),)
ENV_PREFIX := $(CONDA_PREFIX)
else
ENV_PREFIX := .venv
endif
PYTHON := $(ENV_PREFIX)/bin/python
BOOTSTRAP_PYTHON ?= $(shell command -v python3.11 || command -v python3)
KERNEL := corpus-analysis
STAMP := $(ENV_PREFIX)/.corpus-analysis-setup

# --- analysis parameters (override on the command line) ----------------------
RAW ?= data/raw
METADATA ?= $(RAW)/metadata.csv
OUT ?= results
PROCESSED ?= data/processed
SEED ?= 20250722

NOTEBOOKS := $(sort $(wildcard notebooks/[0-9]*.ipynb))
EXECUTED := $(patsubst notebooks/%,$(OUT)/notebooks/%,$(NOTEBOOKS))
LIBRARY := pyproject.toml $(shell find src -name '*.py' -o -name '*.yaml' | sort)
INPUTS := $(wildcard $(RAW)/*.txt $(RAW)/*.html $(RAW)/SHA256SUMS) $(wildcard $(METADATA))

.PHONY: help setup reproduce test lab clean
help: ## Show the targets
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | expand -t 12

setup: $(STAMP) ## Build the environment (.venv unless one is active), kernel and offline data

$(STAMP): requirements.txt pyproject.toml
	@if [ "$(ENV_PREFIX)" = ".venv" ] && [ ! -x .venv/bin/python ]; then \
	  test -n "$(BOOTSTRAP_PYTHON)" || { echo "make setup: no python3.11 or python3 on PATH; install Python 3.11." >&2; exit 1; }; \
	  $(BOOTSTRAP_PYTHON) -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' || \
	    { echo "make setup: $(BOOTSTRAP_PYTHON) is not Python 3.11; install 3.11 or run make BOOTSTRAP_PYTHON=/path/to/python3.11 setup" >&2; exit 1; }; \
	  echo "Creating .venv with $(BOOTSTRAP_PYTHON)"; \
	  $(BOOTSTRAP_PYTHON) -m venv .venv; \
	fi
	$(PYTHON) -m pip install --disable-pip-version-check --quiet -r requirements.txt
	$(PYTHON) -m pip install --disable-pip-version-check --quiet --no-deps --no-build-isolation -e .
	$(PYTHON) -m corpus_analysis.cli setup-data
	$(PYTHON) -m ipykernel install --sys-prefix --name $(KERNEL) --display-name "Python (corpus-analysis)" >/dev/null
	@touch $@
	@echo "Environment ready in $(ENV_PREFIX) (kernel '$(KERNEL)')."

reproduce: $(STAMP) $(EXECUTED) ## Execute every notebook with papermill and write all results
	@echo "Results are up to date in $(OUT)/."

$(OUT)/notebooks/%.ipynb: notebooks/%.ipynb $(LIBRARY) $(INPUTS) | $(STAMP)
	@mkdir -p $(@D)
	@echo "Executing $< -> $@"
	$(PYTHON) -m papermill --kernel $(KERNEL) --cwd . --progress-bar $< $@ \
	  -p raw_dir $(RAW) -p metadata_path $(METADATA) -p out_dir $(OUT) \
	  -p processed_dir $(PROCESSED) -p seed $(SEED)

test: $(STAMP) ## Run the test suite (offline; builds the environment first)
	$(PYTHON) -m pytest

lab: $(STAMP) ## Open the notebooks in JupyterLab with the project kernel
	$(ENV_PREFIX)/bin/jupyter lab notebooks/

clean: ## Delete derived files (data/processed, results); never data/raw
	rm -rf $(PROCESSED)/* $(OUT)/notebooks $(OUT)/figures $(OUT)/tables
	@echo "Removed derived files; data/raw is untouched."
