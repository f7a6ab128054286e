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
SUITES := lint typecheck pytest node-test firefox-lint

.PHONY: serve test run-suites setup system-deps lint typecheck pytest node-test test-firefox firefox-lint

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
# The editable install also compiles the engine's passes in C (scoring/_markup.c, the
# markup scan; scoring/_tokens.c, word scans of texts; scoring/_tree.c, passes over the
# parsed tree) next to their sources, so a change to one reinstalls.
BUILD_FILES := pyproject.toml setup.py scoring/_markup.c scoring/_tokens.c scoring/_tree.c

$(SERVE_STAMP): $(BUILD_FILES)
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[server]'
	touch $@

$(STAMP): $(BUILD_FILES)
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@ $(SERVE_STAMP)

# Debian packages the tests drive for real: Chromium and Firefox ESR for the extension,
# redis-server for caching.
system-deps:
	@command -v chromium >/dev/null && command -v firefox-esr >/dev/null \
	  && command -v redis-server >/dev/null || { $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium firefox-esr redis-server >/dev/null; }
	@# A C compiler and Python's headers, for the engine's passes in C (setup.py): without them
	@# the install goes on and the same passes run in Python, but the tests holding the two
	@# equal need both.
	@command -v cc >/dev/null && test -f "$$(python3 -c 'import sysconfig; print(sysconfig.get_paths()["include"])')/Python.h" \
	  || { $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq gcc python3-dev >/dev/null; }

# puppeteer-core drives the system's Firefox: it must never download a browser of its own.
extension/node_modules/.installed: extension/package.json
	cd extension && PUPPETEER_SKIP_DOWNLOAD=1 npm install --no-audit --no-fund --silent
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

# The Firefox e2e tests alone (`make test` runs them with the rest of pytest), after checking
# the Firefox package the way addons.mozilla.org does.
test-firefox: system-deps $(STAMP) extension/node_modules/.installed firefox-lint
	$(VENV)/bin/pytest -q -m firefox tests/e2e

firefox-lint: extension/node_modules/.installed
	rm -rf extension/dist/firefox-unpacked
	cd extension && node scripts/pack.js --unpacked-firefox dist/firefox-unpacked
	cd extension && npx --no-install web-ext lint --source-dir dist/firefox-unpacked \
	  --self-hosted=false --warnings-as-errors
