# Two entry points: `make serve` (set up, then run the server on its embedded
# defaults) and `make test` (set up everything the tests need, then run them).
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
SERVE_STAMP := $(VENV)/.installed-server
# An admin file for `make serve CONFIG=file.toml` (scoring rules and a [server] table).
CONFIG ?=
# apt-get needs root: run it through sudo unless we are root already.
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# The suites `make test` runs, in this order. Each runs even when an earlier one failed; the
# last line sums them all up, and the exit status is non-zero if any failed.
SUITES := lint typecheck pytest node-test
# Browser suites that need more than Chromium add themselves here, e.g. `SUITES += test-firefox`.

.PHONY: serve test run-suites setup system-deps lint typecheck pytest node-test

serve: $(SERVE_STAMP)
	$(VENV)/bin/provenance serve $(if $(CONFIG),--config $(CONFIG))

test: system-deps $(STAMP) extension/node_modules/.installed
	@$(MAKE) --no-print-directory run-suites

run-suites:
	@summary=""; failed=0; \
	for suite in $(SUITES); do \
	  echo "==> $$suite"; \
	  if $(MAKE) --no-print-directory $(addprefix -f ,$(MAKEFILE_LIST)) $$suite; then summary="$${summary:+$$summary, }$$suite: ok"; \
	  else summary="$${summary:+$$summary, }$$suite: FAILED"; failed=1; fi; \
	done; \
	if [ $$failed = 0 ]; then echo "make test: all passed ($$summary)"; \
	else echo "make test: FAILED ($$summary)"; fi; \
	exit $$failed

# The engine alone is `pip install .`; serving needs the [server] extra, the tests everything.
$(SERVE_STAMP): pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[server]'
	touch $@

$(STAMP): pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@ $(SERVE_STAMP)

# Debian packages the tests drive for real: Chromium for the extension, redis-server for caching.
system-deps:
	@command -v chromium >/dev/null && command -v redis-server >/dev/null || { \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium redis-server >/dev/null; }

extension/node_modules/.installed: extension/package.json
	cd extension && npm install --no-audit --no-fund --silent
	touch $@

lint: $(STAMP)
	$(VENV)/bin/ruff check scoring server tests
	$(VENV)/bin/ruff format --check scoring server tests

typecheck: $(STAMP)
	$(VENV)/bin/mypy scoring server

pytest: $(STAMP)
	$(VENV)/bin/pytest -q

node-test: extension/node_modules/.installed
	cd extension && node --test
