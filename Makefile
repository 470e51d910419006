# The two commands a newcomer needs:
#   make run    install everything, migrate, load demo data, serve on http://127.0.0.1:8000
#   make test   install everything and run the whole test suite
# Without DATABASE_URL / REDIS_URL they use SQLite under var/ and a broker
# in a folder: nothing to install or start.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
PYTEST_ARGS ?=
# Test processes (pytest-xdist): 2 suits a 2-CPU machine; TEST_WORKERS=0 runs everything in one.
TEST_WORKERS ?= 2

.PHONY: run test test-fast install system-deps system-deps-test python-deps assets db demo lint lock clean

run: system-deps install db demo
	$(BIN)/python scripts/serve.py

# Every test, browser and integration ones included, spread over TEST_WORKERS processes, each with
# its own test database (kept between runs: --reuse-db; PYTEST_ARGS=--create-db after a migration).
# Compiled modules are kept (even if PYTHONDONTWRITEBYTECODE is set): each process then starts in half the time.
PYTEST := DPSS_TESTING=true PYTHONDONTWRITEBYTECODE= $(BIN)/pytest -n $(TEST_WORKERS)
test: system-deps-test install
	$(PYTEST) $(PYTEST_ARGS)

# The quick loop while coding: everything but the browser and integration tests.
test-fast: python-deps
	$(PYTEST) -m "not browser and not integration" $(PYTEST_ARGS)

install: python-deps assets

system-deps:
	@scripts/system-deps run

system-deps-test:
	@scripts/system-deps test

python-deps: $(VENV)/.installed

$(VENV)/.installed: requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

assets: node_modules/.installed
	@scripts/build-assets

db: python-deps
	$(MANAGE) migrate --noinput
	$(MANAGE) createcachetable
	$(MANAGE) collectstatic --noinput --verbosity 0

demo: db
	$(MANAGE) seed_demo

# ruff, djLint, the import contracts, the function-imports check and mypy, each timed (scripts/lint).
lint: python-deps
	@scripts/lint

# Recompile the lock file after changing requirements.in.
lock:
	$(BIN)/pip install --quiet uv
	$(BIN)/uv pip compile requirements.in -o requirements.lock --python-version 3.11 --generate-hashes

clean:
	rm -rf $(VENV) node_modules static/build var
