# Two entry points: `make serve` (set up, then run the server on its embedded
# defaults) and `make test` (set up everything the tests need, then run them).
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
SERVE_STAMP := $(VENV)/.installed-server

.PHONY: serve test setup system-deps lint typecheck pytest node-test

serve: $(SERVE_STAMP)
	$(VENV)/bin/provenance serve

test: system-deps $(STAMP) extension/node_modules/.installed lint typecheck pytest node-test

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
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium redis-server >/dev/null; }

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
