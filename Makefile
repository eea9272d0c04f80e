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

# --- analysis parameters ------------------------------------------------------
# Defaults come from params.yaml; override on the command line, e.g.
#   make reproduce RAW=path/to/corpus METADATA=path/to/metadata.csv OUT=path/to/results
param = $(strip $(shell sed -n 's/^$(1):[[:space:]]*\([^#[:space:]]*\).*/\1/p' params.yaml))
RAW ?= $(call param,raw_dir)
ifeq ($(origin RAW),command line)
METADATA ?= $(if $(wildcard $(RAW)/metadata.csv),$(RAW)/metadata.csv,null)
else
METADATA ?= $(call param,metadata_path)
endif
PROCESSED ?= $(call param,processed_dir)
OUT ?= $(call param,out_dir)
LEXICONS ?= $(call param,lexicon_dir)
SEED ?= $(call param,seed)
GROUP ?= $(call param,group_col)
SETTINGS := raw_dir=$(RAW) metadata_path=$(METADATA) processed_dir=$(PROCESSED) out_dir=$(OUT) \
            lexicon_dir=$(LEXICONS) seed=$(SEED) group_col=$(GROUP)

# A change of parameters (even to a path whose files are older) reruns what depends on them.
PARAMS_STAMP := $(OUT)/.parameters
$(shell mkdir -p $(OUT) && { [ "$$(cat $(PARAMS_STAMP) 2>/dev/null)" = "$(SETTINGS)" ] || echo "$(SETTINGS)" > $(PARAMS_STAMP); })

NOTEBOOKS := $(sort $(wildcard notebooks/[0-9]*.ipynb))
EXECUTED := $(patsubst notebooks/%,$(OUT)/notebooks/%,$(NOTEBOOKS))
LIBRARY := pyproject.toml $(shell find src -name '*.py' -o -name '*.yaml' | sort)
LEXICON_FILES := $(if $(filter-out null,$(LEXICONS)),$(wildcard $(LEXICONS)/*.yaml))
INPUTS := $(wildcard $(RAW)/*.txt $(RAW)/*.html $(RAW)/*.htm $(RAW)/SHA256SUMS) \
          $(filter-out null,$(wildcard $(METADATA))) $(LEXICON_FILES)
DOCUMENTS := $(PROCESSED)/documents.parquet

.PHONY: help setup reproduce verify report bench test lab clean
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

reproduce: $(OUT)/MANIFEST.sha256 ## Execute every notebook with papermill and write all results
	@echo "Results are up to date in $(OUT)/ (values.json, values.tex, provenance.json, MANIFEST.sha256)."

$(DOCUMENTS): $(LIBRARY) $(INPUTS) $(PARAMS_STAMP) | $(STAMP)
	@echo "Building $(PROCESSED) from $(RAW)"
	$(PYTHON) -m corpus_analysis.cli build --raw $(RAW) $(if $(filter-out null,$(METADATA)),--metadata $(METADATA)) \
	  $(if $(filter-out null,$(LEXICONS)),--lexicons $(LEXICONS)) --out $(PROCESSED)

$(OUT)/notebooks/%.ipynb: notebooks/%.ipynb $(DOCUMENTS) $(LIBRARY) $(INPUTS) params.yaml $(PARAMS_STAMP) | $(STAMP)
	@echo "Executing $< -> $@"
	$(PYTHON) -m corpus_analysis.reproduce notebook $< --params params.yaml $(addprefix --set ,$(SETTINGS))

$(OUT)/MANIFEST.sha256: $(EXECUTED) $(PARAMS_STAMP) | $(STAMP)
	$(PYTHON) -m corpus_analysis.reproduce collect $(OUT) $(NOTEBOOKS)

verify: reproduce ## Rebuild everything in a temporary folder and compare byte for byte
	@tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	  $(MAKE) --no-print-directory reproduce OUT=$$tmp/results PROCESSED=$$tmp/processed RAW=$(RAW) METADATA=$(METADATA) \
	    LEXICONS=$(LEXICONS) SEED=$(SEED) GROUP=$(GROUP) >$$tmp/build.log 2>&1 || { cat $$tmp/build.log; exit 1; }; \
	  $(PYTHON) -m corpus_analysis.reproduce verify $(OUT) $$tmp/results

report: $(OUT)/report/index.html ## Render the executed notebooks as a static HTML site (no re-run)

$(OUT)/report/index.html: $(OUT)/MANIFEST.sha256 | $(STAMP)
	$(PYTHON) -m corpus_analysis.reproduce report $(OUT)

bench: $(STAMP) ## Benchmark: naive baseline vs the package (pandas, Dask 1 and 2 workers); see docs/benchmarks.md
	$(PYTHON) scripts/bench.py $(BENCH_ARGS)

test: $(STAMP) ## Run the test suite (offline; builds the environment first)
	$(PYTHON) -m pytest

lab: $(STAMP) ## Open the notebooks in JupyterLab with the project kernel
	$(ENV_PREFIX)/bin/jupyter lab notebooks/

clean: ## Delete derived files (data/processed, results); never data/raw
	rm -rf $(PROCESSED)/* $(OUT)/notebooks $(OUT)/figures $(OUT)/tables $(OUT)/values $(OUT)/provenance \
	  $(OUT)/report $(OUT)/.staging $(OUT)/.parameters $(OUT)/values.json $(OUT)/values.tex $(OUT)/provenance.json \
	  $(OUT)/MANIFEST.sha256
	@echo "Removed derived files; data/raw is untouched."
