# Two commands do everything on a machine that has only python3:
#   make run    set up .venv, build the bundled sample, run newsclean on it into out/
#   make test   set up .venv with the test extras and run the whole test suite
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip
STAMP := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)

.PHONY: run test setup sample lint fuzz bench clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q -e '.[test]'
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

setup: $(STAMP)

sample: $(STAMP)
	$(PY) sample/build.py --out sample/build

run: sample
	rm -rf out
	$(VENV)/bin/newsclean run sample/build --out out

test: $(STAMP)
	$(PY) -m pytest -q

lint: $(STAMP)
	$(VENV)/bin/ruff check src tests benchmarks
	$(VENV)/bin/mypy src

bench: $(STAMP)
	$(PIP) install -q -e '.[test,bench]'
	$(PY) benchmarks/extraction.py
	$(PY) benchmarks/cleaning.py
	$(PY) benchmarks/dedup.py
	$(PY) benchmarks/throughput.py

fuzz: $(STAMP)
	$(PIP) install -q -e '.[fuzz]'
	$(PY) tests/fuzz/atheris_harness.py -atheris_runs=200000

clean:
	rm -rf out sample/build .pytest_cache
