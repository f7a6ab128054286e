# Two entry points: `make serve` (set up, then run the server on its embedded
# defaults) and `make test` (set up everything the tests need, then run them).
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: serve test setup system-deps lint typecheck pytest node-test test-firefox firefox-lint

serve: $(STAMP)
	$(VENV)/bin/provenance serve

test: system-deps $(STAMP) extension/node_modules/.installed lint typecheck pytest node-test

$(STAMP): pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

# Debian packages the tests drive for real: Chromium and Firefox ESR for the extension,
# redis-server for caching.
system-deps:
	@command -v chromium >/dev/null && command -v firefox-esr >/dev/null \
	  && command -v redis-server >/dev/null || { apt-get update -qq \
	  && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium firefox-esr redis-server >/dev/null; }

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
