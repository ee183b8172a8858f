# Conference Notes. `make run` serves the demo site; `make test` runs the whole suite.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
UV := $(BIN)/uv
UV_VERSION := 0.13.9
HOST ?= 127.0.0.1
PORT ?= 8000
# Test processes: one more than the 2 cores of the machine it is measured on, because the
# suite also waits on browsers and servers (3 ran it in 203-220 s where 2 took 238-247).
TEST_WORKERS ?= 3

.DEFAULT_GOAL := help
.PHONY: help setup setup-dev run test test-fast lint format browser bench clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

$(UV):
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

setup: $(UV) ## Create .venv and install the locked runtime dependencies
	$(UV) sync --frozen --inexact --no-dev --python $(BIN)/python

# Compiled ahead: where PYTHONDONTWRITEBYTECODE is set (as in the Dockerfile, and on some
# machines), every process the tests start would otherwise compile Django and Wagtail from
# source again, ~2.5 s of CPU each.
setup-dev: $(UV) ## Create .venv and install runtime and dev dependencies
	$(UV) sync --frozen --inexact --compile-bytecode --python $(BIN)/python

run: setup ## Migrate, load the demo content, print an admin login and serve on http://$(HOST):$(PORT)
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo
	$(BIN)/python manage.py ensure_admin --admin-url http://$(HOST):$(PORT)/admin/
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

browser: ## Install Debian's headless Chromium for the browser tests (needs root and apt-get)
	@bash scripts/ensure_chromium.sh

# The tests run with bytecode caching on even where PYTHONDONTWRITEBYTECODE is set: each
# test process would otherwise rewrite every test module's asserts again (~2.5 s of CPU),
# and each manage.py, gunicorn worker and load_demo it starts would compile this project's
# modules again (~0.6 s each).
PYTEST := env -u PYTHONDONTWRITEBYTECODE $(BIN)/python -m pytest

test: setup-dev browser ## Install dev dependencies and run the whole suite (what CI runs)
	$(PYTEST) -n $(TEST_WORKERS) --dist loadfile --no-loadscope-reorder

test-fast: setup-dev ## The edit-test loop: the suite without browser and production-stack tests
	$(PYTEST) -n $(TEST_WORKERS) --dist loadfile --no-loadscope-reorder -m "not browser and not stack"

bench: setup ## Serve with production settings and print each page's speed (scripts/bench.py)
	$(BIN)/python scripts/bench.py

lint: setup-dev ## ruff lint and format check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: setup-dev ## Apply ruff's fixes and formatting
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean: ## Remove the virtualenv, the SQLite database and collected static files
	rm -rf $(VENV) db.sqlite3 staticfiles
