# Two commands: `make extract` and `make test`. Both create the virtual environment first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: extract test bench eval clean browser browse

extract: $(STAMP)
	$(BIN)/python -m pipeline extract

test: $(STAMP) browser
	$(BIN)/python -m pytest -n auto --dist loadfile

# The report's test opens it in Debian's Chromium; install it when it is missing.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" -eq 0 ] || echo sudo ); \
	  echo "installing chromium (Debian package) for the report's browser test"; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }

browse: $(STAMP)
	$(BIN)/python -m pipeline browse

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
