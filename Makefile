# «Наставник»: `make run` serves the demo, `make test` runs the whole suite. Both are safe to repeat.
PYTHON ?= python3
# pytest-xdist workers for `make test` (one per core; `PYTEST_JOBS=0` runs in one process). Tests are handed
# out one at a time (`--maxschedchunk 1`): in xdist's default chunks one worker took the whole browser group at
# once and ran it alone for 5 1/2 minutes while the other sat idle (8:22 in all; 6:18 one at a time). Work
# stealing was as fast but let a worker run a test that needs the migrations' reference data after one that
# flushed the database; one at a time keeps every worker in the suite's order.
PYTEST_JOBS ?= auto
PYTEST_DIST ?= --dist load --maxschedchunk 1
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# Debian packages: WeasyPrint's Pango, Times-like fonts with Cyrillic, pdftotext/pdftoppm, the browser (the
# headless shell: the curator's accessibility walk took 64 s of browser CPU in it against 73 s in the full
# Chromium, on an idle machine), and gettext (msgfmt compiles the Russian plural forms in locale/).
SYSTEM_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation fonts-dejavu-core \
	poppler-utils chromium-headless-shell gettext

.PHONY: install run worker test test-fast bench lint typecheck format messages system-deps reset-demo clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

install: $(VENV)/.installed node_modules/.installed

run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	@echo "Откройте http://$(HOST):$(PORT)/ — вход: admin, coordinator, director, curator, psychologist, mentor, mentee; пароль demo"
	@trap 'kill 0' EXIT INT TERM; \
	$(BIN)/python manage.py db_worker --queue-name '*' & \
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

worker: install
	$(BIN)/python manage.py db_worker --queue-name '*'

test: install
	@command -v chromium-headless-shell >/dev/null 2>&1 || $(MAKE) --no-print-directory system-deps || \
		echo "Chromium is not installed: the browser tests will be skipped (run 'make system-deps' as root)."
	$(BIN)/pytest -n $(PYTEST_JOBS) $(PYTEST_DIST) $(PYTEST_ARGS)

test-fast: install
	$(BIN)/pytest -n $(PYTEST_JOBS) $(PYTEST_DIST) -m "not e2e" $(PYTEST_ARGS)

# Timings (reported, never asserted), left out of `make test`; one process, so the figures are comparable.
# Then the harness (issue 15): municipal and regional data on a throwaway PostgreSQL database, gunicorn with the
# production settings, every page as a ratio to a bare page, a capacity run. BENCH_ARGS="--duration 60" for
# the full capacity run; `bench/run.py --help` for the rest.
bench: install
	$(BIN)/pytest -m benchmark -s $(PYTEST_ARGS)
	$(BIN)/python bench/run.py --no-services $(BENCH_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy .

# mypy with django-stubs (pyproject.toml [tool.mypy]): services, selectors, common/ and the access checks
# strictly; the rest at the default level with check_untyped_defs. Migrations are not checked.
typecheck: install
	$(BIN)/mypy .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# After editing locale/ru/LC_MESSAGES/django.po: compile it and commit the .mo (a test checks it is current).
messages:
	msgfmt --check -o locale/ru/LC_MESSAGES/django.mo locale/ru/LC_MESSAGES/django.po

system-deps:
	@if [ "$$(id -u)" = 0 ]; then \
		dpkg -s $(SYSTEM_PACKAGES) >/dev/null 2>&1 || { apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(SYSTEM_PACKAGES) >/dev/null; }; \
	else echo "Run as root (or with sudo) to install: $(SYSTEM_PACKAGES)"; exit 1; fi

reset-demo: install
	rm -f db.sqlite3
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo

clean:
	rm -rf $(VENV) node_modules staticfiles db.sqlite3 tests/e2e/artifacts
