# Quick start: `make demo` runs the demo on sample_data/, `make test` runs the tests.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test test-other-date lint bench release-check clean

$(BIN)/polymath: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

demo: $(BIN)/polymath
	$(BIN)/polymath demo

test: $(BIN)/polymath
	$(BIN)/python -m pytest -q

# Needs libfaketime (Debian: faketime). The clock starts there and runs on.
OTHER_DATE ?= 2029-10-28 02:30:00
test-other-date: $(BIN)/polymath
	TZ=Europe/Berlin faketime -f '@$(OTHER_DATE)' $(BIN)/python -m pytest -q -p no:cacheprovider

lint: $(BIN)/polymath
	$(BIN)/ruff check polymath tests bench scripts migrations
	$(BIN)/ruff format --check polymath tests bench scripts migrations
	$(BIN)/mypy
	$(BIN)/lint-imports

bench: $(BIN)/polymath
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	$(BIN)/python bench/run_all.py

# Build the sdist and wheel, check them, install the wheel with pipx outside the tree and use it.
release-check: $(BIN)/polymath
	$(BIN)/python -m pip install --quiet -e '.[release]'
	bash scripts/release_check.sh $(BIN)/python

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache dist
