# Two commands do everything on a machine that has only python3:
#   make run    set up .venv with what newsclean needs, build the bundled sample, run it into out/
#   make test   set up .venv with the test extras and run the whole test suite
# Versions: pyproject.toml declares compatible ranges; constraints.txt pins what CI uses.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip
# setup.py and the C sources too: a changed compiled module is rebuilt by the next make
BUILD_INPUTS := pyproject.toml constraints.txt setup.py $(sort $(wildcard src/newsclean/*.[ch] src/newsclean/*/*.[ch]))
HASH := $(shell cat $(BUILD_INPUTS) | cksum | cut -d' ' -f1)
STAMP_RUN := $(VENV)/.installed-run-$(HASH)
STAMP_TEST := $(VENV)/.installed-test-$(HASH)
PIP_INSTALL := $(PIP) install -q -c constraints.txt

.PHONY: run test test-fast setup sample lint fuzz sanitize bench constraints clean

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip

$(STAMP_RUN): $(BUILD_INPUTS) | $(VENV)/bin/python
	$(PIP_INSTALL) -e .
	rm -f $(VENV)/.installed-run-*
	touch $@

$(STAMP_TEST): $(BUILD_INPUTS) | $(VENV)/bin/python
	$(PIP_INSTALL) -e '.[test]'
	rm -f $(VENV)/.installed-test-* $(VENV)/.installed-run-*
	touch $@ $(STAMP_RUN)

setup: $(STAMP_TEST)

sample: $(STAMP_RUN)
	$(PY) sample/build.py --out sample/build

run: sample
	rm -rf out .out.newsclean-work
	$(VENV)/bin/newsclean run sample/build --out out

test: $(STAMP_TEST)
	$(PY) -m pytest -q

# The quick loop: everything but the tests marked slow (subprocess kill/resume runs,
# Ray, the browser, the full hostile set).
test-fast: $(STAMP_TEST)
	$(PY) -m pytest -q -m "not slow"

lint: $(STAMP_TEST)
	$(VENV)/bin/ruff check src tests benchmarks scripts sample
	$(VENV)/bin/mypy src
	$(VENV)/bin/lint-imports

bench: $(STAMP_TEST)
	$(PIP_INSTALL) -e '.[test,bench,train]'
	$(PY) benchmarks/extraction.py
	$(PY) benchmarks/cleaning.py
	$(PY) benchmarks/dedup.py
	$(PY) benchmarks/throughput.py

# atheris' instrumentation grows by ~10 KB an execution (the same loop without it
# stays under 200 MB): libFuzzer's default 2 GB RSS cap would end a long run early.
fuzz: $(STAMP_TEST)
	$(PIP_INSTALL) -e '.[fuzz]'
	$(PY) tests/fuzz/atheris_harness.py -atheris_runs=200000 -rss_limit_mb=4096

# The C modules under AddressSanitizer and UndefinedBehaviorSanitizer: instrumented
# builds in a copy of src/, then the tests that drive them and the bad-input tests,
# with the sanitizers' runtimes preloaded into the venv's Python (gcc).
SAN := .sanitize
SAN_LIBS = $(shell gcc -print-file-name=libasan.so) $(shell gcc -print-file-name=libubsan.so)
SAN_CFLAGS := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -shared -fPIC
sanitize: $(STAMP_TEST)
	rm -rf $(SAN) && cp -r src $(SAN) && find $(SAN) -name '*.so' -delete
	for c in $$(cd src && find . -name '*.c'); do \
	  mod=$${c%.c}; \
	  gcc $(SAN_CFLAGS) -I$$($(PY) -c 'import sysconfig; print(sysconfig.get_paths()["include"])') \
	    src/$$c -o $(SAN)/$$mod$$($(PY) -c 'import sysconfig; print(sysconfig.get_config_var("EXT_SUFFIX"))') \
	    || exit 1; \
	done
	LD_PRELOAD="$(SAN_LIBS)" ASAN_OPTIONS=detect_leaks=0 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
	  PYTHONPATH=$(SAN) $(PY) -m pytest -q -p no:cacheprovider tests/test_trees.py tests/test_ngram_sums.py \
	  tests/test_literals.py tests/test_clean_features.py tests/test_clean_context.py tests/test_clean_model.py tests/test_clean_shape_counts.py \
	  tests/test_html_bad_inputs.py tests/test_extract_content_speed.py tests/test_extract_fastpaths.py \
	  tests/test_html_model.py tests/test_extract_blockwalk.py tests/test_metadata_fastpaths.py \
	  tests/test_language_model_cache.py tests/test_dedup_signature.py tests/test_clean_line_keys.py
	rm -rf $(SAN)

# Re-pin constraints.txt to what the current venv holds (after changing pyproject.toml).
constraints: $(STAMP_TEST)
	$(PIP_INSTALL) -e '.[test,bench,train]'
	{ head -3 constraints.txt; $(PIP) freeze --exclude-editable | grep -v '^newsclean'; } > constraints.txt.new
	mv constraints.txt.new constraints.txt

clean:
	rm -rf out .out.newsclean-work sample/build .pytest_cache
