# Two commands: `make extract` and `make test`. Both create the virtual environment first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: extract test bench eval clean

extract: $(STAMP)
	$(BIN)/python -m pipeline extract

test: $(STAMP)
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python benchmarks/bench.py

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

clean:
	find output interim -mindepth 1 ! -name .gitkeep -delete

eval: $(STAMP)
	$(BIN)/python -m pipeline evaluate raw --labels tests/fixtures/labels.csv
